"""The input chooser the cell and "why gates?" pages share (ui/input_chooser.py), driven in
AppTest with each page's own ``Inputs``: a step sits where the page's t says, each page keeps
its own widget keys, and typed numbers that can't be read leave the last good ones."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lstm_core import sequences
from ui import cell_settings as cs
from ui import gates_sections as gs
from ui.i18n import translate

PAGES = {"cell": cs.INPUT, "gates": gs.INPUT}


def chooser(page: str) -> None:
    """A page that only chooses an input, with the settings of ``page``; x goes to the state."""
    import streamlit as st

    from ui import cell_settings as cs
    from ui import gates_sections as gs
    from ui import input_chooser as ic

    inputs = {"cell": cs.INPUT, "gates": gs.INPUT}[page]
    st.session_state["x"] = ic.sequence(inputs, ic.choose_kind(inputs), seed=3)


def open_chooser(page: str, **settings) -> AppTest:
    at = AppTest.from_function(chooser, args=(page,), default_timeout=30)
    for name, value in settings.items():
        at.session_state[f"{page}.{name}"] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def length_key(page: str, kind: str) -> str:
    return PAGES[page].key(PAGES[page].lengths[kind].name)


@pytest.mark.parametrize("page", PAGES)
def test_the_step_sits_at_the_pages_own_t(page):
    """The cell page counts steps from t = 0, the "why gates?" page from t = 1 (its axes do)."""
    first = PAGES[page].first
    at = open_chooser(page, input="step", **{length_key(page, "step").split(".")[1]: 10})
    slider = at.slider(key=f"{page}.step_at")
    assert slider.min == first                             # the first step, as the page numbers it
    slider.set_value(first + 4).run()
    x = at.session_state["x"]
    np.testing.assert_array_equal(x, sequences.step(10, 4))   # the jump at index 4: the page's t = first + 4
    assert x[4, 0] == 1 and x[3, 0] == 0
    lo = int(at.slider(key=length_key(page, "step")).min)
    at.slider(key=length_key(page, "step")).set_value(lo).run()    # shorter: the step moves inside
    assert at.slider(key=f"{page}.step_at").value == first + lo - 1
    np.testing.assert_array_equal(at.session_state["x"], sequences.step(lo, lo - 1))


def test_the_gates_page_has_one_length_for_every_kind_and_the_cell_page_one_each():
    at = open_chooser("gates", input="sine", length=30)
    at.selectbox(key="gates.input").select("random").run()
    assert at.slider(key="gates.length").value == 30
    np.testing.assert_array_equal(at.session_state["x"], sequences.random_uniform(30, 3))   # the page's seed
    at = open_chooser("cell", input="sine", sine_len=30)
    at.radio(key="cell.input").set_value("random").run()
    assert at.slider(key="cell.random_len").value == 10                # its own default
    at.number_input(key="cell.random_seed").set_value(7).run()
    np.testing.assert_array_equal(at.session_state["x"], sequences.random_uniform(10, 7))


@pytest.mark.parametrize("page", PAGES)
def test_numbers_that_cant_be_read_leave_the_last_good_ones(page):
    at = open_chooser(page, input="custom")
    np.testing.assert_array_equal(at.session_state["x"], sequences.parse_sequence(PAGES[page].custom_default))
    at.text_area(key=f"{page}.custom").input("1, 2, 3").run()
    at.text_area(key=f"{page}.custom").input("1, two").run()
    assert not at.exception
    np.testing.assert_array_equal(at.session_state["x"], [[1.0], [2.0], [3.0]])
    assert at.error[0].value.startswith(translate(PAGES[page].texts["custom_error"], "en", detail="")), page
    assert translate(PAGES[page].texts["using_last"], "en", n=3) in [c.value for c in at.caption]
