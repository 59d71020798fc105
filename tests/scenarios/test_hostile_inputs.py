"""Hostile input: every config source is data, typos are errors, and no input gives a traceback.

The named cases are the ones of the issue "A safe, strict edge"; the properties (hypothesis) throw
generated overrides and scenario files at the same checks. The rule throughout: a bad input ends in
one line naming the key or path, the value and what is allowed (``sim.ConfigError``; exit code 2,
3 for an output location, 4 for memory), and nothing is written.
"""

from __future__ import annotations

import math
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
import sim.memory
from scenarios import cli, errors, folders, outputs, overrides, yaml_data
from scenarios.load import load_config
from sim.params import Config, leaves

EXAMPLES = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
KEYS = [leaf.key for leaf in leaves(Config())]
PWNED = "/tmp/cogov-hostile-pwned"


@pytest.fixture(autouse=True)
def forget_user_scenarios(fresh_user_scenarios):
    """Restore the registered user scenarios, the ConfigStore and the environment after each test."""


def one_line_error(err: BaseException) -> str:
    text = str(err)
    assert "\n" not in text and text
    return text


def run_main(args: list[str], capsys) -> tuple[int, list[str]]:
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    return int(info.value.code), capsys.readouterr().err.strip().splitlines()


# --- code in config sources -------------------------------------------------------------------------

CODE_OVERRIDES = [
    "hydra.callbacks.x._target_=builtins.open",
    "+hydra.callbacks.x._target_=shutil.copyfile",
    "hydra.searchpath=[file:///tmp]",
    "hydra/job_logging=disabled",
    "hydra/callbacks=none",
    "hydra.job_logging.handlers.x={'()':'os.system'}",
    "hydra.launcher._target_=os.system",
    "hydra.launcher.x={_target_:os.system}",
    "hydra.run.dir=${oc.env:HOME}",
    "hydra.run.dir=${oc.decode:'{_target_: os.system}'}",
    "community=../scenario/rural",
    "channels=../../../tmp/evil",
    "community=/etc/passwd",
    "+community@hydra.callbacks=urban",
    "hydra/launcher=../../tmp/evil",
    "~community",
]


@pytest.mark.parametrize("override", CODE_OVERRIDES)
def test_hostile_override_that_could_name_code_or_files_is_refused(override):
    with pytest.raises(sim.ConfigError) as info:
        load_config("urban_baseline", [override])
    one_line_error(info.value)


CODE_FILES = {
    "callbacks": {"hydra": {"callbacks": {"x": {"_target_": "builtins.open", "file": PWNED, "mode": "w"}}}},
    "target": {"community": {"_target_": "shutil.copyfile", "src": "/etc/passwd", "dst": PWNED}},
    "defaults_escape": {"defaults": [{"override /community": "../../../tmp/evil"}]},
    "defaults_absolute": {"defaults": ["/tmp/evil"]},
    "defaults_hydra": {"defaults": [{"override /hydra/callbacks": "x"}]},
    "missing": {"steps": "???"},
    "interpolation": {"community": {"network": {"kind": "${oc.env:HOME}"}}},
    "bool_two": {"channels": {"forum": {"enabled": 2}}},
    "bool_yes": {"channels": {"forum": {"enabled": "yes"}}},
    "typo": {"community": {"residentz": 500}},
    "dotted": {"community.residents": 500},
    "value_for_group": {"community": 5},
}


@pytest.mark.parametrize("name", CODE_FILES)
def test_hostile_scenario_file_is_refused_and_runs_nothing(tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(CODE_FILES[name]))
    with pytest.raises(sim.ConfigError) as info:
        load_config(path)
    assert name + ".yaml" in one_line_error(info.value)
    assert not Path(PWNED).exists()


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("- 1\n- 2\n", "not a list"),
        ("a: [unclosed\n", "readable YAML"),
        ("a: 1\na: 2\n", "readable YAML"),
        ("!!python/object/apply:os.system ['true']\n", "readable YAML"),
    ],
)
def test_hostile_yaml_that_is_not_plain_data_is_refused(tmp_path, text, allowed):
    path = tmp_path / "odd.yaml"
    path.write_text(text)
    with pytest.raises(sim.ConfigError, match=allowed):
        load_config(path)


def test_hostile_scenario_file_too_big_or_named_like_a_preset_or_missing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("steps: 1\n" + "#" * yaml_data.MAX_FILE_BYTES)
    preset = tmp_path / "rural.yaml"
    preset.write_text("steps: 1\n")
    for path in (big, preset, tmp_path / "absent.yaml", tmp_path / ("x" * 300 + ".yaml")):
        with pytest.raises(sim.ConfigError) as info:
            load_config(path)
        assert info.value.key == "scenario"
        one_line_error(info.value)


