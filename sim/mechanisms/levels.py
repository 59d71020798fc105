"""Participation level from a rolling window of daily participations.

A resident is *active* with at least ``active_min`` participations in the last ``window`` days,
*occasional* with at least ``occasional_min``, else *passive*. Under the threshold rule the level is
active for adopters and passive otherwise.
"""

from __future__ import annotations

import numpy as np

from sim.state import ACTIVE, OCCASIONAL, PASSIVE, ResidentState


def roll_window(state: ResidentState, day: int) -> None:
    """Move day ``day``'s participations into the ring buffer and the totals (in place)."""
    slot = day % state.window.shape[0]
    state.window_count += state.today.astype(np.int32) - state.window[slot]
    state.window[slot] = state.today
    state.total += state.today


def classify(window_count: np.ndarray, occasional_min: int, active_min: int) -> np.ndarray:
    """Level of each resident from its window count."""
    level = np.full(window_count.size, PASSIVE, dtype=np.int8)
    level[window_count >= occasional_min] = OCCASIONAL
    level[window_count >= active_min] = ACTIVE
    return level
