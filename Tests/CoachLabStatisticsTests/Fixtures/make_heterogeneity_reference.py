"""Reference values for HeterogeneityTest (Cochran's Q) from statsmodels' meta-analysis:
statsmodels.stats.meta_analysis.combine_effects gives Q (q), its degrees of freedom and the
fixed-effect pooled estimate; scipy's chi-squared survival gives the p-value.
Run: python3 make_heterogeneity_reference.py > heterogeneity_reference.json"""
import json

import numpy as np
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

rng = np.random.default_rng(20261207)
cases = []
for k in (2, 3, 6, 12):
    for spread in (0.0, 0.02, 0.08):
        errors = rng.uniform(0.01, 0.06, size=k)
        estimates = 0.1 + rng.normal(0, spread, size=k) + rng.normal(0, errors)
        result = combine_effects(estimates, errors ** 2, method_re="chi2")
        q = float(result.q)
        df = int(result.df)
        cases.append({
            "estimates": estimates.tolist(), "standard_errors": errors.tolist(),
            "q": q, "df": df, "p_value": float(stats.chi2.sf(q, df)), "pooled": float(result.mean_effect_fe),
        })
print(json.dumps({"source": "statsmodels %s combine_effects; scipy %s chi2.sf" % (__import__("statsmodels").__version__, __import__("scipy").__version__),
                  "cases": cases}, indent=1))
