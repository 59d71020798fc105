"""Which parameters a global sensitivity analysis varies, and over what ranges: read from the params metadata.

Every parameter whose declared source (:func:`sim.params.param`) starts with one of :data:`UNMEASURED`
is a candidate; :func:`exclusion` names the rule that leaves a candidate out in a preset (or ``None``),
and :func:`screening_range` gives the range of one that stays in. Nothing here is a hand-typed list of
parameters: a parameter added to :mod:`sim.params` with an assumed source enters the design by itself.

The designs are written as experiment presets (``configs/experiment/sensitivity_morris_<preset>.yaml``,
``sensitivity_sobol_<preset>.yaml``) that ``cogov-sweep`` runs one sample row per job; the Sobol design
takes the parameters that the Morris screening ranked highest. Commands and results: docs/SENSITIVITY.md.
"""

from __future__ import annotations

import argparse
import math
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import OmegaConf

from experiments.results.collect import INDICES_TABLE
from scenarios.errors import guarded
from scenarios.groups import config_dir
from scenarios.load import load_config
from scenarios.outputs import write_atomic
from sim.params import Config, Leaf, baseline_of, is_offer, leaves, locate, value_of
from sim.validate import ConfigError

UNMEASURED = ("assumed", "hand-calibrated", "calibrated")
"""Sources of values that are modelling choices (a hand-calibrated value has no interval either) or
fitted to patterns (a calibrated value has a credible interval: what the fit leaves unknown still moves
the outcomes, so the screening keeps it, ranged as any other)."""

RUN_SETTINGS = frozenset(
    {"scenario", "seed", "steps", "burn_in", "measure_from", "intervention_days", "community.residents"}
)
"""The run's identity, length, measurement window and size: set by the experiment, not assumed."""
RUN_GROUPS = ("trial",)
"""Config groups that are the run's design (a field experiment inside it), not assumptions."""

CALENDAR = ("*_offset",)
"""Calendar anchors (the day of a first event): they shift events in time, they assume no behaviour."""

OUTCOME_ONLY = (
    "services.sense_*",
    "services.belonging_*",
    "services.participation_gain_share",
    "services.risk_security_loss",
    "services.witness_share",
    "ledger.*",
)
"""Parameters of the four senses and of the staff-hours ledger (accounting) only: no decision reads a
sense or an hour, so they cannot move :data:`~experiments.analysis.sensitivity.OUTCOMES` (tested in
``tests/experiments/design/test_screening.py``)."""

RELATIVE = 0.5
"""A positive number varies by this share of its default either way (clipped to its declared range)."""
LOGIT_WIDTH = 1.0
"""A coefficient on the log-odds scale varies by this much either way (odds times e or divided by it)."""
CLOCK_WIDTH = 1.0
"""A time of day varies by this many hours either way."""
MORRIS_LEVELS = 4
"""Morris grid levels; an integer's range spans a multiple of ``MORRIS_LEVELS - 1`` (whole-number levels)."""

MORRIS_TRAJECTORIES = 8
SOBOL_BASE = 64
SOBOL_TOP = 5
"""Default sizes: Morris trajectories, Sobol base sample (rows: ``N (D + 2)``), parameters taken to Sobol."""
DESIGN_SEED = 1
RESIDENTS = 1000
STEPS = 730
MEASURE_FROM = 365
"""Runs of the designs: 1,000 residents, the default burn-in, measured in the second year after the onset
(steady state, docs/CALIBRATION.md)."""
MORRIS_SEEDS = (0,)
SOBOL_SEEDS = (0, 1)
"""Common random numbers: every sample row runs the same seeds; the Sobol design runs a second seed so
that the indices of each seed can be compared (their stability), and of the mean over seeds."""


def is_unmeasured(leaf: Leaf) -> bool:
    """Whether the parameter's declared source marks it as a modelling choice (:data:`UNMEASURED`)."""
    return str(leaf.field.metadata.get("source", "")).startswith(UNMEASURED)


