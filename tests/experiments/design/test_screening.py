from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from omegaconf import OmegaConf

from experiments.analysis.sensitivity import analyze
from experiments.design import screening
from experiments.design.sampling import n_samples, sample, sample_values
from scenarios.load import load_config
from sim.params import Config, is_offer, leaves, value_of, with_values
from sim.simulation import simulate
from sim.validate import ConfigError, validate

PRESETS = ("urban_baseline", "fengqiao")
TINY = ["community.residents=300", "burn_in=60", "steps=120"]


@pytest.fixture(scope="module")
def configs() -> dict[str, Config]:
    return {preset: screening.preset_config(preset) for preset in PRESETS}


def test_screened_parameters_are_the_assumed_numbers_of_active_mechanisms(configs):
    for cfg in configs.values():
        table = screening.classify(cfg)
        kept = table[table["excluded"] == ""]
        assert kept["source"].str.startswith(screening.UNMEASURED).all()
        assert all(isinstance(v, int | float) and not isinstance(v, bool) and v != 0 for v in kept["value"])
        assert not kept["parameter"].map(is_offer).any()
        # every assumed parameter is either screened or left out by a named rule
        assumed = table[table["source"].str.startswith(screening.UNMEASURED)]
        assert (assumed["excluded"] != "measured").all() and len(assumed) == len(table) - (
            table["excluded"] == "measured"
        ).sum()
    base, feng = (screening.classify(configs[p]).set_index("parameter")["excluded"] for p in PRESETS)
    assert base["participation.b_aware"] == feng["participation.b_aware"] == ""
    assert base["participation.active_acts"] == "" and base["services.dispute_rate"] == ""
    assert base["community.network.household_size"] == "measured" and base["channels.forum.reach"] == "offer"
    # grid management: switched off in the baseline, screened where the preset runs it
    assert (
        base["institutions.workers.grid_cases"] == "switched off"
        and feng["institutions.workers.grid_cases"] == ""
    )
    # what fengqiao switches on at its onset is its intervention; in the baseline it is an assumption
    assert feng["institutions.organisations.per_1000"] == "intervention"
    assert base["institutions.organisations.per_1000"] == ""
    assert base["institutions.organisations.mediator_training"] == "absent"
    assert base["services.sense_step"] == "outcome-only" and base["scenario"] == "run setting"


def test_ranges_follow_the_documented_rule(configs):
    by_key = {leaf.key: leaf for leaf in leaves(configs["urban_baseline"])}
    rng = {
        k: screening.screening_range(by_key[k])
        for k in by_key
        if screening.exclusion(configs["urban_baseline"], by_key[k]) is None
    }
    b0 = by_key["participation.b0"].value
    assert rng["participation.b0"] == pytest.approx((b0 - 1, b0 + 1))  # logit: +-1
    assert rng["institutions.committee.vote_b0"] == (-2.0, 0.0)
    assert rng["institutions.committee.mediation_success"] == (0.35, 1.0)  # +-50%, clipped to a share
    assert rng["community.work_end"] == (17.0, 19.0)  # time of day: +-1 h
    assert rng["services.dispute_rate"] == (0.15, 0.45)
    for key, (lo, hi) in rng.items():
        leaf = by_key[key]
        assert lo < leaf.value < hi or leaf.value in (lo, hi), key
        if isinstance(leaf.value, int):  # whole numbers on each of the four Morris levels
            assert (hi - lo) % (screening.MORRIS_LEVELS - 1) == 0 and lo == int(lo), key
    with pytest.raises(ConfigError, match="institutions.workers.grid_cases.*switched off"):
        screening.ranges_of(configs["urban_baseline"], ["institutions.workers.grid_cases"])
    with pytest.raises(ConfigError, match="no.such"):
        screening.ranges_of(configs["urban_baseline"], ["no.such"])


def test_every_row_of_the_morris_designs_is_a_valid_config(configs):
    for cfg in configs.values():
        spec = screening.morris_spec(cfg, trajectories=2)
        for row in range(n_samples(spec)):
            values = sample_values(spec, row)
            validate(with_values(cfg, values))
            assert all(isinstance(values[k], int) for k in values if isinstance(value_of(cfg, k), int))


