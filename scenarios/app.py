"""The teaching view: a Solara app over :class:`sim.CommunityModel`, built from Mesa's viz parts.

Like Mesa's examples, the model and its agents live in their own modules and this app only imports
them. Two tabs:

- **Community**: the neighbour network (residents coloured by participation level, party members
  ringed in red, mediators drawn as diamonds), live plots of the dashboard panels of
  :mod:`scenarios.figures` with the intervention onset marked (day 0), and a card with the settings
  in effect. Panels the scenario does not use (no disputes, no requests) are not drawn but named
  as "not used in this scenario"; in a panel that is drawn, every line stays, also one that is zero.
  The live plots are inline SVG (:mod:`scenarios.svgplot`) drawn from one time series per redraw,
  which keeps a redraw at 300 residents within a second.
- **Compare two presets**: runs two presets at the same size and seed and shows them side by
  side on common scales, with a table of their outcomes (for the classroom).

The sidebar has Reset, Play and Step (:mod:`scenarios.controller`: every press of Step is one
day, also while the page redraws) with the play and render intervals, the day since the onset, a
scenario picker over the presets, and sliders and switches for the main channel and
outreach settings (:data:`CONTROLS`);
their ranges, and their meaning and unit shown on hover, come from the parameter metadata of
:mod:`sim.params`. Mesa's ``SolaraViz`` is not used as a whole because it names its tabs "Page 0"
and has no hover help for its inputs. Human names come from :mod:`scenarios.labels`.

A control still at its start value leaves the preset's value in place; moving it overrides the
preset on the next Reset. Every slider's steps hold its start value and every preset's value, so
a slider never rounds a value nobody moved. Text cards are Markdown turned into HTML here
(:func:`html_of`), not by ``solara.Markdown``, whose math and diagram scripts the server would fetch
from a CDN: nothing the page loads leaves the machine. ``cogov-viz`` (:mod:`scenarios.viz`) serves
:func:`Page`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import Field, dataclass
from typing import Any, Literal

import solara
import solara.lab
from markdown_it import MarkdownIt
from matplotlib.lines import Line2D
from mesa.visualization import SpaceRenderer
from mesa.visualization.components import AgentPortrayalStyle
from mesa.visualization.solara_viz import SpaceRendererComponent
from mesa.visualization.space_drawers import NetworkSpaceDrawer
from mesa.visualization.utils import update_counter

import sim
from agents.resident import Resident
from scenarios import figures, svgplot
from scenarios.controller import DayController, DayCounter
from scenarios.labels import describe, markdown_text, param_label, param_unit, scenario_label, unit
from scenarios.load import presets
from scenarios.tables import pipe_table
from scenarios.user_scenarios import USER_SCENARIOS
from sim.params import Config, locate, value_of

TITLE = "cogov: community co-governance"
DEFAULT_PRESET = "urban_baseline"
COMPARE_DEFAULT = "digital_platform"
"""The preset the compare tab sets against :data:`DEFAULT_PRESET` when it opens."""
TABS = ("Community", "Compare two presets")
PLAY_INTERVAL_MS = 200
"""Pause between redraws while playing."""
APP_RESIDENTS = 300
"""Community size the app starts with: large enough to be interesting, small enough to draw each step."""

LEVEL_COLORS = {"passive": "#b0b0b0", "occasional": "#f4a300", "active": "#1a9850"}
PARTY_EDGE = "#d7191c"
"""Outline of party members' markers."""
MEDIATOR_MARKER = "D"
EDGE_STYLE = {"alpha": 0.25, "style": "-", "width": 0.4}

COMPARE_PANELS = (figures.OVERALL[0], figures.OVERALL[2], figures.BY_GROUP[2])
"""Rows of the compare tab: who takes part, requests answered, the digital divide."""
COMPARE_METRICS = (
    "active_share",
    "occasional_share",
    "lasting_shift_share",
    "active_spell_median_days",
    "active_share_nondigital",
    "active_share_age60plus",
    "requests_answered_share",
    "after_hours_answered_share",
    "requests_answered_share_digital",
    "requests_answered_share_nondigital",
    "requests_answered_share_age60plus",
    "disputes_grassroots_share",
    "sense_gain",
    "sense_security",
    "sense_belonging",
    "sense_happiness",
    "staff_hours",
)
"""Outcomes in the compare tab's table (those a run has; ``staff_hours`` once the engine has it)."""