@pytest.mark.parametrize(
    "args",
    [
        ["--config-dir=/tmp"],
        ["-cd", "/tmp"],
        ["--config-path", "/tmp"],
        ["-cn", "../../tmp/evil"],
        ["--experimental-rerun", "/tmp/config.pickle"],
        ["--shell-completion"],
    ],
)
def test_hostile_hydra_flags_reading_outside_configs_exit_2(args, capsys, tmp_path):
    code, err = run_main([*args, f"hydra.run.dir={tmp_path / 'run'}"], capsys)
    assert code == 2 and len(err) == 1 and err[0].startswith("cogov-run: error:")
    assert not (tmp_path / "run").exists()


# --- typos and strict values ------------------------------------------------------------------------

STRICT = [
    (["+community.residentz=500"], "community.residentz"),
    (["community.residentz=500"], "community.residentz"),
    (["+channels.phone.enabeld=false"], "channels.phone.enabeld"),
    (["steps=???"], "steps"),
    (["community.network.kind=???"], "community.network.kind"),
    (["channels.forum.enabled=2"], "channels.forum.enabled"),
    (["channels.forum.enabled=yes"], "channels.forum.enabled"),
    (["channels.forum.enabled=1"], "channels.forum.enabled"),
    (["steps=5.5"], "steps"),
    (["steps=true"], "steps"),
    (["participation.threshold=abc"], "participation.threshold"),
    (["participation.threshold=${seed}"], "participation.threshold"),
    (["community.network={kind: rural}"], "community.network"),
    (["scenario.x=1"], "scenario.x"),
    (["community.residents=300,400"], "community.residents"),
    (["x=[1,"], "x"),
    (["community.residents=-1"], "community.residents"),
    (["community.residents=1e400"], "community.residents"),
    (["participation.threshold=nan"], "participation.threshold"),
    (["participation.threshold=inf"], "participation.threshold"),
    (["a" * 300 + "=1"], "a" * 300),
    (["community.network.kind=grid"], "community.network.kind"),
    (["hydra.run.dir="], "hydra.run.dir"),
]


@pytest.mark.parametrize(("overrides", "key"), STRICT)
def test_hostile_typo_or_loose_value_is_a_one_line_error_naming_the_key(overrides, key):
    with pytest.raises(sim.ConfigError) as info:
        load_config("urban_baseline", overrides)
    assert info.value.key == key
    one_line_error(info.value)


def test_plus_on_a_known_key_sets_it_and_true_false_are_the_booleans():
    cfg = load_config(
        "urban_baseline", ["+community.residents=500", "++steps=30", "channels.forum.enabled=true"]
    )
    assert (cfg.community.residents, cfg.steps, cfg.channels.forum.enabled) == (500, 30, True)


# --- Python API ---------------------------------------------------------------------------------------


def test_config_error_and_resource_error_round_trip_through_pickle():
    for err in (
        sim.ConfigError("steps", -1, "an integer 0 to 100,000"),
        sim.ConfigError("community.residentz", None, "keys", unknown=True),
        errors.OutputError("hydra.run.dir", "/x", "a writable folder"),
        sim.memory.ResourceError(10_000_000, 40 * 2**30, 2**30),
    ):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err) and back.key == err.key


@pytest.mark.parametrize(
    "kwargs",
    [
        {"community.residentz": 5},
        {"thresholds": np.full(50, np.nan)},
        {"thresholds": np.zeros(3)},
        {"initial_active": np.array([0, 50])},
        {"initial_active": np.array([-1])},
        {"initial_active": np.array([0.5])},
    ],
)
def test_api_bad_keyword_or_array_raises_config_error(kwargs):
    cfg = load_config("threshold_docking", ["community.residents=50", "steps=1"])
    with pytest.raises(sim.ConfigError) as info:
        sim.CommunityModel(cfg, **kwargs)
    one_line_error(info.value)


# --- resources and output locations -------------------------------------------------------------------


