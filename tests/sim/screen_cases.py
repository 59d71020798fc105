"""One-at-a-time screening of every model parameter (helpers for ``tests/sim/test_screen.py``).

A parameter is *screened* by running a preset once as given and once with that parameter moved one
valid step inside its declared range (:func:`sim.params.param` metadata), with the same seed. Random
numbers flow through named streams (common random numbers), so a parameter that nothing reads gives a
bit-identical summary, and a parameter with any effect almost surely changes at least one summary value.
A parameter whose perturbation moves no outcome is *dead*, unless :func:`inactive` documents why it
cannot act in that preset (:data:`INACTIVE` and the rules of :func:`derived`). Parameters that act only
past a threshold (:data:`COARSE`) are probed across their range rather than by one small step.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from fnmatch import fnmatchcase
from functools import cache
from typing import Any

import sim
from sim.params import CHANNEL_NAMES, NON_PARTICIPATION_MODES, Config, leaves, value_of, with_values
from sim.validate import validate

SKIPPED = frozenset(
    {"scenario", "seed", "steps", "burn_in", "measure_from", "intervention_days", "own_channels"}
)
"""The run's identity, length and design (when the interventions stop, which channels count as its
own: measurement settings that change no dynamics, tested in test_model.py), not model parameters."""
IDENTITY = frozenset({"scenario", "seed", "steps", "residents", "version"})
"""Summary keys that name the run rather than measure it."""
FLOAT_STEP = 0.3
"""A float moves by this share of its value (of its range, at most 1, when the value is 0)."""

FAST = ("community.residents=800", "steps=190", "burn_in=60", "seed=1", "channels.election.offset=200")
"""Small community for the default suite: 250 days, so that every scheduled channel of the urban baseline
meets at least once (the election moved to day 200, the homeowners' meeting on day 240 after the founding
assembly of day 90)."""
FULL = ("community.residents=3000", "steps=365", "seed=1")
"""Default-size community, a year after the preset's own burn-in."""