@dataclass(frozen=True)
class Control:
    """A sidebar input bound to one dotted parameter of :class:`sim.params.Config`.

    Parameters
    ----------
    name : str
        Dotted parameter name, as in the YAML and on the command line.
    step : float, optional
        Slider increment (1 for integers when not given, a hundredth of the range for floats).
    lo, hi : float, optional
        Narrower range than the parameter's own, where its full range is useless on a slider.
    start : Any, optional
        Start value when it should differ from the parameter's default.
    """

    name: str
    step: float | None = None
    lo: float | None = None
    hi: float | None = None
    start: Any = None


CONTROLS = (
    Control("community.residents", step=50, lo=50, hi=1000, start=APP_RESIDENTS),
    Control("seed", hi=99),
    Control("channels.mobile_platform.enabled"),
    Control("channels.office.close_hour"),
    Control("channels.forum.enabled"),
    Control("community.digital_senior", step=0.05),
    Control("community.party_share", step=0.01, hi=0.5),
    Control("outreach.party_contacts", step=0.25, hi=10.0),
    Control("outreach.party_demonstration", step=0.5),
    Control("outreach.passive_first"),
    Control("institutions.workers.grid"),
    Control("institutions.workers.proactive"),
    Control("services.dispute_rate", step=0.1, hi=10.0),
    Control("participation.threshold", step=0.01),
    Control("community.network.mean_degree", step=1.0, hi=30.0),
    Control("participation.initial_active", hi=50),
)
"""The app's sliders and switches: the main channel, outreach and service settings, the threshold
rule's settings (classroom exercise 2), size and seed. Steps hold every preset's value (tested)."""


def param_field(name: str) -> tuple[Field[Any], Any]:
    """Return the dataclass field of a dotted parameter and its default value.

    Raises
    ------
    KeyError
        For a name that :class:`~sim.params.Config` does not have.

    Examples
    --------
    >>> field, default = param_field("outreach.party_contacts")
    >>> field.metadata["unit"], default
    ('contacts/day', 0.0)
    """
    parent, f = locate(Config(), name)
    return f, getattr(parent, f.name)


def label(name: str) -> str:
    """Short sidebar label of a parameter: the last two parts of its dotted name (its meaning is on hover).

    Examples
    --------
    >>> label("channels.mobile_platform.enabled"), label("seed")
    ('mobile platform enabled', 'seed')
    """
    return " ".join(name.split(".")[-2:]).replace("_", " ")


def hover_text(name: str) -> str:
    """Meaning and unit of a parameter, shown when the pointer rests on its control.

    Examples
    --------
    >>> hover_text("outreach.party_contacts")
    'outreach contacts per party member per day (contacts/day)'
    """
    meaning, measure = param_label(name), param_unit(name)
    return f"{meaning} ({measure})" if measure else meaning


def start_value(control: Control) -> Any:
    """Value a control shows when the app opens."""
    return param_field(control.name)[1] if control.start is None else control.start


def user_input(control: Control) -> dict[str, Any]:
    """Mesa ``model_params`` entry (checkbox, select or slider) for a control.

    The slider range is the parameter's declared range, narrowed by the control's ``lo``/``hi``.

    Examples
    --------
    >>> spec = user_input(Control("community.digital_senior", step=0.05))
    >>> spec["type"], spec["min"], spec["max"], spec["value"]
    ('SliderFloat', 0.0, 1.0, 0.45)
    """
    field, _ = param_field(control.name)
    meta = field.metadata
    spec: dict[str, Any] = {"label": label(control.name), "value": start_value(control)}
    if isinstance(spec["value"], bool):
        return {**spec, "type": "Checkbox"}
    if meta["choices"]:
        return {**spec, "type": "Select", "values": list(meta["choices"])}
    lo = meta["lo"] if control.lo is None else max(meta["lo"], control.lo)
    hi = meta["hi"] if control.hi is None else min(meta["hi"], control.hi)
    if isinstance(spec["value"], int):
        return {**spec, "type": "SliderInt", "min": int(lo), "max": int(hi), "step": int(control.step or 1)}
    step = control.step if control.step is not None else (hi - lo) / 100
    return {**spec, "type": "SliderFloat", "min": float(lo), "max": float(hi), "step": step}


def model_params() -> dict[str, dict[str, Any]]:
    """SolaraViz ``model_params``: the preset picker (and ``cogov-viz --scenario`` files), the controls."""
    choices = [*presets(), *USER_SCENARIOS.names()]
    picker = {"type": "Select", "label": "scenario preset", "value": DEFAULT_PRESET, "values": choices}
    return {"preset": picker, **{c.name: user_input(c) for c in CONTROLS}}


