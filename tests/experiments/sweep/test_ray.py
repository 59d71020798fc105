"""A sweep on a local Ray (own environment, built by ``.ci/ray-env``) matches the basic launcher."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

RAY_PYTHON = Path(__file__).resolve().parents[3] / ".venv-ray" / "bin" / "python"

pytestmark = pytest.mark.skipif(
    not (RAY_PYTHON.parent / "cogov-sweep").exists(),
    reason="no Ray environment: .venv-ray/bin/cogov-sweep not found; .ci/ray-env builds it",
)


def results(folder: Path) -> pd.DataFrame:
    table = pd.read_parquet(folder / "results.parquet")
    return table.sort_values(["config_hash", "seed"]).reset_index(drop=True)


def test_ray_local_sweep_matches_basic_launcher(tmp_path, tiny_sweep):
    points = "scenario=urban_baseline,party_demonstration"
    tiny_sweep(tmp_path / "basic", points)
    tiny_sweep(tmp_path / "ray", points, "hydra/launcher=ray_local", python=str(RAY_PYTHON))
    basic, ray = results(tmp_path / "basic"), results(tmp_path / "ray")
    assert len(basic) == 4
    pd.testing.assert_frame_equal(basic, ray)
