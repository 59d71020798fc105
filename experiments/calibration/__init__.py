"""Pattern-oriented calibration (``cogov-calibrate``), its posterior and the held-out validation.

Batches of parameter sets run on the sweep (:mod:`experiments.sweep.batch`); their statistics come
from the analysis (:mod:`experiments.analysis.stats`).
"""
