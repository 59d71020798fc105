"""Collect the finished runs of one or more sweep folders into tidy tables (never runs the model).

A sweep folder holds ``plan.json`` (the planned jobs, written by the sweeper), ``multirun.yaml``
(Hydra's sweep config) and one folder per job. Each job is checked
(:func:`~experiments.results.manifest.check_job`): valid rows go into ``results`` (one row per seed
run, deduplicated by config hash and seed), and every planned run that has no valid row is listed in
``missing`` with the reason (failed with its error, corrupt output, interrupted or never ran).

Folders are read as data only: JSON, YAML (OmegaConf's safe loader) and Parquet; nothing is
unpickled. A folder that is not a sweep, a corrupt ``plan.json`` or a Parquet table without its
columns is a :class:`SweepFolderError` or a ``corrupt`` job, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from experiments.results.manifest import (
    ID_COLUMNS,
    MANIFEST,
    SUMMARY_TABLE,
    TIMESERIES_TABLE,
    JobStatus,
    check_job,
)
from scenarios import plain
from scenarios.errors import one_line
from scenarios.names import NAME_TEXT, is_name
from scenarios.outputs import write_atomic
from scenarios.plain import MAX_INT, DataError

PLAN = "plan.json"
SWEEP_CONFIG = "multirun.yaml"
RESULTS = "results.parquet"
RUNS = "runs.parquet"
INDICES_TABLE = "sensitivity_indices.csv"
"""Table of sensitivity indices written into an analysed sweep folder (one row per outcome, seed and
parameter; :mod:`experiments.analysis.sensitivity`)."""


class SweepFolderError(ValueError):
    """A folder that is not a readable sweep folder (no jobs, or a corrupt plan)."""


@dataclass
class Collection:
    """Everything read from the sweep folders.

    Attributes
    ----------
    results : pandas.DataFrame
        One row per finished seed run: id columns, swept parameters, ``seed`` and the summary metrics.
    runs : pandas.DataFrame
        One row per planned job: folder, job, status, problem, seeds, rows, timings.
    missing : pandas.DataFrame
        One row per planned seed run without a valid result (``folder, job, seed, reason``).
    params : list of str
        Swept parameter columns of ``results`` (union over jobs, in first-seen order).
    manifests : list of dict
        The readable manifests, each with its ``folder``.
    duplicates : int
        Rows dropped because the same config hash and seed appeared twice (merged folders).
    """

    results: pd.DataFrame
    runs: pd.DataFrame
    missing: pd.DataFrame
    params: list[str] = field(default_factory=list)
    manifests: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0


def job_number(value: Any) -> int:
    """A job number of a plan: an integer >= 0 (the name of its folder).

    Raises
    ------
    ValueError
        For anything else (``-1``, ``1.5``, ``"../x"``, ``true``).
    """
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"job number {value!r} (allowed: an integer >= 0)")
    return value


def planned_jobs(sweep_dir: Path) -> list[int]:
    """Job numbers of a sweep: from ``plan.json``, else the numbered job folders with a manifest.

    Raises
    ------
    SweepFolderError
        If ``plan.json`` is corrupt, or there is neither a plan nor a job folder.
    """
    plan = sweep_dir / PLAN
    if plan.is_file():
        try:
            jobs = [job_number(job["num"]) for job in plain.read(plan)["jobs"]]
        except DataError as err:
            raise SweepFolderError(f"corrupt {PLAN}: {err}") from None
        except (ValueError, TypeError, KeyError) as err:
            raise SweepFolderError(f"corrupt {PLAN} in {sweep_dir}: {type(err).__name__}: {err}") from None
    else:
        jobs = sorted(
            int(p.name) for p in sweep_dir.iterdir() if (p / MANIFEST).is_file() and p.name.isdigit()
        )
    if not jobs:
        raise SweepFolderError(
            f"not a sweep folder: {sweep_dir} (no {PLAN} and no job folder with a {MANIFEST})"
        )
    return jobs


def sweep_config(sweep_dir: Path) -> dict[str, Any]:
    """Hydra's sweep config of a folder (``multirun.yaml``) as plain data, uninterpolated; ``{}`` if none.

    Raises
    ------
    SweepFolderError
        If the file is not plain data (:func:`scenarios.plain.read`) or not a mapping.
    """
    path = sweep_dir / SWEEP_CONFIG
    try:
        data = plain.read(path) if path.is_file() else {}
    except DataError as err:
        raise SweepFolderError(str(err)) from None
    if not isinstance(data, dict):
        raise SweepFolderError(f"{path}: not a mapping")
    return data


def planned_seeds(sweep_dir: Path) -> list[int]:
    """Return the seed list of the sweep config (``multirun.yaml``), or ``[]`` if it names none.

    Raises
    ------
    SweepFolderError
        If the config is not plain data, or its ``sweep.seeds`` is not a list of integers 0 to 2^63-1.
    """
    node = sweep_config(sweep_dir).get("sweep")
    seeds = node.get("seeds") if isinstance(node, dict) else None
    if seeds is None:
        return []
    if not isinstance(seeds, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and 0 <= s <= MAX_INT for s in seeds
    ):
        raise SweepFolderError(
            f"{sweep_dir / SWEEP_CONFIG}: sweep.seeds: not a list of integers 0 to {MAX_INT:,}"
        )
    return seeds


def _read_rows(folder: Path, manifest: dict[str, Any], num: int) -> pd.DataFrame:
    rows = pd.read_parquet(folder / SUMMARY_TABLE)
    if "seed" not in rows or not pd.api.types.is_integer_dtype(rows["seed"]):
        raise ValueError("no integer seed column")
    if "scenario" in rows and not rows["scenario"].map(is_name).all():
        raise ValueError(f"a scenario column with a value that is not {NAME_TEXT}")
    ids = {
        "sweep": manifest.get("sweep", folder.parent.name),
        "job": num,
        "config_hash": manifest["config_hash"],
    }
    return rows.assign(**ids)


def _collect_job(
    sweep_dir: Path, num: int, default_seeds: list[int]
) -> tuple[dict, pd.DataFrame | None, list[dict]]:
    folder = sweep_dir / str(num)
    manifest, status, problem = check_job(folder)
    seeds = manifest["seeds"] if manifest is not None else default_seeds
    run = {
        "folder": str(sweep_dir),
        "job": num,
        "status": status.value,
        "problem": problem,
        "seeds": len(seeds),
        "rows": 0,
        "wall_seconds": None,
        "model_seconds": None,
        "burn_in_seconds": None,
    }
    rows = None
    if manifest is not None:
        run.update({key: manifest.get(key) for key in ("wall_seconds", "model_seconds", "burn_in_seconds")})
    if (
        manifest is not None
        and status in (JobStatus.OK, JobStatus.FAILED)
        and SUMMARY_TABLE in manifest["files"]
    ):
        try:
            rows = _read_rows(folder, manifest, num)
        except (OSError, ValueError, TypeError, pa.ArrowException) as err:
            what = f"{SUMMARY_TABLE} unreadable ({err})"
            run.update(status=JobStatus.CORRUPT.value, problem=f"{JobStatus.CORRUPT}: {what}")
    done = set() if rows is None else {int(s) for s in rows["seed"]}
    errors = manifest.get("failed_seeds", {}) if manifest is not None else {}
    reason = run["problem"] or "no result"
    missing = [
        {
            "folder": str(sweep_dir),
            "job": num,
            "seed": s,
            "reason": f"failed: {errors[str(s)]}" if str(s) in errors else reason,
        }
        for s in seeds
        if s not in done
    ]
    if not seeds and run["status"] != JobStatus.OK:
        missing.append({"folder": str(sweep_dir), "job": num, "seed": None, "reason": reason})
    run["rows"] = len(done)
    if manifest is not None:
        run["manifest"] = {**manifest, "folder": str(folder), "usable": rows is not None}
    return run, rows, missing


def as_one_type(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every column of values of more than one type (``1`` and ``"a"``) as text.

    Jobs of merged or received folders can give one parameter values of different types; a table
    column holds one type, so such a column is kept as the text of its values.

    Examples
    --------
    >>> as_one_type(pd.DataFrame({"a": [1, "x", None], "b": ["u", "v", None]}))["a"].tolist()
    ['1', 'x', nan]
    """
    mixed = [
        c for c in table.columns if table[c].dtype == object and table[c].dropna().map(type).nunique() > 1
    ]
    return table.assign(**{c: table[c].map(str, na_action="ignore") for c in mixed})


