"""Disputes: arising, growing, the ladder of settlers, social-risk events (sim.mechanisms.disputes).

A five-resident street: path 0-1-2-3-4, each resident its own household, residents 0-2 in building 0
and 3-4 in building 1. Probabilities are 0 or 1 and severities fixed so that outcomes are certain.
"""

import dataclasses

import numpy as np
import pytest

from sim.mechanisms import disputes as dz
from sim.mechanisms.channels import Channel, Rhythm
from sim.mechanisms.context import Budget, Today
from sim.mechanisms.disputes import LADDER, LEVELS, Disputes, Settlers, chance, settle_disputes
from sim.mechanisms.organisations import Organisations
from sim.mechanisms.requests import Desk, Requests, answer_requests
from sim.params import (
    INSTITUTIONS,
    ChannelParams,
    CommitteeParams,
    ParticipationParams,
    ServicesParams,
    WorkersParams,
)
from sim.state import ResidentState
from sim.world import collaboration
from sim.world.network import Blocks, from_edges
from sim.world.population import Population

N = 5
PATH = from_edges(N, np.arange(N - 1), np.arange(1, N))
BUILDING = np.array([0, 0, 0, 1, 1])
LEARN = dataclasses.replace(ParticipationParams(), trust_gain=0.5, trust_loss=0.5)
NOTHING_SETTLES = dict(
    dispute_rate=0.0,
    dispute_growth=0.0,
    self_settle=0.0,
    mediator_settle=0.0,
    org_settle=0.0,
    worker_settle=0.0,
)


def _state(n: int = N, awareness: float = 0.0) -> ResidentState:
    return ResidentState.at_rest(
        Population(*(np.zeros(n, dtype=bool) for _ in range(5))),
        np.full(n, awareness),
        np.full((len(INSTITUTIONS), n), 0.5),
        channel_names=("c",),
        institutions=INSTITUTIONS,
    )


def _orgs(org_of=None, credibility=()) -> Organisations:
    org_of = np.full(N, -1, np.int32) if org_of is None else np.asarray(org_of, np.int32)
    cred = np.asarray(credibility, dtype=np.float64)
    return Organisations(org_of, cred, np.zeros(cred.size, np.int64), 14)


def _settlers(services=None, workers=None, committee=None, *, mediator=None, orgs=None, grid=0, social=0):
    return Settlers(
        adjacency=PATH,
        household_of=np.arange(N),
        building_of=BUILDING,
        buildings=Blocks.of(BUILDING),
        households=N,
        mediator=np.zeros(N, bool) if mediator is None else mediator,
        organisations=_orgs() if orgs is None else orgs,
        grid_workers=grid,
        social_workers=social,
        services=services or dataclasses.replace(ServicesParams(), **NOTHING_SETTLES),
        workers=workers or WorkersParams(),
        committee=committee or CommitteeParams(whistle=False),
    )


def _today(day: int = 0, budget: int = 0, visited: bool = False) -> Today:
    return Today(day, np.full(N, visited), Budget(budget), collaboration.new_graph())


def _open(a, b, severity) -> Disputes:
    d = Disputes()
    d.arise(np.asarray(a, np.int64), np.asarray(b, np.int64), 0.0, 0.0, np.random.default_rng(0))
    d.severity[:] = severity
    return d


def _services(**kw) -> ServicesParams:
    return dataclasses.replace(ServicesParams(), **{**NOTHING_SETTLES, **kw})


def _run(d, s, today, state=None, security=None, seed=0):
    state = _state() if state is None else state
    security = np.full(N, 0.5) if security is None else security
    settle_disputes(d, s, today, state, security, LEARN, np.random.default_rng(seed))
    return state, security


# ------------------------------------------------------------------ the ladder, one level able at a time
def _able(level: str, awareness: float = 0.0):
    """Settlers, today and state with only the levels from ``level`` on able to settle a dispute 0-1."""
    first = LEVELS.index(level)
    on = set(LEVELS[first:])
    sv = _services(
        complaint_severity=0.0,  # every dispute is a complaint: workers and the committee may take it
        self_settle=1.0 if "self" in on else 0.0,
        mediator_settle=1.0,
        org_settle=1.0,
        worker_settle=1.0,
    )
    committee = CommitteeParams(
        mediation_success=1.0, whistle="street" in on, whistle_severity=0.0, whistle_delay=0
    )
    mediator = np.zeros(N, bool)
    mediator[2] = "mediator" in on  # neighbour of party 1
    orgs = _orgs([0, -1, -1, -1, -1], [1.0]) if "organisation" in on else _orgs()
    s = _settlers(
        sv,
        WorkersParams(grid_cases=1.0, social_cases=1.0),
        committee,
        mediator=mediator,
        orgs=orgs,
        grid=1 if "worker" in on else 0,
    )
    today = _today(budget=1 if "committee" in on else 0)
    return s, today, _state(awareness=1.0)


