"""Config sources as data: the checks every override, group option and scenario file passes first.

Hydra can run code named in a config (``_target_`` of callbacks, launchers and logging handlers) and
reads configs from wherever its search path points. So before Hydra composes anything, every config
source is read and checked here as plain data:

- an override names a parameter of the schema (with or without ``+``), a group option that is a file
  of that group (``configs/<group>/<option>.yaml``; no paths), a launcher preset (or a Hydra
  plugin's launcher name, which stands for the project's preset of that launcher:
  :data:`PLUGIN_LAUNCHERS`), or one of a few output keys of Hydra (:data:`HYDRA_KEYS`); its value
  has the parameter's type (``true``/``false`` for a boolean: ``2`` or ``yes`` are errors), and is
  never ``???`` or an interpolation;
- a YAML file (a group option, a user's scenario file, an experiment preset) is read with
  OmegaConf's YAML loader as data: no ``hydra`` node (an experiment may set
  ``hydra.sweeper.params`` only), no ``_target_`` or other unknown key, ``defaults`` entries only
  of the form ``override /<group>: <option>`` with a project option;
- ``scenario=path/to/file.yaml`` names a user's scenario file: it is checked as above and registered
  in Hydra's ConfigStore as a scenario option named after the file (over the defaults, like a
  preset), never added to Hydra's search path. Processes that compose jobs elsewhere (launcher
  workers) register the same files from :data:`USER_SCENARIOS_ENV`.

Every failure is a one-line :class:`~sim.validate.ConfigError`; :func:`fail` turns it into the
command-line tools' single ``<tool>: error: ...`` line and exit code (:data:`EXIT_BAD_INPUT`,
:data:`EXIT_IO` for an output location, :data:`EXIT_RESOURCES` for memory).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import Field, dataclass, fields, is_dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, NoReturn

import yaml
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Glob, Override
from hydra.errors import HydraException
from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from scenarios.names import MAX_NAME, check_name, is_name
from scenarios.plain import parse_yaml
from sim.memory import ResourceError
from sim.params import Config
from sim.validate import KINDS, ConfigError, allowed

EXIT_FAILED_JOBS = 1
"""Exit code of a sweep that finished with failed jobs."""
EXIT_BAD_INPUT = 2
"""Exit code of a bad key, value, file or command-line option."""
EXIT_IO = 3
"""Exit code of an output location that is missing, not writable or too full."""
EXIT_RESOURCES = 4
"""Exit code of a run that would not fit in the memory available."""

MODEL_GROUPS = ("community", "channels", "outreach", "participation", "institutions", "services")
"""Config groups of the model (``configs/<group>/``), chosen with ``group=option``."""
SCENARIO = "scenario"
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
HYDRA_KEYS = ("hydra.run.dir", "hydra.sweep.dir", "hydra.sweep.subdir", "hydra.verbose")
"""Hydra keys a command line may set, besides the launcher's own keys (``hydra.launcher.*``)."""
OUTPUT_KEYS = ("hydra.run.dir", "hydra.sweep.dir", "hydra.sweep.subdir")
CODE_KEYS = ("_target_", "_partial_", "_args_", "_recursive_", "_convert_", "()")
"""Keys that make Hydra or ``logging.config`` call code."""
SAFE_INTERPOLATION = re.compile(r"\$\{(now:[^{}$]*|[A-Za-z_][\w.]*)\}")
"""Interpolations allowed in an output folder: the time (``${now:...}``) and other config keys."""
USER_SUFFIXES = (".yaml", ".yml")
USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
"""A user scenario file's name (the option Hydra composes): a :func:`~scenarios.names.is_name`, no dots."""
MAX_FILE_BYTES = 1 << 20
USER_SCENARIOS_ENV = "COGOV_USER_SCENARIOS"
"""Paths of the user scenario files of a command (``os.pathsep``-separated), for launcher workers."""
VALUE_FLAGS = ("-c", "--cfg", "-p", "--package")
"""Hydra flags that take the next argument as their value."""
PRINT_FLAGS = ("-h", "--help", "--hydra-help", "--version", "-c", "--cfg", "-i", "--info")
"""Hydra flags that print something instead of running."""
FLAGS = tuple(dict.fromkeys((*PRINT_FLAGS, *VALUE_FLAGS, "-m", "--multirun", "-r", "--run", "--resolve")))
INFO_TOPICS = ("all", "config", "defaults", "defaults-tree", "plugins", "searchpath")
GRAMMAR = "key=value in Hydra's override syntax (quote a value with special characters: key='...')"
KIND_TEXT = {
    "list[int]": "a list of integers",
    "int | None": "an integer or null",
    "dict[str, list[float]]": "a mapping of parameter keys to [low, high]",
}

_registered: dict[str, Path] = {}
"""User scenario files registered in this process: option name -> resolved path."""


class OutputError(ConfigError):
    """An output location that cannot take the outputs (missing, not writable, a file, or full)."""


