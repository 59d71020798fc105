"""``cogov-report DIR [DIR ...]``: tables, statistics, figures and a report from saved sweep outputs.

It reads the job folders of one or more sweeps (merged; a run present twice counts once), writes
``results.parquet`` (one row per finished run), ``runs.parquet``, ``missing.csv``, ``describe.csv``,
``comparisons.csv``, the figures and a self-contained ``report.html`` (figures embedded) plus
``report.md``. It never runs or imports the model, and reads the folders as data only (JSON, YAML,
Parquet; nothing is unpickled). A folder that is not a sweep, or a corrupt plan, stops with one line
and exit code 2; an output folder that cannot be written, exit code 3. Failed, corrupt and missing
jobs are named in the report with their error.

Everything a reader sees (tables, titles, figures) names metrics and parameters by their human names
(:mod:`scenarios.labels`); the CSV files keep the column names of the results.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn, TypeGuard

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from experiments.analysis import figures, render, sensitivity
from experiments.analysis.brief import FEW_SEEDS
from experiments.analysis.sensitivity import analyze
from experiments.analysis.stats import ci_width_by_seeds, describe, paired_vs_baseline
from experiments.analysis.theory import watts_window
from experiments.results.collect import RESULTS, RUNS, Collection, SweepFolderError, collect, load_timeseries
from scenarios.errors import EXIT_BAD_INPUT, EXIT_IO, stop
from scenarios.labels import label, param_label, scenario_label, scenario_phrase
from scenarios.names import file_name, inside
from scenarios.outputs import write_atomic, write_folder_atomic
from sim.validate import ConfigError

NOT_METRICS = ("job", "seed", "step", "steps", "residents")
DEFAULT_METRICS = (
    "active_share",
    "top10_participation_share",
    "org_membership_share",
    "requests_answered_share",
    "disputes_grassroots_share",
    "sense_security",
)
"""Headline metrics for policy staff: participation, its inequality, organisations, service, disputes."""
DEGREE, THRESHOLD = "community.network.mean_degree", "participation.threshold"
DOCKING_PHI = 0.18
COLUMNS = {
    "folder": "Folder",
    "job": "Job",
    "status": "Status",
    "problem": "Problem",
    "seeds": "Seeds",
    "rows": "Runs with results",
    "wall_seconds": "Wall time (s)",
    "model_seconds": "Model time (s)",
    "reason": "Why",
    "sweep": "Sweep",
    "metric": "Metric",
    "parameter": "Parameter",
    "n": "Runs",
    "mean": "Mean",
    "ci_low": "95% interval, low",
    "ci_high": "95% interval, high",
    "n_pairs": "Pairs",
    "baseline_mean": "Baseline mean",
    "diff": "Difference",
    "p_value": "p (Wilcoxon)",
    "d_z": "Effect size d_z",
    "p_holm": "p (Holm)",
    "rank": "Rank",
    "mu_star": "mu*",
    "mu_star_conf": "mu* 95% half-width",
    "sigma": "sigma",
    "S1_conf": "S1 95% half-width",
    "ST_conf": "ST 95% half-width",
    "cascade_share": "Share of runs with a cascade",
    "runs": "Runs",
}
"""Reader's names of the report's own table columns (metrics and parameters: :func:`name_of`)."""
NAMED_VALUES = ("metric", "parameter")
"""Table columns whose values are metric or parameter names."""


def name_of(column: str) -> str:
    """A reader's name of a column: the report's own, a metric's label, a parameter's meaning.

    Examples
    --------
    >>> name_of("ci_low"), name_of("active_share"), name_of("outreach.party_contacts")
    ('95% interval, low', 'Residents taking an active part', 'Outreach contacts per party member per day')
    >>> name_of("sweep.sample")
    'sweep: sample'
    """
    if column in COLUMNS:
        return COLUMNS[column]
    try:
        return label(column)
    except KeyError:
        pass
    try:
        text = param_label(column)
    except KeyError:
        return column.replace("_", " ").replace(".", ": ")
    return text[:1].upper() + text[1:]


def named(table: pd.DataFrame, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """``table`` with reader's names in its metric, parameter and scenario columns and for ``columns``.

    The other columns keep their names, which the figure functions read.
    """
    shown = table.copy()
    for column in NAMED_VALUES:
        if column in shown:
            shown[column] = shown[column].map(lambda v: name_of(str(v)))
    if "scenario" in shown:
        shown["scenario"] = shown["scenario"].map(lambda v: scenario_label(str(v)))
    return shown.rename(columns={c: name_of(c) for c in columns})


def for_reader(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with reader's names everywhere: columns, metrics, parameters and scenarios."""
    return named(table, tuple(table.columns))


