"""Hostile typed text, query strings and extreme controls on every page, in AppTest.

Typed text: whatever a student pastes into the cell page's or the gates page's number box
ends in the page drawn in full (the last good numbers) and, for bad text, one short
error in which the text is shown as typed (a code span); never an exception.
"""
import re

import pytest
from streamlit.testing.v1 import AppTest

from lstm_core import sequences
from tests.helpers import APP, TIMEOUT, run_app
from ui.i18n import translate

CELL, GATES = "pages/1_Cell.py", "pages/3_Why_gates.py"
CELL_CHARTS, GATES_CHARTS = 1 + 6 + 6, 8
PAGES = ["app.py", CELL, "pages/2_Train.py", GATES, "pages/4_Experiments.py"]

# text -> True if it must be read as numbers, False if it must be refused
TYPED = {
    "**x**": False, "`x`": False, "$$x^2$$": False, "<b>x</b>": False, "[a](http://example.com)": False,
    ":red[x]": False, "1, 2, \\(x\\)": False, "nan": False, "NaN, 1": False, "1e400": False,
    "-inf": False, "inf, 2": False, "": False, "   \n\t ": False, ",,,;;;": False,
    "9" * 5_000_000: False, "1 " * (sequences.MAX_LENGTH + 1): False, "x" * 100_000 + " 1": False,
    "0x10": False, "1/2": False, "1,5e-3": True, "١٢٣ ٤": True, "１，２，３": True, "1_000 2": True,
    "1e308 -1e308 1e308": True, "1e-320 0 -0": True, "  0.5\n\n-0.5  ": True,
    "0.1 " * sequences.MAX_LENGTH: True,
}


def without_code_spans(markdown: str) -> str:
    """What of a Markdown text is rendered as markup: everything outside code spans."""
    return re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", "", markdown, flags=re.S)


def check_error_shows_text_as_typed(at, typed: str) -> None:
    assert len(at.error) == 1, [e.value for e in at.error]
    message = at.error[0].value
    assert len(message) < 400, len(message)
    rendered = without_code_spans(message)
    for markup in ("**", "`", "$", "<b>", "[a]", ":red[", "\\("):
        if markup in typed:
            assert markup not in rendered, (markup, message)


@pytest.fixture(scope="module")
def cell():
    at = run_app()
    at.session_state["cell.input"] = "custom"
    return at.switch_page(CELL).run()


@pytest.fixture(scope="module")
def gates():
    at = run_app(GATES)
    at.session_state["gates.input"] = "custom"
    return at.run()


@pytest.mark.parametrize("typed", list(TYPED), ids=lambda s: repr(s[:16]) + f"({len(s)})")
def test_typed_text_on_the_cell_page(cell, typed):
    cell.text_area(key="cell.custom").input("0.5, 0.25").run()       # the last good numbers: 2
    cell.text_area(key="cell.custom").input(typed).run()
    assert not cell.exception, [e.message for e in cell.exception]
    assert len(cell.get("vega_lite_chart")) == CELL_CHARTS
    if TYPED[typed]:
        assert not cell.error
        assert cell.slider(key="cell.t").max == len(sequences.parse_sequence(typed)) - 1
    else:
        check_error_shows_text_as_typed(cell, typed)
        assert cell.slider(key="cell.t").max == 1                   # still the last good numbers


@pytest.mark.parametrize("typed", list(TYPED), ids=lambda s: repr(s[:16]) + f"({len(s)})")
def test_typed_text_on_the_gates_page(gates, typed):
    gates.text_area(key="gates.custom").input("0.5, 0.25, 1").run()   # the last good numbers: 3
    gates.text_area(key="gates.custom").input(typed).run()
    assert not gates.exception, [e.message for e in gates.exception]
    assert len(gates.get("vega_lite_chart")) == GATES_CHARTS
    captions = "\n".join(c.value for c in gates.caption)
    if TYPED[typed]:
        assert not gates.error
    else:
        check_error_shows_text_as_typed(gates, typed)
        assert translate("gates.custom.using_last", "en", n=3) in captions


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang, shown", [
    ("xx", "en"), ("<script>alert(1)</script>", "en"), ("zh", "zh"), ("z" * 100_000, "en"), ("", "en"),
    ("ZH", "en"), (" zh", "en"),
], ids=["unknown", "script", "zh", "100000 characters", "empty", "upper case", "space"])
def test_a_hostile_lang_in_the_url_opens_every_page(page, lang, shown):
    at = run_app(None if page == "app.py" else page, lang=lang)
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["lang"] == shown and at.query_params["lang"] == shown
    assert at.title[0].value


def test_other_query_parameters_are_ignored():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["foo"] = "<b>bar</b>" * 1000
    at.query_params["lang"] = "zh"
    at.run()
    assert not at.exception and at.session_state["lang"] == "zh"
    assert at.title[0].value.endswith(translate("home.title", "zh"))


@pytest.mark.parametrize("settings", [
    {"cell.input": "sine", "cell.sine_len": 200, "cell.sine_period": 2, "cell.weights": "random",
     "cell.hidden": 32, "cell.seed": 10**6, "cell.forget_bias": 5.0},
    {"cell.input": "random", "cell.random_len": 2, "cell.random_seed": 10**6, "cell.weights": "random",
     "cell.hidden": 1, "cell.forget_bias": -5.0},
    {"cell.input": "step", "cell.step_len": 4, "cell.step_at": 3},
    {"cell.input": "ramp", "cell.ramp_len": 50},
], ids=["largest", "smallest", "step at the end", "longest ramp"])
def test_the_cell_page_at_its_controls_ends(settings):
    at = run_app()
    for key, value in settings.items():
        at.session_state[key] = value
    at.switch_page(CELL).run()
    assert not at.exception, [e.message for e in at.exception]
    last = at.slider(key="cell.t").max
    at.slider(key="cell.t").set_value(last).run()
    assert not at.exception and len(at.get("vega_lite_chart")) == CELL_CHARTS
