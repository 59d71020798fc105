"""Names that end up in paths: checked once where they enter, turned into file names in one place.

A scenario's name comes from a preset, a user's scenario file (its file name or its ``scenario:``
value), a command line or a received results table, and becomes part of folder and file names
(``outputs/<scenario>/...``, ``brief_<scenario>.png``) and of page text. :func:`check_name` is the
one rule a name must pass where it enters; :func:`file_name` makes the file-name form of any other
text (a metric column of a received table, say), and :func:`inside` checks that a path a tool is
about to write stays in its output folder after links are resolved.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from sim.validate import ConfigError

MAX_NAME = 64
"""Longest name, in characters."""
NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
NAME_TEXT = f"a name of letters, digits, _, - and . (not starting with .), at most {MAX_NAME} characters"
"""What :func:`check_name` allows, in words (named in its errors)."""
DIGEST = 8
SUFFIX = re.compile(r"[A-Za-z0-9]{1,8}")
"""A file suffix that :func:`file_name` keeps (without its dot)."""
"""Hex digits of the digest that keeps two unlike names apart in :func:`file_name`."""


def is_name(value: Any) -> bool:
    """Whether ``value`` is a name that may become a file name as it is.

    Examples
    --------
    >>> is_name("my_town-2.v1"), is_name("../x"), is_name(".hidden"), is_name("x" * 65)
    (True, False, False, False)
    """
    return isinstance(value, str) and len(value) <= MAX_NAME and NAME.fullmatch(value) is not None


def check_name(key: str, value: Any) -> str:
    """Return ``value`` if it is a name (:func:`is_name`).

    Raises
    ------
    ConfigError
        Naming ``key``, the value and what a name may hold.
    """
    if not is_name(value):
        raise ConfigError(key, value, NAME_TEXT)
    return str(value)


def file_name(text: str) -> str:
    """The file-name form of any text: a name stays as it is, other text gets a digest to stay apart.

    A short suffix (``.csv``, ``.png``) stays at the end.

    Examples
    --------
    >>> file_name("active_share.csv")
    'active_share.csv'
    >>> file_name("../../etc/x"), file_name("sensitivity_../x.csv")
    ('_.._etc_x-56da1a2e', 'sensitivity_.._x-8254d098.csv')
    """
    if is_name(text):
        return text
    stem, dot, ext = text.rpartition(".")
    suffix = f".{ext}" if stem and SUFFIX.fullmatch(ext) else ""
    kept = re.sub(r"[^A-Za-z0-9_.-]", "_", text.removesuffix(suffix))
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST]
    return f"{kept[: MAX_NAME - DIGEST - 1 - len(suffix)].lstrip('.')}-{digest}{suffix}"


def inside(root: Path, path: Path) -> Path:
    """Return ``path`` if it stays inside ``root`` once links and ``..`` are resolved.

    Raises
    ------
    ConfigError
        For a path that leads out of ``root`` (a name with ``/`` or ``..``, or a link).

    Examples
    --------
    >>> inside(Path("out"), Path("out/figures/a.png"))
    PosixPath('out/figures/a.png')
    """
    base = root.resolve()
    if not path.resolve().is_relative_to(base):
        raise ConfigError("output path", str(path), f"a path inside the output folder {root}")
    return path
