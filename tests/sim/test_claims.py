"""The article's causal claims, and its named mechanisms alive, as tested effects paired by seed.

Each entry compares a community with the same community without the one thing it is about, on the
summary, with common random numbers (the same seeds on both arms):

- :data:`CLAIMS` are the article's claims about *consequences* (more organisations, more disputes
  settled by residents; patrols, disputes settled while small and residents who feel safer), never
  a switch compared with itself off;
- :data:`ALIVE` shows that each mechanism the article names (the whistle, party leadership, the
  founding assembly's mobilisation, elections) acts at the defaults.

The fast versions (default run: small communities, a few months) ask for the sign on every seed. The
slow versions measure at steady state (3,000 residents, the second and third years after the onset,
:data:`FULL_SEEDS` paired seeds) and ask that the mean paired effect be at least the entry's
``minimum`` (the smallest effect it is about), that a one-sided paired t-test reject "no effect" at
1%, and that the mean lie in the entry's ``band`` (measured, with room). The measured effects, their
intervals and the power of each test at its minimum effect are in docs/PARTICIPATION.md ("The
article's claims, measured"); ``python tests/sim/test_claims.py`` measures them again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pytest
from scipy import stats

import sim

Arm = tuple[str, tuple[str, ...]]
FAST = ("community.residents=1000", "steps=240", "burn_in=182")
FAST_SEEDS = range(3)
FULL = ("community.residents=3000", "steps=1095", "measure_from=365")  # years 2-3 after the onset
FULL_SEEDS = range(8)
ACQUAINTANCES = (  # the rural preset's network on the urban population: twice the ties, in hamlets
    "community.network.kind=rural",
    "community.network.mean_degree=12",
    "community.network.local_share=0.85",
    "community.network.building_size=150",
    "community.network.rewire_prob=0.05",
)
STRESS = ("services.dispute_rate=3.0",)  # enough disputes in a small community
WHISTLE_STRESS = (  # disputes that grow fast and a committee with little time: some escalate
    "services.dispute_rate=3.0",
    "services.dispute_growth=0.15",
    "institutions.committee.staff_cases_per_1000=0.5",
)
ALPHA = 0.01


@dataclass(frozen=True)
class Effect:
    """``measure(more) - measure(less)`` is at least ``minimum``, around ``band`` at steady state.

    ``fast_extra`` is added to both arms of the fast version only: a small community over a few months
    needs more disputes to show what a large one shows over two years. ``size`` and ``seeds`` replace
    the steady-state size and seeds (an ensemble of small communities for a community-level outcome).
    """

    more: Arm
    less: Arm
    measure: Callable[[dict], float]
    minimum: float
    band: tuple[float, float]
    fast_extra: tuple[str, ...] = ()
    size: tuple[str, ...] = FULL
    seeds: range = FULL_SEEDS
    fast_seeds: range = field(default=FAST_SEEDS)
    ensemble: bool = False
    """A community-level outcome (0 or 1 per community): the fast version asks that no seed reverse
    the effect and some seed show it."""


def _engaged(summary: dict, group: str = "") -> float:
    suffix = f"_{group}" if group else ""
    return summary[f"active_share{suffix}"] + summary[f"occasional_share{suffix}"]


def _residents_mediation(s: dict) -> float:
    return (s["disputes_settled_organisation"] + s["disputes_settled_mediator"]) / s["disputes_raised"]


CLAIMS: dict[str, Effect] = {
    # the article's first cause of passive participation, a community of strangers: the network alone
    # (same population, awareness and channels), then the whole rural preset
    "acquaintances_engage_more_than_strangers_by_the_network_alone": Effect(
        ("urban_baseline", ACQUAINTANCES), ("urban_baseline", ()), _engaged, 0.01, (0.015, 0.08)
    ),
    "rural_community_engages_more_than_urban": Effect(
        ("rural", ()), ("urban_baseline", ()), _engaged, 0.05, (0.08, 0.35)
    ),
    # party members lead by example: non-members take part more where party members demonstrate
    "party_demonstration_lifts_non_members": Effect(
        ("party_demonstration", ()),
        ("urban_baseline", ()),
        lambda s: _engaged(s, "nonparty"),
        0.05,
        (0.07, 0.3),
    ),
    # deliberation platforms: more residents active, and more of those passive at the onset stay active
    "deliberation_platforms_raise_active_share": Effect(
        ("deliberation", ()), ("urban_baseline", ()), lambda s: s["active_share"], 0.01, (0.015, 0.07)
    ),
    "deliberation_platforms_make_a_lasting_shift": Effect(
        ("deliberation", ()),
        ("urban_baseline", ()),
        lambda s: s["lasting_shift_share"],
        0.005,
        (0.005, 0.025),
        # the forum meets over five evenings: at 1,000 residents and 240 days the shift is one or two
        # residents either way; a year at 2,000 shows it on every fast seed (+0.17 to +0.62 points)
        fast_extra=("community.residents=2000", "steps=365"),
    ),
    # the platform's uses are service use, not participation (docs/PARTICIPATION.md); what it gives is
    # service: a 24-hour platform answers requests when the offices are closed
    "digital_platform_answers_more_after_hours": Effect(
        ("digital_platform", ()),
        ("urban_baseline", ()),
        lambda s: s["after_hours_answered_share"],
        0.02,
        (0.025, 0.1),
    ),
    # proactive discovery (patrols) settles disputes sooner and while smaller than waiting for
    # complaints (measured as reactive minus proactive)
    "proactive_service_settles_sooner": Effect(
        ("proactive_service", ("institutions.workers.proactive=false",)),
        ("proactive_service", ()),
        lambda s: s["mean_days_to_settle"],
        0.5,
        (0.6, 2.5),
        fast_extra=STRESS,
    ),
    "proactive_service_settles_smaller": Effect(
        ("proactive_service", ("institutions.workers.proactive=false",)),
        ("proactive_service", ()),
        lambda s: s["mean_severity_at_settlement"],
        0.01,
        (0.02, 0.08),
        fast_extra=STRESS,
    ),
    # ... and so residents, who live through their neighbours' quarrels, feel safer
    "grid_patrols_make_residents_feel_safer": Effect(
        ("grid_management", ()),
        ("urban_baseline", ()),
        lambda s: s["sense_security"],
        0.001,
        (0.001, 0.004),
        fast_extra=STRESS,
    ),
    # more organisations, more disputes mediated by residents (organisations and the mediators they
    # train) rather than left to the parties or to paid staff
    "organisations_raise_residents_own_mediation": Effect(
        ("org_cultivation", ()),
        ("urban_baseline", ()),
        _residents_mediation,
        0.05,
        (0.1, 0.45),
        fast_extra=STRESS,
    ),
    # home owners' stake in the compound: owners are engaged more often than tenants (DiPasquale &
    # Glaeser 1999), and the gap comes from the stake, not from who owners are
    "owners_stake_widens_owner_tenant_gap": Effect(
        ("urban_baseline", ()),
        ("urban_baseline", ("participation.b_owner=0",)),
        lambda s: _engaged(s, "owner") / _engaged(s, "tenant"),
        0.2,
        (0.3, 1.3),
    ),
    # the 24-hour platform serves those who can use it: more of the requests of residents with digital
    # access are answered. (Whether it widens the gap to residents without access depends on the load,
    # so that gap is not stated as a claim.)
    "digital_platform_answers_the_connected": Effect(
        ("digital_platform", ()),
        ("digital_platform", ("channels.mobile_platform.enabled=false",)),
        lambda s: s["requests_answered_share_digital"],
        0.02,
        (0.025, 0.1),
    ),
    # the Fengqiao experience: residents active in governing raise their trust in its institutions
    "fengqiao_raises_trust": Effect(
        ("fengqiao", ()), ("urban_baseline", ()), lambda s: s["mean_trust"], 0.001, (0.0015, 0.006)
    ),
}

ALIVE: dict[str, Effect] = {
    # the street blows the whistle and departments report: the street office settles what escalates
    "whistle_brings_the_street_office_in": Effect(
        ("grid_management", ()),
        ("grid_management", ("institutions.committee.whistle=false",)),
        lambda s: s["disputes_settled_street"],
        1.0,
        (1.0, 6.0),
        fast_extra=WHISTLE_STRESS,
    ),
    # ... and intractable disputes no longer grow into social-risk events
    "whistle_prevents_social_risk_events": Effect(
        ("grid_management", ("institutions.committee.whistle=false",)),
        ("grid_management", ()),
        lambda s: s["risk_events"],
        1.0,
        (1.0, 5.0),
        fast_extra=WHISTLE_STRESS,
    ),
    # party leadership convenes the forums and councils jointly: party, committee and organisations
    "party_lead_joins_the_actors": Effect(
        ("fengqiao", ()),
        ("fengqiao", ("institutions.committee.party_lead=false",)),
        lambda s: s["collaboration_density"],
        0.02,
        (0.04, 0.17),
    ),
    # mobilising owners founds homeowners' committees where there are none (an ensemble of
    # communities: about four in ten have none at the default mobilisation)
    "mobilisation_founds_homeowners_committees": Effect(
        ("urban_baseline", ("institutions.committee.hoa_mobilisation=0.95",)),
        ("urban_baseline", ()),
        lambda s: s["hoa_ever_formed"],
        0.1,
        (0.1, 0.6),
        size=("community.residents=500", "steps=730", "measure_from=365"),
        seeds=range(24),
        fast_seeds=range(12),
        ensemble=True,
    ),
    # elections every three years: about half the residents vote (reported as voting, not as
    # co-governance; docs/PARTICIPATION.md)
    "elections_bring_residents_to_vote": Effect(
        ("urban_baseline", ()),
        ("urban_baseline", ("channels.election.enabled=false",)),
        lambda s: s["mode_share_voting"],
        0.2,
        (0.3, 0.6),
        fast_extra=("steps=600",),  # the election falls on day 545 of the run (363 after this onset)
        size=("community.residents=3000", "steps=365"),  # the first year holds the election (day 181)
    ),
}


def _measure(arm: Arm, size: list[str], seeds: range, measure: Callable[[dict], float]) -> np.ndarray:
    preset, extra = arm
    runs = [sim.simulate(sim.load_config(preset, [*_merge(size, extra), f"seed={s}"])).summary for s in seeds]
    return np.array([measure(s) for s in runs])


def _merge(*groups: tuple[str, ...]) -> list[str]:
    """Overrides in order, a later ``key=value`` replacing an earlier one of the same key."""
    return list({item.split("=", 1)[0]: item for group in groups for item in group}.values())


def differences(effect: Effect, fast: bool) -> np.ndarray:
    """Paired differences ``more - less``, one per seed, at the fast or the steady-state size."""
    size = _merge(FAST, effect.fast_extra) if fast else list(effect.size)
    seeds = effect.fast_seeds if fast else effect.seeds
    return _measure(effect.more, size, seeds, effect.measure) - _measure(
        effect.less, size, seeds, effect.measure
    )


def power(diff: np.ndarray, minimum: float, alpha: float = ALPHA) -> float:
    """Power of the one-sided paired t-test at ``alpha`` to detect ``minimum``, at ``diff``'s spread.

    Examples
    --------
    Four differences with mean 2 and sd 0.82: a one-sided test at 1% detects an effect of 2 two
    times in three.

    >>> round(power(np.array([1.0, 2.0, 3.0, 2.0]), 2.0), 2)
    0.65
    """
    n, sd = diff.size, diff.std(ddof=1)
    if np.isclose(sd, 0.0, atol=1e-12):  # the same effect on every seed
        return float(diff.mean() >= minimum)
    crit = stats.t.ppf(1.0 - alpha, n - 1)
    return float(stats.nct.sf(crit, n - 1, minimum / (sd / np.sqrt(n))))


ALL = {**CLAIMS, **ALIVE}


@pytest.mark.parametrize("name", sorted(ALL))
def test_effect_fast_has_its_sign_on_every_seed(name):
    diff = differences(ALL[name], fast=True)
    if ALL[name].ensemble:
        assert (diff >= 0).all() and diff.sum() > 0, (name, diff)
    else:
        assert (diff > 0).all(), (name, diff)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ALL))
def test_effect_full_at_least_its_minimum_significant_and_in_band(name):
    effect = ALL[name]
    diff = differences(effect, fast=False)
    lo, hi = effect.band
    assert diff.mean() >= effect.minimum, (name, diff.mean())
    same = np.isclose(diff.std(ddof=1), 0.0, atol=1e-12)  # the same effect on every seed: no test needed
    assert same or stats.ttest_1samp(diff, 0.0, alternative="greater").pvalue < ALPHA, (name, diff)
    assert lo <= diff.mean() <= hi, (name, diff.mean(), effect.band)


def _steady_state(name: str) -> np.ndarray:
    return differences(ALL[name], fast=False)


def _table(names: list[str]) -> None:
    """Print the measured effects (markdown rows) for docs/PARTICIPATION.md, two at a time."""
    print("| effect | mean | 95% interval | seeds | minimum | power at minimum |")
    print("|---|---:|---|---:|---:|---:|")
    with ProcessPoolExecutor(2) as pool:
        measured = pool.map(_steady_state, names)
    for name, d in zip(names, measured, strict=True):
        effect = ALL[name]
        half = stats.t.ppf(0.975, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size)
        print(
            f"| {name.replace('_', ' ')} | {d.mean():.4g} | [{d.mean() - half:.4g}, {d.mean() + half:.4g}] "
            f"| {d.size} | {effect.minimum:g} | {power(d, effect.minimum):.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    _table(sys.argv[1:] or list(ALL))
