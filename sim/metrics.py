"""Metrics: each defined once, as a named module-level function over what the model observes.

A metric takes an :class:`Observed` (the arrays ``m.state``, ``m.institutions``, ``m.requests``,
``m.disputes``, ``m.senses``, the config; the model is one) and returns a float, or a dict of floats
for a family of columns. Each is registered with its kind, which says how the time series and the
summary report it (:mod:`sim.measurement` does the reducing; docs/METRICS.md has every formula):

- :data:`STATE` (``@register(STATE)``): a level at the end of the day (a share, a mean); the
  summary is its mean over the measurement window.
- :data:`COUNT` (``@register(COUNT)``): a counter of events since the intervention onset; the time
  series reports the day's increment, the summary the total over the measurement window.
- :data:`RATIOS`: ratios of counts (answered share, grassroots share, ...); the time series reports
  them over the trailing participation window (``participation.window`` days), the summary over the
  measurement window.
- ``@register_final``: breakdowns reported in the summary only, over the measurement window (by
  group, hour and route; participation inequality; the collaboration graph), computed from the state
  at the end and at the window's start (:class:`WindowStart`).

Each metric is also registered with the *mechanisms* that move what it reads (:data:`MECHANISMS`). A
run records the metrics that at least one of its mechanisms moves (:func:`recorded`); which
mechanisms a run has follows from its configuration (:func:`sim.model.mechanisms_of`). A logit-rule
run has them all and records every metric. A threshold-rule run, the classic cascade model
(Granovetter 1978; Watts 2002), has the participation levels and only the services and institutions
its configuration switches on, so a docking run records the levels and their group shares, not a
hundred columns that nothing moves (and spends its time on the cascade, not on measuring them).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np

from sim import ledger
from sim.institutions import InstitutionState
from sim.mechanisms import disputes, trial
from sim.mechanisms.disputes import Disputes, Settlers
from sim.mechanisms.levels import Spells, sustained
from sim.mechanisms.requests import Requests
from sim.mechanisms.senses import Senses
from sim.params import ACTIVITY_VOLUNTEER_WORK, CHANNEL_NAMES, MODES, Config
from sim.state import ACTIVE, AWARENESS_CUTS, AWARENESS_LEVELS, LEVELS, OCCASIONAL, ResidentState
from sim.world import collaboration
from sim.world.population import PROFILE_SHAPE, PROFILES

STATE, COUNT = "state", "count"
"""Kinds of time-series metrics (see the module docstring)."""


@dataclass(frozen=True)
class WindowStart:
    """Counters at the start of the measurement window, which the summary's breakdowns subtract.

    Attributes
    ----------
    total : numpy.ndarray
        Participations of each resident since the onset.
    answered_by_hour, dropped_by_hour, answered_by : numpy.ndarray
        The request counters (:class:`~sim.mechanisms.requests.Requests`).
    collaboration : numpy.ndarray
        The joint-handling graph.
    hoa_formed : bool
        Whether a homeowners' committee existed.
    mode_total : numpy.ndarray
        Participations of each resident by mode.
    active_days, spells_ended : numpy.ndarray
        Days each resident was active, and the ended spells by length
        (:class:`~sim.mechanisms.levels.Spells`).
    spells_entries, spells_exits : int
        Entries into and exits from the active level.
    """

    total: np.ndarray
    answered_by_hour: np.ndarray
    dropped_by_hour: np.ndarray
    answered_by: np.ndarray
    collaboration: np.ndarray
    hoa_formed: bool
    mode_total: np.ndarray
    active_days: np.ndarray
    spells_ended: np.ndarray
    spells_entries: int
    spells_exits: int

    @classmethod
    def take(
        cls, state: ResidentState, spells: Spells, requests: Requests, institutions: InstitutionState
    ) -> WindowStart:
        """Copy the counters now."""
        return cls(
            state.total.copy(),
            requests.answered_by_hour.copy(),
            requests.dropped_by_hour.copy(),
            requests.answered_by.copy(),
            institutions.collaboration.copy(),
            institutions.homeowners.formed,
            state.mode_total.copy(),
            spells.active_days.copy(),
            spells.ended.copy(),
            spells.entries,
            spells.exits,
        )


class Observed(Protocol):
    """What the metrics read (a :class:`~sim.model.CommunityModel` is one)."""

    cfg: Config
    state: ResidentState
    institutions: InstitutionState
    requests: Requests
    disputes: Disputes
    senses: Senses
    settlers: Settlers
    initially_engaged: np.ndarray
    window_start: WindowStart
    spells: Spells
    trial: trial.Trial

    @property
    def day(self) -> int:
        """Days since the intervention onset."""
        ...


PARTICIPATION, CHANNELS, REQUESTS, DISPUTES, ORGANISATIONS, WORKERS = (
    "participation",
    "channels",
    "requests",
    "disputes",
    "organisations",
    "workers",
)
MECHANISMS = (PARTICIPATION, CHANNELS, REQUESTS, DISPUTES, ORGANISATIONS, WORKERS)
"""What can move a metric's inputs: the decision rule's participation levels (every run); the
logit rule's channels with all they bring (opportunities, the participation window, outreach,
learning, homeowners' assemblies); service requests; disputes; social organisations; paid workers."""
EXPERIENCE = (CHANNELS, REQUESTS, DISPUTES)
"""The mechanisms through which residents meet institutions: they move trust and the senses, and
make actors handle cases jointly (the collaboration graph)."""
STAFF = (*EXPERIENCE, WORKERS)
"""The mechanisms that take staff or volunteer time (the ledger)."""

