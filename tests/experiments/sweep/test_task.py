"""The tasks a launcher worker runs: a worker imports the job runner, not the analysis or calibration."""

from __future__ import annotations

import pickle
import subprocess
import sys

from experiments import compare

HEAVY = ("experiments.analysis", "experiments.calibration", "experiments.compare", "matplotlib", "seaborn")


def test_compare_worker_unpickling_its_task_and_callback_imports_no_analysis_figures_or_calibration():
    from experiments.sweep.callbacks import SweepCallback

    payload = pickle.dumps((compare.paired_task, SweepCallback()))
    code = (
        "import pickle, sys\n"
        "pickle.loads(sys.stdin.buffer.read())\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "sys.exit(repr(heavy) if heavy else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], input=payload, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