def switched_off(cfg: Config, key: str) -> bool:
    """Whether a false switch beside ``key`` turns its mechanism off.

    The switch is a boolean field of the same group named ``enabled`` or whose name starts ``key``'s
    last part (``grid`` for ``grid_visits``, ``whistle`` for ``whistle_delay``).

    Examples
    --------
    >>> cfg = Config()
    >>> switched_off(cfg, "institutions.workers.grid_cases"), switched_off(cfg, "channels.phone.reach")
    (True, False)
    """
    parent, f = locate(cfg, key)
    for sibling in parent.__dataclass_fields__.values():
        on = getattr(parent, sibling.name)
        if isinstance(on, bool) and not on and sibling is not f:
            if sibling.name == "enabled" or f.name.startswith(f"{sibling.name}_"):
                return True
    return False


def exclusion(cfg: Config, leaf: Leaf) -> str | None:
    """The rule that leaves ``leaf`` out of the screening of ``cfg``'s preset, or ``None`` (it stays in).

    Rules, in order: ``measured`` (a sourced value), ``run setting``, ``switch or choice`` (booleans
    and named choices have no range), ``offer`` (a lever of the offer a scenario makes,
    :func:`sim.params.is_offer`: presets differ by these, so they are compared as interventions, and the
    channel designs ``sensitivity_morris.yaml`` / ``sensitivity_sobol.yaml`` vary them on their own),
    ``intervention`` (a lever, :data:`sim.params.LEVER_GROUPS`, at a value the preset switches on at the
    onset), ``absent`` (a default of zero: the mechanism is not there, and
    a share of zero is zero), ``switched off`` (:func:`switched_off`), ``calendar`` (:data:`CALENDAR`)
    and ``outcome-only`` (:data:`OUTCOME_ONLY`).
    """
    key, value = leaf.key, leaf.value
    if not is_unmeasured(leaf):
        return "measured"
    if key in RUN_SETTINGS or key.partition(".")[0] in RUN_GROUPS:
        return "run setting"
    if isinstance(value, bool | str):
        return "switch or choice"
    if is_offer(key):
        return "offer"
    if value != value_of(baseline_of(cfg), key):
        return "intervention"
    if value == 0:
        return "absent"
    if switched_off(cfg, key):
        return "switched off"
    if any(fnmatchcase(key, p) for p in CALENDAR):
        return "calendar"
    if any(fnmatchcase(key, p) for p in OUTCOME_ONLY):
        return "outcome-only"
    return None


def classify(cfg: Config) -> pd.DataFrame:
    """Every parameter of ``cfg`` with its value, source and exclusion rule (empty: screened)."""
    rows = [
        {"parameter": leaf.key, "value": leaf.value, "source": leaf.field.metadata.get("source", "")}
        | {"excluded": exclusion(cfg, leaf) or ""}
        for leaf in leaves(cfg)
    ]
    return pd.DataFrame(rows)


def _clip(lo: float, hi: float, bounds: tuple[float | None, float | None]) -> tuple[float, float]:
    low, high = bounds
    lo, hi = max(lo, -math.inf if low is None else low), min(hi, math.inf if high is None else high)
    return float(f"{lo:.10g}"), float(f"{hi:.10g}")  # no float fuzz (0.44999999999999996) in the configs


def _integer_range(value: int, bounds: tuple[float | None, float | None]) -> tuple[float, float]:
    step = MORRIS_LEVELS - 1
    span = step * max(1, math.floor(value / step + 0.5))
    lo = value - span // 2
    low, high = bounds
    if low is not None and lo < low:
        lo = int(low)
    if high is not None and lo + span > high:
        lo = int(high) - span
    return _clip(float(lo), float(lo + span), bounds)


def screening_range(leaf: Leaf) -> tuple[float, float]:
    """The range over which a screened parameter varies, from its default and declared bounds.

    Coefficients on the log-odds scale (a declared range that admits negative values) vary by
    :data:`LOGIT_WIDTH`; times of day (unit ``h``, described as an hour) by :data:`CLOCK_WIDTH`;
    integers over a span of about their default (±50%) rounded to a multiple of ``MORRIS_LEVELS - 1``;
    other numbers by :data:`RELATIVE` of their default. Every range is clipped to the declared bounds
    (shares to [0, 1]).

    Examples
    --------
    >>> from sim.params import leaves, Config
    >>> by_key = {leaf.key: leaf for leaf in leaves(Config())}
    >>> [screening_range(by_key[k]) for k in ("participation.b_social", "participation.window")]
    [(1.4, 3.4), (15.0, 45.0)]
    >>> [screening_range(by_key[k]) for k in ("community.wake_hour", "community.digital_young")]
    [(6.0, 8.0), (0.475, 1.0)]
    """
    meta, value = leaf.field.metadata, leaf.value
    bounds = (meta.get("lo"), meta.get("hi"))
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{leaf.key}: {value!r} has no range (a number is needed)")
    if bounds[0] is not None and bounds[0] < 0:
        return _clip(value - LOGIT_WIDTH, value + LOGIT_WIDTH, bounds)
    if meta.get("unit") == "h" and str(meta.get("doc", "")).startswith("hour"):
        return _clip(value - CLOCK_WIDTH, value + CLOCK_WIDTH, bounds)
    if isinstance(value, int):
        return _integer_range(value, bounds)
    return _clip(value * (1 - RELATIVE), value * (1 + RELATIVE), bounds)


