"""The policy brief: for each intervention against the baseline, in plain language, from saved results.

The brief opens with the answer in short (per intervention its headline, with the range, and its
widest gap between resident groups). For every intervention it then states (at most three printed
A4 pages each; the page itself is :mod:`experiments.analysis.render_html`'s):

- the headline: the change in the share of residents taking an active part, in percentage points
  with its 95% interval and in residents per 1,000;
- over time: the shares taking part actively and occasionally by day, without and with the
  intervention, the onset marked (when the runs' time series are given);
- who gains and who is left behind: the same change by tenure, age band, digital access and party
  membership (``active_share_<group>``), with the gap between the groups that gain most and least
  named in words when it is measurable;
- what it costs: staff hours per year by actor (``staff_hours_*``: the summary holds totals over
  the measured days, so per year = total x 365 / measured days) and per additional active resident;
- side effects: disputes settled at the grassroots, social-risk events, requests answered after
  hours and the four senses, each with its change only where the interval excludes zero;
- how sure we are: replicates, a warning under :data:`FEW_SEEDS`, what the intervals include, the
  model version, and a link to the full statistical report.

Every effect is a mean of paired differences: replicate ``r`` of every scenario runs seed ``r``
(common random numbers), so ``d_r = intervention_r - baseline_r``; the 95% interval is the t
interval ``mean +- t(0.975, n-1) sd / sqrt(n)`` over the ``n`` replicates where both values exist.
Names and units come from :mod:`scenarios.labels`. Nothing here runs the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from experiments.analysis import render, render_html
from experiments.results.units import DAYS_PER_YEAR
from scenarios import figures
from scenarios.labels import (
    CHANNELS,
    GROUPS,
    LEVELS,
    STAFF,
    group_label,
    label,
    scenario_label,
    scenario_phrase,
    unit,
)
from scenarios.names import file_name, inside
from sim.params import NON_PARTICIPATION_MODES, ChannelsParams, Config, leaves

LEVEL = 0.95
FEW_SEEDS = 5
"""Below this many replicates the brief warns that its intervals are not reliable."""
HEADLINE = "active_share"
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "tenure": ("owner", "tenant"),
    "age": ("age18_34", "age35_59", "age60plus"),
    "digital access": ("digital", "nondigital"),
    "party membership": ("party", "nonparty"),
}
"""The resident groups compared within each dimension (keys of :data:`scenarios.labels.GROUPS`)."""
SIDE_EFFECTS = (
    "disputes_grassroots_share",
    "risk_events_per_1000_households_year",
    "after_hours_answered_share",
    "sense_gain",
    "sense_security",
    "sense_belonging",
    "sense_happiness",
)
STAFF_TOTAL = "staff_hours"
FRACTIONS = (
    (1 / 5, "a fifth of"),
    (1 / 4, "a quarter of"),
    (1 / 3, "a third of"),
    (1 / 2, "half of"),
    (2 / 3, "two thirds of"),
    (3 / 4, "three quarters of"),
)
NO_CHANGE = "no measurable change"
NEGLIGIBLE = 0.5
"""A change whose whole interval lies within this many of its units (percentage points for shares, points
of 100 for scores; 0.5 points of the active share = 5 residents per 1,000) is no measurable change; one
whose interval includes zero but reaches further is uncertain, and the brief gives its range."""
PREDICTIVE = (0.05, 0.95)
"""Quantiles of the per-draw effects that make an effect's predictive range under parameter uncertainty."""
MIN_DRAWS = 20
"""Below this many parameter draws the brief warns that the predictive range is rough."""
LEVEL_LINES = ("active", "occasional")
"""Participation levels drawn over time (the rest of the residents do not take part)."""


@dataclass(frozen=True)
class Spec:
    """What the brief compares and how the results were made.

    Attributes
    ----------
    baseline : str
        Name of the baseline scenario (``scenario`` column).
    interventions : list of str
        Names of the intervention scenarios, in the order of the brief.
    measured_days : dict of str to int
        Days each scenario's summary covers (``steps - measure_from``).
    uncertainty : str
        What the intervals include, in words.
    report : str or None
        Link (relative to the brief) to the full statistical report.
    draws : tuple of dict
        The parameters replicate ``r`` drew from the calibration's posterior (``draws[r]``: dotted key ->
        value; empty without a posterior): the spread of the paired differences is then the effect's
        predictive range under parameter uncertainty, and :func:`drivers` says which parameters make it.
    """

    baseline: str
    interventions: list[str]
    measured_days: dict[str, int]
    uncertainty: str
    report: str | None = None
    draws: tuple[dict[str, float], ...] = ()


