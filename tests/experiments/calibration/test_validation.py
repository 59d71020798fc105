"""Held-out validation and effects under parameter uncertainty (experiments.calibration.validation)."""

import numpy as np
import pandas as pd
import pytest

from experiments.calibration.validation import describe, heldout, load_spec, paired, points, rates, tidy


def made_up_runs():
    """Two draws x two seeds: clustered ties engage 0.10 more than random ones; committees on 3 of 4."""
    rows = []
    for draw in ("d000", "d001"):
        for seed in (0, 1):
            base = 0.8 - 0.01 * seed
            rows.append(
                {
                    "name": f"{draw}_urban_baseline",
                    "seed": seed,
                    "passive_share": base,
                    "hoa_formed": float(seed or draw == "d000"),
                }
            )
            rows.append(
                {"name": f"{draw}_random_ties", "seed": seed, "passive_share": base + 0.10, "hoa_formed": 0.0}
            )
    return tidy(pd.DataFrame(rows))


def test_paired_differences_pair_by_draw_and_seed():
    diff = paired(made_up_runs(), "urban_baseline", "random_ties", "engaged_share")
    assert diff == pytest.approx([0.10] * 4)
    assert describe(diff)["mean"] == pytest.approx(0.10) and describe(diff)["n"] == 4


def test_heldout_reports_whether_the_published_direction_holds():
    spec = {
        "comparisons": {
            "centola": {
                "a": "urban_baseline",
                "b": "random_ties",
                "statistic": "engaged_share",
                "expect": "positive",
                "source": "s",
            },
            "reverse": {
                "a": "random_ties",
                "b": "urban_baseline",
                "statistic": "engaged_share",
                "expect": "positive",
                "source": "s",
            },
        }
    }
    table = heldout(made_up_runs(), spec).set_index("comparison")
    assert table.loc["centola", "as_published"] and not table.loc["reverse", "as_published"]


def test_formation_rate_is_the_share_of_compounds_with_a_committee_with_a_wilson_interval():
    spec = {"rates": {"r": {"variant": "urban_baseline", "low": 0.2, "high": 0.3, "source": "s"}}}
    row = rates(made_up_runs(), spec).iloc[0]
    assert row["measured"] == 0.75 and row["n"] == 4
    assert row["ci_low"] < 0.75 < row["ci_high"] and not np.isnan(row["ci_low"])


def test_every_draw_runs_every_variant_and_every_intervention_preset():
    spec = load_spec()
    draws = [{"participation.b0": -7.0}, {"participation.b0": -6.0}]
    pts = points(spec, draws)
    names = {p.name for p in pts}
    assert {"d000_random_ties", "d001_fengqiao", "d001_urban_baseline"} <= names
    assert "d000_threshold_docking" not in names and len(names) == len(pts)  # the baseline runs once
    assert all(p.values["participation.b0"] == -6.0 for p in pts if p.name.startswith("d001"))
