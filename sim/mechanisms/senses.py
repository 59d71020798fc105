"""The four senses (获得感、幸福感、安全感、归属感): gain, happiness, security, belonging.

Each resident's senses lie in [0, 1] and start at ``sense_neutral``. Events move a sense
``sense_step`` of the way to 1 (good) or to 0 (bad):

- **gain**: up when a request is answered (by ``sense_step``) or taking part has a good outcome (by
  ``participation_gain_share`` of it); down when a request is dropped unanswered; relaxes towards
  ``sense_neutral`` at ``sense_relax`` a day (what residents gain fades unless renewed);
- **security**: down for the parties of a new dispute and, by ``risk_security_loss``, for every
  resident of the building of a social-risk event; up for the parties when a dispute is settled, by
  ``sense_step`` times one minus its severity then. Neighbours live through it too: the residents of
  the parties' buildings feel ``witness_share`` of each move (:func:`witness`), so a building whose
  quarrels are settled while they sprout feels safer than one where they fester;
  relaxes towards ``sense_neutral`` at ``sense_relax`` a day;
- **belonging**: relaxes at ``sense_relax`` a day towards ``belonging_base + belonging_ties
  min(1, ties / belonging_full_ties) + belonging_member member + belonging_level level`` (ties,
  membership of an organisation, participation level 0, 1 or 2);
- **happiness**: not a separate state but the mean of gain, security, belonging and the resident's
  mean trust in institutions (computed by the metric).

The weights (``services.*``) are assumed; they make each sense respond to the experience the article
ties it to.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.params import ServicesParams
from sim.world.network import Blocks


@dataclass
class Senses:
    """Per-resident senses of gain, security and belonging."""

    gain: np.ndarray
    security: np.ndarray
    belonging: np.ndarray

    @classmethod
    def start(cls, n: int, neutral: float) -> Senses:
        """All senses at ``neutral``."""
        return cls(np.full(n, neutral), np.full(n, neutral), np.full(n, neutral))


def lift(sense: np.ndarray, who: np.ndarray, step: float | np.ndarray) -> None:
    """Move ``sense[who]`` ``step`` (one for all, or one per entry of ``who``) of the way to 1 (in place)."""
    sense[who] += step * (1.0 - sense[who])


def lower(sense: np.ndarray, who: np.ndarray, step: float) -> None:
    """Move ``sense[who]`` ``step`` of the way to 0 (in place)."""
    sense[who] -= step * sense[who]


def witness(sense: np.ndarray, residents: Blocks, buildings: np.ndarray, steps: np.ndarray) -> None:
    """Every resident of each of ``buildings`` lives through what happened there (in place).

    The ``steps`` (one per entry of ``buildings``) are summed per building and capped at 1 in size: a
    positive sum moves the sense of the building's residents that far of the way to 1, a negative one
    of the way to 0. Only the residents of those buildings are touched (``residents`` indexes them).

    Examples
    --------
    >>> sense = np.full(4, 0.5)
    >>> blocks = Blocks.of(np.array([0, 0, 1, 2]))
    >>> witness(sense, blocks, np.array([0, 0, 1]), np.array([0.1, 0.1, -0.5]))
    >>> sense.round(2).tolist()
    [0.6, 0.6, 0.25, 0.5]
    """
    if buildings.size == 0:
        return
    net = np.clip(np.bincount(buildings, weights=steps, minlength=residents.count), -1.0, 1.0)
    who, building = residents.residents(np.flatnonzero(net))
    step = net[building]
    up, down = who[step > 0], who[step < 0]
    sense[up] += step[step > 0] * (1.0 - sense[up])
    sense[down] += step[step < 0] * sense[down]


def belonging_base(degree: np.ndarray, p: ServicesParams) -> np.ndarray:
    """The part of the belonging target that ties give (fixed over a run).

    Examples
    --------
    >>> belonging_base(np.array([0, 5, 20]), ServicesParams()).tolist()
    [0.2, 0.35, 0.5]
    """
    return p.belonging_base + p.belonging_ties * np.minimum(1.0, degree / p.belonging_full_ties)


def belonging_target(
    base: np.ndarray, org_of: np.ndarray, level: np.ndarray, p: ServicesParams
) -> np.ndarray:
    """Level towards which belonging relaxes: ties (``base``), membership, participation level."""
    return base + p.belonging_member * (org_of >= 0) + p.belonging_level * level


def relax(senses: Senses, target_belonging: np.ndarray, p: ServicesParams) -> None:
    """Gain and security relax to neutral and belonging to its target, at ``sense_relax`` (in place)."""
    senses.gain += p.sense_relax * (p.sense_neutral - senses.gain)
    senses.security += p.sense_relax * (p.sense_neutral - senses.security)
    senses.belonging += p.sense_relax * (target_belonging - senses.belonging)
