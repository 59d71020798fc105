"""Every exercise of docs/CLASSROOM.md shows what the guide says students will observe.

The runs are the guide's own ``cogov-run`` lines, read from its ``bash`` blocks, so the guide and
the test cannot drift apart. The guide's seed is 1; the default suite checks the observations at
seed 1 (the threshold part at seeds 1 to 10, which are fast), ``-m slow`` at seeds 1 to 3 (paired:
the same seed gives the same community in every setting of an exercise).
"""

import functools
import re
from pathlib import Path

import numpy as np
import pytest

import sim

ROOT = Path(__file__).resolve().parents[2]
CLASSROOM = ROOT / "docs" / "CLASSROOM.md"
GUIDE_SEED = 1
SEEDS = (1, 2, 3)
"""The seeds the guide asks students to repeat with (exercises 1, 2A and 3)."""
THRESHOLD_SEEDS = tuple(range(1, 11))
"""The seeds of exercise 2B ("repeat with seeds 2 to 10")."""
CASCADE = 0.5
"""Final active share above which a threshold run counts as a cascade through the community."""
LITTLE = 0.02
"""A change of a share by less than this (two points) is "changes little" in the guide."""


def commands(exercise: int) -> list[list[tuple[str, ...]]]:
    """The ``cogov-run`` lines of an exercise: one list per ``bash`` block, each line's key=value tokens."""
    sections = re.split(r"^## ", CLASSROOM.read_text(encoding="utf-8"), flags=re.M)
    (section,) = [s for s in sections if s.startswith(f"Exercise {exercise} ")]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    return [
        [tuple(line.split()[1:]) for line in block.splitlines() if line.startswith("cogov-run ")]
        for block in blocks
    ]


@functools.cache
def config(tokens: tuple[str, ...]) -> sim.Config:
    """The configuration of the guide's run ``tokens`` (composed once: Hydra takes a tenth of a second)."""
    values = dict(token.split("=", 1) for token in tokens)
    assert values.pop("seed") == str(GUIDE_SEED)
    overrides = [f"{key}={value}" for key, value in values.items() if key != "scenario"]
    return sim.load_config(values["scenario"], overrides)


@functools.cache
def summary(tokens: tuple[str, ...], seed: int) -> dict:
    """The summary of the guide's run ``tokens`` at ``seed`` (the guide's own seed is 1)."""
    return sim.simulate(config(tokens), seed=seed).summary


def measure(tokens: tuple[str, ...], seed: int, metric: str) -> float:
    return float(summary(tokens, seed)[metric])


def seeds_param(fast: tuple[int, ...] = (GUIDE_SEED,)) -> list:
    """The guide's seed in the default suite; the seeds it repeats with under ``-m slow``."""
    return [pytest.param(fast, id="guide-seed"), pytest.param(SEEDS, id="seeds-1-3", marks=pytest.mark.slow)]


def test_the_guide_has_the_runs_the_tests_check():
    assert [len(b) for b in commands(1)] == [4]
    assert [len(b) for b in commands(2)] == [4, 6]
    assert [len(b) for b in commands(3)] == [2]


@pytest.mark.parametrize("seeds", seeds_param())
def test_exercise_1_platform_serves_digital_residents_and_brings_nobody_in(seeds):
    baseline, platform, few_seniors, many_seniors = commands(1)[0]
    for seed in seeds:

        def gain(metric: str, seed: int = seed) -> float:
            return measure(platform, seed, metric) - measure(baseline, seed, metric)

        assert gain("requests_answered_share_digital") > 0.02
        assert gain("requests_answered_share_nondigital") > 0  # the phone and office hours it frees
        behind = measure(platform, seed, "requests_answered_share_digital") - measure(
            platform, seed, "requests_answered_share_nondigital"
        )
        assert behind > 0.4  # "a third against more than nine in ten"
        seniors = [measure(r, seed, "requests_answered_share_age60plus") for r in (few_seniors, many_seniors)]
        assert seniors[1] - seniors[0] > 0.15
        assert abs(gain("occasional_share")) < LITTLE
        assert measure(baseline, seed, "active_share") == measure(platform, seed, "active_share") == 0.0
    if seeds == (GUIDE_SEED,):  # the numbers the guide quotes at seed 1
        assert measure(baseline, 1, "requests_answered_share_digital") == pytest.approx(0.91, abs=0.005)
        assert measure(platform, 1, "requests_answered_share_digital") == pytest.approx(0.95, abs=0.005)
        assert measure(baseline, 1, "requests_answered_share_nondigital") == pytest.approx(0.29, abs=0.005)
        assert measure(platform, 1, "requests_answered_share_nondigital") == pytest.approx(0.33, abs=0.005)
        assert seniors == pytest.approx([0.53, 0.96], abs=0.005)


@pytest.mark.parametrize("seeds", seeds_param())
def test_exercise_2a_party_share_raises_participation_step_by_step_without_a_tipping_point(seeds):
    runs = commands(2)[0]
    shares = [float(dict(t.split("=", 1) for t in run)["community.party_share"]) for run in runs]
    for seed in seeds:
        occasional = np.array([measure(run, seed, "occasional_share") for run in runs])
        slopes = np.diff(occasional) / np.diff(shares)  # points of occasional per point of party share
        assert (slopes > 0).all()
        assert slopes.max() < 3 * slopes.min()  # no step where the community tips
        assert max(measure(run, seed, "active_share") for run in runs) < 0.01
    if seeds == (GUIDE_SEED,):
        assert occasional == pytest.approx([0.12, 0.22, 0.32, 0.50], abs=0.006)


def test_exercise_2b_threshold_rule_tips_between_thresholds_02_and_03():
    low, middle, high = commands(2)[1][:3]
    final = {r: [measure(r, s, "final_active_share") for s in THRESHOLD_SEEDS] for r in (low, middle, high)}
    assert min(final[low]) >= 0.99 and min(final[middle]) >= 0.99  # nearly everyone, on every seed
    assert max(final[high]) <= 0.03  # hardly anyone joins the three


def test_exercise_2b_threshold_rule_cascades_only_inside_watts_window_of_mean_degree():
    sparse, middle, dense = commands(2)[1][3:]

    def cascades(run: tuple[str, ...]) -> int:
        return sum(measure(run, seed, "final_active_share") > CASCADE for seed in THRESHOLD_SEEDS)

    assert cascades(sparse) <= 2
    assert cascades(middle) >= 6  # "in most seeds"
    assert cascades(dense) == 0


@pytest.mark.parametrize("seeds", seeds_param())
def test_exercise_3_grid_management_prevents_social_risk_and_raises_security_not_participation(seeds):
    baseline, grid = commands(3)[0]
    for seed in seeds:

        def value(run: tuple[str, ...], metric: str, seed: int = seed) -> float:
            return measure(run, seed, metric)

        assert value(grid, "risk_events") < value(baseline, "risk_events")
        assert value(grid, "risk_events") == 0
        assert value(grid, "sense_security") > value(baseline, "sense_security")
        assert abs(value(grid, "occasional_share") - value(baseline, "occasional_share")) < LITTLE
        assert value(grid, "active_share") == value(baseline, "active_share") == 0.0
    if seeds == (GUIDE_SEED,):
        assert [value(baseline, "sense_security", 1), value(grid, "sense_security", 1)] == pytest.approx(
            [0.466, 0.486], abs=0.0005
        )
