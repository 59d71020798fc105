"""Taking up an opportunity: decide and take part (sim.mechanisms.uptake)."""

import dataclasses

import numpy as np
import pytest

from sim.mechanisms.uptake import Uptake
from sim.params import INSTITUTIONS, ParticipationParams
from sim.state import ResidentState
from sim.world.population import Population

N = 6
CHANNELS = ("a", "b", "c")


def _state(n: int = N) -> ResidentState:
    return ResidentState.at_rest(
        Population(*(np.zeros(n, dtype=bool) for _ in range(5))),
        np.full(n, 0.2),
        np.full((len(INSTITUTIONS), n), 0.5),
        channel_names=CHANNELS,
        institutions=INSTITUTIONS,
    )


def _uptake(state=None, **kw) -> Uptake:
    base = dict(b0=0.0, b_aware=0.0, b_social=0.0, b_outreach=0.0, b_trust=0.0, b_cost=0.0, b_owner=0.0)
    p = dataclasses.replace(ParticipationParams(), trust_gain=0.5, trust_loss=0.5, **{**base, **kw})
    state = _state() if state is None else state
    return Uptake(state, np.full(state.n, 0.5), p, np.full(state.n, 4.0), np.zeros(state.n), 0.2)


# ------------------------------------------------------------------ decide
def test_decide_certain_yes_and_certain_no():
    who = np.arange(N)
    rng = np.random.default_rng(0)
    assert _uptake(b0=50.0).decide(who, 0, 1.0, rng).tolist() == who.tolist()
    assert _uptake(b0=-50.0).decide(who, 0, 1.0, rng).size == 0


def test_decide_reads_trust_in_the_channels_own_institution():
    u = _uptake(b0=-10.0, b_trust=20.0)
    u.state.trust[:] = 0.0
    u.state.trust[2] = 1.0  # only institution 2 is trusted: z = 10 for it, -10 for the others
    rng = np.random.default_rng(1)
    assert u.decide(np.arange(N), 2, 0.0, rng).size == N
    assert u.decide(np.arange(N), 0, 0.0, rng).size == 0


def test_decide_time_cost_over_free_hours_deters():
    u = _uptake(b0=10.0, b_cost=40.0)
    u.free_hours[:3] = 1.0  # cost share 1: z = -30 ; the others 0.5 / 4: z = 5
    took = u.decide(np.arange(N), 0, 1.0 / 2, np.random.default_rng(2))
    assert took.tolist() == [3, 4, 5]


def test_decide_signal_and_exposure_of_each_resident_matter():
    u = _uptake(b0=-20.0, b_social=30.0, b_outreach=30.0)
    u.signal[[0, 1]] = 1.0
    u.state.exposure[[1, 2]] = 1.0
    took = u.decide(np.arange(N), 0, 0.0, np.random.default_rng(3))
    assert took.tolist() == [0, 1, 2]  # z = 10, 40, 10 ; the rest -20


def test_decide_share_matches_the_logit_probability():
    n = 20_000
    u = _uptake(_state(n), b0=np.log(0.25 / 0.75))
    share = u.decide(np.arange(n), 0, 0.0, np.random.default_rng(4)).size / n
    assert share == pytest.approx(0.25, abs=4 * np.sqrt(0.25 * 0.75 / n))


# ------------------------------------------------------------------ take part
def test_take_part_quality_one_every_outcome_good_recorded_on_the_channel_slot():
    u = _uptake()
    who = np.array([1, 3])
    u.take_part(
        who, channel=2, institution=4, quality=1.0, awareness_gain=0.5, points=3, rng=np.random.default_rng(0)
    )
    s = u.state
    assert s.channel_today.tolist() == [0, 0, 2] and s.today.tolist() == [0, 1, 0, 1, 0, 0]
    assert s.points_today.tolist() == [0, 3, 0, 3, 0, 0]  # the channel's engagement points
    assert s.awareness == pytest.approx([0.2, 0.6, 0.2, 0.6, 0.2, 0.2])  # 0.2 + 0.5 * 0.8
    assert s.trust[4] == pytest.approx([0.5, 0.75, 0.5, 0.75, 0.5, 0.5])
    assert (np.delete(s.trust, 4, axis=0) == 0.5).all()
    assert u.gain == pytest.approx([0.5, 0.6, 0.5, 0.6, 0.5, 0.5])  # lifted by gain_step 0.2


def test_take_part_quality_zero_every_outcome_bad_still_counts_as_participation():
    u = _uptake()
    who = np.array([0, 5])
    u.take_part(
        who, channel=0, institution=1, quality=0.0, awareness_gain=0.5, points=1, rng=np.random.default_rng(0)
    )
    s = u.state
    assert s.channel_today.tolist() == [2, 0, 0] and s.today.tolist() == [1, 0, 0, 0, 0, 1]
    assert (s.awareness == 0.2).all() and (u.gain == 0.5).all()
    assert s.trust[1] == pytest.approx([0.25, 0.5, 0.5, 0.5, 0.5, 0.25])


def test_take_part_intermediate_quality_share_of_good_outcomes():
    n = 20_000
    u = _uptake(_state(n))
    u.take_part(np.arange(n), 0, 0, 0.3, 0.0, 1, np.random.default_rng(5))
    good = u.state.trust[0] > 0.5
    assert good.mean() == pytest.approx(0.3, abs=4 * np.sqrt(0.21 / n))
    assert (u.gain[good] > 0.5).all() and (u.gain[~good] == 0.5).all()


def test_take_part_two_channels_same_day_count_twice_for_the_resident():
    u = _uptake()
    rng = np.random.default_rng(0)
    u.take_part(np.array([2]), 0, 0, 1.0, 0.0, 4, rng)
    u.take_part(np.array([2, 4]), 1, 0, 1.0, 0.0, 1, rng)
    assert u.state.today[2] == 2 and u.state.channel_today.tolist() == [1, 2, 0]
    assert u.state.today.sum() == u.state.channel_today.sum()
    assert u.state.points_today[2] == 5 and u.state.points_today[4] == 1  # points add up over channels
