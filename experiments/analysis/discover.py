"""What does it take? Scenario discovery with PRIM over policy levers.

A Latin hypercube (:func:`design`) varies the settings of :data:`DESIGN` over the baseline: switches
(a channel opened, grid management) and strengths (reach of a channel, party members' outreach), all
of them policy levers (:func:`sim.params.levers` checks each against the one definition). The
sweep runs each design point once (row ``k`` with seed ``k``; :mod:`experiments.compare`), and
:func:`write` reads the saved tables (``results.parquet`` and the design in ``rows.json``), marks the
runs that reach the target (``metric >= goal``), and runs PRIM (Friedman & Fisher 1999, as in EMA
Workbench's analysis module) to find boxes of settings where most runs reach it. Along each box's
peeling trajectory it keeps the cheapest box whose density (share of its runs reaching the target) is
at least :data:`DENSITY`, and states it in words and a figure.

Cost is the staff hours a year (``staff_hours``, or the sum of ``staff_hours_<actor>``; summary
totals over the measured days, times 365 / measured days). A model version without the staff-hours
ledger gets a documented proxy instead: the number of switches of the design turned on (each a
programme to staff), with the strengths not costed.
"""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy.stats import qmc

from experiments.analysis import render
from experiments.results.collect import RESULTS
from experiments.results.units import DAYS_PER_YEAR
from scenarios.labels import CHANNELS, STAFF, label, lookup, param_label, param_unit
from sim.params import levers

SWITCH = "switch"
DESIGN: dict[str, Any] = levers(
    {
        "channels.mobile_platform.enabled": SWITCH,
        "channels.forum.enabled": SWITCH,
        "channels.party_council.enabled": SWITCH,
        "channels.hearing.enabled": SWITCH,
        "institutions.workers.grid": SWITCH,
        "outreach.party_contacts": (0.0, 2.0),
        "outreach.party_demonstration": (1.0, 5.0),
        "channels.group_chat.reach": (0.05, 0.6),
        "channels.notice_board.reach": (0.0, 0.2),
        "channels.volunteer.reach": (0.0, 0.2),
        "channels.forum.reach": (0.1, 0.8),
    }
)
"""Settings the design varies over the baseline: a switch (on in half the points) or a [low, high] range."""
DENSITY = 0.8
"""Share of a box's runs that must reach the target for the box to count as reaching it."""
MAX_BOXES = 3
ANY = "any settings of the design"
COST = "cost"
PROXY = "switches turned on"
"""Name of the cost proxy of a model version without staff hours (see :data:`PROXY_NOTE`)."""
PROXY_NOTE = (
    "the number of the design's switches turned on, a proxy: this model version records no staff hours, "
    "and strengths are not costed"
)


def known_metric(name: str) -> bool:
    """Whether ``name`` is a metric with a human label (:mod:`scenarios.labels`)."""
    try:
        lookup(name)
    except KeyError:
        return False
    return True


def design(points: int, seed: int) -> list[dict[str, Any]]:
    """A Latin hypercube of :data:`DESIGN`: ``points`` rows of dotted model values.

    Examples
    --------
    >>> rows = design(4, seed=0)
    >>> len(rows), sorted(rows[0]) == sorted(DESIGN), type(rows[0]["institutions.workers.grid"])
    (4, True, <class 'bool'>)
    """
    unit = qmc.LatinHypercube(d=len(DESIGN), rng=np.random.default_rng(seed)).random(points)
    rows = []
    for u in unit:
        row: dict[str, Any] = {}
        for (key, spec), x in zip(DESIGN.items(), u, strict=True):
            row[key] = bool(x < 0.5) if spec == SWITCH else float(spec[0] + x * (spec[1] - spec[0]))
        rows.append(row)
    return rows


def setting(key: str) -> str:
    """A reader's name of a design setting.

    Examples
    --------
    >>> setting("channels.forum.enabled"), setting("channels.forum.reach")
    ('the community forum', 'reach of the community forum')
    """
    parts = key.split(".")
    if parts[0] == "channels" and parts[-1] == "enabled":
        return CHANNELS[parts[1]]
    if parts[0] == "channels" and parts[-1] == "reach":
        return f"reach of {CHANNELS[parts[1]]}"
    return param_label(key).removesuffix(" is on")


