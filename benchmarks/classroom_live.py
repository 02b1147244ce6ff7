"""The live-class phase of ``bench_classroom.py``: one teacher steps, N followers follow.

A teacher tab opens the home page, presses "Start a class" (``class.start``), reads the
class code from the panel (the ``## CODE`` line) and opens the cell page. ``--live-followers``
tabs then open ``/?class=CODE`` at once (the join link), which seats them and sends them to
the teacher's page. While the phase lasts (``--live-seconds``) the teacher clicks Next
(Back at the end of the sequence) every ``--live-step`` seconds. Every tab re-triggers its
fragments' ``run_every`` timers as the browser does: the followers' version check
(``ui.live_class.FOLLOW_EVERY``) and the teacher's view publisher (``LEAD_EVERY``).

Follow latency = from sending the teacher's click to the first heading with the new t in a
follower's tab ("the follower's screen"); one sample per follower per step. Printed:
p50/p95/max, the samples missing (a follower that never showed that step: it timed out, or
it was so far behind that it caught up straight to a later step), the part of the latency
that is polling (from the click to the follower's first version check sent after the
teacher's own screen showed the step: the follower could not know earlier), the server's
CPU while the followers follow and while they only poll (``IDLE_SECONDS`` before the first
step), and how many version checks the followers sent. The teacher's steps are ``--live-step``
apart give or take ``JITTER``, so that they meet each follower's check timer at every phase.

Measured (2026-11-25, the 2-core machine shared with other helpers' tests and benchmarks;
"old" = every follower reran the whole cell page for each step, "new" = only the cell
page's t fragment; runs alternated old/new on the same load):

=====  ============  ===========  ===========  ========  ========  ==================
code   load average  p50          p95          max       missing   server CPU (idle)
=====  ============  ===========  ===========  ========  ========  ==================
old*   1.4           1.00 s       1.26 s       1.83 s    0 / 930   0.48 cores
new*   1.7           0.69 s       0.86 s       0.91 s    0 / 930   0.21 cores
old    7.4           1.47 s       4.85 s       20.8 s    31 / 960  0.52 (0.15) cores
new    9.2           0.49 s       1.13 s       1.30 s    1 / 960   0.25 (0.12) cores
old    9.1           4.30 s       12.4 s       24.3 s    276/870   0.39 (0.13) cores
new    9.1           0.99 s       2.28 s       12.2 s    30 / 870  0.21 (0.13) cores
old    14.0          5.81 s       16.5 s       16.7 s    397/840   0.34 (0.14) cores
new    16.5          1.14 s       2.88 s       3.26 s    162/930   0.21 (0.14) cores
=====  ============  ===========  ===========  ========  ========  ==================

\* one after the other, not alternated, before ``JITTER`` (steps exactly 2 s apart); the
"new" code then lacked the fix that stops the teacher's tick publishing a stale address.

Polling (new, load 9.2): p50 0.24 s, p95 0.49 s (``FOLLOW_EVERY`` = 0.5 s); the rest is
the server running each follower's check and t fragment, 30 of them per step under one
GIL. 30 idle followers cost the server 0.12-0.15 of a core (60 checks/s). At load 14-16
the server got a fifth to a third of a core and the teacher's own step took up to 2.7 s
(p95): there, no follower can be fast.
"""
from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from collections import deque
from dataclasses import dataclass, field

CODE = re.compile(r"^##\s+([A-Z2-9]{5})\s*$")
JITTER = 0.25                        # s, +- on the teacher's step interval (see the step loop)
IDLE_SECONDS = 10                    # the followers only poll: their cost alone, before the teacher steps


@dataclass
class LiveResult:
    followers: int = 0
    seated: int = 0
    steps: int = 0
    latencies: list = field(default_factory=list)
    teacher_shown: list = field(default_factory=list)
    missing: int = 0
    missing_by_tab: dict = field(default_factory=dict)
    seconds: float = 0.0
    server_cores: float | None = None
    load1: float | None = None
    checks_per_s: float | None = None
    idle_cores: float | None = None       # the server's CPU while 30 followers only poll
    polling: list = field(default_factory=list)   # step -> the follower's next version check after it
    errors: dict = field(default_factory=dict)
    note: str = ""


