"""Learning from outcomes: awareness and trust move with experience.

A good outcome (an activity held, a voice heard) moves awareness (by the channel's
``awareness_gain``) and trust in the channel's institution a share of the way to 1; a bad outcome,
an unanswered attempt (closed hours) or being turned away (no capacity) lowers that trust by a share.
Each day awareness relaxes towards the resident's disposition (its initial awareness) at
``awareness_decay``.
"""

from __future__ import annotations

import numpy as np

from sim.params import ParticipationParams
from sim.state import ResidentState


def reward(
    state: ResidentState, who: np.ndarray, institution: int, awareness_gain: float, p: ParticipationParams
) -> None:
    """Good outcome for ``who``: awareness rises by the channel's gain, trust by ``trust_gain`` (in place)."""
    a = state.awareness
    a[who] += awareness_gain * (1.0 - a[who])
    t = state.trust[institution]
    t[who] += p.trust_gain * (1.0 - t[who])


def disappoint(state: ResidentState, who: np.ndarray, institution: int, p: ParticipationParams) -> None:
    """Bad or no answer for ``who``: trust in the institution falls (in place)."""
    t = state.trust[institution]
    t[who] -= p.trust_loss * t[who]


def relax_awareness(state: ResidentState, rate: float) -> None:
    """Awareness relaxes towards each resident's disposition (in place)."""
    state.awareness += rate * (state.disposition - state.awareness)


def relax_trust(state: ResidentState, rate: float) -> None:
    """Trust relaxes towards each resident's initial trust in each institution (in place)."""
    state.trust += rate * (state.trust_prior - state.trust)