def limit_words(key: str, limit: Any) -> str:
    """One restriction of a box in words: a switch on or off, or a range with its unit."""
    if DESIGN[key] == SWITCH:
        values = set(limit)
        return f"{setting(key)}: {'on' if values == {True} else 'off'}"
    low, high = limit
    unit = param_unit(key)
    return f"{setting(key)} from {low:.2g} to {high:.2g}{' ' + unit if unit else ''}"


def table(out: Path, metric: str, measured_days: int) -> tuple[pd.DataFrame, str]:
    """The design joined with its outcome and cost (one row per run); the cost's description."""
    results = pd.read_parquet(out / RESULTS)
    rows = pd.DataFrame(json.loads((out / "rows.json").read_text()))
    x = rows.rename_axis("seed").reset_index()
    joined = x.merge(
        results[["seed", metric, *[c for c in results if c.startswith("staff_hours")]]], on="seed"
    )
    actors = [f"staff_hours_{a}" for a in STAFF]
    if "staff_hours" in joined or all(a in joined for a in actors):
        hours = joined["staff_hours"] if "staff_hours" in joined else joined[actors].sum(axis=1)
        return joined.assign(**{COST: hours * DAYS_PER_YEAR / measured_days}), "staff hours a year"
    switches = [k for k, v in DESIGN.items() if v == SWITCH]
    return joined.assign(**{COST: joined[switches].sum(axis=1).astype(float)}), PROXY


def inside(x: pd.DataFrame, limits: pd.DataFrame) -> np.ndarray:
    """Which rows of ``x`` lie in the box ``limits`` (PRIM's two-row frame of lower and upper limits)."""
    mask = np.ones(len(x), dtype=bool)
    for key in limits.columns:
        low, high = limits[key].iloc[0], limits[key].iloc[1]
        if isinstance(low, set):
            mask &= x[key].isin(low).to_numpy()
        else:
            mask &= ((x[key] >= low) & (x[key] <= high)).to_numpy()
    return mask


def cheapest(box: Any, x: pd.DataFrame, cost: np.ndarray) -> tuple[int, bool]:
    """Index of the cheapest point of a box's peeling trajectory with density >= :data:`DENSITY`.

    Returns the densest point and ``False`` when no point is dense enough.
    """
    trajectory = box.peeling_trajectory
    dense = trajectory.index[trajectory["density"] >= DENSITY]
    if not len(dense):
        return int(trajectory["density"].idxmax()), False
    costs = {int(i): float(cost[inside(x, box.box_lims[int(i)])].mean()) for i in dense}
    return min(costs, key=lambda i: costs[i]), True


def boxes(data: pd.DataFrame, reached: np.ndarray) -> list[dict[str, Any]]:
    """PRIM boxes (up to :data:`MAX_BOXES`, by covering) at their cheapest dense point."""
    # Imported here: EMA Workbench takes seconds to import, and the sweep's workers import this module.
    with warnings.catch_warnings():  # its warnings are about itself: no ipyparallel, pandas deprecations
        warnings.filterwarnings("ignore", message="ipyparallel not installed", category=UserWarning)
        warnings.filterwarnings("ignore", message="The inplace keyword", module="ema_workbench")
        from ema_workbench.analysis import prim

        x = data[list(DESIGN)]
        logger = logging.getLogger(f"EMA.{prim.__name__}")
        level = logger.level
        logger.setLevel(logging.WARNING)  # not its progress lines
        try:
            found = _boxes(prim.Prim(x, reached), x, data, reached)
        finally:
            logger.setLevel(level)
    dense = [b for b in found if b["dense"]]
    return sorted(dense, key=lambda b: b["cost"]) if dense else found[:1]


def _boxes(finder: Any, x: pd.DataFrame, data: pd.DataFrame, reached: np.ndarray) -> list[dict[str, Any]]:
    found = []
    full = None
    for _ in range(MAX_BOXES):
        box = finder.find_box()
        if box is None:
            break
        full = box.box_lims[0] if full is None else full
        i, dense = cheapest(box, x, data[COST].to_numpy())
        limits = box.box_lims[i]
        restricted = [k for k in DESIGN if _restricts(limits[k], full[k])]
        mask = inside(x, limits)
        found.append(
            {
                "mask": mask,
                "dense": dense,
                "words": [limit_words(k, _pair(limits[k])) for k in restricted],
                "runs": int(mask.sum()),
                "density": float(reached[mask].mean()),
                "coverage": float(reached[mask].sum() / max(reached.sum(), 1)),
                "cost": float(data[COST][mask].mean()),
            }
        )
    return found


