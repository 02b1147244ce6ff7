"""ui.fragment_rerun: the running fragment's id, the kind of run, and rerun_fragment's fall-back.

Rerunning another fragment from a fragment's own run needs a real server (AppTest always
runs the whole script): tests/browser/test_live_class_browser.py checks that a following
student's t arrives through fragment runs only.
"""
from streamlit.testing.v1 import AppTest

from tests.helpers import TIMEOUT


def ids_script():
    import streamlit as st

    from ui import fragment_rerun
    ss = st.session_state
    ss["runs"] = ss.get("runs", 0) + 1
    ss["outside"] = fragment_rerun.running_fragment_id()

    @st.fragment
    def first():
        ss["first"] = fragment_rerun.running_fragment_id()
        ss["first_in_fragment_run"] = fragment_rerun.in_fragment_run()
        st.write("first")

    @st.fragment
    def second():
        ss["second"] = fragment_rerun.running_fragment_id()
        st.write("second")

    first()
    second()
    if ss["runs"] == 1:
        fragment_rerun.rerun_fragment(ss["first"])   # a full run: the whole app reruns instead
    st.write("end of the page")


def test_each_fragment_has_its_own_id_and_none_outside():
    at = AppTest.from_function(ids_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.session_state["outside"] is None
    first, second = at.session_state["first"], at.session_state["second"]
    assert isinstance(first, str) and isinstance(second, str) and first and first != second


def test_a_fragment_drawn_by_a_full_run_is_not_in_a_fragment_run():
    at = AppTest.from_function(ids_script, default_timeout=TIMEOUT).run()
    assert at.session_state["first_in_fragment_run"] is False


def test_in_a_full_run_rerun_fragment_reruns_the_whole_app():
    at = AppTest.from_function(ids_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.session_state["runs"] == 2                  # the request became a full rerun
    assert [m.value for m in at.markdown] == ["first", "second", "end of the page"]   # all of it, once


def test_rerun_waiting_is_true_for_what_ends_the_run_and_false_for_another_fragments_timer(monkeypatch):
    """Mirrors Streamlit's ``on_scriptrunner_yield``: a click (a whole-app rerun) or a
    fragment-scoped rerun ends the run at its next Streamlit call, and so does a stop; a timer
    run of a fragment waits its turn; outside a script run nothing waits."""
    import streamlit.runtime.scriptrunner as scriptrunner
    from streamlit.runtime.scriptrunner import RerunData
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests

    from ui import fragment_rerun

    assert fragment_rerun.rerun_waiting() is False               # no script run here

    class Ctx:
        script_requests = None

    ctx = Ctx()
    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda suppress_warning=False: ctx)

    def waiting(*requests, stop=False) -> bool:
        ctx.script_requests = ScriptRequests()
        for data in requests:
            ctx.script_requests.request_rerun(data)
        if stop:
            ctx.script_requests.request_stop()
        return fragment_rerun.rerun_waiting()

    assert waiting() is False
    assert waiting(RerunData()) is True                                            # a click
    assert waiting(RerunData(fragment_id_queue=["timer"])) is False                # another's timer
    assert waiting(RerunData(fragment_id_queue=["f"], is_fragment_scoped_rerun=True)) is True
    assert waiting(RerunData(fragment_id_queue=["timer"]), RerunData()) is True    # then a click
    assert waiting(stop=True) is True
