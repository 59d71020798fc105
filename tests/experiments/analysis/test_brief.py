"""The policy brief from a results table whose effects are known by construction (no model runs)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from experiments.analysis import brief
from scenarios.labels import GROUPS, STAFF

BASE, PLATFORM = "urban_baseline", "digital_platform"
DAYS = 182
EFFECTS = {  # true change of active_share_<group> with the platform
    "owner": 0.06,
    "tenant": 0.06,
    "age18_34": 0.09,
    "age35_59": 0.07,
    "age60plus": 0.03,  # a third of what the young gain
    "digital": 0.08,
    "nondigital": 0.0,  # left behind
    "party": 0.1,
    "nonparty": 0.05,
}


def results(n: int, seed: int = 1) -> pd.DataFrame:
    """``n`` paired replicates: per-seed noise shared by both scenarios, small extra noise per run."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n):
        shared = rng.normal(0.0, 0.01)
        for scenario, on in ((BASE, 0.0), (PLATFORM, 1.0)):
            row = {"scenario": scenario, "seed": s, "residents": 1000, "version": "9.9.9"}
            row["active_share"] = 0.05 + shared + on * 0.06 + rng.normal(0, 0.002)
            for g, e in EFFECTS.items():
                noise = rng.normal(0, 0.002) if e else 0.0  # the group left behind: exactly no change
                row[f"active_share_{g}"] = 0.05 + shared + on * e + noise
            row["disputes_grassroots_share"] = 0.7 + shared + rng.normal(0, 0.01)  # no effect
            # of the +6 points, +4 are the platform's own regulars and +2 spill over; no lasting shift
            row["active_share_outside_own"] = row["active_share"] - on * 0.04
            row["lasting_shift_share"] = 0.01 + shared + rng.normal(0, 0.001)
            row["active_spell_median_days"] = 60.0
            row["risk_events_per_1000_households_year"] = 2.0 + rng.normal(0, 0.3)
            row["after_hours_answered_share"] = 0.4 + on * 0.2 + rng.normal(0, 0.01)
            for sense in ("gain", "security", "belonging", "happiness"):
                row[f"sense_{sense}"] = (
                    0.5 + shared + (on * 0.03 if sense == "gain" else 0) + rng.normal(0, 0.002)
                )
            for actor in STAFF:
                row[f"staff_hours_{actor}"] = (
                    500.0 + on * (1000.0 if actor == "committee" else 0.0) + rng.normal(0, 5)
                )
            row["staff_hours"] = sum(row[f"staff_hours_{a}"] for a in STAFF)
            rows.append(row)
    return pd.DataFrame(rows)


def spec() -> brief.Spec:
    return brief.Spec(
        BASE, [PLATFORM], {BASE: DAYS, PLATFORM: DAYS}, "seed uncertainty only", "report/report.html"
    )


def t_interval(diff: np.ndarray) -> tuple[float, float, float]:
    half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / math.sqrt(len(diff))
    return diff.mean(), diff.mean() - half, diff.mean() + half


def paired_diff(res: pd.DataFrame, column: str) -> np.ndarray:
    wide = res.pivot(index="seed", columns="scenario", values=column)
    return (wide[PLATFORM] - wide[BASE]).to_numpy()


def test_brief_states_effect_groups_cost_and_side_effects_from_the_table(tmp_path):
    res = results(8)
    html = brief.write(res, spec(), tmp_path)
    md = (tmp_path / "brief.md").read_text()
    mean, low, high = t_interval(paired_diff(res, "active_share"))
    assert f"by {mean * 100:.1f} percentage points (95% interval {low * 100:+.1f} to {high * 100:+.1f})" in md
    assert f"about {mean * 1000:+.0f} residents per 1,000" in md
    assert "Residents aged 60+ gain a third of what residents aged 18–34 gain" in md
    assert "Residents without digital access are left behind" in md
    # cost: per year = total over the measured days x 365 / days; the committee adds 1,000 h per window
    hours = paired_diff(res, "staff_hours") * 365 / DAYS
    assert f"{hours.mean():+,.0f} hours a year" in md
    assert f"about {hours.mean() / (mean * 1000):,.0f} hours of staff and volunteers a year" in md
    settled = "Disputes settled by residents themselves (parties, resident mediators, organisations)"
    _, low, high = t_interval(paired_diff(res, "disputes_grassroots_share") * 100)  # no effect, 1-point noise
    assert f"- {settled}: uncertain, between {low:+.1f} and {high:+.1f} percentage points" in md
    gain, gain_low, gain_high = t_interval(paired_diff(res, "sense_gain"))
    assert f"- Sense of gain: up {gain * 100:.1f} points on a 0–100 scale" in md
    assert "too few seeds" not in md and "Model version: 9.9.9" in md
    assert "[report/report.html](report/report.html)" in md
    page = html.read_text()
    assert '<a href="report/report.html">' in page and page.count("data:image/png;base64,") == 1
    assert "_share" not in md and "_share" not in page  # no snake_case for the reader


