"""The homeowners' committee: founded by an assembly of owners, re-elected each term or lapsing.

Every ``hoa_attempt_period`` days from ``hoa_attempt_offset``, while no committee exists, a founding
assembly is attempted; a formed committee serves ``hoa_term`` days, then holds a re-election
assembly by the same rule and lapses if it fails (owners who have disengaged do not renew it). An
assembly reaches each owner with this community's mobilisation (door-to-door, written ballots), and
a reached owner casts a ballot with probability ``expit(vote_b0 + b_aware * awareness +
vote_b_dissatisfaction * (1 - trust in the property company) + vote_b_senior * senior)``. The
committee forms when the owners who took part (at least one) reach ``hoa_quorum`` of all owners (PRC
Civil Code art. 278: owners of more than two thirds of the number and area take part). Tenants
cannot vote. A ballot counts as a participation worth ``assembly_engagement`` points on the founding
assembly's slot of the channel axis. A formed committee runs the channels of the ``homeowners``
institution (it also lapses when one of their sessions draws fewer than the channel's
``lapse_turnout``, :func:`sim.mechanisms.channels.lapsed`; 0 by default).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.mechanisms.context import Today
from sim.mechanisms.participation import expit
from sim.params import INSTITUTIONS, CommitteeParams
from sim.state import ResidentState
from sim.world import collaboration
from sim.world.population import AgeBand

PROPERTY = INSTITUTIONS.index("property")


@dataclass
class Homeowners:
    """The homeowners' committee of one community.

    Attributes
    ----------
    mobilisation : float
        Share of owners a founding assembly reaches in this community.
    formed : bool
        Whether the committee exists now.
    formed_day : int or None
        Day it (last) formed or was re-elected.
    assemblies, seats, ballots : int
        Since the onset: assemblies held, owners called to them (owners times assemblies), ballots.
    """

    mobilisation: float
    formed: bool = False
    formed_day: int | None = None
    assemblies: int = 0
    seats: int = 0
    ballots: int = 0

    def restart_counts(self) -> None:
        """Start the assembly counters at zero (at the intervention onset)."""
        self.assemblies = self.seats = self.ballots = 0

    def assembly_due(self, day: int, c: CommitteeParams) -> bool:
        """Whether an assembly is held on ``day``: a founding attempt, or the re-election at term end."""
        if self.formed:
            return self.formed_day is not None and day + 1 - self.formed_day >= c.hoa_term
        return attempt_due(day, c)


def ballot_probability(
    awareness: np.ndarray, trust_property: np.ndarray, senior: np.ndarray, c: CommitteeParams, b_aware: float
) -> np.ndarray:
    """Probability that a reached owner casts a ballot in the founding assembly.

    Examples
    --------
    >>> c = CommitteeParams(vote_b0=0.0, vote_b_dissatisfaction=0.0, vote_b_senior=0.0)
    >>> ballot_probability(np.array([0.0]), np.array([0.5]), np.array([False]), c, 9.0).tolist()
    [0.5]
    """
    z = (
        c.vote_b0
        + b_aware * awareness
        + c.vote_b_dissatisfaction * (1.0 - trust_property)
        + c.vote_b_senior * senior
    )
    return expit(z)


def assembly_turnout(
    owners: np.ndarray, reach: float, prob: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, float]:
    """Owners who take part (reached and voting) and their share of all owners."""
    reached = rng.random(owners.size) < reach
    voted = reached & (rng.random(owners.size) < prob)
    return owners[voted], (voted.sum() / owners.size if owners.size else 0.0)


def attempt_due(day: int, c: CommitteeParams) -> bool:
    """Whether a founding assembly is on the calendar on ``day``.

    Examples
    --------
    >>> c = CommitteeParams(hoa_attempt_period=180, hoa_attempt_offset=90)
    >>> [d for d in range(400) if attempt_due(d, c)]
    [90, 270]
    """
    return day >= c.hoa_attempt_offset and (day - c.hoa_attempt_offset) % c.hoa_attempt_period == 0


def convene_assembly(
    hoa: Homeowners,
    c: CommitteeParams,
    state: ResidentState,
    b_aware: float,
    today: Today,
    slot: int,
    rng: np.random.Generator,
) -> None:
    """Hold a founding assembly on its calendar, or a re-election at the end of a term (in place).

    Ballots are recorded as participations on ``slot`` of the channel axis. A committee is formed (or
    renewed for a term) when the quorum is reached; a committee whose re-election fails lapses.
    """
    if not hoa.assembly_due(today.day, c):
        return
    owners = np.flatnonzero(state.population.owner)
    prob = ballot_probability(
        state.awareness[owners],
        state.trust[PROPERTY, owners],
        state.population.age_band[owners] == AgeBand.SENIOR,
        c,
        b_aware,
    )
    voters, turnout = assembly_turnout(owners, hoa.mobilisation, prob, rng)
    state.record(voters, slot, c.assembly_engagement)
    hoa.assemblies += 1
    hoa.seats += owners.size
    hoa.ballots += voters.size
    elected = bool(voters.size) and turnout >= c.hoa_quorum
    if elected and not hoa.formed:
        collaboration.record(today.collaboration, ("street", "committee", "homeowners"))
    hoa.formed = elected
    hoa.formed_day = today.day + 1 if elected else hoa.formed_day
