"""cogov-calibrate end to end at the tiny size: ABC-SMC generations as resumable sweeps, posterior files."""

import subprocess
import sys

import pandas as pd
import pytest

from experiments.calibration import calibrate, posterior
from experiments.calibration.patterns import load
from experiments.sweep.batch import Point, finished, run


def tiny_command(root, posterior: str, *extra: str) -> list[str]:
    """``cogov-calibrate --size tiny``: sweeps in ``root/sweeps``, the posterior in ``root/<posterior>``."""
    out = ["--out", str(root / "sweeps"), "--posterior", str(root / posterior)]
    return [sys.executable, "-m", "experiments.calibration", "--size", "tiny", *out, *extra]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Run the tiny calibration; return its folder and the stamps of its jobs' outputs."""
    root = tmp_path_factory.mktemp("calibration")
    proc = subprocess.run(tiny_command(root, "posterior"), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return root, sorted((root / "sweeps").glob("g*_b*/sweep/*/summary.parquet"))


def test_posterior_files_have_one_column_per_fitted_parameter_and_weights(tiny):
    root, _ = tiny
    folder = root / "posterior"
    particles = pd.read_csv(folder / "particles.csv")
    assert "participation.b0" in particles and "institutions.organisations.recruit_rate" in particles
    assert particles["weight"].sum() == pytest.approx(1.0)
    summary = pd.read_csv(folder / "summary.csv")
    assert list(summary["parameter"]) == [c for c in particles.columns if c != "weight"]
    assert len(posterior.draw(5, seed=0, path=folder / "particles.csv")) == 5
    fit = pd.read_csv(folder / "fit.csv")
    assert list(fit["pattern"]) == [p.name for p in load()]


def test_generations_run_every_candidate_on_both_presets_and_tighten_epsilon(tiny):
    root, jobs = tiny
    gens = pd.read_csv(root / "posterior" / "generations.csv")
    size = calibrate.load_size("tiny")
    assert list(gens["generation"]) == list(range(size["generations"]))
    assert gens["epsilon"].is_monotonic_decreasing and gens["epsilon"].iloc[-1] < gens["epsilon"].iloc[0]
    assert (gens["model_runs"] == 2 * gens["candidates"]).all()
    assert len(jobs) == gens["model_runs"].sum()  # one sweep job per candidate and preset


def test_a_batch_run_again_reuses_its_finished_runs(tmp_path):
    """Resume: the calibration's batches are sweeps; the same batch again skips every finished point."""
    points = [Point("c000", "urban_baseline", {"participation.b0": -6.0})]
    sizes = calibrate.run_overrides(calibrate.load_size("tiny"))
    first = run(points, tmp_path / "b", [3], sizes)
    jobs = list((tmp_path / "b").glob("sweep/*/summary.parquet"))
    stamps = {p: p.stat().st_mtime_ns for p in jobs}
    again = run(points, tmp_path / "b", [3], sizes)
    assert len(jobs) == 1 and all(p.stat().st_mtime_ns == t for p, t in stamps.items())
    pd.testing.assert_frame_equal(first, again)
    assert first.loc[0, "name"] == "c000" and first.loc[0, "preset"] == "urban_baseline"
    # read as it is only when every run of these very values is there
    pd.testing.assert_frame_equal(finished(points, tmp_path / "b", [3]), first)
    assert finished(points, tmp_path / "b", [3, 4]) is None
    assert (
        finished([Point("c000", "urban_baseline", {"participation.b0": -5.0})], tmp_path / "b", [3]) is None
    )


def test_replay_continues_a_fit_without_relaunching_its_finished_batches(tiny):
    root, jobs = tiny
    stamps = {p: p.stat().st_mtime_ns for p in jobs}
    command = tiny_command(root, "more", "--replay", "--generations", "3")
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    first = pd.read_csv(root / "posterior" / "generations.csv")
    more = pd.read_csv(root / "more" / "generations.csv")
    pd.testing.assert_frame_equal(more.head(len(first)), first)  # the same fit, one generation further
    assert len(more) == 3 and all(p.stat().st_mtime_ns == t for p, t in stamps.items())


def test_bad_size_is_one_line_exit_2_nothing_written(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "experiments.calibration", "--size", "huge", "--out", str(tmp_path / "s")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "--size" in proc.stderr and "huge" in proc.stderr and "tiny" in proc.stderr
    assert not (tmp_path / "s").exists()


def test_check_reports_each_pattern_over_seeds_at_the_defaults(tmp_path):
    size = calibrate.load_size("tiny")
    table = calibrate.check(size, 3, tmp_path)
    assert list(table["pattern"]) == [p.name for p in load()]
    runs = pd.concat(pd.read_parquet(p) for p in tmp_path.glob("check/sweep/*/summary.parquet"))
    baseline = runs[runs["scenario"] == "defaults-urban_baseline"]
    assert sorted(baseline["seed"]) == [0, 1, 2]
    passive = table.set_index("pattern").loc["passive"]
    assert passive["mean"] == pytest.approx(baseline["passive_share"].mean())
    assert passive["ci_low"] <= passive["mean"] <= passive["ci_high"]
    assert passive["seeds_inside"] in (0, 1 / 3, 2 / 3, 1)
    assert passive["inside"] == (0.7 <= passive["mean"] <= 0.92)


@pytest.mark.parametrize("flag", ["--check", "--residents"])
def test_negative_check_or_residents_is_one_line_exit_2(flag, tmp_path):
    command = [sys.executable, "-m", "experiments.calibration", flag, "-3", "--out", str(tmp_path / "s")]
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and flag in proc.stderr
    assert not (tmp_path / "s").exists()
