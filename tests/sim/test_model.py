import itertools
import json
import math
import subprocess
import sys

import mesa
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import sim
from agents import Resident
from agents.institutions import HomeownersCommittee, ResidentsCommittee, SocialOrganisation
from scenarios.load import presets
from sim.model import CHANNEL_AXIS, burn_in_of, mechanisms_of
from sim.state import AWARENESS_CUTS


def _run(cfg: sim.Config) -> pd.DataFrame:
    model = sim.CommunityModel(cfg)
    model.run()
    return model.timeseries()


def test_timeseries_one_row_per_step_from_initial_state(small_urban):
    ts = _run(small_urban)
    assert ts["step"].tolist() == list(range(61))
    assert {"participation_gini", "top10_participation_share", "mean_trust", "trust_committee"} <= set(ts)


def test_timeseries_level_and_awareness_shares_match_the_residents_state(small_urban):
    model = sim.CommunityModel(small_urban)
    model.run()
    row, s, p = model.timeseries().iloc[-1], model.state, small_urban.participation
    counts, acts = s.window_count, s.acts
    sustained = (acts.recent > 0) & (acts.older > 0) & (acts.recent + acts.older >= p.active_acts)
    assert row["active_share"] == pytest.approx(np.mean(sustained))
    assert row["passive_share"] == pytest.approx(np.mean((counts < p.occasional_min) & ~sustained))
    assert row["occasional_share"] > 0 and row["passive_share"] > 0  # the baseline has both
    low, high = AWARENESS_CUTS
    assert row["awareness_individual_share"] == pytest.approx(np.mean(s.awareness < low))
    assert row["awareness_community_share"] == pytest.approx(np.mean(s.awareness >= high))


def test_timeseries_daily_participations_are_the_sum_over_channels(small_urban):
    ts = _run(small_urban)
    channels = [c for c in ts if c.startswith("participations_")]
    assert len(channels) == len(CHANNEL_AXIS)
    assert (ts[channels].sum(axis=1) == ts["participations"]).all()
    assert ts["participations"].iloc[1:].sum() > 0


def test_model_same_seed_bit_identical_timeseries(small_urban):
    pd.testing.assert_frame_equal(_run(small_urban), _run(small_urban), check_exact=True)


def test_model_different_seeds_differ(small_urban):
    other = sim.load_config("urban_baseline", ["community.residents=400", "steps=60", "seed=1"])
    assert not _run(small_urban).equals(_run(other))


def test_model_fresh_process_bit_identical(small_urban, tmp_path):
    code = (
        "import sim; m = sim.CommunityModel(sim.load_config('urban_baseline', "
        "['community.residents=400', 'steps=60'])); m.run(); "
        f"m.timeseries().to_parquet(r'{tmp_path / 'ts.parquet'}')"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "ts.parquet"), _run(small_urban), check_exact=True
    )


def test_model_residents_are_mesa_agents_reading_the_arrays(small_urban):
    model = sim.CommunityModel(small_urban)
    model.run(20)
    registered = model.agent_id_counter  # Mesa numbers the agents it registers
    assert len(model.residents) == 400 and model.agent_id_counter == registered + 400  # built on first use
    agent = model.residents[7]
    assert agent.participation_level == ("passive", "occasional", "active")[model.state.level[7]]
    assert agent.awareness == model.state.awareness[7]
    assert agent.owner != agent.tenant
    assert agent.trust("committee") == model.state.trust[0, 7]


def test_model_space_places_each_resident_on_its_network_node(small_urban):
    model = sim.CommunityModel(small_urban)
    space = model.space
    agent = model.residents[11]
    assert agent.cell is space[11]
    neighbours = {a.index for c in agent.cell.neighborhood for a in c.agents}
    assert neighbours == set(model.network.adjacency[[11]].indices.tolist())


def test_model_keyword_values_override_the_config(small_urban):
    model = sim.CommunityModel(small_urban, **{"community.residents": 123, "seed": 9})
    assert model.cfg.community.residents == 123 and len(model.residents) == 123
    assert model.summary()["seed"] == 9


def test_model_rng_is_mesas_name_for_the_seed_bit_identical_timeseries(small_urban):
    models = [sim.CommunityModel(small_urban, **given) for given in ({"seed": 3}, {"rng": 3})]
    models.append(sim.CommunityModel(small_urban, rng=np.int64(3)))
    for model in models:
        model.run(20)
    by_seed, *by_rng = models
    for model in by_rng:
        assert model.summary()["seed"] == 3
        pd.testing.assert_frame_equal(model.timeseries(), by_seed.timeseries(), check_exact=True)


