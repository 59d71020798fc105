"""Snapshots and forks: a restored or forked model runs bit-identically to its run from scratch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from scenarios.load import presets
from sim import memory, snapshot
from sim.model import CommunityModel

SMALL = ["community.residents=400", "burn_in=60", "steps=60", "seed=3"]


def _bits(model: CommunityModel) -> tuple[list[str], bytes, str]:
    """The time series and summary of ``model`` to the last bit (NaN equal to NaN)."""
    ts: pd.DataFrame = model.timeseries()
    return list(ts.columns), ts.to_numpy(dtype=np.float64).tobytes(), repr(model.summary())


def _from_scratch(cfg: sim.Config) -> CommunityModel:
    return sim.simulate(cfg).model


@pytest.fixture(scope="module")
def urban_burnt() -> CommunityModel:
    """The urban baseline at the end of its burn-in."""
    return CommunityModel(sim.load_config("urban_baseline", SMALL), onset=False)


@pytest.mark.parametrize("preset", presets())
def test_fork_every_urban_preset_bit_identical_others_refused(preset, urban_burnt):
    cfg = sim.load_config(preset, SMALL)
    if cfg.community != urban_burnt.cfg.community or cfg.burn_in != urban_burnt.cfg.burn_in:
        with pytest.raises(sim.ConfigError, match="the burn-in it starts from"):
            snapshot.fork(urban_burnt, cfg)
        return
    forked = snapshot.fork(urban_burnt, cfg)
    forked.run()
    assert forked.cfg.scenario == preset
    assert _bits(forked) == _bits(_from_scratch(cfg))


def test_fork_leaves_the_burnt_model_to_fork_again(urban_burnt):
    cfg = sim.load_config("deliberation", SMALL)
    first, second = snapshot.fork(urban_burnt, cfg), snapshot.fork(urban_burnt, cfg)
    first.run()
    second.run()
    assert not urban_burnt.started
    assert _bits(first) == _bits(second)


def test_fork_rural_scenario_from_rural_burn_in_bit_identical():
    rural = [*SMALL, "burn_in=40"]
    burnt = CommunityModel(sim.load_config("rural", rural), onset=False)
    cfg = sim.load_config("rural", [*rural, "channels.forum.enabled=true", "steps=50", "measure_from=20"])
    forked = snapshot.fork(burnt, cfg)
    forked.run()
    assert _bits(forked) == _bits(_from_scratch(cfg))


def test_fork_onset_only_settings_bit_identical(urban_burnt):
    onset_only = ["intervention_days=20", "own_channels=forum+phone", "measure_from=15", "steps=50"]
    cfg = sim.load_config("deliberation", [*SMALL, *onset_only])
    forked = snapshot.fork(urban_burnt, cfg)
    forked.run()
    assert _bits(forked) == _bits(_from_scratch(cfg))


def test_fork_without_burn_in_same_levers_bit_identical_other_levers_refused():
    docking = ["community.residents=500", "steps=30"]
    burnt = CommunityModel(sim.load_config("threshold_docking", docking), onset=False)
    cfg = sim.load_config("threshold_docking", [*docking, "steps=40", "measure_from=10"])
    forked = snapshot.fork(burnt, cfg)
    forked.run()
    assert _bits(forked) == _bits(_from_scratch(cfg))
    with pytest.raises(sim.ConfigError, match="outreach.party_contacts"):
        snapshot.fork(burnt, sim.load_config("threshold_docking", [*docking, "outreach.party_contacts=2"]))


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ("seed=4", "'seed'"),
        ("burn_in=59", "'burn_in'"),
        ("participation.trust_relax=0.5", "'participation.trust_relax'"),
        ("channels.forum.mode=information", "'channels.forum.mode'"),
    ],
)
def test_fork_other_burn_in_is_one_clear_error_naming_the_key(override, key, urban_burnt):
    with pytest.raises(sim.ConfigError, match=key) as err:
        snapshot.fork(urban_burnt, sim.load_config("urban_baseline", [*SMALL, override]))
    assert "\n" not in str(err.value)


def test_fork_started_model_is_an_error(small_urban):
    with pytest.raises(RuntimeError, match="started already"):
        snapshot.fork(CommunityModel(small_urban), small_urban)


def test_copy_with_mesa_space_and_collector_built_runs_on_bit_identical():
    model = CommunityModel(sim.load_config("fengqiao", SMALL))
    model.run(5)
    model.space  # noqa: B018 - builds the Mesa space and cells before the copy
    copied = snapshot.copy(model)
    copied.run(10)
    model.run(10)
    assert _bits(copied) == _bits(model)
    assert copied.residents[3].cell is copied.space[3]
    assert copied.datacollector.get_model_vars_dataframe().equals(copied.timeseries())


def test_copy_runs_on_without_touching_the_original(small_urban):
    model = CommunityModel(small_urban)
    copied = snapshot.copy(model)
    copied.run(10)
    assert (model.day, copied.day) == (0, 10)
    model.run(10)
    assert _bits(copied) == _bits(model)


def _seeded(seed: int) -> sim.Config:
    return sim.load_config("urban_baseline", [*SMALL[:-1], f"seed={seed}"])


def test_burn_ins_keep_most_recent_and_burn_in_again_after_eviction():
    store = snapshot.BurnIns(keep=2)
    paid = [store.start(_seeded(seed))[1] > 0 for seed in (1, 2, 1, 3, 2, 1)]
    # 1 and 2 burn in; 1 is kept; 3 evicts 2 (least recently used); 2 evicts 1
    assert paid == [True, True, False, True, True, True]
    assert len(store) == 2


def test_burn_ins_fork_runs_bit_identical_to_scratch_for_other_scenario():
    store = snapshot.BurnIns()
    store.start(_seeded(4))
    forum = sim.load_config("deliberation", [*SMALL[:-1], "seed=4"])
    model, paid = store.start(forum)
    model.run()
    assert paid == 0.0
    assert _bits(model) == _bits(_from_scratch(forum))


def test_burn_ins_above_keep_bytes_run_from_scratch_and_keep_nothing(monkeypatch):
    monkeypatch.setattr(memory, "KEEP_BYTES", 0)
    store = snapshot.BurnIns()
    model, paid = store.start(_seeded(5))
    model.run()
    assert paid > 0 and len(store) == 0
    assert _bits(model) == _bits(_from_scratch(_seeded(5)))


def test_burn_ins_bad_keep_and_thresholds_beside_the_store_are_clear_errors():
    with pytest.raises(ValueError, match="keep: 0"):
        snapshot.BurnIns(keep=0)
    with pytest.raises(ValueError, match="BurnIns store"):
        sim.simulate(_seeded(1), thresholds=np.zeros(400), burn_ins=snapshot.BurnIns())
