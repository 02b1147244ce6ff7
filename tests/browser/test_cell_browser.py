"""Cell page in Debian's chromium: one projector screen holds the time controls, the diagram and
the equations; the diagram and the charts render; buttons, keys and Play move t."""
import re
import time

import pytest
from playwright.sync_api import expect

from lstm_core import gru_forward, init_gru_params, sequences
from lstm_core.cells import LSTM
from ui import cell_views as cv
from ui.i18n import translate

pytestmark = pytest.mark.browser

OPEN_T = 22                      # where the page opens on the default sine (x ≈ -0.87)
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
    expect(tab.get_by_role("heading", name=heading(lang, OPEN_T))).to_be_visible()


def test_cell_page_draws_the_diagram_and_six_heatmaps(page, app_url, screenshot):
    """The diagram SVG, the six heatmaps (with their cells) and the line charts all render."""
    open_cell_page(page, app_url)
    diagram = page.locator('[data-testid="stMain"] svg[role="img"]')
    expect(diagram).to_have_count(1)
    expect(diagram.get_by_text(translate("cell.gate.f", "en"), exact=True)).to_be_visible()
    main = page.locator('[data-testid="stMainBlockContainer"]')
    # Fills its half of the page: measured against the page's own width, which depends on the
    # sidebar and the fonts, and waited for, since the layout settles after the first paint.
    wait_until(lambda: diagram.bounding_box()["width"] > 0.4 * main.bounding_box()["width"])
    heatmaps = page.locator(HEATMAPS)
    expect(heatmaps).to_have_count(6)
    for k, q in enumerate(LSTM.quantities):
        expect(heatmaps.nth(k).get_by_text(translate(f"cell.q.{q}", "en"))).to_be_visible()
        expect(heatmaps.nth(k).locator("svg .mark-rect path").first).to_be_attached()
        assert heatmaps.nth(k).bounding_box()["height"] > 150     # not squashed to a sliver
    lines = page.locator(LINES)
    expect(lines).to_have_count(6)
    expect(lines.first.locator("svg .mark-line path").first).to_be_attached()
    expect(page.locator(".st-key-cell-now .katex-display")).to_have_count(1)   # the numbers panel
    expect(page.locator(".katex-display")).to_have_count(1 + 6)  # and the four steps' six blocks
    screenshot(page, "cell")


def test_time_controls_move_t(page, app_url):
    """Next, the → key and Back step t; Play advances it on its own until Pause."""
    open_cell_page(page, app_url)
    diagram = page.locator('[data-testid="stMain"] svg[role="img"]')
    before = diagram.inner_html()
    button(page, "next").click()
    expect(page.get_by_role("heading", name=heading("en", OPEN_T + 1))).to_be_visible()
    expect(diagram).to_have_attribute("aria-label", translate("cell.diagram.title", "en", t=OPEN_T + 1, j=0))
    assert diagram.inner_html() != before                    # new numbers and colours
    page.locator('[data-testid="stMain"] h1').click()        # focus on the page, not in a widget
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name=heading("en", OPEN_T + 2))).to_be_visible()
    button(page, "prev").click()
    expect(page.get_by_role("heading", name=heading("en", OPEN_T + 1))).to_be_visible()
    button(page, "play").click()
    wait_until(lambda: shown_t(page) >= OPEN_T + 3, seconds=60)   # a tick every 0.8 s (slower under load)
    button(page, "pause").click()
    expect(button(page, "play")).to_contain_text(translate("cell.play", "en"), timeout=60_000)   # paused
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(
        1, timeout=60_000)                                   # the run that drew "Play" has ended
    paused_at = shown_t(page)
    page.wait_for_timeout(1800)                              # two ticks' worth: nothing may move
    label = button(page, "play").inner_text()
    assert shown_t(page) == paused_at, f"t moved after Pause (the button now says {label!r})"


def markers_at(tab, container: str, t: int):
    """The t markers drawn at ``t`` in the charts of ``container`` (SVG: the page's default size
    draws its charts as SVG, each mark labelled with its tooltip)."""
    return tab.locator(f'{container} [data-testid="stVegaLiteChart"] svg [aria-label$="{translate("common.axis.time", "en")}: {t}"]')


