"""A user's own scenario files: checked as data and registered as Hydra scenario options of a process.

``scenario=path/to/file.yaml`` (``cogov-run``, sweeps, ``load_config``, ``cogov-viz --scenario``)
names a user's scenario file. :class:`UserScenarios` checks it as data (:mod:`scenarios.yaml_data`)
and stores it in Hydra's ConfigStore as a scenario option named after the file (over the defaults,
like a preset), never adding a folder to Hydra's search path. Launchers compose each job's config in
the process that runs it (a joblib, submitit or Ray worker): a command hands its files to them in the
environment (:meth:`UserScenarios.export`), and a worker registers them from there
(:meth:`UserScenarios.adopt`). Hydra's ConfigStore is one per process, and so is the registry that
mirrors it: :data:`USER_SCENARIOS`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore

from scenarios.errors import one_line
from scenarios.groups import SCENARIO, config_dir, options
from scenarios.names import MAX_NAME, check_name, is_name
from scenarios.values import MODEL, Schema
from scenarios.yaml_data import check_data, check_defaults, group_option, read_data
from sim.validate import ConfigError

SUFFIXES = (".yaml", ".yml")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
"""A user scenario file's name (the option Hydra composes): a :func:`~scenarios.names.is_name`, no dots."""
ENVIRONMENT = "COGOV_USER_SCENARIOS"
"""Paths of the user scenario files of a command (``os.pathsep``-separated), for launcher workers."""


def is_user_file(value: Any) -> bool:
    """Whether a ``scenario=`` value names a file rather than a preset.

    Examples
    --------
    >>> is_user_file("urban_baseline"), is_user_file("my_town.yaml"), is_user_file("towns/my_town")
    (False, True, True)
    """
    text = str(value)
    return text.endswith(SUFFIXES) or "/" in text or os.sep in text


def _store_defaults(lines: list[str]) -> list[dict[str, str]]:
    """``group=option`` lines as a ConfigStore defaults list of overrides."""
    return [{f"override /{group}": option} for group, option in (line.split("=", 1) for line in lines)]


class UserScenarios:
    """The user scenario files registered in one process: option name -> the file's resolved path."""

    def __init__(self) -> None:
        self._paths: dict[str, Path] = {}

    @property
    def registered(self) -> list[str]:
        """Option names of the files registered in this process, sorted."""
        return sorted(self._paths)

    def names(self) -> list[str]:
        """Option names of the files of this process and of the command that started it (:meth:`adopt`)."""
        self.adopt()
        return self.registered

    def register(self, value: str | Path) -> str:
        """Check a user's scenario file as data and register it as a scenario option; return its name.

        The option is named after the file (``my_town.yaml`` -> ``my_town``) and sets ``scenario`` to
        that name unless the file sets it. Its ``defaults`` may choose project group options. A process
        reads a file once: registering the same file again returns its name (the stored, checked
        content).

        Raises
        ------
        ConfigError
            For a missing or unreadable file, a name that is a preset's or another file's, or any key
            or value that is not the model's.
        """
        path = Path(value)
        try:
            found = path.is_file()
            resolved = path.resolve()
        except OSError as err:
            raise ConfigError(SCENARIO, str(value), f"a readable file path ({one_line(err)})") from None
        if not found:
            raise ConfigError(
                SCENARIO, str(value), f"an existing .yaml file or a preset: {', '.join(options(SCENARIO))}"
            )
        name = path.name.removesuffix(path.suffix)
        if self._paths.get(name) == resolved:
            return name  # checked and stored by this process already (a worker re-registers per job)
        if (
            not (NAME.match(name) and is_name(name))
            or name in options(SCENARIO)
            or self._paths.get(name, resolved) != resolved
        ):
            raise ConfigError(
                SCENARIO,
                str(value),
                f"a file named with letters, digits, _ or - (at most {MAX_NAME} characters) and not like a "
                "preset or another file",
            )
        where = path.name
        data = read_data(path, SCENARIO)
        if SCENARIO in data and (check_name(f"{where}: {SCENARIO}", data[SCENARIO]) in options(SCENARIO)):
            raise ConfigError(f"{where}: {SCENARIO}", data[SCENARIO], "a name that is not a preset's")
        node: dict[str, Any] = {
            "defaults": _store_defaults(check_defaults(data.pop("defaults", []), where, self.registered)),
            SCENARIO: name,
        }
        check_data(data, where, MODEL)
        node.update(data)
        ConfigStore.instance().store(group=SCENARIO, name=name, node=node, package="_global_")
        self._paths[name] = resolved
        return name

    def option(self, value: Any, schema: Schema = MODEL) -> str:
        """The scenario option ``value`` names: a user's file (registered), a preset or a registered file.

        Raises
        ------
        ConfigError
            For a file :meth:`register` refuses, or a name that is neither a preset (checked as data,
            :func:`~scenarios.yaml_data.group_option`) nor a registered file's.
        """
        if is_user_file(value):
            return self.register(str(value))
        return group_option(SCENARIO, value, schema, users=self.registered)

    def file(self, name: str) -> Path | None:
        """The file of a scenario option: a registered user file or ``configs/scenario/<name>.yaml``."""
        path = self._paths.get(name, config_dir() / SCENARIO / f"{name}.yaml")
        return path if path.is_file() else None

    def export(self) -> None:
        """Put the registered files in the environment (:data:`ENVIRONMENT`), for launcher workers."""
        if self._paths:
            os.environ[ENVIRONMENT] = os.pathsep.join(str(p) for p in self._paths.values())

    def adopt(self) -> None:
        """Register the files the environment lists (:data:`ENVIRONMENT`: in a launcher worker)."""
        for path in filter(None, os.environ.get(ENVIRONMENT, "").split(os.pathsep)):
            self.register(path)


USER_SCENARIOS = UserScenarios()
"""The user scenario files of this process."""
