"""Keep freed NumPy buffers in the process heap instead of returning them to the OS.

Every epoch allocates a dozen arrays of about 1 MB (gates, cell states, their gradients).
glibc serves blocks that large with a fresh ``mmap`` and unmaps them on free, so the next
epoch page-faults on every first write (what that costs: ``ui/__init__.py``). Raising the mmap
and trim thresholds lets glibc reuse the same memory. This changes speed only, never results,
and does nothing on a C library other than glibc. It changes the whole process, so the app
calls it once (``ui/__init__.py``); the engine never does.
"""
import ctypes
import ctypes.util
import time

M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3


def keep_freed_memory(mmap_threshold: int = 256 << 20, trim_threshold: int = 512 << 20) -> bool:
    """Raise glibc's thresholds; returns False where mallopt is unavailable."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, mmap_threshold)
                and mallopt(M_TRIM_THRESHOLD, trim_threshold)
                and mallopt(M_TOP_PAD, 64 << 20))


def release_freed_memory() -> bool:
    """Give the heap's free memory back to the OS now (glibc's ``malloc_trim(0)``): with the
    thresholds above glibc keeps everything freed, so a server's RSS would stay at its peak
    after a class. False where malloc_trim is unavailable."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.malloc_trim(0))
    except (OSError, AttributeError):
        return False


_TRIMMER: list = []


class Trimmer:
    """One round every ``every`` seconds (``round``): ``sweep(now)`` (``ui.session_memory.
    sweep_server``: frees what ended sessions hold, returns what it released), then, when there
    may be something to give back (at start, after training, after a sweep released a session)
    and ``idle()`` (no training under way, whose epochs would fault the pages back in),
    ``collect()``: a full garbage collection and ``release_freed_memory``. Not every round: a
    full collection of a class's heap holds the GIL for 0.1-0.2 s. The collection matters: with
    ``runner.postScriptGC = false`` an ended session's reference cycles wait for Python's
    generational GC, which a quiet server never triggers. An error in ``sweep`` is logged."""

    def __init__(self, idle, sweep=None, collect=None):
        import gc

        self.idle, self.sweep = idle, sweep
        self.collect = collect or (lambda: (gc.collect(), release_freed_memory()))
        self.pending = True

    def round(self, now: float) -> bool:
        """One round; True when it collected."""
        try:
            if self.sweep is not None and self.sweep(now):
                self.pending = True
        except Exception:   # noqa: BLE001 - the thread must outlive one bad sweep
            import logging
            logging.getLogger(__name__).exception("sweeping ended sessions failed")
        if not self.idle():
            self.pending = True
            return False
        if not self.pending:
            return False
        self.collect()
        self.pending = False
        return True


def start_trimmer(every: float, idle, sweep=None) -> None:
    """Once per process: a daemon thread running a ``Trimmer`` round every ``every`` seconds
    (ctypes releases the GIL while glibc trims)."""
    import threading

    if _TRIMMER:
        return
    trimmer = Trimmer(idle, sweep)

    def loop() -> None:
        while True:
            time.sleep(every)
            trimmer.round(time.monotonic())

    _TRIMMER.append(threading.Thread(target=loop, name="malloc-trim", daemon=True))
    _TRIMMER[0].start()