def test_a_step_moves_every_marker_in_the_browser_and_resends_no_heatmap(page, app_url):
    """Next and Back move the t marker of the six heatmaps and the six line charts while the
    server sends none of those charts again and the heatmaps' drawings stay the same nodes."""
    frames: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        payload if isinstance(payload, bytes) else payload.encode())))
    open_cell_page(page, app_url)
    heatmaps = '.st-key-cell-heatmaps'
    expect(markers_at(page, heatmaps, OPEN_T)).to_have_count(2 * 6)       # black over a white halo
    expect(markers_at(page, ".st-key-cell-lines", OPEN_T)).to_have_count(6)
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    page.evaluate(f"() => {{ window.heatmapSvgs = [...document.querySelectorAll('{heatmaps} svg.marks')]; }}")
    assert page.evaluate("() => window.heatmapSvgs.length") == 6
    sent_before = len(frames)
    button(page, "next").click()
    expect(page.get_by_role("heading", name=heading("en", OPEN_T + 1))).to_be_visible()
    expect(markers_at(page, heatmaps, OPEN_T + 1)).to_have_count(2 * 6)
    expect(markers_at(page, ".st-key-cell-lines", OPEN_T + 1)).to_have_count(6)
    expect(markers_at(page, heatmaps, OPEN_T)).to_have_count(0)
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    sent = b"".join(frames[sent_before:])
    assert b"viridis" not in sent, "a gate heatmap was sent again for a step"
    assert sent.count(b'"name": "cell_t"') <= 1, "charts other than the input's were sent again"
    assert page.evaluate(f"""() => window.heatmapSvgs.every((svg, k) => svg.isConnected
        && svg === document.querySelectorAll('{heatmaps} svg.marks')[k])"""), "a heatmap was drawn anew"
    button(page, "prev").click()
    expect(markers_at(page, heatmaps, OPEN_T)).to_have_count(2 * 6)
    expect(markers_at(page, ".st-key-cell-lines", OPEN_T)).to_have_count(6)


def inside_viewport(tab, locator, what: str) -> None:
    """``locator`` is drawn whole inside the visible window, with nothing scrolled."""
    box = locator.bounding_box()
    view = tab.viewport_size
    assert box is not None, f"{what} is not drawn"
    assert box["x"] >= 0 and box["y"] >= 0, f"{what} starts outside the window: {box}"
    assert box["x"] + box["width"] <= view["width"], f"{what} is cut on the right: {box}, {view}"
    assert box["y"] + box["height"] <= view["height"], f"{what} is below the fold: {box}, {view}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_time_controls_diagram_and_equations_fit_one_projector_screen(page, app_url, lang):
    """At 1280 x 800, without scrolling, a teacher sees Back/Play/Next, t, the unit, the whole
    diagram and the six equations with this step's numbers, in both languages."""
    assert page.viewport_size == {"width": 1280, "height": 800}
    open_cell_page(page, app_url, lang)
    diagram = page.locator('[data-testid="stMain"] svg[role="img"]')
    numbers = page.locator(".st-key-cell-now .katex-display")
    expect(numbers).to_contain_text("0.659")                 # f at t = 22, unit 0, filled in
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    expect(page.locator(".st-key-cell-t").get_by_role("slider")).to_have_value(str(OPEN_T))
    assert page.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollTop') == 0
    for what, locator in (("Back", button(page, "prev")), ("Play", button(page, "play")),
                          ("Next", button(page, "next")), ("the t slider", page.locator(".st-key-cell-t")),
                          ("the unit", page.locator(".st-key-cell-unit")),
                          ("the heading", page.get_by_role("heading", name=heading(lang, OPEN_T))),
                          ("the diagram", diagram), ("the equations", numbers)):
        expect(locator).to_be_visible()
        inside_viewport(page, locator, what)
    drawn = numbers.locator(".katex-html").bounding_box()   # the typeset rows, not their box
    column = page.locator('.st-key-cell-now [data-testid="stColumn"]').last.bounding_box()
    assert drawn["x"] >= column["x"] and drawn["x"] + drawn["width"] <= column["x"] + column["width"], \
        f"the equations stick out of their column: {drawn}, {column}"
    inside_viewport(page, numbers.locator(".katex-html"), "the typeset equations")
    button(page, "next").click()                              # still one screen after a step
    expect(page.get_by_role("heading", name=heading(lang, OPEN_T + 1))).to_be_visible()
    inside_viewport(page, numbers, "the equations after Next")
    inside_viewport(page, diagram, "the diagram after Next")


def test_settings_open_and_the_engine_code_is_not_cut(page, app_url):
    """The settings panel opens and stays open while a setting changes; the engine's step wraps."""
    open_cell_page(page, app_url)
    settings = page.locator(".st-key-cell-settings")
    hidden = page.locator(".st-key-cell-hidden").get_by_role("slider")
    expect(hidden).to_be_hidden()                             # shut at first: one screen
    settings.locator("summary").click()
    expect(hidden).to_be_visible()
    hidden.focus()
    page.keyboard.press("ArrowRight")                         # H = 5
    expect(settings.locator("summary")).to_contain_text("H = 5")
    expect(hidden).to_be_visible()                            # still open after the rerun
    code = page.locator('[data-testid="stCode"] pre').last
    code.scroll_into_view_if_needed()
    expect(code).to_contain_text("def lstm_step")
    assert code.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the code scrolls sideways"


