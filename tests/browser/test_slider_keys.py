"""Quick key presses on a slider keep the last value on the server, in Debian's chromium.

The race this guards: every run the browser sends carries the address it has (the query
string), and ``ui.links.publish`` gives it a new one at the end of each run. On a busy server,
or a slow network, a key pressed before the previous run's new address has arrived sends an
address this session wrote earlier. ``ui.links.restore`` once took that for a link and put
the older value back: five quick presses on the lag sweep's budget left the server at
100,000 while the slider showed 10,000.

Pressing quickly makes that happen sometimes, on some machines. These tests make it happen
every time, whatever the machine's speed: the server's messages are held back (as a busy
server or a slow network would) while the keys are pressed, then released, and the tests
wait for the page to show the final state.
"""
import re

import pytest
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ui.i18n import translate

pytestmark = pytest.mark.browser
RUN_LIMIT_S = 120           # a server run that never finishes fails the test after this


class HeldBack:
    """The page's websocket to the server, with the server's messages held back while
    ``holding``; counts the runs the server finished, held or not."""

    def __init__(self, tab):
        self.tab, self.holding, self.held, self.finished, self.route = tab, False, [], 0, None
        tab.route_web_socket(re.compile(r".*/_stcore/stream$"), self._connect)

    def _connect(self, route) -> None:
        server = route.connect_to_server()
        route.on_message(server.send)
        server.on_message(lambda message: self._from_server(route, message))
        self.route = route

    def _from_server(self, route, message) -> None:
        if isinstance(message, bytes):
            msg = ForwardMsg()
            msg.ParseFromString(message)
            if msg.WhichOneof("type") == "script_finished" and \
                    msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY:
                self.finished += 1
        if self.holding:
            self.held.append(message)
        else:
            route.send(message)

    def wait_for_runs(self, count: int) -> None:
        """Wait until the server has finished ``count`` whole runs since the page opened."""
        for _ in range(RUN_LIMIT_S * 10):
            if self.finished >= count:
                return
            self.tab.wait_for_timeout(100)
        raise AssertionError(f"the server finished {self.finished} runs, not {count}")

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            self.route.send(message)
        self.held.clear()


def open_long_memory_settings(tab, app_url: str) -> HeldBack:
    socket = HeldBack(tab)
    tab.goto(f"{app_url}/?lang=en")
    tab.get_by_test_id("stSidebar").get_by_role("link", name=translate("common.nav.long_memory", "en")).click()
    expect(tab.get_by_role("heading", name=translate("long_memory.title", "en"), level=1)).to_be_visible()
    tab.get_by_test_id("stMain").get_by_test_id("stExpander").first.locator("summary").click()
    return socket


def press_while_the_address_lags(tab, socket: HeldBack, key: str, slider, first_shown: str, n: int = 2) -> None:
    """One press, shown and in the address; then ``n`` presses while the server's answers
    (and with them the new addresses) are held back, each run finished on the server."""
    slider.focus()
    tab.keyboard.press(key)
    expect(tab).to_have_url(re.compile(first_shown))     # the first run's address arrived
    socket.holding = True
    for _ in range(n):
        runs = socket.finished
        tab.keyboard.press(key)
        socket.wait_for_runs(runs + 1)
    socket.release()


def test_quick_presses_on_a_select_slider_keep_the_last_budget(page, app_url):
    """The lag sweep's budget (an st.select_slider), 200,000 -> 100,000, then two presses
    while the address lags: the slider, the server (the sweep's button) and the address
    all end at 30,000."""
    socket = open_long_memory_settings(page, app_url)
    box = page.locator(".st-key-long_memory-adding-budget")
    start = page.locator(".st-key-long_memory-sweep-adding-start button").first
    expect(start).to_contain_text("(200,000 ")
    press_while_the_address_lags(page, socket, "ArrowLeft", box.get_by_role("slider"), "budget=100000")
    expect(start).to_contain_text("(30,000 ")
    expect(box).to_contain_text("30,000")
    expect(page).to_have_url(re.compile("budget=30000"))


def test_quick_presses_on_a_slider_keep_the_last_hidden_size(page, app_url):
    """The race's hidden size (an st.slider), 8 -> 9, then two presses while the address
    lags: the slider, the server (the settings' summary) and the address all end at 11."""
    socket = open_long_memory_settings(page, app_url)
    box = page.locator(".st-key-long_memory-adding-hidden")
    summary = page.get_by_test_id("stMain").get_by_test_id("stExpander").first.locator("summary")
    expect(summary).to_contain_text("H = 8 ")
    press_while_the_address_lags(page, socket, "ArrowRight", box.get_by_role("slider"), "hidden=9")
    expect(summary).to_contain_text("H = 11 ")
    expect(box.get_by_role("slider")).to_have_attribute("aria-valuetext", "11")
    expect(page).to_have_url(re.compile("hidden=11"))


def test_quick_presses_on_the_training_epochs_keep_the_last_value(page, app_url):
    """The training page's epochs (an st.select_slider, another page with a link table),
    500 -> 1000, then two presses while the address lags: the slider and the address end
    at 3000 (the page shows the epochs nowhere else before training)."""
    socket = HeldBack(page)
    page.goto(f"{app_url}/Train?lang=en")
    slider = page.locator(".st-key-train-epochs").get_by_role("slider")
    expect(slider).to_have_attribute("aria-valuetext", "500")
    press_while_the_address_lags(page, socket, "ArrowRight", slider, "epochs=1000")
    expect(page).to_have_url(re.compile("epochs=3000"))
    expect(slider).to_have_attribute("aria-valuetext", "3000")


def test_back_after_settled_presses_brings_the_previous_budget(page, app_url):
    """The browser's Back still opens the previous view: 200,000 -> 100,000 -> 50,000, one
    press at a time (each in the address), then Back: the slider and the server at 100,000."""
    open_long_memory_settings(page, app_url)
    box = page.locator(".st-key-long_memory-adding-budget")
    start = page.locator(".st-key-long_memory-sweep-adding-start button").first
    for shown in ("100,000", "50,000"):
        box.get_by_role("slider").focus()
        page.keyboard.press("ArrowLeft")
        expect(start).to_contain_text(f"({shown} ")
        expect(page).to_have_url(re.compile(f"budget={shown.replace(',', '')}"))
    page.go_back()
    expect(page).to_have_url(re.compile("budget=100000"))
    expect(start).to_contain_text("(100,000 ")
    expect(box.get_by_role("slider")).to_have_attribute("aria-valuetext", "100,000")
