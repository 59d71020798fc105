"""Hostile names: a scenario name cannot write elsewhere, clash with a preset, or become markup.

A name enters from a user's scenario file (its file name or its ``scenario:`` value); it is checked
there (:func:`scenarios.names.check_name`) and anything else that becomes a file name goes through
:func:`scenarios.names.file_name`. Every refusal is one line naming the key, exit code 2, nothing
written.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from scenarios import cli
from scenarios.labels import markdown_text
from scenarios.load import load_config
from scenarios.names import MAX_NAME, file_name, inside, is_name

EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HOSTILE_NAMES = [
    "../../../x",
    "/tmp/cogov-hostile-x",
    "a/b",
    "a\nb",
    "tab\there",
    "$(touch /tmp/cogov-hostile-pwned)",
    "<img src=x onerror=alert(1)>",
    "[town](javascript:alert(1))",
    ".hidden",
    "..",
    "",
    "x" * 300,
    "名字",
    "urban_baseline",
]
"""``scenario:`` values of a user's file that must be refused (the last one is a preset's)."""
TEXT = st.text(st.characters(codec="utf-8"), max_size=200) | st.sampled_from(HOSTILE_NAMES)


@pytest.fixture(autouse=True)
def forget_user_scenarios(fresh_user_scenarios):
    """Restore the registered user scenarios, the ConfigStore and the environment after each test."""


def scenario_file(folder: Path, name: object, stem: str = "my_town") -> Path:
    path = folder / f"{stem}.yaml"
    path.write_text(yaml.safe_dump({"scenario": name, "steps": 30}))
    return path


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_load_config_hostile_scenario_value_is_a_one_line_error_naming_it(tmp_path, name):
    with pytest.raises(sim.ConfigError) as info:
        load_config(scenario_file(tmp_path, name))
    text = str(info.value)
    assert "\n" not in text and "my_town.yaml: scenario" in text


@pytest.mark.parametrize("name", ["../../../x", "<img src=x onerror=alert(1)>", "fengqiao"])
def test_cogov_run_hostile_scenario_value_exits_2_and_writes_nothing(tmp_path, monkeypatch, capsys, name):
    path = scenario_file(tmp_path, name)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = files_under(tmp_path)
    with pytest.raises(SystemExit) as info:
        cli.main([f"scenario={path}", "community.residents=300"])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("cogov-run: error:") and "scenario" in err[0]
    assert files_under(tmp_path) == before


def test_load_config_user_file_named_past_the_length_limit_is_refused(tmp_path):
    path = scenario_file(tmp_path, "fine", stem="t" * (MAX_NAME + 1))
    with pytest.raises(sim.ConfigError, match="at most 64 characters"):
        load_config(path)


def test_load_config_user_file_with_a_plain_name_runs_under_it(tmp_path):
    assert load_config(scenario_file(tmp_path, "my.town-2")).scenario == "my.town-2"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT)
def test_property_any_scenario_value_loads_as_a_name_or_is_refused_in_one_line(tmp_path, name):
    path = scenario_file(tmp_path, name, stem=f"town_{uuid.uuid4().hex}")  # a process reads a file once
    try:
        cfg = load_config(path)
    except sim.ConfigError as err:
        assert "\n" not in str(err)
        return
    assert is_name(cfg.scenario) and cfg.scenario == name


@EXAMPLES
@given(text=TEXT)
def test_property_file_name_of_any_text_is_a_name_that_stays_in_its_folder(tmp_path, text):
    name = file_name(text)
    assert is_name(name)
    assert inside(tmp_path, tmp_path / name).parent == tmp_path
    assert name == text or file_name(text + "x") != name


def test_inside_a_link_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "figures").symlink_to(tmp_path)
    with pytest.raises(sim.ConfigError, match="inside the output folder"):
        inside(tmp_path / "out", tmp_path / "out" / "figures" / "a.png")


@EXAMPLES
@given(text=TEXT)
def test_property_markdown_text_of_any_name_has_no_markup_left(text):
    shown = markdown_text(text)
    assert "<" not in shown and ">" not in shown
    unescaped = [c for i, c in enumerate(shown) if c in "[]()`*_" and (i == 0 or shown[i - 1] != "\\")]
    assert not unescaped


def test_load_config_measure_from_beyond_a_run_of_no_days_is_refused():
    with pytest.raises(sim.ConfigError, match="measure_from"):
        load_config("urban_baseline", ["steps=0", "measure_from=5"])


@pytest.mark.parametrize("depth", [40, 3000])
def test_load_config_scenario_file_nested_deep_is_one_line(tmp_path, depth):
    path = tmp_path / "deep.yaml"
    path.write_text("community: " + "{a: " * depth + "1" + "}" * depth + "\n")
    with pytest.raises(sim.ConfigError) as info:
        load_config(path)
    assert "\n" not in str(info.value) and "deep.yaml" in str(info.value)
