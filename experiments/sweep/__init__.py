"""The Hydra side: ``cogov-sweep``, its checks, the job runner, the tasks a launcher worker runs.

A worker imports :mod:`experiments.sweep.task` (and the sweep callback) only: the job runner and the
schema, no analysis, figures or calibration.
"""
