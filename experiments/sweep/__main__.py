"""``python -m experiments.sweep``: the same as ``cogov-sweep`` (:func:`experiments.sweep.run.main`)."""

from experiments.sweep.run import main

main()
