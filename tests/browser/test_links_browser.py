"""Links that keep the view, in Debian's chromium: on every page a changed setting goes into
the address, a reload keeps it, a bad value in the address gives a notice (the console stays
clean: the ``page`` fixture checks), and the sidebar's "link to this view" copies the address."""

import re

import pytest
from playwright.sync_api import expect

from ui import links
from ui import train_settings as ts
from ui.i18n import translate

pytestmark = pytest.mark.browser


def expect_run_finished(tab) -> None:
    """The script run under way has ended, and it raised no exception."""
    expect(tab.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    expect(tab.get_by_test_id("stException")).to_have_count(0)


def open_view(tab, app_url: str, page: str, **settings) -> None:
    tab.goto(links.view_url(page, settings, lang="en", base=app_url))
    expect_run_finished(tab)


def slider(tab, key: str):
    return tab.locator(f".st-key-{key.replace('.', '-')}").get_by_role("slider")


def nudge(tab, key: str) -> None:
    """One step to the right on the slider with widget ``key``, as a keyboard user would."""
    handle = slider(tab, key)
    handle.focus()
    tab.keyboard.press("ArrowRight")


def reload(tab) -> None:
    tab.reload()
    expect_run_finished(tab)


# (page, widget key of a slider, its value at the page's default, the URL name)
SLIDERS = [("train", "train.hidden", ts.DEFAULTS["train.hidden"], "hidden"),
           ("gates", "gates.hidden", 16, "hidden"),
           ("experiments", "experiments.trend.hidden", 5, "hidden")]


@pytest.mark.parametrize("page_key, key, start, name", SLIDERS, ids=[s[0] for s in SLIDERS])
def test_a_moved_slider_goes_into_the_address_and_survives_a_reload(page, app_url, page_key, key, start, name):
    """Move a slider one step: the address carries the new value, and a reload shows it."""
    open_view(page, app_url, page_key)
    expect(slider(page, key)).to_have_value(str(start))
    nudge(page, key)
    expect(page).to_have_url(re.compile(rf"[?&]{name}={start + 1}(&|$)"))
    expect_run_finished(page)
    reload(page)
    expect(slider(page, key)).to_have_value(str(start + 1))
    expect(page).to_have_url(re.compile(rf"[?&]{name}={start + 1}(&|$)"))


def test_cell_next_moves_t_in_the_address_and_a_reload_opens_there(page, app_url):
    """On the cell page Next moves t inside a fragment; the address follows and a reload keeps it."""
    open_view(page, app_url, "cell", input="ramp", ramp_len=10)
    t = int(slider(page, "cell.t").input_value())
    page.locator(".st-key-cell-next button:visible").first.click()
    expect(slider(page, "cell.t")).to_have_value(str(t + 1))
    expect(page).to_have_url(re.compile(rf"[?&]t={t + 1}(&|$)"))
    reload(page)
    expect(slider(page, "cell.t")).to_have_value(str(t + 1))
    expect(page).to_have_url(re.compile(r"input=ramp&ramp_len=10"))


def test_long_memory_task_goes_into_the_address_and_survives_a_reload(page, app_url):
    """Choosing another task puts it in the address; a reload opens that task."""
    open_view(page, app_url, "long_memory")
    label = translate("long_memory.task.noise_free", "en")
    page.locator(".st-key-long_memory-task").get_by_text(label).click()
    expect(page).to_have_url(re.compile(r"[?&]task=noise_free(&|$)"))
    expect_run_finished(page)
    reload(page)
    expect(page.locator(".st-key-long_memory-task").get_by_role("radio", name=label)).to_be_checked()


def test_home_language_survives_a_reload(page, app_url):
    """The language is part of every link: a reload after switching keeps Chinese."""
    open_view(page, app_url, "home")
    page.locator(".st-key-common-lang").get_by_text(translate("common.lang_name.zh", "zh")).click()
    expect(page).to_have_url(re.compile(r"\?lang=zh$"))
    reload(page)
    expect(page.get_by_role("heading", name=translate("home.title", "zh"), level=1)).to_be_visible()


BAD = [("home", "hidden", "3"), ("cell", "hidden", "99"), ("train", "lr", "0.0333"), ("gates", "rho", "<b>7</b>"),
       ("experiments", "exp", "nope"), ("long_memory", "budget", "-5")]


@pytest.mark.parametrize("page_key, name, value", BAD, ids=[b[0] for b in BAD])
def test_a_bad_value_in_the_address_gives_a_notice_and_is_dropped(page, app_url, page_key, name, value):
    """A bad value shows the notice with the value as typed, the page works, the address drops it."""
    page.goto(f"{app_url}/{links.url_path(page_key)}?lang=en&{name}={value}")
    expect_run_finished(page)
    alert = page.get_by_test_id("stAlert").filter(has_text=translate("links.notice", "en"))
    expect(alert).to_have_count(1)
    expect(alert.locator("code").filter(has_text=name)).to_have_count(1)      # shown as text, not HTML
    if page_key != "home":                                  # home has no settings: only the name is quoted
        expect(alert.locator("code").filter(has_text=value)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"\?lang=en$"))


def test_the_sidebar_link_is_the_address_and_copies_it(page, app_url):
    """The "link to this view" box shows the current address (also after a fragment moved t)
    and its button copies it."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    open_view(page, app_url, "cell", input="ramp", ramp_len=10)
    page.locator(".st-key-cell-next button:visible").first.click()
    expect(page).to_have_url(re.compile(r"[?&]t=\d+"))
    page.get_by_test_id("stSidebar").get_by_text(translate("links.share.title", "en")).click()
    # The box shows the browser's address; compared in the page, at one moment (page.url read
    # here and the field read later could straddle a late address update on a busy machine).
    page.wait_for_function("""() => { const f = document.querySelector('.links-share .links-url');
                                       return f && f.value === window.location.href && /[?&]t=\\d+/.test(f.value); }""")
    page.locator(".links-share .links-copy").click()
    expect(page.locator(".links-share .links-done")).to_have_text(translate("links.share.done", "en"))
    assert page.evaluate("navigator.clipboard.readText()") == page.evaluate("window.location.href")
