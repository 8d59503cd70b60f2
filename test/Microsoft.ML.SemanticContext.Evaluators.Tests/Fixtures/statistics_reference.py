"""Reference values for StatisticsTests.cs, computed with scipy (run: /usr/bin/python3 statistics_reference.py).

The numbers printed here are pasted into the C# tests; rerun this script if the data there changes.
"""
import numpy as np
from scipy import stats

candidate = np.array([8, 7, 9, 8, 7, 8, 9, 6, 8, 7, 9, 8], dtype=float)
baseline = np.array([7, 6, 8, 7, 7, 6, 8, 5, 7, 7], dtype=float)

print("candidate mean", repr(candidate.mean()), "sem", repr(stats.sem(candidate)))
lo, hi = stats.t.interval(0.95, len(candidate) - 1, loc=candidate.mean(), scale=stats.sem(candidate))
print("candidate t95 CI", repr(lo), repr(hi))

r = stats.ttest_ind(candidate, baseline, equal_var=False, alternative="greater")
a = candidate.var(ddof=1) / len(candidate)
b = baseline.var(ddof=1) / len(baseline)
df = (a + b) ** 2 / (a * a / (len(candidate) - 1) + b * b / (len(baseline) - 1))
print("welch t", repr(r.statistic), "p", repr(r.pvalue), "df", repr(df))

# Holm by hand (statsmodels is not installed): p = [0.01, 0.04, 0.03, 0.20], m = 4.
p = np.array([0.01, 0.04, 0.03, 0.20])
order = np.argsort(p)
adj = np.empty_like(p)
running = 0.0
for rank, i in enumerate(order):
    running = max(running, min(1.0, (len(p) - rank) * p[i]))
    adj[i] = running
print("holm", adj.tolist())

# Bootstrap percentile interval with many resamples: the C# interval (10,000 resamples, its own RNG)
# must agree within Monte Carlo error.
rng = np.random.default_rng(0)
B = 200_000
d = rng.choice(candidate, (B, len(candidate))).mean(1) - rng.choice(baseline, (B, len(baseline))).mean(1)
print("bootstrap 95%", repr(np.quantile(d, 0.025)), repr(np.quantile(d, 0.975)))
