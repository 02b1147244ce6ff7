"""Training outside the server's GIL: a few worker processes of the app's own (``TrainPool``).

Every session of a Streamlit server runs in one process and shares one GIL, so five students
training at once used to share one core with thirty others clicking. Here a tick of training
goes to a worker process instead::

    pool = shared()                       # None: train in process (disabled, or no workers)
    tick = pool.submit(trainer, 0.25)     # pickles the trainer (CannotShip if it can't go)
    result = tick.wait()                  # TickResult: the trainer as the worker left it,
                                          # the new reports; None if cancelled
    tick.cancel()                         # Stop: the worker ends the tick before its next epoch

A tick ships the trainer (a forecaster without its past, ``_without_past``) and gets it back:
workers keep nothing between ticks, the session draws from a consistent copy, and a run in the pool
gives bit for bit the weights of the same run in process (pickle copies float64 exactly;
each worker runs BLAS on one thread, as the app does). A trainer holding local functions
(``lstm_core``'s tasks are closures) is pickled with those functions by value
(``ui.pickle_local``); a trainer that still does not pickle, or whose pickle is larger than
``MAX_SHIP_BYTES`` (a long-memory race with its test set), raises ``CannotShip`` and trains in
process as before.

Workers are ``python -m ui.train_worker`` processes started by ``shared()`` at the first
full-speed cycle: ``DEFAULT_WORKERS`` (capped at the cores), or ``$LSTM_EXPLAINER_TRAIN_WORKERS``
(0: no pool). Not ``multiprocessing``: a threaded server must not ``fork``, and ``spawn`` children
import the server's ``__main__`` (all of Streamlit). A worker exits when the server closes its pipe
(``atexit``) or is gone, ignores Ctrl-C, and runs niced (``ui.train_worker``): training takes the
CPU time that clicks and drawing leave. One dispatcher thread per worker feeds it ticks from one queue.
"""
from __future__ import annotations

import atexit
import copy
import itertools
import math
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
import types
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from ui.pickle_local import dumps

WORKERS_ENV = "LSTM_EXPLAINER_TRAIN_WORKERS"
DEFAULT_WORKERS = 2          # a teacher's laptop: 2 cores, shared with the server's own work
MAX_SHIP_BYTES = 16 << 20    # the training page's trainer: 2-3 MB at H = 32 after 500-5000 epochs
ROOT = str(Path(__file__).resolve().parents[1])    # the app's folder: workers import from it


class CannotShip(Exception):
    """This trainer can't go to a worker (it doesn't pickle, or is too large): train it in process."""


# ---- the server's side -------------------------------------------------------------------
def _without_past(trainer) -> tuple[object, bool]:
    """What to send of ``trainer``, and whether it is sent without its past.

    A forecaster (``lstm_core.Trainer``, the training page's) never reads its history or its
    snapshots while it trains, and they are most of its pickle: after 5,000 epochs (1,766
    reports, 51 snapshots) 1.25 MB and 7-20 ms of the server's GIL to pickle and unpickle each
    tick, against 64 kB and 0.14 ms without. So it goes without them (a shallow copy with both
    empty), the worker returns only the new ones, and ``_with_past`` puts the old ones back in
    front. Any other trainer goes whole."""
    from lstm_core.train import Trainer

    if type(trainer) is not Trainer:
        return trainer, False
    lean = copy.copy(trainer)
    lean.history, lean.snapshots = [], []
    return lean, True


def _with_past(past: tuple[list, list], trainer) -> None:
    """``trainer`` (back from a worker, sent by ``_without_past``) gets ``past`` (the history
    and snapshots its base had when it was sent) in front of its new ones, and is bounded as
    one trained in process would be. The past as sent, not as the base has it now: an epoch
    stepped in process meanwhile (an older script run's paced loop) would appear twice."""
    from ui.live_state import cap_history

    trainer.history, trainer.snapshots = past[0] + trainer.history, past[1] + trainer.snapshots
    cap_history(trainer)


@dataclass
class TickResult:
    """What a tick did: ``trainer`` as the worker left it, ``reports`` of the new epochs (also
    the newest in its history), seconds inside ``step()`` and the tick's seconds in the worker."""

    trainer: object
    reports: list
    step_seconds: float
    seconds: float


