#!/usr/bin/env python3
"""Reference values for the event studies of feedback-latency, focus-breadth and
assignment-follow-through, written from the plugins' READMEs alone (not from the Swift
estimator), on orgs written by `coachlab generate`.

    swift build -c release --product coachlab
    python3 Tests/CoachLabPluginsTests/EventStudyReference/make_event_study_reference.py

writes event_study_reference.json beside this file (numpy, pandas and scipy; pyfixest, if
installed, adds a third check of the coefficients). EventStudyReferenceTests regenerates the
same orgs with OrgGenerator, checks that its CSV files are these byte for byte (FNV-1a 64 of
each file) and compares every event-study number; it needs no Python.

What the READMEs define, as read here:
  observations  rep-months of performance.csv with quota > 0 (attainment bookings / quota)
  months        the calendar months of performance.csv (every row, quota 0 or not); the
                script stops if they have a gap, where "position" would be ambiguous
  events        feedback-latency: every session with feedback_delay_hours (any kind), band
                  same_day < 24 h, one_to_three_days 24..72 h (both ends), later > 72 h;
                focus-breadth: sessions of kind coaching, ride_along or review with focus
                  areas (';'-split, trimmed, non-empty), focused 1-2 areas, broad 3+;
                assignment-follow-through: on_time (completed_on <= due_on) in the month of
                  completed_on, not_on_time (every other assignment) in the month of due_on;
                each in the calendar month of its date, dropped when that month is more
                than three months from performance.csv's (so none can be a lead or lag of a
                row); a group none of whose regressors is other than 0 on an observation is
                left out of the model
  regressors    n[g, k] of a rep-month t: the rep's events of group g in month t - k,
                k = -3..3 (a rep-month without a row, or with quota 0, still has its events)
  model         y = rep dummies + rep dummies x month position + calendar-month dummies
                + event regressors, plain least squares on that whole design (no within
                transform): SVD with a relative cutoff of 1e-10, since the design is
                rank-deficient by construction (the rep lines span two directions of the
                month dummies; a rep with one observation has a trend column equal to
                its dummy times a constant)
  covariance    CRV1 by each rep's manager (reps.csv) on the whole design:
                V = c B (sum_g X_g'u_g u_g'X_g) B with B = (X'X)^+ and
                c = G/(G-1) (N-1)/(N-K), G managers with observations, K = 7 x groups in the
                model + T months with observations
  derived       a group's effect (b1 + b2 + b3)/3; difference a - b as a contrast, interval
                +/- t(0.975, G-1) se, two-sided p from t(G-1); leads' test with R the six
                leads of the two compared groups, W = (Rb)'(RVR')^-1(Rb),
                F = W (G-q)/(q(G-1)), p = P(F(q, G-q) > F); the table's intervals
                b +/- t(0.975, G-1) se

Every coefficient and covariance is computed twice, by the SVD above and by a QR with column
pivoting that drops the dependent columns, and the script stops unless they agree to 1e-9
relative (on the scale of the largest value of its kind). With pyfixest installed the
coefficients are computed a third time, by `feols("y ~ events + rep_i * t columns | rep +
month")` (the rep trends as explicit regressors, fixef_tol 1e-14), to the same 1e-9. Each
case's `design` records the sizes, event counts and these gaps.

Cases: `plain` (300 reps, 20 months, seed 5); `after-miss` (the same seed with
--feedback-after-miss 0.1: a dip before fast feedback, which the leads should show);
`lifts` (--fast-feedback-lift 0.03 --follow-through-lift 0.02 --focused-session-lift 0.02:
effects after the events); and `thinned` (plain, with performance.csv thinned by `thin` below: the first two months gone,
so events in them are outside the data but within reach of the third month's rows; holes inside reps' histories; one rep with one row
and one with two; quota 0 on scattered rows and on every row of manager M000030's reps, so G
is 29). EventStudyReferenceTests.thinnedPerformance applies the same rules.
"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
import scipy.linalg
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
BINARY = os.environ.get("COACHLAB_BIN", os.path.join(ROOT, ".build", "release", "coachlab"))
LEADS_AND_LAGS = list(range(-3, 4))
AGREEMENT = 1e-9

CASES = [
    {"name": "plain", "reps": 300, "months": 20, "seed": 5, "flags": {}, "thinned": False},
    {"name": "after-miss", "reps": 300, "months": 20, "seed": 5, "thinned": False,
     "flags": {"feedback-after-miss": 0.1}},
    {"name": "lifts", "reps": 300, "months": 20, "seed": 5, "thinned": False,
     "flags": {"fast-feedback-lift": 0.03, "follow-through-lift": 0.02, "focused-session-lift": 0.02}},
    {"name": "thinned", "reps": 300, "months": 20, "seed": 5, "flags": {}, "thinned": True},
]

PLUGINS = {
    "feedback-latency": {"groups": ["same_day", "one_to_three_days", "later"], "a": "same_day", "b": "later"},
    "focus-breadth": {"groups": ["focused", "broad"], "a": "focused", "b": "broad"},
    "assignment-follow-through": {"groups": ["on_time", "not_on_time"], "a": "on_time", "b": "not_on_time"},
}


def fnv1a64(path):
    """FNV-1a 64 of a file's bytes, as 16 hex digits (EventStudyReferenceTests computes the same)."""
    h = 0xcbf29ce484222325
    with open(path, "rb") as f:
        data = f.read()
    for byte in data:
        h ^= byte
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return format(h, "016x")