@pytest.mark.parametrize("level", LEVELS)
def test_settle_disputes_dispute_every_later_level_could_settle_is_settled_by_the_first(level):
    s, today, state = _able(level)
    d = _open([0], [1], 0.0)
    _run(d, s, today, state)
    expected = np.zeros(len(LEVELS), np.int64)
    expected[LEVELS.index(level)] = 1
    assert d.settled.tolist() == expected.tolist()
    assert d.open == 0


def test_ladder_order_is_parties_mediator_organisation_worker_committee_street():
    assert LEVELS == ("self", "mediator", "organisation", "worker", "committee", "street")
    assert [rung.attempt for rung in LADDER] == [
        dz.by_parties,
        dz.by_mediator,
        dz.by_organisation,
        dz.by_worker,
        dz.by_committee,
        dz.by_street,
    ]
    assert dz.GRASSROOTS == ("self", "mediator", "organisation")  # the residents' own level
    assert [rung.name for rung in LADDER if rung.settles_hard] == ["street"]


def test_hard_dispute_escapes_the_committee_until_the_street_settles_it():
    d = _open([0, 2], [1, 3], 0.69)
    d.hard[:] = [True, False]
    committee = CommitteeParams(whistle=True, whistle_delay=0, mediation_success=1.0)
    s = _settlers(services=_services(dispute_growth=0.02), committee=committee)
    settle_disputes(
        d, s, _today(budget=10), _state(), np.full(N, 0.5), ParticipationParams(), np.random.default_rng(1)
    )
    assert d.escalated == 2  # both crossed the whistle severity today
    assert d.open == 0 and d.settled[LEVELS.index("street")] >= 1  # the committee cannot settle the hard one


def test_settle_disputes_no_level_able_leaves_dispute_open_and_ageing():
    s, today, state = _able("street")
    s = dataclasses.replace(s, committee=CommitteeParams(whistle=False))
    d = _open([0], [1], 0.0)
    for day in range(3):
        _run(d, s, _today(day), state)
    assert d.open == 1 and d.age.tolist() == [3] and d.settled.sum() == 0


def test_settle_disputes_committee_settlement_uses_one_case_of_the_budget():
    s, today, state = _able("committee")
    d = _open([0], [1], 0.0)
    today.committee.left = 4
    _run(d, s, today, state)
    assert d.settled[LEVELS.index("committee")] == 1 and today.committee.left == 3


def test_settle_disputes_mediator_settles_only_when_a_party_or_a_neighbour_is_a_mediator():
    sv = _services(mediator_settle=1.0)
    mediator = np.array([False, False, False, False, True])  # 4 is next to 3 only
    far, near = _open([0], [1], 0.0), _open([2], [3], 0.0)
    _run(far, _settlers(sv, mediator=mediator), _today())
    _run(near, _settlers(sv, mediator=mediator), _today())
    assert far.open == 1 and near.settled[LEVELS.index("mediator")] == 1


# ------------------------------------------------------------------ what a settlement does
def test_settle_disputes_settlement_lifts_parties_security_and_trust_in_the_settling_institution():
    s, today, state = _able("mediator")
    d = _open([0], [1], 0.0)
    s = dataclasses.replace(s, services=dataclasses.replace(s.services, witness_share=0.0))
    state, security = _run(d, s, today, state)
    step = s.services.sense_step
    assert security == pytest.approx([0.5 + step * 0.5] * 2 + [0.5] * 3)
    org = INSTITUTIONS.index("social_org")
    assert state.trust[org] == pytest.approx([0.75, 0.75, 0.5, 0.5, 0.5])  # 0.5 + 0.5 * (1 - 0.5)
    others = np.delete(state.trust, org, axis=0)
    assert (others == 0.5).all()


def test_settle_disputes_neighbours_in_the_parties_building_live_through_the_settlement():
    s, today, state = _able("mediator")
    s = dataclasses.replace(s, services=dataclasses.replace(s.services, witness_share=0.5))
    d = _open([0], [1], 0.0)  # both parties in building 0, with resident 2; residents 3 and 4 elsewhere
    _, security = _run(d, s, today, state)
    relief = s.services.sense_step * (1.0 - 0.0)  # settled the day it arose, severity 0
    bystander = 0.5 + 0.5 * relief * 2 * 0.5  # half of each party's relief, both in the building
    assert security[2] == pytest.approx(bystander) and (security[3:] == 0.5).all()
    assert (security[:2] > bystander).all()


