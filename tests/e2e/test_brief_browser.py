"""End to end: the policy brief in Debian's headless Chromium: offline, real lists, figures, A4 print."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from experiments.analysis import brief, render
from scenarios.labels import GROUPS, STAFF

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
BASE, INTERVENTIONS = "urban_baseline", ["digital_platform", "grid_management"]
MAX_PAGES_PER_INTERVENTION = 3  # issue 21: printable to A4, at most 3 pages per intervention
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.e2e

if not CHROMIUM.exists():
    pytest.skip(
        "needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium), never a downloaded one",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install -e '.[e2e]')")


def results(n: int = 6) -> pd.DataFrame:
    """Every column a brief reads, for the baseline and two interventions."""
    rng = np.random.default_rng(0)
    rows = []
    for seed in range(n):
        for k, scenario in enumerate([BASE, *INTERVENTIONS]):
            on = 1.0 if k else 0.0
            row = {"scenario": scenario, "seed": seed, "residents": 1000, "version": "0.1.0"}
            row["active_share"] = 0.05 + on * 0.04 * k + rng.normal(0, 0.003)
            row.update({f"active_share_{g}": 0.05 + on * 0.03 + rng.normal(0, 0.003) for g in GROUPS})
            row.update({metric: 0.5 + rng.normal(0, 0.01) for metric in brief.SIDE_EFFECTS})
            row.update({f"staff_hours_{a}": 500.0 + on * 300 + rng.normal(0, 5) for a in STAFF})
            rows.append(row)
    return pd.DataFrame(rows)


def level_series(n: int = 6) -> pd.DataFrame:
    steps = np.arange(0, 366)
    frames = [
        pd.DataFrame(
            {
                "scenario": scenario,
                "seed": seed,
                "step": steps,
                "active_share": 0.05 + 0.04 * k * np.minimum(steps, 90) / 90,
                "occasional_share": 0.2 + 0.02 * k,
            }
        )
        for seed in range(n)
        for k, scenario in enumerate([BASE, *INTERVENTIONS])
    ]
    return pd.concat(frames, ignore_index=True)


def test_brief_opens_offline_with_lists_figures_and_prints_to_few_a4_pages(tmp_path):
    spec = brief.Spec(
        BASE, INTERVENTIONS, dict.fromkeys([BASE, *INTERVENTIONS], 365), "seed uncertainty only"
    )
    page_file = brief.write(results(), spec, tmp_path, level_series())
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport=PHONE)
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("networkidle")
            box = page.locator("aside.summary li")
            sync_api.expect(box).to_have_count(len(INTERVENTIONS))  # the answer on top, one per intervention
            sync_api.expect(box.first).to_contain_text("24-hour digital platform raises the share")
            sync_api.expect(box.first).to_contain_text("95% interval")  # the range
            assert page.locator("ul > li").count() > 10  # side effects, how sure: list elements
            assert not page.get_by_text(re.compile(r"^- ")).count()  # no literal "- " lines
            figures = page.locator("img")
            assert figures.count() == 2 * len(INTERVENTIONS)  # over time and who gains, each
            for i in range(figures.count()):
                figures.nth(i).scroll_into_view_if_needed()
                sync_api.expect(figures.nth(i)).to_be_visible()
                assert figures.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits a phone
            pdf = page.pdf(format="A4", print_background=True)
        finally:
            browser.close()
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 1 + len(INTERVENTIONS) <= pages <= MAX_PAGES_PER_INTERVENTION * len(INTERVENTIONS)
    foreign = [u for u in requests if not u.startswith(("file://", "data:"))]
    assert requests and not foreign  # the page itself, its embedded figures, nothing from a network


def test_page_with_hostile_text_runs_no_script_in_chromium(tmp_path):
    hostile = (
        "<img src=x onerror=\"document.title='pwned'\"> [click](javascript:document.title='pwned') "
        "<script>document.title='pwned'</script>"
    )
    section = render.Section(hostile, hostile, pd.DataFrame({hostile: [hostile]}), headline=hostile)
    page_file = render.write([section], hostile, tmp_path)
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("networkidle")
            assert page.title() != "pwned" and page.locator("img, script, a").count() == 0
            sync_api.expect(page.locator("p.headline")).to_contain_text("<img src=x onerror=")
        finally:
            browser.close()
    assert not errors
