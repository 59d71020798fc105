"""Writing a finished run: atomically, so that no reader sees half a file."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

TIMESERIES = "timeseries.parquet"
SUMMARY = "summary.json"
CONFIG = "config.yaml"
FIGURE = "participation.png"


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
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _nan_to_none(summary: dict[str, Any]) -> dict[str, Any]:
    """Replace NaN (a metric with no value yet, e.g. ``hoa_formed_day`` when none formed) by None.

    JSON has no NaN; ``null`` is its "no value".
    """
    return {k: None if isinstance(v, float | np.floating) and math.isnan(v) else v for k, v in summary.items()}


def save_run(
    folder: Path,
    timeseries: pd.DataFrame,
    summary: dict[str, Any],
    config_yaml: str,
    figure: Callable[[Path], None],
) -> None:
    """Write the time series, figure, resolved config and, last, the summary into ``folder``.

    The summary is written last: its presence marks a finished run.
    """
    write_atomic(folder / TIMESERIES, lambda p: timeseries.to_parquet(p, index=False))
    write_atomic(folder / CONFIG, lambda p: p.write_text(config_yaml))
    write_atomic(folder / FIGURE, figure)
    text = json.dumps(_nan_to_none(summary), indent=2, sort_keys=True, default=_json_default, allow_nan=False)
    write_atomic(folder / SUMMARY, lambda p: p.write_text(text + "\n"))
