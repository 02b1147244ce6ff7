""""Stopped" first: a run that ends a training run lets its news reach the browser before it
goes on to the heavy sections below (Streamlit 1.67 internals, kept here).

Why (measured with ``benchmarks/bench_classroom.py``, 30 tabs, 5 trainers pressing Stop at
once): each Stop run drew its progress bar ("… · stopped") 20-100 ms after the click, but
the browsers got it 0.25-0.5 s after, sometimes later. Every message goes out from the
server's event-loop thread, one socket write each, and each write gives up the GIL; with
five script threads building charts, forecasts and heatmaps at once, the loop waited for
the GIL after every write, and the ~50 messages of each page before its progress bar
queued behind those charts. So a Stop run says it is coming (``announce``, at the top of
the page), draws down to the progress bar, then ``hold``\\ s: it sleeps (GIL released) until
its messages and those of every other announced run have left the queue, at most
``LIMIT`` seconds after announcing, or until a click waits for it. Alone, that is one
flush of the event loop (~5 ms); outside a server (AppTest) or with other internals,
nothing is held: speed may be lost, never correctness.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from ui.fragment_rerun import rerun_waiting

LIMIT = 0.5      # s after ``announce``: a run never holds longer (a stuck or closed tab's queue)
POLL = 0.004     # s between looks at the queues (the event loop flushes every 5 ms)


@dataclass
class _Entry:
    queue: Any              # the session's ForwardMsgQueue (``is_empty()``)
    deadline: float         # time.monotonic() after which the others stop waiting for it
    drawn: bool = False     # the run reached ``hold``: what it must show first is queued


_ANNOUNCED: dict[str, _Entry] = {}      # session id -> its entry, while its run announces
_LOCK = threading.Lock()


def session_queue() -> tuple[str, Any] | None:
    """(session id, the queue of messages to its browser) of the script run on this thread;
    None outside a script run of a real server (AppTest) or if the internals differ."""
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is None or not Runtime.exists():
            return None
        info = Runtime.instance()._session_mgr.get_active_session_info(ctx.session_id)
        queue = info.session._browser_queue
        queue.is_empty()
        return ctx.session_id, queue
    except Exception:                                  # noqa: BLE001 - another Streamlit: no hold
        return None


def announce(session: tuple[str, Any] | None = None, *, limit: float = LIMIT,
             clock: Callable[[], float] = time.monotonic) -> str | None:
    """Say that this run will ``hold`` after drawing its first part: others holding wait for
    it too. ``session`` defaults to ``session_queue()``. Returns the key for ``hold``, None
    when there is nothing to hold for (no server)."""
    session = session_queue() if session is None else session
    if session is None:
        return None
    key, queue = session
    with _LOCK:
        _ANNOUNCED[key] = _Entry(queue, clock() + limit)
    return key


def hold(key: str | None, *, interrupted: Callable[[], bool] = rerun_waiting, poll: float = POLL,
         clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> bool:
    """Wait until every announced run has reached its ``hold`` and its queue is empty (each
    counted until its deadline), then forget ``key``. True when all was sent; False when
    a deadline, a waiting click (``interrupted``) or a missing key ended the wait."""
    if key is None:
        return False
    with _LOCK:
        mine = _ANNOUNCED.get(key)
        if mine is not None:
            mine.drawn = True
    try:
        while mine is not None:
            now = clock()
            with _LOCK:
                for k in [k for k, e in _ANNOUNCED.items() if e.deadline <= now and k != key]:
                    del _ANNOUNCED[k]
                others = list(_ANNOUNCED.values())
            if all(e.drawn and e.queue.is_empty() for e in others):
                return True
            if now >= mine.deadline or interrupted():
                return False
            sleep(poll)
        return False
    finally:
        with _LOCK:
            if _ANNOUNCED.get(key) is mine:
                _ANNOUNCED.pop(key, None)