@dataclass
class Report:
    """Sections of the report being built: titled blocks of text, tables and figures."""

    out: Path
    sections: list[render.Section] = field(default_factory=list)

    def add(
        self,
        title: str,
        text: str = "",
        table: pd.DataFrame | None = None,
        fig: Figure | None = None,
        name: str = "",
    ) -> None:
        """Append a section; a figure is saved as ``figures/<name>.png`` and embedded."""
        png = render.save_figure(fig, self.path("figures", f"{name}.png")) if fig is not None else None
        self.sections.append(render.Section(title, text, None if table is None else for_reader(table), png))

    def path(self, *parts: str) -> Path:
        """Where a file of the report goes: ``out/<parts>``, each part a file name, inside ``out``."""
        return inside(self.out, self.out.joinpath(*map(file_name, parts)))


def metric_columns(results: pd.DataFrame, params: list[str]) -> list[str]:
    """Numeric outcome columns of ``results`` (everything but ids, parameters and run identity)."""
    skip = {*NOT_METRICS, *params}
    return [
        c
        for c in results.columns
        if c not in skip
        and pd.api.types.is_numeric_dtype(results[c])
        and not pd.api.types.is_bool_dtype(results[c])
    ]


def varying(results: pd.DataFrame, params: list[str]) -> list[str]:
    """Parameters that take more than one value in ``results``."""
    return [p for p in params if p in results and results[p].nunique(dropna=False) > 1]


def add_status(rep: Report, coll: Collection, dirs: list[Path]) -> None:
    """Report what was read, what ran, and what is missing and why."""
    m = coll.manifests
    seeds = sorted({len(x["seeds"]) for x in m})
    lines = [
        f"Folders: {', '.join(str(d) for d in dirs)}.",
        f"Jobs planned: {len(coll.runs)}; runs with results: {len(coll.results)}; "
        f"runs missing: {len(coll.missing)}.",
        f"Seeds per job: {', '.join(map(str, seeds)) or 'unknown'}.",
        f"Model versions: {', '.join(sorted({str(x.get('version')) for x in m})) or 'unknown'}; git commits: "
        f"{', '.join(sorted({str(x.get('git_commit'))[:10] for x in m})) or 'unknown'}.",
    ]
    if coll.duplicates:
        lines.append(f"Duplicate runs dropped when merging folders: {coll.duplicates}.")
    rep.add("Runs", "\n".join(lines), coll.runs.round(3))
    if len(coll.missing):
        why = (
            coll.missing.groupby(["job", "reason"], dropna=False)["seed"]
            .apply(lambda s: ", ".join(str(int(x)) if pd.notna(x) else "?" for x in s))
            .reset_index(name="seeds")
        )
        rep.add(
            "Missing runs and why",
            "These runs have no valid result and are left out of every statistic.",
            why,
        )
    else:
        rep.add("Missing runs and why", "None: every planned run finished with valid outputs.")


def add_configs(rep: Report, coll: Collection, groups: list[str]) -> None:
    """List the parameter points compared (values of the swept parameters)."""
    if not groups:
        return
    points = coll.results[groups].drop_duplicates().sort_values(groups)
    rep.add(
        "Configurations compared",
        "Swept parameters and their values (each job's full configuration is in its folder as point.yaml).",
        points,
    )


