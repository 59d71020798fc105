"""A designed, self-contained HTML page from report sections: Markdown rendered by markdown-it-py.

The page is the sections' Markdown (:func:`experiments.analysis.render.to_markdown`) rendered by
markdown-it-py with its ``js-default`` preset: CommonMark with tables, raw HTML shown as text, and
links checked by markdown-it (``javascript:``, ``vbscript:``, ``file:`` and ``data:`` targets other
than images stay plain text). Lists become list elements and tables get a style. An optional
summary box comes first, under the title. Every figure is embedded as a ``data:`` URL and the style
is inline, so the file opens offline and requests nothing. The stylesheet reads on a phone (one
column, tables that scroll sideways) and prints to A4: every level-2 heading from the third on
starts a new page (the first two, the introduction and the first intervention, share one), figures
are at most 6.5 cm high, and headings stay with what follows them.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from experiments.analysis import render
from scenarios.outputs import write_atomic

STYLE = """
:root{--ink:#1f2933;--muted:#52606d;--line:#cbd2d9;--band:#f0f4f8;--accent:#0b6e4f}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;
  color:var(--ink);max-width:46em;margin:0 auto;padding:1.5em 1em 3em}
h1{font-size:1.6em;line-height:1.25;margin:0 0 .8em}
h2{font-size:1.3em;margin:2em 0 .5em;padding-bottom:.2em;border-bottom:2px solid var(--accent)}
h3{font-size:1.05em;margin:1.5em 0 .4em;color:var(--accent)}
p,ul,ol{margin:.5em 0}
li{margin:.25em 0}
h2+p>strong:only-child{font-size:1.1em}
aside.summary{border:2px solid var(--accent);border-radius:6px;background:#e8f5ef;padding:.6em 1.1em;
  margin:0 0 1.5em}
aside.summary h2{border:0;margin:.2em 0 .3em;padding:0;font-size:1.1em;color:var(--accent)}
table{border-collapse:collapse;margin:.7em 0;font-size:.9em;font-variant-numeric:tabular-nums}
th{background:var(--band);text-align:left;border-bottom:2px solid var(--line)}
th,td{padding:.3em .6em;border-bottom:1px solid var(--line);vertical-align:top}
td{text-align:right}td:first-child{text-align:left}
tbody tr:nth-child(even){background:#fafbfc}
img{display:block;max-width:100%;height:auto;margin:.7em auto}
a{color:var(--accent)}
@media (max-width:40em){body{font-size:15px;padding:1em .7em}table{display:block;overflow-x:auto}}
@page{size:A4;margin:14mm 14mm}
@media print{
  body{font-size:10pt;max-width:none;padding:0}
  h2:nth-of-type(n+3){break-before:page}
  h2,h3{break-after:avoid}
  table,img,aside,li{break-inside:avoid}
  img{max-height:6.5cm;width:auto}
  a{color:inherit;text-decoration:none}
}
"""

MARKDOWN = MarkdownIt("js-default", {"breaks": True})
"""CommonMark with tables, no raw HTML, checked links; a line break in a text stays one."""


def _embed_figures(tokens: list[Token], root: Path) -> None:
    """Replace the ``src`` of every image by its ``data:`` URL; an image outside ``root`` is dropped."""
    for token in tokens:
        for child in token.children or []:
            src = child.attrGet("src") if child.type == "image" else None
            if not isinstance(src, str) or src.startswith("data:"):
                continue
            path = (root / src).resolve()
            inside = path.is_relative_to(root.resolve()) and path.is_file()
            data = base64.b64encode(path.read_bytes()).decode() if inside else ""
            child.attrSet("src", f"data:image/png;base64,{data}" if inside else "")


def markdown_to_html(text: str, root: Path) -> str:
    r"""Render Markdown as HTML, figures (paths relative to ``root``) embedded.

    Examples
    --------
    >>> print(markdown_to_html("- one\n- [two](javascript:alert(1))", Path(".")))
    <ul>
    <li>one</li>
    <li>[two](javascript:alert(1))</li>
    </ul>
    <BLANKLINE>
    """
    env: dict[str, object] = {}
    tokens = MARKDOWN.parse(text, env)
    _embed_figures(tokens, root)
    return MARKDOWN.renderer.render(tokens, MARKDOWN.options, env)


def to_html(markdown: str, title: str, root: Path, summary: str = "") -> str:
    """The page of a document's Markdown (its title line first): the title, the summary box, the rest."""
    head, _, rest = markdown.partition("\n")
    box = (
        f"<aside class='summary'><h2>In short</h2>\n{markdown_to_html(summary, root)}</aside>\n"
        if summary
        else ""
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{render.POLICY}\">"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
        f"{markdown_to_html(head, root)}{box}{markdown_to_html(rest, root)}</body></html>\n"
    )


def write(sections: list[render.Section], title: str, out: Path, stem: str, summary: str = "") -> Path:
    """Write ``<stem>.md`` and the designed ``<stem>.html`` into ``out``; return the HTML file.

    ``summary`` (Markdown) is the box under the title, "In short" in the Markdown file.
    """
    markdown = render.to_markdown(sections, title, out)
    page = to_html(markdown, title, out, summary)
    head, _, rest = markdown.partition("\n")
    md = f"{head}\n\n## In short\n\n{summary}\n{rest}" if summary else markdown
    write_atomic(out / f"{stem}.md", lambda p: p.write_text(md))
    write_atomic(out / f"{stem}.html", lambda p: p.write_text(page))
    return out / f"{stem}.html"
