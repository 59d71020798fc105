"""Writing a finished run: atomically, so that no reader sees half a file.

Files are created readable by everyone the umask allows (0644 under the usual umask 022), like any
file a program writes, so that a group can read runs on a shared disk. A run claims its folder
(:func:`claim`) so that two runs never write into one folder.
"""

from __future__ import annotations

import errno
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

TIMESERIES = "timeseries.parquet"
SUMMARY = "summary.json"
CONFIG = "config.yaml"
FIGURE = "participation.png"
DASHBOARD = "dashboard.png"
CLAIM = ".cogov-run"
"""Marker of the run that owns a folder (created exclusively before the run starts)."""
ROW_BYTES = 2048
"""Upper bound of one time-series row on disk (about 130 metrics, before compression)."""
FIXED_BYTES = 2 << 20
"""Upper bound of a run's figures, config and summary on disk."""


def output_bytes(steps: int) -> int:
    """Bytes the outputs of a run of ``steps`` days take at most (checked against the free space).

    Examples
    --------
    >>> output_bytes(365) < 3 * 2**20
    True
    """
    return FIXED_BYTES + (steps + 1) * ROW_BYTES


def file_mode(everyone: int = 0o666) -> int:
    """Permissions of a new file under the process's umask (``0o666 & ~umask``; a folder: ``0o777``)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return everyone & ~mask


def claim(folder: Path) -> None:
    """Mark ``folder`` as the output folder of this run.

    Raises
    ------
    FileExistsError
        If another run has claimed it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    os.close(os.open(folder / CLAIM, os.O_CREAT | os.O_EXCL | os.O_WRONLY, file_mode()))


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``.

    Parameters
    ----------
    path : pathlib.Path
        Final location.
    write : callable
        Writes the content to the path it is given.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_folder_atomic[T](folder: Path, write: Callable[[Path], T]) -> T:
    """Call ``write(tmp)`` on a new folder beside ``folder``, then move it into place; return its result.

    Readers see the old folder or the new one, never half of one: on any error the temporary folder
    is removed and ``folder`` is left as it was. An old ``folder`` is replaced.

    Raises
    ------
    OSError
        If ``folder`` is a link (outputs are never written through a link into another folder), or
        the parent cannot be written.
    """
    if folder.is_symlink():
        raise OSError(errno.ELOOP, "a link (outputs are never written through a link)", str(folder))
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    old = tmp.with_name(f"{tmp.name}.old")
    try:
        result = write(tmp)
        os.chmod(tmp, file_mode(0o777))
        if folder.is_dir():
            os.rename(folder, old)
        os.rename(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not folder.exists():
            os.rename(old, folder)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return result


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _nan_to_none(summary: dict[str, Any]) -> dict[str, Any]:
    """Replace NaN (a metric with no value yet, e.g. ``hoa_formed_day`` when none formed) by None.

    JSON has no NaN; ``null`` is its "no value".
    """
    return {
        k: None if isinstance(v, float | np.floating) and math.isnan(v) else v for k, v in summary.items()
    }


def save_run(
    folder: Path,
    timeseries: pd.DataFrame,
    summary: dict[str, Any],
    config_yaml: str,
    figures: Mapping[str, Callable[[Path], None]],
) -> None:
    """Write the time series, resolved config, figures and, last, the summary into ``folder``.

    ``figures`` maps a file name (e.g. :data:`FIGURE`, :data:`DASHBOARD`) to the function that draws
    it. The summary is written last: its presence marks a finished run.
    """
    write_atomic(folder / TIMESERIES, lambda p: timeseries.to_parquet(p, index=False))
    write_atomic(folder / CONFIG, lambda p: p.write_text(config_yaml))
    for name, draw in figures.items():
        write_atomic(folder / name, draw)
    text = json.dumps(_nan_to_none(summary), indent=2, sort_keys=True, default=_json_default, allow_nan=False)
    write_atomic(folder / SUMMARY, lambda p: p.write_text(text + "\n"))
