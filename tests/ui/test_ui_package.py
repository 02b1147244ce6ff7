"""Importing ``ui`` (every page does) limits BLAS to one thread in the app's process."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def blas_threads_after(code: str) -> list[int]:
    """BLAS thread counts in a fresh interpreter after running ``code`` (nothing loaded before)."""
    script = code + ("\nimport json\nfrom threadpoolctl import threadpool_info\n"
                     "print(json.dumps([i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas']))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_ui_first_limits_blas_to_one_thread():
    """As on the home page: ``app.py`` imports ``ui`` before anything loads NumPy."""
    assert blas_threads_after("import ui\nimport numpy") == [1]


def test_importing_ui_after_numpy_limits_blas_to_one_thread():
    """As on a page that imports NumPy first."""
    assert blas_threads_after("import numpy\nimport ui") == [1]


# A 64 MB block is above glibc's largest dynamic mmap threshold (32 MB): with the default
# settings malloc always maps it apart; only raised thresholds put it in the [heap].
IN_HEAP = """
import numpy as np
a = np.empty(8 << 20)                              # 64 MB, pages not touched
start, end = next(tuple(int(v, 16) for v in line.split()[0].split("-"))
                  for line in open("/proc/self/maps") if line.rstrip().endswith("[heap]"))
print(start <= a.ctypes.data < end)
"""


def block_in_heap_after(code: str) -> bool:
    out = subprocess.run([sys.executable, "-c", code + IN_HEAP], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120)
    return out.stdout.strip().splitlines()[-1] == "True"


def test_importing_ui_keeps_freed_memory_in_the_heap():
    """The app's process setting: big NumPy buffers are reused instead of mapped anew."""
    assert block_in_heap_after("import ui")


def test_importing_lstm_core_leaves_malloc_alone():
    """The engine is a library: importing it changes no process setting."""
    assert not block_in_heap_after("import lstm_core")


RELEASE = """
import numpy as np
from ui.memory import release_freed_memory
def rss_mb():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) / 1024
blocks = [np.ones(1 << 17) for _ in range(200)]     # 200 MB of 1 MB blocks, touched, in the heap
del blocks
kept = rss_mb()
release_freed_memory()
print(kept - rss_mb())
"""


def test_release_freed_memory_gives_the_heap_back_after_a_class():
    """With the raised thresholds freed memory stays in the process until trimmed."""
    out = subprocess.run([sys.executable, "-c", "import ui\n" + RELEASE], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120)
    assert float(out.stdout.strip().splitlines()[-1]) > 150
