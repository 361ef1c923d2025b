#!/usr/bin/env python3
"""DuckDB answering the two headline questions from the CSVs: duckdb_peer.py DATASET THREADS [DBFILE]

With DBFILE, the CSVs are loaded into that DuckDB database once (if it does not exist yet)
and the questions are answered from it: DuckDB's own warm path.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import duckdb  # noqa: E402
from peers_common import emit  # noqa: E402

folder, threads = sys.argv[1], int(sys.argv[2])
database = sys.argv[3] if len(sys.argv) > 3 else None
con = duckdb.connect(database or ":memory:")
con.execute(f"SET threads = {threads}")
if database:
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "performance" not in tables:
        for name in ("performance", "reps", "managers"):
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{folder}/{name}.csv', header = true"
                        + (", types = {'period': 'VARCHAR'}" if name == "performance" else "") + ")")
    perf, reps, managers = "performance", "reps", "managers"
else:
    perf = f"read_csv('{folder}/performance.csv', header = true, types = {{'period': 'VARCHAR'}})"
    reps = f"read_csv('{folder}/reps.csv', header = true)"
    managers = f"read_csv('{folder}/managers.csv', header = true)"
sql = f"""
WITH valid AS (
    SELECT rep_id, bookings, quota,
           CAST(substr(period, 1, 4) AS INTEGER) * 12 + CAST(substr(period, 6, 2) AS INTEGER) AS month
    FROM {perf} WHERE quota > 0
), per_rep AS (
    SELECT rep_id, count(*) AS n, count_if(bookings >= quota) AS n_hit, sum(bookings / quota) AS sum_att,
           regr_slope(bookings / quota, month) AS slope
    FROM valid GROUP BY rep_id
)
SELECT m.coaching_quality, sum(p.n), sum(p.n_hit), sum(p.sum_att), count(p.slope), avg(p.slope)
FROM per_rep p JOIN {reps} r ON r.rep_id = p.rep_id JOIN {managers} m ON m.manager_id = r.manager_id
GROUP BY m.coaching_quality
"""
emit(con.execute(sql).fetchall())
