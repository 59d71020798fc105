"""Designs of experiments: which points to run (sensitivity samples, screening of the parameters).

A design is data: a pure function of its spec, regenerated wherever it is needed (each sweep job
runs one sample row; the analysis regenerates the matrix). It runs no model and imports neither the
sweep nor the analysis.
"""
