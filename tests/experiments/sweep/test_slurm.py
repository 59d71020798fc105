"""A sweep on a real SLURM (started by ``.ci/slurm start``) gives the same results as the basic launcher."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

SBATCH = shutil.which("sbatch")
IN_CI = os.environ.get("CI") == "true"


def _controller_answers() -> bool:
    """Whether a SLURM controller answers here (``sinfo`` succeeds)."""
    if SBATCH is None:
        return False
    return subprocess.run(["sinfo", "-h"], capture_output=True, timeout=20).returncode == 0


pytestmark = pytest.mark.skipif(
    not IN_CI and not _controller_answers(),
    reason="no SLURM here: no controller answers (sbatch missing or slurmctld stopped); .ci/run starts one",
)


def results(folder) -> pd.DataFrame:
    table = pd.read_parquet(folder / "results.parquet")
    return table.sort_values(["config_hash", "seed"]).reset_index(drop=True)


def test_slurm_sweep_matches_basic_launcher(tmp_path, tiny_sweep):
    assert SBATCH, "CI=true but sbatch is not on PATH: .ci/slurm start should have installed SLURM"
    points = "scenario=urban_baseline,party_demonstration"
    tiny_sweep(tmp_path / "basic", points)
    proc = tiny_sweep(tmp_path / "slurm", points, "hydra/launcher=slurm", "hydra.launcher.partition=debug")
    assert "hydra.launcher.mem_gb=1 " in proc.stdout  # the request the config needs (the floor here)
    basic, slurm = results(tmp_path / "basic"), results(tmp_path / "slurm")
    assert len(basic) == 4
    pd.testing.assert_frame_equal(basic, slurm)
    # the jobs ran under SLURM, with this test's interpreter (the project's environment)
    scripts = list((tmp_path / "slurm" / ".submitit").glob("*/*submission.sh"))
    assert scripts and all(f"{sys.executable} -u -m submitit" in s.read_text() for s in scripts)
