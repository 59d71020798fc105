from __future__ import annotations

import math

import numpy as np

from experiments.analysis.theory import cascade_margin, watts_window


def test_watts_window_edges_are_roots_and_inside_positive():
    low, high = watts_window(0.18)
    assert abs(cascade_margin(low, 0.18)) < 1e-8 and abs(cascade_margin(high, 0.18)) < 1e-8
    assert cascade_margin((low + high) / 2, 0.18) > 0
    assert cascade_margin(low * 0.9, 0.18) < 0 and cascade_margin(high * 1.1, 0.18) < 0


def test_watts_window_higher_threshold_narrower_window():
    widths = [np.subtract(*watts_window(phi)[::-1]) for phi in (0.10, 0.14, 0.18, 0.22)]
    assert all(a > b for a, b in zip(widths, widths[1:], strict=False))


def test_watts_window_threshold_above_quarter_no_window():
    assert all(math.isnan(v) for v in watts_window(0.26))