Value = float | dict[str, float]
Metric = Callable[[Observed], Value]
METRICS: dict[str, Metric] = {}
"""Metrics of the time series (every step), by name."""
KINDS: dict[str, str] = {}
"""Kind (:data:`STATE` or :data:`COUNT`) of each metric of :data:`METRICS`."""
FINAL_METRICS: dict[str, Metric] = {}
"""Breakdowns reported in the summary only, over the measurement window."""
MOVED_BY: dict[str, frozenset[str]] = {}
"""The mechanisms (of :data:`MECHANISMS`) that move what each metric of both registries reads."""


def _moved_by(name: str, mechanisms: tuple[str, ...]) -> None:
    unknown = set(mechanisms) - set(MECHANISMS)
    if not mechanisms or unknown:
        raise ValueError(f"metric {name} moved by {sorted(unknown) or 'nothing'}; mechanisms: {MECHANISMS}")
    MOVED_BY[name] = frozenset(mechanisms)


def register(kind: str, *moved_by: str) -> Callable[[Metric], Metric]:
    """Register a time-series metric of ``kind``, moved by the mechanisms ``moved_by``, under its name."""

    def add(fn: Metric) -> Metric:
        _moved_by(fn.__name__, moved_by)
        METRICS[fn.__name__] = fn
        KINDS[fn.__name__] = kind
        return fn

    return add


def register_final(*moved_by: str) -> Callable[[Metric], Metric]:
    """Register a summary-only metric, moved by the mechanisms ``moved_by``, under its name."""

    def add(fn: Metric) -> Metric:
        _moved_by(fn.__name__, moved_by)
        FINAL_METRICS[fn.__name__] = fn
        return fn

    return add


def recorded(registry: dict[str, Metric], mechanisms: frozenset[str]) -> dict[str, Metric]:
    """The metrics of ``registry`` that at least one of a run's ``mechanisms`` moves.

    Examples
    --------
    >>> sorted(recorded(FINAL_METRICS, frozenset({PARTICIPATION})))
    ['final_active_share']
    >>> recorded(METRICS, frozenset(MECHANISMS)) == METRICS
    True
    """
    return {name: fn for name, fn in registry.items() if not MOVED_BY[name].isdisjoint(mechanisms)}


@dataclass(frozen=True)
class Ratio:
    """A ratio of sums of count columns over a period, times ``scale``."""

    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    scale: float = 1.0


PARTITIONS = (
    ("owner", "tenant"),
    ("age18_34", "age35_59", "age60plus"),
    ("digital", "nondigital"),
    ("party", "nonparty"),
)
"""The groups of each axis of :data:`sim.world.population.PROFILE_SHAPE`, in order."""
GROUPS = tuple(name for names in PARTITIONS for name in names)
"""Resident groups of the breakdowns, as column suffixes."""


