"""The staff-hours ledger prices what the mechanisms did and changes nothing else."""

from __future__ import annotations

import math

import sim
from sim.ledger import ACTORS

SMALL = ["community.residents=600", "steps=60", "burn_in=30", "seed=4"]


def _run(*extra: str) -> dict:
    return sim.simulate(sim.load_config("deliberation", [*SMALL, *extra])).summary


def test_ledger_prices_change_no_other_column():
    base, dear = _run(), _run("ledger.session_hours=9", "ledger.case_hours=3", "ledger.week_hours=50")
    other = [k for k in base if not k.startswith("staff_hours") and isinstance(base[k], float)]
    assert all(base[k] == dear[k] or (math.isnan(base[k]) and math.isnan(dear[k])) for k in other)
    assert dear["staff_hours_committee"] > base["staff_hours_committee"]
    assert math.isclose(dear["staff_hours_social_workers"], base["staff_hours_social_workers"] * 50 / 40)


def test_ledger_committee_hours_linear_in_session_price_with_sessions_held():
    free = _run("ledger.session_hours=0")
    one = _run("ledger.session_hours=1")
    sessions = one["staff_hours_committee"] - free["staff_hours_committee"]
    # deliberation convenes forums, councils and hearings: some sessions in 60 days, a whole number
    assert sessions >= 2 and sessions == int(sessions)


def test_ledger_total_is_the_sum_of_its_actors():
    s = _run()
    assert math.isclose(s["staff_hours"], sum(s[f"staff_hours_{a}"] for a in ACTORS))
    assert s["staff_hours_volunteers"] > 0  # organisation activities take residents' time


def test_ledger_counts_as_volunteer_work_the_channels_whose_data_says_so():
    busy = "channels.volunteer.reach=0.5"  # volunteers every few days in a small community
    base = _run(busy)
    # the volunteer channel's sessions are volunteer work by default; the phone's calls are not
    not_volunteering = _run(busy, "channels.volunteer.volunteer_work=false")
    calls_too = _run(busy, "channels.phone.volunteer_work=true")
    other = [k for k in base if not k.startswith("staff_hours") and isinstance(base[k], float)]
    assert all(base[k] == calls_too[k] or (math.isnan(base[k]) and math.isnan(calls_too[k])) for k in other)
    assert not_volunteering["staff_hours_volunteers"] < base["staff_hours_volunteers"]
    assert calls_too["staff_hours_volunteers"] > base["staff_hours_volunteers"]
