"""The four senses (获得感、幸福感、安全感、归属感): gain, happiness, security, belonging.

Each resident's senses lie in [0, 1] and start at 0.5. Events move a sense ``sense_step`` of the way
to 1 (good) or to 0 (bad):

- **gain**: up when a request is answered or taking part has a good outcome; down when a request
  is dropped unanswered;
- **security**: down for the parties of a new dispute and, by ``risk_security_loss``, for every
  resident of the building of a social-risk event; up for the parties when a dispute is settled;
  relaxes towards 0.5 at ``sense_relax`` a day;
- **belonging**: relaxes at ``sense_relax`` a day towards
  ``0.2 + 0.3 min(1, ties / 10) + 0.25 member + 0.25 level / 2`` (ties, membership of an
  organisation, participation level);
- **happiness**: not a separate state but the mean of gain, security, belonging and the resident's
  mean trust in institutions (computed by the metric).

The weights are assumed; they make each sense respond to the experience the article ties it to.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEUTRAL = 0.5


@dataclass
class Senses:
    """Per-resident senses of gain, security and belonging."""

    gain: np.ndarray
    security: np.ndarray
    belonging: np.ndarray

    @classmethod
    def start(cls, n: int) -> Senses:
        """All senses neutral."""
        return cls(np.full(n, NEUTRAL), np.full(n, NEUTRAL), np.full(n, NEUTRAL))


def lift(sense: np.ndarray, who: np.ndarray, step: float) -> None:
    """Move ``sense[who]`` ``step`` of the way to 1 (in place)."""
    sense[who] += step * (1.0 - sense[who])


def lower(sense: np.ndarray, who: np.ndarray, step: float) -> None:
    """Move ``sense[who]`` ``step`` of the way to 0 (in place)."""
    sense[who] -= step * sense[who]


def belonging_base(degree: np.ndarray) -> np.ndarray:
    """The part of the belonging target that ties give (fixed over a run)."""
    return 0.2 + 0.3 * np.minimum(1.0, degree / 10.0)


def belonging_target(base: np.ndarray, org_of: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Level towards which belonging relaxes: ties (``base``), membership, participation level."""
    return base + 0.25 * (org_of >= 0) + 0.125 * level


def relax(senses: Senses, target_belonging: np.ndarray, rate: float) -> None:
    """Security relaxes to neutral and belonging to its target (in place)."""
    senses.security += rate * (NEUTRAL - senses.security)
    senses.belonging += rate * (target_belonging - senses.belonging)