def test_checked_in_designs_are_those_of_the_metadata(configs):
    for preset, cfg in configs.items():
        morris = OmegaConf.to_container(OmegaConf.load(screening.experiment_path("morris", preset)))
        assert morris["sensitivity"]["parameters"] == screening.screened(cfg), f"rewrite {preset}'s design"
        assert morris["community"]["residents"] == screening.RESIDENTS
        assert (morris["steps"], morris["measure_from"]) == (screening.STEPS, screening.MEASURE_FROM)
        path = screening.experiment_path("sobol", preset)
        if path.is_file():
            sobol = OmegaConf.to_container(OmegaConf.load(path))["sensitivity"]
            keys = list(sobol["parameters"])
            assert sobol["parameters"] == screening.ranges_of(cfg, keys) and 5 <= len(keys) <= 7
            assert set(keys) <= set(morris["sensitivity"]["parameters"])


def test_sobol_design_takes_the_top_of_each_outcome():
    table = pd.DataFrame(
        {
            "outcome": ["y"] * 3 + ["z"] * 3,
            "seed": ["0"] * 6,
            "parameter": ["participation.b0", "participation.b_cost", "services.dispute_rate"] * 2,
            "mu_star": [4.0, 1.0, 0.0, 0.0, 0.001, 0.01],
        }
    )
    table = pd.concat([table, table.assign(seed="mean")])
    keys = screening.top_parameters(table, 2)
    assert keys == ["participation.b0", "services.dispute_rate"]  # the best of each outcome, at any scale
    assert screening.top_parameters(table, 3)[2] == "participation.b_cost"  # then the next of the first
    cfg = screening.preset_config("urban_baseline")
    spec = screening.sobol_spec(cfg, keys, base=8)
    b0 = cfg.participation.b0
    assert n_samples(spec) == 8 * 4 and spec["parameters"]["participation.b0"] == pytest.approx(
        [b0 - 1, b0 + 1]
    )


def test_sobol_command_refuses_a_folder_without_morris_indices(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        screening.main(["sobol", "fengqiao", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert stop.value.code == 2 and len(err.splitlines()) == 1 and "sensitivity_indices.csv" in err
    assert not screening.experiment_path("sobol", "nosuch").exists()
    with pytest.raises(SystemExit) as stop:
        screening.main(["sobol", "fengqiao", str(tmp_path), "--base", "48"])
    assert stop.value.code == 2 and "power of 2" in capsys.readouterr().err


def test_outcome_only_parameters_cannot_move_the_outcomes():
    cfg = load_config("urban_baseline", TINY)
    moved = {
        leaf.key: screening.screening_range(leaf)[1]
        for leaf in leaves(cfg)
        if screening.exclusion(cfg, leaf) == "outcome-only"
    }
    assert len(moved) >= 8
    base, other = simulate(cfg).summary, simulate(with_values(cfg, moved)).summary
    assert base["sense_security"] != other["sense_security"]  # they act, on the senses
    for outcome in ("active_share", "disputes_grassroots_share"):
        assert base[outcome] == other[outcome]


def test_morris_on_the_model_finds_inert_parameters_and_the_intercept_first():
    """fengqiao: grid workers take every dispute (social_cases never binds) and nothing reaches the
    whistle (whistle_delay) -- tests/sim/screen_cases.py INACTIVE; the logit intercept moves everyone."""
    cfg = load_config("fengqiao", TINY)
    keys = [
        "participation.b0",
        "participation.b_aware",
        "institutions.workers.social_cases",
        "institutions.committee.whistle_delay",
    ]
    by_key = {leaf.key: leaf for leaf in leaves(cfg)}
    spec = {
        "method": "morris",
        "n": 4,
        "levels": screening.MORRIS_LEVELS,
        "seed": 1,
        "parameters": {k: list(screening.screening_range(by_key[k])) for k in keys},
    }
    runs = [simulate(with_values(cfg, sample_values(spec, row))).summary for row in range(len(sample(spec)))]
    for outcome in ("active_share", "disputes_grassroots_share"):
        table = analyze(spec, np.array([r[outcome] for r in runs])).set_index("parameter")
        assert table.loc[keys[2:], "mu_star"].eq(0.0).all(), outcome  # common random numbers: exactly 0
        if outcome == "active_share":
            assert (
                table.loc["participation.b0", "rank"] == 1 and table.loc["participation.b0", "mu_star"] > 0.01
            )
