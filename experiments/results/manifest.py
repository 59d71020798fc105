"""The manifest of one sweep job: what ran, with which code, how long, and whether it succeeded.

Shared by the sweep side and the analysis side, so it imports nothing from ``sim``.

A job folder is finished when its ``manifest.json`` exists; the manifest is written last, atomically,
and lists every output file with its SHA-256, so a truncated or altered output is detected
(:func:`check_job`) and the job is run again on resume.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from scenarios import plain
from scenarios.outputs import write_atomic
from scenarios.plain import DataError

MANIFEST = "manifest.json"
SUMMARY_TABLE = "summary.parquet"
TIMESERIES_TABLE = "timeseries.parquet"
POINT_CONFIG = "point.yaml"


class JobStatus(StrEnum):
    """What became of a job: in its manifest, the runs table, the log and the progress bar."""

    OK = "ok"
    """Finished with valid outputs."""
    FAILED = "failed"
    """Finished, but its config was invalid or a seed raised (its manifest says which)."""
    MISSING = "missing"
    """No manifest: interrupted or never ran."""
    CORRUPT = "corrupt"
    """An unreadable manifest, or an output missing or not matching its SHA-256."""
    STALE = "stale"
    """Made for another configuration or package version (resume runs it again)."""
    SKIPPED = "skipped"
    """Not run: resume kept its valid outputs."""
    PENDING = "pending"
    """Not finished yet (a running sweep)."""


class Checked(NamedTuple):
    """A job folder as :func:`check_job` finds it.

    Attributes
    ----------
    manifest : dict or None
        The manifest, or ``None`` if there is none or it is unreadable.
    status : JobStatus
        ``OK`` if the job finished with valid outputs; else ``MISSING``, ``CORRUPT``, ``STALE`` or
        ``FAILED``.
    problem : str
        ``""`` for ``OK``; otherwise the status and why, in one line (``"failed: <error>"``).
    """

    manifest: dict[str, Any] | None
    status: JobStatus
    problem: str = ""


def _problem(manifest: dict[str, Any] | None, status: JobStatus, why: str) -> Checked:
    return Checked(manifest, status, f"{status}: {why}")


FIELDS: dict[str, type | tuple[type, ...]] = {
    "status": str,
    "config_hash": str,
    "sweep": str,
    "scenario": str,
    "error": str,
    "git_commit": (str, type(None)),
    "seeds": list,
    "files": dict,
    "failed_seeds": dict,
    "params": dict,
    "sensitivity": (dict, type(None)),
    "version": (str, type(None)),
    "wall_seconds": (int, float),
    "model_seconds": (int, float),
    "burn_in_seconds": (int, float),
}
"""Types of a manifest's fields (the first four are required)."""
REQUIRED = ("status", "config_hash", "seeds", "files")
ID_COLUMNS = ("sweep", "job", "config_hash")
"""Columns of a result row naming where it comes from (no parameter takes their names, nor ``seed``)."""
PARAMETER = re.compile(r"[A-Za-z_]\w*(\.\w+)*", re.ASCII)
"""A key of ``params``: a dotted parameter key or a group (``community.residents``, ``scenario``)."""


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(functools.partial(fh.read, 1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def git_commit() -> str | None:
    """Commit of the source tree the package runs from, or ``None`` outside a git checkout."""
    root = Path(__file__).resolve().parents[1]
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def write_manifest(folder: Path, manifest: dict[str, Any], outputs: list[str]) -> None:
    """Add the digests of ``outputs`` (files in ``folder``) to ``manifest`` and write it atomically."""
    manifest = {**manifest, "files": {name: file_digest(folder / name) for name in outputs}}
    text = json.dumps(manifest, indent=2, sort_keys=True)
    write_atomic(folder / MANIFEST, lambda p: p.write_text(text + "\n"))


def read_manifest(folder: Path) -> dict[str, Any]:
    """Read a job's manifest (plain JSON; its fields are checked, file names must stay in the folder).

    Raises
    ------
    FileNotFoundError
        If the job has no manifest (never finished).
    ValueError
        If the manifest is not plain JSON (:func:`scenarios.plain.read`), lacks its required keys or
        has a field of the wrong type.
    """
    try:
        manifest = plain.read(folder / MANIFEST)
    except DataError as err:
        raise ValueError(f"corrupt {MANIFEST}: {err}") from None
    if not isinstance(manifest, dict):
        raise ValueError(f"corrupt {MANIFEST}: not a JSON object")
    missing = set(REQUIRED) - set(manifest)
    if missing:
        raise ValueError(f"corrupt {MANIFEST}: lacks {', '.join(sorted(missing))}")
    wrong = [k for k, kind in FIELDS.items() if k in manifest and not isinstance(manifest[k], kind)]
    if not wrong:
        seeds_ok = all(isinstance(s, int) and not isinstance(s, bool) for s in manifest["seeds"])
        files_ok = all(isinstance(v, str) and Path(k).name == k for k, v in manifest["files"].items())
        params_ok = all(
            PARAMETER.fullmatch(k) and k not in (*ID_COLUMNS, "seed") for k in manifest.get("params", {})
        )
        checks = {"seeds": seeds_ok, "files": files_ok, "params": params_ok}
        wrong = [k for k, ok in checks.items() if not ok]
    if wrong:
        raise ValueError(f"corrupt {MANIFEST}: {', '.join(wrong)} of the wrong type")
    return manifest


def check_job(folder: Path, expected_hash: str | None = None, version: str | None = None) -> Checked:
    """Check a job folder's manifest and outputs.

    Parameters
    ----------
    folder : pathlib.Path
        The job folder.
    expected_hash : str, optional
        The config hash the job must have (on resume: the hash of the job about to run).
    version : str, optional
        The package version the job must have been made by (on resume, unless told otherwise).
    """
    try:
        manifest = read_manifest(folder)
    except FileNotFoundError:
        return _problem(None, JobStatus.MISSING, "no manifest (interrupted or never ran)")
    except ValueError as err:
        return _problem(None, JobStatus.CORRUPT, str(err))
    if expected_hash is not None and manifest["config_hash"] != expected_hash:
        return _problem(manifest, JobStatus.STALE, "the manifest is for a different configuration")
    if version is not None and manifest.get("version") != version:
        return _problem(
            manifest, JobStatus.STALE, f"made by cogov {manifest.get('version')}, this is {version}"
        )
    for name, digest in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            return _problem(manifest, JobStatus.CORRUPT, f"{name} is missing")
        if file_digest(path) != digest:
            return _problem(
                manifest, JobStatus.CORRUPT, f"{name} does not match its SHA-256 (truncated or altered)"
            )
    if manifest["status"] != JobStatus.OK:
        return _problem(manifest, JobStatus.FAILED, manifest.get("error", "unknown error"))
    return Checked(manifest, JobStatus.OK)
