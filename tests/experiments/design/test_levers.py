"""One definition of the policy levers (sim.params.LEVER_GROUPS), read alike by the model, the screening,
the discovery design and cogov-compare."""

from __future__ import annotations

import pytest

from experiments import compare
from experiments.analysis import discover
from experiments.design import screening
from scenarios.load import load_config, presets
from sim.params import Config, baseline_of, is_lever, is_offer, leaves, levers, value_of


def _changed(base: Config, cfg: Config) -> set[str]:
    values = {leaf.key: leaf.value for leaf in leaves(base)}
    return {leaf.key for leaf in leaves(cfg) if leaf.key != "scenario" and leaf.value != values[leaf.key]}


@pytest.mark.parametrize("preset", presets())
def test_model_screening_and_compare_split_every_preset_at_the_same_levers(preset):
    cfg, base = load_config(preset), load_config("urban_baseline")
    # the model: before the onset the levers are the baseline's, everything else is the scenario's
    before_onset = baseline_of(cfg)
    assert _changed(before_onset, cfg) == {k for k in _changed(Config(), cfg) if is_lever(k)}
    # compare: what an intervention changes outside the levers is what it changes that is not a lever
    assert set(compare.not_levers(base, cfg)) == {k for k in _changed(base, cfg) if not is_lever(k)}
    # screening: an intervention is a lever at a value the preset switches on; the offer is a lever
    for leaf in leaves(cfg):
        rule = screening.exclusion(cfg, leaf)
        if rule in ("offer", "intervention"):
            assert is_lever(leaf.key), leaf.key
        if rule == "intervention":
            assert leaf.value != value_of(before_onset, leaf.key)
        if is_offer(leaf.key):
            assert rule in ("offer", "measured", "run setting", "switch or choice"), (leaf.key, rule)


def test_discovery_varies_levers_only_and_a_design_outside_them_is_refused():
    assert all(is_lever(key) for key in discover.DESIGN)
    assert levers(discover.DESIGN) == discover.DESIGN
    with pytest.raises(KeyError, match="not a policy lever"):
        levers({"participation.b0": (-9.0, -7.0)})
    with pytest.raises(KeyError):
        levers({"channels.tram.enabled": discover.SWITCH})  # no such parameter


def test_compare_notes_an_intervention_that_also_changes_the_community(capsys):
    scenarios = [
        compare.Scenario(name, name, load_config(name)) for name in ("urban_baseline", "fengqiao", "rural")
    ]
    compare.note_not_levers(scenarios)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cogov-compare: note: rural also changes ")
    assert "not the intervention's alone" in lines[0]
