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
  unit_trends              as unbalanced_event_counts (its own seed, 20261208) but y also has a
                           unit-specific linear trend delta_u * t, delta_u ~ N(0, sd 0.01), and the
                           MODEL absorbs unit effects, unit-specific linear trends and time effects:
                           y = alpha_u + delta_u t + gamma_t + x'beta + e, t = the time code 0..17
                           as a number. Recorded with "unit_trends": true (other cases lack the key).

The unit_trends case (check_and_record_unit_trends) is computed differently:
    beta by plain OLS on explicit dummies Z = [X, unit dummies, unit x t, time dummies less one].
    That set of dummies has exactly one collinearity (sum_u unit_u * t = sum_t t * time_t, spanned
    by the time dummies); it is found by a column-pivoted QR and the one column is dropped, and
    the script checks that Z then has full column rank k + 2U + T - 2 (x identified).
    V = c_ssc * [B (sum_g s_g s_g') B]_xx with B = (Z'Z)^-1 (from the QR), s_g = Z_g' e_g,
    c_ssc = G/(G-1) * (N-1)/(N-K),  K = k + T: the unit effects AND the unit slopes are nested in
    the clusters and not counted (our convention; NOTE R fixest's default fixef.K = "nested"
    discounts only the nested intercepts and would count the U slopes, K = k + U + T).
    Cross-checks, each to 1e-10 relative:
      Frisch-Waugh: beta, residuals and V again from X~, y~ residualised on an SVD basis of the
        full (rank-deficient) dummy set, exactly as the two-way cases;
      pyfixest: 0.60.0 has no varying-slope syntax (fixest's unit[t]; it is open work upstream,
        pyfixest issues #1290/#1365). Worse, it does not reject "| unit[t] + time": formulaic
        evaluates unit[t] as pandas indexing, an unrelated factor, and the fit is NOT a slopes
        model. So pyfixest is run as feols("y ~ x1+..+xk + s_0+..+s_{U-1} | unit + time") with
        explicit slope columns s_u = 1{unit = u} * t; it drops one collinear s_u and counts the
        other U-1 as regressors, K_pyfixest = k + (U-1) + T, so its V is compared after scaling by
        c_ssc / c_ssc_pyfixest (beta is compared as is).
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


def trend_dummies(unit, time):
    """[unit dummies (U), unit x t (U), time dummies less the first (T-1)], t = time code as a number."""
    units, u_idx = np.unique(unit, return_inverse=True)
    times, t_idx = np.unique(time, return_inverse=True)
    n, U, T = len(unit), len(units), len(times)
    tnum = np.asarray(time, float)
    D = np.zeros((n, 2 * U + T - 1))
    D[np.arange(n), u_idx] = 1.0
    D[np.arange(n), U + u_idx] = tnum
    keep = t_idx > 0
    D[np.flatnonzero(keep), 2 * U + t_idx[keep] - 1] = 1.0
    return D, U, T


def crv1_meat(Z, e, cluster):
    labels = np.unique(cluster)
    meat = np.zeros((Z.shape[1], Z.shape[1]))
    for g in labels:
        rows = cluster == g
        s = Z[rows].T @ e[rows]
        meat += np.outer(s, s)
    return meat, len(labels)


def unit_trend_fe(unit, time, cluster, y, X, level=0.975):
    """y = alpha_u + delta_u t + gamma_t + x'beta + e by OLS on explicit dummies (see the docstring)."""
    unit, time, cluster = (np.asarray(v) for v in (unit, time, cluster))
    y, X = np.asarray(y, float), np.asarray(X, float)
    n, k = X.shape
    D, U, T = trend_dummies(unit, time)
    # rank of the dummy set and the exactly collinear columns, by a column-pivoted QR
    _, Rp, piv = scipy.linalg.qr(D, mode="economic", pivoting=True)
    dr = np.abs(np.diag(Rp))
    rank = int(np.sum(dr > dr[0] * 1e-10))
    assert rank == 2 * U + T - 2, ("dummy rank", rank, 2 * U + T - 2)
    assert dr[rank - 1] / dr[0] > 1e-8 and (rank == D.shape[1] or dr[rank] / dr[0] < 1e-13), dr[rank - 1:rank + 1] / dr[0]
    dropped = np.sort(piv[rank:])
    assert np.linalg.matrix_rank(D) == rank
    D_keep = D[:, np.sort(piv[:rank])]
    Z = np.column_stack([X, D_keep])
    Qz, Rz = np.linalg.qr(Z)
    rz = np.abs(np.diag(Rz))
    assert np.min(rz) / np.max(rz) > 1e-8, "x not identified given unit effects, unit trends and time effects"
    assert np.linalg.matrix_rank(Z) == k + rank
    b_full = scipy.linalg.solve_triangular(Rz, Qz.T @ y)
    beta = b_full[:k]
    e = y - Z @ b_full
    Rinv = scipy.linalg.solve_triangular(Rz, np.eye(Z.shape[1]))
    B = Rinv @ Rinv.T                                   # (Z'Z)^-1
    meat, G = crv1_meat(Z, e, cluster)
    K = k + T                                           # unit effects and unit slopes nested in clusters
    c_ssc = G / (G - 1) * (n - 1) / (n - K)
    V = c_ssc * (B @ meat @ B)[:k, :k]
    V = (V + V.T) / 2
    se = np.sqrt(np.diag(V))
    q = float(stats.t.ppf(level, G - 1))
    return {"beta": beta, "V": V, "se": se, "t_quantile": q, "ci_low": beta - q * se, "ci_high": beta + q * se,
            "N": n, "G": G, "U": U, "T": T, "K": K, "ssc": c_ssc, "df": G - 1, "resid": e,
            "dummy_rank": rank, "dummy_cols": D.shape[1], "dropped": dropped,
            "unit_nested": nested_in(unit, cluster), "time_nested": nested_in(time, cluster)}


def unit_trend_fwl(unit, time, cluster, y, X, c_ssc):
    """Frisch-Waugh: residualise y and X on an SVD basis of the full (rank-deficient) dummy set."""
    y, X = np.asarray(y, float), np.asarray(X, float)
    D, _, _ = trend_dummies(np.asarray(unit), np.asarray(time))
    Us, sv, _ = np.linalg.svd(D, full_matrices=False)
    Q = Us[:, sv > sv[0] * 1e-10]
    Xt = X - Q @ (Q.T @ X)
    yt = y - Q @ (Q.T @ y)
    M = np.linalg.inv(Xt.T @ Xt)
    M = (M + M.T) / 2
    beta = M @ (Xt.T @ yt)
    e = yt - Xt @ beta
    meat, _ = crv1_meat(Xt, e, np.asarray(cluster))
    V = c_ssc * M @ meat @ M
    return {"beta": beta, "V": (V + V.T) / 2, "resid": e, "rank": Q.shape[1]}


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


def pyfixest_fit_explicit_slopes(unit, time, cluster, y, X):
    """pyfixest has no unit[t]: unit-specific slopes enter as regressors s_u = 1{unit = u} * t."""
    import pyfixest as pf
    k = X.shape[1]
    names = [f"x{j + 1}" for j in range(k)]
    units = np.unique(unit)
    snames = [f"s_{u}" for u in units]
    df = pd.DataFrame(X, columns=names)
    S = (np.asarray(unit)[:, None] == units[None, :]) * np.asarray(time, float)[:, None]
    df = pd.concat([df, pd.DataFrame(S, columns=snames)], axis=1)
    df["y"], df["unit"], df["time"], df["cluster"] = y, unit, time, cluster
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = pf.feols(f"y ~ {' + '.join(names + snames)} | unit + time", df, vcov={"CRV1": "cluster"},
                       demeaner=pf.MapDemeaner(fixef_tol=1e-14, fixef_maxiter=100_000))
    coefnames = list(fit._coefnames)
    assert coefnames[:k] == names, coefnames[:k]
    dropped = [c for c in names + snames if c not in coefnames]
    assert fit._N == len(y), ("pyfixest dropped rows", fit._N, len(y))
    return fit, {"beta": np.asarray(fit.coef(), float)[:k], "V": np.asarray(fit._vcov, float)[:k, :k],
                 "K": int(fit._df_k), "df_t": int(np.squeeze(fit._df_t)), "ssc": float(np.squeeze(fit._ssc)),
                 "n_coef": len(coefnames), "dropped": dropped}


def pyfixest_unit_bracket_is_not_slopes(unit, time, cluster, y, X):
    """Document that pyfixest 0.60.0 accepts '| unit[t] + time' without error but does not fit
    unit-specific slopes: returns its beta (compared by the caller with the slopes model)."""
    import pyfixest as pf
    k = X.shape[1]
    names = [f"x{j + 1}" for j in range(k)]
    df = pd.DataFrame(X, columns=names)
    df["y"], df["unit"], df["time"], df["cluster"] = y, unit, time, cluster
    df["t"] = np.asarray(time, float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = pf.feols(f"y ~ {' + '.join(names)} | unit[t] + time", df, vcov={"CRV1": "cluster"})
        except Exception as exc:                         # a future pyfixest may reject or support it
            return f"rejected: {type(exc).__name__}", None
    return "accepted", np.asarray(fit.coef(), float)


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


def check_and_record_unit_trends(name, unit, time, cluster, y, X, contrasts, walds, order=None):
    unit, time, cluster = (np.asarray(v, int) for v in (unit, time, cluster))
    y, X = np.asarray(y, float), np.asarray(X, float)
    assert len(y) <= 3000, name
    if order is not None:
        unit, time, cluster, y, X = unit[order], time[order], cluster[order], y[order], X[order]
    k = X.shape[1]
    ours = unit_trend_fe(unit, time, cluster, y, X)
    assert ours["unit_nested"] and not ours["time_nested"], name
    assert ours["K"] == k + ours["T"], name
    assert len(ours["dropped"]) == 1, (name, ours["dropped"])
    # Frisch-Waugh
    fwl = unit_trend_fwl(unit, time, cluster, y, X, ours["ssc"])
    assert fwl["rank"] == ours["dummy_rank"], (fwl["rank"], ours["dummy_rank"])
    diffs_fwl = {key: rel_diff(ours[key], fwl[key]) for key in ["beta", "V", "resid"]}
    assert max(diffs_fwl.values()) < TOL, (name, "frisch-waugh", diffs_fwl)
    # pyfixest, explicit slope regressors; V rescaled by the ratio of the small-sample factors
    pfit, theirs = pyfixest_fit_explicit_slopes(unit, time, cluster, y, X)
    U, T, n, G = ours["U"], ours["T"], ours["N"], ours["G"]
    assert len(theirs["dropped"]) == 1 and theirs["dropped"][0].startswith("s_"), theirs["dropped"]
    assert theirs["K"] == k + (U - 1) + T, (name, theirs["K"], k + (U - 1) + T)
    assert theirs["df_t"] == ours["df"], (name, theirs["df_t"], ours["df"])
    ssc_pf_expected = G / (G - 1) * (n - 1) / (n - theirs["K"])
    scale = ours["ssc"] / theirs["ssc"]
    diffs = {"pyfixest beta": rel_diff(ours["beta"], theirs["beta"]),
             "pyfixest V (rescaled)": rel_diff(ours["V"], scale * theirs["V"]),
             "pyfixest ssc": rel_diff(theirs["ssc"], ssc_pf_expected)}
    n_pf = theirs["n_coef"]
    pad = lambda R: np.hstack([np.atleast_2d(np.asarray(R, float)), np.zeros((np.atleast_2d(R).shape[0], n_pf - k))])
    out_c = []
    for cname, c in contrasts:
        r = contrast(ours, c)
        c_arr = np.asarray(c, float)
        diffs[f"contrast {cname}"] = max(rel_diff(r["estimate"], float(c_arr @ theirs["beta"])),
                                         rel_diff(r["se"], float(np.sqrt(scale * c_arr @ theirs["V"] @ c_arr))))
        pw = pyfixest_wald(pfit, pad(c_arr))
        diffs[f"contrast {cname} via wald"] = rel_diff(r["t"] ** 2, pw["statistic"] / scale)
        out_c.append({"name": cname, "c": c_arr.tolist(), **r})
    out_w = []
    for wname, R in walds:
        R = np.atleast_2d(np.asarray(R, float))
        r = wald(ours, R)
        # pyfixest's rule on the k-coefficient model: F(q, G-1) on W/q only for the k x k identity
        is_identity = R.shape == (k, k) and np.array_equal(R, np.eye(k))
        assert not is_identity, "identity-R Wald not set up for unit_trends"
        pw = pyfixest_wald(pfit, pad(R))
        assert pw["dfd"] == ours["df"], (name, pw["dfd"])
        assert pw["distribution"].startswith("chi2"), pw
        diffs[f"wald {wname}"] = rel_diff(r["W"], pw["statistic"] / scale)
        out_w.append({"name": wname, "R": R.tolist(), "q": r["q"],
                      "df_num": r["q"], "df_den": r["df_den"], "W": r["W"], "F": r["F"],
                      "wald_p_F_q_Gminus1": r["wald_p_F_q_Gminus1"], "wald_p_pyfixest": r["p_chi2_q"],
                      "wald_p_pyfixest_distribution": pw["distribution"]})
    worst = max(diffs.values())
    assert worst < TOL, (name, diffs)
    # pyfixest's "unit[t]" is silently something else: make sure it is not mistaken for the slopes model
    status, b_bracket = pyfixest_unit_bracket_is_not_slopes(unit, time, cluster, y, X)
    bracket_diff = rel_diff(b_bracket, ours["beta"]) if b_bracket is not None else None
    if b_bracket is not None:
        assert bracket_diff > 1e-3, ("pyfixest unit[t] now matches the slopes model: compare with it directly",
                                     bracket_diff)
    info = {"frisch_waugh": diffs_fwl, "pyfixest": diffs, "pyfixest_K": theirs["K"], "pyfixest_ssc": theirs["ssc"],
            "pyfixest_dropped": theirs["dropped"], "numpy_dropped_dummy": int(ours["dropped"][0]),
            "dummy_rank": ours["dummy_rank"], "dummy_cols": ours["dummy_cols"],
            "pyfixest_unit_bracket": status, "pyfixest_unit_bracket_beta_rel_diff": bracket_diff}
    rows = [{"unit": int(u), "time": int(t), "cluster": int(g), "y": float(v), "x": [float(a) for a in x]}
            for u, t, g, v, x in zip(unit, time, cluster, y, X)]
    return {"name": name, "unit_trends": True, "N": ours["N"], "units": ours["U"], "times": ours["T"],
            "G": ours["G"], "k": k, "K": ours["K"], "ssc_factor": ours["ssc"], "df": ours["df"],
            "rows": rows, "beta": ours["beta"].tolist(), "V": ours["V"].tolist(), "se": ours["se"].tolist(),
            "t_quantile": ours["t_quantile"], "ci_low": ours["ci_low"].tolist(), "ci_high": ours["ci_high"].tolist(),
            "contrasts": out_c, "wald": out_w, "agrees_with_frisch_waugh_to": TOL,
            "agrees_with_pyfixest_explicit_slopes_to": TOL}, worst, info


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


def event_panel(rng, rates, effect, trend_sd=None):
    """60 units in 12 unequal clusters, 18 months, 20% of cells dropped.
    effect(N) gives the event part of y from the (U, T, regressors) array N.
    trend_sd: if given, y also gets delta_u * t with delta_u ~ N(0, trend_sd) (drawn only then,
    so the draws of the cases without a trend are unchanged)."""
    sizes = np.array([1, 2, 3, 3, 4, 5, 5, 6, 6, 7, 8, 10])
    U, T, G = int(sizes.sum()), 18, len(sizes)
    cl_of_unit = np.repeat(np.arange(G), sizes)
    rng.shuffle(cl_of_unit)
    N = np.concatenate([shifted(rng.poisson(r, (U, T)).astype(float), LAGS) for r in rates], axis=2)
    alpha, gamma = rng.normal(0, 0.3, U), rng.normal(0, 0.1, T)
    shock = rng.normal(0, 0.05, (G, T))
    delta = rng.normal(0, trend_sd, U) if trend_sd is not None else None
    ystar = (alpha[:, None] + gamma[None, :] + effect(N) + shock[cl_of_unit[:, None], np.arange(T)[None, :]]
             + rng.normal(0, 0.15, (U, T)))
    if delta is not None:
        ystar = ystar + delta[:, None] * np.arange(T, dtype=float)[None, :]
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


def unit_trends(rng):
    lag = {L: j for j, L in enumerate(LAGS)}
    unit, time, cluster, y, X, order = event_panel(
        rng, [0.5], lambda N: 0.05 * (N[..., lag[1]] + N[..., lag[2]] + N[..., lag[3]]), trend_sd=0.01)
    post, pre = [lag[1], lag[2], lag[3]], [lag[-3], lag[-2], lag[-1]]
    k = 7
    return check_and_record_unit_trends(
        "unit_trends", unit, time, cluster, y, X,
        contrasts=[("mean_lags_1_3", sel(k, post, 1 / 3)),
                   ("mean_lags_1_3_minus_mean_leads_3_1", sel(k, post, 1 / 3) - sel(k, pre, 1 / 3))],
        walds=[("leads_zero", np.eye(k)[pre])], order=order)


def main():
    import pyfixest
    rng = np.random.default_rng(20261207)
    # pyfixest's demeaning is not bit-reproducible, so the measured difference is printed, not stored
    made = [balanced_one_regressor(rng), unbalanced_event_counts(rng), two_event_types(rng), selection_dip(rng)]
    # unit_trends has its own generator so that the cases above keep their draws
    trend_case, trend_worst, trend_info = unit_trends(np.random.default_rng(20261208))
    made.append((trend_case, trend_worst))
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
    ti = trend_info
    print(f'unit_trends: dummy set {ti["dummy_cols"]} columns, rank {ti["dummy_rank"]}, numpy dropped column '
          f'{ti["numpy_dropped_dummy"]}; pyfixest (explicit slopes) dropped {ti["pyfixest_dropped"]}, '
          f'its K={ti["pyfixest_K"]} ssc={ti["pyfixest_ssc"]:.6f}')
    print("   frisch-waugh rel diffs", {key: f"{v:.1e}" for key, v in ti["frisch_waugh"].items()})
    print("   pyfixest rel diffs    ", {key: f"{v:.1e}" for key, v in ti["pyfixest"].items()})
    print(f'   pyfixest "| unit[t] + time": {ti["pyfixest_unit_bracket"]}, beta rel diff from the slopes model '
          f'{ti["pyfixest_unit_bracket_beta_rel_diff"]} (not a varying-slopes fit)')
    print("wrote panel_reference.json")


if __name__ == "__main__":
    main()
