"""Hostile use in Debian's chromium: what only a browser shows.

- typed markup and a markup file name are drawn as the characters typed (no bold, no
  KaTeX, no link), cut short;
- 30 quick clicks on Play/Next/Back leave the session alive and consistent
  (streamlit#11357: "Cached ForwardMsg MISS" used to end it);
- hostile uploads get a message and leave the trained model;
- two tabs train independently; the URL's query string can't break a page;
- an unexpected exception shows neither a traceback nor a file path (client.showErrorDetails).
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from lstm_core import TrainConfig, Trainer, save_checkpoint
from tests import hostile_files as hf
from ui.i18n import translate
from ui.train_settings import DEFAULTS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
MARKUP = "**bold** `code` $$x^2$$ [link](http://example.com) <b>html</b> :red[red]"
ALERT = '[data-testid="stAlert"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def open_page(tab, app_url: str, path: str, title_key: str, lang: str = "en") -> None:
    tab.goto(f"{app_url}/{path}?lang={lang}")
    expect(tab.get_by_role("heading", name=translate(title_key, lang), level=1)).to_be_visible(timeout=60_000)
    expect(tab.locator(IDLE)).to_have_count(1, timeout=60_000)


def choose_option(tab, key: str, label: str, tries: int = 5) -> None:
    """Open the selectbox of widget ``key`` and pick ``label``. On a busy machine a rerun can
    redraw the box right after the click and close its list, so the click is repeated (a
    few times) until the option shows: a wait for a state, not for a time."""
    box = tab.locator(f".st-key-{key}")
    option = tab.get_by_role("option", name=label)
    for _ in range(tries):
        expect(tab.locator(IDLE)).to_have_count(1, timeout=60_000)
        box.click()
        try:
            option.wait_for(state="visible", timeout=15_000)
        except PlaywrightError:
            continue
        option.click()
        return
    raise AssertionError(f"the list of {key} never showed {label!r}")


def expect_drawn_as_typed(alert, typed: str) -> None:
    """``typed`` appears in ``alert`` character for character, and nothing in it became markup."""
    expect(alert).to_contain_text(typed)
    for markup in ("strong", "em", "a[href]", ".katex", "b", "del"):
        assert alert.locator(markup).count() == 0, f"{markup} drawn from {typed!r}: {alert.inner_html()[:500]}"


def test_typed_markup_in_the_cell_page_is_shown_as_typed(page, app_url):
    """A bad token full of Markdown, KaTeX, HTML and a link shows literally in the error."""
    open_page(page, app_url, "Cell", "cell.title")
    page.locator(".st-key-cell-settings summary").click()        # the settings panel starts shut
    page.locator(".st-key-cell-input").get_by_text(translate("cell.input.custom", "en")).click()
    box = page.locator(".st-key-cell-custom textarea")
    expect(box).to_be_visible(timeout=30_000)
    box.fill("1, 2, " + MARKUP.replace(" ", "_"))
    box.press("Control+Enter")
    alert = page.locator(ALERT).filter(has_text=translate("cell.custom.error", "en", detail="")[:20])
    expect_drawn_as_typed(alert, "**bold**_`code`_$$x^2$$_[link](http://example.com)_<b>html</b>_:red[red]"[:39])
    expect(page.locator(IDLE)).to_have_count(1)


def test_typed_markup_and_a_long_token_in_the_gates_page_are_shown_as_typed_and_cut(page, app_url):
    """The gates page quotes the bad token as typed, cut to 40 characters, and keeps its charts."""
    open_page(page, app_url, "Why_gates", "gates.title")
    choose_option(page, "gates-input", translate("gates.input.custom", "en"))
    box = page.locator(".st-key-gates-custom textarea")
    expect(box).to_be_visible(timeout=30_000)
    box.fill("$$\\int_0^1$$" + "9" * 100_000)
    box.press("Control+Enter")
    alert = page.locator(ALERT).filter(has_text=translate("gates.custom.error", "en", detail="")[:20])
    expect_drawn_as_typed(alert, "$$\\int_0^1$$999")
    assert len(alert.inner_text()) < 300
    expect(page.get_by_text(translate("gates.custom.using_last", "en", n=20))).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(8, timeout=60_000)


def test_a_hostile_upload_keeps_the_model_and_a_markup_file_name_is_shown_as_typed(page, app_url, tmp_path):
    """After one epoch, a 1 GiB deflate bomb and a file named with Markdown are refused with
    messages; the model is still there and the controls still work."""
    open_page(page, app_url, "Train", "train.title")
    page.locator(".st-key-train-step button:visible").click()
    progress = page.locator('[data-testid="stProgress"]').first
    expect(progress).to_contain_text("1 / 500", timeout=60_000)
    page.get_by_text(translate("train.upload.heading", "en")).click()
    chooser = page.locator('.st-key-train-upload input[type="file"]')
    bomb = tmp_path / "bomb.npz"
    bomb.write_bytes(hf.deflate_bomb())
    chooser.set_input_files(str(bomb))
    expect(page.locator(ALERT).filter(has_text="bomb.npz")).to_contain_text("Nothing was unpacked", timeout=60_000)
    name = "**bold** $$x$$ [a](#x) www.example.com.npz"
    odd = tmp_path / name
    odd.write_bytes(hf.UPLOADS["forget_bias_99.npz"][0]())
    chooser.set_input_files(str(odd))
    alert = page.locator(ALERT).filter(has_text="was not restored")
    expect(alert).to_be_visible(timeout=60_000)
    expect_drawn_as_typed(alert, name[:39])
    expect(page.locator(".st-key-train-forget_bias").get_by_role("slider")).to_have_value("1")
    expect(progress).to_contain_text("1 / 500")                   # the model is still there
    page.locator(".st-key-train-step button:visible").click()
    expect(progress).to_contain_text("2 / 500", timeout=60_000)   # ... and trains on


def button(tab, name: str):
    """Cell page button ``cell.<name>``; "toggle" is Play or Pause, whichever is drawn."""
    keys = ("play", "pause") if name == "toggle" else (name,)
    return tab.locator(", ".join(f".st-key-cell-{k} button:visible" for k in keys)).first


def shown_t(tab) -> int:
    heading = tab.locator("h3").filter(has_text=re.compile(r"t = \d+"))
    return int(re.search(r"t = (\d+)", heading.first.inner_text()).group(1))


def consistent_t(tab, seconds: float = 60) -> int:
    """The t that the heading, the slider and the diagram all show, once they agree."""
    slider = tab.locator(".st-key-cell-t").get_by_role("slider")
    diagram = tab.locator('[data-testid="stMain"] svg[role="img"]')
    deadline = time.monotonic() + seconds
    while True:
        headings = tab.locator("h3").filter(has_text=re.compile(r"t = \d+")).all_inner_texts()
        label = diagram.get_attribute("aria-label") or ""
        shown = {int(re.search(r"t = (\d+)", h).group(1)) for h in headings}
        shown |= {int(slider.input_value())} | {int(re.search(r"(\d+)$", label).group(1))}
        if len(shown) == 1:
            return shown.pop()
        assert time.monotonic() < deadline, f"t disagrees: {headings}, slider {slider.input_value()}, {label!r}"
        tab.wait_for_timeout(200)


def settle(tab, seconds: float = 90) -> int:
    """Pause if playing, then wait until t, the button and the script state have stayed the
    same for 2 s (Play ticks every 0.8 s; clicks still queued on the server are done).
    Returns that t, which the heading, the slider and the diagram agree on."""
    deadline, last, since = time.monotonic() + seconds, None, time.monotonic()
    while True:
        playing = tab.locator(".st-key-cell-pause button:visible").count() > 0
        if playing:
            try:
                button(tab, "pause").click(timeout=5_000)
            except PlaywrightError:                          # it turned into Play meanwhile
                pass
        now = (consistent_t(tab), playing, tab.locator(IDLE).count())
        if now != last:
            last, since = now, time.monotonic()
        elif not playing and now[2] == 1 and time.monotonic() - since >= 2.0:
            return now[0]
        assert time.monotonic() < deadline, f"the page never settled: t, playing, idle = {now}"
        tab.wait_for_timeout(200)


def test_thirty_quick_clicks_on_play_next_and_back_leave_the_page_working(page, app_url):
    """streamlit#11357: rapid Play/Next/Back ended the session with "Cached ForwardMsg MISS"."""
    open_page(page, app_url, "Cell", "cell.title")
    centre = {}
    for name in ("prev", "toggle", "next"):                      # where the mouse goes
        box = button(page, name).bounding_box()
        centre[name] = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for name in ["next", "next", "toggle", "prev", "next", "toggle"] * 5:
        page.mouse.click(*centre[name])                          # as fast as a mouse can go
    t = settle(page)
    assert page.get_by_text("Connection error").count() == 0
    assert page.get_by_text("Cached ForwardMsg").count() == 0
    step = "prev" if t > 0 else "next"
    button(page, step).click()                                   # the session still answers
    expect(page.get_by_role("heading", name=translate("cell.diagram.heading", "en", t=t + (1 if step == "next" else -1),
                                                      j=0, last=47))).to_be_visible(timeout=60_000)