_DOCKING = "threshold_docking"
INACTIVE: dict[tuple[str, str], str] = {
    (_DOCKING, "channels.*"): "the threshold rule offers no channels, and there are no requests for them "
    "to carry (services: none)",
    (_DOCKING, "community.busy_share"): "being busy only matters to channels' and requests' hours",
    (_DOCKING, "community.work_*"): "work hours only matter to channels and requests (none here)",
    (_DOCKING, "community.*_hour"): "waking hours only matter to channels and requests (none here)",
    (_DOCKING, "outreach.*"): "outreach is a step of the logit rule (reach_out), and there are no party "
    "members to weight (party_share = 0)",
    (_DOCKING, "participation.b*"): "logit weights; the threshold rule is in force",
    (_DOCKING, "participation.social_saturation"): "logit rule only (social_influence)",
    (_DOCKING, "ledger.*"): "the ledger prices staff, sessions, requests and disputes; the docking "
    "model has none of them",
    ("urban_baseline", "ledger.session_hours"): "no scheduled channel convened by the committee, the party "
    "or the street office meets in a year of the baseline (its election is every three years)",
    (_DOCKING, "participation.window"): "the threshold rule sets levels from adoption, not engagement points",
    (_DOCKING, "participation.*_min"): "the threshold rule sets levels from adoption, not engagement points",
    (_DOCKING, "participation.governance_window"): "the threshold rule sets levels from adoption, not acts",
    (_DOCKING, "participation.active_acts"): "the threshold rule sets levels from adoption, not acts",
    (_DOCKING, "participation.awareness_decay"): "logit rule only (forget)",
    (
        _DOCKING,
        "participation.trust_[glr]*",
    ): "trust is learnt from channels, requests and disputes (none here)",
    (_DOCKING, "participation.free_hours_*"): "free time is the logit rule's cost term",
    (_DOCKING, "participation.party_awareness"): "no party members (party_share = 0)",
    (_DOCKING, "institutions.workers.*"): "workers reach out (a logit step) and take requests and disputes "
    "(none here)",
    (_DOCKING, "institutions.committee.staff_cases_per_1000"): "the committee takes requests and disputes "
    "(none here)",
    (_DOCKING, "institutions.committee.admin_share"): "the committee takes requests and disputes (none here)",
    (_DOCKING, "institutions.committee.mediation_success"): "mediates disputes (none here)",
    (_DOCKING, "institutions.committee.property_quality"): "answers requests (none here)",
    (_DOCKING, "institutions.committee.hoa_term"): "homeowners' assemblies are a step of the logit rule",
    (_DOCKING, "institutions.committee.whistle*"): "the whistle acts on disputes (none here)",
    (_DOCKING, "services.property_share"): "no requests (need_rate = 0)",
    (_DOCKING, "services.patience"): "no requests (need_rate = 0)",
    (_DOCKING, "services.dispute_[ig]*"): "no disputes (dispute_rate = 0)",
    (_DOCKING, "services.*_settle"): "no disputes (dispute_rate = 0)",
    (_DOCKING, "services.complaint_severity"): "no disputes (dispute_rate = 0)",
    (_DOCKING, "services.sense_step"): "senses move by requests, disputes and participation outcomes "
    "(none here)",
    (_DOCKING, "services.participation_gain_share"): "no participation outcomes under the threshold rule",
    (_DOCKING, "services.belonging_member"): "no social organisations (per_1000 = 0)",
    (_DOCKING, "participation.awareness_[ab]*"): "awareness is the logit rule's; a cascade run does not "
    "record it (sim.model.mechanisms_of)",
    **{
        (_DOCKING, key): "trust is learnt from channels, requests and disputes (none here); a cascade run "
        "does not record it"
        for key in ("participation.initial_trust", "participation.trust_concentration")
    },
    **{
        (_DOCKING, key): "the senses move by requests, disputes and participation outcomes (none here): a "
        "cascade run neither relaxes nor records them"
        for key in ("services.sense_[nr]*", "services.belonging_[btfl]*")
    },
    **{
        (_DOCKING, key): "switches its mechanism on, which adds that mechanism's own columns (not compared "
        "here) but does not act on the cascade (the threshold rule reads only neighbours' adoption)"
        for key in ("services.need_rate", "services.dispute_rate", "institutions.organisations.per_1000")
    },
    **{
        (preset, key): "at the default dispute dynamics the grassroots and the committee settle every "
        "dispute before it reaches whistle_severity, so the whistle never blows (the Fengqiao ideal: "
        "nothing escalates); test_claims shows it acting under stress, and whistle_severity acts here "
        "when lowered"
        for preset in ("urban_baseline", "fengqiao")
        for key in ("institutions.committee.whistle", "institutions.committee.whistle_delay")
    },
    ("urban_baseline", "institutions.organisations.credibility_loss"): "every activity of the "
    "baseline's organisations draws someone (calibrated recruitment fills them), so none loses "
    "credibility",
    ("fengqiao", "institutions.workers.social_cases"): "grid workers take every visible dispute first "
    "(their capacity covers all of them here), so the social workers' case capacity never binds",
    ("fengqiao", "channels.office.own_staff"): "the 24-hour platform takes every request before the "
    "office is tried (its capacity is never reached here)",
    ("fengqiao", "channels.group_chat.own_staff"): "the 24-hour platform takes every request before the "
    "group chat is tried (its capacity is never reached here)",
}
"""Parameters that cannot act in a preset by design, as ``(preset, key pattern)`` -> reason.

Patterns are :func:`fnmatch.fnmatchcase` patterns over dotted keys. What follows from the preset's
config (a disabled channel, a mechanism switched off, the decision rule) is derived by :func:`inactive`
and not listed here.
"""

