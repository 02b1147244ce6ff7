"""A training worker process of the app's own: ``python -m ui.train_worker REQUESTS REPLIES CANCELS``.

``ui.train_pool`` starts these and sends them ticks; a worker trains each for its time and
sends the trainer back (the protocol is in ``serve``). It keeps nothing between ticks, runs
at ``NICE`` (the server's clicks and drawing come first), ignores Ctrl-C (the server's), and
exits when the server closes its pipe or is gone. After ``IDLE_TRIM`` seconds without a tick
it gives its freed memory back to the OS.
"""
from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import time
from multiprocessing.connection import Connection

from ui import memory
from ui.pickle_local import dumps
from ui.train_pool import TickResult

NICE = 10                    # workers yield the CPU to the server's own threads (steps, Stop)
IDLE_TRIM = 5.0              # seconds without a tick after which a worker returns freed memory to the OS


def _train(trainer, seconds: float, cancelled, cap: bool = True) -> tuple[list, float]:
    """Step ``trainer`` for ``seconds`` (at least one epoch) or until done or ``cancelled()``;
    then bound its history (``cap``; a trainer sent without its past is bounded by the server)."""
    from ui.live_state import cap_history

    reports, stepped, start = [], 0.0, time.perf_counter()
    while not trainer.done and not cancelled():
        before = time.perf_counter()
        reports.append(trainer.step())
        now = time.perf_counter()
        stepped += now - before
        if now - start >= seconds:
            break
    if cap:
        cap_history(trainer)
    return reports, stepped


def _portable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling, else a RuntimeError with its text."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def serve(requests: int, replies: int, cancels: int) -> None:
    """A worker's loop (``python -m ui.train_worker``): receive (ticket, seconds, pickled
    trainer) on ``requests``, train, send the pickled result on ``replies``. Ticket numbers
    written to ``cancels`` end that ticket before its next epoch. Returns when the server
    closes its end (it exited, or died)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C stops the server; we follow it
    try:
        os.nice(NICE)                                   # clicks and drawing come first
    except OSError:
        pass
    inbox, outbox = Connection(requests, writable=False), Connection(replies, readable=False)
    os.set_blocking(cancels, False)
    dropped, server = [0], os.getppid()

    def cancelled(ticket: int) -> bool:
        if os.getppid() != server:                     # the server died mid-tick: stop now
            os._exit(0)
        try:
            data = os.read(cancels, 8 * 64)
        except BlockingIOError:
            data = b""
        for k in range(0, len(data) - 7, 8):
            dropped[0] = max(dropped[0], int.from_bytes(data[k:k + 8], "little"))
        return dropped[0] >= ticket

    trimmed = True
    while True:
        try:
            if not trimmed and not inbox.poll(IDLE_TRIM):   # no tick for a while: a class ended?
                gc.collect()                                # give the memory of its trainers back
                memory.release_freed_memory()
                trimmed = True
            ticket, seconds, payload, lean = inbox.recv()
        except (EOFError, OSError):
            return
        trimmed = False
        start = time.perf_counter()
        try:
            trainer = pickle.loads(payload)
            reports, stepped = _train(trainer, seconds, lambda: cancelled(ticket), cap=not lean)
            if cancelled(ticket):
                reply = (ticket, "cancelled", None)
            else:
                reply = (ticket, "ok", TickResult(trainer, reports, stepped, time.perf_counter() - start))
            data = dumps(reply)
        except Exception as error:                     # the session raises it, as if in process
            data = dumps((ticket, "error", _portable(error)))
        try:
            outbox.send_bytes(data)
        except OSError:
            return
        trainer = reports = reply = data = payload = None    # nothing of a tick outlives it


if __name__ == "__main__":
    serve(*(int(a) for a in sys.argv[1:4]))
