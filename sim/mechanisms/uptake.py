"""Taking up an opportunity: residents decide by the logit rule, then take part and learn.

Every channel session and every organisation activity goes through the same two verbs of
:class:`Uptake`: :meth:`~Uptake.decide` (who of those offered an opportunity takes it up, by
:func:`sim.mechanisms.participation.logit_probability`) and :meth:`~Uptake.take_part` (record the
participation on the channel axis; a good outcome rewards awareness, trust and the sense of gain, a
bad one disappoints trust).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.mechanisms import learning, senses
from sim.mechanisms.participation import logit_probability
from sim.params import ParticipationParams
from sim.state import ResidentState


@dataclass(frozen=True)
class Uptake:
    """How residents respond to opportunities on one day.

    Attributes
    ----------
    state : ResidentState
        Residents' arrays (read: awareness, exposure, trust; written: participations, learning).
    gain : numpy.ndarray
        Residents' sense of gain (lifted by good outcomes).
    params : ParticipationParams
        The logit coefficients and learning rates.
    free_hours : numpy.ndarray
        Each resident's free hours a day (the denominator of the time cost).
    signal : numpy.ndarray
        Today's social signal of each resident.
    gain_step : float
        How far a good outcome lifts the sense of gain.
    """

    state: ResidentState
    gain: np.ndarray
    params: ParticipationParams
    free_hours: np.ndarray
    signal: np.ndarray
    gain_step: float

    def decide(
        self,
        who: np.ndarray,
        institution: int,
        time_cost: float,
        rng: np.random.Generator,
        appeal: float = 0.0,
    ) -> np.ndarray:
        """Those of ``who`` who take up an opportunity of ``institution`` costing ``time_cost`` hours.

        ``appeal`` is the opportunity's own pull on the log-odds (a channel's ``appeal``).
        """
        s = self.state
        prob = logit_probability(
            self.params,
            s.awareness[who],
            self.signal[who],
            s.exposure[who],
            s.trust[institution, who],
            time_cost / self.free_hours[who],
            s.population.owner[who],
            appeal,
        )
        return who[rng.random(who.size) < prob]

    def take_part(
        self,
        who: np.ndarray,
        channel: int,
        institution: int,
        quality: float,
        awareness_gain: float,
        points: int,
        rng: np.random.Generator,
    ) -> None:
        """Record the participations of ``who`` (``points`` each) on ``channel``, good with ``quality``."""
        s = self.state
        good = rng.random(who.size) < quality
        learning.reward(s, who[good], institution, awareness_gain, self.params)
        learning.disappoint(s, who[~good], institution, self.params)
        senses.lift(self.gain, who[good], self.gain_step)
        s.record(who, channel, points)