def test_settle_disputes_parties_settling_themselves_raise_no_institutional_trust():
    s, today, state = _able("self")
    d = _open([0], [1], 0.0)
    state, security = _run(d, s, today, state)
    assert d.settled[0] == 1 and (state.trust == 0.5).all() and security[0] > 0.5


def test_settle_disputes_days_to_settle_counts_the_age_at_settlement():
    s, today, state = _able("street")
    d = _open([0], [1], 0.0)
    d.age[:] = 4
    _run(d, s, today, state)
    assert d.days_to_settle == 5  # aged a day, then settled


# ------------------------------------------------------------------ severity
def test_chance_settles_with_probability_times_one_minus_severity():
    n = 40_000
    for p, sev in [(0.8, 0.0), (0.8, 0.5), (1.0, 0.9), (0.5, 0.25)]:
        d = _open(np.zeros(n), np.ones(n), sev)
        share = chance(d, p, np.random.default_rng(1)).mean()
        expected = p * (1 - sev)
        assert share == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / n) + 1e-9)


def test_chance_severity_one_is_never_settled_severity_zero_with_p_one_always():
    d = _open(np.zeros(1000), np.ones(1000), 0.0)
    d.severity[500:] = 1.0
    mask = chance(d, 1.0, np.random.default_rng(2))
    assert mask[:500].all() and not mask[500:].any()


def test_by_parties_probability_uses_mean_awareness_of_the_two_parties():
    # awareness 0.2 and 0.6 -> mean 0.4; self_settle 1, severity 0.5 -> 0.2
    n = 40_000
    state = _state()
    state.awareness[:] = [0.2, 0.6, 0.0, 0.0, 0.0]
    d = _open(np.zeros(n), np.ones(n), 0.5)
    step = dz.by_parties(d, _settlers(_services(self_settle=1.0)), _today(), state, np.random.default_rng(3))
    assert step.institution is None
    assert step.settled.mean() == pytest.approx(0.2, abs=4 * np.sqrt(0.16 / n))


def test_by_organisation_probability_scales_with_the_credibility_of_a_party_organisation():
    n = 40_000
    orgs = _orgs([-1, 0, -1, 1, -1], [0.5, 1.0])
    s = _settlers(_services(org_settle=0.8), orgs=orgs)
    # party b = 1 is in organisation 0 (credibility 0.5); severity 0.5: 0.8 * 0.5 * 0.5 = 0.2
    d = _open(np.zeros(n), np.ones(n), 0.5)
    step = dz.by_organisation(d, s, _today(), _state(), np.random.default_rng(4))
    assert step.settled.mean() == pytest.approx(0.2, abs=4 * np.sqrt(0.16 / n))
    # parties 0 and 2 belong to no organisation: never
    none = _open(np.zeros(100), np.full(100, 2), 0.0)
    assert not dz.by_organisation(none, s, _today(), _state(), np.random.default_rng(4)).settled.any()


# ------------------------------------------------------------------ workers and the committee budget
def test_by_worker_takes_at_most_capacity_new_cases_a_day_per_worker_kind():
    # 2 grid workers x 1.5 cases = 3 ; 1 social worker x 2 cases = 2 ; 10 complaints
    sv = _services(complaint_severity=0.0)
    s = _settlers(sv, WorkersParams(grid_cases=1.5, social_cases=2.0), grid=2, social=1)
    d = _open(np.zeros(10), np.ones(10), 0.0)
    _run(d, s, _today())
    assert (d.taken_by == dz.GRID).sum() == 3 and (d.taken_by == dz.SOCIAL).sum() == 2
    assert (d.taken_by == dz.NOBODY).sum() == 5


def test_by_worker_settles_only_the_cases_it_took():
    sv = _services(complaint_severity=0.0, worker_settle=1.0)
    s = _settlers(sv, WorkersParams(grid_cases=3.0, social_cases=0.0), grid=1)
    d = _open(np.zeros(10), np.ones(10), 0.0)
    _run(d, s, _today())
    assert d.settled[LEVELS.index("worker")] == 3 and d.open == 7


def test_by_worker_reactive_workers_see_only_complaints_proactive_see_visited_households():
    sv = _services(complaint_severity=0.5, worker_settle=1.0)
    quiet = 0.1  # below the complaint severity
    for proactive, visited, settled in [(False, True, 0), (True, False, 0), (True, True, 1)]:
        s = _settlers(sv, WorkersParams(proactive=proactive, grid_cases=5.0), grid=1)
        d = _open([0], [1], quiet)
        _run(d, s, _today(visited=visited))
        assert d.settled[LEVELS.index("worker")] == settled, (proactive, visited)


