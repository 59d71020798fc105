"""End to end: ``cogov-viz`` on a free loopback port, driven by Debian's headless Chromium via Playwright.

Offline: the test fails on any request the page makes to an address other than the server, on any
asset the server does not have (a 4xx/5xx answer or a failed request: Solara's Markdown asked the
server for KaTeX, which solara-assets does not ship), and on any URL the server itself could not load
(Solara's server fetches missing assets from a CDN and logs "Could not load URL"). A redraw at
classroom size (300 residents) is timed as the median of :data:`REDRAWS` presses of Step, each until
the page shows the next day: within :data:`REDRAW_LOOSE_S` in the suite and :data:`REDRAW_S` under
``-m bench`` (a loaded machine fails wall-time bounds whatever the code).
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scenarios import app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 90.0
UI_TIMEOUT_MS = 60_000
PLAY_TIMEOUT = 90.0
PRESSES, PRESS_GAP_MS = 10, 300  # issue 21: ten presses 300 ms apart left the model on day 5
REDRAWS = 10
REDRAW_S, REDRAW_LOOSE_S = 1.0, 3.0
"""Median redraw time at 300 residents: the promise (bench) and the suite's bound on a loaded machine."""
OFFLINE_ERRORS = ("Could not load URL",)
"""What the server logs when the page asked for an asset it does not have and the CDN is out of reach."""

pytestmark = pytest.mark.e2e  # dev.py runs these on their own, after the rest of the suite

if not CHROMIUM.exists():
    pytest.skip(
        "needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium), never a downloaded one",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install -e '.[e2e]')")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.25)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Run ``cogov-viz`` until the test ends; yield its address; fail if it tried to load a URL."""
    port = free_port()
    log_path = tmp_path / "cogov-viz.log"
    exe = Path(sys.executable).with_name("cogov-viz")
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    with log_path.open("w") as log:
        command = [str(exe), "--host", "127.0.0.1", "--port", str(port)]
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        up = lambda: proc.poll() is not None or answers(url)  # noqa: E731
        wait_until(up, SERVER_START_TIMEOUT, f"cogov-viz at {url}")
        assert proc.poll() is None, f"cogov-viz exited early:\n{log_path.read_text()}"
        assert f"serving the cogov app at {url}" in log_path.read_text()
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
    fetched = [line for line in log_path.read_text().splitlines() if any(e in line for e in OFFLINE_ERRORS)]
    assert not fetched, f"the server tried to load assets from the internet: {fetched[:3]}"


Browser = tuple[Any, list[str], list[str]]
"""A Chromium context, the non-local requests its pages made, and the requests that failed."""


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    """A fresh headless Chromium context; fail if its pages asked outside the server or were refused."""
    foreign: list[str] = []
    broken: list[str] = []
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1600, "height": 1000},
        )
        try:
            yield context, foreign, broken
        finally:
            context.close()
    assert not foreign, f"the app fetched from outside the server (offline classrooms break): {foreign[:5]}"
    assert not broken, f"the page asked for what the server does not have: {broken[:5]}"


def open_app(context: Any, foreign: list[str], broken: list[str], url: str) -> Any:
    """Open the app in a new page that records every request not to ``url`` and every failed one.

    Waits until the page shows day 0.
    """
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    local = (url, "data:", "blob:")
    page.on("request", lambda r: None if r.url.startswith(local) else foreign.append(r.url))
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: broken.append(f"failed {r.url}"))
    page.goto(url)
    sync_api.expect(page.get_by_text(re.compile(r"^day \d+$"))).to_have_text("day 0", timeout=UI_TIMEOUT_MS)
    return page


def redraw_seconds(page: Any) -> list[float]:
    """Seconds from each of :data:`REDRAWS` presses of Step until the page shows the next day's plots."""
    step = page.get_by_role("button", name="Step", exact=True)
    day = int(page.get_by_text(re.compile(r"^day \d+$")).inner_text().split()[1])
    times = []
    for _ in range(REDRAWS):
        day += 1
        card = page.get_by_text(f"day {day} since the interventions started")
        start = time.perf_counter()
        step.click()
        card.wait_for(state="visible", timeout=UI_TIMEOUT_MS)
        times.append(time.perf_counter() - start)
    return times


def settings_shown(page: Any) -> dict[str, str]:
    """The value column of the settings card, by control."""
    shown = {}
    for control in app.CONTROLS:
        label = re.compile(f"^{re.escape(app.label(control.name))}$")
        row = page.locator("tr").filter(has=page.locator("td", has_text=label))
        shown[control.name] = row.locator("td").nth(2).inner_text().strip()
    return shown


