"""simulate_many: one burn-in per shared burn-in, each result as simulate's."""

from __future__ import annotations

import numpy as np
import pytest

import sim

SMALL = ["community.residents=300", "burn_in=40", "steps=30", "seed=5"]


def _bits(result: sim.Result) -> tuple[list[str], bytes, str]:
    ts = result.timeseries
    return list(ts.columns), ts.to_numpy(dtype=np.float64).tobytes(), repr(result.summary)


def test_simulate_many_results_bit_identical_to_simulate_in_order():
    cfgs = [sim.load_config(name, SMALL) for name in ("deliberation", "rural", "urban_baseline", "fengqiao")]
    many = sim.simulate_many(cfgs)
    assert [r.summary["scenario"] for r in many] == [cfg.scenario for cfg in cfgs]
    assert [_bits(r) for r in many] == [_bits(sim.simulate(cfg)) for cfg in cfgs]


def test_simulate_many_burns_in_once_per_shared_burn_in():
    names = ("deliberation", "rural", "urban_baseline", "fengqiao")
    many = sim.simulate_many([sim.load_config(name, SMALL) for name in names])
    burnt = {name: r.burn_in_seconds > 0 for name, r in zip(names, many, strict=True)}
    assert burnt == {"deliberation": True, "rural": True, "urban_baseline": False, "fengqiao": False}


def test_simulate_many_invalid_config_is_one_clear_error_before_anything_runs():
    bad = sim.load_config("urban_baseline", SMALL)
    bad.community.residents = -1
    with pytest.raises(sim.ConfigError, match="community.residents") as err:
        sim.simulate_many([sim.load_config("rural", SMALL), bad])
    assert "\n" not in str(err.value)
