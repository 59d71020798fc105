"""Community social organisations: members, credibility, an activity rhythm, recruitment, training.

Each resident belongs to at most one organisation (the membership graph is bipartite with member
degree 0 or 1; assumed, to keep it an array). An organisation holds an activity every ``period``
days; invited members decide as for any channel, and a held activity raises its credibility while one
nobody attends lowers it. Members invite neighbours (who join with probability equal to the
organisation's credibility); members leave at ``leave_rate``; government cultivation raises
credibility; members are trained as resident mediators at ``mediator_training`` a year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sim.mechanisms.uptake import Uptake
from sim.params import OrganisationsParams

NONE = -1


@dataclass
class Organisations:
    """Social organisations of one community.

    Attributes
    ----------
    org_of : numpy.ndarray of int32
        Organisation of each resident, or :data:`NONE`.
    credibility : numpy.ndarray
        Credibility of each organisation, in [0, 1].
    offset : numpy.ndarray of int
        Day of each organisation's first activity.
    period : int
        Days between activities.
    room_per_org : float
        Members each organisation can hold: ``members_per_org`` times ``per_1000`` organisations'
        worth of room shared among the whole ones, so the community's room grows continuously with
        ``per_1000`` even while the count of organisations is rounded.
    """

    org_of: np.ndarray
    credibility: np.ndarray
    offset: np.ndarray
    period: int
    room_per_org: float = 0.0

    @property
    def count(self) -> int:
        """Number of organisations."""
        return int(self.credibility.size)

    @property
    def member(self) -> np.ndarray:
        """Boolean mask of residents who belong to an organisation."""
        return self.org_of != NONE

    @classmethod
    def found(cls, p: OrganisationsParams, residents: int, rng: np.random.Generator) -> Organisations:
        """Found ``per_1000`` organisations per 1,000 residents with ``initial_members`` of residents."""
        k = int(round(p.per_1000 * residents / 1000.0))
        org_of = np.full(residents, NONE, dtype=np.int32)
        if k > 0:
            joined = rng.random(residents) < p.initial_members
            org_of[joined] = rng.integers(0, k, size=int(joined.sum()))
        orgs = cls(org_of, np.full(k, p.credibility), rng.integers(0, p.period, size=k), p.period)
        orgs.share_room(p)
        return orgs

    def share_room(self, p: OrganisationsParams) -> None:
        """Share the community's room (``members_per_org`` per ``per_1000`` organisation) among them."""
        wanted = p.per_1000 * self.org_of.size / 1000.0
        self.room_per_org = p.members_per_org * wanted / self.count if self.count else 0.0

    def expand(self, p: OrganisationsParams, rng: np.random.Generator) -> None:
        """Found the organisations that ``p.per_1000`` adds to this community (at an intervention onset).

        New organisations start with credibility ``p.credibility`` and recruit their founding members
        among non-members (each joins one of them with ``initial_members`` times the new organisations'
        share of all); existing ones keep their members and credibility (in place).
        """
        residents = self.org_of.size
        k = int(round(p.per_1000 * residents / 1000.0))
        self.period = p.period
        if k <= self.count:
            self.share_room(p)
            return
        new = k - self.count
        free = np.flatnonzero(self.org_of == NONE)
        joined = free[rng.random(free.size) < p.initial_members * new / k]
        self.org_of[joined] = self.count + rng.integers(0, new, size=joined.size)
        self.credibility = np.concatenate([self.credibility, np.full(new, p.credibility)])
        self.offset = np.concatenate([self.offset, rng.integers(0, p.period, size=new)])
        self.share_room(p)

    def in_session(self, day: int) -> np.ndarray:
        """Indices of organisations holding an activity on ``day``."""
        return np.flatnonzero((day - self.offset) % self.period == 0)

    def invite(self, orgs: np.ndarray, reach: float, rng: np.random.Generator) -> np.ndarray:
        """Members of ``orgs`` invited to today's activity (each with probability ``reach``)."""
        if orgs.size == 0:
            return orgs
        holding = np.zeros(self.count + 1, dtype=bool)
        holding[orgs] = True
        members = np.flatnonzero(holding[self.org_of])  # NONE indexes the spare last slot
        return members[rng.random(members.size) < reach]

    def judge(self, orgs: np.ndarray, attendees: np.ndarray, p: OrganisationsParams) -> None:
        """Activities held (someone came) gain credibility; empty ones lose it (in place)."""
        came = np.bincount(self.org_of[attendees], minlength=self.count)[orgs] > 0
        c = self.credibility
        c[orgs[came]] += p.credibility_gain * (1.0 - c[orgs[came]])
        c[orgs[~came]] -= p.credibility_loss * c[orgs[~came]]

    def sizes(self) -> np.ndarray:
        """Members of each organisation."""
        return np.bincount(self.org_of[self.member], minlength=self.count)

    def recruit(self, adjacency: sp.csr_array, p: OrganisationsParams, rng: np.random.Generator) -> None:
        """Members invite a random neighbour, who joins with credibility times the organisation's room.

        The room is ``1 - members / room_per_org``: joining slows as an organisation fills, so
        recruitment and leaving balance at a steady membership (in place).
        """
        room = np.maximum(0.0, 1.0 - self.sizes() / self.room_per_org)
        members = np.flatnonzero(self.member)
        inviters = members[rng.random(members.size) < p.recruit_rate]
        indptr = adjacency.indptr
        deg = indptr[inviters + 1] - indptr[inviters]
        inviters, deg = inviters[deg > 0], deg[deg > 0]
        target = adjacency.indices[indptr[inviters] + (rng.random(inviters.size) * deg).astype(np.int64)]
        org = self.org_of[inviters]
        joins = (self.org_of[target] == NONE) & (rng.random(target.size) < self.credibility[org] * room[org])
        self.org_of[target[joins]] = org[joins]

    def leave(self, rate: float, rng: np.random.Generator) -> None:
        """Members leave at ``rate`` a day (in place)."""
        members = np.flatnonzero(self.member)
        self.org_of[members[rng.random(members.size) < rate]] = NONE

    def cultivate(self, rate: float) -> None:
        """Government support moves credibility ``rate`` of the way to 1 (in place)."""
        self.credibility += rate * (1.0 - self.credibility)

    def train_mediators(self, mediator: np.ndarray, yearly: float, rng: np.random.Generator) -> None:
        """Train members as resident mediators at ``yearly`` a year (in place on ``mediator``)."""
        if yearly == 0.0:
            return
        members = np.flatnonzero(self.member & ~mediator)
        mediator[members[rng.random(members.size) < yearly / 365.0]] = True


