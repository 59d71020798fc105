"""One way to run a model: ``simulate(cfg) -> Result``, called by every entry point.

``cogov-run``, the sweep jobs, the calibration and the benchmark all run a configuration through
:func:`simulate` (the EMA Workbench style: a model is a function from parameters to named outcomes).
The outcomes are the metrics of :mod:`sim.metrics`; nothing is computed on the side.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.model import CommunityModel
from sim.params import Config


@dataclass(frozen=True)
class Result:
    """What one run gives.

    Attributes
    ----------
    summary : dict
        The run's identity (scenario, seed, steps, residents, version) and every metric at the end.
    timeseries : pandas.DataFrame
        One row per step (step 0 is the initial state), one column per metric.
    build_seconds, burn_in_seconds, run_seconds : float
        Wall time to build the community, to spin it up before the onset (inside the build), and to
        simulate its days from the onset.
    model : CommunityModel
        The model at the end of the run (its agents, arrays and space, for a closer look).
    """

    summary: dict[str, Any]
    timeseries: pd.DataFrame
    build_seconds: float
    burn_in_seconds: float
    run_seconds: float
    model: CommunityModel


def simulate(
    cfg: Config,
    *,
    thresholds: np.ndarray | None = None,
    initial_active: np.ndarray | None = None,
    **values: Any,
) -> Result:
    """Build the community of ``cfg``, simulate ``cfg.steps`` days and return the outcomes.

    Parameters
    ----------
    cfg : Config
        A configuration (``sim.load_config`` composes one from a preset).
    thresholds, initial_active : array_like, optional
        As for :class:`~sim.model.CommunityModel`.
    **values
        Dotted parameter names set on top of ``cfg``, e.g. ``**{"seed": 3}``.

    Returns
    -------
    Result
        Summary, time series and timings.

    Raises
    ------
    sim.ConfigError
        For an invalid configuration (before anything runs).

    Examples
    --------
    >>> import sim
    >>> r = simulate(sim.load_config("urban_baseline", ["community.residents=300", "steps=10"]), seed=2)
    >>> r.summary["seed"], len(r.timeseries)
    (2, 11)
    """
    tic = time.perf_counter()
    model = CommunityModel(cfg, thresholds=thresholds, initial_active=initial_active, **values)
    built = time.perf_counter()
    model.run()
    done = time.perf_counter()
    return Result(
        model.summary(), model.timeseries(), built - tic, model.burn_in_seconds, done - built, model
    )
