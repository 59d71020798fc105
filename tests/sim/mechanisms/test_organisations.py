"""Social organisations: sessions, credibility, recruitment, leaving (sim.mechanisms.organisations)."""

import dataclasses

import numpy as np
import pytest

from sim.mechanisms.organisations import NONE, Organisations, grow, hold_activities
from sim.mechanisms.uptake import Uptake
from sim.params import INSTITUTIONS, OrganisationsParams, ParticipationParams
from sim.state import ResidentState
from sim.world.network import from_edges
from sim.world.population import Population

SOCIAL_ORG = INSTITUTIONS.index("social_org")
SLOT = 1


def _orgs(org_of, credibility, offset=None, period=7, room=1e9) -> Organisations:
    cred = np.asarray(credibility, float)
    off = np.zeros(cred.size, np.int64) if offset is None else np.asarray(offset, np.int64)
    return Organisations(np.asarray(org_of, np.int32), cred, off, period, room)


def _p(**kw) -> OrganisationsParams:
    return dataclasses.replace(OrganisationsParams(), **kw)


def _state(n: int) -> ResidentState:
    return ResidentState.at_rest(
        Population(*(np.zeros(n, dtype=bool) for _ in range(5))),
        np.full(n, 0.2),
        np.full((len(INSTITUTIONS), n), 0.5),
        channel_names=("c", "org_activity"),
        institutions=INSTITUTIONS,
    )


def _uptake(n: int, b0: float) -> Uptake:
    p = dataclasses.replace(
        ParticipationParams(),
        b0=b0,
        b_aware=0.0,
        b_social=0.0,
        b_outreach=0.0,
        b_trust=0.0,
        b_cost=0.0,
        b_owner=0.0,
    )
    return Uptake(_state(n), np.full(n, 0.5), p, np.full(n, 4.0), np.zeros(n), 0.1)


# ------------------------------------------------------------------ recruitment
def test_recruit_members_of_another_organisation_and_non_neighbours_never_join():
    # 0 (org 0) is tied to 1 (org 1) and 2 (nobody); 3 (nobody) has no ties
    adj = from_edges(4, np.array([0, 0]), np.array([1, 2]))
    orgs = _orgs([0, 1, NONE, NONE], [1.0, 1.0])
    rng = np.random.default_rng(0)
    for _ in range(60):
        orgs.recruit(adj, _p(recruit_rate=1.0), rng)
    assert orgs.org_of.tolist() == [0, 1, 0, NONE]


def test_recruit_zero_credibility_nobody_joins():
    adj = from_edges(3, np.array([0, 0]), np.array([1, 2]))
    orgs = _orgs([0, NONE, NONE], [0.0])
    for _ in range(50):
        orgs.recruit(adj, _p(recruit_rate=1.0), np.random.default_rng(1))
    assert orgs.org_of.tolist() == [0, NONE, NONE]


@pytest.mark.parametrize("capacity", [8000.0, 4000.0, 2000.0])
def test_recruit_join_share_equals_credibility_times_room(capacity):
    # 2000 stars: member i tied to non-member i + 2000; every member invites; joins with credibility 0.3
    # times the room left (1 - 2000 / capacity): 0.225, 0.15, and 0 for a full organisation
    k = 2000
    adj = from_edges(2 * k, np.arange(k), np.arange(k, 2 * k))
    orgs = _orgs(np.r_[np.zeros(k, np.int32), np.full(k, NONE)], [0.3], room=capacity)
    orgs.recruit(adj, _p(recruit_rate=1.0), np.random.default_rng(2))
    joined = np.mean(orgs.org_of[k:] == 0)
    expected = 0.3 * (1.0 - k / capacity)
    assert joined == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / k) + 1e-12)


def test_recruit_recruit_rate_zero_nobody_invites():
    adj = from_edges(2, np.array([0]), np.array([1]))
    orgs = _orgs([0, NONE], [1.0])
    orgs.recruit(adj, _p(recruit_rate=0.0), np.random.default_rng(3))
    assert orgs.org_of.tolist() == [0, NONE]


# ------------------------------------------------------------------ credibility
def test_judge_activity_someone_came_gains_nobody_came_loses_others_unchanged():
    orgs = _orgs([0, 0, 1, 1, 2], [0.4, 0.4, 0.4])
    orgs.judge(np.array([0, 1]), np.array([1]), _p(credibility_gain=0.1, credibility_loss=0.25))
    assert orgs.credibility == pytest.approx([0.46, 0.3, 0.4])  # 0.4 + 0.1 * 0.6 ; 0.4 - 0.25 * 0.4


def test_cultivate_moves_credibility_the_rate_of_the_gap_to_one():
    orgs = _orgs([NONE], [0.0, 0.5, 1.0])
    orgs.cultivate(0.2)
    assert orgs.credibility == pytest.approx([0.2, 0.6, 1.0])


def test_in_session_every_period_from_each_offset():
    orgs = _orgs([NONE], [0.3, 0.3], offset=[0, 3], period=7)
    sessions = {d: orgs.in_session(d).tolist() for d in range(15)}
    assert [d for d, o in sessions.items() if 0 in o] == [0, 7, 14]
    assert [d for d, o in sessions.items() if 1 in o] == [3, 10]


def test_invite_only_members_of_organisations_in_session():
    orgs = _orgs([0, 1, NONE, 0, 1, NONE], [0.3, 0.3])
    invited = orgs.invite(np.array([1]), 1.0, np.random.default_rng(0))
    assert invited.tolist() == [1, 4]
    assert orgs.invite(np.array([], np.int64), 1.0, np.random.default_rng(0)).size == 0


