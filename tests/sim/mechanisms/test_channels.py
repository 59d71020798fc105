import numpy as np

from sim.mechanisms.channels import Rhythm, admit, build_channels, offer_opportunities, within_hours
from sim.params import ChannelParams, ChannelsParams
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
    admitted, away = admit(ch, np.arange(25), np.random.default_rng(1))
    assert admitted.size == 10 and away.size == 15
    assert set(admitted) | set(away) == set(range(25))


def test_offer_opportunities_reach_is_the_expected_share():
    ch = _one(ChannelParams(enabled=True, reach=0.3), _population(20000))
    assert abs(offer_opportunities(ch, np.random.default_rng(2)).size / 20000 - 0.3) < 0.01
