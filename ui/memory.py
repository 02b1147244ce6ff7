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
