"""cogov-compare end to end on tiny communities: pairing, the brief's numbers, posterior draws, bad input."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from omegaconf import OmegaConf
from scipy import stats

from experiments import compare

TINY = ["--launcher", "basic", "community.residents=200", "steps=30", "burn_in=30"]


def run(args: list[str], cwd: Path, code: str = "from experiments.compare import main; main()") -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def t_interval(diff: np.ndarray) -> tuple[float, float, float]:
    half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / math.sqrt(len(diff))
    return diff.mean(), diff.mean() - half, diff.mean() + half


POSTERIOR_STUB = (  # a calibrated posterior, stubbed in the process: draw r sets b_aware = 5 + r
    "from experiments import compare\n"
    "from experiments.calibration import posterior\n"
    "posterior.exists = lambda path=None: True\n"
    "posterior.draw = lambda n, seed, path=None: [{'participation.b_aware': 5.0 + r} for r in range(n)]\n"
    "compare.main()\n"
)


def test_compare_pairs_seeds_and_draws_and_its_brief_matches_the_results(tmp_path):
    town = tmp_path / "my_town.yaml"  # a user's scenario file stands where a preset name would
    town.write_text("defaults:\n  - override /channels: digital\n")
    out = tmp_path / "out"
    run(["urban_baseline", str(town), "--seeds", "3", "-o", str(out), *TINY], tmp_path, POSTERIOR_STUB)
    jobs = json.loads((out / "plan.json").read_text())["jobs"]
    assert len(jobs) == 2 * 3  # one job per scenario and replicate
    for job in jobs:  # replicate r: seed r and parameter draw r, in every scenario
        (seed,) = json.loads((out / str(job["num"]) / "manifest.json").read_text())["seeds"]
        assert OmegaConf.load(out / str(job["num"]) / "point.yaml").participation.b_aware == 5.0 + seed
    res = pd.read_parquet(out / "results.parquet")
    assert res.groupby("scenario")["seed"].apply(sorted).to_dict() == {
        "my_town": [0, 1, 2],
        "urban_baseline": [0, 1, 2],
    }
    wide = res.pivot(index="seed", columns="scenario", values="active_share")
    mean, low, high = t_interval((wide["my_town"] - wide["urban_baseline"]).to_numpy())
    md = (out / "brief.md").read_text()
    measurable = low > 0 or high < 0
    assert (
        f"{abs(mean) * 100:.1f} percentage points" if measurable else f"{mean * 100:+.1f} percentage"
    ) in md
    assert f"(95% interval {low * 100 + 0:+.1f} to {high * 100 + 0:+.1f})" in md
    assert "Warning: too few seeds for reliable intervals" in md  # 3 < 5
    assert "seed and parameter uncertainty" in md
    assert (out / "report" / "report.html").is_file() and "report/report.html" in md
    page = (out / "brief.html").read_text()
    assert "data:image/png;base64," in page and "://" not in page  # nothing loaded from elsewhere
    assert "### Over time" in md and (out / "figures" / "brief_my_town_over_time.png").is_file()


def test_uncertainty_says_the_model_is_not_calibrated_without_draws():
    assert compare.uncertainty(False) == "seed uncertainty only (the model is not calibrated)"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["urban_baseline", "no_such_preset"], "'no_such_preset'"),
        (["urban_baseline"], "a baseline and at least one intervention"),
        (["urban_baseline", "digital_platform", "--seeds", "0"], "--seeds"),
        (["urban_baseline", "digital_platform", "--years", "-1"], "--years"),
        (["urban_baseline", "digital_platform", "community.nokey=3"], "community.nokey"),
        (["urban_baseline", "digital_platform", "community.residents=0"], "community.residents"),
        (["urban_baseline", "urban_baseline"], "different names"),
        (["urban_baseline", "digital_platform", "--launcher", "nope"], "--launcher"),
        (["urban_baseline", "missing.yaml"], "missing.yaml"),
        (["--target", "no_metric=0.1"], "--target"),
        (["--target", "active_share=lots"], "--target"),
        (["--target", "active_share=0.1", "urban_baseline", "digital_platform"], "one baseline"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, monkeypatch, capsys, args, says):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        compare.main(args)
    err = capsys.readouterr().err.strip().splitlines()
    assert stop.value.code == 2 and len(err) == 1 and err[0].startswith("cogov-compare: error: ")
    assert says in err[0]
    assert not any(tmp_path.iterdir())


def test_sweep_line_runs_one_job_per_replicate_and_scenario_seed_by_seed_on_every_core():
    scenarios = compare.resolve(["urban_baseline", "digital_platform"], ["community.residents=200"])
    line = compare.sweep_args(scenarios, 4, ["steps=30"], Path("x"), "local_joblib", None)
    assert line[:3] == ["-m", "seed=range(0,4)", "scenario=urban_baseline,digital_platform"]  # seed by seed
    assert "hydra/launcher=local_joblib" in line and f"hydra.launcher.n_jobs={compare.cores()}" in line


@pytest.mark.parametrize(
    "draw",
    [
        lambda n, seed, path=None: [{"participation.no_such_weight": 1.0}] * n,
        lambda n, seed, path=None: (_ for _ in ()).throw(
            ValueError("particles.csv: needs a 'weight' column")
        ),
    ],
)
def test_a_posterior_the_model_refuses_is_one_line_and_nothing_written(tmp_path, monkeypatch, capsys, draw):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(compare.posterior, "exists", lambda path=None: True)
    monkeypatch.setattr(compare.posterior, "draw", draw)
    with pytest.raises(SystemExit) as stop:
        compare.main(["urban_baseline", "digital_platform"])
    err = capsys.readouterr().err.strip().splitlines()
    assert stop.value.code == 2 and len(err) == 1 and err[0].startswith("cogov-compare: error: ")
    assert not any(tmp_path.iterdir())


def test_no_baseline_run_finished_is_one_error_line_with_the_failed_jobs_code(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(compare, "run_sweep", lambda args, rows, out: 0)  # no job wrote a result
    with pytest.raises(SystemExit) as stop:
        compare.main(["urban_baseline", "digital_platform", "--no-posterior", *TINY])
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert stop.value.code == 1 and len(err) == 1 and "no run of urban_baseline finished" in err[0]
    assert "error" not in captured.out
