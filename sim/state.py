"""The hot state of all residents, kept in numpy arrays owned by the model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.world.population import Population

PASSIVE, OCCASIONAL, ACTIVE = 0, 1, 2
LEVELS = ("passive", "occasional", "active")
AWARENESS_LEVELS = ("individual", "collective", "community")
AWARENESS_CUTS = (1 / 3, 2 / 3)
"""Awareness below 1/3 is individual, below 2/3 collective, else whole-community (assumed cuts)."""


@dataclass
class ResidentState:
    """Arrays over residents (axis -1) that the step functions read and write.

    Attributes
    ----------
    population : Population
        Static attributes.
    awareness : numpy.ndarray
        Awareness in [0, 1] (levels by :data:`AWARENESS_CUTS`).
    disposition : numpy.ndarray
        Each resident's initial awareness, towards which awareness relaxes.
    trust : numpy.ndarray
        Trust in each institution, shape ``(len(institutions), n)``, in [0, 1].
    exposure : numpy.ndarray
        Outreach exposure in [0, 1]: 1 right after a contact, decaying daily.
    threshold : numpy.ndarray
        Threshold of the classic threshold rule.
    adopted : numpy.ndarray of bool
        Threshold rule: active for good.
    window : numpy.ndarray of uint8
        Ring buffer ``(window_days, n)`` of daily participation counts.
    window_count : numpy.ndarray of int32
        Participations in the rolling window.
    level : numpy.ndarray of int8
        Participation level (:data:`PASSIVE`, :data:`OCCASIONAL`, :data:`ACTIVE`).
    today : numpy.ndarray of uint8
        Participations today.
    total : numpy.ndarray of int64
        Participations since step 0.
    channel_names, institutions : tuple of str
        Names along the channel and institution axes.
    channel_today : numpy.ndarray
        Participations by channel today (totals are the time series' cumulative sums).
    day : int
        Days simulated so far (0 at the initial state).
    """

    population: Population
    awareness: np.ndarray
    disposition: np.ndarray
    trust: np.ndarray
    exposure: np.ndarray
    threshold: np.ndarray
    adopted: np.ndarray
    window: np.ndarray
    window_count: np.ndarray
    level: np.ndarray
    today: np.ndarray
    total: np.ndarray
    channel_names: tuple[str, ...]
    institutions: tuple[str, ...]
    channel_today: np.ndarray
    day: int = 0

    @property
    def n(self) -> int:
        """Number of residents."""
        return int(self.awareness.size)

    @property
    def active(self) -> np.ndarray:
        """Boolean mask of active residents."""
        return self.level == ACTIVE
