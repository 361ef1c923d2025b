#!/usr/bin/env python3
"""Reference values for CR2 covariance with Bell-McCaffrey degrees of freedom.

    python3 Tests/CoachLabStatisticsTests/Fixtures/make_cr2_reference.py

writes cr2_reference.json beside this file; the Swift tests read it and need no Python.

The implementation is plain NumPy, row level, written from RESULTS.md ("CR2 and
Bell-McCaffrey degrees of freedom") alone. For OLS of y on X with clusters g and a
contrast c:

    M = (X'X)^-1, beta = M X'y, e = y - X beta
    H_gg = X_g M X_g',  A_g = (I - H_gg)^(-1/2)   (symmetric eigendecomposition; eigenvalues
                                                  of I - H_gg below 1e-12 get 0 in A_g)
    V = M (sum_g X_g' A_g e_g e_g' A_g X_g) M,  se = sqrt(c'Vc)
    v_g = A_g X_g M c,  w_g = X_g' v_g,  K = diag(v_g'v_g) - W'MW   (G x G)
    dof = (sum lambda)^2 / sum lambda^2 over the eigenvalues lambda of K
    interval = c'beta -/+ t(0.975, dof) se

The script asserts the three checks RESULTS.md states: one observation per cluster gives
statsmodels' HC2 covariance; a mean with single-observation clusters has dof n - 1; a mean
over G equal-size clusters has dof G - 1. make_golden.py (CoachLabPluginsTests/Golden)
imports cr2() from here, so the golden files use this same implementation.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
EIGEN_FLOOR = 1e-12


def inverse_sqrt_psd(S):
    """S^(-1/2) of a symmetric matrix, eigenvalues below EIGEN_FLOOR mapped to 0."""
    S = (S + S.T) / 2
    d, Q = np.linalg.eigh(S)
    inv = np.zeros_like(d)
    keep = d >= EIGEN_FLOOR
    inv[keep] = 1.0 / np.sqrt(d[keep])
    return (Q * inv) @ Q.T


def cr2(X, y, cluster, contrast, level=0.975):
    """CR2 covariance, Bell-McCaffrey dof and the 95% interval of contrast'beta.

    Returns a dict with beta, V, se, dof, t_quantile, estimate, low, high (and G)."""
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    c = np.asarray(contrast, float)
    cluster = np.asarray(cluster)
    n, k = X.shape
    assert y.shape == (n,) and c.shape == (k,) and cluster.shape == (n,)
    M = np.linalg.inv(X.T @ X)
    M = (M + M.T) / 2
    beta = M @ (X.T @ y)
    e = y - X @ beta
    Mc = M @ c
    labels = np.unique(cluster)
    meat = np.zeros((k, k))
    vv = []
    W = np.zeros((k, len(labels)))
    for j, g in enumerate(labels):
        rows = np.flatnonzero(cluster == g)
        Xg, eg = X[rows], e[rows]
        Hgg = Xg @ M @ Xg.T
        Ag = inverse_sqrt_psd(np.eye(len(rows)) - Hgg)
        u = Xg.T @ (Ag @ eg)          # X_g' A_g e_g
        meat += np.outer(u, u)
        vg = Ag @ (Xg @ Mc)
        vv.append(vg @ vg)
        W[:, j] = Xg.T @ vg
    V = M @ meat @ M
    V = (V + V.T) / 2
    se = float(np.sqrt(c @ V @ c))
    K = np.diag(vv) - W.T @ M @ W
    lam = np.linalg.eigvalsh((K + K.T) / 2)
    dof = float(lam.sum() ** 2 / (lam ** 2).sum())
    q = float(stats.t.ppf(level, dof))
    est = float(c @ beta)
    return {"beta": beta, "V": V, "se": se, "dof": dof, "t_quantile": q,
            "estimate": est, "low": est - q * se, "high": est + q * se, "G": len(labels)}


def dof_direct(X, cluster, contrast):
    """The same dof from Imbens and Kolesar's n x G form: the eigenvalues of G'G, column g of
    G being (I - H)[:, rows of g] A_g X_g M c. A cross-check of the G x G form in cr2()."""
    X = np.asarray(X, float)
    cluster = np.asarray(cluster)
    n = len(X)
    M = np.linalg.inv(X.T @ X)
    IH = np.eye(n) - X @ M @ X.T
    cols = []
    for g in np.unique(cluster):
        rows = np.flatnonzero(cluster == g)
        Ag = inverse_sqrt_psd(np.eye(len(rows)) - X[rows] @ M @ X[rows].T)
        cols.append(IH[:, rows] @ (Ag @ (X[rows] @ (M @ np.asarray(contrast, float)))))
    lam = np.linalg.eigvalsh(np.column_stack(cols).T @ np.column_stack(cols))
    return float(lam.sum() ** 2 / (lam ** 2).sum())


def rel_diff(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


# ---------------------------------------------------------------------------------------
# checks from RESULTS.md
def check_hc2(rng):
    import statsmodels.api as sm
    worst = 0.0
    for n, k in [(30, 3), (12, 2), (200, 4)]:
        X = np.column_stack([np.ones(n), rng.normal(size=(n, k - 1))])
        y = X @ rng.normal(size=k) + rng.normal(size=n) * (1 + np.abs(X[:, -1]))
        ours = cr2(X, y, np.arange(n), np.eye(k)[1])["V"]
        theirs = sm.OLS(y, X).fit(cov_type="HC2").cov_params()
        d = rel_diff(ours, theirs)
        assert d < 1e-10, ("HC2", n, k, d)
        worst = max(worst, d)
    return worst


def check_mean_dof(rng):
    out = []
    for n in [2, 3, 15, 101]:
        r = cr2(np.ones((n, 1)), rng.normal(size=n), np.arange(n), [1.0])
        assert abs(r["dof"] - (n - 1)) < 1e-9 * n, ("mean dof", n, r["dof"])
        out.append([n, r["dof"]])
    return out


def check_balanced_dof(rng):
    out = []
    for G, m in [(2, 4), (6, 5), (17, 3), (40, 12)]:
        cl = np.repeat(np.arange(G), m)
        y = rng.normal(size=G)[cl] + rng.normal(size=G * m)
        r = cr2(np.ones((G * m, 1)), y, cl, [1.0])
        assert abs(r["dof"] - (G - 1)) < 1e-9 * G, ("balanced dof", G, m, r["dof"])
        out.append([G, m, r["dof"]])
    return out


# ---------------------------------------------------------------------------------------
# cases
def case(name, X, y, cluster, contrast):
    X = np.asarray(X, float)
    r = cr2(X, y, cluster, contrast)
    assert all(np.isfinite([r["se"], r["dof"], r["low"], r["high"]])), name
    assert len(y) <= 1500, name
    direct = dof_direct(X, cluster, contrast)
    assert abs(direct - r["dof"]) < 1e-9 * r["dof"], (name, direct, r["dof"])
    return {"name": name, "X": X.tolist(), "y": [float(v) for v in y], "cluster": [int(g) for g in cluster],
            "contrast": [float(v) for v in contrast], "beta": r["beta"].tolist(), "V": r["V"].tolist(),
            "se": r["se"], "dof": r["dof"], "t_quantile": r["t_quantile"], "low": r["low"], "high": r["high"]}


def tier_rows(rng, tiers_of_clusters):
    X, y, cl = [], [], []
    for g, tier in enumerate(tiers_of_clusters):   # 0 needs_improvement, 1 meets, 2 exceeds
        p = [0.7, 0.8, 0.9][tier] + rng.normal(0, 0.05)
        for _ in range(int(rng.integers(5, 61))):
            X.append([1.0, 1.0 if tier == 2 else 0.0, 1.0 if tier == 1 else 0.0])
            y.append(float(rng.random() < p))
            cl.append(g)
    return X, y, cl


def make_cases(rng):
    import statsmodels.api as sm
    cases, extra = [], {}

    # 1. one row per cluster: HC2
    n = 30
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.normal(2, 1.5, size=n)])
    y = X @ [0.5, 1.2, -0.4] + rng.normal(size=n) * (0.5 + np.abs(X[:, 1]))
    cases.append(case("hc2_continuous", X, y, np.arange(n), [0.0, 1.0, 0.0]))
    sm_V = sm.OLS(y, X).fit(cov_type="HC2").cov_params()
    d = rel_diff(cases[-1]["V"], sm_V)
    assert d < 1e-10, d
    extra["statsmodels_hc2_V"] = sm_V.tolist()
    extra["hc2_continuous_max_relative_difference"] = d

    # 2. a mean over unbalanced clusters with a cluster random effect
    sizes = rng.integers(1, 41, size=9)
    sizes[0], sizes[1] = 1, 40
    cl = np.repeat(np.arange(9), sizes)
    y = 2.0 + rng.normal(0, 0.6, size=9)[cl] + rng.normal(size=len(cl))
    cases.append(case("mean_unbalanced", np.ones((len(cl), 1)), y, cl, [1.0]))

    # 3. a mean over 6 equal clusters of 5: dof 5
    cl = np.repeat(np.arange(6), 5)
    y = 1.0 + rng.normal(0, 0.5, size=6)[cl] + rng.normal(size=30)
    cases.append(case("mean_balanced", np.ones((30, 1)), y, cl, [1.0]))
    assert abs(cases[-1]["dof"] - 5) < 1e-9, cases[-1]["dof"]

    # 4. a linear probability model on tier dummies, 23 clusters each of one tier
    tiers = [g % 3 for g in range(23)]
    X, y, cl = tier_rows(rng, tiers)
    cases.append(case("tier_dummies", X, y, cl, [0.0, 1.0, 0.0]))

    # 5. as 4, the meets tier with a single cluster
    tiers = [2] * 9 + [1] + [0] * 10
    rng.shuffle(tiers)
    X, y, cl = tier_rows(rng, tiers)
    assert sum(1 for t in tiers if t == 1) == 1
    cases.append(case("tier_dummies_single_cluster_tier", X, y, cl, [0.0, 1.0, 0.0]))

    # 6. two samples sharing clusters (sparse cluster codes)
    X, y, cl = [], [], []
    for g in range(14):
        code = 3 + 11 * g
        shock = rng.normal(0, 0.3)
        na = int(rng.integers(1, 8))
        nb = int(rng.integers(0, 8)) if g % 2 == 0 else 0   # several clusters in both samples
        if g == 13:
            na, nb = 0, 5                                   # and one only in the second
        for _ in range(na):
            X.append([1.0, 1.0]); y.append(0.4 + shock + rng.normal(0, 0.5)); cl.append(code)
        for _ in range(nb):
            X.append([1.0, 0.0]); y.append(shock + rng.normal(0, 0.5)); cl.append(code)
    assert len({c for c, x in zip(cl, X) if x[1] == 1.0} & {c for c, x in zip(cl, X) if x[1] == 0.0}) >= 3
    cases.append(case("two_samples_shared_clusters", X, y, cl, [0.0, 1.0]))

    # 7. a regressor varying within clusters, 12 unbalanced clusters
    X, y, cl = [], [], []
    for g in range(12):
        level, centre = rng.normal(0, 0.5), rng.normal(0, 1)
        for _ in range(int(rng.integers(2, 30))):
            x = centre + rng.normal(0, 1)
            X.append([1.0, x]); y.append(1.0 + 0.3 * x + level + rng.normal(0, 0.5 + 0.2 * abs(x))); cl.append(g)
    cases.append(case("within_cluster_regressor", X, y, cl, [0.0, 1.0]))

    # 8. a mean with one row per cluster: dof 14
    y = rng.normal(1.0, 2.0, size=15)
    cases.append(case("hc2_mean", np.ones((15, 1)), y, np.arange(15), [1.0]))
    assert abs(cases[-1]["dof"] - 14) < 1e-9, cases[-1]["dof"]
    return cases, extra


def main():
    import statsmodels
    rng = np.random.default_rng(20261201)
    hc2 = check_hc2(rng)
    mean = check_mean_dof(rng)
    balanced = check_balanced_dof(rng)
    cases, extra = make_cases(rng)
    ref = {"made_with": {"numpy": np.__version__, "scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
           "checks": {"hc2_max_relative_difference": max(hc2, extra.pop("hc2_continuous_max_relative_difference")),
                      "mean_dof": mean, "balanced_mean_dof": balanced},
           "cases": cases, **extra}
    with open(os.path.join(HERE, "cr2_reference.json"), "w") as f:
        json.dump(ref, f, indent=1, allow_nan=False)
        f.write("\n")
    print("checks:", json.dumps(ref["checks"]))
    for c in cases:
        print(f'{c["name"]:36s} n={len(c["y"]):4d} G={len(set(c["cluster"])):3d} se={c["se"]:.6g} '
              f'dof={c["dof"]:.6g} [{c["low"]:.6g}, {c["high"]:.6g}]')
    print("wrote cr2_reference.json")


if __name__ == "__main__":
    main()
