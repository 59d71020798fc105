"""The layers of the code base, as the import-linter contracts in pyproject.toml state them."""

from __future__ import annotations

from pathlib import Path

import grimp
import networkx as nx
from importlinter import cli

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("sim", "agents", "scenarios", "experiments")


def test_import_contracts_all_kept():
    assert cli.lint_imports(config_filename=str(ROOT / "pyproject.toml")) == cli.EXIT_STATUS_SUCCESS


def test_modules_import_graph_has_no_cycle_type_only_imports_included():
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=False)
    edges = nx.DiGraph()
    for module in graph.modules:
        edges.add_edges_from(
            (module, imported) for imported in graph.find_modules_directly_imported_by(module)
        )
    cycles = [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1]
    assert cycles == []