def _record_checks(tab) -> None:
    """Keep the send time of each of ``tab``'s version checks (its timer reruns: on a
    follower's cell page the only ``run_every`` fragment is the follow tick)."""
    tab.checks = deque(maxlen=4000)
    send = tab.rerun

    async def rerun(**kwargs):
        sent = await send(**kwargs)
        if kwargs.get("auto"):
            tab.checks.append(sent)
        return sent
    tab.rerun = rerun


def _pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def live_phase(room, read_cpu_seconds) -> LiveResult:
    """Run the phase on ``room`` (a ``bench_classroom.Classroom``: its server, args, monitor)."""
    from classroom_client import Tab

    args, url = room.args, room.server.url
    result = LiveResult(followers=args.live_followers)
    timeout = args.step_timeout
    teacher = Tab(url, "teacher", deadline=room.deadline)
    followers = [Tab(url, f"follower{k:02d}", deadline=room.deadline) for k in range(args.live_followers)]
    room.live_tabs = [teacher, *followers]
    await teacher.open("", timeout=args.open_timeout)
    if not await teacher.wait_run(0, args.open_timeout):
        result.note = "the teacher's home page did not finish"
        return result
    f = teacher.finished
    await teacher.click("class.start")
    await teacher.wait_for(lambda: any(CODE.match(body) for _, body in teacher.markdown), timeout)
    codes = [CODE.match(body).group(1) for _, body in teacher.markdown if CODE.match(body)]
    if not codes:
        result.note = "no class code on the teacher's screen"
        return result
    code = codes[-1]
    await teacher.wait_run(f, timeout)
    f = teacher.finished
    await teacher.goto("Cell")
    await teacher.wait_for(lambda: teacher.heading_t is not None, args.open_timeout)
    await teacher.wait_run(f, args.open_timeout)

    async def seat(tab) -> None:
        tab.query_string = f"class={code}&lang=en"
        try:
            await tab.open("", timeout=args.open_timeout)
            if await tab.wait_for(lambda: tab.heading_t is not None, args.open_timeout):
                result.seated += 1
        except (OSError, asyncio.TimeoutError) as error:
            tab.errors.append((time.monotonic(), "open", repr(error)))

    await asyncio.gather(*(seat(tab) for tab in followers))
    for tab in followers:
        _record_checks(tab)
    await asyncio.sleep(2)                               # let the last page runs settle
    idle0, cpu_idle0 = time.monotonic(), read_cpu_seconds(room.server.pid)
    await asyncio.sleep(IDLE_SECONDS)                  # the followers only poll
    cpu_idle1 = read_cpu_seconds(room.server.pid)
    if cpu_idle0 is not None and cpu_idle1 is not None:
        result.idle_cores = (cpu_idle1 - cpu_idle0) / (time.monotonic() - idle0)

    async def follow(tab, sent: float, target: int, published: asyncio.Future) -> None:
        def shown():
            return next((at for at, t in reversed(tab.headings) if at > sent and t == target), None)
        if await tab.wait_for(lambda: shown() is not None, timeout):
            result.latencies.append(shown() - sent)
            at = await published
            check = next((c for c in tab.checks if c >= at), None) if at is not None else None
            if check is not None and check <= shown():
                result.polling.append(check - sent)
        else:
            result.missing += 1
            result.missing_by_tab[tab.name] = result.missing_by_tab.get(tab.name, 0) + 1

    room.set_phase("live class")
    t0, cpu0 = time.monotonic(), read_cpu_seconds(room.server.pid)
    checks0 = sum(tab.auto_sent for tab in followers)
    end = t0 + args.live_seconds
    waits, direction = [], 1
    next_step = t0
    rng = random.Random(args.seed)
    while time.monotonic() < end and not teacher.closed:
        await asyncio.sleep(max(0.0, next_step - time.monotonic()))
        # Every 2 s on average, give or take a quarter second: the followers' checks tick at a
        # fixed rate from when they opened, so strictly periodic steps would meet each of them
        # at the same point of its tick every time, and the polling delay would not vary.
        next_step += args.live_step + rng.uniform(-JITTER, JITTER)
        now_t = teacher.heading_t or 0
        last = int(teacher.widget("cell.t").element.max)
        if not 0 <= now_t + direction <= last:
            direction = -direction
        target = now_t + direction
        sent = await teacher.click("cell.next" if direction > 0 else "cell.prev")
        result.steps += 1
        published = asyncio.get_running_loop().create_future()
        waits += [asyncio.create_task(follow(tab, sent, target, published)) for tab in followers if not tab.closed]
        # The view is published at the end of the teacher's fragment run (links.publish), a
        # few ms after its heading: polling delay counts from the heading's arrival.
        if await teacher.wait_for(lambda: teacher.heading_t == target, timeout):
            result.teacher_shown.append(time.monotonic() - sent)
            published.set_result(time.monotonic())
        else:
            published.set_result(None)
    await asyncio.gather(*waits)
    t1 = time.monotonic()
    result.seconds = t1 - t0
    cpu1 = read_cpu_seconds(room.server.pid)
    if cpu0 is not None and cpu1 is not None:
        result.server_cores = (cpu1 - cpu0) / result.seconds
    result.checks_per_s = (sum(tab.auto_sent for tab in followers) - checks0) / result.seconds
    samples = [s for s in room.monitor.samples if t0 <= s.time <= t1]
    if samples:
        result.load1 = statistics.mean(s.load1 for s in samples)
    for tab in room.live_tabs:
        for at, kind, _ in tab.errors:
            result.errors[kind] = result.errors.get(kind, 0) + 1
    await asyncio.gather(*(tab.close() for tab in room.live_tabs))
    return result


