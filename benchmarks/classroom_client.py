"""A browser tab without a browser: Streamlit's websocket protocol, spoken from Python.

Used by ``bench_classroom.py``. One ``Tab`` is one websocket to
``ws://127.0.0.1:PORT/_stcore/stream`` (subprotocol ``streamlit``). It sends ``BackMsg``
protobufs and reads ``ForwardMsg`` protobufs from ``streamlit.proto``, and keeps the
state a browser tab keeps, the way Streamlit 1.67's frontend keeps it (checked
message-for-message against Chromium, see ``bench_classroom.py --validate``):

- widget states: every widget element that arrives sets its value in the tab's widget
  states (the element's ``value``/``raw_value`` when ``set_value``, else its default
  when the tab has no value yet), and every rerun sends them all; a click adds a
  ``trigger_value`` for one message only. A widget inside a fragment reruns that
  fragment only (``fragment_id`` of the delta that drew it). When a run finishes, the
  widgets it did not redraw are dropped (within its fragments for a fragment run).
- the ForwardMsg cache: messages marked ``cacheable`` are kept; their hashes go with
  every rerun (``cached_message_hashes``), and the server then sends ``ref_hash``
  references instead, which are resolved here. Entries age like the frontend's
  ``ForwardMsgCache`` (``max_cached_message_age`` runs; a fragment run ages only its
  fragment's entries). A reference to a message the tab no longer has is the
  browser's "Cached ForwardMsg MISS" error, counted as an error here.
- ``auto_rerun`` (``st.fragment(run_every=...)``): a timer per fragment id that sends
  a rerun with that ``fragment_id`` and ``is_auto_rerun`` every ``interval`` seconds,
  like the browser's ``setInterval``, whether or not the last run has finished; a full
  run's ``new_session`` (no fragment ids) or a page change clears all timers.
- ``page_info_changed`` sets the query string sent with later reruns; ``navigation``
  gives the pages' script hashes; a page change sends that hash and no widget states.

Only ``127.0.0.1`` is ever contacted. Every wait has a timeout.
"""
from __future__ import annotations

import asyncio
import re
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Callable

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
SUCCESS = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FRAGMENT_SUCCESS = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR
TRIGGERS = {"button", "download_button"}          # widgets with no value until clicked
MAX_MESSAGE = 64 * 2**20                          # bytes; a page with many charts is large
HEADING_T = re.compile(r"\bt = (\d+)")           # "The cell at t = 3 (of 0 … 47), unit j = 0"
PROGRESS = re.compile(r"(\d+)\s*/\s*(\d+)")      # "Epoch 120 / 5000 · 95 epochs/s · 1.3 s · training…"


def widget_key(widget_id: str) -> str:
    """The user key in a widget id ``$$ID-<hash>-<key>`` (the id itself if it has none)."""
    if widget_id.startswith("$$ID-"):
        parts = widget_id.split("-", 2)
        if len(parts) == 3:
            return parts[2]
    return widget_id


@dataclass
class Widget:
    """What a tab knows of one widget: its id, element type, fragment and the run that drew it."""

    id: str
    kind: str
    fragment_id: str
    run_id: str
    element: object


@dataclass
class Progress:
    """One progress-bar text as the tab received it."""

    time: float
    epoch: int
    target: int
    text: str


class MessageCache:
    """The frontend's ForwardMsgCache: hash -> [message, script run count, fragment id]."""

    def __init__(self):
        self.entries: dict[str, list] = {}
        self.run_count = 0

    def put(self, msg: ForwardMsg) -> None:
        if msg.WhichOneof("type") == "ref_hash" or not msg.metadata.cacheable or not msg.hash:
            return
        if msg.hash in self.entries:
            self.entries[msg.hash][1] = self.run_count
            return
        self.entries[msg.hash] = [msg, self.run_count, msg.delta.fragment_id or None]

    def get(self, msg_hash: str) -> ForwardMsg | None:
        entry = self.entries.get(msg_hash)
        if entry is None:
            return None
        entry[1] = self.run_count
        return entry[0]

    def increment_run_count(self, max_age: int, fragment_ids) -> None:
        self.run_count += 1
        fragments = set(fragment_ids)
        for msg_hash, (_, count, fragment_id) in list(self.entries.items()):
            if fragments and (not fragment_id or fragment_id not in fragments):
                continue
            if self.run_count - count > max_age:
                del self.entries[msg_hash]

    def hashes(self) -> list[str]:
        return list(self.entries)


