"""The tutorial experiments page in Debian's chromium: a run starts, updates live and stops."""
import time

import pytest
from playwright.sync_api import expect

from ui.i18n import translate

pytestmark = pytest.mark.browser


def progress_text(tab) -> str:
    return tab.get_by_test_id("stProgress").first.inner_text()


def test_start_trains_live_and_stop_stops(page, app_url, screenshot):
    """Start on x·sin(x) shows the loss chart growing; Stop freezes the epoch counter."""
    page.goto(app_url)
    page.get_by_test_id("stSidebar").get_by_role(
        "link", name=translate("common.nav.experiments", "en")).click()
    expect(page.get_by_role("heading", name=translate("experiments.title", "en"), level=1)).to_be_visible()
    page.locator(".st-key-experiments-which").get_by_text(
        translate("experiments.name.xsinx", "en")).click()
    # 20000 epochs (109 epochs/s without a browser: 3 minutes), so the run is still going
    # when Stop is clicked even on a much faster machine; the default 400 take 4 s here.
    epochs = page.locator(".st-key-experiments-xsinx-epochs input")
    epochs.fill("20000")
    epochs.press("Enter")
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    expect(epochs).to_have_value("20000")
    page.locator(".st-key-experiments-xsinx-start button").first.click()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    expect(chart.locator("svg")).to_be_visible()
    seen = set()
    deadline = time.monotonic() + 120         # several distinct epoch counts while it trains
    while len(seen) < 3 and time.monotonic() < deadline:
        seen.add(progress_text(page))
        page.wait_for_timeout(250)
    assert len(seen) >= 3, seen
    page.locator(".st-key-experiments-xsinx-stop button").first.click()
    # Stop waits for the epoch under way, so the count shown with "stopped" is final
    expect(page.get_by_test_id("stProgress").first).to_contain_text("stopped")
    frozen = progress_text(page)
    page.wait_for_timeout(2000)
    assert progress_text(page) == frozen         # no further epoch once stopped
    assert "/ 20000" in frozen and "20000 / 20000" not in frozen
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "experiments")
