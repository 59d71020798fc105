"""``cogov-sweep``: Hydra multirun over parameter points, one job per point over a list of seeds.

``cogov-sweep -m experiment=NAME [hydra/launcher=local_joblib] [key=value ...]`` composes
``configs/sweep.yaml``; the experiment preset sets the swept values (``hydra.sweeper.params``) and the
seeds. Launchers are config presets in ``configs/hydra/launcher/`` (chosen on the command line; a
launcher set inside a swept experiment file is ignored, hydra#2946). Each job runs
:func:`experiments.job.run_job` in its own folder; the sweep callback (:mod:`experiments.callbacks`)
writes the plan, shows progress and aggregates ``results.parquet``. For a sensitivity design
(``experiment=sensitivity_morris`` or ``sensitivity_sobol``) one job is swept per sample row. On a
launcher that requests memory per job (``slurm``, ``local_submitit``), ``hydra.launcher.mem_gb`` is
set from the estimated peak of the sweep's largest point (:func:`with_memory_request`).
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import hydra
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from experiments import precheck, sensitivity
from experiments.job import point_config, run_job
from experiments.schema import register_sweep_schema
from scenarios.errors import guarded
from scenarios.groups import SCENARIO
from scenarios.load import config_dir
from scenarios.user_scenarios import USER_SCENARIOS
from sim.memory import GiB, ResourceError, available_memory, estimate_memory
from sim.validate import ConfigError

SWEEP_CONFIG = "sweep"
NOT_PARAMETERS = ("experiment", "sweep.", "sensitivity.", "hydra.", "seed")
"""Override keys (or key prefixes) that choose how to sweep, not where in parameter space."""
RECORDED_SWEEP_KEYS = ("sweep.sample", "sweep.households")
MEMORY_SAFETY = 1.5
"""Memory requested per job, as a multiple of the estimated peak of the sweep's largest point."""
MEMORY_FLOOR_GB = 1
"""Smallest memory request per job, in GB (a small model still needs Python and its libraries)."""
EXIT_STOPPED = 130
"""Exit code of a sweep stopped by Ctrl+C or SIGTERM (128 + SIGINT, as a shell reports Ctrl+C)."""

log = logging.getLogger(__name__)

# Launchers compose each job's config in the process that runs it (a joblib or submitit worker),
# which imports this module to unpickle the task: register the schema at import.
register_sweep_schema()


def swept_params(dcfg: DictConfig, overrides: list[str]) -> dict[str, Any]:
    """Return the parameter point of a job: ``{key: value}`` for each of its overrides that sets the model.

    Values come from the composed config (typed); a group choice such as ``channels=digital`` is
    recorded by its option name.
    """
    params: dict[str, Any] = {}
    for override in OverridesParser.create().parse_overrides(overrides):
        key = override.key_or_group
        if key.startswith(NOT_PARAMETERS) and key not in RECORDED_SWEEP_KEYS:
            continue
        value = OmegaConf.select(dcfg, key, default=None)
        params[key] = override.value() if OmegaConf.is_config(value) or value is None else value
    return params


def task(dcfg: DictConfig) -> str:
    """Hydra task of one job: run (or resume) its parameter point; return the outcome."""
    runtime = HydraConfig.get()
    folder = Path(runtime.runtime.output_dir)
    params = swept_params(dcfg, list(runtime.overrides.task))
    outcome, manifest = run_job(dcfg, folder, params)
    detail = f": {manifest['error']}" if outcome == "failed" else ""
    log.info(
        "job %s %s (%s)%s", runtime.job.num, outcome, ", ".join(f"{k}={v}" for k, v in params.items()), detail
    )
    return outcome


@contextmanager
def composing() -> Iterator[None]:
    """Compose sweep configs outside Hydra's main (the sweep schema registered, Hydra cleared after)."""
    register_sweep_schema()  # the model-only schema may have been stored under the same name since import
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(config_dir()), version_base="1.3"):
            yield
    finally:
        GlobalHydra.instance().clear()


def with_sample_rows(args: list[str]) -> list[str]:
    """Add ``sweep.sample=range(0,N)`` for a sensitivity design, N being its number of sample rows.

    The design (method, size, seed, ranges) lives in the experiment's ``sensitivity`` node; a
    command line that sets ``sweep.sample`` itself is left alone.
    """
    if any(a.startswith("sweep.sample=") for a in args):
        return args
    chosen = [a for a in args if a.startswith(("experiment=", "sensitivity."))]
    with composing():
        spec = OmegaConf.to_container(compose(SWEEP_CONFIG, overrides=chosen).sensitivity)
    rows = sensitivity.n_samples(spec)  # type: ignore[arg-type]
    return [*args, f"sweep.sample=range(0,{rows})"] if rows else args


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
            peaks.append((estimate_memory(cfg), cfg.community.residents))
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
    except (HydraException, OmegaConfBaseException):
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


def prepared(args: list[str], tool: str = "cogov-sweep") -> list[str]:
    """Check a command line and complete it: sample rows of a design, memory request of the launcher.

    Bad input ends the process with one line naming ``tool`` (exit 2 or 3; 4 when the sweep cannot
    fit in memory), before anything is written.
    """
    args = guarded(tool, lambda: precheck.prepare(args))
    if any(a in ("-m", "--multirun") for a in args):
        sampled = guarded(tool, lambda: with_sample_rows(args))
        args = guarded(tool, lambda: with_memory_request(sampled))
    return args


def stopped(tool: str) -> NoReturn:
    """End a sweep stopped by Ctrl+C or SIGTERM with one line and :data:`EXIT_STOPPED`."""
    print(f"{tool}: stopped: finished jobs are kept; the same command resumes the rest", file=sys.stderr)
    raise SystemExit(EXIT_STOPPED)


def interrupt(signum: int, frame: FrameType | None) -> NoReturn:
    """Turn SIGTERM into ``KeyboardInterrupt``, on which joblib stops its workers at once.

    Without it a terminated sweep leaves its joblib workers running their jobs for half a minute.
    A job stopped half-way has no manifest, so resume runs it again.
    """
    raise KeyboardInterrupt(f"signal {signum}")


def launch(args: list[str], job: Callable[[DictConfig], Any] | None = None) -> None:
    """Run the Hydra (multi)run of the prepared ``args`` with ``job`` (default :func:`task`) per point.

    SIGTERM stops the run and its local workers promptly (:func:`interrupt`).
    """
    sys.argv = [sys.argv[0], *args]
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        hydra.main(config_path=str(config_dir()), config_name=SWEEP_CONFIG, version_base="1.3")(job or task)()
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``cogov-sweep`` (``python -m experiments.sweep``)."""
    args = prepared(list(sys.argv[1:] if argv is None else argv))
    try:
        launch(args)
    except KeyboardInterrupt:
        stopped("cogov-sweep")


if __name__ == "__main__":
    main()
