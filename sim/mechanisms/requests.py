"""Service requests: households raise needs, channels carry them, institutions answer.

Each day a household raises a need with probability ``need_rate`` (property matters with
``property_share``, else medical, daily-life or education matters for the residents' committee), at
an hour of the raiser's day (:func:`sim.mechanisms.channels.draw_hours`). Under grid management with
proactive service a grid worker who visits the household finds the need first and answers it.
Otherwise the raiser tries the channels it can reach at that hour, in the order of their
``request_route`` (by default the 24-hour platform, the phone, the office, the group chat), each
open on its own hours and weekdays and the digital ones only to residents with digital access; a
channel already at its capacity passes the request on to the next (busy phone lines: the resident
walks to the office). Within the channel's capacity, the property company answers property matters
with ``property_quality``; other matters are answered by the channel's own back office
(``own_staff``), by the residents' committee staff while today's
:class:`~sim.mechanisms.context.Budget` lasts (the committee's channels; disputes are triaged
first), or with the channel's quality (a channel of another institution). An unanswered request
costs trust in the institution behind the channel and is tried again the next day, until
``patience`` days have passed; then it is dropped.

"After hours" are the hours when none of the committee's staffed request channels is open
(:func:`office_hours`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.mechanisms import learning, senses
from sim.mechanisms.channels import Channel, Rhythm, draw_hours
from sim.mechanisms.context import Today, is_weekend, whole
from sim.params import CHANNEL_NAMES, INSTITUTIONS, ChannelsParams, ParticipationParams, ServicesParams
from sim.state import ResidentState
from sim.world import collaboration
from sim.world.population import PROFILES

GRID_WORKER = "grid_worker"
COMMITTEE = INSTITUTIONS.index("committee")


def route_names(params: ChannelsParams) -> tuple[str, ...]:
    """Channels that carry requests (``request_route > 0``), in the order residents try them.

    Examples
    --------
    >>> route_names(ChannelsParams())
    ('mobile_platform', 'phone', 'office', 'group_chat')
    """
    routed = [(getattr(params, name).request_route, k, name) for k, name in enumerate(CHANNEL_NAMES)]
    return tuple(name for route, _, name in sorted(routed) if route > 0)


def office_hours(params: ChannelsParams) -> np.ndarray:
    """Whether each hour 0-23 is inside the opening hours of an enabled staffed committee request channel.

    Examples
    --------
    >>> np.flatnonzero(office_hours(ChannelsParams())).tolist()
    [9, 10, 11, 12, 13, 14, 15, 16]
    """
    hours = np.arange(24)
    open_ = np.zeros(24, dtype=bool)
    for name in route_names(params):
        p = getattr(params, name)
        if p.enabled and INSTITUTIONS.index(p.institution) == COMMITTEE and not p.own_staff:
            open_ |= (hours >= p.open_hour) & (hours < p.close_hour)
    return open_


@dataclass
class Requests:
    """Pending requests and the counters of all requests so far.

    Pending arrays have one entry per open request: ``resident`` (who raised it), ``property``
    (a property matter), ``hour`` (hour first raised), ``age`` (days waited). ``answerers`` names
    the routes and, last, the grid worker (the axis of ``answered_by``); ``after_hours`` marks the
    hours 0-23 outside office hours. ``answered_by_profile`` and ``dropped_by_profile`` count closed
    requests by the profile of the resident who raised them
    (:attr:`~sim.world.population.Population.profile`).
    """

    answerers: tuple[str, ...]
    after_hours: np.ndarray
    resident: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    property: np.ndarray = field(default_factory=lambda: np.empty(0, bool))
    hour: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    age: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    raised_by_hour: np.ndarray = field(default_factory=lambda: np.zeros(24, np.int64))
    answered_by_hour: np.ndarray = field(default_factory=lambda: np.zeros(24, np.int64))
    dropped_by_hour: np.ndarray = field(default_factory=lambda: np.zeros(24, np.int64))
    answered_by: np.ndarray = field(init=False)
    answered_by_profile: np.ndarray = field(default_factory=lambda: np.zeros(PROFILES, np.int64))
    dropped_by_profile: np.ndarray = field(default_factory=lambda: np.zeros(PROFILES, np.int64))
    delay_sum: int = 0

    def __post_init__(self) -> None:
        self.answered_by = np.zeros(len(self.answerers), np.int64)

    def restart_counts(self) -> None:
        """Start the counters at zero (at the intervention onset); pending requests stay pending."""
        for counter in (
            self.raised_by_hour,
            self.answered_by_hour,
            self.dropped_by_hour,
            self.answered_by,
            self.answered_by_profile,
            self.dropped_by_profile,
        ):
            counter[:] = 0
        self.delay_sum = 0

    @classmethod
    def open(cls, params: ChannelsParams) -> Requests:
        """No requests yet, with the routes and office hours that ``params`` set."""
        return cls((*route_names(params), GRID_WORKER), ~office_hours(params))

    def raise_needs(
        self,
        households: np.ndarray,
        rate: float,
        property_share: float,
        at_work: np.ndarray,
        rhythm: Rhythm,
        rng: np.random.Generator,
    ) -> None:
        """Add today's new needs; ``households`` lists each household's members' first index."""
        new = households[rng.random(households.size) < rate]
        hour = draw_hours(at_work[new], rhythm, rng).astype(np.int64)
        self.resident = np.concatenate([self.resident, new])
        self.property = np.concatenate([self.property, rng.random(new.size) < property_share])
        self.hour = np.concatenate([self.hour, hour])
        self.age = np.concatenate([self.age, np.zeros(new.size, np.int64)])
        self.raised_by_hour += np.bincount(hour, minlength=24)

    def close(self, done: np.ndarray, answered: np.ndarray, via: np.ndarray, profile: np.ndarray) -> None:
        """Remove the requests in mask ``done``; those also in ``answered`` were answered ``via`` answerer.

        ``profile`` is every resident's profile (the breakdown of the counters by who raised them).
        """
        ok, lost = done & answered, done & ~answered
        self.answered_by_hour += np.bincount(self.hour[ok], minlength=24)
        self.dropped_by_hour += np.bincount(self.hour[lost], minlength=24)
        self.answered_by_profile += np.bincount(profile[self.resident[ok]], minlength=PROFILES)
        self.dropped_by_profile += np.bincount(profile[self.resident[lost]], minlength=PROFILES)
        self.answered_by += np.bincount(via[ok], minlength=len(self.answerers))
        self.delay_sum += int(self.age[ok].sum())
        keep = ~done
        self.resident, self.property = self.resident[keep], self.property[keep]
        self.hour, self.age = self.hour[keep], self.age[keep]


