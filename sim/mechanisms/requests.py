"""Service requests: households raise needs, channels carry them, institutions answer.

Each day a household raises a need with probability ``need_rate`` (property matters with
``property_share``, else medical, daily-life or education matters for the residents' committee),
at an hour of the raiser's day (:func:`sim.mechanisms.channels.draw_hours`). Under grid management with
proactive service a grid worker who visits the household finds the need first and answers it.
Otherwise the raiser uses the first channel it can reach at that hour: the 24-hour mobile platform
(digital access), the phone or the office (open hours, weekdays, capacity), the group chat (digital
access). Within the channel's capacity, the property company answers property matters with
``property_quality``; other matters are answered by the channel's own back office (``own_staff``:
the platform routes them to departments), by the residents' committee while its daily staff
capacity lasts (phone, office; disputes are triaged first), or with the channel's quality (the group
chat). An unanswered request
costs trust in the institution behind the channel and is tried again the next day, until ``patience``
days have passed; then it is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.mechanisms import learning, senses
from sim.mechanisms.channels import Channel, draw_hours, is_weekend
from sim.params import INSTITUTIONS
from sim.world import collaboration

if TYPE_CHECKING:
    from sim.model import CommunityModel

ROUTES = ("mobile_platform", "phone", "office", "group_chat")
"""Channels a request can go through, in the order a resident tries them."""
ANSWERERS = (*ROUTES, "grid_worker")
OFFICE_START, OFFICE_END = 9, 17


@dataclass
class Requests:
    """Pending requests and the counters of all requests so far.

    Pending arrays have one entry per open request: ``resident`` (who raised it), ``property``
    (a property matter), ``hour`` (hour first raised), ``age`` (days waited).
    """

    resident: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    property: np.ndarray = field(default_factory=lambda: np.empty(0, bool))
    hour: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    age: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    raised_by_hour: np.ndarray = field(default_factory=lambda: np.zeros(24, np.int64))
    answered_by_hour: np.ndarray = field(default_factory=lambda: np.zeros(24, np.int64))
    dropped_by_hour: np.ndarray = field(default_factory=lambda: np.zeros(24, np.int64))
    answered_by: np.ndarray = field(default_factory=lambda: np.zeros(len(ANSWERERS), np.int64))
    delay_sum: int = 0

    def raise_needs(
        self,
        households: np.ndarray,
        rate: float,
        property_share: float,
        at_work: np.ndarray,
        rng: np.random.Generator,
    ) -> None:
        """Add today's new needs; ``households`` lists each household's members' first index."""
        new = households[rng.random(households.size) < rate]
        hour = draw_hours(at_work[new], rng).astype(np.int64)
        self.resident = np.concatenate([self.resident, new])
        self.property = np.concatenate([self.property, rng.random(new.size) < property_share])
        self.hour = np.concatenate([self.hour, hour])
        self.age = np.concatenate([self.age, np.zeros(new.size, np.int64)])
        self.raised_by_hour += np.bincount(hour, minlength=24)

    def close(self, done: np.ndarray, answered: np.ndarray, via: np.ndarray) -> None:
        """Remove the requests in mask ``done``; those also in ``answered`` were answered ``via`` a route."""
        ok = done & answered
        self.answered_by_hour += np.bincount(self.hour[ok], minlength=24)
        self.dropped_by_hour += np.bincount(self.hour[done & ~answered], minlength=24)
        self.answered_by += np.bincount(via[ok], minlength=len(ANSWERERS))
        self.delay_sum += int(self.age[ok].sum())
        keep = ~done
        self.resident, self.property = self.resident[keep], self.property[keep]
        self.hour, self.age = self.hour[keep], self.age[keep]


