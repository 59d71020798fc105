"""The homeowners' committee: founded by an assembly of owners, lapsing when owners disengage.

Every ``hoa_attempt_period`` days without a committee a founding assembly is attempted. It reaches
each owner with this community's mobilisation (door-to-door, written ballots), and a reached owner
casts a ballot with probability ``logistic(vote_b0 + b_aware * awareness + vote_b_dissatisfaction *
(1 - trust in the property company) + vote_b_senior * senior)``. The committee forms when the
owners who took part (at least one) reach ``hoa_quorum`` of all owners (PRC Civil Code art. 278:
owners of more than two thirds of the number and area take part). Tenants cannot vote. A formed committee runs
the homeowners' meeting channel; when a meeting draws fewer than ``hoa_lapse_turnout`` of the owners
the committee lapses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.params import INSTITUTIONS
from sim.world import collaboration

if TYPE_CHECKING:
    from sim.model import CommunityModel


def ballot_probability(
    awareness: np.ndarray,
    trust_property: np.ndarray,
    senior: np.ndarray,
    b0: float,
    b_aware: float,
    b_dissatisfaction: float,
    b_senior: float,
) -> np.ndarray:
    """Probability that a reached owner casts a ballot in the founding assembly."""
    z = b0 + b_aware * awareness + b_dissatisfaction * (1.0 - trust_property) + b_senior * senior
    return 1.0 / (1.0 + np.exp(-z))


def assembly_turnout(owners: np.ndarray, reach: float, prob: np.ndarray, rng: np.random.Generator) -> tuple:
    """Owners who take part (reached and voting) and their share of all owners."""
    reached = rng.random(owners.size) < reach
    voted = reached & (rng.random(owners.size) < prob)
    return owners[voted], (voted.sum() / owners.size if owners.size else 0.0)


def convene_assembly(model: CommunityModel) -> None:
    """Attempt a founding assembly on its calendar while no committee exists."""
    inst, c = model.institutions, model.cfg.institutions.committee
    s = model.state
    if inst.hoa_formed or s.day % c.hoa_attempt_period != c.hoa_attempt_period // 2:
        return
    owners = np.flatnonzero(s.population.owner)
    prob = ballot_probability(
        s.awareness[owners],
        s.trust[INSTITUTIONS.index("property"), owners],
        s.population.age_band[owners] == 2,
        c.vote_b0,
        model.cfg.participation.b_aware,
        c.vote_b_dissatisfaction,
        c.vote_b_senior,
    )
    voters, turnout = assembly_turnout(owners, inst.hoa_mobilisation, prob, model.streams.get("homeowners"))
    s.today[voters] += 1
    if voters.size and turnout >= c.hoa_quorum:
        inst.hoa_formed, inst.hoa_formed_day = True, s.day + 1
        collaboration.record(inst.collaboration, ("street", "committee", "homeowners"))


def check_lapse(model: CommunityModel, held: list[str]) -> None:
    """A homeowners' meeting held today that drew too few owners dissolves the committee."""
    if "homeowners_meeting" not in held:
        return
    turnout = int(model.state.channel_today[model.state.channel_names.index("homeowners_meeting")])
    owners = int(model.state.population.owner.sum())
    if owners and turnout / owners < model.cfg.institutions.committee.hoa_lapse_turnout:
        model.institutions.hoa_formed = False