def month_index(period, start=(2023, 1)):
    year, month = int(period[:4]), int(period[5:7])
    return (year - start[0]) * 12 + month - start[1]


def thin(folder):
    """Thins performance.csv in place, line by line (the Swift test applies the same rules)."""
    reps = pd.read_csv(os.path.join(folder, "reps.csv"), dtype=str)
    silenced = set(reps.loc[reps.manager_id == "M000030", "rep_id"])
    path = os.path.join(folder, "performance.csv")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[-1] == "", "performance.csv ends in a line break"
    out = [lines[0]]
    for line in lines[1:-1]:
        fields = line.split(",")
        rep, m = int(fields[0][1:]), month_index(fields[1])
        if m < 2:
            continue
        if rep % 7 == 3 and 6 <= m <= 8:
            continue
        if rep % 50 == 17 and m != 10:
            continue
        if rep % 50 == 18 and m not in (10, 11):
            continue
        if (rep * 31 + m) % 23 == 0 or fields[0] in silenced:
            fields[2] = "0.00"
        out.append(",".join(fields))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(out) + "\n")


def generate(case, folder):
    command = [BINARY, "generate", "--reps", str(case["reps"]), "--months", str(case["months"]),
               "--seed", str(case["seed"]), "--out", folder]
    for flag, value in case["flags"].items():
        command += ["--" + flag, str(value)]
    subprocess.run(command, check=True, capture_output=True)
    if case["thinned"]:
        thin(folder)


def load(folder):
    read = lambda name: pd.read_csv(os.path.join(folder, name), dtype=str, keep_default_na=False)
    return {name: read(name + ".csv") for name in ["managers", "reps", "performance", "coaching_sessions", "assignments"]}


def events(plugin, data, months):
    """(rep_id, group, month) of every event the README counts, months as 'YYYY-MM'."""
    rows = []
    if plugin == "feedback-latency":
        s = data["coaching_sessions"]
        for rep, date, hours in zip(s.rep_id, s.date, s.feedback_delay_hours):
            if hours.strip() == "":
                continue
            h = float(hours)
            band = "same_day" if h < 24 else ("one_to_three_days" if h <= 72 else "later")
            rows.append((rep, band, date[:7]))
    elif plugin == "focus-breadth":
        s = data["coaching_sessions"]
        for rep, date, kind, areas in zip(s.rep_id, s.date, s.kind, s.focus_areas):
            if kind not in ("coaching", "ride_along", "review"):
                continue
            n = len([a for a in (x.strip() for x in areas.split(";")) if a])
            if n == 0:
                continue
            rows.append((rep, "focused" if n <= 2 else "broad", date[:7]))
    else:
        a = data["assignments"]
        for rep, due, done in zip(a.rep_id, a.due_on, a.completed_on):
            if done != "" and done <= due:
                rows.append((rep, "on_time", done[:7]))
            elif due != "":
                rows.append((rep, "not_on_time", due[:7]))
    first, last = min(month_index(m) for m in months), max(month_index(m) for m in months)
    counted = [r for r in rows if first - 3 <= month_index(r[2]) <= last + 3]
    return counted, len(rows) - len(counted)


def svd_fit(X, y):
    """Least squares and B = (X'X)^+ from the SVD of X, dropping singular values below 1e-10 of the largest."""
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = s > s[0] * 1e-10
    U, s, Vt = U[:, keep], s[keep], Vt[keep]
    beta = Vt.T @ ((U.T @ y) / s)
    bread = (Vt.T / s**2) @ Vt
    return beta, bread, int(keep.sum())