def route(
    channels: dict[str, Channel], digital: np.ndarray, at_work: np.ndarray, day: int, rng: np.random.Generator
) -> np.ndarray:
    """Index into :data:`ROUTES` of the channel each requester uses today, or -1 for none.

    Parameters
    ----------
    channels : dict of str to Channel
        Enabled channels by name.
    digital, at_work : numpy.ndarray of bool
        Per requester: digital access; at work today.
    day : int
        Today.
    rng : numpy.random.Generator
        Draws the hour of today's attempt.
    """
    hour = draw_hours(at_work, rng)
    can = np.zeros((len(ROUTES), digital.size), dtype=bool)
    for k, name in enumerate(ROUTES):
        ch = channels.get(name)
        if ch is None:
            continue
        p = ch.params
        closed_today = p.weekdays_only and is_weekend(day)
        open_now = (hour >= p.open_hour) & (hour < p.close_hour) & (not closed_today)
        can[k] = open_now & (digital if p.digital_only else True)
    return np.where(can.any(axis=0), can.argmax(axis=0), -1)


def cap(order: np.ndarray, limit: int) -> np.ndarray:
    """Mask of the first ``limit`` entries of ``order`` (all when ``limit`` < 0)."""
    keep = np.zeros(order.size, dtype=bool)
    keep[order[: order.size if limit < 0 else limit]] = True
    return keep


def is_after_hours(hour: np.ndarray) -> np.ndarray:
    """Raised outside office hours (9-17)."""
    return (hour < OFFICE_START) | (hour >= OFFICE_END)


def answer_requests(model: CommunityModel) -> None:
    """Raise today's needs, let grid workers find some, route the rest and answer what can be."""
    s, sv = model.state, model.cfg.services
    reqs, inst = model.requests, model.institutions
    rng = model.streams.get("requests")
    if sv.need_rate == 0.0 and reqs.resident.size == 0:
        return
    at_work = s.population.busy & (not is_weekend(s.day))
    reqs.raise_needs(model.household_heads, sv.need_rate, sv.property_share, at_work, rng)
    if reqs.resident.size == 0:
        return
    who = reqs.resident
    via = np.full(who.size, -1, dtype=np.int64)
    answered = np.zeros(who.size, dtype=bool)
    # proactive grid workers find needs of the households they visit and answer them
    found = model.visited[model.network.household[who]]
    grid_budget = int(inst.grid_workers * model.cfg.institutions.workers.grid_cases)
    found &= cap(rng.permutation(who.size), grid_budget)
    answered |= found
    via[found] = ANSWERERS.index("grid_worker")
    for matter, partner in ((True, "property"), (False, "committee")):
        collaboration.record(
            inst.collaboration, ("grid_worker", partner), int((found & (reqs.property == matter)).sum())
        )
    # the rest go through a channel
    channels = {c.name: c for c in model.channels}
    todo = ~found
    routes = np.full(who.size, -1, dtype=np.int64)
    routes[todo] = route(channels, s.population.digital[who[todo]], at_work[who[todo]], s.day, rng)
    committee_left = model.committee_left
    for k, name in enumerate(ROUTES):
        mine = np.flatnonzero(routes == k)
        if mine.size == 0:
            continue
        ch = channels[name]
        mine = mine[cap(rng.permutation(mine.size), ch.capacity)]
        prop = reqs.property[mine]
        ok = np.where(prop, rng.random(mine.size) < model.cfg.institutions.committee.property_quality, False)
        if ch.params.own_staff:
            ok[~prop] = True
        elif ch.institution == INSTITUTIONS.index("committee"):
            served = np.flatnonzero(~prop)[: max(0, committee_left)]
            ok[served] = True
            committee_left -= served.size
        else:  # a channel of another institution (the group chat): someone answers with its quality
            ok[~prop] = rng.random(int((~prop).sum())) < ch.params.quality
        answered[mine[ok]] = True
        via[mine[ok]] = k
        learning.disappoint(s, who[mine[~ok]], ch.institution, model.cfg.participation)
    model.committee_left = committee_left
    senses.lift(model.senses.gain, who[answered], sv.sense_step)
    reqs.age[~answered] += 1
    dropped = ~answered & (reqs.age >= sv.patience)
    senses.lower(model.senses.gain, who[dropped], sv.sense_step)
    reqs.close(answered | dropped, answered, via)
