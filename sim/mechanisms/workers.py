"""Social workers and grid workers: outreach and patrols.

Social workers make ``social_contacts`` outreach contacts a day each. Under proactive service the
contacts go to passive residents first (drawn among the passive); otherwise to residents at random.
A contacted resident's outreach exposure is set to 1 (as for party outreach) and its awareness moves
``social_awareness_gain`` of the way to 1 (casework builds the resident's own capacity).

Grid workers (grid management on, proactive service) patrol ``grid_visits`` households a day each;
needs and disputes of a visited household are found before anyone complains.
"""

from __future__ import annotations

import numpy as np

from sim.state import PASSIVE


def social_outreach(
    workers: float, contacts: float, proactive: bool, level: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Residents contacted today by ``workers`` social workers (full-time equivalents; indices, distinct)."""
    total = int(rng.poisson(workers * contacts)) if workers else 0
    if total == 0:
        return np.empty(0, dtype=np.int64)
    pool = np.flatnonzero(level == PASSIVE) if proactive else np.arange(level.size)
    if pool.size == 0:
        pool = np.arange(level.size)
    return rng.choice(pool, size=min(total, pool.size), replace=False)


def patrol(workers: int, visits: float, households: int, rng: np.random.Generator) -> np.ndarray:
    """Boolean mask of households visited by grid workers today."""
    visited = np.zeros(households, dtype=bool)
    total = min(households, int(rng.poisson(workers * visits))) if workers else 0
    if total:
        visited[rng.choice(households, size=total, replace=False)] = True
    return visited
