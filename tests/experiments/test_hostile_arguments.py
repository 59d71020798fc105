"""Arguments checked before any run starts: one line, exit 2 (3 for an output location), nothing written."""

from __future__ import annotations

import sys

import pytest

from experiments import compare
from experiments.calibration import calibrate
from experiments.sweep import precheck, run
from scenarios.groups import config_dir


def stops(main, args: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(args)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return int(stop.value.code), err[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--target", "active_share=nan"], "--target"),
        (["--target", "active_share=inf"], "--target"),
        (["urban_baseline", "digital_platform", "--years", "0.0001"], "--years"),
        (["urban_baseline", "digital_platform", "--years", "0.1", "measure_from=40"], "measure_from"),
        (["urban_baseline", "digital_platform", "hydra.sweep.subdir=x"], "hydra.sweep.subdir"),
    ],
)
def test_compare_bad_argument_exits_2_before_any_folder(tmp_path, monkeypatch, capsys, args, says):
    monkeypatch.chdir(tmp_path)
    code, line = stops(compare.main, [*args, "--launcher", "basic"], capsys)
    assert code == 2 and line.startswith("cogov-compare: error:") and says in line
    assert not any(tmp_path.iterdir())


def test_compare_target_without_ema_workbench_names_the_discover_extra(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "ema_workbench", None)
    code, line = stops(compare.main, ["--target", "active_share=0.1"], capsys)
    assert code == 2 and "'.[discover]'" in line and not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["sweep.seeds=[9223372036854775808]"], "sweep.seeds"),
        (["sweep.seeds=[-1,0]"], "sweep.seeds"),
        (["hydra.sweep.subdir=${hydra.job.override_dirname}"], "hydra.sweep.subdir"),
    ],
)
def test_sweep_bad_argument_is_refused_before_hydra_starts(tmp_path, capsys, args, says):
    line = ["-m", *args, f"hydra.sweep.dir={tmp_path / 'sw'}"]
    code, err = stops(run.main, line, capsys)
    assert code == 2 and says in err and not (tmp_path / "sw").exists()


@pytest.mark.parametrize(
    ("hidden", "args", "extra"),
    [
        ("hydra_plugins.hydra_joblib_launcher", ["hydra/launcher=local_joblib"], "sweep"),
        ("hydra_plugins.hydra_submitit_launcher", ["hydra/launcher=slurm"], "sweep"),
        ("SALib", ["experiment=sensitivity_morris"], "sweep"),
    ],
)
def test_sweep_option_without_its_package_names_the_extra(tmp_path, monkeypatch, capsys, hidden, args, extra):
    monkeypatch.setitem(sys.modules, hidden, None)
    code, err = stops(run.main, ["-m", *args, f"hydra.sweep.dir={tmp_path / 'sw'}"], capsys)
    assert code == 2 and f"'.[{extra}]'" in err and not (tmp_path / "sw").exists()


def test_calibrate_unwritable_posterior_exits_3_before_the_fit(tmp_path, monkeypatch, capsys):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setattr(calibrate, "calibrate", lambda *a, **k: pytest.fail("the fit started"))
    args = ["--size", "tiny", "--out", str(tmp_path / "s"), "--posterior", str(tmp_path / "file" / "p")]
    code, line = stops(calibrate.main, args, capsys)
    assert code == 3 and "--posterior" in line and not (tmp_path / "s").exists()


def test_calibrate_without_pyabc_names_the_calibrate_extra(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyabc", None)
    monkeypatch.setattr(calibrate, "calibrate", lambda *a, **k: pytest.fail("the fit started"))
    code, line = stops(calibrate.main, ["--size", "tiny", "--out", str(tmp_path / "s")], capsys)
    assert code == 2 and "'.[calibrate]'" in line and not (tmp_path / "s").exists()


def test_precheck_every_launcher_preset_names_its_plugin():
    presets = {p.stem for p in (config_dir() / "hydra" / "launcher").glob("*.yaml")}
    assert presets == set(precheck.LAUNCHER_PLUGINS)
