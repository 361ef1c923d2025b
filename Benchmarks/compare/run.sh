#!/usr/bin/env bash
# One command: build CoachLab, set up the peers, generate the orgs, compare, print the table.
#   Benchmarks/compare/run.sh [SIZES...]     (default: M L; S is a quick smoke size)
#   Benchmarks/compare/run.sh --full         (every plugin on an org with coaching tables: full_run.py)
# Environment: ROUNDS (default 3), COACHLAB_BENCH_DATA (default /tmp/coachlab-bench),
#              ANCHORS (the C libcsv reference sources, default ../shared/perf-anchors beside the repo).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SIZES=("${@:-M L}")
[ $# -eq 0 ] && SIZES=(M L)
DATA="${COACHLAB_BENCH_DATA:-/tmp/coachlab-bench}"
mkdir -p "$DATA"

bash "$ROOT/.ci/setup"
(cd "$ROOT" && swift build -c release --product coachlab >&2)
COACHLAB="$ROOT/.build/release/coachlab"

VENV="$HERE/.venv"
if ! "$VENV/bin/python" -c "import duckdb, polars" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q duckdb polars >&2
fi

if [ "${1:-}" = "--full" ]; then
  exec "$VENV/bin/python" "$HERE/full_run.py" --coachlab "$COACHLAB" --rounds "${ROUNDS:-3}" --data "$DATA"
fi

ANCHORS="${ANCHORS:-$ROOT/../shared/perf-anchors}"
ANCHOR_ARGS=()
if [ -f "$ANCHORS/c/Makefile" ]; then
  make -s -C "$ANCHORS/c" BUILD="$DATA/bin" >&2 && ANCHOR_ARGS=(--anchors-bin "$DATA/bin")
fi

exec "$VENV/bin/python" "$HERE/compare.py" --coachlab "$COACHLAB" --sizes "${SIZES[@]}" \
  --rounds "${ROUNDS:-3}" --data "$DATA" "${ANCHOR_ARGS[@]}" --out "$DATA/compare.md"
