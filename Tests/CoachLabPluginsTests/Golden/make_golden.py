#!/usr/bin/env python3
"""Golden values for the headline plugins, from an independent implementation.

Writes small datasets (tidy and untidy: BOM, CRLF, shuffled rows, gaps, missing and zero
quotas, reps with few periods, human tier labels, an empty tier, two managers) under
datasets/, then computes every RESULTS.md value with pandas, scipy and statsmodels into
expected/<case>.json. The Swift tests compare against those files and need no Python.

Contract v2: the intervals robust to clustering by manager (by_tier ci_low/ci_high of both
plugins, rate_difference_ci_*) are CR2 with Bell-McCaffrey degrees of freedom, computed by
cr2() of CoachLabStatisticsTests/Fixtures/make_cr2_reference.py (plain NumPy, imported, so
the golden files and cr2_reference.json share one implementation). The v1 intervals are
kept under wilson_* and t_ci_*.

    pip install numpy pandas scipy statsmodels
    python3 Tests/CoachLabPluginsTests/Golden/make_golden.py
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
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the test fixtures
sys.path.insert(0, os.path.join(HERE, "..", "..", "CoachLabStatisticsTests", "Fixtures"))
from make_cr2_reference import cr2  # noqa: E402
TIERS = ["exceeds", "meets", "needs_improvement"]
LABELS = {
    "exceeds": "exceeds", "meets": "meets", "needs_improvement": "needs_improvement",
    "exceeds expectations": "exceeds", "meets expectations": "meets", "needs improvement": "needs_improvement",
}
SCORE = {"needs_improvement": 0, "meets": 1, "exceeds": 2}


# ---------------------------------------------------------------------------------------
# datasets
def write_csv(path, header, rows, newline="\n", bom=False):
    def field(v):
        s = "" if v is None else str(v)
        if any(c in s for c in ',"\r\n') or s != s.strip():
            s = '"' + s.replace('"', '""') + '"'
        return s
    text = newline.join([",".join(field(h) for h in header)] + [",".join(field(v) for v in r) for r in rows]) + newline
    with open(path, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


def make_org(name, rng, tiers_of_managers, reps_per_manager, months, untidy=False, labels=None):
    out = os.path.join(HERE, "datasets", name)
    os.makedirs(out, exist_ok=True)
    base = {"exceeds": 1.18, "meets": 1.13, "needs_improvement": 1.08}
    trend = {"exceeds": 0.004, "meets": 0.0025, "needs_improvement": 0.001}
    managers = [(f"M{m + 1:03d}", t) for m, t in enumerate(tiers_of_managers)]
    write_csv(os.path.join(out, "managers.csv"), ["manager_id", "coaching_quality"],
              [(mid, (labels or {}).get(t, t) if not untidy else labels[m % len(labels)][t])
               for m, (mid, t) in enumerate(managers)],
              newline="\r\n" if untidy else "\n", bom=untidy)
    reps = []
    for m, (mid, t) in enumerate(managers):
        for r in range(reps_per_manager):
            reps.append((f"R{len(reps) + 1:04d}", mid, t))
    rep_rows = [(rid, mid, "EMEA, North" if i % 3 == 0 else "APAC") for i, (rid, mid, t) in enumerate(reps)]
    if untidy:
        write_csv(os.path.join(out, "reps.csv"), ["region", "manager_id", "rep_id", "notes"],
                  [(reg, mid, rid, 'said "hi"\nsecond line' if i % 7 == 0 else "") for i, (rid, mid, reg) in enumerate(rep_rows)],
                  newline="\r\n", bom=True)
    else:
        write_csv(os.path.join(out, "reps.csv"), ["rep_id", "manager_id", "region"], rep_rows)
    perf = []
    for i, (rid, mid, t) in enumerate(reps):
        eff = rng.normal(0, 0.05)
        slope = rng.normal(trend[t], 0.002)
        quota = [40000, 50000, 60000][i % 3]
        span = months
        if untidy and i % 9 == 0:
            span = 4  # a rep with few periods
        for k in range(span):
            if untidy and rng.random() < 0.15:
                continue  # a gap
            a = base[t] + eff + slope * (k - (months - 1) / 2) + rng.normal(0, 0.12)
            q = quota
            if untidy:
                u = rng.random()
                q = None if u < 0.02 else (0 if u < 0.04 else quota)
            b = round(max(0.0, (q or quota) * a), 2)
            y, mo = 2023 + k // 12, k % 12 + 1
            perf.append([rid, f"{y}-{mo:02d}", "" if q is None else f"{q:.2f}", f"{b:.2f}", 200 + k])
    if untidy:
        order = rng.permutation(len(perf))
        perf = [perf[j] for j in order]
        for j, row in enumerate(perf):
            if j % 11 == 0:
                row[0] = f" {row[0]} "  # identifiers are trimmed
        write_csv(os.path.join(out, "performance.csv"), ["period", "bookings", "rep_id", "quota", "calls"],
                  [(p, b, r, q, c) for r, p, q, b, c in perf], newline="\r\n", bom=True)
        with open(os.path.join(out, "performance.csv"), "rb+") as f:  # no final line break
            f.seek(-2, os.SEEK_END)
            f.truncate()
    else:
        write_csv(os.path.join(out, "performance.csv"), ["rep_id", "period", "quota", "bookings", "calls"], perf)


def make_datasets():
    rng = np.random.default_rng(20241122)
    human = [
        {"exceeds": "Exceeds Expectations", "meets": "meets", "needs_improvement": "Needs Improvement"},
        {"exceeds": "exceeds", "meets": "MEETS EXPECTATIONS", "needs_improvement": "needs_improvement"},
    ]
    make_org("medium", rng, (["exceeds"] * 10 + ["meets"] * 20 + ["needs_improvement"] * 10), 10, 24)
    make_org("untidy", rng, (["exceeds", "meets", "needs_improvement"] * 5), 6, 18, untidy=True, labels=human)
    make_org("no-meets", rng, ["exceeds"] * 3 + ["needs_improvement"] * 3, 7, 14)
    make_org("no-exceeds", rng, ["meets"] * 3 + ["needs_improvement"] * 3, 7, 14)
    make_org("two-managers", rng, ["exceeds", "needs_improvement"], 6, 12)


# ---------------------------------------------------------------------------------------
# reference computations
def num(x):
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def load(name):
    d = os.path.join(HERE, "datasets", name)
    read = lambda f: pd.read_csv(os.path.join(d, f), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    managers, reps, perf = read("managers.csv"), read("reps.csv"), read("performance.csv")
    managers["tier"] = managers["coaching_quality"].str.strip().str.lower().map(LABELS)
    reps["rep_id"] = reps["rep_id"].str.strip()
    perf["rep_id"] = perf["rep_id"].str.strip()
    perf["quota"] = pd.to_numeric(perf["quota"].replace("", np.nan))
    perf["bookings"] = pd.to_numeric(perf["bookings"])
    ym = perf["period"].str.split("-", expand=True).astype(int)
    perf["x"] = 12 * ym[0] + ym[1]
    perf = perf.merge(reps[["rep_id", "manager_id"]], on="rep_id").merge(managers[["manager_id", "tier"]], on="manager_id")
    return perf


def cr2_mean_interval(values, clusters):
    """CR2 (Bell-McCaffrey) 95% interval of a mean: the intercept of values ~ 1 clustered by
    clusters; (None, None) with fewer than 2 clusters."""
    values = np.asarray(values, float)
    codes = pd.factorize(pd.Series(list(clusters)))[0]
    if len(set(codes)) < 2:
        return None, None
    r = cr2(np.ones((len(values), 1)), values, codes, [1.0])
    assert abs(r["estimate"] - values.mean()) < 1e-12 * max(1.0, abs(values.mean())), (r["estimate"], values.mean())
    return r["low"], r["high"]


def quota_attainment(perf):
    valid = perf[perf["quota"] > 0].copy()
    excluded = int(len(perf) - len(valid))
    valid["attained"] = (valid["bookings"] >= valid["quota"]).astype(float)
    valid["ratio"] = valid["bookings"] / valid["quota"]
    rows, counts = [], {}
    for t in TIERS:
        g = valid[valid["tier"] == t]
        n, k = len(g), int(g["attained"].sum())
        counts[t] = (n, k)
        if n:
            wlo, whi = proportion_confint(k, n, alpha=0.05, method="wilson")
            lo, hi = cr2_mean_interval(g["attained"], g["manager_id"])
            rows.append({"tier": t, "rep_periods": n, "attained": k, "rate": k / n, "ci_low": lo, "ci_high": hi,
                         "wilson_low": wlo, "wilson_high": whi,
                         "mean_attainment": g["ratio"].mean(), "reps": int(g["rep_id"].nunique())})
        else:
            rows.append({"tier": t, "rep_periods": 0, "attained": 0, "rate": None, "ci_low": None, "ci_high": None,
                         "wilson_low": None, "wilson_high": None, "mean_attainment": None, "reps": 0})
    summary = {"rep_periods": int(len(valid)), "excluded_rep_periods": excluded}
    present = [t for t in TIERS if counts[t][0] > 0]
    table = np.array([[counts[t][1], counts[t][0] - counts[t][1]] for t in present])
    try:
        chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
        summary.update(chi_square=chi2, df=int(dof), p_value=p)
    except ValueError:
        summary.update(chi_square=None, df=None, p_value=None)
    # Cochran-Armitage, textbook form; cross-checked against statsmodels' variant.
    n = np.array([counts[t][0] for t in TIERS], float)
    k = np.array([counts[t][1] for t in TIERS], float)
    x = np.array([SCORE[t] for t in TIERS], float)
    N = n.sum()
    pbar = k.sum() / N
    var = pbar * (1 - pbar) * ((n * x * x).sum() - (n * x).sum() ** 2 / N)
    if var > 0:
        z = (x * (k - n * pbar)).sum() / math.sqrt(var)
        mask = n > 0
        tab = sm.stats.Table(np.column_stack([k[mask], n[mask] - k[mask]]))
        zsm = tab.test_ordinal_association(row_scores=x[mask], col_scores=np.array([1.0, 0.0])).zscore
        assert abs(z * math.sqrt((N - 1) / N) - zsm) < 1e-9 * max(1, abs(z)), (z, zsm)
        summary.update(trend_z=z, trend_p_value=2 * stats.norm.sf(abs(z)))
    else:
        summary.update(trend_z=None, trend_p_value=None)
    if counts["exceeds"][0] and counts["needs_improvement"][0]:
        diff = counts["exceeds"][1] / counts["exceeds"][0] - counts["needs_improvement"][1] / counts["needs_improvement"][0]
        dummies = [t for t in ["exceeds", "meets"] if counts[t][0] > 0]
        X = sm.add_constant(np.column_stack([(valid["tier"] == t).astype(float) for t in dummies]))
        groups = pd.factorize(valid["manager_id"])[0]
        lo = hi = None
        # CR2 + Bell-McCaffrey, null when exceeds or needs_improvement has fewer than 5 managers.
        if all(valid.loc[valid["tier"] == t, "manager_id"].nunique() >= 5 for t in ["exceeds", "needs_improvement"]):
            r = cr2(X, valid["attained"].to_numpy(), groups, np.eye(X.shape[1])[1])
            assert abs(r["estimate"] - diff) < 1e-12, (r["estimate"], diff)
            lo, hi = r["low"], r["high"]
        summary.update(rate_difference=diff, rate_difference_ci_low=num(lo), rate_difference_ci_high=num(hi))
    else:
        summary.update(rate_difference=None, rate_difference_ci_low=None, rate_difference_ci_high=None)
    summary["min_managers"] = 5
    months = []
    first, last = int(perf["x"].min()), int(perf["x"].max())
    for x in range(first, last + 1):
        year, month = (x - 1) // 12, (x - 1) % 12 + 1
        for t in TIERS:
            g = valid[(valid["x"] == x) & (valid["tier"] == t)]
            n = len(g)
            months.append({"period": f"{year}-{month:02d}", "tier": t, "reps": n, "attained": int(g["attained"].sum()),
                           "rate": num(g["attained"].mean()) if n else None,
                           "mean_attainment": num(g["ratio"].mean()) if n else None})
    return {"summary": {k: num(v) if isinstance(v, float) else v for k, v in summary.items()},
            "by_tier": [{k: num(v) if isinstance(v, float) else v for k, v in r.items()} for r in rows],
            "by_month": months}


def rep_improvement(perf, min_periods):
    valid = perf[perf["quota"] > 0].copy()
    valid["y"] = valid["bookings"] / valid["quota"]
    slopes = {t: [] for t in TIERS}
    managers = {t: [] for t in TIERS}
    early = {t: [] for t in TIERS}
    late = {t: [] for t in TIERS}
    excluded = 0
    for rid, g in valid.groupby("rep_id"):
        g = g.sort_values("x")
        if len(g) < min_periods:
            excluded += 1
            continue
        t = g["tier"].iloc[0]
        slopes[t].append(stats.linregress(g["x"].astype(float), g["y"]).slope)
        managers[t].append(g["manager_id"].iloc[0])
        if len(g) >= 12:
            early[t].append(g["y"].iloc[:6].mean())
            late[t].append(g["y"].iloc[-6:].mean())
    rows = []
    for t in TIERS:
        s = np.array(slopes[t])
        row = {"tier": t, "reps": int(len(s)), "mean_slope": None, "ci_low": None, "ci_high": None,
               "t_ci_low": None, "t_ci_high": None, "median_slope": None, "share_improving": None, "early_attainment": None,
               "late_attainment": None, "relative_improvement": None}
        if len(s):
            row.update(mean_slope=s.mean(), median_slope=float(np.median(s)), share_improving=float((s > 0).mean()))
        if len(s) >= 2:
            h = stats.t.ppf(0.975, len(s) - 1) * s.std(ddof=1) / math.sqrt(len(s))
            row.update(t_ci_low=s.mean() - h, t_ci_high=s.mean() + h)
        if len(s):
            lo, hi = cr2_mean_interval(s, managers[t])
            row.update(ci_low=lo, ci_high=hi)
        if early[t]:
            e, l = float(np.mean(early[t])), float(np.mean(late[t]))
            row.update(early_attainment=e, late_attainment=l, relative_improvement=l / e - 1)
        rows.append({k: num(v) if isinstance(v, float) else v for k, v in row.items()})
    distribution = []
    for t in TIERS:
        s = np.array(slopes[t])
        q = np.percentile(s, [10, 25, 50, 75, 90]) if len(s) else [None] * 5
        distribution.append({"tier": t, "reps": int(len(s)), **{k: num(v) for k, v in zip(["p10", "p25", "median", "p75", "p90"], q)}})
    summary = {"reps": int(sum(len(v) for v in slopes.values())), "excluded_reps": excluded, "min_periods": min_periods}
    a, b = np.array(slopes["exceeds"]), np.array(slopes["needs_improvement"])
    if len(a) >= 2 and len(b) >= 2:
        r = stats.ttest_ind(a, b, equal_var=False)
        summary.update(welch_t=num(r.statistic), welch_df=num(r.df), p_value=num(r.pvalue))
    else:
        summary.update(welch_t=None, welch_df=None, p_value=None)
    # The slope difference with an interval clustered by manager: OLS of the slopes on the
    # dummies of the tiers with reps (needs_improvement the base), CR2 + Bell-McCaffrey,
    # null when exceeds or needs_improvement has fewer than 5 managers; its t p-value.
    summary["managers"] = len({m for t in TIERS for m in managers[t]})
    lo = hi = diff = p = None
    if len(a) and len(b):
        diff = a.mean() - b.mean()
        dummies = [t for t in ["exceeds", "meets"] if slopes[t]]
        tiers = [t for t in TIERS for _ in slopes[t]]
        y = np.concatenate([np.array(slopes[t]) for t in TIERS])
        X = sm.add_constant(np.column_stack([[1.0 if tier == d else 0.0 for tier in tiers] for d in dummies]))
        groups = pd.factorize(pd.Series([m for t in TIERS for m in managers[t]]))[0]
        if len(set(managers["exceeds"])) >= 5 and len(set(managers["needs_improvement"])) >= 5:
            r = cr2(X, y, groups, np.eye(X.shape[1])[1])
            assert abs(r["estimate"] - diff) < 1e-12, (r["estimate"], diff)
            lo, hi = r["low"], r["high"]
            p = 2 * stats.t.sf(abs(r["estimate"] / r["se"]), r["dof"])
    summary.update(slope_difference=num(diff), slope_difference_ci_low=num(lo), slope_difference_ci_high=num(hi),
                   slope_difference_p_value=num(p), min_managers=5)
    return {"summary": summary, "by_tier": rows, "slope_distribution": distribution}


CASES = [("medium", 6), ("untidy", 6), ("untidy", 3), ("no-meets", 6), ("no-exceeds", 6), ("two-managers", 6)]


def main():
    make_datasets()
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    for name, min_periods in CASES:
        perf = load(name)
        expected = {
            "dataset": name,
            "options": {"min-periods": str(min_periods)},
            "made_with": {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "pandas": pd.__version__},
            "quota-attainment-by-coaching-quality": quota_attainment(perf),
            "rep-improvement-over-time": rep_improvement(perf, min_periods),
        }
        with open(os.path.join(HERE, "expected", f"{name}@min{min_periods}.json"), "w") as f:
            json.dump(expected, f, indent=1, allow_nan=False)
            f.write("\n")
        print("wrote", name, min_periods)


if __name__ == "__main__":
    main()
