"""Live training in the browser: Start, Stop, Step one epoch, Reset, and a ticking fragment.

It drives any trainer with ``step() -> report``, ``done``, ``epoch``, ``epochs`` and
``diverged`` (``lstm_core.FitTrainer`` and the trainers built on it, the long-memory
race). A page makes one ``LiveTrainer`` per run it shows, each with its own key prefix::

    live = LiveTrainer("exp", build=make_trainer, settings=read_settings)
    live.buttons()                  # Start / Stop / Step one epoch / Reset (on_click callbacks)
    live.fragment(draw)             # progress bar, then draw(state, ui) several times a second

    def draw(state, ui):            # ui: a ui.canvas.Canvas; while training, draw only through it
        ui.at("loss").vega_lite_chart(spec, width="stretch")

Why it is built this way:

- The buttons' callbacks only change ``LiveState``: a click interrupts the script under way
  at its next ``st.*`` call (``runner.fastReruns``) and the callback runs first, so Stop
  lands within one cycle.
- While a run is on, the fragment reruns on a timer; one timer-started run trains for
  ``TICK_SECONDS`` then draws, for about ``RUN_SECONDS``, so a fragment rerun's fixed cost
  is paid once per run, not per redraw, and few redraws a second leave the cores to
  training (the browser's Vega redraws compete for them; figures in the README).
- Elements are replaced in place (``Canvas``): a container rebuilt per cycle blinks.
- A pace (epochs per second) lets a teacher talk through a run: a token bucket on the
  driver's clock, every epoch drawn at ≤ ``PACED_DRAWS`` epochs/s, the wait for the next
  epoch held without the lock so Stop stays instant.
- ``settings()`` is read at Start and kept: widget keys are deleted when the user leaves
  the page, and a run must not change under the trainer when a slider moves.
- At full speed training runs in a worker process (``ui.train_pool``, outside the server's
  GIL) while the page draws the trainer of the last tick; Stop drops the tick in flight, so
  "stopped" shows at once. Paced runs, a fake clock and trainers that can't go train in
  process. The more trainers run, the longer each tick: fewer redraws each.
"""
from __future__ import annotations

import itertools
import math
import time
from typing import Any, Callable, MutableMapping

import streamlit as st

from ui import fragment_rerun, live_pool, memory, session_memory, train_pool
from ui.canvas import Canvas
from ui.i18n import t
from ui.live_pool import tick_seconds
from ui.live_state import LiveState, cap_history, default_target

__all__ = ["Canvas", "LiveState", "LiveTrainer", "default_target", "PACES"]

TICK_SECONDS = 0.25   # training per cycle, then one redraw: 4 redraws a second
RUN_SECONDS = 1.5     # cycles per timer-started fragment run (measured with 0.15 s cycles: 0.5 s
                      # gave 63% of the trainer's speed, 1.5 s 76%); tests may raise both
RUN_EVERY = 0.1       # the fragment's timer; a new run starts as soon as the last one ends
MAX_GAP = 1.0         # a longer pause between cycles (page left, tab hidden) is not counted
PACES = (1, 5, 20, 0)  # the choices of ``pace_control``: epochs per second, 0 = full speed
_RUN_IDS = itertools.count(1)
TRIM_EVERY = 10.0     # seconds: ended sessions are released, then (no one training) memory is given back
memory.start_trimmer(TRIM_EVERY, idle=lambda: live_pool.running() == 0, sweep=session_memory.sweep_server)
STATUS_STOP_CSS = ('[data-testid="stStatusWidget"]:has([data-testid="stStatusWidgetRunningIcon"]) button '
                   '{ display: none; }')   # while running only: "Rerun" after a file change stays