def add_describe(
    rep: Report,
    coll: Collection,
    groups: list[str],
    metrics: list[str],
    shown: list[str],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Mean and 95% bootstrap interval of every metric per point (table of the headline metrics)."""
    table = describe(coll.results, groups or ["sweep"], metrics, rng)
    table.to_csv(rep.path("describe.csv"), index=False)
    runs = int(table["n"].min())
    few = (
        f"Warning: too few seeds for reliable intervals ({runs} runs per point).\n"
        if runs < FEW_SEEDS
        else ""
    )
    rep.add(
        "Means with 95% bootstrap intervals",
        f"{few}All metrics are in describe.csv; the headline metrics:",
        table[table["metric"].isin(shown)].round(4),
    )
    return table


@dataclass(frozen=True)
class Baseline:
    """What the report compares the other runs with: a scenario, or one value of a swept parameter.

    Attributes
    ----------
    key : str
        ``"scenario"``, or the dotted name of a swept parameter.
    value : str
        The scenario's name, or the parameter's value as written on the command line.
    """

    key: str
    value: str

    @classmethod
    def parse(cls, text: str) -> Baseline:
        """``KEY=VALUE`` (a value of a swept parameter) or a scenario name.

        Examples
        --------
        >>> Baseline.parse("outreach.party_contacts=0"), Baseline.parse("urban_baseline").key
        (Baseline(key='outreach.party_contacts', value='0'), 'scenario')
        """
        key, sep, value = text.partition("=")
        return cls(key.strip(), value.strip()) if sep else cls("scenario", text)

    def title(self) -> str:
        """The baseline in words, e.g. "urban baseline" or "outreach contacts ... = 0"."""
        if self.key == "scenario":
            return scenario_phrase(self.value)
        return f"{name_of(self.key).lower()} = {self.value}"


class BaselineError(ValueError):
    """A ``--baseline KEY=VALUE`` whose key is not swept or whose value the sweep does not have."""


def shown_value(value: object) -> str:
    """A parameter value as a reader writes it (``2.0`` as ``2``).

    Examples
    --------
    >>> shown_value(2.0), shown_value(0.25), shown_value("digital")
    ('2', '0.25', 'digital')
    """
    return f"{value:g}" if isinstance(value, float) else str(value)


def baseline_level(results: pd.DataFrame, groups: list[str], baseline: Baseline) -> object | None:
    """The value of ``baseline.key`` in ``results`` that the others are compared with.

    A scenario baseline that the sweep does not vary or hold gives ``None`` (no comparison section,
    the default for sweeps of parameters); a ``KEY=VALUE`` baseline must name a swept parameter and one
    of its values (numbers compare as numbers: ``0`` is ``0.0``).

    Raises
    ------
    BaselineError
        For a ``KEY=VALUE`` whose key is not swept or whose value is not one of its swept values.
    """
    if baseline.key == "scenario":
        found = "scenario" in groups and baseline.value in set(results["scenario"])
        return baseline.value if found else None
    if baseline.key not in groups:
        swept = ", ".join(groups) or "none"
        raise BaselineError(
            f"invalid key for --baseline: {baseline.key!r} (allowed: a scenario name, or KEY=VALUE with "
            f"KEY a swept parameter: {swept})"
        )
    levels = results[baseline.key].dropna().unique().tolist()
    levels.sort(key=lambda v: (0, float(v), "") if _is_number(v) else (1, 0.0, str(v)))  # numbers in order
    for level in levels:
        if baseline.value == str(level) or _same_number(baseline.value, level):
            return level
    raise BaselineError(
        f"invalid value for --baseline {baseline.key}: {baseline.value!r} (allowed: one of its swept "
        f"values: {', '.join(shown_value(v) for v in levels)})"
    )


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same_number(text: str, level: object) -> bool:
    if not _is_number(level):
        return False
    try:
        return float(text) == float(level)
    except ValueError:
        return False


def add_comparison(
    rep: Report,
    coll: Collection,
    groups: list[str],
    metrics: list[str],
    shown: list[str],
    baseline: Baseline,
    level: object,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Paired comparison of every other value of ``baseline.key`` with ``level``, and its forest plot.

    The runs are paired by seed within each combination of the other swept parameters; returns the
    comparisons (also written to ``comparisons.csv``).
    """
    res, key = coll.results, baseline.key
    others = [g for g in groups if g != key]
    parts = []
    for values, sub in res.groupby(others) if others else [((), res)]:
        comp = paired_vs_baseline(sub, key, level, metrics, rng)
        parts.append(
            comp.assign(**dict(zip(others, values if isinstance(values, tuple) else (values,), strict=False)))
        )
    comp = pd.concat(parts, ignore_index=True)
    comp.to_csv(rep.path("comparisons.csv"), index=False)
    what = "scenario" if key == "scenario" else "value"
    text = (
        f"Each {what} minus {baseline.title()}, paired by seed (common random numbers): "
        "mean difference, 95% bootstrap interval, Wilcoxon signed-rank p, Cohen's d_z, and Holm-adjusted p "
        "over all tests (all metrics in comparisons.csv)."
    )
    rep.add(
        f"Effects against {baseline.title()}",
        text,
        comp[comp["metric"].isin(shown)].round(4),
        figures.forest(named(comp, (key,)), name_of(key), [name_of(m) for m in shown]),
        "forest",
    )
    return comp


def add_dose_response(
    rep: Report,
    table: pd.DataFrame,
    comp: pd.DataFrame,
    groups: list[str],
    baseline: Baseline,
    level: object,
    metric: str,
) -> None:
    """The outcome against the swept parameter, and its paired effect against the baseline, with bands."""
    key = baseline.key
    if key == "scenario":
        return
    hue = next((g for g in groups if g != key), None)
    means = table[table["metric"] == metric]
    effects = comp[comp["metric"] == metric]
    text = (
        f"Left: {name_of(metric).lower()} against {name_of(key).lower()} (mean over seeds, 95% bootstrap "
        f"band). Right: its paired difference from {baseline.title()} (95% bootstrap band); the "
        "baseline itself is 0 by definition."
    )
    rep.add(
        f"Dose-response: {name_of(metric).lower()}",
        text,
        fig=figures.dose_response(
            named(means, (key,) + ((hue,) if hue else ())),
            named(effects, (key,) + ((hue,) if hue else ())),
            name_of(key),
            None if hue is None else name_of(hue),
            name_of(metric),
            level,
        ),
        name="dose_response",
    )


def add_timeseries(rep: Report, coll: Collection, groups: list[str], metric: str, seed: int) -> None:
    """Time series of the primary metric with confidence bands."""
    ts = load_timeseries(coll, [metric])
    hue = "scenario" if "scenario" in groups or not groups else groups[0]
    if ts.empty or metric not in ts or hue not in ts:
        return
    rep.add(
        "Time series",
        f"{name_of(metric)} per day: mean over seeds with a 95% bootstrap band.",
        fig=figures.timeseries(named(ts, (metric, hue)), name_of(metric), name_of(hue), seed),
        name="timeseries",
    )


def add_heatmap(rep: Report, table: pd.DataFrame, groups: list[str], metric: str) -> None:
    """Show a two-parameter grid (e.g. channels x outreach) as a heatmap of the primary metric."""
    if len(groups) != 2 or {DEGREE, THRESHOLD} == set(groups):
        return
    sub = table[table["metric"] == metric]
    rep.add(
        f"{name_of(groups[0])} x {name_of(groups[1])}",
        f"Mean of {name_of(metric).lower()} over the grid.",
        fig=figures.heatmap(
            named(sub, tuple(groups)), name_of(groups[0]), name_of(groups[1]), name_of(metric)
        ),
        name="heatmap",
    )


def add_docking(rep: Report, coll: Collection) -> None:
    """Share of runs with a global cascade vs mean degree, beside Watts' analytic window."""
    res = coll.results
    if not {DEGREE, THRESHOLD} <= set(res.columns) or "final_active_share" not in res:
        return
    cascades = (
        res.assign(cascade=res["final_active_share"] > figures.CASCADE_SHARE)
        .groupby([THRESHOLD, DEGREE])["cascade"]
        .agg(["mean", "size"])
        .rename(columns={"mean": "cascade_share", "size": "runs"})
        .reset_index()
    )
    phis = cascades[THRESHOLD].unique()
    focus = float(phis[np.argmin(np.abs(phis - DOCKING_PHI))])
    window = watts_window(focus)
    text = (
        f"Global cascade: more than {figures.CASCADE_SHARE:.0%} of residents active at the end. Analytic "
        f"window for phi = {focus:g} (Watts 2002, sum_k k(k-1) rho_k p_k = z on Poisson degrees): "
        f"z from {window[0]:.3f} to {window[1]:.3f}."
    )
    rep.add(
        "Docking: cascade window",
        text,
        cascades[np.isclose(cascades[THRESHOLD], focus)].round(3),
        figures.docking(cascades, DEGREE, THRESHOLD, focus, window),
        "docking",
    )


def add_sensitivity(rep: Report, coll: Collection, shown: list[str]) -> None:
    """Morris or Sobol indices of the headline metrics, if the sweep was a sensitivity design."""
    designed = [m for m in coll.manifests if (m.get("sensitivity") or {}).get("method", "none") != "none"]
    if not designed or "sweep.sample" not in coll.results:
        return
    # the design the folder ran last (a design grown in place keeps older manifests), and one result
    # per sample row also where integer rounding made two rows the same config
    spec = sensitivity.design_of(Path(designed[0]["folder"]), designed)
    means = sensitivity.per_sample(coll.results, designed).groupby("sweep.sample")[shown].mean()
    rows = int(max(m["params"].get("sweep.sample", -1) for m in coll.manifests)) + 1
    lost = sorted(set(range(rows)) - set(means.index.astype(int)))
    if lost:
        rep.add(
            "Sensitivity analysis", f"Not computed: sample rows {lost} have no result (see Missing runs)."
        )
        return
    for metric in shown:
        try:
            table = analyze(spec, means[metric].sort_index().to_numpy())
        except (ValueError, KeyError, TypeError) as err:
            rep.add("Sensitivity analysis", f"Not computed: the design in the manifests is unusable ({err}).")
            return
        table.to_csv(rep.path(f"sensitivity_{metric}.csv"), index=False)
        text = (
            f"{spec['method']} indices of {name_of(metric).lower()} (mean over seeds per sample row) with "
            "the half-widths of their 95% bootstrap intervals; rank 1 = most influential."
        )
        rep.add(
            f"Sensitivity of {name_of(metric).lower()}",
            text,
            table.round(4),
            figures.sensitivity(named(table), spec["method"], name_of(metric)),
            f"sensitivity_{metric}",
        )


def add_convergence(
    rep: Report, coll: Collection, groups: list[str], metric: str, rng: np.random.Generator
) -> None:
    """Width of the interval of the mean against the number of seeds, per point."""
    res = coll.results
    n = int(res.groupby(groups or ["sweep"]).size().min()) if len(res) else 0
    if n < 4 or res.groupby(groups or ["sweep"]).ngroups > 12:
        return
    counts = sorted({*range(2, n + 1, max(1, n // 10)), n})
    hue = groups[0] if groups else "sweep"
    widths = pd.concat(
        [
            ci_width_by_seeds(g.sort_values("seed")[metric].to_numpy(), counts, rng).assign(**{hue: k})
            for k, g in res.groupby(hue)
        ],
        ignore_index=True,
    )
    rep.add(
        "How many seeds are enough",
        "Width of the 95% interval of the mean of the first n seeds; choose n "
        "where it stops shrinking meaningfully (Lee et al. 2015).",
        fig=figures.convergence(named(widths, (hue,)), name_of(hue), name_of(metric)),
        name="convergence",
    )


def build(
    dirs: list[Path], out: Path, baseline: str | Baseline, metrics: list[str] | None, seed: int
) -> Path:
    """Collect ``dirs`` and write every table, figure and the report into ``out``; return report.html.

    The report is written into a new folder beside ``out`` and moved into place when complete
    (:func:`scenarios.outputs.write_folder_atomic`): an error leaves no half-written report, and a
    link at ``out`` is never followed. ``baseline`` is a scenario name or ``KEY=VALUE``
    (:meth:`Baseline.parse`).
    """
    coll = collect(dirs)
    if isinstance(baseline, str):
        baseline = Baseline.parse(baseline)
    write_folder_atomic(out, lambda folder: write_report(coll, dirs, folder, baseline, metrics, seed))
    return out / "report.html"


def write_report(
    coll: Collection, dirs: list[Path], out: Path, baseline: Baseline, metrics: list[str] | None, seed: int
) -> None:
    """Write the tables, figures and report of ``coll`` into the (new, empty) folder ``out``."""
    rng = np.random.default_rng(seed)
    write_atomic(out / RESULTS, lambda p: coll.results.to_parquet(p, index=False))
    write_atomic(out / RUNS, lambda p: coll.runs.to_parquet(p, index=False))
    coll.missing.to_csv(out / "missing.csv", index=False)
    rep = Report(out)
    add_status(rep, coll, dirs)
    if len(coll.results):
        groups = varying(coll.results, coll.params)
        all_metrics = metric_columns(coll.results, coll.params)
        shown = [m for m in (metrics or DEFAULT_METRICS) if m in all_metrics] or all_metrics[:1]
        level = baseline_level(coll.results, groups, baseline)
        add_configs(rep, coll, groups)
        table = add_describe(rep, coll, groups, all_metrics, shown, rng)
        if level is not None:
            comp = add_comparison(rep, coll, groups, all_metrics, shown, baseline, level, rng)
            add_dose_response(rep, table, comp, groups, baseline, level, shown[0])
        add_timeseries(rep, coll, groups, shown[0], seed)
        add_heatmap(rep, table, groups, shown[0])
        add_docking(rep, coll)
        add_sensitivity(rep, coll, shown)
        add_convergence(rep, coll, groups, shown[0], rng)
    title = f"cogov report: {', '.join(sorted({str(x.get('sweep')) for x in coll.manifests})) or 'no runs'}"
    render.write(rep.sections, title, out)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``cogov-report``."""
    parser = argparse.ArgumentParser(prog="cogov-report", description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path, help="multirun folders (merged)")
    parser.add_argument("-o", "--out", type=Path, help="output folder (default: DIR/report of the first DIR)")
    parser.add_argument(
        "--baseline",
        default="urban_baseline",
        help="what the others are compared with, paired by seed: a scenario (default: %(default)s), or "
        "KEY=VALUE, a value of a swept parameter (e.g. outreach.party_contacts=0), which adds a "
        "dose-response figure",
    )
    parser.add_argument(
        "--metrics",
        help="comma-separated headline metrics (default: %(default)s)",
        default=",".join(DEFAULT_METRICS),
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the bootstrap resampling")
    args = parser.parse_args(argv)
    missing = [str(d) for d in args.dirs if not d.is_dir()]
    if missing:
        _fail(f"not a folder: {', '.join(missing)}", EXIT_BAD_INPUT)
    out = args.out or args.dirs[0] / "report"
    if out.is_symlink():
        _fail(
            f"{out} is a link (allowed: a folder or a new path; a report is never written through a link)",
            EXIT_BAD_INPUT,
        )
    try:
        html = build(args.dirs, out, args.baseline, args.metrics.split(","), args.seed)
    except (SweepFolderError, ConfigError, BaselineError) as err:
        _fail(str(err), EXIT_BAD_INPUT)
    except OSError as err:
        _fail(f"cannot write the report: {err}", EXIT_IO)
    print(f"cogov-report: {html}")


def _fail(message: str, code: int) -> NoReturn:
    stop("cogov-report", " ".join(message.split()), code)  # one line, whatever a received file put into it


if __name__ == "__main__":
    main()
