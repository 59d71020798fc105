"""Memory per job from the config: the sweep's largest point, a margin, a floor; the user's value wins."""

from __future__ import annotations

import math

import pytest

import sim
from experiments.sweep import memory, precheck, run
from experiments.sweep.memory import MEMORY_FLOOR_GB, MEMORY_SAFETY, with_memory_request
from sim.memory import GiB, estimate_memory


def requested(*args: str) -> int | None:
    out = with_memory_request(["-m", *args])
    asked = [a.split("=", 1)[1] for a in out if a.startswith("hydra.launcher.mem_gb=")]
    return int(asked[-1]) if asked else None


def expected_gb(*overrides: str) -> int:
    peak = estimate_memory(sim.load_config("urban_baseline", list(overrides)))
    return max(MEMORY_FLOOR_GB, math.ceil(peak * MEMORY_SAFETY / GiB))


@pytest.mark.parametrize("launcher", ["slurm", "local_submitit"])
def test_request_follows_the_largest_swept_community(launcher):
    gb = requested(f"hydra/launcher={launcher}", "community.residents=300,3000000", "steps=30")
    assert gb == expected_gb("community.residents=3000000", "steps=30") > MEMORY_FLOOR_GB


def test_request_honours_the_presets_swept_households_and_the_command_line_over_it():
    largest = requested("experiment=scale", "hydra/launcher=slurm")  # up to 1,000,000 households
    assert largest == expected_gb("community.residents=2600000")
    assert requested("experiment=scale", "hydra/launcher=slurm", "sweep.households=1000,2000") == 1


def test_small_sweep_gets_the_floor():
    assert requested("hydra/launcher=slurm", "community.residents=300") == MEMORY_FLOOR_GB


def test_users_request_and_launchers_without_one_left_alone():
    mine = ["-m", "hydra/launcher=slurm", "hydra.launcher.mem_gb=7", "community.residents=300,3000000"]
    assert with_memory_request(mine) == mine
    for launcher in ([], ["hydra/launcher=local_joblib"]):
        args = ["-m", *launcher, "community.residents=300,3000000"]
        assert with_memory_request(args) == args


def test_local_sweep_that_cannot_fit_stops_with_one_line_and_exit_4(tmp_path, capsys):
    # eight joblib workers of a 10,000,000-resident community need far more than this machine has
    args = [
        "-m",
        "community.residents=10000000",
        "hydra/launcher=local_joblib",
        "hydra.launcher.n_jobs=8",
        f"hydra.sweep.dir={tmp_path / 'sweep'}",
    ]
    with pytest.raises(SystemExit) as stop:
        run.main(args)
    assert stop.value.code == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "need about" in err[0] and "available" in err[0]
    assert not (tmp_path / "sweep").exists()


def test_many_scenario_files_compose_once_per_size_and_the_largest_sets_the_request(
    tmp_path, monkeypatch, fresh_user_scenarios
):
    files = []
    for i in range(12):  # a calibration batch: same community, other participation coefficients
        files.append(tmp_path / f"c{i:02d}-urban_baseline.yaml")
        files[-1].write_text(f"participation:\n  b0: {-7.0 - i / 10}\ncommunity:\n  residents: 300\n")
    files.append(tmp_path / "big-urban_baseline.yaml")
    files[-1].write_text("community:\n  residents: 3000000\n")
    swept = f"scenario={','.join(map(str, files))}"
    args = precheck.prepare(["-m", swept, "hydra/launcher=slurm", "steps=30"])
    composed, original = [], memory.point_config
    monkeypatch.setattr(memory, "point_config", lambda d: composed.append(d) or original(d))
    assert requested(*args[1:]) == expected_gb("community.residents=3000000", "steps=30")
    assert len(composed) == 2  # one small file stands for the eleven like it, and the big one
