"""The long-memory page in Debian's chromium: a race starts, its charts appear, Stop stops it,
and the paper's table and the heatmaps follow, in English and in Chinese."""
import re

import pytest
from playwright.sync_api import expect

from ui.i18n import translate

pytestmark = pytest.mark.browser


def progress_text(tab) -> str:
    return tab.get_by_test_id("stProgress").first.inner_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_race_starts_draws_its_charts_and_stops(page, app_url, screenshot, lang):
    """Start (paced to 2,000 sequences/s, so no machine finishes the race before Stop), the
    loss and score charts appear, Stop freezes the count, the table and heatmaps follow."""
    page.goto(f"{app_url}/?lang={lang}")
    page.get_by_test_id("stSidebar").get_by_role(
        "link", name=translate("common.nav.long_memory", lang)).click()
    expect(page.get_by_role("heading", name=translate("long_memory.title", lang), level=1)).to_be_visible()
    pace = page.locator(".st-key-long_memory-pace").get_by_role("slider")
    pace.focus()
    for _ in range(3):                                  # full speed -> 20,000 -> 5,000 -> 2,000
        page.keyboard.press("ArrowRight")
    expect(page.locator(".st-key-long_memory-pace")).to_contain_text("2,000")
    page.locator(".st-key-long_memory-adding-start button").first.click()
    expect(page.get_by_test_id("stProgress").first).to_contain_text(
        translate("live.status.running", lang), timeout=30_000)
    titles = [translate("long_memory.loss.title", lang), translate("long_memory.score.title", lang)]
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(2, timeout=60_000)     # the first test, after 3,200 sequences
    for k, title in enumerate(titles):
        expect(charts.nth(k).locator("svg")).to_be_visible()
        expect(charts.nth(k)).to_contain_text(title)
    expect(charts.first.locator(".mark-line path").first).to_be_attached()
    page.locator(".st-key-long_memory-adding-stop button").first.click()
    expect(page.get_by_test_id("stProgress").first).to_contain_text(
        translate("live.status.stopped", lang), timeout=20_000)
    frozen = progress_text(page)
    assert re.match(r"[\d,]+ / 200,000", frozen), frozen
    page.wait_for_timeout(2000)
    assert progress_text(page) == frozen                 # no further batch once stopped
    expect(page.get_by_test_id("stTable")).to_contain_text(translate("long_memory.paper.col.paper", lang))
    expect(charts).to_have_count(2 + 1 + 6)             # + the input and the LSTM's six quantities
    expect(charts.last.locator("svg")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, f"long_memory_{lang}")
