"""A class on one server: 30 tabs, 25 stepping through the cell page, 0, 1, then 5 training.

How to run
----------
    python benchmarks/bench_classroom.py                       # the full class (~5 minutes)
    python benchmarks/bench_classroom.py --tabs 10 --steppers 8 --phase-seconds 20 --after-close 10
    python benchmarks/bench_classroom.py --runner.postScriptGC false   # any streamlit flag, compared
    python benchmarks/bench_classroom.py --profile /tmp/prof.json       # + where the server's time goes
    python benchmarks/bench_classroom.py --validate            # the client against Chromium, then exit
    python benchmarks/bench_classroom.py --json out.json       # the numbers, machine-readable
    python benchmarks/bench_classroom.py --live-only           # only the live class (issue 14)

Issue 16. It starts ``python -m streamlit run app.py`` on 127.0.0.1 and a free port
(headless, ``server.fileWatcherType none``, ``browser.gatherUsageStats false``; any
``--runner.*``, ``--global.*``, ``--server.*`` or ``--client.*`` flag after ours goes to
streamlit as it is), then runs a class with protocol-level clients: one websocket per tab
(``classroom_client.Tab``), no browser per student. Traffic goes to 127.0.0.1 only; every
loop is bounded in count and time and the whole run has a deadline. If the server does
not start, it prints why (with its log) and exits with status 2.

The class
---------
1. open: all ``--tabs`` tabs open the app at once (the page's HTML and the files it
   names, ``/_stcore/health`` and ``/_stcore/host-config`` over HTTP as a browser does,
   then the websocket; ``--no-assets`` skips the HTTP part), then follow the sidebar link:
   ``--steppers`` of them to the cell page, the others to the training page, where they
   set the epochs to ``--epochs`` (the select slider ``train.epochs``).
2. one phase per count in ``--trainers`` (default 0, 1, 5), ``--phase-seconds`` each:
   every stepper waits a random ``--think`` time (1.5-4.5 s, seeded by ``--seed``), then
   clicks Next (``cell.next``, 60%), Back (``cell.prev``, 20%) or moves the t slider
   (``cell.t``, 20%) to another step, and waits until it is shown. Step latency = from
   sending the change to the first delta whose heading carries the new t ("shown"), and
   to the run's ``script_finished`` ("finished"). The first N training tabs press Reset
   (if they have a model), then Start; the tab re-triggers the fragment's ``run_every``
   timer as the browser does. At the end of the phase they press Stop; the steppers go on
   until every "stopped" has arrived. Epochs/s = the epochs between the first and the
   last progress text received while training, over that time ("Epoch N / M" parsed from
   the progress deltas); the app's own figure is printed beside it.
3. live class (issue 14; ``--live-followers 0`` skips it): one teacher tab starts a class on
   the cell page and ``--live-followers`` fresh tabs (default 30) join with the code and
   follow; the teacher clicks Next every ``--live-step`` seconds (default 2) for
   ``--live-seconds`` (default 60). Printed: time from the teacher's click to the new t on
   each follower's screen, p50/p95/max (``classroom_live.py``).
4. close: all tabs close; the server's RSS is watched for ``--after-close`` seconds.

Printed per phase: step latency p50/p95/max (shown and finished), each trainer's
epochs/s, Stop to "stopped", errors (exception elements, "Cached ForwardMsg MISS",
websocket closed by the server, page not found, step/stop timeouts), the server's CPU
(cores used) and RSS, the machine's load average, and this process's own CPU and
event-loop lag (the clients share the machine with the server: a lagging client
inflates latencies, so it is shown). RSS is read from /proc/PID/status every second.
``--profile`` runs the server under ``classroom_sampler.py`` (each thread's CPU time put
on its Python stack every 10 ms, gc timed by ``gc.callbacks``) and prints, per phase, the
share of the server's CPU spent in gc, and for the phase with the most trainers the top
functions by own and by inclusive CPU. It costs the server 3-6% CPU.

Validation against Chromium (``--validate``, see ``classroom_validate.py``)
---------------------------------------------------------------------------
Chromium (Playwright, the args of tests/browser/conftest.py) and then one ``Tab`` did
the same eight actions on one server: open /Cell, Next, t slider one step right, Back,
the sidebar link to /Train, epochs -> 5000, Start, Stop after 4 s. All websocket frames
were decoded with streamlit.proto and compared action by action. Result (Streamlit 1.67,
this app, on the shared 2-core machine):

- the first ``rerun_script`` of every action is identical field by field: query string
  ("" at open, then "lang=en" from page_info_changed), page_script_hash (from the
  ``navigation`` message, not new_session), page_name ("Cell" at open, then empty),
  fragment_id (set for Next/Back/slider, whose widgets live in the cell page's
  fragment; empty for Start/Stop), is_auto_rerun, is_history_navigation, context_info
  (timezone, locale, the URL as the browser's location: no query string, the old page
  until the new page's navigation arrives), all 11-16 widget states by id with value
  and kind (string_value labels for radios/selectboxes, double_array_value for sliders,
  string_array_value labels for select sliders and multiselects, int_value for
  number_input, bool_value for toggles, an empty file_uploader_state_value, a
  trigger_value for the clicked button in that message only), and the set of
  ``cached_message_hashes`` (13 or 26 chart messages);
- the received sequences (message type; element/block type, delta path and fragment id
  of every delta; ref_hash or not; statuses) are identical for open (120 messages), Next,
  slider, Back (82 each; Back's 13 charts arrive as ref_hash and resolve from the cache),
  the page change and the epochs change (60 each), ignoring where
  ``session_status_changed`` falls (a thread race);
- training: the same ``auto_rerun`` (interval 0.1 s, same fragment id); the timer's
  reruns carry the same fragment id, is_auto_rerun and widget states. Chromium sent
  8-9.6 of them per second (its timers run late while it draws charts on this shared
  2-core machine), the client 9.9/s (the nominal setInterval); message counts and the
  progress texts depend on training speed, which Chromium's drawing halves here;
- Stop: the same message (full rerun, trigger train.stop) but the cached hashes, which
  depend on how far training got; both ended on "… · stopped".
Not emulated: the browser's rendering, and that its timers run late when it is busy
(a real student's browser runs on its own machine).

Measured (default class; the 2-core machine shared with other jobs, load average 5-16,
so the server got only 0.3-1.0 cores; step = "finished" p50 / p95 s)
-------------------------------------------------------------------------------------
| phase      | default settings                 | ``--runner.postScriptGC false``        |
|------------|----------------------------------|----------------------------------------|
| 0 trainers | 1.31/4.12, 3.59/7.97             | 0.20/1.41, 0.12/0.48                   |
| 1 trainer  | 1.12/3.09, 2.17/4.95; 81, 34 ep/s| 0.24/1.20, 0.32/1.56; 172, 118 ep/s    |
| 5 trainers | 5.64/8.96, 6.17/9.00; 10-12 ep/s;| 0.51/2.84, 0.49/1.59; 44-52 ep/s;      |
|            | Stop 2.6-3.5 s, 7.7-8.2 s        | Stop 0.42-1.02 s, 0.35-0.45 s          |
5 trainers only, with ``--profile`` (paired runs, 80 s apart): default 3.52/5.42, 19-21
epochs/s, Stop 2.8-3.3 s, gc 51% of the server's CPU; postScriptGC false 0.39/0.77,
61-64 epochs/s, Stop 0.33-0.41 s, gc 2%. No errors or disconnects in any run. RSS: 54 MB
idle, ~180 MB after one visitor (warm), 190-220 MB with the class, +13-27 MB/min while 5
train, flat with none; 60 s after closing unchanged (sessions live
``server.disconnectedSessionTTL`` = 120 s; with it at 10 s, 210 -> 203 MB).

Training in worker processes (``ui/train_pool.py``; main at 6287f6a against it, interleaved
before/after/before/after, ``--live-followers 0``, load average 12-19 while other jobs ran;
step = "finished" p50 / p95 s; cores = the server's own CPU + its training workers')
------------------------------------------------------------------------------------------
| phase      | before (training in the server)       | after (2 training workers)                 |
|------------|---------------------------------------|--------------------------------------------|
| 0 trainers | 0.03/0.34, 0.05/0.43                  | 0.03/0.20, 0.03/0.26                       |
| 1 trainer  | 0.07/0.69, 0.05/0.43; 134, 154 ep/s   | 0.06/0.80, 0.05/0.61; 107, 83 ep/s         |
| 5 trainers | 0.13/0.97, 0.37/2.30; 51-52, 18-20    | 0.05/0.47, 0.06/0.66; 41-46, 43-47 ep/s;   |
|            | ep/s; Stop 0.11-0.20, 0.33-1.15 s;    | Stop 0.07-0.12, 0.63-0.75 s; 0.20 + 0.38,  |
|            | 0.68, 0.34 cores                      | 0.19 + 0.36 cores                          |
With 5 trainers the server's own CPU fell to 0.2 cores; the workers trained about 600 epochs
per CPU-second they got (5 x 44 epochs/s from 0.37 cores). Their epochs/s are the CPU this
machine gave them, not what they can do: with Linux's autogroup scheduling (on here) a
session's processes together get one session's share, about one core of this shared
machine, with or without workers (headless, 5 LiveTrainers in threads, load 5-6: in process
145-158 epochs/s each from 1.01 cores; 2 workers 81-85 and 130-142 from 0.62 and 0.91
cores, and 50-70% of their wall time waiting for a CPU). A smaller class, 12 tabs, 7
stepping, 5 training, 30 s, load 4.5-7.7, same code with ``LSTM_EXPLAINER_TRAIN_WORKERS=0``
then 2 (workers at nice 0, then 10): in process 92-95 epochs/s, p95 0.35 s, Stop 0.19 s,
server 0.93 cores; workers 67-74 and 59-69 epochs/s, p95 0.33 and 0.25 s, Stop 0.13 and
0.10-0.14 s, server 0.12 cores + workers 0.49 and 0.44. On a teacher's quiet 2-core laptop
the workers can use the second core, which a server's one GIL can't: to be measured there.
No errors or disconnects in any run. RSS: workers 43-57 MB each; the server +25 MB/min while
5 train, bounded by the caps (2,000 reports and 8 MB of snapshots a run, reached after ~45 s
at 45 epochs/s). 60 s after the tabs closed (``--server.disconnectedSessionTTL 20``, so the
sessions had ended): before 225 -> 221 MB, after 227-234 -> 225-231 MB, against 190-199 MB
when the tabs had opened: garbage collection and ``malloc_trim`` while no one trains give
back little; what stays is not the sessions' heap (not investigated further).

Memory after a class, found (``--classes 2``; a probe in the server printing mallinfo2, Python's
allocated blocks, the sessions Streamlit holds, and the referrers of the objects left): after
the tabs closed, (1) all 30 sessions stayed in memory: Streamlit's session storage is a TTLCache
that drops an expired session only when another is stored, and never shuts it down; (2) each
trainer stayed for the server's life, held by the "Download weights" button's data callable,
which Streamlit unregisters only at shutdown; (3) each training worker's dispatcher thread held
its last tick (the trainer sent and its pickle) while waiting for the next. Fixed by
``ui/session_memory.py`` (after ``server.disconnectedSessionTTL``, now 30 s, a sweep releases an
ended session's runs and forgets its downloads and uploads) and the dispatcher; ticks now send a
forecaster without its history and snapshots (64 kB instead of 1.25 MB after 5,000 epochs).
Quiet 2-core machine, 30 tabs, 5 training: peak 230-238 MB (was 269-276), 60 s after the tabs
closed 204-211 MB (was 258-259, also 150 s after), with the class open 186-193 MB; a second
class on the same server ended at 210 MB (the first at 207). Malloc's bytes in use and Python's
allocated blocks come back to their level with the class open; the rest (about 15-20 MB) is
free memory the allocators keep (glibc and pymalloc arenas, fragmented), not objects.
Stop with 5 at once (``--trainers 5 --phase-seconds 4 --live-followers 0 --after-close 0``,
four runs): 0.06-0.33 s with ``ui/delivery.py`` and the heatmap templates; 0.10-0.68 s (six
runs) with the templates only; 0.04-0.95 s (four runs) before either.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from classroom_server import (Monitor, ServerError, http_get, read_cpu_seconds, read_workers,  # noqa: E402
                              start_server)

PASS_THROUGH = re.compile(r"^--(runner|global|server|client|theme|logger)\.[A-Za-z]+(=.*)?$")
OUR_SERVER_FLAGS = ("--server.address", "--server.port", "--server.headless")
STOPPED = "stopped"               # live.status.stopped in English
TRAINING = "training"             # live.status.running in English ("training…")
RATE = re.compile(r"([\d.]+)\s*epochs/s")
TARGETS = {"steps p95 (0 trainers)": "≤ 0.25 s", "steps p95 (5 trainers)": "≤ 0.5 s",
           "epochs/s per trainer": "≥ 100", "Stop to stopped": "≤ 0.5 s", "errors": "0"}


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    p = argparse.ArgumentParser(
        prog="bench_classroom.py",
        description="A class of protocol-level clients against one `streamlit run app.py` (issue 16). "
                    "Extra --runner.*/--global.*/--server.*/--client.* flags go to streamlit, "
                    "e.g. --runner.postScriptGC false.")
    p.add_argument("--tabs", type=int, default=30, help="tabs that open the app at once (default 30)")
    p.add_argument("--steppers", type=int, default=25, help="tabs that step through the cell page (default 25); "
                   "the others go to the training page")
    p.add_argument("--trainers", default="0,1,5", help="trainers per phase, comma-separated (default 0,1,5)")
    p.add_argument("--phase-seconds", type=float, default=60, help="length of each phase (default 60)")
    p.add_argument("--after-close", type=float, default=60,
                   help="seconds to watch the server's RSS after the tabs close (default 60)")
    p.add_argument("--classes", type=int, default=1,
                   help="classes one after another on the same server, each with new tabs (default 1): "
                        "does a second class grow the server's memory?")
    p.add_argument("--epochs", default="5000", help="the epochs option trainers choose (default 5000)")
    p.add_argument("--think", default="1.5,4.5", help="a stepper's pause between steps, min,max seconds")
    p.add_argument("--live-followers", type=int, default=30,
                   help="tabs that follow a live class in the last phase (default 30; 0 skips the phase)")
    p.add_argument("--live-seconds", type=float, default=60, help="length of the live-class phase (default 60)")
    p.add_argument("--live-step", type=float, default=2.0, help="seconds between the teacher's steps (default 2)")
    p.add_argument("--live-only", action="store_true",
                   help="run only the live-class phase (no stepping and training tabs)")
    p.add_argument("--seed", type=int, default=16, help="random seed of the steppers (default 16)")
    p.add_argument("--open-timeout", type=float, default=180, help="seconds a tab may take to open (default 180)")
    p.add_argument("--step-timeout", type=float, default=30, help="seconds a step may take (default 30)")
    p.add_argument("--stop-timeout", type=float, default=30, help="seconds Stop may take (default 30)")
    p.add_argument("--no-assets", action="store_true", help="open tabs without fetching the HTML and its files")
    p.add_argument("--profile", type=Path, metavar="JSON",
                   help="run the server under classroom_sampler.py and print its top functions")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    p.add_argument("--log", type=Path, default=Path("/tmp/bench_classroom_server.log"),
                   help="the server's log file (default /tmp/bench_classroom_server.log)")
    p.add_argument("--validate", action="store_true",
                   help="compare the client with Chromium message for message, print it, and exit")
    args, rest = p.parse_known_args(argv)
    extra: list[str] = []
    for k, token in enumerate(rest):
        if token.startswith("--"):
            if not PASS_THROUGH.match(token):
                p.error(f"unknown option {token!r} (only --runner.*, --global.*, --server.*, --client.*, "
                        "--theme.*, --logger.* options go to streamlit)")
            if token.split("=")[0] in OUR_SERVER_FLAGS:
                p.error(f"{token} is set by the benchmark (127.0.0.1, a free port, headless)")
        elif k == 0 or not rest[k - 1].startswith("--") or "=" in rest[k - 1]:
            p.error(f"unexpected argument {token!r}")
        extra.append(token)
    try:
        args.trainer_counts = [int(x) for x in args.trainers.split(",") if x.strip()]
        lo, hi = (float(x) for x in args.think.split(","))
        args.think_range = (lo, hi)
    except ValueError:
        p.error("--trainers takes integers like 0,1,5 and --think two numbers like 1.5,4.5")
    if not args.live_only and (not args.trainer_counts or min(args.trainer_counts) < 0):
        p.error("--trainers needs at least one count >= 0")
    if not 0 <= args.steppers <= args.tabs:
        p.error("--steppers must be between 0 and --tabs")
    if max(args.trainer_counts, default=0) > args.tabs - args.steppers:
        p.error(f"{max(args.trainer_counts)} trainers need {max(args.trainer_counts)} tabs that do not step "
                f"(--tabs {args.tabs} - --steppers {args.steppers} = {args.tabs - args.steppers})")
    if args.classes < 1:
        p.error("--classes must be >= 1")
    if args.live_followers < 0 or args.live_seconds <= 0 or args.live_step <= 0:
        p.error("--live-followers >= 0, --live-seconds > 0 and --live-step > 0")
    if args.live_only:
        args.tabs, args.steppers, args.trainer_counts = 0, 0, []
    if not 0 < lo <= hi or args.phase_seconds <= 0 or args.after_close < 0:
        p.error("--think needs 0 < min <= max; --phase-seconds > 0; --after-close >= 0")
    return args, extra


# ---- results ---------------------------------------------------------------------------------
@dataclass
class TrainerResult:
    tab: str
    epochs_per_s: float | None = None
    app_rate: float | None = None
    epochs: tuple[int, int] | None = None
    first_progress_s: float | None = None
    stop_s: float | None = None
    stopped_at: int | None = None
    note: str = ""


@dataclass
class PhaseResult:
    name: str
    seconds: float = 0.0
    shown: list = field(default_factory=list)
    finished: list = field(default_factory=list)
    trainers: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)
    error_examples: list = field(default_factory=list)
    server_cores: float | None = None
    worker_cores: float | None = None      # the app's training workers (children of the server)
    worker_rss_mb: float | None = None
    rss_mb: tuple | None = None
    load1: float | None = None
    client_cores: float | None = None
    client_lag_ms: tuple | None = None


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def triple(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{statistics.median(values):.2f} / {pct(values, 0.95):.2f} / {max(values):.2f}"


class Lag:
    """This process's event-loop lag: how late a 50 ms sleep wakes up."""

    def __init__(self):
        self.samples: list[tuple[float, float]] = []
        self.running = True

    async def run(self, deadline: float) -> None:
        while self.running and time.monotonic() < deadline:
            t0 = time.monotonic()
            await asyncio.sleep(0.05)
            self.samples.append((time.monotonic(), time.monotonic() - t0 - 0.05))

    def between(self, a: float, b: float) -> list[float]:
        return [lag for t, lag in self.samples if a <= t <= b]


