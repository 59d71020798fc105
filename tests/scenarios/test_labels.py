"""The one label table (scenarios.labels): every column a run writes has a human name and a unit, and the
brief, the report, the app and ``cogov-run`` name every preset and metric from it."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

import sim
from scenarios import labels
from scenarios.labels import (
    describe,
    group_label,
    label,
    markdown_text,
    param_label,
    param_unit,
    scenario_label,
    scenario_phrase,
    unit,
)
from scenarios.load import load_config, presets
from sim import metrics
from sim.mechanisms import disputes
from sim.params import ACTIVITY_CHANNELS, CHANNEL_NAMES, INSTITUTIONS
from sim.state import AWARENESS_LEVELS, LEVELS

SNAKE = re.compile(r"[A-Za-z0-9]_[A-Za-z0-9]")
RUN_KEYS = {"scenario", "seed", "version"}
"""Summary keys that are names or identifiers, not quantities (no unit)."""

ANNOUNCED = [
    *(f"sense_{s}_{g}" for s in ("gain", "security", "belonging", "happiness") for g in metrics.GROUPS),
    *(f"requests_answered_share_{g}" for g in metrics.GROUPS),
    *(f"{level}_share_{g}" for level in LEVELS for g in metrics.GROUPS),
    "staff_hours",
    *(f"staff_hours_{a}" for a in ("grid_workers", "social_workers", "committee", "mediators", "volunteers")),
]
"""Columns the engine is getting (the group breakdowns and the staff-hours ledger)."""


@pytest.fixture(scope="module")
def written() -> set[str]:
    """Every time-series column and summary key of a tiny run of every preset."""
    names: set[str] = set()
    for preset in presets():
        cfg = load_config(preset, ["community.residents=120", "burn_in=7", "steps=7", "seed=2"])
        result = sim.simulate(cfg)
        names |= set(result.timeseries.columns) | set(result.summary)
    return names


def test_every_column_of_every_preset_has_a_human_label_and_unit(written):
    assert len(written) > 140  # time series and summary-only breakdowns both present
    for name in sorted(written):
        text = describe(name)
        assert not SNAKE.search(text), f"{name}: {text!r} is snake_case"
        assert label(name) != name
        assert label(name)[0].isupper(), name
        if name not in RUN_KEYS:
            assert unit(name), f"{name} has no unit"


def test_distinct_columns_read_differently(written):
    described = [describe(name) for name in written]
    assert len(set(described)) == len(described)


@pytest.mark.parametrize("name", ANNOUNCED)
def test_announced_engine_columns_are_labelled(name):
    assert not SNAKE.search(describe(name))


def test_composed_names_read_as_sentences():
    assert label("active_share_tenant") == "Tenants taking an active part"
    assert label("passive_share_age60plus") == "Residents aged 60+ not taking part"
    assert label("sense_security_nondigital") == "Sense of security of residents without digital access"
    assert label("requests_answered_share_party") == "Requests of party members answered"
    assert label("disputes_settled_mediator") == "Disputes settled by resident mediators"
    assert label("staff_hours_grid_workers") == "Staff hours of grid workers"
    assert describe("requests_answered_share_h22") == (
        "Requests raised 22:00–23:00 answered (share of closed requests)"
    )
    assert unit("active_share") == "share of residents" and unit("active_share_owner") == "share of the group"


def test_the_part_tables_cover_the_engine():
    assert set(metrics.GROUPS) == set(labels.GROUPS)
    assert set(LEVELS) == set(labels.LEVELS)
    assert set(AWARENESS_LEVELS) == set(labels.AWARENESS)
    assert set(CHANNEL_NAMES) | set(ACTIVITY_CHANNELS) == set(labels.CHANNELS)
    assert set(INSTITUTIONS) == set(labels.INSTITUTIONS)
    assert set(disputes.LEVELS) == set(labels.SETTLERS)


@pytest.mark.parametrize(
    "name",
    [
        "active_share_martians",  # unknown group
        "disputes_settled_court",  # unknown settler
        "requests_answered_share_h7",  # hours are two digits
        "trust_",
        "sense_wealth",
        "brand_new_metric",
        "Active_share",
        "",
    ],
)
def test_unknown_names_raise_instead_of_echoing(name):
    with pytest.raises(KeyError, match="no human label for the column"):
        label(name)
    with pytest.raises(KeyError):
        describe(name)


def test_group_labels():
    assert group_label("age18_34") == "residents aged 18–34"
    assert group_label("digital") == "residents with digital access"
    with pytest.raises(KeyError, match="unknown resident group 'women'.*owner, tenant"):
        group_label("women")


def test_parameter_labels_come_from_the_parameter_metadata():
    assert param_label("outreach.party_contacts") == "outreach contacts per party member per day"
    assert param_unit("outreach.party_contacts") == "contacts/day"
    assert param_unit("channels.forum.enabled") == ""
    with pytest.raises(KeyError, match="unknown parameter 'outreach.nothing'"):
        param_label("outreach.nothing")
    with pytest.raises(KeyError, match="unknown parameter 'outreach'"):
        param_unit("outreach")  # a group is not a parameter


def test_every_preset_has_a_name():
    assert set(presets()) == set(labels.SCENARIOS)
    assert scenario_label("fengqiao") == "The Fengqiao experience"
    assert scenario_label("my_street") == "my street"  # a user's own scenario file


def _readers_names(preset: str, tmp_path, monkeypatch) -> dict[str, str]:
    """How the brief, the report, the app and ``cogov-run`` name ``preset`` (against another baseline)."""
    from omegaconf import OmegaConf

    from experiments.analysis import brief, report
    from scenarios import app, cli

    baseline = "rural" if preset == "urban_baseline" else "urban_baseline"
    results = pd.DataFrame(
        {"scenario": [baseline, preset] * 2, "seed": [0, 0, 1, 1], "residents": 500, "active_share": 0.1}
    )
    spec = brief.Spec(baseline, [preset], {baseline: 365, preset: 365}, "seed uncertainty only")
    runs = [(baseline, SimpleNamespace(summary={})), (preset, SimpleNamespace(summary={}))]
    titles: list[str] = []
    monkeypatch.setattr(cli, "simulate", lambda cfg: SimpleNamespace(timeseries=pd.DataFrame(), summary={}))
    monkeypatch.setattr(cli, "plot_participation", lambda ts, title, path: titles.append(title))
    monkeypatch.setattr(cli, "plot_dashboard", lambda ts, title, path, cfg: titles.append(title))
    monkeypatch.setattr(
        cli, "save_run", lambda folder, ts, summary, text, figures: [f(folder) for f in figures.values()]
    )
    cli.run_to_folder(OmegaConf.structured(load_config(preset)), tmp_path)
    return {
        "brief headline": brief.summary(results, spec).removeprefix("- ").split(" makes ")[0],
        "brief section": brief.intervention_sections(results, spec, preset, tmp_path)[0].title.split(
            " compared "
        )[0],
        "brief introduction": brief.introduction(results, spec)
        .text.split("(", 1)[1]
        .split(") is compared")[0],
        "report table": report.named(pd.DataFrame({"scenario": [preset]}))["scenario"][0],
        "report baseline": report.Baseline("scenario", preset).title(),
        "app": app.compare_table(runs).splitlines()[0].split(" | ")[2],
        "cogov-run": titles[0].split(" (seed")[0],
    }


@pytest.mark.parametrize("preset", sorted(labels.SCENARIOS))
def test_brief_report_app_and_cogov_run_name_every_preset_from_the_label_table(preset, tmp_path, monkeypatch):
    names = _readers_names(preset, tmp_path, monkeypatch)
    name, phrase = scenario_label(preset), scenario_phrase(preset)
    expected = {
        "brief headline": name,
        "brief section": name,
        "brief introduction": phrase,
        "report table": name,
        "report baseline": phrase,
        "app": markdown_text(name),
        "cogov-run": name,
    }
    assert names == expected


def test_brief_report_and_app_name_every_metric_from_the_label_table():
    from experiments.analysis import brief, report
    from scenarios import app

    for metric in (*brief.SIDE_EFFECTS, *app.COMPARE_METRICS, brief.HEADLINE):
        assert report.name_of(metric) == label(metric)
    side_effects = brief.side_effects(pd.DataFrame({"scenario": ["a"]}), "a", "b").splitlines()
    assert [line.removeprefix("- ").split(":")[0] for line in side_effects] == [
        label(m) for m in brief.SIDE_EFFECTS
    ]
    summaries = {m: 0.5 for m in app.COMPARE_METRICS}
    rows = app.compare_table(
        [("a", SimpleNamespace(summary=summaries)), ("b", SimpleNamespace(summary=summaries))]
    )
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows.splitlines()[2:]] == [
        describe(m) for m in app.COMPARE_METRICS
    ]
