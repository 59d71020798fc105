"""The homeowners' committee: ballots, the 2/3 quorum, the assembly calendar (sim.mechanisms.homeowners)."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.mechanisms.context import Budget, Today
from sim.mechanisms.homeowners import (
    Homeowners,
    assembly_turnout,
    attempt_due,
    ballot_probability,
    convene_assembly,
)
from sim.params import INSTITUTIONS, CommitteeParams
from sim.state import ResidentState
from sim.world import collaboration
from sim.world.population import AgeBand, Population

SLOT = 1  # founding-assembly slot on a two-slot channel axis
PROPERTY = INSTITUTIONS.index("property")
B_AWARE = 100.0
# aware owners (awareness 1) vote for sure: -50 + 100 = 50 ; unaware owners never: -50
SURE = CommitteeParams(
    vote_b0=-50.0,
    vote_b_dissatisfaction=0.0,
    vote_b_senior=0.0,
    hoa_attempt_offset=0,
    hoa_attempt_period=10,
)


def _state(owner, aware, senior=None) -> ResidentState:
    owner, aware = np.asarray(owner, bool), np.asarray(aware, float)
    n = owner.size
    band = np.where(np.asarray(senior, bool), AgeBand.SENIOR, AgeBand.MIDDLE) if senior is not None else None
    population = Population(
        owner=owner,
        age_band=np.zeros(n, np.int8) if band is None else band.astype(np.int8),
        busy=np.zeros(n, bool),
        digital=np.zeros(n, bool),
        party=np.zeros(n, bool),
    )
    return ResidentState.at_rest(
        population,
        aware,
        np.full((len(INSTITUTIONS), n), 0.5),
        channel_names=("c", "founding_assembly"),
        institutions=INSTITUTIONS,
    )


def _today(day: int = 0) -> Today:
    return Today(day, np.zeros(0, bool), Budget(0), collaboration.new_graph())


def _convene(hoa, c, state, day=0, seed=0) -> Today:
    today = _today(day)
    convene_assembly(hoa, c, state, B_AWARE, today, SLOT, np.random.default_rng(seed))
    return today


def _owners_voting(owners: int, voting: int) -> ResidentState:
    return _state(np.ones(owners, bool), np.arange(owners) < voting)


# ------------------------------------------------------------------ the quorum
@pytest.mark.parametrize(("owners", "voting"), [(3, 2), (6, 4), (300, 200)])
def test_convene_assembly_turnout_exactly_two_thirds_forms_the_committee(owners, voting):
    hoa = Homeowners(mobilisation=1.0)
    today = _convene(hoa, dataclasses.replace(SURE, hoa_quorum=2 / 3), _owners_voting(owners, voting), day=30)
    assert hoa.formed and hoa.formed_day == 31  # it exists from the next day
    g, ix = today.collaboration, collaboration.INDEX
    assert g[ix["street"], ix["homeowners"]] == 1 and g[ix["committee"], ix["homeowners"]] == 1


@pytest.mark.parametrize(("owners", "voting"), [(3, 1), (6, 3), (300, 199)])
def test_convene_assembly_turnout_just_below_two_thirds_does_not_form(owners, voting):
    hoa = Homeowners(mobilisation=1.0)
    today = _convene(hoa, dataclasses.replace(SURE, hoa_quorum=2 / 3), _owners_voting(owners, voting))
    assert not hoa.formed and hoa.formed_day is None
    assert not today.collaboration.any()


def test_convene_assembly_zero_quorum_still_needs_one_ballot():
    hoa = Homeowners(mobilisation=1.0)
    _convene(hoa, dataclasses.replace(SURE, hoa_quorum=0.0), _owners_voting(5, 0))
    assert not hoa.formed
    _convene(hoa, dataclasses.replace(SURE, hoa_quorum=0.0), _owners_voting(5, 1), day=10)
    assert hoa.formed


def test_convene_assembly_tenants_cannot_vote_even_when_eager():
    # 3 owners (1 aware) and 6 eager tenants: turnout 1/3 of the owners, below a 1/2 quorum
    state = _state([True] * 3 + [False] * 6, [1.0, 0.0, 0.0] + [1.0] * 6)
    hoa = Homeowners(mobilisation=1.0)
    _convene(hoa, dataclasses.replace(SURE, hoa_quorum=0.5), state)
    assert not hoa.formed
    assert state.today.tolist() == [1] + [0] * 8


def test_convene_assembly_no_owners_never_forms():
    hoa = Homeowners(mobilisation=1.0)
    state = _state(np.zeros(4, bool), np.ones(4))
    _convene(hoa, dataclasses.replace(SURE, hoa_quorum=0.0), state)
    assert not hoa.formed and state.channel_today.tolist() == [0, 0]


def test_convene_assembly_zero_mobilisation_reaches_nobody():
    hoa = Homeowners(mobilisation=0.0)
    state = _owners_voting(10, 10)
    _convene(hoa, dataclasses.replace(SURE, hoa_quorum=0.0), state)
    assert not hoa.formed and state.channel_today[SLOT] == 0


# ------------------------------------------------------------------ ballots and the calendar
def test_convene_assembly_ballots_recorded_on_the_founding_assembly_slot():
    state = _owners_voting(9, 4)
    _convene(Homeowners(mobilisation=1.0), dataclasses.replace(SURE, hoa_quorum=1.0), state)
    assert state.channel_today.tolist() == [0, 4]
    assert state.today.tolist() == [1] * 4 + [0] * 5


def test_convene_assembly_off_calendar_day_holds_no_assembly():
    state = _owners_voting(9, 9)
    hoa = Homeowners(mobilisation=1.0)
    c = dataclasses.replace(SURE, hoa_quorum=0.5, hoa_attempt_offset=5, hoa_attempt_period=10)
    for day in (0, 4, 6, 14):
        _convene(hoa, c, state, day=day)
    assert not hoa.formed and state.channel_today.sum() == 0
    _convene(hoa, c, state, day=15)
    assert hoa.formed and hoa.formed_day == 16 and state.channel_today[SLOT] == 9


def test_convene_assembly_formed_committee_holds_no_further_assembly():
    state = _owners_voting(6, 6)
    hoa = Homeowners(mobilisation=1.0, formed=True, formed_day=3)
    _convene(hoa, SURE, state, day=10)
    assert state.channel_today.sum() == 0 and hoa.formed_day == 3


def test_attempt_due_first_attempt_at_offset_then_every_period():
    c = CommitteeParams(hoa_attempt_offset=90, hoa_attempt_period=180)
    assert [d for d in range(800) if attempt_due(d, c)] == [90, 270, 450, 630]


@settings(max_examples=100, deadline=None)
@given(offset=st.integers(0, 100), period=st.integers(1, 60), days=st.integers(0, 400))
def test_attempt_due_any_calendar_attempt_count_and_spacing(offset, period, days):
    c = CommitteeParams(hoa_attempt_offset=offset, hoa_attempt_period=period)
    due = [d for d in range(days) if attempt_due(d, c)]
    assert len(due) == max(0, -(-(days - offset) // period))
    assert all(b - a == period for a, b in zip(due, due[1:], strict=False))
    assert not due or due[0] == offset


# ------------------------------------------------------------------ the ballot probability
def test_ballot_probability_hand_computed():
    c = CommitteeParams(vote_b0=-1.0, vote_b_dissatisfaction=2.0, vote_b_senior=0.5)
    p = ballot_probability(np.array([0.5, 0.0]), np.array([0.25, 1.0]), np.array([True, False]), c, 2.0)
    # z = -1 + 2 * 0.5 + 2 * 0.75 + 0.5 = 2 ; z = -1
    assert p == pytest.approx(1 / (1 + np.exp([-2.0, 1.0])))


def test_ballot_probability_dissatisfied_and_senior_owners_vote_more():
    c = CommitteeParams()
    base = ballot_probability(np.array([0.2]), np.array([0.8]), np.array([False]), c, 9.0)[0]
    unhappy = ballot_probability(np.array([0.2]), np.array([0.2]), np.array([False]), c, 9.0)[0]
    senior = ballot_probability(np.array([0.2]), np.array([0.8]), np.array([True]), c, 9.0)[0]
    assert unhappy > base and senior > base


def test_convene_assembly_ballot_reads_trust_in_the_property_company():
    # dissatisfaction alone decides: owner 0 distrusts the property company, owner 1 trusts it fully
    c = dataclasses.replace(SURE, vote_b0=-50.0, vote_b_dissatisfaction=100.0, hoa_quorum=1.0)
    state = _state([True, True], [0.0, 0.0])
    state.trust[PROPERTY] = [0.0, 1.0]
    convene_assembly(Homeowners(1.0), c, state, 0.0, _today(), SLOT, np.random.default_rng(0))
    assert state.today.tolist() == [1, 0]


def test_assembly_turnout_share_is_of_all_owners_reached_or_not():
    owners = np.arange(10, 20)
    voters, turnout = assembly_turnout(owners, 1.0, np.ones(10), np.random.default_rng(0))
    assert voters.tolist() == owners.tolist() and turnout == 1.0
    voters, turnout = assembly_turnout(owners, 0.5, np.ones(10), np.random.default_rng(0))
    assert turnout == voters.size / 10 and set(voters.tolist()) <= set(owners.tolist())
    assert assembly_turnout(owners[:0], 1.0, np.ones(0), np.random.default_rng(0))[1] == 0.0
