"""The memory estimate: close to measured peaks, growing with size and degree, refusing what cannot fit."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

import sim
from sim.memory import GiB, ResourceError, available_memory, check_memory, estimate_memory
from sim.params import NETWORK_KINDS, Config, with_values

# The peak of this process's own memory map (VmHWM): ru_maxrss would also count what the parent (a
# test worker that may hold hundreds of MiB) had when it forked this process.
PEAK = """
import sys
import sim
model = sim.CommunityModel(sim.load_config(sys.argv[1], sys.argv[2:]))
model.run()
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(int(status.split()[0]) * 1024)
"""


def measured_peak(scenario: str, overrides: list[str]) -> int:
    """Peak resident memory (bytes) of building and running the model in a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-c", PEAK, scenario, *overrides], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return int(proc.stdout.split()[-1])


@pytest.mark.parametrize(
    ("scenario", "overrides"),
    [
        ("urban_baseline", ["community.residents=20000", "steps=30"]),
        ("urban_baseline", ["community.residents=200000", "steps=30", "community.network.kind=rural"]),
    ],
)
def test_estimate_within_factor_two_of_measured_peak(scenario, overrides):
    peak = measured_peak(scenario, overrides)
    estimate = estimate_memory(sim.load_config(scenario, overrides))
    assert peak / 2 <= estimate <= 2 * peak, (
        f"estimate {estimate / 2**20:.0f} MiB, peak {peak / 2**20:.0f} MiB"
    )


@pytest.mark.parametrize("kind", NETWORK_KINDS)
def test_estimate_grows_with_residents(kind):
    sizes = [10, 100, 1000, 5000] if kind == "complete" else [10, 1000, 100_000, 10_000_000]
    estimates = [
        estimate_memory(with_values(Config(), {"community.residents": n, "community.network.kind": kind}))
        for n in sizes
    ]
    assert estimates == sorted(set(estimates))


@pytest.mark.parametrize("kind", [k for k in NETWORK_KINDS if k != "complete"])
def test_estimate_grows_with_mean_degree(kind):
    values = {"community.residents": 100_000, "community.network.kind": kind}
    estimates = [
        estimate_memory(with_values(Config(), {**values, "community.network.mean_degree": d}))
        for d in (0, 2, 6, 20, 50)
    ]
    assert estimates == sorted(estimates) and estimates[0] < estimates[-1]


def test_estimate_grows_with_steps_kept():
    short, long = (with_values(Config(), {"steps": s}) for s in (30, 30_000))
    assert estimate_memory(short) < estimate_memory(long)


def test_ten_million_rural_refused_with_both_numbers_when_memory_is_short():
    cfg = with_values(Config(), {"community.residents": 10_000_000, "community.network.kind": "rural"})
    needed = estimate_memory(cfg)
    with pytest.raises(sim.ConfigError) as err:
        check_memory(cfg, available=needed // 2)
    message = str(err.value)
    assert isinstance(err.value, ResourceError) and "\n" not in message
    assert f"{needed / GiB:.1f} GiB" in message and f"{needed / 2 / GiB:.1f} GiB available" in message
    again = pickle.loads(pickle.dumps(err.value))  # errors cross process pools in sweeps
    assert str(again) == message
    check_memory(cfg, available=needed)  # enough: no error


def test_small_run_fits_this_machine():
    assert 0 < available_memory()
    check_memory(Config())
