"""Sample designs of a sensitivity analysis (experiments.design.sampling): sizes, rows and whole numbers."""

from __future__ import annotations

from experiments.design.sampling import n_samples, sample, sample_values

PARAMS = {"a": [0.0, 1.0], "b": [0.0, 1.0], "c": [0.0, 1.0]}


def test_sample_sizes_morris_and_sobol_follow_salib_formulas():
    assert n_samples({"method": "morris", "n": 5, "levels": 4, "seed": 1, "parameters": PARAMS}) == 5 * 4
    assert n_samples({"method": "sobol", "n": 16, "seed": 1, "parameters": PARAMS}) == 16 * 5
    assert n_samples({"method": "none"}) == 0


def test_sample_values_row_matches_matrix_and_bounds():
    spec = {"method": "sobol", "n": 8, "seed": 2, "parameters": {"x.y": [2.0, 3.0], "z": [0.0, 1.0]}}
    row = sample_values(spec, 3)
    assert list(row) == ["x.y", "z"] and row["x.y"] == sample(spec)[3, 0] and 2.0 <= row["x.y"] <= 3.0


def test_sample_values_are_whole_numbers_for_integer_parameters():
    spec = {
        "method": "sobol",
        "n": 8,
        "seed": 1,
        "parameters": {"participation.window": [15, 45], "z": [0, 1]},
    }
    values = [sample_values(spec, row) for row in range(n_samples(spec))]
    assert all(
        isinstance(v["participation.window"], int) and 15 <= v["participation.window"] <= 45 for v in values
    )
    assert any(v["z"] != round(v["z"]) for v in values)