def element_value(kind: str, el) -> WidgetState | None:
    """The widget state a browser derives from a widget element's own value or default."""
    state = WidgetState(id=el.id)
    use = el.set_value if hasattr(el, "set_value") else False
    if kind in ("radio", "selectbox"):
        if use and el.HasField("raw_value"):
            state.string_value = el.raw_value
        elif el.HasField("default") and 0 <= el.default < len(el.options):
            state.string_value = el.options[el.default]
        else:
            return None
    elif kind == "slider":
        if el.type == el.SELECT_SLIDER:
            values = list(el.raw_value) if use else [el.options[int(i)] for i in el.default]
            state.string_array_value.data.extend(values)
        else:
            state.double_array_value.data.extend(list(el.value) if use else list(el.default))
    elif kind == "number_input":
        value = el.value if use else el.default
        if el.data_type == el.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    elif kind == "checkbox":
        state.bool_value = el.value if use else el.default
    elif kind == "multiselect":
        values = list(el.raw_values) if use else [el.options[i] for i in el.default]
        state.string_array_value.data.extend(values)
    elif kind in ("text_input", "text_area"):
        if use:
            state.string_value = el.value
        elif el.HasField("default"):
            state.string_value = el.default
        else:
            return None
    elif kind == "file_uploader":
        state.file_uploader_state_value.SetInParent()
    else:
        return None
    return state


