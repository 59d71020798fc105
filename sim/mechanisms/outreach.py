"""Outreach: contacts that raise a resident's exposure, which then decays.

Party members contact neighbours (the source article: party members lead by example). Each makes a
Poisson number of contacts a day to random neighbours; when ``passive_first`` is set a contact that
lands on a non-passive neighbour is redrawn up to ``passive_first_retries`` times (proactive outreach
goes to the passive first).
A contacted resident's exposure is set to 1; exposure decays by ``exposure_decay`` each day.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from sim.state import PASSIVE


def contact_neighbours(
    adjacency: sp.csr_array,
    senders: np.ndarray,
    rate: float,
    retries: int,
    level: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Residents contacted today by ``senders`` (indices, repeats possible).

    Parameters
    ----------
    adjacency : scipy.sparse.csr_array
        Neighbour network.
    senders : numpy.ndarray
        Indices of the residents who do outreach.
    rate : float
        Mean contacts per sender per day.
    retries : int
        Times a contact that lands on a non-passive resident is redrawn (0: contacts stay random).
    level : numpy.ndarray
        Participation level of every resident.
    rng : numpy.random.Generator
        The only source of randomness.
    """
    if rate == 0.0 or senders.size == 0:
        return senders[:0]
    indptr, indices = adjacency.indptr, adjacency.indices
    src = np.repeat(senders, rng.poisson(rate, size=senders.size))
    deg = indptr[src + 1] - indptr[src]
    src = src[deg > 0]
    deg = deg[deg > 0]
    target = indices[indptr[src] + (rng.random(src.size) * deg).astype(np.int64)]
    for _ in range(retries):
        redo = level[target] != PASSIVE
        if not redo.any():
            break
        target[redo] = indices[indptr[src[redo]] + (rng.random(int(redo.sum())) * deg[redo]).astype(np.int64)]
    return target


def expose(exposure: np.ndarray, contacted: np.ndarray) -> None:
    """Set the exposure of contacted residents to 1 (in place)."""
    exposure[contacted] = 1.0


def decay_exposure(exposure: np.ndarray, rate: float) -> None:
    """Lose ``rate`` of the exposure (in place)."""
    exposure *= 1.0 - rate
