from __future__ import annotations

import numpy as np
import pandas as pd

from experiments.analysis.stats import bootstrap_mean_ci, holm, paired_vs_baseline


def test_holm_known_values_match_textbook():
    p = np.array([0.01, 0.04, 0.03, 0.005])
    np.testing.assert_allclose(holm(p), [0.03, 0.06, 0.06, 0.02])


def test_bootstrap_same_seed_same_interval():
    x = np.random.default_rng(3).normal(size=(30, 2))
    a = bootstrap_mean_ci(x, np.random.default_rng(5))
    b = bootstrap_mean_ci(x, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
    assert (a[0] < x.mean(axis=0)).all() and (x.mean(axis=0) < a[1]).all()


def test_paired_shift_with_shared_noise_detected():
    rng = np.random.default_rng(0)
    seeds = np.arange(20)
    noise = rng.normal(0, 1.0, size=20)  # common random numbers: shared by both scenarios
    rows = pd.DataFrame(
        {
            "seed": np.tile(seeds, 2),
            "scenario": ["base"] * 20 + ["new"] * 20,
            "m": np.concatenate([noise, noise + 0.3 + rng.normal(0, 0.01, 20)]),
            "same": np.concatenate([noise, noise]),
        }
    )
    out = paired_vs_baseline(rows, "scenario", "base", ["m", "same"], np.random.default_rng(1)).set_index(
        "metric"
    )
    assert out.loc["m", "ci_low"] > 0.25 and out.loc["m", "p_holm"] < 0.001 and out.loc["m", "d_z"] > 10
    assert out.loc["same", "diff"] == 0.0 and out.loc["same", "p_value"] == 1.0
