"""The long-memory page in Debian's chromium: a race starts, its charts appear, Stop stops it,
and the paper's table and the heatmaps follow, in English and in Chinese; the ablation of
the LSTM's variants, the lag sweep, and the button that opens the LSTM in the cell page."""
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


def open_page(tab, app_url: str, lang: str) -> None:
    tab.goto(f"{app_url}/?lang={lang}")
    tab.get_by_test_id("stSidebar").get_by_role(
        "link", name=translate("common.nav.long_memory", lang)).click()
    expect(tab.get_by_role("heading", name=translate("long_memory.title", lang), level=1)).to_be_visible()


def pace_to_2000(tab) -> None:
    pace = tab.locator(".st-key-long_memory-pace").get_by_role("slider")
    pace.focus()
    for _ in range(3):                                  # full speed -> 20,000 -> 5,000 -> 2,000
        tab.keyboard.press("ArrowRight")
    expect(tab.locator(".st-key-long_memory-pace")).to_contain_text("2,000")


def test_the_ablation_races_the_eight_variants_stops_and_ranks_them(page, app_url, screenshot):
    """Ablation mode in Chinese: eight lines on both charts, Stop freezes the count, then the
    ranking beside Greff et al. and the LSTM's heatmaps."""
    lang = "zh"
    open_page(page, app_url, lang)
    page.locator(".st-key-long_memory-mode").get_by_text(translate("long_memory.mode.ablation", lang)).click()
    start = page.locator(".st-key-long_memory-adding-ablation-start button").first
    expect(start).to_be_enabled()
    pace_to_2000(page)
    start.click()
    expect(page.get_by_test_id("stProgress").first).to_contain_text(
        translate("live.status.running", lang), timeout=30_000)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(2, timeout=120_000)    # the first test, after 3,200 sequences
    expect(charts.nth(0)).to_contain_text(translate("long_memory.loss.title", lang))
    expect(charts.nth(1)).to_contain_text(translate("long_memory.score.title", lang))
    for kind in ("nfg", "cifg", "noaf"):                # the variants are in the legend
        expect(charts.nth(0)).to_contain_text(translate(f"long_memory.model.{kind}", lang))
    expect(page.get_by_test_id("stMetric")).to_have_count(8)
    page.locator(".st-key-long_memory-adding-ablation-stop button").first.click()
    expect(page.get_by_test_id("stProgress").first).to_contain_text(
        translate("live.status.stopped", lang), timeout=30_000)
    frozen = progress_text(page)
    page.wait_for_timeout(2000)
    assert progress_text(page) == frozen                # no further batch once stopped
    expect(page.get_by_role("heading", name=translate("long_memory.ablation.heading", lang))).to_be_visible()
    table = page.get_by_test_id("stTable").first
    expect(table).to_contain_text(translate("long_memory.ablation.col.greff", lang))
    expect(table).to_contain_text(translate("long_memory.greff.hurts_most", lang))
    expect(charts).to_have_count(2 + 1 + 6)             # + the input and the LSTM's six quantities
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "long_memory_ablation_zh")


def test_the_lag_sweep_fills_its_table_lag_by_lag_and_stops(page, app_url):
    """The sweep at the smallest budget (10,000 sequences a race): a row per finished lag
    appears live, Stop freezes it; in English."""
    lang = "en"
    open_page(page, app_url, lang)
    page.get_by_test_id("stMain").get_by_test_id("stExpander").first.locator("summary").click()
    budget = page.locator(".st-key-long_memory-adding-budget").get_by_role("slider")
    start = page.locator(".st-key-long_memory-sweep-adding-start button").first
    # One key at a time, each waited for on the server's side (the button's text): five quick
    # presses on a busy machine once left the server at 100,000 while the slider showed 10,000.
    for shown in ("100,000", "50,000", "30,000", "20,000", "10,000"):   # from 200,000
        budget.focus()
        page.keyboard.press("ArrowLeft")
        expect(page.locator(".st-key-long_memory-adding-budget")).to_contain_text(shown)
        expect(start).to_contain_text(f"({shown} ")
    start.click()
    sweep_table = page.get_by_test_id("stTable").last
    expect(sweep_table).to_contain_text("T = 10", timeout=180_000)      # the first lag finished
    for kind in ("rnn", "gru", "lstm"):
        expect(sweep_table).to_contain_text(translate(f"long_memory.model.{kind}", lang))
    sweep_chart = page.get_by_test_id("stVegaLiteChart").filter(
        has_text=translate("long_memory.sweep.chart.title", lang))
    expect(sweep_chart.locator("svg")).to_be_visible()
    stop = page.locator(".st-key-long_memory-sweep-adding-stop button").first
    stop.click(force=True)              # a no-op if the sweep finished meanwhile (Stop disabled)
    expect(stop).to_be_disabled(timeout=30_000)
    progress = page.get_by_test_id("stProgress").last
    frozen = progress.inner_text()
    page.wait_for_timeout(2000)
    assert progress.inner_text() == frozen              # stopped (or finished): nothing moves
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_open_in_cell_button_shows_the_trained_lstm_on_the_cell_page(page, app_url):
    """After a short race, one click opens the LSTM and the test sequence in the cell page:
    its diagram and heatmaps are drawn for that input."""
    lang = "en"
    open_page(page, app_url, lang)
    pace_to_2000(page)
    page.locator(".st-key-long_memory-adding-start button").first.click()
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(2, timeout=60_000)
    page.locator(".st-key-long_memory-adding-stop button").first.click()
    button = page.locator(".st-key-long_memory-open_cell button").first
    expect(button).to_contain_text(translate("long_memory.open_cell", lang, sample=1))
    button.click()
    expect(page.get_by_role("heading", name=translate("cell.title", lang), level=1)).to_be_visible()
    expect(page.get_by_test_id("stMain").get_by_test_id("stExpander").first).to_contain_text(translate("cell.weights.long_memory", lang))
    expect(page.get_by_test_id("stVegaLiteChart").filter(
        has_text=translate("cell.q.x_vector", lang))).to_have_count(1)
    expect(page.get_by_test_id("stVegaLiteChart").filter(
        has_text=translate("cell.q.f", lang)).first.locator("svg")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