def overrides(values: dict[str, Any]) -> dict[str, Any]:
    """Keep the values that differ from the parameter defaults: the others leave the preset's value.

    Examples
    --------
    >>> overrides({"outreach.party_contacts": 0.0, "community.party_share": 0.2})
    {'community.party_share': 0.2}
    """
    return {name: value for name, value in values.items() if value != param_field(name)[1]}


class AppModel(sim.CommunityModel):
    """The model as the app builds it: a preset, then the values of the sidebar controls.

    Reset (:func:`~scenarios.controller.DayController`) calls ``AppModel(**values)`` with the current
    value of every input.

    Parameters
    ----------
    preset : str
        Scenario preset (``configs/scenario/*.yaml``), or a user scenario file given to ``cogov-viz
        --scenario`` (by its name).
    **values
        Dotted parameter values of the controls; those still at their default leave the preset's value.

    Examples
    --------
    >>> values = {"community.residents": 200, "outreach.party_contacts": 0.0}
    >>> model = AppModel("party_demonstration", **values)
    >>> model.cfg.scenario, model.cfg.community.residents, model.cfg.outreach.party_contacts > 0
    ('party_demonstration', 200, True)
    """

    def __init__(self, preset: str = DEFAULT_PRESET, **values: Any) -> None:
        super().__init__(sim.load_config(preset), **overrides(values))


def portray_resident(agent: Resident) -> AgentPortrayalStyle:
    """Colour by participation level, ring party members, draw mediators as diamonds."""
    party = agent.party_member
    return AgentPortrayalStyle(
        color=LEVEL_COLORS[agent.participation_level],
        marker=MEDIATOR_MARKER if getattr(agent, "mediator", False) else "o",
        size=40,
        edgecolors=PARTY_EDGE if party else "white",
        linewidths=1.5 if party else 0.5,
    )


def add_legend(ax: Any) -> None:
    """Explain the network's colours and markers (a renderer post-process on the Matplotlib axes)."""
    handles = [
        Line2D([], [], ls="", marker="o", markersize=7, color=color, label=level)
        for level, color in LEVEL_COLORS.items()
    ]
    handles += [
        Line2D([], [], ls="", marker="o", markersize=7, mfc="white", mec=PARTY_EDGE, label="party"),
        Line2D([], [], ls="", marker=MEDIATOR_MARKER, markersize=6, color="0.4", label="mediator"),
    ]
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=5, frameon=False, fontsize=8
    )
    ax.set_title("Neighbour network")


class NetworkRenderer(SpaceRenderer):
    """Matplotlib renderer of the neighbour network that sets itself up, so that Reset keeps the setup.

    Mesa 3.5.1's Reset builds a fresh renderer as ``type(renderer)(model=..., backend=...)`` and copies
    attributes under names that ``SpaceRenderer`` no longer has (``space_kwargs``, ``agent_kwargs``), so
    the arguments of ``setup_structure()`` and ``setup_agents()`` are lost. Applying them in
    ``__init__`` makes every copy complete. The layout is a spring layout seeded from the run's seed.

    Parameters
    ----------
    model : sim.CommunityModel
        The model whose ``space`` (a Mesa ``Network``) is drawn.
    backend : str
        Mesa backend; only ``"matplotlib"`` is used (Altair's JavaScript would need the internet).
    """

    def __init__(self, model: sim.CommunityModel, backend: Literal["matplotlib"] = "matplotlib") -> None:
        self.layout_seed = model.streams.python_seed("viz.layout")
        super().__init__(model, backend=backend)
        self.setup_structure(node_kwargs={"node_size": 0}, edge_kwargs=EDGE_STYLE)
        self.setup_agents(portray_resident)
        self.post_process = add_legend
        self.canvas.get_figure().set_size_inches(5.5, 3.4)
        self.render()

    def _get_space_drawer(self) -> NetworkSpaceDrawer:
        return NetworkSpaceDrawer(self.space, layout_kwargs={"seed": self.layout_seed})


def in_use(cfg: Config) -> tuple[list[figures.Panel], list[figures.Panel]]:
    """The dashboard panels over all residents that the scenario ``cfg`` uses, and those it does not."""
    used = [p for p in figures.OVERALL if p.in_use(cfg)]
    return used, [p for p in figures.OVERALL if not p.in_use(cfg)]


MARKDOWN = MarkdownIt("js-default")
"""Markdown with tables; raw HTML in the text stays text, and only safe link targets become links."""


