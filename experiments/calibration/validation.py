"""Held-out validation and intervention effects under parameter uncertainty, from posterior draws.

``python -m experiments.calibration.validation [--size full|tiny] [--out FOLDER] [--posterior FOLDER]
[sweep args]`` draws parameter sets from the calibrated posterior
(:func:`experiments.calibration.posterior.draw`) and runs, for each draw and seed, the variants of
``configs/calibration/validation.yaml`` and every scenario preset as one resumable sweep
(:mod:`experiments.sweep.batch`). It reports

- the held-out comparisons (paired by draw and seed; none is in the fit's distance): mean difference
  and the 2.5-97.5% percentiles over draws x seeds, with the published direction;
- the held-out homeowners' committee formation rates (share of compounds, i.e. draws x seeds, with a
  committee on most days of the window), with a 95% Wilson interval, against the published rates;
- each preset's effect against ``urban_baseline`` on the active and engaged shares, paired by draw and
  seed: the interval covers what we do not know about the fitted coefficients as well as the seed.

Tables go to ``heldout.csv``, ``rates.csv``, ``effects.csv`` and ``validation.md`` in the posterior folder.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from omegaconf import OmegaConf
from scipy.stats import binomtest

from experiments.calibration import posterior
from experiments.calibration.calibrate import TOOL, load_size, run_overrides
from experiments.calibration.patterns import STATISTICS
from experiments.sweep import batch
from scenarios.errors import guarded
from scenarios.load import config_dir, presets
from scenarios.tables import pipe_table

BASELINE = "urban_baseline"
EXCLUDED_PRESETS = ("threshold_docking",)
"""Presets that are not interventions (docking tests)."""


def engaged_share(row: Mapping[str, Any]) -> float:
    """Share of residents active or occasional (1 - passive)."""
    return 1.0 - float(row["passive_share"])


VALIDATION_STATISTICS: dict[str, Callable[[Mapping[str, Any]], float]] = {
    **STATISTICS,
    "engaged_share": engaged_share,
}
"""Statistics a comparison may name: the fit's and the engaged share."""


def load_spec(path: Path | None = None) -> dict[str, Any]:
    """``configs/calibration/validation.yaml`` as a plain mapping."""
    spec = OmegaConf.to_container(OmegaConf.load(path or config_dir() / "calibration" / "validation.yaml"))
    assert isinstance(spec, dict)
    return {str(k): v for k, v in spec.items()}


def points(spec: dict[str, Any], draws: list[dict[str, float]]) -> list[batch.Point]:
    """Every variant and every intervention preset, once per draw (names ``d<k>_<variant>``)."""
    variants = {name: (v["preset"], v["values"] or {}) for name, v in spec["variants"].items()}
    variants.update({p: (p, {}) for p in presets() if p not in EXCLUDED_PRESETS and p not in variants})
    return [
        batch.Point(f"d{k:03d}_{name}", preset, {**draw, **values})
        for k, draw in enumerate(draws)
        for name, (preset, values) in variants.items()
    ]


def tidy(runs: pd.DataFrame) -> pd.DataFrame:
    """Runs with ``draw`` and ``variant`` columns parsed from the point names."""
    parts = runs["name"].str.split("_", n=1, expand=True)
    return runs.assign(draw=parts[0], variant=parts[1])


def paired(runs: pd.DataFrame, a: str, b: str, statistic: str) -> np.ndarray:
    """``statistic`` of variant ``a`` minus that of ``b``, paired by draw and seed."""
    f = VALIDATION_STATISTICS[statistic]
    values = runs.assign(value=[f(row) for _, row in runs.iterrows()])
    table = values.pivot_table(index=["draw", "seed"], columns="variant", values="value")
    return (table[a] - table[b]).dropna().to_numpy()


def describe(diff: np.ndarray) -> dict[str, float]:
    """Mean, 2.5% and 97.5% percentiles and count of paired differences."""
    lo, hi = np.percentile(diff, [2.5, 97.5]) if diff.size else (np.nan, np.nan)
    return {
        "mean": float(diff.mean()) if diff.size else np.nan,
        "p025": float(lo),
        "p975": float(hi),
        "n": diff.size,
    }


def heldout(runs: pd.DataFrame, spec: dict[str, Any]) -> pd.DataFrame:
    """The held-out comparisons: paired differences and whether their mean has the published sign."""
    rows = []
    for name, c in spec["comparisons"].items():
        d = describe(paired(runs, c["a"], c["b"], c["statistic"]))
        sign = 1 if c["expect"] == "positive" else -1
        rows.append({"comparison": name, **c, **d, "as_published": bool(sign * d["mean"] > 0)})
    return pd.DataFrame(rows)


