"""The joint-handling graph of institutional actors: record, density, centralisation."""

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.world.collaboration import ACTORS, INDEX, centralisation, density, new_graph, record

K = len(ACTORS)


def _present(*names: str) -> np.ndarray:
    mask = np.zeros(K, bool)
    mask[[INDEX[n] for n in names]] = True
    return mask


FOUR = ("committee", "homeowners", "property", "party")


# ------------------------------------------------------------------ record
def test_record_three_actors_links_every_pair_and_counts_cases():
    g = new_graph()
    record(g, ("street", "committee", "grid_worker"), cases=2)
    present = np.ones(K, bool)
    assert (g > 0).sum() == 6 and g.max() == 2
    assert density(g, present) == pytest.approx(3 / (9 * 8 / 2))


def test_record_adds_up_over_calls_symmetrically_without_self_loops():
    g = new_graph()
    record(g, ("party", "committee"))
    record(g, ("committee", "party"), cases=3)
    c, p = INDEX["committee"], INDEX["party"]
    assert g[c, p] == g[p, c] == 4
    assert np.trace(g) == 0 and g.sum() == 8


def test_record_repeated_actor_counts_once():
    g = new_graph()
    record(g, ("street", "street", "committee"))
    assert g[INDEX["street"], INDEX["committee"]] == 1 and g.sum() == 2
    record(g, ("street", "street"))  # one distinct actor: no pair, nothing recorded
    assert g.sum() == 2


@pytest.mark.parametrize("cases", [0, -2])
def test_record_no_cases_changes_nothing(cases):
    g = new_graph()
    record(g, ("street", "committee"), cases=cases)
    assert not g.any()


def test_record_unknown_actor_is_refused():
    with pytest.raises(KeyError):
        record(new_graph(), ("committee", "police"))


# ------------------------------------------------------------------ density
def test_density_and_centralisation_star_of_four_hand_computed():
    g = new_graph()
    for other in FOUR[1:]:
        record(g, ("committee", other))
    assert density(g, _present(*FOUR)) == pytest.approx(3 / 6)
    assert centralisation(g, _present(*FOUR)) == pytest.approx(1.0)  # a perfect star


def test_density_all_pairs_of_present_linked_is_one():
    g = new_graph()
    record(g, FOUR)
    assert density(g, _present(*FOUR)) == pytest.approx(1.0)


def test_density_ties_to_absent_actors_do_not_count():
    g = new_graph()
    record(g, ("committee", "street"))
    record(g, ("committee", "party"))
    # present: committee, party, homeowners -> 1 of 3 pairs; the tie to the street office is ignored
    assert density(g, _present("committee", "party", "homeowners")) == pytest.approx(1 / 3)
    assert density(g, _present("homeowners", "property")) == 0.0


def test_density_fewer_than_two_present_or_empty_graph_is_zero():
    g = new_graph()
    assert density(g, np.ones(K, bool)) == 0.0
    record(g, ("committee", "party"))
    assert density(g, _present("committee")) == 0.0
    assert density(g, np.zeros(K, bool)) == 0.0


def test_density_ignores_weights():
    g = new_graph()
    record(g, ("committee", "party"), cases=100)
    assert density(g, _present("committee", "party", "street")) == pytest.approx(1 / 3)


# ------------------------------------------------------------------ centralisation
def test_centralisation_complete_graph_is_zero():
    g = new_graph()
    record(g, FOUR)
    assert centralisation(g, _present(*FOUR)) == 0.0


def test_centralisation_ring_of_four_is_zero():
    g = new_graph()
    for a, b in zip(FOUR, FOUR[1:] + FOUR[:1], strict=True):
        record(g, (a, b))
    assert centralisation(g, _present(*FOUR)) == 0.0


def test_centralisation_path_of_four_hand_computed():
    # degrees 1, 2, 2, 1; d_max 2: (1 + 0 + 0 + 1) / ((4 - 1)(4 - 2)) = 1/3
    g = new_graph()
    for a, b in zip(FOUR, FOUR[1:], strict=False):
        record(g, (a, b))
    assert centralisation(g, _present(*FOUR)) == pytest.approx(1 / 3)


def test_centralisation_star_plus_one_leaf_tie_hand_computed():
    # star at committee plus homeowners-property: degrees 3, 2, 2, 1 -> (0 + 1 + 1 + 2) / 6 = 2/3
    g = new_graph()
    for other in FOUR[1:]:
        record(g, ("committee", other))
    record(g, ("homeowners", "property"))
    assert centralisation(g, _present(*FOUR)) == pytest.approx(2 / 3)


def test_centralisation_isolated_present_actor_counts_as_degree_zero():
    # star of three (committee-party, committee-street) and an isolated homeowners' committee:
    # degrees 2, 1, 1, 0 -> (0 + 1 + 1 + 2) / 6 = 2/3
    g = new_graph()
    record(g, ("committee", "party"))
    record(g, ("committee", "street"))
    assert centralisation(g, _present("committee", "party", "street")) == pytest.approx(1.0)
    assert centralisation(g, _present("committee", "party", "street", "homeowners")) == pytest.approx(2 / 3)


def test_centralisation_fewer_than_three_present_or_empty_graph_is_zero():
    g = new_graph()
    assert centralisation(g, np.ones(K, bool)) == 0.0
    record(g, ("committee", "party"))
    assert centralisation(g, _present("committee", "party")) == 0.0


def test_centralisation_star_over_all_actors_is_one():
    g = new_graph()
    for other in ACTORS[1:]:
        record(g, (ACTORS[0], other), cases=7)
    assert centralisation(g, np.ones(K, bool)) == pytest.approx(1.0)
    assert density(g, np.ones(K, bool)) == pytest.approx((K - 1) / (K * (K - 1) / 2))


pairs = st.lists(st.tuples(st.sampled_from(ACTORS), st.sampled_from(ACTORS), st.integers(1, 5)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(ties=pairs, present=st.lists(st.booleans(), min_size=K, max_size=K))
def test_density_and_centralisation_any_graph_in_unit_interval_and_match_definitions(ties, present):
    g = new_graph()
    for a, b, cases in ties:
        record(g, (a, b), cases)
    mask = np.array(present)
    idx = np.flatnonzero(mask)
    k = idx.size
    linked = {(a, b) for a, b in combinations(idx, 2) if g[a, b] > 0}
    d, c = density(g, mask), centralisation(g, mask)
    assert 0.0 <= d <= 1.0 and 0.0 <= c <= 1.0 + 1e-12
    assert d == pytest.approx(len(linked) / (k * (k - 1) / 2) if k >= 2 else 0.0)
    if k >= 3:
        deg = np.array([sum(i in pair for pair in linked) for i in idx])
        assert c == pytest.approx((deg.max() - deg).sum() / ((k - 1) * (k - 2)))
        # Freeman's maximum is reached only by a star (one actor tied to all others, no other tie)
        star = len(linked) == k - 1 and deg.max() == k - 1
        assert (c == pytest.approx(1.0)) == star
