#!/usr/bin/env python3
"""Monte-Carlo coverage study of CoachLab's 95% intervals, and of its tests' error rates,
on generated orgs.

Written from the documentation alone (shared spec RESULTS.md v2, README.md,
Datasets/README.md and the plugins' READMEs), as an independent check of the implementation:
for every interval whose planted truth the generator documents (or that follows exactly from
its documented model), how often does it cover that truth? And on orgs where coaching does
nothing (`generate --no-tier-effects`), how often does some test of coaching find something,
with the run's Holm-adjusted p-values, with the raw ones, and with the p-values that treat
reps or rep-months as independent?

For seeds 1..N and three generator configurations (default; --manager-trend-sd 0.002;
--no-tier-effects), each org is written with
`coachlab generate --reps 400 --months 24 --seed S --out DIR` into a temporary folder,
analysed with `coachlab run DIR --format json` (every plugin), and the folder deleted. Orgs
run in parallel worker processes. The binary is copied once at the start so that a rebuild
during the run cannot mix two versions.

Python 3, standard library + numpy only.

    python3 Benchmarks/Coverage/coverage.py --orgs 200 --jobs 2
"""

import argparse
import datetime
import hashlib
import json
import math
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_BINARY = os.path.join(REPO, ".build", "debug", "coachlab")
TIERS = ("exceeds", "meets", "needs_improvement")

# --------------------------------------------------------------------------------------
# Configurations and truths
# --------------------------------------------------------------------------------------

REPS, MONTHS = 400, 24
D, M, N = "default", "manager-trend-sd 0.002", "no-tier-effects"
CONFIGS = [
    (D, []),
    (M, ["--manager-trend-sd", "0.002"]),
    (N, ["--no-tier-effects"]),
]
TIERED = (D, M)   # the configurations with the planted tier effects

# Datasets/README.md: planted rates and trends.
RATE = {"exceeds": 0.948, "meets": 0.900, "needs_improvement": 0.845}
TREND = {"exceeds": 0.0040, "meets": 0.0025, "needs_improvement": 0.0010}
RATE_DIFF = RATE["exceeds"] - RATE["needs_improvement"]      # 0.103
SLOPE_DIFF = TREND["exceeds"] - TREND["needs_improvement"]   # 0.0030
DEV_SHARE = {"exceeds": 0.85, "meets": 0.70, "needs_improvement": 0.55}
# --no-tier-effects (generate --help): every tier gets the meets rate and trend.
NULL_RATE, NULL_TREND = RATE["meets"], TREND["meets"]

# Coaching-practice outcomes (feedback-latency, focus-breadth, assignment-follow-through):
# mean attainment over the 3 calendar months after an event's month minus the 3 before, at
# least one each side. With a = base + u_r + s_r (t - c) + e, its expectation is s_r times the
# distance between the two windows' centres: 4 for events in months 3..M-4, 3.5 in months 2
# and M-3, 3 in months 1 and M-2, none in months 0 and M-1. Events fall evenly over months
# (Poisson per rep-month), so a rep's mean outcome has expectation K * s_r, with
KAPPA = (4 * (MONTHS - 6) + 2 * 3.5 + 2 * 3) / (MONTHS - 2)    # 85/22 = 3.864 at 24 months
EVENT_MONTHS = MONTHS - 2                                        # months whose events have one


def _practice_truths():
    """A group's mean outcome over reps in the tier-effect configurations, from the
    documented model: tiers 25/50/25%, sessions per rep-month Poisson(0.6/1.0/1.5) for
    needs_improvement/meets/exceeds, problem_solving 45/30/15%, the developmental rest
    coaching 60%, ride-along 25%, review 15%; feedback delay (ride-alongs and reviews)
    exponential with mean 72/36/12 h; 1-3 focus areas (1-2 in 2/3 of sessions). A rep of tier
    t is in a group when it has at least one event of the group with an outcome
    (EVENT_MONTHS months of Poisson events): probability p_t, so the group's mean outcome over
    reps is KAPPA * sum(pi_t p_t trend_t) / sum(pi_t p_t)."""
    tiers = ("needs_improvement", "meets", "exceeds")
    pi = dict(zip(tiers, (0.25, 0.50, 0.25)))
    lam = dict(zip(tiers, (0.6, 1.0, 1.5)))
    dev = dict(zip(tiers, (0.55, 0.70, 0.85)))
    mean_delay = dict(zip(tiers, (72.0, 36.0, 12.0)))

    def group_mean(rate_of_events):
        w = {t: pi[t] * (1 - math.exp(-EVENT_MONTHS * rate_of_events(t))) for t in tiers}
        return KAPPA * sum(w[t] * TREND[t] for t in tiers) / sum(w.values())

    band_share = {
        "same_day": lambda t: 1 - math.exp(-24 / mean_delay[t]),
        "one_to_three_days": lambda t: math.exp(-24 / mean_delay[t]) - math.exp(-72 / mean_delay[t]),
        "later": lambda t: math.exp(-72 / mean_delay[t]),
    }
    out = {}
    for band, share in band_share.items():
        out[("band", band)] = group_mean(lambda t, s=share: lam[t] * dev[t] * 0.40 * s(t))
    for breadth, share in (("1-2", 2 / 3), ("3+", 1 / 3)):
        out[("breadth", breadth)] = group_mean(lambda t, s=share: lam[t] * dev[t] * s)
    out["latency_difference"] = out[("band", "same_day")] - out[("band", "later")]
    out["breadth_difference"] = out[("breadth", "1-2")] - out[("breadth", "3+")]
    return out


PRACTICE = _practice_truths()
NULL_OUTCOME = KAPPA * NULL_TREND   # every group's mean outcome with --no-tier-effects


def tiered(value):
    """The same truth in the tier-effect configurations, none (not examined) otherwise."""
    return {c: value for c in TIERED}


# --------------------------------------------------------------------------------------
# Interval specifications
# --------------------------------------------------------------------------------------
# Each spec: id, group, plugin, where ("summary" or table name), row (key, value) or None,
# low key, high key, estimate key (or None), truth: {config: value} or a number, note.

def _spec(group, plugin, where, row, lo, hi, est, truth, label, note=""):
    """group and truth: one value for every configuration, or {configuration: value}; a
    configuration without a truth is not examined."""
    return dict(group=group, plugin=plugin, where=where, row=row, lo=lo, hi=hi, est=est,
                truth=truth, label=label, note=note)


