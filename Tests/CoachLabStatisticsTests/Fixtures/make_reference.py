#!/usr/bin/env python3
"""Reference values for CoachLabStatistics from scipy and statsmodels.

    python3 Tests/CoachLabStatisticsTests/Fixtures/make_reference.py

writes reference.json beside this file; the Swift tests read it and need no Python.
"""
import json
import os

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import special, stats
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)

ref = {"made_with": {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__}}
ref["normal_quantile"] = [[p, stats.norm.ppf(p)] for p in
                          [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-12]]
ref["normal_two_sided"] = [[z, 2 * stats.norm.sf(abs(z))] for z in [0.0, 0.5, 1.959963984540054, 3.0, 8.2, 20.0, 37.0]]
ref["chi2_sf"] = [[x, df, stats.chi2.sf(x, df)] for x, df in
                  [(0.5, 1), (3.84, 1), (5.99, 2), (68.0, 2), (232.3, 2), (1500.0, 2), (10.0, 7), (0.1, 30), (300.0, 30)]]
ref["t_sf"] = [[t, df, stats.t.sf(t, df)] for t, df in
               [(0.0, 5), (1.0, 1), (2.0, 3.5), (-2.0, 3.5), (3.12, 44.4), (6.35, 166.3), (12.0, 10), (40.0, 250.7), (2.5, 1e6)]]
ref["t_quantile"] = [[p, df, stats.t.ppf(p, df)] for p, df in
                     [(0.975, 1), (0.975, 2), (0.975, 5), (0.975, 29), (0.975, 169), (0.975, 10000), (0.995, 3), (0.6, 7.5), (0.025, 12)]]
ref["beta_inc"] = [[x, a, b, special.betainc(a, b, x)] for x, a, b in
                   [(0.1, 0.5, 0.5), (0.5, 2, 3), (0.9, 10, 0.5), (0.001, 83.2, 0.5), (0.999, 1.5, 40)]]
ref["gamma_q"] = [[a, x, special.gammaincc(a, x)] for a, x in [(0.5, 0.1), (1, 1), (3.5, 20), (15, 5), (1, 700)]]
ref["wilson"] = [[k, n] + list(proportion_confint(k, n, alpha=0.05, method="wilson")) for k, n in
                 [(0, 10), (10, 10), (3, 7), (948, 1000), (3878, 4080), (1, 1)]]
a = rng.normal(0.004, 0.004, 40)
b = rng.normal(0.001, 0.006, 25)
w = stats.ttest_ind(a, b, equal_var=False)
ci = w.confidence_interval(confidence_level=0.95)
ref["welch"] = {"a": a.tolist(), "b": b.tolist(), "t": w.statistic, "df": w.df, "p": w.pvalue,
                "ci_low": ci.low, "ci_high": ci.high}

# A linear probability model with group-constant regressors, row level, clustered.
groups, X, y = [], [], []
for g in range(23):
    tier = g % 3
    n = int(rng.integers(5, 60))
    p = [0.7, 0.8, 0.9][tier]
    for _ in range(n):
        groups.append(g)
        X.append([1.0, 1.0 if tier == 2 else 0.0, 1.0 if tier == 1 else 0.0])
        y.append(float(rng.random() < p))
fit = sm.OLS(np.array(y), np.array(X)).fit(cov_type="cluster", cov_kwds={"groups": np.array(groups)})
ref["clustered_ols"] = {"groups": groups, "X": X, "y": y, "params": fit.params.tolist(),
                        "cov": fit.cov_params().tolist(), "conf_int": fit.conf_int(alpha=0.05).tolist()}

# Pearson's r with scipy's t test and Fisher interval; a weak and a strong association.
ref["pearson"] = []
for n, slope in [(12, 0.1), (57, 0.8), (5, -1.5)]:
    x = rng.normal(0, 1, n)
    y = slope * x + rng.normal(0, 1, n)
    res = stats.pearsonr(x, y)
    ci = res.confidence_interval(confidence_level=0.95)
    ref["pearson"].append({"x": x.tolist(), "y": y.tolist(), "r": res.statistic, "p": res.pvalue,
                           "low": ci.low, "high": ci.high})

# Row-level OLS with continuous regressors (a log-log elasticity), clustered.
groups, X, y = [], [], []
for g in range(31):
    level = rng.normal(0, 0.3)
    for _ in range(int(rng.integers(3, 25))):
        lc = np.log(rng.uniform(100, 400))
        lm = lc + np.log(rng.uniform(0.08, 0.16))
        groups.append(g)
        X.append([1.0, lc, lm])
        y.append(0.2 + 0.3 * lc + 0.8 * lm + level + rng.normal(0, 0.4))
fit = sm.OLS(np.array(y), np.array(X)).fit(cov_type="cluster", cov_kwds={"groups": np.array(groups)})
ref["clustered_ols_rows"] = {"groups": groups, "X": X, "y": y, "params": fit.params.tolist(),
                             "cov": fit.cov_params().tolist(), "conf_int": fit.conf_int(alpha=0.05).tolist()}

# Two samples of reps' outcomes, clustered by manager, a manager's reps (and one rep, seen
# twice) in both samples; manager codes sparse, as rows of managers.csv are.
a, b, ca, cb = [], [], [], []
for g in range(12):
    code = 7 + 13 * g
    shock = rng.normal(0, 0.04)
    for _ in range(int(rng.integers(1, 6))):
        a.append(0.02 + shock + rng.normal(0, 0.05))
        ca.append(code)
    for _ in range(int(rng.integers(0, 6))):
        b.append(shock + rng.normal(0, 0.05))
        cb.append(code)
y = np.r_[a, b]
X = np.column_stack([np.ones(len(y)), np.r_[np.ones(len(a)), np.zeros(len(b))]])
fit = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": np.r_[ca, cb]}, use_t=True)
ref["clustered_mean_difference"] = {"a": a, "b": b, "clusters_a": ca, "clusters_b": cb,
                                    "difference": fit.params[1], "conf_int": fit.conf_int(alpha=0.05)[1].tolist()}

with open(os.path.join(HERE, "reference.json"), "w") as f:
    json.dump(ref, f, indent=1)
    f.write("\n")
print("wrote reference.json")
