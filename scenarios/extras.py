"""Optional packages: which extra of ``pyproject.toml`` brings each, checked before a tool runs.

``python3 dev.py run`` installs the project without extras. A tool that an option takes to an
optional package (a sensitivity design to SALib, a launcher to its Hydra plugin, ``--target`` to
EMA Workbench, the fit to pyabc) checks for it first with :func:`require`, so that a missing
package is one line naming the option and the extra to install, before anything runs.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from sim.validate import ConfigError

EXTRAS = {
    "SALib": "sweep",
    "hydra_plugins.hydra_joblib_launcher": "sweep",
    "hydra_plugins.hydra_submitit_launcher": "sweep",
    "hydra_plugins.hydra_ray_launcher": "ray",
    "pyabc": "calibrate",
    "ema_workbench": "discover",
    "solara": "viz",
}
"""Optional module -> the extra that installs it."""


def installed(module: str) -> bool:
    """Whether ``module`` can be imported (a hidden one, ``sys.modules[name] = None``, cannot).

    Examples
    --------
    >>> installed("numpy"), installed("no_such_module_here")
    (True, False)
    """
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require(module: str, key: str, value: Any) -> None:
    """Check that the optional ``module`` that option ``key = value`` needs is installed.

    Raises
    ------
    ConfigError
        Naming the option, its value and the extra to install.
    """
    if not installed(module):
        extra = EXTRAS[module]
        raise ConfigError(
            key, value, f"with the {extra!r} extra installed: pip install -e '.[{extra}]' -c constraints.txt"
        )
