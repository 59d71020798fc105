"""Compose a scenario's config with Hydra and turn it into a validated :class:`sim.params.Config`.

This is the edge where Hydra and OmegaConf live: the model and its mechanisms only see typed
dataclasses. Every override, group option and scenario file is checked as data first
(:mod:`scenarios.overrides`); every error in checking, composing or validating becomes a one-line
:class:`ConfigError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from hydra import compose, initialize_config_dir
from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from scenarios.groups import SCENARIO, config_dir, options
from scenarios.names import check_name
from scenarios.overrides import check_override
from scenarios.user_scenarios import USER_SCENARIOS
from sim.params import Config
from sim.validate import ConfigError, describe, validate

CONFIG_NAME = "config"
SCHEMA_NAME = "cogov_schema"


def register_schema() -> None:
    """Register :class:`Config` as the structured schema that the primary config extends.

    The user scenario files of the command that started this process (a launcher worker) are
    registered too (:meth:`~scenarios.user_scenarios.UserScenarios.adopt`).
    """
    ConfigStore.instance().store(name=SCHEMA_NAME, node=Config)
    USER_SCENARIOS.adopt()


def presets() -> list[str]:
    """Names of the scenario presets (``configs/scenario/*.yaml``)."""
    return options(SCENARIO)


def to_config(dcfg: DictConfig) -> Config:
    """Convert a composed DictConfig (Hydra keys dropped) into a validated :class:`Config`.

    Raises
    ------
    ConfigError
        If a value has the wrong type or is out of range, the scenario's name is not a name
        (:func:`scenarios.names.check_name`: it becomes part of the output folder's path), or
        ``measure_from`` is beyond ``steps``.
    """
    plain = {k: v for k, v in dcfg.items() if k != "hydra"}
    try:
        merged = OmegaConf.merge(OmegaConf.structured(Config), plain)
        cfg = OmegaConf.to_object(merged)
    except OmegaConfBaseException as err:
        raise translate(err) from None
    assert isinstance(cfg, Config)
    check_name(SCENARIO, cfg.scenario)
    validate(cfg)
    if cfg.measure_from > cfg.steps:  # the engine checks this for runs of at least one day
        raise ConfigError("measure_from", cfg.measure_from, f"0 to steps = {cfg.steps}")
    return cfg


def load_config(scenario: str | Path = "urban_baseline", overrides: Sequence[str] = ()) -> Config:
    """Compose a scenario with overrides, as ``cogov-run scenario=NAME key=value`` would.

    Parameters
    ----------
    scenario : str or pathlib.Path
        Name of a preset in ``configs/scenario/``, or the path of a user's scenario file
        (``.yaml``; read as data over the defaults, see :mod:`scenarios.user_scenarios`).
    overrides : sequence of str
        Hydra overrides such as ``"community.residents=2000"`` or ``"participation.rule=threshold"``.

    Returns
    -------
    Config
        The validated configuration.

    Raises
    ------
    ConfigError
        For an unknown scenario, file or key, or a value of the wrong type or out of range.

    Examples
    --------
    >>> cfg = load_config("threshold_docking", ["community.network.mean_degree=4"])
    >>> cfg.participation.rule, cfg.community.network.mean_degree
    ('threshold', 4.0)
    """
    option = USER_SCENARIOS.option(scenario)
    checked = [check_override(str(o)) for o in overrides]
    return to_config(compose_checked([f"{SCENARIO}={option}", *checked]))


@contextmanager
def composing() -> Iterator[None]:
    """Let Hydra compose from ``configs/`` (cleared after); Hydra and OmegaConf errors become ConfigError."""
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(config_dir()), version_base="1.3"):
            yield
    except (HydraException, OmegaConfBaseException) as err:
        raise translate(err) from None
    finally:
        GlobalHydra.instance().clear()


def compose_checked(overrides: Sequence[str], *, with_hydra: bool = False) -> DictConfig:
    """Compose the primary config with overrides checked by :func:`scenarios.overrides.check_override`."""
    register_schema()
    with composing():
        return compose(CONFIG_NAME, overrides=list(overrides), return_hydra_config=with_hydra)


def expand(overrides: Sequence[str]) -> list[list[str]]:
    """The overrides of every point of a multirun, in the order of Hydra's basic sweeper."""
    register_schema()
    with composing():
        loader = GlobalHydra.instance().config_loader()
        parsed = OverridesParser.create(config_loader=loader).parse_overrides(list(overrides))
        return [list(point) for point in BasicSweeper.split_arguments(parsed, None)[0]]


def translate(err: BaseException) -> ConfigError:
    """Turn a Hydra or OmegaConf error into a one-line :class:`ConfigError`."""
    text = str(err)
    missing = re.search(r"Could not find '(\w+)/([^']*)'", text)
    if missing:
        group = missing.group(1)
        return ConfigError(group, missing.group(2), ", ".join(options(group)))
    cause = err.__cause__ if err.__cause__ is not None else err
    if not isinstance(cause, OmegaConfBaseException):
        return ConfigError("config", text.strip().splitlines()[0] if text.strip() else None, "a valid config")
    key = getattr(cause, "full_key", None) or "config"
    given = re.search(r"Value '([^']*)'", str(cause)) or re.search(r"value: (.*)", str(cause))
    value = given.group(1) if given else getattr(cause, "value", None)
    unknown = "not in" in str(cause) and "Key '" in str(cause)
    return ConfigError(key, None if unknown else value, describe(key), unknown=unknown)
