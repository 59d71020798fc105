"""``cogov-compare``: run presets paired by seed on the sweep machinery and write a plain-language brief.

``cogov-compare BASELINE INTERVENTION [INTERVENTION ...] [--seeds N] [--residents R] [--years Y]
[--launcher NAME] [-o DIR] [key=value ...]`` runs every scenario (a preset name or a user's scenario
file) ``N`` times as one Hydra multirun of ``cogov-sweep`` (resumable, progress bar, any launcher; by
default joblib on every core), then writes ``DIR/results.parquet`` (:mod:`experiments.results.collect`),
``DIR/brief.md`` and a self-contained ``DIR/brief.html`` (:mod:`experiments.analysis.brief`) and the full
statistical report in ``DIR/report/`` (:mod:`experiments.analysis.report`).

``cogov-compare --target active_share=0.10 [BASELINE]`` asks "what does it take?": it runs a Latin
hypercube over policy levers of the baseline (channels, outreach, grid management) and finds the cheapest
boxes of settings that reach the target with PRIM (:mod:`experiments.analysis.discover`).

An intervention is what a scenario changes among the policy levers (:data:`sim.params.LEVER_GROUPS`); a
scenario that also differs from the baseline in anything else (another community, other behaviour) is
compared all the same, with a one-line note that its difference is not the intervention's alone
(:func:`not_levers`).

Pairing: replicate ``r`` runs seed ``r`` in every scenario, and, when a calibration posterior exists
(:mod:`experiments.calibration.posterior`; ``--no-posterior`` to leave it out), parameter draw ``r`` too. Each
job is one scenario and one replicate (``seed=r``, its ``sweep.seeds`` set to ``[r]``); the values of
row ``r`` (a posterior draw or a design point) are saved in ``DIR/rows.json`` and applied by
:func:`experiments.sweep.task.paired_task` in whichever process runs the job (the file is named in
:data:`~experiments.sweep.task.ROWS_ENV`), a module that imports only what a worker needs. Bad input
stops with one line and exit code 2 before anything is written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

from experiments.analysis import brief, discover, report
from experiments.calibration import posterior
from experiments.results.collect import RESULTS, collect, load_timeseries
from experiments.results.units import DAYS_PER_YEAR
from experiments.sweep import run
from experiments.sweep.precheck import LAUNCHER_PLUGINS
from experiments.sweep.task import ROWS_ENV, paired_task
from scenarios.errors import EXIT_BAD_INPUT, EXIT_FAILED_JOBS, EXIT_IO, guarded, one_line, stop
from scenarios.extras import installed, require
from scenarios.groups import BASIC_LAUNCHER, LAUNCHER, options
from scenarios.load import load_config
from scenarios.user_scenarios import is_user_file
from sim.params import Config, is_lever, leaves
from sim.validate import ConfigError

TOOL = "cogov-compare"
ROWS = "rows.json"
PARALLEL_LAUNCHER = "local_joblib"
DEFAULT_SEEDS = 10
DEFAULT_POINTS = 200
POSTERIOR_SEED = 0
"""Seed of the posterior draws (replicate ``r`` uses draw ``r`` of ``posterior.draw(N, POSTERIOR_SEED)``)."""


@dataclass(frozen=True)
class Scenario:
    """A scenario of the comparison: what the command line named, its option for Hydra, its config."""

    given: str
    option: str
    cfg: Config

    @property
    def name(self) -> str:
        """Its name in the results (the ``scenario`` column)."""
        return self.cfg.scenario


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2 (no usage block)."""

    def error(self, message: str) -> NoReturn:
        """Print ``cogov-compare: error: <message>`` and exit with :data:`EXIT_BAD_INPUT`."""
        _fail(message, EXIT_BAD_INPUT)


def positive(text: str) -> int:
    """An integer >= 1 (argparse type).

    Examples
    --------
    >>> positive("3")
    3
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} (allowed: an integer >= 1)")
    return value


def positive_float(text: str) -> float:
    """A number > 0 (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} (allowed: a number > 0)")
    return value


