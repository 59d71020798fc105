"""docs/PARAMETERS.md is generated from sim/params.py and must not rot."""

from dataclasses import fields, is_dataclass
from typing import Any

import pytest

from scenarios import document
from scenarios.document import OUTPUT, flatten, generate, main, walk
from sim.params import Config


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
    monkeypatch.setattr(document, "generate", lambda: "new\n")
    stale = tmp_path / "PARAMETERS.md"
    stale.write_text("old\n")
    assert main(["--check", "--output", str(stale)]) == 1
    assert main(["--output", str(stale)]) == 0
    assert main(["--check", "--output", str(stale)]) == 0
