"""cogov: an agent-based model of community co-governance (Mesa agents, array step functions).

The public API: ``sim.load_config`` (from :mod:`scenarios.load`) composes a preset or a user's
scenario; ``sim.simulate`` runs it and returns its outcomes; ``sim.CommunityModel`` is the Mesa model
for stepping by hand. The names are imported on first use, so that light modules (the analysis side)
import without loading the model, and so that the engine itself never imports the Hydra edge.

Examples
--------
>>> import sim
>>> result = sim.simulate(sim.load_config("threshold_docking", ["community.residents=1000"]))
>>> result.summary["scenario"]
'threshold_docking'
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "CommunityModel": "sim.model",
    "Config": "sim.params",
    "ConfigError": "sim.validate",
    "Result": "sim.simulation",
    "__version__": "sim.version",
    "load_config": "scenarios.load",
    "simulate": "sim.simulation",
    "simulate_many": "sim.simulation",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
