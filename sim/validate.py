"""Validation of a :class:`~sim.params.Config` from the ranges declared in its fields."""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from typing import Any

from sim.params import (
    ACTIVITY_CHANNELS,
    CHANNEL_NAMES,
    COMPLETE_MAX_RESIDENTS,
    Config,
    leaves,
    own_channels,
)


class ConfigError(ValueError):
    """An invalid configuration value; ``str(error)`` is one line naming the key and what is allowed.

    The key and value are shown with ``repr`` (a key with a newline or a quote stays on one line).

    Parameters
    ----------
    key : str
        Dotted key of the offending value.
    value : Any
        The value given.
    allowed : str
        What is allowed instead.
    """

    def __init__(self, key: str, value: Any, allowed: str, *, unknown: bool = False) -> None:
        self.key, self.value, self.allowed, self.unknown = key, value, allowed, unknown
        what = f"unknown key {key!r}" if unknown else f"invalid value for {key!r}: {value!r}"
        super().__init__(f"{what} (allowed: {' '.join(allowed.splitlines())})")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the constructor's arguments (errors cross process pools in sweeps)."""
        return _rebuild, (type(self), self.key, self.value, self.allowed, self.unknown)


def _rebuild(cls: type[ConfigError], key: str, value: Any, allowed: str, unknown: bool) -> ConfigError:
    return cls(key, value, allowed, unknown=unknown)


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _bounds(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"{_num(lo)} to {_num(hi)}"
    return f">= {_num(lo)}" if lo is not None else f"<= {_num(hi)}"  # type: ignore[arg-type]


KINDS: dict[str, type] = {"bool": bool, "int": int, "float": float, "str": str}


def allowed(kind: type, meta: dict[str, Any]) -> str:
    """Describe the values a field of type ``kind`` with metadata ``meta`` accepts."""
    if kind is bool:
        return "true or false"
    if kind is str:
        return ", ".join(meta["choices"]) if meta.get("choices") else "a string"
    noun = "an integer" if kind is int else "a number"
    if meta.get("lo") is None and meta.get("hi") is None:
        return noun
    return f"{noun} {_bounds(meta['lo'], meta['hi'])}"


def _check_field(key: str, value: Any, kind: type, meta: dict[str, Any]) -> None:
    if kind is bool or kind is str:
        ok = isinstance(value, kind) and (kind is bool or not meta.get("choices") or value in meta["choices"])
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)
    if ok and kind in (int, float):
        lo, hi = meta.get("lo"), meta.get("hi")
        ok = (lo is None or value >= lo) and (hi is None or value <= hi)
    if not ok:
        raise ConfigError(key, value, allowed(kind, meta))


def describe(key: str) -> str:
    """Describe what the dotted ``key`` of :class:`Config` accepts (its keys, for a group or unknown key)."""
    node: Any = Config()
    parts = key.split(".")
    for depth, part in enumerate(parts):
        names = {f.name: f for f in fields(node)}
        if part not in names:
            where = ".".join(parts[:depth]) or "the top level"
            return f"one of the keys of {where}: {', '.join(names)}"
        f = names[part]
        child = getattr(node, part)
        if not is_dataclass(child):
            return allowed(KINDS[str(f.type)], dict(f.metadata))
        node = child
    return f"a group with keys {', '.join(f.name for f in fields(node))}"


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
    for leaf in leaves(cfg):
        _check_field(leaf.key, leaf.value, KINDS[str(leaf.field.type)], dict(leaf.field.metadata))
    n = cfg.community.residents
    c = cfg.community
    if c.youth_share + c.senior_share > 1.0:
        raise ConfigError(
            "community.senior_share", c.senior_share, f"at most 1 - youth_share = {1 - c.youth_share:g}"
        )
    if cfg.steps and cfg.measure_from >= cfg.steps:
        raise ConfigError("measure_from", cfg.measure_from, f"0 to steps - 1 = {cfg.steps - 1}")
    if cfg.intervention_days and cfg.intervention_days >= cfg.steps:
        raise ConfigError(
            "intervention_days", cfg.intervention_days, f"0 (to the end) or 1 to steps - 1 = {cfg.steps - 1}"
        )
    unknown = own_channels(cfg) - {*CHANNEL_NAMES, *ACTIVITY_CHANNELS}
    if unknown:
        raise ConfigError(
            "own_channels",
            cfg.own_channels,
            f"names joined by + among {', '.join((*CHANNEL_NAMES, *ACTIVITY_CHANNELS))}",
        )
    p = cfg.participation
    if p.initial_active > n:
        raise ConfigError("participation.initial_active", p.initial_active, f"0 to community.residents = {n}")
    if p.active_acts > p.governance_window:
        raise ConfigError(
            "participation.active_acts", p.active_acts, f"at most governance_window = {p.governance_window}"
        )
    if c.network.kind == "complete" and n > COMPLETE_MAX_RESIDENTS:
        raise ConfigError(
            "community.residents", n, f"at most {COMPLETE_MAX_RESIDENTS} with the complete network"
        )
    if c.network.kind in ("erdos_renyi", "watts_strogatz") and c.network.mean_degree > n - 1:
        raise ConfigError(
            "community.network.mean_degree", c.network.mean_degree, f"0 to residents - 1 = {n - 1}"
        )
    _check_order(c.wake_hour, c.sleep_hour, "community.sleep_hour", "wake_hour")
    _check_order(c.work_start, c.work_end, "community.work_end", "work_start")
    for f in fields(cfg.channels):
        ch = getattr(cfg.channels, f.name)
        _check_order(ch.open_hour, ch.close_hour, f"channels.{f.name}.close_hour", "open_hour")
        if ch.session_days > ch.period:
            raise ConfigError(
                f"channels.{f.name}.session_days", ch.session_days, f"1 to period = {ch.period}"
            )
        if ch.lapse_turnout > 0 and ch.institution != "homeowners":
            raise ConfigError(
                f"channels.{f.name}.lapse_turnout",
                ch.lapse_turnout,
                "0 unless the channel's institution is homeowners (only a founded institution can lapse)",
            )
    return cfg


def _check_order(first: float, then: float, key: str, first_name: str) -> None:
    """``then`` (at ``key``) must come after ``first`` (named ``first_name`` beside it)."""
    if then <= first:
        raise ConfigError(key, then, f"more than {first_name} = {first:g}")