def collect(sweep_dirs: list[Path]) -> Collection:
    """Collect the runs of ``sweep_dirs`` (merged; duplicate runs dropped)."""
    runs, tables, missing = [], [], []
    for sweep_dir in sweep_dirs:
        seeds = planned_seeds(sweep_dir)
        for num in planned_jobs(sweep_dir):
            run, rows, lost = _collect_job(sweep_dir, num, seeds)
            runs.append(run)
            missing.extend(lost)
            if rows is not None and len(rows):
                tables.append(rows)
    manifests = [run.pop("manifest") for run in runs if "manifest" in run]
    params: list[str] = []
    for m in manifests:
        params.extend(k for k in m.get("params", {}) if k not in params)
    results = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=[*ID_COLUMNS, "seed"])
    before = len(results)
    results = as_one_type(results.drop_duplicates(subset=["config_hash", "seed"]))
    results = results.sort_values(["sweep", "job", "seed"])
    front = [*ID_COLUMNS, *params, "seed"]
    results = results.reindex(columns=[*front, *(c for c in results.columns if c not in front)])
    results = results.reset_index(drop=True)
    missing_df = pd.DataFrame(missing, columns=["folder", "job", "seed", "reason"])
    return Collection(results, pd.DataFrame(runs), missing_df, params, manifests, before - len(results))


