"""Seeded-ensemble tests: each institution mechanism, switched on, moves its metric the expected way.

Comparisons are paired by seed (common random numbers) and use a one-sided paired t-test at 1%.
"""

import numpy as np
import pytest
from scipy import stats

import sim

SMALL = ["community.residents=1500", "steps=240"]
SEEDS = range(6)


def _final(scenario: str, metric: str, extra: tuple[str, ...] = (), last: int = 1) -> np.ndarray:
    """The metric averaged over the ``last`` steps of each seed's run."""
    out = []
    for seed in SEEDS:
        model = sim.CommunityModel(sim.load_config(scenario, [*SMALL, *extra, f"seed={seed}"]))
        model.run()
        out.append(model.timeseries()[metric].iloc[-last:].mean())
    return np.array(out, dtype=float)


def _greater(a: np.ndarray, b: np.ndarray) -> bool:
    """``a`` exceeds ``b`` on average, paired by seed (one-sided paired t-test at 1%)."""
    return bool(stats.ttest_rel(a, b, alternative="greater").pvalue < 0.01)


def test_digital_platform_raises_after_hours_answered_share():
    assert _greater(
        _final("digital_platform", "after_hours_answered_share"),
        _final("urban_baseline", "after_hours_answered_share"),
    )


def test_grid_management_raises_grassroots_share_and_lowers_risk_events():
    assert _greater(
        _final("grid_management", "disputes_grassroots_share"),
        _final("urban_baseline", "disputes_grassroots_share"),
    )
    stress = ("services.dispute_rate=3.0",)  # enough disputes for risk events in a small community
    risk_base = _final("urban_baseline", "risk_events_per_1000_households_year", stress)
    risk_grid = _final("grid_management", "risk_events_per_1000_households_year", stress)
    assert _greater(risk_base, risk_grid)


def test_social_worker_programme_raises_active_share_of_previously_passive():
    assert _greater(
        _final("social_worker_programme", "initially_passive_active_share", last=60),
        _final("urban_baseline", "initially_passive_active_share", last=60),
    )


def test_org_cultivation_raises_membership():
    assert _greater(
        _final("org_cultivation", "org_membership_share"), _final("urban_baseline", "org_membership_share")
    )


def test_proactive_service_settles_disputes_sooner_than_reactive():
    reactive = _final("proactive_service", "mean_days_to_settle", ("institutions.workers.proactive=false",))
    assert _greater(reactive, _final("proactive_service", "mean_days_to_settle"))


def test_committee_admin_burden_lowers_answered_requests():
    light = _final("urban_baseline", "requests_answered_share", ("institutions.committee.admin_share=0.1",))
    heavy = _final("urban_baseline", "requests_answered_share", ("institutions.committee.admin_share=0.9",))
    assert _greater(light, heavy)


def test_homeowners_committee_needs_owners_tenants_cannot_vote():
    cfg = sim.load_config(
        "urban_baseline", [*SMALL, "community.owner_share=0.0", "institutions.committee.hoa_quorum=0.0"]
    )
    model = sim.CommunityModel(cfg)
    model.run()
    assert model.summary()["hoa_formed"] == 0.0


def test_homeowners_committee_forms_at_first_assembly_without_quorum():
    cfg = sim.load_config(
        "urban_baseline",
        [*SMALL, "institutions.committee.hoa_quorum=0.0", "channels.homeowners_meeting.lapse_turnout=0.0"],
    )
    model = sim.CommunityModel(cfg)
    model.run()
    s = model.summary()
    assert s["hoa_formed"] == 1.0 and s["hoa_formed_day"] == 91  # first attempt on day 90


def test_risk_events_lower_the_sense_of_security():
    calm = _final("urban_baseline", "sense_security", ("services.dispute_growth=0.0",))
    tense = _final(
        "urban_baseline",
        "sense_security",
        ("services.dispute_growth=0.2", "institutions.committee.staff_cases_per_1000=0"),
    )
    assert _greater(calm, tense)


def test_fengqiao_preset_more_collaborative_than_baseline():
    assert _greater(
        _final("fengqiao", "collaboration_density"), _final("urban_baseline", "collaboration_density")
    )


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ("institutions.organisations.per_1000=-1", "institutions.organisations.per_1000"),
        ("institutions.committee.admin_share=1.5", "institutions.committee.admin_share"),
        ("institutions.committee.hoa_quorum=nan", "institutions.committee.hoa_quorum"),
        ("institutions.workers.grid=sometimes", "institutions.workers.grid"),
        ("services.patience=0", "services.patience"),
        ("services.dispute_rate=-0.1", "services.dispute_rate"),
    ],
)
def test_new_parameters_bad_value_one_line_error(override, key):
    with pytest.raises(sim.ConfigError, match=f"'{key}'"):
        sim.load_config("urban_baseline", [override])
