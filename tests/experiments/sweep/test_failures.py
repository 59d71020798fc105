"""Sweeps and reports when runs fail or folders are odd: tables and reports always, tracebacks never."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hydra import compose
from omegaconf import OmegaConf

import sim
from experiments.analysis import report
from experiments.results.collect import PLAN, collect
from experiments.results.manifest import MANIFEST, write_manifest
from experiments.sweep import precheck
from experiments.sweep.callbacks import SweepCallback
from experiments.sweep.job import run_job
from experiments.sweep.schema import register_sweep_schema
from scenarios.errors import EXIT_FAILED_JOBS
from scenarios.load import composing


def failed_job(sweep_dir: Path, num: int, error: str) -> None:
    folder = sweep_dir / str(num)
    folder.mkdir(parents=True)
    manifest = {
        "sweep": "t",
        "status": "failed",
        "error": error,
        "config_hash": "",
        "seeds": [0, 1],
        "failed_seeds": {"0": "invalid configuration", "1": "invalid configuration"},
        "params": {"community.residents": num},
        "sensitivity": {"method": "none"},
        "version": sim.__version__,
    }
    write_manifest(folder, manifest, [])


@pytest.fixture
def all_failed(tmp_path):
    sweep_dir = tmp_path / "sw"
    for num in (0, 1):
        failed_job(sweep_dir, num, f"ConfigError: invalid value for 'community.residents': -{num}")
    plan = {"jobs": [{"num": 0, "overrides": []}, {"num": 1, "overrides": []}]}
    (sweep_dir / PLAN).write_text(json.dumps(plan))
    return sweep_dir


def test_sweep_every_job_failed_still_writes_tables_and_exits_1_saying_so(all_failed, caplog):
    config = OmegaConf.create({"hydra": {"sweep": {"dir": str(all_failed)}}})
    with pytest.raises(SystemExit) as info:
        SweepCallback().on_multirun_end(config)
    assert info.value.code == EXIT_FAILED_JOBS
    assert "2 of 2 jobs failed" in caplog.records[-1].getMessage()
    runs = pd.read_parquet(all_failed / "runs.parquet")
    assert list(runs["status"]) == ["failed", "failed"]
    assert pd.read_parquet(all_failed / "results.parquet").empty


def test_report_every_job_failed_names_each_failure_and_its_error(all_failed, capsys):
    report.main([str(all_failed)])
    md = (all_failed / "report" / "report.md").read_text()
    assert "'community.residents': -0" in md and "'community.residents': -1" in md
    assert "every planned run finished" not in md


@pytest.mark.parametrize("content", ["", "a.txt", "7/notes.txt"])
def test_report_empty_or_foreign_folder_is_one_line_error(tmp_path, capsys, content):
    if content:
        (tmp_path / content).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / content).write_text("hello")
        (tmp_path / "0").mkdir(exist_ok=True) if "/" in content else None
    with pytest.raises(SystemExit) as info:
        report.main([str(tmp_path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert info.value.code == 2 and len(err) == 1 and "cogov-report: error:" in err[0]
    assert not (tmp_path / "report").exists()


MALFORMED = [
    b"not json",
    b"\xff\xfe binary",
    b"[]",
    b"null",
    b'{"status": "ok"}',
    b'{"status": 1, "config_hash": "", "seeds": [0], "files": {}}',
    b'{"status": "ok", "config_hash": "", "seeds": ["a"], "files": {}}',
    b'{"status": "ok", "config_hash": "", "seeds": [0], "files": {"../../etc/passwd": "x"}}',
    b'{"status": "ok", "config_hash": "", "seeds": [0], "files": [], "params": 3}',
    b'{"status": "ok", "config_hash": "", "seeds": [0], "files": {}, "sensitivity": "morris"}',
]


@pytest.mark.parametrize("text", MALFORMED)
def test_report_malformed_manifest_is_corrupt_in_the_report(all_failed, text):
    (all_failed / "1" / MANIFEST).write_bytes(text)
    report.main([str(all_failed)])
    runs = pd.read_parquet(all_failed / "report" / "runs.parquet").set_index("job")
    assert runs.loc[1, "status"] == "corrupt"


@pytest.mark.parametrize("plan", [b"{", b'{"jobs": 3}', b'{"jobs": [{"num": "x"}]}'])
def test_report_corrupt_plan_is_one_line_error(all_failed, capsys, plan):
    (all_failed / PLAN).write_bytes(plan)
    with pytest.raises(SystemExit) as info:
        report.main([str(all_failed)])
    assert info.value.code == 2 and "corrupt plan.json" in capsys.readouterr().err


class Touch:
    """Unpickling this creates a file: the sign that something was unpickled."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def test_report_reads_folders_as_data_never_unpickles(all_failed, monkeypatch, tmp_path):
    marker = tmp_path / "unpickled"
    (all_failed / ".submitit").mkdir()
    (all_failed / ".submitit" / "0_submitted.pkl").write_bytes(pickle.dumps(Touch(marker)))
    (all_failed / "0" / "summary.parquet").write_bytes(pickle.dumps(Touch(marker)))

    def refuse(*args, **kwargs):
        raise AssertionError("cogov-report unpickled something")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    report.main([str(all_failed)])
    assert not marker.exists() and len(collect([all_failed]).runs) == 2