@pytest.mark.parametrize(("n", "warned"), [(4, True), (5, False)])
def test_brief_warns_under_five_seeds(tmp_path, n, warned):
    brief.write(results(n), spec(), tmp_path)
    assert ("Warning: too few seeds for reliable intervals" in (tmp_path / "brief.md").read_text()) is warned


def test_brief_of_an_older_engine_says_what_it_cannot_state(tmp_path):
    res = results(6)
    res = res.drop(
        columns=[c for c in res if c.startswith("staff_hours") or c[len("active_share_") :] in GROUPS]
    )
    md = (brief.write(res, spec(), tmp_path).with_suffix(".md")).read_text()
    assert "does not record staff hours" in md and "does not break participation down by resident group" in md


def test_no_change_is_said_in_words_not_as_a_number():
    res = results(6)
    res.loc[res["scenario"] == PLATFORM, "active_share"] = res.loc[
        res["scenario"] == BASE, "active_share"
    ].to_numpy()
    e = brief.effect(res, BASE, PLATFORM, "active_share")
    assert e.diff == 0 and not e.measurable
    assert "makes no measurable change" in brief.headline("Digital platform", e)


def test_proportion_words_name_simple_fractions():
    assert [brief.proportion_words(r) for r in (0.5, 0.26, 0.7, 0.05)] == [
        "half of",
        "a quarter of",
        "two thirds of",
        "only a small part of",
    ]


def level_series(n: int) -> pd.DataFrame:
    """Daily level shares of ``n`` replicates: the platform's active share climbs after the onset."""
    rows = []
    for s in range(n):
        for scenario, on in ((BASE, 0.0), (PLATFORM, 1.0)):
            for step in range(0, 61):
                active = 0.05 + on * 0.06 * min(step, 30) / 30
                rows.append(
                    {
                        "scenario": scenario,
                        "seed": s,
                        "step": step,
                        "active_share": active,
                        "occasional_share": 0.2,
                    }
                )
    return pd.DataFrame(rows)


def test_brief_opens_with_the_answer_and_shows_the_levels_over_time(tmp_path):
    page = brief.write(results(8), spec(), tmp_path, level_series(8)).read_text()
    md = (tmp_path / "brief.md").read_text()
    box = md.split("## In short")[1].split("## What was compared")[0]
    assert box.startswith("\n\n- 24-hour digital platform raises the share of residents taking an active")
    assert "(95% interval +" in box  # the range
    assert "By digital access: Residents without digital access are left behind" in box  # the widest gap
    assert "### Over time" in md and page.count("data:image/png;base64,") == 2
    assert page.index("class='summary'") < page.index("What was compared")


def test_levels_figure_draws_both_scenarios_and_marks_the_onset():
    fig = brief.levels_figure(level_series(3), BASE, PLATFORM, "Digital platform")
    lines = {line.get_label(): line for line in fig.axes[0].lines}
    assert lines["interventions start (day 0)"].get_xdata()[0] == 0
    with_platform = lines["Digital platform: taking an active part"]
    assert lines["Urban baseline: taking an active part"].get_linestyle() == "--"
    assert with_platform.get_linestyle() == "-" and with_platform.get_ydata()[-1] == pytest.approx(11.0)


def test_brief_splits_the_effect_into_own_channel_and_spill_over(tmp_path):
    text = brief.kind_of_participation(results(8), BASE, PLATFORM)
    assert "the intervention opens or changes: +4.0 points" in text
    assert "(spill-over): +1.9 points" in text and "a median 60 days" in text  # 6 - 4, with noise
    assert (
        "### What kind of participation"
        in (brief.write(results(8), spec(), tmp_path).parent / "brief.md").read_text()
    )


