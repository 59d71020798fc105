"""cogov: an agent-based model of community co-governance (Mesa agents, array step functions).

``sim.load_config`` (from :mod:`scenarios.load`) composes a preset; ``sim.CommunityModel`` runs it.

Examples
--------
>>> import sim
>>> cfg = sim.load_config("threshold_docking", ["community.residents=1000"])
>>> model = sim.CommunityModel(cfg)
>>> model.run()
>>> model.summary()["scenario"]
'threshold_docking'
"""

from typing import Any

from sim.model import CommunityModel, __version__
from sim.params import Config
from sim.validate import ConfigError

__all__ = ["CommunityModel", "Config", "ConfigError", "__version__", "load_config"]


def __getattr__(name: str) -> Any:
    # load_config lives at the Hydra edge (scenarios/), which itself imports sim: import it lazily.
    if name == "load_config":
        from scenarios.load import load_config

        return load_config
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
