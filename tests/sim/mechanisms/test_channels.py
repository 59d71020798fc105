import dataclasses

import numpy as np
import pytest

from sim.mechanisms.channels import (
    Channel,
    Rhythm,
    admit,
    build_channels,
    draw_hours,
    lapsed,
    offer_opportunities,
    within_hours,
)
from sim.params import CHANNEL_NAMES, INSTITUTIONS, ChannelParams, ChannelsParams, CommunityParams
from sim.world.population import Population

RHYTHM = Rhythm(wake=7.0, sleep=23.0, work_start=9.0, work_end=18.0)


def _population(n: int, busy: bool = False, digital: bool = True) -> Population:
    return Population(
        owner=np.arange(n) % 2 == 0,
        age_band=np.zeros(n, np.int8),
        busy=np.full(n, busy),
        digital=np.full(n, digital),
        party=np.arange(n) < 3,
    )


def _one(params: ChannelParams, pop: Population):
    cp = ChannelsParams(**{name: ChannelParams() for name in ChannelsParams.__dataclass_fields__})
    cp.phone = params
    (channel,) = build_channels(cp, pop)
    return channel


def test_channel_calendar_period_offset_and_weekdays():
    ch = _one(ChannelParams(enabled=True, period=7, offset=2), _population(10))
    assert [d for d in range(30) if ch.in_session(d)] == [2, 9, 16, 23]
    weekday = _one(ChannelParams(enabled=True, weekdays_only=True), _population(10))
    assert [d for d in range(14) if weekday.in_session(d)] == [0, 1, 2, 3, 4, 7, 8, 9, 10, 11]


def test_channel_eligibility_owners_party_digital_only():
    pop = _population(10, digital=False)
    assert _one(ChannelParams(enabled=True, owners_only=True), pop).eligible.tolist() == [0, 2, 4, 6, 8]
    assert _one(ChannelParams(enabled=True, party_only=True), pop).eligible.tolist() == [0, 1, 2]
    assert _one(ChannelParams(enabled=True, digital_only=True), pop).eligible.size == 0


def test_office_hours_busy_residents_never_reach_phone_on_weekdays():
    rng = np.random.default_rng(0)
    who, busy = np.arange(5000), np.ones(5000, bool)
    phone = _one(ChannelParams(enabled=True, open_hour=9, close_hour=17), _population(5000, busy=True))
    assert not within_hours(phone, who, busy, 0, RHYTHM, rng).any()
    weekend = within_hours(phone, who, busy, 5, RHYTHM, rng).mean()
    assert 0.45 < weekend < 0.55  # 8 of 16 waking hours
    platform = _one(ChannelParams(enabled=True), _population(5000, busy=True))
    assert within_hours(platform, who, busy, 0, RHYTHM, rng).all()


def test_scheduled_session_in_work_hours_excludes_busy_residents_on_weekdays():
    rng = np.random.default_rng(0)
    day_event = _one(ChannelParams(enabled=True, on_demand=False, open_hour=9, close_hour=12), _population(4))
    busy = np.array([True, False, True, False])
    assert within_hours(day_event, np.arange(4), busy, 1, RHYTHM, rng).tolist() == [False, True, False, True]
    assert within_hours(day_event, np.arange(4), busy, 6, RHYTHM, rng).all()


def test_admit_capacity_caps_and_turns_the_rest_away():
    ch = _one(ChannelParams(enabled=True, capacity_per_1000=10.0), _population(1000))
    admitted, away = admit(ch, np.arange(25), 0, np.random.default_rng(1))
    assert admitted.size == 10 and away.size == 15
    assert set(admitted) | set(away) == set(range(25))


def test_offer_opportunities_reach_is_the_expected_share():
    ch = _one(ChannelParams(enabled=True, reach=0.3), _population(20000))
    assert abs(offer_opportunities(ch, 0, np.random.default_rng(2)).size / 20000 - 0.3) < 0.01


def test_turn_spread_session_gives_each_eligible_resident_exactly_one_day():
    p = ChannelParams(enabled=True, period=180, offset=60, session_days=15, reach=1.0)
    ch = _one(p, _population(1000))
    days = [d for d in range(400) if ch.in_session(d)]
    assert days == [*range(60, 75), *range(240, 255)]
    assert [d for d in days if ch.opens(d)] == [60, 240]
    turns = np.concatenate([ch.turn(d) for d in range(60, 75)])
    assert np.array_equal(np.sort(turns), ch.eligible)  # each once a session
    sizes = [offer_opportunities(ch, d, np.random.default_rng(d)).size for d in range(60, 75)]
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == 1000  # reach 1: everyone, a fifteenth a day


