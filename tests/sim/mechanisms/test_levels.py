"""Rolling windows, levels on the co-governance construct and active spells (sim.mechanisms.levels)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.mechanisms.levels import Spells, classify, roll_window
from sim.params import MODES
from sim.state import ACTIVE, OCCASIONAL, PASSIVE, ActWindow, ResidentState
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


def _acts(recent: list[int], older: list[int]) -> ActWindow:
    """A governance window holding the given acts in its recent and older half."""
    n = len(recent)
    return ActWindow(np.zeros((4, n), dtype=np.uint8), np.array(recent), np.array(older))


def test_classify_points_make_occasional_sustained_acts_make_active():
    level = classify(np.array([0, 3, 4, 40, 0]), _acts([0, 0, 0, 0, 1], [0, 0, 0, 0, 2]), 4, 3)
    assert level.tolist() == [PASSIVE, PASSIVE, OCCASIONAL, OCCASIONAL, ACTIVE]


def test_classify_burst_of_acts_in_one_half_is_not_active():
    level = classify(np.zeros(3, dtype=np.int32), _acts([9, 0, 2], [0, 9, 1]), 4, 3)
    assert level.tolist() == [PASSIVE, PASSIVE, ACTIVE]  # 9 recent or 9 older: a burst, not regular


def test_classify_acts_exactly_at_the_cut_off_reach_active():
    level = classify(np.zeros(3, dtype=np.int32), _acts([1, 1, 2], [1, 2, 2]), 4, 3)
    assert level.tolist() == [PASSIVE, ACTIVE, ACTIVE]


def test_classify_empty_community_gives_no_levels():
    assert classify(np.zeros(0, dtype=np.int32), _acts([], []), 1, 4).size == 0


def _days(residents: int) -> st.SearchStrategy[list[list[int]]]:
    """Up to 40 days of 0-3 acts or points for each of ``residents`` residents."""
    return st.lists(
        st.lists(st.integers(0, 3), min_size=residents, max_size=residents), min_size=1, max_size=40
    )


@settings(max_examples=60, deadline=None)
@given(window_days=st.integers(2, 13), seq=_days(2))
def test_act_window_any_sequence_splits_last_days_into_recent_and_older_halves(window_days, seq):
    daily = np.array(seq, dtype=np.uint8)
    w = ActWindow.empty(window_days, 2)
    half = window_days // 2
    for d in range(daily.shape[0]):
        w.roll(daily[d], d)
        recent = daily[max(0, d - half + 1) : d + 1].sum(axis=0)
        older = daily[max(0, d - window_days + 1) : max(0, d - half + 1)].sum(axis=0)
        assert w.recent.tolist() == recent.tolist() and w.older.tolist() == older.tolist()


def _recording_state(modes: tuple[str, ...]) -> ResidentState:
    return ResidentState.at_rest(
        Population(*(np.zeros(3, dtype=bool) for _ in range(5))),
        np.zeros(3),
        np.zeros((1, 3)),
        channel_names=tuple(f"c{k}" for k in range(len(modes))),
        institutions=("committee",),
        channel_modes=modes,
        governance_window=8,
    )


def test_record_messages_notices_and_service_use_every_day_never_make_anyone_active():
    s = _recording_state(("voice", "information", "service"))
    for day in range(60):
        s.start_day()
        for channel in range(3):
            s.record(np.arange(3), channel, 4)
        roll_window(s, day)
    level = classify(s.window_count, s.acts, occasional_min=4, active_acts=2)
    assert s.acts.total.max() == 0 and (level == OCCASIONAL).all()  # voice makes occasional at most
    assert s.mode_total[MODES.index("information")].tolist() == [60, 60, 60]


def test_record_information_and_service_use_earn_no_points():
    s = _recording_state(("information", "service", "deliberation"))
    s.record(np.array([0]), 0, 5)
    s.record(np.array([1]), 1, 5)
    s.record(np.array([2]), 2, 5)
    assert s.points_today.tolist() == [0, 0, 5] and s.acts_today.tolist() == [0, 0, 1]


def test_record_acts_on_own_channels_stay_out_of_the_outside_window():
    s = _recording_state(("deliberation", "coproduction"))
    s.own[0] = True
    s.record(np.array([0, 1]), 0, 8)
    s.record(np.array([1]), 1, 8)
    assert s.acts_today.tolist() == [1, 2, 0] and s.acts_outside_own_today.tolist() == [0, 1, 0]


def test_spells_lengths_entries_and_exits_follow_the_levels():
    s = Spells.start(np.array([ACTIVE, PASSIVE, PASSIVE]))
    days = [[2, 0, 2], [2, 2, 0], [0, 2, 0], [0, 0, 0]]
    for level in days:
        s.update(np.array(level, dtype=np.int8))
    assert (s.entries, s.exits) == (2, 3)  # 1 on day 1, 2 on day 0; 2 leaves on day 1, 1 on 3, 0 on 2
    assert s.ended[[1, 2, 3]].tolist() == [1, 1, 1]  # resident 2 after 1 day, 1 after 2, 0 after 3
    assert s.active_days.tolist() == [2, 2, 1] and s.ever_active.tolist() == [True, True, True]


def test_roll_window_seven_day_window_ring_wraps():
    daily = np.zeros((15, 1), dtype=np.uint8)
    daily[[0, 6, 7], 0] = 1
    counts, _, _ = _run(daily, window_days=7)
    # window after day d covers days d-6..d
    assert counts[:, 0].tolist() == [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1, 0]


@settings(max_examples=60, deadline=None)
@given(window_days=st.integers(1, 12), seq=_days(3))
def test_roll_window_any_sequence_counts_last_window_days_and_keeps_invariants(window_days, seq):
    daily = np.array(seq, dtype=np.uint8)
    counts, totals, s = _run(daily, window_days)
    for d in range(daily.shape[0]):
        lo = max(0, d - window_days + 1)
        assert counts[d].tolist() == daily[lo : d + 1].sum(axis=0).tolist()
        assert totals[d].tolist() == daily[: d + 1].sum(axis=0).tolist()
    assert s.window_count.tolist() == s.window.sum(axis=0).tolist()
