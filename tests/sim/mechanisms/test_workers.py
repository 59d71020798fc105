"""Social workers' outreach and grid workers' patrols (sim.mechanisms.workers)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.mechanisms.workers import patrol, social_outreach
from sim.state import ACTIVE, OCCASIONAL, PASSIVE


def _twin(rng: np.random.Generator) -> np.random.Generator:
    """A Generator in the same state as ``rng`` (to replay its next draws)."""
    twin = np.random.Generator(np.random.PCG64())
    twin.bit_generator.state = rng.bit_generator.state
    return twin


def _levels(passive: int, occasional: int, active: int, rng: np.random.Generator) -> np.ndarray:
    level = np.array([PASSIVE] * passive + [OCCASIONAL] * occasional + [ACTIVE] * active, dtype=np.int8)
    return rng.permutation(level)


# ------------------------------------------------------------------ social outreach
def test_social_outreach_zero_workers_contact_nobody():
    level = np.zeros(50, dtype=np.int8)
    assert social_outreach(0, 10.0, True, level, np.random.default_rng(1)).size == 0
    assert social_outreach(0, 10.0, False, level, np.random.default_rng(1)).size == 0


def test_social_outreach_zero_contacts_per_worker_contact_nobody():
    assert social_outreach(5, 0.0, False, np.zeros(50, dtype=np.int8), np.random.default_rng(1)).size == 0


def test_social_outreach_empty_community_contacts_nobody():
    level = np.zeros(0, dtype=np.int8)
    assert social_outreach(3, 5.0, True, level, np.random.default_rng(2)).size == 0
    assert social_outreach(3, 5.0, False, level, np.random.default_rng(2)).size == 0


@settings(max_examples=150, deadline=None)
@given(
    workers=st.integers(0, 6),
    contacts=st.floats(0.0, 8.0),
    passive=st.integers(0, 60),
    others=st.integers(0, 60),
    proactive=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_social_outreach_any_setting_contacts_min_of_poisson_and_pool_distinct(
    workers, contacts, passive, others, proactive, seed
):
    rng = np.random.default_rng(seed)
    level = _levels(passive, others // 2, others - others // 2, rng)
    drawn = int(_twin(rng).poisson(workers * contacts)) if workers else 0
    who = social_outreach(workers, contacts, proactive, level, rng)
    assert np.unique(who).size == who.size  # distinct
    assert ((who >= 0) & (who < level.size)).all()
    pool = passive if proactive and passive > 0 else level.size
    assert who.size == min(drawn, pool)
    if proactive and passive > 0:
        assert (level[who] == PASSIVE).all()  # passive residents only while there are any


def test_social_outreach_proactive_with_enough_passive_contacts_only_passive():
    rng = np.random.default_rng(3)
    level = _levels(200, 100, 100, rng)
    for _ in range(50):
        who = social_outreach(4, 5.0, True, level, rng)
        assert who.size > 0 and (level[who] == PASSIVE).all()


def test_social_outreach_proactive_without_passive_falls_back_to_everyone():
    level = np.full(40, ACTIVE, dtype=np.int8)
    who = social_outreach(5, 4.0, True, level, np.random.default_rng(4))
    assert who.size > 0 and np.unique(who).size == who.size


def test_social_outreach_reactive_reaches_all_levels_uniformly():
    # 300 residents, a third at each level: contacts split by level within 4 standard errors
    rng = np.random.default_rng(5)
    level = _levels(100, 100, 100, rng)
    hits = np.zeros(3)
    for _ in range(2000):
        who = social_outreach(2, 3.0, False, level, rng)
        hits += np.bincount(level[who], minlength=3)
    share = hits / hits.sum()
    se = np.sqrt((1 / 3) * (2 / 3) / hits.sum())
    assert np.abs(share - 1 / 3).max() < 4 * se  # drawing without replacement only lowers the variance


def test_social_outreach_mean_contacts_is_workers_times_rate():
    rng = np.random.default_rng(6)
    level = np.zeros(1000, dtype=np.int8)
    sizes = np.array([social_outreach(3, 2.5, True, level, rng).size for _ in range(4000)])
    assert sizes.mean() == pytest.approx(7.5, abs=4 * np.sqrt(7.5 / 4000))


def test_social_outreach_same_seed_same_contacts():
    level = _levels(30, 10, 10, np.random.default_rng(0))
    a = social_outreach(3, 4.0, True, level, np.random.default_rng(9))
    b = social_outreach(3, 4.0, True, level, np.random.default_rng(9))
    assert a.tolist() == b.tolist()


# ------------------------------------------------------------------ patrols
def test_patrol_zero_workers_visit_nobody():
    visited = patrol(0, 50.0, 20, np.random.default_rng(1))
    assert visited.shape == (20,) and not visited.any()


def test_patrol_no_households_visits_nothing():
    assert patrol(4, 5.0, 0, np.random.default_rng(1)).size == 0


def test_patrol_more_visits_than_households_visits_every_household():
    assert patrol(10, 100.0, 25, np.random.default_rng(1)).all()


@settings(max_examples=150, deadline=None)
@given(
    workers=st.integers(0, 8),
    visits=st.floats(0.0, 20.0),
    households=st.integers(0, 120),
    seed=st.integers(0, 2**32 - 1),
)
def test_patrol_any_setting_visits_min_of_households_and_poisson_draw(workers, visits, households, seed):
    rng = np.random.default_rng(seed)
    drawn = int(_twin(rng).poisson(workers * visits)) if workers else 0
    visited = patrol(workers, visits, households, rng)
    assert visited.shape == (households,)
    assert int(visited.sum()) == min(households, drawn)  # a mask: the visited are distinct


def test_patrol_each_household_equally_likely_to_be_visited():
    # 2 workers x 5 visits over 50 households: each visited with probability ~ E[min(50, N)] / 50 = 0.2
    rng = np.random.default_rng(7)
    days = 4000
    freq = sum(patrol(2, 5.0, 50, rng).astype(np.int64) for _ in range(days)) / days
    se = np.sqrt(0.2 * 0.8 / days)
    assert freq.mean() == pytest.approx(0.2, abs=4 * np.sqrt(10 / days) / 50)  # visits a day ~ Poisson(10)
    assert np.abs(freq - freq.mean()).max() < 4.5 * se  # no household favoured (max over 50)