# ------------------------------------------------------------------ activities
def test_hold_activities_everyone_comes_recorded_on_slot_credibility_rises_outcomes_good():
    orgs = _orgs([0, 0, NONE, 1, NONE], [1.0, 0.5], offset=[2, 3], period=7)
    u = _uptake(5, b0=50.0)
    p = _p(reach=1.0, credibility_gain=0.5, awareness_gain=0.5)
    hold_activities(orgs, p, 9, u, SLOT, SOCIAL_ORG, np.random.default_rng(0))  # org 0 only (9 = 2 + 7)
    assert u.state.channel_today.tolist() == [0, 2] and u.state.today.tolist() == [1, 1, 0, 0, 0]
    assert orgs.credibility == pytest.approx([1.0, 0.5])
    assert u.state.awareness == pytest.approx([0.6, 0.6, 0.2, 0.2, 0.2])  # quality 1: all good
    assert u.state.trust[SOCIAL_ORG] == pytest.approx([0.525, 0.525, 0.5, 0.5, 0.5])


def test_hold_activities_nobody_comes_credibility_falls_nothing_recorded():
    orgs = _orgs([0, 0, NONE], [0.6], period=7)
    u = _uptake(3, b0=-50.0)
    hold_activities(
        orgs, _p(reach=1.0, credibility_loss=0.5), 0, u, SLOT, SOCIAL_ORG, np.random.default_rng(0)
    )
    assert orgs.credibility == pytest.approx([0.3]) and u.state.channel_today.sum() == 0


def test_hold_activities_zero_credibility_attended_activity_has_bad_outcomes():
    orgs = _orgs([0, 0], [0.0], period=7)
    u = _uptake(2, b0=50.0)
    hold_activities(
        orgs, _p(reach=1.0, credibility_gain=0.0), 0, u, SLOT, SOCIAL_ORG, np.random.default_rng(0)
    )
    assert u.state.channel_today[SLOT] == 2
    assert u.state.trust[SOCIAL_ORG] == pytest.approx([0.475, 0.475])  # disappointed: 0.5 - 0.05 * 0.5
    assert (u.state.awareness == 0.2).all()


def test_hold_activities_off_day_changes_nothing():
    orgs = _orgs([0, 0], [0.5], offset=[1], period=7)
    u = _uptake(2, b0=50.0)
    hold_activities(orgs, _p(reach=1.0), 0, u, SLOT, SOCIAL_ORG, np.random.default_rng(0))
    assert orgs.credibility.tolist() == [0.5] and u.state.channel_today.sum() == 0


# ------------------------------------------------------------------ leaving, training, founding, growth
def test_leave_rate_one_everyone_leaves_zero_nobody():
    orgs = _orgs([0, 1, NONE], [0.5, 0.5])
    orgs.leave(0.0, np.random.default_rng(0))
    assert orgs.org_of.tolist() == [0, 1, NONE]
    orgs.leave(1.0, np.random.default_rng(0))
    assert orgs.org_of.tolist() == [NONE] * 3


def test_train_mediators_only_members_are_trained():
    orgs = _orgs([0, NONE, 0, NONE], [0.5])
    mediator = np.zeros(4, bool)
    orgs.train_mediators(mediator, 0.0, np.random.default_rng(0))
    assert not mediator.any()
    orgs.train_mediators(mediator, 365.0, np.random.default_rng(0))  # daily probability 1
    assert mediator.tolist() == [True, False, True, False]


def test_found_count_from_per_1000_and_membership_share_from_initial_members():
    rng = np.random.default_rng(0)
    orgs = Organisations.found(_p(per_1000=2.0, initial_members=0.1, credibility=0.3, period=14), 20_000, rng)
    assert orgs.count == 40 and (orgs.credibility == 0.3).all()
    assert orgs.member.mean() == pytest.approx(0.1, abs=4 * np.sqrt(0.09 / 20_000))
    assert orgs.org_of.max() < 40 and ((orgs.offset >= 0) & (orgs.offset < 14)).all()


def test_found_zero_organisations_nobody_is_a_member_and_grow_does_nothing():
    orgs = Organisations.found(_p(per_1000=0.0, initial_members=0.5), 100, np.random.default_rng(0))
    assert orgs.count == 0 and not orgs.member.any()
    mediator = np.zeros(100, bool)
    grow(orgs, mediator, from_edges(100, np.arange(99), np.arange(1, 100)), _p(), np.random.default_rng(0))
    assert not orgs.member.any() and not mediator.any()


def test_grow_cultivation_raises_credibility_each_day():
    orgs = _orgs([0, NONE], [0.2])
    adj = from_edges(2, np.array([0]), np.array([1]))
    p = _p(recruit_rate=0.0, leave_rate=0.0, cultivation=0.1, mediator_training=0.0)
    for _ in range(3):
        grow(orgs, np.zeros(2, bool), adj, p, np.random.default_rng(0))
    assert orgs.credibility[0] == pytest.approx(1 - 0.8 * 0.9**3)


def test_found_room_grows_continuously_with_per_1000_while_the_count_is_rounded():
    # 800 residents: 1.0 and 1.3 organisations per 1,000 both round to one organisation, with room
    # for 64 and 83.2 members (80 per organisation's worth of per_1000)
    one = Organisations.found(_p(per_1000=1.0, members_per_org=80.0), 800, np.random.default_rng(0))
    more = Organisations.found(_p(per_1000=1.3, members_per_org=80.0), 800, np.random.default_rng(0))
    assert one.count == more.count == 1
    assert (one.room_per_org, more.room_per_org) == pytest.approx((64.0, 83.2))