class LiveTrainer:
    """Start/Stop/Step/Reset buttons and a ticking fragment for one trainer.

    Parameters
    ----------
    prefix : str
        Namespace of the session key (``<prefix>.live``, a ``LiveState``), of the buttons'
        widget keys (``<prefix>.start``, ``.stop``, ``.step``, ``.reset``) and of the
        fragment (``<prefix>.fragment``): the page's prefix.
    build : settings -> trainer
        Makes a new trainer; a ``ValueError`` becomes ``LiveState.error`` (show it).
    settings : () -> settings
        Reads the page's widgets (from ``st.session_state``) when Start/Step is clicked.
    resume : (trainer, settings) -> None, optional
        Called when Start/Step finds a trainer already there, before it continues; e.g.
        to move the finish line of a finished run. Without it a finished run stays finished.
    target : trainer -> int
        The epoch a trainer stops at, for the progress bar (``default_target``).
    store : mapping, optional
        Where the LiveState lives; ``st.session_state`` unless given (a plain dict lets
        tests and benchmarks drive the callbacks and ``pull`` without a script run).
    clock : () -> float, optional
        Seconds for the time budgets and the elapsed time (``time.perf_counter``); a
        test passes a fake clock, so what it checks never depends on the machine's speed
        (and trains in process: a worker keeps real time).
    pool : a ``ui.train_pool.TrainPool``, None, or "shared" (default)
        Where full-speed cycles train: ``train_pool.shared()``; None = in process.
    """

    def __init__(self, prefix: str, build: Callable[[Any], Any], settings: Callable[[], Any], *,
                 resume: Callable[[Any, Any], None] | None = None,
                 target: Callable[[Any], int] = default_target,
                 store: MutableMapping | None = None,
                 clock: Callable[[], float] = time.perf_counter, pool: Any = "shared"):
        self.prefix = prefix
        self._store = store
        self.clock = clock
        self.build = build
        self.settings = settings
        self.resume = resume
        self.target = target
        self.key = f"{prefix}.live"
        self._pool = None if clock is not time.perf_counter else pool

    @property
    def pool(self) -> train_pool.TrainPool | None:
        return train_pool.shared() if self._pool == "shared" else self._pool

    # ---- state -------------------------------------------------------------------------
    @property
    def store(self) -> MutableMapping:
        return st.session_state if self._store is None else self._store

    @property
    def state(self) -> LiveState:
        if self.key not in self.store:
            self._put(LiveState())
        return self.store[self.key]

    def _put(self, new: LiveState) -> None:
        self.store[self.key] = new
        session_memory.track_run(new)  # released once its session has ended (a script run's only)

    def adopt(self, trainer, settings) -> None:
        """Make ``trainer`` (built elsewhere, e.g. from an uploaded file) the current one."""
        self._replace(LiveState(trainer=trainer, settings=settings, run_id=next(_RUN_IDS)))

    def _replace(self, new: LiveState) -> None:
        old = self.store.get(self.key)
        if old is not None:
            old.running = False
            old.wake.set()             # a fragment waiting for the pace returns at once
            with old.lock:             # a cycle under way in the old script thread ends first
                self._halt(old)
            new.pace = old.pace        # the chosen speed outlives the model
        self._put(new)

    # ---- callbacks (Streamlit runs them before the script) --------------------------------
    def _ensure_trainer(self) -> bool:
        """Build a trainer, or let ``resume`` prepare the existing one. False on bad settings."""
        self.state.error, self.state.failure = "", None
        try:
            if self.state.trainer is None:
                settings = self.settings()
                self.adopt(self.build(settings), settings)
            elif self.resume is not None and not self.state.diverged:
                self.resume(self.state.trainer, self.settings())
        except ValueError as error:
            self.state.error, self.state.failure = str(error), error
            return False
        return True

    def start(self) -> None:
        """Start (or continue) a run; nothing happens if the trainer can't train further."""
        if self._ensure_trainer() and not self.state.done:
            self.state.running = True
            self.state.last_cycle = self.state.refilled = None
            self.state.credit = 0.0
            self.state.wake.clear()

    def stop(self) -> None:
        """End the run: the epoch under way finishes first, no further one starts.

        Waits (one epoch at most) for a cycle training in the old script thread, so the
        rerun that follows the click draws the epoch training stopped at, not the one before.
        """
        s = self.state
        s.running = False              # the training loop checks it before every epoch
        s.wake.set()                   # and a wait for the pace ends at once
        with s.lock:
            self._halt(s)

    _halt = staticmethod(live_pool.halt)   # end a run (call under ``s.lock``)

    def step_once(self) -> None:
        """Stop any run and train exactly one epoch (not counted in the run's epochs/s)."""
        self.stop()
        if self._ensure_trainer() and not self.state.done:
            with self.state.lock:      # after the epoch a stopped cycle may still be running
                self.state.reports = [self.state.trainer.step()]

    def reset(self) -> None:
        """Forget the trainer; the next Start builds a new one from the current settings."""
        self._replace(LiveState(run_id=next(_RUN_IDS)))

    # ---- pace ----------------------------------------------------------------------------
    def set_pace(self, pace: float) -> None:
        """Epochs per second from now on (0 = full speed); takes effect at the next cycle."""
        pace = float(pace)
        if not math.isfinite(pace) or pace < 0:
            raise ValueError(f"pace must be a number of epochs per second ≥ 0, got {pace!r}")
        s = self.state
        if pace != s.pace:
            s.pace = pace
            s.wake.set()               # a wait under the old pace ends; the next one uses this

    def next_epoch_in(self) -> float:
        """Seconds of the driver's clock until the pace allows the next epoch (0: now)."""
        s = self.state
        if not s.running or s.pace <= 0 or s.refilled is None:
            return 0.0
        missing = 1.0 - s.credit - (self.clock() - s.refilled) * s.pace
        return max(missing / s.pace, 0.0)

    def wait_for_pace(self, limit: float | None = None) -> None:
        """Wait until the pace allows the next epoch, at most ``limit`` seconds.

        Holds no lock and returns at once when Stop, Step, Reset or a new pace sets
        ``LiveState.wake``; the wait itself is real time (``Event.wait``), the amount is
        read from the driver's clock.
        """
        s = self.state
        delay = self.next_epoch_in()
        if limit is not None:
            delay = min(delay, max(limit, 0.0))
        if delay > 0 and s.running:
            s.wake.wait(delay)
        if s.running:                  # woken by a new pace: the next wait waits again
            s.wake.clear()

    # ---- the training work of one cycle --------------------------------------------------
    def pull(self, seconds: float | None = None) -> list:
        """Train for up to ``seconds`` (default ``TICK_SECONDS``, longer when many train:
        ``live_pool.tick_seconds``), at least one epoch (at full speed) or the epochs the pace
        allows now (possibly none). Returns the new reports and ends the run when the trainer
        is done. Needs no script run (the benchmark calls it headless). At full speed the
        epochs are trained in a worker (``live_pool.adopt``), else here.

        In process it checks ``running`` before every epoch: a click reruns the page in a *new*
        script thread at once (``runner.fastReruns``) while this one goes on to its next
        ``st.*`` call, so Stop, Step or Reset may run while this loop trains; the check ends it
        after the epoch under way, and ``lock`` keeps two threads from stepping the trainer.
        """
        s = self.state
        budget = tick_seconds(TICK_SECONDS) if seconds is None else seconds
        with s.lock:
            if s.trainer is None or not s.running:
                return []
            if s.trainer.done:
                self._halt(s)
                return []
            live_pool.ACTIVE[id(s)] = time.monotonic()
            pool = None if s.local or s.pace > 0 else self.pool
            if pool is not None:
                tick = live_pool.submit(s, pool, budget, self.clock)
            else:                            # paced now: a tick sent at full speed is stale
                live_pool.drop_tick(s)
        if pool is not None and tick is not None:
            return live_pool.adopt(s, pool, tick, budget, self.clock, self._halt, fragment_rerun.rerun_waiting)
        with s.lock:
            if s.trainer is None or not s.running:
                return []
            start = self.clock()
            allowed = s.allowed(start, MAX_GAP)
            if allowed == 0:                  # the pace allows no epoch yet
                return []
            if s.last_cycle is not None:      # the last cycle: training, drawing, Streamlit
                s.elapsed += min(start - s.last_cycle, max(MAX_GAP, 3 * s.pending))
            s.last_cycle, s.pending = start, 0.0
        reports, trainer = [], s.trainer
        while not trainer.done and len(reports) != allowed:
            # Everything a drawing reads is updated under the lock with each epoch, so
            # after Stop (which takes the lock) nothing the page shows changes any more.
            with s.lock:
                if not s.running:
                    break
                before = self.clock()
                reports.append(trainer.step())
                if allowed > 0:
                    s.credit -= 1.0
                now = self.clock()
                s.step_seconds += now - before
                s.run_epochs += 1
                s.pending = now - start       # counted in elapsed at the next cycle, or at Stop
                if trainer.done:
                    self._halt(s)
            if now - start >= budget:
                break
        with s.lock:
            s.cycles += 1
            if reports:
                s.reports = reports
            cap_history(trainer)
        return reports

    # ---- drawing -------------------------------------------------------------------------
    def start_label(self) -> str:
        s = self.state
        if not s.has_model:
            return t("live.start")
        if s.done and not s.diverged:
            return t("live.more")
        return t("live.continue")

    def pace_control(self, key: str) -> float:
        """The pace (``PACES``: 1, 5, 20 epochs/s or full speed) as a segmented control with
        widget key ``key``, kept across pages; its value goes to ``LiveState.pace`` at once
        when changed (``on_change``) and at every script run. Full speed unless chosen."""
        if st.session_state.get(key) not in PACES:
            st.session_state[key] = 0
        # Labels fixed now: the format function may be called outside a script run (AppTest).
        names = {p: t("live.pace.full") if p == 0 else t("live.pace.option", n=p) for p in PACES}
        value = st.segmented_control(
            t("live.pace"), PACES, key=key, required=True, persist_state="session", format_func=names.get,
            help=t("live.pace_help"), on_change=lambda: self.set_pace(st.session_state.get(key) or 0))
        self.set_pace(value or 0)
        return self.state.pace

    def buttons(self, *, labels: dict | None = None, disabled: bool = False,
                pace_key: str | None = None) -> None:
        """Start (or Continue), Stop, Step one epoch and Reset in one row.

        labels : overrides of the texts, keys ``start``, ``stop``, ``step``, ``reset``;
        by default the ``live.*`` translations. disabled : disables Start and Step (e.g.
        while the settings are invalid). pace_key : the widget key of a pace control
        (``pace_control``) drawn in the same row; none without it.
        """
        s = self.state
        text = {"start": self.start_label(), "stop": t("live.stop"), "step": t("live.step"),
                "reset": t("live.reset")}
        text.update(labels or {})
        can_train = not disabled and not s.diverged and (not s.done or self.resume is not None)
        # Streamlit's own "Stop" (top right, shown while a script runs) would stop one
        # fragment run only, and the timer would start the next: hide it, ours is here.
        st.html(f"<style>{STATUS_STOP_CSS}</style>")
        with st.container(horizontal=True, vertical_alignment="bottom", key=f"{self.prefix}.live_buttons"):
            st.button(text["start"], key=f"{self.prefix}.start", on_click=self.start, type="primary",
                      disabled=s.running or not can_train, help=t("live.start_help"))
            st.button(text["stop"], key=f"{self.prefix}.stop", on_click=self.stop,
                      disabled=not s.running, help=t("live.stop_help"))
            st.button(text["step"], key=f"{self.prefix}.step", on_click=self.step_once,
                      disabled=s.running or not can_train, help=t("live.step_help"))
            st.button(text["reset"], key=f"{self.prefix}.reset", on_click=self.reset,
                      disabled=not s.has_model and not s.error, help=t("live.reset_help"))
            if pace_key is not None:
                self.pace_control(pace_key)

    def progress_text(self) -> tuple[float, str]:
        """(fraction done, text) of the progress bar."""
        s = self.state
        if not s.has_model:
            return 0.0, t("live.progress.idle")
        target = max(self.target(s.trainer), 1)
        status = ("running" if s.running else "diverged" if s.diverged
                  else "finished" if s.done else "stopped")
        text = t("live.progress", epoch=s.epoch, target=target, rate=f"{s.rate:.0f}",
                 elapsed=f"{s.seconds:.1f}", status=t(f"live.status.{status}"))
        return min(s.epoch / target, 1.0), text

    def fragment(self, draw: Callable[[LiveState, Canvas], None], *, progress: bool = True) -> None:
        """Define and run the fragment that trains and redraws.

        draw : (LiveState, Canvas) -> None. While running it is called after every
        training cycle and must draw through the Canvas; while stopped it is called once
        per rerun (of the page, or of the fragment when a widget inside it changes).
        progress : draw the progress bar (epoch, epochs/s, elapsed time) above ``draw``.
        """
        ticking = self.state.running

        @st.fragment(run_every=RUN_EVERY if ticking else None, key=f"{self.prefix}.fragment")
        def live() -> None:
            s = self.state
            if s.running != ticking:
                st.rerun(scope="app")          # started or stopped elsewhere: reset the timer
            s.fragment_runs += 1
            ui = Canvas()
            # In a run of the whole page one cycle, so the rest of the page appears at once.
            end = self.clock() + (RUN_SECONDS if fragment_rerun.in_fragment_run() else 0.0)
            first = True
            while True:
                # Paced, a cycle may train nothing yet: then nothing new to draw.
                if self.pull() or first or not s.running:
                    if progress:               # first, so the last epoch shows at once
                        value, text = self.progress_text()
                        ui.at("progress").progress(value, text=text)
                    if ticking and not s.running:  # finished: drop the timer, redraw the page
                        st.rerun(scope="app")
                    draw(s, ui)
                first = False
                if not s.running or self.clock() >= end:
                    return
                self.wait_for_pace(end - self.clock())   # no lock held: Stop stays instant

        live()
