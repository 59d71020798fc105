"""ABC-SMC in batches (experiments.calibration.abc) on a toy model with a known answer: no simulation runs."""

import warnings

import numpy as np
import pandas as pd
import pyabc
import pytest

from experiments.calibration.abc import Settings, load_prior, propose, run, sample_prior

TRUE = {"a": 0.3, "b": 0.7}


def toy_evaluator(calls: list[tuple[int, int, int]]):
    """Distance of (a, b) to TRUE, with a little noise; records every call (generation, batch, size)."""
    noise = np.random.default_rng(5)

    def evaluate(t, b, candidates):
        calls.append((t, b, len(candidates)))
        d = np.hypot(candidates["a"] - TRUE["a"], candidates["b"] - TRUE["b"])
        return pd.DataFrame({"distance": d + 0.01 * noise.random(len(candidates)), "a_seen": candidates["a"]})

    return evaluate


PRIOR = pyabc.Distribution(a=pyabc.RV("uniform", 0, 1), b=pyabc.RV("uniform", 0, 1))
SETTINGS = Settings(population=40, batch=40, max_batches=3, generations=5)


@pytest.fixture(scope="module")
def generations():
    return run(PRIOR, toy_evaluator([]), SETTINGS, seed=1)


def test_posterior_concentrates_on_the_true_values_and_epsilon_shrinks(generations):
    eps = [g.epsilon for g in generations]
    assert all(later < earlier for earlier, later in zip(eps, eps[1:], strict=False))
    first, last = generations[0].particles, generations[-1].particles
    for key, value in TRUE.items():
        mean = np.average(last[key], weights=last["weight"])
        assert abs(mean - value) < 0.05
        assert np.sqrt(np.cov(last[key], aweights=last["weight"])) < 0.5 * first[key].std()


def test_every_generation_accepts_within_epsilon_with_normalised_weights_and_keeps_scores(generations):
    for g in generations:
        p = g.particles
        assert len(p) <= SETTINGS.population and (p["distance"] <= g.epsilon).all()
        assert p["weight"].sum() == pytest.approx(1.0) and (p["weight"] > 0).all()
        assert (p["a_seen"] == p["a"]).all()  # the evaluator's columns stay with their particle
        assert 0 < g.ess <= len(p) + 1e-9


def test_batches_are_named_by_generation_and_number_and_capped():
    calls: list[tuple[int, int, int]] = []
    gens = run(PRIOR, toy_evaluator(calls), Settings(40, 20, 2, 3), seed=1)
    assert calls[0] == (0, 0, 80)  # generation 0: population / alpha from the prior
    assert {(t, b) for t, b, _ in calls[1:]} <= {(t, b) for t in (1, 2) for b in (0, 1)}
    assert [g.candidates for g in gens[1:]] == [sum(n for t, _, n in calls if t == g.t) for g in gens[1:]]


def test_same_seed_same_posterior_other_seed_other_draws():
    a = run(PRIOR, toy_evaluator([]), Settings(10, 10, 1, 2), seed=3)[-1].particles
    b = run(PRIOR, toy_evaluator([]), Settings(10, 10, 1, 2), seed=3)[-1].particles
    c = run(PRIOR, toy_evaluator([]), Settings(10, 10, 1, 2), seed=4)[-1].particles
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["a"].to_numpy()[:3], c["a"].to_numpy()[:3])


def test_prior_file_bounds_are_checked_and_unknown_keys_left_out(tmp_path):
    path = tmp_path / "priors.yaml"
    path.write_text("participation.b0: {low: -9.0, high: -5.0}\nparticipation.b_nothing: {low: 0, high: 1}\n")
    with pytest.warns(UserWarning, match="b_nothing"):
        prior = load_prior(path)
    assert list(prior) == ["participation.b0"]
    draws = sample_prior(prior, 200, np.random.default_rng(0))["participation.b0"]
    assert draws.between(-9.0, -5.0).all() and draws.std() > 0.5
    path.write_text("participation.b0: {low: -90.0, high: -5.0}\n")
    with pytest.raises(ValueError, match=r"participation.b0: \[-90.0, -5.0\]"):
        load_prior(path)


def test_project_prior_fits_participation_coefficients_and_a_membership_rate():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # participation.b_owner is fitted once the engine has it
        keys = list(load_prior())
    assert {"participation.b0", "participation.b_aware", "institutions.organisations.recruit_rate"} <= set(
        keys
    )


def test_wider_kernel_spreads_the_children_of_the_same_parents_more(monkeypatch):
    wide = pyabc.Distribution(a=pyabc.RV("uniform", -100, 200), b=pyabc.RV("uniform", -100, 200))
    parents = pd.DataFrame(np.random.default_rng(0).normal(size=(40, 2)), columns=["a", "b"])
    parents["weight"] = 1 / 40

    def spread(scaling):
        kernel = pyabc.MultivariateNormalTransition(scaling=scaling)
        kernel.fit(parents[["a", "b"]], parents["weight"].to_numpy())
        return propose(kernel, parents, wide, 4000, np.random.default_rng(1)).var().sum()

    # children's variance = parents' x (1 + bw^2 x scaling), Silverman bw^2 ~ 0.3 at 40 particles in 2-D
    assert spread(4.0) / spread(1.0) == pytest.approx((1 + 4 * 0.29) / (1 + 0.29), rel=0.15)
    made, original = [], pyabc.MultivariateNormalTransition

    def recording(scaling=1.0):
        made.append(scaling)
        return original(scaling=scaling)

    monkeypatch.setattr(pyabc, "MultivariateNormalTransition", recording)
    run(PRIOR, toy_evaluator([]), Settings(10, 10, 1, 3, scaling=2.5), seed=1)
    assert made == [2.5, 2.5]  # the run's kernels take the settings' scaling


def test_unweighted_epsilon_is_the_plain_quantile_of_the_previous_distances():
    quantile = pyabc.weighted_statistics.weighted_quantile
    gens = run(PRIOR, toy_evaluator([]), Settings(30, 30, 2, 3, alpha=0.5, weighted=False), seed=1)
    for previous, g in zip(gens, gens[1:], strict=False):
        d = previous.particles["distance"].to_numpy()
        assert g.epsilon == pytest.approx(quantile(d, alpha=0.5))
    last = gens[-2].particles  # weights differ after generation 0, so the two quantiles do too
    assert quantile(last["distance"].to_numpy(), last["weight"].to_numpy(), alpha=0.5) != pytest.approx(
        gens[-1].epsilon
    )
