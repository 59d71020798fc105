"""Received files as plain data: JSON and YAML read without interpolation, tags or aliases, within limits.

A sweep folder someone sends holds ``plan.json``, ``manifest.json`` files and Hydra's
``multirun.yaml``; a comparison keeps its ``rows.json``. None of them is trusted:

- YAML is read with a safe loader (OmegaConf's rules for numbers and booleans) that refuses aliases
  and anchors (a few hundred bytes of nested aliases expand to billions of nodes), every explicit
  tag (``!!python/...``, ``!!binary``...) and nesting deeper than :data:`MAX_DEPTH`; nothing is
  interpolated (``${oc.env:...}`` stays the text it is);
- JSON refuses ``NaN`` and ``Infinity``, numbers that overflow to infinity (``1e400``) and nesting
  deeper than :data:`MAX_DEPTH`;
- every number is finite and every integer fits a signed 64-bit integer; a file is at most
  :data:`MAX_BYTES`.

Anything else is a :class:`DataError` whose message is one line naming the file and what is wrong.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import yaml
from omegaconf._utils import get_yaml_loader

MAX_BYTES = 64 << 20
"""Largest received file (a plan of 100,000 jobs takes about 10 MiB)."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings."""
MAX_INT = 2**63 - 1
"""Largest integer (a seed is a signed 64-bit integer)."""


class DataError(ValueError):
    """A received file that is not plain data within the limits; the message is one line."""


class PlainLoader(get_yaml_loader()):  # type: ignore[misc]
    """OmegaConf's YAML loader without aliases, anchors or explicit tags, nested :data:`MAX_DEPTH` at most."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Compose one node, refusing what plain data does not have."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.YAMLError("YAML aliases (*name) and anchors (&name) are not plain data")
        if getattr(event, "tag", None) not in (None, "!"):
            raise yaml.YAMLError(f"a YAML tag ({event.tag}) is not plain data")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse_yaml(text: str) -> Any:
    """Parse YAML text as plain data (see :class:`PlainLoader`).

    Raises
    ------
    yaml.YAMLError
        For text that is not YAML or not plain data.

    Examples
    --------
    >>> parse_yaml("a: {b: [1, 2.5, true, '${oc.env:HOME}']}")
    {'a': {'b': [1, 2.5, True, '${oc.env:HOME}']}}
    """
    return yaml.load(text, Loader=PlainLoader)  # noqa: S506 (a safe loader)


def check_plain(value: Any, depth: int = 0) -> None:
    """Check that ``value`` is finite numbers, 64-bit integers, text and booleans in lists and mappings.

    Raises
    ------
    ValueError
        Naming the first value that is not.
    """
    if depth > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        for k, v in value.items():
            check_plain(k, depth + 1)
            check_plain(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            check_plain(v, depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"the number {value} (allowed: finite numbers)")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise ValueError(f"the integer {value:.3g} (allowed: -2^63+1 to 2^63-1)")
    elif value is not None and not isinstance(value, str | int | float | bool):
        raise ValueError(f"a {type(value).__name__} (allowed: numbers, text, booleans, lists, mappings)")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text} (allowed: finite numbers)")
    return number


def _constant(text: str) -> None:
    raise ValueError(f"{text} (allowed: finite numbers)")


def read(path: Path) -> Any:
    """Read a received JSON (``.json``) or YAML file as plain data.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DataError
        One line naming the file and what is wrong: unreadable, too big, not valid JSON or YAML,
        an alias, a tag, nested too deep, or a number out of range.
    """
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"bigger than {MAX_BYTES >> 20} MiB")
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            data = json.loads(text, parse_float=_finite, parse_constant=_constant)
        else:
            data = parse_yaml(text)
        check_plain(data)
    except FileNotFoundError:
        raise
    except RecursionError:
        raise DataError(f"{path}: not plain data (nested too deep)") from None
    except (OSError, ValueError, yaml.YAMLError) as err:
        lines = str(err).strip().splitlines() or [type(err).__name__]
        raise DataError(f"{path}: not plain data ({lines[0]})") from None
    return data
