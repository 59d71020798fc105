"""The participation decision: logit rule, social signal, threshold rule (sim.mechanisms.participation)."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.mechanisms.participation import (
    draw_thresholds,
    expit,
    logit_probability,
    social_signal,
    threshold_update,
)
from sim.params import ParticipationParams
from sim.world.network import from_edges


def test_expit_hand_computed_and_symmetric():
    z = np.array([-2.0, 0.0, np.log(3.0)])
    assert expit(z) == pytest.approx([1 / (1 + np.e**2), 0.5, 0.75])
    assert expit(-z) == pytest.approx(1 - expit(z))


def test_logit_probability_hand_computed_from_each_coefficient():
    p = dataclasses.replace(
        ParticipationParams(),
        b0=-2.0,
        b_aware=4.0,
        b_social=2.0,
        b_outreach=1.0,
        b_trust=3.0,
        b_cost=2.0,
        b_owner=0.5,
    )
    one = np.array([1.0, 1.0])
    owner = np.array([False, True])
    # z = -2 + 4 * 0.5 + 2 * 0.25 + 1 * 1 + 3 * 0.5 - 2 * 0.5 = 2 for the tenant, 2.5 for the owner
    prob = logit_probability(p, 0.5 * one, 0.25 * one, one, 0.5 * one, 0.5 * one, owner)
    assert prob == pytest.approx(1 / (1 + np.exp(-np.array([2.0, 2.5]))))


def test_logit_probability_default_coefficients_unaware_passive_resident_rarely_takes_part():
    # the urban baseline's premise: without awareness, neighbours or outreach almost nobody takes part
    zero = np.zeros(1)
    p = logit_probability(
        ParticipationParams(), zero, zero, zero, np.full(1, 0.5), np.full(1, 0.1), np.ones(1)
    )
    assert p[0] < 0.01


def test_social_signal_resident_without_neighbours_gets_zero():
    a = from_edges(3, np.array([0]), np.array([1]))
    signal = social_signal(a, np.array([1, 1, 0]), np.array([True, True, True]), None)
    assert signal.tolist() == [1.0, 1.0, 0.0]


def test_social_signal_demonstration_weight_capped_at_one():
    a = from_edges(3, np.array([0, 0]), np.array([1, 2]))
    weight = np.array([1.0, 5.0, 1.0])
    signal = social_signal(a, np.array([2, 1, 1]), np.array([False, True, False]), weight)
    assert signal[0] == 1.0  # 5 / 2 capped


def test_draw_thresholds_zero_sd_all_equal_positive_sd_clipped_to_unit_interval():
    p = dataclasses.replace(ParticipationParams(), threshold=0.3, threshold_sd=0.0)
    assert draw_thresholds(p, 5, np.random.default_rng(0)).tolist() == [0.3] * 5
    wide = dataclasses.replace(p, threshold_sd=1.0)
    t = draw_thresholds(wide, 10_000, np.random.default_rng(0))
    assert t.min() == 0.0 and t.max() == 1.0  # clipped, and both ends reached with sd 1
    assert np.mean(t == 0.0) == pytest.approx(0.382, abs=0.03)  # P(N(0.3, 1) < 0)


@settings(max_examples=100, deadline=None)
@given(
    signal=st.lists(st.floats(0.0, 1.0), min_size=6, max_size=6),
    threshold=st.lists(st.floats(0.0, 1.0), min_size=6, max_size=6),
    adopted=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_threshold_update_any_inputs_adopters_stay_and_join_exactly_at_threshold(signal, threshold, adopted):
    s, t, a = np.array(signal), np.array(threshold), np.array(adopted)
    out = threshold_update(s, t, a)
    assert (out[a]).all()  # nobody un-adopts
    assert out[~a].tolist() == (s[~a] >= t[~a]).tolist()


def test_social_signal_demonstration_weight_counts_party_members_extra():
    a = from_edges(4, np.array([0, 0, 0]), np.array([1, 2, 3]))
    deg = np.array([3, 1, 1, 1])
    active = np.array([False, True, False, False])
    weight = np.array([1.0, 2.0, 1.0, 1.0])
    assert social_signal(a, deg, active, np.ones(4))[0] == pytest.approx(1 / 3)
    assert social_signal(a, deg, active, weight)[0] == pytest.approx(2 / 3)


def test_threshold_update_on_a_path_needs_one_round_per_hop():
    # path 0-1-2-3, threshold 0.5: a seed at 0 reaches everyone, one hop per round
    a = from_edges(4, np.array([0, 1, 2]), np.array([1, 2, 3]))
    deg = np.array([1, 2, 2, 1])
    adopted = np.array([True, False, False, False])
    history = []
    for _ in range(3):
        adopted = threshold_update(social_signal(a, deg, adopted, np.ones(4)), np.full(4, 0.5), adopted)
        history.append(adopted.sum())
    assert history == [2, 3, 4]


def test_threshold_update_star_blocked_by_high_threshold_hand_computed():
    # star with centre 0 and leaves 1..4; seeds at leaves 1 and 2; centre threshold 0.5 -> 2/4 >= 0.5
    a = from_edges(5, np.zeros(4, dtype=np.int64), np.arange(1, 5))
    deg = np.array([4, 1, 1, 1, 1])
    adopted = np.array([False, True, True, False, False])
    thr = np.array([0.5, 1.0, 1.0, 1.0, 1.0])
    for _ in range(3):
        adopted = threshold_update(social_signal(a, deg, adopted, np.ones(5)), thr, adopted)
    assert adopted.tolist() == [True, True, True, True, True]
    thr[0] = 0.51  # 2/4 < 0.51: nothing moves
    adopted = np.array([False, True, True, False, False])
    for _ in range(3):
        adopted = threshold_update(social_signal(a, deg, adopted, np.ones(5)), thr, adopted)
    assert adopted.tolist() == [False, True, True, False, False]


def test_logit_probability_monotone_in_each_driver():
    p = ParticipationParams()
    base = dict(
        awareness=np.array([0.2]),
        signal=np.array([0.1]),
        exposure=np.array([0.0]),
        trust=np.array([0.5]),
        cost_share=np.array([0.25]),
        owner=np.array([False]),
    )
    p0 = logit_probability(p, **base)[0]
    drivers = [("awareness", 0.6), ("signal", 0.5), ("exposure", 1.0), ("trust", 0.9), ("owner", True)]
    for key, value in drivers:
        assert logit_probability(p, **{**base, key: np.array([value])})[0] > p0
    assert logit_probability(p, **{**base, "cost_share": np.array([1.0])})[0] < p0
    assert 0.0 < p0 < 1.0


GRANOVETTER = [  # 100 people who all see each other, nobody active at the start
    "community.residents=100",
    "community.network.kind=complete",
    "participation.initial_active=0",
    "steps=120",
]


def _final_share(overrides: list[str], thresholds: np.ndarray | None = None) -> float:
    model = sim.CommunityModel(sim.load_config("threshold_docking", overrides), thresholds=thresholds)
    model.run()
    return model.summary()["final_active_share"]


def _granovetter(thresholds_in_people: list[int]) -> float:
    return _final_share(GRANOVETTER, np.array(thresholds_in_people) / 99)


def test_threshold_rule_granovetter_uniform_thresholds_everybody_riots():
    assert _granovetter(list(range(100))) == 1.0


def test_threshold_rule_granovetter_one_change_stops_at_the_instigator():
    thresholds = list(range(100))
    thresholds[1] = 2
    assert _granovetter(thresholds) == pytest.approx(0.01)


def test_threshold_rule_granovetter_normal_thresholds_jump_with_spread():
    # Granovetter (1978): mean 25 of 100, sd below ~12 -> a handful riot; above it -> nearly everyone
    def median(sd: float) -> float:
        normal = ["participation.threshold=0.2525", f"participation.threshold_sd={sd / 99}"]
        return float(np.median([_final_share([*GRANOVETTER, *normal, f"seed={seed}"]) for seed in range(10)]))

    assert median(5.0) < 0.1
    assert median(20.0) > 0.9


def _cascades(z: float, seeds: range) -> np.ndarray:
    docking = ["steps=150"]
    degrees = [f"community.network.mean_degree={z}"]
    return np.array([_final_share([*docking, *degrees, f"seed={seed}"]) for seed in seeds]) > 0.1


def test_threshold_rule_watts_global_cascades_only_inside_analytic_window():
    # Watts (2002), phi = 0.18, Erdős–Rényi, 10,000 residents, one seed; window edges computed, not typed
    from experiments.analysis.theory import watts_window

    low, high = watts_window(0.18)
    assert _cascades((low + high) / 2, range(10)).mean() >= 0.6
    assert not _cascades(low / 2, range(10)).any()
    assert not _cascades(high + 3.0, range(10)).any()
