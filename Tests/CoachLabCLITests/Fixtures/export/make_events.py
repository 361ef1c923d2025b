"""Every coaching event of a canonical dataset in one long table, built in pandas: the
reference that `coachlab export DATASET --table events` must equal byte for byte
(Tests/CoachLabCLITests/ExportCommandTests.swift). Written apart from CoachLab, from
docs/EXPORT.md. Run from the repository root:

    python3 Tests/CoachLabCLITests/Fixtures/export/make_events.py \
        Datasets/sample-org Tests/CoachLabCLITests/Fixtures/export/sample-org-events.csv
    python3 Tests/CoachLabCLITests/Fixtures/export/make_events.py \
        Tests/CoachLabCLITests/Fixtures/export/edge-org Tests/CoachLabCLITests/Fixtures/export/edge-org-events.csv
"""
import sys

import pandas as pd

from make_rep_months import TIERS, csv_cell, read

COLUMNS = ["event", "event_id", "rep_id", "manager_id", "coaching_quality", "date", "period", "detail"]
TEXT_COLUMNS = {"event_id", "rep_id", "manager_id", "coaching_quality", "detail"}


def main(folder, out):
    managers = read(folder, "managers.csv")
    reps = read(folder, "reps.csv")
    tier = dict(zip(managers["manager_id"], managers["coaching_quality"].str.lower().map(TIERS)))
    manager_of = dict(zip(reps["rep_id"], reps["manager_id"]))
    parts = []
    sessions = read(folder, "coaching_sessions.csv")
    if sessions is not None:
        parts.append(pd.DataFrame({
            "event": "session", "event_id": sessions["session_id"], "rep_id": sessions["rep_id"],
            "manager_id": sessions["manager_id"], "date": sessions["date"], "detail": sessions["kind"],
        }))
    assignments = read(folder, "assignments.csv")
    if assignments is not None:
        outcome = ["not_completed" if done == "" else "on_time" if done <= due else "late"
                   for done, due in zip(assignments["completed_on"], assignments["due_on"])]
        base = {"event_id": assignments["assignment_id"], "rep_id": assignments["rep_id"],
                "manager_id": assignments["rep_id"].map(manager_of), "detail": outcome}
        parts.append(pd.DataFrame({"event": "assignment_due", **base, "date": assignments["due_on"]}))
        completed = pd.DataFrame({"event": "assignment_completed", **base, "date": assignments["completed_on"]})
        parts.append(completed[completed["date"] != ""])
    programs = read(folder, "programs.csv")
    if programs is not None:
        parts.append(pd.DataFrame({
            "event": "programme_start", "event_id": programs["program"], "rep_id": programs["rep_id"],
            "manager_id": programs["rep_id"].map(manager_of), "date": "", "period": programs["start_period"].str[:7],
            "detail": programs["program"],
        }))
    events = pd.concat(parts, ignore_index=True)
    events["coaching_quality"] = events["manager_id"].map(tier)
    events["period"] = [period if isinstance(period, str) and period else date[:7]
                        for period, date in zip(events.get("period", [""] * len(events)), events["date"])]
    with open(out, "w", encoding="utf-8", newline="") as file:
        file.write(",".join(COLUMNS) + "\r\n")
        for row in events[COLUMNS].itertuples(index=False):
            file.write(",".join(csv_cell(value) if name in TEXT_COLUMNS else value for name, value in zip(COLUMNS, row)) + "\r\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
