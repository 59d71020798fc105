"""Snapshot files: a burnt-in community saved as plain data starts every scenario bit-identically,
and a file that is not one (or names what is not the model's) is one clear error that runs nothing."""

from __future__ import annotations

import itertools
import json
import sys
import zipfile

import numpy as np
import pandas as pd
import pytest

import sim
from scenarios.load import presets
from sim import snapshot, snapshot_file
from sim.model import CommunityModel, burn_in_of
from sim.snapshot_file import SnapshotError

SMALL = ["community.residents=400", "burn_in=60", "steps=60", "seed=3"]


def _bits(model: CommunityModel) -> tuple[list[str], bytes, str]:
    ts: pd.DataFrame = model.timeseries()
    return list(ts.columns), ts.to_numpy(dtype=np.float64).tobytes(), repr(model.summary())


@pytest.fixture(scope="module")
def urban_file(tmp_path_factory) -> object:
    path = tmp_path_factory.mktemp("snapshots") / "urban.npz"
    snapshot_file.save(CommunityModel(sim.load_config("urban_baseline", SMALL), onset=False), path)
    return path


@pytest.mark.parametrize("preset", presets())
def test_load_saved_urban_burn_in_starts_every_sharing_preset_bit_identical(preset, urban_file):
    cfg = sim.load_config(preset, SMALL)
    if burn_in_of(cfg) != burn_in_of(sim.load_config("urban_baseline", SMALL)):
        pytest.skip(f"{preset} has a burn-in of its own")
    model = snapshot_file.load(urban_file)
    model.start(cfg)
    model.run()
    assert _bits(model) == _bits(sim.simulate(cfg).model)


def test_load_saved_rural_burn_in_forks_twice_bit_identical(tmp_path):
    rural = sim.load_config("rural", SMALL)
    snapshot_file.save(CommunityModel(rural, onset=False), tmp_path / "rural.npz")
    loaded = snapshot_file.load(tmp_path / "rural.npz")
    runs = [snapshot.fork(loaded, rural) for _ in range(2)]
    for run in runs:
        run.run()
    assert _bits(runs[0]) == _bits(runs[1]) == _bits(sim.simulate(rural).model)


def test_burnt_model_arrays_share_no_memory_so_saving_them_apart_keeps_the_model_whole():
    model = CommunityModel(sim.load_config("fengqiao", SMALL), onset=False)
    encoder = snapshot_file._Encoder()
    encoder.encode(snapshot_file._fields(model))
    assert len(encoder.arrays) > 30
    pairs = itertools.combinations(encoder.arrays, 2)
    assert not any(np.shares_memory(a, b) for a, b in pairs if a.size and b.size)


def test_save_a_started_model_is_an_error_and_writes_nothing(tmp_path):
    model = CommunityModel(sim.load_config("urban_baseline", SMALL))
    with pytest.raises(ValueError, match="end of its burn-in"):
        snapshot_file.save(model, tmp_path / "x.npz")
    assert not any(tmp_path.iterdir())


def _document(path) -> dict:
    with np.load(path, allow_pickle=False) as archive:
        return json.loads(bytes(archive[snapshot_file.DOCUMENT]).decode())


def _rewrite(source, target, document: dict) -> None:
    with np.load(source, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays[snapshot_file.DOCUMENT] = np.frombuffer(json.dumps(document).encode(), dtype=np.uint8)
    np.savez(target, **arrays)


def _with_class(document: dict, name: str) -> dict:
    text = json.dumps(document).replace('"sim.senses:Senses"', json.dumps(name))
    text = text.replace('"sim.mechanisms.senses:Senses"', json.dumps(name))
    return json.loads(text)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: {**d, "version": "0.0.1"}, "saved by cogov '0.0.1'"),
        (lambda d: {**d, "format": "other"}, "not a cogov snapshot file"),
        (lambda d: _with_class(d, "antigravity:Fly"), "'antigravity:Fly' is not a class of the model's own"),
        (lambda d: _with_class(d, "sim.params:with_values"), "is not a class of the model's own"),
        (lambda d: {**d, "model": {"dict": [["cfg", {"list": []}]]}}, "no configuration"),
    ],
)
def test_load_a_file_changed_or_naming_what_is_not_the_models_is_one_line_and_runs_nothing(
    urban_file, tmp_path, change, says
):
    target = tmp_path / "changed.npz"
    _rewrite(urban_file, target, change(_document(urban_file)))
    with pytest.raises(SnapshotError) as err:
        snapshot_file.load(target)
    assert says in str(err.value) and "\n" not in str(err.value) and str(target) in str(err.value)
    assert "antigravity" not in sys.modules  # importing it would open a browser: nothing was imported


def test_load_not_a_snapshot_pickled_arrays_or_missing_file_is_one_line(tmp_path):
    (tmp_path / "text.npz").write_text("not a zip\n")
    np.savez(tmp_path / "objects.npz", **{"a0": np.array([{"x": 1}], dtype=object)})
    with zipfile.ZipFile(tmp_path / "empty.npz", "w"):
        pass
    for name in ("text.npz", "objects.npz", "empty.npz", "missing.npz"):
        with pytest.raises(SnapshotError, match="not a cogov snapshot file") as err:
            snapshot_file.load(tmp_path / name)
        assert "\n" not in str(err.value)
