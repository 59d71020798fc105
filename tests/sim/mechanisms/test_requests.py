"""Service requests: routes, office hours, answering, patience, grid finds (sim.mechanisms.requests)."""

import dataclasses

import numpy as np
import pytest

from sim.mechanisms.channels import Channel, Rhythm, build_channels
from sim.mechanisms.context import Budget, Today
from sim.mechanisms.requests import (
    Desk,
    Requests,
    answer_requests,
    cap,
    office_hours,
    reachable,
    route_names,
)
from sim.params import INSTITUTIONS, ChannelParams, ChannelsParams, ParticipationParams, ServicesParams
from sim.state import ResidentState
from sim.world import collaboration
from sim.world.population import Population

COMMITTEE, PROPERTY = INSTITUTIONS.index("committee"), INSTITUTIONS.index("property")
LEARN = dataclasses.replace(ParticipationParams(), trust_gain=0.5, trust_loss=0.5)
ANSWERERS = ("mobile_platform", "phone", "office", "group_chat", "grid_worker")


def _first_route(*args):
    """The first route each requester can reach (-1 for none): its channel when it has room."""
    can = reachable(*args)
    return np.where(can.any(axis=0), can.argmax(axis=0), -1)


def _at(hour: float) -> Rhythm:
    """A day in which residents not at work turn to channels between ``hour`` and ``hour + 1``."""
    return Rhythm(wake=hour, sleep=hour + 1.0, work_start=9.0, work_end=18.0)


def _population(n: int, digital: bool | np.ndarray = False, busy: bool = False) -> Population:
    return Population(
        owner=np.ones(n, bool),
        age_band=np.zeros(n, np.int8),
        busy=np.full(n, busy),
        digital=np.broadcast_to(np.asarray(digital), (n,)).copy(),
        party=np.zeros(n, bool),
    )


def _state(n: int, digital: bool | np.ndarray = False) -> ResidentState:
    return ResidentState.at_rest(
        _population(n, digital),
        np.zeros(n),
        np.full((len(INSTITUTIONS), n), 0.5),
        channel_names=("c",),
        institutions=INSTITUTIONS,
    )


def _default_routes(n: int, platform: bool = True, digital: bool = True) -> tuple[Channel | None, ...]:
    """The default request channels (platform, phone, office, chat), built for ``n`` residents."""
    params = ChannelsParams()
    params.mobile_platform.enabled = platform
    enabled = {c.name: c for c in build_channels(params, _population(n, digital))}
    return tuple(enabled.get(name) for name in route_names(params))


def _channel(name: str, index: int, institution: str = "committee", capacity: int = -1, **kw) -> Channel:
    p = ChannelParams(enabled=True, institution=institution, request_route=1, **kw)
    return Channel(name, index, INSTITUTIONS.index(institution), p, np.arange(1), capacity)


def _pending(reqs: Requests, residents, property_=False, hour: int = 10) -> None:
    residents = np.asarray(residents, np.int64)
    reqs.resident = np.concatenate([reqs.resident, residents])
    reqs.property = np.concatenate([reqs.property, np.broadcast_to(property_, residents.shape)])
    reqs.hour = np.concatenate([reqs.hour, np.full(residents.size, hour)])
    reqs.age = np.concatenate([reqs.age, np.zeros(residents.size, np.int64)])


def _desk(routes, n: int, grid_capacity: int = 0, property_quality: float = 0.0, rhythm=None) -> Desk:
    return Desk(tuple(routes), np.arange(n), np.arange(n), grid_capacity, property_quality, rhythm or _at(10))


def _sv(**kw) -> ServicesParams:
    return dataclasses.replace(ServicesParams(), **{"need_rate": 0.0, "sense_step": 0.1, **kw})


def _today(day: int = 0, n: int = 10, budget: int = 0, visited=None) -> Today:
    visited = np.zeros(n, bool) if visited is None else visited
    return Today(day, visited, Budget(budget), collaboration.new_graph())


