import pandas as pd

from experiments.calibration import METRICS, markdown, run_one


def test_run_one_adds_calibration_outcomes_within_unit_interval():
    row = run_one("urban_baseline", seed=0, residents=300)
    assert set(METRICS) <= set(row)
    assert row["hoa_ever_formed"] in (0.0, 1.0)
    assert 0.0 <= row["org_membership_share"] <= 1.0


def test_markdown_one_row_per_scenario_with_mean_and_interval():
    table = pd.DataFrame([{"scenario": s, **{m: float(i) for m in METRICS}} for s in "ab" for i in range(3)])
    lines = markdown(table).splitlines()
    assert len(lines) == 4 and lines[2].startswith("| a | 1.000 [0.050, 1.950]")
