"""Markdown pipe tables: the one writer of every table the tools print or write into a document."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

_PIPE = re.compile(r"(?<!\\)\|")
"""A ``|`` not yet escaped (text from :func:`scenarios.labels.markdown_text` is escaped already)."""


def cell(value: Any) -> str:
    r"""Text of a table cell: empty for a missing value (None or NaN), ``|`` escaped once, on one line.

    Examples
    --------
    >>> cell(None), cell(float("nan")), cell("a | b"), cell(r"a \| b"), cell(0.5)
    ('', '', 'a \\| b', 'a \\| b', '0.5')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return _PIPE.sub(r"\\|", str(value)).replace("\n", " ")


def pipe_table(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown pipe table of ``header`` and ``rows`` (cells by :func:`cell`), without a final newline.

    Examples
    --------
    >>> print(pipe_table(["key", "value"], [("a", 1), ("b", None)]))
    | key | value |
    | --- | --- |
    | a | 1 |
    | b |  |
    """
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
