"""The tutorial notebook runs end to end, so it cannot rot."""

import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial.ipynb"


def test_tutorial_notebook_executes_without_error_and_plots():
    notebook = nbformat.read(TUTORIAL, as_version=4)
    resources = {"metadata": {"path": str(ROOT)}}
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources=resources).execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    figures = [out for out in outputs if "image/png" in out.get("data", {})]
    assert len(figures) >= 3  # shares, preset comparison, sweep


def test_notebook_extra_brings_jupyterlab_and_the_guides_say_how_to_open_the_tutorial():
    lab = Path(sys.executable).with_name("jupyter-lab")
    version = subprocess.run([str(lab), "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.split(".")[0] == "4"
    for guide in ("README.md", "docs/CLASSROOM.md"):
        assert "jupyter lab docs/tutorial.ipynb" in (ROOT / guide).read_text(encoding="utf-8")