def screened(cfg: Config) -> dict[str, list[float]]:
    """The screened parameters of ``cfg`` and their ranges, in declaration order."""
    return {leaf.key: list(screening_range(leaf)) for leaf in leaves(cfg) if exclusion(cfg, leaf) is None}


def preset_config(preset: str) -> Config:
    """The preset at the designs' size and window (:data:`RESIDENTS`, :data:`STEPS`, :data:`MEASURE_FROM`)."""
    return load_config(
        preset, [f"community.residents={RESIDENTS}", f"steps={STEPS}", f"measure_from={MEASURE_FROM}"]
    )


def ranges_of(cfg: Config, keys: list[str]) -> dict[str, list[float]]:
    """Ranges of the given keys by the screening rule (each must be screened in ``cfg``).

    Raises
    ------
    sim.ConfigError
        For a key that names no parameter or is not screened in this preset.
    """
    design = screened(cfg)
    for key in keys:
        if key not in design:
            try:
                value = value_of(cfg, key)
            except KeyError:
                raise ConfigError(key, key, "a parameter of sim.params.Config") from None
            leaf = next(leaf for leaf in leaves(cfg) if leaf.key == key)
            raise ConfigError(key, value, f"a screened parameter (excluded here: {exclusion(cfg, leaf)})")
    return {key: design[key] for key in keys}


def experiment(preset: str, spec: dict[str, Any], seeds: tuple[int, ...]) -> dict[str, Any]:
    """The experiment preset (a Hydra config node) that runs the design ``spec`` on ``preset``."""
    return {
        "defaults": [{"override /scenario": preset}],
        "community": {"residents": RESIDENTS},
        "steps": STEPS,
        "measure_from": MEASURE_FROM,
        "sweep": {
            "name": f"sensitivity_{spec['method']}_{preset}",
            "seeds": list(seeds),
            "timeseries": False,
        },
        "sensitivity": spec,
    }


def morris_spec(cfg: Config, trajectories: int = MORRIS_TRAJECTORIES) -> dict[str, Any]:
    """The Morris design over every screened parameter of ``cfg``."""
    return {
        "method": "morris",
        "n": trajectories,
        "levels": MORRIS_LEVELS,
        "seed": DESIGN_SEED,
        "parameters": screened(cfg),
    }


def sobol_spec(cfg: Config, keys: list[str], base: int = SOBOL_BASE) -> dict[str, Any]:
    """The Sobol design (first and total order) over ``keys`` with the screening ranges."""
    return {
        "method": "sobol",
        "n": base,
        "levels": MORRIS_LEVELS,
        "seed": DESIGN_SEED,
        "parameters": ranges_of(cfg, keys),
    }


def top_parameters(indices: pd.DataFrame, k: int) -> list[str]:
    """The ``k`` parameters of largest Morris mu*, taking each outcome's next best in turn.

    ``indices`` is the table of :func:`experiments.analysis.sensitivity.indices` (the mean over seeds is
    used); outcomes take turns in their order in the table, so an outcome on a smaller scale, or one whose
    leaders are few, is not crowded out by another.

    Examples
    --------
    >>> t = pd.DataFrame({"outcome": ["y", "y", "y", "z", "z", "z"], "seed": ["mean"] * 6,
    ...                   "parameter": ["a", "b", "c"] * 2, "mu_star": [10.0, 5.0, 0.0, 0.0, 0.1, 0.2]})
    >>> top_parameters(t, 2), top_parameters(t, 3)
    (['a', 'c'], ['a', 'c', 'b'])
    """
    mean = indices[indices["seed"].astype(str) == "mean"]
    order = {outcome: n for n, outcome in enumerate(dict.fromkeys(mean["outcome"]))}
    ranked = mean.assign(
        place=mean.groupby("outcome")["mu_star"].rank(ascending=False, method="first"),
        turn=mean["outcome"].map(order),
    )
    best = ranked.sort_values(["place", "turn"], kind="stable")["parameter"]
    return list(dict.fromkeys(best))[:k]


