"""Statistics of saved results: bootstrap intervals, paired comparisons with a baseline, Holm correction.

All resampling draws from a ``numpy.random.Generator`` seeded by the caller, so a report is
reproducible. Comparisons are paired by seed: with common random numbers, the runs of two scenarios
with the same seed share their community and random events, and the per-seed difference removes
that shared noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.95
N_BOOT = 2000


def bootstrap_mean_ci(
    values: np.ndarray, rng: np.random.Generator, n_boot: int = N_BOOT, level: float = LEVEL
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval of the mean of each column of ``values`` (rows = runs).

    Parameters
    ----------
    values : numpy.ndarray
        Shape ``(n,)`` or ``(n, m)``; NaN-free.
    rng : numpy.random.Generator
        Source of the resamples.
    n_boot : int
        Number of resamples.
    level : float
        Coverage of the interval.

    Returns
    -------
    low, high : numpy.ndarray
        Interval edges, one per column (NaN when ``n < 2``).

    Examples
    --------
    >>> low, high = bootstrap_mean_ci(np.arange(10.0), np.random.default_rng(0))
    >>> bool(low[0] < 4.5 < high[0])
    True
    >>> bootstrap_mean_ci(np.full(5, 2.0), np.random.default_rng(0))[0].tolist()
    [2.0]
    """
    x = np.asarray(values, dtype=float)
    x = x[:, None] if x.ndim == 1 else x
    n, m = x.shape
    if n < 2:
        return np.full(m, np.nan), np.full(m, np.nan)
    idx = rng.integers(0, n, size=(n_boot, n))
    means = x[idx].mean(axis=1)
    alpha = (1.0 - level) / 2.0
    return np.quantile(means, alpha, axis=0), np.quantile(means, 1.0 - alpha, axis=0)


def holm(p: np.ndarray) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values (NaN entries stay NaN and are not counted).

    Examples
    --------
    >>> holm(np.array([0.01, 0.04, 0.03])).round(3).tolist()
    [0.03, 0.06, 0.06]
    >>> holm(np.array([0.02, np.nan])).tolist()
    [0.02, nan]
    """
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    order = ok[np.argsort(p[ok], kind="stable")]
    m = order.size
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out[order] = np.minimum(adjusted, 1.0)
    return out


def cohens_dz(diff: np.ndarray) -> float:
    """Cohen's d_z of paired differences: mean / standard deviation (NaN if undefined).

    Examples
    --------
    >>> cohens_dz(np.array([1.0, 2.0, 3.0]))
    2.0
    """
    d = np.asarray(diff, dtype=float)
    sd = d.std(ddof=1) if d.size > 1 else 0.0
    return float(d.mean() / sd) if sd > 0 else float("nan")


def signed_rank_p(diff: np.ndarray) -> float:
    """Two-sided Wilcoxon signed-rank p-value of paired differences (1 if all are zero).

    Examples
    --------
    >>> signed_rank_p(np.zeros(5))
    1.0
    >>> signed_rank_p(np.arange(1.0, 11.0)) < 0.01
    True
    """
    d = np.asarray(diff, dtype=float)
    if d.size < 2:
        return float("nan")
    if np.all(d == 0):
        return 1.0
    return float(stats.wilcoxon(d, zero_method="zsplit").pvalue)


def describe(
    results: pd.DataFrame, by: list[str], metrics: list[str], rng: np.random.Generator
) -> pd.DataFrame:
    """Mean and bootstrap interval of every metric per group (long format).

    Returns
    -------
    pandas.DataFrame
        Columns ``*by, metric, n, mean, ci_low, ci_high``.
    """
    rows = []
    for key, group in results.groupby(by, sort=True, dropna=False):
        values = group[metrics].to_numpy(dtype=float)
        low, high = bootstrap_mean_ci(values, rng)
        labels = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))
        for j, metric in enumerate(metrics):
            rows.append(
                {
                    **labels,
                    "metric": metric,
                    "n": len(group),
                    "mean": values[:, j].mean(),
                    "ci_low": low[j],
                    "ci_high": high[j],
                }
            )
    return pd.DataFrame(rows)


def paired_vs_baseline(
    results: pd.DataFrame, key: str, baseline: object, metrics: list[str], rng: np.random.Generator
) -> pd.DataFrame:
    """Compare each level of ``key`` with ``baseline``, paired by seed, for every metric.

    Returns
    -------
    pandas.DataFrame
        Columns ``key, metric, n_pairs, baseline_mean, mean, diff, ci_low, ci_high, p_value, d_z,
        p_holm`` (Holm over all rows: one family of tests).
    """
    base = results[results[key] == baseline].set_index("seed")[metrics]
    rows = []
    for level, group in results[results[key] != baseline].groupby(key, sort=True):
        other = group.set_index("seed")[metrics]
        seeds = base.index.intersection(other.index)
        diff = other.loc[seeds].to_numpy(dtype=float) - base.loc[seeds].to_numpy(dtype=float)
        low, high = bootstrap_mean_ci(diff, rng)
        for j, metric in enumerate(metrics):
            rows.append(
                {
                    key: level,
                    "metric": metric,
                    "n_pairs": len(seeds),
                    "baseline_mean": float(base.loc[seeds, metric].mean()),
                    "mean": float(other.loc[seeds, metric].mean()),
                    "diff": float(diff[:, j].mean()) if len(seeds) else np.nan,
                    "ci_low": low[j],
                    "ci_high": high[j],
                    "p_value": signed_rank_p(diff[:, j]),
                    "d_z": cohens_dz(diff[:, j]),
                }
            )
    out = pd.DataFrame(rows)
    if len(out):
        out["p_holm"] = holm(out["p_value"].to_numpy())
    return out


def ci_width_by_seeds(values: np.ndarray, counts: list[int], rng: np.random.Generator) -> pd.DataFrame:
    """Width of the bootstrap interval of the mean using the first ``n`` seeds, for each ``n`` in ``counts``.

    The seed-convergence check of Lee et al. (2015): choose the number of seeds where the width
    stops shrinking meaningfully.

    Examples
    --------
    >>> w = ci_width_by_seeds(np.random.default_rng(1).normal(size=40), [5, 40], np.random.default_rng(0))
    >>> bool(w["width"].iloc[0] > w["width"].iloc[1])
    True
    """
    x = np.asarray(values, dtype=float)
    rows = []
    for n in counts:
        low, high = bootstrap_mean_ci(x[:n], rng)
        rows.append({"seeds": n, "width": float(high[0] - low[0])})
    return pd.DataFrame(rows)
