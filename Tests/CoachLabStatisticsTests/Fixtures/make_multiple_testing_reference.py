#!/usr/bin/env python3
"""Reference values for PValueAdjustment (CoachLabStatistics) from statsmodels.

    python3 Tests/CoachLabStatisticsTests/Fixtures/make_multiple_testing_reference.py

writes multiple_testing_reference.json beside this file: for each case, the p-values as
given (null for a test that could not be computed) and their adjustment by
`statsmodels.stats.multitest.multipletests` with method="holm" and method="fdr_bh".
statsmodels takes no missing values: a null is left out of the family, as CoachLab does, and
comes back null. The Swift tests read the file and need no Python.
"""
import json
import os

import numpy as np
import statsmodels
from statsmodels.stats.multitest import multipletests

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(11)


def adjusted(p, method):
    family = [x for x in p if x is not None]
    values = iter(multipletests(family, alpha=0.05, method=method)[1].tolist()) if family else iter([])
    return [None if x is None else next(values) for x in p]


twenty = np.concatenate([rng.uniform(0, 0.06, 8), rng.uniform(0, 1, 10), [1e-12, 0.5]])
rng.shuffle(twenty)
cases = {
    "single": [0.03],
    "single_zero": [0.0],
    "single_one": [1.0],
    "two": [0.04, 0.01],
    "unsorted": [0.04, 0.001, 0.3, 0.012, 0.049, 0.02],
    "ties": [0.02, 0.01, 0.02, 0.02, 0.5, 0.01],
    "all_equal": [0.03, 0.03, 0.03, 0.03],
    "zeros_and_ones": [0.0, 1.0, 0.0, 0.2, 1.0, 1e-300],
    "holm_not_monotone_raw": [0.01, 0.011, 0.012, 0.04],
    "bh_step_up": [0.049, 0.048, 0.047, 0.046, 0.9],
    "capped": [0.3, 0.4, 0.6, 0.7, 0.2],
    "with_nulls": [None, 0.01, 0.04, None, 0.03, 0.2],
    "all_null": [None, None],
    "empty": [],
    "twenty": twenty.tolist(),
}
reference = {
    "made_with": {"statsmodels": statsmodels.__version__, "numpy": np.__version__},
    "cases": [{"name": name, "p": p, "holm": adjusted(p, "holm"), "bh": adjusted(p, "fdr_bh")}
              for name, p in cases.items()],
}
with open(os.path.join(HERE, "multiple_testing_reference.json"), "w") as f:
    json.dump(reference, f, indent=1)
    f.write("\n")
