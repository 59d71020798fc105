"""Mesa's ``DataCollector`` over the model's time series, filled in bulk from the recorded rows.

Mesa's idiom, ``model.datacollector.get_model_vars_dataframe()``, returns the table that
:meth:`~sim.model.CommunityModel.timeseries` returns. The collector is Mesa's own class with one
model reporter per column of the time series (:func:`sim.measurement.columns`: ``step``, the
metrics the run records from the metric registry, :func:`sim.metrics.recorded`, and the ratios
of their counts). The model already measures its metrics from its arrays every day
(:meth:`~sim.model.CommunityModel.collect`), so nothing calls the reporters each step: when read,
the collector is filled with the whole time series at once (:func:`refresh`). Calling the
reporters each day, as Mesa's ``collect`` does, would add a call and a deep copy per column per
day to the array kernel's step, and the time series' counts (daily increments) and ratios (over
the trailing participation window) would have to be rebuilt a row at a time. A reporter still
gives its column's value on the model's current day (:func:`today`), so Mesa's ``collect``, or a
collector of one's own with these reporters, records the same values.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Protocol

import mesa
import pandas as pd


class Collected(Protocol):
    """What the reporters read (a :class:`~sim.model.CommunityModel` is one)."""

    @property
    def datacollector(self) -> mesa.DataCollector:
        """The collector, filled with the days recorded so far."""
        ...


def today(model: Collected, column: str) -> float:
    """The value of ``column`` on the model's current day: the last row of its collected time series."""
    return model.datacollector.model_vars[column][-1]


def data_collector(columns: Sequence[str]) -> mesa.DataCollector:
    """Mesa's ``DataCollector`` with one model reporter per time-series column (``step`` first).

    Parameters
    ----------
    columns : sequence of str
        The columns of the time series (:func:`sim.measurement.columns`), ``step`` first.

    Returns
    -------
    mesa.DataCollector
        ``step`` reports the model's ``day``; each other column, its value on the day (:func:`today`).
    """
    reporters = {name: partial(today, column=name) for name in columns[1:]}
    return mesa.DataCollector(model_reporters={columns[0]: "day", **reporters})


def refresh(collector: mesa.DataCollector, ts: pd.DataFrame) -> None:
    """Fill ``collector`` with the time series ``ts`` at once, in place of what it held.

    ``model_vars`` gets each reporter's column and ``_collection_steps`` the steps: ``mesa.batch_run``
    reads the rows of the steps listed there.

    Examples
    --------
    >>> collector = data_collector(["step", "active_share"])
    >>> refresh(collector, pd.DataFrame({"step": [0, 1], "active_share": [0.1, 0.2]}))
    >>> collector.get_model_vars_dataframe()["active_share"].tolist(), collector._collection_steps
    ([0.1, 0.2], [0, 1])
    """
    for name, values in collector.model_vars.items():
        values[:] = ts[name].tolist()
    collector._collection_steps[:] = ts["step"].tolist()