def _answer(reqs, desk, today, state, sv, gain=None, seed=0):
    gain = np.full(state.n, 0.5) if gain is None else gain
    answer_requests(reqs, desk, today, state, gain, sv, LEARN, np.random.default_rng(seed))
    return gain


# ------------------------------------------------------------------ route names and office hours
def test_route_names_follow_request_route_order_and_skip_zero():
    p = ChannelsParams()
    p.group_chat.request_route, p.mobile_platform.request_route, p.phone.request_route = 1, 3, 0
    assert route_names(p) == ("group_chat", "office", "mobile_platform")


def test_route_names_equal_places_keep_channel_axis_order():
    p = ChannelsParams()
    for name in ("phone", "group_chat", "office", "mobile_platform"):
        getattr(p, name).request_route = 1
    assert route_names(p) == ("phone", "group_chat", "office", "mobile_platform")


def test_office_hours_moving_office_close_hour_moves_the_after_hours_set():
    p = ChannelsParams()
    p.office.close_hour = 20
    assert np.flatnonzero(office_hours(p)).tolist() == list(range(9, 20))
    assert np.flatnonzero(Requests.open(p).after_hours).tolist() == [*range(9), 20, 21, 22, 23]


def test_office_hours_ignore_own_staff_and_other_institutions_channels():
    p = ChannelsParams()
    p.mobile_platform.open_hour, p.mobile_platform.close_hour = 0, 24  # own back office
    p.group_chat.open_hour, p.group_chat.close_hour = 0, 24  # the property company's chat
    assert np.flatnonzero(office_hours(p)).tolist() == list(range(9, 17))


def test_office_hours_committee_channel_without_request_route_does_not_count():
    p = ChannelsParams()
    p.phone.request_route, p.office.request_route = 0, 0
    assert not office_hours(p).any()
    assert Requests.open(p).answerers == ("mobile_platform", "group_chat", "grid_worker")


# ------------------------------------------------------------------ routing by hour and weekday
def test_route_at_20h_phone_and_office_closed_digital_to_platform_non_digital_nowhere():
    n = 200
    digital = np.arange(n) % 2 == 0
    chosen = _first_route(
        _default_routes(n), digital, np.zeros(n, bool), 1, _at(20), np.random.default_rng(0)
    )
    assert (chosen[digital] == 0).all()  # mobile platform, first in the route
    assert (chosen[~digital] == -1).all()


def test_route_at_20h_without_platform_digital_residents_fall_back_to_the_group_chat():
    n = 50
    routes = _default_routes(n, platform=False)
    assert routes[0] is None
    chosen = _first_route(routes, np.ones(n, bool), np.zeros(n, bool), 1, _at(20), np.random.default_rng(0))
    assert (chosen == 3).all()


def test_route_at_10h_weekday_non_digital_use_the_phone_weekend_nothing():
    n = 50
    routes = _default_routes(n, platform=False)
    not_digital, at_home = np.zeros(n, bool), np.zeros(n, bool)
    monday = _first_route(routes, not_digital, at_home, 0, _at(10), np.random.default_rng(0))
    saturday = _first_route(routes, not_digital, at_home, 5, _at(10), np.random.default_rng(0))
    assert (monday == 1).all() and (saturday == -1).all()


def test_route_at_10h_phone_disabled_office_is_next():
    n = 20
    routes = list(_default_routes(n, platform=False))
    routes[1] = None
    chosen = _first_route(
        tuple(routes), np.zeros(n, bool), np.zeros(n, bool), 2, _at(10), np.random.default_rng(0)
    )
    assert (chosen == 2).all()


def test_route_busy_residents_at_work_on_weekdays_never_reach_office_hours_channels():
    n = 2000
    routes = _default_routes(n, platform=False)
    rhythm = Rhythm(7.0, 23.0, 9.0, 18.0)
    chosen = _first_route(routes, np.zeros(n, bool), np.ones(n, bool), 0, rhythm, np.random.default_rng(1))
    assert (chosen == -1).all()
    free = _first_route(routes, np.zeros(n, bool), np.zeros(n, bool), 0, rhythm, np.random.default_rng(1))
    assert np.mean(free == 1) == pytest.approx(8 / 16, abs=0.05)  # phone open 8 of 16 waking hours


