"""Memory of a sweep: estimated from its largest point, requested from a scheduler or checked locally.

On a launcher that requests memory per job (``slurm``, ``local_submitit``), ``hydra.launcher.mem_gb``
is set from the estimated peak of the sweep's largest point (:func:`with_memory_request`); on a local
launcher a sweep that would not fit in this machine's memory is refused before it starts.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Iterator

from hydra import compose
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from omegaconf import DictConfig, OmegaConf

from experiments.sweep.job import WORKER_KEEP, point_config
from experiments.sweep.schema import SWEEP_CONFIG, register_sweep_schema
from scenarios.groups import SCENARIO
from scenarios.load import composing
from scenarios.user_scenarios import USER_SCENARIOS
from sim.memory import GiB, ResourceError, available_memory, estimate_memory
from sim.validate import ConfigError

MEMORY_SAFETY = 1.5
"""Memory requested per job, as a multiple of the estimated peak of the sweep's largest point."""
MEMORY_FLOOR_GB = 1
"""Smallest memory request per job, in GB (a small model still needs Python and its libraries)."""


def size_signature(scenario: str) -> str:
    """What of a scenario's file can change a run's memory: its defaults, ``community`` and ``steps``.

    Scenarios with the same signature need the same memory under the same other overrides
    (:func:`sim.memory.estimate_memory` reads only ``community`` and ``steps``), so a sweep over many
    scenario files (a calibration batch) composes one of each signature; a name without a file gets
    its own.
    """
    path = USER_SCENARIOS.file(scenario)
    if path is None:
        return scenario
    data = OmegaConf.load(path)
    return OmegaConf.to_yaml({k: OmegaConf.select(data, k) for k in ("defaults", "community", "steps")})


def largest_choices(override: Override) -> list[str]:
    """Override lines of a key that can make a point largest.

    A swept number's maximum; the scenarios of distinct :func:`size_signature`; else every value.
    """
    key = override.get_key_element()
    if not override.is_sweep_override():
        return [f"{key}={override.get_value_element_as_str()}"]
    values = list(zip(override.sweep_iterator(), override.sweep_string_iterator(), strict=True))
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v, _ in values):
        values = [max(values)]
    elif key == SCENARIO:
        values = list({size_signature(str(v)): (v, text) for v, text in reversed(values)}.values())[::-1]
    return [f"{key}={text}" for _, text in values]


def largest_points(overrides: list[Override]) -> Iterator[list[str]]:
    """Overrides of the points of a sweep that may need the most memory.

    As Hydra's basic sweeper, a key given twice takes its last value. Numeric swept keys (residents,
    households, mean degree, steps) take their largest value; other swept keys (scenario, network
    kind, channels) every value.
    """
    latest = {o.get_key_element(): o for o in overrides}
    yield from (list(point) for point in itertools.product(*map(largest_choices, latest.values())))


def memory_gb(peak: int) -> int:
    """Memory to request per job for an estimated ``peak`` (bytes): with a safety margin and a floor.

    Examples
    --------
    >>> memory_gb(100 * 2**20), memory_gb(5 * 2**30)
    (1, 8)
    """
    return max(MEMORY_FLOOR_GB, math.ceil(peak * MEMORY_SAFETY / GiB))


def largest_peak(overrides: list[str]) -> tuple[tuple[int, int] | None, DictConfig]:
    """The largest valid point of a sweep: its estimated peak memory (bytes) and residents; the launcher.

    The point is ``None`` when no point is valid.
    """
    register_sweep_schema()
    with composing():
        parser = OverridesParser.create(config_loader=GlobalHydra.instance().config_loader())
        given = parser.parse_overrides(overrides)
        fixed = [line for line, o in zip(overrides, given, strict=True) if not o.is_sweep_override()]
        base = compose(SWEEP_CONFIG, overrides=fixed, return_hydra_config=True)
        preset = [f"{k}={v}" for k, v in (base.hydra.sweeper.params or {}).items()]
        peaks = []
        for point in largest_points(parser.parse_overrides(preset) + given):
            try:
                cfg = point_config(compose(SWEEP_CONFIG, overrides=point))
            except ConfigError:
                continue  # an invalid point fails as a job of its own
            peaks.append((estimate_memory(cfg, WORKER_KEEP), cfg.community.residents))
    return max(peaks, default=None), base.hydra.launcher


def parallel_jobs(launcher: DictConfig) -> int:
    """Jobs a local launcher runs at once on this machine (joblib's ``n_jobs``; 1 for basic).

    Examples
    --------
    >>> from omegaconf import OmegaConf
    >>> parallel_jobs(OmegaConf.create({"n_jobs": 4})), parallel_jobs(OmegaConf.create({}))
    (4, 1)
    """
    n = int(launcher.get("n_jobs", 1) or 1)
    return n if n > 0 else max(1, (os.cpu_count() or 1) + 1 + n)  # joblib: -1 = every core


def with_memory_request(args: list[str]) -> list[str]:
    """Fit the sweep's memory: request it from a scheduler, or check it on this machine.

    On a launcher that takes a memory request (a ``mem_gb`` key: ``slurm``, ``local_submitit``) add
    ``hydra.launcher.mem_gb`` from the estimated peak memory of the sweep's largest point, unless the
    command line sets it. On a local launcher (basic, joblib) refuse a sweep whose largest point, times
    the jobs run at once, needs more memory than is available. Swept values come from the command
    line and the experiment preset's ``hydra.sweeper.params`` (the command line wins); see
    :func:`largest_points`.

    Raises
    ------
    sim.memory.ResourceError
        When the sweep would not fit in this machine's memory.
    """
    try:
        largest, launcher = largest_peak([a for a in args if not a.startswith("-")])
    except ConfigError:
        return args  # a bad override: Hydra's main reports it
    if largest is None:
        return args
    peak, residents = largest
    if "mem_gb" not in launcher:
        needed, available = peak * parallel_jobs(launcher), available_memory()
        if needed > available:
            raise ResourceError(residents, needed, available)
        return args
    if any(a.startswith("hydra.launcher.mem_gb=") for a in args):
        return args
    gb = memory_gb(peak)
    print(f"cogov-sweep: hydra.launcher.mem_gb={gb} (largest point: about {peak / GiB:.1f} GiB)")
    return [*args, f"hydra.launcher.mem_gb={gb}"]
