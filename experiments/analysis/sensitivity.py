"""Global sensitivity analysis with SALib: the indices of a finished design, read from its sweep folder.

The design and its sample matrix are :mod:`experiments.design.sampling`'s (a pure function of the
spec), regenerated here to analyse the outcomes of its rows.

Run as ``python -m experiments.analysis.sensitivity SWEEP_DIR``, it analyses a finished design: the
indices of each outcome for each seed (every row ran the same seeds: common random numbers) and for
the mean over the seeds, written to ``SWEEP_DIR/sensitivity_indices.csv`` (docs/SENSITIVITY.md).

SALib (the ``sweep`` extra) is imported only when a design is analysed, so that the tools that
import this module start on the base install.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.design.sampling import METHODS, check_spec, n_samples, problem, sample
from experiments.results.collect import INDICES_TABLE, SweepFolderError, collect, sweep_config
from scenarios.errors import guarded
from scenarios.outputs import write_atomic
from sim.validate import ConfigError

OUTCOMES = ("active_share", "disputes_grassroots_share")
"""Outcomes analysed by default: the active share and the share of disputes settled at the grassroots."""
MEAN = "mean"
"""The ``seed`` label of the indices of the mean over seeds."""


def analyze(spec: dict[str, Any], y: np.ndarray) -> pd.DataFrame:
    """Sensitivity indices of outcome ``y`` (one value per sample row, in row order), ranked.

    Returns
    -------
    pandas.DataFrame
        One row per parameter: Morris ``mu_star``, ``mu_star_conf``, ``sigma``; or Sobol ``S1``,
        ``S1_conf``, ``ST``, ``ST_conf`` (half-widths of 95% bootstrap intervals), and ``rank``
        (1 = most influential, by mu* or ST).
    """
    check_spec(spec)
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze

    prob = problem(spec)
    y = np.asarray(y, dtype=float)
    seed = int(spec["seed"])
    if spec["method"] == "morris":
        res = morris_analyze.analyze(prob, sample(spec), y, num_levels=int(spec["levels"]), seed=seed)
        out = pd.DataFrame({k: np.asarray(res[k], dtype=float) for k in ("mu_star", "mu_star_conf", "sigma")})
        key = "mu_star"
    else:
        res = sobol_analyze.analyze(prob, y, calc_second_order=False, seed=seed)
        out = pd.DataFrame({k: np.asarray(res[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")})
        key = "ST"
    out.insert(0, "parameter", prob["names"])
    out["rank"] = out[key].rank(ascending=False, method="min").astype(int)
    return out.sort_values("rank").reset_index(drop=True)


def outcome_rows(results: pd.DataFrame, outcome: str, rows: int) -> pd.DataFrame:
    """One row per sample row (in order), one column per seed: the values of ``outcome``.

    Raises
    ------
    sim.ConfigError
        When the outcome is not a column, or a sample row lacks a seed's value (a run missing or NaN).
    """
    if outcome not in results.columns:
        raise ConfigError("outcome", outcome, "a summary metric of the runs")
    table = results.pivot_table(
        index="sweep.sample", columns="seed", values=outcome, aggfunc="mean", dropna=False
    )
    table = table.reindex(range(rows))
    lost = table.index[table.isna().any(axis=1)].tolist()
    if lost:
        shown = ", ".join(map(str, lost[:10])) + (" ..." if len(lost) > 10 else "")
        raise ConfigError(outcome, f"rows {shown}", "a value for every sample row and seed (missing or NaN)")
    return table


def indices(
    spec: dict[str, Any], results: pd.DataFrame, outcomes: tuple[str, ...] = OUTCOMES
) -> pd.DataFrame:
    """Indices of each outcome for each seed and for the mean over seeds (``seed`` = :data:`MEAN`).

    Parameters
    ----------
    spec : dict
        The sensitivity design (as in the jobs' manifests).
    results : pandas.DataFrame
        One row per run: ``sweep.sample``, ``seed`` and the outcomes (``experiments.results.collect``).
    outcomes : tuple of str
        Summary metrics to analyse.

    Returns
    -------
    pandas.DataFrame
        :func:`analyze`'s columns with ``outcome`` and ``seed`` in front.
    """
    rows = n_samples(spec)
    tables = []
    for outcome in outcomes:
        y = outcome_rows(results, outcome, rows)
        columns = {**{str(seed): y[seed] for seed in y.columns}, MEAN: y.mean(axis=1)}
        for label, values in columns.items():
            table = analyze(spec, values.to_numpy())
            tables.append(table.assign(outcome=outcome, seed=label))
    out = pd.concat(tables, ignore_index=True)
    return out[["outcome", "seed", *(c for c in out.columns if c not in ("outcome", "seed"))]]


def per_sample(results: pd.DataFrame, manifests: list[dict[str, Any]]) -> pd.DataFrame:
    """One result row per sample row and seed, also for rows whose config equals another row's.

    Integer parameters are rounded, so two rows of a design can be the same config (a Sobol row whose
    resampled column rounds to the same whole number): :func:`experiments.results.collect.collect` keeps one
    result per config and seed, and each sample row takes it back through its job's ``config_hash``.
    """
    jobs = pd.DataFrame(
        [
            {"sweep.sample": int(m["params"]["sweep.sample"]), "config_hash": m["config_hash"]}
            for m in manifests
            if "sweep.sample" in (m.get("params") or {}) and m.get("config_hash")
        ],
        columns=["sweep.sample", "config_hash"],
    ).drop_duplicates("sweep.sample")
    runs = results.drop(columns="sweep.sample").drop_duplicates(["config_hash", "seed"])
    return jobs.merge(runs, on="config_hash")


def design_of(folder: Path, manifests: list[dict[str, Any]]) -> dict[str, Any]:
    """The design a sweep folder ran last: Hydra's ``multirun.yaml`` there, else the first job's manifest.

    A design grown in place (more Morris trajectories or a larger Sobol base: the smaller design's rows
    come first, so the sweep resumes them) keeps the older jobs' manifests; the folder's sweep config
    is the newest. It is read as plain data (:func:`experiments.results.collect.sweep_config`).

    Raises
    ------
    experiments.results.collect.SweepFolderError
        If ``multirun.yaml`` is not plain data.
    """
    spec = sweep_config(folder).get("sensitivity")
    if isinstance(spec, dict):
        return spec
    return next((dict(m["sensitivity"]) for m in manifests if m.get("sensitivity")), {})


def analyse_folder(folder: Path, outcomes: tuple[str, ...]) -> pd.DataFrame:
    """Analyse the design run in sweep folder ``folder``; write :data:`INDICES_TABLE` into it.

    Raises
    ------
    sim.ConfigError
        When the folder is not a finished sensitivity design.
    """
    try:
        coll = collect([folder])
    except SweepFolderError as err:
        raise ConfigError("sweep_dir", str(folder), f"a sweep folder ({err})") from None
    spec = design_of(folder, coll.manifests)
    if spec.get("method") not in METHODS or "sweep.sample" not in coll.results:
        raise ConfigError("sweep_dir", str(folder), "the folder of a Morris or Sobol design")
    table = indices(spec, per_sample(coll.results, coll.manifests), outcomes)
    write_atomic(folder / INDICES_TABLE, lambda p: table.to_csv(p, index=False))
    return table


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m experiments.analysis.sensitivity SWEEP_DIR [--outcomes ...]``."""
    cli = argparse.ArgumentParser(
        prog="python -m experiments.analysis.sensitivity", description="Analyse a finished design."
    )
    cli.add_argument("sweep_dir", type=Path)
    cli.add_argument("--outcomes", nargs="+", default=list(OUTCOMES))
    args = cli.parse_args(argv)
    table = guarded("sensitivity", lambda: analyse_folder(args.sweep_dir, tuple(args.outcomes)))
    with pd.option_context("display.max_rows", None, "display.width", 200):
        print(table[table["seed"] == MEAN].round(4).to_string(index=False))


if __name__ == "__main__":
    main()
