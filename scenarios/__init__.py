"""Scenario presets and the code that turns a Hydra config into a validated :class:`sim.Config`."""
