"""Compose a scenario's config with Hydra and turn it into a validated :class:`sim.params.Config`.

This is the edge where Hydra and OmegaConf live: the model and its mechanisms only see typed
dataclasses. Every error in composing or validating becomes a one-line :class:`ConfigError`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.params import Config
from sim.validate import ConfigError, describe, validate

CONFIG_NAME = "config"
SCHEMA_NAME = "cogov_schema"


def config_dir() -> Path:
    """Directory of the Hydra YAML configs (the ``configs`` package)."""
    return Path(str(files("configs")))


def register_schema() -> None:
    """Register :class:`Config` as the structured schema that the primary config extends."""
    ConfigStore.instance().store(name=SCHEMA_NAME, node=Config)


def presets() -> list[str]:
    """Names of the scenario presets (``configs/scenario/*.yaml``)."""
    return sorted(p.stem for p in (config_dir() / "scenario").glob("*.yaml"))


def to_config(dcfg: DictConfig) -> Config:
    """Convert a composed DictConfig (Hydra keys dropped) into a validated :class:`Config`.

    Raises
    ------
    ConfigError
        If a value has the wrong type or is out of range.
    """
    plain = {k: v for k, v in dcfg.items() if k != "hydra"}
    try:
        merged = OmegaConf.merge(OmegaConf.structured(Config), plain)
        cfg = OmegaConf.to_object(merged)
    except OmegaConfBaseException as err:
        raise translate(err) from None
    assert isinstance(cfg, Config)
    return validate(cfg)


def load_config(scenario: str = "urban_baseline", overrides: Sequence[str] = ()) -> Config:
    """Compose a scenario preset with overrides, as ``cogov-run scenario=NAME key=value`` would.

    Parameters
    ----------
    scenario : str
        Name of a preset in ``configs/scenario/``.
    overrides : sequence of str
        Hydra overrides such as ``"community.residents=2000"`` or ``"participation.rule=threshold"``.

    Returns
    -------
    Config
        The validated configuration.

    Raises
    ------
    ConfigError
        For an unknown scenario or key, or a value of the wrong type or out of range.

    Examples
    --------
    >>> cfg = load_config("threshold_docking", ["community.network.mean_degree=4"])
    >>> cfg.participation.rule, cfg.community.network.mean_degree
    ('threshold', 4.0)
    """
    return to_config(compose_dict(scenario, overrides))


def compose_dict(scenario: str, overrides: Sequence[str]) -> DictConfig:
    """Compose the raw DictConfig for ``scenario`` and ``overrides`` (errors become ConfigError)."""
    if scenario not in presets():
        raise ConfigError("scenario", scenario, ", ".join(presets()))
    register_schema()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(config_dir()), version_base="1.3"):
            return compose(CONFIG_NAME, overrides=[f"scenario={scenario}", *overrides])
    except (HydraException, OmegaConfBaseException) as err:
        raise translate(err) from None
    finally:
        GlobalHydra.instance().clear()


def translate(err: BaseException) -> ConfigError:
    """Turn a Hydra or OmegaConf error into a one-line :class:`ConfigError`."""
    text = str(err)
    missing = re.search(r"Could not find '(\w+)/([^']*)'", text)
    if missing:
        group = missing.group(1)
        options = sorted(p.stem for p in (config_dir() / group).glob("*.yaml"))
        return ConfigError(group, missing.group(2), ", ".join(options))
    cause = err.__cause__ if err.__cause__ is not None else err
    key = getattr(cause, "full_key", None) or "config"
    given = re.search(r"Value '([^']*)'", str(cause)) or re.search(r"value: (.*)", str(cause))
    value = given.group(1) if given else getattr(cause, "value", None)
    unknown = "not in" in str(cause) and "Key '" in str(cause)
    return ConfigError(key, None if unknown else value, describe(key), unknown=unknown)
