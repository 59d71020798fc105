"""Config files as data: defaults name project options, an experiment's sweep goes to its own check."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import sim
from scenarios.groups import EXPERIMENT
from scenarios.values import MODEL, Schema
from scenarios.yaml_data import check_defaults, group_option


@dataclass
class Sweep:
    name: str = ""
    seeds: list[int] = field(default_factory=list)
    timeseries: bool = True


@dataclass
class SweepConfig(sim.Config):
    sweep: Sweep = field(default_factory=Sweep)


SWEEP = Schema(SweepConfig(), (*MODEL.groups, EXPERIMENT))


def test_defaults_name_a_user_scenario_only_when_it_is_registered():
    entries = [{"override /community": "rural"}, {"override /scenario": "my_town"}, "_self_"]
    assert check_defaults(entries, "town.yaml", users=["my_town"]) == ["community=rural", "scenario=my_town"]
    with pytest.raises(sim.ConfigError, match="town.yaml: defaults: scenario"):
        check_defaults(entries, "town.yaml")


def test_experiment_sweep_params_go_to_the_sweep_check_and_are_refused_without_one():
    seen: list[str] = []
    assert group_option(EXPERIMENT, "bench_200", SWEEP, sweep=seen.append) == "bench_200"
    assert seen and seen[0].startswith("outreach.party_contacts=0.0,0.1")
    with pytest.raises(sim.ConfigError, match="experiment/bench_200.yaml: hydra"):
        group_option(EXPERIMENT, "bench_200", SWEEP)