def test_cogov_viz_step_play_slider_reset_in_chromium(server: str, browser: Browser, tmp_path: Path):
    page = open_app(*browser, server)
    day_text = page.get_by_text(re.compile(r"^day \d+$"))
    sync_api.expect(page.get_by_text(re.compile(r"Time: "))).to_have_count(0)  # not Mesa's model time

    sync_api.expect(page.get_by_role("tab", name=app.TABS[0])).to_be_visible()
    sync_api.expect(page.get_by_text("Page 0")).to_have_count(0)

    used, _ = app.in_use(app.AppModel().cfg)
    sync_api.expect(page.locator(".cogov-plot svg")).to_have_count(len(used) + 1)  # the panels, by group
    figures = page.locator("img, .cogov-plot")  # the network and the live plots

    def shots() -> list[bytes]:
        """Screenshots of every figure, retried while a figure is being re-rendered."""
        taken: list[bytes] = []

        def take() -> bool:
            try:
                taken[:] = [figures.nth(i).screenshot(timeout=5_000) for i in range(figures.count())]
            except sync_api.Error:  # replaced mid-capture: take them again
                return False
            return True

        wait_until(take, 60, "stable figures to screenshot")
        return taken

    before = shots()
    step = page.get_by_role("button", name="Step", exact=True)
    for _ in range(PRESSES):  # faster than the page redraws: every press must still count
        step.click()
        page.wait_for_timeout(PRESS_GAP_MS)
    sync_api.expect(day_text).to_have_text(f"day {PRESSES}", timeout=UI_TIMEOUT_MS)
    time.sleep(2.0)  # no press counted twice: still on that day once the page has settled
    sync_api.expect(day_text).to_have_text(f"day {PRESSES}", timeout=0)
    settings_card = page.get_by_text(f"day {PRESSES} since the interventions started")
    sync_api.expect(settings_card).to_be_visible()
    changed = lambda: all(a != b for a, b in zip(shots(), before, strict=True))  # noqa: E731
    wait_until(changed, 20, "every figure to change")

    # Play in bursts, pausing to read the counter (it re-renders while playing), until it moves
    def counter() -> int:
        sync_api.expect(day_text).to_be_visible()
        return int(day_text.inner_text().split()[1])

    play = page.get_by_role("button", name="▶", exact=True)

    def still() -> bool:  # no step still in flight after a pause
        before = counter()
        time.sleep(1.0)
        return counter() == before

    def played_past(day: int) -> bool:
        play.click()
        time.sleep(2)
        page.get_by_role("button", name="❚❚", exact=True).click()
        paused_at = counter()
        wait_until(still, PLAY_TIMEOUT, "the paused model to settle")
        # Pause stops at once: at most the day already simulated when the press reached the server
        # is drawn after it (issue 26: one more render interval ran)
        assert counter() - paused_at <= 1, f"the model went on after Pause: {paused_at} -> {counter()}"
        return counter() > day

    wait_until(lambda: played_past(PRESSES), PLAY_TIMEOUT, "Play to advance the model")

    play.click()  # Reset while playing (and drawing) is never ignored
    time.sleep(1.5)
    page.get_by_role("button", name="Reset", exact=True).click()
    sync_api.expect(day_text).to_have_text("day 0", timeout=UI_TIMEOUT_MS)
    sync_api.expect(play).to_be_visible()  # and it stops playing

    control = page.locator(".v-input", has_text="community residents")
    control.hover()
    sync_api.expect(page.get_by_text(app.hover_text("community.residents"))).to_be_visible()
    for name in ("community.residents", "community.party_share"):  # move two controls, leave the rest
        slider = page.locator(".v-input", has_text=app.label(name)).locator("[role=slider]")
        slider.focus()
        slider.press("ArrowRight")  # one step up
    page.get_by_role("button", name="Reset", exact=True).click()
    sync_api.expect(day_text).to_have_text("day 0", timeout=UI_TIMEOUT_MS)
    moved = {"community.residents": app.APP_RESIDENTS + 50, "community.party_share": 0.08}
    want = app.AppModel(**moved).cfg  # the preset, with the two moved controls and nothing else
    residents_row = page.locator("tr", has_text=app.param_label("community.residents"))
    sync_api.expect(residents_row).to_contain_text(app.setting_text(want, "community.residents"))
    assert settings_shown(page) == {c.name: app.setting_text(want, c.name) for c in app.CONTROLS}

    page.get_by_role("tab", name=app.TABS[1]).click()
    page.get_by_role("button", name="Run both", exact=True).click()
    sync_api.expect(page.locator("img")).to_have_count(1, timeout=UI_TIMEOUT_MS)  # side by side
    table = page.locator("table", has_text="24-hour digital platform")
    sync_api.expect(table).to_contain_text("Urban baseline")
    sync_api.expect(table).to_contain_text("percentage points")

    shot = tmp_path / "cogov-viz.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000  # a drawn page, not a blank one


def test_cogov_viz_redraws_300_residents_within_the_suites_bound(
    server: str, browser: Browser, record_property: Callable[[str, Any], None]
):
    page = open_app(*browser, server)
    times = redraw_seconds(page)
    median = statistics.median(times)
    record_property("redraw_median_s", median)
    print(f"redraw at {app.APP_RESIDENTS} residents: median {median:.3f} s of {REDRAWS} presses")
    assert median <= REDRAW_LOOSE_S, [round(t, 3) for t in times]


@pytest.mark.bench
def test_cogov_viz_redraws_300_residents_within_a_second(server: str, browser: Browser):
    times = redraw_seconds(open_app(*browser, server))
    assert statistics.median(times) <= REDRAW_S, [round(t, 3) for t in times]
