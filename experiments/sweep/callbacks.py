"""Hydra callback of ``cogov-sweep``: job plan, progress display and aggregation.

When the multirun starts, the callback expands the swept values exactly as Hydra's basic sweeper
does (:meth:`BasicSweeper.split_arguments`) and writes ``plan.json`` (each job's number and
overrides) into the sweep folder, so that the aggregation can name the jobs that never finished. It
shows progress while the launcher runs (:class:`~experiments.results.progress.Progress`) and, when the sweep
ends, writes ``results.parquet`` and ``runs.parquet`` (:func:`~experiments.results.collect.write_tables`),
also when every job failed, and ends the sweep with a line saying how many jobs failed; then the
command exits with :data:`~scenarios.errors.EXIT_FAILED_JOBS` (1) if any did. Launchers pickle the
callbacks into their workers, so the progress thread is kept out of the state.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from experiments.results.collect import PLAN, RESULTS, write_tables
from experiments.results.manifest import JobStatus
from experiments.results.progress import Progress
from scenarios.errors import EXIT_FAILED_JOBS, EXIT_IO
from scenarios.outputs import write_atomic

log = logging.getLogger(__name__)


def plan_jobs(config: DictConfig) -> list[list[str]]:
    """Return the overrides of every job of the multirun ``config``, in the basic sweeper's job order."""
    params = [f"{k}={v}" for k, v in (config.hydra.sweeper.params or {}).items()]
    loader = GlobalHydra.instance().config_loader() if GlobalHydra.instance().is_initialized() else None
    parsed = OverridesParser.create(config_loader=loader).parse_overrides(
        [*params, *config.hydra.overrides.task]
    )
    return [list(job) for job in BasicSweeper.split_arguments(parsed, None)[0]]


class SweepCallback(Callback):
    """Write the plan and show progress at the start of a multirun; aggregate at its end."""

    def __init__(self) -> None:
        self.progress: Progress | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "progress": None}  # a thread cannot be pickled into a worker

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Write ``plan.json`` and start the progress display."""
        sweep_dir = Path(config.hydra.sweep.dir)
        jobs = plan_jobs(config)
        text = json.dumps({"jobs": [{"num": i, "overrides": o} for i, o in enumerate(jobs)]}, indent=1)
        write_atomic(sweep_dir / PLAN, lambda p: p.write_text(text + "\n"))
        self.progress = Progress([sweep_dir / str(i) for i in range(len(jobs))])

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Stop the progress display, write the tables and say how many jobs failed.

        Raises
        ------
        SystemExit
            With :data:`~scenarios.errors.EXIT_FAILED_JOBS` if a job failed, or
            :data:`~scenarios.errors.EXIT_IO` if the tables cannot be written.
        """
        if self.progress is not None:
            log.info("cogov-sweep: %s", self.progress.close())
        sweep_dir = Path(config.hydra.sweep.dir)
        try:
            results, runs = write_tables(sweep_dir)
        except OSError as err:
            log.error("cogov-sweep: error: cannot write the tables into %s: %s", sweep_dir, err)
            raise SystemExit(EXIT_IO) from None
        failed = int((runs["status"] != JobStatus.OK).sum())
        log.info("cogov-sweep: %d result rows in %s", len(results), sweep_dir / RESULTS)
        if failed:
            log.error(
                "cogov-sweep: %d of %d jobs failed (why: runs.parquet, or cogov-report %s)",
                failed,
                len(runs),
                sweep_dir,
            )
            raise SystemExit(EXIT_FAILED_JOBS)
        log.info("cogov-sweep: all %d jobs finished", len(runs))