@dataclass(frozen=True)
class Desk:
    """Who answers requests in this community (fixed over a run).

    Attributes
    ----------
    routes : tuple of Channel or None
        The channels of :attr:`Requests.answerers` (without the grid worker), ``None`` if disabled.
    household_heads : numpy.ndarray
        First member of each household (the one who raises its needs).
    household_of : numpy.ndarray
        Household of each resident.
    grid_capacity : float
        Requests grid workers can answer a day (on average).
    property_quality : float
        Probability that the property company answers a property matter.
    rhythm : Rhythm
        Residents' waking and work hours.
    """

    routes: tuple[Channel | None, ...]
    household_heads: np.ndarray
    household_of: np.ndarray
    grid_capacity: float
    property_quality: float
    rhythm: Rhythm


def cap(order: np.ndarray, limit: int) -> np.ndarray:
    """Mask of the first ``limit`` entries of ``order`` (all when ``limit`` < 0).

    Examples
    --------
    >>> cap(np.array([2, 0, 1]), 2).tolist()
    [True, False, True]
    """
    keep = np.zeros(order.size, dtype=bool)
    keep[order[: order.size if limit < 0 else limit]] = True
    return keep


def reachable(
    routes: tuple[Channel | None, ...],
    digital: np.ndarray,
    at_work: np.ndarray,
    day: int,
    rhythm: Rhythm,
    rng: np.random.Generator,
) -> np.ndarray:
    """Which of ``routes`` each requester can reach at the hour of today's attempt: ``(routes, requesters)``.

    Parameters
    ----------
    routes : tuple of Channel or None
        Request channels in the order residents try them (``None``: disabled).
    digital, at_work : numpy.ndarray of bool
        Per requester: digital access; at work today.
    day : int
        Today.
    rhythm : Rhythm
        Waking and work hours.
    rng : numpy.random.Generator
        Draws the hour of today's attempt.
    """
    hour = draw_hours(at_work, rhythm, rng)
    can = np.zeros((len(routes), digital.size), dtype=bool)
    for k, ch in enumerate(routes):
        if ch is None:
            continue
        p = ch.params
        closed_today = p.weekdays_only and is_weekend(day)
        open_now = (hour >= p.open_hour) & (hour < p.close_hour) & (not closed_today)
        can[k] = open_now & (digital if p.digital_only else True)
    return can


