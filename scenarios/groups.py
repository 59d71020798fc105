"""The config folder: its groups, the options of each group, and the launchers a command may name.

A group option is a file ``configs/<group>/<option>.yaml``, chosen with ``group=option`` on a
command line or ``override /<group>: <option>`` in a file's ``defaults``. Hydra's own launcher
presets are named after their plugins; the project has a preset for each (:data:`PLUGIN_LAUNCHERS`).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

MODEL_GROUPS = ("community", "channels", "outreach", "participation", "institutions", "services")
"""Config groups of the model (``configs/<group>/``), chosen with ``group=option``."""
SCENARIO = "scenario"
EXPERIMENT = "experiment"
"""Config group of a sweep's presets, the only group whose files may set ``hydra.sweeper.params``."""
LAUNCHER = "hydra/launcher"
BASIC_LAUNCHER = "basic"
"""Hydra's in-process launcher, the default (no preset file)."""
PLUGIN_LAUNCHERS = {
    "joblib": "local_joblib",
    "submitit_local": "local_submitit",
    "submitit_slurm": "slurm",
    "ray": "ray_local",
}
"""Launcher names of Hydra's plugins (as their docs give them) -> the project's preset of that launcher."""


def config_dir() -> Path:
    """Directory of the Hydra YAML configs (the ``configs`` package)."""
    return Path(str(files("configs")))


def options(group: str) -> list[str]:
    """Names of a group's options: its files in ``configs/<group>/`` (and Hydra's basic launcher).

    Examples
    --------
    >>> options("participation")
    ['logit', 'threshold']
    """
    found = sorted(p.stem for p in (config_dir() / group).glob("*.yaml"))
    return [BASIC_LAUNCHER, *found] if group == LAUNCHER else found