def _pair(column: pd.Series) -> Any:
    low, high = column.iloc[0], column.iloc[1]
    return low if isinstance(low, set) else (float(low), float(high))


def _restricts(limit: pd.Series, full: pd.Series) -> bool:
    return bool(limit.iloc[0] != full.iloc[0] or limit.iloc[1] != full.iloc[1])


def figure(
    data: pd.DataFrame, metric: str, goal: float, found: list[dict[str, Any]], cost_name: str
) -> Figure:
    """Every design run by cost and outcome, the target line, and the runs in each box."""
    fig = Figure(figsize=(7.5, 4.5))
    ax = fig.subplots()
    ax.scatter(data[COST], data[metric] * 100, s=12, color="lightgrey", label="design runs")
    for n, b in enumerate(found, 1):
        ax.scatter(data[COST][b["mask"]], data[metric][b["mask"]] * 100, s=16, label=f"box {n}")
    ax.axhline(goal * 100, color="tab:red", ls="--", lw=1, label="target")
    ax.set(xlabel=cost_name, ylabel=f"{label(metric)} (%)", title="What does it take? Design runs and boxes")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def summary_text(
    data: pd.DataFrame, metric: str, goal: float, found: list[dict[str, Any]], cost_name: str
) -> str:
    """The answer in words: the cheapest boxes of settings that reach the target."""
    reached = int((data[metric] >= goal).sum())
    name = label(metric).lower()
    cost = PROXY_NOTE if cost_name == PROXY else cost_name
    lines = [
        f"Target: {name} at least {goal:.0%}. {reached} of the {len(data)} design runs reach it "
        f"(highest reached: {data[metric].max():.1%}). Cost: {cost}."
    ]
    if not found:
        lines.append("No box of settings reaches the target: PRIM found no region where most runs reach it.")
    for n, b in enumerate(found, 1):
        settings = "; ".join(b["words"]) or ANY
        quality = "" if b["dense"] else f" (no box reaches {DENSITY:.0%}; the densest is shown)"
        lines.append(
            f"- Box {n}{' (cheapest)' if n == 1 else ''}: {settings}. {b['density']:.0%} of its "
            f"{b['runs']} runs reach the target{quality}, at a mean cost of {b['cost']:,.1f} "
            f"({b['coverage']:.0%} of all runs that reach the target lie in it)."
        )
    return "\n".join(lines)


def write(out: Path, metric: str, goal: float, measured_days: int) -> Path:
    """Write the answer to "what does it take?" as ``brief.md`` and ``brief.html`` in ``out``."""
    data, cost_name = table(out, metric, measured_days)
    data = data.dropna(subset=[metric])
    reached = (data[metric] >= goal).to_numpy()
    found = boxes(data, reached) if 0 < reached.sum() < len(data) else []
    text = summary_text(data, metric, goal, found, cost_name)
    png = render.save_figure(figure(data, metric, goal, found, cost_name), out / "figures" / "discover.png")
    rows = pd.DataFrame(
        [
            {
                "Box": n,
                "Settings": "; ".join(b["words"]) or ANY,
                "Runs": b["runs"],
                "Reach the target (%)": round(b["density"] * 100),
                "Of all runs that reach it (%)": round(b["coverage"] * 100),
                f"Mean cost ({cost_name})": round(b["cost"], 1),
            }
            for n, b in enumerate(found, 1)
        ]
    )
    varied = "; ".join(
        f"{setting(k)} ({'on or off' if v == SWITCH else f'{v[0]:g} to {v[1]:g}'})" for k, v in DESIGN.items()
    )
    sections = [
        render.Section("The answer", text, rows if len(rows) else None, png),
        render.Section(
            "How it was found",
            f"A Latin hypercube of {len(data)} settings over the baseline, one run each: {varied}. PRIM "
            f"(patient rule induction) finds boxes of settings where at least {DENSITY:.0%} of the runs "
            "reach the target; of each box's peeling steps the cheapest such box is kept.",
        ),
    ]
    return render.write(sections, f"What does it take? {label(metric)}: {goal:.0%} or more", out, "brief")