@dataclass(frozen=True)
class Schema:
    """What the command lines and files of one tool may name.

    Attributes
    ----------
    root : Any
        The schema dataclass (``sim.params.Config``, or the sweep's config with its extra keys).
    groups : tuple of str
        Config groups that take an option (``scenario``, the model groups, ``experiment``...).
    """

    root: Any
    groups: tuple[str, ...] = (SCENARIO, *MODEL_GROUPS)


MODEL = Schema(Config())


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


def fail(tool: str, err: ConfigError) -> NoReturn:
    """Print ``<tool>: error: <err>`` on stderr and exit with the code of the error's kind."""
    print(f"{tool}: error: {err}", file=sys.stderr)
    if isinstance(err, ResourceError):
        raise SystemExit(EXIT_RESOURCES)
    raise SystemExit(EXIT_IO if isinstance(err, OutputError) else EXIT_BAD_INPUT)


def one_line(err: BaseException) -> str:
    """First line of an error's message (the rest of Hydra's or YAML's messages is context)."""
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


# --- values ---------------------------------------------------------------------------------------------


def _conforms(value: Any, kind: str) -> bool:
    if kind.endswith(" | None"):
        return value is None or _conforms(value, kind.removesuffix(" | None"))
    if kind.startswith("list["):
        return isinstance(value, list) and all(_conforms(v, kind[5:-1]) for v in value)
    if kind.startswith("dict[str, "):
        inner = kind.removeprefix("dict[str, ")[:-1]
        return isinstance(value, dict) and all(
            isinstance(k, str) and _conforms(v, inner) for k, v in value.items()
        )
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, KINDS[kind])


def allowed_text(f: Field) -> str:
    """What a schema field accepts, e.g. ``'an integer 1 to 10,000,000'`` or ``'true or false'``."""
    kind = str(f.type)
    return allowed(KINDS[kind], dict(f.metadata)) if kind in KINDS else KIND_TEXT.get(kind, kind)


def check_value(key: str, value: Any, f: Field) -> None:
    """Check that ``value`` has the type of field ``f`` (ranges are checked on the whole config later).

    Raises
    ------
    ConfigError
        For ``???``, an interpolation, or a value of another type (``2`` or ``'yes'`` for a boolean).
    """
    if value == "???":
        raise ConfigError(key, value, f"a value ({allowed_text(f)}); ??? (missing) is not one")
    if isinstance(value, str) and "${" in value:
        raise ConfigError(key, value, f"a plain value ({allowed_text(f)}), not an interpolation")
    if not _conforms(value, str(f.type)):
        raise ConfigError(key, value, allowed_text(f))


def locate_key(root: Any, key: str) -> tuple[Field, Any]:
    """The field of the dotted ``key`` below ``root`` and its default (a dataclass for a group node).

    Raises
    ------
    ConfigError
        For a key that is not in the schema (``unknown``), listing the keys that are.
    """
    node, path = root, list[str]()
    for part in key.split("."):
        by_name = {f.name: f for f in fields(node)} if is_dataclass(node) else {}
        if part not in by_name:
            where = ".".join(path) or "the top level"
            names = ", ".join(by_name) or "none (it is a value, not a group)"
            raise ConfigError(key, None, f"one of the keys of {where}: {names}", unknown=True)
        path.append(part)
        f, node = by_name[part], getattr(node, part)
    return f, node


# --- YAML files as data -----------------------------------------------------------------------------


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


def check_defaults(entries: Any, where: str) -> list[str]:
    """Turn a file's ``defaults`` list into group overrides (``override /<group>: <option>`` only)."""
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
            lines.append(f"{group}={group_option(group, pair[1])}")
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


def check_group_file(group: str, option: str, schema: Schema = MODEL, *, sweeper: bool = False) -> None:
    """Check the file of a group option as data (keys, values, defaults; ``hydra.sweeper`` if allowed)."""
    path = config_dir() / group / f"{option}.yaml"
    data = read_data(path, group)
    package = package_of(path, group)
    where = f"{group}/{option}.yaml"
    check_defaults(data.pop("defaults", []), where)
    hydra_node = data.pop("hydra", None) if sweeper else None
    if hydra_node is not None:
        params = hydra_node.get("sweeper", {}).get("params") if isinstance(hydra_node, dict) else None
        if not isinstance(params, dict) or hydra_node != {"sweeper": {"params": params}}:
            raise ConfigError(f"{where}: hydra", "...", "hydra.sweeper.params only", unknown=True)
        for key, value in params.items():
            check_override(f"{key}={value}", schema, multirun=True)
    check_data(data, where, schema, "" if package == "_global_" else f"{group}.")


def group_option(group: str, option: Any, schema: Schema = MODEL) -> str:
    """Check that ``option`` names a file of ``group`` (or a registered user scenario); return it.

    Raises
    ------
    ConfigError
        Naming the group, the option given and the options there are.
    """
    choices = options(group) + (sorted(_registered) if group == SCENARIO else [])
    if not isinstance(option, str) or option not in choices:
        more = {
            SCENARIO: " or a scenario file path/to/file.yaml",
            LAUNCHER: f" or a plugin's name for its preset: {', '.join(PLUGIN_LAUNCHERS)}",
        }.get(group, "")
        raise ConfigError(group, option, f"{', '.join(choices)}{more}")
    if option in options(group) and group != LAUNCHER:
        check_group_file(group, option, schema, sweeper=group == "experiment")
    return option


