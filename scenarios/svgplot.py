"""Dashboard panels as small inline SVG line charts, for the teaching app's live plots.

Matplotlib takes about 0.1 s per panel on a busy 2-core machine (axes, ticks, text layout, PNG), so
the app's seven live plots alone would take most of a second per redraw. A panel here is a few
polylines written as SVG text from the same data (:func:`scenarios.figures.panel_data`), names and
axis labels (:func:`scenarios.figures.axis_label`) as the dashboard's Matplotlib panels, in about a
millisecond. Every line a panel has is drawn and named in its legend, also when it is zero all along
(a group nobody in it takes part is a finding, not an empty plot). Text is escaped: nothing in a
label becomes markup.

Examples
--------
>>> import pandas as pd
>>> from scenarios.figures import BY_GROUP
>>> ts = pd.DataFrame({"step": [0, 1, 2], "active_share_digital": [0.0, 0.1, 0.2],
...                    "active_share_nondigital": [0.0, 0.0, 0.0]})
>>> svg = panel_svg(ts, BY_GROUP[2], window=30)
>>> svg.startswith("<svg"), svg.count("<polyline"), "without digital access" in svg
(True, 2, True)
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from scenarios import figures, labels

WIDTH, HEIGHT = 520, 300
"""Size of a panel in pixels."""
LEFT, RIGHT, TOP, BOTTOM = 58, 12, 26, 44
"""Margins of the plot area: room for the y labels, the title and the x labels."""
LEGEND_ROW = 15
"""Height of one legend row (below the plot)."""
CYCLE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
"""Colours of lines that have none of their own (Matplotlib's default cycle)."""
FONT = "font-family:sans-serif"


def _ticks(lo: float, hi: float, integer: bool = False) -> np.ndarray:
    """Round tick values between ``lo`` and ``hi`` (Matplotlib's locator, without a figure)."""
    values = np.asarray(MaxNLocator(nbins=5, integer=integer).tick_values(lo, hi), dtype=float)
    return values[(values >= lo - 1e-12) & (values <= hi + 1e-12)]


def _polylines(x: np.ndarray, y: np.ndarray) -> list[str]:
    """Point lists of the runs of ``y`` without gaps (NaN breaks a line, as in Matplotlib)."""
    runs: list[str] = []
    current: list[str] = []
    for xi, yi in zip(x, y, strict=True):
        if math.isnan(yi):
            if current:
                runs.append(" ".join(current))
            current = []
        else:
            current.append(f"{xi:.1f},{yi:.1f}")
    if current:
        runs.append(" ".join(current))
    return runs


def panel_svg(
    timeseries: pd.DataFrame, panel: figures.Panel, window: int, empty: str = figures.NONE_TEXT
) -> str:
    """One dashboard panel of a run so far as an SVG document (the onset marked at day 0).

    Parameters
    ----------
    timeseries : pandas.DataFrame
        The run's time series so far (``step`` and the metric columns).
    panel : scenarios.figures.Panel
        What to draw.
    window : int
        The participation window (days) of the time series' ratios, for the axis label.
    empty : str
        Written in the plot when the panel has no line, or when every line is still missing or 0;
        :data:`~scenarios.figures.UNUSED_TEXT` (a panel the scenario does not use) draws no line.
    """
    data = figures.panel_data(timeseries, panel)
    legend_rows = math.ceil(len(data.columns) / 2) + 1  # two entries a row, and the onset
    height = HEIGHT + LEGEND_ROW * legend_rows
    bottom = height - BOTTOM - LEGEND_ROW * legend_rows
    last = max(int(timeseries["step"].max()), 1)
    x_lo, x_hi = figures.ONSET - 0.02 * max(last, 10), float(last)
    values = data.to_numpy(dtype=float)
    top_value = float(np.nanmax(values)) if values.size and not np.isnan(values).all() else 0.0
    y_hi = top_value * 1.05 if top_value > 0 else 1.0
    y_ticks = _ticks(0.0, y_hi)
    y_hi = max(y_hi, float(y_ticks[-1]))

    def sx(x: np.ndarray | float) -> np.ndarray | float:
        return LEFT + (np.asarray(x, dtype=float) - x_lo) / (x_hi - x_lo) * (WIDTH - LEFT - RIGHT)

    def sy(y: np.ndarray | float) -> np.ndarray | float:
        return bottom - np.asarray(y, dtype=float) / y_hi * (bottom - TOP)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" style="{FONT};background:white">',
        f'<text x="{WIDTH / 2}" y="16" font-size="13" text-anchor="middle">{escape(panel.title)}</text>',
        f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" height="{bottom - TOP}" '
        'fill="none" stroke="#444" stroke-width="0.8"/>',
    ]
    for tick in y_ticks:
        y = float(sy(tick))
        parts.append(f'<line x1="{LEFT - 4}" x2="{LEFT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#444"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 3:.1f}" font-size="9" text-anchor="end">{tick:g}</text>')
    for tick in _ticks(max(0.0, x_lo), x_hi, integer=True):
        x = float(sx(tick))
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="#444"/>')
        label = f'<text x="{x:.1f}" y="{bottom + 14}" font-size="9" text-anchor="middle">'
        parts.append(f"{label}{tick:g}</text>")
    parts.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{bottom + 28}" font-size="10" text-anchor="middle">'
        f"{escape(labels.describe('step'))}</text>"
    )
    parts.append(
        f'<text transform="translate(12,{(TOP + bottom) / 2}) rotate(-90)" font-size="9" '
        f'text-anchor="middle">{escape(figures.axis_label(panel, window))}</text>'
    )
    onset = float(sx(figures.ONSET))
    dash = 'stroke="#404040" stroke-dasharray="4,3"'
    parts.append(f'<line x1="{onset:.1f}" x2="{onset:.1f}" y1="{TOP}" y2="{bottom}" {dash}/>')
    days = np.asarray(sx(data.index.to_numpy(dtype=float)))
    legend = [(figures.ONSET_TEXT, f'<line x1="0" x2="16" y1="0" y2="0" {dash}/>')]
    for i, name in enumerate(data.columns if empty != figures.UNUSED_TEXT else []):
        color = figures.line_color(name) or CYCLE[i % len(CYCLE)]
        style = f'fill="none" stroke="{color}" stroke-width="1.6"'
        for points in _polylines(days, np.asarray(sy(data[name].to_numpy(dtype=float)))):
            parts.append(f'<polyline points="{points}" {style}/>')
        legend.append((name, f'<line x1="0" x2="16" y1="0" y2="0" stroke="{color}" stroke-width="2.5"/>'))
    if figures.unused(data):
        parts.append(
            f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{(TOP + bottom) / 2}" font-size="12" fill="#666" '
            f'text-anchor="middle">{escape(empty)}</text>'
        )
    for i, (name, swatch) in enumerate(legend):
        row, col = divmod(i, 2)
        x0, y0 = LEFT + col * (WIDTH - LEFT) / 2, bottom + 42 + row * LEGEND_ROW
        parts.append(
            f'<g transform="translate({x0:.1f},{y0:.1f})">{swatch}'
            f'<text x="20" y="3" font-size="9">{escape(name)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
