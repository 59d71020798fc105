"""The designed HTML page: Markdown rendered as real elements, figures embedded, nothing run or fetched."""

import re
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from experiments.analysis import render, render_html


def sections(tmp_path: Path) -> list[render.Section]:
    fig = Figure(figsize=(2, 1))
    fig.subplots().plot([0, 1], [0, 1])
    png = render.save_figure(fig, tmp_path / "figures" / "f.png")
    table = pd.DataFrame({"Residents": ["Owners", "Tenants"], "Change": [1.5, -0.2]})
    return [
        render.Section("What was compared", "Two scenarios.\nSecond line."),
        render.Section("Platform", headline="Platform raises the share.", page=True),
        render.Section("Side effects", "- up 2 points\n- no measurable change", table, png, level=3),
    ]


def test_page_has_list_table_figure_and_summary_box_as_elements(tmp_path):
    page_file = render_html.write(sections(tmp_path), "Policy brief", tmp_path, "brief", "- The answer.")
    page = page_file.read_text()
    assert page.count("<li>") == 3 and "- up 2 points" not in page  # list items, not literal dashes
    assert "<thead>" in page and "<td>Owners</td>" in page
    assert re.search(r"<aside class='summary'><h2>In short</h2>\s*<ul>\s*<li>The answer.</li>", page)
    assert page.count('src="data:image/png;base64,') == 1 and "figures/f.png" not in page
    assert "Two scenarios.<br>" in page  # a line break in a text stays one
    assert "@page{size:A4" in page and "@media print" in page
    assert not re.search(r"(src|href)=\"?(https?:)?//", page)  # nothing to fetch
    md = (tmp_path / "brief.md").read_text()
    assert (
        md.startswith("# Policy brief\n\n## In short\n\n- The answer.\n")
        and "![Side effects](figures/f.png)" in md
    )


def test_raw_html_script_links_and_files_outside_the_folder_stay_out(tmp_path):
    text = "[report](javascript:alert(1)) [data](data:text/html,x) <img src=x onerror=alert(1)>"
    hostile = render.Section("<script>alert(1)</script>", f"{text} ![x](../../etc/passwd)")
    body = render_html.write([hostile], "Brief", tmp_path, "brief").read_text().split("</style>")[1]
    assert "<script>" not in body and "&lt;script&gt;" in body and "&lt;img src=x" in body
    assert "href" not in body  # neither link is one
    assert '<img src="" alt="x">' in body  # a figure outside the output folder is not read
