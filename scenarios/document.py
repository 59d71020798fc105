"""Generate ``docs/PARAMETERS.md`` from the field metadata of :class:`sim.params.Config`.

Every parameter is declared once, with :func:`sim.params.param`, together with its meaning, unit,
range and source. This module walks :class:`~sim.params.Config` recursively (no group is named here,
so new groups appear by themselves) and renders one table per group, keyed by the dotted names used
on the command line. A group whose members are all the same kind of dataclass (the twelve channels)
is rendered as a *family*: the field meanings once, then a wide table of each member's defaults.
Last come the keys each scenario preset (``configs/scenario/*.yaml``) changes.

Run ``python -m scenarios.document`` to rewrite the file, ``python -m scenarios.document --check``
to only compare (exit 1 when the committed file is out of date).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from scenarios.load import config_dir, load_config, presets
from sim.params import Config, Leaf, leaves
from sim.validate import KINDS, allowed

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "PARAMETERS.md"
"""Where :func:`main` writes the document (``docs/PARAMETERS.md`` of the source tree)."""

FAMILY_COLUMNS = 8
"""Fields per wide defaults table of a family (the table is split so that it stays readable)."""

NOT_COMPARED = ("scenario",)
"""Keys left out of the preset differences (the preset's own name)."""


@dataclass(frozen=True)
class Group:
    """A dataclass node of the config tree with its own scalar parameters.

    Attributes
    ----------
    key : str
        Dotted prefix of the group ("" for the top level).
    doc : str
        The group class's docstring, as Markdown.
    leaves : tuple of Leaf
        Its scalar parameters, in declaration order.
    members : tuple of str
        For a family, the member names (e.g. the channels); empty otherwise.
    """

    key: str
    doc: str
    leaves: tuple[Leaf, ...]
    members: tuple[str, ...] = ()


def _markdown(doc: str | None) -> str:
    """Turn a class docstring into Markdown: Sphinx roles become code, paragraphs are re-flowed."""
    if not doc:
        return ""
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", doc)
    text = text.replace("``", "`")
    lines = [line.strip() for line in text.strip().splitlines()]
    paragraphs = " ".join(line if line else "\n\n" for line in lines).split("\n\n")
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def _leaves(node: Any, prefix: str) -> tuple[Leaf, ...]:
    return tuple(
        Leaf(f"{prefix}{f.name}", f, getattr(node, f.name))
        for f in fields(node)
        if not is_dataclass(getattr(node, f.name))
    )


def _family(node: Any) -> tuple[str, ...]:
    """Member names when all fields of ``node`` are dataclasses of one type (at least two), else ()."""
    values = [getattr(node, f.name) for f in fields(node)]
    if len(values) >= 2 and all(is_dataclass(v) for v in values) and len({type(v) for v in values}) == 1:
        return tuple(f.name for f in fields(node))
    return ()


def walk(node: Any = None, prefix: str = "") -> Iterator[Group]:
    """Yield the groups of the config tree depth-first, in declaration order.

    Parameters
    ----------
    node : dataclass instance, optional
        Where to start (default: ``Config()``).
    prefix : str
        Dotted key of ``node`` followed by a dot ("" at the top).

    Yields
    ------
    Group
        Every node with scalar parameters, and every family as one group whose leaves are the
        first member's (with ``<member>`` in their keys).

    Examples
    --------
    >>> [g.key for g in walk()][:3]
    ['', 'community', 'community.network']
    """
    if node is None:
        node = Config()
    key = prefix.rstrip(".")
    members = _family(node)
    if members:
        first = getattr(node, members[0])
        yield Group(key, _markdown(type(node).__doc__), _leaves(first, f"{prefix}<member>."), members)
        return
    leaves = _leaves(node, prefix)
    if leaves:
        yield Group(key, _markdown(type(node).__doc__), leaves)
    for f in fields(node):
        child = getattr(node, f.name)
        if is_dataclass(child):
            yield from walk(child, f"{prefix}{f.name}.")


def flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    """Map every dotted key of a config tree to its value.

    Examples
    --------
    >>> flatten(Config())["channels.phone.reach"]
    0.02
    """
    return {leaf.key: leaf.value for leaf in leaves(node, prefix)}


def value_text(value: Any) -> str:
    """Write a value as it is written in YAML and on the command line.

    Examples
    --------
    >>> value_text(True), value_text(0.05), value_text("urban"), value_text(None)
    ('true', '0.05', 'urban', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def allowed_text(leaf: Leaf) -> str:
    """Describe what a parameter accepts, in the words of the validator's error messages."""
    meta = dict(leaf.field.metadata)
    kind = KINDS.get(str(leaf.field.type), type(leaf.value))
    if kind in (bool, int, float, str):
        return allowed(kind, meta)
    if meta.get("choices"):
        return ", ".join(meta["choices"])
    return "see the code"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def _unit(leaf: Leaf) -> str:
    return leaf.field.metadata.get("unit") or "–"


def _source(leaf: Leaf) -> str:
    return leaf.field.metadata.get("source") or "assumed"


def _doc(leaf: Leaf) -> str:
    return leaf.field.metadata.get("doc", "")


def render_group(group: Group) -> list[str]:
    """Markdown of a plain group: one row per parameter."""
    title = f"`{group.key}`" if group.key else "Top level"
    out = [f"## {title}", ""]
    if group.doc:
        out += [group.doc, ""]
    header = ("key", "meaning", "unit", "default", "allowed", "source")
    rows = [
        (
            f"`{leaf.key}`",
            _doc(leaf),
            _unit(leaf),
            f"`{value_text(leaf.value)}`",
            allowed_text(leaf),
            _source(leaf),
        )
        for leaf in group.leaves
    ]
    return [*out, *_table(header, rows), ""]


def render_family(group: Group) -> list[str]:
    """Markdown of a family: the shared fields once, then each member's defaults in wide tables."""
    out = [f"## `{group.key}`", ""]
    if group.doc:
        out += [group.doc, ""]
    names = ", ".join(f"`{m}`" for m in group.members)
    example = f"{group.key}.{group.members[0]}.{group.leaves[0].field.name}"
    out += [
        f"Members: {names}. Each has the fields below; the key of a field is "
        f"`{group.key}.<member>.<field>`, e.g. `{example}`.",
        "",
    ]
    header = ("field", "meaning", "unit", "allowed", "source")
    rows = [
        (f"`{leaf.field.name}`", _doc(leaf), _unit(leaf), allowed_text(leaf), _source(leaf))
        for leaf in group.leaves
    ]
    out += [*_table(header, rows), "", f"Defaults of each member of `{group.key}`:", ""]
    node: Any = Config()
    for part in group.key.split("."):
        node = getattr(node, part)
    names_ = [leaf.field.name for leaf in group.leaves]
    for start in range(0, len(names_), FAMILY_COLUMNS):
        chunk = names_[start : start + FAMILY_COLUMNS]
        wide: list[tuple[str, ...]] = [
            (f"`{m}`", *(value_text(getattr(getattr(node, m), name)) for name in chunk))
            for m in group.members
        ]
        out += [*_table(("member", *chunk), wide), ""]
    return out


def preset_summary(name: str) -> str:
    """First comment sentence of a preset's YAML file (its one-line description)."""
    lines = (config_dir() / "scenario" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    comment = []
    for line in lines:
        if not line.startswith("#"):
            break
        text = line.lstrip("#").strip()
        if not text.startswith("@package"):
            comment.append(text)
    return " ".join(comment)


def preset_changes(name: str) -> list[tuple[str, Any, Any]]:
    """Keys whose value in preset ``name`` differs from ``Config()``: ``(key, preset, default)``."""
    base, preset = flatten(Config()), flatten(load_config(name))
    return [(k, preset[k], base[k]) for k in base if k not in NOT_COMPARED and preset[k] != base[k]]


def render_presets() -> list[str]:
    """Markdown of the scenario presets and the keys each one changes."""
    out = [
        "## Scenario presets",
        "",
        "Each preset (`configs/scenario/NAME.yaml`, chosen with `scenario=NAME`) is listed with the keys "
        "it changes with respect to the defaults above (`scenario` itself left out).",
        "",
    ]
    for name in presets():
        out += [f"### `{name}`", "", preset_summary(name), ""]
        changes = preset_changes(name)
        if changes:
            rows = [(f"`{k}`", f"`{value_text(v)}`", f"`{value_text(d)}`") for k, v, d in changes]
            out += [*_table(("key", "preset", "default"), rows), ""]
        else:
            out += ["No key differs from the defaults.", ""]
    return out


def generate() -> str:
    """Return the full text of ``docs/PARAMETERS.md``."""
    groups = list(walk())
    index = ", ".join(f"`{g.key}`" if g.key else "top level" for g in groups)
    out = [
        "# Parameters",
        "",
        "<!-- Generated by `python -m scenarios.document` from the field metadata of sim/params.py. "
        "Do not edit by hand: change sim/params.py and regenerate. -->",
        "",
        "Every parameter of a run, by group. The **key** is the dotted name used on the command line "
        "(`cogov-run community.residents=2000`), in YAML presets, in `load_config` overrides, as keyword "
        "arguments of `sim.CommunityModel` and in sweeps. **allowed** is what the validator accepts "
        "(anything else stops the run with exit code 2). **source** is where the default comes from; "
        "*assumed* marks a modelling choice, not a measurement. Unit – means dimensionless (shares, "
        "probabilities, weights).",
        "",
        f"Groups: {index}, scenario presets.",
        "",
    ]
    for group in groups:
        out += render_family(group) if group.members else render_group(group)
    out += render_presets()
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``docs/PARAMETERS.md`` (or, with ``--check``, only compare it).

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 when written or up to date, 1 when ``--check`` finds the file out of date.
    """
    parser = argparse.ArgumentParser(prog="python -m scenarios.document", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write (default: {OUTPUT})")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python -m scenarios.document", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
