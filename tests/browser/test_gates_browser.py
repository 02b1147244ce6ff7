"""The "why gates?" page in Debian's chromium: its charts render, presets work, no console errors."""

import pytest
from playwright.sync_api import expect

from ui.i18n import translate

pytestmark = pytest.mark.browser

N_CHARTS = 8  # before training: 2 line charts, 3 heatmaps, the gradient pair, the cosine bars
CHART = '[data-testid="stVegaLiteChart"]'
DRAWN = f"{CHART} svg.marks, {CHART} canvas.marks"   # Streamlit switches big heatmaps to canvas
LOAD_TIMEOUT = 60_000  # ms; the machine is shared, a cold page takes 3-10 s


def open_gates(tab, app_url, lang="en"):
    """Open the page and wait until the script has finished and every chart is drawn."""
    tab.goto(f"{app_url}/Why_gates?lang={lang}")
    expect(tab.get_by_role("heading", name=translate("gates.title", lang), level=1)).to_be_visible(timeout=LOAD_TIMEOUT)
    wait_for_charts(tab)


def wait_for_charts(tab):
    expect(tab.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=LOAD_TIMEOUT)
    expect(tab.locator(DRAWN)).to_have_count(N_CHARTS, timeout=LOAD_TIMEOUT)


def test_gates_page_draws_its_charts_and_the_gradient_check(page, app_url, screenshot):
    """The page shows both gradient curves, the heatmaps, the cosine bars and the check table."""
    open_gates(page, app_url)
    lines = page.locator(CHART).first.locator(".mark-line path")
    expect(lines).to_have_count(2)                                   # plain RNN and LSTM
    heat = page.locator(CHART).nth(2).locator(".mark-rect.role-mark path")
    expect(heat).to_have_count(100 * 16)                             # T x H cells of the RNN heatmap
    expect(page.locator(CHART).nth(7).locator(".mark-rect.role-mark path")).to_have_count(9)  # 8 weights + all
    expect(page.locator('[data-testid="stTable"] tbody tr')).to_have_count(10)    # the gradient check
    expect(page.get_by_text(translate("gates.check.summary", "en", n=10, agrees=10, disagrees=0, unresolved=0,
                                      too_large=0, not_finite=0).replace("**", ""))).to_be_visible()
    screenshot(page, "gates")


def test_overflow_preset_shows_inf_markers_and_a_warning_in_chinese(page, app_url, screenshot):
    """In Chinese, the overflow preset draws red triangles for inf/NaN and explains them."""
    open_gates(page, app_url, "zh")
    page.locator(".st-key-gates-preset-overflow button").first.click()
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="梯度溢出了")).to_be_visible(timeout=LOAD_TIMEOUT)
    wait_for_charts(page)
    expect(page.locator(".st-key-gates-length").get_by_role("slider")).to_have_value("500")
    markers = page.locator(CHART).first.locator(".mark-symbol path")
    assert markers.count() > 10                                      # one per step that overflowed
    screenshot(page, "gates_zh_overflow")
