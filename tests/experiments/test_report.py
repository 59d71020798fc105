"""cogov-report on real sweep outputs, including a failed job and a corrupt file."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from conftest import run_sweep

from experiments.report import build


def test_report_failed_job_and_corrupt_file_names_missing_runs(tmp_path):
    out = tmp_path / "sw"
    proc = run_sweep(
        out, "scenario=urban_baseline,party_demonstration,deliberation", "community.residents=300,0", expect=1
    )
    assert "3 of 6 jobs failed" in proc.stdout.strip().splitlines()[-1]
    (out / "2" / "summary.parquet").write_bytes(b"not parquet")  # deliberation, 300 residents
    html = build([out], tmp_path / "report", "urban_baseline", None, seed=0)
    md = (tmp_path / "report" / "report.md").read_text()
    assert html.read_text().count("data:image/png;base64,") >= 2  # figures embedded
    assert "failed: " in md and "community.residents" in md  # the invalid points, with their error
    assert "corrupt: summary.parquet does not match its SHA-256" in md
    results = pd.read_parquet(tmp_path / "report" / "results.parquet")
    assert len(results) == 4 and set(results["scenario"]) == {"urban_baseline", "party_demonstration"}
    missing = pd.read_csv(tmp_path / "report" / "missing.csv")
    assert len(missing) == 2 * 4  # 3 failed points + 1 corrupt job, 2 seeds each
    comparisons = pd.read_csv(tmp_path / "report" / "comparisons.csv")
    assert set(comparisons["scenario"]) == {"party_demonstration"} and (comparisons["n_pairs"] == 2).all()


def test_report_import_never_loads_model():
    code = "import sys, experiments.report; sys.exit('sim.model' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0