def build_specs():
    specs = []
    Q, R = "quota-attainment-by-coaching-quality", "rep-improvement-over-time"
    L, F = "feedback-latency", "focus-breadth"
    A, S = "assignment-follow-through", "skill-will-matrix"
    null_ab = {D: "B", M: "B", N: "A"}   # derived or unsure with tier effects, exact without
    # -- the headline plugins: documented planted truths in every configuration ----------
    for lo, hi, what in (("ci_low", "ci_high", "ci_low/ci_high (clustered)"),
                         ("wilson_low", "wilson_high", "wilson_low/wilson_high (independent)")):
        for tier in TIERS:
            specs.append(_spec("A", Q, "by_tier", ("tier", tier), lo, hi, "rate",
                               {**tiered(RATE[tier]), N: NULL_RATE},
                               f"{Q} · by_tier {what} · {tier}"))
    specs.append(_spec("A", Q, "summary", None, "rate_difference_ci_low",
                       "rate_difference_ci_high", "rate_difference", {**tiered(RATE_DIFF), N: 0.0},
                       f"{Q} · summary rate_difference_ci_low/high"))
    for lo, hi, what in (("ci_low", "ci_high", "ci_low/ci_high (clustered)"),
                         ("t_ci_low", "t_ci_high", "t_ci_low/t_ci_high (independent)")):
        for tier in TIERS:
            specs.append(_spec("A", R, "by_tier", ("tier", tier), lo, hi, "mean_slope",
                               {**tiered(TREND[tier]), N: NULL_TREND},
                               f"{R} · by_tier {what} · {tier}"))
    specs.append(_spec("A", R, "summary", None, "slope_difference_ci_low",
                       "slope_difference_ci_high", "slope_difference",
                       {**tiered(SLOPE_DIFF), N: 0.0},
                       f"{R} · summary slope_difference_ci_low/high"))
    # -- coaching-practice differences -----------------------------------------------------
    specs.append(_spec(null_ab, L, "summary", None, "difference_clustered_ci_low",
                       "difference_clustered_ci_high", "difference",
                       {**tiered(PRACTICE["latency_difference"]), N: 0.0},
                       f"{L} · summary difference_clustered_ci (same_day − later)",
                       "with tier effects not 0 but a selection effect, derived from the "
                       f"model (see the design): {PRACTICE['latency_difference']:+.5f} "
                       "(Datasets/README.md: about +0.26 points, a figure taken from this "
                       "study's v1 mean); with --no-tier-effects exactly 0"))
    specs.append(_spec(null_ab, F, "summary", None, "difference_clustered_ci_low",
                       "difference_clustered_ci_high", "difference",
                       {**tiered(PRACTICE["breadth_difference"]), N: 0.0},
                       f"{F} · summary difference_clustered_ci (1-2 − 3+)",
                       "with tier effects a composition effect, derived from the model: "
                       f"{PRACTICE['breadth_difference']:+.5f} (a needs_improvement rep is "
                       "likelier to have no broad session); with --no-tier-effects exactly 0"))
    for lo, hi, what in (("difference_clustered_ci_low", "difference_clustered_ci_high",
                          "difference_clustered_ci"),
                         ("difference_ci_low", "difference_ci_high",
                          "difference_ci (Welch, independent)")):
        specs.append(_spec(null_ab, A, "summary", None, lo, hi, "difference", 0.0,
                           f"{A} · summary {what} (high − low)",
                           "with tier effects unsure: the median split mixes tiers unevenly "
                           "(needs_improvement reps have few assignments, so extreme on-time "
                           "shares), so the groups' mean trends may differ a little; with "
                           "--no-tier-effects exactly 0 (follow-through is drawn independently "
                           "of attainment)"))
    for lo, hi, what in (("difference_clustered_ci_low", "difference_clustered_ci_high",
                          "difference_clustered_ci"),
                         ("difference_ci_low", "difference_ci_high",
                          "difference_ci (Welch, independent)")):
        specs.append(_spec(null_ab, S, "summary", None, lo, hi, "difference", 0.0,
                           f"{S} · summary {what} (followers − non-followers)",
                           "without --commitment-call-increase almost no commitment is met, so "
                           "there are no followers in most orgs (null interval) and a few reps "
                           "of a few managers in the rest; which reps follow through is then "
                           "chance: truth about 0 with tier effects, exactly 0 without"))
    # -- coaching-practice groups: each group's mean outcome ----------------------------
    group_note = ("a group's mean outcome is not 0: it is KAPPA × its reps' mean trend "
                  f"(KAPPA = {KAPPA:.4f}, see the design): {NULL_OUTCOME:.6f} for every group "
                  "with --no-tier-effects; with tier effects derived from the model (bands "
                  "and breadths) or unknown (follow-through groups: not examined)")
    for lo, hi, what in (("ci_low", "ci_high", "ci (clustered)"),
                         ("t_ci_low", "t_ci_high", "t_ci (independent)")):
        for band in ("same_day", "one_to_three_days", "later"):
            specs.append(_spec(null_ab, L, "by_band", ("band", band), lo, hi, "mean_change",
                               {**tiered(PRACTICE[("band", band)]), N: NULL_OUTCOME},
                               f"{L} · by_band {what} · {band}", group_note))
        for breadth in ("1-2", "3+"):
            specs.append(_spec(null_ab, F, "by_breadth", ("breadth", breadth), lo, hi,
                               "mean_change",
                               {**tiered(PRACTICE[("breadth", breadth)]), N: NULL_OUTCOME},
                               f"{F} · by_breadth {what} · {breadth}", group_note))
        for group in ("high", "low"):
            specs.append(_spec("A", A, "by_follow_through", ("group", group), lo, hi,
                               "mean_change", {N: NULL_OUTCOME},
                               f"{A} · by_follow_through {what} · {group}", group_note))
    # -- correlations across managers: truth 0 only where coaching does nothing ----------
    for plugin, key, what in (("coaching-coverage", "coverage_attainment_r",
                               "coverage vs attainment rate"),
                              ("coaching-vs-firefighting", "attainment_r",
                               "developmental share vs team attainment"),
                              ("coaching-vs-firefighting", "improvement_r",
                               "developmental share vs team mean slope")):
        specs.append(_spec("A", plugin, "summary", None, f"{key}_ci_low", f"{key}_ci_high", key,
                           {N: 0.0}, f"{plugin} · summary {key}_ci ({what})",
                           "with --no-tier-effects attainment and its trend do not depend on "
                           "the tier, so a correlation across managers with a coaching practice "
                           "is 0; with tier effects it is positive and unknown (not examined)"))
    # -- group C: other intervals with a documented truth, outside the brief -----------
    P = "activity-to-pipeline"
    for act in ("calls", "meetings"):
        specs.append(_spec("C", P, "elasticities", (("outcome", "attainment"), ("activity", act)),
                           "ci_low", "ci_high", "elasticity", 0.0,
                           f"{P} · elasticities ci · attainment~{act}",
                           "README: attainment has elasticity none to calls or meetings"))
    specs.append(_spec("C", P, "summary", None, "attainment_change_ci_low",
                       "attainment_change_ci_high", "attainment_change", 0.0,
                       f"{P} · summary attainment_change_ci (calls +10%)",
                       "exp(0) − 1 = 0 when both attainment elasticities are 0"))
    for out in ("opportunities_created", "pipeline_value"):
        specs.append(_spec("C", P, "elasticities", (("outcome", out), ("activity", "calls")),
                           "ci_low", "ci_high", "elasticity", 0.0,
                           f"{P} · elasticities ci · {out}~calls",
                           "approximate: README says ≈ 0 given meetings"))
        specs.append(_spec("C", P, "elasticities", (("outcome", out), ("activity", "meetings")),
                           "ci_low", "ci_high", "elasticity", 1.0,
                           f"{P} · elasticities ci · {out}~meetings",
                           "approximate: README says ≈ 1 (log of a Binomial is not exactly "
                           "linear in log meetings, and zeros are dropped)"))
    V = "coaching-vs-firefighting"
    for tier in TIERS:
        specs.append(_spec("C", V, "by_tier", ("tier", tier), "ci_low", "ci_high",
                           "mean_manager_share", DEV_SHARE[tier],
                           f"{V} · by_tier ci (mean_manager_share) · {tier}",
                           "approximate: the README's 55/70/85% are of sessions, the plugin "
                           "shares minutes (durations look alike across kinds); practice still "
                           "differs by tier with --no-tier-effects"))
    for i, s in enumerate(specs):
        s["id"] = i
    return specs