COARSE: dict[str, str] = {
    "channels.*.open_hour": "hours act only when they cross the hours residents turn to the channel",
    "channels.*.close_hour": "hours act only when they cross the hours residents turn to the channel",
    "channels.*.offset": "a daily channel's first session is in the burn-in; an offset acts past the onset",
    "channels.*.period": "a long period acts only when the next session falls within the run",
    "channels.*.capacity_per_1000": "a capacity acts only where it binds (0 is unlimited)",
    "channels.*.request_route": "only the order of the routes acts",
    "channels.*.engagement": "points act only where they cross the occasional cut-off (a single attendance "
    "worth 4 or 5 points reaches 4 either way); co-governance acts count by number, not points",
    "institutions.committee.hoa_term": "a term longer than the run ends within it only when shortened",
    "institutions.committee.whistle_severity": "acts only when an open dispute crosses it",
    "institutions.committee.staff_cases_per_1000": "a capacity acts only where it binds",
    "institutions.workers.*_cases": "a capacity acts only where it binds",
    "institutions.workers.grid_households": "acts through the whole number of grids, ceil(households / this)",
}
"""Parameters whose effect is a step function of their value by design, or that act through events so
rare at every size that a small step flips none, as key pattern -> reason.

A small step may cross no step, so they are screened at the ends of their range (and a tenth of their
value) instead of one small step: still dead there means no value acts.
"""

SPARSE: dict[str, str] = {
    "services.*_settle": "acts per open dispute and day: the small run has few disputes",
    "services.hard_share": "acts per new dispute: the small run has about 20, so a 30% step flips no draw",
    "participation.governance_window": "a day more or less changes a level only when a co-governance act "
    "falls on the window's edge: the small run's few acts are spread over their sessions' days",
    "channels.*.time_cost": "acts on the decisions of residents offered a session: a channel meeting once "
    "or twice in the small run offers few, most far from indifference",
    "institutions.organisations.credibility_loss": "acts on activities nobody attends",
    "institutions.organisations.credibility_gain": "acts on activities someone attends: the small run's one "
    "organisation invites few members, most far from taking part",
    "institutions.organisations.leave_rate": "acts per member and day: the small run's one organisation "
    "has about 50 members, so a 30% step flips only a few leaving draws",
    "institutions.organisations.time_cost": "acts on the decisions of the few members invited to the "
    "small run's one organisation's fortnightly activities",
}
"""Parameters acting through events too rare in the small fast run for a 30% step to show, as pattern ->
reason: the fast test screens them as :data:`COARSE`; the slow test with the small step."""


@dataclasses.dataclass(frozen=True)
class Perturbation:
    """One parameter moved one step: ``key`` from ``old`` to ``new``."""

    key: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.key}: {self.old!r} -> {self.new!r}"


@cache
def base_config(preset: str, overrides: tuple[str, ...]) -> Config:
    """The preset composed with ``overrides`` (cached: Hydra composition is slow)."""
    return sim.load_config(preset, list(overrides))


def screened_keys(cfg: Config) -> list[str]:
    """Every parameter of ``cfg`` except the run's identity and length (:data:`SKIPPED`)."""
    return [leaf.key for leaf in leaves(cfg) if leaf.key not in SKIPPED]


def candidates(cfg: Config, key: str) -> Iterator[Any]:
    """New values for ``key``, preferred first, each inside the declared range (not yet cross-checked).

    Booleans flip; string choices go to each other choice in declaration order (after the current one);
    integers step +1, then -1; floats move :data:`FLOAT_STEP` of their value (of their range, at most 1,
    when the value is 0) up, then down, clipped to the range.
    """
    leaf = next(leaf for leaf in leaves(cfg) if leaf.key == key)
    meta, value = leaf.field.metadata, leaf.value
    lo, hi = meta.get("lo"), meta.get("hi")
    if isinstance(value, bool):
        yield not value
    elif isinstance(value, str):
        choices = meta.get("choices") or ()
        if value in choices:
            k = choices.index(value)
            choices = choices[k + 1 :] + choices[:k]
        yield from (c for c in choices if c != value)
    elif isinstance(value, int):
        for new in (value + 1, value - 1):
            if (lo is None or new >= lo) and (hi is None or new <= hi):
                yield new
    elif isinstance(value, float):
        span = (hi - lo) if lo is not None and hi is not None else 1.0
        step = FLOAT_STEP * (abs(value) if value else min(span, 1.0))
        for new in (value + step, value - step):
            new = min(max(new, -math.inf if lo is None else lo), math.inf if hi is None else hi)
            if new != value:
                yield float(new)


