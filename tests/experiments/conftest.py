"""Helpers of the experiments tests: run a tiny sweep in a subprocess (own folder, xdist-safe)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TINY = ["community.residents=300", "steps=30", "sweep.seeds=[0,1]"]


def sweep_command(out: Path, *overrides: str, python: str = sys.executable) -> list[str]:
    return [python, "-m", "experiments.sweep", "-m", *TINY, *overrides, f"hydra.sweep.dir={out}"]


def run_sweep(
    out: Path, *overrides: str, python: str = sys.executable, expect: int = 0
) -> subprocess.CompletedProcess:
    """Run a tiny sweep; ``expect`` is its exit code (1 when a job fails)."""
    command = sweep_command(out, *overrides, python=python)
    proc = subprocess.run(command, cwd=out.parent, capture_output=True, text=True, timeout=300)
    assert proc.returncode == expect, proc.stderr[-3000:]
    return proc


@pytest.fixture
def tiny_sweep():
    """Run a tiny sweep: ``tiny_sweep(out, *overrides, python=..., expect=0)``."""
    return run_sweep


@pytest.fixture
def sweep_line():
    """The command line of a tiny sweep: ``sweep_line(out, *overrides)``."""
    return sweep_command
