"""Rerun one fragment of this session from another fragment's run: Streamlit 1.67 internals, kept here.

A student following a live class (``ui.live_class``) learns of the teacher's new t in a
small polling fragment in the sidebar. Rerunning the whole cell page for it re-sends every
chart (about 30-40 ms of the server's CPU per student, 30 students per step, under one
GIL); rerunning only the page's fragment that shows t is a fraction of that. Streamlit
1.67 reruns another fragment by name only from a widget callback (``st.rerun(key)``), and
from a fragment's body only the fragment itself (``st.rerun(scope="fragment")``). The two
functions below do, with Streamlit's internals, what ``st.rerun(scope="fragment")`` does,
aimed at another fragment; when those internals are not as expected they fall back to the
public behaviour (no id; a full rerun), so a newer Streamlit costs speed, never correctness.
"""
from __future__ import annotations

import streamlit as st


def running_fragment_id() -> str | None:
    """The id of the fragment this code runs in; None outside a fragment (or if Streamlit's
    internals are not as expected)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState
        return ThreadState.get().fragment_id
    except Exception:                                 # another Streamlit: callers rerun the app
        return None


def in_fragment_run() -> bool:
    """Whether this run is a fragment's own run (a click inside it, its timer, a rerun of it),
    not a run of the whole page; False if Streamlit's internals are not as expected."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        return bool(get_script_run_ctx().fragment_ids_this_run)
    except Exception:                                 # another Streamlit: as in a full run
        return False


def rerun_waiting() -> bool:
    """Whether a rerun that ends this script run (a click; not another fragment's timer)
    waits for the run's next Streamlit call, where it takes over; False outside a script run or if the internals
    are not as expected. Lets a run that waits on something else (a training worker's
    tick) stop waiting, so Stop is served at once."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is None:
            return False
        requests = ctx.script_requests
        if requests._state == ScriptRequestType.STOP:           # the session is ending
            return True
        data = requests._rerun_data
        # as Streamlit's on_scriptrunner_yield: another fragment's timer run waits its turn
        return requests._state == ScriptRequestType.RERUN and not (
            data.fragment_id_queue and not data.is_fragment_scoped_rerun)
    except Exception:                                 # noqa: BLE001 - another Streamlit: wait as before
        return False


def rerun_fragment(fragment_id: str) -> None:
    """End this run and rerun only the fragment ``fragment_id`` of this session.

    Only from a fragment's run (in a full run the fragment is still to come, and a
    fragment-only rerun would cut the rest of the page short); anything else, a fragment
    that is gone (the page changed) or other internals, reruns the whole app instead."""
    try:
        from streamlit.runtime.scriptrunner import RerunData, get_script_run_ctx
        ctx = get_script_run_ctx()
        if not ctx.fragment_ids_this_run or not ctx.fragment_storage.contains(fragment_id):
            raise LookupError(fragment_id)
        queued = ctx.script_requests.request_rerun(RerunData(
            query_string=ctx.query_string, page_script_hash=ctx.page_script_hash,
            fragment_id_queue=[fragment_id], is_fragment_scoped_rerun=True,
            cached_message_hashes=ctx.cached_message_hashes, context_info=ctx.context_info))
    except Exception:                                 # noqa: BLE001 - any surprise: the public way
        queued = False
    if not queued:
        st.rerun(scope="app")
    st.empty()                                        # a yield point: the runner takes the request here
    st.rerun(scope="app")                             # not reached while the internals are as expected
