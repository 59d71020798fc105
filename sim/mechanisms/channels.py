"""Participation channels: calendar, reach, opening hours and capacity.

A channel holds sessions on its calendar (every ``period`` days from ``offset``, weekdays only if
set). In a session each eligible resident meets an opportunity with probability ``reach``. A session
may be spread over ``session_days`` days (a written ballot collected over weeks): the eligible take
turns, each on one day of the session, so attendance does not all fall on one day. Whether
the resident can use it depends on time (:class:`Rhythm`): on-demand channels (phone, chat,
platform, office) are used at an hour of the resident's own choosing inside waking hours (busy
residents only outside work hours on weekdays), and answer only inside opening hours; scheduled
channels (forums, events) meet at a fixed time that busy residents can attend only if it is not
entirely inside work hours on a weekday. Capacity caps how many are admitted per session. What makes
a channel special (carrying requests, co-convened sessions, a turnout below which its institution
lapses) is in its parameters, never in its name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.mechanisms.context import is_weekend
from sim.params import CHANNEL_NAMES, INSTITUTIONS, ChannelParams, ChannelsParams, CommunityParams
from sim.world.population import Population


@dataclass(frozen=True)
class Rhythm:
    """Residents' day: waking hours and, for busy residents on weekdays, work hours."""

    wake: float
    sleep: float
    work_start: float
    work_end: float

    @classmethod
    def of(cls, p: CommunityParams) -> Rhythm:
        """The rhythm that the community parameters set."""
        return cls(p.wake_hour, p.sleep_hour, p.work_start, p.work_end)


@dataclass(frozen=True)
class Channel:
    """An enabled channel, ready for the step functions.

    Attributes
    ----------
    name : str
        Channel name (one of :data:`sim.params.CHANNEL_NAMES`).
    index : int
        Position on the channel axis.
    institution : int
        Index into :data:`sim.params.INSTITUTIONS` of the institution that runs it.
    params : ChannelParams
        Its parameters.
    eligible : numpy.ndarray
        Indices of the residents it can reach (digital, owners or party members only).
    capacity : int
        Participants admitted per session (``-1`` = unlimited), spread over its days
        (:meth:`day_capacity`).
    """

    name: str
    index: int
    institution: int
    params: ChannelParams
    eligible: np.ndarray
    capacity: int

    def in_session(self, day: int) -> bool:
        """Whether the channel holds a session (or a day of one) on ``day`` (day 0 is a Monday)."""
        p = self.params
        if day < p.offset or self.session_day(day) >= p.session_days:
            return False
        return not (p.weekdays_only and is_weekend(day))

    def session_day(self, day: int) -> int:
        """Days since the start of the calendar period that holds ``day`` (0: a session's first day)."""
        return (day - self.params.offset) % self.params.period

    def opens(self, day: int) -> bool:
        """Whether a session starts on ``day`` (its first day; sessions are counted once)."""
        return self.in_session(day) and self.session_day(day) == 0

    def day_capacity(self, day: int) -> int:
        """Participants admitted on ``day`` of a session: its capacity spread evenly over its days.

        Examples
        --------
        >>> c = Channel("x", 0, 0, ChannelParams(enabled=True, period=30, session_days=4), np.arange(9), 10)
        >>> [c.day_capacity(d) for d in range(4)]
        [2, 3, 2, 3]
        """
        if self.capacity < 0:
            return self.capacity
        k, days = self.session_day(day), self.params.session_days
        return (k + 1) * self.capacity // days - k * self.capacity // days

    def turn(self, day: int) -> np.ndarray:
        """The eligible residents whose turn is ``day`` of a session spread over ``session_days``.

        Every ``session_days``-th eligible resident, so that each has one turn a session and every
        building has its share of each day.

        Examples
        --------
        >>> p = ChannelParams(enabled=True, period=30, session_days=3)
        >>> c = Channel("x", 0, 0, p, np.arange(7), -1)
        >>> [c.turn(d).tolist() for d in (0, 1, 2)]
        [[0, 3, 6], [1, 4], [2, 5]]
        """
        if self.params.session_days == 1:
            return self.eligible
        return self.eligible[self.session_day(day) :: self.params.session_days]


