"""``python -m experiments.calibration``: the same as ``cogov-calibrate``."""

from experiments.calibration.calibrate import main

main()
