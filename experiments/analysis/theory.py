"""Analytic results the simulations dock with.

Watts (2002), PNAS 99(9):5766-5771: on a random graph with degree distribution ``p_k`` where a node
becomes active once a share ``phi`` of its neighbours is active, a single seed can trigger a global
cascade when the vulnerable nodes (``rho_k = 1`` for ``k <= floor(1/phi)``, else 0) percolate:
``sum_k k (k - 1) rho_k p_k > z`` with ``z`` the mean degree. For an Erdős–Rényi graph ``p_k`` is
Poisson(z); the window of ``z`` where the inequality holds is found here by root finding.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, stats

_EPS = 1e-9


def vulnerable_degree(phi: float) -> int:
    """Largest degree ``k`` at which one active neighbour activates a node: ``floor(1/phi)``.

    Examples
    --------
    >>> vulnerable_degree(0.18), vulnerable_degree(0.2), vulnerable_degree(0.26)
    (5, 5, 3)
    """
    if not 0.0 < phi <= 1.0:
        raise ValueError(f"phi must be in (0, 1], got {phi}")
    return math.floor(1.0 / phi + _EPS)


def cascade_margin(z: float, phi: float) -> float:
    """``sum_k k (k - 1) rho_k p_k / z - 1`` for Poisson(z) degrees: positive inside the cascade window.

    Examples
    --------
    >>> cascade_margin(3.0, 0.18) > 0, cascade_margin(10.0, 0.18) > 0
    (True, False)
    """
    k = np.arange(2, vulnerable_degree(phi) + 1)
    return float((k * (k - 1) * stats.poisson.pmf(k, z)).sum() / z - 1.0)


def watts_window(phi: float) -> tuple[float, float]:
    """Edges ``(z_low, z_high)`` of the mean-degree window of global cascades on Erdős–Rényi graphs.

    Parameters
    ----------
    phi : float
        The common threshold (share of active neighbours), in (0, 1].

    Returns
    -------
    tuple of float
        The two roots of :func:`cascade_margin` in ``z``; ``(nan, nan)`` if there is no window.

    Examples
    --------
    >>> low, high = watts_window(0.18)
    >>> 1.0 < low < 1.2, 5.5 < high < 7.0
    (True, True)
    >>> watts_window(0.6)
    (nan, nan)
    """
    top = 4.0 * vulnerable_degree(phi) + 10.0
    best = optimize.minimize_scalar(lambda z: -cascade_margin(z, phi), bounds=(_EPS, top), method="bounded")
    if -best.fun <= 0.0:
        return math.nan, math.nan
    low = optimize.brentq(cascade_margin, _EPS, best.x, args=(phi,))
    high = optimize.brentq(cascade_margin, best.x, top, args=(phi,))
    return float(low), float(high)
