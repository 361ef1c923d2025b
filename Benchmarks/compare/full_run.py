#!/usr/bin/env python3
"""Every plugin at scale, beside the headline pair and a DuckDB peer (issue 28):

    full_run.py --coachlab BIN [--reps 100000] [--months 36] [--rounds 3] [--data DIR]

Generates an org with coaching tables, then times whole processes, interleaved, page cache
warm: CoachLab's headline pair, its three coaching-aggregate plugins and all its plugins,
each cold (no cache) and warm (from its column cache), all plugins in 16 blocks of reps
(`run --blocks 16`, which must print the same JSON) cold and warm (every block from the
cache), and DuckDB computing the coaching
aggregates (coaching_peer.py) from the CSVs. Checks that DuckDB's counts equal CoachLab's
and its quartiles agree to 1e-9, and prints best and median wall time and peak memory."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COACHING = ["coaching-coverage", "feedback-latency", "assignment-follow-through"]
HEADLINE = ["quota-attainment-by-coaching-quality", "rep-improvement-over-time"]


def plugins(ids):
    return [arg for plugin in ids for arg in ("--plugin", plugin)]


def timed(argv):
    """Wall seconds and peak resident MB of one run (through /usr/bin/time)."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(argv)}\n{result.stderr}")
    return wall, int(result.stderr.strip().splitlines()[-1]) / 1024, result.stdout


def coachlab_aggregates(out):
    """The by-tier values of CoachLab's JSON that the peer computes too."""
    tables = {r["plugin"]: r["tables"]["by_tier"] for r in json.loads(out)["results"]}
    got = {}
    for row in tables["coaching-coverage"]:
        got.setdefault(row["tier"], {}).update(rep_months=row["rep_months"], coached_rep_months=row["coached_rep_months"])
    for row in tables["feedback-latency"]:
        got.setdefault(row["tier"], {}).update({k: row[k] for k in ("sessions", "p25_hours", "median_hours", "p75_hours")})
    for row in tables["assignment-follow-through"]:
        got.setdefault(row["tier"], {}).update({k: row[k] for k in ("assignments", "completed", "on_time")})
    return got


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--coachlab", required=True)
    parser.add_argument("--reps", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", default="/tmp/coachlab-bench")
    args = parser.parse_args()
    folder = os.path.join(args.data, f"coaching-{args.reps}x{args.months}")
    if not os.path.exists(os.path.join(folder, "assignments.csv")):
        subprocess.run([args.coachlab, "generate", "--reps", str(args.reps), "--months", str(args.months),
                        "--seed", "20240611", "--out", folder], check=True, capture_output=True)
    cache = os.path.join(args.data, "full-run-cache")
    shutil.rmtree(cache, ignore_errors=True)
    base = [args.coachlab, "run", folder, "--format", "json"]
    runs = []
    for name, ids in (("headline pair", HEADLINE), ("3 coaching aggregates", COACHING), ("all plugins", [])):
        runs.append((f"coachlab {name}, cold", base + plugins(ids) + ["--no-cache"]))
        runs.append((f"coachlab {name}, warm", base + plugins(ids) + ["--cache-dir", cache]))
    runs.append(("coachlab all plugins, --blocks 16, cold", base + ["--blocks", "16", "--no-cache"]))
    runs.append(("coachlab all plugins, --blocks 16, warm", base + ["--blocks", "16", "--cache-dir", cache]))
    runs.append(("duckdb 3 coaching aggregates", [sys.executable, os.path.join(HERE, "coaching_peer.py"), folder, "2"]))
    for fill in ([], ["--blocks", "16"]):  # fills the cache
        subprocess.run(base + fill + ["--cache-dir", cache, "-o", "/dev/null"], check=True, capture_output=True)
    times = {name: [] for name, _ in runs}
    memory, outputs = {}, {}
    for round_ in range(args.rounds):
        for name, argv in runs[round_ % len(runs):] + runs[:round_ % len(runs)]:
            wall, peak, out = timed(argv)
            times[name].append(wall)
            memory[name] = max(memory.get(name, 0), peak)
            outputs[name] = out
    reference = coachlab_aggregates(outputs["coachlab 3 coaching aggregates, cold"])
    peer = json.loads(outputs["duckdb 3 coaching aggregates"])
    problems = [f"{tier}.{key}: duckdb {peer.get(tier, {}).get(key)!r} vs coachlab {value!r}"
                for tier, values in reference.items() for key, value in values.items()
                if not (peer.get(tier, {}).get(key) == value
                        or (isinstance(value, float) and abs(peer[tier][key] - value) <= 1e-9 * max(abs(value), 1)))]
    for temperature in ("cold", "warm"):
        if outputs[f"coachlab all plugins, --blocks 16, {temperature}"] != outputs["coachlab all plugins, cold"]:
            problems.append(f"run --blocks 16 ({temperature}) printed other JSON than run")
    headline = min(times["coachlab headline pair, cold"])
    print(f"{args.reps:,} reps x {args.months} months, {args.rounds} rounds; answers "
          + ("agree" if not problems else "DISAGREE: " + "; ".join(problems)))
    print("\n| run | best s | median s | peak MB | × headline cold |\n|---|---:|---:|---:|---:|")
    for name, _ in runs:
        best = min(times[name])
        print(f"| {name} | {best:.2f} | {statistics.median(times[name]):.2f} | {memory[name]:.0f} | {best / headline:.1f} |")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
