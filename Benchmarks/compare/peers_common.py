"""The answer every contender prints: one JSON object on standard output.

q1[tier] = {n, n_hit, share, mean_att}: rep-months with quota > 0, how many attained
           (bookings >= quota), the share, and the mean of bookings/quota.
q2[tier] = {n_reps, mean_slope}: reps with an OLS slope of bookings/quota on the month
           index (at least two months), and the mean of those slopes.
"""
import json
import sys


def emit(rows):
    """rows: (tier, n, n_hit, sum_att, n_reps, mean_slope)."""
    q1, q2 = {}, {}
    for tier, n, n_hit, sum_att, n_reps, mean_slope in rows:
        q1[str(tier)] = {"n": int(n), "n_hit": int(n_hit), "share": int(n_hit) / int(n), "mean_att": float(sum_att) / int(n)}
        q2[str(tier)] = {"n_reps": int(n_reps), "mean_slope": float(mean_slope)}
    json.dump({"q1": q1, "q2": q2}, sys.stdout)
    sys.stdout.write("\n")
