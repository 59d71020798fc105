import numpy as np
import pytest

from sim.world.collaboration import ACTORS, centralisation, density, new_graph, record


def test_density_and_centralisation_star_of_four_hand_computed():
    g = new_graph()
    present = np.zeros(len(ACTORS), bool)
    present[[0, 1, 2, 3]] = True  # committee, homeowners, property, party
    for other in ("homeowners", "property", "party"):
        record(g, ("committee", other))
    assert density(g, present) == pytest.approx(3 / 6)
    assert centralisation(g, present) == pytest.approx(1.0)  # a perfect star


def test_record_three_actors_links_every_pair_and_counts_cases():
    g = new_graph()
    record(g, ("street", "committee", "grid_worker"), cases=2)
    present = np.ones(len(ACTORS), bool)
    assert (g > 0).sum() == 6 and g.max() == 2
    assert density(g, present) == pytest.approx(3 / (9 * 8 / 2))
