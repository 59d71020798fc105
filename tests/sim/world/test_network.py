import hashlib

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.params import NetworkParams
from sim.world.network import Blocks, build_network, erdos_renyi, from_edges


def _build(kind: str, n: int, seed: int = 1, **kw):
    return build_network(NetworkParams(kind=kind, **kw), n, np.random.default_rng(seed))


@pytest.mark.parametrize("kind", ["urban", "rural", "erdos_renyi", "watts_strogatz", "complete"])
def test_build_network_any_kind_is_symmetric_without_self_loops(kind):
    net = _build(kind, 300)
    a = net.adjacency
    assert (a != a.T).nnz == 0
    assert a.diagonal().sum() == 0
    assert set(np.unique(a.data)) == {1.0}


@pytest.mark.parametrize("kind", ["urban", "rural", "erdos_renyi", "watts_strogatz"])
def test_build_network_same_seed_identical_other_seed_different(kind):
    a, b, c = _build(kind, 500, 3), _build(kind, 500, 3), _build(kind, 500, 4)
    assert (a.adjacency != b.adjacency).nnz == 0
    assert (a.adjacency != c.adjacency).nnz > 0


def test_erdos_renyi_mean_degree_matches_target_within_two_percent():
    degrees = [erdos_renyi(np.random.default_rng(s), 20_000, 4.0).sum(axis=1).mean() for s in range(3)]
    assert np.mean(degrees) == pytest.approx(4.0, rel=0.02)


def test_erdos_renyi_degree_distribution_is_poisson():
    deg = np.asarray(erdos_renyi(np.random.default_rng(0), 50_000, 3.0).sum(axis=1)).ravel()
    assert deg.var() == pytest.approx(3.0, rel=0.05)  # Poisson: variance = mean
    assert np.mean(deg == 0) == pytest.approx(np.exp(-3.0), abs=0.005)


def test_complete_graph_every_pair_tied():
    net = _build("complete", 40)
    assert net.edges == 40 * 39 // 2


def test_urban_ties_mostly_inside_buildings_and_households_are_cliques():
    net = _build("urban", 6000)
    coo = net.adjacency.tocoo()
    same_building = net.building[coo.row] == net.building[coo.col]
    assert same_building.mean() > 0.75
    g = net.to_networkx()
    for h in np.unique(net.household)[:50]:
        members = np.flatnonzero(net.household == h).tolist()
        assert all(g.has_edge(u, v) for u in members for v in members if u < v)


def test_rural_is_denser_and_more_clustered_than_urban():
    urban = _build("urban", 3000, mean_degree=6.0, local_share=0.8)
    rural = _build("rural", 3000, mean_degree=12.0, local_share=0.85, building_size=150, rewire_prob=0.05)
    assert rural.degree.mean() > urban.degree.mean() + 3
    assert nx.average_clustering(rural.to_networkx()) > 2 * nx.average_clustering(urban.to_networkx())


def test_watts_strogatz_no_rewiring_is_a_ring_lattice():
    net = _build("watts_strogatz", 50, mean_degree=4.0, rewire_prob=0.0)
    assert set(net.degree.tolist()) == {4}
    g = net.to_networkx()
    assert g.has_edge(0, 1) and g.has_edge(0, 2) and g.has_edge(0, 49) and not g.has_edge(0, 3)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=60))
def test_from_edges_any_edge_list_matches_networkx(edges):
    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    g = nx.Graph()
    g.add_nodes_from(range(10))
    g.add_edges_from((u, v) for u, v in edges if u != v)
    expected = nx.to_numpy_array(g, nodelist=range(10))
    assert np.array_equal(from_edges(10, src, dst).toarray(), expected)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=120))
def test_from_edges_same_arrays_as_scipy_coo_conversion(n, edges):
    src = np.array([u % n for u, _ in edges], dtype=np.int64)
    dst = np.array([v % n for _, v in edges], dtype=np.int64)
    keep = src != dst
    rows, cols = np.r_[src[keep], dst[keep]], np.r_[dst[keep], src[keep]]
    expected = sp.csr_array((np.ones(rows.size, np.float32), (rows, cols)), shape=(n, n))
    expected.sum_duplicates()
    expected.data[:] = 1.0
    got = from_edges(n, src, dst)
    for name in ("indptr", "indices", "data"):
        a, b = getattr(got, name), getattr(expected, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
    assert got.has_sorted_indices and got.has_canonical_format


# Fingerprints of the adjacency, households, buildings and the generator's next draw; pinned so
# that a faster builder keeps every preset's time series bit-identical.
PINNED = {
    "urban": ({}, "3cb6b4655a69963b"),
    "rural": (
        dict(mean_degree=12.0, local_share=0.85, building_size=150, rewire_prob=0.05),
        "04641947626f3472",
    ),
    "erdos_renyi": (dict(mean_degree=4.0), "73d1bb2f033f0ef9"),
    "watts_strogatz": ({}, "0861ed908f8c4559"),
    "complete": ({}, "b7bdc0c2188ce26f"),
}


@pytest.mark.parametrize("kind", PINNED)
def test_build_network_arrays_and_draws_are_pinned(kind):
    kw, expected = PINNED[kind]
    rng = np.random.default_rng(11)
    net = build_network(NetworkParams(kind=kind, **kw), 2000, rng)
    a, h = net.adjacency, hashlib.sha256()
    for x in (a.indptr, a.indices, a.data, net.household, net.building, rng.integers(2**62, size=1)):
        h.update(x.dtype.str.encode())
        h.update(x.tobytes())
    assert h.hexdigest()[:16] == expected


def test_degree_is_computed_once_and_read_only():
    net = _build("urban", 500)
    assert net.degree is net.degree
    assert np.array_equal(net.degree, np.diff(net.adjacency.indptr))
    with pytest.raises(ValueError):
        net.degree[0] = 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=40), st.data())
def test_blocks_residents_of_some_blocks_are_exactly_their_members(labels, data):
    label = np.array(labels)
    wanted = np.array(sorted(data.draw(st.sets(st.sampled_from(sorted(set(labels)))))), dtype=np.int64)
    who, block = Blocks.of(label).residents(wanted)
    assert sorted(who.tolist()) == np.flatnonzero(np.isin(label, wanted)).tolist()
    assert (label[who] == block).all()