def sweep_config(*overrides: str):
    register_sweep_schema()
    with composing():
        return compose(precheck.SWEEP_CONFIG, overrides=list(overrides))


def test_resume_reruns_a_job_made_by_another_version_unless_told(tmp_path):
    tiny = ["community.residents=50", "steps=2", "sweep.seeds=[0]"]
    dcfg = sweep_config(*tiny)
    assert run_job(dcfg, tmp_path, {})[0] == "ok"
    assert run_job(dcfg, tmp_path, {})[0] == "skipped"
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    (tmp_path / MANIFEST).write_text(json.dumps({**manifest, "version": "0.0.1"}))
    assert run_job(sweep_config(*tiny, "sweep.reuse_other_versions=true"), tmp_path, {})[0] == "skipped"
    assert run_job(dcfg, tmp_path, {})[0] == "ok"


SWEEP_BAD = [
    (["-m", "experiment=nonexistent"], "experiment"),
    (["-m", "experiment=../scenario/rural"], "experiment"),
    (["-m", "experiment=sensitivity_morris", "sensitivity.n=0"], "sensitivity.n"),
    (["-m", "experiment=sensitivity_sobol", "sensitivity.n=63"], "sensitivity.n"),
    (["-m", "sensitivity.method=morris"], "sensitivity.parameters"),
    (["-m", "sweep.seeds=[]"], "sweep.seeds"),
    (["-m", "sweep.seeds=[1,1]"], "sweep.seeds"),
    (["-m", "sweep.name=../../x"], "sweep.name"),
    (["-m", "sweep.timeseries=2"], "sweep.timeseries"),
    (["-m", "+community.residentz=5"], "community.residentz"),
    (["-m", "channels.forum.enabled=1,2"], "channels.forum.enabled"),
    (["-m", "channels=glob(nothing*)"], "channels"),
    (["-m", "hydra.callbacks.x._target_=builtins.open"], "hydra.callbacks.x._target_"),
    (["-m", "hydra/launcher=../../evil"], "hydra/launcher"),
    (["-m", "hydra.sweep.dir="], "hydra.sweep.dir"),
    (["-m", "--config-dir=/tmp"], "option"),
]


@pytest.mark.parametrize(("args", "key"), SWEEP_BAD)
def test_sweep_precheck_refuses_bad_input_naming_the_key(args, key):
    with pytest.raises(sim.ConfigError) as info:
        precheck.prepare(args)
    assert info.value.key == key and "\n" not in str(info.value)


def test_sweep_precheck_every_experiment_preset_passes():
    for name in (
        "compare_interventions",
        "channels_x_outreach",
        "outreach_dose",
        "docking_watts",
        "sensitivity_morris",
        "scale",
    ):
        assert precheck.prepare(["-m", f"experiment={name}"]) == ["-m", f"experiment={name}"]


def test_e2e_cogov_sweep_bad_input_one_line_no_traceback_no_folder(tmp_path):
    command = [
        sys.executable,
        "-m",
        "experiments.sweep",
        "-m",
        "experiment=nonexistent",
        "hydra.sweep.dir=out",
    ]
    proc = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()