def write_tables(sweep_dir: Path, out_dir: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Collect ``sweep_dir`` and write ``results.parquet`` and ``runs.parquet`` (atomically) into ``out_dir``.

    Returns
    -------
    results, runs : pandas.DataFrame
        The tables written.
    """
    coll = collect([sweep_dir])
    target = sweep_dir if out_dir is None else out_dir
    write_atomic(target / RESULTS, lambda p: coll.results.to_parquet(p, index=False))
    write_atomic(target / RUNS, lambda p: coll.runs.to_parquet(p, index=False))
    return coll.results, coll.runs


def load_timeseries(coll: Collection, columns: list[str]) -> pd.DataFrame:
    """Load the time series of the usable jobs (``step``, ``seed``, ``columns``), with their parameters.

    Raises
    ------
    SweepFolderError
        If a job's time series is unreadable or lacks its ``step`` and ``seed`` columns.
    """
    frames, seen = [], set()
    for m in coll.manifests:
        path = Path(m["folder"]) / TIMESERIES_TABLE
        if not m["usable"] or TIMESERIES_TABLE not in m["files"] or m["config_hash"] in seen:
            continue
        seen.add(m["config_hash"])
        try:
            have = set(pq.read_schema(path).names)
            ts = pd.read_parquet(path, columns=["step", "seed", *(c for c in columns if c in have)])
        except (OSError, ValueError, KeyError, pa.ArrowException) as err:
            what = f"not a time series with step and seed columns ({one_line(err)})"
            raise SweepFolderError(f"{path}: {what}") from None
        labels = {k: str(v) for k, v in m.get("params", {}).items() if k != "scenario"}
        frames.append(ts.assign(scenario=m.get("scenario"), **labels))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