def test_model_rng_and_seed_together_is_one_clear_error(small_urban):
    with pytest.raises(sim.ConfigError, match=r"^invalid value for 'rng': 1 \(allowed: either rng or seed,"):
        sim.CommunityModel(small_urban, rng=1, seed=2)


@pytest.mark.parametrize(
    "rng", [np.random.default_rng(1), np.random.SeedSequence(1), -1, 2**63, True, 2.0, [1, 2]]
)
def test_model_rng_not_an_integer_seed_is_one_clear_error(rng):
    with pytest.raises(sim.ConfigError, match=r"^invalid value for 'rng': .*allowed: an integer 0 to") as err:
        sim.CommunityModel(rng=rng)
    assert "\n" not in str(err.value)


def test_model_agents_by_type_and_select_give_each_kind_of_agent():
    model = sim.CommunityModel(sim.load_config("fengqiao", ["community.residents=400", "burn_in=0"]))
    organisations = model.institutions.organisations.count
    assert organisations > 0
    assert len(model.agents_by_type[Resident]) == 400
    assert len(model.agents.select(agent_type=Resident)) == 400
    assert len(model.agents_by_type[SocialOrganisation]) == organisations
    assert len(model.agents.select(agent_type=ResidentsCommittee)) == 1
    assert set(model.agent_types) == {Resident, SocialOrganisation, ResidentsCommittee, HomeownersCommittee}
    assert len(model.agents) == 400 + organisations + 2
    assert model.agents_by_type[Resident][7] is model.residents[7]


def test_mesa_batch_run_final_step_is_simulates_for_the_same_seeds(start_method):
    cfg = sim.load_config("fengqiao")
    rows = mesa.batch_run(
        sim.CommunityModel,
        parameters={"cfg": cfg, "community.residents": [300, 400]},
        rng=[1, 2],
        max_steps=15,
        number_processes=1,
        display_progress=False,
    )
    runs = [(row["community.residents"], row["rng"], row["Step"]) for row in rows]
    assert runs == [(300, 1, 15), (400, 1, 15), (300, 2, 15), (400, 2, 15)]
    for (residents, seed, _), row in zip(runs, rows, strict=True):
        cogov_way = sim.simulate(cfg, steps=15, seed=seed, **{"community.residents": residents})
        final = cogov_way.timeseries.iloc[-1]
        mesa_way = pd.Series({column: row[column] for column in final.index}, dtype=float)
        pd.testing.assert_series_equal(mesa_way, final.astype(float), check_names=False, check_exact=True)
    assert any(row["occasional_share"] > 0 for row in rows)


def test_model_logit_initial_active_seeds_are_active_at_step_zero():
    cfg = sim.load_config(
        "urban_baseline", ["community.residents=500", "participation.initial_active=50", "burn_in=0"]
    )
    assert sim.CommunityModel(cfg).timeseries()["active_share"].iloc[0] == pytest.approx(0.1)


def test_model_summary_measures_the_window_means_of_states_totals_of_counts(small_urban):
    model = sim.CommunityModel(small_urban)
    model.run()
    s, ts = model.summary(), model.timeseries()
    assert {"seed", "scenario", "steps", "residents", "version"} <= set(s)
    assert s["steps"] == 60 and s["scenario"] == "urban_baseline"
    window = ts[ts.step > 0]  # measure_from = 0: every day after the onset
    assert s["occasional_share"] == pytest.approx(window["occasional_share"].mean())  # a state: its mean
    assert s["participations_group_chat"] == window["participations_group_chat"].sum()  # a count: the total
    answered, dropped = window["requests_answered"].sum(), window["requests_dropped"].sum()
    assert s["requests_answered_share"] == pytest.approx(answered / (answered + dropped))  # ratio of totals
    assert s["final_active_share"] == ts["active_share"].iloc[-1]  # the one last-day value, by name


def test_model_summary_measure_from_excludes_the_days_before(small_urban):
    late = sim.CommunityModel(small_urban, measure_from=40)
    late.run()
    ts = late.timeseries()
    assert late.summary()["occasional_share"] == pytest.approx(
        ts.loc[ts.step > 40, "occasional_share"].mean()
    )


def test_urban_baseline_same_few_speak_top10_make_most_participations():
    cfg = sim.load_config("urban_baseline", ["community.residents=2000", "steps=365"])
    s = _run(cfg).iloc[-1]
    assert s["top10_participation_share"] > 0.5
    assert s["participation_gini"] > 0.6
    assert s["passive_share"] > 0.6


def _late_active(
    scenario: str, seeds: range, size: tuple[str, ...] = ("community.residents=1500", "steps=180")
):
    out = []
    for seed in seeds:
        cfg = sim.load_config(scenario, [*size, f"seed={seed}"])
        out.append(_run(cfg)["active_share"].iloc[-30:].mean())
    return np.array(out)


