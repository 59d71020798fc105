"""Disputes between neighbours: they arise, grow each day unresolved, and are settled at some level.

Each day ``dispute_rate`` disputes per 1,000 households arise between a random resident and one of
its neighbours, with an initial severity uniform in [0, ``dispute_initial_severity``]; each open
dispute's severity grows by ``dispute_growth`` a day. The levels of :data:`LADDER` are tried in this
order each day (the first that succeeds settles):

``self``        the parties themselves, with ``self_settle`` times their mean awareness (rule of virtue);
``mediator``    a resident mediator among the parties or their neighbours, with ``mediator_settle``;
``organisation`` a party's social organisation, with ``org_settle`` times its credibility;
``worker``      a grid or social worker who has taken the case (found on patrol under proactive
                service, or after a complaint), with ``worker_settle``, within the workers' capacity;
``committee``   the residents' committee after a complaint (severity >= ``complaint_severity``), with
                ``mediation_success``, within today's committee budget;
``street``      the street office, ``whistle_delay`` days after the whistle (severity >=
                ``whistle_severity``, when the whistle is on).

Every level but the street office succeeds with its probability times ``1 - severity``: a dispute
is easiest to settle while it is still sprouting (化解在萌芽状态). A share ``hard_share`` of disputes
is intractable at the community level (a property or planning matter, a claim beyond mediation):
only the street office, after the whistle, settles them; without the whistle they grow into
social-risk events. A new dispute lowers the parties' sense of security; a settlement lifts it (the
more, the earlier) and their trust in the institution that settled it. The residents of the
parties' buildings feel ``witness_share`` of each move (:func:`sim.mechanisms.senses.witness`).

A dispute that reaches severity 1 becomes a social-risk event; one that reaches
``whistle_severity`` has *escalated* past what the committee settles (counted whether or not the
whistle is on: the social risk that moves at every size, beside the rare event). The first three
levels are the grassroots, the residents' own level (:data:`GRASSROOTS`): the parties, resident
mediators and organisations; paid workers, the committee and the street are the institutions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from sim.mechanisms import learning, senses
from sim.mechanisms.context import Today, whole
from sim.mechanisms.organisations import Organisations
from sim.params import INSTITUTIONS, CommitteeParams, ParticipationParams, ServicesParams, WorkersParams
from sim.state import ResidentState
from sim.world import collaboration
from sim.world.network import Blocks

NOBODY = -1
GRID, SOCIAL = 0, 1
"""Worker kinds in :attr:`Disputes.taken_by`."""


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
        Worker kind that took the case (:data:`GRID`, :data:`SOCIAL`) or :data:`NOBODY`.
    whistled : numpy.ndarray of int
        Day of the whistle, or :data:`NOBODY`.
    hard : numpy.ndarray of bool
        Intractable at the community level: only a rung that settles hard disputes (the street office
        after the whistle) can settle it.
    """

    a: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    b: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    severity: np.ndarray = field(default_factory=lambda: _empty(np.float64))
    age: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    taken_by: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    whistled: np.ndarray = field(default_factory=lambda: _empty(np.int64))
    hard: np.ndarray = field(default_factory=lambda: _empty(np.bool_))
    raised: int = 0
    settled: np.ndarray = field(default_factory=lambda: np.zeros(len(LEVELS), np.int64))
    risk_events: int = 0
    escalated: int = 0
    days_to_settle: int = 0
    severity_settled: float = 0.0

    def restart_counts(self) -> None:
        """Start the counters at zero (at the intervention onset); open disputes stay open."""
        self.raised = self.risk_events = self.escalated = self.days_to_settle = 0
        self.severity_settled = 0.0
        self.settled[:] = 0

    @property
    def open(self) -> int:
        """Number of open disputes."""
        return int(self.a.size)

    def arise(
        self, a: np.ndarray, b: np.ndarray, initial: float, hard_share: float, rng: np.random.Generator
    ) -> None:
        """Open disputes of ``a[i]`` with ``b[i]``, severity U[0, ``initial``], hard with ``hard_share``."""
        n = a.size
        self.a, self.b = np.concatenate([self.a, a]), np.concatenate([self.b, b])
        self.severity = np.concatenate([self.severity, rng.random(n) * initial])
        self.age = np.concatenate([self.age, np.zeros(n, np.int64)])
        self.taken_by = np.concatenate([self.taken_by, np.full(n, NOBODY)])
        self.whistled = np.concatenate([self.whistled, np.full(n, NOBODY)])
        self.hard = np.concatenate([self.hard, rng.random(n) < hard_share])
        self.raised += n

    def grow(self, rate: float, escalation: float) -> None:
        """Age open disputes a day, add ``rate`` to their severity, count those crossing ``escalation``."""
        self.age += 1
        self.escalated += int(
            np.count_nonzero((self.severity < escalation) & (self.severity + rate >= escalation))
        )
        self.severity += rate

    def settle(self, mask: np.ndarray, level: int) -> None:
        """Close the disputes in ``mask`` as settled at ``LADDER[level]``."""
        self.settled[level] += int(mask.sum())
        self.days_to_settle += int(self.age[mask].sum())
        self.severity_settled += float(self.severity[mask].sum())
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
        for name in ("a", "b", "severity", "age", "taken_by", "whistled", "hard"):
            setattr(self, name, getattr(self, name)[keep])


