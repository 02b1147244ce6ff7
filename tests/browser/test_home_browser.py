"""Home page in Debian's chromium: it renders, it switches language, it stays offline."""

import re

import pytest
from playwright.sync_api import expect

from ui import equations
from ui.i18n import translate
from ui.layout import available_pages

pytestmark = pytest.mark.browser

STEP_KEYS = list(equations.STEPS)
N_EQUATIONS = 1 + sum(len(step) for step in equations.STEPS.values())  # the RNN, then the four steps


def expect_run_finished(tab) -> None:
    """The script run under way has ended, and it raised no exception."""
    expect(tab.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    exceptions = tab.get_by_test_id("stException")
    assert exceptions.count() == 0, f"the page raised: {exceptions.first.inner_text()}"


def expect_home_in(tab, lang: str) -> None:
    """The home page is fully drawn in ``lang``: title, four step titles, every equation typeset."""
    expect(tab.get_by_role("heading", name=translate("home.title", lang), level=1)).to_be_visible()
    for key in STEP_KEYS:
        expect(tab.get_by_role("heading", name=translate(f"home.step.{key}.title", lang))).to_be_visible()
    expect(tab.locator('[data-testid="stMain"] .katex-display')).to_have_count(N_EQUATIONS)
    expect_run_finished(tab)


def test_home_shows_the_title_and_the_four_steps(page, app_url, screenshot):
    """The home page loads with its title, the four steps and their equations."""
    page.goto(app_url)
    expect_home_in(page, "en")
    expect(page).to_have_title(translate("common.app_name", "en"))
    screenshot(page, "home")


def test_language_switch_changes_the_page_to_chinese(page, app_url, screenshot):
    """Clicking 中文 in the sidebar redraws the page in Chinese and puts ?lang=zh in the URL."""
    page.goto(app_url)
    expect_home_in(page, "en")
    page.locator(".st-key-common-lang").get_by_text(translate("common.lang_name.zh", "zh")).click()
    expect_home_in(page, "zh")
    expect(page.get_by_text(translate("home.what.heading", "en"))).to_have_count(0)
    expect(page).to_have_url(f"{app_url}/?lang=zh")
    screenshot(page, "home_zh")


def test_lang_in_the_url_opens_the_chinese_version(page, app_url):
    """A bookmarked ?lang=zh link opens straight in Chinese."""
    page.goto(f"{app_url}/?lang=zh")
    expect_home_in(page, "zh")
    expect(page).to_have_title(translate("common.app_name", "zh"))


@pytest.mark.parametrize("target", [p for p in available_pages() if p.key != "home"], ids=lambda p: p.key)
def test_sidebar_link_opens_the_page_in_the_chosen_language(page, app_url, target):
    """Each sidebar link opens its page without an error, still in Chinese."""
    page.goto(f"{app_url}/?lang=zh")
    expect_home_in(page, "zh")
    label = translate(f"common.nav.{target.key}", "zh")
    page.get_by_test_id("stSidebar").get_by_role("link", name=label).click()
    expect(page).to_have_title(translate("common.page_title", "zh", page=label))
    expect(page).to_have_url(re.compile(r"\?lang=zh$"))
    expect(page.locator(".st-key-common-lang input[type=radio]").nth(1)).to_be_checked()
    expect_run_finished(page)