def html_of(markdown: str) -> str:
    r"""HTML of a card's Markdown (rendered here, so that the page loads no script from a CDN).

    Examples
    --------
    >>> html_of("**a** <b>x</b>")
    '<p><strong>a</strong> &lt;b&gt;x&lt;/b&gt;</p>\n'
    """
    return MARKDOWN.render(markdown)


def Card(markdown: str) -> solara.Element:
    """A block of Markdown on the page, as HTML."""
    return solara.HTML(tag="div", unsafe_innerHTML=html_of(markdown), classes=["cogov-card"])


def Plot(svg: str) -> solara.Element:
    """One live plot (an SVG document of :mod:`scenarios.svgplot`)."""
    return solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["cogov-plot"])


def shown(value: Any) -> str:
    """A setting's value in words ("yes" and "no" for switches).

    Examples
    --------
    >>> shown(True), shown(0.45)
    ('yes', '0.45')
    """
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def setting_text(cfg: Config, name: str) -> str:
    """A setting's value in effect with its unit, as the settings card shows it.

    Examples
    --------
    >>> setting_text(Config(), "services.dispute_rate"), setting_text(Config(), "channels.forum.enabled")
    ('0.3 1/1000 households/day', 'no')
    """
    return f"{shown(value_of(cfg, name))} {param_unit(name)}".strip()


def settings_markdown(model: sim.CommunityModel) -> str:
    """The preset, the day since the onset, and the value in effect of every control, in words."""
    cfg = model.cfg
    rows = ((label(c.name), param_label(c.name), setting_text(cfg, c.name)) for c in CONTROLS)
    spin_up = f" after {cfg.burn_in} days of spin-up under baseline settings" if cfg.burn_in else ""
    name = markdown_text(scenario_label(cfg.scenario))
    return (
        f"**{name}** · day {model.day} since the interventions started{spin_up}"
        f"\n\n{pipe_table(('setting', 'meaning', 'value'), rows)}"
    )


@solara.component
def CommunityTab(model: sim.CommunityModel, renderer: NetworkRenderer) -> None:
    """The network, the settings, one live plot per panel in use, and the panels not in use named."""
    update_counter.get()  # re-render after every step (the controller's worker bumps it)
    group, set_group = solara.use_state(figures.PARTITION_NAMES[0])
    used, idle = in_use(model.cfg)
    by_group = dict(zip(figures.PARTITION_NAMES, figures.BY_GROUP, strict=True))
    timeseries, window = model.timeseries(), model.cfg.participation.window  # once per redraw
    with solara.Div(
        style={"display": "grid", "grid-template-columns": "repeat(auto-fill, minmax(520px, 1fr))"}
    ):
        SpaceRendererComponent(model, renderer)
        Card(settings_markdown(model))
        for panel in used:
            Plot(svgplot.panel_svg(timeseries, panel, window, "none so far"))
        with solara.Column():
            solara.ToggleButtonsSingle(value=group, values=list(figures.PARTITION_NAMES), on_value=set_group)
            Plot(svgplot.panel_svg(timeseries, by_group[group], window, "none so far"))
    if idle:
        solara.Info(f"{figures.UNUSED_TEXT.capitalize()}: {', '.join(p.title for p in idle)}.")


def compare_runs(names: Sequence[str], residents: int, seed: int) -> list[tuple[str, sim.Result]]:
    """Run each preset (or user scenario) at the same size and seed; return its name and result."""
    return [
        (name, sim.simulate(sim.load_config(name), **{"community.residents": residents, "seed": seed}))
        for name in names
    ]


def format_value(name: str, value: float) -> str:
    """A value as the table shows it: shares in percent, other measures with three digits.

    Examples
    --------
    >>> format_value("active_share", 0.0523), format_value("sense_gain", 0.51234)
    ('5.2%', '0.512')
    """
    if "share" in unit(name):
        return f"{100 * value:.1f}%"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def format_difference(name: str, diff: float) -> str:
    """A difference between two runs: percentage points for shares, else in the measure's unit.

    Examples
    --------
    >>> format_difference("active_share", 0.031), format_difference("sense_gain", -0.004)
    ('+3.1 percentage points', '-0.004')
    """
    if "share" in unit(name):
        return f"{100 * diff:+.1f} percentage points"
    return f"{diff:+,.0f}" if abs(diff) >= 1000 else f"{diff:+.3g}"