def group_for(spec, config):
    g = spec["group"]
    return g.get(config) if isinstance(g, dict) else g


def truth_for(spec, config):
    t = spec["truth"]
    if isinstance(t, dict):
        return t.get(config)
    return t


# --------------------------------------------------------------------------------------
# Reading one result
# --------------------------------------------------------------------------------------

def _num(x):
    return x if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) else None


def find_row(rows, row):
    conds = (row,) if isinstance(row[0], str) else row
    for r in rows:
        if all(r.get(k) == v for k, v in conds):
            return r
    return None


def evaluate(results, spec, config):
    """(status, estimate, low, high) with status in cover / below / above / null.

    below: the truth is below the interval; above: above it."""
    truth = truth_for(spec, config)
    res = results.get(spec["plugin"])
    if res is None:
        return ("null", None, None, None)
    if spec["where"] == "summary":
        obj = res.get("summary") or {}
    else:
        obj = find_row((res.get("tables") or {}).get(spec["where"]) or [], spec["row"]) or {}
    lo, hi = _num(obj.get(spec["lo"])), _num(obj.get(spec["hi"]))
    est = _num(obj.get(spec["est"])) if spec["est"] else None
    if lo is None or hi is None:
        return ("null", est, None, None)
    if truth < lo:
        return ("below", est, lo, hi)
    if truth > hi:
        return ("above", est, lo, hi)
    return ("cover", est, lo, hi)


def _is_interval(k, obj):
    return (k.endswith("_low") and k[:-4] + "_high" in obj
            and ("ci" in k.split("_") or k.startswith("wilson")))


def interval_keys(results):
    """Every (plugin, place, low key) pair that looks like an interval, to list unexamined ones."""
    found = set()
    for plugin, res in results.items():
        for k in (res.get("summary") or {}):
            if _is_interval(k, res["summary"]):
                found.add((plugin, "summary", k))
        for name, rows in (res.get("tables") or {}).items():
            for r in rows[:5]:
                for k in r:
                    if _is_interval(k, r):
                        found.add((plugin, name, k))
    return found


# --------------------------------------------------------------------------------------
# Tests (p-values)
# --------------------------------------------------------------------------------------
# README: `run --format json` adds a top-level `multiple_testing` object (method, family_size,
# alpha, tests[{plugin, key, p_value, p_adjusted}]): the family of the p-values of tests
# robust to clustering by manager (and the elasticities). The p-values of tests that treat
# rep-months or reps as independent (`p_value`, `trend_p_value`: chi-square,
# Cochran-Armitage, Welch) are printed in the summaries but are not in the family.

FUNNEL = "activity-to-pipeline"   # its elasticities: associations in the funnel, not coaching
INDEPENDENCE_KEYS = ("p_value", "trend_p_value")


def extract_tests(doc, results):
    mt = doc.get("multiple_testing") or {}
    family = [dict(plugin=t.get("plugin"), key=t.get("key"), p=_num(t.get("p_value")),
                   p_adj=_num(t.get("p_adjusted")))
              for t in mt.get("tests") or []]
    independent = []
    for plugin, res in results.items():
        summ = res.get("summary") or {}
        for key in INDEPENDENCE_KEYS:
            if key in summ:
                independent.append(dict(plugin=plugin, key=key, p=_num(summ[key])))
    min_managers = sorted({summ.get("min_managers") for summ in
                           ((r.get("summary") or {}) for r in results.values())
                           if summ.get("min_managers") is not None})
    return dict(method=mt.get("method"), family_size=mt.get("family_size"),
                alpha=mt.get("alpha"), family=family, independent=independent,
                min_managers=min_managers)


