"""Sweeps for real: three launchers agree, Ctrl-C then re-run, corrupt output re-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

SCENARIOS = "scenario=urban_baseline,party_demonstration"


def manifests(folder: Path) -> dict[str, bytes]:
    return {p.parent.name: p.read_bytes() for p in sorted(folder.glob("*/manifest.json"))}


def test_sweep_basic_joblib_submitit_identical_results(tmp_path, tiny_sweep):
    tables = {}
    for launcher in ("basic", "local_joblib", "local_submitit"):
        out = tmp_path / launcher
        tiny_sweep(out, SCENARIOS, f"hydra/launcher={launcher}")
        tables[launcher] = pd.read_parquet(out / "results.parquet").sort_values(["config_hash", "seed"])
    base = tables["basic"].reset_index(drop=True)
    assert len(base) == 4 and set(base["scenario"]) == {"urban_baseline", "party_demonstration"}
    for launcher in ("local_joblib", "local_submitit"):
        pd.testing.assert_frame_equal(base, tables[launcher].reset_index(drop=True))


def test_sweep_interrupted_or_corrupt_then_rerun_redoes_only_unfinished(tmp_path, tiny_sweep, sweep_line):
    out = tmp_path / "sw"
    args = [SCENARIOS.replace("party_demonstration", "party_demonstration,digital_platform"), "steps=120"]
    proc = subprocess.Popen(
        sweep_line(out, *args), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 120
    while not (out / "0" / "manifest.json").exists() and time.time() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    proc.wait(timeout=60)
    before = manifests(out)
    assert 1 <= len(before) < 3, "the interrupt should land between the first and the last job"
    tiny_sweep(out, *args)
    after = manifests(out)
    assert all(after[job] == data for job, data in before.items())  # finished jobs were not redone
    table = out / "1" / "summary.parquet"
    table.write_bytes(table.read_bytes()[:100])  # a truncated output
    tiny_sweep(out, *args)
    again = manifests(out)
    assert again["0"] == after["0"] and again["2"] == after["2"] and again["1"] != after["1"]
    results = pd.read_parquet(out / "results.parquet")
    assert len(results) == 6 and not results.duplicated(["config_hash", "seed"]).any()


def test_sweep_invalid_point_recorded_failed_sweep_goes_on(tmp_path, tiny_sweep):
    out = tmp_path / "sw"
    tiny_sweep(out, "community.residents=300,0", expect=1)
    ok, bad = (json.loads((out / n / "manifest.json").read_text()) for n in ("0", "1"))
    assert ok["status"] == "ok" and bad["status"] == "failed"
    assert "community.residents" in bad["error"]
    runs = pd.read_parquet(out / "runs.parquet")
    assert runs.set_index("job")["status"].to_dict() == {0: "ok", 1: "failed"}


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").read_text().find("State:\tZ") < 0  # a zombie is gone


@pytest.mark.slow
def test_sweep_sigterm_stops_joblib_workers_promptly_and_resume_finishes(tmp_path, tiny_sweep, sweep_line):
    out = tmp_path / "sw"
    args = [
        "community.network.mean_degree=4,5,6,7,8,9",
        "hydra/launcher=local_joblib",
        "hydra.launcher.n_jobs=2",
    ]
    proc = subprocess.Popen(
        sweep_line(out, *args), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.time() + 120
    while not (out / "0").is_dir() and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # the workers have started their jobs
    children = [
        int(p)
        for p in subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    ]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 130
    assert proc.stderr is not None and "cogov-sweep: stopped" in proc.stderr.read()
    deadline = time.time() + 10
    while any(map(alive, children)) and time.time() < deadline:
        time.sleep(0.1)
    assert children and not any(map(alive, children))
    tiny_sweep(out, *args)
    assert len(pd.read_parquet(out / "results.parquet")) == 12