def compare_table(runs: Sequence[tuple[str, sim.Result]]) -> str:
    """Markdown table of :data:`COMPARE_METRICS` for two runs (the second minus the first last)."""
    (a_name, a), (b_name, b) = runs
    names = (markdown_text(scenario_label(n)) for n in (a_name, b_name))
    rows = []
    for name in COMPARE_METRICS:
        x, y = a.summary.get(name), b.summary.get(name)
        if x is None or y is None or math.isnan(x) or math.isnan(y):
            continue
        rows.append(
            (describe(name), format_value(name, x), format_value(name, y), format_difference(name, y - x))
        )
    return pipe_table(("measure", *names, "difference"), rows)


def PresetSelect(text: str, value: str, on_value: Callable[[str], None]) -> solara.Element:
    """A picker that shows the scenarios' names (:func:`~scenarios.labels.scenario_label`) and gives keys."""
    keys = {scenario_label(k): k for k in [*presets(), *USER_SCENARIOS.names()]}
    return solara.Select(
        text, value=scenario_label(value), values=list(keys), on_value=lambda n: on_value(keys[n])
    )


@solara.component
def CompareTab(model: sim.CommunityModel) -> None:
    """Two presets side by side on common scales, at the size and seed of the community tab."""
    first = solara.use_reactive(DEFAULT_PRESET)
    second = solara.use_reactive(COMPARE_DEFAULT)
    runs: solara.Reactive[list[tuple[str, sim.Result]] | None] = solara.use_reactive(None)
    residents, seed = model.cfg.community.residents, model.cfg.seed

    def run() -> None:
        runs.set(compare_runs([first.value, second.value], residents, seed))

    with solara.Row():
        PresetSelect("first scenario", first.value, first.set)
        PresetSelect("second scenario", second.value, second.set)
        solara.Button("Run both", color="primary", on_click=run)
    solara.Text(f"Both run {residents:,} residents with seed {seed} (the sidebar's size and seed).")
    if runs.value:
        shown = [(scenario_label(n), r.timeseries, r.model.cfg) for n, r in runs.value]
        solara.FigureMatplotlib(figures.compare_figure(shown, COMPARE_PANELS), format="png")
        Card(compare_table(runs.value))


@solara.component
def Page() -> None:
    """Render the app: one model, renderer and set of controls per browser session."""
    params = solara.use_memo(model_params, [])
    values = solara.use_reactive({name: spec["value"] for name, spec in params.items()})
    model: solara.Reactive[AppModel] = solara.use_reactive(
        solara.use_memo(lambda: AppModel(**values.value), [])
    )
    renderer = solara.use_memo(lambda: NetworkRenderer(model.value), [model.value])  # a new one on Reset
    tab = solara.use_reactive(0)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    play_interval, render_interval = solara.use_reactive(PLAY_INTERVAL_MS), solara.use_reactive(1)
    with solara.Sidebar(), solara.Column():
        with solara.Card("Controls"):
            solara.SliderInt("Play Interval (ms)", value=play_interval, min=1, max=500, step=10)
            solara.SliderInt("Render Interval (steps)", value=render_interval, min=1, max=100, step=1)
            DayController(model, lambda: AppModel(**values.value), play_interval, render_interval)
        with solara.Card("Information"):
            DayCounter(model.value)
        with solara.Card("Model Parameters"):
            Inputs(params, values)
    with solara.lab.Tabs(value=tab):
        solara.lab.Tab(TABS[0])
        solara.lab.Tab(TABS[1])
    if tab.value == 0:
        CommunityTab(model.value, renderer)
    else:
        CompareTab(model.value)


@solara.component
def Inputs(params: dict[str, dict[str, Any]], values: solara.Reactive[dict[str, Any]]) -> None:
    """The scenario picker and one input per control, each with its meaning and unit on hover."""
    picker = params["preset"]
    PresetSelect(picker["label"], values.value["preset"], lambda k: values.set({**values.value, "preset": k}))
    for name, spec in params.items():
        if name != "preset":
            with solara.Tooltip(hover_text(name)), solara.Div():
                Input(name, spec, values)


def Input(name: str, spec: dict[str, Any], values: solara.Reactive[dict[str, Any]]) -> solara.Element:
    """The checkbox, select or slider of one control (:func:`user_input`), bound to ``values``."""

    def set_value(value: Any) -> None:
        values.set({**values.value, name: value})

    current, kind = values.value[name], spec["type"]
    if kind == "Checkbox":
        return solara.Checkbox(label=spec["label"], value=current, on_value=set_value)
    if kind == "Select":
        return solara.Select(spec["label"], value=current, values=spec["values"], on_value=set_value)
    slider = solara.SliderInt if kind == "SliderInt" else solara.SliderFloat
    return slider(
        spec["label"], value=current, min=spec["min"], max=spec["max"], step=spec["step"], on_value=set_value
    )