def test_two_tabs_train_their_own_models(browser, app_url):
    """Two tabs are two sessions: a step in one doesn't touch the other."""
    context = browser.new_context()
    try:
        first, second = context.new_page(), context.new_page()
        for tab in (first, second):
            open_page(tab, app_url, "Train", "train.title")
        first.locator(".st-key-train-step button:visible").click()
        expect(first.locator('[data-testid="stProgress"]').first).to_contain_text("1 / 500", timeout=60_000)
        second.reload()
        expect(second.get_by_role("heading", name=translate("train.title", "en"), level=1)).to_be_visible(
            timeout=60_000)
        expect(second.locator('[data-testid="stProgress"]').first).to_contain_text(
            translate("live.progress.idle", "en"), timeout=60_000)
        second.locator(".st-key-train-step button:visible").click()
        expect(second.locator('[data-testid="stProgress"]').first).to_contain_text("1 / 500", timeout=60_000)
        expect(first.locator('[data-testid="stProgress"]').first).to_contain_text("1 / 500")
    finally:
        context.close()


@pytest.mark.parametrize("query", ["lang=xx", "lang=%3Cscript%3Ealert(1)%3C/script%3E", "lang=zh&lang=en",
                                   "lang=" + "z" * 20_000, "foo=bar&lang=zh"],
                         ids=["unknown", "script", "twice", "20000 characters", "extra"])