def perturbation(cfg: Config, key: str) -> Perturbation | None:
    """The first candidate for ``key`` that passes validation (``None`` when none does).

    The model may still refuse it for a rule that only a run checks (the onset cannot change the
    request routes); :func:`screen` then takes the next candidate.
    """
    for new in candidates(cfg, key):
        try:
            validate(with_values(cfg, {key: new}))
        except sim.ConfigError:
            continue
        return Perturbation(key, value_of(cfg, key), new)
    return None


def same(a: Any, b: Any) -> bool:
    """Whether two summary values are equal (NaN equals NaN)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def moved(base: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """Summary keys (not :data:`IDENTITY`) of both runs whose values differ."""
    keys = (set(base) & set(other)) - IDENTITY  # a key on one side only is a column, not an outcome
    return sorted(k for k in keys if not same(base.get(k), other.get(k)))


@cache
def base_summary(preset: str, overrides: tuple[str, ...]) -> dict[str, Any]:
    """Summary of the unperturbed run (cached per process: every screened parameter compares to it)."""
    return sim.simulate(base_config(preset, overrides)).summary


@dataclasses.dataclass(frozen=True)
class Screen:
    """Outcome of screening one parameter.

    ``perturbation`` is ``None`` when no valid perturbation exists; ``moved`` lists the summary keys
    that changed (empty: the parameter is dead).
    """

    preset: str
    perturbation: Perturbation | None
    moved: tuple[str, ...]
    key: str

    @property
    def dead(self) -> bool:
        """Whether the perturbation moved no outcome (or none was possible)."""
        return not self.moved

    def __str__(self) -> str:
        what = str(self.perturbation) if self.perturbation else f"{self.key}: no valid perturbation"
        return f"{self.preset} {what}"


def probes(cfg: Config, key: str) -> Iterator[Any]:
    """Values for a :data:`COARSE` ``key``: small steps, the ends of its range, a tenth and ten times it."""
    leaf = next(leaf for leaf in leaves(cfg) if leaf.key == key)
    value, meta = leaf.value, leaf.field.metadata
    yield from candidates(cfg, key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return
    if key.startswith("channels.") and key.endswith(".offset"):
        yield cfg.burn_in  # a first session right after the onset
    lo, hi = meta.get("lo"), meta.get("hi")
    for new in (lo, hi, value / 10, value * 10):
        if new is None or new == value:
            continue
        new = type(value)(round(new) if isinstance(value, int) else new)
        if (lo is None or new >= lo) and (hi is None or new <= hi) and new != value:
            yield new


def matches(key: str, patterns: dict[str, str]) -> str | None:
    """The reason of the first pattern of ``patterns`` that ``key`` matches."""
    return next((why for pattern, why in patterns.items() if fnmatchcase(key, pattern)), None)


def screen(preset: str, overrides: tuple[str, ...], key: str, *, sparse: bool = False) -> Screen:
    """Run ``preset`` with ``key`` perturbed and compare its summary with the unperturbed run's.

    One small step (:func:`candidates`; the next one when the model refuses it), or, for a
    :data:`COARSE` key (and a :data:`SPARSE` one when ``sparse``), each of :func:`probes` until one moves
    an outcome.
    """
    cfg = base_config(preset, overrides)
    base = base_summary(preset, overrides)
    old = value_of(cfg, key)
    coarse = matches(key, COARSE) or (sparse and matches(key, SPARSE))
    first: Screen | None = None
    for new in dict.fromkeys(probes(cfg, key) if coarse else candidates(cfg, key)):
        try:
            summary = sim.simulate(cfg, **{key: new}).summary
        except sim.ConfigError:
            continue
        result = Screen(preset, Perturbation(key, old, new), tuple(moved(base, summary)), key)
        if result.moved or not coarse:
            return result
        first = first or result
    return first or Screen(preset, None, (), key)


def sessions(channel: Any, cfg: Config) -> list[int]:
    """Days after the onset (counted from the start of the burn-in) with a session (or a day of one)."""
    start, end = cfg.burn_in, cfg.burn_in + cfg.steps
    days = range(max(start, channel.offset), end)
    return [
        d
        for d in days
        if (d - channel.offset) % channel.period < channel.session_days
        and not (channel.weekdays_only and d % 7 >= 5)
    ]


ASSEMBLY = (
    "hoa_quorum",
    "hoa_mobilisation",
    "hoa_mobilisation_concentration",
    "hoa_attempt_period",
    "hoa_attempt_offset",
    "assembly_engagement",
    "vote_b0",
    "vote_b_dissatisfaction",
    "vote_b_senior",
)
"""Parameters of the homeowners' assemblies (founding and re-election), other than the term."""


