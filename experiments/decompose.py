"""Own channel, spill-over and what lasts: how each intervention's effect on the active share splits.

``python -m experiments.decompose [PRESET ...] [--seeds N] [--residents R] [--jobs J] [-o FILE]`` runs
the baseline and every intervention preset for two years after the onset on paired seeds, and each
intervention once more with ``intervention_days`` = one year (its channels, outreach and institutions
stop after the first year). Over the second year it reports, per intervention (docs/PARTICIPATION.md):

- the **effect** on the active share (intervention minus baseline, paired by seed);
- its **own-channel** part: how much it changes the share active only through the channels it changes
  (``active_share`` − ``active_share_outside_own``, the regular attendees of those channels), against
  the same share in the baseline, where a strengthened channel already runs;
- its **spill-over**: ``active_share_outside_own`` against the baseline's share active outside the
  same channels (the baseline is run with ``own_channels`` set to them, which changes no dynamics);
- what **lasts** a year after the intervention stops (the stopped run minus the baseline);
- the lasting shift from passive to active and the median active spell.

:func:`split` is the analysis (it reads a table of runs only); :func:`runs` makes the table.
"""

from __future__ import annotations

import argparse
import math
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path

import pandas as pd

from experiments.analysis.brief import Effect, paired
from experiments.results.units import DAYS_PER_YEAR
from scenarios.errors import guarded
from scenarios.load import load_config
from scenarios.tables import pipe_table
from sim.params import Config, intervention_channels
from sim.simulation import simulate_many
from sim.validate import ConfigError

TOOL = "python -m experiments.decompose"
BASELINE = "urban_baseline"
INTERVENTIONS = (
    "digital_platform",
    "deliberation",
    "party_demonstration",
    "social_worker_programme",
    "org_cultivation",
    "grid_management",
    "proactive_service",
    "fengqiao",
)
COLUMNS = (
    "active_share",
    "active_share_outside_own",
    "lasting_shift_share",
    "active_spell_median_days",
    "occasional_share",
    "passive_share",
)
"""Summary columns a run contributes to the table."""


VARIANTS = ("baseline", "on", "stopped")
"""Per intervention: its baseline measured outside its channels, it running, and it stopped after a year."""


def config_of(scenario: str, variant: str, seed: int, residents: int) -> Config:
    """The run of ``scenario``'s ``variant``: two years after the onset, measured over the second.

    ``stopped`` ends the interventions after the first year; ``baseline`` runs the baseline instead,
    measured outside ``scenario``'s channels.
    """
    overrides = [
        f"community.residents={residents}",
        f"steps={2 * DAYS_PER_YEAR}",
        f"measure_from={DAYS_PER_YEAR}",
        f"seed={seed}",
    ]
    preset = scenario
    if variant == "stopped":
        overrides.append(f"intervention_days={DAYS_PER_YEAR}")
    if variant == "baseline":
        preset = BASELINE
        overrides.append(f"own_channels={'+'.join(sorted(intervention_channels(load_config(scenario))))}")
    return load_config(preset, overrides)


def runs_of_seed(presets: tuple[str, ...], seed: int, residents: int) -> list[dict[str, float | str | int]]:
    """Every variant of every preset on ``seed``: they share the baseline's burn-in, which runs once."""
    plan = [(p, v) for p in presets for v in VARIANTS]
    results = simulate_many([config_of(p, v, seed, residents) for p, v in plan])
    return [
        {"scenario": p, "variant": v, "seed": seed, **{c: r.summary[c] for c in COLUMNS}}
        for (p, v), r in zip(plan, results, strict=True)
    ]


def runs(presets: tuple[str, ...], seeds: int, residents: int, jobs: int) -> pd.DataFrame:
    """The table of runs: each preset's baseline, the preset on and stopped, on seeds ``0 .. seeds-1``."""
    with ProcessPoolExecutor(jobs) as pool:
        by_seed = pool.map(runs_of_seed, repeat(presets), range(seeds), repeat(residents))
        return pd.DataFrame([row for rows in by_seed for row in rows])


def _series(table: pd.DataFrame, scenario: str, variant: str, column: str) -> pd.Series:
    rows = table[(table["scenario"] == scenario) & (table["variant"] == variant)]
    return rows.set_index("seed")[column]


