"""The participation decision: the full logit rule and the classic threshold rule.

Logit rule (docs/ODD.md, section 7): on an opportunity from channel ``k`` resident ``i`` takes part with
probability ``logistic(b0 + b_aware*a_i + b_social*s_i + b_outreach*e_i + b_trust*t_ik
- b_cost*cost_k/time_i + b_owner*owner_i)``, where the social signal ``s_i`` counts i's active
neighbours (party members weighted by their demonstration effect) up to ``social_saturation``
(:func:`social_influence`) and ``owner_i`` marks home owners.

Threshold rule (Granovetter 1978; Watts 2002): a resident who is not active becomes active when the
share of its active neighbours is at least its threshold, and stays active. All residents update
synchronously from the previous day's state; with monotone thresholds the final state does not
depend on the update order.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from sim.params import ParticipationParams


def social_signal(
    adjacency: sp.csr_array, degree: np.ndarray, active: np.ndarray, weight: np.ndarray | None
) -> np.ndarray:
    """Share of each resident's neighbours who are active, demonstration-weighted.

    Parameters
    ----------
    adjacency : scipy.sparse.csr_array
        Symmetric 0/1 adjacency.
    degree : numpy.ndarray
        Number of neighbours of each resident. A caller stepping many rounds passes
        ``numpy.maximum(degree, 1)`` as float64, computed once, so that no step converts it. The
        share divides by it rather than multiplying by its reciprocal: a reciprocal rounds twice and
        can put a share that equals a threshold a hair below it (``5 * (1 / 6) < 5 / 6``), so a
        resident with 5 of 6 neighbours active and threshold 5/6 would not adopt.
    active : numpy.ndarray of bool
        Active residents.
    weight : numpy.ndarray or None
        Weight of each resident's activity (party members count ``party_demonstration`` times);
        ``None`` when every weight is 1.

    Returns
    -------
    numpy.ndarray
        ``min(1, sum_j A_ij w_j active_j / degree_i)``; 0 for residents without neighbours. Unweighted,
        the share cannot exceed 1 and is not clipped.

    Examples
    --------
    >>> from sim.world.network import from_edges
    >>> a = from_edges(3, np.array([0, 0]), np.array([1, 2]))
    >>> social_signal(a, np.array([2, 1, 1]), np.array([False, True, False]), np.ones(3)).tolist()
    [0.5, 0.0, 0.0]
    """
    x = active.astype(np.float32) if weight is None else (active * weight).astype(np.float32)
    share = adjacency @ x
    share = np.divide(share, np.maximum(degree, 1), dtype=np.float64)
    return share if weight is None else np.minimum(1.0, share, out=share)


def social_influence(
    adjacency: sp.csr_array, level: np.ndarray, weight: np.ndarray | None, saturation: float
) -> np.ndarray:
    """The logit rule's social signal: engaged neighbours over ``saturation``, at most 1.

    A neighbour counts by its level (active 1, occasional 1/2, passive 0), party members
    ``weight`` times (demonstration). Unlike the threshold rule's share, the signal grows with the
    number of engaged neighbours: a resident with many engaged acquaintances is reinforced more than
    one who knows a single engaged stranger.

    Examples
    --------
    >>> from sim.world.network import from_edges
    >>> a = from_edges(4, np.array([0, 0, 0]), np.array([1, 2, 3]))
    >>> social_influence(a, np.array([0, 2, 1, 0]), None, 3.0).tolist()
    [0.5, 0.0, 0.0, 0.0]
    """
    engaged = level.astype(np.float32) / 2.0
    x = engaged if weight is None else (engaged * weight).astype(np.float32)
    return np.minimum(1.0, (adjacency @ x) / saturation)


def expit(z: np.ndarray) -> np.ndarray:
    """The logistic function ``1 / (1 + exp(-z))``, exact at both tails (no overflow warning).

    Every logistic of the model is this one.

    Examples
    --------
    >>> expit(np.array([-1000.0, 0.0, 1000.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def logit_probability(
    p: ParticipationParams,
    awareness: np.ndarray,
    signal: np.ndarray,
    exposure: np.ndarray,
    trust: np.ndarray,
    cost_share: np.ndarray,
    owner: np.ndarray,
    appeal: float = 0.0,
) -> np.ndarray:
    """Probability of taking part in an opportunity (the logit rule), element-wise.

    ``owner`` marks residents who own their home (their stake adds ``b_owner`` to the logit);
    ``appeal`` is the channel's own pull (an election's mobilisation), added to the intercept.
    """
    z = (
        p.b0
        + appeal
        + p.b_aware * awareness
        + p.b_social * signal
        + p.b_outreach * exposure
        + p.b_trust * trust
        - p.b_cost * cost_share
        + p.b_owner * owner
    )
    return expit(z)


def threshold_update(signal: np.ndarray, threshold: np.ndarray, adopted: np.ndarray) -> np.ndarray:
    """Adopters after one synchronous round of the threshold rule (``signal >= threshold``)."""
    return adopted | (signal >= threshold)


def draw_thresholds(p: ParticipationParams, n: int, rng: np.random.Generator) -> np.ndarray:
    """Thresholds: ``threshold`` for all, or normal around it with ``threshold_sd``, clipped to [0, 1]."""
    if p.threshold_sd == 0.0:
        return np.full(n, p.threshold)
    return np.clip(rng.normal(p.threshold, p.threshold_sd, size=n), 0.0, 1.0)