FAST = ("community.residents=800", "steps=150")


@pytest.fixture(scope="module")
def baseline_active_fast() -> np.ndarray:
    return _late_active("urban_baseline", range(3), FAST)


@pytest.mark.parametrize("scenario", ["deliberation", "party_demonstration"])
def test_intervention_fast_raises_active_share_on_every_seed(scenario, baseline_active_fast):
    # the fast version of the paired ensemble below: smaller, shorter, and the effect on every seed
    assert (_late_active(scenario, range(3), FAST) > baseline_active_fast).all()


@pytest.fixture(scope="module")
def baseline_active() -> np.ndarray:
    return _late_active("urban_baseline", range(8))


def test_digital_platform_use_is_service_and_never_counts_towards_active():
    # the platform's own uses are service use: its own-channel part of the active share is zero
    cfg = sim.load_config("digital_platform", [*FAST, "seed=0"])
    summary = sim.simulate(cfg).summary
    assert summary["participations_mobile_platform"] > 0 and summary["mode_share_service"] > 0.05
    assert summary["active_share_outside_own"] == summary["active_share"]


# the platform is service use and raises no active share (test above; its claims are in test_claims.py)
@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["deliberation", "party_demonstration", "social_worker_programme"])
def test_intervention_raises_active_share_against_baseline_paired_by_seed(scenario, baseline_active):
    treated = _late_active(scenario, range(8))
    assert stats.ttest_rel(treated, baseline_active, alternative="greater").pvalue < 0.01


def test_model_summary_round_trips_through_json_unchanged(small_urban):
    # summaries are written as JSON (scenarios.outputs) and joined into tables: plain numbers travel
    model = sim.CommunityModel(small_urban)
    model.run(5)
    summary = model.summary()
    restored = json.loads(json.dumps(summary))
    assert restored.keys() == summary.keys()
    for key, value in summary.items():
        same = restored[key] == value or (
            isinstance(value, float) and math.isnan(value) and math.isnan(restored[key])
        )
        assert same, key


# ------------------------------------------------------------------ what a run computes and records
def _docking(residents: int = 2000, *overrides: str) -> sim.Config:
    return sim.load_config("threshold_docking", [f"community.residents={residents}", "steps=40", *overrides])


def test_cascade_run_records_the_levels_and_their_group_shares_only():
    result = sim.simulate(_docking())
    levels = {"active_share", "occasional_share", "passive_share", "initially_passive_active_share"}
    by_group = {c for c in result.timeseries if c.split("_share_")[0] in ("active", "occasional", "passive")}
    assert len(by_group) == 27
    assert set(result.timeseries) == {"step", *levels, *by_group}
    assert {"final_active_share", "active_share"} <= set(result.summary)
    assert not any(
        k.startswith(("sense_", "requests_", "staff_hours", "participation")) for k in result.summary
    )


def test_logit_run_records_every_registered_metric(small_urban):
    model = sim.CommunityModel(small_urban)
    model.run(3)
    everything = sim.metrics.measure(model, sim.metrics.METRICS)
    assert set(everything) <= set(model.timeseries())
    assert set(sim.metrics.FINAL_METRICS) <= set(model._finals)


def test_cascade_run_leaves_out_only_metrics_that_nothing_in_it_moves():
    # every metric a docking run does not record would have stayed at its onset value: measured anyway
    model = sim.CommunityModel(_docking(1500))
    left_out = {n: fn for n, fn in sim.metrics.METRICS.items() if n not in model._series}
    onset = sim.metrics.measure(model, left_out)
    exposure = {"household_days", "resident_days"}  # units times days since the onset: a clock, not an event
    for _ in range(30):
        model.step()
        now = sim.metrics.measure(model, left_out)
        moved = [k for k in onset if k not in exposure and not _same(onset[k], now[k])]
        assert moved == [], moved
    assert model.state.adopted.sum() > 100  # a cascade did happen meanwhile


def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def test_threshold_rule_with_services_records_what_they_move_and_the_senses_still_relax():
    cfg = sim.load_config(
        "urban_baseline", ["community.residents=600", "steps=30", "participation.rule=threshold"]
    )
    model = sim.CommunityModel(cfg)
    assert model.mechanisms == {"participation", "requests", "disputes", "organisations", "workers"}
    belonging = model.senses.belonging.copy()
    model.run()
    ts = model.timeseries()
    assert {"requests_answered", "disputes_raised", "sense_gain_owner", "mean_trust", "staff_hours"} <= set(
        ts
    )
    assert not {"participations", "participation_gini", "awareness_community_share"} & set(ts)
    assert ts["requests_raised"].sum() > 0
    assert not np.array_equal(model.senses.belonging, belonging)  # relaxing towards the level-based target