def _found_by_grid(reqs: Requests, desk: Desk, today: Today, rng: np.random.Generator) -> np.ndarray:
    """Mask of pending requests that grid workers find on patrol and answer, within their capacity.

    The capacity is spent on the requests of the households visited today (a random choice of them
    when they are more than the workers can answer).
    """
    visited = np.flatnonzero(today.visited[desk.household_of[reqs.resident]])
    found = np.zeros(reqs.resident.size, dtype=bool)
    found[rng.permutation(visited)[: whole(desk.grid_capacity, rng)]] = True
    for matter, partner in ((True, "property"), (False, "committee")):
        collaboration.record(
            today.collaboration, (GRID_WORKER, partner), int((found & (reqs.property == matter)).sum())
        )
    return found


def _answer_via(
    ch: Channel, prop: np.ndarray, property_quality: float, today: Today, rng: np.random.Generator
) -> np.ndarray:
    """Which of the requests that reached channel ``ch`` (``prop``: property matters) are answered."""
    ok = np.where(prop, rng.random(prop.size) < property_quality, False)
    if ch.params.own_staff:
        ok[~prop] = True
    elif ch.institution == COMMITTEE:
        served = np.flatnonzero(~prop)
        ok[served[: today.committee.take(served.size)]] = True
    else:  # a channel of another institution (the group chat): someone answers with its quality
        ok[~prop] = rng.random(int((~prop).sum())) < ch.params.quality
    return ok


def answer_requests(
    reqs: Requests,
    desk: Desk,
    today: Today,
    state: ResidentState,
    gain: np.ndarray,
    sv: ServicesParams,
    learn: ParticipationParams,
    rng: np.random.Generator,
) -> None:
    """Raise today's needs, let grid workers find some, route the rest and answer what can be (in place).

    ``gain`` is the residents' sense of gain; ``learn`` sets how much an unanswered request costs trust.
    """
    if sv.need_rate == 0.0 and reqs.resident.size == 0:
        return
    at_work = state.population.busy & (not today.weekend)
    reqs.raise_needs(desk.household_heads, sv.need_rate, sv.property_share, at_work, desk.rhythm, rng)
    if reqs.resident.size == 0:
        return
    who = reqs.resident
    via = np.full(who.size, -1, dtype=np.int64)
    answered = _found_by_grid(reqs, desk, today, rng)
    via[answered] = len(reqs.answerers) - 1
    todo = np.flatnonzero(~answered)
    can = np.zeros((len(desk.routes), who.size), dtype=bool)
    can[:, todo] = reachable(
        desk.routes, state.population.digital[who[todo]], at_work[who[todo]], today.day, desk.rhythm, rng
    )
    for k, ch in enumerate(desk.routes):  # in order; what a full channel cannot take tries the next
        mine = np.flatnonzero(can[k])
        if mine.size == 0 or ch is None:
            continue
        mine = mine[cap(rng.permutation(mine.size), ch.day_capacity(today.day))]
        can[:, mine] = False  # taken here: answered or not, it is not tried elsewhere today
        ok = _answer_via(ch, reqs.property[mine], desk.property_quality, today, rng)
        answered[mine[ok]] = True
        via[mine[ok]] = k
        learning.disappoint(state, who[mine[~ok]], ch.institution, learn)
    senses.lift(gain, who[answered], sv.sense_step)
    reqs.age[~answered] += 1
    dropped = ~answered & (reqs.age >= sv.patience)
    senses.lower(gain, who[dropped], sv.sense_step)
    reqs.close(answered | dropped, answered, via, state.population.profile)
