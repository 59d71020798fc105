"""The teaching view: a Mesa ``SolaraViz`` app over :class:`sim.CommunityModel`.

Like Mesa's examples, the model and its agents live in their own modules and this app only imports
them. The page shows the neighbour network (residents coloured by participation level, party
members ringed in red, mediators drawn as diamonds once the model has them), live plots of the
metric families that the model's time series has, and a card with the settings in effect. The
sidebar has Mesa's Reset, Play and Step, a scenario picker over the presets, and sliders and
switches for the main channel and outreach settings (:data:`CONTROLS`; ranges and labels come from
the parameter metadata of :mod:`sim.params`).

A control still at its start value leaves the preset's value in place; moving it overrides the
preset on the next Reset. ``cogov-viz`` (:mod:`scenarios.viz`) serves :func:`Page`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import Field, dataclass
from typing import Any, Literal

import solara
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from mesa.experimental.scenarios import Scenario
from mesa.visualization import SolaraViz, SpaceRenderer
from mesa.visualization.components import AgentPortrayalStyle
from mesa.visualization.space_drawers import NetworkSpaceDrawer

import sim
from agents.resident import Resident
from scenarios.load import presets
from scenarios.safety import user_scenarios
from sim.params import Config, locate, value_of

DEFAULT_PRESET = "urban_baseline"
APP_RESIDENTS = 300
"""Community size the app starts with: large enough to be interesting, small enough to draw each step."""

LEVEL_COLORS = {"passive": "#b0b0b0", "occasional": "#f4a300", "active": "#1a9850"}
PARTY_EDGE = "#d7191c"
"""Outline of party members' markers."""
MEDIATOR_MARKER = "D"
EDGE_STYLE = {"alpha": 0.25, "style": "-", "width": 0.4}

PANELS = {
    "Participation levels": r"(passive|occasional|active)_share",
    "Awareness levels": r"awareness_\w+_share",
    "Disputes": r"disputes?(_\w+)?",
    "The four senses": r"sense_\w+",
}
"""Plot title -> regular expression selecting its time-series columns; a panel without columns is left out."""


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
    Control("outreach.party_contacts", step=0.5, hi=10.0),
    Control("outreach.party_demonstration", step=0.5),
    Control("outreach.passive_first"),
    Control("institutions.workers.grid"),
    Control("institutions.workers.proactive"),
    Control("services.dispute_rate", step=0.5, hi=10.0),
)
"""The app's sliders and switches: the main channel, outreach and service settings, size and seed."""


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
    """Short sidebar label of a parameter: the last two parts of its dotted name.

    Examples
    --------
    >>> label("channels.mobile_platform.enabled"), label("seed")
    ('mobile platform enabled', 'seed')
    """
    return " ".join(name.split(".")[-2:]).replace("_", " ")


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
    choices = [*presets(), *user_scenarios()]
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

    SolaraViz's Reset calls ``AppModel(**values)`` with the current value of every input.

    Parameters
    ----------
    preset : str
        Scenario preset (``configs/scenario/*.yaml``), or a user scenario file given to ``cogov-viz
        --scenario`` (by its name).
    scenario : mesa.experimental.scenarios.Scenario, optional
        Mesa's Reset adds its own ``Scenario`` (only an empty ``rng``) to the arguments; the run's
        randomness comes from the ``seed`` parameter instead, so it is ignored. This is also why the
        picker is called ``preset``: the name ``scenario`` belongs to Mesa.
    **values
        Dotted parameter values of the controls; those still at their default leave the preset's value.

    Examples
    --------
    >>> values = {"community.residents": 200, "outreach.party_contacts": 0.0}
    >>> model = AppModel("party_demonstration", **values)
    >>> model.cfg.scenario, model.cfg.community.residents, model.cfg.outreach.party_contacts > 0
    ('party_demonstration', 200, True)
    """

    def __init__(self, preset: str = DEFAULT_PRESET, scenario: Scenario | None = None, **values: Any) -> None:
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


def panel_columns(columns: Iterable[str], pattern: str) -> list[str]:
    """Time-series columns that ``pattern`` matches in full, in their order.

    Examples
    --------
    >>> panel_columns(["step", "active_share", "sense_gain", "passive_share"], PANELS["Participation levels"])
    ['active_share', 'passive_share']
    """
    return [c for c in columns if re.fullmatch(pattern, c)]


def make_panel(title: str, pattern: str) -> Callable[[sim.CommunityModel], solara.Element]:
    """Component function that plots the matching time-series columns against the step."""

    def panel(model: sim.CommunityModel) -> solara.Element:
        ts = model.timeseries()
        fig = Figure(figsize=(5.5, 3.2), layout="constrained")
        ax = fig.subplots()
        for column in panel_columns(ts.columns, pattern):
            name = column.removesuffix("_share")
            ax.plot(ts["step"], ts[column], label=name.replace("_", " "), color=LEVEL_COLORS.get(name))
        ax.set(title=title, xlabel="day", xlim=(0, max(model.day, 1)))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(loc="best", fontsize=8)
        return solara.FigureMatplotlib(fig, format="svg")

    panel.__name__ = f"Panel_{re.sub(r'\W', '_', title)}"
    return panel


def settings_card(model: sim.CommunityModel) -> solara.Element:
    """Card with the preset and the value in effect of every control (preset value or override)."""
    rows = "\n".join(f"| `{c.name}` | {value_of(model.cfg, c.name)} |" for c in CONTROLS)
    header = f"**Preset:** {model.cfg.scenario} · day {model.day} since the onset"
    return solara.Markdown(f"{header}\n\n| parameter | value |\n|---|---|\n{rows}")


def components(model: sim.CommunityModel) -> list[tuple[Callable[[sim.CommunityModel], solara.Element], int]]:
    """Page-0 components: one plot per panel with columns in ``model``'s time series, then the settings."""
    columns = model.timeseries().columns
    panels = [make_panel(t, p) for t, p in PANELS.items() if panel_columns(columns, p)]
    return [(c, 0) for c in [*panels, settings_card]]


@solara.component
def Page() -> None:
    """Render the app: one model, renderer and set of controls per browser session."""
    params = solara.use_memo(model_params, [])
    model = solara.use_memo(lambda: AppModel(**{name: spec["value"] for name, spec in params.items()}), [])
    renderer = solara.use_memo(lambda: NetworkRenderer(model), [model])
    SolaraViz(
        model,
        renderer=renderer,
        components=components(model),
        model_params=params,
        name="cogov: community co-governance",
        play_interval=50,
    )
