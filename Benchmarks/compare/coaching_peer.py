#!/usr/bin/env python3
"""DuckDB computing the coaching aggregates by tier from the CSVs:
coaching_peer.py DATASET THREADS

Coverage (rep-months with a session in their month), feedback latency (sessions with a
delay, counted for the manager who held them: count, quartiles by linear interpolation) and
assignment follow-through (per the rep's manager: assignments, completed, on time), as the
coaching-coverage, feedback-latency and assignment-follow-through plugins define them.
Prints {tier: {...}} as JSON."""
import json
import sys

import duckdb

folder, threads = sys.argv[1], int(sys.argv[2])
con = duckdb.connect(":memory:")
con.execute(f"SET threads = {threads}")
csv = lambda name, types="": f"read_csv('{folder}/{name}.csv', header = true{types})"
perf = csv("performance", ", types = {'period': 'VARCHAR'}")
sessions = csv("coaching_sessions", ", types = {'date': 'VARCHAR', 'feedback_delay_hours': 'DOUBLE'}")
assignments = csv("assignments", ", types = {'due_on': 'VARCHAR', 'completed_on': 'VARCHAR'}")
reps, managers = csv("reps"), csv("managers")
out = {}
coverage = con.execute(f"""
WITH months AS (SELECT DISTINCT rep_id, substr(date, 1, 7) AS period FROM {sessions})
SELECT m.coaching_quality, count(*), count(s.rep_id)
FROM {perf} p JOIN {reps} r USING (rep_id) JOIN {managers} m ON m.manager_id = r.manager_id
LEFT JOIN months s ON s.rep_id = p.rep_id AND s.period = p.period
GROUP BY m.coaching_quality""").fetchall()
for tier, rep_months, coached in coverage:
    out.setdefault(tier, {}).update(rep_months=rep_months, coached_rep_months=coached)
latency = con.execute(f"""
SELECT m.coaching_quality, count(*), quantile_cont(s.feedback_delay_hours, 0.25),
       quantile_cont(s.feedback_delay_hours, 0.5), quantile_cont(s.feedback_delay_hours, 0.75)
FROM {sessions} s JOIN {managers} m ON m.manager_id = s.manager_id
WHERE s.feedback_delay_hours IS NOT NULL GROUP BY m.coaching_quality""").fetchall()
for tier, count, p25, median, p75 in latency:
    out.setdefault(tier, {}).update(sessions=count, p25_hours=p25, median_hours=median, p75_hours=p75)
follow = con.execute(f"""
SELECT m.coaching_quality, count(*), count(a.completed_on),
       count_if(a.completed_on IS NOT NULL AND a.completed_on <= a.due_on)
FROM {assignments} a JOIN {reps} r USING (rep_id) JOIN {managers} m ON m.manager_id = r.manager_id
GROUP BY m.coaching_quality""").fetchall()
for tier, total, completed, on_time in follow:
    out.setdefault(tier, {}).update(assignments=total, completed=completed, on_time=on_time)
print(json.dumps(out, sort_keys=True))
