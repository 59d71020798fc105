"""End to end: the policy brief opens offline in Debian's headless Chromium, its headline and figure shown."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from experiments import brief, render
from scenarios.labels import GROUPS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]

pytestmark = pytest.mark.e2e

if not CHROMIUM.exists():
    pytest.skip(
        "needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium), never a downloaded one",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install -e '.[e2e]')")


def results(n: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for seed in range(n):
        for scenario, on in (("urban_baseline", 0.0), ("digital_platform", 1.0)):
            row = {"scenario": scenario, "seed": seed, "residents": 1000, "version": "0.1.0"}
            row["active_share"] = 0.05 + on * 0.04 + rng.normal(0, 0.003)
            row.update({f"active_share_{g}": 0.05 + on * 0.03 + rng.normal(0, 0.003) for g in GROUPS})
            rows.append(row)
    return pd.DataFrame(rows)


def test_brief_opens_offline_with_its_headline_and_figure(tmp_path):
    spec = brief.Spec(
        "urban_baseline",
        ["digital_platform"],
        {"urban_baseline": 365, "digital_platform": 365},
        "seed uncertainty only",
    )
    page_file = brief.write(results(), spec, tmp_path)
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("networkidle")
            headline = page.locator("p.headline").first
            sync_api.expect(headline).to_be_visible()
            sync_api.expect(headline).to_contain_text("Digital platform raises the share of residents")
            figure = page.locator("img").first
            sync_api.expect(figure).to_be_visible()
            assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
        finally:
            browser.close()
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