def holm(ps):
    """Holm's step-down adjusted p-values (as statsmodels' multipletests(method="holm"))."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    adj, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        adj[i] = running
    return adj


# --------------------------------------------------------------------------------------
# One org
# --------------------------------------------------------------------------------------

_SPECS = None


def _init_worker(specs):
    global _SPECS
    _SPECS = specs


def run_org(task):
    binary, config, extra, seed = task
    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix=f"coverage-{seed}-")
    try:
        org = os.path.join(tmp, "org")
        cmd = [binary, "generate", "--reps", str(REPS), "--months", str(MONTHS),
               "--seed", str(seed), "--out", org] + extra
        g = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if g.returncode != 0:
            return dict(config=config, seed=seed, error="generate: " + g.stderr[-2000:])
        r = subprocess.run([binary, "run", org, "--format", "json"],
                           capture_output=True, text=True, timeout=1200)
        if r.returncode != 0:
            return dict(config=config, seed=seed, error="run: " + r.stderr[-2000:])
        doc = json.loads(r.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results = {res["plugin"]: res for res in doc.get("results", [])}
    tests = extract_tests(doc, results)
    out = {}
    for s in _SPECS:
        if truth_for(s, config) is None:
            continue
        out[s["id"]] = evaluate(results, s, config)
    return dict(config=config, seed=seed, seconds=time.monotonic() - t0, evals=out,
                interval_keys=sorted(interval_keys(results)),
                plugins=sorted(results), tests=tests)


# --------------------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------------------

Z = 1.959963984540054


def wilson(k, n):
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + Z * Z / n
    c = (p + Z * Z / (2 * n)) / d
    h = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def fmt(x, digits=4):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:.{digits}g}"


def summarise(specs, records, configs):
    rows = []
    for s in specs:
        for config in configs:
            if truth_for(s, config) is None or group_for(s, config) is None:
                continue
            recs = [r for r in records if r["config"] == config and "evals" in r]
            ev = [r["evals"][s["id"]] for r in recs]
            n = len(ev)
            cov = sum(1 for e in ev if e[0] == "cover")
            below = sum(1 for e in ev if e[0] == "below")
            above = sum(1 for e in ev if e[0] == "above")
            nulls = sum(1 for e in ev if e[0] == "null")
            nn = n - nulls
            ests = [e[1] for e in ev if e[1] is not None]
            widths = [e[3] - e[2] for e in ev if e[0] != "null"]
            lo, hi = wilson(cov, nn)
            rows.append(dict(spec=s, config=config, orgs=n, nonnull=nn, covered=cov,
                             below=below, above=above, nulls=nulls,
                             coverage=(100.0 * cov / nn) if nn else None,
                             ci=(100 * lo, 100 * hi) if nn else None,
                             mean_est=float(np.mean(ests)) if ests else None,
                             mc_se=float(np.std(ests, ddof=1) / math.sqrt(len(ests)))
                             if len(ests) > 1 else None,
                             mean_width=float(np.mean(widths)) if widths else None,
                             truth=truth_for(s, config), group=group_for(s, config)))
    return rows


def table(rows, group):
    lines = ["| interval (plugin · table/key · tier) | configuration | orgs | coverage % "
             "| 95% CI of coverage | nulls | truth < low / > high | truth | mean estimate "
             "(± MC se) | mean width |",
             "|---|---|---:|---:|---|---:|---|---:|---|---:|"]
    for r in rows:
        if r["group"] != group:
            continue
        cov = "–" if r["coverage"] is None else f"{r['coverage']:.1f}"
        ci = "–" if r["ci"] is None else f"{r['ci'][0]:.1f}–{r['ci'][1]:.1f}"
        est = fmt(r["mean_est"])
        if r["mc_se"] is not None:
            est += f" ± {fmt(r['mc_se'], 2)}"
        lines.append(f"| {r['spec']['label']} | {r['config']} | {r['orgs']} | {cov} | {ci} | "
                     f"{r['nulls']} | {r['below']} / {r['above']} | {fmt(r['truth'])} | {est} | "
                     f"{fmt(r['mean_width'], 3)} |")
    return "\n".join(lines)


def notes_for(rows, group):
    out = []
    for r in rows:
        s = r["spec"]
        if r["group"] == group and s["note"]:
            out.append(f"- {s['label'].split(' · ')[0]}: {s['note']}")
    return "\n".join(dict.fromkeys(out))


# --------------------------------------------------------------------------------------
# Tests under no effect
# --------------------------------------------------------------------------------------

ALPHA = 0.05
ATTAINMENT_ELASTICITIES = ("elasticity_attainment_calls_p_value",
                           "elasticity_attainment_meetings_p_value")


def test_truth(plugin, key):
    if plugin != FUNNEL:
        return "0"
    if key.endswith("_meetings_p_value") and "attainment" not in key:
        return "≈ 1 (real)"
    if key in ATTAINMENT_ELASTICITIES:
        return "0"
    return "≈ 0 given meetings"


def share_cell(k, n):
    if n == 0:
        return "–", "–"
    lo, hi = wilson(k, n)
    return f"{100 * k / n:.1f}", f"{100 * lo:.1f}–{100 * hi:.1f}"


def summarise_tests(records, config):
    """Family-wise error rates and each test's size over the orgs of one configuration."""
    recs = [r for r in records if r["config"] == config and "tests" in r]
    sets = {
        "coaching_adjusted": [], "coaching_raw": [], "independent_raw": [],
        "independent_holm": [], "zero_adjusted": [], "zero_raw": [],
    }
    sizes = {}            # set of tests per run, for "tests per run"
    per_key = {}          # (plugin, key, in_family) -> [present, raw rejections, adj rejections]
    holm_gap, family_sizes, methods, min_managers, leaks = 0.0, [], set(), set(), set()
    for r in recs:
        t = r["tests"]
        methods.add(t["method"])
        family_sizes.append(t["family_size"])
        min_managers.update(t["min_managers"])
        fam = [x for x in t["family"] if x["p"] is not None]
        if fam and all(x["p_adj"] is not None for x in fam):
            mine = holm([x["p"] for x in fam])
            holm_gap = max(holm_gap, max(abs(a - x["p_adj"]) for a, x in zip(mine, fam)))
        ind = [x for x in t["independent"] if x["p"] is not None]
        leaks.update((x["plugin"], x["key"]) for x in fam if x["key"] in INDEPENDENCE_KEYS)
        coaching = [x for x in fam if x["plugin"] != FUNNEL]
        zero = coaching + [x for x in fam if x["plugin"] == FUNNEL
                           and x["key"] in ATTAINMENT_ELASTICITIES]
        ind_holm = holm([x["p"] for x in ind]) if ind else []
        for name, hit, size in (
                ("coaching_adjusted", any(x["p_adj"] < ALPHA for x in coaching), len(coaching)),
                ("coaching_raw", any(x["p"] < ALPHA for x in coaching), len(coaching)),
                ("independent_raw", any(x["p"] < ALPHA for x in ind), len(ind)),
                ("independent_holm", any(a < ALPHA for a in ind_holm), len(ind)),
                ("zero_adjusted", any(x["p_adj"] < ALPHA for x in zero), len(zero)),
                ("zero_raw", any(x["p"] < ALPHA for x in zero), len(zero))):
            sets[name].append(hit)
            sizes.setdefault(name, []).append(size)
        for x in t["family"]:
            c = per_key.setdefault((x["plugin"], x["key"], True), [0, 0, 0])
            if x["p"] is not None:
                c[0] += 1
                c[1] += x["p"] < ALPHA
                c[2] += x["p_adj"] is not None and x["p_adj"] < ALPHA
        for x in t["independent"]:
            c = per_key.setdefault((x["plugin"], x["key"], False), [0, 0, 0])
            if x["p"] is not None:
                c[0] += 1
                c[1] += x["p"] < ALPHA
    return dict(runs=len(recs), sets=sets, sizes=sizes, per_key=per_key, holm_gap=holm_gap,
                family_sizes=family_sizes, methods=sorted(m for m in methods if m),
                min_managers=sorted(min_managers), leaks=sorted(leaks))


FWER_ROWS = [
    ("coaching_adjusted", "(a) tests of coaching, Holm-adjusted p (`p_adjusted`, the run's "
     "whole family)"),
    ("coaching_raw", "(b) the same tests, raw p (`p_value`), unadjusted"),
    ("independent_raw", "(c) independence-based `p_value`/`trend_p_value` (outside the family), raw"),
    ("independent_holm", "(c′) the same, Holm-adjusted among themselves (computed here)"),
    ("zero_adjusted", "(a+) tests of coaching + the two attainment elasticities (truth 0), "
     "Holm-adjusted"),
    ("zero_raw", "(b+) the same, raw"),
]


def fwer_table(ts):
    lines = ["| p-values (per run) | tests per run | runs | runs with any p < 0.05 | share % "
             "| 95% CI of share |", "|---|---|---:|---:|---:|---|"]
    for name, label in FWER_ROWS:
        hits, n = sum(ts["sets"][name]), len(ts["sets"][name])
        sz = ts["sizes"].get(name, [])
        per = "–" if not sz else (f"{min(sz)}" if min(sz) == max(sz) else f"{min(sz)}–{max(sz)}")
        pct, ci = share_cell(hits, n)
        lines.append(f"| {label} | {per} | {n} | {hits} | {pct} | {ci} |")
    return "\n".join(lines)


