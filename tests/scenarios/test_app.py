"""Fast tests of the teaching app: controls, AppModel, the renderer's Reset workaround, the page."""

import re
import time
from pathlib import Path
from typing import Any

import ipyvuetify as v
import ipywidgets as w
import numpy as np
import pytest
import solara
from mesa.visualization.solara_viz import copy_renderer
from mesa.visualization.space_renderer import SpaceRenderer

import sim
from scenarios import app, figures, svgplot
from scenarios.load import presets
from sim.params import value_of

SMALL: dict[str, Any] = {"community.residents": 120}
ROOT = Path(__file__).resolve().parents[2]


def html_blocks(rc: Any) -> list[str]:
    """The HTML of the page's cards and live plots."""
    return [h.unsafe_innerHTML for h in rc.find(solara.widgets.HTML).widgets]


@pytest.fixture(scope="module")
def small_model() -> app.AppModel:
    return app.AppModel(**SMALL)


def test_user_input_float_parameter_takes_range_from_metadata():
    spec = app.user_input(app.Control("outreach.party_demonstration", step=0.5))
    field, default = app.param_field("outreach.party_demonstration")
    assert (spec["type"], spec["min"], spec["max"], spec["value"]) == (
        "SliderFloat",
        field.metadata["lo"],
        field.metadata["hi"],
        default,
    )


def test_user_input_narrowed_control_clips_range_and_starts_at_app_value():
    spec = app.user_input(app.Control("community.residents", step=50, lo=50, hi=1000, start=300))
    summary = (spec["type"], spec["min"], spec["max"], spec["step"], spec["value"])
    assert summary == ("SliderInt", 50, 1000, 50, 300)


def test_user_input_boolean_parameter_is_checkbox():
    assert app.user_input(app.Control("channels.mobile_platform.enabled"))["type"] == "Checkbox"


def test_param_field_unknown_name_raises_keyerror():
    with pytest.raises(KeyError, match="channels.phone.colour"):
        app.param_field("channels.phone.colour")


def test_model_params_every_control_is_a_config_parameter_and_picker_lists_presets():
    params = app.model_params()
    assert params["preset"]["values"] == presets()
    for name in params.keys() - {"preset"}:
        app.param_field(name)  # raises for a name the model would reject


def test_app_model_moved_control_reaches_the_running_model():
    model = app.AppModel(**SMALL, **{"outreach.party_contacts": 3.0})
    model.step()
    assert model.cfg.outreach.party_contacts == 3.0
    assert model.state.exposure.max() > 0  # party members reached out, which they never do at 0 contacts


def test_app_model_control_at_default_keeps_preset_value():
    preset = sim.load_config("party_demonstration")
    model = app.AppModel("party_demonstration", **SMALL, **{"outreach.party_contacts": 0.0})
    assert model.cfg.outreach.party_contacts == preset.outreach.party_contacts > 0


def test_copy_renderer_plain_space_renderer_loses_setup(small_model):
    # The Mesa 3.5.1 bug NetworkRenderer works around; when this fails, Mesa fixed it.
    plain = SpaceRenderer(small_model).setup_structure(node_kwargs={"node_size": 0})
    assert copy_renderer(plain, small_model).draw_space_kwargs == {}


def test_copy_renderer_network_renderer_keeps_setup(small_model):
    renderer = app.NetworkRenderer(small_model)
    copy = copy_renderer(renderer, app.AppModel(**SMALL, seed=1))
    assert copy.draw_space_kwargs == renderer.draw_space_kwargs
    assert copy.draw_space_kwargs["edge_kwargs"] == app.EDGE_STYLE
    assert copy.agent_portrayal is app.portray_resident


def test_network_renderer_layout_same_seed_same_positions_other_seed_differs(small_model):
    def positions(model):
        pos = app.NetworkRenderer(model).space_drawer.pos
        return np.array([pos[i] for i in range(len(model.residents))])

    same = positions(app.AppModel(**SMALL))
    assert np.array_equal(positions(small_model), same)
    assert not np.allclose(positions(app.AppModel(**SMALL, seed=2)), same)


def test_portray_resident_active_party_member_is_green_and_ringed(small_model):
    member = small_model.residents[int(small_model.party_index[0])]
    other = next(r for r in small_model.residents if not r.party_member)
    small_model.state.level[member.index] = 2
    style, plain = app.portray_resident(member), app.portray_resident(other)
    assert (style.color, style.edgecolors) == (app.LEVEL_COLORS["active"], app.PARTY_EDGE)
    assert plain.edgecolors != app.PARTY_EDGE


def test_panels_the_scenario_does_not_use_are_named_not_drawn():
    docking = sim.load_config("threshold_docking")  # no requests, no disputes
    used, idle = app.in_use(docking)
    assert {p.title for p in idle} == {"Requests answered", "Disputes, by who settled them"}
    assert len(used) + len(idle) == len(figures.OVERALL)
    assert app.in_use(sim.load_config("urban_baseline"))[1] == []


def test_every_control_explains_itself_on_hover():
    for control in app.CONTROLS:
        text = app.hover_text(control.name)
        assert text and not re.search(r"[a-z0-9]_[a-z]", text), control.name  # no parameter names
        field, _ = app.param_field(control.name)
        assert text.startswith(field.metadata["doc"])
        assert field.metadata["unit"] in text
    assert app.hover_text("community.digital_senior") == "share of residents aged 60+ with digital access"


