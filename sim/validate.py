"""Validation of a :class:`~sim.params.Config` from the ranges declared in its fields."""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from typing import Any

from sim.network import COMPLETE_MAX_RESIDENTS
from sim.params import Config


class ConfigError(ValueError):
    """An invalid configuration value; ``str(error)`` is one line naming the key and what is allowed.

    Parameters
    ----------
    key : str
        Dotted key of the offending value.
    value : Any
        The value given.
    allowed : str
        What is allowed instead.
    """

    def __init__(self, key: str, value: Any, allowed: str) -> None:
        self.key, self.value, self.allowed = key, value, allowed
        super().__init__(f"invalid value for '{key}': {value!r} (allowed: {allowed})")


def _bounds(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"{lo:g} to {hi:g}"
    return f">= {lo:g}" if lo is not None else f"<= {hi:g}"


def _check_field(key: str, value: Any, kind: type, meta: dict[str, Any]) -> None:
    if kind is bool:
        if not isinstance(value, bool):
            raise ConfigError(key, value, "true or false")
        return
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(key, value, "an integer " + _bounds(meta["lo"], meta["hi"]))
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise ConfigError(key, value, "a number " + _bounds(meta["lo"], meta["hi"]))
    if kind is str:
        choices = meta.get("choices")
        if not isinstance(value, str) or (choices and value not in choices):
            raise ConfigError(key, value, ", ".join(choices) if choices else "a string")
        return
    lo, hi = meta.get("lo"), meta.get("hi")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ConfigError(key, value, _bounds(lo, hi))


def _walk(obj: Any, prefix: str) -> None:
    kinds = {"bool": bool, "int": int, "float": float, "str": str}
    for f in fields(obj):
        value = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if is_dataclass(value):
            _walk(value, key + ".")
        else:
            _check_field(key, value, kinds[str(f.type)], dict(f.metadata))


def validate(cfg: Config) -> Config:
    """Check every value of ``cfg`` against its declared type and range, and the cross-field rules.

    Parameters
    ----------
    cfg : Config
        The configuration to check.

    Returns
    -------
    Config
        ``cfg`` itself, when valid.

    Raises
    ------
    ConfigError
        On the first invalid value, naming its key and the allowed values.
    """
    _walk(cfg, "")
    n = cfg.community.residents
    c = cfg.community
    if c.youth_share + c.senior_share > 1.0:
        raise ConfigError("community.senior_share", c.senior_share, f"at most 1 - youth_share = {1 - c.youth_share:g}")
    p = cfg.participation
    if p.initial_active > n:
        raise ConfigError("participation.initial_active", p.initial_active, f"0 to community.residents = {n}")
    if p.occasional_min > p.active_min:
        raise ConfigError("participation.occasional_min", p.occasional_min, f"at most active_min = {p.active_min}")
    if c.network.kind == "complete" and n > COMPLETE_MAX_RESIDENTS:
        raise ConfigError("community.residents", n, f"at most {COMPLETE_MAX_RESIDENTS} with the complete network")
    if c.network.kind in ("erdos_renyi", "watts_strogatz") and c.network.mean_degree > n - 1:
        raise ConfigError("community.network.mean_degree", c.network.mean_degree, f"0 to residents - 1 = {n - 1}")
    for f in fields(cfg.channels):
        ch = getattr(cfg.channels, f.name)
        if ch.open_hour >= ch.close_hour:
            raise ConfigError(f"channels.{f.name}.close_hour", ch.close_hour, f"more than open_hour = {ch.open_hour}")
    return cfg