def size_table(ts):
    lines = ["| test (plugin · key) | in family | truth | runs with a p | raw p < 0.05: runs "
             "| size % (95% CI) | Holm-adjusted p < 0.05: runs | % |",
             "|---|---|---|---:|---:|---|---:|---:|"]

    def order(item):
        (plugin, key, fam), _ = item
        return (not fam, plugin == FUNNEL, plugin, key)

    for (plugin, key, fam), (n, raw, adj) in sorted(ts["per_key"].items(), key=order):
        pct, ci = share_cell(raw, n)
        size = "–" if pct == "–" else f"{pct} ({ci})"
        apct = (f"{100 * adj / n:.1f}" if n else "–") if fam else "–"
        lines.append(f"| {plugin} · `{key}` | {'yes' if fam else 'no'} | "
                     f"{test_truth(plugin, key)} | {n} | {raw} | {size} | "
                     f"{adj if fam else '–'} | {apct} |")
    return "\n".join(lines)


def kind_of(spec):
    """The interval's kind, for the headline table (None: group C, not in it)."""
    plugin, where, lo = spec["plugin"], spec["where"], spec["lo"]
    if plugin == "quota-attainment-by-coaching-quality":
        if where == "summary":
            return "rate difference (exceeds − needs_improvement) · clustered"
        return "tier attainment rates · " + ("clustered" if lo == "ci_low" else
                                             "Wilson (independent)")
    if plugin == "rep-improvement-over-time":
        if where == "summary":
            return "slope difference (exceeds − needs_improvement) · clustered"
        return "tier mean slopes · " + ("clustered" if lo == "ci_low" else "t (independent)")
    if where == "summary" and lo == "difference_clustered_ci_low":
        return "coaching-practice differences · clustered"
    if where == "summary" and lo == "difference_ci_low":
        return "coaching-practice differences · Welch (independent)"
    if where in ("by_band", "by_breadth", "by_follow_through"):
        return "coaching-practice group means · " + ("clustered" if lo == "ci_low" else
                                                      "t (independent)")
    if where == "summary" and lo.endswith("_r_ci_low"):
        return "correlations across managers · Fisher z"
    return None


KIND_ORDER = [
    "tier attainment rates · clustered", "tier attainment rates · Wilson (independent)",
    "rate difference (exceeds − needs_improvement) · clustered",
    "tier mean slopes · clustered", "tier mean slopes · t (independent)",
    "slope difference (exceeds − needs_improvement) · clustered",
    "coaching-practice differences · clustered",
    "coaching-practice differences · Welch (independent)",
    "coaching-practice group means · clustered", "coaching-practice group means · t (independent)",
    "correlations across managers · Fisher z",
]


def headline_table(rows, configs):
    cells = {}
    for r in rows:
        k = kind_of(r["spec"])
        if k is None or r["group"] not in ("A", "B") or r["coverage"] is None:
            continue
        c = cells.setdefault((k, r["config"]), dict(cov=0, n=0, lo=101.0, hi=-1.0, rows=0, b=0))
        c["cov"] += r["covered"]
        c["n"] += r["nonnull"]
        c["lo"] = min(c["lo"], r["coverage"])
        c["hi"] = max(c["hi"], r["coverage"])
        c["rows"] += 1
        c["b"] += r["group"] == "B"
    lines = ["| interval kind | " + " | ".join(configs) + " |",
             "|---|" + "---:|" * len(configs)]
    for k in KIND_ORDER:
        if not any((k, c) in cells for c in configs):
            continue
        out = []
        for c in configs:
            x = cells.get((k, c))
            if x is None:
                out.append("–")
                continue
            pooled = 100 * x["cov"] / x["n"]
            rng = (f"{x['lo']:.1f}" if x["rows"] == 1 else f"{x['lo']:.1f}–{x['hi']:.1f}")
            mark = "†" if x["b"] else ""
            out.append(f"{pooled:.1f}{mark} ({rng}; {x['rows']} row{'s' if x['rows'] > 1 else ''})")
        lines.append(f"| {k} | " + " | ".join(out) + " |")
    return "\n".join(lines)


def shortfalls(rows, independent):
    """Rows of tables A and B outside 93-97% coverage, of one family of intervals."""
    out = []
    for r in rows:
        k = kind_of(r["spec"])
        if k is None or r["coverage"] is None or r["group"] not in ("A", "B"):
            continue
        if ("independent" in k) != independent:
            continue
        if 93.0 <= r["coverage"] <= 97.0:
            continue
        lo, hi = r["ci"]
        tag = ("its CI excludes 95%" if hi < 95.0 or lo > 95.0 else "its CI includes 95%")
        out.append(f"{r['spec']['label']} [{r['config']}]: {r['coverage']:.1f}% "
                   f"(CI {lo:.1f}–{hi:.1f}, {tag}; misses truth < low / > high "
                   f"{r['below']} / {r['above']}{'; truth derived, table B' if r['group'] == 'B' else ''})")
    return out


def _find(rows, label_start, config):
    for r in rows:
        if r["config"] == config and r["spec"]["label"].startswith(label_start):
            return r
    return None


def _cov(r):
    if r is None or r["coverage"] is None:
        return "–"
    return f"{r['coverage']:.1f}%"


def _span(rows, pred):
    vals = [r["coverage"] for r in rows if r["coverage"] is not None and pred(r)]
    if not vals:
        return "–"
    return f"{min(vals):.1f}–{max(vals):.1f}%"


