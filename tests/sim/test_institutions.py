"""Seeded-ensemble tests: each institution mechanism, switched on, moves its metric the expected way.

Each metric is read from the run's summary (its measurement window: the days after the onset). The
full ensembles (1,500 residents, 240 days, 6 seeds) are paired by seed (common random numbers) and
use a one-sided paired t-test at 1%; they are marked slow. Each has a fast version in the default run
(800 residents, 150 days, 3 seeds) that asks for the effect on every seed, with contrasts chosen to
be large at that size.
"""

import numpy as np
import pytest
from scipy import stats

import sim

SMALL = ["community.residents=1500", "steps=240", "burn_in=182"]
SEEDS = range(6)
FAST = ["community.residents=800", "steps=150", "burn_in=120"]
FAST_SEEDS = range(3)
STRESS = ("services.dispute_rate=3.0",)  # enough disputes in a small community


def _final(
    scenario: str,
    metric: str,
    extra: tuple[str, ...] = (),
    size: list[str] = SMALL,
    seeds: range = SEEDS,
) -> np.ndarray:
    """The metric over each seed's measurement window (the summary: the whole run after the onset)."""
    out = []
    for seed in seeds:
        result = sim.simulate(sim.load_config(scenario, [*size, *extra, f"seed={seed}"]))
        out.append(result.summary[metric])
    return np.array(out, dtype=float)


def _fast(scenario: str, metric: str, extra: tuple[str, ...] = ()) -> np.ndarray:
    return _final(scenario, metric, extra, FAST, FAST_SEEDS)


def _greater(a: np.ndarray, b: np.ndarray) -> bool:
    """``a`` exceeds ``b`` on average, paired by seed (one-sided paired t-test at 1%)."""
    return bool(stats.ttest_rel(a, b, alternative="greater").pvalue < 0.01)


def _greater_every_seed(a: np.ndarray, b: np.ndarray) -> bool:
    """``a`` exceeds ``b`` for every seed (common random numbers)."""
    return bool((a > b).all())


# ------------------------------------------------------------------ fast versions (default run)
def test_digital_platform_fast_raises_after_hours_answered_share_on_every_seed():
    assert _greater_every_seed(
        _fast("digital_platform", "after_hours_answered_share"),
        _fast("urban_baseline", "after_hours_answered_share"),
    )


def test_grid_management_fast_settles_earlier_and_lowers_risk_events_on_every_seed():
    # patrols find disputes while they sprout and the whistle takes the intractable ones to the street
    severity = "mean_severity_at_settlement"
    assert _greater_every_seed(
        _fast("urban_baseline", severity, STRESS), _fast("grid_management", severity, STRESS)
    )
    risk = "risk_events_per_1000_households_year"
    assert _greater_every_seed(_fast("urban_baseline", risk, STRESS), _fast("grid_management", risk, STRESS))
    assert _fast("grid_management", "disputes_settled_street", STRESS).sum() > 0  # the whistle acts


def test_social_worker_programme_fast_raises_active_share_of_previously_passive_on_every_seed():
    # becoming active takes acts sustained over months: a larger community than FAST, so that the
    # formerly passive who become active are more than a handful (0.1-0.4% of residents)
    metric, size = "initially_passive_active_share", ["community.residents=2000", "steps=240", "burn_in=182"]
    programme = _final("social_worker_programme", metric, (), size, FAST_SEEDS)
    assert _greater_every_seed(programme, _final("urban_baseline", metric, (), size, FAST_SEEDS))


def test_org_cultivation_fast_cultivation_alone_raises_membership_on_every_seed():
    # same organisations with and without cultivation: the paired difference is cultivation's
    none = ("institutions.organisations.cultivation=0.0",)
    assert _greater_every_seed(
        _fast("org_cultivation", "org_membership_share"),
        _fast("org_cultivation", "org_membership_share", none),
    )


def test_proactive_service_fast_settles_disputes_sooner_on_every_seed():
    reactive = ("institutions.workers.proactive=false", *STRESS)
    assert _greater_every_seed(
        _fast("proactive_service", "mean_days_to_settle", reactive),
        _fast("proactive_service", "mean_days_to_settle", STRESS),
    )