_GRASSROOTS = tuple(f"disputes_settled_{level}" for level in disputes.GRASSROOTS)
_SETTLED = tuple(f"disputes_settled_{level}" for level in disputes.LEVELS)
RATIOS: dict[str, Ratio] = {
    "requests_answered_share": Ratio(("requests_answered",), ("requests_answered", "requests_dropped")),
    "after_hours_answered_share": Ratio(
        ("requests_answered_after_hours",), ("requests_answered_after_hours", "requests_dropped_after_hours")
    ),
    "mean_answer_delay": Ratio(("answer_delay_days",), ("requests_answered",)),
    "disputes_grassroots_share": Ratio(_GRASSROOTS, (*_SETTLED, "risk_events")),
    "disputes_settled_share": Ratio(_SETTLED, (*_SETTLED, "risk_events")),
    "disputes_worker_share": Ratio(("disputes_settled_worker",), (*_SETTLED, "risk_events")),
    "disputes_escalated_share": Ratio(("disputes_escalated",), ("disputes_raised",)),
    "disputes_mediated_per_1000_year": Ratio(_SETTLED[1:], ("resident_days",), 1000.0 * 365.0),
    "mean_days_to_settle": Ratio(("dispute_days_to_settle",), _SETTLED),
    "mean_severity_at_settlement": Ratio(("dispute_severity_settled",), _SETTLED),
    "risk_events_per_1000_households_year": Ratio(("risk_events",), ("household_days",), 1000.0 * 365.0),
    "assembly_turnout": Ratio(("assembly_ballots",), ("assembly_seats",)),
    **{
        f"turned_away_share_{c}": Ratio((f"turned_away_{c}",), (f"turned_away_{c}", f"participations_{c}"))
        for c in CHANNEL_NAMES
    },
    **{
        f"requests_answered_share_{g}": Ratio(
            (f"requests_answered_{g}",), (f"requests_answered_{g}", f"requests_dropped_{g}")
        )
        for g in GROUPS
    },
}
"""Ratios of counts: ``sum(numerator) / sum(denominator) * scale`` over a period (NaN if 0 / 0)."""


@cache
def _columns(prefix: str, names: tuple[str, ...], suffix: str = "") -> tuple[str, ...]:
    """Column names ``<prefix><name><suffix>`` (built once per family)."""
    return tuple(f"{prefix}{name}{suffix}" for name in names)


_ACTIVE, _OCCASIONAL = int(ACTIVE), int(OCCASIONAL)
"""The levels as plain ints: numpy compares an array with an ``IntEnum`` member several times slower,
and the level metrics run every step."""


def _share(mask: np.ndarray) -> float:
    return float(np.count_nonzero(mask) / mask.size) if mask.size else 0.0


@register(STATE, PARTICIPATION)
def participation_levels(m: Observed) -> dict[str, float]:
    """Shares of residents at each participation level.

    ``active_share``, ``occasional_share`` and ``passive_share``.
    """
    level, n = m.state.level, max(m.state.n, 1)
    active, occasional = int(np.count_nonzero(level == _ACTIVE)), int(np.count_nonzero(level == _OCCASIONAL))
    return {
        "active_share": active / n,
        "occasional_share": occasional / n,
        "passive_share": (m.state.n - active - occasional) / n,
    }


@register_final(PARTICIPATION)
def final_active_share(m: Observed) -> float:
    """Share of residents active on the last day of the run (under the threshold rule: the cascade's size)."""
    return float(np.count_nonzero(m.state.level == _ACTIVE) / max(m.state.n, 1))


def group_totals(cells: np.ndarray) -> dict[str, np.ndarray]:
    """Totals of each group of :data:`GROUPS` from totals by profile.

    ``cells`` has one entry per profile (:data:`~sim.world.population.PROFILES` of them, in the order
    of :attr:`~sim.world.population.Population.profile`) along its first axis, and any trailing axes;
    each group's total sums the profiles of that group.

    Examples
    --------
    >>> totals = group_totals(np.arange(24))
    >>> int(totals["owner"]), int(totals["tenant"]), int(totals["owner"] + totals["tenant"])
    (66, 210, 276)
    """
    table = cells.reshape(*PROFILE_SHAPE, *cells.shape[1:])
    out: dict[str, np.ndarray] = {}
    for axis, names in enumerate(PARTITIONS):
        others = tuple(a for a in range(len(PROFILE_SHAPE)) if a != axis)
        out.update(zip(names, table.sum(axis=others), strict=True))
    return out


