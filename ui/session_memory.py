"""What a session leaves in the server's memory once its tab is gone for good, and freeing it.

Streamlit keeps a closed tab's session for ``server.disconnectedSessionTTL`` seconds, so a
tab that reconnects (a Wi-Fi blip) carries on where it was. After that the session can't come
back, but Streamlit 1.67 forgets it lazily and never shuts it down: its ``MemorySessionStorage``
is a ``TTLCache``, which drops an expired entry only when another session is stored, and
``AppSession.shutdown`` (which releases the session's download buttons) is not called for an
evicted session. Measured with ``benchmarks/bench_classroom.py``: after a class of 30 with 5
trainers closed its tabs, all 30 sessions were still in memory 150 s later, and each trainer
stayed alive for the server's whole life through the training page's "Download weights"
button (``MediaFileManager`` kept its data callable, which holds the trainer: up to 2,000
reports and 8 MB of snapshots).

So every page run records its session (``track_session``, from ``ui.layout.page_setup``) and
every live run its ``LiveState`` (``track_run``). ``sweep`` (from the trimmer's thread,
``ui.memory.start_trimmer``) finds the sessions that have not been connected for the TTL and
releases what they hold: each run's tick in a worker is cancelled and its trainer dropped, and
the session's download buttons and uploaded files are dropped, as ``AppSession.shutdown``
would. The trimmer then gives the freed memory back to the OS. A released session can't be resumed by
Streamlit any more, so nothing a user could see is lost.

No Streamlit import at module level: ``sweep`` takes the clock, the TTL and ``is_active`` as
arguments, so tests drive it headless.
"""
from __future__ import annotations

import threading
import weakref
from typing import Callable

from ui import live_pool

_LOCK = threading.Lock()
_RUNS: dict[str, dict] = {}   # session id -> {id(LiveState): weak reference} (LiveState is unhashable)
_GONE_SINCE: dict[str, float] = {}       # session id -> when a sweep first found it disconnected
LOCK_WAIT = 5.0                          # seconds a sweep waits for a run's lock before leaving it


def current_session_id() -> str | None:
    """The id of the session whose script is running on this thread; None outside a run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return getattr(ctx, "session_id", None) if ctx is not None else None


def track_session(session_id: str | None = None) -> None:
    """Remember the running session (``session_id`` defaults to the current one)."""
    session_id = session_id or current_session_id()
    if session_id:
        with _LOCK:
            _RUNS.setdefault(session_id, {})


def track_run(state, session_id: str | None = None) -> None:
    """Remember a ``ui.live_state.LiveState`` as the running session's (weakly)."""
    session_id = session_id or current_session_id()
    if session_id:
        with _LOCK:
            runs = _RUNS.setdefault(session_id, {})
            for key in [key for key, ref in runs.items() if ref() is None]:
                del runs[key]                    # runs replaced (Reset) since: gone already
            runs[id(state)] = weakref.ref(state)


def tracked() -> dict[str, int]:
    """Session id -> how many of its runs are still in memory (for tests and benchmarks)."""
    with _LOCK:
        return {sid: sum(ref() is not None for ref in runs.values()) for sid, runs in _RUNS.items()}


def release_run(s) -> bool:
    """Stop a LiveState's run and drop its trainer: the tick in a worker is cancelled, and
    the history, snapshots and weights go with the trainer. False if a script thread held
    the run's lock for ``LOCK_WAIT`` seconds (still in a cycle): stopped, not released yet."""
    s.running = False
    s.wake.set()
    if not s.lock.acquire(timeout=LOCK_WAIT):
        return False
    try:
        live_pool.halt(s)
        s.trainer, s.settings, s.reports = None, None, []
    finally:
        s.lock.release()
    return True


def sweep(now: float, ttl: float, is_active: Callable[[str], bool],
          on_gone: Callable[[str], None] = lambda session_id: None,
          forbid: Callable[[str], None] = lambda session_id: None) -> list[str]:
    """Release the runs of every session not connected for ``ttl`` seconds or more.

    ``now`` the clock in seconds (``time.monotonic()``); ``is_active(session_id)`` whether the
    session has a connected tab (``Runtime.is_active_session``); ``on_gone(session_id)`` is
    called once per released session (the server unregisters its download buttons there).
    A session's absence is counted from the first sweep that finds it disconnected, so a run
    is released between ``ttl`` and ``ttl`` + one sweep period after its tab went away. A tab
    that dropped, came back and dropped again between two sweeps would still be resumable
    then, so before releasing, ``forbid(session_id)`` (``Runtime.mark_session_nonresumable``)
    makes a later reconnect start a fresh session, and a session connected again by then is
    kept. Returns the ids of the sessions released.
    """
    gone: list[tuple[str, list, float]] = []
    with _LOCK:
        for session_id in list(_RUNS):
            if is_active(session_id):
                _GONE_SINCE.pop(session_id, None)
                continue
            since = _GONE_SINCE.setdefault(session_id, now)
            if now - since >= ttl:
                refs = _RUNS.pop(session_id).values()
                gone.append((session_id, [s for s in (ref() for ref in refs) if s is not None], since))
                _GONE_SINCE.pop(session_id, None)
    back = []
    for session_id, runs, since in gone:
        forbid(session_id)                       # no resuming a session being emptied
        if is_active(session_id):                # reconnected just now: it keeps its runs
            back.append(session_id)
            for s in runs:
                track_run(s, session_id)
            continue
        busy = [s for s in runs if not release_run(s)]
        if busy:                                 # a script thread in a cycle: the next sweep
            for s in busy:
                track_run(s, session_id)
            with _LOCK:
                _GONE_SINCE.setdefault(session_id, since)
        on_gone(session_id)
    return [session_id for session_id, _, _ in gone if session_id not in back]


def sweep_server(now: float) -> list[str]:
    """``sweep`` against the running Streamlit server (nothing outside one)."""
    from streamlit import config
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return []
    runtime = Runtime.instance()
    ttl = float(config.get_option("server.disconnectedSessionTTL"))

    return sweep(now, ttl, runtime.is_active_session, lambda session_id: forget_files(runtime, session_id),
                 runtime.mark_session_nonresumable)


def forget_files(runtime, session_id: str) -> None:
    """What ``AppSession.shutdown`` frees of a session in ``runtime`` (Streamlit's): its
    download buttons and media, and its uploaded files (a weights file, up to
    ``server.maxUploadSize`` MB, stays in the ``UploadedFileManager`` until then)."""
    unregister_downloads(runtime.media_file_mgr, session_id)
    runtime.uploaded_file_mgr.remove_session_files(session_id)


def unregister_downloads(files, session_id: str) -> None:
    """Forget the session's download buttons and media in ``files`` (Streamlit's
    ``MediaFileManager``), as ``AppSession.shutdown`` does: a button's data callable holds
    what it would download (a trainer)."""
    files.clear_session_refs(session_id)
    files.remove_orphaned_files()
