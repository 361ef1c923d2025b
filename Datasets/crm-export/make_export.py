#!/usr/bin/env python3
"""Writes crm-export/: the sample org as a CRM report export would give it.

The same facts as ../sample-org (the three required tables), written the way exports
write them: other file and column names, a byte-order mark and CRLF line ends, quoted
currency amounts with thousands separators, fiscal periods (FY starting in February,
named by the year it ends), US dates without leading zeros, a 1-5 coaching rating, ids
with spaces around them, N/A for a missing pipeline value (every 97th performance row,
which the end-to-end test blanks in the canonical copy it compares with) and columns
CoachLab does not use. `mapping.yaml` beside it reads it back; `coachlab run` on the
export with the mapping gives the same results as on the canonical files.

    python3 Datasets/crm-export/make_export.py
"""
import csv
import io
import os
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "sample-org")

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FISCAL_START = 2  # February


def rows(name):
    with open(os.path.join(SOURCE, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(name, header, records):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(records)
    with open(os.path.join(HERE, name), "w", encoding="utf-8-sig", newline="") as f:
        f.write(buffer.getvalue())


def money(text):
    """'49500.00' -> '$49,500.00', digits exactly as given."""
    if text == "":
        return "N/A"
    value = Decimal(text)
    sign = "-" if value < 0 else ""
    whole, _, fraction = format(abs(value), "f").partition(".")
    grouped = f"{int(whole):,}"
    amount = f"${grouped}" + (f".{fraction}" if fraction else "")
    return f"({amount})" if sign else amount


def fiscal_period(period):
    year, month = (int(part) for part in period.split("-"))
    offset = (month - FISCAL_START) % 12
    start_year = year if month >= FISCAL_START else year - 1
    return f"FY{(start_year + 1) % 100:02d}-P{offset + 1:02d}"


def us_date(text):
    if text == "":
        return ""
    year, month, day = (int(part) for part in text.split("-"))
    return f"{month}/{day}/{year}"


RATING = {"exceeds": "5", "meets": "3", "needs_improvement": "2"}

managers = rows("managers.csv")
write("Sales Managers.csv", ["Manager ID", "Manager Name", "Coaching Rating (1-5)", "Coaching Score"],
      [[m["manager_id"], f"Manager {m['manager_id'][1:]}", RATING[m["coaching_quality"]], m["coaching_score"]]
       for m in managers])

reps = rows("reps.csv")
write("User Roster.csv", ["User ID", "Reports To", "Sales Region", "Segment", "Hire Date", "Active"],
      [[f" {r['rep_id']} " if i % 50 == 0 else r["rep_id"], r["manager_id"], r["region"], r["segment"],
        us_date(r["hire_date"]), "true"] for i, r in enumerate(reps)])

performance = rows("performance.csv")
write("Quota Attainment Report.csv",
      ["Account Owner", "Fiscal Period", "Quota Amount", "Closed Won Amount", "Calls", "Meetings",
       "Opportunities Created", "Pipeline Amount", "Attainment %"],
      [[p["rep_id"], fiscal_period(p["period"]), money(p["quota"]), money(p["bookings"]), p["calls"],
        p["meetings"], p["opportunities_created"], "N/A" if i % 97 == 0 else money(p["pipeline_value"]),
        f"{Decimal(p['bookings']) / Decimal(p['quota']) * 100:.1f}%" if p["quota"] not in ("", "0", "0.00") else "N/A"]
       for i, p in enumerate(performance)])
