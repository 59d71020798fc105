"""The shared context of a day: the case Budget and the calendar (sim.mechanisms.context)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.mechanisms.context import Budget, Today, is_weekend


def test_budget_take_more_than_left_takes_what_is_left_and_empties():
    b = Budget(3)
    assert b.take(5) == 3 and b.left == 0
    assert b.take(1) == 0 and b.left == 0


def test_budget_successive_takes_draw_down_in_order():
    # the disputes' draw comes first, the requests get what it left
    b = Budget(10)
    assert b.take(4) == 4
    assert b.take(4) == 4
    assert b.take(4) == 2
    assert b.left == 0


def test_budget_overdrawn_budget_gives_nothing_and_is_not_refilled():
    b = Budget(-2)
    assert b.take(3) == 0 and b.left == -2


def test_budget_take_zero_leaves_budget_unchanged():
    b = Budget(5)
    assert b.take(0) == 0 and b.left == 5


@settings(max_examples=100, deadline=None)
@given(start=st.integers(0, 100), wants=st.lists(st.integers(0, 40), max_size=10))
def test_budget_any_sequence_of_takes_never_exceeds_start_and_conserves_cases(start, wants):
    b = Budget(start)
    taken = [b.take(w) for w in wants]
    assert all(0 <= t <= w for t, w in zip(taken, wants, strict=True))
    assert sum(taken) + b.left == start
    assert b.left >= 0
    assert sum(taken) == min(start, sum(wants))  # greedy: nothing is refused while cases are left


def test_is_weekend_day_zero_is_monday_weekend_is_days_five_and_six():
    assert [d for d in range(21) if is_weekend(d)] == [5, 6, 12, 13, 19, 20]


@settings(max_examples=50, deadline=None)
@given(start=st.integers(0, 100_000))
def test_is_weekend_any_seven_consecutive_days_have_two_weekend_days_together(start):
    week = [is_weekend(d) for d in range(start, start + 7)]
    assert sum(week) == 2
    first = week.index(True)
    assert week[(first + 1) % 7] or first == 0  # the two weekend days are adjacent (Sat, Sun)


def test_today_weekend_follows_its_day():
    today = [Today(d, np.zeros(0, bool), Budget(0), np.zeros((1, 1))) for d in range(7)]
    assert [t.weekend for t in today] == [False] * 5 + [True] * 2
