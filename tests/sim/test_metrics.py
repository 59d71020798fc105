import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sim
from sim.metrics import FINAL_METRICS, METRICS, gini_of_counts, top_share_of_counts

counts = arrays(np.int64, st.integers(1, 200), elements=st.integers(0, 50))


def _gini_sorted(x: np.ndarray) -> float:
    xs = np.sort(x).astype(float)
    n = xs.size
    return 0.0 if xs.sum() == 0 else float(((2 * np.arange(1, n + 1) - n - 1) * xs).sum() / (n * xs.sum()))


@settings(max_examples=200, deadline=None)
@given(counts)
def test_gini_of_counts_any_counts_matches_sorted_formula_and_unit_interval(x):
    g = gini_of_counts(x)
    assert g == pytest.approx(_gini_sorted(x), abs=1e-12)
    assert 0.0 <= g < 1.0


@settings(max_examples=200, deadline=None)
@given(counts)
def test_top_share_of_counts_any_counts_matches_sorting(x):
    k = int(np.ceil(0.1 * x.size))
    expected = 0.0 if x.sum() == 0 else np.sort(x)[::-1][:k].sum() / x.sum()
    share = top_share_of_counts(x, 0.1)
    assert share == pytest.approx(expected, abs=1e-12)
    assert (0.0 if x.sum() == 0 else min(1.0, k / x.size) - 1e-12) <= share <= 1.0


def test_gini_hand_computed_one_speaker_of_four():
    assert gini_of_counts(np.array([0, 0, 0, 4])) == pytest.approx(0.75)