def test_by_committee_takes_complaints_only_within_todays_budget():
    sv = _services(complaint_severity=0.3)
    s = _settlers(sv, committee=CommitteeParams(mediation_success=1.0, whistle=False))
    d = _open(np.zeros(6), np.ones(6), [0.5, 0.5, 0.5, 0.5, 0.1, 0.1])  # four complaints, two quiet
    today = _today(budget=3)
    _run(d, s, today)
    assert today.committee.left == 0  # three of the four complaints taken (each settles with p 0.5)
    assert d.settled[LEVELS.index("committee")] <= 3
    assert sorted(d.severity.tolist()).count(0.1) == 2  # the quiet ones were never taken
    assert d.open + d.settled.sum() == 6


def test_committee_budget_disputes_draw_first_and_requests_get_what_is_left():
    # 5 cases of budget: 2 complaints take 2, so 3 of 4 non-property requests at the office are answered
    sv = _services(complaint_severity=0.0, patience=10, need_rate=0.0)
    s = _settlers(sv, committee=CommitteeParams(mediation_success=0.0, whistle=False))
    today = _today(budget=5)
    state = _state()
    _run(_open([0, 2], [1, 3], 0.0), s, today, state)
    assert today.committee.left == 3
    office = Channel(
        "office",
        3,
        0,
        ChannelParams(enabled=True, open_hour=0, close_hour=24, request_route=1),
        np.arange(N),
        -1,
    )
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    reqs.resident, reqs.property = np.arange(4), np.zeros(4, bool)
    reqs.hour, reqs.age = np.full(4, 10), np.zeros(4, np.int64)
    desk = Desk((office,), np.arange(N), np.arange(N), 0, 0.0, Rhythm(7.0, 23.0, 9.0, 18.0))
    answer_requests(reqs, desk, today, state, np.full(N, 0.5), sv, LEARN, np.random.default_rng(0))
    assert reqs.answered_by.tolist() == [3, 0] and reqs.resident.size == 1 and today.committee.left == 0


def test_committee_budget_exhausted_by_disputes_leaves_committee_requests_unanswered():
    sv = _services(complaint_severity=0.0, patience=10)
    s = _settlers(sv, committee=CommitteeParams(mediation_success=0.0, whistle=False))
    today = _today(budget=2)
    state = _state()
    _run(_open([0, 2, 3], [1, 3, 4], 0.0), s, today, state)
    assert today.committee.left == 0
    office = Channel("office", 3, 0, ChannelParams(enabled=True, request_route=1), np.arange(N), -1)
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    reqs.resident, reqs.property = np.arange(2), np.zeros(2, bool)
    reqs.hour, reqs.age = np.full(2, 10), np.zeros(2, np.int64)
    desk = Desk((office,), np.arange(N), np.arange(N), 0, 0.0, Rhythm(7.0, 23.0, 9.0, 18.0))
    answer_requests(reqs, desk, today, state, np.full(N, 0.5), sv, LEARN, np.random.default_rng(0))
    assert reqs.answered_by.sum() == 0 and reqs.resident.size == 2
    assert state.trust[INSTITUTIONS.index("committee"), :2] == pytest.approx([0.25, 0.25])  # disappointed


# ------------------------------------------------------------------ the whistle and the street office
def test_by_street_settles_whistled_dispute_exactly_whistle_delay_days_after_the_whistle():
    committee = CommitteeParams(whistle=True, whistle_severity=0.5, whistle_delay=2)
    s = _settlers(_services(), committee=committee)
    d = _open([0, 2], [1, 3], [0.6, 0.4])  # only the first reaches the whistle severity
    for day in (10, 11):
        _run(d, s, _today(day))
        assert d.open == 2 and d.whistled.tolist() == [10, -1]
    _run(d, s, _today(12))
    assert d.settled[LEVELS.index("street")] == 1 and d.open == 1 and d.severity.tolist() == [0.4]


def test_by_street_whistle_off_never_settles():
    s = _settlers(
        _services(), committee=CommitteeParams(whistle=False, whistle_severity=0.0, whistle_delay=0)
    )
    d = _open([0], [1], 0.9)
    _run(d, s, _today())
    assert d.open == 1 and d.whistled.tolist() == [-1]


