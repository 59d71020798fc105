"""From daily metric rows to a time series and a summary: each metric reduced by its kind.

:mod:`sim.metrics` defines each metric once and says its kind. Here the rows the model collects
each day become the time series (counts as the day's increments, ratios over the trailing
participation window) and the summary (over the measurement window: the days after
``measure_from``): states are averaged, counts totalled, ratios taken of the totals. The summary
therefore does not depend on the last day's noise, and a count such as a channel's participations is
the total over the window, not the last day's value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from sim.metrics import COUNT, RATIOS, STATE, Ratio


def _ratio(num: np.ndarray | float, den: np.ndarray | float, scale: float) -> np.ndarray | float:
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.divide(num, den) * scale
    if isinstance(out, np.ndarray):
        return np.where(np.asarray(den) != 0, out, np.nan)
    return out if den else np.nan


def _sum(columns: Mapping[str, np.ndarray], names: tuple[str, ...]) -> np.ndarray:
    """The row sums of the named columns, left to right, a missing value (NaN) counting 0 (as pandas)."""
    total = None
    for name in names:
        values = columns[name]
        if values.dtype.kind == "f":
            values = np.where(np.isnan(values), 0.0, values)
        total = values if total is None else total + values
    assert total is not None
    return total


def _available(ratio: Ratio, columns: Collection[str]) -> bool:
    return all(c in columns for c in (*ratio.numerator, *ratio.denominator))


def columns(kinds: Collection[str]) -> list[str]:
    """The time series' columns, in order: ``step``, the metric columns ``kinds``, the ratios they give.

    Examples
    --------
    >>> columns({"active_share": STATE, "requests_answered": COUNT, "requests_dropped": COUNT})
    ['step', 'active_share', 'requests_answered', 'requests_dropped', 'requests_answered_share']
    """
    return ["step", *kinds, *(name for name, ratio in RATIOS.items() if _available(ratio, kinds))]


def tabulate(rows: Sequence[Mapping[str, float]], kinds: Mapping[str, str], window: int) -> pd.DataFrame:
    """The time series: one row per day from the onset, counts as daily increments, ratios added.

    Parameters
    ----------
    rows : sequence of dict
        One dict per day: ``step`` and every metric column, counts cumulative since the onset.
    kinds : dict
        Kind (:data:`~sim.metrics.STATE` or :data:`~sim.metrics.COUNT`) of each column.
    window : int
        Days over which the time series' ratios are taken (the participation window).

    Examples
    --------
    >>> rows = [{"step": 0, "requests_answered": 0, "requests_dropped": 0},
    ...         {"step": 1, "requests_answered": 3, "requests_dropped": 1},
    ...         {"step": 2, "requests_answered": 3, "requests_dropped": 3}]
    >>> ts = tabulate(rows, {"requests_answered": COUNT, "requests_dropped": COUNT}, window=30)
    >>> ts["requests_answered"].tolist(), ts["requests_answered_share"].round(2).tolist()
    ([0, 3, 0], [nan, 0.75, 0.5])
    """
    ts = pd.DataFrame(list(rows))
    counts = [c for c in ts.columns if kinds.get(c) == COUNT]
    ts[counts] = ts[counts].diff().fillna(ts[counts]).astype(ts[counts].dtypes)
    given = {name: ratio for name, ratio in RATIOS.items() if _available(ratio, ts.columns)}
    if not given:
        return ts
    needed = {c for ratio in given.values() for c in (*ratio.numerator, *ratio.denominator)}
    columns = {c: ts[c].to_numpy() for c in needed}
    parts = {}
    for name, ratio in given.items():
        parts[f"{name}/num"] = _sum(columns, ratio.numerator)
        parts[f"{name}/den"] = _sum(columns, ratio.denominator)
    rolled = pd.DataFrame(parts, index=ts.index).rolling(window, min_periods=1).sum()
    ratios = {
        name: _ratio(rolled[f"{name}/num"].to_numpy(), rolled[f"{name}/den"].to_numpy(), ratio.scale)
        for name, ratio in given.items()
    }
    return pd.concat([ts, pd.DataFrame(ratios, index=ts.index)], axis=1)


def summarise(ts: pd.DataFrame, kinds: Mapping[str, str], measure_from: int) -> dict[str, float]:
    """Every metric over the measurement window: the days after ``measure_from`` (since onset).

    States are averaged over the window's days, counts totalled, ratios taken of the totals. A run
    shorter than the window start reports its last day's states, zero counts and NaN ratios.

    Examples
    --------
    >>> ts = pd.DataFrame({"step": [0, 1, 2], "active_share": [0.1, 0.2, 0.4],
    ...                    "requests_answered": [0, 3, 0], "requests_dropped": [0, 1, 2]})
    >>> s = summarise(ts, {"active_share": STATE, "requests_answered": COUNT, "requests_dropped": COUNT}, 0)
    >>> round(s["active_share"], 3), s["requests_answered"], s["requests_answered_share"]
    (0.3, 3.0, 0.5)
    """
    window = ts[ts["step"] > measure_from]
    out: dict[str, float] = {}
    for column, kind in kinds.items():
        if kind == STATE:
            values = window[column] if len(window) else ts[column].iloc[-1:]
            out[column] = float(values.mean())
        else:
            out[column] = float(window[column].sum())
    for name, ratio in RATIOS.items():
        if all(c in out for c in (*ratio.numerator, *ratio.denominator)):
            num = sum(out[c] for c in ratio.numerator)
            den = sum(out[c] for c in ratio.denominator)
            out[name] = float(_ratio(num, den, ratio.scale))
    return out