def test_mechanisms_of_the_threshold_rule_include_what_the_burn_in_baseline_has():
    # the docking preset's institutions are off, but a burn-in runs under the default ones
    assert sim.model.mechanisms_of(_docking()) == {"participation"}
    assert "organisations" in sim.model.mechanisms_of(_docking(2000, "burn_in=10"))


# ------------------------------------------------------------------ construct, lasting shift, own channel
def test_intervention_days_stops_the_scenarios_channels_after_that_day():
    cfg = sim.load_config("deliberation", [*FAST, "seed=0", "intervention_days=60"])
    ts = sim.simulate(cfg).timeseries
    assert ts.loc[ts["step"] <= 60, "participations_forum"].sum() > 0
    assert ts.loc[ts["step"] > 60, "participations_forum"].sum() == 0  # the baseline has no forum


def test_intervention_days_not_before_the_end_of_the_run_is_a_clear_error():
    with pytest.raises(sim.ConfigError, match="intervention_days"):
        sim.CommunityModel(sim.load_config("deliberation", [*FAST, "intervention_days=150"]))


def test_active_share_outside_own_channels_is_the_active_share_in_the_baseline_only():
    base = sim.simulate(sim.load_config("urban_baseline", [*FAST, "seed=1"])).summary
    forum = sim.simulate(sim.load_config("deliberation", [*FAST, "seed=1"])).summary
    assert base["active_share_outside_own"] == base["active_share"]
    assert forum["active_share_outside_own"] < forum["active_share"]  # the forum's regulars are its own


def test_own_channels_set_on_the_baseline_changes_only_what_is_counted_outside_them():
    base = sim.simulate(sim.load_config("urban_baseline", [*FAST, "seed=1"])).summary
    outside = sim.simulate(
        sim.load_config("urban_baseline", [*FAST, "seed=1", "own_channels=volunteer+org_activity"])
    ).summary
    assert outside["active_share_outside_own"] < base["active_share_outside_own"]
    same = [k for k in base if k != "active_share_outside_own"]
    assert [outside[k] for k in same] == pytest.approx([base[k] for k in same], nan_ok=True)


def test_own_channels_unknown_name_is_a_clear_error():
    with pytest.raises(sim.ConfigError, match="own_channels.*names joined by \\+ among phone"):
        sim.CommunityModel(sim.load_config("urban_baseline", [*FAST, "own_channels=forum+chat"]))


def test_lasting_shift_counts_initially_passive_residents_active_on_most_days():
    model = sim.CommunityModel(sim.load_config("deliberation", [*FAST, "seed=4"]))
    model.run()
    days = model.day - model.cfg.measure_from
    was_passive = np.ones(model.state.n, dtype=bool)
    was_passive[model.initially_engaged] = False
    expected = np.mean(model.spells.active_days[was_passive] * 2 > days)
    summary = model.summary()
    assert summary["lasting_shift_share"] == pytest.approx(expected) and expected > 0
    assert summary["ever_active_share"] >= summary["active_share"] > 0


def test_messages_notices_calls_and_service_use_alone_make_nobody_active_in_a_community():
    # every co-governance channel off: chat, notices, phone, office and the 24-hour platform every day
    off = [
        "channels.homeowners_meeting.enabled=false",
        "channels.volunteer.enabled=false",
        "channels.election.enabled=false",
        "channels.mobile_platform.enabled=true",
        "institutions.organisations.per_1000=0",
        "institutions.committee.hoa_mobilisation=0",
        "burn_in=0",
    ]
    ts = sim.simulate(sim.load_config("urban_baseline", [*FAST, "seed=3", *off])).timeseries
    assert ts["participations_group_chat"].sum() > 1000 and ts["participations_mobile_platform"].sum() > 100
    assert (ts["active_share"] == 0).all() and ts["occasional_share"].max() > 0.02


@pytest.mark.parametrize("rule", ["logit", "threshold"])
def test_burn_in_of_equal_presets_have_equal_mechanisms(rule):
    cfgs = [sim.load_config(name, [f"participation.rule={rule}"]) for name in presets()]
    for cfg, other in itertools.combinations(cfgs, 2):
        if burn_in_of(cfg) == burn_in_of(other):
            assert mechanisms_of(cfg) == mechanisms_of(other), (cfg.scenario, other.scenario)


def test_model_onset_false_started_bit_identical_to_built_started(small_urban):
    burnt = sim.CommunityModel(small_urban, onset=False)
    assert (burnt.started, burnt.day) == (False, 0)
    burnt.start()
    burnt.run()
    assert _run(small_urban).equals(burnt.timeseries())
    with pytest.raises(RuntimeError, match="started already"):
        burnt.start()
