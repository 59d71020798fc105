"""Participation level on the co-governance construct (docs/PARTICIPATION.md), and active spells.

A resident is *active* when it takes part in co-governance (deliberation, decision, co-production)
regularly: at least ``active_acts`` such acts in the last ``governance_window`` days, with at least
one in each half of that window (sustained over months, not a burst). It is *occasional* with at
least ``occasional_min`` engagement points in the last ``window`` days from participation acts (voice
and up: a call, a visit, attending an event or a meeting; a single ballot or two messages are not
enough; information and service use earn none); else *passive*. Chat messages, notice reads and
service requests alone can therefore make nobody active. Under the threshold rule the level is
active for adopters and passive otherwise.

:class:`Spells` follows who is active from day to day: spell lengths, entries and exits, the days
each resident was active, and who was ever active since the onset.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.state import ACTIVE, OCCASIONAL, PASSIVE, ActWindow, ResidentState

LONGEST_SPELL = 3650
"""Spells are counted by length up to this many days (longer ones in the last bin)."""


def roll_window(state: ResidentState, day: int) -> None:
    """Move day ``day``'s points and acts into their windows and its participations into the totals."""
    slot = day % state.window.shape[0]
    state.window_count += state.points_today.astype(np.int32) - state.window[slot]
    state.window[slot] = state.points_today
    state.acts.roll(state.acts_today, day)
    state.acts_outside_own.roll(state.acts_outside_own_today, day)
    state.total += state.today
    state.channel_total += state.channel_today


def sustained(acts: ActWindow, active_acts: int) -> np.ndarray:
    """Residents with at least ``active_acts`` acts in the window and at least one in each half.

    Examples
    --------
    >>> w = ActWindow(np.zeros((4, 3), np.uint8), np.array([3, 1, 0]), np.array([0, 2, 3]))
    >>> sustained(w, 3).tolist()  # a burst of 3 recent acts is not sustained
    [False, True, False]
    """
    return (acts.recent > 0) & (acts.older > 0) & (acts.total >= active_acts)


def classify(window_count: np.ndarray, acts: ActWindow, occasional_min: int, active_acts: int) -> np.ndarray:
    """Level of each resident from its engagement points and its co-governance acts.

    Examples
    --------
    >>> w = ActWindow(np.zeros((4, 4), np.uint8), np.array([0, 0, 1, 2]), np.array([0, 0, 0, 1]))
    >>> classify(np.array([0, 9, 0, 0]), w, occasional_min=4, active_acts=3).tolist()
    [0, 1, 0, 2]
    """
    level = np.full(window_count.size, PASSIVE, dtype=np.int8)
    level[window_count >= occasional_min] = OCCASIONAL
    level[sustained(acts, active_acts)] = ACTIVE
    return level


@dataclass
class Spells:
    """Active spells of the residents since the onset.

    Attributes
    ----------
    length : numpy.ndarray of int32
        Days of each resident's current active spell (0 when not active).
    active_days : numpy.ndarray of int32
        Days each resident was active since the onset.
    ever_active : numpy.ndarray of bool
        Residents active on some day since the onset (the onset day included).
    ended : numpy.ndarray of int64
        Spells that ended since the onset, by length in days (index ``d`` counts spells of ``d`` days,
        the last bin those of :data:`LONGEST_SPELL` days or more).
    entries, exits : int
        Residents who became active, and who stopped being active, since the onset.
    """

    length: np.ndarray
    active_days: np.ndarray
    ever_active: np.ndarray
    ended: np.ndarray
    entries: int = 0
    exits: int = 0

    @classmethod
    def start(cls, level: np.ndarray) -> Spells:
        """Spells at the onset: the active residents' spells start today."""
        active = level == ACTIVE
        return cls(
            length=active.astype(np.int32),
            active_days=np.zeros(level.size, dtype=np.int32),
            ever_active=active.copy(),
            ended=np.zeros(LONGEST_SPELL + 1, dtype=np.int64),
        )

    def update(self, level: np.ndarray) -> None:
        """Follow one day: spells of the active grow, those of residents no longer active end.

        Examples
        --------
        >>> s = Spells.start(np.array([2, 0]))
        >>> for today in ([2, 0], [0, 2], [0, 2]):
        ...     s.update(np.array(today))
        >>> s.entries, s.exits, s.ended[2].item(), s.length.tolist(), s.active_days.tolist()
        (1, 1, 1, [0, 2], [1, 2])
        """
        active = level == ACTIVE
        left = ~active & (self.length > 0)
        self.exits += int(np.count_nonzero(left))
        self.entries += int(np.count_nonzero(active & (self.length == 0)))
        np.add.at(self.ended, np.minimum(self.length[left], LONGEST_SPELL), 1)
        self.length = np.where(active, self.length + 1, 0).astype(np.int32)
        self.active_days += active
        self.ever_active |= active
