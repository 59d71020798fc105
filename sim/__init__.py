"""cogov: an agent-based model of community co-governance (Mesa agents, array step functions).

``sim.load_config`` (from :mod:`scenarios.load`) composes a preset; ``sim.CommunityModel`` runs it.
The names below are imported on first use, so that light modules (``scenarios.outputs``,
``sim.metrics`` docs, the analysis side) can be imported without loading the model.

Examples
--------
>>> import sim
>>> cfg = sim.load_config("threshold_docking", ["community.residents=1000"])
>>> model = sim.CommunityModel(cfg)
>>> model.run()
>>> model.summary()["scenario"]
'threshold_docking'
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scenarios.load import load_config
    from sim.model import CommunityModel, __version__
    from sim.params import Config
    from sim.validate import ConfigError

_EXPORTS = {
    "CommunityModel": "sim.model",
    "__version__": "sim.model",
    "Config": "sim.params",
    "ConfigError": "sim.validate",
    "load_config": "scenarios.load",
}
__all__ = ["CommunityModel", "Config", "ConfigError", "__version__", "load_config"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