def build_channels(params: ChannelsParams, population: Population) -> list[Channel]:
    """Return the enabled channels with their eligible residents.

    Parameters
    ----------
    params : ChannelsParams
        One :class:`ChannelParams` per channel name.
    population : Population
        Static attributes that decide eligibility.

    Returns
    -------
    list of Channel
        Enabled channels in :data:`CHANNEL_NAMES` order.
    """
    n = population.owner.size
    out = []
    for index, name in enumerate(CHANNEL_NAMES):
        p: ChannelParams = getattr(params, name)
        if not p.enabled:
            continue
        mask = np.ones(n, dtype=bool)
        if p.digital_only:
            mask &= population.digital
        if p.owners_only:
            mask &= population.owner
        if p.party_only:
            mask &= population.party
        cap = -1 if p.capacity_per_1000 == 0 else int(np.ceil(p.capacity_per_1000 * n / 1000.0))
        out.append(Channel(name, index, INSTITUTIONS.index(p.institution), p, np.flatnonzero(mask), cap))
    return out


def offer_opportunities(channel: Channel, day: int, rng: np.random.Generator) -> np.ndarray:
    """Residents who meet an opportunity in today's session (each whose turn it is with ``reach``)."""
    e = channel.turn(day)
    return e[rng.random(e.size) < channel.params.reach]


def within_hours(
    channel: Channel, who: np.ndarray, busy: np.ndarray, day: int, rhythm: Rhythm, rng: np.random.Generator
) -> np.ndarray:
    """Which of ``who`` can use the channel at a time it is open.

    Parameters
    ----------
    channel : Channel
        The channel in session.
    who : numpy.ndarray
        Indices of residents who want to take part.
    busy : numpy.ndarray of bool
        Busy flag of all residents.
    day : int
        Today (for the weekday).
    rhythm : Rhythm
        Waking and work hours.
    rng : numpy.random.Generator
        Draws the hour of on-demand use.

    Returns
    -------
    numpy.ndarray of bool
        One entry per element of ``who``.
    """
    p = channel.params
    at_work = busy[who] & (not is_weekend(day))
    if not p.on_demand:
        inside_work = (p.open_hour >= rhythm.work_start) & (p.close_hour <= rhythm.work_end)
        return ~at_work | (not inside_work)
    hour = draw_hours(at_work, rhythm, rng)
    return (hour >= p.open_hour) & (hour < p.close_hour)


def draw_hours(at_work: np.ndarray, rhythm: Rhythm, rng: np.random.Generator) -> np.ndarray:
    """Hour (fractional) at which each resident turns to a channel.

    Uniform over waking hours, or over the waking hours outside work for residents at work that day.

    Examples
    --------
    >>> r = Rhythm(7.0, 23.0, 9.0, 18.0)
    >>> h = draw_hours(np.array([True] * 1000), r, np.random.default_rng(0))
    >>> bool(((h >= 7) & (h < 9) | (h >= 18) & (h < 23)).all())
    True
    """
    u = rng.random(at_work.size)
    free = rhythm.wake + u * (rhythm.sleep - rhythm.wake)
    before = rhythm.work_start - rhythm.wake
    h = u * (before + (rhythm.sleep - rhythm.work_end))
    worker = np.where(h < before, rhythm.wake + h, rhythm.work_end + h - before)
    return np.where(at_work, worker, free)


def admit(
    channel: Channel, who: np.ndarray, day: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Split ``who`` into those admitted within today's capacity and those turned away (random order)."""
    cap = channel.day_capacity(day)
    if cap < 0 or who.size <= cap:
        return who, who[:0]
    order = rng.permutation(who.size)
    return who[order[:cap]], who[order[cap:]]


def lapsed(held: list[Channel], channel_today: np.ndarray, day: int) -> list[int]:
    """Institutions whose session today drew fewer than ``lapse_turnout`` of those whose turn it was."""
    out = []
    for c in held:
        turn = c.turn(day).size
        if c.params.lapse_turnout > 0 and turn and channel_today[c.index] / turn < c.params.lapse_turnout:
            out.append(c.institution)
    return out
