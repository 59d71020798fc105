"""Structured schema of a sweep config: the model's :class:`~sim.params.Config` plus sweep settings.

``configs/sweep.yaml`` includes the primary ``configs/config.yaml``, whose defaults start with the
schema node ``cogov_schema``. In the sweep process (and its workers, which import this package to
unpickle the task) that name is registered as :class:`SweepConfig`, a subclass of ``Config`` with two
more keys: ``sweep`` (seeds, name, time-series flag, households, sensitivity sample) and
``sensitivity`` (the SALib problem of a global sensitivity analysis). Every model key keeps its type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hydra.core.config_store import ConfigStore

from scenarios.load import SCHEMA_NAME
from scenarios.user_scenarios import USER_SCENARIOS
from sim.params import Config

SWEEP_CONFIG = "sweep"
"""Name of the primary config of a sweep (``configs/sweep.yaml``)."""
SWEEP_KEYS = ("sweep", "sensitivity")
"""Top-level keys of a sweep config that are not model parameters."""


def _default_seeds() -> list[int]:
    return [0]


def _no_parameters() -> dict[str, list[float]]:
    return {}


@dataclass
class SweepSettings:
    """How one Hydra job runs its parameter point.

    Attributes
    ----------
    name : str
        Name of the sweep (the default output folder is ``multirun/<name>``).
    seeds : list of int
        Seeds every parameter point runs (common random numbers: the same list for every point).
    timeseries : bool
        Whether each job also saves the per-step time series of its seeds.
    households : int or None
        If set, ``community.residents`` becomes ``round(households * household_size)``.
    sample : int or None
        Row of the sensitivity sample this job runs (set by the sweeper, see
        :mod:`experiments.design.sampling`).
    reuse_other_versions : bool
        Whether resume keeps finished jobs made by another version of the package (default: run them
        again).
    """

    name: str = "adhoc"
    seeds: list[int] = field(default_factory=_default_seeds)
    timeseries: bool = True
    households: int | None = None
    sample: int | None = None
    reuse_other_versions: bool = False


@dataclass
class SensitivitySpec:
    """A SALib problem and its sampling design (``method: none`` means no sensitivity analysis).

    Attributes
    ----------
    method : str
        ``none``, ``morris`` or ``sobol``.
    n : int
        Morris trajectories, or the Sobol base sample size (a power of 2).
    levels : int
        Morris grid levels.
    seed : int
        Seed of the sampling (and of the bootstrap in the analysis).
    parameters : dict of str to [low, high]
        Dotted model keys and their ranges.
    """

    method: str = "none"
    n: int = 8
    levels: int = 4
    seed: int = 1
    parameters: dict[str, list[float]] = field(default_factory=_no_parameters)


@dataclass
class SweepConfig(Config):
    """A model config extended with the sweep settings and an optional sensitivity design."""

    sweep: SweepSettings = field(default_factory=SweepSettings)
    sensitivity: SensitivitySpec = field(default_factory=SensitivitySpec)


def register_sweep_schema() -> None:
    """Register :class:`SweepConfig` in Hydra's ConfigStore under the primary config's schema name.

    The user scenario files of the command that started this process (a launcher worker) are
    registered too (:meth:`scenarios.user_scenarios.UserScenarios.adopt`).
    """
    ConfigStore.instance().store(name=SCHEMA_NAME, node=SweepConfig)
    USER_SCENARIOS.adopt()
