"""Party outreach: contacts to neighbours, passive-first redraws, exposure (sim.mechanisms.outreach)."""

import numpy as np
import pytest

from sim.mechanisms.outreach import contact_neighbours, decay_exposure, expose
from sim.state import ACTIVE, OCCASIONAL, PASSIVE
from sim.world.network import from_edges

# sender 0 with neighbours 1..5 (1-4 engaged, 5 passive); 6 is a sender without ties
STAR = from_edges(7, np.zeros(5, dtype=np.int64), np.arange(1, 6))
LEVEL = np.array([ACTIVE, ACTIVE, OCCASIONAL, ACTIVE, OCCASIONAL, PASSIVE, PASSIVE], dtype=np.int8)


def _share_on_passive(retries: int, seed: int = 0) -> tuple[float, int]:
    rng = np.random.default_rng(seed)
    hits = contact_neighbours(STAR, np.zeros(1, dtype=np.int64), 20_000.0, retries, LEVEL, rng)
    return float(np.mean(hits == 5)), hits.size


def test_contact_neighbours_zero_rate_or_no_senders_contacts_nobody():
    rng = np.random.default_rng(0)
    assert contact_neighbours(STAR, np.array([0]), 0.0, 3, LEVEL, rng).size == 0
    assert contact_neighbours(STAR, np.array([], dtype=np.int64), 5.0, 3, LEVEL, rng).size == 0


def test_contact_neighbours_contacts_only_neighbours_of_senders():
    # path 0-1-2-3-4: senders 0 and 4 can reach only 1 and 3
    path = from_edges(5, np.arange(4), np.arange(1, 5))
    hits = contact_neighbours(path, np.array([0, 4]), 50.0, 0, np.zeros(5, np.int8), np.random.default_rng(1))
    assert hits.size > 0 and set(hits.tolist()) == {1, 3}


def test_contact_neighbours_sender_without_ties_contacts_nobody():
    hits = contact_neighbours(STAR, np.array([6]), 100.0, 3, LEVEL, np.random.default_rng(2))
    assert hits.size == 0


def test_contact_neighbours_mean_contacts_is_senders_times_rate():
    ring = from_edges(100, np.arange(100), (np.arange(100) + 1) % 100)
    rng = np.random.default_rng(3)
    sizes = [
        contact_neighbours(ring, np.arange(50), 2.0, 0, np.zeros(100, np.int8), rng).size for _ in range(400)
    ]
    assert np.mean(sizes) == pytest.approx(100.0, abs=4 * np.sqrt(100 / 400))


def test_contact_neighbours_without_retries_lands_on_the_passive_neighbour_one_time_in_five():
    share, n = _share_on_passive(retries=0)
    assert share == pytest.approx(1 / 5, abs=4 * np.sqrt(0.2 * 0.8 / n))


@pytest.mark.parametrize("retries", [1, 3, 10])
def test_contact_neighbours_with_retries_lands_on_the_passive_neighbour_more_often(retries):
    # each draw misses the only passive neighbour with 4/5, so after r redraws: 1 - (4/5)^(r + 1)
    share, n = _share_on_passive(retries)
    expected = 1 - 0.8 ** (retries + 1)
    assert share == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / n))
    assert share > _share_on_passive(retries=0)[0]


def test_contact_neighbours_retries_with_no_passive_neighbour_still_contacts_neighbours():
    everyone_active = np.full(7, ACTIVE, dtype=np.int8)
    hits = contact_neighbours(STAR, np.array([0]), 200.0, 5, everyone_active, np.random.default_rng(4))
    assert hits.size > 0 and set(hits.tolist()) <= {1, 2, 3, 4, 5}


def test_expose_sets_contacted_to_one_and_decay_shrinks_geometrically():
    exposure = np.array([0.0, 0.3, 0.0, 0.7])
    expose(exposure, np.array([0, 2, 2]))
    assert exposure.tolist() == [1.0, 0.3, 1.0, 0.7]
    for _ in range(3):
        decay_exposure(exposure, 0.1)
    assert exposure == pytest.approx(np.array([1.0, 0.3, 1.0, 0.7]) * 0.9**3)


def test_decay_exposure_full_rate_forgets_everything_zero_rate_nothing():
    e = np.array([1.0, 0.4])
    decay_exposure(e, 0.0)
    assert e.tolist() == [1.0, 0.4]
    decay_exposure(e, 1.0)
    assert e.tolist() == [0.0, 0.0]
