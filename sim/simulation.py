"""One way to run a model: ``simulate(cfg) -> Result``, called by every entry point.

``cogov-run``, the sweep jobs, the calibration and the benchmark all run a configuration through
:func:`simulate` (the EMA Workbench style: a model is a function from parameters to named outcomes).
The outcomes are the metrics of :mod:`sim.metrics`; nothing is computed on the side.
:func:`simulate_many` runs several configurations, burning in once for all that share a burn-in
(:mod:`sim.snapshot`), with the same results as :func:`simulate` on each.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim import snapshot
from sim.model import CommunityModel, burn_in_of
from sim.params import Config
from sim.validate import validate


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
        simulate its days from the onset. A run that :func:`simulate_many` forks from a shared burn-in
        counts its fork as its build and no burn-in (the first run of the burn-in counts it).
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


def simulate_many(
    cfgs: Sequence[Config],
    *,
    thresholds: np.ndarray | None = None,
    initial_active: np.ndarray | None = None,
) -> list[Result]:
    """Run every configuration of ``cfgs``, burning in once for those that share a burn-in.

    Configurations with equal :func:`~sim.model.burn_in_of` (e.g. the scenarios of one community
    and seed) fork one burnt-in model (:func:`sim.snapshot.fork`); each result is bit-identical to
    ``simulate(cfg)``'s.

    Parameters
    ----------
    cfgs : sequence of Config
        The configurations, e.g. several scenarios of one seed.
    thresholds, initial_active : array_like, optional
        As for :class:`~sim.model.CommunityModel`, the same for every run.

    Returns
    -------
    list of Result
        One result per configuration, in the order of ``cfgs``.

    Raises
    ------
    sim.ConfigError
        For an invalid configuration (before anything runs).

    Examples
    --------
    >>> import sim
    >>> small = ["community.residents=300", "burn_in=20", "steps=10"]
    >>> cfgs = [sim.load_config(name, small) for name in ("urban_baseline", "deliberation")]
    >>> [r.summary for r in simulate_many(cfgs)] == [simulate(cfg).summary for cfg in cfgs]
    True
    """
    checked = [validate(cfg) for cfg in cfgs]
    results: list[Result | None] = [None] * len(checked)
    for group in _shared_burn_ins(checked):
        tic = time.perf_counter()
        burnt = CommunityModel(
            checked[group[0]], thresholds=thresholds, initial_active=initial_active, onset=False
        )
        burn_in_seconds = burnt.burn_in_seconds
        for k in group:
            model = snapshot.fork(burnt, checked[k])
            built = time.perf_counter()
            model.run()
            done = time.perf_counter()
            results[k] = Result(
                model.summary(), model.timeseries(), built - tic, burn_in_seconds, done - built, model
            )
            tic, burn_in_seconds = time.perf_counter(), 0.0
    return [result for result in results if result is not None]


def _shared_burn_ins(cfgs: list[Config]) -> list[list[int]]:
    """The indices of ``cfgs`` grouped by shared burn-in, each group and the groups in order of appearance."""
    groups: list[tuple[Config, list[int]]] = []
    for k, cfg in enumerate(cfgs):
        key = burn_in_of(cfg)
        group = next((members for shared, members in groups if shared == key), None)
        if group is None:
            groups.append((key, [k]))
        else:
            group.append(k)
    return [members for _, members in groups]
