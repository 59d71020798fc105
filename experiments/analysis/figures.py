"""Seaborn figures of the report (matplotlib Agg backend). Each function returns a Figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

CASCADE_SHARE = 0.10
"""Final active share above which a run counts as a global cascade."""


def timeseries(ts: pd.DataFrame, metric: str, hue: str, seed: int) -> Figure:
    """Mean of ``metric`` over seeds per step, with a 95% bootstrap band, one line per ``hue``."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    sns.lineplot(data=ts, x="step", y=metric, hue=hue, errorbar=("ci", 95), n_boot=200, seed=seed, ax=ax)
    ax.set(xlabel="day", ylabel=metric, title=f"{metric} over time (mean, 95% bootstrap band over seeds)")
    return fig


def forest(comp: pd.DataFrame, key: str, metrics: list[str]) -> Figure:
    """Paired differences against the baseline with their 95% intervals, one panel per metric."""
    data = comp[comp["metric"].isin(metrics)]
    fig, axes = plt.subplots(
        1,
        len(metrics),
        figsize=(3.6 * len(metrics), 0.45 * data[key].nunique() + 1.6),
        sharey=True,
        squeeze=False,
    )
    for ax, metric in zip(axes[0], metrics, strict=True):
        d = data[data["metric"] == metric].sort_values(key)
        y = np.arange(len(d))
        ax.errorbar(
            d["diff"], y, xerr=[d["diff"] - d["ci_low"], d["ci_high"] - d["diff"]], fmt="o", capsize=3
        )
        ax.axvline(0.0, color="grey", lw=0.8, ls="--")
        ax.set(yticks=y, yticklabels=d[key], title=metric, xlabel="difference vs baseline")
    fig.tight_layout()
    return fig


def dose_response(
    means: pd.DataFrame, effects: pd.DataFrame, key: str, hue: str | None, metric: str, baseline: object
) -> Figure:
    """The outcome against a swept parameter and its paired effect against the baseline value, with bands.

    Parameters
    ----------
    means : pandas.DataFrame
        Per value of ``key`` (and of ``hue``): ``mean``, ``ci_low``, ``ci_high`` of the outcome.
    effects : pandas.DataFrame
        Per value other than the baseline: ``diff``, ``ci_low``, ``ci_high`` of the paired difference.
    key : str
        The swept parameter (the x axis); numeric values are spaced as numbers, others as categories.
    hue : str or None
        Another swept parameter, one line per value, or ``None``.
    metric : str
        The outcome's name (the y axis).
    baseline : object
        The value of ``key`` the effects are measured from (its effect is drawn as 0).
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    numeric = pd.api.types.is_numeric_dtype(means[key])
    order = sorted(means[key].unique(), key=lambda v: v if numeric else str(v))
    position = {v: (float(v) if numeric else i) for i, v in enumerate(order)}
    zero = pd.DataFrame({key: [baseline], "diff": [0.0], "ci_low": [0.0], "ci_high": [0.0]})
    lines = (
        [(None, means, effects)]
        if hue is None
        else [
            (h, means[means[hue] == h], effects[effects[hue] == h])
            for h in sorted(means[hue].unique(), key=str)
        ]
    )
    for name, mean, effect in lines:
        label = None if name is None else f"{hue} = {name}"
        mean = mean.sort_values(key, key=lambda c: c.map(position))
        effect = pd.concat([effect, zero], ignore_index=True).sort_values(key, key=lambda c: c.map(position))
        for ax, data, y in ((left, mean, "mean"), (right, effect, "diff")):
            x = data[key].map(position).to_numpy(dtype=float)
            (line,) = ax.plot(x, data[y].to_numpy(dtype=float), marker="o", label=label)
            ax.fill_between(x, data["ci_low"], data["ci_high"], alpha=0.25, color=line.get_color(), lw=0)
    right.axhline(0.0, color="grey", lw=0.8, ls="--")
    shown = f"{baseline:g}" if isinstance(baseline, float) else baseline
    left.set(xlabel=key, ylabel=metric, title="outcome (mean, 95% band over seeds)")
    right.set(xlabel=key, ylabel=f"difference in {metric}", title=f"paired effect against the value {shown}")
    if not numeric:
        for ax in (left, right):
            ax.set(xticks=range(len(order)), xticklabels=[str(v) for v in order])
    if hue is not None:
        left.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def heatmap(table: pd.DataFrame, row: str, col: str, metric: str) -> Figure:
    """Mean of ``metric`` over a two-parameter grid."""
    grid = table.pivot_table(index=row, columns=col, values="mean")
    fig, ax = plt.subplots(figsize=(1.2 * grid.shape[1] + 3, 0.6 * grid.shape[0] + 2))
    sns.heatmap(grid, annot=True, fmt=".3f", cmap="viridis", ax=ax, cbar_kws={"label": metric})
    ax.set_title(f"mean {metric}")
    fig.tight_layout()
    return fig


def docking(cascades: pd.DataFrame, z: str, phi: str, focus: float, window: tuple[float, float]) -> Figure:
    """Share of runs with a global cascade against mean degree, with Watts' analytic window for ``focus``."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for value, d in cascades.groupby(phi):
        main = np.isclose(value, focus)
        ax.plot(
            d[z],
            d["cascade_share"],
            marker="o" if main else ".",
            lw=2 if main else 0.8,
            alpha=1.0 if main else 0.45,
            label=f"phi = {value:g}",
        )
    if np.all(np.isfinite(window)):
        ax.axvspan(*window, color="tab:orange", alpha=0.12, label=f"analytic window, phi = {focus:g}")
        for edge in window:
            ax.axvline(edge, color="tab:orange", ls="--", lw=1)
    ax.set(
        xlabel="mean degree z",
        ylabel=f"share of runs with > {CASCADE_SHARE:.0%} active",
        title="Global cascades vs mean degree (Watts 2002 docking)",
        ylim=(-0.02, 1.02),
    )
    ax.legend(fontsize=8)
    return fig


def sensitivity(table: pd.DataFrame, method: str, metric: str) -> Figure:
    """Morris mu* (with sigma) or Sobol S1/ST with their 95% intervals, parameters ranked."""
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(table) + 1.8))
    y = np.arange(len(table))
    if method == "morris":
        ax.barh(y, table["mu_star"], xerr=table["mu_star_conf"], color="tab:blue", label="mu*")
        ax.plot(table["sigma"], y, "kD", label="sigma")
    else:
        ax.barh(y - 0.2, table["S1"], 0.4, xerr=table["S1_conf"], label="S1")
        ax.barh(y + 0.2, table["ST"], 0.4, xerr=table["ST_conf"], label="ST")
    ax.set(yticks=y, yticklabels=table["parameter"], title=f"{method} sensitivity of {metric}")
    ax.invert_yaxis()
    ax.legend()
    fig.tight_layout()
    return fig


def convergence(widths: pd.DataFrame, hue: str, metric: str) -> Figure:
    """Width of the 95% interval of the mean against the number of seeds."""
    fig, ax = plt.subplots(figsize=(7, 4))
    sns.lineplot(data=widths, x="seeds", y="width", hue=hue, marker="o", ax=ax)
    ax.set(xlabel="number of seeds", ylabel=f"95% CI width of mean {metric}", title="Seed convergence")
    return fig
