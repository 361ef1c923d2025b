#!/usr/bin/env bash
# The Spark check of docs/SCALE-OUT.md: installs pyspark into a local virtual environment
# (.venv-spark), starts Spark local[2] and runs the recipes over the sample org, comparing
# with `coachlab run`. Usage: Tests/Spark/run.sh [COACHLAB] (default: .build/debug/coachlab).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
binary="${1:-.build/debug/coachlab}"
[ -x "$binary" ] || { echo "no coachlab binary at $binary: build it first (swift build)" >&2; exit 1; }
if ! command -v java >/dev/null; then
  echo "installing a Java runtime for Spark..." >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if [ ! -x .venv-spark/bin/python ]; then
  python3 -m venv .venv-spark
fi
.venv-spark/bin/pip install -q "pyspark==4.3.0"
# Spark logs at length, most of all for the shard that is meant to fail: keep its log for
# when the check itself fails.
log="$(mktemp)"
if ! .venv-spark/bin/python Tests/Spark/spark_recipes.py "$binary" Datasets/sample-org 2> "$log"; then
  grep -v -E '^\s+at ' "$log" | tail -n 60 >&2
  exit 1
fi
