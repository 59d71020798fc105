"""Own channel, spill-over and what lasts (experiments.decompose), from a table of runs."""

import pandas as pd
import pytest

from experiments import decompose
from sim.simulation import simulate


def _table() -> pd.DataFrame:
    rows = []
    for seed in range(3):
        noise = seed / 1000
        rows.append(("forum", "baseline", seed, 0.010 + noise, 0.010 + noise, 0.001, 40.0))
        rows.append(("forum", "on", seed, 0.050 + noise, 0.020 + noise, 0.020, 60.0))
        rows.append(("forum", "stopped", seed, 0.015 + noise, 0.015 + noise, 0.002, 45.0))
    columns = ["scenario", "variant", "seed", "active_share", "active_share_outside_own"]
    table = pd.DataFrame(rows, columns=[*columns, "lasting_shift_share", "active_spell_median_days"])
    return table.assign(occasional_share=0.1, passive_share=0.85)


def test_split_effect_is_own_channel_plus_spill_over_and_lasts_is_the_stopped_run():
    row = decompose.split(_table()).iloc[0]
    assert row["effect"].diff == pytest.approx(0.040)
    assert row["own"].diff == pytest.approx(0.030) and row["spill"].diff == pytest.approx(0.010)
    assert row["own"].diff + row["spill"].diff == pytest.approx(row["effect"].diff)
    assert row["lasts"].diff == pytest.approx(0.005) and row["own_fraction"] == pytest.approx(0.75)


def test_split_strengthened_channel_the_baseline_runs_counts_only_the_change_as_own():
    table = _table()
    # the baseline already has 0.5 points active only through the forum (outside it: 0.5 points)
    base = table["variant"] == "baseline"
    table.loc[base, "active_share_outside_own"] -= 0.005
    row = decompose.split(table).iloc[0]
    assert row["own"].diff == pytest.approx(0.025) and row["spill"].diff == pytest.approx(0.015)
    assert row["own"].diff + row["spill"].diff == pytest.approx(row["effect"].diff)


def test_markdown_names_every_scenario_with_points_and_the_own_share():
    text = decompose.markdown(_table())
    assert "| urban_baseline | 1.10 |" in text and "| forum | 5.10 | +4.00 [" in text and "| 75% |" in text


@pytest.mark.parametrize(
    ("args", "says"), [(["--seeds", "1"], "'--seeds': 1"), (["rural"], "'presets': 'rural'")]
)
def test_bad_arguments_stop_with_one_line_before_any_run(args, says, capsys):
    with pytest.raises(SystemExit) as stop:
        decompose.main(args)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and says in err and err.count("\n") == 1


def test_runs_of_seed_share_one_burn_in_and_equal_runs_from_scratch():
    rows = decompose.runs_of_seed(("deliberation",), seed=1, residents=150)
    assert [(r["scenario"], r["variant"]) for r in rows] == [("deliberation", v) for v in decompose.VARIANTS]
    for row in rows:
        summary = simulate(decompose.config_of("deliberation", row["variant"], 1, 150)).summary
        forked, scratch = (pd.Series({c: d[c] for c in decompose.COLUMNS}) for d in (row, summary))
        assert forked.equals(scratch)  # to the last bit (NaN equal to NaN)
