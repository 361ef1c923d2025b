#!/usr/bin/env python3
"""Golden values for the coaching-practice plugins, from an independent implementation.

Writes a small org with coaching sessions and assignments under datasets/coaching (gaps in
the months, a rep who joins late, zero and missing quotas, a rep never coached, sessions in
months without a performance row, sessions without feedback delay, assignments without
targets), then computes every value the plugins report with pandas and scipy into
expected/coaching.json. The Swift tests compare against it and need no Python.

Small-sample inference: the manager-clustered intervals (difference_clustered_* and the
per-group ci_low/ci_high of feedback-latency, focus-breadth, assignment-follow-through) are CR2
with Bell-McCaffrey degrees of freedom, computed by cr2() of
CoachLabStatisticsTests/Fixtures/make_cr2_reference.py (plain NumPy, imported, so these golden
values and cr2_reference.json share one implementation). The per-group t intervals treating
reps as independent stay under t_ci_low/t_ci_high. The org has only 6 managers, so those four
plugins are run with the option min-managers = 2 (recorded under "options").
activity-to-pipeline's funnel links, the projections carried down them and its models on calls
and meetings are CR2 by manager too: cr2() of a row-level design that stacks the four links as
blocks, contrasts by the delta method (see activity_to_pipeline()). An entry "ID@VARIANT" is
plugin ID run again with the options it records.

    pip install numpy pandas scipy statsmodels
    python3 Tests/CoachLabPluginsTests/CoachingGolden/make_coaching_golden.py
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from statsmodels.stats import inter_rater
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the test fixtures
sys.path.insert(0, os.path.join(HERE, "..", "..", "CoachLabStatisticsTests", "Fixtures"))
from make_cr2_reference import cr2  # noqa: E402
OUT = os.path.join(HERE, "datasets", "coaching")
TIERS = ["exceeds", "meets", "needs_improvement"]
KINDS = ["coaching", "problem_solving", "ride_along", "review"]
AREAS = ["prospecting", "discovery", "qualification", "demo", "negotiation", "closing"]
PERIODS = [f"{2023 + (m // 12)}-{m % 12 + 1:02d}" for m in range(15)]
# The plugins' option min-managers (default 5) set to 2 for this 6-manager org, so that the
# clustered intervals are computed and compared rather than null.
MIN_MANAGERS = 2
CLUSTERED_OPTIONS = {"min-managers": str(MIN_MANAGERS)}


def num(x):
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def write_csv(name, header, rows):
    def field(v):
        s = "" if v is None else str(v)
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n') else s
    with open(os.path.join(OUT, name), "w") as f:
        f.write("\n".join([",".join(header)] + [",".join(field(v) for v in r) for r in rows]) + "\n")


def make_dataset():
    rng = np.random.default_rng(20261122)
    os.makedirs(OUT, exist_ok=True)
    tiers = ["exceeds", "exceeds", "meets", "meets", "needs_improvement", "needs_improvement"]
    managers = [(f"M{m + 1:02d}", t) for m, t in enumerate(tiers)]
    write_csv("managers.csv", ["manager_id", "coaching_quality"], managers)
    reps = [(f"R{m * 5 + r + 1:03d}", mid) for m, (mid, _) in enumerate(managers) for r in range(5)]
    write_csv("reps.csv", ["rep_id", "manager_id", "region", "segment"],
              [(rid, mid, "LATAM" if i == 29 else ["EMEA", "APAC"][i % 2], ["SMB", "Enterprise"][i % 3 == 0])
               for i, (rid, mid) in enumerate(reps)])  # one rep alone in its region: no peers
    tier_of = dict(managers)
    perf = []
    for i, (rid, mid) in enumerate(reps):
        base = {"exceeds": 1.12, "meets": 1.05, "needs_improvement": 0.98}[tier_of[mid]]
        for m, period in enumerate(PERIODS):
            if (i == 3 and m < 5) or rng.random() < 0.06:
                continue  # a late joiner, and gaps
            quota = 50000.0
            if (i, m) in [(2, 7), (11, 3)]:
                quota = 0.0
            bookings = round(quota * max(0, base + 0.004 * m + rng.normal(0, 0.15)), 2) if quota else 41000.0
            calls = int(rng.poisson(200 + 10 * (i % 4)))
            meetings = int(rng.binomial(calls, 0.12))
            opps = int(rng.binomial(meetings, 0.3))
            pipeline = round(opps * float(np.exp(np.log(15000) + 0.4 * rng.normal())), 2)
            quota_text = "" if (i, m) == (20, 9) else f"{quota:.2f}"
            perf.append((rid, period, quota_text, f"{bookings:.2f}", calls, meetings, opps, f"{pipeline:.2f}"))
    write_csv("performance.csv", ["rep_id", "period", "quota", "bookings", "calls", "meetings",
                                  "opportunities_created", "pipeline_value"], perf)
    sessions, assignments = [], []
    rate = {"exceeds": 1.4, "meets": 1.0, "needs_improvement": 0.6}
    for i, (rid, mid) in enumerate(reps):
        if i == 7:
            continue  # never coached
        for m in range(16):  # month 15 lies after the data
            for _ in range(rng.poisson(rate[tier_of[mid]])):
                y, mo = 2023 + m // 12, m % 12 + 1
                date = f"{y}-{mo:02d}-{int(rng.integers(1, 29)):02d}"
                kind = KINDS[int(rng.integers(0, 4))]
                areas = ";".join(rng.choice(AREAS, size=int(rng.integers(1, 5)), replace=False))
                delay = "" if kind in ("coaching", "problem_solving") or rng.random() < 0.1 else f"{rng.exponential(40):.1f}"
                sid = f"S{len(sessions) + 1:04d}"
                sessions.append((sid, rid, mid, date, [30, 45, 60][int(rng.integers(0, 3))], kind, areas, delay))
                if kind != "problem_solving" and rng.random() < 0.7:
                    day = pd.Timestamp(date)
                    due = day + pd.Timedelta(days=int(rng.integers(7, 22)))
                    done = "" if rng.random() < 0.3 else (day + pd.Timedelta(days=int(rng.integers(1, 30)))).strftime("%Y-%m-%d")
                    target = rng.random() < 0.5
                    assignments.append((f"A{len(assignments) + 1:04d}", sid, rid, date, due.strftime("%Y-%m-%d"), done,
                                        areas.split(";")[0], "calls" if target else "",
                                        int(200 + 10 * (i % 4) + rng.integers(-20, 40)) if target else ""))
    write_csv("coaching_sessions.csv", ["session_id", "rep_id", "manager_id", "date", "duration_min", "kind",
                                        "focus_areas", "feedback_delay_hours"], sessions)
    write_csv("assignments.csv", ["assignment_id", "session_id", "rep_id", "assigned_on", "due_on", "completed_on",
                                  "focus_area", "target_metric", "target_value"], assignments)


def load():
    read = lambda f: pd.read_csv(os.path.join(OUT, f), dtype=str, keep_default_na=False)
    managers, reps, perf = read("managers.csv"), read("reps.csv"), read("performance.csv")
    sessions = read("coaching_sessions.csv")
    perf["quota"] = pd.to_numeric(perf["quota"].replace("", np.nan))
    perf["bookings"] = pd.to_numeric(perf["bookings"])
    perf = perf.merge(reps[["rep_id", "manager_id"]], on="rep_id")
    perf["attainment"] = np.where(perf["quota"] > 0, perf["bookings"] / perf["quota"].where(perf["quota"] > 0), np.nan)
    sessions["duration_min"] = pd.to_numeric(sessions["duration_min"])
    sessions["period"] = sessions["date"].str[:7]
    return managers, reps, perf, sessions


def pearson(x, y):
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return None, None, None, None
    res = stats.pearsonr(x, y)
    ci = res.confidence_interval() if len(x) > 3 else None
    return num(res.statistic), num(res.pvalue), num(ci.low) if ci else None, num(ci.high) if ci else None


def clustered_difference(a, a_managers, b, b_managers, min_managers=MIN_MANAGERS):
    """mean(a) - mean(b) as the coefficient of a's dummy in OLS y ~ 1 + a over all observations
    of both samples (a rep in both samples is two observations of its manager's cluster), CR2
    covariance clustered by manager, 95% interval and two-sided p-value from t with
    Bell-McCaffrey degrees of freedom. Null interval and p-value when a's observations span
    fewer than min_managers distinct managers or b's do, or when the standard error is 0.
    managers: distinct managers in either sample."""
    managers = len(set(a_managers) | set(b_managers))
    none = {"difference_clustered_ci_low": None, "difference_clustered_ci_high": None,
            "difference_clustered_p_value": None, "managers": managers}
    if len(set(a_managers)) < min_managers or len(set(b_managers)) < min_managers:
        return none
    a, b = np.asarray(a, float), np.asarray(b, float)
    y = np.concatenate([a, b])
    X = np.column_stack([np.ones(len(y)), np.r_[np.ones(len(a)), np.zeros(len(b))]])
    groups = pd.factorize(pd.Series(list(a_managers) + list(b_managers)))[0]
    r = cr2(X, y, groups, [0.0, 1.0])
    assert abs(r["estimate"] - (a.mean() - b.mean())) < 1e-12, (r["estimate"], a.mean() - b.mean())
    if not r["se"] > 0:  # no variation around the two means
        return none
    p = 2 * stats.t.sf(abs(r["estimate"] / r["se"]), r["dof"])
    return {"difference_clustered_ci_low": num(r["low"]), "difference_clustered_ci_high": num(r["high"]),
            "difference_clustered_p_value": num(p), "managers": managers}


def group_intervals(values, value_managers, min_managers=MIN_MANAGERS):
    """A per-group row's intervals of the mean of reps' values: ci_low/ci_high CR2 with
    Bell-McCaffrey dof (intercept-only OLS clustered by each rep's manager), null when the
    reps span fewer than max(min_managers, 2) managers; t_ci_low/t_ci_high the t interval
    treating reps as independent (null under 2 reps)."""
    v = np.asarray(values, float)
    n = len(v)
    t = stats.t.interval(0.95, n - 1, loc=v.mean(), scale=v.std(ddof=1) / np.sqrt(n)) if n >= 2 else (None, None)
    low = high = None
    codes = pd.factorize(pd.Series(list(value_managers)))[0]
    assert len(codes) == n
    if len(set(codes)) >= max(min_managers, 2):
        r = cr2(np.ones((n, 1)), v, codes, [1.0])
        assert abs(r["estimate"] - v.mean()) < 1e-12 * max(1.0, abs(v.mean())), (r["estimate"], v.mean())
        low, high = r["low"], r["high"]
    return {"ci_low": num(low), "ci_high": num(high), "t_ci_low": num(t[0]), "t_ci_high": num(t[1])}


def coaching_coverage(managers, reps, perf, sessions):
    cells = perf[["rep_id", "period", "manager_id", "attainment"]].copy()
    per_cell = sessions.groupby(["rep_id", "period"]).agg(n=("session_id", "size"), minutes=("duration_min", "sum")).reset_index()
    cells = cells.merge(per_cell, on=["rep_id", "period"], how="left").fillna({"n": 0, "minutes": 0.0})
    cells["coached"] = cells["n"] > 0
    counted = int(cells["n"].sum())
    outside = int(len(sessions) - counted)
    valid = cells[cells["attainment"].notna()]
    # Longest run of months present and uncoached, a month without a row ending it.
    gap = {}
    for rid, group in cells.groupby("rep_id"):
        coached = dict(zip(group["period"], group["coached"]))
        run = best = 0
        for p in sorted(set(perf["period"])):
            if p not in coached or coached[p]:
                run = 0
            else:
                run += 1
                best = max(best, run)
        gap[rid] = best
    by_manager, x, y = [], [], []
    order = list(managers["manager_id"])
    for mid in order:
        c = cells[cells["manager_id"] == mid]
        if len(c) == 0:
            continue
        v = c[c["attainment"].notna()]
        rep_coached = c.groupby("rep_id")["coached"].any()
        rate = num((v["attainment"] >= 1).mean()) if len(v) else None
        by_manager.append({
            "manager_id": mid, "tier": managers.set_index("manager_id").loc[mid, "coaching_quality"],
            "reps": int(c["rep_id"].nunique()), "rep_months": int(len(c)), "coverage": num(c["coached"].mean()),
            "sessions_per_rep_month": num(c["n"].sum() / len(c)), "minutes_per_rep_month": num(c["minutes"].sum() / len(c)),
            "reps_never_coached": int((~rep_coached).sum()),
            "longest_gap_months": int(max(gap[r] for r in c["rep_id"].unique())), "attainment_rate": rate})
        if len(v):
            x.append(c["coached"].mean())
            y.append((v["attainment"] >= 1).mean())
    by_tier = []
    tier_of = managers.set_index("manager_id")["coaching_quality"]
    for tier in TIERS:
        c = cells[cells["manager_id"].map(tier_of) == tier]
        n = len(c)
        reps_n = int(c["rep_id"].nunique())
        never = int((~c.groupby("rep_id")["coached"].any()).sum()) if n else 0
        by_tier.append({
            "tier": tier, "managers": int(c["manager_id"].nunique()), "reps": reps_n, "rep_months": n,
            "coached_rep_months": int(c["coached"].sum()), "coverage": num(c["coached"].mean()) if n else None,
            "sessions_per_rep_month": num(c["n"].sum() / n) if n else None,
            "minutes_per_rep_month": num(c["minutes"].sum() / n) if n else None,
            "reps_never_coached": never, "share_never_coached": num(never / reps_n) if reps_n else None})
    months = []
    for p in sorted(set(perf["period"])):
        for mid in order:
            c = cells[(cells["period"] == p) & (cells["manager_id"] == mid)]
            if len(c):
                months.append({"period": p, "manager_id": mid, "team_reps": int(len(c)),
                               "coached_reps": int(c["coached"].sum()), "coverage": num(c["coached"].mean())})
    r, p, low, high = pearson(np.array(x), np.array(y))
    coached_valid = valid[valid["coached"]]
    uncoached_valid = valid[~valid["coached"]]
    never_total = int((~cells.groupby("rep_id")["coached"].any()).sum())
    return {
        "summary": {
            "rep_months": int(len(cells)), "coached_rep_months": int(cells["coached"].sum()),
            "coverage": num(cells["coached"].mean()), "reps": int(cells["rep_id"].nunique()),
            "reps_never_coached": never_total, "sessions": counted + outside, "sessions_in_data": counted, "sessions_outside_data": outside,
            "attainment_rate_coached": num((coached_valid["attainment"] >= 1).mean()),
            "attainment_rate_uncoached": num((uncoached_valid["attainment"] >= 1).mean()),
            "coverage_attainment_r": r, "coverage_attainment_r_ci_low": low, "coverage_attainment_r_ci_high": high,
            "coverage_attainment_p_value": p, "managers": len(x)},
        "by_tier": by_tier, "by_manager": by_manager, "by_manager_month": months}


def month_index(period):
    y, m = period.split("-")
    return 12 * int(y) + int(m)


def rep_slopes(perf, minimum=6):
    slopes = {}
    for rid, g in perf[perf["attainment"].notna()].groupby("rep_id"):
        if len(g) >= minimum:
            x = g["period"].map(month_index).to_numpy(float)
            slopes[rid] = float(np.polyfit(x, g["attainment"].to_numpy(), 1)[0])
    return slopes


def coaching_vs_firefighting(managers, reps, perf, sessions):
    s = sessions.copy()
    s["dev"] = s["kind"] != "problem_solving"
    s["dev_minutes"] = s["duration_min"].where(s["dev"], 0.0)
    per = s.groupby("manager_id").agg(sessions=("session_id", "size"), minutes=("duration_min", "sum"),
                                      dev=("dev_minutes", "sum"), fire=("dev", lambda d: int((~d).sum())))
    tier_of = managers.set_index("manager_id")["coaching_quality"]
    valid = perf[perf["attainment"].notna()]
    rate = valid.groupby("manager_id")["attainment"].apply(lambda a: (a >= 1).mean())
    slopes = rep_slopes(perf)
    team_slope = {}
    for mid, g in reps.groupby("manager_id"):
        v = [slopes[r] for r in g["rep_id"] if r in slopes]
        if v:
            team_slope[mid] = float(np.mean(v))
    by_manager, xa, ya, xs, ys = [], [], [], [], []
    for mid in managers["manager_id"]:
        if mid not in per.index:
            continue
        row = per.loc[mid]
        share = row["dev"] / row["minutes"] if row["minutes"] > 0 else None
        r = num(rate[mid]) if mid in rate.index else None
        by_manager.append({"manager_id": mid, "tier": tier_of[mid], "sessions": int(row["sessions"]),
                           "minutes": num(row["minutes"]), "developmental_share": num(share),
                           "problem_solving_sessions": int(row["fire"]), "team_attainment_rate": r,
                           "team_mean_slope": team_slope.get(mid)})
        if share is not None and r is not None:
            xa.append(share); ya.append(r)
        if share is not None and mid in team_slope:
            xs.append(share); ys.append(team_slope[mid])
    by_tier = []
    for tier in TIERS:
        members = [m for m in per.index if tier_of[m] == tier and per.loc[m, "minutes"] > 0]
        shares = np.array([per.loc[m, "dev"] / per.loc[m, "minutes"] for m in members])
        n = len(shares)
        ci = stats.t.interval(0.95, n - 1, loc=shares.mean(), scale=shares.std(ddof=1) / np.sqrt(n)) if n >= 2 else (None, None)
        sessions_n = int(sum(per.loc[m, "sessions"] for m in members))
        by_tier.append({"tier": tier, "managers": n, "sessions": sessions_n,
                        "developmental_share": num(sum(per.loc[m, "dev"] for m in members) / sum(per.loc[m, "minutes"] for m in members)) if n else None,
                        "mean_manager_share": num(shares.mean()) if n else None, "ci_low": num(ci[0]), "ci_high": num(ci[1]),
                        "problem_solving_share": num(sum(per.loc[m, "fire"] for m in members) / sessions_n) if sessions_n else None})
    ra, pa, la, ha = pearson(np.array(xa), np.array(ya))
    rs, ps, ls, hs = pearson(np.array(xs), np.array(ys))
    return {
        "summary": {"sessions": int(len(s)), "minutes": num(s["duration_min"].sum()),
                    "developmental_share": num(s["dev_minutes"].sum() / s["duration_min"].sum()),
                    "problem_solving_share": num((~s["dev"]).mean()),
                    "attainment_r": ra, "attainment_r_ci_low": la, "attainment_r_ci_high": ha, "attainment_p_value": pa,
                    "improvement_r": rs, "improvement_r_ci_low": ls, "improvement_r_ci_high": hs, "improvement_p_value": ps,
                    "managers": len(xa)},
        "by_tier": by_tier, "by_manager": by_manager}


def distribution(hours):
    h = np.array(hours, float)
    if len(h) == 0:
        return {"sessions": 0, "mean_hours": None, "p25_hours": None, "median_hours": None, "p75_hours": None,
                "share_same_day": None}
    q = np.quantile(h, [0.25, 0.5, 0.75])
    return {"sessions": int(len(h)), "mean_hours": num(h.mean()), "p25_hours": num(q[0]), "median_hours": num(q[1]),
            "p75_hours": num(q[2]), "share_same_day": num((h < 24).mean())}


def feedback_latency(managers, reps, perf, sessions):
    s = sessions[sessions["feedback_delay_hours"] != ""].copy()
    s["hours"] = pd.to_numeric(s["feedback_delay_hours"])
    s["band"] = np.where(s["hours"] < 24, "same_day", np.where(s["hours"] <= 72, "one_to_three_days", "later"))
    att = {(r, month_index(p)): a for r, p, a in zip(perf["rep_id"], perf["period"], perf["attainment"]) if not np.isnan(a)}

    def window(rid, months):
        v = [att[(rid, m)] for m in months if (rid, m) in att]
        return np.mean(v) if v else None

    changes = []
    for rid, period, band in zip(s["rep_id"], s["period"], s["band"]):
        m = month_index(period)
        before, after = window(rid, range(m - 3, m)), window(rid, range(m + 1, m + 4))
        if before is not None and after is not None:
            changes.append((rid, band, after - before))
    ch = pd.DataFrame(changes, columns=["rep_id", "band", "change"])
    rep_means = ch.groupby(["band", "rep_id"])["change"].mean()
    manager_of = reps.set_index("rep_id")["manager_id"]
    by_band, samples = [], {}
    for band in ["same_day", "one_to_three_days", "later"]:
        present = band in rep_means.index.get_level_values(0)
        v = rep_means[band].to_numpy() if present else np.array([])
        samples[band] = v
        n = len(v)
        by_band.append(dict({"band": band, "sessions": int((s["band"] == band).sum()), "reps": n,
                             "mean_change": num(v.mean()) if n else None},
                            **group_intervals(v, manager_of[rep_means[band].index] if present else [])))
    tier_of = managers.set_index("manager_id")["coaching_quality"]
    by_tier = [dict({"tier": t}, **distribution(s[s["manager_id"].map(tier_of) == t]["hours"])) for t in TIERS]
    by_manager = [dict({"manager_id": m, "tier": tier_of[m]}, **distribution(s[s["manager_id"] == m]["hours"]))
                  for m in managers["manager_id"] if (s["manager_id"] == m).any()]
    w = stats.ttest_ind(samples["same_day"], samples["later"], equal_var=False)
    same, later = samples["same_day"].mean(), samples["later"].mean()
    clustered = clustered_difference(samples["same_day"], manager_of[rep_means["same_day"].index],
                                     samples["later"], manager_of[rep_means["later"].index])
    return {
        "options": dict(CLUSTERED_OPTIONS),
        "summary": dict({"sessions_with_feedback": int(len(s)), "sessions_with_outcome": int(len(ch)),
                         "median_hours": num(np.median(s["hours"])), "share_same_day": num((s["hours"] < 24).mean()),
                         "change_same_day": num(same), "change_later": num(later), "difference": num(same - later)},
                        **clustered, welch_t=num(w.statistic), welch_df=num(w.df), p_value=num(w.pvalue),
                        min_managers=MIN_MANAGERS),
        "by_band": by_band, "by_tier": by_tier, "by_manager": by_manager}


def session_outcomes(perf, events):
    """events: (rep_id, period, group). Each rep's mean after-minus-before change per group."""
    att = {(r, month_index(p)): a for r, p, a in zip(perf["rep_id"], perf["period"], perf["attainment"]) if not np.isnan(a)}

    def window(rid, months):
        v = [att[(rid, m)] for m in months if (rid, m) in att]
        return np.mean(v) if v else None

    rows = []
    for rid, period, group in events:
        m = month_index(period)
        before, after = window(rid, range(m - 3, m)), window(rid, range(m + 1, m + 4))
        if before is not None and after is not None:
            rows.append((rid, group, after - before))
    return pd.DataFrame(rows, columns=["rep_id", "group", "change"])


def group_rows(outcomes, groups, label, events, manager_of):
    means = outcomes.groupby(["group", "rep_id"])["change"].mean()
    rows, samples = [], {}
    for g in groups:
        v = means[g].to_numpy() if g in means.index.get_level_values(0) else np.array([])
        samples[g] = v
        samples[g + " reps"] = list(means[g].index) if len(v) else []
        n = len(v)
        rows.append(dict({label: g, "sessions": int(sum(1 for e in events if e[2] == g)), "reps": n,
                          "mean_change": num(v.mean()) if n else None},
                         **group_intervals(v, [manager_of[r] for r in samples[g + " reps"]])))
    return rows, samples


def focus_breadth(managers, reps, perf, sessions):
    s = sessions.copy()
    s["areas"] = s["focus_areas"].map(lambda t: [a.strip() for a in t.split(";") if a.strip()])
    s["n"] = s["areas"].map(len)
    s["day"] = pd.to_datetime(s["date"])
    with_areas = s[s["n"] > 0].copy()
    window = []
    for _, row in with_areas.iterrows():
        same = s[(s["rep_id"] == row["rep_id"]) & (s["day"] <= row["day"]) & (s["day"] > row["day"] - pd.Timedelta(days=30))]
        window.append(len(set(a for areas in same["areas"] for a in areas)))
    with_areas["window"] = window
    tier_of = managers.set_index("manager_id")["coaching_quality"]
    with_areas["tier"] = with_areas["manager_id"].map(tier_of)
    by_tier = []
    for tier in TIERS:
        t = with_areas[with_areas["tier"] == tier]
        n = len(t)
        by_tier.append({"tier": tier, "sessions": n, "areas_per_session": num(t["n"].mean()) if n else None,
                        "share_focused": num((t["n"] <= 2).mean()) if n else None,
                        "areas_per_30_days": num(t["window"].mean()) if n else None})
    dev = with_areas[with_areas["kind"] != "problem_solving"]
    events = [(r, p, "1-2" if n <= 2 else "3+") for r, p, n in zip(dev["rep_id"], dev["period"], dev["n"])]
    outcomes = session_outcomes(perf, events)
    manager_of = reps.set_index("rep_id")["manager_id"]
    by_breadth, samples = group_rows(outcomes, ["1-2", "3+"], "breadth", events, manager_of)
    w = stats.ttest_ind(samples["1-2"], samples["3+"], equal_var=False)
    a, b = samples["1-2"].mean(), samples["3+"].mean()
    clustered = clustered_difference(samples["1-2"], manager_of[samples["1-2 reps"]],
                                     samples["3+"], manager_of[samples["3+ reps"]])
    return {
        "options": dict(CLUSTERED_OPTIONS),
        "summary": dict({"sessions_with_areas": int(len(with_areas)), "sessions_without_areas": int(len(s) - len(with_areas)),
                         "areas_per_session": num(with_areas["n"].mean()), "share_focused": num((with_areas["n"] <= 2).mean()),
                         "areas_per_30_days": num(with_areas["window"].mean()), "change_focused": num(a), "change_broad": num(b),
                         "difference": num(a - b)},
                        **clustered, welch_t=num(w.statistic), welch_df=num(w.df), p_value=num(w.pvalue),
                        min_managers=MIN_MANAGERS),
        "by_breadth": by_breadth, "by_tier": by_tier}


def follow_counts(a):
    done = a[a["completed_on"] != ""]
    on_time = done[done["completed_on"] <= done["due_on"]]
    late = done[done["completed_on"] > done["due_on"]]
    days = (pd.to_datetime(late["completed_on"]) - pd.to_datetime(late["due_on"])).dt.days.to_numpy(float)
    n = len(a)
    return {"assignments": n, "completed": int(len(done)), "on_time": int(len(on_time)),
            "share_on_time": num(len(on_time) / n) if n else None,
            "median_days_late": num(np.median(days)) if len(days) else None}


def assignment_follow_through(managers, reps, perf, sessions):
    a = pd.read_csv(os.path.join(OUT, "assignments.csv"), dtype=str, keep_default_na=False)
    a = a.merge(reps[["rep_id", "manager_id"]], on="rep_id")
    a["period"] = a["assigned_on"].str[:7]
    tier_of = managers.set_index("manager_id")["coaching_quality"]
    held = sessions.groupby("manager_id").size()
    with_assignment = sessions[sessions["session_id"].isin(set(a["session_id"]) - {""})].groupby("manager_id").size()
    outcomes = session_outcomes(perf, [(r, p, "all") for r, p in zip(a["rep_id"], a["period"])])
    change = outcomes.groupby("rep_id")["change"].mean()
    counts = {r: follow_counts(g) for r, g in a.groupby("rep_id")}
    eligible = {r: c for r, c in counts.items() if c["assignments"] >= 2}
    median = float(np.median([c["share_on_time"] for c in eligible.values()]))
    groups = {"high": [], "low": []}
    for r, c in eligible.items():
        groups["high" if c["share_on_time"] >= median else "low"].append(r)
    manager_of = reps.set_index("rep_id")["manager_id"]
    by_group, samples, compared = [], {}, {}
    for g in ["high", "low"]:
        v = np.array([change[r] for r in groups[g] if r in change.index])
        samples[g] = v
        compared[g] = [r for r in groups[g] if r in change.index]
        n = len(v)
        by_group.append(dict({"group": g, "reps": len(groups[g]),
                              "mean_share_on_time": num(np.mean([eligible[r]["share_on_time"] for r in groups[g]])) if groups[g] else None,
                              "reps_with_outcome": n, "mean_change": num(v.mean()) if n else None},
                             **group_intervals(v, [manager_of[r] for r in compared[g]])))
    h, l = samples["high"], samples["low"]
    w = stats.ttest_ind(h, l, equal_var=False)
    se = np.sqrt(h.var(ddof=1) / len(h) + l.var(ddof=1) / len(l))
    t = stats.t.ppf(0.975, w.df)
    diff = h.mean() - l.mean()
    by_tier = []
    for tier in TIERS:
        ms = [m for m in managers["manager_id"] if tier_of[m] == tier]
        row = dict({"tier": tier}, **follow_counts(a[a["manager_id"].isin(ms)]))
        nh = int(held[held.index.isin(ms)].sum())
        row["share_sessions_with_assignment"] = num(with_assignment[with_assignment.index.isin(ms)].sum() / nh) if nh else None
        by_tier.append(row)
    by_manager = []
    for m in managers["manager_id"]:
        am = a[a["manager_id"] == m]
        nh = int(held.get(m, 0))
        if len(am) == 0 and nh == 0:
            continue
        row = dict({"manager_id": m, "tier": tier_of[m]}, **follow_counts(am))
        row["sessions"] = nh
        row["share_sessions_with_assignment"] = num(with_assignment.get(m, 0) / nh) if nh else None
        by_manager.append(row)
    by_rep = []
    clustered = clustered_difference(h, manager_of[compared["high"]], l, manager_of[compared["low"]])
    for r in reps["rep_id"]:
        if r in counts:
            by_rep.append(dict({"rep_id": r, "manager_id": manager_of[r]}, **counts[r],
                               mean_change=num(change[r]) if r in change.index else None))
    total = follow_counts(a)
    return {
        "options": dict(CLUSTERED_OPTIONS),
        "summary": dict(total, share_sessions_with_assignment=num(with_assignment.sum() / held.sum()),
                        median_share_on_time=num(median), change_high=num(h.mean()), change_low=num(l.mean()),
                        difference=num(diff), difference_ci_low=num(diff - t * se), difference_ci_high=num(diff + t * se),
                        **clustered, welch_t=num(w.statistic), welch_df=num(w.df), p_value=num(w.pvalue),
                        min_managers=MIN_MANAGERS),
        "by_follow_through": by_group, "by_tier": by_tier, "by_manager": by_manager, "by_rep": by_rep}


QUADRANTS = [("on_track", "Followed through, improving"), ("skill_gap", "Followed through, not improving (skill)"),
             ("will_gap", "Not following through (will)"), ("no_commitment", "No commitment on record"),
             ("not_assessable", "Commitments not yet assessable"), ("uncertain", "Too little data to place reliably")]
PLACED = ["on_track", "skill_gap", "will_gap"]
RELIABILITY = 0.8


def raw_label(items):
    """The unshrunk rule on a list of commitment dicts (judged, met, outcome)."""
    if not items:
        return "no_commitment"
    judged = [c for c in items if c["judged"]]
    if not judged:
        return "not_assessable"
    if 2 * sum(c["met"] for c in judged) < len(judged):
        return "will_gap"
    outcomes = [c["outcome"] for c in judged if c["outcome"] is not None]
    if not outcomes:
        return "not_assessable"
    return "on_track" if np.mean(outcomes) > 0 else "skill_gap"


def eb_posterior(x, v):
    """Normal-normal empirical Bayes over one tier (Plugins/SkillWillMatrix/README.md):
    tau2 by the method of moments floored at 0, precision-weighted mean and its variance,
    each unit's shrunk mean, posterior variance and weight B. None with fewer than 2 units."""
    x, v = np.asarray(x, float), np.asarray(v, float)
    if len(x) < 2:
        return None
    tau2 = max(0.0, x.var(ddof=1) - v.mean())
    exact = (tau2 + v) == 0
    if exact.any():
        mu, v_mu = x[exact].mean(), 0.0
    else:
        w = 1 / (tau2 + v)
        mu, v_mu = (w * x).sum() / w.sum(), 1 / w.sum()
    b = tau2 / (tau2 + v) if tau2 > 0 else np.zeros_like(v)
    return {"tau2": tau2, "mu": mu, "mean": mu + b * (x - mu), "var": b * v + (1 - b) ** 2 * v_mu, "b": b}


def p_above(line, mean, var, including):
    if var > 0:
        return float(stats.norm.sf((line - mean) / np.sqrt(var)))
    return 1.0 if mean > line or (including and mean == line) else 0.0


def skill_will_matrix(managers, reps, perf, sessions):
    a = pd.read_csv(os.path.join(OUT, "assignments.csv"), dtype=str, keep_default_na=False)
    a["file_order"] = np.arange(len(a))
    metrics = ["quota", "bookings", "calls", "meetings", "opportunities_created", "pipeline_value"]
    c = a[(a["target_metric"] != "") & (a["target_value"] != "")].copy()
    unknown = int((~c["target_metric"].isin(metrics)).sum())
    c = c[c["target_metric"].isin(metrics)]
    c["target"] = pd.to_numeric(c["target_value"])
    c["m"] = c["assigned_on"].str[:7].map(month_index)
    p = perf.copy()
    p["m"] = p["period"].map(month_index)
    for col in ["calls", "meetings", "opportunities_created", "pipeline_value"]:
        p[col] = pd.to_numeric(p[col].replace("", np.nan))
    value = {(r, m): row for r, m, row in zip(p["rep_id"], p["m"], p.to_dict("records"))}
    att = {(r, m): x for r, m, x in zip(p["rep_id"], p["m"], p["attainment"]) if not np.isnan(x)}
    items = {r: [] for r in reps["rep_id"]}
    for rid, metric, target, m, day, order in zip(c["rep_id"], c["target_metric"], c["target"], c["m"],
                                                  c["assigned_on"], c["file_order"]):
        item = {"day": pd.Timestamp(day), "order": order, "judged": False, "met": False, "outcome": None,
                "after": [], "before": []}
        items[rid].append(item)
        vals = [value[(rid, k)][metric] for k in range(m + 1, m + 4) if (rid, k) in value]
        vals = [float(v) for v in vals if not (isinstance(v, float) and np.isnan(v))]
        if not vals:
            continue
        item["judged"] = True
        item["met"] = bool(np.mean(vals) >= target)
        before = [k for k in range(m - 3, m) if (rid, k) in att]
        after = [k for k in range(m + 1, m + 4) if (rid, k) in att]
        if before and after:
            item["outcome"] = np.mean([att[(rid, k)] for k in after]) - np.mean([att[(rid, k)] for k in before])
            item["after"], item["before"] = after, before
    manager_of = reps.set_index("rep_id")["manager_id"]
    tier_of = managers.set_index("manager_id")["coaching_quality"]
    rec = {}
    for rid, its in items.items():
        judged = [i for i in its if i["judged"]]
        outcomes = [i["outcome"] for i in judged if i["outcome"] is not None]
        rec[rid] = {"commitments": len(its), "judged": len(judged), "met": sum(i["met"] for i in judged),
                    "outcome": np.mean(outcomes) if outcomes else None, "raw": raw_label(its)}

    # s^2: residual variance of a month's attainment around each rep's own OLS line, pooled.
    ssr, dof = 0.0, 0
    for rid, g in p[p["attainment"].notna()].groupby("rep_id"):
        if len(g) >= 3:
            fit = sm.OLS(g["attainment"].to_numpy(), sm.add_constant(g["m"].to_numpy(float))).fit()
            ssr += float(fit.ssr)
            dof += len(g) - 2
    s2 = ssr / dof if dof else None
    # Sampling variance of a rep's outcome: s^2 times the sum of its months' squared weights.
    v_change = {}
    for rid, its in items.items():
        with_outcome = [i for i in its if i["outcome"] is not None]
        if not with_outcome or s2 is None:
            continue
        w = {}
        for i in with_outcome:
            for k in i["after"]:
                w[k] = w.get(k, 0.0) + 1 / len(i["after"]) / len(with_outcome)
            for k in i["before"]:
                w[k] = w.get(k, 0.0) - 1 / len(i["before"]) / len(with_outcome)
        v_change[rid] = s2 * sum(x * x for x in w.values())

    post = {rid: {} for rid in rec}
    flat = {}  # tier -> (follow-through tau2 == 0, change tau2 == 0)
    by_tier_rows = []
    for tier in TIERS:
        rs = [r for r in reps["rep_id"] if tier_of[manager_of[r]] == tier and rec[r]["judged"] > 0]
        pooled = sum(rec[r]["met"] for r in rs) / sum(rec[r]["judged"] for r in rs) if rs else 0.0
        x = [rec[r]["met"] / rec[r]["judged"] for r in rs]
        v = [pooled * (1 - pooled) / rec[r]["judged"] for r in rs]
        follow = eb_posterior(x, v)
        for j, r in enumerate(rs):
            if follow:
                post[r]["share_met_shrunk"] = follow["mean"][j]
                post[r]["share_met_own_weight"] = follow["b"][j]
                post[r]["probability_follows"] = p_above(0.5, follow["mean"][j], follow["var"][j], True)
        rc = [r for r in rs if rec[r]["outcome"] is not None and r in v_change]
        change = eb_posterior([rec[r]["outcome"] for r in rc], [v_change[r] for r in rc])
        for j, r in enumerate(rc):
            if change:
                post[r]["attainment_change_shrunk"] = change["mean"][j]
                post[r]["attainment_change_own_weight"] = change["b"][j]
                post[r]["probability_improving"] = p_above(0.0, change["mean"][j], change["var"][j], False)
        flat[tier] = (bool(follow and follow["tau2"] == 0), bool(change and change["tau2"] == 0))
        by_tier_rows.append({
            "tier": tier, "reps": len(rs),
            "share_met_mean": num(follow["mu"]) if follow else None,
            "share_met_between_sd": num(np.sqrt(follow["tau2"])) if follow else None,
            "reps_with_change": sum(1 for r in rs if rec[r]["outcome"] is not None),
            "attainment_change_mean": num(change["mu"]) if change else None,
            "attainment_change_between_sd": num(np.sqrt(change["tau2"])) if change else None})

    quadrant = {}
    for rid, r in rec.items():
        if r["judged"] == 0:
            quadrant[rid] = r["raw"]
            continue
        pf, pi = post[rid].get("probability_follows"), post[rid].get("probability_improving")
        if pf is None:
            quadrant[rid] = "uncertain"
        elif pf >= RELIABILITY:
            if r["outcome"] is None:
                quadrant[rid] = "not_assessable"
            elif pi is None:
                quadrant[rid] = "uncertain"
            else:
                quadrant[rid] = "on_track" if pi >= RELIABILITY else ("skill_gap" if 1 - pi >= RELIABILITY else "uncertain")
        else:
            quadrant[rid] = "will_gap" if 1 - pf >= RELIABILITY else "uncertain"

    # A label decided by the tier's mean alone (tau^2 = 0 on a line that placed the rep) is
    # withheld: the rep is uncertain, and counted in reps_placed_by_tier.
    by_tier_alone = 0
    for rid, q in list(quadrant.items()):
        ff, fc = flat[tier_of[manager_of[rid]]]
        if (q == "will_gap" and ff) or (q in ("on_track", "skill_gap") and (ff or fc)):
            by_tier_alone += 1
            quadrant[rid] = "uncertain"

    # Split halves: odd- and even-numbered commitments by date (ties in file order).
    halves = []
    for rid in reps["rep_id"]:
        its = sorted(items[rid], key=lambda i: (i["day"], i["order"]))
        odd, even = raw_label(its[0::2]), raw_label(its[1::2])
        if odd in PLACED and even in PLACED:
            halves.append((odd, even))
    split = {"split_half_reps": len(halves), "split_half_agreement": None, "split_half_chance_agreement": None,
             "split_half_kappa": None}
    if halves:
        table = pd.crosstab(pd.Categorical([h[0] for h in halves], PLACED), pd.Categorical([h[1] for h in halves], PLACED),
                            dropna=False).to_numpy(float)
        n = table.sum()
        p_e = float((table.sum(1) / n) @ (table.sum(0) / n))
        split.update({"split_half_agreement": num(np.trace(table) / n), "split_half_chance_agreement": num(p_e),
                      "split_half_kappa": num(inter_rater.cohens_kappa(table).kappa) if p_e < 1 else None})

    followers, others, compared = [], [], {True: [], False: []}
    for rid, r in rec.items():
        if r["judged"] and r["outcome"] is not None:
            follows = 2 * r["met"] >= r["judged"]
            (followers if follows else others).append(r["outcome"])
            compared[follows].append(rid)
    by_rep = []
    for rid in reps["rep_id"]:
        r = rec[rid]
        row = {"rep_id": rid, "manager_id": manager_of[rid], "commitments": r["commitments"], "judged": r["judged"],
               "met": r["met"], "share_met": num(r["met"] / r["judged"]) if r["judged"] else None,
               "attainment_change": num(r["outcome"]), "quadrant": quadrant[rid]}
        for key in ["share_met_shrunk", "share_met_own_weight", "probability_follows", "attainment_change_shrunk",
                    "attainment_change_own_weight", "probability_improving"]:
            row[key] = num(post[rid].get(key))
        row["raw_quadrant"] = r["raw"]
        by_rep.append(row)
    by_manager = []
    for mid in managers["manager_id"]:
        rs = [r for r in reps["rep_id"] if manager_of[r] == mid]
        if rs:
            row = {"manager_id": mid, "tier": tier_of[mid], "reps": len(rs)}
            for q, _ in QUADRANTS:
                row[q] = sum(1 for r in rs if quadrant[r] == q)
            by_manager.append(row)
    n = len(reps)
    by_quadrant = [{"quadrant": q, "description": d, "reps": sum(1 for v in quadrant.values() if v == q),
                    "share": num(sum(1 for v in quadrant.values() if v == q) / n)} for q, d in QUADRANTS]
    f, o = np.array(followers), np.array(others)
    summary = {"reps": n}
    for q, _ in QUADRANTS:
        summary[q] = sum(1 for v in quadrant.values() if v == q)
    judged = sum(r["judged"] for r in rec.values())
    met = sum(r["met"] for r in rec.values())
    reps_judged = sum(1 for r in rec.values() if r["judged"])
    summary.update({"commitments": sum(r["commitments"] for r in rec.values()), "commitments_judged": judged,
                    "commitments_met": met, "share_met": num(met / judged) if judged else None,
                    "commitments_unknown_metric": unknown, "min_managers": MIN_MANAGERS,
                    "reliability": RELIABILITY, "reps_judged": reps_judged, "reps_placed_by_tier": by_tier_alone,
                    "share_uncertain": num(summary["uncertain"] / reps_judged) if reps_judged else None,
                    "attainment_month_sd": num(np.sqrt(s2)) if s2 is not None else None, **split})
    if len(f) >= 2 and len(o) >= 2:
        w = stats.ttest_ind(f, o, equal_var=False)
        se = np.sqrt(f.var(ddof=1) / len(f) + o.var(ddof=1) / len(o))
        t = stats.t.ppf(0.975, w.df)
        d = f.mean() - o.mean()
        summary.update({"change_followers": num(f.mean()), "change_non_followers": num(o.mean()), "difference": num(d),
                        "difference_ci_low": num(d - t * se), "difference_ci_high": num(d + t * se), "p_value": num(w.pvalue)})
        summary.update(clustered_difference(f, manager_of[compared[True]], o, manager_of[compared[False]]))
    return {"options": dict(CLUSTERED_OPTIONS), "summary": summary, "by_quadrant": by_quadrant, "by_manager": by_manager,
            "by_rep": by_rep, "shrinkage_by_tier": by_tier_rows}


FUNNEL = ["calls", "meetings", "opportunities_created", "pipeline_value", "attainment"]
FUNNEL_KEYS = {"calls": "calls", "meetings": "meetings", "opportunities_created": "opportunities",
               "pipeline_value": "pipeline", "attainment": "attainment"}


def t_p_value(fit):
    """Two-sided p-value of a cr2() contrast from t with its Bell-McCaffrey dof."""
    return 2 * stats.t.sf(abs(fit["estimate"] / fit["se"]), fit["dof"])


def activity_to_pipeline(managers, reps, perf, sessions, scenario_text="calls=+100%"):
    """activity-to-pipeline from its README alone.

    Funnel: each link log(stage) ~ 1 + log(previous stage) over rep-months with both above
    zero. The four links are stacked at row level into one design (block-diagonal X, 8
    columns, a link's rows zero outside its block) clustered by manager, and every interval
    is cr2() of a contrast of that design: a link's slope; a total elasticity or a projected
    log change lambda * prod(beta) by the delta method, the gradient as the contrast. The
    script checks that each link's slope, se and dof in the stack equal its own cr2() fit.
    Held fixed: log(outcome) ~ 1 + log(calls) + log(meetings), cr2() by manager.
    """
    p = perf.copy()
    for col in ["calls", "meetings", "opportunities_created", "pipeline_value"]:
        p[col] = pd.to_numeric(p[col].replace("", np.nan))
    scenario = {}
    for part in scenario_text.split(","):
        name, change = part.split("=")
        scenario[name] = float(change.rstrip("%")) / 100
    summary = {"rows": int(len(p)), "scenario": scenario_text,
               "scenario_calls_change": scenario.get("calls", 0.0), "scenario_meetings_change": scenario.get("meetings", 0.0)}

    # The links' rows, then the stacked design.
    links = []
    for a, b in zip(FUNNEL[:-1], FUNNEL[1:]):
        d = p[(p[a] > 0) & (p[b] > 0)]
        links.append({"input": a, "stage": b, "x": np.log(d[a].to_numpy()), "y": np.log(d[b].to_numpy()),
                      "manager": d["manager_id"].to_numpy(), "rep": d["rep_id"].to_numpy(), "values": d[b].to_numpy()})
    K = 2 * len(links)
    X = np.zeros((sum(len(l["y"]) for l in links), K))
    y = np.concatenate([l["y"] for l in links])
    cluster = np.concatenate([l["manager"] for l in links])
    row = 0
    for i, l in enumerate(links):
        X[row:row + len(l["y"]), 2 * i] = 1
        X[row:row + len(l["y"]), 2 * i + 1] = l["x"]
        row += len(l["y"])
    beta = cr2(X, y, cluster, np.eye(K)[1])["beta"]
    slopes = beta[1::2]

    def contrast(c):
        return cr2(X, y, cluster, c)

    def carried(first, last, lam):
        """lambda * prod(beta) over links first..last-1 with its cr2() contrast."""
        path = list(range(first, last))
        g = np.zeros(K)
        for i in path:
            g[2 * i + 1] = lam * np.prod([slopes[j] for j in path if j != i])
        fit = contrast(g)
        est = lam * np.prod(slopes[path])
        return est, fit["se"], fit["t_quantile"], fit["dof"]

    funnel, totals = [], {}
    for i, l in enumerate(links):
        fit = contrast(np.eye(K)[2 * i + 1])
        alone = cr2(np.column_stack([np.ones(len(l["y"])), l["x"]]), l["y"], l["manager"], [0, 1])
        assert abs(alone["estimate"] - fit["estimate"]) < 1e-9 * abs(fit["estimate"]) + 1e-13
        assert abs(alone["se"] / fit["se"] - 1) < 1e-9 and abs(alone["dof"] / fit["dof"] - 1) < 1e-9
        est, se, q, _ = carried(0, i + 1, 1.0)
        key = f"link_{FUNNEL_KEYS[l['stage']]}_{FUNNEL_KEYS[l['input']]}"
        pval = t_p_value(fit)
        summary.update({key: num(fit["estimate"]), key + "_ci_low": num(fit["low"]), key + "_ci_high": num(fit["high"]),
                        key + "_p_value": num(pval)})
        tkey = f"total_elasticity_{FUNNEL_KEYS[l['stage']]}_calls"
        totals.update({tkey: num(est), tkey + "_ci_low": num(est - q * se), tkey + "_ci_high": num(est + q * se)})
        funnel.append({"stage": l["stage"], "input": l["input"], "elasticity": num(fit["estimate"]),
                       "ci_low": num(fit["low"]), "ci_high": num(fit["high"]), "p_value": num(pval),
                       "degrees_of_freedom": num(fit["dof"]), "rep_months": int(len(l["y"])),
                       "reps": int(len(set(l["rep"]))), "managers": int(len(set(l["manager"]))),
                       "elasticity_to_calls": num(est), "elasticity_to_calls_ci_low": num(est - q * se),
                       "elasticity_to_calls_ci_high": num(est + q * se)})
    summary.update(totals)

    # The scenario: a named meetings change replaces what calls would bring to meetings.
    start = 1 if "meetings" in scenario else 0
    lam = np.log1p(scenario.get(FUNNEL[start], 0.0))
    scen = []
    for s in range(1, len(FUNNEL)):
        if s == start:
            change = low = high = scenario["meetings"]
            dof = None
        else:
            est, se, q, dof = carried(start, s, lam)
            change, low, high = np.expm1(est), np.expm1(est - q * se), np.expm1(est + q * se)
        l = links[s - 1]
        mean = float(np.mean(l["values"]))
        scen.append({"outcome": FUNNEL[s], "reps": int(len(set(l["rep"]))), "baseline_mean": num(mean),
                     "projected_mean": num(mean * (1 + change)), "relative_change": num(change),
                     "ci_low": num(low), "ci_high": num(high), "degrees_of_freedom": num(dof)})
        key = FUNNEL_KEYS[FUNNEL[s]]
        summary.update({f"{key}_change": num(change), f"{key}_change_ci_low": num(low), f"{key}_change_ci_high": num(high)})

    # Each outcome on calls and meetings together (meetings held fixed).
    elasticities = []
    for outcome in ["opportunities_created", "pipeline_value", "attainment"]:
        d = p[(p[outcome] > 0) & (p["calls"] > 0) & (p["meetings"] > 0)]
        X3 = np.column_stack([np.ones(len(d)), np.log(d["calls"]), np.log(d["meetings"])])
        for j, activity in [(1, "calls"), (2, "meetings")]:
            fit = cr2(X3, np.log(d[outcome].to_numpy()), d["manager_id"].to_numpy(), np.eye(3)[j])
            pval = t_p_value(fit)
            elasticities.append({"outcome": outcome, "activity": activity, "elasticity": num(fit["estimate"]),
                                 "ci_low": num(fit["low"]), "ci_high": num(fit["high"]), "p_value": num(pval),
                                 "rep_months": int(len(d)), "reps": int(d["rep_id"].nunique()),
                                 "managers": int(d["manager_id"].nunique())})
            key = f"elasticity_{FUNNEL_KEYS[outcome]}_{activity}"
            summary.update({key: num(fit["estimate"]), key + "_ci_low": num(fit["low"]), key + "_ci_high": num(fit["high"]),
                            key + "_p_value": num(pval)})
    summary.update({"managers": int(len(set(cluster))), "min_managers": 5})

    # The activity curve: groups of calls values. Cut d is the calls of row n*d//10 of the
    # rows sorted by calls; group d holds the rows with calls in [cut d, cut d+1) (the last
    # up to the most calls), ties together; an empty group is left out.
    c = p[p["calls"].notna()]
    values = np.sort(c["calls"].to_numpy())
    n = len(values)
    cuts = [values[n * d // 10] for d in range(10)]
    curve = []
    for dcl in range(10):
        inside = c["calls"] >= cuts[dcl]
        if dcl < 9:
            inside &= c["calls"] < cuts[dcl + 1]
        part = c[inside]
        if len(part) == 0:
            continue
        curve.append({"decile": dcl + 1, "calls_min": num(part["calls"].min()), "calls_max": num(part["calls"].max()),
                      "rep_months": int(len(part)), "reps": int(part["rep_id"].nunique()),
                      "mean_calls": num(part["calls"].mean()),
                      "mean_opportunities": num(part["opportunities_created"].mean()),
                      "mean_pipeline": num(part["pipeline_value"].mean()), "mean_attainment": num(part["attainment"].mean())})
    return {"options": {"scenario": scenario_text}, "summary": summary, "funnel": funnel, "scenario": scen,
            "elasticities": elasticities, "activity_curve": curve}


STAGES = ["calls", "meetings", "opportunities_per_call", "pipeline_per_opportunity", "win_rate"]


def performance_gaps(managers, reps, perf, sessions):
    p = perf.copy()
    for col in ["calls", "meetings", "opportunities_created", "pipeline_value"]:
        p[col] = pd.to_numeric(p[col].replace("", np.nan))

    def ratio(g, a, b):
        both = g[g[a].notna() & g[b].notna()]
        return num(both[a].sum() / both[b].sum()) if len(both) and both[b].sum() > 0 else None

    values = {}
    for rid, g in p.groupby("rep_id"):
        values[rid] = {"calls": num(g["calls"].mean()) if g["calls"].notna().any() else None,
                       "meetings": num(g["meetings"].mean()) if g["meetings"].notna().any() else None,
                       "opportunities_per_call": ratio(g, "opportunities_created", "calls"),
                       "pipeline_per_opportunity": ratio(g, "pipeline_value", "opportunities_created"),
                       "win_rate": ratio(g, "bookings", "pipeline_value")}
    keys = []
    group_of = {}
    for rid, seg, reg in zip(reps["rep_id"], reps["segment"], reps["region"]):
        if (seg, reg) not in keys:
            keys.append((seg, reg))
        group_of[rid] = (seg, reg)
    threshold = {}
    for stage in STAGES:
        org = [v[stage] for v in values.values() if v[stage] is not None]
        for key in keys:
            peers = [values[r][stage] for r in reps["rep_id"] if group_of[r] == key and r in values and values[r][stage] is not None]
            threshold[(key, stage)] = num(np.quantile(peers, 0.75)) if len(peers) >= 4 else num(np.quantile(org, 0.75))
    # Each rep's mid-rank percentile among the same peers (the organisation under four).
    rank = {}
    for stage in STAGES:
        org = [v[stage] for v in values.values() if v[stage] is not None]
        for key in keys:
            members = [r for r in reps["rep_id"] if group_of[r] == key and r in values and values[r][stage] is not None]
            pool = [values[r][stage] for r in members] if len(members) >= 4 else org
            for r in members:
                rank[(r, stage)] = stats.percentileofscore(pool, values[r][stage], kind="mean") / 100
    manager_of = reps.set_index("rep_id")["manager_id"]
    by_rep, gaps, counts, none = [], {s: [] for s in STAGES}, {s: 0 for s in STAGES}, 0
    for rid in reps["rep_id"]:
        if rid not in values:
            continue
        row = {"rep_id": rid, "manager_id": manager_of[rid], "segment": group_of[rid][0], "region": group_of[rid][1]}
        worst = None
        for stage in STAGES:
            v, top = values[rid][stage], threshold[(group_of[rid], stage)]
            gap = v / top - 1 if v is not None and top is not None and top > 0 else None
            row[stage], row[stage + "_gap"] = v, num(gap)
            if gap is not None:
                gaps[stage].append(gap)
        # Largest gap: of the stages below the top quartile, the lowest percentile; funnel order on ties.
        below = [s for s in STAGES if row[s + "_gap"] is not None and row[s + "_gap"] < 0]
        worst = min(below, key=lambda s: (rank[(rid, s)], STAGES.index(s))) if below else None
        if worst:
            counts[worst] += 1
            row["largest_gap_stage"], row["largest_gap"] = worst, row[worst + "_gap"]
        else:
            none += 1
            row["largest_gap_stage"], row["largest_gap"] = "none", None
        for stage in STAGES:
            row[stage + "_percentile"] = num(rank.get((rid, stage)))
        row["largest_gap_percentile"] = num(rank[(rid, worst)]) if worst else None
        by_rep.append(row)
    by_stage = [{"stage": s, "reps_with_value": len(gaps[s]), "median_gap": num(np.median(gaps[s])) if gaps[s] else None,
                 "reps_largest_gap": counts[s]} for s in STAGES]
    by_peer = []
    for key in keys:
        row = {"segment": key[0], "region": key[1], "reps": sum(1 for r in reps["rep_id"] if group_of[r] == key)}
        for s in STAGES:
            row[s + "_top_quartile"] = threshold[(key, s)]
        by_peer.append(row)
    summary = {"reps": len(by_rep), "peer_groups": len(keys), "reps_without_gap": none}
    for s in STAGES:
        summary["largest_gap_" + s] = counts[s]
    summary["largest_gap_rule"] = "lowest_peer_percentile"
    return {"summary": summary, "by_stage": by_stage, "by_peer_group": by_peer, "by_rep": by_rep}


def main():
    make_dataset()
    managers, reps, perf, sessions = load()
    expected = {
        "dataset": "coaching",
        "made_with": {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "pandas": pd.__version__,
                      "numpy": np.__version__},
        "coaching-coverage": coaching_coverage(managers, reps, perf, sessions),
        "coaching-vs-firefighting": coaching_vs_firefighting(managers, reps, perf, sessions),
        "feedback-latency": feedback_latency(managers, reps, perf, sessions),
        "focus-breadth": focus_breadth(managers, reps, perf, sessions),
        "assignment-follow-through": assignment_follow_through(managers, reps, perf, sessions),
        "skill-will-matrix": skill_will_matrix(managers, reps, perf, sessions),
        "activity-to-pipeline": activity_to_pipeline(managers, reps, perf, sessions),
        # A scenario that names meetings: they change as named, whatever calls bring.
        "activity-to-pipeline@meetings": activity_to_pipeline(managers, reps, perf, sessions,
                                                              "calls=+50%,meetings=+20%"),
        "performance-gaps": performance_gaps(managers, reps, perf, sessions),
    }
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    with open(os.path.join(HERE, "expected", "coaching.json"), "w") as f:
        json.dump(expected, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote datasets/coaching and expected/coaching.json")


if __name__ == "__main__":
    main()
