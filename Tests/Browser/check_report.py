#!/usr/bin/env python3
"""Checks an HTML report as a reader meets it, in headless Chromium: no clipped or spilling
text at 1280 px and at 390 px (a phone), a screenshot of each, and a PDF with no near-empty
page but the last.  Usage: check_report.py REPORT.html OUT_DIR.  Needs chromium and
poppler-utils (pdftoppm, pdfinfo); the standard library only otherwise."""
import html
import json
import pathlib
import re
import subprocess
import sys

CHROME = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
HERE = pathlib.Path(__file__).resolve().parent
WIDTHS = (1280, 390)
# A page whose content spans less than a quarter of its height is near-empty.
MINIMUM_FILL = 0.25


def framed(report_html: str, width: int) -> str:
    """A page showing `report_html` in a frame `width` px wide: Chromium's window is never
    narrower than 500 px, a phone's viewport is. srcdoc keeps the frame same-origin."""
    return ('<!doctype html><html><body style="margin:0">'
            f'<iframe style="border:0;width:{width}px;height:3000px" srcdoc="{html.escape(report_html, quote=True)}"></iframe>'
            '</body></html>')


def layout_problems(report: pathlib.Path, out: pathlib.Path, width: int) -> list[str]:
    """The problems layout-check.js finds in a copy of `report` at `width` px."""
    checked = out / f"checked-{width}.html"
    script = (HERE / "layout-check.js").read_text()
    checked.write_text(framed(report.read_text().replace("</body>", f"<script>{script}</script></body>"), width))
    dom = subprocess.run(CHROME + [f"--window-size={max(width, 500)},3000", "--virtual-time-budget=5000", "--dump-dom", checked.as_uri()],
                         capture_output=True, text=True, check=True).stdout
    found = re.search(r'data-layout-problems="([^"]*)"', dom)
    if not found:
        return [f"the layout check did not run at {width} px"]
    return json.loads(html.unescape(found.group(1)))


def page_fills(pdf: pathlib.Path, out: pathlib.Path) -> list[float]:
    """Per page, the share of its height between the first and last row with ink."""
    prefix = out / "page"
    for old in out.glob("page-*.pgm"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(prefix)], check=True)
    fills = []
    for page in sorted(out.glob("page-*.pgm")):
        data = page.read_bytes()
        # Binary PGM: P5, width, height, maxval, then one byte a pixel.
        fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        width, height = int(fields.group(1)), int(fields.group(2))
        pixels = data[fields.end():]
        inked = [row for row in range(height) if min(pixels[row * width:(row + 1) * width]) < 200]
        fills.append((inked[-1] - inked[0] + 1) / height if inked else 0.0)
    return fills


def main() -> int:
    report, out = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    for width in WIDTHS:
        problems = layout_problems(report, out, width)
        page = out / f"framed-{width}.html"
        page.write_text(framed(report.read_text(), width))
        subprocess.run(CHROME + [f"--window-size={max(width, 500)},3000", f"--screenshot={out / f'report-{width}.png'}", page.as_uri()],
                       capture_output=True, check=True)
        print(f"{width} px: {len(problems)} clipped or spilling element(s); screenshot {out / f'report-{width}.png'}")
        for problem in problems:
            print("  " + problem)
        failed = failed or bool(problems)
    pdf = out / "report.pdf"
    subprocess.run(CHROME + ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()], capture_output=True, check=True)
    fills = page_fills(pdf, out)
    empty = [number + 1 for number, fill in enumerate(fills[:-1]) if fill < MINIMUM_FILL]
    print(f"PDF: {len(fills)} pages, fullest {max(fills):.0%}, emptiest but the last {min(fills[:-1] or [1]):.0%}: {pdf}")
    if empty:
        print(f"  near-empty pages (under {MINIMUM_FILL:.0%} filled): {empty}")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
