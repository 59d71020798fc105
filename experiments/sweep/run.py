"""``cogov-sweep``: Hydra multirun over parameter points, one job per point over a list of seeds.

``cogov-sweep -m experiment=NAME [hydra/launcher=local_joblib] [key=value ...]`` composes
``configs/sweep.yaml``; the experiment preset sets the swept values (``hydra.sweeper.params``) and the
seeds. Launchers are config presets in ``configs/hydra/launcher/`` (chosen on the command line; a
launcher set inside a swept experiment file is ignored, hydra#2946). Each job runs
:func:`experiments.sweep.task.task` in its own folder; the sweep callback (:mod:`experiments.sweep.callbacks`)
writes the plan, shows progress and aggregates ``results.parquet``. For a sensitivity design
(``experiment=sensitivity_morris`` or ``sensitivity_sobol``) one job is swept per sample row. The
sweep's memory is requested from the launcher or checked on this machine
(:func:`experiments.sweep.memory.with_memory_request`).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, NoReturn

import hydra
from hydra import compose
from omegaconf import DictConfig, OmegaConf

from experiments.design import sampling
from experiments.sweep import precheck
from experiments.sweep.memory import with_memory_request
from experiments.sweep.schema import SWEEP_CONFIG, register_sweep_schema
from experiments.sweep.task import task
from scenarios.errors import EXIT_STOPPED, guarded
from scenarios.load import composing, config_dir


def with_sample_rows(args: list[str]) -> list[str]:
    """Add ``sweep.sample=range(0,N)`` for a sensitivity design, N being its number of sample rows.

    The design (method, size, seed, ranges) lives in the experiment's ``sensitivity`` node; a
    command line that sets ``sweep.sample`` itself is left alone.
    """
    if any(a.startswith("sweep.sample=") for a in args):
        return args
    chosen = [a for a in args if a.startswith(("experiment=", "sensitivity."))]
    register_sweep_schema()
    with composing():
        spec = OmegaConf.to_container(compose(SWEEP_CONFIG, overrides=chosen).sensitivity)
    rows = sampling.n_samples(spec)  # type: ignore[arg-type]
    return [*args, f"sweep.sample=range(0,{rows})"] if rows else args


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
