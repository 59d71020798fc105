"""Screening: every parameter moves some outcome, unless documented as inactive in the preset.

Each parameter is perturbed alone, one valid step inside its declared range, and the run is compared
with the unperturbed one under the same seed (common random numbers: a parameter nothing reads gives a
bit-identical summary). A parameter that moves no outcome is *dead* and fails the screen, unless
:func:`tests.sim.screen_cases.inactive` documents why it cannot act in that preset (a disabled channel,
a mechanism switched off, the other decision rule, an event the run never holds). The helpers and the
tables of reasons are in :mod:`tests.sim.screen_cases`.

The fast screen (default suite) runs the urban baseline in a small community; the slow one runs the
urban baseline, the Fengqiao experience and the threshold docking at the default size, and also checks
that every parameter documented as inactive there really moves nothing.
"""

from __future__ import annotations

import math
from fnmatch import fnmatchcase

import pytest

from sim.params import Config, with_values
from tests.sim import screen_cases as sc

FAST_PRESET = "urban_baseline"
FULL_PRESETS = ("urban_baseline", "fengqiao", "threshold_docking")


def _keys(preset: str, overrides: tuple[str, ...]) -> list[str]:
    return sc.screened_keys(sc.base_config(preset, overrides))


def _dead_message(result: sc.Screen) -> str:
    return (
        f"dead parameter (moves no outcome and is not documented as inactive): {result}\n"
        f"document it in tests/sim/screen_cases.py only if it cannot act in {result.preset} by design"
    )


# ------------------------------------------------------------------ the helpers themselves
def test_candidates_each_kind_stay_in_range() -> None:
    cfg = Config()
    assert list(sc.candidates(cfg, "channels.phone.enabled")) == [False]
    assert list(sc.candidates(cfg, "participation.rule")) == ["threshold"]
    assert list(sc.candidates(cfg, "channels.notice_board.close_hour")) == [23]  # 25 is out of range
    up, down = sc.candidates(cfg, "services.need_rate")
    assert math.isclose(up, 0.013) and math.isclose(down, 0.007)
    assert list(sc.candidates(cfg, "channels.forum.quality")) == [1.0, pytest.approx(0.56)]  # clipped


def test_perturbation_cross_field_rule_takes_other_direction() -> None:
    cfg = sc.base_config(FAST_PRESET, sc.FAST)
    top = cfg.participation.active_acts  # the window must hold that many days: both at the edge
    tight = with_values(cfg, {"participation.governance_window": top})
    assert sc.perturbation(tight, "participation.active_acts").new == top - 1
    assert sc.perturbation(tight, "participation.governance_window").new == top + 1


def test_moved_nan_and_identity_keys_count_as_unchanged() -> None:
    base = {"seed": 1, "steps": 10, "a": math.nan, "b": 1.0}
    assert sc.moved(base, {"seed": 2, "steps": 11, "a": math.nan, "b": 1.0}) == []
    assert sc.moved(base, {"seed": 1, "steps": 10, "a": 0.5, "b": 1.0}) == ["a"]


def test_inactive_table_patterns_name_parameters() -> None:
    keys = sc.screened_keys(Config())
    for patterns in (sc.COARSE, sc.SPARSE):
        assert all(any(fnmatchcase(k, pattern) for k in keys) for pattern in patterns)
    assert sc.unmatched_patterns() == []


def test_inactive_disabled_channel_derived_from_preset() -> None:
    cfg = sc.base_config(FAST_PRESET, sc.FAST)
    reasons = sc.inactive(FAST_PRESET, cfg, sc.base_summary(FAST_PRESET, sc.FAST))
    assert "channels.forum.reach" in reasons and "channels.forum.enabled" not in reasons
    assert "channels.phone.reach" not in reasons


# ------------------------------------------------------------------ the screens
@pytest.mark.parametrize("key", _keys(FAST_PRESET, sc.FAST))
def test_parameter_small_urban_moves_outcome(key: str) -> None:
    cfg = sc.base_config(FAST_PRESET, sc.FAST)
    reason = sc.inactive(FAST_PRESET, cfg, sc.base_summary(FAST_PRESET, sc.FAST)).get(key)
    if reason is not None:
        pytest.skip(f"inactive in {FAST_PRESET}: {reason}")
    result = sc.screen(FAST_PRESET, sc.FAST, key, sparse=True)
    if result.dead:
        pytest.fail(_dead_message(result), pytrace=False)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("preset", "key"), [(preset, key) for preset in FULL_PRESETS for key in _keys(preset, sc.FULL)]
)
def test_parameter_default_size_acts_as_documented(preset: str, key: str) -> None:
    cfg = sc.base_config(preset, sc.FULL)
    reason = sc.inactive(preset, cfg, sc.base_summary(preset, sc.FULL)).get(key)
    result = sc.screen(preset, sc.FULL, key)
    if reason is None and result.dead:
        pytest.fail(_dead_message(result), pytrace=False)
    if reason is not None and not result.dead:
        pytest.fail(
            f"documented as inactive in {preset} ({reason}) but moves {len(result.moved)} outcomes "
            f"({', '.join(result.moved[:5])}): {result}",
            pytrace=False,
        )