# ---- opening tabs ----------------------------------------------------------------------------
class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        url = a.get("src") if tag == "script" else a.get("href") if tag == "link" else None
        if url and not url.startswith(("http:", "https:", "data:", "//")):
            self.urls.append(url.lstrip("./"))


def fetch_like_a_browser(base: str) -> int:
    """GET the page, the scripts and styles it names, the health and host-config endpoints."""
    headers = {"Accept-Encoding": "gzip, deflate"}
    html = http_get(f"{base}/", timeout=60)
    parser = _Assets()
    parser.feed(html.decode("utf-8", "replace"))
    total = len(html)
    for url in parser.urls[:50]:
        total += len(http_get(f"{base}/{url}", timeout=60, headers=headers))
    for path in ("_stcore/health", "_stcore/host-config"):
        total += len(http_get(f"{base}/{path}", timeout=30))
    return total


# ---- the class -------------------------------------------------------------------------------
class Classroom:
    def __init__(self, args, server, monitor: Monitor):
        from classroom_client import Tab

        self.args, self.server, self.monitor = args, server, monitor
        budget = (2 * args.open_timeout + len(args.trainer_counts) *
                  (args.phase_seconds + args.stop_timeout + args.step_timeout + 60) + args.after_close + 60
                  + (2 * args.open_timeout + args.live_seconds + args.step_timeout + 60 if args.live_followers else 0))
        self.deadline = time.monotonic() + budget * args.classes
        self.new_tabs()
        self.phases: list[PhaseResult] = []
        self.opened: list[float] = []
        self.navigated: list[float] = []
        self.open_errors: list[str] = []
        self.lag = Lag()
        self.timeouts: list[tuple[float, str, str]] = []
        self.closed_at: float | None = None             # the last class's
        self.closes: list[float] = []                    # every class's
        self.prefix = ""                                 # "class 2: " before phase names
        self.live = None                                 # classroom_live.LiveResult
        self.live_tabs: list = []

    def new_tabs(self) -> None:
        from classroom_client import Tab

        self.tabs = [Tab(self.server.url, f"tab{i:02d}", deadline=self.deadline) for i in range(self.args.tabs)]
        self.steppers = self.tabs[:self.args.steppers]
        self.trainers = self.tabs[self.args.steppers:]

    def set_phase(self, name: str) -> None:
        name = self.prefix + name
        self.monitor.phase = name
        self.server.set_label(name)

    async def open_all(self) -> None:
        self.set_phase("open")
        pool = ThreadPoolExecutor(max_workers=min(32, 2 * len(self.tabs) or 1))
        loop = asyncio.get_running_loop()

        async def one(tab, page: str) -> None:
            t0 = time.monotonic()
            try:
                if not self.args.no_assets:
                    await loop.run_in_executor(pool, fetch_like_a_browser, self.server.url)
                await tab.open("", timeout=self.args.open_timeout)
                if not await tab.wait_run(0, self.args.open_timeout):
                    self.open_errors.append(f"{tab.name}: home page not finished in {self.args.open_timeout:.0f} s")
                    return
                self.opened.append(time.monotonic() - t0)
                f = tab.finished
                t1 = await tab.goto(page)
                if not await tab.wait_run(f, self.args.open_timeout):
                    self.open_errors.append(f"{tab.name}: {page} not finished in {self.args.open_timeout:.0f} s")
                    return
                self.navigated.append(time.monotonic() - t1)
                if page == "Train":
                    f = tab.finished
                    await tab.set_value("train.epochs", self.args.epochs)
                    if not await tab.wait_run(f, self.args.open_timeout):
                        self.open_errors.append(f"{tab.name}: epochs change not finished")
            except (OSError, asyncio.TimeoutError) as error:
                self.open_errors.append(f"{tab.name}: {error!r}")

        try:
            await asyncio.gather(*(one(t, "Cell") for t in self.steppers), *(one(t, "Train") for t in self.trainers))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    async def stepper(self, tab, rng: random.Random, stop: asyncio.Event, phase: PhaseResult) -> None:
        lo, hi = self.args.think_range
        for _ in range(100000):                          # bounded; the phase ends it
            try:
                await asyncio.wait_for(stop.wait(), rng.uniform(lo, hi))
                return
            except asyncio.TimeoutError:
                pass
            if tab.closed or time.monotonic() > self.deadline:
                return
            t = tab.heading_t or 0
            last = int(tab.widget("cell.t").element.max)
            choices = []
            if not tab.disabled("cell.next"):
                choices += ["next"] * 3
            if not tab.disabled("cell.prev"):
                choices += ["prev"]
            if last > 0:
                choices += ["slider"]
            action = rng.choice(choices)
            f = tab.finished
            if action == "slider":
                target = rng.choice([k for k in range(last + 1) if k != t])
                sent = await tab.set_value("cell.t", target)
            else:
                target = t + (1 if action == "next" else -1)
                sent = await tab.click(f"cell.{action}")
            if await tab.wait_for(lambda: tab.heading_t == target, self.args.step_timeout):
                phase.shown.append(time.monotonic() - sent)
            else:
                self.timeouts.append((time.monotonic(), "step_timeout", f"{tab.name} {action} to t={target}"))
                continue
            if await tab.wait_run(f, self.args.step_timeout):
                phase.finished.append(time.monotonic() - sent)
            else:
                self.timeouts.append((time.monotonic(), "step_timeout", f"{tab.name} {action}: no script_finished"))

    async def trainer(self, tab, end: float, phase: PhaseResult) -> TrainerResult:
        """Reset, Start, train until ``end`` (Start again, "Train N more", whenever the run
        finishes earlier), then Stop; epochs/s over the stretches that were training."""
        result = TrainerResult(tab.name)
        timeout = self.args.step_timeout
        end = min(end, self.deadline)
        if not tab.disabled("train.reset"):
            f = tab.finished
            await tab.click("train.reset")
            await tab.wait_run(f, timeout)
        segments: list[float] = []
        for _ in range(1000):                          # bounded; Start again only when finished
            if tab.closed or tab.disabled("train.start") or time.monotonic() > end - 0.5:
                break
            started = await tab.click("train.start")
            segments.append(started)
            if await tab.wait_for(lambda: bool(tab.progress) and tab.progress[-1].time > started
                                  and TRAINING in tab.progress[-1].text, timeout):
                if result.first_progress_s is None:
                    result.first_progress_s = next(p.time for p in tab.progress if p.time > started) - started
            await tab.wait_for(lambda: bool(tab.progress) and tab.progress[-1].time > started
                               and TRAINING not in tab.progress[-1].text, max(0.0, end - time.monotonic()))
            if TRAINING in tab.progress[-1].text or time.monotonic() >= end:
                break                                 # else it finished early: Start again
        if segments and tab.progress and TRAINING in tab.progress[-1].text:
            sent = await tab.click("train.stop")
            if await tab.wait_for(lambda: tab.progress[-1].time > sent and STOPPED in tab.progress[-1].text,
                                  self.args.stop_timeout):
                result.stop_s = tab.progress[-1].time - sent
                result.stopped_at = tab.progress[-1].epoch
            else:
                self.timeouts.append((time.monotonic(), "stop_timeout", f"{tab.name}: no 'stopped' after Stop"))
        elif not segments:
            result.note = "Start disabled" if tab.disabled("train.start") else "no time to start"
        else:
            result.note = f"not training at the end: {tab.progress[-1].text}"
        if len(segments) > 1:
            result.note += f"{'; ' if result.note else ''}finished and started again {len(segments) - 1}x"
        epochs = seconds = 0.0
        first = last = None
        for k, started in enumerate(segments):
            until = segments[k + 1] if k + 1 < len(segments) else float("inf")
            running = [p for p in tab.progress if started < p.time < until and TRAINING in p.text]
            if len(running) >= 2:
                epochs += running[-1].epoch - running[0].epoch
                seconds += running[-1].time - running[0].time
                first = running[0].epoch if first is None else first
                last = running[-1]
        if seconds > 0:
            result.epochs_per_s = epochs / seconds
            result.epochs = (first, last.epoch)
            m = RATE.search(last.text)
            result.app_rate = float(m.group(1)) if m else None
        return result

    async def phase(self, n_trainers: int) -> PhaseResult:
        name = f"{n_trainers} trainer{'s' if n_trainers != 1 else ''}"
        self.set_phase(name)
        phase = PhaseResult(self.prefix + name)
        t0, cpu0, pcpu0 = time.monotonic(), read_cpu_seconds(self.server.pid), time.process_time()
        wcpu0 = read_workers(self.server.pid)[0]
        end = t0 + self.args.phase_seconds
        stop = asyncio.Event()
        steppers = [asyncio.create_task(self.stepper(tab, random.Random(self.args.seed * 1000 + k), stop, phase))
                    for k, tab in enumerate(self.steppers) if not tab.closed and "cell.t" in tab.by_key]
        trainers = [self.trainer(tab, end, phase) for tab in self.trainers[:n_trainers]
                    if not tab.closed and "train.start" in tab.by_key]
        try:
            if trainers:
                phase.trainers = await asyncio.gather(*trainers)
            await asyncio.sleep(max(0.0, end - time.monotonic()))
        finally:
            stop.set()
            await asyncio.gather(*steppers, return_exceptions=False)
        t1 = time.monotonic()
        phase.seconds = t1 - t0
        cpu1 = read_cpu_seconds(self.server.pid)
        if cpu0 is not None and cpu1 is not None:
            phase.server_cores = (cpu1 - cpu0) / phase.seconds
        wcpu1, wrss = read_workers(self.server.pid)
        phase.worker_cores, phase.worker_rss_mb = max(0.0, wcpu1 - wcpu0) / phase.seconds, wrss / 1024
        phase.client_cores = (time.process_time() - pcpu0) / phase.seconds
        lags = self.lag.between(t0, t1)
        if lags:
            phase.client_lag_ms = (1000 * pct(lags, 0.95), 1000 * max(lags))
        samples = [s for s in self.monitor.samples if t0 <= s.time <= t1]
        rss = [s.rss_kb / 1024 for s in samples if s.rss_kb]
        if rss:
            phase.rss_mb = (rss[0], rss[-1], max(rss))
        if samples:
            phase.load1 = statistics.mean(s.load1 for s in samples)
        errors = [e for tab in self.tabs for e in tab.errors if t0 <= e[0] <= t1]
        errors += [e for e in self.timeouts if t0 <= e[0] <= t1]
        for _, kind, detail in errors:
            phase.errors[kind] = phase.errors.get(kind, 0) + 1
            if len(phase.error_examples) < 5:
                phase.error_examples.append(f"{kind}: {detail}")
        return phase

    async def run(self) -> None:
        lag = asyncio.create_task(self.lag.run(self.deadline))
        try:
            for c in range(self.args.classes):
                if c:
                    self.prefix = f"class {c + 1}: "
                    self.new_tabs()
                if self.tabs:
                    await self.open_all()
                for n in self.args.trainer_counts:
                    self.phases.append(await self.phase(n))
                if self.args.live_followers:
                    from classroom_live import live_phase
                    self.live = await live_phase(self, read_cpu_seconds)
                self.set_phase("closed")
                self.closed_at = time.monotonic()
                self.closes.append(self.closed_at)
                await asyncio.gather(*(tab.close() for tab in self.tabs))
                await asyncio.sleep(self.args.after_close)
        finally:
            self.lag.running = False
            lag.cancel()
            await asyncio.gather(*(tab.close() for tab in self.tabs + self.live_tabs if not tab.closed),
                                 return_exceptions=True)


