"""Neighbour-network builders that work on arrays.

Networks are built directly as edge arrays (numpy) and stored as a symmetric CSR adjacency
(``scipy.sparse``), so a community of a million residents builds in seconds. ``to_networkx``
gives the same graph as a networkx ``Graph`` for views and for Mesa's ``Network`` space.
Every builder draws only from the Generator it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np
import scipy.sparse as sp

from sim.params import NetworkParams

COMPLETE_MAX_RESIDENTS = 5000
"""Largest community for the complete graph (its edges grow with the square of the size)."""


@dataclass(frozen=True)
class Blocks:
    """Residents grouped by a label (building or hamlet): block ``b`` is ``members[start[b]:start[b + 1]]``.

    Examples
    --------
    >>> blocks = Blocks.of(np.array([1, 0, 1, 2, 0]))
    >>> [r.tolist() for r in blocks.residents(np.array([0, 2]))]
    [[1, 4, 3], [0, 0, 2]]
    """

    members: np.ndarray
    start: np.ndarray

    @classmethod
    def of(cls, label: np.ndarray) -> Blocks:
        """The blocks of ``label`` (one non-negative integer per resident)."""
        start = np.concatenate([[0], np.cumsum(np.bincount(label))])
        return cls(np.argsort(label, kind="stable"), start)

    @property
    def count(self) -> int:
        """Number of blocks (labels 0 .. count - 1)."""
        return int(self.start.size - 1)

    def residents(self, blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The residents of the distinct ``blocks``, and each one's block, in O(residents found)."""
        sizes = self.start[blocks + 1] - self.start[blocks]
        first = np.repeat(self.start[blocks] - np.cumsum(sizes) + sizes, sizes)
        return self.members[first + np.arange(first.size)], np.repeat(blocks, sizes)


