"""Drawing the residents' static attributes (sim.world.population)."""

import dataclasses

import numpy as np
import pytest

from sim.params import CommunityParams
from sim.world.population import draw_population

N = 200_000


def _params(**kw) -> CommunityParams:
    return dataclasses.replace(CommunityParams(), **kw)


def _close(share: float, p: float, n: int) -> bool:
    """``share`` of ``n`` Bernoulli(p) draws is within 4 standard errors of ``p``."""
    return abs(share - p) <= 4 * np.sqrt(p * (1 - p) / n) + 1e-12


PARAMS = dict(
    owner_share=0.7,
    youth_share=0.3,
    senior_share=0.25,
    busy_share=0.6,
    digital_young=0.95,
    digital_senior=0.45,
    party_share=0.07,
)


@pytest.fixture(scope="module")
def big():
    params = _params(residents=N, **PARAMS)
    return params, draw_population(params, np.random.default_rng(2024))


def test_draw_population_size_matches_residents(big):
    params, pop = big
    for field in dataclasses.fields(pop):
        assert getattr(pop, field.name).shape == (N,), field.name


def test_draw_population_age_bands_match_shares_within_4_se(big):
    params, pop = big
    shares = np.bincount(pop.age_band, minlength=3) / N
    assert _close(shares[0], params.youth_share, N)
    assert _close(shares[1], 1 - params.youth_share - params.senior_share, N)
    assert _close(shares[2], params.senior_share, N)


def test_draw_population_owner_and_party_shares_within_4_se(big):
    params, pop = big
    assert _close(pop.owner.mean(), params.owner_share, N)
    assert _close(pop.party.mean(), params.party_share, N)


def test_draw_population_seniors_never_busy_others_busy_at_busy_share(big):
    params, pop = big
    senior = pop.age_band == 2
    assert not pop.busy[senior].any()
    assert _close(pop.busy[~senior].mean(), params.busy_share, int((~senior).sum()))


def test_draw_population_digital_access_follows_the_two_age_parameters(big):
    params, pop = big
    senior = pop.age_band == 2
    assert _close(pop.digital[senior].mean(), params.digital_senior, int(senior.sum()))
    assert _close(pop.digital[~senior].mean(), params.digital_young, int((~senior).sum()))
    expected = params.senior_share * params.digital_senior + (1 - params.senior_share) * params.digital_young
    assert _close(pop.digital.mean(), expected, N)  # marginally Bernoulli(expected), independently


def test_draw_population_ownership_and_party_independent_of_age(big):
    # attributes are drawn independently per resident: the owner share is the same in every age band
    params, pop = big
    for band in range(3):
        k = int((pop.age_band == band).sum())
        assert _close(pop.owner[pop.age_band == band].mean(), params.owner_share, k), band
        assert _close(pop.party[pop.age_band == band].mean(), params.party_share, k), band


def test_draw_population_busy_independent_of_digital_among_working_age(big):
    params, pop = big
    young = pop.age_band < 2
    digital_young = young & pop.digital
    assert _close(pop.busy[digital_young].mean(), params.busy_share, int(digital_young.sum()))


def test_draw_population_same_seed_same_residents():
    params = _params(residents=500)
    a = draw_population(params, np.random.default_rng(5))
    b = draw_population(params, np.random.default_rng(5))
    c = draw_population(params, np.random.default_rng(6))
    names = [f.name for f in dataclasses.fields(a)]
    assert all(np.array_equal(getattr(a, k), getattr(b, k)) for k in names)
    assert not all(np.array_equal(getattr(a, k), getattr(c, k)) for k in names)


def test_draw_population_extreme_shares_are_exact():
    params = _params(
        residents=2000,
        owner_share=1.0,
        party_share=0.0,
        busy_share=1.0,
        digital_young=1.0,
        digital_senior=0.0,
    )
    pop = draw_population(params, np.random.default_rng(1))
    senior = pop.age_band == 2
    assert pop.owner.all() and not pop.party.any()
    assert pop.busy[~senior].all() and not pop.busy[senior].any()
    assert pop.digital[~senior].all() and not pop.digital[senior].any()


def test_draw_population_no_seniors_and_no_youth_all_middle_aged():
    pop = draw_population(
        _params(residents=1000, youth_share=0.0, senior_share=0.0), np.random.default_rng(1)
    )
    assert (pop.age_band == 1).all()


def test_draw_population_youth_and_senior_shares_over_one_leave_no_middle_band_and_renormalise():
    # youth 0.6 + senior 0.6 > 1: no middle band; the two shares are renormalised to 1/2 each
    n = 100_000
    pop = draw_population(_params(residents=n, youth_share=0.6, senior_share=0.6), np.random.default_rng(3))
    assert not (pop.age_band == 1).any()
    assert _close((pop.age_band == 2).mean(), 0.5, n)


def test_draw_population_empty_community_has_no_residents():
    pop = draw_population(_params(residents=0), np.random.default_rng(1))
    assert all(getattr(pop, f.name).size == 0 for f in dataclasses.fields(pop))