# ---- report ----------------------------------------------------------------------------------
def rss_report(monitor: Monitor, closes: list[float], after_close: float) -> list[str]:
    samples = [s for s in monitor.samples if s.rss_kb]
    if not samples:
        return ["RSS: no samples"]
    t0 = samples[0].time
    lines = ["Server RSS over time (MB; every 10 s; phase):"]
    row, next_t = [], t0
    for s in samples:
        if s.time >= next_t:
            row.append(f"{s.time - t0:4.0f}s {s.rss_kb / 1024:5.0f} {s.phase}")
            next_t += 10
    for k in range(0, len(row), 4):
        lines.append("  " + " | ".join(row[k:k + 4]))
    first = samples[0].rss_kb / 1024
    opened = [s for s in samples if s.phase != "start"]
    peak = max(s.rss_kb for s in samples) / 1024
    after_open = [s for s in samples if s.phase == "open"]
    lines.append(f"  idle server before any tab {first:.0f} MB"
                 + (f", when the tabs had opened {after_open[-1].rss_kb / 1024:.0f} MB" if after_open else "")
                 + f", peak {peak:.0f} MB")
    for k, closed_at in enumerate(closes):
        at_close = [s for s in samples if s.time <= closed_at]
        after = [s for s in samples if closed_at <= s.time <= closed_at + after_close + 1]
        if at_close and after:
            if len(closes) > 1:
                lines.append(f"  class {k + 1}:")
            lines.append(f"  when the tabs closed {at_close[-1].rss_kb / 1024:.0f} MB, {after[-1].time - closed_at:.0f} s "
                         f"later {after[-1].rss_kb / 1024:.0f} MB (start {first:.0f} MB; "
                         f"{after[-1].rss_kb / 1024 - first:+.0f} MB)")
    for phase in sorted({s.phase for s in opened}, key=lambda p: next(s.time for s in opened if s.phase == p)):
        ps = [s for s in opened if s.phase == phase]
        if len(ps) > 5 and ps[-1].time > ps[0].time:
            slope = (ps[-1].rss_kb - ps[0].rss_kb) / 1024 / ((ps[-1].time - ps[0].time) / 60)
            lines.append(f"  {phase}: {ps[0].rss_kb / 1024:.0f} -> {ps[-1].rss_kb / 1024:.0f} MB ({slope:+.1f} MB/min)")
    return lines


