"""cogov: an agent-based model of community co-governance (Mesa agents, array step functions).

Examples
--------
>>> import sim
>>> cfg = sim.load_config("threshold_docking", ["community.residents=1000"])
>>> model = sim.CommunityModel(cfg)
>>> model.run()
>>> sorted(model.summary())[:3]
['active_share', 'awareness_collective_share', 'awareness_community_share']
"""

from scenarios.load import load_config
from sim.model import CommunityModel, __version__
from sim.params import Config
from sim.validate import ConfigError

__all__ = ["CommunityModel", "Config", "ConfigError", "__version__", "load_config"]
