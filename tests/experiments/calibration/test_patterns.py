"""Calibration patterns and the ABC distance (experiments.calibration.patterns)."""

import math

import pandas as pd
import pytest

from experiments.calibration.patterns import DISTANCE, STATISTICS, Pattern, distances, load, presets

PASSIVE = Pattern("passive", "urban_baseline", "passive_share", 0.7, 0.92, 0.22, "")
MEMBERS = Pattern("members", "fengqiao", "org_membership_share", 0.15, 0.25, 0.1, "")


def runs(**by_name):
    """One baseline and one fengqiao run per particle: ``name=(passive, membership)``."""
    rows = []
    for name, (passive, members) in by_name.items():
        rows.append({"name": name, "preset": "urban_baseline", "passive_share": passive})
        rows.append({"name": name, "preset": "fengqiao", "org_membership_share": members})
    return pd.DataFrame(rows)


def test_distance_is_zero_inside_every_band_and_the_norm_of_scaled_misses_outside():
    table = distances([PASSIVE, MEMBERS], runs(inside=(0.8, 0.19), out=(0.92 + 0.22 * 3, 0.15 - 0.1 * 4)))
    assert table.loc["inside", DISTANCE] == 0.0
    assert table.loc["out", "d_passive"] == pytest.approx(3.0)
    assert table.loc["out", DISTANCE] == pytest.approx(5.0)  # sqrt(3^2 + 4^2)


def test_a_particle_missing_a_preset_run_is_infinitely_far():
    table = distances([PASSIVE, MEMBERS], runs(a=(0.8, 0.19)).iloc[:1])
    assert math.isinf(table.loc["a", DISTANCE])


def test_distance_of_several_seeds_is_taken_from_the_statistic_averaged_over_them():
    # seeds 0.6 and 0.9 average to 0.75, inside the band, though the first seed alone is outside it
    table = distances([PASSIVE, MEMBERS], pd.concat([runs(a=(0.6, 0.19)), runs(a=(0.9, 0.19))]))
    assert table.loc["a", "passive"] == pytest.approx(0.75)
    assert table.loc["a", DISTANCE] == 0.0


def test_ratios_of_the_ladder_and_of_owners_to_tenants():
    row = {
        "active_share": 0.01,
        "occasional_share": 0.09,
        "passive_share_owner": 0.7,
        "passive_share_tenant": 0.8,
    }
    assert STATISTICS["active_among_engaged"](row) == pytest.approx(0.1)
    assert STATISTICS["owner_tenant_engaged_ratio"](row) == pytest.approx(1.5)
    assert math.isnan(STATISTICS["active_among_engaged"]({"active_share": 0.0, "occasional_share": 0.0}))


def test_project_patterns_cover_the_issue_targets_on_both_presets():
    patterns = {p.name: p for p in load()}
    assert presets(list(patterns.values())) == ["urban_baseline", "fengqiao"]
    assert (patterns["passive"].low, patterns["passive"].high) == (0.70, 0.92)
    assert (patterns["active"].low, patterns["active"].high) == (0.005, 0.05)
    assert patterns["inequality"].low == 0.5 and patterns["owner_tenant"].low == 1.2
    assert patterns["membership_baseline"].high == 0.15
    assert (patterns["membership_fengqiao"].low, patterns["membership_fengqiao"].high) == (0.15, 0.25)


@pytest.mark.parametrize(
    "text, match",
    [
        ("p: {preset: x, statistic: nope, low: 0, high: 1, scale: 1, source: s}", "p.statistic: 'nope'"),
        ("p: {preset: x, statistic: active_share, low: 2, high: 1, scale: 1, source: s}", "low <= high"),
        ("p: {preset: x, statistic: active_share}", "needs exactly the keys"),
    ],
)
def test_bad_pattern_files_name_the_pattern_and_key(tmp_path, text, match):
    path = tmp_path / "patterns.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match=match):
        load(path)