def profile_report(path: Path, phases: list[PhaseResult], top: int = 10) -> list[str]:
    """Where the server's CPU went, from ``classroom_sampler.py``'s JSON."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        return [f"profile: could not read {path}: {error}"]
    labels = data.get("labels", {})
    missing = [p.name for p in phases if p.name not in labels]
    lines = [f"Profile ({path}): each thread's CPU time (schedstat) every {data.get('interval', 0) * 1000:.0f} ms, "
             "put on its Python stack" + (f"; sampler error {data['error']}" if data.get("error") else "")]
    for phase in phases:
        d = labels.get(phase.name)
        if not d:
            continue
        g = d["gc"]
        gc_cpu, cpu = sum(g["cpu"]), max(d["cpu_process"], 1e-9)
        lines.append(f"  {phase.name}: process CPU {d['cpu_process']:.1f} s ({d['cpu_process'] / phase.seconds:.2f} cores), "
                     f"attributed {d['cpu_attributed'] / cpu:.0%}, sampler's own {d['sampler_cpu'] / cpu:.0%}; "
                     f"gc {gc_cpu:.1f} s CPU = {gc_cpu / cpu:.0%} of the process's CPU ({sum(g['count'])} collections; "
                     f"gen2 {g['cpu'][2]:.1f} s CPU in {g['count'][2]}; gc wall {sum(g['seconds']):.1f} s, the GIL "
                     "held throughout)")
    if missing:
        lines.append(f"  WARNING: no samples for {missing}: the sampler stopped (last written "
                     f"{time.time() - data.get('written', 0):.0f} s ago); see the server log")
    biggest = max((p for p in phases if p.name in labels), key=lambda p: len(p.trainers), default=None)
    if biggest is None:
        return lines
    d = labels[biggest.name]
    cpu = max(d["cpu_attributed"], 1e-9)
    lines.append(f"  Top {top} functions by own CPU in phase '{biggest.name}' (share of the attributed CPU; "
                 "C code such as NumPy counts for its Python caller; a collection's CPU mostly lands on "
                 "gc_callback and weakref.remove, which run right after it):")
    for name, sec in sorted(d["self"].items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"    {sec / cpu:6.1%}  {sec:6.1f} s  {name}")
    lines.append(f"  Top {top} by inclusive CPU (the function and what it calls), without Streamlit's thread and "
                 "script-runner entry points:")
    skip = ("threading.py", "script_runner.py", "exec_code.py", "script_run_context.py", "classroom_sampler.py",
            "runpy.py", "concurrent/futures/thread.py", "asyncio/events.py", "base_events.py", "bootstrap.py",
            "web/cli.py", "click/core.py", "fragment.py:", "metrics_util.py")
    shown = 0
    for name, sec in sorted(d["total"].items(), key=lambda kv: -kv[1]):
        if any(s in name for s in skip) or name.endswith(":<module>"):
            continue
        lines.append(f"    {sec / cpu:6.1%}  {sec:6.1f} s  {name}")
        shown += 1
        if shown >= top:
            break
    threads = sorted(d["threads"].items(), key=lambda kv: -kv[1])[:5]
    lines.append("  CPU by thread: " + ", ".join(f"{n or '?'} {c / cpu:.0%}" for n, c in threads))
    return lines


def session_ttl(extra: list[str]) -> float:
    """``server.disconnectedSessionTTL`` as passed to streamlit, else the app's .streamlit/config.toml,
    else Streamlit's default (120 s)."""
    for k, token in enumerate(extra):
        if token.startswith("--server.disconnectedSessionTTL"):
            value = token.split("=", 1)[1] if "=" in token else (extra[k + 1] if k + 1 < len(extra) else "")
            try:
                return float(value)
            except ValueError:
                break
    import tomllib
    try:
        config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
        return float(config.get("server", {}).get("disconnectedSessionTTL", 120))
    except (OSError, ValueError, TypeError):
        return 120.0


