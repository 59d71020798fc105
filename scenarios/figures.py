"""Figures of a single run: the participation plot and the dashboard, with human labels.

Every name and unit a reader sees comes from :mod:`scenarios.labels`. Day 0 of the time series is
the intervention onset (the spin-up before it is not recorded), marked "interventions start".
Daily counts are noisy and one-day events (ballots, elections) would dominate them, so they are
drawn as trailing rolling means (:data:`ROLLING_DAYS`), which the axis label says.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from scenarios import labels
from sim.metrics import PARTITIONS
from sim.params import Config, value_of

ROLLING_DAYS = 28
"""Days of the trailing mean that daily counts are drawn as."""
ROLLING_MIN = 7
"""Days a rolling mean needs before it is drawn (the first days of a run have fewer)."""
ONSET = 0
"""Day of the intervention onset in the time series (Mesa step 0)."""
ONSET_TEXT = "interventions start (day 0)"
UNUSED_TEXT = "not used in this scenario"
NONE_TEXT = "none in this run"
LEVEL_COLORS = {"active": "#1a9850", "occasional": "#f4a300", "passive": "#7f8c8d"}


@dataclass(frozen=True)
class Panel:
    """One plot of a figure: time-series columns, their legend names, and how to read them.

    Attributes
    ----------
    title : str
        Title of the plot.
    lines : Mapping[str, str]
        Time-series column -> legend entry (columns the run does not have are left out).
    kind : str
        ``"state"`` (the day's level), ``"count"`` (daily counts, drawn as a rolling mean) or
        ``"ratio"`` (a ratio over the trailing participation window).
    note : str
        Added to the axis label (e.g. what the lines leave out).
    needs : tuple of str
        Dotted parameters that must not be 0 for the scenario to use what the panel shows (e.g.
        disputes need ``services.dispute_rate``).
    """

    title: str
    lines: Mapping[str, str]
    kind: str = "state"
    note: str = ""
    needs: tuple[str, ...] = ()

    def in_use(self, cfg: Config) -> bool:
        """Whether the scenario ``cfg`` uses what the panel shows (none of :attr:`needs` is 0)."""
        return all(value_of(cfg, name) for name in self.needs)

    def empty_text(self, cfg: Config, none: str = NONE_TEXT) -> str:
        """What the panel says when it has nothing to show: ``none``, or that ``cfg`` does not use it."""
        return none if self.in_use(cfg) else UNUSED_TEXT


PARTITION_NAMES = ("tenure", "age", "digital access", "party membership")
"""What each axis of :data:`sim.metrics.PARTITIONS` divides residents by."""

OVERALL: tuple[Panel, ...] = (
    Panel(
        "Residents taking part",
        {f"{level}_share": labels.LEVELS[level] for level in ("active", "occasional")},
        note="the rest do not take part",
    ),
    Panel("Awareness", {f"awareness_{k}_share": f"{v} awareness" for k, v in labels.AWARENESS.items()}),
    Panel(
        "Requests answered",
        {"requests_answered_share": "all requests", "after_hours_answered_share": "raised after hours"},
        kind="ratio",
        needs=("services.need_rate",),
    ),
    Panel(
        "Disputes, by who settled them",
        {f"disputes_settled_{k}": v for k, v in labels.SETTLERS.items()}
        | {"risk_events": "nobody: escalated (social risk)"},
        kind="count",
        needs=("services.dispute_rate",),
    ),
    Panel("The four senses", {f"sense_{k}": v for k, v in labels.SENSES.items()}),
    Panel(
        "The shift to active participation",
        {
            "active_share": "active (regular co-governance acts)",
            "active_share_outside_own": "active outside the intervention's own channels",
            "initially_passive_active_share": "passive at the onset, active now",
        },
        note="docs/PARTICIPATION.md",
    ),
)
"""Panels over all residents."""
BY_GROUP: tuple[Panel, ...] = tuple(
    Panel(
        f"Taking an active part, by {what}",
        {f"active_share_{g}": labels.group_label(g) for g in groups},
        needs=("community.party_share",) if "party" in groups else (),
    )
    for what, groups in zip(PARTITION_NAMES, PARTITIONS, strict=True)
)
"""The active share of each group, one panel per way of dividing residents (:data:`PARTITION_NAMES`)."""
DASHBOARD: tuple[Panel, ...] = (*OVERALL, *BY_GROUP)
"""Panels of the single-run dashboard (``dashboard.png``)."""


def axis_label(panel: Panel, window: int) -> str:
    """Y-axis label of a panel: the unit of its columns and how they are averaged.

    Examples
    --------
    >>> axis_label(DASHBOARD[3], 30)
    'disputes per day (28-day rolling mean)'
    >>> axis_label(DASHBOARD[2], 30)
    'share of closed requests (last 30 days)'
    """
    text = labels.unit(next(iter(panel.lines)))
    if panel.kind == "count":
        text += f" per day ({ROLLING_DAYS}-day rolling mean)"
    elif panel.kind == "ratio":
        text += f" (last {window} days)"
    return f"{text}; {panel.note}" if panel.note else text


def panel_data(timeseries: pd.DataFrame, panel: Panel) -> pd.DataFrame:
    """The lines a panel draws, indexed by the day since the onset, one column per legend entry.

    Counts are trailing means over :data:`ROLLING_DAYS` days (from the :data:`ROLLING_MIN`-th day
    on), without the onset row (counters start at 0 there: it is not a day of events).

    Parameters
    ----------
    timeseries : pandas.DataFrame
        A run's time series (``step`` and the metric columns).
    panel : Panel
        Which columns and how.
    """
    columns = [c for c in panel.lines if c in timeseries.columns]
    data = timeseries.set_index("step")[columns].astype(float)
    if panel.kind == "count":
        data = data.loc[data.index > ONSET].rolling(ROLLING_DAYS, min_periods=ROLLING_MIN).mean()
    data.index.name = labels.label("step")
    return data.rename(columns=dict(panel.lines))


def unused(data: pd.DataFrame) -> bool:
    """Whether a panel has nothing to show: no columns, or every value 0 or missing.

    Examples
    --------
    >>> unused(pd.DataFrame({"a": [0.0, float("nan")]})), unused(pd.DataFrame({"a": [0.0, 0.1]}))
    (True, False)
    """
    values = data.to_numpy(dtype=float)
    return bool(values.size == 0 or ((values == 0) | (values != values)).all())


def mark_onset(ax: Axes, last_day: int) -> None:
    """Draw the intervention onset (day 0) as a vertical line named in the legend, with room left of it."""
    ax.axvline(ONSET, color="0.25", lw=1, ls="--", label=ONSET_TEXT)
    ax.set_xlim(ONSET - 0.02 * max(last_day, 10), max(last_day, 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def draw_panel(ax: Axes, timeseries: pd.DataFrame, panel: Panel, window: int, empty: str = NONE_TEXT) -> None:
    """Draw one panel on ``ax``: every line it has, also one that is zero all along.

    A panel whose lines are all zero or missing also says ``empty``; a panel the scenario does not
    use (``empty`` is :data:`UNUSED_TEXT`) says only that, with no line.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    timeseries : pandas.DataFrame
        A run's time series (so far).
    panel : Panel
        What to draw.
    window : int
        The participation window (days) of the time series' ratios.
    empty : str
        Written in the middle of a panel with nothing to show (:data:`UNUSED_TEXT` when the
        scenario does not use it).
    """
    data = panel_data(timeseries, panel)
    ax.set_title(panel.title, fontsize=10)
    ax.set_xlabel(labels.describe("step"), fontsize=8)
    ax.set_ylabel(axis_label(panel, window), fontsize=8)
    ax.tick_params(labelsize=7)
    mark_onset(ax, int(timeseries["step"].max()))
    if unused(data):
        ax.text(0.5, 0.5, empty, transform=ax.transAxes, ha="center", va="center", color="0.4")
    if empty == UNUSED_TEXT:
        return
    for name in data.columns:
        ax.plot(data.index, data[name], label=name, lw=1.2, color=line_color(name))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7, loc="best", frameon=False)


def line_color(legend: str) -> str | None:
    """The colour of a participation level's line (by its legend name), or ``None`` for the default.

    Examples
    --------
    >>> line_color(labels.LEVELS["active"]) == LEVEL_COLORS["active"], line_color("owners")
    (True, None)
    """
    level = {v: k for k, v in labels.LEVELS.items()}.get(legend)
    return LEVEL_COLORS[level] if level else None


def _grid(panels: int, cols: int, width: float = 5.0, height: float = 3.4) -> tuple[Figure, list[Axes]]:
    """A figure with a grid of ``panels`` axes in rows of ``cols`` (the unused cells removed)."""
    rows = math.ceil(panels / cols)
    fig = Figure(figsize=(width * cols, height * rows), dpi=100, layout="constrained")
    axes = list(fig.subplots(rows, cols, squeeze=False).flat)
    for ax in axes[panels:]:
        ax.remove()
    return fig, axes[:panels]


def plot_dashboard(timeseries: pd.DataFrame, title: str, path: Path, cfg: Config) -> None:
    """Save the single-run dashboard (:data:`DASHBOARD`) to ``path`` (PNG).

    Parameters
    ----------
    timeseries : pandas.DataFrame
        A run's time series.
    title : str
        Figure title (the scenario, seed and size).
    path : pathlib.Path
        Where to write the PNG.
    cfg : sim.params.Config
        The run's configuration (which panels it uses; the window of its ratios).
    """
    fig, axes = _grid(len(DASHBOARD), cols=3)
    for ax, panel in zip(axes, DASHBOARD, strict=True):
        draw_panel(ax, timeseries, panel, cfg.participation.window, panel.empty_text(cfg))
    spin_up = f"; before day 0, {cfg.burn_in} days of spin-up under baseline settings" if cfg.burn_in else ""
    fig.suptitle(f"{title}{spin_up}")
    fig.savefig(path, format="png")


def compare_figure(runs: Sequence[tuple[str, pd.DataFrame, Config]], panels: Sequence[Panel]) -> Figure:
    """Side by side: one column per run, one row per panel, each row on a common scale.

    Parameters
    ----------
    runs : sequence of (str, pandas.DataFrame, Config)
        The name of each run, its time series and its configuration.
    panels : sequence of Panel
        The rows.
    """
    fig, axes = _grid(len(runs) * len(panels), cols=len(runs), width=5.5, height=3.2)
    for row, panel in enumerate(panels):
        cells = axes[row * len(runs) : (row + 1) * len(runs)]
        for ax, (name, ts, cfg) in zip(cells, runs, strict=True):
            draw_panel(ax, ts, panel, cfg.participation.window, panel.empty_text(cfg))
            ax.set_title(f"{name}: {panel.title}", fontsize=10)
        top = max(ax.get_ylim()[1] for ax in cells)
        for ax in cells:
            ax.set_ylim(0, top)
    return fig


PARTICIPATION = Panel(
    "Residents at each level of participation", {f"{k}_share": v for k, v in labels.LEVELS.items()}
)


def plot_participation(timeseries: pd.DataFrame, title: str, path: Path) -> None:
    """Save a line plot of the active, occasional and passive shares over time to ``path`` (PNG).

    Parameters
    ----------
    timeseries : pandas.DataFrame
        One row per step with the share columns of :data:`PARTICIPATION`.
    title : str
        Figure title (e.g. the scenario and seed).
    path : pathlib.Path
        Where to write the PNG.
    """
    fig = Figure(figsize=(7, 4), dpi=120, layout="constrained")
    ax = fig.subplots()
    draw_panel(ax, timeseries, PARTICIPATION, window=0)
    ax.set_ylim(0, 1)
    fig.suptitle(title)
    fig.savefig(path, format="png")
