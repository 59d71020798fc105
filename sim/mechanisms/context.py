"""What the mechanisms of one day share: the date, the grid patrol's finds, budgets and records.

The model builds one :class:`Today` at the start of each step and passes it to the mechanisms that
need it, in the order of :meth:`sim.model.CommunityModel.step`. A shared budget is an explicit
:class:`Budget` object, so the order in which mechanisms draw on it is the order of the step
(disputes are triaged before service requests).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Budget:
    """Cases an actor can still take today.

    Examples
    --------
    >>> b = Budget(3)
    >>> b.take(2), b.take(5), b.left
    (2, 1, 0)
    """

    left: int

    def take(self, wanted: int) -> int:
        """Take up to ``wanted`` cases from what is left; return how many were taken."""
        taken = min(max(0, self.left), wanted)
        self.left -= taken
        return taken


def whole(expected: float, rng: np.random.Generator) -> int:
    """A whole number of cases with mean ``expected``: its floor, plus one with the fraction's chance.

    Staff act in proportion to their (possibly fractional) numbers: 0.4 workers taking 3 cases a day
    take 1 case on 20% of days and 2 on the other 80%.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> float(np.mean([whole(1.2, rng) for _ in range(10000)])).__round__(1)
    1.2
    """
    floor = int(np.floor(expected))
    return floor + int(rng.random() < expected - floor)


def is_weekend(day: int) -> bool:
    """Saturday or Sunday (day 0 is a Monday).

    Examples
    --------
    >>> [is_weekend(d) for d in range(7)]
    [False, False, False, False, False, True, True]
    """
    return day % 7 >= 5


@dataclass
class Today:
    """The shared context of one simulated day.

    Attributes
    ----------
    day : int
        Days simulated before today (day 0 is a Monday).
    visited : numpy.ndarray of bool
        Households visited by grid workers on patrol today (all False without proactive grid work).
    committee : Budget
        Cases the residents' committee staff can still take today (disputes first, then requests).
    collaboration : numpy.ndarray
        The joint-handling graph of :mod:`sim.world.collaboration`, recorded into in place.
    """

    day: int
    visited: np.ndarray
    committee: Budget
    collaboration: np.ndarray

    @property
    def weekend(self) -> bool:
        """Whether today is a Saturday or Sunday."""
        return is_weekend(self.day)
