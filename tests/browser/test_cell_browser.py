"""Cell page in Debian's chromium: the diagram and the charts render; buttons, keys and Play move t."""
import re
import time

import pytest
from playwright.sync_api import expect

from ui import cell_views as cv
from ui.i18n import translate

pytestmark = pytest.mark.browser

HEATMAPS = '.st-key-cell-heatmaps [data-testid="stVegaLiteChart"]'
LINES = '.st-key-cell-lines [data-testid="stVegaLiteChart"]'


def button(tab, name: str):
    """The cell page's button ``cell.<name>`` (Streamlit also keeps a hidden copy for measuring)."""
    return tab.locator(f".st-key-cell-{name} button:visible").first


def heading(lang: str, t: int, last: int = 47) -> str:
    return translate("cell.diagram.heading", lang, t=t, j=0, last=last)


def shown_t(tab) -> int:
    """The t in the diagram's heading."""
    text = tab.locator("h3").filter(has_text=translate("cell.diagram.heading", "en", t=0, j=0, last=0)[:12])
    return int(re.search(r"t = (\d+)", text.inner_text()).group(1))


def wait_until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def open_cell_page(tab, app_url: str, lang: str = "en") -> None:
    """Open the page by its URL (the two base-path 404s this logs are filtered by conftest)."""
    tab.goto(f"{app_url}/Cell?lang={lang}")
    expect(tab.get_by_role("heading", name=heading(lang, 0))).to_be_visible()


def test_cell_page_draws_the_diagram_and_six_heatmaps(page, app_url, screenshot):
    """The diagram SVG, the six heatmaps (with their cells) and the line charts all render."""
    open_cell_page(page, app_url)
    diagram = page.locator('[data-testid="stMain"] svg[role="img"]')
    expect(diagram).to_have_count(1)
    expect(diagram.get_by_text(translate("cell.gate.f", "en"), exact=True)).to_be_visible()
    assert diagram.bounding_box()["width"] > 600             # fills the column on a 1280 px screen
    heatmaps = page.locator(HEATMAPS)
    expect(heatmaps).to_have_count(6)
    for k, q in enumerate(cv.QUANTITIES):
        expect(heatmaps.nth(k).get_by_text(translate(f"cell.q.{q}", "en"))).to_be_visible()
        expect(heatmaps.nth(k).locator("svg .mark-rect path").first).to_be_attached()
        assert heatmaps.nth(k).bounding_box()["height"] > 150     # not squashed to a sliver
    lines = page.locator(LINES)
    expect(lines).to_have_count(6)
    expect(lines.first.locator("svg .mark-line path").first).to_be_attached()
    expect(page.locator(".katex-display")).to_have_count(6)
    screenshot(page, "cell")


def test_time_controls_move_t(page, app_url):
    """Next, the → key and Back step t; Play advances it on its own until Pause."""
    open_cell_page(page, app_url)
    diagram = page.locator('[data-testid="stMain"] svg[role="img"]')
    before = diagram.inner_html()
    button(page, "next").click()
    expect(page.get_by_role("heading", name=heading("en", 1))).to_be_visible()
    expect(diagram).to_have_attribute("aria-label", translate("cell.diagram.title", "en", t=1, j=0))
    assert diagram.inner_html() != before                    # new numbers and colours
    page.locator('[data-testid="stMain"] h1').click()        # focus on the page, not in a widget
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name=heading("en", 2))).to_be_visible()
    button(page, "prev").click()
    expect(page.get_by_role("heading", name=heading("en", 1))).to_be_visible()
    button(page, "play").click()
    wait_until(lambda: shown_t(page) >= 2, seconds=60)       # a tick every 0.8 s (slower under load)
    button(page, "pause").click()
    expect(button(page, "play")).to_contain_text(translate("cell.play", "en"), timeout=60_000)   # paused
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(
        1, timeout=60_000)                                   # the run that drew "Play" has ended
    paused_at = shown_t(page)
    page.wait_for_timeout(1800)                              # two ticks' worth: nothing may move
    label = button(page, "play").inner_text()
    assert shown_t(page) == paused_at, f"t moved after Pause (the button now says {label!r})"
