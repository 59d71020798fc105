"""The four senses: lift, lower, belonging targets and relaxation (sim.mechanisms.senses)."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.mechanisms.senses import Senses, belonging_base, belonging_target, lift, lower, relax
from sim.params import ServicesParams


def _params(**kw) -> ServicesParams:
    return dataclasses.replace(ServicesParams(), **kw)


def test_lift_moves_only_who_the_step_share_of_the_gap_to_one():
    s = np.array([0.2, 0.5, 1.0, 0.0])
    lift(s, np.array([0, 2, 3]), 0.25)
    # 0.2 + 0.25 * 0.8 = 0.4 ; 1 stays 1 ; 0 + 0.25 = 0.25
    assert s == pytest.approx([0.4, 0.5, 1.0, 0.25])


def test_lower_moves_only_who_the_step_share_of_the_way_to_zero():
    s = np.array([0.2, 0.5, 1.0, 0.0])
    lower(s, np.array([1, 2, 3]), 0.25)
    assert s == pytest.approx([0.2, 0.375, 0.75, 0.0])


def test_lift_then_lower_same_step_does_not_return_to_start():
    # the steps are proportional: up from 0.5 by 0.2 -> 0.6, down by 0.2 -> 0.48
    s = np.array([0.5])
    lift(s, np.array([0]), 0.2)
    lower(s, np.array([0]), 0.2)
    assert s[0] == pytest.approx(0.48)


def test_lift_repeated_closes_the_gap_geometrically():
    s = np.array([0.5])
    for _ in range(5):
        lift(s, np.array([0]), 0.1)
    assert s[0] == pytest.approx(1.0 - 0.5 * 0.9**5)


def test_belonging_base_ties_count_pro_rata_up_to_a_full_circle():
    p = _params(belonging_base=0.1, belonging_ties=0.4, belonging_full_ties=8.0)
    base = belonging_base(np.array([0, 2, 8, 50]), p)
    assert base == pytest.approx([0.1, 0.1 + 0.4 * 2 / 8, 0.5, 0.5])


def test_belonging_target_adds_membership_and_each_level():
    p = _params(belonging_member=0.25, belonging_level=0.125)
    base = np.full(4, 0.2)
    org_of = np.array([-1, 0, -1, 3])
    level = np.array([0, 0, 2, 1])
    target = belonging_target(base, org_of, level, p)
    assert target == pytest.approx([0.2, 0.45, 0.45, 0.575])


def test_belonging_target_most_engaged_resident_with_default_weights_stays_at_most_one():
    p = ServicesParams()
    top = belonging_target(belonging_base(np.array([1000]), p), np.array([0]), np.array([2]), p)
    assert top[0] == pytest.approx(1.0) and top[0] <= 1.0


def test_relax_gain_and_security_to_neutral_belonging_to_target():
    p = _params(sense_relax=0.1, sense_neutral=0.5)
    s = Senses(gain=np.array([0.9, 0.1]), security=np.array([0.9, 0.1]), belonging=np.array([0.0, 1.0]))
    relax(s, np.array([0.5, 0.3]), p)
    assert s.security == pytest.approx([0.86, 0.14])
    assert s.gain == pytest.approx([0.86, 0.14])  # what residents gained fades unless renewed
    assert s.belonging == pytest.approx([0.05, 0.93])


def test_relax_repeated_security_converges_geometrically_to_neutral():
    p = _params(sense_relax=0.2, sense_neutral=0.6)
    s = Senses.start(1, 0.6)
    s.security[:] = 0.0
    for _ in range(10):
        relax(s, np.array([0.6]), p)
    assert s.security[0] == pytest.approx(0.6 * (1 - 0.8**10))


def test_senses_start_every_sense_at_neutral():
    s = Senses.start(3, 0.4)
    assert s.gain.tolist() == s.security.tolist() == s.belonging.tolist() == [0.4] * 3
    s.gain[0] = 1.0  # independent arrays
    assert s.security[0] == 0.4 and s.belonging[0] == 0.4


unit = st.floats(0.0, 1.0)
event = st.tuples(st.sampled_from(["lift", "lower", "relax"]), unit, st.lists(st.integers(0, 4), max_size=5))


@settings(max_examples=150, deadline=None)
@given(
    start=st.lists(unit, min_size=5, max_size=5),
    target=st.lists(unit, min_size=5, max_size=5),
    neutral=unit,
    events=st.lists(event, max_size=25),
)
def test_senses_any_sequence_of_events_stays_in_unit_interval(start, target, neutral, events):
    s = Senses(np.array(start), np.array(start), np.array(start))
    tgt = np.array(target)
    for kind, step, who in events:
        idx = np.array(who, dtype=np.int64)
        if kind == "lift":
            lift(s.gain, idx, step)
            lift(s.security, idx, step)
        elif kind == "lower":
            lower(s.gain, idx, step)
            lower(s.security, idx, step)
        else:
            before = s.belonging.copy()
            relax(s, tgt, _params(sense_relax=step, sense_neutral=neutral))
            lo, hi = np.minimum(before, tgt), np.maximum(before, tgt)
            assert ((s.belonging >= lo - 1e-12) & (s.belonging <= hi + 1e-12)).all()  # no overshoot
        for v in (s.gain, s.security, s.belonging):
            assert ((v >= 0.0) & (v <= 1.0 + 1e-12)).all()
