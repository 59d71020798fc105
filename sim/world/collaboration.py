"""Collaboration between institutional actors: a weighted graph of joint handling.

Every case or event that two or more actors handle together (a dispute a grid worker found and the
residents' committee mediated, a whistle that brings the street office, the committee and the grid
worker together, a forum the party organisation co-convenes) adds 1 to the weight of each pair of
actors involved. Density and degree centralisation of that graph show whether governance is
"dispersed and loose" (分散化、松散型) or collaborative.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

ACTORS = (
    "committee",
    "homeowners",
    "property",
    "party",
    "street",
    "social_org",
    "social_worker",
    "grid_worker",
    "mediators",
)
INDEX = {name: i for i, name in enumerate(ACTORS)}


def new_graph() -> np.ndarray:
    """Return an empty weighted adjacency over :data:`ACTORS`."""
    return np.zeros((len(ACTORS), len(ACTORS)))


def record(graph: np.ndarray, actors: tuple[str, ...], cases: int = 1) -> None:
    """Add ``cases`` joint handlings by ``actors`` (every pair among them) to ``graph`` (in place)."""
    if cases <= 0:
        return
    for a, b in combinations(sorted({INDEX[x] for x in actors}), 2):
        graph[a, b] += cases
        graph[b, a] += cases


def density(graph: np.ndarray, present: np.ndarray) -> float:
    """Share of pairs of present actors that have handled at least one case together."""
    k = int(present.sum())
    if k < 2 or not graph.any():
        return 0.0
    sub = graph[present][:, present] > 0
    return float(sub.sum() / (k * (k - 1)))


def centralisation(graph: np.ndarray, present: np.ndarray) -> float:
    """Freeman degree centralisation of the binary joint-handling graph of present actors.

    ``sum_i (d_max - d_i) / ((k - 1)(k - 2))``: 1 for a star (one actor coordinates all others),
    0 when all actors are equally connected.
    """
    k = int(present.sum())
    if k < 3 or not graph.any():
        return 0.0
    deg = (graph[present][:, present] > 0).sum(axis=1)
    return float((deg.max() - deg).sum() / ((k - 1) * (k - 2)))