@dataclass(frozen=True)
class Settlers:
    """Who can settle disputes in this community, and by which rules (read by the ladder's levels).

    Attributes
    ----------
    adjacency : scipy.sparse.csr_array
        Neighbour network.
    household_of, building_of : numpy.ndarray
        Household and building of each resident.
    buildings : Blocks
        The residents of each building (:attr:`sim.world.network.Network.buildings`).
    households : int
        Number of households (sets the rate of new disputes).
    mediator : numpy.ndarray of bool
        Residents trained as mediators (changes in place as organisations train them).
    organisations : Organisations
        Social organisations (membership, credibility).
    grid_workers : int
        Grid workers.
    social_workers : float
        Social workers (full-time equivalents).
    services, workers, committee : ServicesParams, WorkersParams, CommitteeParams
        The dispute, worker and committee parameters.
    """

    adjacency: sp.csr_array
    household_of: np.ndarray
    building_of: np.ndarray
    buildings: Blocks
    households: int
    mediator: np.ndarray
    organisations: Organisations
    grid_workers: int
    social_workers: float
    services: ServicesParams
    workers: WorkersParams
    committee: CommitteeParams


class Step(NamedTuple):
    """What one level of the ladder decided today: which disputes it settles, for which institution."""

    settled: np.ndarray
    institution: str | None


Level = Callable[[Disputes, Settlers, Today, ResidentState, np.random.Generator], Step | None]


