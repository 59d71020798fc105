"""A batch of labelled parameter sets run as one ``cogov-sweep``: resumable, on any launcher.

Hydra's sweeper crosses the values of each swept key; a batch of parameter *sets* (ABC candidates,
posterior draws) is not a cross product. So each set becomes a user scenario file (data only: the
preset's own file with the set's dotted values merged in, :func:`scenario_file`) and the batch is one
sweep over those files (``scenario=a.yaml,b.yaml,...``), every point over the same seeds. The sweep
folder makes it resumable: running the same batch again skips the finished points
(:func:`experiments.sweep.job.run_job`), and the summaries come back through
:mod:`experiments.results.collect`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import OmegaConf

from experiments.results.collect import SweepFolderError, collect
from scenarios.errors import EXIT_FAILED_JOBS
from scenarios.load import config_dir

SEPARATOR = "-"
"""Between a point's name and its preset in the scenario name (preset names have no hyphen)."""
SCENARIOS = "scenarios"
SWEEP = "sweep"


class BatchError(RuntimeError):
    """The sweep of a batch did not run (bad settings or a crash), with the end of its error output."""


@dataclass(frozen=True)
class Point:
    """One parameter set on one preset.

    Attributes
    ----------
    name : str
        Label, unique in the batch (letters, digits and ``_``; e.g. ``c007``).
    preset : str
        Scenario preset the point starts from (``configs/scenario/<preset>.yaml``).
    values : dict
        Dotted model keys and values set over the preset.
    """

    name: str
    preset: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Scenario name of the point: ``<name>-<preset>``."""
        return f"{self.name}{SEPARATOR}{self.preset}"


def nested(values: dict[str, Any]) -> dict[str, Any]:
    """Dotted keys as a nested mapping.

    Examples
    --------
    >>> nested({"a.b": 1, "a.c": 2, "d": 3})
    {'a': {'b': 1, 'c': 2}, 'd': 3}
    """
    out: dict[str, Any] = {}
    for key, value in values.items():
        *path, last = key.split(".")
        node = out
        for part in path:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def scenario_text(point: Point) -> str:
    """The user scenario file of a point: its preset's data with its values merged in."""
    preset = OmegaConf.load(config_dir() / "scenario" / f"{point.preset}.yaml")
    data = OmegaConf.to_container(OmegaConf.merge(preset, nested(point.values)))
    assert isinstance(data, dict)
    data.pop("scenario", None)  # the file's name is the scenario's name
    text = f"# {point.preset} with {point.name}'s values (written by experiments.sweep.batch)\n"
    return text + OmegaConf.to_yaml(OmegaConf.create(data))


def scenario_file(point: Point, folder: Path) -> Path:
    """Write the point's user scenario file into ``folder``: its preset's data with its values merged in."""
    path = folder / f"{point.label}.yaml"
    text = scenario_text(point)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def sweep_command(
    files: Sequence[Path], folder: Path, seeds: Sequence[int], overrides: Sequence[str]
) -> list[str]:
    """The ``cogov-sweep`` command line of a batch (one job per file, over ``seeds``)."""
    return [
        sys.executable,
        "-m",
        "experiments.sweep",
        "-m",
        f"scenario={','.join(str(f) for f in files)}",
        f"sweep.seeds=[{','.join(str(int(s)) for s in seeds)}]",
        "sweep.timeseries=false",
        f"sweep.name={folder.name}",
        f"hydra.sweep.dir={folder / SWEEP}",
        *overrides,
    ]


def run(
    points: Sequence[Point], folder: Path, seeds: Sequence[int], overrides: Sequence[str] = ()
) -> pd.DataFrame:
    """Run (or resume) a batch and return one row per finished run.

    Parameters
    ----------
    points : sequence of Point
        The parameter sets, each on its preset.
    folder : Path
        The batch folder (scenario files in ``scenarios/``, the sweep in ``sweep/``).
    seeds : sequence of int
        Seeds every point runs (common random numbers).
    overrides : sequence of str
        Further ``cogov-sweep`` arguments: sizes (``community.residents=1000``) and the launcher
        (``hydra/launcher=local_joblib``).

    Returns
    -------
    pandas.DataFrame
        The summary metrics with ``name``, ``preset`` and ``seed`` columns; a point whose run failed
        has no row.

    Raises
    ------
    BatchError
        When the sweep itself fails (not merely some of its jobs).
    """
    (folder / SCENARIOS).mkdir(parents=True, exist_ok=True)
    files = [scenario_file(p, folder / SCENARIOS) for p in points]
    proc = subprocess.run(sweep_command(files, folder, seeds, overrides), capture_output=True, text=True)
    if proc.returncode not in (0, EXIT_FAILED_JOBS):
        last = (proc.stderr.strip().splitlines() or [""])[-1]
        raise BatchError(f"cogov-sweep failed in {folder} (exit {proc.returncode}): {last}")
    return _of(points, collect([folder / SWEEP]).results)


def _of(points: Sequence[Point], results: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``points`` in a sweep's results, with ``name`` and ``preset`` columns."""
    results = results[results["scenario"].isin({p.label for p in points})]
    names = results["scenario"].str.split(SEPARATOR, n=1, expand=True)
    return results.assign(name=names[0], preset=names[1]).reset_index(drop=True)


def finished(points: Sequence[Point], folder: Path, seeds: Sequence[int]) -> pd.DataFrame | None:
    """The results of a batch that ran every point on every seed with these very values, else ``None``.

    Reads the folder as it is, without composing a config or launching the sweep: unlike the sweep's
    own resume (:func:`experiments.sweep.job.run_job`), it does not check the model version that made the
    runs, so a caller uses it only to replay batches of the same fit (``cogov-calibrate --replay``).
    """
    files = [folder / SCENARIOS / f"{p.label}.yaml" for p in points]
    if not (folder / SWEEP).is_dir() or not all(f.is_file() for f in files):
        return None
    if any(f.read_text(encoding="utf-8") != scenario_text(p) for f, p in zip(files, points, strict=True)):
        return None
    try:
        results = _of(points, collect([folder / SWEEP]).results)
    except SweepFolderError:
        return None
    ran = set(zip(results["scenario"], results["seed"], strict=True))
    return results if ran >= {(p.label, int(s)) for p in points for s in seeds} else None