def _divide(num: np.ndarray | float, den: np.ndarray | float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.divide(num, den)


_LEVEL_SHARE_COLUMNS = tuple(f"{level}_share_{group}" for group in GROUPS for level in LEVELS)
"""Columns of :func:`levels_by_group`, group by group (the order of :func:`group_totals`)."""
_MEMBERSHIP = np.stack(list(group_totals(np.eye(PROFILES, dtype=np.int64)).values()))
"""Profiles (columns) in each group of :data:`GROUPS` (rows): :func:`group_totals` of integer counts
as one matrix product, exact and cheap enough for every step."""


@register(STATE, PARTICIPATION)
def levels_by_group(m: Observed) -> dict[str, float]:
    """Share of each group at each participation level.

    ``<level>_share_<group>`` for the groups of :data:`GROUPS` (NaN for an empty group).
    """
    bins = m.state.population.profile * len(LEVELS) + m.state.level
    cells = np.bincount(bins, minlength=PROFILES * len(LEVELS)).reshape(PROFILES, len(LEVELS))
    counts = _MEMBERSHIP @ cells
    shares = _divide(counts, counts.sum(axis=1, keepdims=True))
    return dict(zip(_LEVEL_SHARE_COLUMNS, shares.ravel().tolist(), strict=True))


@register(STATE, CHANNELS)
def awareness(m: Observed) -> dict[str, float]:
    """Shares of residents at each awareness level (``awareness_<level>_share``).

    Levels by :data:`sim.state.AWARENESS_CUTS`: below 1/3 individual, below 2/3 collective, else
    community.
    """
    a, n = m.state.awareness, max(m.state.n, 1)
    above: list[int] = [int(np.count_nonzero(a >= cut)) for cut in AWARENESS_CUTS]
    counts = [n - above[0], above[0] - above[1], above[1]] if m.state.n else [0, 0, 0]
    return dict(zip(_columns("awareness_", AWARENESS_LEVELS, "_share"), [c / n for c in counts], strict=True))


@register(COUNT, CHANNELS)
def participations(m: Observed) -> dict[str, float]:
    """Participations, in all and by channel-axis slot (``participations``, ``participations_<channel>``)."""
    state = m.state
    out = dict(
        zip(_columns("participations_", state.channel_names), state.channel_total.tolist(), strict=True)
    )
    out["participations"] = float(state.channel_total.sum())
    return out


@register(COUNT, CHANNELS)
def turned_away(m: Observed) -> dict[str, float]:
    """Residents who came and found no room, by channel-axis slot (``turned_away_<channel>``).

    A channel at its capacity turns away the rest of those who decided to take part in time
    (:func:`sim.mechanisms.channels.admit`); ``turned_away_share_<channel>`` (:data:`RATIOS`) says how
    binding its room is.
    """
    columns = _columns("turned_away_", m.state.channel_names)
    return dict(zip(columns, m.state.channel_turned_away.tolist(), strict=True))


def gini_of_counts(x: np.ndarray, freq: np.ndarray | None = None) -> float:
    """Gini coefficient of non-negative integer counts, in O(n + max).

    ``G = sum_i (2i - n - 1) x_(i) / (n sum_i x_i)`` with ``x_(i)`` sorted ascending (i = 1..n);
    0 when all counts are 0. ``freq`` may pass ``numpy.bincount(x)`` when it is already known.

    Examples
    --------
    >>> gini_of_counts(np.array([0, 0, 0, 4]))
    0.75
    >>> gini_of_counts(np.array([2, 2, 2]))
    0.0
    """
    n = x.size
    freq = np.bincount(x) if freq is None else freq
    values = np.arange(freq.size, dtype=np.float64)
    total = float(freq @ values)
    if n == 0 or total == 0:
        return 0.0
    before = np.cumsum(freq) - freq  # residents with a smaller count
    # positions before+1 .. before+c: sum of (2i - n - 1) over the run
    run = freq * (2.0 * before + freq + 1.0) - freq * (n + 1.0)
    return float((run * values).sum() / (n * total))


def top_share_of_counts(x: np.ndarray, top: float, freq: np.ndarray | None = None) -> float:
    """Share of the total held by the ``ceil(top * n)`` residents with the largest counts.

    ``freq`` may pass ``numpy.bincount(x)`` when it is already known.
    """
    freq = (np.bincount(x) if freq is None else freq)[::-1]
    values = np.arange(freq.size - 1, -1, -1, dtype=np.float64)
    total = float(freq @ values)
    if total == 0:
        return 0.0
    k = int(np.ceil(top * x.size))
    taken = np.minimum(freq, np.maximum(0, k - (np.cumsum(freq) - freq)))
    return float((taken * values).sum() / total)


@register(STATE, CHANNELS)
def participation_inequality(m: Observed) -> dict[str, float]:
    """Inequality of participations per resident over the trailing participation window.

    ``participation_gini`` (Gini coefficient) and ``top10_participation_share`` (share of the window's
    participations made by the top 10% of residents); the summary has the same over the measurement
    window (:func:`participation_inequality_window`).
    """
    counts = m.state.window_count
    freq = np.bincount(counts)
    return {
        "participation_gini": gini_of_counts(counts, freq),
        "top10_participation_share": top_share_of_counts(counts, 0.10, freq),
    }


@register_final(CHANNELS)
def participation_inequality_window(m: Observed) -> dict[str, float]:
    """Inequality of participations per resident over the measurement window.

    ``participation_gini`` and ``top10_participation_share`` of each resident's participations in the
    window (replacing, in the summary, the mean of the trailing-window values).
    """
    counts = m.state.total - m.window_start.total
    freq = np.bincount(counts)
    return {
        "participation_gini": gini_of_counts(counts, freq),
        "top10_participation_share": top_share_of_counts(counts, 0.10, freq),
    }


@register_final(CHANNELS)
def field_experiment(m: Observed) -> dict[str, float]:
    """The result of the run's field experiment (``trial``; NaN without one or before its window ends).

    ``trial_rate_<arm>`` for the control, the assigned, the contacted and their housemates: the share
    who took a co-governance act in the outcome window; ``trial_contact_rate``, ``trial_itt`` and
    ``trial_cace`` (:func:`sim.mechanisms.trial.rates`).
    """
    return trial.rates(m.trial)


@register(STATE, *EXPERIENCE)
def trust(m: Observed) -> dict[str, float]:
    """Mean trust over residents, overall (``mean_trust``) and per institution (``trust_<name>``)."""
    state = m.state
    per = state.trust.mean(axis=1)
    out = dict(zip(_columns("trust_", state.institutions), per.tolist(), strict=True))
    out["mean_trust"] = float(per.mean())
    return out


@register(STATE, CHANNELS)
def mean_awareness(m: Observed) -> float:
    """Mean awareness over residents."""
    return float(m.state.awareness.mean())


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else math.nan


@register(STATE, PARTICIPATION)
def initially_passive_active_share(m: Observed) -> float:
    """Share active now among the residents who were passive at the intervention onset."""
    was_not = m.initially_engaged  # few: count the active among them, not among the many passive
    passive = m.state.n - was_not.size
    active = np.count_nonzero(m.state.level == _ACTIVE) - np.count_nonzero(m.state.level[was_not] == _ACTIVE)
    return float(active / passive) if passive else 0.0


@register(STATE, CHANNELS)
def active_share_outside_own(m: Observed) -> float:
    """Share of residents active on co-governance acts outside the scenario's own channels.

    The same rule as the level (:func:`sim.mechanisms.levels.sustained`) on the acts of the channels
    the intervention does not change (:func:`sim.params.intervention_channels`); equal to
    ``active_share`` for the baseline. ``active_share`` minus it is the own-channel part of the active
    share, it minus the baseline's ``active_share`` the spill-over (docs/PARTICIPATION.md).
    """
    return _share(sustained(m.state.acts_outside_own, m.cfg.participation.active_acts))


def _window_days(m: Observed) -> int:
    """Days in the measurement window so far."""
    return max(m.day - m.cfg.measure_from, 0)


@register_final(CHANNELS)
def lasting_shift(m: Observed) -> dict[str, float]:
    """A lasting shift from passive to active, and the active spells, over the measurement window.

    ``lasting_shift_share``: share of the residents passive at the onset who were active on more than
    half of the window's days. ``ever_active_share``: share of residents active on some day since the
    onset. ``active_days_share``: mean share of the window's days a resident was active.
    ``active_spell_median_days`` and ``active_spell_mean_days``: length of the active spells that ended
    in the window (NaN if none ended). ``active_entries_per_1000_year`` and
    ``active_exits_per_1000_year``: residents who became, or stopped being, active, per 1,000
    residents and 365 days.
    """
    spells, start, days = m.spells, m.window_start, _window_days(m)
    active_days = spells.active_days - start.active_days
    was_passive = np.ones(m.state.n, dtype=bool)
    was_passive[m.initially_engaged] = False
    ended = spells.ended - start.spells_ended
    lengths = np.arange(ended.size)
    count = int(ended.sum())
    median = float(lengths[np.searchsorted(np.cumsum(ended), (count + 1) / 2)]) if count else math.nan
    per_year = 1000.0 * 365.0 / (max(m.state.n, 1) * days) if days else math.nan
    return {
        "lasting_shift_share": _share(active_days[was_passive] * 2 > days) if days else math.nan,
        "ever_active_share": _share(spells.ever_active),
        "active_days_share": float(active_days.mean() / days) if days and m.state.n else math.nan,
        "active_spell_median_days": median,
        "active_spell_mean_days": _ratio(float(lengths @ ended), count),
        "active_entries_per_1000_year": (spells.entries - start.spells_entries) * per_year,
        "active_exits_per_1000_year": (spells.exits - start.spells_exits) * per_year,
    }


_MODE_SHARE_COLUMNS = tuple(f"mode_share_{mode}_{group}" for group in GROUPS for mode in MODES)


@register_final(CHANNELS)
def participation_modes(m: Observed) -> dict[str, float]:
    """Share of residents who acted in each mode of participation in the measurement window.

    ``mode_share_<mode>`` for the modes of :data:`sim.params.MODES` (a resident counts in every mode it
    acted in), and ``mode_share_<mode>_<group>`` for the groups of :data:`GROUPS` (NaN for an empty
    group).
    """
    did = (m.state.mode_total - m.window_start.mode_total) > 0
    n = max(m.state.n, 1)
    out = {
        f"mode_share_{mode}": float(np.count_nonzero(row) / n) for mode, row in zip(MODES, did, strict=True)
    }
    profile = m.state.population.profile
    cells = np.stack([np.bincount(profile[row], minlength=PROFILES) for row in did], axis=1)
    sizes = np.bincount(profile, minlength=PROFILES)
    shares = _divide(_MEMBERSHIP @ cells, (_MEMBERSHIP @ sizes)[:, None])
    out.update(zip(_MODE_SHARE_COLUMNS, shares.ravel().tolist(), strict=True))
    return out


@register(STATE, ORGANISATIONS)
def org_membership_share(m: Observed) -> float:
    """Share of residents who belong to a community social organisation."""
    return _share(m.institutions.organisations.org_of != -1)


@register(STATE, ORGANISATIONS)
def mediator_share(m: Observed) -> float:
    """Share of residents trained as resident mediators."""
    return _share(m.institutions.mediator)


@register(COUNT, CHANNELS)
def homeowners_assemblies(m: Observed) -> dict[str, float]:
    """Homeowners' assemblies: founding and re-election assemblies held, seats and ballots.

    ``assemblies_held``, ``assembly_seats`` (owners called to them) and ``assembly_ballots`` (cast).
    """
    hoa = m.institutions.homeowners
    return {
        "assemblies_held": float(hoa.assemblies),
        "assembly_seats": float(hoa.seats),
        "assembly_ballots": float(hoa.ballots),
    }


@register(STATE, CHANNELS)
def hoa_formed(m: Observed) -> float:
    """1 if a homeowners' committee exists at the end of the day (summary: share of days with one)."""
    return float(m.institutions.homeowners.formed)


@register_final(CHANNELS)
def homeowners_committee(m: Observed) -> dict[str, float]:
    """Whether a homeowners' committee existed in the measurement window, and when it last formed.

    ``hoa_ever_formed`` (1 if one existed at some time in the window) and ``hoa_formed_day`` (the
    day since onset on which it last formed or was re-elected; NaN if not since the onset).
    """
    hoa = m.institutions.homeowners
    since_onset = math.nan if hoa.formed_day is None else hoa.formed_day - m.cfg.burn_in
    in_window = since_onset > m.cfg.measure_from  # False for NaN
    return {
        "hoa_ever_formed": float(m.window_start.hoa_formed or hoa.formed or in_window),
        "hoa_formed_day": since_onset if since_onset > 0 else math.nan,
    }


@register(COUNT, REQUESTS)
def service_requests(m: Observed) -> dict[str, float]:
    """Requests raised, answered and dropped (in all and after hours), and days waited by the answered."""
    r = m.requests
    answered, dropped, after = r.answered_by_hour, r.dropped_by_hour, r.after_hours
    return {
        "requests_raised": float(r.raised_by_hour.sum()),
        "requests_answered": float(answered.sum()),
        "requests_dropped": float(dropped.sum()),
        "requests_answered_after_hours": float(answered[after].sum()),
        "requests_dropped_after_hours": float(dropped[after].sum()),
        "answer_delay_days": float(r.delay_sum),
    }


@register(COUNT, REQUESTS)
def requests_by_group(m: Observed) -> dict[str, float]:
    """Requests answered and dropped by the group of the resident who raised them.

    ``requests_answered_<group>`` and ``requests_dropped_<group>`` for the groups of :data:`GROUPS`;
    their ratio is ``requests_answered_share_<group>`` (:data:`RATIOS`).
    """
    answered = group_totals(m.requests.answered_by_profile)
    dropped = group_totals(m.requests.dropped_by_profile)
    out = {f"requests_answered_{g}": float(answered[g]) for g in GROUPS}
    out.update({f"requests_dropped_{g}": float(dropped[g]) for g in GROUPS})
    return out


@register_final(REQUESTS)
def requests_by_route_and_hour(m: Observed) -> dict[str, float]:
    """Requests answered by each route (``requests_answered_<route>``) and answered share by hour.

    Over the measurement window. ``requests_answered_share_hHH`` = answered / (answered + dropped)
    among requests first raised at hour HH, for the waking hours (``community.wake_hour`` to
    ``sleep_hour``) in which requests are raised.
    """
    r, c, w = m.requests, m.cfg.community, m.window_start
    answered, dropped = r.answered_by_hour - w.answered_by_hour, r.dropped_by_hour - w.dropped_by_hour
    routes = r.answered_by - w.answered_by
    out = {f"requests_answered_{name}": float(v) for name, v in zip(r.answerers, routes, strict=True)}
    out.update(
        {
            f"requests_answered_share_h{h:02d}": _ratio(answered[h], answered[h] + dropped[h])
            for h in range(int(c.wake_hour), math.ceil(c.sleep_hour))
        }
    )
    return out


@register(COUNT, DISPUTES)
def dispute_events(m: Observed) -> dict[str, float]:
    """Disputes raised, settled at each level, escalated, and what their settling took.

    ``disputes_raised``, ``disputes_settled_<level>``, ``risk_events``, ``disputes_escalated`` (disputes
    that reached the whistle severity: past what the committee settles), the days settled disputes were
    open (``dispute_days_to_settle``) and their severity when settled (``dispute_severity_settled``),
    and ``household_days`` and ``resident_days`` (households or residents times days, the exposure of
    the rates).
    """
    d = m.disputes
    out = {
        "disputes_raised": float(d.raised),
        "risk_events": float(d.risk_events),
        "disputes_escalated": float(d.escalated),
        "dispute_days_to_settle": float(d.days_to_settle),
        "dispute_severity_settled": d.severity_settled,
        "household_days": float(m.settlers.households * m.day),
        "resident_days": float(m.state.n * m.day),
    }
    out.update(dict(zip(_columns("disputes_settled_", disputes.LEVELS), d.settled.tolist(), strict=True)))
    return out


@register(STATE, DISPUTES)
def disputes_open(m: Observed) -> float:
    """Disputes open at the end of the day."""
    return float(m.disputes.open)


def _happiness(m: Observed) -> np.ndarray:
    sv = m.senses
    return (sv.gain + sv.security + sv.belonging + m.state.trust.mean(axis=0)) / 4.0


def _senses(m: Observed) -> dict[str, np.ndarray]:
    return {
        "gain": m.senses.gain,
        "happiness": _happiness(m),
        "security": m.senses.security,
        "belonging": m.senses.belonging,
    }


@register(STATE, *EXPERIENCE)
def four_senses(m: Observed) -> dict[str, float]:
    """Mean sense of gain, happiness, security and belonging (``sense_<name>``).

    Happiness is the mean over residents of (gain + security + belonging + mean trust) / 4, which
    equals the mean of those four means.
    """
    sv = m.senses
    out = {
        "sense_gain": float(sv.gain.mean()),
        "sense_security": float(sv.security.mean()),
        "sense_belonging": float(sv.belonging.mean()),
    }
    out["sense_happiness"] = (sum(out.values()) + float(m.state.trust.mean())) / 4.0
    return out


@register(STATE, *EXPERIENCE)
def four_senses_by_group(m: Observed) -> dict[str, float]:
    """Mean of each sense by group: ``sense_<name>_<group>`` for the groups of :data:`GROUPS`.

    Happiness is each resident's (gain + security + belonging + mean trust) / 4, averaged in the group.
    """
    profile = m.state.population.profile
    sizes = _MEMBERSHIP @ m.state.population.profile_sizes
    out: dict[str, float] = {}
    for name, values in _senses(m).items():
        sums = np.stack(list(group_totals(np.bincount(profile, weights=values, minlength=PROFILES)).values()))
        out.update(zip(_columns(f"sense_{name}_", GROUPS), _divide(sums, sizes).tolist(), strict=True))
    return out


@register_final(*EXPERIENCE)
def collaboration_structure(m: Observed) -> dict[str, float]:
    """Density and degree centralisation of the joint-handling graph of the present actors.

    Over the cases handled jointly in the measurement window; ``collaboration_joint_cases`` is the
    total weight of the graph's ties (each case counts once per pair of actors that handled it).
    """
    present = m.institutions.actors_present()
    graph = m.institutions.collaboration - m.window_start.collaboration
    return {
        "collaboration_density": collaboration.density(graph, present),
        "collaboration_centralisation": collaboration.centralisation(graph, present),
        "collaboration_joint_cases": float(np.triu(graph, k=1).sum()),
    }


@register(COUNT, *STAFF)
def staff_hours(m: Observed) -> dict[str, float]:
    """Hours of work by actor since the onset: the staff-hours ledger (:mod:`sim.ledger`).

    ``staff_hours_<actor>`` for the actors of :data:`sim.ledger.ACTORS` and ``staff_hours`` in all.
    """
    cfg, inst, state = m.cfg, m.institutions, m.state
    channels = [getattr(cfg.channels, name) for name in CHANNEL_NAMES]
    staffed = [not c.on_demand and c.institution in ledger.STAFFED for c in channels]
    costs = [*(c.time_cost for c in channels), cfg.institutions.organisations.time_cost, 0.0]
    volunteering = np.flatnonzero([*(c.volunteer_work for c in channels), *ACTIVITY_VOLUNTEER_WORK])
    settled = dict(zip(disputes.LEVELS, m.disputes.settled.tolist(), strict=True))
    work = ledger.Work(
        days=m.day,
        grid_workers=inst.grid_workers,
        social_workers=inst.social_workers,
        staffed_sessions=int(inst.sessions_held[staffed].sum()),
        requests_answered=int(m.requests.answered_by[:-1].sum()),
        settled_by_staff=settled["committee"] + settled["street"],
        settled_by_mediators=settled["mediator"],
        settled_by_organisations=settled["organisation"],
        volunteer_hours=float(sum(state.channel_total[k] * costs[k] for k in volunteering)),
    )
    return ledger.staff_hours(work, cfg.ledger)


def column_kinds(m: Observed, registry: dict[str, Metric] = METRICS) -> dict[str, str]:
    """Kind (:data:`STATE` or :data:`COUNT`) of each column of ``registry``'s metrics (evaluated once)."""
    kinds: dict[str, str] = {}
    for name, fn in registry.items():
        value = fn(m)
        kinds.update(dict.fromkeys(value if isinstance(value, dict) else [name], KINDS[name]))
    return kinds


def measure(m: Observed, registry: dict[str, Metric] = METRICS) -> dict[str, float]:
    """Evaluate every metric of ``registry`` (default: the time-series metrics) into one flat row."""
    row: dict[str, float] = {}
    for name, fn in registry.items():
        value = fn(m)
        if isinstance(value, dict):
            row.update(value)
        else:
            row[name] = value
    return row
