"""Check the protocol client against Chromium (``bench_classroom.py --validate``).

On one server, Debian's ``/usr/bin/chromium`` (Playwright, the arguments of
``tests/browser/conftest.py``) and then a ``classroom_client.Tab`` do the same eight
actions: open /Cell, Next, the t slider one step right, Back (whose charts come back as
``ref_hash`` references to cached messages), the sidebar link to /Train,
epochs to 5000 (select slider End), Start, then Stop after 4 s. Every websocket frame
either side sends or receives is decoded (``BackMsg`` / ``ForwardMsg``) and compared
action by action:

- sent: the first ``rerun_script`` of each action field by field (query string, page
  script hash, page name, fragment id, is_auto_rerun, is_history_navigation,
  context_info, every widget state by id with its value and value kind, the set of
  ``cached_message_hashes``); during training, the timer reruns (fragment id,
  is_auto_rerun, widget states) and their rate;
- received: for the actions that do not depend on timing, the whole sequence of
  messages (type; for deltas the element or block type, delta path, fragment id, and
  whether it came as a ``ref_hash``; script_finished statuses; auto_rerun interval and
  fragment id); while training, the set of message kinds and the progress texts.
"""
from __future__ import annotations

import asyncio
import time
from collections import Counter

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from classroom_client import Tab, widget_key

CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
ACTIONS = ("open", "next", "slider", "back", "goto_train", "epochs", "start", "stop")
SETTLE = 2.0            # seconds each side waits after an action's visible result
TRAIN_SECONDS = 4.0     # Start, then Stop this much later
TIMED = ("start", "stop")   # what is received depends on how fast training runs


