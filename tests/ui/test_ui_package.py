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
