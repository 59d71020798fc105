"""Analysis of saved results: statistics, figures, the report, the brief and scenario discovery.

It starts from sweep folders (:mod:`experiments.results`) and designs (:mod:`experiments.design`)
and never runs a model: it imports neither the model (``sim.model``, ``sim.simulation``), Hydra nor
the sweep (an import-linter contract in ``pyproject.toml``).
"""
