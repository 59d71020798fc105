"""The calibration's patterns: target bands on steady-state statistics, and the ABC distance.

A pattern (``configs/calibration/patterns.yaml``) names a preset, a statistic of that preset's run
summary (:data:`STATISTICS`) and a target band ``[low, high]`` with its source. Its scaled distance
is 0 inside the band and the distance to the band divided by the pattern's ``scale`` outside it, so
every band counts the same whatever its units; a particle's distance is the Euclidean norm of its
patterns' scaled distances (:func:`distances`). A statistic that a run cannot measure (``NaN``: no
dispute to settle in a tiny community) adds nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from omegaconf import OmegaConf

from scenarios.load import config_dir

DISTANCE = "distance"
"""Column of a particle's combined distance."""


def _ratio(num: float, den: float) -> float:
    """``num / den``, NaN for 0/0 and infinite for x/0 (x > 0)."""
    if den == 0:
        return math.nan if num == 0 else math.inf
    return num / den


def active_among_engaged(row: Mapping[str, Any]) -> float:
    """Active share of the engaged (active or occasional): the top rung of the 90-9-1 ladder.

    Examples
    --------
    >>> active_among_engaged({"active_share": 0.01, "occasional_share": 0.09})
    0.1
    """
    return _ratio(row["active_share"], row["active_share"] + row["occasional_share"])


def owner_tenant_engaged_ratio(row: Mapping[str, Any]) -> float:
    """How many times as often owners as tenants are engaged (active or occasional).

    Examples
    --------
    >>> round(owner_tenant_engaged_ratio({"passive_share_owner": 0.7, "passive_share_tenant": 0.8}), 6)
    1.5
    """
    return _ratio(1.0 - row["passive_share_owner"], 1.0 - row["passive_share_tenant"])


def _column(name: str) -> Callable[[Mapping[str, Any]], float]:
    return lambda row: float(row[name])


STATISTICS: dict[str, Callable[[Mapping[str, Any]], float]] = {
    "passive_share": _column("passive_share"),
    "active_share": _column("active_share"),
    "top10_participation_share": _column("top10_participation_share"),
    "org_membership_share": _column("org_membership_share"),
    "disputes_settled_share": _column("disputes_settled_share"),
    "active_among_engaged": active_among_engaged,
    "owner_tenant_engaged_ratio": owner_tenant_engaged_ratio,
}
"""Statistics a pattern may name: summary columns (docs/METRICS.md) and ratios of them."""


@dataclass(frozen=True)
class Pattern:
    """A target band on a statistic of one preset's run."""

    name: str
    preset: str
    statistic: str
    low: float
    high: float
    scale: float
    source: str

    def scaled_distance(self, value: float) -> float:
        """0 inside the band, else the distance to it over ``scale`` (0 for an unmeasurable NaN).

        Examples
        --------
        >>> p = Pattern("p", "urban_baseline", "active_share", 0.25, 0.5, 0.25, "")
        >>> p.scaled_distance(0.3), p.scaled_distance(1.0), p.scaled_distance(float("nan"))
        (0.0, 2.0, 0.0)
        """
        if math.isnan(value):
            return 0.0
        return max(self.low - value, value - self.high, 0.0) / self.scale


def default_path() -> Path:
    """``configs/calibration/patterns.yaml``."""
    return config_dir() / "calibration" / "patterns.yaml"


def load(path: Path | None = None) -> list[Pattern]:
    """Read the patterns file (data only).

    Raises
    ------
    ValueError
        One line naming the pattern, the key, the value and what is allowed.
    """
    path = path or default_path()
    data = OmegaConf.to_container(OmegaConf.load(path))
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{path}: a mapping of pattern names to their settings")
    return [_pattern(str(name), spec, path) for name, spec in data.items()]


def _pattern(name: str, spec: Any, path: Path) -> Pattern:
    keys = ("preset", "statistic", "low", "high", "scale", "source")
    if not isinstance(spec, dict) or set(spec) != set(keys):
        raise ValueError(f"{path}: pattern {name}: needs exactly the keys {', '.join(keys)}")
    if spec["statistic"] not in STATISTICS:
        raise ValueError(
            f"{path}: {name}.statistic: {spec['statistic']!r} (allowed: {', '.join(STATISTICS)})"
        )
    low, high, scale = (float(spec[k]) for k in ("low", "high", "scale"))
    if not low <= high or not scale > 0:
        raise ValueError(f"{path}: {name}: needs low <= high and scale > 0 (got {low}, {high}, {scale})")
    return Pattern(name, str(spec["preset"]), str(spec["statistic"]), low, high, scale, str(spec["source"]))


def presets(patterns: list[Pattern]) -> list[str]:
    """The presets a particle runs, in first-named order."""
    return list(dict.fromkeys(p.preset for p in patterns))


def distances(patterns: list[Pattern], runs: pd.DataFrame) -> pd.DataFrame:
    """Each particle's statistics, scaled distances and combined distance.

    A statistic is measured on every run (seed) of the particle on its preset and averaged over them
    before its distance to the band is taken.

    Parameters
    ----------
    patterns : list of Pattern
    runs : pandas.DataFrame
        One row per run: ``name`` (the particle), ``preset``, the seed and the summary columns.

    Returns
    -------
    pandas.DataFrame
        Indexed by particle name: ``<pattern>`` (the statistic's mean over seeds), ``d_<pattern>``
        (its scaled distance) and :data:`DISTANCE`; a particle with no run of a preset has an
        infinite distance.
    """
    names = pd.Index(list(dict.fromkeys(runs["name"])), name="name")
    out = pd.DataFrame(index=names)
    for p in patterns:
        table = runs[runs["preset"] == p.preset]
        values = pd.Series([STATISTICS[p.statistic](row) for _, row in table.iterrows()], dtype=float)
        ran = names.isin(table["name"])
        out[p.name] = values.groupby(table["name"].to_numpy()).mean().reindex(names)
        out[f"d_{p.name}"] = [
            p.scaled_distance(v) if r else math.inf for v, r in zip(out[p.name], ran, strict=True)
        ]
    scaled = out[[f"d_{p.name}" for p in patterns]].to_numpy(dtype=float)
    out[DISTANCE] = np.sqrt((scaled**2).sum(axis=1))
    return out
