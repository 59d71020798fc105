"""The article's causal claims as tested patterns, all else equal, paired by seed (common random numbers).

Each claim compares a scenario with the same community without the one thing the claim is about, on
the summary (the measurement window after the onset). The fast versions (default run) ask for the
effect on every one of a few seeds; the slow versions use more seeds and a one-sided paired t-test
at 1%.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import sim

FAST = ["community.residents=1000", "steps=240", "burn_in=182"]
FAST_SEEDS = range(3)
FULL = ["community.residents=3000", "steps=365"]
FULL_SEEDS = range(8)
ACQUAINTANCES = (  # a semi-acquaintance network: twice the ties, clustered in hamlets (the rural kind)
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


def _summaries(preset: str, extra: tuple[str, ...], size: list[str], seeds: range) -> list[dict]:
    return [sim.simulate(sim.load_config(preset, [*size, *extra, f"seed={s}"])).summary for s in seeds]


def _engaged(summary: dict, group: str = "") -> float:
    suffix = f"_{group}" if group else ""
    return summary[f"active_share{suffix}"] + summary[f"occasional_share{suffix}"]


def _paired(a: np.ndarray, b: np.ndarray, fast: bool) -> bool:
    """``a`` exceeds ``b``: on every seed (fast) or by a one-sided paired t-test at 1% (full)."""
    if fast:
        return bool((a > b).all())
    return bool(stats.ttest_rel(a, b, alternative="greater").pvalue < 0.01)


def _claim(more: tuple[str, tuple[str, ...]], less: tuple[str, tuple[str, ...]], measure, fast: bool) -> bool:
    size, seeds = (FAST, FAST_SEEDS) if fast else (FULL, FULL_SEEDS)
    a = np.array([measure(s) for s in _summaries(*more, size, seeds)])
    b = np.array([measure(s) for s in _summaries(*less, size, seeds)])
    return _paired(a, b, fast)


CLAIMS = {
    # the article's first cause of passive participation: a community of strangers
    "acquaintances_engage_more_than_strangers": (
        ("urban_baseline", ACQUAINTANCES),
        ("urban_baseline", ()),
        _engaged,
    ),
    # party members lead by example: non-members take part more where party members demonstrate
    "party_demonstration_lifts_non_members": (
        ("party_demonstration", ()),
        ("urban_baseline", ()),
        lambda s: _engaged(s, "nonparty"),
    ),
    # more and better channels: deliberation platforms and a 24-hour platform raise active participation
    "deliberation_platforms_raise_active_share": (
        ("deliberation", ()),
        ("urban_baseline", ()),
        lambda s: s["active_share"],
    ),
    # the platform's uses are service use, not participation (docs/PARTICIPATION.md): it raises the
    # active share only by spill-over, +0.1 points with an interval across 0 at 3,000 residents, so
    # its claims are about the service it gives.
    # a 24-hour platform answers requests when the offices are closed
    "digital_platform_answers_more_after_hours": (
        ("digital_platform", ()),
        ("urban_baseline", ()),
        lambda s: s["after_hours_answered_share"],
    ),
    # proactive discovery (patrols) settles disputes sooner and while smaller, than waiting for complaints
    "proactive_service_settles_sooner": (
        ("proactive_service", ("institutions.workers.proactive=false", *STRESS)),
        ("proactive_service", STRESS),
        lambda s: s["mean_days_to_settle"],
    ),
    "proactive_service_settles_smaller": (
        ("proactive_service", ("institutions.workers.proactive=false", *STRESS)),
        ("proactive_service", STRESS),
        lambda s: s["mean_severity_at_settlement"],
    ),
    # organisations embedded in the community raise membership and grassroots mediation
    "organisations_raise_membership": (
        ("org_cultivation", ()),
        ("urban_baseline", ()),
        lambda s: s["org_membership_share"],
    ),
    # the street's whistle summons the departments when disputes escalate (alive under stress)
    "whistle_settles_escalating_disputes_at_the_street": (
        ("grid_management", WHISTLE_STRESS),
        ("grid_management", ("institutions.committee.whistle=false", *WHISTLE_STRESS)),
        lambda s: s["disputes_settled_street"],
    ),
    # home owners' stake in the compound: owners are engaged more often than tenants (DiPasquale &
    # Glaeser 1999), and the gap comes from the stake, not from who owners are
    "owners_stake_widens_owner_tenant_gap": (
        ("urban_baseline", ()),
        ("urban_baseline", ("participation.b_owner=0",)),
        lambda s: _engaged(s, "owner") / _engaged(s, "tenant"),
    ),
    # the 24-hour platform serves those who can use it: more of the requests of residents with
    # digital access are answered. (Whether it widens the gap to residents without access depends on
    # the load: at the calibrated defaults the gap widens by ~3 points on average but not on every
    # seed, and at three times the needs it narrows, because the phone and office capacity the
    # platform frees then serves the unconnected; so the gap is not stated as a claim.)
    "digital_platform_answers_the_connected": (
        ("digital_platform", ()),
        ("digital_platform", ("channels.mobile_platform.enabled=false",)),
        lambda s: s["requests_answered_share_digital"],
    ),
    # grid management costs grid workers' time: the ledger records it
    "grid_management_costs_grid_worker_hours": (
        ("grid_management", ()),
        ("urban_baseline", ()),
        lambda s: s["staff_hours_grid_workers"],
    ),
    # a consequence, not the switch itself: more organisations, more disputes mediated by residents
    # (organisations and the mediators they train) rather than left to the parties or paid staff
    "organisations_raise_residents_own_mediation": (
        ("org_cultivation", STRESS),
        ("urban_baseline", STRESS),
        lambda s: (
            (s["disputes_settled_organisation"] + s["disputes_settled_mediator"]) / s["disputes_raised"]
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_fast_holds_on_every_seed(name):
    more, less, measure = CLAIMS[name]
    assert _claim(more, less, measure, fast=True), name


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_full_holds_by_paired_t_test(name):
    more, less, measure = CLAIMS[name]
    assert _claim(more, less, measure, fast=False), name
