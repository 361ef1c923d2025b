"""The rep-month panel of a canonical dataset, joined in pandas: the reference that
`coachlab export DATASET --table rep-months` must equal byte for byte
(Tests/CoachLabCLITests/ExportCommandTests.swift).

An implementation apart from CoachLab's: the canonical CSV files read as text and joined
with pandas, following docs/EXPORT.md. Run from the repository root:

    python3 Tests/CoachLabCLITests/Fixtures/export/make_rep_months.py \
        Datasets/sample-org Tests/CoachLabCLITests/Fixtures/export/sample-org-rep-months.csv
    python3 Tests/CoachLabCLITests/Fixtures/export/make_rep_months.py \
        Tests/CoachLabCLITests/Fixtures/export/edge-org Tests/CoachLabCLITests/Fixtures/export/edge-org-rep-months.csv
"""
import math
import os
import sys

import pandas as pd

TIERS = {
    "exceeds": "exceeds", "meets": "meets", "needs_improvement": "needs_improvement",
    "exceeds expectations": "exceeds", "meets expectations": "meets", "needs improvement": "needs_improvement",
}


# Text from the data; every other column holds numbers, months, dates or flags.
TEXT_COLUMNS = {"rep_id", "manager_id", "coaching_quality", "region", "segment"}


def read(folder, name):
    """A table as text (empty cells as ''), or None when the file is absent."""
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.apply(lambda column: column.str.strip(" \t"))


def number(text):
    return float(text) if text != "" else math.nan


def month_index(text):
    """12 × year + month of `YYYY-MM` or `YYYY-MM-DD`."""
    return 12 * int(text[0:4]) + int(text[5:7])


def fmt_number(value):
    """Whole numbers below 2^53 without a fraction, others as Python's shortest repr."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def csv_cell(text):
    """A CSV cell as `coachlab run --format csv` writes text: quoted (quotes doubled) when it
    holds a comma, quote or line break, and quoted after an apostrophe when it begins like a
    spreadsheet formula."""
    formula = text[:1] in ("=", "+", "-", "@", "\t", "\r") and text != ""
    if not formula and not any(c in text for c in ',"\n\r'):
        return text
    return '"' + ("'" if formula else "") + text.replace('"', '""') + '"'


def main(folder, out):
    managers = read(folder, "managers.csv")
    reps = read(folder, "reps.csv")
    performance = read(folder, "performance.csv")
    sessions = read(folder, "coaching_sessions.csv")
    assignments = read(folder, "assignments.csv")
    programs = read(folder, "programs.csv")

    managers["coaching_quality"] = managers["coaching_quality"].str.lower().map(TIERS)
    for column in ["region", "segment", "hire_date"]:
        if column not in reps:
            reps[column] = ""
    panel = performance.merge(reps[["rep_id", "manager_id", "region", "segment", "hire_date"]], on="rep_id", how="left")
    panel = panel.merge(managers[["manager_id", "coaching_quality"]], on="manager_id", how="left")
    assert len(panel) == len(performance)

    panel["month"] = panel["period"].map(month_index)
    quota = panel["quota"].map(number)
    bookings = panel["bookings"].map(number)
    valid = quota > 0
    out_frame = pd.DataFrame({
        "rep_id": panel["rep_id"],
        "manager_id": panel["manager_id"],
        "coaching_quality": panel["coaching_quality"],
        "region": panel["region"],
        "segment": panel["segment"],
        "hire_date": panel["hire_date"],
        "tenure_months": [
            "" if hire == "" else str(month - month_index(hire)) for hire, month in zip(panel["hire_date"], panel["month"])
        ],
        "period": panel["period"],
        "quota": quota.map(fmt_number),
        "bookings": bookings.map(fmt_number),
        "attainment": [fmt_number(b / q) if ok else "" for b, q, ok in zip(bookings, quota, valid)],
        "attained": [("1" if b >= q else "0") if ok else "" for b, q, ok in zip(bookings, quota, valid)],
        "excluded": ["0" if ok else "1" for ok in valid],
    })
    for column in ["calls", "meetings", "opportunities_created", "pipeline_value"]:
        out_frame[column] = panel[column].map(number).map(fmt_number) if column in panel else ""

    def counts(events, month_column, name, keep=None):
        """Events per (rep, month) of `month_column`, 0 where the rep-month has none."""
        events = events[events[month_column] != ""]
        if keep is not None:
            events = events[keep(events)]
        grouped = events.assign(month=events[month_column].map(month_index)).groupby(["rep_id", "month"]).size()
        grouped = grouped.rename(name).reset_index()
        joined = panel[["rep_id", "month"]].merge(grouped, on=["rep_id", "month"], how="left")
        return joined[name].fillna(0).astype(int).astype(str).values

    if sessions is not None:
        out_frame["sessions"] = counts(sessions, "date", "sessions")
        out_frame["developmental_sessions"] = counts(
            sessions, "date", "developmental", keep=lambda s: s["kind"] != "problem_solving")
    if assignments is not None:
        out_frame["assignments_due"] = counts(assignments, "due_on", "due")
        out_frame["assignments_completed"] = counts(assignments, "completed_on", "completed")
    if programs is not None:
        for name in sorted(set(programs["program"])):
            starts = dict(zip(programs.loc[programs["program"] == name, "rep_id"],
                              programs.loc[programs["program"] == name, "start_period"]))
            start = panel["rep_id"].map(lambda rep: starts.get(rep, ""))
            out_frame["program_" + name] = [
                "1" if s != "" and month >= month_index(s) else "0" for s, month in zip(start, panel["month"])
            ]
            out_frame["program_" + name + "_start"] = start.values

    with open(out, "w", encoding="utf-8", newline="") as file:
        file.write(",".join(csv_cell(name) for name in out_frame.columns) + "\r\n")
        for row in out_frame.itertuples(index=False):
            file.write(",".join(
                csv_cell(value) if name in TEXT_COLUMNS else value for name, value in zip(out_frame.columns, row)) + "\r\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
