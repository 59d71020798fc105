"""Participation level from a rolling window of daily engagement points.

Each participation earns its channel's ``engagement`` points (voting or a message 1, contacting an
official 2, attending 3, deliberating or organising 4: a ladder in the spirit of Milbrath 1965). A
resident is *active* with at least ``active_min`` points in the last ``window`` days, *occasional*
with at least ``occasional_min``, else *passive*. Under the threshold rule the level is active for
adopters and passive otherwise.
"""

from __future__ import annotations

import numpy as np

from sim.state import ACTIVE, OCCASIONAL, PASSIVE, ResidentState


def roll_window(state: ResidentState, day: int) -> None:
    """Move day ``day``'s points into the ring buffer and its participations into the totals (in place)."""
    slot = day % state.window.shape[0]
    state.window_count += state.points_today.astype(np.int32) - state.window[slot]
    state.window[slot] = state.points_today
    state.total += state.today
    state.channel_total += state.channel_today


def classify(window_count: np.ndarray, occasional_min: int, active_min: int) -> np.ndarray:
    """Level of each resident from the engagement points in its window."""
    level = np.full(window_count.size, PASSIVE, dtype=np.int8)
    level[window_count >= occasional_min] = OCCASIONAL
    level[window_count >= active_min] = ACTIVE
    return level
