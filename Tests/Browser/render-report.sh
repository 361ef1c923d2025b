#!/usr/bin/env bash
# Renders the sample org's HTML reports in headless Chromium and checks them as a reader
# meets them: no clipped or spilling text at 1280 px and 390 px, a PDF without near-empty
# pages (Tests/Browser/check_report.py), and the report opening with its verdict. Three
# reports: the shared default, one with rep-level detail and the causal design, and a
# Salesforce-style export read through its mapping with its broken rows left out.
#   Tests/Browser/render-report.sh [COACHLAB] [OUT_DIR]   (needs: apt-get install chromium poppler-utils)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COACHLAB="${1:-$ROOT/.build/debug/coachlab}"
OUT="${2:-/tmp/coachlab-report}"
mkdir -p "$OUT/shared" "$OUT/detailed" "$OUT/salesforce"
command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium poppler-utils" >&2; exit 1; }
cd "$ROOT"
"$COACHLAB" report Datasets/sample-org --output "$OUT/shared/report.html" --no-cache
"$COACHLAB" report Datasets/sample-org --output "$OUT/detailed/report.html" --no-cache \
  --min-group-size 1 --option treatment=first-session
SALESFORCE=Tests/CoachLabCLITests/Fixtures/salesforce-export
"$COACHLAB" report "$SALESFORCE/export" --mapping "$SALESFORCE/mapping.yaml" --no-cache \
  --on-error skip --rejects "$OUT/salesforce/rejects.csv" --output "$OUT/salesforce/report.html" 2>/dev/null
grep -q '<p class="verdict"><strong>Verdict.</strong> No causal design ran' "$OUT/shared/report.html" \
  || { echo "the shared report does not open with its verdict" >&2; exit 1; }
grep -q '<p class="verdict"><strong>Verdict.</strong> Causal design (Programme impact)' "$OUT/detailed/report.html" \
  || { echo "the report with the causal design does not open with it" >&2; exit 1; }
status=0
for report in shared detailed salesforce; do
  echo "== $report report"
  python3 Tests/Browser/check_report.py "$OUT/$report/report.html" "$OUT/$report" || status=1
done
exit "$status"