class Tick:
    """One trainer's tick, queued or in a worker. ``base`` is the trainer that was sent."""

    def __init__(self, pool: "TrainPool", base, payload: bytes, seconds: float):
        self.pool, self.base, self.payload, self.seconds = pool, base, payload, seconds
        self.base_epoch = getattr(base, "epoch", None)   # a tick sent before later epochs is stale
        self.id = 0                 # set with ``slot`` when a worker takes it: ids rise per worker
        self.slot: int | None = None
        self.started_at: float | None = None
        self.cancelled = False
        self._lock = threading.Lock()
        self.finished_at = math.inf
        self._done = threading.Event()
        self._reply: bytes | None = None
        self._error: BaseException | None = None
        self.past: tuple[list, list] | None = None   # sent without: the base's (``_without_past``)

    def cancel(self) -> None:
        """Drop the tick: a queued one never runs, a running one ends before its next epoch."""
        with self._lock:
            self.cancelled = True
            if self.slot is not None and not self._done.is_set():
                self.pool._send_cancel(self.slot, self.id)
            self._done.set()

    def wait(self, timeout: float | None = None) -> TickResult | None:
        """The result (None if cancelled). Holds no lock and no GIL while waiting; raises what
        training raised, CannotShip if the worker died, TimeoutError after ``timeout`` seconds
        in a worker (the time queued behind other students' ticks is not counted)."""
        if timeout is None:
            self._done.wait()
        while timeout is not None and not self._done.wait(min(timeout, 1.0)):
            if self.started_at is not None and time.perf_counter() - self.started_at > timeout:
                raise TimeoutError(f"no result from the training worker within {timeout} s")
        if self._error is not None:
            raise self._error
        if self.cancelled or self._reply is None:
            return None
        ticket, status, value = pickle.loads(self._reply)
        self._reply = None
        if status == "error":
            raise value
        if status != "ok" or ticket != self.id:
            return None
        if self.past is not None:
            _with_past(self.past, value.trainer)
        return value

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def settled(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the tick to end (a result, an error, or cancelled)."""
        return self._done.wait(seconds)

    def _finish(self, reply: bytes | None = None, error: BaseException | None = None) -> None:
        self._reply, self._error = reply, error
        self.finished_at = time.perf_counter()
        self._done.set()


class TrainPool:
    """``workers`` worker processes and one dispatcher thread each (see the module docstring)."""

    def __init__(self, workers: int = DEFAULT_WORKERS):
        if workers < 1:
            raise ValueError(f"a pool needs at least one worker, got {workers}")
        self._queue: queue.Queue = queue.Queue()
        self._ids = [itertools.count(1) for _ in range(workers)]   # a worker cancels ids <= the one sent
        self._fds = threading.Lock()        # a cancel never writes to a pipe being closed
        self._closed = False
        self.workers = workers
        self._procs: list = [None] * workers
        self._conns: list = [None] * workers
        self._cancels: list = [None] * workers
        for slot in range(workers):
            self._start(slot)
            threading.Thread(target=self._dispatch, args=(slot,), daemon=True,
                             name=f"train-pool-{slot}").start()

    def _start(self, slot: int) -> None:
        """Start worker ``slot``: ``python -m ui.train_pool`` with three pipes of its own."""
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        can_r, can_w = os.pipe()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
        try:
            proc = subprocess.Popen([sys.executable, "-m", "ui.train_worker", str(req_r), str(rep_w), str(can_r)],
                                    cwd=ROOT, env=env, pass_fds=(req_r, rep_w, can_r), stdin=subprocess.DEVNULL)
        finally:
            for fd in (req_r, rep_w, can_r):
                os.close(fd)
        self._procs[slot] = proc
        self._conns[slot] = (Connection(req_w, readable=False), Connection(rep_r, writable=False))
        self._cancels[slot] = can_w

    def _send_cancel(self, slot: int, ticket: int) -> None:
        with self._fds:
            if self._cancels[slot] is None:
                return                             # the worker is gone: nothing to cancel
            try:
                os.write(self._cancels[slot], int(ticket).to_bytes(8, "little"))
            except OSError:
                pass

    def submit(self, trainer, seconds: float) -> Tick:
        """Queue a tick of ``seconds`` of training (``math.inf``: to the end) on a copy of ``trainer``."""
        if self._closed:
            raise CannotShip("the training pool is closed")
        sent, lean = _without_past(trainer)
        try:
            payload = dumps(sent)
        except Exception as error:             # pickle raises several kinds
            raise CannotShip(f"the trainer does not pickle: {error}") from error
        if len(payload) > MAX_SHIP_BYTES:
            raise CannotShip(f"the trainer pickles to {len(payload) >> 20} MB, above "
                             f"{MAX_SHIP_BYTES >> 20} MB")
        tick = Tick(self, trainer, payload, float(seconds))
        tick.past = (list(trainer.history), list(trainer.snapshots)) if lean else None   # as sent
        self._queue.put(tick)
        return tick

    def _dispatch(self, slot: int) -> None:
        while True:
            tick = payload = None               # while waiting, hold no trainer or its bytes
            tick = self._queue.get()
            if tick is None:
                return
            with tick._lock:                     # cancel() now either sees the slot or came first
                if tick.cancelled:
                    continue
                tick.slot, tick.id, tick.started_at = slot, next(self._ids[slot]), time.perf_counter()
            (send, receive), payload, tick.payload = self._conns[slot], tick.payload, None
            try:
                send.send((tick.id, tick.seconds, payload, tick.past is not None))
                tick._finish(receive.recv_bytes())
            except Exception as error:   # the worker died (killed, out of memory), or close()
                tick._finish(error=CannotShip(f"the training worker stopped: {error!r}"))
                if self._closed:
                    return
                self._stop(slot)
                self._start(slot)

    @property
    def alive(self) -> bool:
        return not self._closed and all(p is not None and p.poll() is None for p in self._procs)

    def pids(self) -> list[int]:
        return [p.pid for p in self._procs if p is not None]

    def _stop(self, slot: int) -> None:
        proc, conns = self._procs[slot], self._conns[slot]
        for conn in conns:
            conn.close()
        with self._fds:
            if self._cancels[slot] is not None:
                os.close(self._cancels[slot])
            self._cancels[slot] = None
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()

    def close(self) -> None:
        """Stop the workers and their threads (ticks in flight end with CannotShip)."""
        if self._closed:
            return
        self._closed = True
        for slot in range(self.workers):
            self._queue.put(None)
            self._stop(slot)


# The shared pool is kept in a module of its own in ``sys.modules``, not in this one: while
# developing (``server.fileWatcherType = "auto"``) every save re-imports the app's modules, and a
# pool per import would leave two more workers running each time.
_HOLDER = "_lstm_explainer_train_pool"


def _holder() -> types.ModuleType:
    holder = sys.modules.get(_HOLDER)
    if holder is None:
        holder = types.ModuleType(_HOLDER)
        holder.pool, holder.failed, holder.lock = None, False, threading.Lock()
        holder = sys.modules.setdefault(_HOLDER, holder)
    return holder


def worker_count() -> int:
    """Workers of the shared pool: ``$LSTM_EXPLAINER_TRAIN_WORKERS`` or one per core up to
    ``DEFAULT_WORKERS``; 0 = train in process."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw:
        try:
            return max(0, int(raw))
        except ValueError:
            pass
    return min(DEFAULT_WORKERS, os.cpu_count() or 1)


def shared() -> TrainPool | None:
    """The server's pool, started at the first call; None when disabled or it can't start.
    A pool started by an earlier import of this module (a code reload) is closed and replaced:
    its classes (``CannotShip``, ``Tick``) are not this import's."""
    holder = _holder()
    pool = holder.pool
    if (pool is not None and type(pool) is TrainPool) or holder.failed:
        return pool
    with holder.lock:
        if holder.pool is not None and type(holder.pool) is not TrainPool:
            holder.pool.close()
            holder.pool = None
        if holder.pool is None and not holder.failed:
            n = worker_count()
            try:
                holder.pool = TrainPool(n) if n > 0 else None
            except Exception:                           # no /dev/shm, no processes allowed ...
                holder.pool = None
            if holder.pool is None:
                holder.failed = True
            else:
                atexit.register(holder.pool.close)
    return holder.pool
