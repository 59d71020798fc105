"""The calibrated posterior: weighted particles of the ABC-SMC fit, and draws from it.

``configs/posterior/particles.csv`` (written by ``cogov-calibrate``) holds one row per particle of the
last generation: one column per fitted parameter, named by its dotted key (``participation.b0``), and
``weight`` (normalised importance weights). Other experiments draw parameter sets from it, e.g. to
report intervention effects under parameter uncertainty::

    from experiments.calibration import posterior
    overrides = posterior.draw(20, seed=0)   # [{"participation.b0": -6.7, ...}, ...]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.load import config_dir
from scenarios.outputs import write_atomic
from scenarios.tables import pipe_table
from sim.params import model_value

WEIGHT = "weight"
"""Name of the column of normalised importance weights."""


def default_path() -> Path:
    """Where ``cogov-calibrate`` writes the particles: ``configs/posterior/particles.csv``."""
    return config_dir() / "posterior" / "particles.csv"


def exists(path: Path | None = None) -> bool:
    """Whether a posterior file exists (at ``path``, default :func:`default_path`)."""
    return (path or default_path()).is_file()


def load(path: Path | None = None) -> pd.DataFrame:
    """The weighted particles: one column per dotted parameter and ``weight`` (summing to 1).

    Raises
    ------
    FileNotFoundError
        When there is no posterior file (run ``cogov-calibrate`` first).
    ValueError
        When the file has no ``weight`` column, no particle, or weights that are negative or sum to 0.
    """
    path = path or default_path()
    if not path.is_file():
        raise FileNotFoundError(f"no posterior at {path}: run cogov-calibrate first")
    table = pd.read_csv(path)
    if WEIGHT not in table.columns or table.empty:
        raise ValueError(f"{path}: needs one row per particle and a '{WEIGHT}' column")
    weights = table[WEIGHT].to_numpy(dtype=float)
    if (weights < 0).any() or not np.isfinite(weights).all() or weights.sum() <= 0:
        raise ValueError(f"{path}: weights must be finite, non-negative and not all 0")
    return table.assign(**{WEIGHT: weights / weights.sum()})


def draw(n: int, seed: int, path: Path | None = None) -> list[dict[str, float]]:
    """``n`` parameter sets resampled from the posterior by weight (with replacement).

    Parameters
    ----------
    n : int
        Number of parameter sets.
    seed : int
        Seed of ``numpy.random.default_rng`` (the same seed gives the same draws).
    path : Path, optional
        Particles file (default :func:`default_path`).

    Returns
    -------
    list of dict
        Dotted parameter key -> value (whole numbers for integer parameters), ready for
        ``load_config`` overrides or ``with_values``.
    """
    table = load(path)
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(table), size=n, replace=True, p=table[WEIGHT].to_numpy())
    params = table.drop(columns=WEIGHT)
    return [{key: model_value(key, value) for key, value in params.iloc[i].items()} for i in rows]


def significant(x: float, digits: int = 3) -> float:
    """``x`` rounded to ``digits`` significant figures (the precision the summary is written with).

    Examples
    --------
    >>> significant(-6.8349), significant(0.031249)
    (-6.83, 0.0312)
    """
    return float(f"{x:.{digits}g}")


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """Weighted quantiles at the mid-steps of the weighted cdf (as pyabc's ``weighted_quantile``).

    Particles of weight 0 are left out (they would pull the interpolation towards them). Written with
    numpy so that drawing from the posterior (``cogov-compare``) needs no ``calibrate`` extra.

    Examples
    --------
    >>> weighted_quantiles(np.array([3.0, 1.0, 2.0, 9.0]), np.array([1.0, 1.0, 2.0, 0.0]), (0.5,))
    [2.0]
    """
    keep = weights > 0
    order = np.argsort(values[keep])
    x, w = values[keep][order], weights[keep][order] / weights[keep].sum()
    mid = np.cumsum(w) - 0.5 * w
    return [float(np.interp(q, mid, x)) for q in qs]


QUANTILES = (0.025, 0.05, 0.5, 0.95, 0.975)
SUMMARY_COLUMNS = ("parameter", "medoid", "median", "q025", "q05", "q95", "q975")


def medoid(particles: pd.DataFrame) -> pd.Series:
    """The particle with the least weighted mean distance to the others (parameters standardised).

    The model's defaults take this one particle rather than the marginal medians: the medians of
    correlated coefficients together need not be a point the fit accepted (docs/CALIBRATION.md
    shows the medians putting the baseline outside the passive band), the medoid is one.

    Examples
    --------
    >>> p = pd.DataFrame({"a": [0.0, 1.0, 2.0, 10.0], "b": [0.0, 1.0, 2.0, 0.0], "weight": [1, 1, 1, 0.1]})
    >>> medoid(p).to_dict()
    {'a': 1.0, 'b': 1.0}
    """
    params = particles.drop(columns=WEIGHT)
    w = particles[WEIGHT].to_numpy(dtype=float)
    x = params.to_numpy(dtype=float)
    mean = np.average(x, axis=0, weights=w)
    sd = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w))
    z = (x - mean) / np.where(sd > 0, sd, 1.0)
    cost = np.sqrt(((z[:, None, :] - z[None, :, :]) ** 2).sum(axis=2)) @ w
    return params.iloc[int(np.argmin(cost))]


def summarise(particles: pd.DataFrame) -> pd.DataFrame:
    """Medoid, median and 90% / 95% credible intervals (weighted quantiles) of each parameter.

    Every value is rounded to 3 significant figures.
    """
    w = particles[WEIGHT].to_numpy()
    point = medoid(particles)
    rows = []
    for key in particles.columns.drop(WEIGHT):
        q025, q05, median, q95, q975 = weighted_quantiles(particles[key].to_numpy(), w, QUANTILES)
        rows.append([key, *map(significant, (point[key], median, q025, q05, q95, q975))])
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def markdown(summary: pd.DataFrame) -> str:
    """The summary as a pipe table: medoid, median, 90% and 95% credible intervals."""
    header = ["parameter", "medoid (default)", "median", "90% interval", "95% interval"]
    rows = (
        [
            f"`{r.parameter}`",
            f"{r.medoid:g}",
            f"{r.median:g}",
            f"[{r.q05:g}, {r.q95:g}]",
            f"[{r.q025:g}, {r.q975:g}]",
        ]
        for r in summary.itertuples()
    )
    return pipe_table(header, rows) + "\n"


def write(particles: pd.DataFrame, folder: Path | None = None) -> Path:
    """Write ``particles.csv``, ``summary.csv`` and ``summary.md`` into ``folder`` (configs/posterior).

    ``particles`` holds one column per dotted parameter and ``weight``; every file is written to a
    temporary name first and renamed, so a reader never sees half a posterior.
    """
    folder = folder or default_path().parent
    folder.mkdir(parents=True, exist_ok=True)
    particles = particles.assign(**{WEIGHT: particles[WEIGHT] / particles[WEIGHT].sum()})
    summary = summarise(particles)
    outputs = {
        "particles.csv": lambda p: particles.to_csv(p, index=False),
        "summary.csv": lambda p: summary.to_csv(p, index=False),
        "summary.md": lambda p: p.write_text(markdown(summary), encoding="utf-8"),
    }
    for name, writer in outputs.items():
        write_atomic(folder / name, writer)
    return folder / "particles.csv"
