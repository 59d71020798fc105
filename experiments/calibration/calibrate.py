"""``cogov-calibrate``: pattern-oriented ABC-SMC calibration, every generation run as resumable sweeps.

``cogov-calibrate [--size full|tiny] [--out FOLDER] [--posterior FOLDER] [sweep arguments ...]``
fits the parameters of ``configs/calibration/priors.yaml`` to the patterns of
``configs/calibration/patterns.yaml`` (:mod:`experiments.calibration.patterns`) with pyabc's ABC-SMC maths in
batches (:mod:`experiments.calibration.abc`). Each batch of candidates runs as one ``cogov-sweep``
(:mod:`experiments.sweep.batch`): every candidate on every preset the patterns name, with the same model
seeds (common random numbers within the batch; ``seeds`` of the size), in ``FOLDER/g<t>_b<b>/``.
Running the same command again skips the finished runs, so an interrupted calibration resumes.
Further arguments go to every sweep, e.g. a launcher:
``cogov-calibrate hydra/launcher=local_joblib hydra.launcher.n_jobs=1``.

Writes the posterior (:mod:`experiments.calibration.posterior`: ``particles.csv``, ``summary.csv``,
``summary.md``), the fit per pattern (``fit.csv``, ``fit.md``) and the generations
(``generations.csv``) into the posterior folder (default ``configs/posterior``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from omegaconf import OmegaConf

from experiments.analysis import stats
from experiments.calibration import patterns, posterior
from experiments.sweep import batch, precheck
from scenarios.errors import EXIT_FAILED_JOBS, fail, guarded, stop
from scenarios.extras import require
from scenarios.folders import check_output_dir
from scenarios.load import config_dir
from scenarios.tables import pipe_table
from sim.params import model_value
from sim.validate import ConfigError

if TYPE_CHECKING:  # pyabc (the ``calibrate`` extra) is imported only by a fit, not by --check
    from experiments.calibration import abc

TOOL = "cogov-calibrate"
POSTERIOR_BYTES = 1 << 20
"""Room the posterior files take at most (particles, summary, generations)."""
SIZE_KEYS = ("residents", "burn_in", "steps", "measure_from")
"""Keys of a size that set every run (the others set the SMC)."""


def load_size(name: str) -> dict[str, Any]:
    """A size of ``configs/calibration/sizes.yaml``.

    Raises
    ------
    ConfigError
        For a size the file does not have.
    """
    sizes = OmegaConf.to_container(OmegaConf.load(config_dir() / "calibration" / "sizes.yaml"))
    assert isinstance(sizes, dict)
    if name not in sizes:
        raise ConfigError("--size", name, ", ".join(map(str, sizes)))
    return dict(sizes[name])


def run_overrides(size: dict[str, Any]) -> list[str]:
    """Sweep overrides that set every run's size and window.

    Examples
    --------
    >>> run_overrides({"residents": 200, "burn_in": 60, "steps": 60, "measure_from": 30})
    ['community.residents=200', 'burn_in=60', 'steps=60', 'measure_from=30']
    """
    keys = {
        "residents": "community.residents",
        "burn_in": "burn_in",
        "steps": "steps",
        "measure_from": "measure_from",
    }
    return [f"{keys[k]}={size[k]}" for k in SIZE_KEYS]


def batch_seeds(root: int, t: int, b: int, n: int) -> list[int]:
    """Model seeds of batch ``b`` of generation ``t`` (every candidate of the batch runs all ``n``).

    Examples
    --------
    >>> batch_seeds(0, 2, 1, 3)
    [201, 10201, 20201]
    """
    return [root + 10_000 * k + 100 * t + b for k in range(n)]


def evaluator(
    fit: list[patterns.Pattern],
    out: Path,
    size: dict[str, Any],
    sweep_args: Sequence[str],
    replay: bool = False,
) -> abc.Evaluator:
    """Run a batch of candidates on every preset as one sweep; score them against the patterns.

    With ``replay`` a batch whose folder already holds every run of these very candidates is read as
    it is (:func:`experiments.sweep.batch.finished`): continuing a fit with more generations replays its
    earlier generations in seconds instead of relaunching their sweeps.
    """
    presets = patterns.presets(fit)

    def evaluate(t: int, b: int, candidates: pd.DataFrame) -> pd.DataFrame:
        names = [f"c{i:03d}" for i in range(len(candidates))]
        points = [
            batch.Point(name, preset, {k: model_value(k, v) for k, v in row.items()})
            for name, (_, row) in zip(names, candidates.iterrows(), strict=True)
            for preset in presets
        ]
        seeds, folder = batch_seeds(int(size["seed"]), t, b, int(size["seeds"])), out / f"g{t}_b{b}"
        runs = batch.finished(points, folder, seeds) if replay else None
        if runs is None:
            runs = batch.run(points, folder, seeds, [*run_overrides(size), *sweep_args])
        scores = patterns.distances(fit, runs).reindex(names)
        scores[patterns.DISTANCE] = scores[patterns.DISTANCE].fillna(np.inf)
        return scores.reset_index(drop=True)

    return evaluate


def fit_table(fit: list[patterns.Pattern], particles: pd.DataFrame) -> pd.DataFrame:
    """Per pattern: its band, weighted median and 90% / 95% intervals of its statistic, weight inside."""
    w = particles[posterior.WEIGHT].to_numpy()
    rows = []
    for p in fit:
        values = particles[p.name].to_numpy(dtype=float)
        ok = ~np.isnan(values)
        wk = w[ok] / w[ok].sum() if ok.any() else w[ok]
        q = posterior.weighted_quantiles(values[ok], wk, posterior.QUANTILES) if ok.any() else [np.nan] * 5
        inside = float(w[(values >= p.low) & (values <= p.high)].sum())
        rows.append([p.name, p.preset, p.statistic, p.low, p.high, *q, inside])
    columns = [
        "pattern",
        "preset",
        "statistic",
        "low",
        "high",
        "q025",
        "q05",
        "median",
        "q95",
        "q975",
        "inside",
    ]
    return pd.DataFrame(rows, columns=columns)


def pattern_markdown(
    table: pd.DataFrame, value: str, low: str, high: str, share: str, heads: tuple[str, str, str]
) -> str:
    """A pipe table of patterns: band, the columns ``value`` and ``[low, high]``, the share ``share``.

    ``heads`` names those three columns.
    """
    rows = (
        [r["pattern"], r["preset"], f"`{r['statistic']}`", f"[{r['low']:g}, {r['high']:g}]"]
        + [f"{r[value]:.3f}", f"[{r[low]:.3f}, {r[high]:.3f}]", f"{r[share]:.0%}"]
        for _, r in table.iterrows()
    )
    return pipe_table(["pattern", "preset", "statistic", "target", *heads], rows) + "\n"


def fit_markdown(table: pd.DataFrame) -> str:
    """The fit per pattern as a pipe table."""
    return pattern_markdown(
        table, "median", "q025", "q975", "inside", ("median", "95% interval", "weight inside")
    )


def generations_table(generations: list[abc.Generation], runs_per_candidate: int) -> pd.DataFrame:
    """One row per generation: epsilon, candidates, accepted, model runs, ESS, median distance.

    A candidate makes ``runs_per_candidate`` model runs (every preset on every seed).
    """
    return pd.DataFrame(
        [
            {
                "generation": g.t,
                "epsilon": g.epsilon,
                "candidates": g.candidates,
                "accepted": len(g.particles),
                "model_runs": g.candidates * runs_per_candidate,
                "ess": g.ess,
                "median_distance": float(g.particles[patterns.DISTANCE].median()),
            }
            for g in generations
        ]
    )


def calibrate(
    size: dict[str, Any], out: Path, folder: Path, sweep_args: Sequence[str] = (), replay: bool = False
) -> tuple[list[abc.Generation], pd.DataFrame]:
    """Run the calibration and write the posterior folder; return the generations and the fit table."""
    from experiments.calibration import abc

    fit = patterns.load()
    prior = abc.load_prior()
    settings = abc.Settings(
        int(size["population"]),
        int(size["batch"]),
        int(size["max_batches"]),
        int(size["generations"]),
        float(size["alpha"]),
        float(size["scaling"]),
        bool(size["weighted"]),
    )
    evaluate = evaluator(fit, out, size, sweep_args, replay)
    generations = abc.run(prior, evaluate, settings, int(size["seed"]))
    final = generations[-1].particles
    posterior.write(final[[*prior, posterior.WEIGHT]], folder)
    table = fit_table(fit, final)
    table.to_csv(folder / "fit.csv", index=False)
    (folder / "fit.md").write_text(fit_markdown(table), encoding="utf-8")
    runs_per_candidate = len(patterns.presets(fit)) * int(size["seeds"])
    generations_table(generations, runs_per_candidate).to_csv(folder / "generations.csv", index=False)
    return generations, table


def check(size: dict[str, Any], seeds: int, out: Path, sweep_args: Sequence[str] = ()) -> pd.DataFrame:
    """Where the model's defaults land on every pattern: one sweep of the presets over ``seeds`` seeds.

    Returns
    -------
    pandas.DataFrame
        Per pattern: its band, the statistic's mean over seeds with a 95% bootstrap interval
        (:func:`experiments.analysis.stats.bootstrap_mean_ci`), the share of seeds inside the band and whether
        the mean is inside it.
    """
    fit = patterns.load()
    points = [batch.Point("defaults", preset) for preset in patterns.presets(fit)]
    runs = batch.run(points, out / "check", list(range(seeds)), [*run_overrides(size), *sweep_args])
    rng = np.random.default_rng(int(size["seed"]))
    rows = []
    for p in fit:
        table = runs[runs["preset"] == p.preset]
        values = np.array([patterns.STATISTICS[p.statistic](row) for _, row in table.iterrows()])
        low, high = stats.bootstrap_mean_ci(values, rng)
        inside = (values >= p.low) & (values <= p.high)
        mean = float(values.mean())
        rows.append([p.name, p.preset, p.statistic, p.low, p.high, mean, low[0], high[0], inside.mean()])
    columns = ["pattern", "preset", "statistic", "low", "high", "mean", "ci_low", "ci_high", "seeds_inside"]
    table = pd.DataFrame(rows, columns=columns)
    return table.assign(inside=(table["mean"] >= table["low"]) & (table["mean"] <= table["high"]))


def check_markdown(table: pd.DataFrame, seeds: int) -> str:
    """The check as a pipe table."""
    heads = (f"mean of {seeds} seeds", "95% interval", "seeds inside")
    return pattern_markdown(table, "mean", "ci_low", "ci_high", "seeds_inside", heads)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``cogov-calibrate``."""
    ap = argparse.ArgumentParser(prog=TOOL, description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="full", help="a size of configs/calibration/sizes.yaml")
    ap.add_argument("--out", type=Path, default=Path("multirun/calibration"), help="folder of the sweeps")
    ap.add_argument("--posterior", type=Path, default=None, help="posterior folder (configs/posterior)")
    ap.add_argument(
        "--check",
        type=int,
        metavar="SEEDS",
        default=0,
        help="do not fit: run the defaults on SEEDS seeds and report where each pattern lands",
    )
    ap.add_argument("--residents", type=int, default=0, help="residents of every run (default: the size's)")
    ap.add_argument("--generations", type=int, default=0, help="generations of the fit (default: the size's)")
    ap.add_argument(
        "--replay",
        action="store_true",
        help="read finished batches as they are, without relaunching their sweeps or checking the model "
        "version that ran them (to continue a fit with more generations)",
    )
    ap.add_argument("sweep_args", nargs="*", help="further cogov-sweep arguments (launcher, ...)")
    args = ap.parse_args(argv)
    size = guarded(TOOL, lambda: load_size(args.size))
    for flag, value in (
        ("--check", args.check),
        ("--residents", args.residents),
        ("--generations", args.generations),
    ):
        if value < 0:
            fail(TOOL, ConfigError(flag, value, "a positive whole number"))
    size.update({k: v for k, v in (("residents", args.residents), ("generations", args.generations)) if v})
    line = ["-m", *run_overrides(size), *args.sweep_args, f"hydra.sweep.dir={args.out}"]
    guarded(TOOL, lambda: precheck.prepare(line))  # bad sweep arguments: one line, exit 2, nothing run
    folder = args.posterior or posterior.default_path().parent
    if not args.check:
        guarded(TOOL, lambda: require("pyabc", "--check", "not given: a fit"))
        guarded(TOOL, lambda: check_output_dir(folder, "--posterior", POSTERIOR_BYTES, fresh=False))
    tic = time.perf_counter()
    try:
        if args.check:
            landed = check(size, args.check, args.out, args.sweep_args)
            landed.to_csv(args.out / "check" / "check.csv", index=False)
            print(check_markdown(landed, args.check))
            return
        generations, table = calibrate(size, args.out, folder, args.sweep_args, args.replay)
    except batch.BatchError as err:
        stop(TOOL, str(err), EXIT_FAILED_JOBS)
    runs = sum(g.candidates for g in generations) * len(table["preset"].unique()) * int(size["seeds"])
    print(f"{TOOL}: {runs} model runs in {time.perf_counter() - tic:.0f} s; posterior in {folder}")
    from experiments.calibration import abc

    print(
        posterior.markdown(
            posterior.summarise(generations[-1].particles[[*abc.load_prior(), posterior.WEIGHT]])
        )
    )
    print(fit_markdown(table))


if __name__ == "__main__":
    main()