@dataclass(frozen=True)
class Effect:
    """Mean paired difference of one metric between two scenarios, with its 95% t interval.

    Attributes
    ----------
    base, other : float
        Means of the baseline and of the intervention over the pairs.
    diff, low, high : float
        Mean difference and its interval (NaN edges with fewer than two pairs).
    n : int
        Number of pairs.
    spread : tuple of float
        The :data:`PREDICTIVE` quantiles of the paired differences (with parameter draws, the effect's
        predictive range).
    error : float
        Monte Carlo standard error of the mean difference (sd / sqrt(n)).
    """

    base: float
    other: float
    diff: float
    low: float
    high: float
    n: int
    spread: tuple[float, float] = (math.nan, math.nan)
    error: float = math.nan

    @property
    def measurable(self) -> bool:
        """Whether the interval excludes zero."""
        return bool(self.low > 0 or self.high < 0)

    def negligible(self, scale: float = 100.0) -> bool:
        """Whether the whole interval lies within :data:`NEGLIGIBLE` units (scaled) of zero."""
        return bool(max(abs(self.low), abs(self.high)) * scale <= NEGLIGIBLE)


def paired(base: pd.Series, other: pd.Series) -> Effect:
    """The paired effect of ``other`` minus ``base`` (both indexed by seed; NaN pairs dropped).

    Examples
    --------
    >>> e = paired(pd.Series([1.0, 2.0, 3.0]), pd.Series([2.0, 3.5, 4.0]))
    >>> round(e.diff, 3), e.n, e.measurable
    (1.167, 3, True)
    """
    both = pd.concat([base.rename("base"), other.rename("other")], axis=1, join="inner").dropna()
    d = (both["other"] - both["base"]).to_numpy(dtype=float)
    n = len(d)
    mean = float(d.mean()) if n else math.nan
    error = float(d.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
    half = float(stats.t.ppf(0.5 + LEVEL / 2, n - 1) * error) if n > 1 else math.nan
    spread = tuple(float(q) for q in np.quantile(d, PREDICTIVE)) if n > 1 else (math.nan, math.nan)
    return Effect(
        float(both["base"].mean()),
        float(both["other"].mean()),
        mean,
        mean - half,
        mean + half,
        n,
        (spread[0], spread[1]),
        error,
    )


def by_seed(results: pd.DataFrame, scenario: str, column: str, scale: float = 1.0) -> pd.Series:
    """Values of ``column`` in ``scenario`` by seed (mean if a seed appears twice), times ``scale``."""
    rows = results[results["scenario"] == scenario]
    return rows.groupby("seed")[column].mean() * scale


def effect(results: pd.DataFrame, baseline: str, other: str, column: str) -> Effect:
    """The paired effect of scenario ``other`` against ``baseline`` on ``column``."""
    return paired(by_seed(results, baseline, column), by_seed(results, other, column))


def scale_of(metric: str) -> tuple[float, str]:
    """How a change of ``metric`` is told: its factor and unit (shares and scores in points of 100).

    Examples
    --------
    >>> scale_of("active_share")
    (100.0, 'percentage points')
    >>> scale_of("sense_gain")
    (100.0, 'points on a 0–100 scale')
    """
    text = unit(metric)
    if text.startswith("share"):
        return 100.0, "percentage points"
    if text.endswith("0–1"):
        return 100.0, "points on a 0–100 scale"
    return 1.0, text


def signed(x: float, places: int = 1) -> str:
    """``x`` with its sign and ``places`` decimals, never ``-0.0``.

    Examples
    --------
    >>> signed(-0.0001), signed(2.345), signed(-12.6, 0)
    ('+0.0', '+2.3', '-13')
    """
    return f"{round(x, places) + 0.0:+.{places}f}"


def digits(e: Effect, scale: float) -> int:
    """Decimals that show an effect's interval (1 for points, more for a change below 0.1, 0 above 100).

    Examples
    --------
    >>> digits(Effect(0, 0, 0.02, 0.01, 0.03, 6), 100), digits(Effect(0, 0, 2e-4, 1e-4, 3e-4, 6), 100)
    (1, 2)
    """
    width = max(abs(e.low), abs(e.high)) * scale if math.isfinite(e.low) else abs(e.diff) * scale
    if width >= 100:
        return 0
    return 1 if width >= 0.1 or width == 0 else min(3, -math.floor(math.log10(width)))


def interval(e: Effect, scale: float = 100.0, places: int | None = None) -> str:
    """``"95% interval +1.1 to +3.5"`` of an effect (scaled), or a note that there is none.

    Examples
    --------
    >>> interval(Effect(0.1, 0.12, 0.02, 0.011, 0.029, 6))
    '95% interval +1.1 to +2.9'
    """
    if not (math.isfinite(e.low) and math.isfinite(e.high)):
        return "no interval from fewer than two replicates"
    n = digits(e, scale) if places is None else places
    return f"95% interval {signed(e.low * scale, n)} to {signed(e.high * scale, n)}"


def between(e: Effect, scale: float = 100.0, predictive: bool = True) -> str:
    """``"between -0.4 and +2.9"``: an effect's predictive range, or its 95% interval, scaled.

    The predictive range is the spread of the per-draw effects (:data:`PREDICTIVE`);
    ``predictive=False`` gives the 95% interval of the mean.

    Examples
    --------
    >>> between(Effect(0.1, 0.12, 0.02, -0.004, 0.029, 6), predictive=False)
    'between -0.4 and +2.9'
    """
    low, high = e.spread if predictive else (e.low, e.high)
    n = digits(e, scale)
    return f"between {signed(low * scale, n)} and {signed(high * scale, n)}"


def headline(name: str, e: Effect, draws: bool = False) -> str:
    """The headline sentence: the change in the share of residents taking an active part.

    A change whose interval excludes zero is stated; one whose interval lies within :data:`NEGLIGIBLE`
    points of zero is no measurable change; any other is uncertain, and its range is the headline. With
    parameter ``draws`` the range is the predictive range over the draws, which more seeds do not
    narrow: when it includes zero the headline gives it, not the mean.
    """
    points = f"{abs(e.diff) * 100:.1f} percentage points ({interval(e)})"
    levels = f"from {e.base:.1%} to {e.other:.1%}"
    per_1000 = f"about {signed(e.diff * 1000, 0)} residents per 1,000 ({interval(e, 1000, 0)})"
    predictive = f"{between(e)} percentage points in 90% of the parameter draws"
    subject = "the share of residents taking an active part"
    if draws and math.isfinite(e.spread[0]) and e.spread[0] <= 0 <= e.spread[1] and not e.negligible():
        return (
            f"What {name} does to {subject} is uncertain: {predictive}, because how residents respond is "
            f"not known well enough (mean {signed(e.diff * 100)} points, {levels})."
        )
    if e.measurable:
        verb = "raises" if e.diff > 0 else "lowers"
        ranged = f" ({predictive})" if draws and math.isfinite(e.spread[0]) else ""
        return f"{name} {verb} {subject} by {points}{ranged}, {levels}: {per_1000}."
    if e.negligible() or not math.isfinite(e.low):
        return (
            f"{name} makes no measurable change to {subject}: "
            f"{signed(e.diff * 100)} percentage points ({interval(e)}), {levels}; {per_1000}."
        )
    return (
        f"What {name} does to {subject} is uncertain: {between(e, predictive=False)} percentage points "
        f"(the 95% interval; more replicates would narrow it), {levels}."
    )


def proportion_words(ratio: float) -> str:
    """``0.34`` -> ``"a third of"``: the simple fraction nearest to a ratio between 0 and 1.

    Examples
    --------
    >>> proportion_words(0.34), proportion_words(0.05), proportion_words(0.95)
    ('a third of', 'only a small part of', 'nearly as much as')
    """
    if ratio < 0.15:
        return "only a small part of"
    if ratio > 0.85:
        return "nearly as much as"
    return min(FRACTIONS, key=lambda f: abs(f[0] - ratio))[1]


def gap_sentence(results: pd.DataFrame, baseline: str, other: str, groups: tuple[str, ...]) -> str:
    """The gap between the groups of a dimension that gain most and least, named in words."""
    effects = {g: effect(results, baseline, other, f"active_share_{g}") for g in groups}
    top = max(groups, key=lambda g: effects[g].diff)
    low = min(groups, key=lambda g: effects[g].diff)
    a, b = effects[top], effects[low]
    gap = paired(
        by_seed(results, other, f"active_share_{low}") - by_seed(results, baseline, f"active_share_{low}"),
        by_seed(results, other, f"active_share_{top}") - by_seed(results, baseline, f"active_share_{top}"),
    )
    big, small = group_label(top), group_label(low)
    points = f"{signed(b.diff * 100)} against {signed(a.diff * 100)} percentage points"
    if not (a.measurable or b.measurable or gap.measurable):
        return f"{_cap(big)} and {small}: {NO_CHANGE}."
    if not gap.measurable:
        return f"{_cap(small)} and {big} gain about the same ({points}; the gap is within the noise)."
    if a.measurable and a.diff > 0 and (b.diff <= 0 or not b.measurable):
        return (
            f"{_cap(small)} are left behind: {signed(b.diff * 100)} percentage points while {big} gain "
            f"{a.diff * 100:.1f}."
        )
    if b.diff > 0:
        words = proportion_words(b.diff / a.diff)
        return f"{_cap(small)} gain {words} what {big} gain ({points})."
    words = proportion_words(a.diff / b.diff)
    return f"{_cap(big)} lose {words} what {small} lose ({points})."


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def has(results: pd.DataFrame, columns: list[str]) -> bool:
    """Whether every column exists and has a value in some row."""
    return all(c in results and results[c].notna().any() for c in columns)


def group_table(results: pd.DataFrame, baseline: str, other: str) -> pd.DataFrame:
    """The headline effect in every resident group: shares with and without, change and interval."""
    rows = []
    for group in GROUPS:
        e = effect(results, baseline, other, f"active_share_{group}")
        rows.append(
            {
                "Residents": _cap(group_label(group)),
                "Without (%)": round(e.base * 100, 1),
                "With (%)": round(e.other * 100, 1),
                "Change (percentage points)": round(e.diff * 100, 1) + 0.0,
                "95% interval": interval(e).removeprefix("95% interval "),
            }
        )
    return pd.DataFrame(rows)


def group_figure(results: pd.DataFrame, baseline: str, other: str, name: str) -> Figure:
    """The headline change overall and in every group, with 95% intervals (percentage points)."""
    columns = [HEADLINE, *(f"active_share_{g}" for g in GROUPS)]
    names = ["All residents", *(_cap(group_label(g)) for g in GROUPS)]
    effects = [effect(results, baseline, other, c) for c in columns]
    diff = np.array([e.diff for e in effects]) * 100
    err = np.abs(np.array([[e.diff - e.low, e.high - e.diff] for e in effects]).T * 100)
    fig = Figure(figsize=(7, 4.2))
    ax = fig.subplots()
    y = np.arange(len(columns))[::-1]
    ax.errorbar(diff, y, xerr=np.nan_to_num(err), fmt="o", capsize=3, color="tab:blue")
    ax.axvline(0.0, color="grey", lw=0.8, ls="--")
    ax.set(
        yticks=y, yticklabels=names, xlabel="change in the share taking an active part (percentage points)"
    )
    ax.set_title(f"{name}: who gains (95% intervals)")
    fig.tight_layout()
    return fig


def per_year(results: pd.DataFrame, scenario: str, column: str, days: int) -> pd.Series:
    """Staff hours per year of one scenario by seed (summary totals over ``days`` measured days)."""
    return by_seed(results, scenario, column, DAYS_PER_YEAR / days)


def cost(results: pd.DataFrame, spec: Spec, other: str, active: Effect) -> tuple[str, pd.DataFrame | None]:
    """Staff hours per year by actor, and per additional active resident."""
    actors = [f"staff_hours_{a}" for a in STAFF]
    if not has(results, actors):
        return (
            "This model version does not record staff hours (it predates the staff-hours ledger), so the "
            "cost cannot be stated.",
            None,
        )
    base_days, days = spec.measured_days[spec.baseline], spec.measured_days[other]
    rows, total = [], None
    for column in [*actors, STAFF_TOTAL]:
        if column == STAFF_TOTAL and column not in results:
            results = results.assign(**{STAFF_TOTAL: results[actors].sum(axis=1)})
        e = paired(
            per_year(results, spec.baseline, column, base_days), per_year(results, other, column, days)
        )
        rows.append(
            {
                "Staff": "All (staff and volunteers)"
                if column == STAFF_TOTAL
                else _cap(STAFF[column.removeprefix("staff_hours_")]),
                "Without (hours a year)": round(e.base),
                "With (hours a year)": round(e.other),
                "Change": round(e.diff),
                "95% interval": interval(e, 1, 0).removeprefix("95% interval "),
            }
        )
        total = e
    assert total is not None
    residents = int(results.loc[results["scenario"] == other, "residents"].median())
    text = (
        f"In a community of {residents:,} residents, staff and volunteers give {total.other:,.0f} hours a "
        "year with the "
        f"intervention against {total.base:,.0f} without: {total.diff:+,.0f} hours a year "
        f"({interval(total, 1, 0)})."
    )
    if active.measurable and active.diff > 0:
        extra = active.diff * residents
        text += (
            f"\nPer additional active resident ({extra:,.0f} more): about {total.diff / extra:,.0f} hours of "
            "staff and volunteers a year (ratio of the mean changes)."
        )
    else:
        text += (
            "\nPer additional active resident: not stated, because the gain in active residents is not "
            "measurable."
        )
    return text, pd.DataFrame(rows)


def side_effects(results: pd.DataFrame, baseline: str, other: str) -> str:
    """One line per side effect: its change where the interval excludes zero, else no change or its range."""
    lines = []
    for metric in SIDE_EFFECTS:
        if not has(results, [metric]):
            lines.append(f"- {label(metric)}: not recorded by this model version.")
            continue
        e = effect(results, baseline, other, metric)
        scale, words = scale_of(metric)
        if e.n < 2:
            lines.append(f"- {label(metric)}: too few replicates with a value to tell.")
        elif e.measurable:
            way = "up" if e.diff > 0 else "down"
            lines.append(
                f"- {label(metric)}: {way} {abs(e.diff) * scale:.{digits(e, scale)}f} {words} "
                f"({interval(e, scale)})."
            )
        elif e.negligible(scale):
            lines.append(f"- {label(metric)}: {NO_CHANGE}.")
        else:
            span = between(e, scale, predictive=False)
            lines.append(f"- {label(metric)}: uncertain, {span} {words} (95% interval).")
    return "\n".join(lines)


PARAMETER_DOCS = {leaf.key: leaf.field.metadata.get("doc", leaf.key) for leaf in leaves(Config())}
"""What each dotted parameter is, in words (its declaration's doc)."""


def drivers(results: pd.DataFrame, spec: Spec, other: str) -> list[tuple[str, float]]:
    """The drawn parameters by how strongly they go with the headline effect across draws, strongest first.

    Spearman's rank correlation between each parameter's drawn value and the replicate's paired effect
    on the active share (replicate ``r`` drew ``spec.draws[r]``); parameters drawn at one value, or with
    fewer than three replicates, are left out.

    Examples
    --------
    >>> res = pd.DataFrame({"scenario": ["a", "b"] * 4, "seed": [0, 0, 1, 1, 2, 2, 3, 3],
    ...                     "active_share": [0.1, 0.11, 0.1, 0.13, 0.1, 0.12, 0.1, 0.16]})
    >>> draws = ({"x": 1.0, "y": 4.0}, {"x": 3.0, "y": 1.0}, {"x": 2.0, "y": 3.0}, {"x": 4.0, "y": 2.0})
    >>> [(k, round(r, 2)) for k, r in drivers(res, Spec("a", ["b"], {}, "", draws=draws), "b")]
    [('x', 1.0), ('y', -0.8)]
    """
    d = (by_seed(results, other, HEADLINE) - by_seed(results, spec.baseline, HEADLINE)).dropna()
    seeds = [int(r) for r in d.index if 0 <= int(r) < len(spec.draws)]
    if len(seeds) < 3:
        return []
    drawn = pd.DataFrame([spec.draws[r] for r in seeds], index=seeds)
    effects = d.loc[seeds].to_numpy(dtype=float)
    ranked = []
    for key in drawn.columns:
        values = pd.to_numeric(drawn[key], errors="coerce").to_numpy(dtype=float)
        if np.isfinite(values).all() and np.ptp(values) > 0 and np.ptp(effects) > 0:
            ranked.append((str(key), float(stats.spearmanr(values, effects).statistic)))
    return sorted(ranked, key=lambda kv: -abs(kv[1]))


def how_sure(results: pd.DataFrame, spec: Spec, other: str, n: int) -> str:
    """Replicates, the few-seeds warning, what the intervals include, the model version, the report."""
    versions = (
        ", ".join(sorted(map(str, results["version"].dropna().unique()))) if "version" in results else ""
    )
    lines = [f"- Replicates: {n} paired runs (the same seeds in both scenarios)."]
    if n < FEW_SEEDS:
        lines.append(f"- Warning: too few seeds for reliable intervals (fewer than {FEW_SEEDS}).")
    lines.append(f"- The intervals include {spec.uncertainty}.")
    if spec.draws:
        e = effect(results, spec.baseline, other, HEADLINE)
        lines.append(
            f"- Parameter uncertainty: the share taking an active part changes by {between(e)} percentage "
            f"points in 90% of the {e.n} parameter draws (its predictive range, which more seeds do not "
            f"narrow); the Monte Carlo error of the mean change is {e.error * 100:.2f} points."
        )
        ranked = drivers(results, spec, other)
        if ranked:
            named = "; then ".join(
                f"`{key}`, {PARAMETER_DOCS.get(key, key)} ({rho:+.2f})" for key, rho in ranked[:2]
            )
            lines.append(
                f"- What the range comes from (rank correlation of a draw's value with its effect): {named}."
            )
        if e.n < MIN_DRAWS:
            lines.append(f"- Warning: too few parameter draws for a reliable range (fewer than {MIN_DRAWS}).")
    lines.append(f"- Model version: {versions or 'not recorded'}.")
    if spec.report:
        lines.append(f"- Full statistical report: [{spec.report}]({spec.report}).")
    return "\n".join(lines)


def levels_figure(timeseries: pd.DataFrame, baseline: str, other: str, name: str) -> Figure:
    """The shares taking part actively and occasionally by day, without (dashed) and with the intervention.

    Means over the replicates of each scenario's time series (``step``, ``scenario`` and the
    ``<level>_share`` columns), in percent; the onset (day 0) is marked.
    """
    columns = [f"{level}_share" for level in LEVEL_LINES]
    fig = Figure(figsize=(7, 4.2), layout="constrained")
    ax = fig.subplots()
    for scenario, style, who in ((baseline, "--", scenario_label(baseline)), (other, "-", name)):
        mean = timeseries[timeseries["scenario"] == scenario].groupby("step")[columns].mean() * 100
        for level, column in zip(LEVEL_LINES, columns, strict=True):
            ax.plot(
                mean.index,
                mean[column],
                ls=style,
                color=figures.LEVEL_COLORS[level],
                label=f"{who}: {LEVELS[level]}",
            )
    figures.mark_onset(ax, int(timeseries["step"].max()))
    ax.set(xlabel=label("step"), ylabel="share of residents (%)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    ax.set_title(f"{name}: taking part over time (means over the replicates)", fontsize=10)
    return fig


def over_time(timeseries: pd.DataFrame | None, spec: Spec, other: str, out: Path) -> render.Section | None:
    """The section with :func:`levels_figure`, when the time series of both scenarios are there."""
    columns = [f"{level}_share" for level in LEVEL_LINES]
    if timeseries is None or not has(timeseries, ["step", "scenario", *columns]):
        return None
    if not {spec.baseline, other} <= set(timeseries["scenario"]):
        return None
    name = scenario_label(other)
    png = render.save_figure(
        levels_figure(timeseries, spec.baseline, other, name),
        inside(out, out / "figures" / file_name(f"brief_{other}_over_time.png")),
    )
    text = (
        "The shares of residents taking an active part and taking part occasionally, day by day, "
        "without (dashed) and with (solid) the intervention: means over the replicates. The vertical "
        "line marks the day the interventions start."
    )
    return render.Section("Over time", text, figure=png, level=3)


def kind_of_participation(results: pd.DataFrame, baseline: str, other: str) -> str | None:
    """Own channel versus spill-over, and the lasting shift, in plain words (docs/PARTICIPATION.md).

    ``None`` when the results lack the columns (an older model version).
    """
    columns = ["active_share", "active_share_outside_own", "lasting_shift_share", "active_spell_median_days"]
    if not has(results, columns):
        return None
    on = by_seed(results, other, "active_share")
    outside = by_seed(results, other, "active_share_outside_own")
    own, spill = paired(outside, on), paired(by_seed(results, baseline, "active_share"), outside)
    lasting = effect(results, baseline, other, "lasting_shift_share")
    spell = by_seed(results, other, "active_spell_median_days").mean()
    lines = [
        "Active means regular deliberation, decision or co-production over months; messages, notice "
        "reads and service requests never count (PARTICIPATION.md of the model's documentation).",
        f"- Regular participants of the channels the intervention opens or changes: "
        f"{signed(own.diff * 100)} points ({interval(own)}).",
        f"- Residents active in other acts it did not touch (spill-over): {signed(spill.diff * 100)} "
        f"points ({interval(spill)}).",
        f"- Residents passive at the start and active on most days of the period (a lasting shift): "
        f"{signed(lasting.diff * 100)} points ({interval(lasting)}); an active spell lasts a median "
        f"{spell:.0f} days.",
        "- What lasts after the intervention stops, and the split for a channel the baseline already "
        "runs (its regulars there count in the first line here): `python -m experiments.decompose`.",
    ]
    return "\n".join(lines)


BINDING = 0.10
"""Share of the residents who came that a channel turned away, from which its room is a binding lever
(assumed: one in ten who come and go home)."""
ROOMS = tuple(
    name
    for name, channel in vars(ChannelsParams()).items()
    if channel.mode not in (*NON_PARTICIPATION_MODES, "voice")
)
"""Channels whose room limits taking part (not the voice and service lines: their queue is service)."""


def binding_room(results: pd.DataFrame, other: str) -> str | None:
    """Channels whose room limits participation under ``other``, in plain words (``None`` if none).

    A channel that turns away at least :data:`BINDING` of the residents who came (the mean of its
    ``turned_away_share_<channel>`` over the replicates) is named with that share and the parameter
    that sets its room: there the effect is as large as the room, and more room is a lever.
    """
    rows = results[results["scenario"] == other]
    shares = {
        channel: float(rows[f"turned_away_share_{channel}"].mean())
        for channel in ROOMS
        if f"turned_away_share_{channel}" in rows
    }
    binding = {c: v for c, v in shares.items() if v >= BINDING}
    if not binding:
        return None
    items = [
        f"- {CHANNELS[c][:1].upper()}{CHANNELS[c][1:]} turned away {v:.0%} of the residents who came "
        f"(`channels.{c}.capacity_per_1000`)."
        for c, v in sorted(binding.items(), key=lambda cv: -cv[1])
    ]
    return "\n".join(
        [
            "Some channels turned residents away for lack of room: there, room rather than residents' "
            "willingness limits how many take part, and more seats or places are a lever.",
            *items,
        ]
    )


def intervention_sections(
    results: pd.DataFrame, spec: Spec, other: str, out: Path, timeseries: pd.DataFrame | None = None
) -> list[render.Section]:
    """One intervention: headline, over time, what kind, who gains, cost, side effects, how sure."""
    name = scenario_label(other)
    active = effect(results, spec.baseline, other, HEADLINE)
    title = f"{name} compared with {scenario_phrase(spec.baseline)}"
    sections = [render.Section(title, headline=headline(name, active, bool(spec.draws)), page=True)]
    shift = over_time(timeseries, spec, other, out)
    if shift is not None:
        sections.append(shift)
    kind = kind_of_participation(results, spec.baseline, other)
    if kind is not None:
        sections.append(render.Section("What kind of participation", kind, level=3))
    room = binding_room(results, other)
    if room is not None:
        sections.append(render.Section("Where room is short", room, level=3))
    columns = [f"active_share_{g}" for g in GROUPS]
    if has(results, columns):
        text = "\n".join(
            f"- By {dimension}: {gap_sentence(results, spec.baseline, other, groups)}"
            for dimension, groups in DIMENSIONS.items()
        )
        png = render.save_figure(
            group_figure(results, spec.baseline, other, name),
            inside(out, out / "figures" / file_name(f"brief_{other}.png")),
        )
        table = group_table(results, spec.baseline, other)
        sections.append(render.Section("Who gains and who is left behind", text, table, png, level=3))
    else:
        text = (
            "This model version does not break participation down by resident group, so who gains cannot "
            "be stated."
        )
        sections.append(render.Section("Who gains and who is left behind", text, level=3))
    text, table = cost(results, spec, other, active)
    sections.append(render.Section("What it costs", text, table, level=3))
    sections.append(render.Section("Side effects", side_effects(results, spec.baseline, other), level=3))
    sections.append(render.Section("How sure we are", how_sure(results, spec, other, active.n), level=3))
    return sections


def introduction(results: pd.DataFrame, spec: Spec) -> render.Section:
    """What was compared, and how to read the numbers."""
    rows = results[results["scenario"] == spec.baseline]
    residents = int(rows["residents"].median()) if len(rows) else 0
    days = spec.measured_days[spec.baseline]
    names = ", ".join(scenario_phrase(s) for s in spec.interventions)
    text = (
        f"Each intervention ({names}) is compared with {scenario_phrase(spec.baseline)} in a "
        f"simulated community of {residents:,} residents, measured over {days:,} days after the "
        "interventions start. Every scenario ran the same seeds: the same community and the same chance "
        "events, so a difference is the intervention's doing. Numbers are means over the runs; each "
        f"change has its 95% interval, which includes {spec.uncertainty}. A change whose interval lies "
        f"within {NEGLIGIBLE} points of zero is reported as '{NO_CHANGE}'; one whose interval includes "
        "zero but reaches further is reported as uncertain, with its range."
    )
    return render.Section("What was compared", text)


def widest_gap(results: pd.DataFrame, baseline: str, other: str) -> str:
    """The gap sentence of the dimension whose groups' changes differ most (``""`` without groups)."""
    if not has(results, [f"active_share_{g}" for g in GROUPS]):
        return ""

    def spread(groups: tuple[str, ...]) -> float:
        changes = [effect(results, baseline, other, f"active_share_{g}").diff for g in groups]
        return max(changes) - min(changes)

    dimension = max(DIMENSIONS, key=lambda d: spread(DIMENSIONS[d]))
    return f"By {dimension}: {gap_sentence(results, baseline, other, DIMENSIONS[dimension])}"


def summary(results: pd.DataFrame, spec: Spec) -> str:
    """The answer on top, one item per intervention: the headline with its range, the widest gap."""
    items = []
    for other in spec.interventions:
        name = scenario_label(other)
        first = headline(name, effect(results, spec.baseline, other, HEADLINE), bool(spec.draws))
        items.append(f"- {first} {widest_gap(results, spec.baseline, other)}".rstrip())
    return "\n".join(items)


def write(results: pd.DataFrame, spec: Spec, out: Path, timeseries: pd.DataFrame | None = None) -> Path:
    """Write ``brief.md`` and the designed ``brief.html`` (figures embedded) into ``out``; return the HTML.

    ``timeseries`` (the runs' ``<level>_share`` by ``step``, ``seed`` and ``scenario``), when given,
    adds the figure of the levels over time to every intervention.
    """
    sections = [introduction(results, spec)]
    for other in spec.interventions:
        sections += intervention_sections(results, spec, other, out, timeseries)
    names = ", ".join(scenario_phrase(s) for s in spec.interventions)
    title = f"Policy brief: {names} against {scenario_phrase(spec.baseline)}"
    return render_html.write(sections, _cap(title), out, "brief", summary(results, spec))