def test_brief_of_an_older_engine_has_no_participation_split():
    assert (
        brief.kind_of_participation(results(3).drop(columns="active_share_outside_own"), BASE, PLATFORM)
        is None
    )


def test_binding_room_names_a_full_forum_not_a_busy_phone_nor_a_roomy_hearing(tmp_path):
    res = results(4).assign(
        turned_away_share_forum=lambda r: np.where(r["scenario"] == PLATFORM, 0.27, 0.0),
        turned_away_share_hearing=0.05,  # below one in ten: not binding
        turned_away_share_phone=0.6,  # a queue for a service, not room to take part
    )
    text = brief.binding_room(res, PLATFORM)
    assert "The community forum turned away 27% of the residents who came" in text
    assert "channels.forum.capacity_per_1000" in text
    assert "hearing" not in text and "phone" not in text
    assert brief.binding_room(res, BASE) is None
    assert "### Where room is short" in (brief.write(res, spec(), tmp_path).parent / "brief.md").read_text()


def _drawn(n: int, mean: float, sd: float, seed: int = 3) -> pd.DataFrame:
    """``n`` pairs whose effect on the active share varies from pair to pair (each its own draw)."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n):
        base = 0.05 + rng.normal(0, 0.005)
        for scenario, value in ((BASE, base), (PLATFORM, base + rng.normal(mean, sd))):
            rows.append({"scenario": scenario, "seed": s, "residents": 1000, "active_share": value})
    return pd.DataFrame(rows)


def _draws_behind(res: pd.DataFrame) -> tuple[dict[str, float], ...]:
    """Draws whose b_social made each pair's effect (plus a parameter that did nothing)."""
    effect = paired_diff(res, "active_share")
    rng = np.random.default_rng(9)
    return tuple(
        {"participation.b_social": 2.0 + 40.0 * d, "participation.b_cost": float(rng.uniform(0, 1))}
        for d in effect
    )


def test_wide_interval_around_zero_is_uncertain_with_its_range_never_no_measurable_change():
    e = brief.effect(_drawn(6, 0.02, 0.05), BASE, PLATFORM, "active_share")
    assert e.low < 0 < e.high and not e.negligible()
    line = brief.headline("Digital platform", e)
    assert "no measurable change" not in line and "is uncertain: between" in line
    assert f"between {e.low * 100:+.1f} and {e.high * 100:+.1f} percentage points" in line


def test_parameter_draws_headline_the_predictive_range_when_it_includes_zero():
    # effects from about -3 to +9 points across draws: the mean's interval excludes zero at 60 draws,
    # the predictive range does not, and the headline must give the range
    e = brief.effect(_drawn(60, 0.03, 0.035), BASE, PLATFORM, "active_share")
    assert e.measurable and e.spread[0] < 0 < e.spread[1]
    line = brief.headline("Digital platform", e, draws=True)
    assert line.startswith("What Digital platform does") and "in 90% of the parameter draws" in line
    assert f"between {e.spread[0] * 100:+.1f} and {e.spread[1] * 100:+.1f}" in line
    assert "no measurable change" not in line and " raises " not in line


def test_parameter_draws_state_a_sure_effect_with_its_range_and_the_monte_carlo_error(tmp_path):
    res = _drawn(30, 0.06, 0.01)
    drawn = brief.Spec(
        BASE,
        [PLATFORM],
        {BASE: DAYS, PLATFORM: DAYS},
        "seed and parameter uncertainty",
        draws=_draws_behind(res),
    )
    e = brief.effect(res, BASE, PLATFORM, "active_share")
    assert brief.headline("Digital platform", e, draws=True).startswith("Digital platform raises")
    md = brief.write(res, drawn, tmp_path).with_suffix(".md").read_text()
    assert (
        "in 90% of the 30 parameter draws" in md
        and f"Monte Carlo error of the mean change is {e.error * 100:.2f}" in md
    )
    assert "too few parameter draws" not in md
    assert "What the range comes from" in md and "`participation.b_social`, logit weight" in md
    assert md.index("`participation.b_social`") < md.index("`participation.b_cost`")
    assert brief.drivers(res, drawn, PLATFORM)[0] == ("participation.b_social", pytest.approx(1.0))
