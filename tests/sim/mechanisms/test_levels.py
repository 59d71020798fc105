"""The rolling participation window and the level cut-offs (sim.mechanisms.levels)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.mechanisms.levels import classify, roll_window
from sim.state import ACTIVE, OCCASIONAL, PASSIVE, ResidentState
from sim.world.population import Population

W = 30


def _state(n: int, window_days: int = W) -> ResidentState:
    """A tiny state with nothing recorded yet (only the fields the window uses matter)."""
    return ResidentState.at_rest(
        Population(*(np.zeros(n, dtype=bool) for _ in range(5))),
        np.zeros(n),
        np.zeros((1, n)),
        channel_names=("c",),
        institutions=("committee",),
        window=window_days,
    )


def _run(daily: np.ndarray, window_days: int = W) -> tuple[np.ndarray, np.ndarray, ResidentState]:
    """Feed ``daily[d, i]`` participations day by day; return window counts and totals after each day."""
    days, n = daily.shape
    s = _state(n, window_days)
    counts = np.zeros((days, n), dtype=np.int64)
    totals = np.zeros((days, n), dtype=np.int64)
    for d in range(days):
        s.today[:] = daily[d]
        s.points_today[:] = daily[d]  # one engagement point per participation
        roll_window(s, d)
        counts[d], totals[d] = s.window_count, s.total
    return counts, totals, s


def _daily_35() -> np.ndarray:
    """Four residents over 35 days.

    0: once on day 0; 1: once every day; 2: once on each of days 0-3; 3: twice on day 5.
    """
    daily = np.zeros((35, 4), dtype=np.uint8)
    daily[0, 0] = 1
    daily[:, 1] = 1
    daily[0:4, 2] = 1
    daily[5, 3] = 2
    return daily


def test_roll_window_participation_on_day_0_counts_through_day_29():
    counts, _, _ = _run(_daily_35())
    assert counts[0, 0] == 1 and counts[29, 0] == 1


def test_roll_window_participation_30_days_old_drops_out():
    counts, totals, _ = _run(_daily_35())
    assert counts[30, 0] == 0  # day 0 leaves the 30-day window when day 30 is closed
    assert totals[30, 0] == 1  # ... but stays in the total


def test_roll_window_daily_participant_saturates_at_window_length():
    counts, totals, _ = _run(_daily_35())
    assert counts[:, 1].tolist() == [min(d + 1, W) for d in range(35)]
    assert totals[34, 1] == 35


def test_roll_window_four_early_days_leave_one_by_one_from_day_30():
    counts, _, _ = _run(_daily_35())
    assert counts[26:35, 2].tolist() == [4, 4, 4, 4, 3, 2, 1, 0, 0]


def test_roll_window_two_participations_in_one_day_count_twice_and_leave_together():
    counts, totals, _ = _run(_daily_35())
    assert counts[4, 3] == 0
    assert counts[5, 3] == 2 and counts[34, 3] == 2  # day 5 is still within days 5..34
    daily = np.vstack([_daily_35(), np.zeros((1, 4), dtype=np.uint8)])
    counts36, _, _ = _run(daily)
    assert counts36[35, 3] == 0 and totals[34, 3] == 2


def test_classify_levels_on_given_days_of_the_35_day_sequence():
    counts, _, _ = _run(_daily_35())
    lv = [classify(counts[d], occasional_min=1, active_min=4).tolist() for d in (3, 29, 30, 33)]
    assert lv[0] == [OCCASIONAL, ACTIVE, ACTIVE, PASSIVE]  # day 3: resident 1 has 4, resident 2 has 4
    assert lv[1] == [OCCASIONAL, ACTIVE, ACTIVE, OCCASIONAL]
    assert lv[2] == [PASSIVE, ACTIVE, OCCASIONAL, OCCASIONAL]  # resident 2 falls to 3 < 4
    assert lv[3] == [PASSIVE, ACTIVE, PASSIVE, OCCASIONAL]


def test_classify_counts_exactly_at_the_cut_offs_reach_the_level():
    level = classify(np.array([0, 1, 2, 3, 4, 5]), occasional_min=2, active_min=4)
    assert level.tolist() == [PASSIVE, PASSIVE, OCCASIONAL, OCCASIONAL, ACTIVE, ACTIVE]


def test_classify_equal_cut_offs_skip_occasional():
    level = classify(np.array([0, 2, 3]), occasional_min=3, active_min=3)
    assert level.tolist() == [PASSIVE, PASSIVE, ACTIVE]


def test_classify_empty_community_gives_no_levels():
    assert classify(np.zeros(0, dtype=np.int32), 1, 4).size == 0


def test_roll_window_seven_day_window_ring_wraps():
    daily = np.zeros((15, 1), dtype=np.uint8)
    daily[[0, 6, 7], 0] = 1
    counts, _, _ = _run(daily, window_days=7)
    # window after day d covers days d-6..d
    assert counts[:, 0].tolist() == [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1, 0]


@settings(max_examples=60, deadline=None)
@given(
    window_days=st.integers(1, 12),
    seq=st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=1, max_size=40),
)
def test_roll_window_any_sequence_counts_last_window_days_and_keeps_invariants(window_days, seq):
    daily = np.array(seq, dtype=np.uint8)
    counts, totals, s = _run(daily, window_days)
    for d in range(daily.shape[0]):
        lo = max(0, d - window_days + 1)
        assert counts[d].tolist() == daily[lo : d + 1].sum(axis=0).tolist()
        assert totals[d].tolist() == daily[: d + 1].sum(axis=0).tolist()
    assert s.window_count.tolist() == s.window.sum(axis=0).tolist()