def split(table: pd.DataFrame) -> pd.DataFrame:
    """Effect, own-channel part, spill-over and what lasts for every intervention of ``table``.

    Each is a paired :class:`~experiments.analysis.brief.Effect` over seeds (in shares). The own-channel part
    and the spill-over add up to the effect; ``own_fraction`` is the own-channel part over the effect.

    Examples
    --------
    A channel the baseline already runs (1 point active only through it), strengthened to 3 points:

    >>> rows = [("x", "baseline", s, 0.02, 0.01) for s in (0, 1)] + [
    ...     ("x", "on", s, 0.05 + s / 100, 0.02 + s / 100) for s in (0, 1)] + [
    ...     ("x", "stopped", s, 0.03, 0.02) for s in (0, 1)]
    >>> columns = ["scenario", "variant", "seed", "active_share", "active_share_outside_own"]
    >>> out = split(pd.DataFrame(rows, columns=columns)).iloc[0]
    >>> [round(out[k].diff, 3) for k in ("effect", "own", "spill", "lasts")]
    [0.035, 0.02, 0.015, 0.01]
    """
    out = []
    for scenario in dict.fromkeys(table["scenario"]):
        base = _series(table, scenario, "baseline", "active_share")
        base_outside = _series(table, scenario, "baseline", "active_share_outside_own")
        on = _series(table, scenario, "on", "active_share")
        outside = _series(table, scenario, "on", "active_share_outside_own")
        effect, spill = paired(base, on), paired(base_outside, outside)
        out.append(
            {
                "scenario": scenario,
                "effect": effect,
                "own": paired(base - base_outside, on - outside),
                "spill": spill,
                "lasts": paired(base, _series(table, scenario, "stopped", "active_share")),
                "own_fraction": (effect.diff - spill.diff) / effect.diff if effect.diff else math.nan,
            }
        )
    return pd.DataFrame(out)


def _points(e: Effect) -> str:
    return f"{100 * e.diff:+.2f} [{100 * e.low:+.2f}, {100 * e.high:+.2f}]"


def markdown(table: pd.DataFrame) -> str:
    """The decomposition as a Markdown table (points of the active share, 95% paired intervals)."""
    parts = split(table)
    means = table[table["variant"] == "on"].groupby("scenario", sort=False)[list(COLUMNS)].mean()
    base = table[table["variant"] == "baseline"]
    base = base[base["scenario"] == base["scenario"].iloc[0]][list(COLUMNS)].mean()
    header = [
        "scenario",
        "active %",
        "effect",
        "own channel",
        "spill-over",
        "own share of effect",
        "lasts a year after stopping",
        "lasting shift %",
        "median active spell (days)",
    ]
    rows = [
        [BASELINE, f"{100 * base['active_share']:.2f}", *[""] * 5]
        + [f"{100 * base['lasting_shift_share']:.2f}", f"{base['active_spell_median_days']:.0f}"]
    ]
    for r in parts.itertuples():
        m = means.loc[r.scenario]
        rows.append(
            [
                r.scenario,
                f"{100 * m['active_share']:.2f}",
                *map(_points, (r.effect, r.own, r.spill)),
                f"{100 * r.own_fraction:.0f}%",
                _points(r.lasts),
                f"{100 * m['lasting_shift_share']:.2f}",
                f"{m['active_spell_median_days']:.0f}",
            ]
        )
    return pipe_table(header, rows) + "\n"


def check(args: argparse.Namespace) -> None:
    """Refuse presets it does not know and sizes that cannot give a paired interval (one line, exit 2)."""
    unknown = sorted(set(args.presets) - set(INTERVENTIONS))
    if unknown:
        raise ConfigError("presets", unknown[0], f"one of {', '.join(INTERVENTIONS)}")
    for key, low in (("seeds", 2), ("residents", 100), ("jobs", 1)):
        if getattr(args, key) < low:
            raise ConfigError(f"--{key}", getattr(args, key), f"at least {low}")


def main(argv: list[str] | None = None) -> None:
    """Run the decomposition and print (or write) its table."""
    p = argparse.ArgumentParser(prog=TOOL, description=__doc__.splitlines()[0])
    p.add_argument("presets", nargs="*", default=list(INTERVENTIONS), help="intervention presets (all)")
    p.add_argument("--seeds", type=int, default=4, help="paired seeds (at least 2)")
    p.add_argument("--residents", type=int, default=3000)
    p.add_argument("--jobs", type=int, default=2, help="processes")
    p.add_argument("-o", "--out", type=Path, help="write the runs to FILE.parquet and the table to FILE.md")
    args = p.parse_args(argv)
    guarded(TOOL, lambda: check(args))
    table = runs(tuple(args.presets), args.seeds, args.residents, args.jobs)
    text = markdown(table)
    if args.out:
        table.to_parquet(args.out.with_suffix(".parquet"))
        args.out.with_suffix(".md").write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
