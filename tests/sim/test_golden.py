"""Golden hashes: every preset's short run is bit-identical to the one recorded before a refactor.

A change that only moves code (a refactor) must not move any of them. A change to the model's
science changes them on purpose: then regenerate the file (``python tests/sim/test_golden.py``) in the
same commit and say why (last: the measurement window, burn-in and onset, engagement points and the
steady-state mechanisms of the issue "Measurements you can trust"). Columns added since the hashes
were recorded are not part of the hash.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim

GOLDEN = Path(__file__).with_name("golden_hashes.json")
RUNS = {name: (name, ["community.residents=600", "steps=400"]) for name in json.loads(GOLDEN.read_text())}
RUNS.update(
    {
        "social_worker_programme@5000": (
            "social_worker_programme",
            ["community.residents=5000", "steps=150"],
        ),
        "fengqiao@5000": ("fengqiao", ["community.residents=5000", "steps=150"]),
    }
)
SEED = 3


def _run(name: str) -> tuple[pd.DataFrame, dict]:
    preset, overrides = RUNS[name]
    result = sim.simulate(sim.load_config(preset, [*overrides, f"seed={SEED}"]))
    return result.timeseries, result.summary


def _hash_columns(ts: pd.DataFrame, columns: list[str]) -> str:
    h = hashlib.sha256()
    for c in columns:
        h.update(c.encode())
        h.update(np.ascontiguousarray(ts[c].to_numpy(dtype=np.float64)).tobytes())
    return h.hexdigest()


def _hash_summary(summary: dict, keys: list[str]) -> str:
    h = hashlib.sha256()
    for k in keys:
        v = summary[k]
        v = "nan" if isinstance(v, float) and math.isnan(v) else v
        h.update(f"{k}={v!r};".encode())
    return h.hexdigest()


@pytest.mark.parametrize("name", sorted(json.loads(GOLDEN.read_text())))
def test_preset_short_run_bit_identical_to_golden(name):
    golden = json.loads(GOLDEN.read_text())[name]
    ts, summary = _run(name)
    assert _hash_columns(ts, golden["columns"]) == golden["ts"]
    assert _hash_summary(summary, golden["summary_keys"]) == golden["summary"]


if __name__ == "__main__":  # regenerate on purpose (see the module docstring)
    out = {}
    for name in json.loads(GOLDEN.read_text()) if GOLDEN.exists() else RUNS:
        ts, summary = _run(name)
        cols, keys = sorted(ts.columns), sorted(k for k in summary if k != "version")
        out[name] = {
            "columns": cols,
            "ts": _hash_columns(ts, cols),
            "summary_keys": keys,
            "summary": _hash_summary(summary, keys),
        }
    GOLDEN.write_text(json.dumps(out, indent=1) + "\n")
    sys.exit(0)
