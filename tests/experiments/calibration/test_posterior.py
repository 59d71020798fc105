"""The posterior file and draws from it (experiments.calibration.posterior)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from experiments.calibration import posterior
from sim.params import locate, model_value


@pytest.fixture
def particles_file(tmp_path):
    table = pd.DataFrame({"participation.b0": [-7.0, -6.0, -5.0], "participation.b_aware": [8.0, 9.0, 10.0]})
    return posterior.write(table.assign(weight=[0.0, 3.0, 1.0]), tmp_path)


def test_draws_follow_the_weights_and_repeat_with_the_seed(particles_file):
    draws = posterior.draw(400, seed=0, path=particles_file)
    assert draws == posterior.draw(400, seed=0, path=particles_file)
    b0 = np.array([d["participation.b0"] for d in draws])
    assert -7.0 not in b0  # weight 0 never drawn
    assert np.mean(b0 == -6.0) == pytest.approx(0.75, abs=0.07)
    assert set(draws[0]) == {"participation.b0", "participation.b_aware"}


def test_draws_of_integer_parameters_are_whole_numbers_the_model_accepts(tmp_path):
    table = pd.DataFrame({"participation.active_acts": [3.4, 4.6], "participation.b0": [-7.25, -7.0]})
    path = posterior.write(table.assign(weight=[1.0, 1.0]), tmp_path)
    for values in posterior.draw(10, seed=0, path=path):
        assert values["participation.active_acts"] in (3, 5) and values["participation.b0"] in (-7.25, -7.0)
        sim.validate.validate(sim.params.with_values(sim.Config(), values))  # an int field takes it


def test_summary_has_weighted_medoid_median_and_intervals(particles_file):
    summary = pd.read_csv(particles_file.parent / "summary.csv").set_index("parameter")
    # pyabc's weighted quantile interpolates the weighted cdf at mid-steps: weights 0, .75, .25 put the
    # median a quarter of the way from -6 to -5, and the weight-0 particle nowhere
    assert summary.loc["participation.b0", "median"] == -5.75
    assert -6.0 <= summary.loc["participation.b0", "q025"] <= summary.loc["participation.b0", "q05"] <= -5.75
    # the medoid is the heavy particle (-6, 9): nearest to the others by weight
    assert summary.loc["participation.b0", "medoid"] == -6.0
    assert "| `participation.b0` | -6 | -5.75 |" in (particles_file.parent / "summary.md").read_text()


def test_missing_or_broken_file_is_a_clear_error(tmp_path):
    assert not posterior.exists(tmp_path / "particles.csv")
    with pytest.raises(FileNotFoundError, match="run cogov-calibrate first"):
        posterior.draw(1, seed=0, path=tmp_path / "particles.csv")
    (tmp_path / "particles.csv").write_text("participation.b0\n1.0\n")
    with pytest.raises(ValueError, match="'weight' column"):
        posterior.load(tmp_path / "particles.csv")


ARCHIVED_FIT = Path(__file__).resolve().parents[3] / "docs" / "calibration" / "points-construct"


def test_fitted_defaults_keep_the_archived_fit_medoid_until_the_fit_is_rerun():
    # the fit on the engagement-points construct is archived (docs/PARTICIPATION.md replaced its level
    # cut-offs: active_acts is new, occasional_min counts other points); the coefficients keep its medoid
    summary = pd.read_csv(ARCHIVED_FIT / "summary.csv")
    replaced = ("participation.active_min", "participation.occasional_min")  # the level cut-offs
    kept = [r for r in summary.itertuples() if r.parameter not in replaced]
    assert len(kept) == len(summary) - 2 >= 8
    with pytest.raises(KeyError):
        locate(sim.Config(), "participation.active_min")  # replaced by participation.active_acts
    for r in kept:
        parent, f = locate(sim.Config(), r.parameter)
        assert getattr(parent, f.name) == model_value(r.parameter, r.medoid), r.parameter
        source = f.metadata["source"]
        assert source.startswith("calibrated") and f"median {r.median:g}, 95% credible interval " in source
        assert f"[{r.q025:g}, {r.q975:g}]" in source, r.parameter


def test_no_posterior_is_installed_for_the_new_construct_yet():
    assert not posterior.exists()  # cogov-compare reports seed uncertainty only until the fit is re-run


def test_weighted_quantiles_random_particles_match_pyabc():
    pyabc = pytest.importorskip("pyabc")
    rng = np.random.default_rng(5)
    values, weights = rng.normal(size=200), rng.random(200)
    weights[::7] = 0.0
    keep = weights > 0
    kept, normalised = values[keep], weights[keep] / weights[keep].sum()
    quantile = pyabc.weighted_statistics.weighted_quantile
    expected = [quantile(kept, normalised, alpha=q) for q in posterior.QUANTILES]
    assert posterior.weighted_quantiles(values, weights, posterior.QUANTILES) == pytest.approx(expected)