def test_top10_share_hand_computed_ninety_nine_one():
    assert top_share_of_counts(np.array([10] + [0] * 9), 0.1) == 1.0
    x = np.array([9, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    assert top_share_of_counts(x, 0.1) == pytest.approx(0.9)


def test_gini_hand_computed_ties_one_one_two():
    # sorted 1, 1, 2; n = 3, total 4: ((2-4)*1 + (4-4)*1 + (6-4)*2) / (3*4) = 1/6
    assert gini_of_counts(np.array([2, 1, 1])) == pytest.approx(1 / 6)


def test_gini_one_holder_among_n_is_n_minus_one_over_n():
    for n in (2, 5, 100):
        x = np.zeros(n, dtype=np.int64)
        x[n // 2] = 7
        assert gini_of_counts(x) == pytest.approx((n - 1) / n)


def test_gini_and_top_share_empty_or_all_zero_counts_are_zero():
    empty = np.zeros(0, dtype=np.int64)
    assert gini_of_counts(empty) == 0.0 and top_share_of_counts(empty, 0.1) == 0.0
    zeros = np.zeros(10, dtype=np.int64)
    assert gini_of_counts(zeros) == 0.0 and top_share_of_counts(zeros, 0.1) == 0.0


def test_top_share_hand_computed_tie_across_the_cut():
    # n = 20, top 10% = 2 residents; four tied at 5: the top two hold 10 of 20
    x = np.array([5, 5, 5, 5] + [0] * 16)
    assert top_share_of_counts(x, 0.1) == pytest.approx(0.5)


def test_top_share_fraction_rounds_up_to_whole_residents():
    # n = 15, top 10% -> ceil(1.5) = 2 residents: 6 + 4 of 15
    x = np.array([6, 4, 3, 2] + [0] * 11)
    assert top_share_of_counts(x, 0.1) == pytest.approx(10 / 15)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200), st.integers(0, 50))
def test_gini_all_equal_counts_is_zero(n, value):
    assert gini_of_counts(np.full(n, value, dtype=np.int64)) == 0.0


@settings(max_examples=200, deadline=None)
@given(counts)
def test_gini_positive_iff_counts_not_all_equal(x):
    g = gini_of_counts(x)
    assert (g > 1e-12) == (np.unique(x).size > 1)


@settings(max_examples=200, deadline=None)
@given(counts, st.integers(1, 20), st.randoms())
def test_gini_and_top_share_scale_and_order_invariant(x, scale, rnd):
    y = x * scale
    rnd.shuffle(y)
    assert gini_of_counts(y) == pytest.approx(gini_of_counts(x), abs=1e-12)
    assert top_share_of_counts(y, 0.1) == pytest.approx(top_share_of_counts(x, 0.1), abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(counts, st.floats(0.001, 1.0))
def test_top_share_any_fraction_between_top_fraction_and_one(x, top):
    share = top_share_of_counts(x, top)
    k = int(np.ceil(top * x.size))
    if x.sum() == 0:
        assert share == 0.0
    else:
        expected = np.sort(x)[::-1][:k].sum() / x.sum()
        assert share == pytest.approx(expected, abs=1e-12)
        assert min(1.0, k / x.size) - 1e-12 <= share <= 1.0 + 1e-12
        assert share >= top - 1e-12  # the top fraction holds at least its fraction of the total


@settings(max_examples=200, deadline=None)
@given(counts, st.integers(0, 10))
def test_gini_and_top_share_precomputed_freq_with_padding_gives_same_result(x, pad):
    freq = np.bincount(x, minlength=int(x.max()) + 1 + pad)
    assert gini_of_counts(x, freq) == pytest.approx(gini_of_counts(x), abs=1e-12)
    assert top_share_of_counts(x, 0.1, freq) == pytest.approx(top_share_of_counts(x, 0.1), abs=1e-12)


def test_top_share_whole_population_is_one():
    assert top_share_of_counts(np.array([3, 0, 1, 9]), 1.0) == pytest.approx(1.0)


def test_metrics_registry_every_metric_pickles_by_reference_for_worker_processes():
    import pickle

    for fn in (*METRICS.values(), *FINAL_METRICS.values()):
        assert pickle.loads(pickle.dumps(fn)) is fn


def test_levels_by_group_shares_equal_the_shares_within_each_group():
    model = sim.CommunityModel(
        sim.load_config("party_demonstration", ["community.residents=600", "steps=20"])
    )
    model.run()
    row, pop, level = model.timeseries().iloc[-1], model.state.population, model.state.level
    groups = {
        "tenant": ~pop.owner,
        "age60plus": pop.age_band == 2,
        "nondigital": ~pop.digital,
        "party": pop.party,
    }
    for group, mask in groups.items():
        for k, name in enumerate(("passive", "occasional", "active")):
            assert row[f"{name}_share_{group}"] == pytest.approx(np.mean(level[mask] == k)), (group, name)


def test_register_refuses_a_metric_moved_by_an_unknown_or_no_mechanism():
    from sim.metrics import STATE, register

    for moved_by in (("channel",), ()):
        with pytest.raises(ValueError, match="mechanisms"):
            register(STATE, *moved_by)(lambda m: 0.0)
    assert "<lambda>" not in METRICS


def test_recorded_keeps_a_metric_when_any_of_its_mechanisms_is_in_the_run():
    from sim.metrics import MOVED_BY, recorded

    assert set(MOVED_BY) == set(METRICS) | set(FINAL_METRICS)
    requests_only = recorded(METRICS, frozenset({"requests"}))
    assert {"service_requests", "requests_by_group", "trust", "four_senses", "staff_hours"} <= set(
        requests_only
    )
    assert not {"participation_levels", "participations", "dispute_events"} & set(requests_only)
    assert set(recorded(METRICS, frozenset())) == set()


def test_turned_away_small_forum_turns_residents_away_unlimited_forum_none():
    def forum(capacity: float) -> dict[str, float]:
        cfg = sim.load_config(
            "deliberation",
            ["community.residents=600", "steps=120", f"channels.forum.capacity_per_1000={capacity}"],
        )
        return sim.simulate(cfg, seed=3).summary

    small, unlimited = forum(2.0), forum(0.0)
    assert small["turned_away_forum"] > small["participations_forum"]  # room for 2 in 1,000
    assert small["turned_away_share_forum"] > 0.5
    assert unlimited["turned_away_forum"] == 0 and unlimited["participations_forum"] > 0
    assert unlimited["turned_away_share_forum"] == 0.0