def what_this_shows(rows, ts):
    Q, R = "quota-attainment-by-coaching-quality", "rep-improvement-over-time"
    L = "feedback-latency · summary difference_clustered_ci"
    configs = list(dict.fromkeys(r["config"] for r in rows))
    kinds = {id(r): kind_of(r["spec"]) for r in rows}

    def is_kind(r, k):
        return kinds[id(r)] is not None and kinds[id(r)].startswith(k) and r["group"] in "AB"

    out = ["## What this shows", "",
           "Coverage per interval kind and configuration: the share of orgs whose interval "
           "covers the truth, pooled over the rows of tables A and B of that kind (in brackets "
           "the lowest and highest row and the number of rows; † the kind includes table-B rows, "
           "whose truth is derived from the model or, where marked unsure, taken as 0). With 200 "
           "orgs a row's coverage has a Monte-Carlo 95% interval of about ±3 points around 95%, "
           "so a single row at 92–93% is not by itself evidence of a shortfall.", "",
           headline_table(rows, configs), ""]
    tier_rates = [_find(rows, f"{Q} · by_tier ci_low/ci_high (clustered) · {t}", D) for t in TIERS]
    if all(tier_rates):
        miss = ", ".join(f"{t} {_cov(r)} ({r['below']} / {r['above']})"
                         for t, r in zip(TIERS, tier_rates))
        nte = [_find(rows, f"{Q} · by_tier ci_low/ci_high (clustered) · {t}", N) for t in TIERS]
        out.append(
            "- **Where the clustered intervals fall short of 93–97%.** The tiers' attainment "
            f"rates in the default configuration: {miss} (misses with the whole interval above / "
            "below the truth). Missing mostly on one side, with the interval above the truth, "
            "is what skewed manager rates near the ceiling do: a manager's rate near 90–95% "
            "can fall far but not rise far, so a tier's mean over 10–20 managers is skewed "
            "and a symmetric t interval around it misses on one side. The meets row is the same "
            "200 meets tiers in the default and no-tier-effects configurations (that tier's model "
            "does not change), so its "
            f"{_cov(nte[1]) if nte[1] else '–'} there is no second observation; in no-tier-effects "
            f"the exceeds and needs_improvement tiers at 0.90 cover "
            f"{_cov(nte[0]) if nte[0] else '–'} and {_cov(nte[2]) if nte[2] else '–'}, and with the "
            "manager trend the three cover "
            + ", ".join(_cov(_find(rows, f"{Q} · by_tier ci_low/ci_high (clustered) · {t}", M))
                        for t in TIERS) + " (why the trend helps is not examined here).")
    diffs = [r for r in rows if r["spec"]["where"] == "summary" and r["spec"]["plugin"] in (Q, R)
             and r["group"] == "A" and r["coverage"] is not None]
    if diffs:
        out.append(
            f"- The rate and slope differences cover {_span(rows, lambda r: r in diffs)} in every "
            f"configuration (null in {max(r['nulls'] for r in diffs)} of 200 orgs, where exceeds or "
            "needs_improvement has fewer than 5 managers: a correct refusal, not counted). The "
            "tier mean slopes cover "
            f"{_span(rows, lambda r: is_kind(r, 'tier mean slopes · clustered'))}; the "
            "coaching-practice differences "
            f"{_span(rows, lambda r: is_kind(r, 'coaching-practice differences · clustered'))} "
            "and group means "
            f"{_span(rows, lambda r: is_kind(r, 'coaching-practice group means · clustered'))} "
            "(lowest: the `later` feedback band, the smallest group); the correlations across "
            f"managers {_span(rows, lambda r: is_kind(r, 'correlations across managers'))}.")
    short = shortfalls(rows, independent=False)
    if short:
        out.append("- Every clustered row outside 93–97% (tables A and B):")
        out.extend(f"  - {x}" for x in short)
    out.append(
        "- **Intervals that treat rep-months or reps as independent** (kept beside the clustered "
        "ones for comparison): Wilson's tier rates cover "
        f"{_span(rows, lambda r: is_kind(r, 'tier attainment rates · Wilson'))} in every "
        "configuration (a rep's months are correlated whatever the managers do); the t intervals "
        "of the tier mean slopes "
        f"{_span(rows, lambda r: is_kind(r, 'tier mean slopes · t') and r['config'] != M)} "
        "without and "
        f"{_span(rows, lambda r: is_kind(r, 'tier mean slopes · t') and r['config'] == M)} "
        "with the manager trend; the practice groups' t intervals "
        f"{_span(rows, lambda r: is_kind(r, 'coaching-practice group means · t') and r['config'] == M)} "
        "with it. Without a trend shared by a manager's reps nothing is clustered by manager in "
        "these orgs, so reps really are independent and the t and Welch intervals hold.")
    lat_n, lat_d = _find(rows, L, N), _find(rows, L, D)
    if lat_n and lat_d:
        out.append(
            "- **feedback-latency's same_day − later** is a selection effect with tier effects on: "
            f"mean {lat_d['mean_est']:+.5f} ± {lat_d['mc_se']:.5f} over the default orgs against "
            f"{PRACTICE['latency_difference']:+.5f} derived from the model (coverage of the derived "
            f"value {_cov(lat_d)}). With `--no-tier-effects` it is "
            f"{lat_n['mean_est']:+.5f} ± {lat_n['mc_se']:.5f}, consistent with 0, and the interval "
            f"covers 0 in {_cov(lat_n)} of orgs.")
    if ts is not None:
        st = ts["sets"]

        def pct(name):
            k, n = sum(st[name]), len(st[name])
            lo, hi = wilson(k, n)
            return f"{100 * k / n:.1f}% ({k}/{n}; 95% CI {100 * lo:.1f}–{100 * hi:.1f}%)"

        coach = [(k, v) for k, v in ts["per_key"].items() if k[2] and k[0] != FUNNEL]
        tot_n = sum(v[0] for _, v in coach)
        tot_r = sum(v[1] for _, v in coach)
        sizes = [100 * v[1] / v[0] for _, v in coach if v[0]]
        chi = ts["per_key"].get((Q, "p_value", False))
        ca = ts["per_key"].get((Q, "trend_p_value", False))
        welch = [v for k, v in ts["per_key"].items() if not k[2] and k[0] != Q and v[0]]
        out.append(
            "- **Tests where coaching does nothing** (no-tier-effects, section D): some test of "
            "coaching reached Holm-adjusted p < 0.05 in " + pct("coaching_adjusted") +
            " of runs: under the 5% Holm's method promises, and well under it, since Holm guards "
            "every true null of the family (here the coaching tests and four funnel elasticities "
            "of truth about 0) at about 0.05 over their number. With the same p-values "
            "unadjusted, in " + pct("coaching_raw") + ". Each test of coaching alone rejects in "
            f"{min(sizes):.1f}–{max(sizes):.1f}% of runs (pooled {100 * tot_r / tot_n:.1f}%, "
            f"{tot_r}/{tot_n}, Wilson 95% CI {100 * wilson(tot_r, tot_n)[0]:.1f}–"
            f"{100 * wilson(tot_r, tot_n)[1]:.1f}% if the tests were independent), at or a little "
            "above its 5% level, as the differences' 93–94% coverage suggests. The "
            "independence-based p-values outside the "
            "family reject somewhere in " + pct("independent_raw") + " of runs (and in " +
            pct("independent_holm") + " even after a Holm adjustment among themselves): "
            + (f"the chi-square test in {100 * chi[1] / chi[0]:.1f}% and the Cochran–Armitage "
               f"trend test in {100 * ca[1] / ca[0]:.1f}% of runs, "
               if chi and ca and chi[0] and ca[0] else "")
            + "because they count each of a rep's correlated months as a new observation. "
            + (f"The Welch tests over reps reject in "
               f"{min(100 * v[1] / v[0] for v in welch):.1f}–"
               f"{max(100 * v[1] / v[0] for v in welch):.1f}% here, since in this configuration "
               "nothing is shared by a manager's reps (no `--manager-trend-sd`); where it is, "
               "intervals of the same kind cover only "
               f"{_span(rows, lambda r: is_kind(r, 'tier mean slopes · t') and r['config'] == M)} "
               "(t intervals of the tier slopes above), so their p-values would be too small "
               "in the same way."
               if welch else ""))
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def snapshot_binary(path, into, tries=10):
    """Copy the binary (it may be mid-link: wait and retry) and check that the copy runs."""
    for attempt in range(tries):
        try:
            dest = os.path.join(into, "coachlab")
            shutil.copy2(path, dest)
            v = subprocess.run([dest, "--version"], capture_output=True, text=True, timeout=60)
            if v.returncode == 0:
                return dest, v.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
        print(f"binary {path} not usable yet; retrying in 60 s", file=sys.stderr)
        time.sleep(60)
    sys.exit(f"binary {path} not usable")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orgs", type=int, default=200, help="orgs per configuration (seeds 1..N)")
    ap.add_argument("--binary", default=DEFAULT_BINARY, help="the coachlab binary")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    ap.add_argument("--out", default=os.path.join(HERE, "README.md"),
                    help="Markdown report to write")
    ap.add_argument("--raw", default=None, help="also write every org's evaluations (JSON)")
    ap.add_argument("--binary-note", default="",
                    help="a sentence on where the binary came from, for the report")
    ap.add_argument("--configs", default=None,
                    help="comma-separated subset: default, manager-trend-sd, no-tier-effects")
    args = ap.parse_args()

    specs = build_specs()
    chosen = CONFIGS
    if args.configs is not None:
        wanted = [w.strip() for w in args.configs.split(",") if w.strip()]
        chosen = [(c, e) for c, e in CONFIGS if any(c.startswith(w) for w in wanted)]
        if not chosen:
            sys.exit(f"no configuration matches {args.configs!r}")
    configs = [c for c, _ in chosen]
    src_binary = os.path.abspath(args.binary)
    workdir = tempfile.mkdtemp(prefix="coverage-bin-")
    try:
        binary, version = snapshot_binary(src_binary, workdir)
        digest = sha256(binary)
        mtime = datetime.datetime.fromtimestamp(os.path.getmtime(src_binary)).isoformat(
            timespec="seconds")
        try:
            head = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                                  capture_output=True, text=True).stdout.strip()
        except OSError:
            head = "?"
        tasks = [(binary, c, extra, seed) for c, extra in chosen
                 for seed in range(1, args.orgs + 1)]
        records, errors = [], []
        t0 = time.monotonic()
        with multiprocessing.Pool(args.jobs, initializer=_init_worker, initargs=(specs,)) as pool:
            for i, rec in enumerate(pool.imap_unordered(run_org, tasks), 1):
                (errors if "error" in rec else records).append(rec)
                if i % 20 == 0 or i == len(tasks):
                    print(f"{i}/{len(tasks)} orgs, {time.monotonic() - t0:.0f} s",
                          file=sys.stderr)
        wall = time.monotonic() - t0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    for e in errors:
        print(f"ERROR {e['config']} seed {e['seed']}: {e['error']}", file=sys.stderr)
    records.sort(key=lambda r: (configs.index(r["config"]), r["seed"]))
    rows = summarise(specs, records, configs)

    # interval keys in the output that no spec examined
    examined = {(s["plugin"], s["where"], s["lo"]) for s in specs}
    seen = set()
    for r in records:
        seen.update(tuple(k) for k in r["interval_keys"])
    unexamined = sorted(k for k in seen if k not in examined)
    absent = sorted({(s["plugin"], s["where"], s["lo"]) for s in specs} - seen)

    per_org = [r["seconds"] for r in records]
    timing = (f"{len(records)} orgs ({len(errors)} failed) in {wall:.0f} s wall with "
              f"{args.jobs} jobs: {wall / max(1, len(records) + len(errors)):.2f} s of wall time "
              f"per org; one org (generate + run) takes {np.mean(per_org):.2f} s on average "
              f"(median {np.median(per_org):.2f} s) in its worker" if per_org else "no orgs ran")

    per_config = "; ".join(
        f"{c}: {np.mean([r['seconds'] for r in records if r['config'] == c]):.2f} s"
        for c in configs if any(r["config"] == c for r in records))
    ts = summarise_tests(records, N) if N in configs else None

    in_repo = os.path.commonpath([src_binary, REPO]) == REPO
    cmd = (f"python3 Benchmarks/Coverage/coverage.py --orgs {args.orgs} --jobs {args.jobs}"
           + ("" if src_binary == DEFAULT_BINARY or not in_repo
              else f" --binary {os.path.relpath(src_binary, REPO)}")
           + ("" if args.configs is None else f" --configs {args.configs}"))
    written_with = ("" if in_repo else
                    f"\nThis file was written with the binary above: `{cmd} --binary {src_binary}`.\n")
    if ts is not None:
        fam = ts["family_sizes"]
        tests_md = f"""## D. Tests where coaching does nothing (`--no-tier-effects`)

On the {ts["runs"]} orgs of **no-tier-effects** every null hypothesis about coaching holds: the
tiers' rates and trends are equal, and no practice moves attainment. A test of coaching that
rejects there (p < 0.05) is a false finding.

- **Family** (`multiple_testing`): method {", ".join(ts["methods"]) or "–"}, alpha {ALPHA},
  {min(fam) if fam else "–"}–{max(fam) if fam else "–"} p-values per run (skill-will-matrix's
  `difference_clustered_p_value` is null, and so left out, where its groups have too few
  managers: `min_managers` {", ".join(str(m) for m in ts["min_managers"]) or "–"}). Holm's
  adjustment recomputed here from the family's raw p-values matches `p_adjusted` to
  {ts["holm_gap"]:.1e}. Independence-based keys found in the family:
  {", ".join(f"{p} · {k}" for p, k in ts["leaks"]) or "none"}.
- **Tests of coaching** are all family members except activity-to-pipeline's six
  elasticities. Those are associations in the generated activity funnel (opportunities and
  pipeline have elasticity ≈ 1 to meetings: real, p ≈ 0 in every run; ≈ 0 to calls given
  meetings), not tests of coaching, so a rejection there is no false finding about coaching.
  They stay in the family the binary adjusts (so the Holm-adjusted p-values used here are
  the binary's own, over the whole family: the two real funnel effects are rejected first,
  which leaves the step-down as if they were not there). Rows (a+)/(b+) add the two
  attainment elasticities, whose truth is exactly 0 (attainment does not depend on
  activity), for the family-wise error rate over every exact null of the family.
- (c): the chi-square and Cochran–Armitage p-values of quota-attainment-by-coaching-quality
  and the Welch p-values (`p_value`) of rep-improvement-over-time, feedback-latency,
  focus-breadth, assignment-follow-through and skill-will-matrix. They are not adjusted by
  the binary; (c′) adjusts them among themselves to show that adjustment does not repair
  them.
- Shares are of runs; their 95% intervals are Wilson's.

### Family-wise error rate

{fwer_table(ts)}

### Size of each test (share of runs with p < 0.05)

{size_table(ts)}
"""
    else:
        tests_md = "## D. Tests where coaching does nothing\n\nNot run (no-tier-effects not among the configurations).\n"

    md = f"""# Coverage of CoachLab's 95% intervals (Monte Carlo)

An independent check, written from the documentation alone (the shared spec's RESULTS.md
contract v2, `README.md`, `Datasets/README.md`, the plugins' READMEs; not from the Swift
sources): on orgs whose truth is planted, how often does each 95% interval cover it, and on
orgs where coaching does nothing, how often do the tests of coaching find something?

{what_this_shows(rows, ts)}

## Design

- **Orgs**: `coachlab generate --reps {REPS} --months {MONTHS} --seed S --out DIR` (40 managers,
  tiers drawn 25/50/25%), seeds 1..{args.orgs}, in three configurations: **default**;
  **manager-trend-sd 0.002** (`--manager-trend-sd 0.002`: each manager draws a trend
  N(0, 0.002) per month that all of its reps share); and **no-tier-effects**
  (`--no-tier-effects`: every tier attains 90.0% of months and improves 0.0025 a month, the
  meets values, while coaching practice still differs by tier: the org where coaching does
  nothing). Nothing else is planted (no lifts).
- Each org is written to a temporary folder, analysed with `coachlab run DIR --format json`
  (every plugin, default options: `--adjust holm`, `min-managers` 5) and deleted; {args.jobs}
  worker processes. The binary is copied once at the start.
- [`results-v1-ebc49ef.md`](results-v1-ebc49ef.md) beside this file is the same study (two
  configurations, no tests) on the binary of ebc49ef (the v1 intervals), for comparison.
- **Truths** (Datasets/README.md): attainment rate 0.948 / 0.900 / 0.845 (exceeds / meets /
  needs_improvement), difference exceeds − needs_improvement 0.103; trend (mean slope)
  0.0040 / 0.0025 / 0.0010 per month, difference 0.0030. With `--no-tier-effects` every
  tier's rate is 0.900 and trend 0.0025, and both differences 0. The manager trend keeps the
  truths: the generator raises each tier's base a little (checked on generated data:
  +0.00115 / +0.00091 / +0.00073 with `--manager-trend-sd 0.002`) so that the planted rates
  still hold, and a manager trend of mean 0 leaves mean slopes unchanged.
- **Coaching-practice outcomes** (feedback-latency, focus-breadth, assignment-follow-through:
  a rep's mean over its events of attainment in the 3 months after the event's month minus
  the 3 before) are not 0 without a lift: with a = base + u + s·(t − c) + ε, an event's
  outcome has expectation s × the distance between the windows' centres (4 months, 3.5 or 3
  in the first and last two months that have one), so a rep's has expectation
  K·s with K = {KAPPA:.4f} ({MONTHS}-month orgs). With `--no-tier-effects` every rep's trend has
  mean 0.0025 whatever its coaching, so every group's truth is {NULL_OUTCOME:.6f} and every
  difference's 0. With tier effects a group's reps mix tiers unevenly (better coaches hold
  more sessions, give faster feedback), so its truth is K × the mean trend of its reps,
  derived here from the documented model (tiers 25/50/25%; sessions per rep-month
  Poisson(0.6 / 1.0 / 1.5); problem_solving 45 / 30 / 15%; ride-along 25% and review 15% of the
  developmental rest, the ones with a feedback delay, exponential with mean 72 / 36 / 12 h;
  1–3 focus areas, 1–2 in two thirds; a tier's rep is in a group when it has at least one of
  the group's events in the {EVENT_MONTHS} months with an outcome). This gives same_day −
  later = {PRACTICE["latency_difference"]:+.5f} (Datasets/README.md's "about +0.26 points" is
  this study's v1 Monte-Carlo mean, 0.0026) and 1-2 − 3+ = {PRACTICE["breadth_difference"]:+.5f}.
  The follow-through groups' truths with tier effects (a median split of on-time shares)
  are not derived, so not examined.
- An interval **covers** when low ≤ truth ≤ high. A missing key or a `null` bound counts as
  **null**, not as covering; coverage % is over the orgs with an interval. The 95% interval of
  the coverage is Wilson's. "truth < low / > high" counts the misses on each side; the mean
  estimate is the interval's point estimate averaged over orgs (± its Monte-Carlo se).
  "(clustered)" marks the intervals robust to clustering by manager (CR2, Bell–McCaffrey),
  "(independent)" the Wilson, t and Welch intervals kept beside them for comparison.

Binary: `{src_binary}` (coachlab {version}, modified {mtime}, sha256 {digest[:16]}…), repository
HEAD {head}, run {datetime.datetime.now().isoformat(timespec='minutes')}.{" " + args.binary_note if args.binary_note else ""}

Rerun (from the repository root, on a build in `.build/debug`):

```sh
{cmd}
```
{written_with}
Options: `--orgs N` (per configuration, default 200), `--binary PATH` (default
`.build/debug/coachlab`), `--jobs J` (default 2), `--configs A,B` (a subset of
`default`, `manager-trend-sd`, `no-tier-effects`), `--out FILE` (this file), `--raw FILE`
(every org's evaluations as JSON), `--binary-note TEXT` (a sentence on the binary's origin,
added after its line above).

Timing: {timing}. Mean per org by configuration: {per_config}. (Wall times are of a
machine shared with other work, and vary from run to run.)

## A. Intervals with a documented (or exactly derived) truth

{table(rows, "A")}

{notes_for(rows, "A")}

## B. Coaching-practice intervals with tier effects: truth derived from the model, or unsure

The truth of each row is given (derived as in the design, or 0 where unsure); read the mean
estimate beside it.

{table(rows, "B")}

{notes_for(rows, "B")}

## C. Other intervals with a documented (some approximate) truth, beyond the brief

{table(rows, "C")}

{notes_for(rows, "C")}

{tests_md}
## Keys

Interval keys looked for but absent from every org's output (so all null above):
{chr(10).join(f"- {p} · {w} · `{k}`/`{k[:-4]}_high`" for p, w, k in absent) or "- none"}

Interval-like keys (`*_low`/`*_high`) in the output not examined here (no documented truth):
{chr(10).join(f"- {p} · {w} · `{k}`/`{k[:-4]}_high`" for p, w, k in unexamined) or "- none"}
"""
    with open(args.out, "w") as f:
        f.write(md)
    if args.raw:
        with open(args.raw, "w") as f:
            json.dump(dict(records=records, errors=errors,
                           specs=[{k: v for k, v in s.items()} for s in specs]), f)
    print(table(rows, "A"))
    print()
    print(table(rows, "B"))
    print()
    print(table(rows, "C"))
    print()
    if ts is not None:
        print(fwer_table(ts))
        print()
        print(size_table(ts))
        print()
    print(timing)
    print(f"wrote {args.out}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