def derived(cfg: Config, summary: dict[str, Any]) -> dict[str, str]:
    """Parameters that the config (or the unperturbed run's ``summary``) switches off, with the reason."""
    out: dict[str, str] = {}
    if summary.get("assemblies_held", 0) == 0:  # absent: a run without assemblies does not record them
        for name in ASSEMBLY:
            out[f"institutions.committee.{name}"] = (
                "no homeowners' assembly within the run: the committee formed in the burn-in and its term "
                "outlasts the run (only hoa_term can bring one)"
            )
    elif summary.get("assemblies_held") == 1 and summary.get("hoa_ever_formed") == 1:
        out["institutions.committee.hoa_attempt_period"] = (
            "the first founding assembly forms the committee, whose term outlasts the run: no next attempt"
        )
    if summary.get("risk_events", 0) == 0:  # absent: a run without disputes does not record them
        out["services.risk_security_loss"] = "no dispute reaches severity 1 (a social-risk event) in the run"
    if not any(
        getattr(cfg.channels, n).enabled and getattr(cfg.channels, n).co_convened for n in CHANNEL_NAMES
    ):
        out["institutions.committee.party_lead"] = "no enabled channel is co-convened (co_convened)"
    c, p = cfg.community, cfg.participation
    w, com = cfg.institutions.workers, cfg.institutions.committee
    kind = c.network.kind
    if kind not in ("urban", "rural"):
        for name in ("local_share", "building_size", "household_size"):
            out[f"community.network.{name}"] = f"the {kind} graph has no households or buildings"
    if kind not in ("rural", "watts_strogatz"):
        out["community.network.rewire_prob"] = f"the {kind} network has no lattice to rewire"
    if kind == "complete":
        out["community.network.mean_degree"] = "the complete graph ties everyone"
    if p.rule == "logit":
        for name in ("threshold", "threshold_sd"):
            out[f"participation.{name}"] = "threshold rule only; the logit rule is in force"
    if not w.grid:
        for name in ("grid_households", "grid_visits", "grid_cases"):
            out[f"institutions.workers.{name}"] = "grid management is off (workers.grid is false)"
    if not com.whistle:
        for name in ("whistle_severity", "whistle_delay"):
            out[f"institutions.committee.{name}"] = "the whistle is off (committee.whistle is false)"
    for name in CHANNEL_NAMES:
        if getattr(cfg.channels, name).mode in NON_PARTICIPATION_MODES:
            out[f"channels.{name}.engagement"] = "information and service use earn no points (its mode)"
    if cfg.outreach.party_contacts == 0:
        for name in ("passive_first", "passive_first_retries"):
            out[f"outreach.{name}"] = "party members make no contacts (outreach.party_contacts is 0)"
    if cfg.trial.arm == "none":
        for f in dataclasses.fields(cfg.trial):
            if f.name != "arm":
                out[f"trial.{f.name}"] = "no field experiment in the run (trial.arm is none)"
    if cfg.institutions.organisations.mediator_training == 0:
        out["services.mediator_settle"] = "no resident mediators are trained (mediator_training is 0)"
    orgs = cfg.institutions.organisations
    if not cfg.burn_in and round(orgs.per_1000 * c.residents / 1000.0) == 0:
        for f in dataclasses.fields(orgs):
            if f.name != "per_1000":
                out[f"institutions.organisations.{f.name}"] = "no social organisations (per_1000 founds none)"
    if cfg.burn_in:
        base = Config().institutions.organisations.per_1000
        if cfg.institutions.organisations.per_1000 <= base:
            for name in ("initial_members", "credibility"):
                out[f"institutions.organisations.{name}"] = (
                    "founds organisations; the burn-in founds the baseline's, and the preset adds none "
                    "at the onset (per_1000 not above the baseline's)"
                )
    for name in CHANNEL_NAMES:
        ch = getattr(cfg.channels, name)
        key = f"channels.{name}"
        if not ch.enabled:
            for f in dataclasses.fields(ch):
                if f.name != "enabled":
                    out[f"{key}.{f.name}"] = f"channel {name} is disabled"
            continue
        if not com.party_lead:
            out[f"{key}.co_convened"] = "no party leadership (committee.party_lead is false)"
        if ch.request_route == 0:
            out[f"{key}.own_staff"] = "the channel carries no requests (request_route is 0)"
        if ch.period == 1:
            out[f"{key}.session_days"] = "a daily channel's session is its one day (at most period = 1)"
        if ch.institution != "homeowners":
            out[f"{key}.lapse_turnout"] = "only a founded institution (homeowners) can lapse (validation)"
        if cfg.burn_in:
            out[f"{key}.request_route"] = "the onset cannot change the request routes (the baseline's)"
        days = sessions(ch, cfg)
        if not days:  # only its calendar can bring a session into the run
            for f in dataclasses.fields(ch):
                if f.name not in ("period", "offset"):
                    out[f"{key}.{f.name}"] = f"no session of channel {name} falls within the run"
            continue
        if not ch.weekdays_only and all(d % 7 < 5 for d in days):
            out[f"{key}.weekdays_only"] = "every session within the run falls on a weekday"
        if not ch.on_demand:  # a session's hours act only by lying within work hours or not
            why = "a scheduled session's hours act only by lying within weekday work hours or not: "
            if all(d % 7 >= 5 for d in days):
                out[f"{key}.open_hour"] = out[f"{key}.close_hour"] = why + "it meets only at weekends"
            if ch.close_hour > c.work_end:
                out.setdefault(f"{key}.open_hour", why + "it ends after work")
            if ch.open_hour < c.work_start or ch.open_hour >= c.work_end:
                out.setdefault(f"{key}.close_hour", why + "it starts outside work hours")
    return out


def inactive(preset: str, cfg: Config, summary: dict[str, Any]) -> dict[str, str]:
    """Parameters of ``cfg`` documented as unable to act in ``preset``, with the reason.

    What the config switches off (:func:`derived`: a disabled channel's fields, a mechanism that is off,
    the other decision rule's parameters, events the unperturbed run's ``summary`` shows never happen)
    and the :data:`INACTIVE` patterns of the preset.
    """
    out = derived(cfg, summary)
    for key in screened_keys(cfg):
        for (where, pattern), reason in INACTIVE.items():
            if where == preset and fnmatchcase(key, pattern):
                out.setdefault(key, reason)
    return out


def unmatched_patterns() -> list[tuple[str, str]]:
    """:data:`INACTIVE` entries that name no parameter (a stale table)."""
    keys = screened_keys(Config())
    return [(p, pat) for p, pat in INACTIVE if not any(fnmatchcase(k, pat) for k in keys)]
