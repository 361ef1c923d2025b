#!/usr/bin/env python3
"""Reference values for the two-way fixed-effects panel regression (unit + time effects,
errors clustered by a grouping that nests the units).

    pip install pyfixest      # 0.60.0 was used; numpy, scipy, pandas come with it
    python3 Tests/CoachLabStatisticsTests/Fixtures/make_panel_reference.py

writes panel_reference.json beside this file; the Swift tests read it and need no Python.

Every number is computed twice and the script stops unless both agree to 1e-10 relative:
by plain NumPy, written from the definition below, and by pyfixest
`feols("y ~ x1 + ... + xk | unit + time", data, vcov={"CRV1": "cluster"})` with its default
small-sample correction `pf.ssc()` = (k_adj=True, k_fixef="nonnested", G_adj=True,
G_df="min"). pyfixest's iterative demeaning is run with fixef_tol=1e-14 (its default 1e-6
would leave the agreement near 1e-7); the NumPy side is exact.

The definition (the NumPy side):

    rows i with unit u(i), time t(i), cluster g(i) (each unit in exactly one cluster),
    outcome y_i and k regressors x_i; the panel may be unbalanced.
    y = alpha_u + gamma_t + x'beta + e, OLS with both sets of effects absorbed:
    X~, y~ = X, y residualised on the unit and time dummies (the exact within transform,
    here by a QR projection onto [unit dummies, time dummies less one]).
    M = (X~'X~)^-1, beta = M X~'y~, e~ = y~ - X~ beta
    s_g = X~_g' e~_g,   V = c_ssc * M (sum_g s_g s_g') M
    c_ssc = G/(G-1) * (N-1)/(N-K)

    K, pyfixest's (and R fixest's) default "nonnested" count:
        K = k + (sum of FE levels - (n_fe - 1)) - (levels of FEs nested in the clusters)
              + (number of FEs nested in the clusters)
    With unit effects nested in clusters and time effects not nested this is
        K = k + (U + T - 1) - U + 1 = k + T
    i.e. ALL T time levels count, not T - 1: once the nested unit effects are dropped from
    the count, the time effects carry the intercept. (R fixest's own documentation gives the
    same: clustering by a nested fe1 with an fe2 of 5 levels, "K = 1 + 5 (i.e. x + fe2)".)
    T (and U) are the levels present in the estimation sample.

    se_j = sqrt(V_jj),  interval beta_j -/+ t(0.975, G-1) se_j      (pyfixest's df_t = G - 1)
    contrast c: estimate c'beta, se sqrt(c'Vc), the same t(0.975, G-1) interval
    Wald test of R beta = 0 with q rows: W = (R beta)'(R V R')^-1 (R beta), F = W/q,
        wald_p_F_q_Gminus1 = P(F(q, G-1) > F)
        wald_p_pyfixest    = what pyfixest's Feols.wald_test(R) returns. pyfixest computes
            its denominator df as G - 1 for clustered fits, but uses F(q, G-1) ONLY when R
            is the k x k identity (and q = 0); for any other R it warns and switches to
            chi2: p = P(chi2(q) > W), and reports the statistic W (not W/q). Both are
            recorded, with wald_p_pyfixest_distribution naming which one it used.

Cases (rows of the unbalanced ones are in random order on purpose; unit, time and
cluster are integer labels):
  balanced_one_regressor   30 units in 6 clusters x 10 times, x correlated with the unit effect
  unbalanced_event_counts  60 units in 12 unequal clusters x 18 times, 20% of cells dropped;
                           n ~ Poisson(0.5) on the full grid; regressor for lag L in -3..3 is
                           n_{u,t-L} (0 outside the observed times; dropped cells still feed
                           their neighbours' lags); y = alpha_u + gamma_t
                           + 0.05 (N_{t-1} + N_{t-2} + N_{t-3}) + cluster-month shock + noise
  two_event_types          as above with A ~ Poisson(0.4), B ~ Poisson(0.3): regressors A at
                           -3..3 then B at -3..3; effects 0.05 (A) and 0.02 (B) on lags 1..3
  selection_dip            as unbalanced_event_counts but y is 0.1 lower in the month before
                           each event and there is no effect after
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-10
LAGS = [-3, -2, -1, 0, 1, 2, 3]


def rel_diff(a, b):
    a, b = np.atleast_1d(np.asarray(a, float)), np.atleast_1d(np.asarray(b, float))
    assert a.shape == b.shape, (a.shape, b.shape)
    scale = np.max(np.abs(b))
    return float(np.max(np.abs(a - b)) / scale) if scale > 0 else float(np.max(np.abs(a - b)))


# ---------------------------------------------------------------------------------------
# plain NumPy
def nested_in(fe, cluster):
    """True when every level of fe sits in a single cluster."""
    pairs = np.unique(np.column_stack([fe, cluster]), axis=0)
    return len(pairs) == len(np.unique(fe))


def twoway_fe(unit, time, cluster, y, X, level=0.975):
    unit, time, cluster = (np.asarray(v) for v in (unit, time, cluster))
    y, X = np.asarray(y, float), np.asarray(X, float)
    n, k = X.shape
    units, u_idx = np.unique(unit, return_inverse=True)
    times, t_idx = np.unique(time, return_inverse=True)
    U, T = len(units), len(times)
    D = np.zeros((n, U + T - 1))
    D[np.arange(n), u_idx] = 1.0
    keep = t_idx > 0
    D[np.flatnonzero(keep), U + t_idx[keep] - 1] = 1.0
    Q, Rd = np.linalg.qr(D)
    assert np.min(np.abs(np.diag(Rd))) > 1e-8, "fixed effects not of full rank (disconnected panel?)"
    Xt = X - Q @ (Q.T @ X)
    yt = y - Q @ (Q.T @ y)
    M = np.linalg.inv(Xt.T @ Xt)
    M = (M + M.T) / 2
    beta = M @ (Xt.T @ yt)
    e = yt - Xt @ beta
    labels = np.unique(cluster)
    G = len(labels)
    meat = np.zeros((k, k))
    for g in labels:
        rows = cluster == g
        s = Xt[rows].T @ e[rows]
        meat += np.outer(s, s)
    # K: pyfixest / fixest "nonnested" rule (see the docstring)
    levels = [U, T]
    nested = [nested_in(unit, cluster), nested_in(time, cluster)]
    K = k + (sum(levels) - (len(levels) - 1)) - sum(l for l, f in zip(levels, nested) if f) + sum(nested)
    c_ssc = G / (G - 1) * (n - 1) / (n - K)
    V = c_ssc * M @ meat @ M
    V = (V + V.T) / 2
    se = np.sqrt(np.diag(V))
    q = float(stats.t.ppf(level, G - 1))
    return {"beta": beta, "V": V, "se": se, "t_quantile": q, "ci_low": beta - q * se, "ci_high": beta + q * se,
            "N": n, "G": G, "U": U, "T": T, "K": K, "ssc": c_ssc, "df": G - 1,
            "unit_nested": nested[0], "time_nested": nested[1]}


def contrast(fit, c):
    c = np.asarray(c, float)
    est = float(c @ fit["beta"])
    se = float(np.sqrt(c @ fit["V"] @ c))
    q = fit["t_quantile"]
    return {"estimate": est, "se": se, "t": est / se, "p": float(2 * stats.t.sf(abs(est / se), fit["df"])),
            "ci_low": est - q * se, "ci_high": est + q * se}


def wald(fit, R):
    R = np.atleast_2d(np.asarray(R, float))
    q = R.shape[0]
    Rb = R @ fit["beta"]
    W = float(Rb @ np.linalg.solve(R @ fit["V"] @ R.T, Rb))
    F = W / q
    return {"q": q, "df_den": fit["df"], "W": W, "F": F,
            "wald_p_F_q_Gminus1": float(stats.f.sf(F, q, fit["df"])),
            "p_chi2_q": float(stats.chi2.sf(W, q))}


# ---------------------------------------------------------------------------------------
# pyfixest
def pyfixest_fit(unit, time, cluster, y, X):
    import pyfixest as pf
    k = X.shape[1]
    names = [f"x{j + 1}" for j in range(k)]
    df = pd.DataFrame(X, columns=names)
    df["y"], df["unit"], df["time"], df["cluster"] = y, unit, time, cluster
    fit = pf.feols(f"y ~ {' + '.join(names)} | unit + time", df, vcov={"CRV1": "cluster"},
                   demeaner=pf.MapDemeaner(fixef_tol=1e-14, fixef_maxiter=100_000))
    assert list(fit._coefnames) == names, fit._coefnames
    assert fit._N == len(y), ("pyfixest dropped rows", fit._N, len(y))
    ci = fit.confint(alpha=0.05)
    return fit, {"beta": np.asarray(fit.coef(), float), "V": np.asarray(fit._vcov, float),
                 "se": np.asarray(fit.se(), float), "ci_low": ci.iloc[:, 0].to_numpy(float),
                 "ci_high": ci.iloc[:, 1].to_numpy(float), "K": int(fit._df_k),
                 "df_t": int(np.squeeze(fit._df_t)), "ssc": float(np.squeeze(fit._ssc))}


def pyfixest_wald(fit, R):
    R = np.atleast_2d(np.asarray(R, float))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fit.wald_test(R=R)
    switched = any("chi2" in str(w.message) for w in caught)
    return {"statistic": float(res["statistic"]), "p": float(res["pvalue"]), "dfd": int(fit._dfd),
            "distribution": "chi2(q), statistic W" if switched else "F(q, G-1), statistic W/q"}


# ---------------------------------------------------------------------------------------
def check_and_record(name, unit, time, cluster, y, X, contrasts, walds, order=None):
    unit, time, cluster = (np.asarray(v, int) for v in (unit, time, cluster))
    y, X = np.asarray(y, float), np.asarray(X, float)
    assert len(y) <= 3000, name
    if order is not None:
        unit, time, cluster, y, X = unit[order], time[order], cluster[order], y[order], X[order]
    ours = twoway_fe(unit, time, cluster, y, X)
    assert ours["unit_nested"] and not ours["time_nested"], name
    assert ours["K"] == X.shape[1] + ours["T"], name
    pfit, theirs = pyfixest_fit(unit, time, cluster, y, X)
    diffs = {key: rel_diff(ours[key], theirs[key]) for key in ["beta", "V", "se", "ci_low", "ci_high"]}
    assert theirs["K"] == ours["K"], (name, theirs["K"], ours["K"])
    assert theirs["df_t"] == ours["df"], (name, theirs["df_t"], ours["df"])
    diffs["ssc"] = rel_diff(ours["ssc"], theirs["ssc"])
    out_c = []
    for cname, c in contrasts:
        r = contrast(ours, c)
        c_arr = np.asarray(c, float)
        est_pf = float(c_arr @ theirs["beta"])
        se_pf = float(np.sqrt(c_arr @ theirs["V"] @ c_arr))
        diffs[f"contrast {cname}"] = max(rel_diff(r["estimate"], est_pf), rel_diff(r["se"], se_pf))
        # one-row Wald in pyfixest (chi2 with W = t^2) as a second check on the se
        pw = pyfixest_wald(pfit, c_arr)
        diffs[f"contrast {cname} via wald"] = rel_diff(r["t"] ** 2, pw["statistic"])
        out_c.append({"name": cname, "c": c_arr.tolist(), **r})
    out_w = []
    for wname, R in walds:
        r = wald(ours, R)
        pw = pyfixest_wald(pfit, R)
        assert pw["dfd"] == ours["df"], (name, pw["dfd"])
        if pw["distribution"].startswith("chi2"):
            diffs[f"wald {wname}"] = max(rel_diff(r["W"], pw["statistic"]), rel_diff(r["p_chi2_q"], pw["p"]))
            p_pf = r["p_chi2_q"]
        else:
            # pyfixest's F p-value is 1 - cdf: compare absolutely below 1e-5
            dp = abs(r["wald_p_F_q_Gminus1"] - pw["p"])
            dp = dp / pw["p"] if pw["p"] > 1e-5 else dp
            diffs[f"wald {wname}"] = max(rel_diff(r["F"], pw["statistic"]), dp)
            p_pf = r["wald_p_F_q_Gminus1"]
        out_w.append({"name": wname, "R": np.atleast_2d(R).astype(float).tolist(), "q": r["q"],
                      "df_num": r["q"], "df_den": r["df_den"], "W": r["W"], "F": r["F"],
                      "wald_p_F_q_Gminus1": r["wald_p_F_q_Gminus1"], "wald_p_pyfixest": p_pf,
                      "wald_p_pyfixest_distribution": pw["distribution"]})
    worst = max(diffs.values())
    assert worst < TOL, (name, diffs)
    rows = [{"unit": int(u), "time": int(t), "cluster": int(g), "y": float(v), "x": [float(a) for a in x]}
            for u, t, g, v, x in zip(unit, time, cluster, y, X)]
    return {"name": name, "N": ours["N"], "units": ours["U"], "times": ours["T"], "G": ours["G"],
            "k": X.shape[1], "K": ours["K"], "ssc_factor": ours["ssc"], "df": ours["df"],
            "rows": rows, "beta": ours["beta"].tolist(), "V": ours["V"].tolist(), "se": ours["se"].tolist(),
            "t_quantile": ours["t_quantile"], "ci_low": ours["ci_low"].tolist(), "ci_high": ours["ci_high"].tolist(),
            "contrasts": out_c, "wald": out_w, "agrees_with_pyfixest_to": TOL}, worst


# ---------------------------------------------------------------------------------------
# data
def balanced_one_regressor(rng):
    U, T, G = 30, 10, 6
    cl_of_unit = np.repeat(np.arange(G), U // G)
    alpha, gamma = rng.normal(0, 1, U), rng.normal(0, 0.5, T)
    shock = rng.normal(0, 0.3, (G, T))
    unit, time = np.repeat(np.arange(U), T), np.tile(np.arange(T), U)
    cluster = cl_of_unit[unit]
    x = 0.7 * alpha[unit] + 0.3 * gamma[time] + rng.normal(0, 1, U * T)
    y = alpha[unit] + gamma[time] + 0.4 * x + shock[cluster, time] + rng.normal(0, 0.5, U * T)
    return check_and_record("balanced_one_regressor", unit, time, cluster, y, x[:, None],
                            contrasts=[("beta", [1.0])], walds=[("beta_is_zero", [[1.0]])])


def shifted(n, lags):
    """n: units x times on the full grid; column for lag L is n_{u, t-L}, 0 outside the grid."""
    U, T = n.shape
    out = np.zeros((U, T, len(lags)))
    for j, L in enumerate(lags):
        for t in range(T):
            s = t - L
            if 0 <= s < T:
                out[:, t, j] = n[:, s]
    return out


def event_panel(rng, rates, effect):
    """60 units in 12 unequal clusters, 18 months, 20% of cells dropped.
    effect(N) gives the event part of y from the (U, T, regressors) array N."""
    sizes = np.array([1, 2, 3, 3, 4, 5, 5, 6, 6, 7, 8, 10])
    U, T, G = int(sizes.sum()), 18, len(sizes)
    cl_of_unit = np.repeat(np.arange(G), sizes)
    rng.shuffle(cl_of_unit)
    N = np.concatenate([shifted(rng.poisson(r, (U, T)).astype(float), LAGS) for r in rates], axis=2)
    alpha, gamma = rng.normal(0, 0.3, U), rng.normal(0, 0.1, T)
    shock = rng.normal(0, 0.05, (G, T))
    ystar = (alpha[:, None] + gamma[None, :] + effect(N) + shock[cl_of_unit[:, None], np.arange(T)[None, :]]
             + rng.normal(0, 0.15, (U, T)))
    cells = np.arange(U * T)
    kept = np.sort(rng.choice(cells, size=U * T - round(0.2 * U * T), replace=False))
    unit, time = kept // T, kept % T
    assert np.all(np.bincount(unit, minlength=U) >= 2) and np.all(np.bincount(time, minlength=T) >= 2)
    order = rng.permutation(len(kept))
    return unit, time, cl_of_unit[unit], ystar[unit, time], N[unit, time, :], order


def sel(k, idx, w):
    c = np.zeros(k)
    c[idx] = w
    return c


def unbalanced_event_counts(rng):
    lag = {L: j for j, L in enumerate(LAGS)}
    unit, time, cluster, y, X, order = event_panel(
        rng, [0.5], lambda N: 0.05 * (N[..., lag[1]] + N[..., lag[2]] + N[..., lag[3]]))
    post, pre = [lag[1], lag[2], lag[3]], [lag[-3], lag[-2], lag[-1]]
    k = 7
    return check_and_record(
        "unbalanced_event_counts", unit, time, cluster, y, X,
        contrasts=[("mean_lags_1_3", sel(k, post, 1 / 3)),
                   ("mean_lags_1_3_minus_mean_leads_3_1", sel(k, post, 1 / 3) - sel(k, pre, 1 / 3))],
        walds=[("leads_zero", np.eye(k)[pre])], order=order)


def two_event_types(rng):
    lag = {L: j for j, L in enumerate(LAGS)}
    A = lambda L: lag[L]
    B = lambda L: 7 + lag[L]
    unit, time, cluster, y, X, order = event_panel(
        rng, [0.4, 0.3], lambda N: 0.05 * sum(N[..., A(L)] for L in (1, 2, 3))
        + 0.02 * sum(N[..., B(L)] for L in (1, 2, 3)))
    k = 14
    a_post, b_post = [A(L) for L in (1, 2, 3)], [B(L) for L in (1, 2, 3)]
    leads = [A(L) for L in (-3, -2, -1)] + [B(L) for L in (-3, -2, -1)]
    return check_and_record(
        "two_event_types", unit, time, cluster, y, X,
        contrasts=[("mean_A_lags_1_3_minus_mean_B_lags_1_3", sel(k, a_post, 1 / 3) - sel(k, b_post, 1 / 3)),
                   ("mean_A_lags_1_3", sel(k, a_post, 1 / 3)),
                   ("mean_B_lags_1_3", sel(k, b_post, 1 / 3))],
        walds=[("all_six_leads_zero", np.eye(k)[leads])], order=order)


def selection_dip(rng):
    lag = {L: j for j, L in enumerate(LAGS)}
    # lower by 0.1 in the month before each event: the event at t+1 is regressor L = -1
    unit, time, cluster, y, X, order = event_panel(rng, [0.5], lambda N: -0.1 * N[..., lag[-1]])
    post, pre = [lag[1], lag[2], lag[3]], [lag[-3], lag[-2], lag[-1]]
    k = 7
    return check_and_record(
        "selection_dip", unit, time, cluster, y, X,
        contrasts=[("mean_lags_1_3", sel(k, post, 1 / 3)),
                   ("mean_lags_1_3_minus_mean_leads_3_1", sel(k, post, 1 / 3) - sel(k, pre, 1 / 3))],
        walds=[("leads_zero", np.eye(k)[pre])], order=order)


def main():
    import pyfixest
    rng = np.random.default_rng(20261207)
    # pyfixest's demeaning is not bit-reproducible, so the measured difference is printed, not stored
    made = [balanced_one_regressor(rng), unbalanced_event_counts(rng), two_event_types(rng), selection_dip(rng)]
    cases = [c for c, _ in made]
    worst = {c["name"]: w for c, w in made}
    ref = {"made_with": {"numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__,
                         "pyfixest": pyfixest.__version__},
           "conventions": {
               "K": "k + T (pyfixest/fixest default ssc k_fixef='nonnested': unit effects nested in clusters "
                    "are not counted, all T time levels are)",
               "ssc_factor": "G/(G-1) * (N-1)/(N-K)",
               "t_quantile": "t(0.975, G-1)",
               "wald_p_F_q_Gminus1": "P(F(q, G-1) > W/q)",
               "wald_p_pyfixest": "pyfixest Feols.wald_test: F(q, G-1) on W/q only when R is the k x k identity, "
                                  "otherwise chi2(q) on W"},
           "cases": cases}
    with open(os.path.join(HERE, "panel_reference.json"), "w") as f:
        json.dump(ref, f, indent=1, allow_nan=False)
        f.write("\n")
    for c in cases:
        print(f'{c["name"]:26s} N={c["N"]:4d} U={c["units"]} T={c["times"]} G={c["G"]} k={c["k"]} K={c["K"]} '
              f'ssc={c["ssc_factor"]:.6f} t={c["t_quantile"]:.6f} max rel diff vs pyfixest={worst[c["name"]]:.2e}')
        print("   beta", np.round(c["beta"], 5).tolist())
        print("   se  ", np.round(c["se"], 5).tolist())
        for r in c["contrasts"]:
            print(f'   {r["name"]:40s} {r["estimate"]:+.6f} se {r["se"]:.6f} [{r["ci_low"]:+.6f}, {r["ci_high"]:+.6f}]')
        for w in c["wald"]:
            print(f'   wald {w["name"]:35s} q={w["q"]} F={w["F"]:.6f} p_F(q,G-1)={w["wald_p_F_q_Gminus1"]:.6g} '
                  f'p_pyfixest={w["wald_p_pyfixest"]:.6g} ({w["wald_p_pyfixest_distribution"]})')
    print("wrote panel_reference.json")


if __name__ == "__main__":
    main()
