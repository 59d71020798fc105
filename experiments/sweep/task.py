"""The Hydra tasks a launcher worker runs: one sweep job, or one replicate of a paired comparison.

A launcher pickles the task function by reference, so a worker (a joblib process, a SLURM job)
imports this module and what it imports, and nothing else of ``experiments``: the job runner, the
sweep schema and Hydra's runtime config, no analysis, figures or calibration. The sweep schema is
registered at import, because launchers compose each job's config in the process that runs it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import DictConfig, OmegaConf

from experiments.results.manifest import JobStatus
from experiments.sweep.job import run_job
from experiments.sweep.schema import register_sweep_schema
from scenarios import plain

NOT_PARAMETERS = ("experiment", "sweep.", "sensitivity.", "hydra.", "seed")
"""Override keys (or key prefixes) that choose how to sweep, not where in parameter space."""
RECORDED_SWEEP_KEYS = ("sweep.sample", "sweep.households")
ROWS_ENV = "COGOV_COMPARE_ROWS"
"""Environment variable naming the rows file of the running comparison (read by launcher workers)."""

log = logging.getLogger(__name__)

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


def task(dcfg: DictConfig) -> JobStatus:
    """Hydra task of one job: run (or resume) its parameter point; return the outcome."""
    runtime = HydraConfig.get()
    folder = Path(runtime.runtime.output_dir)
    params = swept_params(dcfg, list(runtime.overrides.task))
    outcome, manifest = run_job(dcfg, folder, params)
    detail = f": {manifest['error']}" if outcome == JobStatus.FAILED else ""
    log.info(
        "job %s %s (%s)%s", runtime.job.num, outcome, ", ".join(f"{k}={v}" for k, v in params.items()), detail
    )
    return outcome


def read_rows(path: str | None) -> list[dict[str, Any]]:
    """The value rows of a comparison (``[]`` when ``path`` is unset): dotted key -> value per row."""
    if not path:
        return []
    rows = plain.read(Path(path))
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError(f"{path}: a JSON list of {{dotted key: value}} rows")
    return rows


def paired_task(dcfg: DictConfig) -> JobStatus:
    """Hydra task of a comparison job: replicate ``r = seed`` runs seed ``r`` with the values of row ``r``.

    The rows (posterior draws or design points) are read from the file named in :data:`ROWS_ENV`.
    """
    r = int(dcfg.seed)
    rows = read_rows(os.environ.get(ROWS_ENV))
    OmegaConf.update(dcfg, "sweep.seeds", [r], merge=False)
    for key, value in (rows[r] if rows else {}).items():
        OmegaConf.update(dcfg, key, value, merge=False)
    return task(dcfg)
