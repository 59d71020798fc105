"""The model can be cited: a valid CITATION.cff, a LICENSE, docs that cite only what readers can find."""

import re
import tomllib
from pathlib import Path

import yaml

from scenarios.document import DOCS, documents
from sim.params import Config, leaves

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("cff-version", "message", "title", "authors", "version")
"""Keys the Citation File Format 1.2.0 requires of every file."""
UNPUBLISHED = re.compile(
    r"\b(MODEL\.md|SEED_NOTES|CALIBRATION_TARGETS|RESPONSE_TARGETS|HOUSE\.md|STACK_NOTES)\b|shared/design"
)
"""Design notes that are not in the repository and not published: nothing may cite them."""
CITING = ("docs", "sim", "agents", "scenarios", "experiments", "configs", "tests")
"""Folders whose files may cite sources: the docs, the code and its tests, the configs."""


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_citation_has_the_required_keys_and_the_projects_version_and_licence():
    cff = citation()
    assert [key for key in REQUIRED if not cff.get(key)] == []
    assert cff["cff-version"] == "1.2.0"
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert cff["version"] == project()["version"]
    assert cff["license"] == project()["license"]


def test_citation_references_the_source_article_and_the_threshold_models():
    references = citation()["references"]
    assert all(r.get("type") and r.get("title") and r.get("authors") for r in references)
    journals = [r.get("journal", "") for r in references]
    assert any("人民论坛" in j for j in journals)  # the source article (People's Forum)
    dois = {r.get("doi") for r in references}
    assert {"10.1086/226707", "10.1073/pnas.082090499"} <= dois  # Granovetter 1978, Watts 2002


def test_license_file_is_the_licence_pyproject_declares():
    assert project()["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_readme_says_how_to_cite():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme
    assert "CITATION.cff" in readme


def test_docs_code_and_configs_cite_no_unpublished_design_notes():
    files = [
        p
        for folder in CITING
        for p in (ROOT / folder).rglob("*")
        if p.suffix in {".md", ".py", ".yaml", ".ipynb", ".toml", ".cff"} and p != Path(__file__).resolve()
    ]
    files += [ROOT / name for name in ("README.md", "CITATION.cff", "pyproject.toml", "dev.py")]
    citing = [str(p.relative_to(ROOT)) for p in files if UNPUBLISHED.search(p.read_text(encoding="utf-8"))]
    assert citing == []


def test_parameter_sources_and_the_generated_docs_cite_no_unpublished_design_notes():
    sources = {leaf.key: str(leaf.field.metadata.get("source", "")) for leaf in leaves(Config())}
    assert [key for key, source in sources.items() if UNPUBLISHED.search(source)] == []
    docs = documents(DOCS)  # PARAMETERS.md and the channel tables as sim/params.py would write them now
    assert [path.name for path, text in docs.items() if UNPUBLISHED.search(text)] == []
    assert UNPUBLISHED.search("see ../shared/design/SEED_NOTES.md and MODEL.md")  # the check bites