def default_launcher() -> str:
    """Joblib on every core with the ``sweep`` extra installed; else Hydra's basic launcher (base install)."""
    return PARALLEL_LAUNCHER if installed(LAUNCHER_PLUGINS[PARALLEL_LAUNCHER]) else BASIC_LAUNCHER


def parser() -> Parser:
    """The command line of ``cogov-compare``."""
    p = Parser(prog=TOOL, description="Run scenarios paired by seed and write a plain-language brief.")
    p.add_argument(
        "scenarios",
        nargs="*",
        metavar="SCENARIO",
        help="baseline then interventions: preset names or scenario files (.yaml); key=value overrides",
    )
    p.add_argument("--seeds", type=positive, default=DEFAULT_SEEDS, help="replicates (paired seeds)")
    p.add_argument("--residents", type=positive, help="residents of the community (default: the preset's)")
    p.add_argument("--years", type=positive_float, default=1.0, help="years after the interventions start")
    p.add_argument(
        "--launcher", default=default_launcher(), help=f"Hydra launcher: {', '.join(options(LAUNCHER))}"
    )
    p.add_argument("--jobs", type=positive, help="jobs at once with local_joblib (default: every core)")
    p.add_argument("-o", "--out", type=Path, help="output folder (default: compare/<scenarios>)")
    p.add_argument("--no-posterior", action="store_true", help="seed uncertainty only, even when calibrated")
    p.add_argument(
        "--target",
        metavar="METRIC=VALUE",
        help="what does it take: baseline settings that reach METRIC >= VALUE (e.g. active_share=0.10)",
    )
    p.add_argument("--points", type=positive, default=DEFAULT_POINTS, help="design points with --target")
    return p


def cores() -> int:
    """CPU cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parse_target(text: str) -> tuple[str, float]:
    """``"active_share=0.10"`` -> ``("active_share", 0.1)``.

    Raises
    ------
    ConfigError
        For text that is not ``metric=number`` with a metric the brief can name and a finite number.

    Examples
    --------
    >>> parse_target("active_share=0.10")
    ('active_share', 0.1)
    """
    metric, sep, value = text.partition("=")
    allowed = "METRIC=VALUE with a summary metric and a number, e.g. active_share=0.10"
    try:
        number = float(value) if sep else None
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or not discover.known_metric(metric):
        raise ConfigError("--target", text, allowed)
    require("ema_workbench", "--target", text)
    return metric, number


def model_overrides(args: argparse.Namespace, extra: list[str]) -> list[str]:
    """Model overrides of every scenario: residents, days after the onset, then the user's ``key=value``."""
    lines = [f"steps={round(args.years * DAYS_PER_YEAR)}"]
    if args.residents is not None:
        lines.insert(0, f"community.residents={args.residents}")
    return [*lines, *extra]


def source(text: str) -> str | Path:
    """What :func:`scenarios.load.load_config` takes for a scenario given on the command line."""
    return Path(text) if is_user_file(text) else text


def resolve(given: list[str], overrides: list[str]) -> list[Scenario]:
    """Check every scenario (preset or file) with the overrides; return them.

    Raises
    ------
    ConfigError
        For an unknown preset or file, a bad override, two scenarios with the same name, or a run
        that measures no day (``--years`` too short for its ``measure_from``).
    """
    found: list[Scenario] = []
    for text in given:
        cfg = load_config(source(text), overrides)
        if cfg.steps <= cfg.measure_from:
            allowed = f"years that make more than measure_from = {cfg.measure_from} days (a day: 1/365)"
            raise ConfigError("--years", cfg.steps / DAYS_PER_YEAR, allowed)
        option = Path(text).name.removesuffix(Path(text).suffix) if is_user_file(text) else text
        if any(s.name == cfg.scenario for s in found):
            raise ConfigError("scenario", text, "scenarios with different names (each is compared once)")
        found.append(Scenario(text, option, cfg))
    return found


