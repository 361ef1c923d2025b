#!/usr/bin/env bash
# Memory on a file far larger than what a run uses: a performance.csv of SIZE_GB (default
# 10) whose rows carry a wide text column no plugin reads. Prints the peak memory (max
# resident set) of `coachlab run` on it; the columns a run does not use are tokenised and
# dropped, never stored, so the peak follows the used columns, not the file.
#   Benchmarks/big-input.sh [SIZE_GB]      (needs python3 and GNU time; ~SIZE_GB of /tmp)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
size_gb="${1:-10}"
work="${WORK:-/tmp/coachlab-big-input}"
swift build -c release --product coachlab >&2
bin=.build/release/coachlab
rm -rf "$work"
"$bin" generate --reps 250000 --months 48 --seed 7 --out "$work" >&2
rm -f "$work"/coaching_sessions.csv "$work"/assignments.csv
python3 - "$work/performance.csv" "$size_gb" <<'PY'
import os, sys
path, gigabytes = sys.argv[1], float(sys.argv[2])
size = os.path.getsize(path)
with open(path, "rb") as f:
    lines = f.read().split(b"\n")
header, rows = lines[0], [line for line in lines[1:] if line]
pad = max(1, int((gigabytes * 1e9 - size) / len(rows)) - 4)
notes = b"x" * (pad // 2) + b", " + b"y" * (pad - pad // 2 - 2)
with open(path + ".tmp", "wb", buffering=1 << 24) as out:
    out.write(header + b",notes\n")
    suffix = b',"' + notes + b'"\n'
    for row in rows:
        out.write(row + suffix)
os.replace(path + ".tmp", path)
PY
ls -l "$work/performance.csv" >&2
/usr/bin/time -v "$bin" run "$work" --plugin quota-attainment-by-coaching-quality --plugin rep-improvement-over-time \
    --no-cache --format json > "$work/result.json" 2> "$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt"
echo "file: $(($(stat -c %s "$work/performance.csv") / 1000000)) MB"
