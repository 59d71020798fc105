from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from omegaconf import OmegaConf

from experiments.analysis.sensitivity import MEAN, analyse_folder, analyze, design_of, indices, per_sample
from experiments.design.sampling import sample
from experiments.results.collect import INDICES_TABLE
from sim.validate import ConfigError

PARAMS = {"a": [0.0, 1.0], "b": [0.0, 1.0], "c": [0.0, 1.0]}


def test_analyze_linear_model_ranks_strongest_first():
    for spec in (
        {"method": "morris", "n": 20, "levels": 4, "seed": 1, "parameters": PARAMS},
        {"method": "sobol", "n": 64, "seed": 1, "parameters": PARAMS},
    ):
        x = sample(spec)
        y = 5 * x[:, 1] + 1 * x[:, 0] + 0 * x[:, 2]
        table = analyze(spec, y)
        assert table["parameter"].tolist()[:2] == ["b", "a"] and (table["rank"] == [1, 2, 3]).all()


def _results(spec, noise):
    x = sample(spec)
    rows = []
    for seed, scale in enumerate(noise):
        rng = np.random.default_rng(seed)
        y = 5 * x[:, 1] + x[:, 0] + scale * rng.standard_normal(len(x))
        rows.append(pd.DataFrame({"sweep.sample": range(len(x)), "seed": seed, "y": y}))
    return pd.concat(rows, ignore_index=True)


def test_indices_per_seed_and_for_the_mean_over_seeds():
    spec = {"method": "sobol", "n": 64, "seed": 1, "parameters": PARAMS}
    table = indices(spec, _results(spec, [0.1, 0.1]), ("y",))
    assert sorted(table["seed"].unique()) == ["0", "1", MEAN] and len(table) == 3 * 3
    for _, one in table.groupby("seed"):
        ranked = one.sort_values("rank")
        assert ranked["parameter"].tolist() == ["b", "a", "c"]
        b = ranked.iloc[0]
        assert b["S1"] - b["S1_conf"] < 25 / 26 < b["S1"] + b["S1_conf"] + 0.05  # analytic S1 of b


def test_indices_refuse_a_design_with_a_missing_row():
    spec = {"method": "morris", "n": 4, "levels": 4, "seed": 1, "parameters": PARAMS}
    results = _results(spec, [0.0])
    with pytest.raises(ConfigError, match="rows 3"):
        indices(spec, results[results["sweep.sample"] != 3], ("y",))
    with pytest.raises(ConfigError, match="outcome"):
        indices(spec, results, ("nosuch",))


@pytest.mark.slow  # the channel design has 52 parameters: 53 rows x 2 seeds, about 2 min
def test_analyse_folder_of_a_real_design(tmp_path, tiny_sweep):
    out = tmp_path / "sweep"
    tiny_sweep(out, "experiment=sensitivity_morris", "sensitivity.n=1", "burn_in=30", "measure_from=0")
    table = analyse_folder(out, ("occasional_share",))  # 60 days hold no sustained (active) record
    assert (out / INDICES_TABLE).is_file() and set(table["seed"]) == {"0", "1", MEAN}
    assert len(table) == 3 * 52 and table["mu_star"].ge(0).all() and table["mu_star"].gt(0).any()


def test_design_of_a_folder_is_the_one_it_ran_last(tmp_path):
    grown = {"method": "morris", "n": 6, "levels": 4, "seed": 1, "parameters": {"a": [0.0, 1.0]}}
    older = [{"sensitivity": {**grown, "n": 4}}]
    assert design_of(tmp_path, older)["n"] == 4  # no sweep config: the jobs' manifests
    OmegaConf.save(
        OmegaConf.create({"sweep": {"name": "x"}, "sensitivity": grown}), tmp_path / "multirun.yaml"
    )
    assert design_of(tmp_path, older) == grown


def test_per_sample_gives_back_rows_whose_config_equals_another_rows():
    # rows 1 and 2 rounded to the same config: collect kept one result per config and seed
    results = pd.DataFrame(
        {
            "sweep.sample": [0, 0, 1, 1],
            "seed": [0, 1, 0, 1],
            "config_hash": ["a", "a", "b", "b"],
            "y": [1, 2, 3, 4],
        }
    )
    manifests = [{"params": {"sweep.sample": k}, "config_hash": h} for k, h in ((0, "a"), (1, "b"), (2, "b"))]
    rows = per_sample(results, manifests).set_index(["sweep.sample", "seed"])["y"]
    assert rows.to_dict() == {(0, 0): 1, (0, 1): 2, (1, 0): 3, (1, 1): 4, (2, 0): 3, (2, 1): 4}
