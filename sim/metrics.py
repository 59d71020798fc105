"""Metrics: each defined once, as a named module-level function over the model's state.

Time-series metrics are registered with :func:`register`, breakdowns reported only in the summary
with :func:`register_final`. A metric takes what it observes (an :class:`Observed`: the arrays
``m.state``, ``m.institutions``, ``m.requests``, ``m.disputes``, ``m.senses``, the config and the day;
the model is one) and returns a float, or a dict of floats for a family of columns (one per channel,
institution, level, hour or group). The time series is built from
:data:`METRICS`, the summary from its last row plus :data:`FINAL_METRICS`. Formulas are in
``docs/METRICS.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Protocol

import numpy as np

from sim.institutions import InstitutionState
from sim.mechanisms import disputes
from sim.mechanisms.disputes import Disputes, Settlers
from sim.mechanisms.requests import Requests
from sim.mechanisms.senses import Senses
from sim.params import Config
from sim.state import ACTIVE, AWARENESS_CUTS, AWARENESS_LEVELS, OCCASIONAL, ResidentState
from sim.world import collaboration
from sim.world.population import AGE_BANDS


class Observed(Protocol):
    """What the metrics read (a :class:`~sim.model.CommunityModel` is one)."""

    cfg: Config
    steps: int
    state: ResidentState
    institutions: InstitutionState
    requests: Requests
    disputes: Disputes
    senses: Senses
    settlers: Settlers
    initially_engaged: np.ndarray


Metric = Callable[[Observed], "float | dict[str, float]"]
METRICS: dict[str, Metric] = {}
"""Metrics of the time series (every step) and of the summary."""
FINAL_METRICS: dict[str, Metric] = {}
"""Breakdowns reported in the summary only (by group, hour and route), to keep the step cheap."""


def register(fn: Metric) -> Metric:
    """Register ``fn`` in :data:`METRICS` under its own name."""
    METRICS[fn.__name__] = fn
    return fn


def register_final(fn: Metric) -> Metric:
    """Register ``fn`` in :data:`FINAL_METRICS` under its own name."""
    FINAL_METRICS[fn.__name__] = fn
    return fn


@cache
def _columns(prefix: str, names: tuple[str, ...], suffix: str = "") -> tuple[str, ...]:
    """Column names ``<prefix><name><suffix>`` (built once per family)."""
    return tuple(f"{prefix}{name}{suffix}" for name in names)


def _share(mask: np.ndarray) -> float:
    return float(np.count_nonzero(mask) / mask.size) if mask.size else 0.0


@register
def participation_levels(m: Observed) -> dict[str, float]:
    """Shares of residents at each participation level.

    ``active_share``, ``occasional_share`` and ``passive_share``; they sum to 1.
    """
    level, n = m.state.level, max(m.state.n, 1)
    active, occasional = int(np.count_nonzero(level == ACTIVE)), int(np.count_nonzero(level == OCCASIONAL))
    return {
        "active_share": active / n,
        "occasional_share": occasional / n,
        "passive_share": (m.state.n - active - occasional) / n,
    }


@register
def awareness(m: Observed) -> dict[str, float]:
    """Shares of residents at each awareness level (``awareness_<level>_share``).

    Levels by :data:`sim.state.AWARENESS_CUTS`: below 1/3 individual, below 2/3 collective, else
    community.
    """
    a, n = m.state.awareness, max(m.state.n, 1)
    above: list[int] = [int(np.count_nonzero(a >= cut)) for cut in AWARENESS_CUTS]
    counts = [n - above[0], above[0] - above[1], above[1]] if m.state.n else [0, 0, 0]
    return dict(zip(_columns("awareness_", AWARENESS_LEVELS, "_share"), [c / n for c in counts], strict=True))


@register
def participations(m: Observed) -> dict[str, float]:
    """Participations today, in all and by channel (``participations``, ``participations_<channel>``)."""
    state = m.state
    out = dict(
        zip(_columns("participations_", state.channel_names), state.channel_today.tolist(), strict=True)
    )
    out["participations"] = float(state.today.sum(dtype=np.int64))
    return out


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


@register
def participation_inequality(m: Observed) -> dict[str, float]:
    """Inequality of participations per resident since step 0.

    ``participation_gini`` (Gini coefficient) and ``top10_participation_share`` (share of all
    participations made by the top 10% of residents).
    """
    total = m.state.total
    freq = np.bincount(total)
    return {
        "participation_gini": gini_of_counts(total, freq),
        "top10_participation_share": top_share_of_counts(total, 0.10, freq),
    }


@register
def trust(m: Observed) -> dict[str, float]:
    """Mean trust over residents, overall (``mean_trust``) and per institution (``trust_<name>``)."""
    state = m.state
    per = state.trust.mean(axis=1)
    out = dict(zip(_columns("trust_", state.institutions), per.tolist(), strict=True))
    out["mean_trust"] = float(per.mean())
    return out


@register
def mean_awareness(m: Observed) -> float:
    """Mean awareness over residents."""
    state = m.state
    return float(state.awareness.mean())


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else math.nan


@register
def initially_passive_active_share(m: Observed) -> float:
    """Share active now among the residents who were passive at step 0."""
    was_not = m.initially_engaged  # few: count the active among them, not among the many passive
    passive = m.state.n - was_not.size
    active = np.count_nonzero(m.state.level == ACTIVE) - np.count_nonzero(m.state.level[was_not] == ACTIVE)
    return float(active / passive) if passive else 0.0


@register
def org_membership_share(m: Observed) -> float:
    """Share of residents who belong to a community social organisation."""
    return _share(m.institutions.organisations.org_of != -1)


@register
def mediator_share(m: Observed) -> float:
    """Share of residents trained as resident mediators."""
    return _share(m.institutions.mediator)


@register
def homeowners_committee(m: Observed) -> dict[str, float]:
    """Whether a homeowners' committee exists, has ever formed, and when it last formed.

    ``hoa_formed`` (1 if it exists now), ``hoa_ever_formed`` (1 if one has formed since step 0) and
    ``hoa_formed_day`` (the day it last formed; NaN if never).
    """
    hoa = m.institutions.homeowners
    return {
        "hoa_formed": float(hoa.formed),
        "hoa_ever_formed": float(hoa.formed_day is not None),
        "hoa_formed_day": math.nan if hoa.formed_day is None else hoa.formed_day,
    }


@register
def service_requests(m: Observed) -> dict[str, float]:
    """Requests raised, answered, answered share, after-hours answered share and answer delay.

    ``requests_answered_share`` = answered / (answered + dropped) over all closed requests;
    ``after_hours_answered_share`` the same over requests first raised outside office hours (the
    hours of the committee's staffed request channels, :func:`sim.mechanisms.requests.office_hours`);
    ``mean_answer_delay`` = mean days waited by answered requests.
    """
    r = m.requests
    answered, dropped = r.answered_by_hour, r.dropped_by_hour
    after = r.after_hours
    return {
        "requests_raised": float(r.raised_by_hour.sum()),
        "requests_answered": float(answered.sum()),
        "requests_answered_share": _ratio(answered.sum(), answered.sum() + dropped.sum()),
        "after_hours_answered_share": _ratio(
            answered[after].sum(), answered[after].sum() + dropped[after].sum()
        ),
        "mean_answer_delay": _ratio(r.delay_sum, answered.sum()),
    }


@register_final
def requests_by_route_and_hour(m: Observed) -> dict[str, float]:
    """Requests answered by each route (``requests_answered_<route>``) and answered share by hour.

    ``requests_answered_share_hHH`` = answered / (answered + dropped) among requests first raised at
    hour HH, for the waking hours (``community.wake_hour`` to ``sleep_hour``) in which requests are raised.
    """
    r, c = m.requests, m.cfg.community
    answered, dropped = r.answered_by_hour, r.dropped_by_hour
    out = {f"requests_answered_{name}": float(v) for name, v in zip(r.answerers, r.answered_by, strict=True)}
    out.update(
        {
            f"requests_answered_share_h{h:02d}": _ratio(answered[h], answered[h] + dropped[h])
            for h in range(int(c.wake_hour), math.ceil(c.sleep_hour))
        }
    )
    return out


@register
def dispute_outcomes(m: Observed) -> dict[str, float]:
    """Disputes raised, settled by level, grassroots share, days to settle and social-risk events.

    ``disputes_grassroots_share`` = settled by self, mediator, organisation or worker / (all settled +
    risk events); ``disputes_settled_share`` = all settled / (all settled + risk events);
    ``risk_events_per_1000_households_year`` = risk events * 1000 / households * 365 / days.
    """
    d = m.disputes
    settled = d.settled
    grassroots = settled[: len(disputes.GRASSROOTS)].sum()
    ended = settled.sum() + d.risk_events
    days = max(m.steps, 1)
    out = {
        "disputes_raised": float(d.raised),
        "disputes_open": float(d.open),
        "disputes_grassroots_share": _ratio(grassroots, ended),
        "disputes_settled_share": _ratio(settled.sum(), ended),
        "mean_days_to_settle": _ratio(d.days_to_settle, settled.sum()),
        "risk_events": float(d.risk_events),
        "risk_events_per_1000_households_year": d.risk_events * 1000.0 / m.settlers.households * 365.0 / days,
    }
    out.update(dict(zip(_columns("disputes_settled_", disputes.LEVELS), settled.tolist(), strict=True)))
    return out


def _happiness(m: Observed) -> np.ndarray:
    sv = m.senses
    return (sv.gain + sv.security + sv.belonging + m.state.trust.mean(axis=0)) / 4.0


def _group_means(values: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """Mean of ``values`` within each label ``0 .. count-1`` (NaN for an empty group)."""
    sizes = np.bincount(labels, minlength=count)
    sums = np.bincount(labels, weights=values, minlength=count)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / sizes


def _senses(m: Observed) -> dict[str, np.ndarray]:
    return {
        "gain": m.senses.gain,
        "happiness": _happiness(m),
        "security": m.senses.security,
        "belonging": m.senses.belonging,
    }


@register
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


@register_final
def four_senses_by_group(m: Observed) -> dict[str, float]:
    """Mean of each sense by tenure and age band.

    Columns ``sense_<name>_<group>`` for the groups ``owner``, ``tenant``, ``age18_34``,
    ``age35_59`` and ``age60plus``.
    """
    pop = m.state.population
    ages = [f"age{band.replace('-', '_').replace('+', 'plus')}" for band in AGE_BANDS]
    out = {}
    for name, v in _senses(m).items():
        tenant, owner = _group_means(v, pop.owner.view(np.int8), 2)
        out[f"sense_{name}_owner"], out[f"sense_{name}_tenant"] = float(owner), float(tenant)
        by_age = _group_means(v, pop.age_band, len(AGE_BANDS))
        out.update({f"sense_{name}_{group}": float(x) for group, x in zip(ages, by_age, strict=True)})
    return out


@register
def collaboration_structure(m: Observed) -> dict[str, float]:
    """Density and degree centralisation of the joint-handling graph of the present actors."""
    present = m.institutions.actors_present()
    graph = m.institutions.collaboration
    return {
        "collaboration_density": collaboration.density(graph, present),
        "collaboration_centralisation": collaboration.centralisation(graph, present),
    }


def measure(m: Observed, registry: dict[str, Metric] = METRICS) -> dict[str, float]:
    """Evaluate every metric of ``registry`` (default: the time-series metrics) into one flat row."""
    row: dict[str, float] = {}
    for fn in registry.values():
        value = fn(m)
        row.update(value if isinstance(value, dict) else {fn.__name__: value})
    return row
