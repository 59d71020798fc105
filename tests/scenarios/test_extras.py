"""Every console script starts on the base install (no extras), or names the extra its options need."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import sim
from scenarios import viz
from scenarios.extras import EXTRAS, installed, require

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
HIDE = f"import sys\nfor name in {sorted(EXTRAS)!r}:\n    sys.modules[name] = None\n"
"""Python lines that hide every optional package from the process, as a base install lacks them."""


def test_every_optional_module_is_named_with_an_extra_of_pyproject():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert set(EXTRAS.values()) <= set(extras)


def test_console_script_modules_import_with_every_optional_package_hidden():
    modules = sorted({target.split(":")[0] for target in SCRIPTS.values()})
    code = HIDE + "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "from experiments import compare\nprint(compare.default_launcher())\n"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "basic"  # cogov-compare falls back to Hydra's launcher


def test_installed_hidden_module_is_not_installed(monkeypatch):
    monkeypatch.setitem(sys.modules, "SALib", None)
    assert not installed("SALib") and installed("numpy")


def test_require_missing_module_is_a_one_line_error_naming_option_and_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ema_workbench", None)
    with pytest.raises(sim.ConfigError) as info:
        require("ema_workbench", "--target", "active_share=0.1")
    text = str(info.value)
    assert "\n" not in text and "--target" in text and "'.[discover]'" in text


def test_cogov_compare_without_extras_writes_its_brief(tmp_path):
    code = HIDE + "from experiments.compare import main\nmain()\n"
    args = ["urban_baseline", "digital_platform", "--seeds", "2", "-o", "out"]
    args += ["community.residents=200", "steps=20", "burn_in=20"]
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = tmp_path / "out"
    assert (out / "brief.html").is_file() and (out / "report" / "report.html").is_file()


def test_cogov_viz_without_solara_names_the_viz_extra(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "solara", None)
    with pytest.raises(SystemExit) as stop:
        viz.main(["--port", "9999"])
    err = capsys.readouterr().err.strip().splitlines()
    assert stop.value.code == 2 and len(err) == 1 and "'.[viz]'" in err[0]
