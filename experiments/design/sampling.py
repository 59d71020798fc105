"""Sample designs of a global sensitivity analysis with SALib: a pure function of the design's spec.

The design lives in config (``sensitivity:`` of ``configs/experiment/sensitivity_*.yaml``): method
(``morris`` or ``sobol``), sample size, seed and the ranges of dotted model parameters. The sample
matrix is a pure function of that spec, so every job regenerates it and runs its own row
(``sweep.sample``), and the analysis (:mod:`experiments.analysis.sensitivity`) regenerates it to
analyse the outcomes. Sobol is first and total order only (``N * (D + 2)`` rows); Morris has
``N * (D + 1)`` rows.

SALib (the ``sweep`` extra) is imported only when a design is sampled, so that the tools that
import this module start on the base install.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scenarios.extras import require
from sim.params import model_value

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


def check_spec(spec: dict[str, Any]) -> None:
    """Check a design's method and parameters, and that SALib (the ``sweep`` extra) is installed."""
    if spec.get("method") not in METHODS:
        raise ValueError(f"sensitivity.method: {spec.get('method')!r} (allowed: {', '.join(METHODS)})")
    if not spec.get("parameters"):
        raise ValueError("sensitivity.parameters: at least one parameter with [low, high] is needed")
    require("SALib", "sensitivity.method", spec["method"])


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
    check_spec(spec)
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    prob = problem(spec)
    if spec["method"] == "morris":
        return morris_sample.sample(
            prob, int(spec["n"]), num_levels=int(spec["levels"]), seed=int(spec["seed"])
        )
    return sobol_sample.sample(prob, int(spec["n"]), calc_second_order=False, seed=int(spec["seed"]))


def n_samples(spec: dict[str, Any]) -> int:
    """Count the rows of the sample matrix (0 when the spec's method is ``none``)."""
    return 0 if spec.get("method", "none") == "none" else int(sample(spec).shape[0])


def sample_values(spec: dict[str, Any], row: int) -> dict[str, float | int]:
    """Dotted model values of sample row ``row`` (rounded to whole numbers for integer parameters).

    Examples
    --------
    >>> spec = {"method": "sobol", "n": 4, "seed": 1, "parameters": {"participation.window": [15, 45]}}
    >>> isinstance(sample_values(spec, 1)["participation.window"], int)
    True
    """
    x = sample(spec)[row]
    return {name: model_value(name, v) for name, v in zip(spec["parameters"], x, strict=True)}