def idle(page) -> None:
    """Wait until the page's script run is over, then ``SETTLE`` seconds for stragglers."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_timeout(SETTLE * 1000)


def record_browser(url: str) -> tuple[list, list]:
    """Frames and action marks ``(name, index of the first frame after it)`` from Chromium."""
    from playwright.sync_api import sync_playwright

    frames: list = []
    marks: list = []

    def on_ws(ws):
        ws.on("framesent", lambda p: frames.append(("S", time.monotonic(), p if isinstance(p, bytes) else p.encode())))
        ws.on("framereceived",
              lambda p: frames.append(("R", time.monotonic(), p if isinstance(p, bytes) else p.encode())))

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            page.on("websocket", on_ws)
            marks.append(("open", len(frames)))
            page.goto(f"{url}/Cell")
            page.wait_for_selector("text=t = 0", timeout=60_000)
            idle(page)
            marks.append(("next", len(frames)))
            page.locator(".st-key-cell-next button").first.click()
            page.wait_for_selector("text=t = 1", timeout=30_000)
            idle(page)
            marks.append(("slider", len(frames)))
            page.locator(".st-key-cell-t").get_by_role("slider").focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_selector("text=t = 2", timeout=30_000)
            idle(page)
            marks.append(("back", len(frames)))
            page.locator(".st-key-cell-prev button").first.click()
            page.wait_for_selector("text=t = 1", timeout=30_000)
            idle(page)
            marks.append(("goto_train", len(frames)))
            page.locator('[data-testid="stSidebar"] a', has_text="Train").first.click()
            page.wait_for_selector(".st-key-train-start button", timeout=60_000)
            idle(page)
            marks.append(("epochs", len(frames)))
            page.locator(".st-key-train-epochs").get_by_role("slider").focus()
            page.keyboard.press("End")
            page.wait_for_selector('.st-key-train-epochs >> text=5000', timeout=30_000)
            idle(page)
            marks.append(("start", len(frames)))
            page.locator(".st-key-train-start button:visible").click()
            page.wait_for_timeout(TRAIN_SECONDS * 1000)
            marks.append(("stop", len(frames)))
            page.locator(".st-key-train-stop button:visible").click()
            page.wait_for_selector('[data-testid="stProgress"] >> text=stopped', timeout=30_000)
            page.wait_for_timeout(SETTLE * 1000)
        finally:
            browser.close()
    return frames, marks


async def _record_client(url: str) -> tuple[list, list]:
    tab = Tab(url, "validate", record=True, deadline=time.monotonic() + 300)
    marks = []

    async def mark(name: str) -> None:
        marks.append((name, len(tab.frames)))

    try:
        await mark("open")
        await tab.open("Cell")
        assert await tab.wait_run(0, 60), "the cell page did not finish"
        await asyncio.sleep(SETTLE)
        await mark("next")
        f = tab.finished
        await tab.click("cell.next")
        assert await tab.wait_for(lambda: tab.heading_t == 1, 30) and await tab.wait_run(f, 30)
        await asyncio.sleep(SETTLE)
        await mark("slider")
        f = tab.finished
        await tab.set_value("cell.t", 2)
        assert await tab.wait_for(lambda: tab.heading_t == 2, 30) and await tab.wait_run(f, 30)
        await asyncio.sleep(SETTLE)
        await mark("back")
        f = tab.finished
        await tab.click("cell.prev")
        assert await tab.wait_for(lambda: tab.heading_t == 1, 30) and await tab.wait_run(f, 30)
        await asyncio.sleep(SETTLE)
        await mark("goto_train")
        f = tab.finished
        await tab.goto("Train")
        assert await tab.wait_run(f, 60), "the training page did not finish"
        await asyncio.sleep(SETTLE)
        await mark("epochs")
        f = tab.finished
        await tab.set_value("train.epochs", "5000")
        assert await tab.wait_run(f, 60)
        await asyncio.sleep(SETTLE)
        await mark("start")
        await tab.click("train.start")
        await asyncio.sleep(TRAIN_SECONDS)
        await mark("stop")
        sent = await tab.click("train.stop")
        assert await tab.wait_for(lambda: bool(tab.progress) and tab.progress[-1].time > sent
                                  and "stopped" in tab.progress[-1].text, 30), "no 'stopped' after Stop"
        await asyncio.sleep(SETTLE)
    finally:
        await tab.close()
    return tab.frames, marks


def record_client(url: str) -> tuple[list, list]:
    return asyncio.run(_record_client(url))


# ---- decoding ----------------------------------------------------------------------------
def segments(frames: list, marks: list) -> dict[str, list]:
    out = {}
    for k, (name, start) in enumerate(marks):
        end = marks[k + 1][1] if k + 1 < len(marks) else len(frames)
        out[name] = frames[start:end]
    return out


def _widget(w) -> tuple:
    kind = w.WhichOneof("value")
    value = getattr(w, kind) if kind else None
    if hasattr(value, "data"):
        value = tuple(value.data)
    elif hasattr(value, "ListFields"):
        value = str(value)
    return kind, value


def rerun_fields(data: bytes) -> dict:
    msg = BackMsg.FromString(data)
    kind = msg.WhichOneof("type")
    if kind != "rerun_script":
        return {"type": kind}
    r = msg.rerun_script
    c = r.context_info
    return {"type": kind, "query_string": r.query_string, "page_script_hash": r.page_script_hash,
            "page_name": r.page_name, "fragment_id": r.fragment_id, "is_auto_rerun": r.is_auto_rerun,
            "is_history_navigation": r.is_history_navigation,
            "context_info": (c.timezone, c.timezone_offset, c.locale, c.url, c.is_embedded, c.color_scheme),
            "widgets": {w.id: _widget(w) for w in r.widget_states.widgets},
            "cached_message_hashes": frozenset(r.cached_message_hashes)}


def forward_signature(data: bytes) -> tuple:
    msg = ForwardMsg.FromString(data)
    kind = msg.WhichOneof("type")
    path = tuple(msg.metadata.delta_path)
    if kind == "ref_hash":
        return ("delta(ref)", path)
    if kind == "delta":
        d = msg.delta.WhichOneof("type")
        inner = msg.delta.new_element.WhichOneof("type") if d == "new_element" else d
        return ("delta", inner, path, msg.delta.fragment_id)
    if kind == "script_finished":
        return (kind, ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished),
                tuple(msg.metadata.run.fragment_ids))
    if kind == "new_session":
        return (kind, msg.new_session.page_script_hash, tuple(msg.metadata.run.fragment_ids))
    if kind == "auto_rerun":
        return (kind, round(msg.auto_rerun.interval, 3), msg.auto_rerun.fragment_id)
    if kind == "page_info_changed":
        return (kind, msg.page_info_changed.query_string)
    return (kind,)


def progress_texts(frames: list) -> list[str]:
    texts = []
    for direction, _, data in frames:
        if direction == "R":
            msg = ForwardMsg.FromString(data)
            if msg.WhichOneof("type") == "delta" and msg.delta.new_element.WhichOneof("type") == "progress":
                texts.append(msg.delta.new_element.progress.text)
    return texts


def compare(browser: tuple[list, list], client: tuple[list, list]) -> tuple[bool, list[str]]:
    """(all matched, report lines)."""
    b, c = segments(*browser), segments(*client)
    lines, ok = [], True
    for action in ACTIONS:
        bs = [{**rerun_fields(d), "time": t} for k, t, d in b.get(action, []) if k == "S"]
        cs = [{**rerun_fields(d), "time": t} for k, t, d in c.get(action, []) if k == "S"]
        if not bs or not cs:
            lines.append(f"{action}: no message sent (browser {len(bs)}, client {len(cs)})")
            ok = False
            continue
        # The first message the action itself sent (a timer may fire between the mark and the click).
        first_b = next((m for m in bs if not m.get("is_auto_rerun")), bs[0])
        first_c = next((m for m in cs if not m.get("is_auto_rerun")), cs[0])
        diffs = [k for k in first_b if k != "time" and first_b[k] != first_c.get(k)]
        timing = []
        if action in TIMED and "cached_message_hashes" in diffs:
            # Which chart messages are big enough to cache depends on how far training got.
            diffs.remove("cached_message_hashes")
            timing.append("cached_message_hashes (timing-dependent here)")
        if "widgets" in diffs:
            wb, wc = first_b["widgets"], first_c["widgets"]
            for wid in sorted(set(wb) | set(wc)):
                if wb.get(wid) != wc.get(wid):
                    lines.append(f"  {action}: widget {widget_key(wid)}: browser {wb.get(wid)} client {wc.get(wid)}")
        n_widgets = len(first_b["widgets"])
        trigger = [widget_key(w) for w, (kind, _) in first_b["widgets"].items() if kind == "trigger_value"]
        what = (f"fragment={'yes' if first_b.get('fragment_id') else 'no'} page_name={first_b.get('page_name')!r} "
                f"widgets={n_widgets} trigger={trigger or '-'} cached_hashes={len(first_b.get('cached_message_hashes', ()))}")
        if diffs:
            ok = False
            lines.append(f"{action}: first rerun_script DIFFERS in {diffs} ({what})")
        elif timing:
            lines.append(f"{action}: first rerun_script identical but for {', '.join(timing)} ({what})")
        else:
            lines.append(f"{action}: first rerun_script identical, all fields ({what})")
        autos_b = [m for m in bs if m.get("is_auto_rerun")]
        autos_c = [m for m in cs if m.get("is_auto_rerun")]
        if autos_b and autos_c:
            key = lambda m: (m["fragment_id"], m["query_string"], m["page_script_hash"],  # noqa: E731
                             tuple(sorted(m["widgets"].items())))
            same = {key(m) for m in autos_b} == {key(m) for m in autos_c}
            ok &= same
            lines.append(f"  {action}: timer reruns browser {_rate(autos_b)}, client {_rate(autos_c)}; "
                         f"fragment id, widgets and fields {'identical' if same else 'DIFFER'}")
        elif autos_b or autos_c:
            lines.append(f"  {action}: timer reruns after the click before the full rerun cleared the timer: "
                         f"browser {len(autos_b)}, client {len(autos_c)} (timing-dependent)")
        rb = [forward_signature(d) for k, _, d in b.get(action, []) if k == "R"]
        rc = [forward_signature(d) for k, _, d in c.get(action, []) if k == "R"]
        if action in TIMED:
            kinds_b, kinds_c = Counter(s[0] for s in rb), Counter(s[0] for s in rc)
            same = set(kinds_b) == set(kinds_c)
            auto_b = {s for s in rb if s[0] == "auto_rerun"}
            auto_c = {s for s in rc if s[0] == "auto_rerun"}
            same &= auto_b == auto_c
            ok &= same
            lines.append(f"  {action}: received {len(rb)} / {len(rc)} messages (timing-dependent); kinds "
                         f"{'same' if same else 'DIFFER'}: browser {dict(kinds_b)} client {dict(kinds_c)}; "
                         f"auto_rerun {sorted(auto_b)} / {sorted(auto_c)}")
            pb, pc = progress_texts(b[action]), progress_texts(c[action])
            lines.append(f"  {action}: last progress text browser {pb[-1] if pb else None!r}, "
                         f"client {pc[-1] if pc else None!r}")
        else:
            same = _canonical(rb) == _canonical(rc)
            ok &= same
            if same:
                lines.append(f"  {action}: received {len(rb)} messages, the same sequence "
                             f"({sum(1 for s in rb if s[0] == 'delta(ref)')} as ref_hash)")
            else:
                lines.append(f"  {action}: received sequences DIFFER (browser {len(rb)}, client {len(rc)})")
                for k, (x, y) in enumerate(zip(_canonical(rb), _canonical(rc))):
                    if x != y:
                        lines.append(f"    first difference at {k}: browser {x} client {y}")
                        break
    return ok, lines


def _canonical(signatures: list) -> list:
    """The sequence without ``session_status_changed`` (its place among the deltas is a race
    between the script thread and the event loop, in the browser's session as in ours)."""
    return [s for s in signatures if s[0] != "session_status_changed"]


def _rate(autos: list) -> str:
    """How many timer reruns, and how many per second between the first and the last."""
    times = [m["time"] for m in autos]
    if len(times) < 3 or times[-1] <= times[0]:
        return f"{len(times)}"
    return f"{len(times)} ({(len(times) - 1) / (times[-1] - times[0]):.1f}/s)"


def validate(url: str) -> tuple[bool, list[str]]:
    browser = record_browser(url)
    client = record_client(url)
    return compare(browser, client)