def report(args, extra, room: Classroom, monitor: Monitor, server_log: str) -> list[str]:
    lines = [f"bench_classroom: {args.tabs} tabs ({args.steppers} on the cell page), trainers per phase "
             f"{args.trainer_counts}, {args.phase_seconds:.0f} s phases, streamlit flags {extra or 'default'}"]
    lines.append(f"open (HTML{'' if not args.no_assets else ' skipped'}, websocket, home page run): "
                 f"p50/p95/max {triple(room.opened)} s; follow the link to the page: {triple(room.navigated)} s"
                 + (f"; {len(room.open_errors)} failed: {room.open_errors[:3]}" if room.open_errors else ""))
    for ph in room.phases:
        lines.append(f"\nphase '{ph.name}' ({ph.seconds:.0f} s)")
        lines.append(f"  steps: {len(ph.shown)}; shown p50/p95/max {triple(ph.shown)} s; "
                     f"finished p50/p95/max {triple(ph.finished)} s")
        for tr in ph.trainers:
            rate = f"{tr.epochs_per_s:.0f} epochs/s" if tr.epochs_per_s is not None else "no rate"
            app = f" (app says {tr.app_rate:.0f})" if tr.app_rate is not None else ""
            span = f", epochs {tr.epochs[0]}->{tr.epochs[1]}" if tr.epochs else ""
            first = f", first progress {tr.first_progress_s:.2f} s after Start" if tr.first_progress_s is not None else ""
            stop = (f"; Stop -> 'stopped' {tr.stop_s:.2f} s (epoch {tr.stopped_at})" if tr.stop_s is not None
                    else "; no Stop measured")
            lines.append(f"  trainer {tr.tab}: {rate}{app}{span}{first}{stop}{' — ' + tr.note if tr.note else ''}")
        n_err = sum(ph.errors.values())
        lines.append(f"  errors/disconnects: {n_err} {ph.errors if n_err else ''}"
                     + (f" e.g. {ph.error_examples}" if ph.error_examples else ""))
        rss = f"{ph.rss_mb[0]:.0f} -> {ph.rss_mb[1]:.0f} MB (max {ph.rss_mb[2]:.0f})" if ph.rss_mb else "?"
        lag = f"p95 {ph.client_lag_ms[0]:.0f} / max {ph.client_lag_ms[1]:.0f} ms" if ph.client_lag_ms else "?"
        cores = f"{ph.server_cores:.2f}" if ph.server_cores is not None else "?"
        if ph.worker_cores is not None and ph.worker_rss_mb:
            cores += f" + training workers {ph.worker_cores:.2f} (RSS {ph.worker_rss_mb:.0f} MB)"
        lines.append(f"  server CPU {cores} cores, RSS {rss}; load average {ph.load1 or float('nan'):.1f}; "
                     f"this client {ph.client_cores:.2f} cores, its event-loop lag {lag}")
    if room.live is not None:
        from classroom_live import report as live_report
        lines += live_report(room.live, args)
    lines.append("")
    lines += rss_report(monitor, room.closes, args.after_close)
    ttl = session_ttl(extra)
    if args.after_close < ttl + 5:
        lines.append(f"  (Streamlit keeps a closed tab's session, its session_state included, for "
                     f"server.disconnectedSessionTTL = {ttl:.0f} s, so {args.after_close:.0f} s after closing they "
                     "may all still be there; pass --server.disconnectedSessionTTL N or a longer --after-close)")
    tracebacks = server_log.count("Traceback")
    lines.append(f"Server log: {tracebacks} tracebacks" + (f" (see {args.log})" if tracebacks else ""))
    lines.append("\nSummary (targets of issue 16 on a 2-core machine; this machine is shared, numbers are noisy):")
    lines.append(f"  {'phase':<12} {'step shown p50/p95/max':<23} {'step finished p50/p95/max':<26} "
                 f"{'epochs/s each':<22} {'Stop s':<26} errors")
    for ph in room.phases:
        rates = ",".join(f"{t.epochs_per_s:.0f}" for t in ph.trainers if t.epochs_per_s is not None) or "–"
        stops = ",".join(f"{t.stop_s:.2f}" for t in ph.trainers if t.stop_s is not None) or "–"
        lines.append(f"  {ph.name:<12} {triple(ph.shown):<23} {triple(ph.finished):<26} {rates:<22} {stops:<26} "
                     f"{sum(ph.errors.values())}")
    lines.append("  ('shown': the heading with the new t arrived; 'finished': the whole fragment run, its charts "
                 "included, arrived)")
    lines.append("  targets: " + "; ".join(f"{k} {v}" for k, v in TARGETS.items()))
    return lines


