#!/usr/bin/env python3
"""Polars answering the two headline questions from the CSVs: polars_peer.py DATASET THREADS"""
import os
import sys

os.environ["POLARS_MAX_THREADS"] = sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import polars as pl  # noqa: E402
from peers_common import emit  # noqa: E402

folder = sys.argv[1]
perf = pl.scan_csv(f"{folder}/performance.csv", schema_overrides={"period": pl.String}).filter(pl.col("quota") > 0)
reps = pl.scan_csv(f"{folder}/reps.csv").select("rep_id", "manager_id")
managers = pl.scan_csv(f"{folder}/managers.csv").select("manager_id", "coaching_quality")
period = pl.col("period")
x = (period.str.slice(0, 4).cast(pl.Int64) * 12 + period.str.slice(5, 2).cast(pl.Int64)).cast(pl.Float64)
y = pl.col("bookings") / pl.col("quota")
per_rep = (
    perf.select("rep_id", x.alias("x"), y.alias("y"), (pl.col("bookings") >= pl.col("quota")).alias("hit"))
    .group_by("rep_id")
    .agg(n=pl.len(), n_hit=pl.col("hit").sum(), sy=pl.col("y").sum(),
         mx=pl.col("x").mean(), my=pl.col("y").mean(),
         sxy=((pl.col("x") - pl.col("x").mean()) * (pl.col("y") - pl.col("y").mean())).sum(),
         sxx=((pl.col("x") - pl.col("x").mean()) ** 2).sum())
)
slope = pl.when((pl.col("n") >= 2) & (pl.col("sxx") > 0)).then(pl.col("sxy") / pl.col("sxx"))
result = (
    per_rep.join(reps, on="rep_id").join(managers, on="manager_id").with_columns(slope=slope)
    .group_by("coaching_quality")
    .agg(n=pl.col("n").sum(), n_hit=pl.col("n_hit").sum(), sy=pl.col("sy").sum(),
         n_reps=pl.col("slope").count(), mean_slope=pl.col("slope").mean())
    .collect()
)
emit(result.rows())
