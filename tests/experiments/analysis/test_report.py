"""cogov-report on real sweep outputs, including a failed job and a corrupt file."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from experiments.analysis.report import build


def test_report_failed_job_and_corrupt_file_names_missing_runs(tmp_path, tiny_sweep):
    out = tmp_path / "sw"
    proc = tiny_sweep(
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
    code = "import sys, experiments.analysis.report; sys.exit('sim.model' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0


def test_report_baseline_value_of_a_swept_parameter_gives_paired_effects_and_a_dose_response(
    tmp_path, tiny_sweep
):
    out = tmp_path / "sw"
    tiny_sweep(out, "outreach=party", "outreach.party_contacts=0,1,2", "steps=60", "sweep.seeds=[0,1,2]")
    build([out], tmp_path / "report", "outreach.party_contacts=0", ["active_share"], seed=0)
    results = pd.read_parquet(tmp_path / "report" / "results.parquet")
    wide = results.pivot(index="seed", columns="outreach.party_contacts", values="active_share")
    comparisons = pd.read_csv(tmp_path / "report" / "comparisons.csv")
    effect = comparisons[comparisons["metric"] == "active_share"].set_index("outreach.party_contacts")
    assert sorted(effect.index) == [1.0, 2.0]  # every value but the baseline's
    for value in (1.0, 2.0):  # the mean of the per-seed differences (paired by seed), within its interval
        row = effect.loc[value]
        assert row["n_pairs"] == 3
        assert row["diff"] == pytest.approx((wide[value] - wide[0.0]).mean(), abs=1e-12)
        assert row["ci_low"] <= row["diff"] <= row["ci_high"]
    md = (tmp_path / "report" / "report.md").read_text()
    assert "Effects against outreach contacts per party member per day = 0" in md
    assert "Dose-response" in md and (tmp_path / "report" / "figures" / "dose_response.png").stat().st_size
    assert "figures/dose_response.png" in md
    html = (tmp_path / "report" / "report.html").read_text()
    assert "Dose-response" in html


def test_report_bad_baseline_value_is_one_line_and_exit_2(tmp_path, tiny_sweep):
    out = tmp_path / "sw"
    tiny_sweep(out, "outreach=party", "outreach.party_contacts=0,2", "steps=5", "sweep.seeds=[0]")
    for baseline, says in [
        ("outreach.party_contacts=3", "one of its swept values: 0, 2"),
        ("community.residents=300", "KEY a swept parameter: outreach.party_contacts"),
    ]:
        command = [sys.executable, "-m", "experiments.analysis.report", str(out), "--baseline", baseline]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1 and says in proc.stderr and "Traceback" not in proc.stderr
        assert not (out / "report").exists()  # nothing written
