#!/usr/bin/env python3
"""Writes export/: the sample org as a Salesforce-style report export, with every quirk
issue 26 names, and nothing else changed.

- Every file separated by semicolons, numbers with decimal commas, amounts in euros with
  thousands dots ("49.500,00 €"), a dash for a missing value.
- The roster (User Roster.csv) as Excel on Windows saves it: windows-1252 (a full-name
  column of accented names), CRLF line ends.
- Coaching assessments as HR labels in mixed case with spaces: the export's own ("ROLE
  MODEL", " solid performer ", "Development_Area") and the canonical ones ("Exceeds
  Expectations", "MEETS", "needs_improvement"), a manager's variant chosen by their row.
- Dates in two patterns (dd.MM.yyyy, and yyyy-MM-dd every seventh row); months in two
  (MMM yyyy, and yyyy-MM every fifth row).
- Attainment % (four decimals) instead of bookings in the performance file, whose end is
  a Salesforce report footer (Grand Totals, Confidential Information, Copyright).
- Exactly three broken rows, added to the performance file (the sample org's own rows are
  all there, unchanged): a quota with a letter O for a zero (line 102), a row cut short
  (line 5,003) and a rep the roster does not hold (line 9,004).

mapping.yaml beside it is written by hand from docs/MAPPING.md. Read leniently, the export
gives the sample org's results (SalesforceExportTests).

    python3 Tests/CoachLabCLITests/Fixtures/salesforce-export/make_export.py
"""
import csv
import io
import os
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "..", "..", "..", "Datasets", "sample-org")
OUT = os.path.join(HERE, "export")

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FIRST = ["José", "Zoë", "Søren", "Françoise", "Jürgen", "Inés", "Björn", "Chloé", "Åsa", "Renée", "Øyvind", "Nuño", "Anaïs"]
LAST = ["García", "Müller", "O’Brien", "Lefèvre", "Núñez", "Østergård", "Jäger", "Škoda", "Gómez", "Œuvray", "Strauß", "Ekström"]
TIER_TEXT = {
    "exceeds": ["ROLE MODEL", " role model ", "Exceeds Expectations", "Role_Model"],
    "meets": [" Solid Performer", "SOLID PERFORMER ", "MEETS", "solid-performer"],
    "needs_improvement": ["Development Area", "DEVELOPMENT AREA", "needs_improvement", " Needs Improvement "],
}
BROKEN_AFTER = {100: "letter O", 5000: "cut short", 9000: "unknown rep"}


def rows(name):
    with open(os.path.join(SOURCE, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(name, header, records, encoding="utf-8-sig", line_end="\n", footer=""):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(records)
    with open(os.path.join(OUT, name), "w", encoding=encoding, newline="") as f:
        f.write(buffer.getvalue() + footer)


def number(text):
    """'51.8' -> '51,8'; '' -> '-'."""
    return "-" if text == "" else text.replace(".", ",")


def euros(text):
    """'49500.00' -> '49.500,00 €', digits exactly as given."""
    if text == "":
        return "-"
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + fraction if fraction else "") + " €"


def date(text, index):
    if text == "":
        return "-"
    year, month, day = text.split("-")
    return text if index % 7 == 0 else f"{day}.{month}.{year}"


def month(text, index):
    year, number_ = text.split("-")
    return text if index % 5 == 0 else f"{MONTHS[int(number_) - 1]} {year}"


def attainment(bookings, quota):
    share = Decimal(bookings) / Decimal(quota) * 100
    return f"{share:.4f}".replace(".", ",") + " %"


os.makedirs(OUT, exist_ok=True)

managers = rows("managers.csv")
write("Sales Managers.csv", ["Manager ID", "Manager Name", "Coaching Assessment", "Coaching Score"],
      [[m["manager_id"], f"Manager {m['manager_id'][1:]}", TIER_TEXT[m["coaching_quality"]][i % 4], number(m["coaching_score"])]
       for i, m in enumerate(managers)])

reps = rows("reps.csv")
write("User Roster.csv", ["User ID", "Full Name", "Manager ID", "Region", "Segment", "Hire Date"],
      [[r["rep_id"], f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]}", r["manager_id"], r["region"],
        r["segment"], date(r["hire_date"], i)] for i, r in enumerate(reps)],
      encoding="cp1252", line_end="\r\n")

performance = rows("performance.csv")
records = []
for i, p in enumerate(performance):
    records.append([p["rep_id"], month(p["period"], i), euros(p["quota"]), attainment(p["bookings"], p["quota"]),
                    p["calls"], p["meetings"], p["opportunities_created"], euros(p["pipeline_value"])])
    if i + 1 in BROKEN_AFTER:
        kind = BROKEN_AFTER[i + 1]
        if kind == "letter O":
            records.append(["R0000002", "Jan 2023", "54.OOO,00 €", "111,7926 %", "257", "31", "9", "144.506,05 €"])
        elif kind == "cut short":
            records.append(["R0000003", "Feb 2023", "60.000,00 €"])
        else:
            records.append(["R9999999", "Mar 2023", "50.000,00 €", "98,5000 %", "200", "20", "5", "100.000,00 €"])
count = len(records)
footer = (f'"Grand Totals ({count} records)"\n""\n""\n"Confidential Information - Do Not Distribute"\n'
          '"Copyright © 2000-2024 salesforce.com, inc. All rights reserved."\n')
write("Quota Attainment.csv", ["Owner ID", "Month", "Quota", "Attainment %", "Calls", "Meetings", "Opportunities Created",
                               "Open Pipeline"], records, footer=footer)

sessions = rows("coaching_sessions.csv")
write("Coaching Activities.csv", ["Activity ID", "Assigned To", "Coach", "Activity Date", "Duration (min)", "Type",
                                  "Focus Areas", "Feedback Delay (h)"],
      [[s["session_id"], s["rep_id"], s["manager_id"], date(s["date"], i), number(s["duration_min"]), s["kind"],
        s["focus_areas"], number(s["feedback_delay_hours"])] for i, s in enumerate(sessions)])

assignments = rows("assignments.csv")
write("Action Items.csv", ["Action ID", "Activity ID", "Assigned To", "Created Date", "Due Date", "Completed Date",
                           "Focus Area", "Target Metric", "Target Value"],
      [[a["assignment_id"], a["session_id"], a["rep_id"], date(a["assigned_on"], i), date(a["due_on"], i),
        date(a["completed_on"], i), a["focus_area"], a["target_metric"], number(a["target_value"])]
       for i, a in enumerate(assignments)])