def test_the_gru_draws_its_diagram_equations_and_four_heatmaps_whose_markers_follow_t(page, app_url):
    """Issue 12: the cell chooser switches to a GRU: its diagram drawn, its equations typeset,
    the heatmaps of r, z, n and h drawn, and the diagram and the markers move with Next."""
    open_cell_page(page, app_url)
    settings = page.locator(".st-key-cell-settings")
    settings.locator("summary").click()
    page.locator(".st-key-cell-kind").get_by_text(translate("cell.kind.gru", "en"), exact=True).click()
    expect(settings.locator("summary")).to_contain_text(translate("cell.kind.gru", "en"))
    heatmaps = page.locator(HEATMAPS)
    expect(heatmaps).to_have_count(4)
    for k, q in enumerate(("r", "z", "n", "h")):
        expect(heatmaps.nth(k).get_by_text(translate(f"cell.q.{q}", "en"))).to_be_visible()
    expect(page.locator(".st-key-cell-now .katex-display")).to_have_count(1)   # the numbers beside it
    diagram = page.locator('[data-testid="stMain"] svg[role="img"]')
    t_now = int(page.locator(".st-key-cell-t").get_by_role("slider").input_value())
    expect(diagram).to_have_attribute("aria-label", translate("cell.gru.diagram.title", "en", t=t_now, j=0))
    expect(diagram.get_by_text(translate("cell.gate.z", "en"), exact=True)).to_be_visible()
    expect(markers_at(page, ".st-key-cell-heatmaps", t_now)).to_have_count(2 * 4)
    button(page, "next").click()
    expect(diagram).to_have_attribute("aria-label", translate("cell.gru.diagram.title", "en", t=t_now + 1, j=0))
    expect(markers_at(page, ".st-key-cell-heatmaps", t_now + 1)).to_have_count(2 * 4)
    expect(markers_at(page, ".st-key-cell-lines", t_now + 1)).to_have_count(4)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_gru_time_controls_diagram_and_equations_fit_one_projector_screen(page, app_url, lang):
    """At 1280 x 800, without scrolling, a GRU shows Back/Play/Next, t, the unit, its whole diagram
    and its four equations with numbers, in both languages, at the default GRU's widest row of
    numbers (unit 1 near the end: three negative numbers in n's row) and one step later."""
    n = gru_forward(init_gru_params(1, 4, seed=0), sequences.sine(48, 12)).n    # the page's default GRU
    page.goto(f"{app_url}/Cell?lang={lang}&cell=gru&t=46&unit=1")
    heading_46 = translate("cell.diagram.heading", lang, t=46, j=1, last=47)
    expect(page.get_by_role("heading", name=heading_46)).to_be_visible()
    diagram = page.locator('[data-testid="stMain"] svg[role="img"]')
    numbers = page.locator(".st-key-cell-now .katex-display")
    expect(diagram).to_have_attribute("aria-label", translate("cell.gru.diagram.title", lang, t=46, j=1))
    expect(numbers).to_contain_text(cv.fmt(abs(n[46, 1])))
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    assert page.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollTop') == 0
    for what, locator in (("Back", button(page, "prev")), ("Play", button(page, "play")),
                          ("Next", button(page, "next")), ("the t slider", page.locator(".st-key-cell-t")),
                          ("the unit", page.locator(".st-key-cell-unit")),
                          ("the heading", page.get_by_role("heading", name=heading_46))):
        expect(locator).to_be_visible()
        inside_viewport(page, locator, what)
    column = page.locator('.st-key-cell-now [data-testid="stColumn"]')

    def diagram_and_equations_fit(when: str) -> None:
        inside_viewport(page, diagram, f"the diagram {when}")
        assert diagram.bounding_box()["width"] >= 0.9 * column.first.bounding_box()["width"], \
            f"the diagram does not fill its column {when}"
        drawn = numbers.locator(".katex-html").bounding_box()   # the typeset rows, not their box
        box = column.last.bounding_box()
        assert drawn["x"] >= box["x"] and drawn["x"] + drawn["width"] <= box["x"] + box["width"], \
            f"the equations stick out of their column {when}: {drawn}, {box}"
        inside_viewport(page, numbers.locator(".katex-html"), f"the typeset equations {when}")

    diagram_and_equations_fit("at t = 46")
    button(page, "next").click()
    expect(numbers).to_contain_text(cv.fmt(abs(n[47, 1])))
    expect(diagram).to_have_attribute("aria-label", translate("cell.gru.diagram.title", lang, t=47, j=1))
    diagram_and_equations_fit("after Next")
