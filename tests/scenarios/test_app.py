"""Fast tests of the teaching app: controls, AppModel, the renderer's Reset workaround, the page."""

import ipyvuetify as v
import ipywidgets as w
import numpy as np
import pytest
import solara
from mesa.visualization.solara_viz import _build_model_init_kwargs, copy_renderer
from mesa.visualization.space_renderer import SpaceRenderer

import sim
from scenarios import app
from scenarios.load import presets

SMALL = {"community.residents": 120}


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


def test_app_model_mesa_reset_arguments_rebuild_the_model(small_model):
    values = {"preset": "rural", **SMALL, "seed": 4}
    kwargs = _build_model_init_kwargs(
        small_model, values, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )
    rebuilt = type(small_model)(**kwargs)
    assert (rebuilt.cfg.scenario, rebuilt.cfg.seed, len(rebuilt.residents)) == ("rural", 4, 120)


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


def test_components_metric_family_missing_gets_no_panel(small_model):
    columns = set(small_model.timeseries().columns)
    expected = sum(bool(app.panel_columns(columns, p)) for p in app.PANELS.values())
    assert len(app.components(small_model)) == expected + 1  # the panels with data, then the settings card
    assert app.panel_columns(["disputes", "disputes_resolved", "participations"], app.PANELS["Disputes"]) == [
        "disputes",
        "disputes_resolved",
    ]


def test_page_step_slider_reset_drive_the_model(monkeypatch):
    built: list[app.AppModel] = []

    class Recorded(app.AppModel):
        def __init__(self, preset=app.DEFAULT_PRESET, **values):
            super().__init__(preset, **values)
            built.append(self)

    monkeypatch.setattr(app, "AppModel", Recorded)
    _, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)

    def images() -> list[bytes]:
        return [img.value for img in rc.find(w.Image).widgets]

    before = images()
    step = rc.find(v.Btn, children=["Step"])
    for _ in range(3):
        step.widget.click()
    rc.find(children=["Time: 3.0"]).assert_single()
    assert built[-1].day == 3
    after = images()
    assert len(after) == len(before) >= 3 and all(a != b for a, b in zip(after, before, strict=True))

    rc.find(v.Slider, label="community residents").widget.v_model = app.APP_RESIDENTS + 50
    rc.find(v.Btn, children=["Reset"]).widget.click()
    rc.find(children=["Time: 0.0"]).assert_single()
    assert built[-1].cfg.community.residents == len(built[-1].residents) == app.APP_RESIDENTS + 50
