#!/usr/bin/env bash
# Renders the sample org's HTML report in headless Chromium to PNG and PDF and checks the
# render: the page is not blank and the PDF has a page per section (first screen + plugins).
#   Tests/Browser/render-report.sh [OUT_DIR]        (needs: apt-get install chromium poppler-utils)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-/tmp/coachlab-report}"
mkdir -p "$OUT"
command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium" >&2; exit 1; }
(cd "$ROOT" && swift build --product coachlab >&2)
(cd "$ROOT" && .build/debug/coachlab report Datasets/sample-org --output "$OUT/report.html" --no-cache)
CHROME=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars)
"${CHROME[@]}" --window-size=1100,2400 --screenshot="$OUT/report.png" "file://$OUT/report.html" 2>/dev/null
"${CHROME[@]}" --no-pdf-header-footer --print-to-pdf="$OUT/report.pdf" "file://$OUT/report.html" 2>/dev/null
png_bytes=$(stat -c %s "$OUT/report.png")
[ "$png_bytes" -gt 50000 ] || { echo "the screenshot looks blank ($png_bytes bytes)" >&2; exit 1; }
sections=$(grep -c '<section class="plugin"' "$OUT/report.html")
if command -v pdfinfo >/dev/null; then
  pages=$(pdfinfo "$OUT/report.pdf" | awk '/^Pages:/ {print $2}')
  [ "$pages" -gt "$sections" ] || { echo "the PDF has $pages pages for $sections plugin sections" >&2; exit 1; }
  echo "report ok: $OUT/report.png ($png_bytes bytes), $OUT/report.pdf ($pages pages, $sections plugin sections)"
else
  echo "report ok: $OUT/report.png ($png_bytes bytes), $OUT/report.pdf (pdfinfo missing: pages not counted)"
fi
