"""Metrics: each defined once, as a named module-level function over the resident state.

A metric takes a :class:`~sim.state.ResidentState` and returns a float, or a dict of floats for a
family of columns (one per channel or institution). :data:`METRICS` maps names to functions; the
time series and the summary are built from it, so a metric added here appears in both. Formulas are
in ``docs/METRICS.md``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.state import ACTIVE, AWARENESS_CUTS, AWARENESS_LEVELS, OCCASIONAL, PASSIVE, ResidentState

Metric = Callable[[ResidentState], "float | dict[str, float]"]
METRICS: dict[str, Metric] = {}


def register(fn: Metric) -> Metric:
    """Register ``fn`` in :data:`METRICS` under its own name."""
    METRICS[fn.__name__] = fn
    return fn


def _share(mask: np.ndarray) -> float:
    return float(mask.mean()) if mask.size else 0.0


@register
def active_share(state: ResidentState) -> float:
    """Share of residents whose participation level is active."""
    return _share(state.level == ACTIVE)


@register
def occasional_share(state: ResidentState) -> float:
    """Share of residents whose participation level is occasional."""
    return _share(state.level == OCCASIONAL)


@register
def passive_share(state: ResidentState) -> float:
    """Share of residents whose participation level is passive."""
    return _share(state.level == PASSIVE)


@register
def awareness(state: ResidentState) -> dict[str, float]:
    """Shares of residents at each awareness level (``awareness_<level>_share``)."""
    level = np.searchsorted(AWARENESS_CUTS, state.awareness, side="right")
    counts = np.bincount(level, minlength=len(AWARENESS_LEVELS)) / max(state.n, 1)
    return {f"awareness_{name}_share": float(c) for name, c in zip(AWARENESS_LEVELS, counts, strict=True)}


@register
def participations(state: ResidentState) -> dict[str, float]:
    """Participations today, in all and by channel (``participations``, ``participations_<channel>``)."""
    out = {"participations": float(state.today.sum(dtype=np.int64))}
    for name, count in zip(state.channel_names, state.channel_today, strict=True):
        out[f"participations_{name}"] = float(count)
    return out


def gini_of_counts(x: np.ndarray) -> float:
    """Gini coefficient of non-negative integer counts, in O(n + max).

    ``G = sum_i (2i - n - 1) x_(i) / (n sum_i x_i)`` with ``x_(i)`` sorted ascending (i = 1..n);
    0 when all counts are 0.

    Examples
    --------
    >>> gini_of_counts(np.array([0, 0, 0, 4]))
    0.75
    >>> gini_of_counts(np.array([2, 2, 2]))
    0.0
    """
    n = x.size
    total = int(x.sum())
    if n == 0 or total == 0:
        return 0.0
    freq = np.bincount(x)
    values = np.arange(freq.size, dtype=np.float64)
    before = np.cumsum(freq) - freq  # residents with a smaller count
    # positions before+1 .. before+c: sum of (2i - n - 1) over the run
    run = freq * (2.0 * before + freq + 1.0) - freq * (n + 1.0)
    return float((run * values).sum() / (n * total))


def top_share_of_counts(x: np.ndarray, top: float) -> float:
    """Share of the total held by the ``ceil(top * n)`` residents with the largest counts."""
    total = int(x.sum())
    if total == 0:
        return 0.0
    k = int(np.ceil(top * x.size))
    freq = np.bincount(x)[::-1]
    values = np.arange(freq.size - 1, -1, -1, dtype=np.float64)
    taken = np.minimum(freq, np.maximum(0, k - (np.cumsum(freq) - freq)))
    return float((taken * values).sum() / total)


@register
def participation_gini(state: ResidentState) -> float:
    """Gini coefficient of participations per resident since step 0."""
    return gini_of_counts(state.total)


@register
def top10_participation_share(state: ResidentState) -> float:
    """Share of all participations since step 0 made by the top 10% of residents."""
    return top_share_of_counts(state.total, 0.10)


@register
def trust(state: ResidentState) -> dict[str, float]:
    """Mean trust over residents, overall (``mean_trust``) and per institution (``trust_<name>``)."""
    per = state.trust.mean(axis=1)
    out = {"mean_trust": float(per.mean())}
    out.update({f"trust_{name}": float(v) for name, v in zip(state.institutions, per, strict=True)})
    return out


@register
def mean_awareness(state: ResidentState) -> float:
    """Mean awareness over residents."""
    return float(state.awareness.mean())


def measure(state: ResidentState) -> dict[str, float]:
    """Evaluate every registered metric into one flat row."""
    row: dict[str, float] = {}
    for fn in METRICS.values():
        value = fn(state)
        row.update(value if isinstance(value, dict) else {fn.__name__: value})
    return row