# --- user scenario files ----------------------------------------------------------------------------


def is_user_file(value: Any) -> bool:
    """Whether a ``scenario=`` value names a file rather than a preset."""
    text = str(value)
    return text.endswith(USER_SUFFIXES) or "/" in text or os.sep in text


def register_user_scenario(value: str | Path) -> str:
    """Check a user's scenario file as data and register it as a scenario option; return its name.

    The option is named after the file (``my_town.yaml`` -> ``my_town``) and sets ``scenario`` to that
    name unless the file sets it. Its ``defaults`` may choose project group options. A process reads
    a file once: registering the same file again returns its name (the stored, checked content).

    Raises
    ------
    ConfigError
        For a missing or unreadable file, a name that is a preset's, or any key or value that is not
        the model's.
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
    if _registered.get(name) == resolved:
        return name  # checked and stored by this process already (a worker re-registers per job)
    if (
        not (USER_NAME.match(name) and is_name(name))
        or name in options(SCENARIO)
        or _registered.get(name, resolved) != resolved
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
        "defaults": _store_defaults(check_defaults(data.pop("defaults", []), where)),
        SCENARIO: name,
    }
    check_data(data, where, MODEL)
    node.update(data)
    ConfigStore.instance().store(group=SCENARIO, name=name, node=node, package="_global_")
    _registered[name] = resolved
    return name


def _store_defaults(lines: list[str]) -> list[dict[str, str]]:
    """``group=option`` lines as a ConfigStore defaults list of overrides."""
    return [{f"override /{group}": option} for group, option in (line.split("=", 1) for line in lines)]


def scenario_path(name: str) -> Path | None:
    """The file of a scenario option: a registered user file or ``configs/scenario/<name>.yaml``."""
    path = _registered.get(name, config_dir() / SCENARIO / f"{name}.yaml")
    return path if path.is_file() else None


def user_scenarios() -> list[str]:
    """Option names of the user scenario files registered in this process (and its command's)."""
    register_from_environment()
    return sorted(_registered)


def export_user_scenarios() -> None:
    """Put the registered user scenario files in the environment, for launcher workers."""
    if _registered:
        os.environ[USER_SCENARIOS_ENV] = os.pathsep.join(str(p) for p in _registered.values())


def register_from_environment() -> None:
    """Register the user scenario files listed in :data:`USER_SCENARIOS_ENV` (in a launcher worker)."""
    for path in filter(None, os.environ.get(USER_SCENARIOS_ENV, "").split(os.pathsep)):
        register_user_scenario(path)


# --- overrides and command lines --------------------------------------------------------------------


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
    preset of that launcher (:data:`PLUGIN_LAUNCHERS`).

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
    if group == SCENARIO and is_user_file(value):
        return register_user_scenario(str(value))
    if group == LAUNCHER and isinstance(value, str):
        value = PLUGIN_LAUNCHERS.get(value, value)
    return group_option(group, value, schema)


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


# --- output location --------------------------------------------------------------------------------


def check_output_dir(folder: Path, key: str, need: int, *, fresh: bool) -> None:
    """Check, before anything runs, that ``folder`` can take ``need`` bytes of outputs.

    Parameters
    ----------
    folder : pathlib.Path
        The output folder (it may not exist yet).
    key : str
        The config key that chose it (named in the error).
    need : int
        Bytes the outputs will take (an estimate).
    fresh : bool
        Whether the folder must be new or empty (a run; a sweep folder may hold jobs to resume).

    Raises
    ------
    OutputError
        If the folder is the current one, is a file, is a non-empty run folder, cannot be created
        or written, or its disk has less than ``need`` bytes free.
    """
    text = str(folder)
    if folder.resolve() == Path.cwd().resolve():
        raise OutputError(key, text, "a folder of its own, not the current folder")
    if folder.exists() and (not folder.is_dir() or (fresh and any(folder.iterdir()))):
        raise OutputError(key, text, "a new or empty folder (two runs into one folder would lose one)")
    existing = next(p for p in [folder, *folder.parents] if p.exists())
    try:
        if not existing.is_dir():
            raise OSError(errno.ENOTDIR, f"{existing} is a file")
        fd, probe = tempfile.mkstemp(dir=existing, prefix=".cogov-probe-")
        os.close(fd)
        os.unlink(probe)
        free = shutil.disk_usage(existing).free
    except OSError as err:
        raise OutputError(key, text, f"a writable folder ({one_line(err)})") from None
    if free < need:
        raise OutputError(
            key, text, f"a disk with {need / 2**20:.1f} MiB free ({free / 2**20:.1f} MiB there)"
        )


def guarded(tool: str, check: Callable[[], Any]) -> Any:
    """Call ``check()``; a :class:`ConfigError` ends the tool with one line and its exit code."""
    try:
        return check()
    except ConfigError as err:
        fail(tool, err)