def qr_fit(X, y, event_columns):
    """Least squares on the independent columns a pivoted QR picks, event columns first."""
    Q, R, pivot = scipy.linalg.qr(X, mode="economic", pivoting=True)
    d = np.abs(np.diag(R))
    rank = int((d > d[0] * 1e-10).sum())
    chosen = np.sort(pivot[:rank])
    assert all(j in chosen for j in range(event_columns)), "an event regressor is collinear with the effects"
    Xr = X[:, chosen]
    Qr, Rr = np.linalg.qr(Xr)
    beta_r = scipy.linalg.solve_triangular(Rr, Qr.T @ y)
    Rinv = scipy.linalg.solve_triangular(Rr, np.eye(Rr.shape[0]))
    beta = np.zeros(X.shape[1])
    beta[chosen] = beta_r
    bread = np.zeros((X.shape[1], X.shape[1]))
    bread[np.ix_(chosen, chosen)] = Rinv @ Rinv.T
    return beta, bread, rank


def sandwich(X, residual, clusters, bread):
    scores = np.zeros((len(np.unique(clusters)), X.shape[1]))
    _, index = np.unique(clusters, return_inverse=True)
    np.add.at(scores, index, X * residual[:, None])
    return bread @ (scores.T @ scores) @ bread


def agree(a, b, what):
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)))
    gap = np.max(np.abs(a - b)) / scale
    if gap > AGREEMENT:
        sys.exit(f"{what}: SVD and QR disagree by {gap:.2e} relative")
    return gap


def event_study(plugin, data):
    spec = PLUGINS[plugin]
    perf = data["performance"]
    months = sorted(set(perf.period))
    positions = [month_index(m) for m in months]
    if positions != list(range(positions[0], positions[0] + len(positions))):
        sys.exit("performance.csv's months have a gap: a month's position would be ambiguous")
    quota = perf.quota.astype(float)
    obs = perf[quota > 0].copy()
    obs["y"] = obs.bookings.astype(float) / obs.quota.astype(float)
    obs["t"] = [month_index(p) - positions[0] for p in obs.period]
    manager_of = dict(zip(data["reps"].rep_id, data["reps"].manager_id))
    obs["manager"] = obs.rep_id.map(manager_of)

    counted, outside = events(plugin, data, set(months))
    tally = {}
    for rep, group, month in counted:
        key = (rep, group, month_index(month) - positions[0])
        tally[key] = tally.get(key, 0) + 1
    groups = []
    columns = []
    for g in spec["groups"]:
        block = [[tally.get((rep, g, t - k), 0) for rep, t in zip(obs.rep_id, obs.t)] for k in LEADS_AND_LAGS]
        if any(any(column) for column in block):
            groups.append(g)
            columns += block
    E = np.array(columns, dtype=float).T

    reps = sorted(set(obs.rep_id))
    months_seen = sorted(set(obs.t))
    N, k, T, G = len(obs), E.shape[1], len(months_seen), obs.manager.nunique()
    rep_of_row = np.array(list(obs.rep_id), dtype=object)
    t = np.array(list(obs.t), dtype=float)
    rep_dummies = (rep_of_row[:, None] == np.array(reps, dtype=object)[None, :]).astype(float)
    month_dummies = (t[:, None] == np.array(months_seen, dtype=float)[None, :]).astype(float)
    X = np.hstack([E, rep_dummies, rep_dummies * t[:, None], month_dummies])
    y = np.array(list(obs.y), dtype=float)
    managers = np.array(list(obs.manager), dtype=object)

    beta, bread, rank = svd_fit(X, y)
    beta_qr, bread_qr, rank_qr = qr_fit(X, y, k)
    assert rank == rank_qr, (rank, rank_qr)
    c = G / (G - 1) * (N - 1) / (N - (k + T))
    V = c * sandwich(X, y - X @ beta, managers, bread)[:k, :k]
    V_qr = c * sandwich(X, y - X @ beta_qr, managers, bread_qr)[:k, :k]
    checks = {"coefficients": float(agree(beta[:k], beta_qr[:k], plugin + " coefficients")),
              "covariance": float(agree(V, V_qr, plugin + " covariance"))}
    b = beta[:k]
    checks["pyfixest_coefficients"] = pyfixest_check(obs, E, b)

    def column(group, lag):
        return groups.index(group) * 7 + LEADS_AND_LAGS.index(lag)

    crit = stats.t.ppf(0.975, G - 1)
    se = np.sqrt(np.diag(V))
    table = [{"term": f"{g} {kk:+d}", "group": g, "relative_month": kk, "coefficient": b[column(g, kk)],
              "ci_low": b[column(g, kk)] - crit * se[column(g, kk)],
              "ci_high": b[column(g, kk)] + crit * se[column(g, kk)]}
             for g in groups for kk in LEADS_AND_LAGS]
    a_id, b_id = spec["a"], spec["b"]
    summary = {"event_rep_months": N, "event_managers": G}
    for g in (a_id, b_id):
        summary["event_effect_" + g] = sum(b[column(g, lag)] for lag in (1, 2, 3)) / 3 if g in groups else None
    contrast = np.zeros(k)
    for lag in (1, 2, 3):
        contrast[column(a_id, lag)] += 1 / 3
        contrast[column(b_id, lag)] -= 1 / 3
    difference = contrast @ b
    difference_se = np.sqrt(contrast @ V @ contrast)
    summary["event_difference"] = difference
    summary["event_difference_ci_low"] = difference - crit * difference_se
    summary["event_difference_ci_high"] = difference + crit * difference_se
    summary["event_difference_p_value"] = 2 * stats.t.sf(abs(difference / difference_se), G - 1)
    R = np.zeros((6, k))
    for row, (g, lead) in enumerate((g, lead) for g in (a_id, b_id) for lead in (-3, -2, -1)):
        R[row, column(g, lead)] = 1
    q = 6
    Rb = R @ b
    W = Rb @ np.linalg.solve(R @ V @ R.T, Rb)
    F = W * (G - q) / (q * (G - 1))
    summary["pretrend_f"] = F
    summary["pretrend_p_value"] = stats.f.sf(F, q, G - q)
    design = {"rows": N, "event_regressors": k, "months": T, "managers": G, "reps": len(reps),
              "design_columns": X.shape[1], "design_rank": rank, "small_sample_factor": c,
              "events_counted": len(counted), "events_outside_months": outside,
              "events_per_group": {g: sum(1 for e in counted if e[1] == g) for g in groups},
              "svd_qr_relative_gap": checks}
    return {"summary": summary, "event_study": table, "design": design}


