"""docs/PARAMETERS.md and the channel tables of the docs are generated from sim/params.py and must not rot."""

import filecmp
import shutil
import subprocess
import sys
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest

from scenarios import document
from scenarios.document import (
    BEGIN,
    CHANNEL_DOCS,
    DOCS,
    END,
    OUTPUT,
    documents,
    flatten,
    generate,
    main,
    walk,
)
from sim.params import CHANNEL_NAMES, Config

ROOT = Path(__file__).resolve().parents[2]


def _leaf_fields(node: Any, prefix: str = ""):
    for f in fields(node):
        value = getattr(node, f.name)
        if is_dataclass(value):
            yield from _leaf_fields(value, f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}", f


@pytest.fixture(scope="module")
def generated() -> str:
    return generate()


def test_committed_parameters_md_equals_freshly_generated(generated):
    assert OUTPUT.exists(), "docs/PARAMETERS.md is missing: run python -m scenarios.document"
    assert OUTPUT.read_text(encoding="utf-8") == generated, (
        "docs/PARAMETERS.md is out of date: run python -m scenarios.document"
    )


def test_every_parameter_has_a_doc_and_a_source():
    no_doc = [k for k, f in _leaf_fields(Config()) if not str(f.metadata.get("doc", "")).strip()]
    no_source = [k for k, f in _leaf_fields(Config()) if not str(f.metadata.get("source", "")).strip()]
    assert not no_doc, f"declare these with sim.params.param(default, doc): {no_doc}"
    assert not no_source, f"give these a source or 'assumed': {no_source}"


def test_every_parameter_key_appears_in_the_document(generated):
    families = {g.key for g in walk() if g.members}
    for key in flatten(Config()):
        group, _, name = key.rpartition(".")
        family = group.rpartition(".")[0]
        if family in families:
            assert f"| `{name}` |" in generated, key  # documented once per family, defaults in wide tables
        else:
            assert f"| `{key}` |" in generated, key


def test_check_mode_reports_a_stale_file(tmp_path, monkeypatch):
    for name in CHANNEL_DOCS:
        shutil.copy(DOCS / name, tmp_path / name)
    monkeypatch.setattr(document, "generate", lambda: "new\n")
    stale = tmp_path / "PARAMETERS.md"
    stale.write_text("old\n")
    assert main(["--check", "--docs", str(tmp_path)]) == 1
    assert main(["--docs", str(tmp_path)]) == 0
    assert main(["--check", "--docs", str(tmp_path)]) == 0


def test_a_document_without_its_channel_markers_is_refused_with_exit_code_2(tmp_path, capsys):
    for name in CHANNEL_DOCS:
        (tmp_path / name).write_text("no markers\n")
    assert main(["--docs", str(tmp_path)]) == 2
    assert "no channel table markers" in capsys.readouterr().err


def test_committed_channel_tables_equal_freshly_generated():
    for path, text in documents(DOCS).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is out of date: run python -m scenarios.document"
        )


@pytest.mark.parametrize("name", sorted(CHANNEL_DOCS))
def test_odd_and_metrics_name_every_channel_in_their_channel_table(name):
    text = (DOCS / name).read_text(encoding="utf-8")
    table = text.partition(BEGIN)[2].partition(END)[0]
    missing = [
        channel for channel in CHANNEL_NAMES if f"`{channel}`" not in table and f"_{channel}`" not in table
    ]
    assert not missing, f"docs/{name} misses channels {missing}: run python -m scenarios.document"


NEW_CHANNEL = """    repair_cafe: ChannelParams = _channel(
        "the repair café",
        mode="coproduction",
        engagement=8,
        period=30,
        offset=10,
        on_demand=False,
        open_hour=14,
        close_hour=17,
        reach=0.3,
        time_cost=2.0,
    )
"""
NEW_PRESET = """# @package _global_
# A monthly repair café run by the residents' committee.
scenario: repair_cafe
channels:
  repair_cafe:
    enabled: true
"""
RUN_NEW_CHANNEL = """
import sim
from scenarios import document, labels
assert document.main([]) == 0
cfg = sim.load_config("repair_cafe", ["community.residents=1000", "burn_in=0", "steps=40"])
result = sim.simulate(cfg)
print(labels.label("participations_repair_cafe"), labels.scenario_label("repair_cafe"), sep="|")
print(result.summary["participations_repair_cafe"])
"""


def _changed(tree: Path) -> set[str]:
    """Files of ``tree`` that differ from (or are not in) the source tree."""
    out = set()
    for path in tree.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            original = ROOT / path.relative_to(tree)
            if not original.is_file() or not filecmp.cmp(path, original, shallow=False):
                out.add(path.relative_to(tree).as_posix())
    return out


def test_a_new_channel_is_its_declaration_its_label_a_preset_and_a_test(tmp_path):
    """The worked example of docs/EXPERIMENTS.md, "Adding a channel", on a copy of the source tree."""
    for package in ("sim", "agents", "scenarios", "configs", "docs"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    params = tmp_path / "sim" / "params.py"
    text = params.read_text(encoding="utf-8")
    params.write_text(text.replace("\n\nCHANNEL_NAMES = ", f"{NEW_CHANNEL}\n\nCHANNEL_NAMES = ", 1))
    labels = tmp_path / "scenarios" / "labels.py"
    text = labels.read_text(encoding="utf-8")
    labels.write_text(text.replace('    "rural": ', '    "repair_cafe": "Repair café",\n    "rural": ', 1))
    (tmp_path / "configs" / "scenario" / "repair_cafe.yaml").write_text(NEW_PRESET)
    run = subprocess.run(
        [sys.executable, "-c", RUN_NEW_CHANNEL],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    names, participations = run.stdout.splitlines()[-2:]
    assert names == "Participations through the repair café|Repair café"
    assert float(participations) > 0
    written = {"docs/PARAMETERS.md", "docs/ODD.md", "docs/METRICS.md"}  # by python -m scenarios.document
    by_hand = {"sim/params.py", "scenarios/labels.py", "configs/scenario/repair_cafe.yaml"}
    assert _changed(tmp_path) == by_hand | written  # with this test: four files
    for name in CHANNEL_DOCS:
        assert "repair_cafe`" in (tmp_path / "docs" / name).read_text(encoding="utf-8")
