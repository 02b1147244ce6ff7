"""The training page's own series in Debian's chromium: upload a CSV file, see what was
understood, train, and see the forecast drawn past the end of the data; a bad file next
gets a message and the uploaded series stays."""
import numpy as np
import pytest
from playwright.sync_api import expect

from ui.i18n import translate

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"]'
PROGRESS = '[data-testid="stProgress"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def quarterly_csv(path) -> None:
    """40 quarters (1990-Q1 … 1999-Q4) of a trend with a season of 4, as a spreadsheet writes it."""
    t = np.arange(40)
    values = 100 + 2 * t + 10 * np.sin(2 * np.pi * t / 4)
    rows = [f"{1990 + k // 4}-Q{k % 4 + 1};{v:.2f}".replace(".", ",") for k, v in enumerate(values)]
    path.write_text("quarter;sales\n" + "\n".join(rows) + "\n", encoding="utf-8-sig")


def test_upload_a_csv_train_and_see_the_forecast_past_the_end(page, app_url, tmp_path, screenshot):
    """A quarterly file is summarised, trained on, and forecast into 2000 (after its last date)."""
    page.goto(f"{app_url}/Train?lang=en")
    expect(page.locator(IDLE)).to_have_count(1)
    good = tmp_path / "my sales.csv"
    quarterly_csv(good)
    page.locator('.st-key-train-series_file input[type="file"]').set_input_files(str(good))
    box = page.locator(".st-key-train-series_box")
    expect(box).to_contain_text("40 rows")
    expect(box).to_contain_text("1990-Q1")
    expect(box).to_contain_text("1999-Q4")
    expect(box).to_contain_text(translate("forecast.series.season_detected", "en", n=4))
    expect(page.locator(IDLE)).to_have_count(1)

    page.locator(".st-key-train-epochs").get_by_role("slider").focus()
    for _ in range(3):                                  # 500 -> 100 epochs: enough to see a forecast
        page.keyboard.press("ArrowLeft")
    expect(page.locator(".st-key-train-epochs")).to_contain_text("100")
    expect(page.locator(IDLE)).to_have_count(1)
    page.locator(".st-key-train-start button:visible").click()
    expect(page.locator(PROGRESS)).to_contain_text("100 / 100", timeout=300_000)
    expect(page.locator(PROGRESS)).to_contain_text(translate("live.status.finished", "en"))

    title = translate("forecast.future.title", "en", name="sales", k=12)
    future = page.locator(CHART).filter(has_text=title)
    expect(future).to_have_count(1)
    expect(future).to_contain_text(translate("forecast.future.line_one", "en"))   # the legend
    # the x-axis reaches 2000 (the forecast after 1999-Q4) and the rule says where it starts
    expect(future).to_contain_text("2000")
    expect(future).to_contain_text(translate("forecast.future.end", "en") + " →")
    expect(page.locator(".st-key-train-download_forecast button:visible")).to_be_visible()
    screenshot(page, "forecast_upload_en")

    bad = tmp_path / "broken.csv"
    bad.write_text("date,value\n1990-01,1\n1990-02,x\n", encoding="utf-8")
    page.locator('.st-key-train-series_file input[type="file"]').set_input_files(str(bad))
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="broken.csv")
    expect(alert).to_contain_text("line 3")
    expect(box).to_contain_text("1999-Q4")                             # the good upload stays
