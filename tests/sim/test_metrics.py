import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.metrics import METRICS, gini_of_counts, top_share_of_counts

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


def test_metrics_registry_names_are_module_functions():
    import pickle

    for name, fn in METRICS.items():
        assert fn.__name__ == name
        assert pickle.loads(pickle.dumps(fn)) is fn