def test_lapsed_spread_session_judges_each_day_by_those_whose_turn_it_is():
    meeting = _meeting(0.05)  # 100 eligible owners
    spread = dataclasses.replace(
        meeting, params=dataclasses.replace(meeting.params, period=10, session_days=10)
    )
    assert spread.turn(3).size == 10
    assert lapsed([spread], _today_on(spread, 1), 3) == [] and lapsed([spread], _today_on(spread, 0), 3)


# ------------------------------------------------------------------ lapse of founded institutions
def _meeting(lapse: float, n: int = 100) -> Channel:
    pop = Population(
        owner=np.ones(n, bool),
        age_band=np.zeros(n, np.int8),
        busy=np.zeros(n, bool),
        digital=np.zeros(n, bool),
        party=np.zeros(n, bool),
    )
    p = ChannelParams(enabled=True, institution="homeowners", owners_only=True, lapse_turnout=lapse)
    return _one(p, pop)


def _today_on(channel, participants: int) -> np.ndarray:
    counts = np.zeros(len(CHANNEL_NAMES), np.int64)
    counts[channel.index] = participants
    return counts


def test_lapsed_turnout_exactly_at_lapse_share_keeps_the_institution():
    meeting = _meeting(0.05)  # 100 eligible owners
    assert lapsed([meeting], _today_on(meeting, 5), 0) == []


def test_lapsed_turnout_just_below_lapse_share_dissolves_its_institution():
    meeting = _meeting(0.05)
    assert lapsed([meeting], _today_on(meeting, 4), 0) == [INSTITUTIONS.index("homeowners")]


def test_lapsed_zero_lapse_turnout_never_lapses_even_when_empty():
    meeting = _meeting(0.0)
    assert lapsed([meeting], _today_on(meeting, 0), 0) == []


def test_lapsed_channel_without_eligible_residents_never_lapses():
    meeting = _meeting(0.5, n=0)
    assert meeting.eligible.size == 0 and lapsed([meeting], _today_on(meeting, 0), 0) == []


def test_lapsed_reads_only_the_held_channels_own_count():
    meeting = _meeting(0.05)
    counts = np.full(len(CHANNEL_NAMES), 1000, np.int64)
    counts[meeting.index] = 0
    assert lapsed([meeting], counts, 0) == [INSTITUTIONS.index("homeowners")]
    assert lapsed([], counts, 0) == []


# ------------------------------------------------------------------ the residents' day
def test_rhythm_of_reads_the_community_hours():
    c = CommunityParams(wake_hour=6.0, sleep_hour=22.5, work_start=8.0, work_end=17.0)
    assert Rhythm.of(c) == Rhythm(wake=6.0, sleep=22.5, work_start=8.0, work_end=17.0)


def test_draw_hours_not_at_work_uniform_over_waking_hours():
    h = draw_hours(np.zeros(40_000, bool), RHYTHM, np.random.default_rng(0))
    assert h.min() >= 7.0 and h.max() < 23.0
    counts = np.bincount(h.astype(int), minlength=24)[7:23]
    assert counts.sum() == 40_000 and np.abs(counts / 2500 - 1).max() < 0.1  # 16 hours, 2,500 each


def test_draw_hours_at_work_split_before_and_after_work_by_their_lengths():
    # 7-9 (2 h) before work and 18-23 (5 h) after: 2/7 of the draws fall before work
    n = 40_000
    h = draw_hours(np.ones(n, bool), RHYTHM, np.random.default_rng(1))
    assert not ((h >= 9.0) & (h < 18.0)).any()
    assert h.min() >= 7.0 and h.max() < 23.0
    assert np.mean(h < 9.0) == pytest.approx(2 / 7, abs=4 * np.sqrt((2 / 7) * (5 / 7) / n))


def test_draw_hours_mixed_residents_each_drawn_by_own_rule():
    at_work = np.arange(1000) % 2 == 0
    h = draw_hours(at_work, RHYTHM, np.random.default_rng(2))
    assert not ((h[at_work] >= 9.0) & (h[at_work] < 18.0)).any()
    assert ((h[~at_work] >= 9.0) & (h[~at_work] < 18.0)).mean() > 0.4  # 9 of 16 free hours


def test_within_hours_on_demand_channel_open_in_the_evening_reaches_busy_residents_on_weekdays():
    n = 20_000
    evening = _one(ChannelParams(enabled=True, open_hour=18, close_hour=23), _population(n, busy=True))
    share = within_hours(evening, np.arange(n), np.ones(n, bool), 0, RHYTHM, np.random.default_rng(3)).mean()
    assert share == pytest.approx(5 / 7, abs=0.02)


def test_channel_in_session_not_before_offset_and_not_on_weekends_when_weekdays_only():
    ch = _one(ChannelParams(enabled=True, period=5, offset=3, weekdays_only=True), _population(4))
    assert [d for d in range(25) if ch.in_session(d)] == [3, 8, 18, 23]  # 13 is a Sunday
