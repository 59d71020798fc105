"""A user's own scenario file: loaded as data over the defaults, in Python, cogov-run and the app."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_hostile_inputs import forget_user_scenarios  # noqa: F401 - the autouse fixture

import sim
from scenarios import app, user_scenarios, viz
from scenarios.load import load_config
from scenarios.user_scenarios import USER_SCENARIOS, UserScenarios

TOWN = """\
defaults:
  - override /community: rural
community:
  residents: 400
channels:
  forum:
    enabled: true
steps: 20
"""


@pytest.fixture
def town(tmp_path):
    path = tmp_path / "my_town.yaml"
    path.write_text(TOWN)
    return path


def test_user_file_loads_over_the_defaults_and_overrides_win(town):
    cfg = load_config(town, ["steps=5"])
    assert cfg.scenario == "my_town" and cfg.community.network.kind == "rural"
    assert (cfg.community.residents, cfg.channels.forum.enabled, cfg.steps) == (400, True, 5)
    assert cfg.channels.phone == sim.Config().channels.phone  # the rest are the defaults
    assert load_config(str(town), ["community=urban"]).community.network.kind == "urban"


def test_user_file_in_worker_is_registered_from_the_environment(town):
    USER_SCENARIOS.register(town)
    USER_SCENARIOS.export()
    worker = UserScenarios()  # a launcher worker's registry, which starts empty
    assert worker.registered == [] and worker.names() == ["my_town"]
    assert worker.file("my_town") == town.resolve() and worker.file("no_such_preset") is None
    assert load_config("my_town").community.residents == 400


def test_user_file_registered_again_is_not_read_again(town, monkeypatch):
    # a launcher worker registers every file of its command once per job: 400 files cost 4 s a job
    assert USER_SCENARIOS.register(town) == "my_town"
    monkeypatch.setattr(user_scenarios, "read_data", lambda *a: pytest.fail("read again"))
    assert USER_SCENARIOS.register(town) == "my_town"
    assert load_config("my_town").community.residents == 400


def test_cogov_run_user_file_end_to_end(town, tmp_path):
    code = "from scenarios.cli import main; main()"
    args = [f"scenario={town}", "steps=3", "community.residents=200", "hydra.run.dir=run"]
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert (summary["scenario"], summary["residents"], summary["steps"]) == ("my_town", 200, 3)
    assert (tmp_path / "run" / "summary.json").stat().st_mode & 0o044 == 0o044  # readable by the group


def test_app_and_viz_offer_the_user_file(town, capsys):
    USER_SCENARIOS.register(town)
    assert "my_town" in app.model_params()["preset"]["values"]
    assert app.AppModel("my_town", **{"community.residents": 100}).cfg.community.network.kind == "rural"
    with pytest.raises(SystemExit) as info:
        viz.main(["--scenario", str(town.with_name("absent.yaml"))])
    assert info.value.code == 2 and len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args", [["--port", "99999"], ["--port", "0"], ["--port", "x"], ["--host", "no such host!"]]
)
def test_viz_bad_port_or_host_exit_2_ending_in_one_line(args, capsys):
    with pytest.raises(SystemExit) as info:
        viz.parse_args(args)
    assert info.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("cogov-viz: error: argument")


def test_viz_warns_on_a_non_loopback_address(monkeypatch, capsys):
    monkeypatch.setattr("solara.__main__.cli", lambda *a, **k: None)
    viz.main(["--host", "0.0.0.0", "--port", "8765"])
    assert "no login" in capsys.readouterr().err
    assert viz.is_loopback("::1") and not viz.is_loopback("192.168.1.5")
