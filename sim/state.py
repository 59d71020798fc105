"""The hot state of all residents, kept in numpy arrays owned by the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from sim.params import GOVERNANCE_MODES, MODES, NON_PARTICIPATION_MODES
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
class ActWindow:
    """Co-governance acts of each resident over a rolling window, split into its older and recent half.

    Attributes
    ----------
    days : numpy.ndarray of uint8
        Ring buffer ``(window, n)`` of each day's acts.
    recent, older : numpy.ndarray of int32
        Acts in the last ``window // 2`` days and in the days before them inside the window.
    """

    days: np.ndarray
    recent: np.ndarray
    older: np.ndarray

    @classmethod
    def empty(cls, window: int, n: int) -> ActWindow:
        """A window of ``window`` days holding no acts."""
        return cls(np.zeros((window, n), dtype=np.uint8), np.zeros(n, np.int32), np.zeros(n, np.int32))

    def roll(self, acts: np.ndarray, day: int) -> None:
        """Add day ``day``'s ``acts``; the day ``window // 2`` back turns older, ``window`` back leaves.

        Examples
        --------
        >>> w = ActWindow.empty(4, 1)
        >>> for day in range(5):
        ...     w.roll(np.array([day + 1], dtype=np.uint8), day)
        >>> int(w.recent[0]), int(w.older[0])  # days 3, 4 recent (4 + 5); days 1, 2 older (2 + 3)
        (9, 5)
        """
        size = self.days.shape[0]
        half = size // 2
        leaving = self.days[day % size]
        turning = self.days[(day - half) % size]
        self.older += turning.astype(np.int32) - leaving
        self.recent += acts.astype(np.int32) - turning
        self.days[day % size] = acts

    @property
    def total(self) -> np.ndarray:
        """Acts in the whole window."""
        return self.recent + self.older


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
    channel_modes : tuple of str
        Mode of participation (:data:`~sim.params.MODES`) of each channel on the channel axis.
    own : numpy.ndarray of bool
        Channels on the channel axis that the scenario's intervention changes (set at the onset; its
        acts are the own-channel participation).
    acts, acts_outside_own : ActWindow
        Co-governance acts (deliberation, decision, co-production) over the governance window, all of
        them and those outside the own channels.
    mode_total : numpy.ndarray of int64
        Participations of each mode since the onset, shape ``(len(MODES), n)``.
    channel_today, channel_total : numpy.ndarray
        Participations by channel today and since the intervention onset (built at construction).
    channel_turned_away : numpy.ndarray
        Residents turned away for lack of room, by channel, since the intervention onset.
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
    channel_modes: tuple[str, ...]
    acts: ActWindow
    acts_outside_own: ActWindow
    trust_prior: np.ndarray = field(init=False)
    points_today: np.ndarray = field(init=False)
    channel_total: np.ndarray = field(init=False)
    channel_turned_away: np.ndarray = field(init=False)

    @classmethod
    def at_rest(
        cls,
        population: Population,
        awareness: np.ndarray,
        trust: np.ndarray,
        *,
        channel_names: tuple[str, ...],
        institutions: tuple[str, ...],
        channel_modes: tuple[str, ...] | None = None,
        window: int = 30,
        governance_window: int = 120,
        disposition: np.ndarray | None = None,
        threshold: np.ndarray | None = None,
    ) -> ResidentState:
        """Residents with the given awareness and trust who have not taken part in anything yet.

        ``disposition`` defaults to ``awareness`` (a copy is the awareness); ``threshold`` to 0;
        ``channel_modes`` to voice for every channel.
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
            channel_modes=channel_modes or ("voice",) * len(channel_names),
            acts=ActWindow.empty(governance_window, n),
            acts_outside_own=ActWindow.empty(governance_window, n),
        )

    def __post_init__(self) -> None:
        self.trust_prior = self.trust.copy()
        self.points_today = np.zeros_like(self.today)
        self.channel_total = np.zeros_like(self.channel_today)
        self.channel_turned_away = np.zeros_like(self.channel_today)
        if len(self.channel_modes) != len(self.channel_names) or set(self.channel_modes) - set(MODES):
            raise ValueError(f"channel_modes must give one of {MODES} per channel, got {self.channel_modes}")
        self.mode_of = np.array([MODES.index(m) for m in self.channel_modes], dtype=np.intp)
        self.earns_points = np.array([m not in NON_PARTICIPATION_MODES for m in self.channel_modes])
        self.governs = np.array([m in GOVERNANCE_MODES for m in self.channel_modes])
        self.own = np.zeros(len(self.channel_names), dtype=bool)
        self.acts_today = np.zeros_like(self.today)
        self.acts_outside_own_today = np.zeros_like(self.today)
        self.mode_total = np.zeros((len(MODES), self.awareness.size), dtype=np.int64)

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
        self.acts_today[:] = 0
        self.acts_outside_own_today[:] = 0

    def record(self, who: np.ndarray, channel: int, points: int) -> None:
        """Count one participation today for each of ``who`` on channel slot ``channel``.

        It earns ``points`` unless the channel's mode is information or service use, and is a
        co-governance act if the mode is one (:data:`~sim.params.GOVERNANCE_MODES`).
        """
        self.today[who] += 1
        self.channel_today[channel] += who.size
        self.mode_total[self.mode_of[channel], who] += 1
        if self.earns_points[channel]:
            self.points_today[who] += points
        if self.governs[channel]:
            self.acts_today[who] += 1
            if not self.own[channel]:
                self.acts_outside_own_today[who] += 1

    def restart_counts(self) -> None:
        """Start the counts since onset (participations per resident and per channel, turned away) at zero."""
        self.total[:] = 0
        self.channel_total[:] = 0
        self.channel_turned_away[:] = 0
        self.mode_total[:] = 0
