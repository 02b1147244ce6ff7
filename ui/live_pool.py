"""A live run's full-speed cycle in a worker process (``ui.train_pool``), for ``ui.live.LiveTrainer``.

``submit`` sends the session's trainer for one tick; ``adopt`` waits for it (holding no lock),
gives the session's trainer the state of the copy that comes back (same object, new
attributes) and sends the next tick at once, so the worker trains while the page draws.
Both take the run's ``LiveState``; no Streamlit here, so tests and benchmarks drive them
headless. Change a trainer only while its run is stopped (as Start's ``resume`` does): a
change during a run would be undone by the tick in flight.
"""
from __future__ import annotations

import math
import time

from ui import train_pool
from ui.live_state import LiveState

TICKS_AT_ONCE = 2     # running trainers beyond this lengthen every tick (``tick_seconds``)
ACTIVE_SECONDS = 3.0  # a trainer whose last cycle is older no longer counts as running
PATIENCE = 120.0      # seconds a worker's tick may overrun its budget before it is given up
SLICE = 0.05          # s between looks for a waiting click while a tick is in a worker
MAX_GAP = 1.0         # as ui.live.MAX_GAP: a longer pause (page left, tab hidden) is not counted
ACTIVE: dict[int, float] = {}   # id(LiveState) -> time.monotonic() of its last cycle, while running


def tick_seconds(base: float) -> float:
    """Seconds of training per cycle: ``base``, times n / ``TICKS_AT_ONCE`` when n > 2 trainers
    ran a cycle in this process within ``ACTIVE_SECONDS`` (5 trainers: 2.5x as long, so 2.5x
    fewer redraws each: drawing doesn't crowd out the training and the other students)."""
    return base * max(1.0, running() / TICKS_AT_ONCE)


def running() -> int:
    """Trainers that ran a cycle in this process within ``ACTIVE_SECONDS`` (a closed tab's
    run drops out after that)."""
    now = time.monotonic()
    for key, seen in list(ACTIVE.items()):
        if now - seen > ACTIVE_SECONDS:
            ACTIVE.pop(key, None)
    return len(ACTIVE)


def _take(mine, theirs) -> None:
    """Make the session's trainer ``mine`` what the worker's copy ``theirs`` is, in one step:
    its attributes become the copy's, so a page (or test) holding the trainer sees the epochs
    trained, and whatever drew from the old attributes drew a consistent state."""
    if type(mine) is type(theirs) and hasattr(mine, "__dict__"):
        vars(mine).update(vars(theirs))
    else:
        raise TypeError(f"a worker returned a {type(theirs).__name__} for a {type(mine).__name__}")


def submit(s: LiveState, pool, budget: float, clock):
    """The tick in flight for the current trainer, sent now if none (call under ``s.lock``);
    None when this trainer can't go to a worker (it trains in process from now on)."""
    if s.tick is not None and s.tick.base is s.trainer and s.tick.base_epoch == s.trainer.epoch:
        return s.tick
    if s.tick is not None:
        s.tick.cancel()
    try:
        s.tick = pool.submit(s.trainer, budget)
    except train_pool.CannotShip:
        s.tick, s.local = None, True
    if s.last_cycle is None:
        s.last_cycle = clock()
    return s.tick


def drop_tick(s: LiveState) -> None:
    """Cancel the tick in flight, if any (call under ``s.lock``): the run trains in process now."""
    if s.tick is not None:
        s.tick.cancel()
        s.tick = None


def halt(s: LiveState) -> None:
    """End the run (call under ``s.lock``): the tick in a worker is dropped (its epochs are not
    shown), the run no longer counts as training, its clock and pace bucket are settled."""
    drop_tick(s)
    ACTIVE.pop(id(s), None)
    s.running = False
    s.elapsed += s.pending
    s.pending, s.last_cycle = 0.0, None
    s.credit, s.refilled = 0.0, None


def adopt(s: LiveState, pool, tick, budget: float, clock, halt, interrupted=None) -> list:
    """Wait for ``tick``, adopt its trainer and counters, send the next tick; the new reports.

    [] when Stop, Step or Reset dropped the tick meanwhile (their callbacks cancel it; the
    epochs it trained are not shown), or when the worker died or hangs (``s.local``: the
    run goes on in process), or at once when ``interrupted()`` says a click waits for this
    script run (it is served at the run's next Streamlit call; the tick stays in flight and
    the next cycle adopts it). What training raised is raised here, as in process.
    """
    patience = None if math.isinf(budget) else budget + PATIENCE
    while interrupted is not None and not tick.settled(SLICE):
        if interrupted():
            return []
        if patience is not None and tick.started_at is not None \
                and time.perf_counter() - tick.started_at > patience:
            break                                   # tick.wait raises TimeoutError
    try:
        result = tick.wait(patience)
    except (train_pool.CannotShip, TimeoutError):
        with s.lock:
            s.local = True
            if s.tick is tick:
                s.tick = None
        tick.cancel()
        return []
    except BaseException:
        with s.lock:
            if s.tick is tick:
                s.tick = None
        raise
    with s.lock:
        if result is None and s.tick is tick:     # dropped in the worker: the next cycle sends again
            s.tick = None
        if result is None or s.tick is not tick or not s.running:
            return []
        now = clock()
        s.elapsed += min(now - s.last_cycle, tick.finished_at - s.last_cycle + MAX_GAP)
        s.last_cycle, s.pending, s.tick = now, 0.0, None
        _take(s.trainer, result.trainer)
        s.reports = result.reports or s.reports
        s.step_seconds += result.step_seconds
        s.run_epochs += len(result.reports)
        s.cycles += 1
        if s.trainer.done:
            halt(s)
        else:
            submit(s, pool, budget, clock)
    return result.reports
