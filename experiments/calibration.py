"""Calibration runs of docs/CALIBRATION.md: presets over seeds against published figures.

``python -m experiments.calibration --seeds 20`` runs every preset (except the docking preset) over
the same seeds (common random numbers), writes ``calibration.parquet`` (one row per run) and prints
the table of docs/CALIBRATION.md: mean and 95% interval over seeds of the calibrated metrics.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.load import load_config, presets
from sim.simulation import simulate

METRICS = (
    "org_membership_share",
    "top10_participation_share",
    "participation_gini",
    "active_share",
    "hoa_ever_formed",
    "disputes_grassroots_share",
    "disputes_settled_share",
    "risk_events_per_1000_households_year",
)


def run_one(scenario: str, seed: int, residents: int) -> dict[str, float]:
    """Run one preset and return its summary (the calibration outcomes are registered metrics)."""
    return simulate(load_config(scenario, [f"seed={seed}", f"community.residents={residents}"])).summary


def interval(values: pd.Series) -> str:
    """Mean and 2.5-97.5% percentile interval over seeds, as text."""
    v = values.dropna().to_numpy()
    if v.size == 0:
        return "n/a"
    lo, hi = np.percentile(v, [2.5, 97.5])
    return f"{v.mean():.3f} [{lo:.3f}, {hi:.3f}]"


def main(argv: list[str] | None = None) -> None:
    """Run the calibration presets and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--residents", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=Path("calibration.parquet"))
    args = ap.parse_args(argv)
    names = [p for p in presets() if p != "threshold_docking"]
    rows = [run_one(name, seed, args.residents) for name in names for seed in range(args.seeds)]
    table = pd.DataFrame(rows)
    table.to_parquet(args.out, index=False)
    print(markdown(table))


def markdown(table: pd.DataFrame) -> str:
    """Pipe table: one row per scenario, mean [95% interval] of each calibration metric."""
    summary = table.groupby("scenario")[list(METRICS)].agg(interval)
    lines = ["| scenario | " + " | ".join(METRICS) + " |", "|---" * (len(METRICS) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(row) + " |" for name, row in summary.iterrows()]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
