from __future__ import annotations

from experiments.sensitivity import analyze, n_samples, sample, sample_values

PARAMS = {"a": [0.0, 1.0], "b": [0.0, 1.0], "c": [0.0, 1.0]}


def test_sample_sizes_morris_and_sobol_follow_salib_formulas():
    assert n_samples({"method": "morris", "n": 5, "levels": 4, "seed": 1, "parameters": PARAMS}) == 5 * 4
    assert n_samples({"method": "sobol", "n": 16, "seed": 1, "parameters": PARAMS}) == 16 * 5
    assert n_samples({"method": "none"}) == 0


def test_sample_values_row_matches_matrix_and_bounds():
    spec = {"method": "sobol", "n": 8, "seed": 2, "parameters": {"x.y": [2.0, 3.0], "z": [0.0, 1.0]}}
    row = sample_values(spec, 3)
    assert list(row) == ["x.y", "z"] and row["x.y"] == sample(spec)[3, 0] and 2.0 <= row["x.y"] <= 3.0


def test_analyze_linear_model_ranks_strongest_first():
    for spec in (
        {"method": "morris", "n": 20, "levels": 4, "seed": 1, "parameters": PARAMS},
        {"method": "sobol", "n": 64, "seed": 1, "parameters": PARAMS},
    ):
        x = sample(spec)
        y = 5 * x[:, 1] + 1 * x[:, 0] + 0 * x[:, 2]
        table = analyze(spec, y)
        assert table["parameter"].tolist()[:2] == ["b", "a"] and (table["rank"] == [1, 2, 3]).all()
