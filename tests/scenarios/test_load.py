import math

import pytest

import sim
from scenarios.load import load_config, presets
from sim.params import Config
from sim.validate import validate


def test_presets_issue_names_exist():
    assert {
        "urban_baseline",
        "rural",
        "digital_platform",
        "deliberation",
        "party_demonstration",
        "threshold_docking",
    } <= set(presets())


@pytest.mark.parametrize("name", presets())
def test_load_config_every_preset_is_valid_and_named(name):
    cfg = load_config(name)
    assert cfg.scenario == name
    assert validate(cfg) is cfg


def test_load_config_default_equals_python_defaults():
    assert load_config("urban_baseline") == Config()


def test_load_config_docking_keys_set_degree_threshold_and_seeds():
    cfg = load_config(
        "threshold_docking",
        [
            "community.network.mean_degree=3.5",
            "participation.threshold=0.2",
            "participation.initial_active=4",
        ],
    )
    assert cfg.participation.rule == "threshold"
    assert cfg.community.network.kind == "erdos_renyi"
    assert not any(getattr(cfg.channels, n).enabled for n in cfg.channels.__dataclass_fields__)
    assert (
        cfg.community.network.mean_degree,
        cfg.participation.threshold,
        cfg.participation.initial_active,
    ) == (3.5, 0.2, 4)


@pytest.mark.parametrize(
    ("overrides", "key", "allowed"),
    [
        (["foo=1"], "foo", "scenario, seed, steps"),
        (["community.foo=1"], "community.foo", "residents"),
        (["steps=abc"], "steps", "an integer"),
        (["community.residents=-5"], "community.residents", "an integer 1 to"),
        (["channels.phone.reach=1.5"], "channels.phone.reach", "0 to 1"),
        (["participation.threshold=nan"], "participation.threshold", "a number 0 to 1"),
        (["participation.threshold=1.2"], "participation.threshold", "0 to 1"),
        (["community.network.kind=grid"], "community.network.kind", "urban, rural, erdos_renyi"),
        (["participation.rule=vote"], "participation.rule", "logit, threshold"),
        (
            ["community.residents=10", "participation.initial_active=11"],
            "participation.initial_active",
            "0 to",
        ),
        (["channels.phone.enabled=maybe"], "channels.phone.enabled", "true or false"),
        (
            ["community.network.kind=complete", "community.residents=6000"],
            "community.residents",
            "at most 5000",
        ),
    ],
)
def test_load_config_bad_value_one_line_error_names_key_and_allowed(overrides, key, allowed):
    with pytest.raises(sim.ConfigError) as info:
        load_config("urban_baseline", overrides)
    message = str(info.value)
    assert "\n" not in message
    assert f"'{key}'" in message and allowed in message


def test_load_config_unknown_scenario_lists_presets():
    with pytest.raises(sim.ConfigError, match="urban_baseline") as info:
        load_config("nope")
    assert info.value.key == "scenario"


def test_model_direct_config_nan_rejected():
    cfg = Config()
    cfg.outreach.exposure_decay = math.nan
    with pytest.raises(sim.ConfigError, match="outreach.exposure_decay"):
        sim.CommunityModel(cfg)
