"""Figures of a single run (seaborn)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

SHARES = {"active_share": "active", "occasional_share": "occasional", "passive_share": "passive"}


def plot_participation(timeseries: pd.DataFrame, title: str, path: Path) -> None:
    """Save a line plot of the active, occasional and passive shares over time to ``path`` (PNG).

    Parameters
    ----------
    timeseries : pandas.DataFrame
        One row per step with the share columns of :data:`SHARES`.
    title : str
        Figure title (e.g. the scenario and seed).
    path : pathlib.Path
        Where to write the PNG.
    """
    long = timeseries.melt(id_vars="step", value_vars=list(SHARES), var_name="level", value_name="share")
    long["level"] = long["level"].map(SHARES)
    fig, ax = plt.subplots(figsize=(7, 4), dpi=120)
    sns.lineplot(
        data=long,
        x="step",
        y="share",
        hue="level",
        ax=ax,
        palette={"active": "#c0392b", "occasional": "#e67e22", "passive": "#7f8c8d"},
    )
    ax.set(xlabel="day", ylabel="share of residents", ylim=(0, 1), title=title)
    sns.despine(fig)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