def report(r: LiveResult, args) -> list[str]:
    lines = [f"\nphase 'live class' ({r.seconds:.0f} s): 1 teacher stepping every {args.live_step:g} s, "
             f"{r.seated}/{r.followers} followers seated"]
    if r.note:
        lines.append(f"  not run: {r.note}")
        return lines
    expected = r.steps * r.seated
    if r.latencies:
        lines.append(f"  teacher's step -> follower's screen: p50 {statistics.median(r.latencies):.2f} s, "
                     f"p95 {_pct(r.latencies, 0.95):.2f} s, max {max(r.latencies):.2f} s "
                     f"({len(r.latencies)} of {expected} samples; {r.missing} missing"
                     f"{': ' + str(r.missing_by_tab) if r.missing_by_tab else ''})")
    else:
        lines.append(f"  no follower showed a step ({r.missing} missing)")
    if r.polling:
        lines.append(f"  of which polling (the step -> the follower's first version check after the teacher's "
                     f"screen showed it): p50 {statistics.median(r.polling):.2f} s, p95 {_pct(r.polling, 0.95):.2f} s, "
                     f"max {max(r.polling):.2f} s ({len(r.polling)} samples)")
    if r.teacher_shown:
        lines.append(f"  the teacher's own step shown: p50 {statistics.median(r.teacher_shown):.2f} s, "
                     f"p95 {_pct(r.teacher_shown, 0.95):.2f} s")
    cores = f"{r.server_cores:.2f}" if r.server_cores is not None else "?"
    load = f"{r.load1:.1f}" if r.load1 is not None else "?"
    idle = f"{r.idle_cores:.2f}" if r.idle_cores is not None else "?"
    lines.append(f"  server CPU {cores} cores ({idle} while the followers only polled, {IDLE_SECONDS:g} s); version checks {r.checks_per_s or 0:.0f}/s from the followers; "
                 f"load average {load}; errors {sum(r.errors.values())} {r.errors or ''}")
    lines.append("  target (issue 14): p95 <= 1 s on a 2-core machine")
    return lines
