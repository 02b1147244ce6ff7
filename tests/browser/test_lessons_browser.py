"""Lessons in Debian's chromium: the lesson bar leads through the steps, each opening its page
with its settings; a question is answered before the reveal."""
import re

import pytest
from playwright.sync_api import expect

from ui import lessons
from ui.i18n import translate

pytestmark = pytest.mark.browser

LOAD_TIMEOUT = 60_000      # ms; the machine is shared, a cold page takes 3-10 s
LESSON = lessons.shipped_lessons()["four_steps"]
BAR = ".st-key-lesson_bar"


def finished(tab):
    """Wait until the script run is over (the app's own state attribute)."""
    expect(tab.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning",
                                                                   timeout=LOAD_TIMEOUT)


def on_step(tab, k: int, lang: str = "en"):
    """Wait until the bar shows step ``k`` and its page's title."""
    step = LESSON.steps[k]
    bar = tab.locator(BAR)
    expect(bar.get_by_text(translate("lessons.bar.step", lang, k=k + 1, n=len(LESSON.steps)),
                           exact=True)).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(bar.get_by_text(step.title[lang], exact=True)).to_be_visible()
    expect(tab.get_by_role("heading", name=translate(f"{step.page}.title", lang), level=1)).to_be_visible(
        timeout=LOAD_TIMEOUT)
    finished(tab)


def next_step(tab):
    tab.locator(".st-key-lesson_bar-next button").first.click()


def test_a_lesson_opens_each_steps_page_with_its_settings(page, app_url, screenshot):
    """Start "The four steps", answer and reveal a question, step on to the forgetting cell."""
    page.goto(f"{app_url}/Lessons?lang=en")
    expect(page.get_by_role("heading", name=translate("lessons.title", "en"), level=1)).to_be_visible(
        timeout=LOAD_TIMEOUT)
    page.locator(".st-key-lessons-start button").first.click()
    on_step(page, 0)
    expect(page).to_have_url(re.compile(r"/Cell\?"))
    expect(page.locator(".st-key-cell-t").get_by_role("slider")).to_have_value("22")
    screenshot(page, "lessons_step1")

    next_step(page)                                   # step 2: a question, reveal disabled until answered
    on_step(page, 1)
    reveal = page.locator(".st-key-lesson_bar-reveal-1 button").first
    expect(reveal).to_be_disabled()
    page.locator(".st-key-lesson_bar-answer-1").get_by_text(LESSON.steps[1].question.choices[0]["en"]).click()
    expect(reveal).to_be_enabled(timeout=LOAD_TIMEOUT)
    reveal.click()
    expect(page.locator(BAR).get_by_text(translate("lessons.q.right", "en"))).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(page.locator(BAR).get_by_text(LESSON.steps[1].question.reveal["en"])).to_be_visible()

    for k in (2, 3, 4):                               # on to the cell that forgets at every step
        next_step(page)
        on_step(page, k)
    assert LESSON.steps[4].settings["weights"] == "forget"
    expect(page).to_have_url(re.compile(r"/Cell\?.*weights=forget"))
    weights = translate("cell.weights.forget", "en")
    expect(page.locator('[data-testid="stExpander"]').filter(has_text=weights).first).to_be_visible()
    screenshot(page, "lessons_step5")

    page.locator(".st-key-lesson_bar-back button").first.click()     # Back: the unit-3 step again
    on_step(page, 3)
    expect(page.get_by_text(translate("cell.diagram.heading", "en", t=22, j=3, last=47))).to_be_visible()


def test_the_lesson_bar_in_chinese_goes_from_the_cell_page_to_the_training_page(page, app_url):
    """In Chinese, step 10 → 11 of "The four steps" moves from the cell page to the training page."""
    page.goto(f"{app_url}/Lessons?lang=zh")
    expect(page.get_by_role("heading", name=translate("lessons.title", "zh"), level=1)).to_be_visible(
        timeout=LOAD_TIMEOUT)
    page.locator(".st-key-lessons-start button").first.click()
    on_step(page, 0, "zh")
    for k in range(1, 11):
        next_step(page)
        on_step(page, k, "zh")
    assert LESSON.steps[10].page == "train"
    expect(page).to_have_url(re.compile(r"/Train\?"))
    expect(page.locator(".st-key-train-look_back").get_by_role("slider")).to_have_value("12")