def test_by_street_whistle_records_street_committee_and_grid_worker_collaboration():
    committee = CommitteeParams(whistle=True, whistle_severity=0.0, whistle_delay=0)
    s = _settlers(_services(), WorkersParams(grid_cases=0.0, social_cases=0.0), committee, grid=1)
    today = _today()
    _run(_open([0, 2], [1, 3], 0.5), s, today)
    ix = collaboration.INDEX
    g = today.collaboration
    assert g[ix["street"], ix["committee"]] == 2 and g[ix["street"], ix["grid_worker"]] == 2
    assert g[ix["committee"], ix["grid_worker"]] == 2 and g.sum() == 12


# ------------------------------------------------------------------ growth and social-risk events
def test_settle_disputes_severity_grows_by_the_rate_each_day():
    s = _settlers(_services(dispute_growth=0.1))
    d = _open([0], [1], 0.2)
    for day in range(3):
        _run(d, s, _today(day))
    assert d.severity[0] == pytest.approx(0.5) and d.age.tolist() == [3]


def test_settle_disputes_severity_one_erupts_and_lowers_security_of_the_whole_building():
    sv = _services(dispute_growth=0.05, risk_security_loss=0.2)
    s = _settlers(sv)
    d = _open([0], [1], 0.99)  # parties in building 0 (residents 0, 1, 2)
    _, security = _run(d, s, _today())
    assert d.risk_events == 1 and d.open == 0 and d.settled.sum() == 0
    assert security == pytest.approx([0.4, 0.4, 0.4, 0.5, 0.5])


def test_settle_disputes_eruption_in_one_building_spares_the_other_building():
    s = _settlers(_services(dispute_growth=0.05, risk_security_loss=0.5))
    d = _open([3, 4], [4, 3], 0.99)  # two events in building 1 on one day
    _, security = _run(d, s, _today())
    assert d.risk_events == 2
    assert security[:3].tolist() == [0.5, 0.5, 0.5]
    assert (security[3:] <= 0.25 + 1e-12).all()


def test_settle_disputes_new_dispute_lowers_the_security_of_its_parties_building_and_no_other():
    sv = _services(dispute_rate=400.0, witness_share=0.5)  # about 2 a day among 5 households
    s = _settlers(sv)
    for seed in range(20):
        d = Disputes()
        _, security = _run(d, s, _today(), seed=seed)
        parties = np.unique(np.concatenate([d.a, d.b]))
        hit = np.isin(BUILDING, BUILDING[parties])
        bystanders = hit & ~np.isin(np.arange(N), parties)
        assert (security[~hit] == 0.5).all()
        assert (security[bystanders] < 0.5).all()
        for p in parties:  # a party feels it more than its building's bystanders
            assert (security[p] < security[bystanders & (BUILDING == BUILDING[p])]).all()


def test_settle_disputes_new_disputes_are_between_neighbours_and_lower_the_parties_security():
    sv = _services(dispute_rate=400.0, sense_step=0.1, witness_share=0.0)  # 2 a day among 5 households
    s = _settlers(sv)
    d = Disputes()
    security = np.full(N, 0.5)
    for day in range(20):
        before = security.copy()
        raised, n_open = d.raised, d.open
        _run(d, s, _today(day), security=security)
        new_a, new_b = d.a[n_open:], d.b[n_open:]
        assert new_a.size == d.raised - raised
        parties = np.unique(np.concatenate([new_a, new_b]))
        assert security[parties] == pytest.approx(before[parties] * 0.9)
        rest = np.setdiff1d(np.arange(N), parties)
        assert security[rest].tolist() == before[rest].tolist()
    assert d.raised > 0
    assert (np.abs(d.a - d.b) == 1).all()  # neighbours on the path


def test_settle_disputes_new_dispute_severity_within_initial_bound():
    sv = _services(dispute_rate=2000.0, dispute_initial_severity=0.2)
    d = Disputes()
    _run(d, _settlers(sv), _today())
    assert d.open > 0 and (d.severity >= 0).all() and (d.severity <= 0.2).all()


def test_settle_disputes_new_dispute_is_first_tried_at_its_initial_severity():
    # initial severity 0, growth 1: tried at severity 0 the parties (self_settle 1) would settle it
    sv = _services(dispute_rate=1000.0, dispute_initial_severity=0.0, dispute_growth=1.0, self_settle=1.0)
    d = Disputes()
    _run(d, _settlers(sv), _today(), _state(awareness=1.0))
    assert d.raised > 0 and d.settled[0] == d.raised and d.risk_events == 0


def test_settle_disputes_nothing_to_do_without_disputes_draws_no_random_numbers():
    s = _settlers(_services(dispute_rate=0.0))
    rng = np.random.default_rng(5)
    before = rng.bit_generator.state
    settle_disputes(Disputes(), s, _today(), _state(), np.full(N, 0.5), LEARN, rng)
    assert rng.bit_generator.state == before
