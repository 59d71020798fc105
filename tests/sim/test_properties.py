"""Invariants of whole-model runs under random valid parameters (hypothesis).

Parameters are drawn inside the ranges declared in :mod:`sim.params` (field metadata), so a new
bound there changes what is tested here. Communities are small (150-300 residents) and runs short.
"""

import math
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.mechanisms.disputes import LEVELS
from sim.params import CHANNEL_NAMES, Config, locate
from sim.state import AWARENESS_CUTS

SCENARIOS = ("urban_baseline", "fengqiao", "grid_management", "digital_platform", "rural")
DRAWN = (
    "participation.b0",
    "participation.b_aware",
    "participation.trust_gain",
    "participation.trust_loss",
    "services.sense_step",
    "services.sense_relax",
    "services.risk_security_loss",
    "services.dispute_rate",
    "services.dispute_growth",
    "services.need_rate",
    "channels.phone.reach",
    "channels.forum.reach",
    "channels.group_chat.reach",
    "channels.homeowners_meeting.reach",
    "institutions.organisations.credibility_gain",
    "institutions.organisations.credibility_loss",
    "institutions.committee.vote_b0",
    "outreach.party_contacts",
)
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _bounds(key: str) -> tuple[float, float]:
    _, f = locate(Config(), key)
    return f.metadata["lo"], f.metadata["hi"]


def _value(key: str) -> st.SearchStrategy:
    lo, hi = _bounds(key)
    return st.floats(lo, hi, allow_nan=False)


@st.composite
def configs(draw) -> sim.Config:
    """A valid small config: a preset, then random values of :data:`DRAWN` in their declared ranges."""
    scenario = draw(st.sampled_from(SCENARIOS))
    values = {key: draw(_value(key)) for key in DRAWN}
    values.update(
        {
            "community.residents": draw(st.integers(150, 300)),
            "seed": draw(st.integers(0, 2**32 - 1)),
            "participation.occasional_min": draw(st.integers(1, 3)),
            "participation.active_acts": draw(st.integers(2, 4)),
            "participation.window": draw(st.integers(5, 30)),
            "participation.governance_window": draw(st.integers(4, 60)),
            "participation.initial_active": 0,
            "burn_in": draw(st.integers(0, 40)),  # a short spin-up keeps the property runs fast
            # an assembly inside the run, so the founding-assembly slot is exercised
            "institutions.committee.hoa_attempt_offset": draw(st.integers(0, 20)),
            "institutions.committee.hoa_attempt_period": draw(st.integers(5, 30)),
        }
    )
    return sim.CommunityModel(_preset(scenario), **values).cfg  # validated


@cache
def _preset(scenario: str) -> sim.Config:
    return sim.load_config(scenario, [])


def _in_unit(x: np.ndarray) -> bool:
    return bool(np.isfinite(x).all() and (x >= 0.0).all() and (x <= 1.0).all())


@SETTINGS
@given(cfg=configs(), steps=st.integers(30, 60))
def test_model_random_valid_parameters_trust_awareness_senses_stay_in_unit_interval(cfg, steps):
    model = sim.CommunityModel(cfg)
    for _ in range(steps):
        model.step()
        s, senses = model.state, model.senses
        assert _in_unit(s.trust) and _in_unit(s.awareness) and _in_unit(s.exposure)
        assert _in_unit(senses.gain) and _in_unit(senses.security) and _in_unit(senses.belonging)
        assert _in_unit(model.institutions.organisations.credibility)
    ts = model.timeseries()
    for col in ("sense_gain", "sense_security", "sense_belonging", "sense_happiness", "mean_trust"):
        assert ts[col].between(0.0, 1.0).all(), col


@SETTINGS
@given(cfg=configs(), steps=st.integers(30, 60))
def test_model_random_valid_parameters_channel_participations_sum_to_the_daily_total(cfg, steps):
    model = sim.CommunityModel(cfg)
    model.run(steps)
    ts = model.timeseries()
    by_channel = ts[[f"participations_{name}" for name in model.state.channel_names]].sum(axis=1)
    assert (by_channel == ts["participations"]).all()
    assert model.state.channel_names[len(CHANNEL_NAMES) :] == ("org_activity", "founding_assembly")
    # every participation of the run is in some resident's total
    assert ts["participations"].sum() == model.state.total.sum()


@SETTINGS
@given(cfg=configs(), steps=st.integers(30, 60))
def test_model_random_valid_parameters_level_shares_agree_with_window_counts(cfg, steps):
    model = sim.CommunityModel(cfg)
    p = model.cfg.participation
    expected, points = [], []
    for _ in range(steps):
        model.step()
        points.append(model.state.points_today.astype(np.int64))
        c, acts = model.state.window_count, model.state.acts
        active = (acts.recent > 0) & (acts.older > 0) & (acts.recent + acts.older >= p.active_acts)
        expected.append(
            (np.mean(active), np.mean((c >= p.occasional_min) & ~active), np.mean((c == 0) & ~active))
        )
        assert (c == model.state.window.sum(axis=0)).all()
    ts = model.timeseries().iloc[1:]
    active, occasional, zero = np.array(expected).T
    assert ts["active_share"].to_numpy() == pytest.approx(active)
    assert ts["occasional_share"].to_numpy() == pytest.approx(occasional)
    if p.occasional_min == 1:
        assert ts["passive_share"].to_numpy() == pytest.approx(zero)
    # the window holds exactly the engagement points of the last `window` days
    assert (model.state.window_count == np.sum(points[-p.window :], axis=0)).all()


@SETTINGS
@given(cfg=configs(), steps=st.integers(30, 60))
def test_model_random_valid_parameters_dispute_and_request_accounts_balance(cfg, steps):
    model = sim.CommunityModel(cfg)
    disputes_open, requests_pending = model.disputes.open, model.requests.resident.size  # at the onset
    model.run(steps)
    d, r = model.disputes, model.requests
    assert disputes_open + d.raised == d.settled.sum() + d.risk_events + d.open
    assert requests_pending + r.raised_by_hour.sum() == (
        r.answered_by_hour.sum() + r.dropped_by_hour.sum() + r.resident.size
    )
    assert r.answered_by.sum() == r.answered_by_hour.sum()
    summary = model.summary()  # counts are totals over the measurement window: here, the whole run
    assert [summary[f"disputes_settled_{name}"] for name in LEVELS] == d.settled.tolist()
    ended = d.settled.sum() + d.risk_events
    if ended:
        assert summary["disputes_settled_share"] == pytest.approx(d.settled.sum() / ended)
    else:
        assert math.isnan(summary["disputes_settled_share"])


@SETTINGS
@given(cfg=configs())
def test_model_random_valid_parameters_awareness_shares_agree_with_the_cuts(cfg):
    model = sim.CommunityModel(cfg)
    model.run(30)
    a = model.state.awareness
    row = model.timeseries().iloc[-1]
    low, high = AWARENESS_CUTS
    assert row["awareness_individual_share"] == pytest.approx(np.mean(a < low))
    assert row["awareness_collective_share"] == pytest.approx(np.mean((a >= low) & (a < high)))
    assert row["awareness_community_share"] == pytest.approx(np.mean(a >= high))
    assert row["mean_awareness"] == pytest.approx(a.mean())