# ------------------------------------------------------------------ cap
def test_cap_limit_zero_none_negative_all_larger_than_size_all():
    order = np.array([3, 1, 0, 2])
    assert not cap(order, 0).any()
    assert cap(order, -1).all() and cap(order, 9).all()
    assert cap(order, 2).tolist() == [False, True, False, True]


# ------------------------------------------------------------------ answering
def test_answer_requests_own_staff_channel_answers_every_non_property_request_within_capacity():
    n = 10
    platform = _channel("mobile_platform", 4, own_staff=True, capacity=6)
    reqs = Requests(("mobile_platform", "grid_worker"), np.zeros(24, bool))
    _pending(reqs, np.arange(n))
    _answer(reqs, _desk([platform], n), _today(), _state(n), _sv(patience=5))
    assert reqs.answered_by.tolist() == [6, 0] and reqs.resident.size == 4
    assert reqs.age.tolist() == [1] * 4


def test_answer_requests_property_matters_answered_with_property_quality_one_and_zero():
    n = 10
    office = _channel("office", 3)
    for quality, answered in ((1.0, n), (0.0, 0)):
        reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
        _pending(reqs, np.arange(n), property_=True)
        today = _today(budget=100)
        _answer(reqs, _desk([office], n, property_quality=quality), today, _state(n), _sv(patience=5))
        assert reqs.answered_by[0] == answered
        assert today.committee.left == 100  # property matters do not use the committee's staff


def test_answer_requests_other_institution_channel_answers_with_its_quality():
    n = 10
    state = _state(n)
    for quality, answered in ((1.0, n), (0.0, 0)):
        chat = _channel("group_chat", 1, institution="property", quality=quality)
        reqs = Requests(("group_chat", "grid_worker"), np.zeros(24, bool))
        _pending(reqs, np.arange(n))
        _answer(reqs, _desk([chat], n), _today(), state, _sv(patience=5))
        assert reqs.answered_by[0] == answered
    # the ten unanswered on the chat lose trust in the property company, not in the committee
    assert state.trust[PROPERTY] == pytest.approx(
        [0.25] * n
    )  # an answer raises no trust, a failure halves it
    assert (state.trust[COMMITTEE] == 0.5).all()


def test_answer_requests_committee_channel_answers_up_to_the_budget_and_spends_it():
    n = 10
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    _pending(reqs, np.arange(n))
    today = _today(budget=4)
    state = _state(n)
    gain = _answer(reqs, _desk([_channel("office", 3)], n), today, state, _sv(patience=5))
    assert reqs.answered_by[0] == 4 and today.committee.left == 0
    answered = gain > 0.5
    assert answered.sum() == 4 and gain[answered] == pytest.approx([0.55] * 4)
    assert state.trust[COMMITTEE][~answered] == pytest.approx([0.25] * 6)


def test_answer_requests_channel_capacity_caps_who_is_served():
    n = 10
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    _pending(reqs, np.arange(n))
    today = _today(budget=100)
    _answer(reqs, _desk([_channel("office", 3, capacity=3)], n), today, _state(n), _sv(patience=5))
    assert reqs.answered_by[0] == 3 and today.committee.left == 97


def test_answer_requests_unanswered_request_dropped_on_the_patience_th_day_and_costs_gain():
    n = 3
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    _pending(reqs, [0], hour=20)
    desk = _desk([None], n)  # no channel at all
    gain = np.full(n, 0.5)
    for day in range(3):
        assert reqs.resident.size == 1 and reqs.dropped_by_hour.sum() == 0
        _answer(reqs, desk, _today(day, n), _state(n), _sv(patience=3), gain=gain)
    assert reqs.resident.size == 0 and reqs.dropped_by_hour[20] == 1 and reqs.answered_by_hour.sum() == 0
    assert gain == pytest.approx([0.45, 0.5, 0.5])


