"""Disputes between neighbours: they arise, grow each day unresolved, and are settled at some level.

Each day ``dispute_rate`` disputes per 1,000 households arise between a random resident and one of
its neighbours, with an initial severity uniform in [0, 0.2]; each open dispute's severity grows by
``dispute_growth`` a day. The levels, tried in this order each day (the first that succeeds settles):

``self``        the parties themselves, with ``self_settle`` times their mean awareness (rule of virtue);
``mediator``    a resident mediator among the parties or their neighbours, with ``mediator_settle``;
``organisation``a party's social organisation, with ``org_settle`` times its credibility;
``worker``      a grid or social worker who has taken the case (found on patrol under proactive
                service, or after a complaint), with ``worker_settle``, within the workers' capacity;
``committee``   the residents' committee after a complaint (severity >= ``complaint_severity``), with
                ``mediation_success``, within its capacity;
``street``      the street office, ``whistle_delay`` days after the whistle (severity >=
                ``whistle_severity``, when the whistle is on).

Every level but the street office succeeds with its probability times ``1 - severity``: a dispute
is easiest to settle while it is still sprouting (化解在萌芽状态).

A dispute that reaches severity 1 becomes a social-risk event. The first four levels are the
grassroots (settled before the committee).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.mechanisms import learning, senses
from sim.params import INSTITUTIONS
from sim.world import collaboration

if TYPE_CHECKING:
    from sim.model import CommunityModel

LEVELS = ("self", "mediator", "organisation", "worker", "committee", "street")
GRASSROOTS = LEVELS[:4]
NOBODY = -1


def _empty(dtype: type) -> np.ndarray:
    return np.empty(0, dtype)


@dataclass
class Disputes:
    """Open disputes (one entry each) and counters of all disputes so far.

    Attributes
    ----------
    a, b : numpy.ndarray of int
        The two parties (residents).
    severity : numpy.ndarray
        In [0, 1); 1 is a social-risk event.
    age : numpy.ndarray of int
        Days open.
    taken_by : numpy.ndarray of int
        Worker kind that took the case (0 grid, 1 social) or :data:`NOBODY`.
    whistled : numpy.ndarray of int
        Day of the whistle, or :data:`NOBODY`.
    """

    a: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    b: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    severity: np.ndarray = field(default_factory=lambda: _empty(np.float64))
    age: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    taken_by: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    whistled: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    raised: int = 0
    settled: np.ndarray = field(default_factory=lambda: np.zeros(len(LEVELS), np.int64))
    risk_events: int = 0
    days_to_settle: int = 0

    def arise(self, a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> None:
        """Open disputes between residents ``a[i]`` and ``b[i]``."""
        n = a.size
        self.a, self.b = np.concatenate([self.a, a]), np.concatenate([self.b, b])
        self.severity = np.concatenate([self.severity, rng.random(n) * 0.2])
        self.age = np.concatenate([self.age, np.zeros(n, np.int64)])
        self.taken_by = np.concatenate([self.taken_by, np.full(n, NOBODY)])
        self.whistled = np.concatenate([self.whistled, np.full(n, NOBODY)])
        self.raised += n

    def grow(self, rate: float) -> None:
        """Age every open dispute by a day and raise its severity by ``rate``."""
        self.age += 1
        self.severity += rate

    def settle(self, mask: np.ndarray, level: str) -> None:
        """Close the disputes in ``mask`` as settled at ``level``."""
        self.settled[LEVELS.index(level)] += int(mask.sum())
        self.days_to_settle += int(self.age[mask].sum())
        self._drop(mask)

    def erupt(self) -> np.ndarray:
        """Close disputes that reached severity 1 as social-risk events; return their parties."""
        mask = self.severity >= 1.0
        parties = np.concatenate([self.a[mask], self.b[mask]])
        self.risk_events += int(mask.sum())
        self._drop(mask)
        return parties

    def _drop(self, mask: np.ndarray) -> None:
        keep = ~mask
        for name in ("a", "b", "severity", "age", "taken_by", "whistled"):
            setattr(self, name, getattr(self, name)[keep])


def pick_neighbour(indptr: np.ndarray, indices: np.ndarray, who: np.ndarray, rng: np.random.Generator):
    """A random neighbour of each resident in ``who`` (residents without ties are dropped)."""
    deg = indptr[who + 1] - indptr[who]
    who, deg = who[deg > 0], deg[deg > 0]
    return who, indices[indptr[who] + (rng.random(who.size) * deg).astype(np.int64)]


def take_cases(candidates: np.ndarray, capacity: int, rng: np.random.Generator) -> np.ndarray:
    """Mask of ``capacity`` randomly chosen entries among the ``candidates`` mask."""
    idx = np.flatnonzero(candidates)
    chosen = np.zeros(candidates.size, dtype=bool)
    chosen[rng.permutation(idx)[:capacity]] = True
    return chosen


def settle_disputes(model: CommunityModel) -> None:
    """New disputes arise, open ones grow, and each level tries to settle them in turn."""
    s, sv = model.state, model.cfg.services
    d = model.disputes
    if sv.dispute_rate == 0.0 and d.a.size == 0:
        return
    rng = model.streams.get("disputes")
    adj = model.network.adjacency
    starters = rng.integers(0, s.n, size=int(rng.poisson(sv.dispute_rate * model.households / 1000.0)))
    a, b = pick_neighbour(adj.indptr, adj.indices, starters, rng)
    d.arise(a, b, rng)
    senses.lower(model.senses.security, np.concatenate([a, b]), sv.sense_step)
    d.grow(sv.dispute_growth)
    if d.a.size:
        _settle_levels(model, d, rng)
    parties = d.erupt()
    if parties.size:
        building = model.network.building
        hit = np.isin(building, building[parties])
        senses.lower(model.senses.security, np.flatnonzero(hit), sv.risk_security_loss)


def _settle_levels(model: CommunityModel, d: Disputes, rng: np.random.Generator) -> None:
    s, sv = model.state, model.cfg.services
    inst, c, w = model.institutions, model.cfg.institutions.committee, model.cfg.institutions.workers
    adj = model.network.adjacency
    orgs = inst.organisations

    def close(mask: np.ndarray, level: str, institution: str | None) -> None:
        if not mask.any():
            return
        parties = np.concatenate([d.a[mask], d.b[mask]])
        senses.lift(model.senses.security, parties, sv.sense_step)
        if institution is not None:
            learning.reward(s, parties, INSTITUTIONS.index(institution), 0.0, model.cfg.participation)
        d.settle(mask, level)

    def chance(p: float | np.ndarray) -> np.ndarray:
        return rng.random(d.a.size) < p * (1.0 - d.severity)

    aware = (s.awareness[d.a] + s.awareness[d.b]) / 2.0
    close(chance(sv.self_settle * aware), "self", None)
    if inst.mediator.any() and d.a.size:
        near = (adj @ inst.mediator.astype(np.float32)) > 0
        has = near[d.a] | near[d.b] | inst.mediator[d.a] | inst.mediator[d.b]
        ok = has & chance(sv.mediator_settle)
        collaboration.record(inst.collaboration, ("mediators", "social_org"), int(ok.sum()))
        close(ok, "mediator", "social_org")
    if orgs.count and d.a.size:
        org = np.where(orgs.org_of[d.a] != NOBODY, orgs.org_of[d.a], orgs.org_of[d.b])
        cred = np.where(org != NOBODY, orgs.credibility[np.maximum(org, 0)], 0.0)
        close((org != NOBODY) & chance(sv.org_settle * cred), "organisation", "social_org")
    complained = d.severity >= sv.complaint_severity
    if d.a.size and (inst.grid_workers or inst.social_workers):
        found = model.visited[model.network.household[d.a]] | model.visited[model.network.household[d.b]]
        visible = (found if w.proactive else np.zeros(d.a.size, bool)) | complained
        for kind, count, per in (
            (0, inst.grid_workers, w.grid_cases),
            (1, inst.social_workers, w.social_cases),
        ):
            new = take_cases(visible & (d.taken_by == NOBODY), int(count * per), rng)
            d.taken_by[new] = kind
        ok = (d.taken_by != NOBODY) & chance(sv.worker_settle)
        close(ok, "worker", "committee")
        complained = d.severity >= sv.complaint_severity
    if d.a.size:
        queue = complained | (d.taken_by != NOBODY)
        taken = take_cases(queue, max(0, model.committee_left), rng)
        model.committee_left -= int(taken.sum())
        for kind, actor in ((0, "grid_worker"), (1, "social_worker")):
            collaboration.record(
                inst.collaboration, (actor, "committee"), int((taken & (d.taken_by == kind)).sum())
            )
        close(taken & chance(c.mediation_success), "committee", "committee")
    if c.whistle and d.a.size:
        blow = (d.severity >= c.whistle_severity) & (d.whistled == NOBODY)
        d.whistled[blow] = s.day
        due = (d.whistled != NOBODY) & (s.day - d.whistled >= c.whistle_delay)
        actors = ("street", "committee", "grid_worker") if inst.grid_workers else ("street", "committee")
        collaboration.record(inst.collaboration, actors, int(due.sum()))
        close(due, "street", "street")