def test_a_hostile_query_string_opens_the_page(page, app_url, query):
    """An odd ?lang= opens the page in English (or the valid language) without an error."""
    page.goto(f"{app_url}/?{query}")
    expect(page).to_have_url(re.compile(r"lang=(en|zh)$"), timeout=60_000)
    lang = page.url[-2:]
    if query in ("lang=xx", "lang=%3Cscript%3Ealert(1)%3C/script%3E") or query.startswith("lang=zzz"):
        assert lang == "en"
    expect(page.get_by_role("heading", name=translate("home.title", lang), level=1)).to_be_visible(timeout=60_000)
    expect(page.locator(IDLE)).to_have_count(1, timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0


def test_a_trained_model_survives_restoring_a_good_file_in_the_second_tab(browser, app_url, tmp_path):
    """Restoring a file in one tab changes that tab only."""
    trainer = Trainer(TrainConfig(hidden_size=5, look_back=6, epochs=2))
    trainer.run()
    good = tmp_path / "model.npz"
    good.write_bytes(save_checkpoint(trainer.params, trainer.config, 2))
    context = browser.new_context()
    try:
        first, second = context.new_page(), context.new_page()
        for tab in (first, second):
            open_page(tab, app_url, "Train", "train.title")
        first.locator(".st-key-train-step button:visible").click()
        expect(first.locator('[data-testid="stProgress"]').first).to_contain_text("1 / 500", timeout=60_000)
        second.get_by_text(translate("train.upload.heading", "en")).click()
        second.locator('.st-key-train-upload input[type="file"]').set_input_files(str(good))
        expect(second.get_by_text(translate("train.upload.done", "en", name="model.npz", epoch=2))).to_be_visible(
            timeout=60_000)
        expect(second.locator(".st-key-train-hidden").get_by_role("slider")).to_have_value("5")   # the file's
        expect(first.locator(".st-key-train-hidden").get_by_role("slider")).to_have_value(str(DEFAULTS["train.hidden"]))
        expect(first.locator('[data-testid="stProgress"]').first).to_contain_text("1 / 500")
    finally:
        context.close()


@pytest.fixture
def crashing_app(tmp_path):
    """A one-line app that fails with a file path in its traceback, served with this
    project's .streamlit/config.toml (the classroom settings)."""
    (tmp_path / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", tmp_path / ".streamlit" / "config.toml")
    (tmp_path / "crash.py").write_text(
        "import streamlit as st\n"
        "st.error('Our own message stays.')\n"
        "raise RuntimeError('failed in ' + __file__)\n")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "crash.py", "--server.port", str(port)],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "the crash app did not start"
                time.sleep(0.2)
        yield url, str(tmp_path)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_an_unexpected_error_shows_no_traceback_and_no_file_path(browser, crashing_app):
    """client.showErrorDetails: a classroom sees neither a traceback nor where the app lives."""
    url, folder = crashing_app
    tab = browser.new_page()
    try:
        tab.goto(url)
        expect(tab.get_by_text("Our own message stays.")).to_be_visible(timeout=60_000)
        expect(tab.locator(IDLE)).to_have_count(1, timeout=60_000)
        main = tab.locator('[data-testid="stMain"]').inner_text()
        for secret in (folder, "crash.py", "Traceback", "failed in"):
            assert secret not in main, f"{secret!r} shown: {main[:500]}"
    finally:
        tab.close()


def test_switching_pages_mid_run_and_back_keeps_training(page, app_url):
    """Leaving the training page mid-run (to the cell page) and coming back: the same run,
    at a later epoch or paused where it was, never an error or a lost model."""
    open_page(page, app_url, "Train", "train.title")
    for key, shown in (("epochs", "5000"), ("hidden", "64")):
        page.locator(f".st-key-train-{key}").get_by_role("slider").focus()
        page.keyboard.press("End")
        expect(page.locator(f".st-key-train-{key}")).to_contain_text(shown)
        expect(page.locator(IDLE)).to_have_count(1)
    page.locator(".st-key-train-start button:visible").click()
    progress = page.locator('[data-testid="stProgress"]').first
    expect(progress).to_contain_text(translate("live.status.running", "en"))
    page.get_by_test_id("stSidebar").get_by_role("link", name=translate("common.nav.cell", "en")).click()
    expect(page.get_by_role("heading", name=translate("cell.title", "en"), level=1)).to_be_visible()
    expect(page.locator(IDLE)).to_have_count(1)
    page.get_by_test_id("stSidebar").get_by_role("link", name=translate("common.nav.train", "en")).click()
    expect(page.get_by_role("heading", name=translate("train.title", "en"), level=1)).to_be_visible()
    left_at = int(re.search(r"(\d+)\s*/", progress.inner_text()).group(1))
    expect(progress).to_contain_text(" / 5000")
    expect(page.locator(".st-key-train-hidden")).to_contain_text("64")     # the run's settings
    deadline = time.monotonic() + 120
    while int(re.search(r"(\d+)\s*/", progress.inner_text()).group(1)) <= left_at:   # trains on
        assert time.monotonic() < deadline, "training did not go on after coming back"
        page.wait_for_timeout(200)
    page.locator(".st-key-train-stop button:visible").click()
    expect(progress).to_contain_text(translate("live.status.stopped", "en"))
    assert page.get_by_test_id("stException").count() == 0
