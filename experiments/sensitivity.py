"""Global sensitivity analysis with SALib: the sample design (sweep side) and its analysis (report side).

The design lives in config (``sensitivity:`` of ``configs/experiment/sensitivity_*.yaml``): method
(``morris`` or ``sobol``), sample size, seed and the ranges of dotted model parameters. The sample
matrix is a pure function of that spec, so every job regenerates it and runs its own row
(``sweep.sample``), and the report regenerates it to analyse the outcomes. Sobol is first and total
order only (``N * (D + 2)`` rows); Morris has ``N * (D + 1)`` rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

METHODS = ("morris", "sobol")


def problem(spec: dict[str, Any]) -> dict[str, Any]:
    """Build the SALib problem dict of a sensitivity spec.

    Examples
    --------
    >>> problem({"parameters": {"a.b": [0.0, 1.0], "c": [2.0, 4.0]}})["num_vars"]
    2
    """
    names = list(spec["parameters"])
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [list(map(float, spec["parameters"][k])) for k in names],
    }


def _check(spec: dict[str, Any]) -> None:
    if spec.get("method") not in METHODS:
        raise ValueError(f"sensitivity.method: {spec.get('method')!r} (allowed: {', '.join(METHODS)})")
    if not spec.get("parameters"):
        raise ValueError("sensitivity.parameters: at least one parameter with [low, high] is needed")


def sample(spec: dict[str, Any]) -> np.ndarray:
    """Generate the sample matrix (one row per model configuration, one column per parameter).

    Examples
    --------
    >>> spec = {"method": "morris", "n": 3, "levels": 4, "seed": 1, "parameters": {"a": [0, 1], "b": [0, 2]}}
    >>> sample(spec).shape
    (9, 2)
    >>> bool((sample(spec) == sample(spec)).all())
    True
    """
    _check(spec)
    prob = problem(spec)
    if spec["method"] == "morris":
        return morris_sample.sample(
            prob, int(spec["n"]), num_levels=int(spec["levels"]), seed=int(spec["seed"])
        )
    return sobol_sample.sample(prob, int(spec["n"]), calc_second_order=False, seed=int(spec["seed"]))


def n_samples(spec: dict[str, Any]) -> int:
    """Count the rows of the sample matrix (0 when the spec's method is ``none``)."""
    return 0 if spec.get("method", "none") == "none" else int(sample(spec).shape[0])


def sample_values(spec: dict[str, Any], row: int) -> dict[str, float]:
    """Dotted model values of sample row ``row``."""
    x = sample(spec)[row]
    return {name: float(v) for name, v in zip(spec["parameters"], x, strict=True)}


def analyze(spec: dict[str, Any], y: np.ndarray) -> pd.DataFrame:
    """Sensitivity indices of outcome ``y`` (one value per sample row, in row order), ranked.

    Returns
    -------
    pandas.DataFrame
        One row per parameter: Morris ``mu_star``, ``mu_star_conf``, ``sigma``; or Sobol ``S1``,
        ``S1_conf``, ``ST``, ``ST_conf`` (half-widths of 95% bootstrap intervals), and ``rank``
        (1 = most influential, by mu* or ST).
    """
    _check(spec)
    prob = problem(spec)
    y = np.asarray(y, dtype=float)
    seed = int(spec["seed"])
    if spec["method"] == "morris":
        res = morris_analyze.analyze(prob, sample(spec), y, num_levels=int(spec["levels"]), seed=seed)
        out = pd.DataFrame({k: np.asarray(res[k], dtype=float) for k in ("mu_star", "mu_star_conf", "sigma")})
        key = "mu_star"
    else:
        res = sobol_analyze.analyze(prob, y, calc_second_order=False, seed=seed)
        out = pd.DataFrame({k: np.asarray(res[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")})
        key = "ST"
    out.insert(0, "parameter", prob["names"])
    out["rank"] = out[key].rank(ascending=False, method="min").astype(int)
    return out.sort_values("rank").reset_index(drop=True)