def rates(runs: pd.DataFrame, spec: dict[str, Any]) -> pd.DataFrame:
    """Formation rates: share of compounds with a committee on most days, 95% Wilson interval."""
    rows = []
    for name, r in spec["rates"].items():
        formed = (runs.loc[runs["variant"] == r["variant"], "hoa_formed"] > 0.5).to_numpy()
        ci = binomtest(int(formed.sum()), formed.size).proportion_ci(method="wilson") if formed.size else None
        lo, hi = (ci.low, ci.high) if ci else (np.nan, np.nan)
        rate = float(formed.mean()) if formed.size else np.nan
        inside = bool(r["low"] <= rate <= r["high"]) or bool(lo <= r["high"] and hi >= r["low"])
        rows.append(
            {
                "rate": name,
                **r,
                "measured": rate,
                "ci_low": lo,
                "ci_high": hi,
                "n": formed.size,
                "consistent": inside,
            }
        )
    return pd.DataFrame(rows)


def effects(runs: pd.DataFrame) -> pd.DataFrame:
    """Each preset against the baseline: paired differences of the active and engaged shares."""
    rows = []
    for preset in sorted(p for p in presets() if p not in (*EXCLUDED_PRESETS, BASELINE)):
        for statistic in ("active_share", "engaged_share"):
            rows.append(
                {
                    "preset": preset,
                    "statistic": statistic,
                    **describe(paired(runs, preset, BASELINE, statistic)),
                }
            )
    return pd.DataFrame(rows)


def markdown(held: pd.DataFrame, rate: pd.DataFrame, effect: pd.DataFrame) -> str:
    """The three tables as Markdown."""
    held_rows = (
        [
            r.comparison,
            f"`{r.statistic}`",
            f"{r.mean:+.3f}",
            f"[{r.p025:+.3f}, {r.p975:+.3f}]",
            f"{r.expect} ({r.source})",
            "yes" if r.as_published else "no",
        ]
        for r in held.itertuples()
    )
    rate_rows = (
        [
            r.rate,
            r.variant,
            f"{r.measured:.0%} (n = {r.n})",
            f"[{r.ci_low:.0%}, {r.ci_high:.0%}]",
            f"{r.low:.1%}-{r.high:.1%}",
            "yes" if r.consistent else "no",
        ]
        for r in rate.itertuples()
    )
    effect_rows = (
        [
            r.preset,
            f"`{r.statistic}`",
            f"{r.mean * 100:+.2f} pp",
            f"[{r.p025 * 100:+.2f}, {r.p975 * 100:+.2f}]",
        ]
        for r in effect.itertuples()
    )
    tables = [
        pipe_table(
            ["held-out comparison", "statistic", "mean difference", "95% of draws x seeds", "published"]
            + ["as published"],
            held_rows,
        ),
        pipe_table(
            ["formation rate", "variant", "measured", "95% interval", "published", "consistent"], rate_rows
        ),
        pipe_table(["preset", "statistic", "effect vs urban_baseline", "95% of draws x seeds"], effect_rows),
    ]
    return "\n\n".join(tables) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Run the held-out validation and the effects under parameter uncertainty."""
    ap = argparse.ArgumentParser(
        prog="python -m experiments.calibration.validation", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--size", default="full", help="a size of configs/calibration/sizes.yaml")
    ap.add_argument("--out", type=Path, default=Path("multirun/validation"), help="folder of the sweep")
    ap.add_argument("--posterior", type=Path, default=None, help="posterior folder (configs/posterior)")
    ap.add_argument("sweep_args", nargs="*", help="further cogov-sweep arguments (launcher, ...)")
    args = ap.parse_args(argv)
    size = guarded(TOOL, lambda: load_size(args.size))
    folder = args.posterior or posterior.default_path().parent
    spec = load_spec()
    draws = posterior.draw(int(spec["draws"]), seed=int(size["seed"]), path=folder / "particles.csv")
    runs = tidy(
        batch.run(points(spec, draws), args.out, spec["seeds"], [*run_overrides(size), *args.sweep_args])
    )
    held, rate, effect = heldout(runs, spec), rates(runs, spec), effects(runs)
    for name, table in (("heldout", held), ("rates", rate), ("effects", effect)):
        table.to_csv(folder / f"{name}.csv", index=False)
    text = markdown(held, rate, effect)
    (folder / "validation.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
