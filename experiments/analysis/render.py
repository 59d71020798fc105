"""Render report sections as Markdown and as one self-contained HTML file (figures base64-embedded).

Used by the statistical report (``report.md``/``report.html``) and the policy brief
(``brief.md``/``brief.html``). Nothing in the HTML is loaded from elsewhere: the style is inline and
every figure is a ``data:`` URL. Every text is escaped (names and fields of a received folder
included), a Markdown link becomes a live link only when its target is http(s) or relative
(:func:`safe_target`), and the page declares a content-security policy (:data:`POLICY`) that runs
no script at all: the pages have none.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from scenarios.outputs import write_atomic
from scenarios.tables import pipe_table

STYLE = (
    "body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}"
    "table{border-collapse:collapse;font-size:.85em;margin:.5em 0}"
    "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}img{max-width:100%}"
    "p{white-space:pre-line}p.headline{font-size:1.15em;font-weight:bold}"
    "@media print{h2.page{break-before:page}}"
)
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s'\"<>]+)\)")
"""A Markdown link ``[text](target)`` in a section's text (an HTML link in the page)."""
URL = re.compile(r"[A-Za-z0-9._~:/?#@!$&*+,;=%-]+")
"""Characters of a link target that may become a live link (no control characters, quotes or ``\\``)."""
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
"""Content-security policy of every page: inline style and ``data:`` images, no script, nothing loaded."""


@dataclass
class Section:
    """A titled block: a headline, text, an optional table and an optional figure (PNG path).

    ``level`` is the heading level (2 or 3); ``page`` starts a new printed page before it.
    """

    title: str
    text: str = ""
    table: pd.DataFrame | None = None
    figure: Path | None = None
    level: int = 2
    headline: str = ""
    page: bool = False


def save_figure(fig: Figure, path: Path) -> Path:
    """Save ``fig`` as a PNG at ``path`` (atomically) and close it."""
    write_atomic(path, lambda p: fig.savefig(p, format="png", dpi=110, bbox_inches="tight"))
    plt.close(fig)
    return path


def to_markdown(sections: list[Section], title: str, root: Path) -> str:
    """Render the report as Markdown (figures linked relative to ``root``)."""
    parts = [f"# {title}"]
    for s in sections:
        parts.append(f"{'#' * s.level} {s.title}")
        if s.headline:
            parts.append(f"**{s.headline}**")
        if s.text:
            parts.append(s.text)
        if s.table is not None and len(s.table):
            parts.append(pipe_table(s.table.columns, s.table.itertuples(index=False, name=None)))
        if s.figure is not None:
            parts.append(f"![{s.title}]({s.figure.relative_to(root).as_posix()})")
    return "\n\n".join(parts) + "\n"


def safe_target(target: str) -> bool:
    """Whether a link target may become a live link: an http(s) address or a relative path.

    Examples
    --------
    >>> safe_target("report/report.html"), safe_target("https://example.org/a?b=1")
    (True, True)
    >>> safe_target("javascript:alert(1)"), safe_target("//elsewhere.org"), safe_target("data:text/html,x")
    (False, False, False)
    """
    scheme = SCHEME.match(target)
    web = scheme is None or scheme.group(0).lower() in ("http:", "https:")
    return URL.fullmatch(target) is not None and web and not target.startswith("//")


def _linked(text: str) -> str:
    """Escape ``text`` for HTML, with its Markdown links of safe targets as HTML links.

    Examples
    --------
    >>> _linked("see [the report](report/report.html) & more")
    "see <a href='report/report.html'>the report</a> &amp; more"
    >>> _linked("[x](javascript:alert(1))")
    '[x](javascript:alert(1))'
    """
    parts, end = [], 0
    for link in LINK.finditer(text):
        label, target = link.groups()
        parts.append(html.escape(text[end : link.start()]))
        live = safe_target(target)
        parts.append(
            f"<a href='{html.escape(target)}'>{html.escape(label)}</a>" if live else html.escape(link[0])
        )
        end = link.end()
    return "".join([*parts, html.escape(text[end:])])


def to_html(sections: list[Section], title: str) -> str:
    """Render the report as one HTML page with every figure embedded as a base64 PNG."""
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{POLICY}\"><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
    ]
    for s in sections:
        page = " class='page'" if s.page else ""
        parts.append(f"<h{s.level}{page}>{html.escape(s.title)}</h{s.level}>")
        if s.headline:
            parts.append(f"<p class='headline'>{html.escape(s.headline)}</p>")
        if s.text:
            parts.append(f"<p>{_linked(s.text)}</p>")
        if s.table is not None and len(s.table):
            parts.append(s.table.to_html(index=False, na_rep="", border=0))
        if s.figure is not None:
            data = base64.b64encode(s.figure.read_bytes()).decode()
            parts.append(f"<img alt='{html.escape(s.title)}' src='data:image/png;base64,{data}'>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write(sections: list[Section], title: str, out: Path, stem: str = "report") -> Path:
    """Write ``<stem>.md`` and ``<stem>.html`` into ``out``; return the HTML file."""
    md, page = to_markdown(sections, title, out), to_html(sections, title)
    write_atomic(out / f"{stem}.md", lambda p: p.write_text(md))
    write_atomic(out / f"{stem}.html", lambda p: p.write_text(page))
    return out / f"{stem}.html"
