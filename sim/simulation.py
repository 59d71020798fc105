"""One way to run a model: ``simulate(cfg) -> Result``, called by every entry point.

``cogov-run``, the sweep jobs, the calibration and the benchmark all run a configuration through
:func:`simulate` (the EMA Workbench style: a model is a function from parameters to named outcomes).
The outcomes are the metrics of :mod:`sim.metrics`; nothing is computed on the side.
Runs that share a burn-in burn in once when they share a :class:`~sim.snapshot.BurnIns` store
(``simulate(cfg, burn_ins=store)``; :func:`simulate_many` does this for a list of configurations),
with the same results as on their own.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.model import CommunityModel, burn_in_of
from sim.params import Config
from sim.snapshot import BurnIns
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
        simulate its days from the onset. A run forked from a shared burn-in (:class:`~sim.snapshot.BurnIns`)
        counts its fork as its build and no burn-in (the run that burnt it in counts it).
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
    burn_ins: BurnIns | None = None,
    **values: Any,
) -> Result:
    """Build the community of ``cfg``, simulate ``cfg.steps`` days and return the outcomes.

    Parameters
    ----------
    cfg : Config
        A configuration (``sim.load_config`` composes one from a preset).
    thresholds, initial_active : array_like, optional
        As for :class:`~sim.model.CommunityModel` (with ``burn_ins``, give them to the store instead).
    burn_ins : BurnIns, optional
        A store of burnt-in models: the run forks the burn-in it shares with an earlier run of the store
        (or burns in and keeps it), bit-identical to a run from scratch.
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
    ValueError
        For ``thresholds`` or ``initial_active`` given with ``burn_ins``.

    Examples
    --------
    >>> import sim
    >>> r = simulate(sim.load_config("urban_baseline", ["community.residents=300", "steps=10"]), seed=2)
    >>> r.summary["seed"], len(r.timeseries)
    (2, 11)
    """
    tic = time.perf_counter()
    if burn_ins is None:
        model = CommunityModel(cfg, thresholds=thresholds, initial_active=initial_active, **values)
        burn_in_seconds = model.burn_in_seconds
    elif thresholds is not None or initial_active is not None:
        raise ValueError("thresholds and initial_active go to the BurnIns store with burn_ins")
    else:
        model, burn_in_seconds = burn_ins.start(cfg, **values)
    built = time.perf_counter()
    model.run()
    done = time.perf_counter()
    return Result(model.summary(), model.timeseries(), built - tic, burn_in_seconds, done - built, model)


def simulate_many(
    cfgs: Sequence[Config],
    *,
    thresholds: np.ndarray | None = None,
    initial_active: np.ndarray | None = None,
) -> list[Result]:
    """Run every configuration of ``cfgs``, burning in once for those that share a burn-in.

    Configurations with equal :func:`~sim.model.burn_in_of` (e.g. the scenarios of one community
    and seed) fork one burnt-in model (:class:`sim.snapshot.BurnIns`, kept while its group runs);
    each result is bit-identical to ``simulate(cfg)``'s.

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
    burn_ins = BurnIns(keep=1, thresholds=thresholds, initial_active=initial_active)
    results: dict[int, Result] = {}
    for group in _shared_burn_ins(checked):
        for k in group:
            results[k] = simulate(checked[k], burn_ins=burn_ins)
    return [results[k] for k in range(len(checked))]


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