def chance(d: Disputes, p: float | np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Mask of open disputes settled with probability ``p`` times ``1 - severity``."""
    return rng.random(d.a.size) < p * (1.0 - d.severity)


def pick_neighbour(
    indptr: np.ndarray, indices: np.ndarray, who: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A random neighbour of each resident in ``who`` (residents without ties are dropped)."""
    deg = indptr[who + 1] - indptr[who]
    who, deg = who[deg > 0], deg[deg > 0]
    return who, indices[indptr[who] + (rng.random(who.size) * deg).astype(np.int64)]


def take_cases(candidates: np.ndarray, capacity: int, rng: np.random.Generator) -> np.ndarray:
    """Mask of ``capacity`` randomly chosen entries among the ``candidates`` mask.

    Examples
    --------
    >>> int(take_cases(np.array([True, False, True, True]), 2, np.random.default_rng(0)).sum())
    2
    """
    idx = np.flatnonzero(candidates)
    chosen = np.zeros(candidates.size, dtype=bool)
    chosen[rng.permutation(idx)[:capacity]] = True
    return chosen


def by_parties(
    d: Disputes, s: Settlers, today: Today, state: ResidentState, rng: np.random.Generator
) -> Step:
    """The parties settle by themselves, with ``self_settle`` times their mean awareness."""
    aware = (state.awareness[d.a] + state.awareness[d.b]) / 2.0
    return Step(chance(d, s.services.self_settle * aware, rng), None)


def by_mediator(
    d: Disputes, s: Settlers, today: Today, state: ResidentState, rng: np.random.Generator
) -> Step | None:
    """A resident mediator who is a party or a party's neighbour settles, with ``mediator_settle``."""
    if not (s.mediator.any() and d.open):
        return None
    near = (s.adjacency @ s.mediator.astype(np.float32)) > 0
    has = near[d.a] | near[d.b] | s.mediator[d.a] | s.mediator[d.b]
    ok = has & chance(d, s.services.mediator_settle, rng)
    collaboration.record(today.collaboration, ("mediators", "social_org"), int(ok.sum()))
    return Step(ok, "social_org")


def by_organisation(
    d: Disputes, s: Settlers, today: Today, state: ResidentState, rng: np.random.Generator
) -> Step | None:
    """A party's social organisation settles, with ``org_settle`` times its credibility."""
    orgs = s.organisations
    if not (orgs.count and d.open):
        return None
    org = np.where(orgs.org_of[d.a] != NOBODY, orgs.org_of[d.a], orgs.org_of[d.b])
    cred = np.where(org != NOBODY, orgs.credibility[np.maximum(org, 0)], 0.0)
    return Step((org != NOBODY) & chance(d, s.services.org_settle * cred, rng), "social_org")


def by_worker(
    d: Disputes, s: Settlers, today: Today, state: ResidentState, rng: np.random.Generator
) -> Step | None:
    """Grid and social workers take visible cases within their capacity and settle with ``worker_settle``.

    A case is visible when a party complained, or, under proactive service, when patrol visited a
    party's household today.
    """
    if not (d.open and (s.grid_workers or s.social_workers)):
        return None
    w = s.workers
    complained = d.severity >= s.services.complaint_severity
    found = today.visited[s.household_of[d.a]] | today.visited[s.household_of[d.b]]
    visible = (found if w.proactive else np.zeros(d.a.size, bool)) | complained
    for kind, count, per in (
        (GRID, s.grid_workers, w.grid_cases),
        (SOCIAL, s.social_workers, w.social_cases),
    ):
        new = take_cases(visible & (d.taken_by == NOBODY), whole(count * per, rng), rng)
        d.taken_by[new] = kind
    return Step((d.taken_by != NOBODY) & chance(d, s.services.worker_settle, rng), "committee")


def by_committee(
    d: Disputes, s: Settlers, today: Today, state: ResidentState, rng: np.random.Generator
) -> Step | None:
    """The residents' committee takes complaints and workers' referrals within today's budget."""
    if not d.open:
        return None
    queue = (d.severity >= s.services.complaint_severity) | (d.taken_by != NOBODY)
    taken = take_cases(queue, max(0, today.committee.left), rng)
    today.committee.take(int(taken.sum()))
    for kind, actor in ((GRID, "grid_worker"), (SOCIAL, "social_worker")):
        joint = int((taken & (d.taken_by == kind)).sum())
        collaboration.record(today.collaboration, (actor, "committee"), joint)
    return Step(taken & chance(d, s.committee.mediation_success, rng), "committee")


def by_street(
    d: Disputes, s: Settlers, today: Today, state: ResidentState, rng: np.random.Generator
) -> Step | None:
    """The street office settles whistled disputes ``whistle_delay`` days after the whistle."""
    c = s.committee
    if not (c.whistle and d.open):
        return None
    blow = (d.severity >= c.whistle_severity) & (d.whistled == NOBODY)
    d.whistled[blow] = today.day
    due = (d.whistled != NOBODY) & (today.day - d.whistled >= c.whistle_delay)
    actors = ("street", "committee", "grid_worker") if s.grid_workers else ("street", "committee")
    collaboration.record(today.collaboration, actors, int(due.sum()))
    return Step(due, "street")


class Rung(NamedTuple):
    """A level of the ladder: its name, how it tries today's disputes, whether it can settle hard ones."""

    name: str
    attempt: Level
    settles_hard: bool = False


LADDER: tuple[Rung, ...] = (
    Rung("self", by_parties),
    Rung("mediator", by_mediator),
    Rung("organisation", by_organisation),
    Rung("worker", by_worker),
    Rung("committee", by_committee),
    Rung("street", by_street, settles_hard=True),
)
"""The levels at which a dispute can be settled, in the order they are tried each day."""
LEVELS: tuple[str, ...] = tuple(rung.name for rung in LADDER)
GRASSROOTS = LEVELS[:3]
"""The residents' own level: the parties, resident mediators and social organisations."""


def _close(
    d: Disputes,
    step: Step,
    level: int,
    state: ResidentState,
    security: np.ndarray,
    s: Settlers,
    learn: ParticipationParams,
) -> None:
    """Settle ``step``'s disputes at ``level``: the parties feel safer and trust its institution more.

    Security comes back by ``sense_step`` times ``1 - severity``: a dispute settled while it was still
    sprouting restores it, one settled late hardly does.
    """
    if not step.settled.any():
        return
    parties = np.concatenate([d.a[step.settled], d.b[step.settled]])
    relief = s.services.sense_step * (1.0 - np.minimum(d.severity[step.settled], 1.0))
    relief = np.concatenate([relief, relief])  # both parties of each
    senses.lift(security, parties, relief)
    senses.witness(security, s.buildings, s.building_of[parties], s.services.witness_share * relief)
    if step.institution is not None:
        learning.reward(state, parties, INSTITUTIONS.index(step.institution), 0.0, learn)
    d.settle(step.settled, level)


def settle_disputes(
    d: Disputes,
    s: Settlers,
    today: Today,
    state: ResidentState,
    security: np.ndarray,
    learn: ParticipationParams,
    rng: np.random.Generator,
) -> None:
    """New disputes arise, open ones grow, each level of :data:`LADDER` tries to settle them in turn.

    ``security`` is the residents' sense of security; ``learn`` sets how a settlement moves trust.
    """
    sv = s.services
    if sv.dispute_rate == 0.0 and d.open == 0:
        return
    d.grow(sv.dispute_growth, s.committee.whistle_severity)  # yesterday's grow; today's start fresh
    starters = rng.integers(0, state.n, size=int(rng.poisson(sv.dispute_rate * s.households / 1000.0)))
    a, b = pick_neighbour(s.adjacency.indptr, s.adjacency.indices, starters, rng)
    d.arise(a, b, sv.dispute_initial_severity, sv.hard_share, rng)
    arising = np.concatenate([a, b])
    senses.lower(security, arising, sv.sense_step)
    senses.witness(
        security,
        s.buildings,
        s.building_of[arising],
        np.full(arising.size, -sv.witness_share * sv.sense_step),
    )
    if d.open:
        for level, rung in enumerate(LADDER):
            step = rung.attempt(d, s, today, state, rng)
            if step is not None:
                settled = step.settled if rung.settles_hard else step.settled & ~d.hard
                _close(d, Step(settled, step.institution), level, state, security, s, learn)
    parties = d.erupt()
    if parties.size:
        hit, _ = s.buildings.residents(np.unique(s.building_of[parties]))
        senses.lower(security, hit, sv.risk_security_loss)
