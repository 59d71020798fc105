"""Value types: which keys a tool's schema has and what type of value each key takes.

A key is a dotted path into the schema dataclass (``community.residents``); its field's type and
metadata say what it accepts. Only the type is checked here, before Hydra composes anything
(``true``/``false`` for a boolean: ``2`` or ``yes`` are errors; never ``???`` or an interpolation);
ranges are checked on the whole config later (:func:`sim.validate.validate`).
"""

from __future__ import annotations

from dataclasses import Field, dataclass, fields, is_dataclass
from typing import Any

from scenarios.groups import MODEL_GROUPS, SCENARIO
from sim.params import Config
from sim.validate import KINDS, ConfigError, allowed

KIND_TEXT = {
    "list[int]": "a list of integers",
    "int | None": "an integer or null",
    "dict[str, list[float]]": "a mapping of parameter keys to [low, high]",
}


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