def test_answer_requests_answered_after_waiting_counts_the_delay():
    n = 2
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    _pending(reqs, [0])
    desk = _desk([_channel("office", 3)], n)
    state = _state(n)
    for day, budget in enumerate((0, 0, 1)):
        _answer(reqs, desk, _today(day, n, budget=budget), state, _sv(patience=5))
    assert reqs.answered_by[0] == 1 and reqs.delay_sum == 2 and reqs.answered_by_hour[10] == 1


# ------------------------------------------------------------------ grid workers on patrol
def test_answer_requests_grid_workers_answer_needs_of_visited_households_only():
    n = 10
    visited = np.arange(n) < 4
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    _pending(reqs, np.arange(n))
    today = _today(n=n, visited=visited)
    _answer(reqs, _desk([None], n, grid_capacity=100), today, _state(n), _sv(patience=5))
    assert reqs.answered_by.tolist() == [0, 4]
    assert sorted(reqs.resident.tolist()) == list(range(4, n))  # the unvisited still wait
    g, ix = today.collaboration, collaboration.INDEX
    assert g[ix["grid_worker"], ix["committee"]] == 4 and g[ix["grid_worker"], ix["property"]] == 0


def test_answer_requests_grid_workers_answer_no_more_than_their_capacity():
    n = 30
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    _pending(reqs, np.arange(n))
    _answer(reqs, _desk([None], n, grid_capacity=5), _today(n=n, visited=np.ones(n, bool)), _state(n), _sv())
    assert reqs.answered_by[-1] == 5


def test_answer_requests_grid_capacity_enough_for_the_visited_finds_them_all():
    n = 50
    found = 0
    for day in range(20):
        visited = np.zeros(n, bool)
        visited[day % n] = True  # one household visited, one grid case of capacity
        reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
        _pending(reqs, np.arange(n))
        _answer(
            reqs, _desk([None], n, grid_capacity=1), _today(n=n, visited=visited), _state(n), _sv(), seed=day
        )
        found += int(reqs.answered_by[-1])
    assert found == 20


def test_answer_requests_no_needs_and_nothing_pending_does_nothing():
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    rng = np.random.default_rng(0)
    before = rng.bit_generator.state
    answer_requests(reqs, _desk([None], 3), _today(n=3), _state(3), np.full(3, 0.5), _sv(), LEARN, rng)
    assert rng.bit_generator.state == before and reqs.raised_by_hour.sum() == 0


def test_raise_needs_rate_one_every_household_raises_within_waking_hours():
    n = 400
    reqs = Requests(("office", "grid_worker"), np.zeros(24, bool))
    heads = np.arange(0, n, 2)
    rhythm = Rhythm(7.0, 23.0, 9.0, 18.0)
    reqs.raise_needs(heads, 1.0, 0.0, np.ones(n, bool), rhythm, np.random.default_rng(0))
    assert sorted(reqs.resident.tolist()) == heads.tolist() and not reqs.property.any()
    hours = np.flatnonzero(reqs.raised_by_hour)
    assert reqs.raised_by_hour.sum() == heads.size
    assert set(hours.tolist()) <= {7, 8, 18, 19, 20, 21, 22}  # at work: outside 9-18 only


def test_answer_requests_full_phone_passes_requests_on_to_the_office():
    # phone and office keep the same hours; the phone takes 1 a day, the office the rest
    n = 12
    reqs = Requests.open(ChannelsParams())
    _pending(reqs, range(n))
    phone = _channel("phone", 0, capacity=1, open_hour=7, close_hour=23)
    office = _channel("office", 3, capacity=100, open_hour=7, close_hour=23)
    desk = _desk((None, phone, office, None), n)
    _answer(reqs, desk, _today(n=n, budget=100), _state(n), _sv())
    assert reqs.answered_by.tolist() == [0, 1, n - 1, 0, 0]