def hold_activities(
    orgs: Organisations,
    p: OrganisationsParams,
    day: int,
    uptake: Uptake,
    channel: int,
    institution: int,
    rng: np.random.Generator,
) -> None:
    """Organisations in session on ``day`` invite members, who decide and take part; credibility follows.

    Participations are recorded on slot ``channel`` of the channel axis; trust goes to ``institution``.
    The outcome is good with the mean credibility of the attendees' organisations.
    """
    today = orgs.in_session(day)
    if today.size == 0:
        return
    invited = orgs.invite(today, p.reach, rng)
    came = uptake.decide(invited, institution, p.time_cost, rng)
    orgs.judge(today, came, p)
    quality = orgs.credibility[orgs.org_of[came]].mean() if came.size else 0.0
    uptake.take_part(came, channel, institution, float(quality), p.awareness_gain, p.engagement, rng)


def grow(
    orgs: Organisations,
    mediator: np.ndarray,
    adjacency: sp.csr_array,
    p: OrganisationsParams,
    rng: np.random.Generator,
) -> None:
    """Recruitment through members' ties, leaving, cultivation and mediator training (in place)."""
    if orgs.count == 0:
        return
    orgs.recruit(adjacency, p, rng)
    orgs.leave(p.leave_rate, rng)
    orgs.cultivate(p.cultivation)
    orgs.train_mediators(mediator, p.mediator_training, rng)
