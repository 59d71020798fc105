"""Experiments on cogov: Hydra sweeps with resumable jobs, aggregation, statistics and the report.

The sweep side (:mod:`experiments.sweep`, :mod:`experiments.job`) runs the model; the analysis side
(:mod:`experiments.collect`, :mod:`experiments.stats`, :mod:`experiments.report`) reads saved tables
only and never builds a model.
"""
