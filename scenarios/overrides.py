"""The override grammar: which flags and ``key=value`` overrides a command line may give Hydra.

Before Hydra composes anything, every argument is checked here as data (:func:`check_command_line`):
Hydra's flags that read configs from elsewhere are refused, and an override (with or without ``+``)
names

- a parameter of the schema, with a value of its type (:mod:`scenarios.values`), never ``???`` or an
  interpolation;
- a group option that is a file of that group (``configs/<group>/<option>.yaml``; no paths), checked
  as data (:mod:`scenarios.yaml_data`), or for ``scenario`` a user's file
  (:mod:`scenarios.user_scenarios`);
- a launcher preset, or a Hydra plugin's launcher name, which stands for the project's preset of that
  launcher (:data:`~scenarios.groups.PLUGIN_LAUNCHERS`);
- one of a few output keys of Hydra (:data:`HYDRA_KEYS`) or a launcher setting, which names no code.

Every failure is a one-line :class:`~sim.validate.ConfigError`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Glob, Override
from hydra.errors import HydraException

from scenarios.groups import EXPERIMENT, LAUNCHER, PLUGIN_LAUNCHERS, SCENARIO, options
from scenarios.user_scenarios import USER_SCENARIOS
from scenarios.values import MODEL, Schema, check_value, locate_key
from scenarios.yaml_data import group_option
from sim.validate import ConfigError

HYDRA_KEYS = ("hydra.run.dir", "hydra.sweep.dir", "hydra.sweep.subdir", "hydra.verbose")
"""Hydra keys a command line may set, besides the launcher's own keys (``hydra.launcher.*``)."""
OUTPUT_KEYS = ("hydra.run.dir", "hydra.sweep.dir", "hydra.sweep.subdir")
CODE_KEYS = ("_target_", "_partial_", "_args_", "_recursive_", "_convert_", "()")
"""Keys that make Hydra or ``logging.config`` call code."""
SAFE_INTERPOLATION = re.compile(r"\$\{(now:[^{}$]*|[A-Za-z_][\w.]*)\}")
"""Interpolations allowed in an output folder: the time (``${now:...}``) and other config keys."""
VALUE_FLAGS = ("-c", "--cfg", "-p", "--package")
"""Hydra flags that take the next argument as their value."""
PRINT_FLAGS = ("-h", "--help", "--hydra-help", "--version", "-c", "--cfg", "-i", "--info")
"""Hydra flags that print something instead of running."""
FLAGS = tuple(dict.fromkeys((*PRINT_FLAGS, *VALUE_FLAGS, "-m", "--multirun", "-r", "--run", "--resolve")))
INFO_TOPICS = ("all", "config", "defaults", "defaults-tree", "plugins", "searchpath")
GRAMMAR = "key=value in Hydra's override syntax (quote a value with special characters: key='...')"


def parse_override(text: str) -> Override:
    """Parse one override with Hydra's grammar (an error names the key and the value given)."""
    try:
        return OverridesParser.create().parse_overrides([text])[0]
    except HydraException:
        key, sep, value = text.partition("=")
        raise ConfigError(key.lstrip("+~") or "override", value if sep else text, GRAMMAR) from None


def override_values(override: Override, choices: list[str]) -> list[Any]:
    """The values an override sets: one, or each value of a sweep (a glob matched against ``choices``)."""
    if not override.is_sweep_override():
        return [override.value()]
    value = override.value()
    if isinstance(value, Glob):
        matched = value.filter(choices)
        if not matched:
            raise ConfigError(
                override.key_or_group, override.input_line, f"a glob matching one of {', '.join(choices)}"
            )
        return list(matched)
    if override.is_interval_sweep():
        raise ConfigError(
            override.key_or_group, override.input_line, "a list a,b,c or range(start,stop,step)"
        )
    return list(override.sweep_iterator())


def _check_code_free(key: str, value: Any) -> None:
    """Refuse a value of a Hydra key that could name code or read the environment."""
    if isinstance(value, dict):
        for k, v in value.items():
            if str(k) in CODE_KEYS:
                raise ConfigError(f"{key}.{k}", v, "settings of the launcher, no code", unknown=True)
            _check_code_free(f"{key}.{k}", v)
    elif isinstance(value, list):
        for v in value:
            _check_code_free(key, v)
    elif isinstance(value, str) and "${" in SAFE_INTERPOLATION.sub("", value):
        raise ConfigError(key, value, "a value whose only interpolations are ${now:...} and ${config.key}")


def _check_hydra_key(key: str, values: list[Any]) -> None:
    if key not in HYDRA_KEYS and not key.startswith("hydra.launcher."):
        raise ConfigError(key, None, f"{', '.join(HYDRA_KEYS)} or hydra.launcher.<key>", unknown=True)
    if any(part in CODE_KEYS for part in key.split(".")):
        raise ConfigError(key, None, "settings of the launcher, no code", unknown=True)
    for value in values:
        if key in OUTPUT_KEYS and (not isinstance(value, str | int) or not str(value).strip()):
            raise ConfigError(key, value, "a folder path (not empty)")
        _check_code_free(key, value)


