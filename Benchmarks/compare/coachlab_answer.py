#!/usr/bin/env python3
"""Turns `coachlab run --format json` output (standard input) into the peers' answer format."""
import json
import sys

report = json.load(sys.stdin)
by_plugin = {r["plugin"]: r for r in report["results"]}
q1, q2 = {}, {}
for row in by_plugin["quota-attainment-by-coaching-quality"]["tables"]["by_tier"]:
    if row["rep_periods"]:
        q1[row["tier"]] = {"n": row["rep_periods"], "n_hit": row["attained"], "share": row["rate"],
                           "mean_att": row["mean_attainment"]}
for row in by_plugin["rep-improvement-over-time"]["tables"]["by_tier"]:
    if row["reps"]:
        q2[row["tier"]] = {"n_reps": row["reps"], "mean_slope": row["mean_slope"]}
json.dump({"q1": q1, "q2": q2}, sys.stdout)
