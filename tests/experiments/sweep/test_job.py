"""Sweep jobs: the scenarios of a seed that reach one worker share its burn-in, with the same results."""

from __future__ import annotations

import sim
from experiments.sweep import job
from sim.snapshot import BurnIns

SMALL = ["community.residents=300", "burn_in=40", "steps=30"]


def test_run_seeds_second_scenario_of_a_seed_forks_the_burn_in_with_identical_results(monkeypatch):
    monkeypatch.setattr(job, "BURN_INS", BurnIns(keep=job.WORKER_KEEP))
    seconds = []
    monkeypatch.setattr(job, "simulate", _recording(job.simulate, seconds))
    cfgs = [sim.load_config(name, SMALL) for name in ("urban_baseline", "deliberation", "fengqiao")]
    rows = [job.run_seeds(cfg, [3], keep_timeseries=True) for cfg in cfgs]
    assert [s > 0 for s in seconds] == [True, False, False]
    assert [report["burn_in_seconds"] > 0 for _, _, report in rows] == [True, False, False]  # in the manifest
    for cfg, (summaries, series, report) in zip(cfgs, rows, strict=True):
        scratch = sim.simulate(cfg, seed=3)
        assert repr(summaries) == repr([scratch.summary]) and not report["errors"]
        assert series[0].drop(columns="seed").equals(scratch.timeseries)


def _recording(simulate, seconds):
    def run(*args, **kwargs):
        result = simulate(*args, **kwargs)
        seconds.append(result.burn_in_seconds)
        return result

    return run
