"""The hot state of all residents, kept in numpy arrays owned by the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from sim.world.population import Population


class Level(IntEnum):
    """Participation levels (the values of :attr:`ResidentState.level`)."""

    PASSIVE = 0
    OCCASIONAL = 1
    ACTIVE = 2


PASSIVE, OCCASIONAL, ACTIVE = Level.PASSIVE, Level.OCCASIONAL, Level.ACTIVE
LEVELS = tuple(level.name.lower() for level in Level)
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
    trust_prior : numpy.ndarray
        Each resident's initial (generalised) trust in each institution, towards which trust relaxes
        (set from ``trust`` at construction).
    exposure : numpy.ndarray
        Outreach exposure in [0, 1]: 1 right after a contact, decaying daily.
    threshold : numpy.ndarray
        Threshold of the classic threshold rule.
    adopted : numpy.ndarray of bool
        Threshold rule: active for good.
    window : numpy.ndarray of uint8
        Ring buffer ``(window_days, n)`` of daily engagement points.
    window_count : numpy.ndarray of int32
        Engagement points in the rolling window (the level is set by them).
    level : numpy.ndarray of int8
        Participation level (:data:`PASSIVE`, :data:`OCCASIONAL`, :data:`ACTIVE`).
    today : numpy.ndarray of uint8
        Participations today.
    points_today : numpy.ndarray of uint8
        Engagement points earned today (built at construction).
    total : numpy.ndarray of int64
        Participations since the intervention onset.
    channel_names, institutions : tuple of str
        Names along the channel and institution axes.
    channel_today, channel_total : numpy.ndarray
        Participations by channel today and since the intervention onset (built at construction).
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
    trust_prior: np.ndarray = field(init=False)
    points_today: np.ndarray = field(init=False)
    channel_total: np.ndarray = field(init=False)

    @classmethod
    def at_rest(
        cls,
        population: Population,
        awareness: np.ndarray,
        trust: np.ndarray,
        *,
        channel_names: tuple[str, ...],
        institutions: tuple[str, ...],
        window: int = 30,
        disposition: np.ndarray | None = None,
        threshold: np.ndarray | None = None,
    ) -> ResidentState:
        """Residents with the given awareness and trust who have not taken part in anything yet.

        ``disposition`` defaults to ``awareness`` (a copy is the awareness); ``threshold`` to 0.
        """
        n = awareness.size
        return cls(
            population=population,
            awareness=awareness.copy(),
            disposition=awareness if disposition is None else disposition,
            trust=trust,
            exposure=np.zeros(n),
            threshold=np.zeros(n) if threshold is None else threshold,
            adopted=np.zeros(n, dtype=bool),
            window=np.zeros((window, n), dtype=np.uint8),
            window_count=np.zeros(n, dtype=np.int32),
            level=np.zeros(n, dtype=np.int8),
            today=np.zeros(n, dtype=np.uint8),
            total=np.zeros(n, dtype=np.int64),
            channel_names=channel_names,
            institutions=institutions,
            channel_today=np.zeros(len(channel_names), dtype=np.int64),
        )

    def __post_init__(self) -> None:
        self.trust_prior = self.trust.copy()
        self.points_today = np.zeros_like(self.today)
        self.channel_total = np.zeros_like(self.channel_today)

    @property
    def n(self) -> int:
        """Number of residents."""
        return int(self.awareness.size)

    @property
    def active(self) -> np.ndarray:
        """Boolean mask of active residents."""
        return self.level == ACTIVE

    def start_day(self) -> None:
        """Clear today's participation counts (in place)."""
        self.today[:] = 0
        self.points_today[:] = 0
        self.channel_today[:] = 0

    def record(self, who: np.ndarray, channel: int, points: int) -> None:
        """Count one participation worth ``points`` today for each of ``who`` on channel slot ``channel``."""
        self.today[who] += 1
        self.points_today[who] += points
        self.channel_today[channel] += who.size

    def restart_counts(self) -> None:
        """Start the counts since onset (participations per resident and per channel) at zero."""
        self.total[:] = 0
        self.channel_total[:] = 0
