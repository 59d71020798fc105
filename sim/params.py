"""Typed model parameters: one dataclass per config group.

Each field is declared with :func:`param`, which stores its meaning, unit, allowed range and source
in the field metadata. That metadata is the single source for validation
(:mod:`sim.validate`), for ``docs/PARAMETERS.md`` (``python -m scenarios.document``) and for
the ranges of sliders and sweeps. Numbers marked "assumed" are modelling choices, not measurements.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from dataclasses import Field, dataclass, field, fields, is_dataclass
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

INSTITUTIONS = ("committee", "homeowners", "property", "party", "street", "social_org")
"""Institutions residents can trust; each channel is run by one of them."""

NETWORK_KINDS = ("urban", "rural", "erdos_renyi", "watts_strogatz", "complete")
COMPLETE_MAX_RESIDENTS = 5000
"""Largest community for the complete network (its ties grow with the square of the size)."""


class Rule(StrEnum):
    """Participation decision rules (:mod:`sim.mechanisms.participation`)."""

    LOGIT = "logit"
    THRESHOLD = "threshold"


RULES = tuple(r.value for r in Rule)

ACTIVITY_CHANNELS = ("org_activity", "founding_assembly")
"""Participation that is not a configurable channel but has a slot on the channel axis (after
:data:`CHANNEL_NAMES`): the social organisations' activities and the homeowners' founding assembly."""
ACTIVITY_VOLUNTEER_WORK = (True, False)
"""Whether time in each of :data:`ACTIVITY_CHANNELS` is volunteer work (as a channel's
``volunteer_work``): organisation activities are, the founding assembly is not."""

MODES = (
    "information",
    "service",
    "voice",
    "voting",
    "consultation",
    "sociability",
    "deliberation",
    "decision",
    "coproduction",
)
"""Modes of participation by what the act does (docs/PARTICIPATION.md), from being told to running
affairs together: reading a notice (information) and using a service (service) are not governance
participation; a message, call or complaint (voice), a ballot (voting, Verba & Nie's own mode),
attending a hearing as audience (consultation) and community events (sociability) are; deliberating,
deciding and co-producing are co-governance."""
GOVERNANCE_MODES = ("deliberation", "decision", "coproduction")
"""The co-governance modes: only their acts, sustained over months, make a resident *active*."""
NON_PARTICIPATION_MODES = ("information", "service")
"""Acts that earn no engagement points: they make nobody occasional or active."""
ACTIVITY_MODES = ("coproduction", "voting")
"""Mode of each of :data:`ACTIVITY_CHANNELS`: organisation work is co-production; a ballot in the
homeowners' founding assembly is voting."""
ACTIVITY_LEVERS = ("organisations", "committee")
"""The group of ``institutions`` whose settings shape each of :data:`ACTIVITY_CHANNELS` (an intervention
that changes it owns the activity: :func:`intervention_channels`)."""


def param(
    default: Any,
    doc: str,
    *,
    unit: str = "",
    lo: float | None = None,
    hi: float | None = None,
    choices: tuple[str, ...] | None = None,
    source: str = "assumed",
) -> Any:
    """Declare a parameter field with its documentation and allowed range.

    Parameters
    ----------
    default : Any
        Default value (immutable).
    doc : str
        One-line meaning.
    unit : str, optional
        Unit of the value ("" for dimensionless).
    lo, hi : float, optional
        Inclusive bounds; ``None`` means unbounded.
    choices : tuple of str, optional
        Allowed values of a string field.
    source : str, optional
        Where the default comes from, or "assumed".

    Returns
    -------
    dataclasses.Field
        A field whose metadata holds the declaration.
    """
    meta = {"doc": doc, "unit": unit, "lo": lo, "hi": hi, "choices": choices, "source": source}
    return field(default=default, metadata=meta)


def share(default: float, doc: str, **kw: Any) -> Any:
    """Declare a share or probability: a :func:`param` bounded to [0, 1]."""
    return param(default, doc, lo=0.0, hi=1.0, **kw)


@dataclass
class NetworkParams:
    """Neighbour network (see :mod:`sim.world.network`)."""

    kind: str = param("urban", "network builder", choices=NETWORK_KINDS)
    mean_degree: float = param(
        6.0,
        "mean number of ties per resident outside the own household",
        unit="ties",
        lo=0.0,
        hi=1000.0,
        source="assumed; urban strangers know few neighbours (the source article)",
    )
    local_share: float = share(0.8, "share of those ties inside the own building (urban) or hamlet (rural)")
    building_size: int = param(
        120, "residents per building (urban) or hamlet (rural)", unit="residents", lo=2, hi=100000
    )
    household_size: float = param(
        2.6,
        "mean household size; household members are tied to each other (urban, rural)",
        unit="residents",
        lo=1.0,
        hi=10.0,
        source="China 7th census 2020: 2.62 persons per family household",
    )
    rewire_prob: float = share(0.1, "rewiring probability of the lattice (watts_strogatz, rural hamlets)")


@dataclass
class CommunityParams:
    """Who lives in the community (see :mod:`sim.world.population`)."""

    residents: int = param(3000, "number of residents", unit="residents", lo=1, hi=10_000_000)
    owner_share: float = share(
        0.7,
        "share of residents in owner-occupied homes (the rest are tenants)",
        source="assumed; urban China owner-occupancy is about 70-80% (7th census housing tables)",
    )
    youth_share: float = share(0.3, "share of residents aged 18-34")
    senior_share: float = share(
        0.25,
        "share of residents aged 60+",
        source="China 7th census 2020: 18.7% of the population aged 60+ (adult share higher)",
    )
    busy_share: float = share(0.6, "share of residents under 60 who work regular hours (weekdays 9-18)")
    digital_young: float = share(
        0.95, "share of residents under 60 with a smartphone and the skills to use it"
    )
    digital_senior: float = share(
        0.45,
        "share of residents aged 60+ with digital access",
        source="assumed; CNNIC 2023 puts internet use among 60+ near 40-50%",
    )
    party_share: float = share(
        0.07,
        "share of residents who are party members",
        source="CPC Organization Department 2023: 99.2 million members of 1.41 billion (7%)",
    )
    wake_hour: float = param(
        7.0, "hour residents get up (turn to channels from then)", unit="h", lo=0.0, hi=24.0
    )
    sleep_hour: float = param(23.0, "hour residents go to sleep", unit="h", lo=0.0, hi=24.0)
    work_start: float = param(9.0, "hour regular work starts on weekdays", unit="h", lo=0.0, hi=24.0)
    work_end: float = param(18.0, "hour regular work ends on weekdays", unit="h", lo=0.0, hi=24.0)
    network: NetworkParams = field(default_factory=NetworkParams)


def _channel(label: str, **settings: Any) -> Any:
    """Declare a channel of :class:`ChannelsParams`: its reader's name and its settings.

    Parameters
    ----------
    label : str
        How a reader names the channel ("the phone line"): :mod:`scenarios.labels` reads it from the
        field metadata for every figure, table and page.
    **settings
        The fields of :class:`ChannelParams` that differ from its defaults (``mode`` among them).

    Returns
    -------
    dataclasses.Field
        A field whose default is the channel's :class:`ChannelParams` and whose metadata holds the label.
    """
    return field(default_factory=lambda: ChannelParams(**settings), metadata={"label": label})


@dataclass
class ChannelsParams:
    """The participation channels (docs/ODD.md, section 7.2). Defaults are the urban baseline (all assumed).

    Each channel is declared once, here: its field name is its key (``channels.<name>.*``) and its slot
    on the channel axis (:data:`CHANNEL_NAMES`), its :func:`_channel` label is how every page names it
    (:mod:`scenarios.labels`), its settings (``mode`` among them) are its behaviour, and the channel
    tables of docs/ODD.md and docs/METRICS.md are generated from it (``python -m scenarios.document``).

    Daily on-demand channels (chat, board, phone, office, platform) have a small chance a day of an
    occasion to use them; scheduled channels meet on their calendar (forum monthly, events fortnightly,
    homeowners' meeting twice a year, elections every three years) with a larger reach. The homeowners'
    meeting is held by written consultation, as PRC Civil Code art. 278 allows ("collective discussion
    or written solicitation of opinions"): its ballots are collected over ``session_days`` 15 days
    (assumed), not all on one evening. The forum meets grid by grid over five evenings of the month, the
    party-member council branch by branch over three, and the street's hearing in three sittings
    (``session_days``, assumed): a community of 10,000 does not deliberate in one room of 400
    (docs/PARTICIPATION.md, "No calendar jumps"). Phone and office keep office hours (the source article: the
    phone goes unanswered after work). Deliberative and volunteer channels build awareness more than
    chat (``awareness_gain``). A message in the group chat and a notice read are neutral for trust on
    average (``quality`` 0.5, the initial trust; assumed): residents' trust moves with being answered,
    attended and turned away, not with reading and chatting (the chat's requests are answered or
    dropped by the request ladder).
    Each channel's ``mode`` is the construct of docs/PARTICIPATION.md. Reaches are set so that use
    comes from residents' decisions, not from capacity (calibrated at 3,000 residents, deliberation
    and digital_platform presets): the forum draws about 1.8% of residents a session and the hearing
    1.1%, inside the 1-3% attendance per open meeting of participatory budgeting and forums (NYC PB
    2015-16 ballots, 1.7% of residents; citizens' assembly invitations accepted by about 5%), and the
    platform about 0.9 uses per resident a year, as Beijing's 12345 line after its reform (0.3 to 1.0
    requests per resident a year, 2019-2023); none runs full at the defaults. Elections are every three years,
    the next one half a year after a default burn-in (inside the first measured year). It reaches nine in ten
    residents (household and proxy voting) and carries an ``appeal`` of 4.2 log-odds (the committee's
    door-to-door mobilisation), calibrated so that about 47% vote: 47.9% of Shanghai residents said
    they voted in the last residents'-committee election (survey of 6,581 residents, in
    《嬗变中的上海: 民生发展与社会治理》), with turnout produced by household and proxy voting (Xiong 2008,
    Society); measured 45.8-48.5% over two seeds at 3,000 residents.
    """

    phone: ChannelParams = _channel(
        "the phone line",
        engagement=3,
        enabled=True,
        weekdays_only=True,
        open_hour=9,
        close_hour=17,
        reach=0.02,
        capacity_per_1000=3.0,
        time_cost=0.25,
        quality=0.6,
        awareness_gain=0.02,
        request_route=2,
    )
    group_chat: ChannelParams = _channel(
        "the group chat",
        engagement=1,
        enabled=True,
        institution="property",
        reach=0.3,
        time_cost=0.1,
        quality=0.5,
        awareness_gain=0.01,
        digital_only=True,
        request_route=4,
    )
    notice_board: ChannelParams = _channel(
        "the notice board",
        mode="information",
        engagement=1,
        enabled=True,
        reach=0.05,
        time_cost=0.2,
        quality=0.5,
        awareness_gain=0.01,
    )
    office: ChannelParams = _channel(
        "the committee office",
        engagement=3,
        enabled=True,
        weekdays_only=True,
        open_hour=9,
        close_hour=17,
        reach=0.01,
        capacity_per_1000=2.0,
        time_cost=1.0,
        quality=0.7,
        awareness_gain=0.03,
        request_route=3,
    )
    mobile_platform: ChannelParams = _channel(
        "the 24-hour mobile platform",
        mode="service",
        engagement=2,
        own_staff=True,
        reach=0.03,
        capacity_per_1000=30.0,
        time_cost=0.1,
        quality=0.7,
        awareness_gain=0.02,
        digital_only=True,
        request_route=1,
    )
    forum: ChannelParams = _channel(
        "the community forum",
        mode="deliberation",
        engagement=8,
        period=30,
        offset=12,
        session_days=5,
        on_demand=False,
        open_hour=19,
        close_hour=21,
        reach=0.15,
        capacity_per_1000=40.0,
        time_cost=2.0,
        quality=0.8,
        awareness_gain=0.3,
        co_convened=True,
    )
    party_council: ChannelParams = _channel(
        "the party council",
        mode="deliberation",
        engagement=8,
        institution="party",
        period=30,
        offset=5,
        session_days=3,
        on_demand=False,
        open_hour=19,
        close_hour=21,
        reach=0.6,
        time_cost=2.0,
        quality=0.8,
        awareness_gain=0.3,
        party_only=True,
        co_convened=True,
    )
    hearing: ChannelParams = _channel(
        "public hearings",
        mode="consultation",
        engagement=8,
        institution="street",
        period=90,
        offset=40,
        session_days=3,
        on_demand=False,
        open_hour=19,
        close_hour=21,
        reach=0.1,
        capacity_per_1000=30.0,
        time_cost=2.5,
        quality=0.7,
        awareness_gain=0.3,
    )
    homeowners_meeting: ChannelParams = _channel(
        "homeowners' meetings",
        mode="decision",
        engagement=6,
        enabled=True,
        institution="homeowners",
        period=180,
        offset=60,
        session_days=15,
        on_demand=False,
        open_hour=19,
        close_hour=21,
        reach=0.3,
        time_cost=2.0,
        quality=0.5,
        awareness_gain=0.1,
        owners_only=True,
    )
    culture_sports: ChannelParams = _channel(
        "culture and sports events",
        mode="sociability",
        engagement=4,
        enabled=True,
        institution="social_org",
        period=14,
        offset=5,
        session_days=2,
        on_demand=False,
        open_hour=15,
        close_hour=17,
        reach=0.05,
        capacity_per_1000=20.0,
        time_cost=2.0,
        quality=0.8,
        awareness_gain=0.05,
    )
    volunteer: ChannelParams = _channel(
        "volunteering",
        mode="coproduction",
        engagement=8,
        enabled=True,
        institution="social_org",
        period=30,
        offset=20,
        session_days=30,
        on_demand=False,
        open_hour=9,
        close_hour=12,
        reach=0.05,
        capacity_per_1000=10.0,
        time_cost=3.0,
        quality=0.8,
        awareness_gain=0.1,
        volunteer_work=True,
    )
    election: ChannelParams = _channel(
        "committee elections",
        mode="voting",
        engagement=0,
        enabled=True,
        period=1095,
        offset=545,
        on_demand=False,
        open_hour=8,
        close_hour=18,
        reach=0.9,
        appeal=4.2,
        time_cost=0.5,
        quality=0.6,
        awareness_gain=0.05,
    )


CHANNEL_NAMES = tuple(f.name for f in fields(ChannelsParams))
"""Participation channels (docs/ODD.md, section 7.2), in a fixed order (the channel axis of all arrays): the
fields of :class:`ChannelsParams`, where each channel is declared once."""


@dataclass
class ChannelParams:
    """One participation channel (see :mod:`sim.mechanisms.channels`)."""

    enabled: bool = param(False, "whether the channel exists")
    institution: str = param("committee", "institution that runs it", choices=INSTITUTIONS)
    period: int = param(1, "days between sessions (1 = every day)", unit="days", lo=1, hi=3650)
    offset: int = param(0, "day of the first session", unit="days", lo=0, hi=3650)
    session_days: int = param(
        1,
        "days over which one session is spread: each eligible resident has the session's opportunity on one "
        "of them (a written ballot collected over weeks), so attendance does not all fall on one day",
        unit="days",
        lo=1,
        hi=3650,
    )
    weekdays_only: bool = param(False, "sessions only on weekdays (Mon-Fri)")
    on_demand: bool = param(
        True, "residents use it at an hour of their own (else at the session hour = open_hour)"
    )
    open_hour: int = param(0, "opening hour (session start for scheduled channels)", unit="h", lo=0, hi=23)
    close_hour: int = param(24, "closing hour", unit="h", lo=1, hi=24)
    reach: float = share(0.0, "probability that an eligible resident meets an opportunity in a session")
    capacity_per_1000: float = param(
        0.0,
        "participants admitted per session per 1,000 residents, spread evenly over its session_days "
        "(0 = unlimited)",
        lo=0.0,
        hi=1000.0,
    )
    time_cost: float = param(0.5, "time taking part costs", unit="h", lo=0.0, hi=24.0)
    quality: float = share(0.7, "probability that taking part has a good outcome")
    awareness_gain: float = share(
        0.05,
        "awareness gained from a good outcome, as a share of the gap to 1",
        source="assumed; deliberation and volunteering build collective awareness more than chat",
    )
    own_staff: bool = param(
        False, "answers requests with its own back office within its capacity (not the committee's staff)"
    )
    digital_only: bool = param(False, "reaches only residents with digital access")
    owners_only: bool = param(False, "reaches only owners")
    party_only: bool = param(False, "reaches only party members")
    engagement: int = param(
        1,
        "engagement points one participation earns (ladder: 1 voting, reading or a message, 3 contacting "
        "an official, 4-6 attending, 8 deliberating or organising)",
        unit="points",
        lo=0,
        hi=16,
        source="assumed reading of Milbrath (1965) / Verba & Nie (1972): spectator, transitional and "
        "gladiatorial acts",
    )
    request_route: int = param(
        0,
        "place in the order in which residents try channels for a service request (0 = carries no requests)",
        lo=0,
        hi=len(CHANNEL_NAMES),
    )
    co_convened: bool = param(
        False,
        "under party leadership its sessions are convened jointly by party, committee and organisations",
    )
    lapse_turnout: float = share(
        0.0,
        "its institution lapses when a session draws fewer than this share of the eligible residents "
        "(0 = never; only for institutions that residents found, the homeowners' committee)",
    )
    volunteer_work: bool = param(
        False, "residents' time in it is volunteer work (the volunteers' hours of the staff-hours ledger)"
    )
    appeal: float = param(
        0.0,
        "the channel's own pull on the decision, added to the logit's intercept (an election's door-to-door "
        "mobilisation and household voting); 0 for channels that draw only on residents' own motives",
        unit="log-odds",
        lo=-20.0,
        hi=20.0,
    )
    mode: str = param(
        "voice",
        "mode of participation of its acts (docs/PARTICIPATION.md): information and service earn no points; "
        "only deliberation, decision and coproduction count towards being active",
        choices=MODES,
        source="docs/PARTICIPATION.md: Arnstein (1969), IAP2 spectrum, Verba & Nie (1972)",
    )


@dataclass
class OrganisationsParams:
    """Community social organisations (see :mod:`sim.mechanisms.organisations`)."""

    per_1000: float = param(
        1.0,
        "social organisations per 1,000 residents",
        unit="orgs/1000",
        lo=0.0,
        hi=50.0,
        source="assumed; 902,000 registered in 2021 for 1.41 billion (0.64 per 1,000) plus unregistered "
        "community groups",
    )
    initial_members: float = share(0.04, "share of residents who are members at the start", source="assumed")
    credibility: float = share(
        0.3,
        "initial credibility (public trust in the organisations)",
        source="assumed; the source article: low credibility",
    )
    period: int = param(14, "days between an organisation's activities", unit="days", lo=1, hi=365)
    reach: float = share(0.5, "share of members invited to each activity")
    time_cost: float = param(2.0, "time an activity costs", unit="h", lo=0.0, hi=24.0)
    recruit_rate: float = share(
        0.0507,
        "daily probability that a member invites one neighbour (who joins with credibility times the "
        "organisation's room)",
        source="calibrated: ABC-SMC posterior medoid; median 0.0479, 95% credible interval "
        "[0.00873, 0.0882] (docs/CALIBRATION.md; "
        "fitted on the points construct, docs/calibration/points-construct)",
    )
    leave_rate: float = share(0.001, "daily probability that a member leaves")
    members_per_org: float = param(
        80.0,
        "members an organisation can hold: an invited neighbour joins with credibility times the "
        "organisation's free room (1 - members / members_per_org)",
        unit="members",
        lo=1.0,
        hi=100_000.0,
        source="Fengqiao town: 23,000 participants in 280+ organisations, about 80 each (press reports)",
    )
    engagement: int = param(
        6,
        "engagement points attending an organisation's activity earns (as for channels)",
        unit="points",
        lo=0,
        hi=16,
        source="assumed (attending: 6 on the channels' ladder)",
    )
    cultivation: float = share(
        0.0,
        "government support: daily credibility gain as a share of the gap to 1",
        source="assumed; the source article: cultivation of social organisations",
    )
    awareness_gain: float = share(0.1, "awareness gained from a good activity (share of the gap to 1)")
    credibility_gain: float = share(0.05, "credibility gained by an activity held")
    credibility_loss: float = share(0.05, "share of credibility lost by an activity nobody came to")
    mediator_training: float = share(
        0.0,
        "yearly share of members trained as resident mediators",
        source="assumed; Fengqiao: disputes mediated by residents",
    )


@dataclass
class WorkersParams:
    """Social workers and grid workers (see :mod:`sim.mechanisms.workers`)."""

    social_per_1000_households: float = param(
        0.3,
        "social workers per 1,000 households",
        unit="workers/1000 households",
        lo=0.0,
        hi=100.0,
        source="assumed; 737,000 certified social workers (2022) for ~500 million households = 1.5 per "
        "1,000, few of them in communities",
    )
    social_contacts: float = param(
        15.0, "outreach contacts per social worker per day", unit="contacts/day", lo=0.0, hi=200.0
    )
    social_awareness_gain: float = share(
        0.05,
        "awareness a social-worker contact adds, as a share of the gap to 1 (casework, 'heart work' 心治)",
    )
    social_cases: float = param(
        3.0, "disputes a social worker can take per day", unit="cases/day", lo=0.0, hi=100.0
    )
    grid: bool = param(False, "grid management (网格化管理) is on")
    grid_households: int = param(
        400,
        "households per grid (one grid worker each)",
        unit="households",
        lo=10,
        hi=100_000,
        source="grids of about 300-500 households, as urban grid management draws them",
    )
    grid_visits: float = param(
        20.0, "households a grid worker visits per day on patrol", unit="households/day", lo=0.0, hi=1000.0
    )
    grid_cases: float = param(
        4.0, "disputes a grid worker can take per day", unit="cases/day", lo=0.0, hi=100.0
    )
    proactive: bool = param(
        False,
        "proactive service: patrols and outreach find needs and disputes before a complaint "
        "(from passive to proactive service)",
    )


@dataclass
class CommitteeParams:
    """Residents' committee, homeowners' committee, property company and street office."""

    staff_cases_per_1000: float = param(
        4.0, "cases the residents' committee staff can handle per day per 1,000 residents", lo=0.0, hi=1000.0
    )
    admin_share: float = share(
        0.6,
        "share of the committee's capacity eaten by top-down administrative tasks",
        source="assumed; the source article: 'a thousand threads above, one needle below'",
    )
    mediation_success: float = share(0.7, "probability that a committee mediation settles a dispute")
    property_quality: float = share(0.6, "probability that the property company answers a request")
    hoa_quorum: float = share(
        2 / 3,
        "share of owners who must take part in the founding assembly for a homeowners' committee",
        source="PRC Civil Code (2021) art. 278: owners of over 2/3 of the area and number take part",
    )
    hoa_mobilisation: float = share(
        0.75, "share of owners the founding assembly reaches (door-to-door, written ballots)"
    )
    hoa_mobilisation_concentration: float = param(
        20.0,
        "concentration of this community's mobilisation ~ Beta(c m, c (1 - m)) around hoa_mobilisation "
        "(higher: compounds differ less)",
        lo=0.01,
        hi=10000.0,
    )
    hoa_attempt_period: int = param(
        180, "days between founding-assembly attempts", unit="days", lo=1, hi=3650
    )
    hoa_term: int = param(
        1825,
        "days a homeowners' committee serves before a re-election assembly (which it needs the quorum "
        "to survive)",
        unit="days",
        lo=1,
        hi=36500,
        source="assumed; a committee's term is at most five years (Property Management Regulations art. "
        "16 read with local rules)",
    )
    assembly_engagement: int = param(
        0,
        "engagement points a ballot in a homeowners' assembly earns (as for channels; the ballot is of the "
        "voting mode)",
        unit="points",
        lo=0,
        hi=16,
        source="assumed (docs/PARTICIPATION.md: voting is reported but makes a resident neither "
        "occasional nor active)",
    )
    hoa_attempt_offset: int = param(
        90,
        "day of the first founding-assembly attempt (then every hoa_attempt_period)",
        unit="days",
        lo=0,
        hi=3650,
    )
    vote_b0: float = param(-1.0, "founding-assembly ballot: logit intercept", lo=-50.0, hi=50.0)
    vote_b_dissatisfaction: float = param(
        2.0,
        "ballot: weight of dissatisfaction with the property company (1 - trust)",
        lo=-50.0,
        hi=50.0,
        source="direction from a Beijing survey (606 owners): dissatisfaction raises voting",
    )
    vote_b_senior: float = param(
        0.5,
        "ballot: extra log-odds for owners aged 60+",
        lo=-50.0,
        hi=50.0,
        source="direction from the same survey: people over 60 vote more",
    )
    whistle: bool = param(False, "the street blows the whistle and departments report (街乡吹哨、部门报到)")
    whistle_severity: float = share(0.7, "severity at which a dispute is whistled up")
    whistle_delay: int = param(
        2, "days from the whistle to the departments' settlement", unit="days", lo=0, hi=365
    )
    party_lead: bool = param(
        False, "the party organisation co-convenes forums and councils with the committee and organisations"
    )


@dataclass
class InstitutionsParams:
    """Institutional actors of the community."""

    organisations: OrganisationsParams = field(default_factory=OrganisationsParams)
    workers: WorkersParams = field(default_factory=WorkersParams)
    committee: CommitteeParams = field(default_factory=CommitteeParams)


@dataclass
class ServicesParams:
    """Service requests and disputes (see :mod:`sim.mechanisms.requests`, :mod:`sim.mechanisms.disputes`)."""

    need_rate: float = share(
        0.01, "probability that a household raises a service need on a day", unit="1/day"
    )
    property_share: float = share(0.4, "share of needs that are property matters")
    patience: int = param(
        3, "days a household keeps trying before giving up a request", unit="days", lo=1, hi=60
    )
    dispute_rate: float = param(
        0.3,
        "new disputes between neighbours per 1,000 households per day",
        unit="1/1000 households/day",
        lo=0.0,
        hi=1000.0,
        source="assumed; 14.94 million mediated disputes a year in China (2022) = ~0.08 per 1,000 "
        "households a day, before unreported ones",
    )
    dispute_initial_severity: float = share(0.2, "a new dispute's severity is uniform in [0, this]")
    dispute_growth: float = share(0.03, "severity added each day a dispute stays unresolved")
    self_settle: float = share(
        0.8,
        "daily probability that the parties settle by themselves, per unit of their mean awareness",
        source="calibrated: disputes entering mediation (settled by mediators, organisations, workers, "
        "the committee or the street) at 10.6 per 1,000 residents a year, China's 14.94 million disputes "
        "mediated by people's mediation in 2022 (Ministry of Justice) over 1.41 billion residents; "
        "measured 6-9 per 1,000 in the urban baseline",
    )
    hard_share: float = share(
        0.01,
        "share of disputes intractable at the community level: only the street office, after the whistle, "
        "settles them (else they become social-risk events)",
        source="assumed; puts escalations past the committee at about 4% of mediated disputes, inside the "
        "0.5-5% band around the ~1% of mediated disputes that went on to court in 2009 (Ministry of Justice, "
        "via China Daily 2010)",
    )
    mediator_settle: float = share(
        0.15,
        "daily probability that a resident mediator among the parties' neighbours settles it",
    )
    org_settle: float = share(
        0.1, "daily probability that a party's organisation settles it, times its credibility"
    )
    worker_settle: float = share(0.5, "probability that a social or grid worker settles a dispute it takes")
    complaint_severity: float = share(
        0.4, "severity at which a party complains to the residents' committee (reactive path)"
    )
    sense_neutral: float = share(0.5, "where every sense starts and where security relaxes to")
    sense_step: float = share(0.1, "how far one event moves a sense towards 1 or 0")
    participation_gain_share: float = share(
        0.25, "a good outcome of taking part lifts the sense of gain by this share of sense_step"
    )
    sense_relax: float = share(0.01, "daily relaxation of security and belonging")
    witness_share: float = share(
        0.1,
        "share of a dispute's move of its parties' sense of security that the other residents of their "
        "buildings feel (a quarrel heard on the stairs; its settlement)",
    )
    risk_security_loss: float = share(
        0.2, "sense of security lost by residents of the building of a social-risk event"
    )
    belonging_base: float = share(
        0.2, "belonging target of a resident without ties, membership or participation"
    )
    belonging_ties: float = share(0.3, "belonging target added by a full circle of ties")
    belonging_full_ties: float = param(
        10.0, "ties that make a full circle (fewer count pro rata)", unit="ties", lo=1.0, hi=1000.0
    )
    belonging_member: float = share(0.25, "belonging target added by membership of a social organisation")
    belonging_level: float = share(
        0.125, "belonging target added per participation level (occasional 1, active 2)"
    )


@dataclass
class OutreachParams:
    """Outreach by party members (see :mod:`sim.mechanisms.outreach`)."""

    party_demonstration: float = param(
        1.0,
        "weight of an active party member in neighbours' social signal (1 = like anyone)",
        lo=1.0,
        hi=20.0,
        source="assumed; the article's 'lead by example' (示范效应)",
    )
    party_contacts: float = param(
        0.0, "outreach contacts per party member per day", unit="contacts/day", lo=0.0, hi=50.0
    )
    passive_first: bool = param(True, "contacts go to passive neighbours first (proactive)")
    passive_first_retries: int = param(
        3, "times a contact that lands on a non-passive neighbour is redrawn (passive_first)", lo=0, hi=100
    )
    exposure_decay: float = share(0.1, "share of outreach exposure lost per day")


TRIAL_ARMS = ("none", "canvass")
"""Treatments of a field experiment inside a run (:mod:`sim.mechanisms.trial`)."""


@dataclass
class TrialParams:
    """A randomised field experiment inside a run (:mod:`sim.mechanisms.trial`): its design, not a lever.

    On day ``day`` after the onset a random ``assigned_share`` of households is assigned to the
    treatment ``arm``; the outcome is whether each resident takes part (on ``outcome_channel``, or in
    any co-governance act) within ``outcome_days`` of that day. The defaults are the design of
    Gerber & Green (2000)'s door-to-door canvass.
    """

    arm: str = param(
        "none", "treatment of the assigned households ('canvass': one door-to-door visit)", choices=TRIAL_ARMS
    )
    day: int = param(
        30, "day after the onset on which the assigned households are visited", unit="days", lo=0, hi=100_000
    )
    assigned_share: float = share(
        0.2,
        "share of households assigned to the treatment",
        source="Gerber & Green (2000): canvassing assigned to 1/5 of the pool",
    )
    contact_rate: float = share(
        0.31,
        "chance that a visit finds someone at the door",
        source="Gerber & Green (2000) replication data: 31.25% of assigned voters contacted",
    )
    outcome_days: int = param(
        14, "days from the visit over which taking part is counted", unit="days", lo=1, hi=100_000
    )
    outcome_channel: str = param(
        "any",
        "what counts as taking part: a participation on this channel (e.g. election, for turnout) or any "
        "co-governance act",
        choices=("any", *CHANNEL_NAMES),
    )


@dataclass
class ParticipationParams:
    """Participation decision and learning (:mod:`sim.mechanisms.participation`, :mod:`~.learning`)."""

    rule: str = param("logit", "decision rule", choices=RULES)
    b0: float = param(
        -8.1,
        "logit intercept",
        lo=-50.0,
        hi=50.0,
        source="calibrated: ABC-SMC posterior medoid; median -8.29, 95% credible interval "
        "[-9.92, -6.29] (docs/CALIBRATION.md; "
        "fitted on the points construct, docs/calibration/points-construct)",
    )
    b_aware: float = param(
        11.2,
        "logit weight of awareness",
        lo=-50.0,
        hi=50.0,
        source="calibrated: ABC-SMC posterior medoid; median 10.5, 95% credible interval "
        "[8.15, 14.2] (docs/CALIBRATION.md; "
        "fitted on the points construct, docs/calibration/points-construct)",
    )
    b_social: float = param(
        2.4,
        "logit weight of the social signal",
        lo=-50.0,
        hi=50.0,
        source="calibrated: ABC-SMC posterior medoid; median 1.96, 95% credible interval "
        "[0.0552, 5.58] (docs/CALIBRATION.md; "
        "fitted on the points construct, docs/calibration/points-construct)",
    )
    social_saturation: float = param(
        3.0,
        "engaged neighbours (active count 1, occasional 1/2; party members party_demonstration times) "
        "whose example gives the full social signal; fewer give it pro rata (reinforcement by several ties)",
        unit="neighbours",
        lo=0.1,
        hi=1000.0,
        source="assumed; complex contagion needs reinforcement from several ties (Centola & Macy 2007)",
    )
    b_outreach: float = param(
        2.31,
        "logit weight of outreach exposure",
        lo=-50.0,
        hi=50.0,
        source="calibrated: ABC-SMC posterior medoid; median 2.41, 95% credible interval "
        "[0.199, 3.82] (docs/CALIBRATION.md; "
        "fitted on the points construct, docs/calibration/points-construct)",
    )
    b_trust: float = param(
        1.79,
        "logit weight of trust in the channel's institution",
        lo=-50.0,
        hi=50.0,
        source="calibrated: ABC-SMC posterior medoid; median 1.35, 95% credible interval "
        "[0.171, 3.31] (docs/CALIBRATION.md; "
        "fitted on the points construct, docs/calibration/points-construct)",
    )
    b_cost: float = param(
        0.666,
        "logit weight of time cost over free time",
        lo=-50.0,
        hi=50.0,
        source="calibrated: ABC-SMC posterior medoid; median 1.3, 95% credible interval "
        "[0.133, 2.96] (docs/CALIBRATION.md; "
        "fitted on the points construct, docs/calibration/points-construct)",
    )
    b_owner: float = param(
        0.762,
        "logit weight of home ownership (owners have a stake in the compound's affairs)",
        lo=-50.0,
        hi=50.0,
        source="calibrated: ABC-SMC posterior medoid; median 0.92, 95% credible interval "
        "[0.338, 1.84] (docs/CALIBRATION.md); direction from DiPasquale & Glaeser (1999)",
    )
    threshold: float = share(
        0.18,
        "threshold rule: share of active neighbours that activates a resident",
        source="Watts (2002) uses phi = 0.18 in its figures",
    )
    threshold_sd: float = share(
        0.0, "threshold rule: standard deviation of thresholds (normal, clipped to [0, 1])"
    )
    initial_active: int = param(0, "residents active at step 0", unit="residents", lo=0, hi=10_000_000)
    window: int = param(
        30, "days over which engagement points are counted for being occasional", unit="days", lo=1, hi=365
    )
    governance_window: int = param(
        120,
        "days over which co-governance acts (deliberation, decision, co-production) are counted for being "
        "active; acts must fall in both halves of it (sustained over months, not a burst)",
        unit="days",
        lo=2,
        hi=730,
        source="assumed; docs/PARTICIPATION.md: active means regular acts sustained over months",
    )
    active_acts: int = param(
        3,
        "co-governance acts in the governance window, with at least one in each half, that make a resident "
        "active (e.g. three monthly forums, or organisation work across four months); chat messages, notice "
        "reads and service use never count",
        unit="acts",
        lo=2,
        hi=1000,
        source="assumed (docs/PARTICIPATION.md); to be refitted on this construct",
    )
    occasional_min: int = param(
        3,
        "engagement points of participation acts (voice and up; not information or service use) in the "
        "window that make a resident occasional (a call, a visit, an event; more than two messages; "
        "ballots earn none)",
        unit="points",
        lo=1,
        hi=10000,
        source="assumed (docs/PARTICIPATION.md): inside the 95% credible interval [1.79, 5.59] of the "
        "points-construct fit (medoid 4, docs/calibration/points-construct), one lower because notice "
        "reads and ballots no longer earn points; to be refitted on the new construct",
    )
    awareness_decay: float = share(
        0.01,
        "daily share of the gap to the initial awareness (disposition) that awareness closes",
    )
    trust_gain: float = share(0.05, "trust gained from a good outcome, as a share of the gap to 1")
    trust_loss: float = share(0.05, "share of trust lost on a bad outcome or being turned away")
    trust_relax: float = share(
        0.005,
        "daily share of the gap to the resident's initial (generalised) trust that trust closes: "
        "experience fades unless renewed",
    )
    free_hours_busy: float = param(
        4.0, "free hours per day of residents who work regular hours", unit="h", lo=0.5, hi=24.0
    )
    free_hours_other: float = param(8.0, "free hours per day of other residents", unit="h", lo=0.5, hi=24.0)
    awareness_alpha: float = param(1.5, "initial awareness ~ Beta(alpha, beta): alpha", lo=0.01, hi=100.0)
    awareness_beta: float = param(6.0, "initial awareness ~ Beta(alpha, beta): beta", lo=0.01, hi=100.0)
    party_awareness: float = share(0.3, "extra initial awareness of party members")
    initial_trust: float = param(
        0.5, "mean initial trust in every institution (Beta(c t, c (1 - t)))", lo=0.01, hi=0.99
    )
    trust_concentration: float = param(
        10.0,
        "concentration c of the initial trust's Beta law (higher: residents differ less)",
        lo=0.01,
        hi=10000.0,
    )


@dataclass
class LedgerParams:
    """What an act of work costs in hours: the staff-hours ledger (:mod:`sim.ledger`), accounting only.

    Nothing in the dynamics reads these; they turn what the mechanisms did into hours by actor.
    """

    week_hours: float = param(
        40.0,
        "paid hours a week of a full-time grid or social worker",
        unit="h/week",
        lo=0.0,
        hi=168.0,
        source="PRC State Council regulation on working hours (1995): a 40-hour standard working week",
    )
    case_hours: float = param(
        1.0,
        "staff hours to take, answer and close one service request",
        unit="h",
        lo=0.0,
        hi=100.0,
    )
    mediation_hours: float = param(
        2.0, "hours a mediator (staff or resident) spends settling one dispute", unit="h", lo=0.0, hi=100.0
    )
    session_hours: float = param(
        4.0,
        "staff hours to prepare and hold one session of a scheduled channel convened by the residents' "
        "committee, the party or the street office",
        unit="h",
        lo=0.0,
        hi=100.0,
    )


@dataclass
class Config:
    """A whole run: scenario name, seed, length and the parameters of every mechanism."""

    scenario: str = param("urban_baseline", "name of the scenario preset the run started from")
    seed: int = param(0, "seed of all randomness (numpy SeedSequence)", lo=0, hi=2**63 - 1)
    steps: int = param(365, "days to simulate after the intervention onset", unit="days", lo=0, hi=100_000)
    burn_in: int = param(
        364,
        "days simulated before the onset under the baseline interventions (channels, outreach and "
        "institutions at their defaults), so that the onset starts from a stationary community; not "
        "reported",
        unit="days",
        lo=0,
        hi=100_000,
        source="measured: the urban and rural baselines' level shares, membership, trust and senses differ "
        "from those after 4 years of burn-in only by noise after 364 days (docs/CALIBRATION.md; "
        "fitted on the points construct, docs/calibration/points-construct)",
    )
    intervention_days: int = param(
        0,
        "days after the onset that the scenario's interventions stay on; then the baseline's channels, "
        "outreach and institutions return (0 = on to the end of the run): what lasts after they stop",
        unit="days",
        lo=0,
        hi=100_000,
    )
    own_channels: str = param(
        "",
        "channels and activities whose co-governance acts are own-channel participation, joined by + (e.g. "
        "forum+org_activity; empty: those the scenario changes, intervention_channels); set on the baseline "
        "to measure it outside an intervention's channels (python -m experiments.decompose)",
        source="docs/PARTICIPATION.md (a measurement setting: changes no dynamics)",
    )
    measure_from: int = param(
        0,
        "the summary measures the days after this day (since onset) to the end of the run",
        unit="days",
        lo=0,
        hi=100_000,
    )
    community: CommunityParams = field(default_factory=CommunityParams)
    channels: ChannelsParams = field(default_factory=ChannelsParams)
    outreach: OutreachParams = field(default_factory=OutreachParams)
    participation: ParticipationParams = field(default_factory=ParticipationParams)
    institutions: InstitutionsParams = field(default_factory=InstitutionsParams)
    services: ServicesParams = field(default_factory=ServicesParams)
    ledger: LedgerParams = field(default_factory=LedgerParams)
    trial: TrialParams = field(default_factory=TrialParams)


class Leaf(NamedTuple):
    """A parameter of a config tree: its dotted key, its field (metadata) and its value."""

    key: str
    field: Field
    value: Any


def leaves(node: Any, prefix: str = "") -> Iterator[Leaf]:
    """Every parameter below ``node`` (a params dataclass), depth first, in declaration order.

    Examples
    --------
    >>> next(leaves(Config())).key
    'scenario'
    >>> [leaf.key for leaf in leaves(Config().community.network)][:2]
    ['kind', 'mean_degree']
    """
    for f in fields(node):
        value = getattr(node, f.name)
        if is_dataclass(value):
            yield from leaves(value, f"{prefix}{f.name}.")
        else:
            yield Leaf(f"{prefix}{f.name}", f, value)


def locate(node: Any, key: str) -> tuple[Any, Field]:
    """The dataclass holding the dotted ``key`` below ``node`` and the key's field.

    Raises
    ------
    KeyError
        When ``key`` names no parameter (a group is not a parameter).

    Examples
    --------
    >>> parent, f = locate(Config(), "outreach.party_contacts")
    >>> f.metadata["unit"], getattr(parent, f.name)
    ('contacts/day', 0.0)
    """
    *path, last = key.split(".")
    for part in path:
        node = getattr(node, part, None)
        if not is_dataclass(node):
            raise KeyError(key)
    by_name = {f.name: f for f in fields(node)}
    if last not in by_name or is_dataclass(getattr(node, last)):
        raise KeyError(key)
    return node, by_name[last]


def value_of(cfg: Config, key: str) -> Any:
    """Value of the dotted parameter ``key`` in ``cfg``."""
    parent, f = locate(cfg, key)
    return getattr(parent, f.name)


@cache
def is_integer(key: str) -> bool:
    """Whether the model parameter ``key`` holds an integer (``False`` for a key the model does not have).

    Examples
    --------
    >>> [is_integer(k) for k in ("participation.window", "participation.b0", "channels.phone.enabled")]
    [True, False, False]
    """
    try:
        value = value_of(Config(), key)
    except KeyError:
        return False
    return isinstance(value, int) and not isinstance(value, bool)


def model_value(key: str, value: Any) -> float | int:
    """A real number as parameter ``key`` takes it: rounded to a whole number for an integer parameter.

    Designs and posteriors draw every parameter as a real number (a level cut-off of 3.4 runs as 3).

    Examples
    --------
    >>> model_value("participation.active_acts", 3.4), model_value("participation.b0", -7)
    (3, -7.0)
    """
    return round(float(value)) if is_integer(key) else float(value)


LEVER_GROUPS = ("channels", "outreach", "institutions")
"""The policy levers: the config groups whose parameters an intervention may change (the one definition).

A scenario's values of them take effect at the onset; before it (and after ``intervention_days``) the
baseline's are in force (:func:`baseline_of`). Every other parameter describes the community, its residents
and the run, and holds over the whole run. Read by the model (:func:`baseline_of`,
:func:`intervention_channels`), the sensitivity screening (``experiments.screening``: a lever at an
intervention's value is that intervention, not an assumption), the discovery design (``experiments.discover``:
it varies levers only) and ``cogov-compare`` (it says when a scenario also changes what is not a lever)."""
OFFER_GROUPS = ("channels", "outreach")
"""The levers that are wholly the offer a scenario makes (which channels, when, how often, with what reach and
quality; party outreach): the baseline's values of them are its offer too. The baseline's values of the other
levers, ``institutions``, also say what the community has (how many organisations, social workers), so the
screening treats them as assumptions there."""


def is_lever(key: str) -> bool:
    """Whether the dotted parameter ``key`` is a policy lever (:data:`LEVER_GROUPS`).

    Examples
    --------
    >>> [is_lever(k) for k in ("channels.forum.reach", "institutions.workers.grid", "community.residents")]
    [True, True, False]
    """
    return key.partition(".")[0] in LEVER_GROUPS


def is_offer(key: str) -> bool:
    """Whether the dotted parameter ``key`` is a lever of the offer itself (:data:`OFFER_GROUPS`).

    Examples
    --------
    >>> is_offer("outreach.party_contacts"), is_offer("institutions.workers.grid")
    (True, False)
    """
    return key.partition(".")[0] in OFFER_GROUPS


def levers(settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` (dotted key -> anything), after checking that every key is a parameter and a lever.

    Raises
    ------
    KeyError
        For a key that names no parameter or a parameter that is not a policy lever.

    Examples
    --------
    >>> levers({"outreach.party_contacts": (0.0, 2.0)})
    {'outreach.party_contacts': (0.0, 2.0)}
    >>> levers({"community.residents": (500, 1000)})
    Traceback (most recent call last):
    KeyError: 'community.residents is not a policy lever (allowed: channels.*, outreach.*, institutions.*)'
    """
    for key in settings:
        locate(Config(), key)
        if not is_lever(key):
            allowed = ", ".join(f"{group}.*" for group in LEVER_GROUPS)
            raise KeyError(f"{key} is not a policy lever (allowed: {allowed})")
    return settings


def baseline_of(cfg: Config) -> Config:
    """The configuration in force before the onset: ``cfg`` with its levers (:data:`LEVER_GROUPS`) at default.

    Examples
    --------
    >>> cfg = with_values(Config(), {"channels.forum.enabled": True, "community.residents": 500})
    >>> base = baseline_of(cfg)
    >>> base.channels.forum.enabled, base.community.residents
    (False, 500)
    """
    defaults = Config()
    return dataclasses.replace(cfg, **{group: getattr(defaults, group) for group in LEVER_GROUPS})


def intervention_channels(cfg: Config) -> frozenset[str]:
    """The channels (and activities) whose settings the scenario changes from the baseline: its own channels.

    Their acts are the intervention's *own-channel* participation; every other act that moves is
    spill-over (docs/PARTICIPATION.md).

    Examples
    --------
    >>> sorted(intervention_channels(with_values(Config(), {"channels.forum.enabled": True})))
    ['forum']
    >>> sorted(intervention_channels(with_values(Config(), {"institutions.organisations.per_1000": 3.0})))
    ['org_activity']
    >>> intervention_channels(Config())
    frozenset()
    """
    base = baseline_of(cfg)
    own = {name for name in CHANNEL_NAMES if getattr(cfg.channels, name) != getattr(base.channels, name)}
    for name, lever in zip(ACTIVITY_CHANNELS, ACTIVITY_LEVERS, strict=True):
        if getattr(cfg.institutions, lever) != getattr(base.institutions, lever):
            own.add(name)
    return frozenset(own)


def own_channels(cfg: Config) -> frozenset[str]:
    """The channels whose acts count as own-channel participation: ``cfg.own_channels`` if set.

    Examples
    --------
    >>> sorted(own_channels(with_values(Config(), {"own_channels": "forum+org_activity"})))
    ['forum', 'org_activity']
    >>> sorted(own_channels(with_values(Config(), {"channels.forum.enabled": True})))
    ['forum']
    """
    if not cfg.own_channels.strip():
        return intervention_channels(cfg)
    return frozenset(name.strip() for name in cfg.own_channels.split("+") if name.strip())


def with_values(cfg: Config, values: dict[str, Any]) -> Config:
    """Return a copy of ``cfg`` with dotted keys set, e.g. ``{"channels.phone.enabled": False}``.

    The same dotted names work on the command line, in ``load_config`` overrides, in sweeps and in
    viz sliders. Values are not validated here (the model validates its config).

    Raises
    ------
    KeyError
        For a key that :class:`Config` does not have.

    Examples
    --------
    >>> with_values(Config(), {"community.residents": 500}).community.residents
    500
    """
    out = copy.deepcopy(cfg)
    for key, value in values.items():
        parent, f = locate(out, key)
        setattr(parent, f.name, value)
    return out