def test_settings_card_names_the_onset_and_settings_in_words(small_model):
    text = app.settings_markdown(small_model)
    assert "Urban baseline" in text and "day 0 since the interventions started" in text
    assert "after 364 days of spin-up" in text
    assert "| community residents | number of residents | 120 residents |" in text
    assert "| mobile platform enabled | whether the channel exists | no |" in text
    assert "community.residents" not in text


def test_compare_table_numbers_are_the_runs_summaries():
    runs = app.compare_runs(["urban_baseline", "digital_platform"], residents=150, seed=3)
    assert [r.summary["seed"] for _, r in runs] == [3, 3]
    assert [r.summary["residents"] for _, r in runs] == [150, 150]
    table = app.compare_table(runs).splitlines()
    assert table[0] == "| measure | Urban baseline | 24-hour digital platform | difference |"
    (_, a), (_, b) = runs
    active = next(row for row in table if row.startswith("| Residents taking an active part ("))
    x, y = a.summary["active_share"], b.summary["active_share"]
    assert active.split(" | ")[1:] == [
        f"{100 * x:.1f}%",
        f"{100 * y:.1f}%",
        f"{100 * (y - x):+.1f} percentage points |",
    ]
    assert not any("_" in row for row in table)
    shift = next(row for row in table if row.startswith("| Formerly passive residents active on most days"))
    assert shift.split(" | ")[1] == f"{100 * a.summary['lasting_shift_share']:.1f}%"


def test_compare_tab_runs_both_presets_at_the_sidebar_size(small_model):
    _, rc = solara.render(app.CompareTab(small_model), handle_error=False)
    assert not rc.find(w.Image).widgets  # nothing run yet
    rc.find(v.Btn, children=["Run both"]).widget.click()
    rc.find(w.Image).assert_single()  # the side-by-side figure
    [table] = [text for text in html_blocks(rc) if "<table>" in text]
    assert "Urban baseline" in table and "24-hour digital platform" in table and "percentage points" in table
    rc.find(children=["Both run 120 residents with seed 0 (the sidebar's size and seed)."]).assert_single()


def test_page_step_slider_reset_drive_the_model(monkeypatch):
    built: list[app.AppModel] = []

    class Recorded(app.AppModel):
        def __init__(self, preset=app.DEFAULT_PRESET, **values):
            super().__init__(preset, **values)
            built.append(self)

    monkeypatch.setattr(app, "AppModel", Recorded)
    _, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)

    def images() -> list[str]:  # the live plots (inline SVG)
        return [text for text in html_blocks(rc) if "<svg" in text]

    assert [t.children[0] for t in rc.find(v.Tab).widgets] == list(app.TABS)  # not "Page 0"
    assert len(rc.find(v.Tooltip).widgets) == len(app.CONTROLS)  # every control's meaning on hover
    before = images()
    rc.find(children=["day 0"]).assert_single()
    step = rc.find(v.Btn, children=["Step"])
    for _ in range(3):
        step.widget.click()
    rc.find(children=["day 3"]).wait_for(timeout=30)  # the controller's worker steps and redraws
    assert built[-1].day == 3

    def redrawn() -> bool:  # the worker's redraw replaces the figures one by one, in its own thread
        after = images()
        return len(after) == len(before) >= 3 and all(a != b for a, b in zip(after, before, strict=True))

    deadline = time.monotonic() + 30
    while not redrawn() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert redrawn()
    rc.find(children=["Time: 3.0"]).assert_empty()  # the day, not Mesa's model time

    rc.find(v.Slider, label="community residents").widget.v_model = app.APP_RESIDENTS + 50
    rc.find(v.Btn, children=["Reset"]).widget.click()
    rc.find(children=["day 0"]).wait_for(timeout=30)
    assert built[-1].cfg.community.residents == len(built[-1].residents) == app.APP_RESIDENTS + 50
    rc.close()  # stops the controller's worker


def test_every_slider_step_holds_its_start_value_and_every_presets_value():
    """A slider never rounds a value nobody moved (issue 26: step 0.5 turned the preset's 0.3 into 0.5)."""
    configs = [sim.load_config(name) for name in presets()]
    for control in app.CONTROLS:
        spec = app.user_input(control)
        if not spec["type"].startswith("Slider"):
            continue
        values = {spec["value"]}
        if control.start is None:  # a control with its own start value (the size) shows that instead
            values |= {value_of(cfg, control.name) for cfg in configs}
        for value in values:
            assert spec["min"] <= value <= spec["max"], (control.name, value)
            steps = (value - spec["min"]) / spec["step"]
            assert steps == pytest.approx(round(steps), abs=1e-9), (control.name, value)


def test_live_plots_keep_a_group_whose_line_is_zero_in_plot_and_legend():
    model = app.AppModel(**SMALL)
    model.run(5)
    digital = figures.BY_GROUP[figures.PARTITION_NAMES.index("digital access")]
    ts = model.timeseries().assign(active_share_nondigital=0.0)
    svg = svgplot.panel_svg(ts, digital, window=30)
    assert svg.count("<polyline") == 2  # with and without digital access, the zero line included
    assert "residents without digital access" in svg and "residents with digital access" in svg


def test_solara_is_pinned_at_the_version_of_its_offline_assets():
    pins = dict(
        line.split("==")
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    )
    assert pins["solara"] == pins["solara-server"] == pins["solara-ui"] == pins["solara-assets"]
