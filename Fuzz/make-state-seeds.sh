#!/usr/bin/env bash
# Writes Fuzz/StateSeeds/: partial states of a 40-rep, 3-month generated org (its first
# manager needs_improvement, so the tier comparisons run). Per plugin, the states of two
# shards of 60 rows one after the other (so the fuzzer merges); and all three plugins over
# every row; the plugins whose part is whole reps, over two parts of an org with coaching
# tables; and the two-pass plugins, both passes of the same parts. Rerun it when the state
# format changes.
# Usage: Fuzz/make-state-seeds.sh [COACHLAB] (default: .build/debug/coachlab).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
coachlab="$(realpath "${1:-.build/debug/coachlab}")"
seeds="$(pwd)/Fuzz/StateSeeds"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$coachlab" generate --reps 40 --months 3 --no-coaching-tables --out tiny > /dev/null
tail -n +2 tiny/performance.csv | head -n 60 > first
tail -n +2 tiny/performance.csv | tail -n +61 > second
partial() { "$coachlab" partial --dimensions tiny --threads 1 "$@"; }
for plugin in quota-attainment-by-coaching-quality performance-gaps; do
  { partial --plugin "$plugin" first; partial --plugin "$plugin" second; } > "$seeds/$plugin.state"
done
options=(--plugin rep-improvement-over-time --min-managers 2 --min-periods 2)
{ partial "${options[@]}" first; partial "${options[@]}" second; } > "$seeds/rep-improvement-over-time.state"
partial --plugin quota-attainment-by-coaching-quality --plugin rep-improvement-over-time --plugin performance-gaps \
  --option rep-improvement-over-time.min-periods=2 tiny/performance.csv > "$seeds/all-plugins.state"
# The plugins whose part is whole reps: two parts of a 40-rep org with coaching tables.
"$coachlab" generate --reps 40 --months 4 --out coached > /dev/null
"$coachlab" split coached --parts 2 --out parts 2> /dev/null
whole_reps=(--plugin coaching-coverage --plugin coaching-vs-firefighting --plugin skill-will-matrix)
for part in parts/part-00000 parts/part-00001; do
  "$coachlab" partial --dimensions coached --threads 1 "${whole_reps[@]}" "$part"
done > "$seeds/whole-rep-parts.state"
# The plugins of two passes: each part's first pass, then each part's second pass given
# their merge (activity-to-pipeline reads the parts as shards of performance.csv), on an
# org small enough that a seed fits the fuzzer's 64 KB.
"$coachlab" generate --reps 24 --months 4 --out small > /dev/null
"$coachlab" split small --parts 2 --out small-parts 2> /dev/null
for plugins in "feedback-latency focus-breadth" "assignment-follow-through activity-to-pipeline"; do
  name="two-pass-${plugins%% *}"
  for part in small-parts/part-00000 small-parts/part-00001; do
    "$coachlab" partial --dimensions small --threads 1 $(printf -- '--plugin %s ' $plugins) "$part"
  done > "$seeds/$name-first.state"
  "$coachlab" merge "$seeds/$name-first.state" > first.state
  for part in small-parts/part-00000 small-parts/part-00001; do
    "$coachlab" partial --dimensions small --threads 1 --given first.state "$part"
  done > "$seeds/$name-second.state"
done
