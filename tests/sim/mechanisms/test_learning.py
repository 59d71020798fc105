"""Learning from outcomes: reward, disappoint, relax_awareness (sim.mechanisms.learning)."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.mechanisms.learning import disappoint, relax_awareness, reward
from sim.params import ParticipationParams
from sim.state import ResidentState
from sim.world.population import Population


def _state(awareness, disposition, trust) -> ResidentState:
    """A tiny state: ``trust`` has one row per institution."""
    awareness = np.array(awareness, dtype=np.float64)
    n = awareness.size
    return ResidentState.at_rest(
        Population(*(np.zeros(n, dtype=bool) for _ in range(5))),
        awareness,
        np.array(trust, dtype=np.float64),
        channel_names=("c",),
        institutions=("committee", "street"),
        disposition=np.array(disposition, dtype=np.float64),
    )


def _params(gain: float = 0.25, loss: float = 0.25) -> ParticipationParams:
    return dataclasses.replace(ParticipationParams(), trust_gain=gain, trust_loss=loss)


def test_reward_moves_awareness_and_trust_the_stated_share_of_the_gap():
    s = _state([0.2, 0.6, 0.5], [0.0] * 3, [[0.4, 0.0, 0.9], [0.3, 0.3, 0.3]])
    reward(s, np.array([0, 2]), 0, awareness_gain=0.5, p=_params(gain=0.25))
    # awareness: 0.2 + 0.5 * 0.8 = 0.6 ; 0.5 + 0.5 * 0.5 = 0.75
    assert s.awareness == pytest.approx([0.6, 0.6, 0.75])
    # trust in institution 0: 0.4 + 0.25 * 0.6 = 0.55 ; 0.9 + 0.25 * 0.1 = 0.925
    assert s.trust[0] == pytest.approx([0.55, 0.0, 0.925])
    assert s.trust[1].tolist() == [0.3, 0.3, 0.3]  # other institutions untouched


def test_reward_zero_gain_changes_nothing():
    s = _state([0.2, 0.6], [0.0, 0.0], [[0.4, 0.1], [0.3, 0.3]])
    reward(s, np.array([0, 1]), 1, awareness_gain=0.0, p=_params(gain=0.0))
    assert s.awareness.tolist() == [0.2, 0.6] and s.trust.tolist() == [[0.4, 0.1], [0.3, 0.3]]


def test_reward_full_gain_closes_the_gap():
    s = _state([0.2], [0.0], [[0.4], [0.3]])
    reward(s, np.array([0]), 1, awareness_gain=1.0, p=_params(gain=1.0))
    assert s.awareness[0] == 1.0 and s.trust[1, 0] == 1.0 and s.trust[0, 0] == 0.4


def test_disappoint_lowers_trust_by_the_stated_share_only_for_who():
    s = _state([0.2, 0.6], [0.1, 0.1], [[0.8, 0.8], [0.5, 0.5]])
    disappoint(s, np.array([1]), 1, _params(loss=0.25))
    assert s.trust[1] == pytest.approx([0.5, 0.375])  # 0.5 - 0.25 * 0.5
    assert s.trust[0].tolist() == [0.8, 0.8]
    assert s.awareness.tolist() == [0.2, 0.6]  # awareness is not lowered by a bad outcome


def test_disappoint_empty_who_changes_nothing():
    s = _state([0.2], [0.1], [[0.8], [0.5]])
    disappoint(s, np.array([], dtype=np.int64), 0, _params(loss=0.5))
    assert s.trust.tolist() == [[0.8], [0.5]]


def test_relax_awareness_closes_exactly_rate_of_the_gap_to_disposition():
    s = _state([0.9, 0.1, 0.4], [0.5, 0.5, 0.4], [[0.5] * 3, [0.5] * 3])
    relax_awareness(s, 0.1)
    # 0.9 + 0.1 * (0.5 - 0.9) = 0.86 ; 0.1 + 0.1 * 0.4 = 0.14 ; at the disposition: stays
    assert s.awareness == pytest.approx([0.86, 0.14, 0.4])
    assert s.disposition.tolist() == [0.5, 0.5, 0.4]


def test_relax_awareness_repeated_gap_shrinks_geometrically():
    s = _state([0.9], [0.5], [[0.5], [0.5]])
    for _ in range(10):
        relax_awareness(s, 0.2)
    assert s.awareness[0] == pytest.approx(0.5 + 0.4 * 0.8**10)


share = st.floats(0.0, 1.0)
unit = st.floats(0.0, 1.0)
op = st.one_of(
    st.tuples(st.just("reward"), st.integers(0, 1), share, share),
    st.tuples(st.just("disappoint"), st.integers(0, 1), share, share),
    st.tuples(st.just("relax"), st.integers(0, 1), share, share),
)


@settings(max_examples=200, deadline=None)
@given(
    awareness=st.lists(unit, min_size=4, max_size=4),
    disposition=st.lists(unit, min_size=4, max_size=4),
    trust=st.lists(unit, min_size=8, max_size=8),
    ops=st.lists(op, max_size=20),
    who=st.lists(st.integers(0, 3), max_size=4, unique=True),
)
def test_learning_any_sequence_of_updates_keeps_trust_and_awareness_in_unit_interval(
    awareness, disposition, trust, ops, who
):
    s = _state(awareness, disposition, np.reshape(trust, (2, 4)))
    idx = np.array(who, dtype=np.int64)
    for name, inst, x, y in ops:
        before_a, before_t = s.awareness.copy(), s.trust.copy()
        if name == "reward":
            reward(s, idx, inst, x, _params(gain=y))
            assert (s.awareness >= before_a).all() and (s.trust >= before_t).all()
        elif name == "disappoint":
            disappoint(s, idx, inst, _params(loss=y))
            assert (s.trust <= before_t).all() and (s.awareness == before_a).all()
        else:
            relax_awareness(s, x)
            lo = np.minimum(before_a, s.disposition)
            hi = np.maximum(before_a, s.disposition)
            # never overshoots the disposition (up to one rounding of the update)
            assert ((s.awareness >= lo - 1e-12) & (s.awareness <= hi + 1e-12)).all()
        assert ((s.awareness >= 0.0) & (s.awareness <= 1.0)).all()
        assert ((s.trust >= 0.0) & (s.trust <= 1.0)).all()