def check_override(text: str, schema: Schema = MODEL, *, multirun: bool = False) -> str:
    """Check one override; return it as Hydra should get it (``+`` dropped, names for files and plugins).

    A user's scenario file becomes its registered option name, a plugin's launcher name the project's
    preset of that launcher (:data:`~scenarios.groups.PLUGIN_LAUNCHERS`).

    Parameters
    ----------
    text : str
        The override, e.g. ``community.residents=500`` or ``scenario=my_town.yaml``.
    schema : Schema
        The keys and groups the tool knows.
    multirun : bool
        Whether sweeps (``a,b``, ``range(...)``, ``glob(...)``) are allowed.

    Raises
    ------
    ConfigError
        For a grammar error, an unknown key or group option, a value of the wrong type, a Hydra key
        that is not an output or launcher setting, code or an interpolation.
    """
    override = parse_override(text)
    key = override.key_or_group
    if override.is_delete() or override.package is not None:
        raise ConfigError(key, text, "key=value (no ~ deletion, no @package)")
    if override.is_sweep_override() and not multirun:
        raise ConfigError(key, text, "one value (a sweep a,b,... needs -m)")
    line = text.lstrip("+")
    if key in schema.groups or key == LAUNCHER:
        given = override_values(override, options(key))
        chosen = [_user_or_option(key, v, schema) for v in given]
        return f"{key}={','.join(chosen)}" if chosen != given else line
    values = override_values(override, [])
    if key.startswith("hydra/"):
        raise ConfigError(key, text, f"{LAUNCHER}=<option> (the only Hydra group a command line chooses)")
    if key.startswith("hydra."):
        _check_hydra_key(key, values)
        return line
    f, default = locate_key(schema.root, key)
    if is_dataclass(default):
        raise ConfigError(key, text, f"one of its keys, e.g. {key}.{fields(default)[0].name}=...")
    for value in values:
        check_value(key, value, f)
    return line


def _user_or_option(group: str, value: Any, schema: Schema) -> str:
    if group == SCENARIO:
        return USER_SCENARIOS.option(value, schema)
    if group == LAUNCHER and isinstance(value, str):
        value = PLUGIN_LAUNCHERS.get(value, value)
    sweep = (lambda line: check_override(line, schema, multirun=True)) if group == EXPERIMENT else None
    return group_option(group, value, schema, sweep=sweep)


@dataclass(frozen=True)
class CommandLine:
    """A checked command line: Hydra flags and overrides, ready for ``hydra.main``.

    Attributes
    ----------
    flags : list of str
        The Hydra flags given (with their values).
    overrides : list of str
        The checked overrides, rewritten for Hydra (see :func:`check_override`).
    multirun : bool
        Whether ``-m`` was given.
    prints : bool
        Whether a flag asks Hydra to print instead of running (help, ``--cfg``, ``--info``).
    """

    flags: list[str]
    overrides: list[str]
    multirun: bool
    prints: bool

    @property
    def argv(self) -> list[str]:
        """Arguments for Hydra's command line."""
        return [*self.flags, *self.overrides]


def check_command_line(args: Sequence[str], schema: Schema = MODEL) -> CommandLine:
    """Check the arguments of a Hydra tool: known flags only, then every override.

    ``--config-dir``, ``--config-path``, ``--config-name`` and ``--experimental-rerun`` are refused:
    they read configs (or a pickle) from outside the project. A user's own scenario is given as
    ``scenario=path/to/file.yaml``.

    Raises
    ------
    ConfigError
        For an unknown or refused flag, or a bad override.
    """
    flags: list[str] = []
    rest = list(args)
    overrides: list[str] = []
    while rest:
        arg = rest.pop(0)
        if not arg.startswith("-"):
            overrides.append(arg)
            continue
        name = arg.split("=", 1)[0]
        if name not in FLAGS:
            given = (
                "your own scenario: scenario=path/to/file.yaml; "
                if name.startswith(("-c", "--config"))
                else ""
            )
            raise ConfigError("option", arg, f"{given}{', '.join(FLAGS)}")
        flags.append(arg)
        takes = name in VALUE_FLAGS or (name in ("-i", "--info") and rest and rest[0] in INFO_TOPICS)
        if takes and "=" not in arg and rest:
            flags.append(rest.pop(0))
    multirun = any(f in ("-m", "--multirun") for f in flags)
    checked = [check_override(o, schema, multirun=multirun) for o in overrides]
    prints = any(f.split("=", 1)[0] in PRINT_FLAGS for f in flags)
    return CommandLine(flags, checked, multirun, prints)