def test_committee_admin_burden_fast_lowers_answered_requests_on_every_seed():
    light = _fast("urban_baseline", "requests_answered_share", ("institutions.committee.admin_share=0.1",))
    heavy = _fast("urban_baseline", "requests_answered_share", ("institutions.committee.admin_share=0.9",))
    assert _greater_every_seed(light, heavy)


def test_risk_events_fast_lower_the_sense_of_security_on_every_seed():
    calm = _fast("urban_baseline", "sense_security", ("services.dispute_growth=0.0",))
    tense = _fast(
        "urban_baseline",
        "sense_security",
        ("services.dispute_growth=0.2", "institutions.committee.staff_cases_per_1000=0"),
    )
    assert _greater_every_seed(calm, tense)


def test_fengqiao_fast_more_collaborative_than_baseline_on_every_seed():
    assert _greater_every_seed(
        _fast("fengqiao", "collaboration_density"), _fast("urban_baseline", "collaboration_density")
    )


# ------------------------------------------------------------------ full ensembles (slow)


@pytest.mark.slow
def test_digital_platform_raises_after_hours_answered_share():
    assert _greater(
        _final("digital_platform", "after_hours_answered_share"),
        _final("urban_baseline", "after_hours_answered_share"),
    )


@pytest.mark.slow
def test_grid_management_settles_earlier_and_lowers_risk_events():
    stress = ("services.dispute_rate=3.0",)  # enough disputes for shares and risk events in a small community
    assert _greater(
        _final("urban_baseline", "mean_severity_at_settlement", stress),
        _final("grid_management", "mean_severity_at_settlement", stress),
    )
    risk_base = _final("urban_baseline", "risk_events_per_1000_households_year", stress)
    risk_grid = _final("grid_management", "risk_events_per_1000_households_year", stress)
    assert _greater(risk_base, risk_grid)


@pytest.mark.slow
def test_social_worker_programme_raises_active_share_of_previously_passive():
    assert _greater(
        _final("social_worker_programme", "initially_passive_active_share"),
        _final("urban_baseline", "initially_passive_active_share"),
    )


@pytest.mark.slow
def test_org_cultivation_raises_membership():
    assert _greater(
        _final("org_cultivation", "org_membership_share"), _final("urban_baseline", "org_membership_share")
    )


@pytest.mark.slow
def test_proactive_service_settles_disputes_sooner_than_reactive():
    reactive = _final("proactive_service", "mean_days_to_settle", ("institutions.workers.proactive=false",))
    assert _greater(reactive, _final("proactive_service", "mean_days_to_settle"))


@pytest.mark.slow
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
    cfg = sim.load_config("urban_baseline", [*SMALL, "burn_in=0", "institutions.committee.hoa_quorum=0.0"])
    s = sim.simulate(cfg).summary
    assert s["hoa_formed_day"] == 91  # first attempt on day 90, formed from the next day
    assert s["hoa_formed"] == pytest.approx(150 / 240)  # the share of the window's days with a committee


def test_homeowners_committee_term_ends_with_a_reelection_that_can_fail():
    # a term of 100 days: re-elected (quorum 0) on day 190; with a quorum nobody reaches it lapses
    base = [*SMALL, "burn_in=0", "institutions.committee.hoa_term=100"]
    renewed = sim.simulate(
        sim.load_config("urban_baseline", [*base, "institutions.committee.hoa_quorum=0.0"])
    )
    assert renewed.summary["hoa_formed_day"] == 191 and renewed.summary["assemblies_held"] == 2
    model = sim.CommunityModel(
        sim.load_config("urban_baseline", [*base, "institutions.committee.hoa_quorum=0.0"])
    )
    model.run(100)  # formed on day 91
    model.cfg.institutions.committee.hoa_quorum = 1.0  # from now on no assembly reaches the quorum
    model.run(140)
    ts = model.timeseries()
    assert (
        ts.loc[ts.step == 190, "hoa_formed"].item() == 1.0
        and ts.loc[ts.step == 191, "hoa_formed"].item() == 0.0
    )


@pytest.mark.slow
def test_risk_events_lower_the_sense_of_security():
    calm = _final("urban_baseline", "sense_security", ("services.dispute_growth=0.0",))
    tense = _final(
        "urban_baseline",
        "sense_security",
        ("services.dispute_growth=0.2", "institutions.committee.staff_cases_per_1000=0"),
    )
    assert _greater(calm, tense)


@pytest.mark.slow
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