HEADER = (
    "# @package _global_\n"
    "# Written by `python -m experiments.design.screening {command}` from the params metadata\n"
    "# (docs/SENSITIVITY.md); write it again rather than editing it. cogov-sweep adds\n"
    "# sweep.sample=range(0,rows) itself.\n"
)


def write_experiment(path: Path, node: dict[str, Any], command: str) -> None:
    """Write an experiment preset (atomically) with the header that says how it was made."""
    text = HEADER.format(command=command) + OmegaConf.to_yaml(OmegaConf.create(node))
    write_atomic(path, lambda p: p.write_text(text))


def experiment_path(method: str, preset: str) -> Path:
    """Where a design lives: ``configs/experiment/sensitivity_<method>_<preset>.yaml``."""
    return config_dir() / "experiment" / f"sensitivity_{method}_{preset}.yaml"


def _morris(args: argparse.Namespace) -> None:
    for preset in args.presets:
        spec = morris_spec(preset_config(preset), args.trajectories)
        path = experiment_path("morris", preset)
        command = f"morris {preset} --trajectories {args.trajectories}"
        write_experiment(path, experiment(preset, spec, MORRIS_SEEDS), command)
        print(f"{path}: {len(spec['parameters'])} parameters")


def _sobol(args: argparse.Namespace) -> None:
    if args.base < 2 or args.base & (args.base - 1):
        raise ConfigError("--base", args.base, "a power of 2 (Sobol sequences), e.g. 32 or 64")
    table = Path(args.morris) / INDICES_TABLE
    if not table.is_file():
        raise ConfigError("morris", str(args.morris), f"a Morris sweep folder analysed into {INDICES_TABLE}")
    keys = top_parameters(pd.read_csv(table), args.top)
    spec = sobol_spec(preset_config(args.preset), keys, args.base)
    path = experiment_path("sobol", args.preset)
    command = f"sobol {args.preset} {args.morris} --top {args.top} --base {args.base}"
    write_experiment(path, experiment(args.preset, spec, SOBOL_SEEDS), command)
    print(f"{path}: {', '.join(keys)}")


def _list(args: argparse.Namespace) -> None:
    table = classify(preset_config(args.preset))
    with pd.option_context("display.max_rows", None, "display.width", 200):
        print(table.groupby("excluded", sort=False).size().to_string())
        print(table[table["excluded"] == ""].drop(columns="excluded").to_string(index=False))


def parser() -> argparse.ArgumentParser:
    """Command line of ``python -m experiments.design.screening``."""
    cli = argparse.ArgumentParser(
        prog="python -m experiments.design.screening", description=__doc__.splitlines()[0]
    )
    sub = cli.add_subparsers(dest="command", required=True)
    morris = sub.add_parser("morris", help="write the Morris design of every screened parameter of presets")
    morris.add_argument("presets", nargs="+")
    morris.add_argument("--trajectories", type=int, default=MORRIS_TRAJECTORIES)
    morris.set_defaults(run=_morris)
    sobol = sub.add_parser("sobol", help="write the Sobol design of the top parameters of a Morris sweep")
    sobol.add_argument("preset")
    sobol.add_argument("morris", help="the analysed Morris sweep folder of the same preset")
    sobol.add_argument("--top", type=int, default=SOBOL_TOP)
    sobol.add_argument("--base", type=int, default=SOBOL_BASE)
    sobol.set_defaults(run=_sobol)
    listing = sub.add_parser("list", help="print the screened parameters of a preset and what is excluded")
    listing.add_argument("preset")
    listing.set_defaults(run=_list)
    return cli


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m experiments.design.screening``."""
    args = parser().parse_args(argv)
    guarded("screening", lambda: args.run(args))


if __name__ == "__main__":
    main()