def pyfixest_check(obs, E, b):
    """The coefficients by pyfixest, rep trends as explicit regressors, if pyfixest is installed."""
    try:
        import pyfixest as pf
    except ImportError:
        return None
    import warnings
    warnings.filterwarnings("ignore")
    rep_of_row = np.array(list(obs.rep_id), dtype=object)
    t = np.array(list(obs.t), dtype=float)
    columns = {f"e{j}": E[:, j] for j in range(E.shape[1])}
    columns.update({"y": np.array(list(obs.y), dtype=float), "rep": rep_of_row, "month": t})
    trends = []
    for j, rep in enumerate(sorted(set(obs.rep_id))):
        columns[f"tr{j}"] = np.where(rep_of_row == rep, t, 0.0)
        trends.append(f"tr{j}")
    frame = pd.DataFrame(columns)
    formula = "y ~ " + " + ".join(list(frame.columns[:E.shape[1]]) + trends) + " | rep + month"
    fit = pf.feols(formula, data=frame, fixef_tol=1e-14, vcov="iid")
    coefficients = fit.coef().reindex([f"e{j}" for j in range(E.shape[1])]).values
    gap = float(np.max(np.abs(coefficients - b)) / np.max(np.abs(b)))
    if not gap < AGREEMENT:
        sys.exit(f"pyfixest's coefficients differ from the least-squares ones by {gap:.2e} relative")
    return gap


def main():
    out = {"generated_by": "Tests/CoachLabPluginsTests/EventStudyReference/make_event_study_reference.py",
           "cases": []}
    with tempfile.TemporaryDirectory() as scratch:
        for case in CASES:
            folder = os.path.join(scratch, case["name"])
            generate(case, folder)
            data = load(folder)
            files = {}
            for name in ["managers", "reps", "performance", "coaching_sessions", "assignments"]:
                files[name + ".csv"] = {"rows": len(data[name]), "fnv1a64": fnv1a64(os.path.join(folder, name + ".csv"))}
            entry = {key: case[key] for key in ("name", "reps", "months", "seed", "flags", "thinned")}
            entry["files"] = files
            entry["plugins"] = {plugin: event_study(plugin, data) for plugin in PLUGINS}
            out["cases"].append(entry)
            print(case["name"], {p: v["design"]["svd_qr_relative_gap"] for p, v in entry["plugins"].items()})
    with open(os.path.join(HERE, "event_study_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
