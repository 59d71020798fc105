"""Experiments on cogov, in floors; imports only go down (import-linter contracts in ``pyproject.toml``).

- :mod:`experiments.results`: sweep folders as data (manifests, collected tables, progress);
- :mod:`experiments.design`: what to run (sensitivity samples, parameter screening);
- :mod:`experiments.sweep`: the Hydra side that runs the model (``cogov-sweep``, jobs, worker tasks);
- :mod:`experiments.analysis`: statistics, figures, report, brief and discovery from saved results
  only (never imports the model, Hydra or the sweep);
- :mod:`experiments.calibration`: calibration, posterior and validation on the sweep;
- the commands on top: :mod:`experiments.compare`, :mod:`experiments.bench`, :mod:`experiments.decompose`.
"""
