"""Config files as data: YAML read as plain data and checked against the schema before Hydra sees it.

Hydra can run code named in a config (``_target_`` of callbacks, launchers and logging handlers). So
every YAML file a command reads (a group option, a user's scenario file, an experiment preset) is
read with OmegaConf's YAML loader as data (:func:`read_data`) and checked: no ``hydra`` node (an
experiment may set ``hydra.sweeper.params`` only), no ``_target_`` or other unknown key
(:func:`check_data`), ``defaults`` entries only of the form ``override /<group>: <option>`` with a
project option (:func:`check_defaults`). A group option is a file of its group, checked the same way
(:func:`group_option`). Every failure is a one-line :class:`~sim.validate.ConfigError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import is_dataclass
from pathlib import Path
from typing import Any

import yaml
from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from scenarios.errors import one_line
from scenarios.groups import LAUNCHER, MODEL_GROUPS, PLUGIN_LAUNCHERS, SCENARIO, config_dir, options
from scenarios.plain import parse_yaml
from scenarios.values import MODEL, Schema, check_value, locate_key
from sim.validate import ConfigError

MAX_FILE_BYTES = 1 << 20
SweepCheck = Callable[[str], object]
"""A check of one ``key=value`` of an experiment's ``hydra.sweeper.params`` (a multirun override)."""


def read_data(path: Path, key: str) -> dict[Any, Any]:
    """Read a YAML file as plain data (OmegaConf's loader: only ``true``/``false`` are booleans).

    Raises
    ------
    ConfigError
        If the file cannot be read, is bigger than :data:`MAX_FILE_BYTES`, is not valid YAML, is not
        plain data (:func:`scenarios.plain.parse_yaml`: YAML aliases, tags, deep nesting) or is not a
        mapping.
    """
    what = "a readable YAML mapping"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ConfigError(key, str(path), f"a YAML file of at most {MAX_FILE_BYTES // 1024} KiB")
        text = path.read_text(encoding="utf-8")
        plain = parse_yaml(text) if text.strip() else {}
        data = OmegaConf.to_container(OmegaConf.create(plain)) if isinstance(plain, dict) else plain
    except (OSError, UnicodeDecodeError, yaml.YAMLError, OmegaConfBaseException) as err:
        raise ConfigError(key, str(path), f"{what} ({one_line(err)})") from None
    if not isinstance(data, dict):
        raise ConfigError(key, str(path), f"{what} of parameter keys, not a {type(data).__name__}")
    return data


def check_data(data: dict[Any, Any], where: str, schema: Schema, prefix: str = "") -> None:
    """Check every key of a file's data (below ``prefix``) against the schema, and every value's type.

    Raises
    ------
    ConfigError
        For a key the schema does not have (``hydra``, ``_target_``, a typo; dotted keys too: a file
        nests its keys), a value where a group belongs, or a value of the wrong type.
    """
    for k, value in data.items():
        key = f"{prefix}{k}"
        try:
            if not isinstance(k, str) or "." in k:
                raise ConfigError(key, None, "nested keys, e.g. community: {residents: 500}", unknown=True)
            f, default = locate_key(schema.root, key)
        except ConfigError as err:
            raise ConfigError(f"{where}: {key}", None, err.allowed, unknown=True) from None
        if not is_dataclass(default):
            check_value(f"{where}: {key}", value, f)
        elif isinstance(value, dict):
            check_data(value, where, schema, f"{key}.")
        else:
            raise ConfigError(f"{where}: {key}", value, f"a group with keys {', '.join(default.__dict__)}")


def check_defaults(entries: Any, where: str, users: Collection[str] = ()) -> list[str]:
    """Turn a file's ``defaults`` list into group overrides (``override /<group>: <option>`` only).

    ``users`` are the registered user scenario options (:mod:`scenarios.user_scenarios`), which a
    ``scenario`` entry may name besides the presets.
    """
    form = f"a list of 'override /<group>: <option>' with group one of {', '.join(MODEL_GROUPS)}"
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: defaults", entries, form)
    lines = []
    for entry in entries:
        if entry == "_self_":
            continue
        pair = next(iter(entry.items())) if isinstance(entry, dict) and len(entry) == 1 else (None, None)
        group = str(pair[0]).removeprefix("override /") if isinstance(pair[0], str) else ""
        if not str(pair[0]).startswith("override /") or group not in (*MODEL_GROUPS, SCENARIO):
            raise ConfigError(f"{where}: defaults", entry, form)
        try:
            lines.append(f"{group}={group_option(group, pair[1], users=users)}")
        except ConfigError as err:
            raise ConfigError(f"{where}: defaults: {group}", pair[1], err.allowed) from None
    return lines


def package_of(path: Path, group: str) -> str:
    """The ``# @package`` of a config file: ``_global_`` or the group's own (Hydra's default).

    Raises
    ------
    ConfigError
        For any other package (a group file placed under ``hydra``, say).
    """
    header = re.search(r"^#\s*@package\s+(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    package = header.group(1) if header else group
    if package not in ("_global_", group):
        raise ConfigError(f"{path.name}: @package", package, f"_global_ or {group}")
    return package


def check_group_file(
    group: str,
    option: str,
    schema: Schema = MODEL,
    *,
    users: Collection[str] = (),
    sweep: SweepCheck | None = None,
) -> None:
    """Check the file of a group option as data (keys, values, defaults; ``hydra.sweeper`` if ``sweep``).

    Parameters
    ----------
    group, option : str
        The file ``configs/<group>/<option>.yaml``.
    schema : Schema
        The keys the file may set.
    users : collection of str
        Registered user scenario options its ``defaults`` may name (see :func:`check_defaults`).
    sweep : callable, optional
        For an experiment: the check of each ``key=value`` of its ``hydra.sweeper.params``, the only
        ``hydra`` node a file may have. Without it, a ``hydra`` node is an unknown key.
    """
    path = config_dir() / group / f"{option}.yaml"
    data = read_data(path, group)
    package = package_of(path, group)
    where = f"{group}/{option}.yaml"
    check_defaults(data.pop("defaults", []), where, users)
    hydra_node = data.pop("hydra", None) if sweep is not None else None
    if sweep is not None and hydra_node is not None:
        params = hydra_node.get("sweeper", {}).get("params") if isinstance(hydra_node, dict) else None
        if not isinstance(params, dict) or hydra_node != {"sweeper": {"params": params}}:
            raise ConfigError(f"{where}: hydra", "...", "hydra.sweeper.params only", unknown=True)
        for key, value in params.items():
            sweep(f"{key}={value}")
    check_data(data, where, schema, "" if package == "_global_" else f"{group}.")


def group_option(
    group: str,
    option: Any,
    schema: Schema = MODEL,
    *,
    users: Collection[str] = (),
    sweep: SweepCheck | None = None,
) -> str:
    """Check that ``option`` names a file of ``group`` (or one of the ``users`` scenarios); return it.

    The file is checked as data (:func:`check_group_file`, with ``users`` and ``sweep``).

    Raises
    ------
    ConfigError
        Naming the group, the option given and the options there are.
    """
    choices = options(group) + (sorted(users) if group == SCENARIO else [])
    if not isinstance(option, str) or option not in choices:
        more = {
            SCENARIO: " or a scenario file path/to/file.yaml",
            LAUNCHER: f" or a plugin's name for its preset: {', '.join(PLUGIN_LAUNCHERS)}",
        }.get(group, "")
        raise ConfigError(group, option, f"{', '.join(choices)}{more}")
    if option in options(group) and group != LAUNCHER:
        check_group_file(group, option, schema, users=users, sweep=sweep)
    return option