def test_run_that_does_not_fit_in_memory_stops_at_once_with_both_numbers(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(sim.memory, "available_memory", lambda: 2**30)
    args = ["community.residents=10000000", "community.network.kind=rural", f"hydra.run.dir={tmp_path / 'r'}"]
    code, err = run_main(args, capsys)
    assert code == errors.EXIT_RESOURCES and len(err) == 1
    assert "GiB of memory" in err[0] and "1.0 GiB available" in err[0]
    assert not (tmp_path / "r").exists()


def test_output_location_full_read_only_file_or_current_folder_exit_3_before_running(
    monkeypatch, capsys, tmp_path
):
    (tmp_path / "file").write_text("x")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "summary.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    for folder in ("/proc/cogov-run", "file/run", "used", "."):
        code, err = run_main(["steps=1", f"hydra.run.dir={folder}"], capsys)
        assert code == errors.EXIT_IO and len(err) == 1 and "'hydra.run.dir'" in err[0], err
    monkeypatch.setattr(folders.shutil, "disk_usage", lambda _: shutil_usage(free=1000))
    code, err = run_main(["steps=1", "hydra.run.dir=fresh"], capsys)
    assert code == errors.EXIT_IO and "MiB free" in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "used"]


def shutil_usage(free: int) -> shutil._ntuple_diskusage:
    return shutil._ntuple_diskusage(10**9, 10**9 - free, free)


def test_claim_two_runs_into_one_folder_the_second_is_refused(tmp_path):
    outputs.claim(tmp_path / "run")
    with pytest.raises(FileExistsError):
        outputs.claim(tmp_path / "run")


def test_outputs_are_0644_under_the_usual_umask(tmp_path):
    old = os.umask(0o022)
    try:
        outputs.write_atomic(tmp_path / "a.txt", lambda p: p.write_text("x"))
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644


def test_multirun_prechecks_every_point_before_any_job_folder(capsys, tmp_path):
    code, err = run_main(
        ["-m", "steps=1", "community.residents=50,0", f"hydra.sweep.dir={tmp_path / 'm'}"], capsys
    )
    assert code == 2 and "'community.residents': 0" in err[0]
    assert not (tmp_path / "m").exists()


# --- properties -------------------------------------------------------------------------------------

hostile_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
values = st.one_of(
    st.sampled_from(
        ["???", "2", "yes", "-1", "nan", "[1,", "${oc.env:HOME}", "", "'a'", "{_target_: os.system}"]
    ),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    hostile_text,
)
keys = st.one_of(
    st.sampled_from(KEYS),
    st.sampled_from(KEYS).map(lambda k: k + "z"),
    st.sampled_from(["+", "++", "~", ""]).flatmap(lambda p: st.sampled_from(KEYS).map(lambda k: p + k)),
    st.sampled_from(
        ["hydra.callbacks.x._target_", "hydra.searchpath", "scenario", "community", "hydra/launcher"]
    ),
    hostile_text,
)


@EXAMPLES
@given(key=keys, value=values)
def test_property_any_override_composes_or_is_a_one_line_config_error(key, value):
    try:
        cfg = load_config("urban_baseline", [f"{key}={value}"])
    except sim.ConfigError as err:
        one_line_error(err)
    else:
        assert isinstance(cfg, Config)


@settings(max_examples=200, deadline=None)
@given(text=hostile_text)
def test_property_any_text_as_an_override_is_checked_or_refused_in_one_line(text):
    try:
        checked = overrides.check_override(text, multirun=True)
    except sim.ConfigError as err:
        one_line_error(err)
    else:
        assert isinstance(checked, str)


scalars = st.one_of(st.booleans(), st.integers(-(10**6), 10**7), st.floats(), st.text(max_size=10), st.none())
file_keys = st.one_of(
    st.sampled_from(KEYS).map(lambda k: k.split(".")[-1]), st.sampled_from(["hydra", "_target_", "defaults"])
)
data = st.recursive(scalars, lambda inner: st.dictionaries(file_keys, inner, max_size=4), max_leaves=8)
nested = st.builds(
    lambda pairs: {"community": pairs[0], "channels": {"forum": pairs[1]}, "steps": pairs[2]},
    st.tuples(data, data, scalars),
)


@EXAMPLES
@given(content=st.one_of(nested, st.dictionaries(file_keys, data, max_size=4)))
def test_property_any_scenario_file_loads_or_is_a_one_line_config_error(tmp_path, content):
    path = tmp_path / "generated.yaml"
    path.write_text(yaml.safe_dump(content))
    try:
        cfg = load_config(path)
    except sim.ConfigError as err:
        one_line_error(err)
    else:
        assert cfg.scenario == "generated"
    assert not math.isnan(0.0) and not Path(PWNED).exists()


# --- end to end: no traceback ------------------------------------------------------------------------

E2E = [
    ["+community.residentz=500"],
    ["community=../scenario/rural"],
    ["x=[1,"],
    ["--config-dir=/tmp"],
]


@pytest.mark.parametrize("args", E2E)
def test_e2e_cogov_run_bad_input_one_line_no_traceback(tmp_path, args):
    code = "from scenarios.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and not list(tmp_path.iterdir())
