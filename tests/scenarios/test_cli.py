import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from scenarios.figures import (
    DASHBOARD,
    NONE_TEXT,
    ONSET_TEXT,
    ROLLING_DAYS,
    UNUSED_TEXT,
    draw_panel,
    panel_data,
)
from scenarios.load import load_config

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
    assert (run / "dashboard.png").read_bytes()[:4] == b"\x89PNG"
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


# ------------------------------------------------------------------ the dashboard's data
def _days(n: int, **columns: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"step": range(n), **{k: np.asarray(v, float) for k, v in columns.items()}})


def test_dashboard_counts_are_trailing_rolling_means_without_the_onset_row():
    n = 100
    settled = np.zeros(n)
    settled[0] = 99.0  # the onset row (counters start there; never a real count)
    settled[3] = 7.0
    settled[40] = ROLLING_DAYS  # one day with 28 settlements
    disputes = next(p for p in DASHBOARD if "disputes_settled_self" in p.lines)
    line = panel_data(_days(n, disputes_settled_self=settled.tolist()), disputes)["the parties themselves"]
    assert line.index.min() == 1 and line.index.name == "Day since the interventions started"
    assert line.loc[1:6].isna().all()  # fewer than a week: not drawn
    assert line.loc[7] == 1.0 and line.loc[8] == 7.0 / 8  # a mean over the days so far, without day 0
    assert line.loc[40 : 40 + ROLLING_DAYS - 1].eq(1.0).all()  # 28 events spread over the 28 days
    assert line.loc[40 + ROLLING_DAYS :].eq(0.0).all() and line.loc[31:39].eq(0.0).all()


def test_dashboard_states_are_drawn_as_they_are_under_human_names():
    shares = _days(5, active_share=[0.1, 0.2, 0.3, 0.2, 0.1], occasional_share=[0.5] * 5)
    data = panel_data(shares, DASHBOARD[0])
    assert list(data.columns) == ["taking an active part", "taking part occasionally"]
    assert data["taking an active part"].tolist() == [0.1, 0.2, 0.3, 0.2, 0.1]
    assert data.index[0] == 0


def test_dashboard_marks_the_onset_at_day_0_and_explains_an_empty_panel():
    used, idle, quiet = Figure().subplots(1, 3)
    ts = _days(
        40, active_share_owner=[0.1] * 40, active_share_tenant=[0.0] * 40, requests_answered_share=[0.0] * 40
    )
    tenure = next(p for p in DASHBOARD if "active_share_owner" in p.lines)
    requests = next(p for p in DASHBOARD if "requests_answered_share" in p.lines)
    draw_panel(used, ts, tenure, window=30)
    docking, urban = load_config("threshold_docking"), load_config("urban_baseline")
    draw_panel(idle, ts, requests, 30, requests.empty_text(docking))  # no requests in docking
    draw_panel(quiet, ts, requests, 30, requests.empty_text(urban))  # requests, but none closed yet
    onset = [line for line in used.get_lines() if line.get_label() == ONSET_TEXT]
    assert len(onset) == 1 and list(onset[0].get_xdata()) == [0, 0]
    assert used.get_xlim()[0] < 0 < used.get_xlim()[1]
    drawn = {line.get_label() for line in used.get_lines()} - {ONSET_TEXT}
    assert drawn == {"owners", "tenants"}  # the tenants' line is zero all along: drawn and named all the same
    assert {t.get_text() for t in used.get_legend().get_texts()} >= {"owners", "tenants"}
    assert [t.get_text() for t in idle.texts] == [UNUSED_TEXT] and len(idle.get_lines()) == 1
    assert [t.get_text() for t in quiet.texts] == [NONE_TEXT] and len(quiet.get_lines()) == 2
    assert idle.get_ylabel() == "share of closed requests (last 30 days)"