@dataclass(frozen=True)
class Network:
    """A symmetric, unweighted neighbour network without self-loops.

    Attributes
    ----------
    adjacency : scipy.sparse.csr_array
        ``n x n`` adjacency with ones for ties (float32, so that ``adjacency @ x`` is a sum).
    household : numpy.ndarray
        Household index of each resident.
    building : numpy.ndarray
        Building (urban) or hamlet (rural) index of each resident; 0 for abstract graphs.
    """

    adjacency: sp.csr_array
    household: np.ndarray
    building: np.ndarray

    @property
    def n(self) -> int:
        """Number of residents."""
        return int(self.adjacency.shape[0])

    @cached_property
    def degree(self) -> np.ndarray:
        """Number of ties of each resident (computed once, read-only: the model reads it every step)."""
        degree = np.diff(self.adjacency.indptr)
        degree.flags.writeable = False
        return degree

    @cached_property
    def buildings(self) -> Blocks:
        """The residents of each building (hamlet), for what only a few buildings live through a day."""
        return Blocks.of(self.building)

    @property
    def edges(self) -> int:
        """Number of (undirected) ties."""
        return int(self.adjacency.nnz // 2)

    def to_networkx(self) -> nx.Graph:
        """Return the network as a networkx graph with nodes ``0 .. n-1``."""
        graph = nx.Graph()
        graph.add_nodes_from(range(self.n))
        coo = sp.triu(self.adjacency, k=1).tocoo()
        graph.add_edges_from(zip(coo.row.tolist(), coo.col.tolist(), strict=True))
        return graph


def from_edges(n: int, src: np.ndarray, dst: np.ndarray) -> sp.csr_array:
    """Build a symmetric 0/1 CSR adjacency from undirected edge lists.

    Self-loops are dropped and duplicate edges merged.

    Parameters
    ----------
    n : int
        Number of nodes.
    src, dst : numpy.ndarray
        Endpoints of the edges (any order, duplicates allowed).

    Returns
    -------
    scipy.sparse.csr_array
        Symmetric adjacency with float32 ones.

    Examples
    --------
    >>> a = from_edges(3, np.array([0, 1, 1]), np.array([1, 0, 2]))
    >>> a.toarray().astype(int).tolist()
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    key = np.minimum(src, dst)
    hi = np.maximum(src, dst)
    keep = key != hi
    key *= n
    key += hi
    return _symmetric_csr(n, _sorted_unique(key[keep]))


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    """Return the distinct values of ``keys`` in ascending order (sorting, not hashing: faster here).

    Parameters
    ----------
    keys : numpy.ndarray
        Integer keys; the array is sorted in place.

    Returns
    -------
    numpy.ndarray
        The same values as ``np.unique(keys)``.
    """
    keys.sort()
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if keys.size else keys


def _symmetric_csr(n: int, upper: np.ndarray) -> sp.csr_array:
    """Build the symmetric CSR adjacency from the sorted keys ``lo * n + hi`` (``lo < hi``) of its ties.

    Parameters
    ----------
    n : int
        Number of nodes.
    upper : numpy.ndarray
        Sorted, distinct int64 keys of the upper triangle.

    Returns
    -------
    scipy.sparse.csr_array
        Adjacency with float32 ones, int64 indices and sorted column indices in every row.

    Notes
    -----
    The sorted keys already are the upper triangle in CSR order. Its transpose (scipy's counting sort,
    linear and keeping rows in ascending order) is the lower triangle, also sorted. Row ``i`` of the
    adjacency is row ``i`` of the lower triangle (columns below ``i``) followed by row ``i`` of the
    upper one, so both are scattered into place without any sort: entry ``k`` of a triangle goes to
    ``k`` plus the number of the other triangle's entries in the rows before its own (lower) or up to
    and including its own (upper).
    """
    lo, hi = np.divmod(upper, n)
    up_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(lo, minlength=n), out=up_ptr[1:])
    ones = np.ones(upper.size, dtype=np.float32)
    low = sp.csr_array((ones, hi, up_ptr), shape=(n, n)).T.tocsr()
    low_ptr = low.indptr.astype(np.int64)
    indices = np.empty(2 * upper.size, dtype=np.int64)
    k = np.arange(upper.size)
    for offset, count, values in ((up_ptr[:-1], low_ptr, low.indices), (low_ptr[1:], up_ptr, hi)):
        at = np.repeat(offset, np.diff(count))
        at += k
        indices[at] = values
    data = np.ones(indices.size, dtype=np.float32)
    return sp.csr_array((data, indices, up_ptr + low_ptr), shape=(n, n))


def _random_pairs(
    rng: np.random.Generator, start: np.ndarray, size: np.ndarray, m: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``m[b]`` random pairs inside each block ``[start[b], start[b] + size[b])``."""
    block = np.repeat(np.arange(start.size), m)
    s, z = start[block], size[block]
    i = s + (rng.random(block.size) * z).astype(np.int64)
    j = s + (rng.random(block.size) * z).astype(np.int64)
    return i, j


def _block_edges(
    rng: np.random.Generator, labels: np.ndarray, degree: float
) -> tuple[np.ndarray, np.ndarray]:
    """Random ties inside groups of consecutive residents, ``degree`` ties each on average."""
    start = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    size = np.diff(np.r_[start, labels.size])
    pairs = size * (size - 1) // 2
    p = np.minimum(1.0, degree / np.maximum(size - 1, 1))
    return _random_pairs(rng, start, size, rng.binomial(pairs, p))


def _household_edges(household: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All ties between members of the same household (a clique per household)."""
    start = np.flatnonzero(np.r_[True, household[1:] != household[:-1]])
    size = np.diff(np.r_[start, household.size])
    src, dst = [], []
    for k in range(1, int(size.max(initial=1))):
        has = size > k
        for a in range(k):
            src.append(start[has] + a)
            dst.append(start[has] + k)
    if not src:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(src), np.concatenate(dst)


def _lattice_edges(
    rng: np.random.Generator, labels: np.ndarray, k: int, rewire: float
) -> tuple[np.ndarray, np.ndarray]:
    """Ring lattice of ``k`` nearest neighbours inside each group, each tie rewired with ``rewire``.

    A rewired tie keeps its first end and gets a uniformly random other end in the same group
    (Watts & Strogatz 1998).
    """
    n = labels.size
    start = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    size = np.diff(np.r_[start, n])
    first = np.repeat(start, size)
    gsize = np.repeat(size, size)
    pos = np.arange(n) - first
    src, dst = [], []
    for d in range(1, k // 2 + 1):
        ok = gsize > d
        src.append(np.flatnonzero(ok))
        dst.append(first[ok] + (pos[ok] + d) % gsize[ok])
    if not src:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    i, j = np.concatenate(src), np.concatenate(dst)
    flip = rng.random(i.size) < rewire
    j[flip] = first[i[flip]] + (rng.random(int(flip.sum())) * gsize[i[flip]]).astype(np.int64)
    return i, j


def _households(rng: np.random.Generator, n: int, mean_size: float) -> np.ndarray:
    """Household index of each resident: consecutive runs of size ``1 + Poisson(mean - 1)``."""
    sizes = 1 + rng.poisson(mean_size - 1.0, size=n)
    ends = np.cumsum(sizes)
    count = int(np.searchsorted(ends, n)) + 1
    return np.repeat(np.arange(count), sizes[:count])[:n]


def _buildings(household: np.ndarray, building_size: int) -> np.ndarray:
    """Return the building of each resident: households fill buildings in order, never split."""
    first = np.flatnonzero(np.r_[True, household[1:] != household[:-1]])
    bld_of_household = first // building_size
    return bld_of_household[household]


def erdos_renyi(rng: np.random.Generator, n: int, mean_degree: float) -> sp.csr_array:
    """Erdős–Rényi G(n, p) with ``p = mean_degree / (n - 1)``.

    The number of ties is drawn from its binomial law and the ties uniformly without repetition,
    which is exactly G(n, p).
    """
    if n < 2:
        return from_edges(n, np.empty(0, np.int64), np.empty(0, np.int64))
    total = n * (n - 1) // 2
    m = int(rng.binomial(total, min(1.0, mean_degree / (n - 1))))
    keys = np.empty(0, np.int64)
    while keys.size < m:
        need = m - keys.size
        i = rng.integers(0, n, size=need + need // 10 + 16)
        j = rng.integers(0, n, size=i.size)
        ok = i != j
        lo, hi = np.minimum(i[ok], j[ok]), np.maximum(i[ok], j[ok])
        fresh = _sorted_unique(lo * n + hi)
        fresh = fresh[~np.isin(fresh, keys)]
        keys = np.concatenate([keys, rng.permutation(fresh)[:need]])
    keys.sort()
    return _symmetric_csr(n, keys)


def _across_edges(rng: np.random.Generator, n: int, degree: float) -> tuple[np.ndarray, np.ndarray]:
    """Uniformly random ties across the whole community, ``degree`` each on average."""
    m = int(rng.poisson(n * degree / 2.0))
    return rng.integers(0, n, size=m), rng.integers(0, n, size=m)


def build_network(params: NetworkParams, n: int, rng: np.random.Generator) -> Network:
    """Build the neighbour network that ``params.kind`` names.

    Parameters
    ----------
    params : NetworkParams
        Network parameters (kind, mean degree, building size, ...).
    n : int
        Number of residents.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    Network
        The network with household and building labels.

    Notes
    -----
    ``urban``: households (cliques) fill buildings; ``local_share * mean_degree`` random ties inside
    the building and the rest uniformly across the community (a stranger community: few ties).
    ``rural``: households fill hamlets; inside each hamlet a ring lattice (clustered, as in an
    acquaintance society) with ``rewire_prob``; the rest across. ``erdos_renyi``, ``watts_strogatz``
    and ``complete`` are the abstract graphs of the classic cascade models (no household ties).
    """
    kind = params.kind
    zeros = np.zeros(n, dtype=np.int64)
    if kind in ("urban", "rural"):
        household = _households(rng, n, params.household_size)
        building = _buildings(household, params.building_size)
        hs, hd = _household_edges(household)
        local = params.local_share * params.mean_degree
        if kind == "urban":
            ls, ld = _block_edges(rng, building, local)
        else:
            ls, ld = _lattice_edges(rng, building, 2 * max(1, round(local / 2)), params.rewire_prob)
        xs, xd = _across_edges(rng, n, (1.0 - params.local_share) * params.mean_degree)
        adj = from_edges(n, np.concatenate([hs, ls, xs]), np.concatenate([hd, ld, xd]))
        return Network(adj, household, building)
    household = np.arange(n, dtype=np.int64)
    if kind == "erdos_renyi":
        adj = erdos_renyi(rng, n, params.mean_degree)
    elif kind == "watts_strogatz":
        k = 2 * max(1, round(params.mean_degree / 2))
        s, d = _lattice_edges(rng, zeros, k, params.rewire_prob)
        adj = from_edges(n, s, d)
    elif kind == "complete":
        i, j = np.triu_indices(n, k=1)
        adj = from_edges(n, i, j)
    else:  # guarded by validation; kept for direct callers
        raise ValueError(f"community.network.kind: unknown value {kind!r}")
    return Network(adj, household, zeros)
