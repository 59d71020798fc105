"""One sweep job: one parameter point run over a list of seeds, its outputs written atomically.

:func:`point_config` turns the composed Hydra config into the model's validated config;
:func:`run_point` runs the seeds (a seed that raises is recorded, the others go on), writes
``summary.parquet`` (one row per seed), ``timeseries.parquet`` (optional) and, last, the manifest.
:func:`run_job` adds resume: a job whose valid outputs exist for the same config, made by the same
version of the package, is skipped (``sweep.reuse_other_versions=true`` also keeps jobs of other
versions); a job run again says why in the log.

The process that runs jobs keeps the burnt-in models of its last :data:`WORKER_KEEP` runs
(:class:`sim.snapshot.BurnIns`): a job of another scenario with the same seed and community forks the
burn-in instead of repeating it, with the same results (a comparison orders its jobs seed by seed).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import platform
import time
from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import DictConfig, OmegaConf

from experiments.design.sampling import sample_values
from experiments.results.manifest import (
    POINT_CONFIG,
    SUMMARY_TABLE,
    TIMESERIES_TABLE,
    JobStatus,
    check_job,
    git_commit,
    write_manifest,
)
from experiments.sweep.schema import SWEEP_KEYS
from scenarios.load import to_config
from scenarios.outputs import write_atomic
from sim.params import Config
from sim.simulation import simulate
from sim.snapshot import BurnIns
from sim.version import __version__

log = logging.getLogger(__name__)

WORKER_KEEP = 2
"""Burnt-in models a process running jobs keeps: the scenarios of a seed reach a worker one after the
other, and two cover a seed whose jobs interleave with the next seed's."""
BURN_INS = BurnIns(keep=WORKER_KEEP)
"""The burnt-in models of this process, shared by every job it runs."""