def not_levers(baseline: Config, other: Config) -> list[str]:
    """Parameters other than the policy levers (and the scenario's name) that ``other`` sets differently.

    Examples
    --------
    >>> from sim.params import with_values
    >>> base = Config()
    >>> not_levers(base, with_values(base, {"channels.forum.enabled": True, "scenario": "forum"}))
    []
    >>> not_levers(base, with_values(base, {"community.network.kind": "rural"}))
    ['community.network.kind']
    """
    values = {leaf.key: leaf.value for leaf in leaves(baseline)}
    return [
        leaf.key
        for leaf in leaves(other)
        if leaf.key != "scenario" and not is_lever(leaf.key) and leaf.value != values[leaf.key]
    ]


def note_not_levers(scenarios: list[Scenario]) -> None:
    """Say (on stderr, one line each) which interventions also change what is not a policy lever."""
    for other in scenarios[1:]:
        keys = not_levers(scenarios[0].cfg, other.cfg)
        if keys:
            shown = ", ".join(keys[:3]) + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")
            print(
                f"{TOOL}: note: {other.name} also changes {shown}, which are not policy levers: its "
                f"difference from {scenarios[0].name} is not the intervention's alone",
                file=sys.stderr,
            )


def default_out(scenarios: list[Scenario], target: str | None) -> Path:
    """``compare/<baseline>_vs_<interventions>`` (``compare/<baseline>_target_<metric>`` with a target)."""
    names = [s.option for s in scenarios]
    tail = f"target_{target.partition('=')[0]}" if target else "vs_" + "_".join(names[1:])
    return Path("compare") / f"{names[0]}_{tail}"


def sweep_args(
    scenarios: list[Scenario], rows: int, overrides: list[str], out: Path, launcher: str, jobs: int | None
) -> list[str]:
    """The ``cogov-sweep`` command line: ``seed=range(0, rows)`` x every scenario, one job each.

    The jobs go seed by seed, so that a worker runs the scenarios of a seed one after the other and
    forks their shared burn-in (:data:`experiments.sweep.job.BURN_INS`).
    """
    given = [s.given for s in scenarios]
    args = ["-m", f"seed=range(0,{rows})", f"scenario={','.join(given)}", *overrides]
    args += ["sweep.name=compare", f"hydra.sweep.dir={out}"]
    if launcher != BASIC_LAUNCHER:
        args.append(f"hydra/launcher={launcher}")
    if launcher == PARALLEL_LAUNCHER:
        args.append(f"hydra.launcher.n_jobs={jobs or cores()}")
    return args


def run_sweep(args: list[str], rows: list[dict[str, Any]], out: Path) -> int:
    """Run the multirun of ``args`` with :func:`~experiments.sweep.task.paired_task` (rows saved in ``out``).

    Returns its exit code.
    """
    checked = run.prepared(args, TOOL)
    out.mkdir(parents=True, exist_ok=True)
    (out / ROWS).write_text(json.dumps(rows, indent=1) + "\n")
    os.environ[ROWS_ENV] = str((out / ROWS).resolve())
    try:
        run.launch(checked, paired_task)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def draws(n: int, baseline: Scenario, overrides: list[str]) -> list[dict[str, Any]]:
    """``n`` parameter draws from the calibration posterior, the first checked as overrides of the baseline.

    Raises
    ------
    SystemExit
        With one line and :data:`EXIT_BAD_INPUT` for an unreadable posterior or a draw the model refuses.
    """
    try:
        rows = posterior.draw(n, POSTERIOR_SEED)
    except (OSError, ValueError) as err:
        _fail(f"posterior: {one_line(err)} (--no-posterior runs without it)", EXIT_BAD_INPUT)
    first = [f"{key}={value}" for key, value in rows[0].items()]
    guarded(TOOL, lambda: load_config(source(baseline.given), [*overrides, *first]))
    return rows