def main(argv: list[str] | None = None) -> int:
    args, extra = parse_args(sys.argv[1:] if argv is None else argv)
    if args.profile is not None:
        args.profile = args.profile.resolve()
    try:
        server = start_server(extra, args.log, profile_out=args.profile)
    except ServerError as error:
        print(f"bench_classroom: the app's server failed to start.\n{error}", file=sys.stderr)
        return 2
    if args.validate:
        from classroom_validate import validate
        try:
            ok, lines = validate(server.url)
        finally:
            server.stop()
        print("\n".join(lines))
        print("client matches Chromium" if ok else "client DIFFERS from Chromium")
        return 0 if ok else 1
    monitor = Monitor(server.pid)
    monitor.start()
    room = Classroom(args, server, monitor)
    code = 0
    try:
        time.sleep(2)                                    # an RSS baseline before anyone connects
        asyncio.run(asyncio.wait_for(room.run(), room.deadline - time.monotonic()))
    except asyncio.TimeoutError:
        print("bench_classroom: the run hit its overall deadline; the numbers so far follow", file=sys.stderr)
        code = 3
    except KeyError as error:                            # a widget or page the benchmark needs is gone
        print(f"bench_classroom: {error.args[0]}", file=sys.stderr)
        code = 3
    finally:
        server.set_label("")
        monitor.stop()
        server.stop()
    lines = report(args, extra, room, monitor, server.log_path.read_text(errors="replace"))
    if args.profile is not None:
        lines += [""] + profile_report(args.profile, room.phases)
    print("\n".join(lines))
    if args.json is not None:
        args.json.write_text(json.dumps({
            "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
            "streamlit_flags": extra, "open_s": room.opened, "navigate_s": room.navigated,
            "open_errors": room.open_errors, "phases": [asdict(p) for p in room.phases],
            "live": asdict(room.live) if room.live is not None else None,
            "rss": [asdict(s) for s in monitor.samples], "closed_at": room.closed_at}, indent=1, default=str))
    return code


if __name__ == "__main__":
    sys.exit(main())