def config_hash(cfg: Config, seeds: list[int]) -> str:
    """SHA-256 of a parameter point: the validated config (its own seed left out) and the seed list.

    Examples
    --------
    >>> from sim.params import Config
    >>> config_hash(Config(seed=1), [0, 1]) == config_hash(Config(seed=2), [0, 1])
    True
    >>> config_hash(Config(), [0, 1]) == config_hash(Config(), [0, 2])
    False
    """
    point = dataclasses.asdict(dataclasses.replace(cfg, seed=0))
    text = json.dumps({"config": point, "seeds": list(seeds)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def point_values(dcfg: DictConfig) -> dict[str, Any]:
    """Model values a job sets beyond its composed config: a sensitivity sample row and households."""
    settings = dcfg.sweep
    values: dict[str, Any] = {}
    if settings.sample is not None:
        spec = dict(OmegaConf.to_container(dcfg.sensitivity, resolve=True))  # type: ignore[arg-type]
        values.update(sample_values(spec, int(settings.sample)))
    if settings.households is not None:
        size = float(dcfg.community.network.household_size)
        values["community.residents"] = round(int(settings.households) * size)
    return values


def point_config(dcfg: DictConfig) -> Config:
    """Build the validated model config of a job (sweep keys dropped, sample and households applied).

    Raises
    ------
    sim.ConfigError
        If a value is of the wrong type or out of range.
    """
    model = OmegaConf.masked_copy(dcfg, [str(k) for k in dcfg if k not in (*SWEEP_KEYS, "hydra")])
    for key, value in point_values(dcfg).items():
        OmegaConf.update(model, key, value, merge=False)
    return to_config(model)


def run_seeds(
    cfg: Config, seeds: list[int], keep_timeseries: bool
) -> tuple[list[dict], list[pd.DataFrame], dict]:
    """Run ``cfg`` once per seed.

    Returns
    -------
    rows : list of dict
        The summary of each seed that finished.
    series : list of pandas.DataFrame
        Their time series with a ``seed`` column (empty unless ``keep_timeseries``).
    report : dict
        ``errors`` (``{seed: "ExceptionType: message"}`` for each seed that raised) and
        ``model_seconds`` (time spent building and running models) and ``burn_in_seconds`` (of it, the
        burn-ins run here: 0.0 for seeds that forked a burn-in this process kept, :data:`BURN_INS`).
    """
    rows: list[dict] = []
    series: list[pd.DataFrame] = []
    errors: dict[str, str] = {}
    seconds = burnt = 0.0
    for seed in seeds:
        tic = time.perf_counter()
        try:
            result = simulate(cfg, seed=int(seed), burn_ins=BURN_INS)
        except Exception as err:  # a failing seed is recorded; the sweep goes on
            errors[str(seed)] = f"{type(err).__name__}: {err}"
            continue
        finally:
            seconds += time.perf_counter() - tic
        burnt += result.burn_in_seconds
        rows.append(result.summary)
        if keep_timeseries:
            series.append(result.timeseries.assign(seed=int(seed)))
    return rows, series, {"errors": errors, "model_seconds": seconds, "burn_in_seconds": burnt}


def run_point(dcfg: DictConfig, folder: Path, params: dict[str, Any]) -> dict[str, Any]:
    """Run one parameter point over its seeds and write its outputs and manifest into ``folder``.

    Parameters
    ----------
    dcfg : omegaconf.DictConfig
        The composed sweep config of the job.
    folder : pathlib.Path
        The job's output folder.
    params : dict
        The swept parameters of this point (``{dotted key: value}``), stored with every row.

    Returns
    -------
    dict
        The manifest written.
    """
    tic = time.perf_counter()
    seeds = [int(s) for s in dcfg.sweep.seeds]
    manifest: dict[str, Any] = {
        "sweep": str(dcfg.sweep.name),
        "seeds": seeds,
        "scenario": str(dcfg.scenario),
        "params": params,
        "version": __version__,
        "git_commit": git_commit(),
        "host": platform.node(),
        "sensitivity": OmegaConf.to_container(dcfg.sensitivity, resolve=True),
        "config_hash": "",
        "model_seconds": 0.0,
    }
    try:
        cfg = point_config(dcfg)
    except Exception as err:  # an invalid point is a failed job, not a failed sweep
        manifest.update(
            status=JobStatus.FAILED,
            error=f"{type(err).__name__}: {err}",
            wall_seconds=time.perf_counter() - tic,
            failed_seeds={str(s): "invalid configuration" for s in seeds},
        )
        write_manifest(folder, manifest, [])
        return manifest
    params = {**params, **point_values(dcfg)}
    rows, series, report = run_seeds(cfg, seeds, bool(dcfg.sweep.timeseries))
    table = pd.DataFrame([{**params, **row} for row in rows])
    resolved = OmegaConf.to_yaml(OmegaConf.structured(cfg))
    write_atomic(folder / SUMMARY_TABLE, lambda p: table.to_parquet(p, index=False))
    write_atomic(folder / POINT_CONFIG, lambda p: p.write_text(resolved))
    outputs = [SUMMARY_TABLE, POINT_CONFIG]
    if series:
        ts = pd.concat(series, ignore_index=True)
        write_atomic(folder / TIMESERIES_TABLE, lambda p: ts.to_parquet(p, index=False))
        outputs.append(TIMESERIES_TABLE)
    errors = report["errors"]
    first = next(iter(errors.values()), "")
    manifest.update(
        status=JobStatus.FAILED if errors else JobStatus.OK,
        error=f"{len(errors)} seed(s) failed, first: {first}" if errors else "",
        failed_seeds=errors,
        config_hash=config_hash(cfg, seeds),
        scenario=cfg.scenario,
        params=params,
        model_seconds=report["model_seconds"],
        burn_in_seconds=report["burn_in_seconds"],
        wall_seconds=time.perf_counter() - tic,
    )
    write_manifest(folder, manifest, outputs)
    return manifest


def run_job(dcfg: DictConfig, folder: Path, params: dict[str, Any]) -> tuple[JobStatus, dict[str, Any]]:
    """Run a job unless ``folder`` already holds its valid finished outputs (resume).

    Returns
    -------
    outcome : JobStatus
        ``SKIPPED`` (valid outputs of the same config and package version exist), ``OK`` or
        ``FAILED``.
    manifest : dict
        The job's manifest.
    """
    try:
        expected = config_hash(point_config(dcfg), [int(s) for s in dcfg.sweep.seeds])
    except Exception:
        expected = None
    if expected is not None:
        version = None if dcfg.sweep.reuse_other_versions else __version__
        manifest, status, problem = check_job(folder, expected, version)
        if manifest is not None and status == JobStatus.OK:
            return JobStatus.SKIPPED, manifest
        if manifest is not None:
            log.info("job folder %s: %s; running it again", folder, problem)
    manifest = run_point(dcfg, folder, params)
    return JobStatus(manifest["status"]), manifest