def uncertainty(draws: bool) -> str:
    """What the intervals of the brief include."""
    if draws:
        return "seed and parameter uncertainty (each replicate draws its parameters from the calibration)"
    return "seed uncertainty only (the model is not calibrated)"


def compare(args: argparse.Namespace, scenarios: list[Scenario], overrides: list[str], out: Path) -> int:
    """Run the comparison and write its brief and report; return the exit code."""
    rows = draws(args.seeds, scenarios[0], overrides) if not args.no_posterior and posterior.exists() else []
    sweep_line = sweep_args(scenarios, args.seeds, overrides, out, args.launcher, args.jobs)
    code = run_sweep(sweep_line, rows, out)
    results = pd.read_parquet(out / RESULTS) if (out / RESULTS).is_file() else pd.DataFrame()
    if not len(results) or scenarios[0].name not in set(results["scenario"]):
        stop(
            TOOL,
            f"no run of {scenarios[0].name} finished: no brief (see {out / 'runs.parquet'})",
            code or EXIT_FAILED_JOBS,
        )
    html = report.build([out], out / "report", scenarios[0].name, None, seed=0)
    spec = brief.Spec(
        baseline=scenarios[0].name,
        interventions=[s.name for s in scenarios[1:]],
        measured_days={s.name: s.cfg.steps - s.cfg.measure_from for s in scenarios},
        uncertainty=uncertainty(bool(rows)),
        report=html.relative_to(out).as_posix(),
        draws=tuple(rows),
    )
    levels = load_timeseries(collect([out]), [f"{level}_share" for level in brief.LEVEL_LINES])
    page = brief.write(results, spec, out, levels)
    print(f"{TOOL}: {page}")
    return code


def target(args: argparse.Namespace, scenarios: list[Scenario], overrides: list[str], out: Path) -> int:
    """Run the design of "what does it take?" and write its brief; return the exit code."""
    metric, goal = parse_target(args.target)
    rows = discover.design(args.points, seed=0)
    sweep_line = sweep_args(scenarios, args.points, overrides, out, args.launcher, args.jobs)
    code = run_sweep(sweep_line, rows, out)
    if not (out / RESULTS).is_file():
        return code or EXIT_FAILED_JOBS
    measured = scenarios[0].cfg.steps - scenarios[0].cfg.measure_from
    page = discover.write(out, metric, goal, measured)
    print(f"{TOOL}: {page}")
    return code


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``cogov-compare``."""
    args = parser().parse_intermixed_args(argv)
    given = [a for a in args.scenarios if "=" not in a]
    extra = [a for a in args.scenarios if "=" in a]
    if args.target is None and len(given) < 2:
        _fail(
            "SCENARIO: a baseline and at least one intervention (preset names or .yaml files)", EXIT_BAD_INPUT
        )
    if args.target is not None and len(given) > 1:
        _fail(f"SCENARIO: {' '.join(given)} (allowed with --target: one baseline)", EXIT_BAD_INPUT)
    if args.target is not None:
        guarded(TOOL, lambda: parse_target(args.target))
        given = given or ["urban_baseline"]
    if args.launcher not in options(LAUNCHER):
        _fail(f"--launcher: {args.launcher!r} (allowed: {', '.join(options(LAUNCHER))})", EXIT_BAD_INPUT)
    overrides = model_overrides(args, extra)
    scenarios: list[Scenario] = guarded(TOOL, lambda: resolve(given, overrides))
    note_not_levers(scenarios)
    out = args.out or default_out(scenarios, args.target)
    try:
        code = (target if args.target else compare)(args, scenarios, overrides, out)
    except OSError as err:
        _fail(f"cannot write into {out}: {one_line(err)}", EXIT_IO)
    except KeyboardInterrupt:
        run.stopped(TOOL)
    raise SystemExit(code)


def _fail(message: str, code: int) -> NoReturn:
    stop(TOOL, message, code)


if __name__ == "__main__":
    main()