class Tab:
    """One browser tab on one websocket.

    ``base`` is ``http://127.0.0.1:PORT``. ``record`` keeps every frame sent and received
    as ``(direction, monotonic time, bytes)`` for the validation. Errors (exception
    elements, cache misses, a closed socket, page not found) go to ``errors`` as
    ``(monotonic time, kind, detail)``.
    """

    def __init__(self, base: str, name: str = "tab", *, record: bool = False, deadline: float | None = None):
        if not base.startswith("http://127.0.0.1:"):
            raise ValueError(f"the benchmark only talks to 127.0.0.1, got {base!r}")
        self.base = base
        self.name = name
        self.deadline = deadline                    # monotonic time after which timers stop
        self.ws = None
        self.url_path = ""
        self.query_string = ""
        self.page_script_hash = ""
        self.pages: dict[str, str] = {}             # url_pathname -> page_script_hash
        self.widgets: OrderedDict[str, WidgetState] = OrderedDict()
        self.elements: dict[str, Widget] = {}      # widget id -> what drew it last
        self.by_key: dict[str, str] = {}            # user key -> widget id, the latest drawn
        self.cache = MessageCache()
        self.max_age = 2
        self.timers: dict[str, tuple[float, asyncio.Task]] = {}
        self.has_new_session = False
        self.run_id = ""
        self.run_fragments: tuple = ()
        self.running = False
        self.new_sessions = 0                       # new_session messages received
        self.finished = 0                           # script_finished messages (all statuses)
        self.last_status = None
        self.sent = 0                               # rerun messages sent
        self.auto_sent = 0
        self.heading_t: int | None = None
        self.headings: deque[tuple[float, int]] = deque(maxlen=1000)   # (arrival, t) of each t heading
        self.markdown: deque[tuple[float, str]] = deque(maxlen=200)    # (arrival, body) of markdown
        self.progress: deque[Progress] = deque(maxlen=20000)
        self.errors: list[tuple[float, str, str]] = []
        self.frames: list | None = [] if record else None
        self.closing = False
        self.closed = False
        self.received = 0
        self.bytes_received = 0
        self._reader: asyncio.Task | None = None
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future]] = []

    # ---- connection ----------------------------------------------------------------------
    async def open(self, path: str = "", timeout: float = 60) -> None:
        """Connect and ask for the page at URL path ``path`` ("" = home, "Cell", "Train")."""
        ws_url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await asyncio.wait_for(
            connect(ws_url, subprotocols=["streamlit"], proxy=None, max_size=MAX_MESSAGE, max_queue=4096,
                    ping_interval=None, open_timeout=timeout, close_timeout=5,
                    additional_headers={"Origin": self.base}),
            timeout)
        self._reader = asyncio.create_task(self._read(), name=f"{self.name}-reader")
        self.url_path = path
        await self.rerun(page_name=path)

    async def close(self) -> None:
        self.closing = True
        self._stop_timers()
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 10)
            except (asyncio.TimeoutError, ConnectionClosed, OSError):
                pass
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass
        self.closed = True

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                self._handle(data)
        except ConnectionClosed:
            pass
        except Exception as error:                   # a bug here must show, not hang the tab
            self.errors.append((time.monotonic(), "client", repr(error)))
        finally:
            self._stop_timers()
            if not self.closing:
                self.errors.append((time.monotonic(), "disconnect", f"websocket closed: {self.ws.close_code}"))
                self.closed = True
            self._notify()

    # ---- sending -------------------------------------------------------------------------
    def _context(self, msg) -> None:
        c = msg.rerun_script.context_info
        c.timezone, c.timezone_offset, c.locale = "UTC", 0, "en-US"
        c.url = f"{self.base}/{self.url_path}"     # the browser's location: no query, old page until navigation
        c.is_embedded, c.color_scheme = False, "light"

    async def rerun(self, *, fragment_id: str = "", auto: bool = False, page_name: str = "",
                    page_script_hash: str | None = None, widgets: bool = True,
                    extra: WidgetState | None = None) -> float:
        """Send one rerun request as the frontend's ``sendRerunBackMsg`` does; returns the send time."""
        msg = BackMsg()
        r = msg.rerun_script
        r.query_string = self.query_string
        if widgets:
            r.widget_states.widgets.extend(self.widgets.values())
        else:
            r.widget_states.SetInParent()
        if extra is not None:
            r.widget_states.widgets.append(extra)
        if page_script_hash is not None:
            r.page_script_hash = page_script_hash
        elif self.page_script_hash:
            r.page_script_hash = self.page_script_hash
        else:
            r.page_name = page_name
        r.fragment_id = fragment_id
        r.is_auto_rerun = auto
        r.cached_message_hashes.extend(self.cache.hashes())
        self._context(msg)
        data = msg.SerializeToString()
        now = time.monotonic()
        if self.frames is not None:
            self.frames.append(("S", now, data))
        self.has_new_session = False
        self.sent += 1
        self.auto_sent += auto
        await self.ws.send(data)
        return now

    def widget(self, key: str) -> Widget:
        if self.by_key.get(key) not in self.elements:
            raise KeyError(f"{self.name}: no widget with key {key!r} on this page "
                           f"(have {sorted(self.by_key)})")
        return self.elements[self.by_key[key]]

    def disabled(self, key: str) -> bool:
        return bool(getattr(self.widget(key).element, "disabled", False))

    async def click(self, key: str) -> float:
        """Click button ``key``: a trigger in this message only, rerunning its fragment if any."""
        w = self.widget(key)
        return await self.rerun(fragment_id=w.fragment_id, extra=WidgetState(id=w.id, trigger_value=True))

    async def set_value(self, key: str, value) -> float:
        """Set widget ``key`` as a user would: a number for a slider, an option label for a
        select slider, radio or selectbox, a bool for a checkbox or toggle."""
        w = self.widget(key)
        state = WidgetState(id=w.id)
        el = w.element
        if w.kind == "slider" and el.type == el.SELECT_SLIDER:
            state.string_array_value.data.append(str(value))
        elif w.kind == "slider":
            state.double_array_value.data.append(float(value))
        elif w.kind in ("radio", "selectbox", "text_input", "text_area"):
            state.string_value = str(value)
        elif w.kind == "checkbox":
            state.bool_value = bool(value)
        elif w.kind == "number_input":
            if el.data_type == el.INT:
                state.int_value = int(value)
            else:
                state.double_value = float(value)
        else:
            raise ValueError(f"setting a {w.kind} is not supported")
        self.widgets.pop(w.id, None)
        self.widgets[w.id] = state
        return await self.rerun(fragment_id=w.fragment_id)

    async def goto(self, url_pathname: str) -> float:
        """Follow a link to another page (the sidebar's ``st.page_link``)."""
        if url_pathname not in self.pages:
            raise KeyError(f"{self.name}: no page {url_pathname!r} (have {sorted(self.pages)})")
        self._stop_timers()
        return await self.rerun(page_script_hash=self.pages[url_pathname], widgets=False)

    # ---- timers (st.fragment(run_every=...)) ---------------------------------------------
    def _start_timer(self, fragment_id: str, interval: float) -> None:
        old = self.timers.get(fragment_id)
        if old is not None and old[0] == interval:
            return
        if old is not None:
            old[1].cancel()
        task = asyncio.get_running_loop().create_task(self._tick(fragment_id, interval))
        self.timers[fragment_id] = (interval, task)

    async def _tick(self, fragment_id: str, interval: float) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time() + interval
        while not self.closing and (self.deadline is None or time.monotonic() < self.deadline):
            await asyncio.sleep(max(0.0, due - loop.time()))
            due = max(due + interval, loop.time())   # like setInterval: late ticks don't pile up
            try:
                await self.rerun(fragment_id=fragment_id, auto=True)
            except ConnectionClosed:
                return

    def _stop_timers(self, fragment_ids=None) -> None:
        for fid in list(self.timers) if fragment_ids is None else list(fragment_ids):
            entry = self.timers.pop(fid, None)
            if entry is not None:
                entry[1].cancel()

    # ---- receiving -----------------------------------------------------------------------
    def _handle(self, data: bytes) -> None:
        now = time.monotonic()
        if self.frames is not None:
            self.frames.append(("R", now, data))
        self.received += 1
        self.bytes_received += len(data)
        msg = ForwardMsg.FromString(data)
        kind = msg.WhichOneof("type")
        self.cache.put(msg)
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                self.errors.append((now, "cache_miss", f"Cached ForwardMsg MISS [hash={msg.ref_hash}]"))
                self._notify()
                return
            meta = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(cached)
            msg.metadata.CopyFrom(meta)
            kind = msg.WhichOneof("type")
        handler = getattr(self, f"_on_{kind}", None)
        if handler is not None:
            handler(msg, now)
        self._notify()

    def _on_new_session(self, msg, now) -> None:
        ns = msg.new_session
        self.new_sessions += 1
        self.has_new_session = True
        self.running = True
        self.run_id = msg.metadata.run.script_run_id
        self.run_fragments = tuple(msg.metadata.run.fragment_ids)
        if not self.run_fragments:
            self._stop_timers()
        if ns.HasField("config") and ns.config.max_cached_message_age:
            self.max_age = ns.config.max_cached_message_age

    def _on_navigation(self, msg, now) -> None:
        nav = msg.navigation
        for page in nav.app_pages:
            self.pages[page.url_pathname] = page.page_script_hash
            if page.page_script_hash == nav.page_script_hash:
                self.url_path = page.url_pathname
        if nav.page_script_hash:
            self.page_script_hash = nav.page_script_hash

    def _on_page_info_changed(self, msg, now) -> None:
        self.query_string = msg.page_info_changed.query_string

    def _on_page_not_found(self, msg, now) -> None:
        self.errors.append((now, "page_not_found", msg.page_not_found.page_name))

    def _on_auto_rerun(self, msg, now) -> None:
        if msg.auto_rerun.fragment_id:
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)

    def _on_stop_auto_rerun(self, msg, now) -> None:
        self._stop_timers(msg.stop_auto_rerun.fragment_ids)

    def _on_session_event(self, msg, now) -> None:
        if msg.session_event.WhichOneof("type") == "script_compilation_exception":
            self.errors.append((now, "compile_error", str(msg.session_event.script_compilation_exception)[:300]))

    def _on_script_finished(self, msg, now) -> None:
        status = msg.script_finished
        self.finished += 1
        self.last_status = status
        self.running = False
        run = msg.metadata.run
        if run.script_run_id and status in (SUCCESS, FRAGMENT_SUCCESS):
            fragments = set(run.fragment_ids)
            if fragments or run.script_run_id == self.run_id:
                for widget_id, w in list(self.elements.items()):
                    if w.run_id != run.script_run_id and (not fragments or w.fragment_id in fragments):
                        del self.elements[widget_id]
                        self.widgets.pop(widget_id, None)
                        if self.by_key.get(widget_key(widget_id)) == widget_id:
                            del self.by_key[widget_key(widget_id)]
        if run.script_run_id and status != EARLY and self.has_new_session:
            self.cache.increment_run_count(self.max_age, run.fragment_ids)
        if status == COMPILE_ERROR:
            self.errors.append((now, "compile_error", "script finished with a compile error"))

    def _on_delta(self, msg, now) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            e = el.exception
            self.errors.append((now, "exception", f"{e.type}: {e.message}"[:300]))
            return
        if kind == "heading":
            m = HEADING_T.search(el.heading.body)
            if m:
                self.heading_t = int(m.group(1))
                self.headings.append((now, self.heading_t))
            return
        if kind == "markdown":
            self.markdown.append((now, el.markdown.body))
            return
        if kind == "progress":
            m = PROGRESS.search(el.progress.text)
            if m:
                self.progress.append(Progress(now, int(m.group(1)), int(m.group(2)), el.progress.text))
            return
        inner = getattr(el, kind)
        widget_id = getattr(inner, "id", "") if "id" in inner.DESCRIPTOR.fields_by_name else ""
        if not widget_id:
            return
        run_id = msg.metadata.run.script_run_id or self.run_id
        self.elements[widget_id] = Widget(widget_id, kind, delta.fragment_id, run_id, inner)
        self.by_key[widget_key(widget_id)] = widget_id
        if kind in TRIGGERS:
            return
        use = getattr(inner, "set_value", False)
        if use or widget_id not in self.widgets:
            state = element_value(kind, inner)
            if state is not None:
                self.widgets[widget_id] = state

    # ---- waiting -------------------------------------------------------------------------
    def _notify(self) -> None:
        for pred, fut in list(self._waiters):
            if not fut.done():
                try:
                    if pred() or self.closed:
                        fut.set_result(None)
                except Exception as error:          # noqa: BLE001 - report through the future
                    fut.set_exception(error)

    async def wait_for(self, pred: Callable[[], bool], timeout: float) -> bool:
        """Wait until ``pred()`` holds after a message (False on timeout or a closed socket)."""
        if pred():
            return True
        if self.closed:
            return False
        fut = asyncio.get_running_loop().create_future()
        entry = (pred, fut)
        self._waiters.append(entry)
        try:
            await asyncio.wait_for(fut, timeout)
            return pred()
        except asyncio.TimeoutError:
            return False
        finally:
            self._waiters.remove(entry)

    async def wait_run(self, after_finished: int, timeout: float) -> bool:
        """Wait for a run that finishes (not cut short for a rerun) after ``after_finished`` runs."""
        return await self.wait_for(lambda: self.finished > after_finished and self.last_status != EARLY
                                   and not self.running, timeout)
