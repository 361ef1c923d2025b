#!/usr/bin/env python3
"""Two builds of CoachLab side by side on the compare's headline runs, interleaved.

    side_by_side.py BEFORE_BIN AFTER_BIN [--sizes S M] [--rounds 21] [--data DIR]

Runs the commands compare.py times for CoachLab (cold at 2 and 1 threads, warm from a cache
written beforehand, one per build) with either build in turn, the order alternating every
round, and prints the median and best of each and the after/before ratio of the medians. It
checks that both builds print the same bytes. On a shared machine, where the speed moves by
the minute, only a ratio measured this way says whether a change costs time.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

from compare import SIZES, generate

PLUGINS = ["--plugin", "quota-attainment-by-coaching-quality", "--plugin", "rep-improvement-over-time"]
KINDS = {"cold, 2 threads": ["--no-cache", "--threads", "2"], "cold, 1 thread": ["--no-cache", "--threads", "1"],
         "warm, 2 threads": ["--threads", "2"]}


def command(binary, folder, kind, cache):
    extra = KINDS[kind] + (["--cache-dir", cache] if kind.startswith("warm") else [])
    return [binary, "run", folder] + PLUGINS + ["--format", "json", "--min-periods", "2"] + extra


def compare_size(size, builds, args):
    folder = os.path.join(args.data, size)
    generate(builds["before"], folder, size)
    caches = {name: os.path.join(args.data, f"{size}-side-by-side-cache-{name}") for name in builds}
    for name, binary in builds.items():
        shutil.rmtree(caches[name], ignore_errors=True)
        subprocess.run(command(binary, folder, "warm, 2 threads", caches[name]), capture_output=True, check=True)
    times = {(name, kind): [] for name in builds for kind in KINDS}
    outputs = {}
    for round_ in range(args.rounds):
        for kind in KINDS:
            order = list(builds) if round_ % 2 == 0 else list(reversed(builds))
            for name in order:
                start = time.perf_counter()
                process = subprocess.run(command(builds[name], folder, kind, caches[name]), capture_output=True)
                times[(name, kind)].append(time.perf_counter() - start)
                if process.returncode != 0:
                    sys.exit(f"{name} ({kind}) failed:\n{process.stderr.decode()}")
                outputs[(name, kind)] = process.stdout
    print(f"{size}: {SIZES[size][0] * SIZES[size][1]:,} rep-months, medians and bests of {args.rounds} interleaved rounds\n")
    print("| run | before median ms | after median ms | before best | after best | after / before |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in KINDS:
        before, after = times[("before", kind)], times[("after", kind)]
        print(f"| {kind} | {statistics.median(before) * 1000:.1f} | {statistics.median(after) * 1000:.1f} | "
              f"{min(before) * 1000:.1f} | {min(after) * 1000:.1f} | {statistics.median(after) / statistics.median(before):.3f} |")
    same = all(outputs[("before", kind)] == outputs[("after", kind)] for kind in KINDS)
    print(f"\nOutputs {'identical' if same else 'DIFFER'}.\n")
    return same


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--sizes", nargs="+", default=["S"], choices=sorted(SIZES))
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--data", default=os.environ.get("COACHLAB_BENCH_DATA", "/tmp/coachlab-bench"))
    args = parser.parse_args()
    builds = {"before": args.before, "after": args.after}
    if not all([compare_size(size, builds, args) for size in args.sizes]):
        sys.exit("the builds' outputs differ")


if __name__ == "__main__":
    main()
