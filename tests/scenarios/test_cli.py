import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

CLI = [sys.executable, "-c", "from scenarios.cli import main; main()"]


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, "HYDRA_FULL_ERROR": "0"}
    )


def test_cli_run_writes_every_promised_file(tmp_path):
    res = _cli(["community.residents=300", "steps=20", "seed=5", "hydra.run.dir=run"], tmp_path)
    assert res.returncode == 0, res.stderr
    run = tmp_path / "run"
    ts = pd.read_parquet(run / "timeseries.parquet")
    assert len(ts) == 21 and "active_share" in ts
    summary = json.loads((run / "summary.json").read_text())
    assert {
        "seed",
        "scenario",
        "steps",
        "residents",
        "version",
        "active_share",
        "occasional_share",
        "passive_share",
        "participation_gini",
        "top10_participation_share",
    } <= set(summary)
    assert (summary["seed"], summary["steps"], summary["residents"]) == (5, 20, 300)
    assert summary["hoa_formed_day"] is None  # JSON null: no committee formed in 20 days
    assert "residents: 300" in (run / "config.yaml").read_text()
    assert (run / "participation.png").read_bytes()[:4] == b"\x89PNG"
    assert not [p for p in run.iterdir() if p.name.startswith(".summary")]


@pytest.mark.parametrize(
    "bad",
    [
        "community.residents=-1",
        "scenario=nope",
        "foo=1",
        "participation.threshold=nan",
        "community.network.kind=grid",
    ],
)
def test_cli_bad_input_exit_2_one_line_and_no_run_folder(tmp_path, bad):
    res = _cli([bad, "hydra.run.dir=run"], tmp_path)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cogov-run: error:")
    assert not (tmp_path / "run").exists() and not (tmp_path / "outputs").exists()
