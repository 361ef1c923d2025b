#!/usr/bin/env bash
# Fuzzes with libFuzzer and AddressSanitizer for a fixed number of executions:
#   Fuzz/run.sh [RUNS]         the CSV reader (Sources/CoachLabFuzz), seeded with the conformance cases
#   Fuzz/run.sh state [RUNS]   the state reader, merge and report (Sources/CoachLabStateFuzz),
#                              seeded with the states in StateSeeds/
# RUNS defaults to 1,000,000; needs clang's fuzzer runtime, part of Swift.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
target=csv
if [ "${1:-}" = csv ] || [ "${1:-}" = state ]; then target="$1"; shift; fi
runs="${1:-1000000}"
# Each CSV input goes through a file (the reader reads files): keep it in memory where possible.
[ -d /dev/shm ] && export TMPDIR=/dev/shm
driver="$(find "$(dirname "$(dirname "$(command -v swift)")")" -name 'libclang_rt.fuzzer_no_main-*.a' | head -n 1)"
[ -n "$driver" ] || { echo "libFuzzer's runtime (libclang_rt.fuzzer_no_main) is not in this Swift toolchain" >&2; exit 1; }
product=CoachLabFuzz
[ "$target" = state ] && product=CoachLabStateFuzz
# Every Swift module is instrumented (coverage guides the fuzzer into the reader, not only
# into this target); libcsv itself is the system's, uninstrumented.
swift build -c release --product "$product" --scratch-path .build-fuzz -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp -Xlinker "$driver" >&2
corpus="$(mktemp -d)"
if [ "$target" = state ]; then
    cp StateSeeds/*.state "$corpus"/
    exec ".build-fuzz/release/$product" "$corpus" -runs="$runs" -max_len=65536 -timeout=10 -print_final_stats=1
fi
cp ../Tests/CoachLabIngestionTests/Conformance/csv-spectrum/*.csv "$corpus"/
printf 'a,b,c,d,e\nx,1.5,2,2024-01-31,2024-01\n"q,""",-3e2,,2023-12-30,1999-12\n' > "$corpus/seed.csv"
printf 'A,B,C,D,E\r\n4.5,"$1,234.50","1.234,00 €",3/7/2024,FY24-P03\r\nN/A,($12),-,12/31/1999,-\r\n' > "$corpus/seed-mapped.csv"
".build-fuzz/release/$product" "$corpus" -runs="$runs" -max_len=4096 -timeout=10 -print_final_stats=1
