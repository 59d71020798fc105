"""Human names and units of the model's outputs: the one label table of the project.

Every column a run writes (time series and summary, :mod:`sim.metrics`) has a human name and a unit
here, for everything a reader sees (figures, the app, the brief, the report); no snake_case reaches
a reader. Names of families are composed from their parts: ``active_share_tenant`` is "Tenants
taking an active part", ``disputes_settled_mediator`` "Disputes settled by resident mediators",
``sense_security_age60plus`` "Sense of security of residents aged 60+". A name that is neither in
:data:`METRICS` nor of a family with known parts raises :class:`KeyError`: a new metric must be
labelled here before it can be shown.

Units of count metrics name what is counted ("requests"); whether it is per day (time series) or a
total over the measurement window (summary) is for the caller to say.

Parameter names and units come from the parameter metadata of :mod:`sim.params` (its ``doc`` and
``unit``), not from a table here: see :func:`param_label` and :func:`param_unit`; so does each
channel's name (the ``label`` of its declaration in :class:`sim.params.ChannelsParams`).

Examples
--------
>>> label("active_share_age18_34")
'Residents aged 18–34 taking an active part'
>>> describe("requests_answered_share_h07")
'Requests raised 07:00–08:00 answered (share of closed requests)'
>>> group_label("nondigital")
'residents without digital access'
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache

from sim.params import ChannelsParams, Config, locate

SHARE = "share of residents"
GROUP_SHARE = "share of the group"
SCORE = "mean score, 0–1"
COUNTED = "participations"
ANSWERED = "share of closed requests"
MARKDOWN = re.compile(r"([\\`*_{}\[\]()#!|~])")
"""Characters that are Markdown markup within a line (escaped with a backslash by :func:`markdown_text`)."""

GROUPS: dict[str, str] = {
    "owner": "owners",
    "tenant": "tenants",
    "age18_34": "residents aged 18–34",
    "age35_59": "residents aged 35–59",
    "age60plus": "residents aged 60+",
    "digital": "residents with digital access",
    "nondigital": "residents without digital access",
    "party": "party members",
    "nonparty": "residents outside the party",
}
"""Resident groups of the breakdowns (:data:`sim.metrics.GROUPS`), as a reader names them."""

LEVELS: dict[str, str] = {
    "active": "taking an active part",
    "occasional": "taking part occasionally",
    "passive": "not taking part",
}
"""Participation levels, as the predicate of a sentence about residents."""

AWARENESS: dict[str, str] = {
    "individual": "individual",
    "collective": "collective",
    "community": "whole-community",
}
SENSES: dict[str, str] = {
    "gain": "gain",
    "security": "security",
    "belonging": "belonging",
    "happiness": "happiness",
}
CHANNELS: dict[str, str] = {
    **{f.name: f.metadata["label"] for f in fields(ChannelsParams)},
    "org_activity": "social organisations' activities",
    "founding_assembly": "founding assemblies of the homeowners' committee",
}
"""Participation channels: each channel's label from its declaration (:class:`sim.params.ChannelsParams`),
then the activity slots of the channel axis (:data:`sim.params.ACTIVITY_CHANNELS`)."""
ROUTES: dict[str, str] = {**CHANNELS, "grid_worker": "grid workers on patrol"}
"""Routes by which a request can be answered: the channels and the grid workers."""
SETTLERS: dict[str, str] = {
    "self": "the parties themselves",
    "mediator": "resident mediators",
    "organisation": "social organisations",
    "worker": "grid and social workers",
    "committee": "the residents' committee",
    "street": "the street office",
}
"""Levels at which a dispute is settled (:data:`sim.mechanisms.disputes.LEVELS`)."""
MODES: dict[str, str] = {
    "information": "reading notices",
    "service": "using services",
    "voice": "voicing concerns",
    "voting": "voting",
    "consultation": "being consulted",
    "sociability": "community events",
    "deliberation": "deliberating",
    "decision": "deciding",
    "coproduction": "co-producing (volunteering, organisation work)",
}
"""Modes of participation (:data:`sim.params.MODES`; docs/PARTICIPATION.md)."""
INSTITUTIONS: dict[str, str] = {
    "committee": "the residents' committee",
    "homeowners": "the homeowners' committee",
    "property": "the property management",
    "party": "the party organisation",
    "street": "the street office",
    "social_org": "social organisations",
}
"""Institutions residents trust (:data:`sim.params.INSTITUTIONS`)."""
STAFF: dict[str, str] = {
    "grid_workers": "grid workers",
    "social_workers": "social workers",
    "committee": "committee staff",
    "mediators": "mediators",
    "volunteers": "volunteers",
}
"""Actors of the staff-hours ledger."""


SCENARIOS: dict[str, str] = {
    "urban_baseline": "Urban baseline",
    "digital_platform": "24-hour digital platform",
    "grid_management": "Grid management",
    "proactive_service": "Proactive service",
    "social_worker_programme": "Social-worker programme",
    "org_cultivation": "Cultivating social organisations",
    "party_demonstration": "Party members lead by example",
    "deliberation": "Deliberation platforms",
    "fengqiao": "The Fengqiao experience",
    "rural": "Rural community",
    "threshold_docking": "Threshold cascade (docking)",
}
"""Names of the scenario presets (``configs/scenario``)."""


@dataclass(frozen=True)
class Label:
    """Human name and unit of one column."""

    name: str
    unit: str


METRICS: dict[str, Label] = {
    # run keys
    "step": Label("Day since the interventions started", "days"),
    "scenario": Label("Scenario", ""),
    "seed": Label("Seed", ""),
    "steps": Label("Days simulated after the interventions started", "days"),
    "residents": Label("Residents", "residents"),
    "version": Label("Model version", ""),
    # participation
    "active_share": Label("Residents taking an active part", SHARE),
    "occasional_share": Label("Residents taking part occasionally", SHARE),
    "passive_share": Label("Residents not taking part", SHARE),
    "final_active_share": Label("Residents taking an active part on the last day", SHARE),
    "initially_passive_active_share": Label("Formerly passive residents now taking an active part", SHARE),
    "active_share_outside_own": Label(
        "Residents taking an active part outside the intervention's own channels", SHARE
    ),
    "lasting_shift_share": Label(
        "Formerly passive residents active on most days of the period", "share of the formerly passive"
    ),
    "ever_active_share": Label("Residents who took an active part at some time", SHARE),
    "active_days_share": Label("Days a resident took an active part", "mean share of days"),
    "active_spell_median_days": Label("Median length of an active spell", "days"),
    "active_spell_mean_days": Label("Mean length of an active spell", "days"),
    "active_entries_per_1000_year": Label(
        "Residents becoming active", "entries per 1,000 residents per year"
    ),
    "active_exits_per_1000_year": Label(
        "Residents ceasing to be active", "exits per 1,000 residents per year"
    ),
    "participations": Label("Participations", COUNTED),
    "participation_gini": Label("Inequality of participation", "Gini coefficient, 0–1"),
    "top10_participation_share": Label(
        "Participations made by the most active tenth", "share of participations"
    ),
    "trial_rate_control": Label("Field experiment: control residents who took a co-governance act", SHARE),
    "trial_rate_assigned": Label("Field experiment: assigned residents who took a co-governance act", SHARE),
    "trial_rate_contacted": Label(
        "Field experiment: contacted residents who took a co-governance act", SHARE
    ),
    "trial_rate_housemates": Label(
        "Field experiment: housemates of the contacted who took a co-governance act", SHARE
    ),
    "trial_contact_rate": Label("Field experiment: assigned residents whose household was reached", SHARE),
    "trial_itt": Label("Field experiment: effect of assignment (intent to treat)", "difference of shares"),
    "trial_cace": Label("Field experiment: effect per household reached", "difference of shares"),
    "mean_awareness": Label("Mean awareness", SCORE),
    "mean_trust": Label("Mean trust in institutions", SCORE),
    # organisations and homeowners' committees
    "org_membership_share": Label("Members of a social organisation", SHARE),
    "mediator_share": Label("Trained resident mediators", SHARE),
    "hoa_formed": Label("Homeowners' committee in place", "share of days"),
    "hoa_ever_formed": Label("Homeowners' committee formed at some time", "yes = 1, no = 0"),
    "hoa_formed_day": Label("Day the homeowners' committee last formed", "days since the start"),
    "assemblies_held": Label("Homeowners' assemblies held", "assemblies"),
    "assembly_seats": Label("Owners called to homeowners' assemblies", "owners"),
    "assembly_ballots": Label("Ballots cast in homeowners' assemblies", "ballots"),
    "assembly_turnout": Label("Turnout at homeowners' assemblies", "share of owners called"),
    # requests
    "requests_raised": Label("Requests raised", "requests"),
    "requests_answered": Label("Requests answered", "requests"),
    "requests_dropped": Label("Requests left unanswered", "requests"),
    "requests_answered_after_hours": Label("Requests raised after hours and answered", "requests"),
    "requests_dropped_after_hours": Label("Requests raised after hours and left unanswered", "requests"),
    "answer_delay_days": Label("Days answered requests waited", "days"),
    "requests_answered_share": Label("Requests answered", ANSWERED),
    "after_hours_answered_share": Label("Requests raised after hours answered", ANSWERED),
    "mean_answer_delay": Label("Mean wait for an answer", "days"),
    # disputes
    "disputes_raised": Label("Disputes raised", "disputes"),
    "disputes_open": Label("Disputes open", "disputes"),
    "risk_events": Label("Social-risk events", "escalated disputes"),
    "dispute_days_to_settle": Label("Days settled disputes were open", "days"),
    "dispute_severity_settled": Label("Total severity of disputes when settled", "severity points"),
    "household_days": Label("Household-days of exposure", "household-days"),
    "resident_days": Label("Resident-days of exposure", "resident-days"),
    "disputes_escalated": Label("Disputes escalated past the residents' committee", "disputes"),
    "disputes_escalated_share": Label(
        "Disputes escalated past the residents' committee", "share of raised disputes"
    ),
    "disputes_worker_share": Label(
        "Disputes settled by paid grid and social workers", "share of ended disputes"
    ),
    "disputes_mediated_per_1000_year": Label(
        "Disputes taken into mediation", "disputes per 1,000 residents per year"
    ),
    "disputes_grassroots_share": Label(
        "Disputes settled by residents themselves (parties, resident mediators, organisations)",
        "share of ended disputes",
    ),
    "disputes_settled_share": Label("Disputes settled without escalating", "share of ended disputes"),
    "mean_days_to_settle": Label("Mean time to settle a dispute", "days"),
    "mean_severity_at_settlement": Label("Mean severity of a dispute when settled", "severity, 0–1"),
    "risk_events_per_1000_households_year": Label(
        "Social-risk events per 1,000 households a year", "events per 1,000 households per year"
    ),
    # collaboration
    "collaboration_density": Label("Density of collaboration among institutions", "share of pairs, 0–1"),
    "collaboration_centralisation": Label("Centralisation of collaboration", "Freeman index, 0–1"),
    "collaboration_joint_cases": Label("Cases handled jointly by institutions", "actor pairs × cases"),
    # staff-hours ledger
    "staff_hours": Label("Staff hours, all actors", "hours"),
}
"""Columns with a name of their own."""


@dataclass(frozen=True, eq=False)
class Family:
    """Columns composed from parts: ``pattern`` with one placeholder per part table."""

    pattern: str
    parts: Mapping[str, Mapping[str, str]]
    name: str
    unit: str


HOURS: dict[str, str] = {f"{h:02d}": f"{h:02d}:00–{h + 1:02d}:00" for h in range(24)}

FAMILIES: tuple[Family, ...] = (
    Family("{level}_share_{group}", {"level": LEVELS, "group": GROUPS}, "{group} {level}", GROUP_SHARE),
    Family("awareness_{level}_share", {"level": AWARENESS}, "Residents with {level} awareness", SHARE),
    Family("participations_{channel}", {"channel": CHANNELS}, "Participations through {channel}", COUNTED),
    Family(
        "turned_away_{channel}",
        {"channel": CHANNELS},
        "Residents turned away for lack of room: {channel}",
        "residents",
    ),
    Family(
        "turned_away_share_{channel}",
        {"channel": CHANNELS},
        "Share of those who came turned away for lack of room: {channel}",
        "share of those who came",
    ),
    Family("trust_{institution}", {"institution": INSTITUTIONS}, "Trust in {institution}", SCORE),
    Family("sense_{sense}", {"sense": SENSES}, "Sense of {sense}", SCORE),
    Family("sense_{sense}_{group}", {"sense": SENSES, "group": GROUPS}, "Sense of {sense} of {group}", SCORE),
    Family("requests_answered_{route}", {"route": ROUTES}, "Requests answered through {route}", "requests"),
    Family("requests_answered_share_{group}", {"group": GROUPS}, "Requests of {group} answered", ANSWERED),
    Family("requests_answered_{group}", {"group": GROUPS}, "Requests of {group} answered", "requests"),
    Family("requests_dropped_{group}", {"group": GROUPS}, "Requests of {group} left unanswered", "requests"),
    Family("requests_answered_share_h{hour}", {"hour": HOURS}, "Requests raised {hour} answered", ANSWERED),
    Family("disputes_settled_{level}", {"level": SETTLERS}, "Disputes settled by {level}", "disputes"),
    Family("mode_share_{mode}", {"mode": MODES}, "Residents {mode}", SHARE),
    Family("mode_share_{mode}_{group}", {"mode": MODES, "group": GROUPS}, "{group} {mode}", GROUP_SHARE),
    Family("staff_hours_{actor}", {"actor": STAFF}, "Staff hours of {actor}", "hours"),
)
"""Families of columns, e.g. ``<level>_share_<group>``; a part outside its table does not match."""


@cache
def _regex(family: Family) -> re.Pattern[str]:
    fields = {k: f"(?P<{k}>{'|'.join(map(re.escape, v))})" for k, v in family.parts.items()}
    return re.compile(family.pattern.format(**fields))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache
def lookup(name: str) -> Label:
    """The :class:`Label` of the column ``name``.

    Raises
    ------
    KeyError
        For a name that is neither in :data:`METRICS` nor of a :data:`FAMILIES` with known parts.

    Examples
    --------
    >>> lookup("trust_social_org")
    Label(name='Trust in social organisations', unit='mean score, 0–1')
    """
    if name in METRICS:
        return METRICS[name]
    for family in FAMILIES:
        match = _regex(family).fullmatch(name)
        if match:
            words = {k: family.parts[k][v] for k, v in match.groupdict().items()}
            return Label(_capitalise(family.name.format(**words)), family.unit)
    raise KeyError(f"no human label for the column {name!r}: add it to scenarios/labels.py")


def label(name: str) -> str:
    """Human name of the column ``name`` (raises :class:`KeyError` for an unknown one).

    Examples
    --------
    >>> label("disputes_settled_self")
    'Disputes settled by the parties themselves'
    """
    return lookup(name).name


def unit(name: str) -> str:
    """Unit of the column ``name`` ('' for a key without one, e.g. the scenario).

    Examples
    --------
    >>> unit("staff_hours_grid_workers")
    'hours'
    """
    return lookup(name).unit


def describe(name: str) -> str:
    """Human name with the unit in parentheses (the name alone for a key without a unit).

    Examples
    --------
    >>> describe("sense_gain_tenant")
    'Sense of gain of tenants (mean score, 0–1)'
    """
    found = lookup(name)
    return f"{found.name} ({found.unit})" if found.unit else found.name


def group_label(group: str) -> str:
    """Reader's name of a resident group (``"age60plus"`` -> ``"residents aged 60+"``).

    Raises
    ------
    KeyError
        For a group not in :data:`GROUPS`.
    """
    if group not in GROUPS:
        raise KeyError(f"unknown resident group {group!r} (allowed: {', '.join(GROUPS)})")
    return GROUPS[group]


def scenario_label(name: str) -> str:
    """Name of a scenario: the preset's name, or a user scenario file's name with spaces.

    Examples
    --------
    >>> scenario_label("digital_platform"), scenario_label("my_street_2027")
    ('24-hour digital platform', 'my street 2027')
    """
    return SCENARIOS.get(name, name.replace("_", " "))


def scenario_phrase(name: str) -> str:
    """A scenario's name inside a sentence: :func:`scenario_label` with a lower-case first letter.

    Examples
    --------
    >>> scenario_phrase("org_cultivation"), scenario_phrase("fengqiao")
    ('cultivating social organisations', 'the Fengqiao experience')
    """
    text = scenario_label(name)
    return text[:1].lower() + text[1:]


def markdown_text(text: str) -> str:
    r"""``text`` for a Markdown page, shown as the text it is: no markup, link or HTML of it takes effect.

    Examples
    --------
    >>> markdown_text("my <img src=x onerror=alert(1)> [town](javascript:x)")
    'my &lt;img src=x onerror=alert\\(1\\)&gt; \\[town\\]\\(javascript:x\\)'
    """
    return html.escape(MARKDOWN.sub(r"\\\1", text), quote=False)


def param_label(name: str) -> str:
    """Meaning of a dotted parameter, from its metadata in :mod:`sim.params` (its ``doc``).

    Raises
    ------
    KeyError
        For a name that :class:`~sim.params.Config` does not have.

    Examples
    --------
    >>> param_label("outreach.party_contacts")
    'outreach contacts per party member per day'
    """
    return str(_param_meta(name)["doc"])


def param_unit(name: str) -> str:
    """Unit of a dotted parameter, from its metadata ('' for a dimensionless one).

    Examples
    --------
    >>> param_unit("outreach.party_contacts")
    'contacts/day'
    """
    return str(_param_meta(name)["unit"])


def _param_meta(name: str) -> Mapping[str, object]:
    try:
        _, f = locate(Config(), name)
    except KeyError:
        raise KeyError(f"unknown parameter {name!r}") from None
    return f.metadata
