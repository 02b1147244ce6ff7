"""Shared UI helpers that every page imports: translations, session state,
page layout and Altair chart builders.

Importing the package also limits BLAS (OpenBLAS, MKL) to one thread in the app's process.
The engine's matrices are small (H ≤ 64, a few hundred rows), so a second thread never
speeds them up, and on a teacher's laptop the browser draws on the same cores: with
OpenBLAS's default of one thread per core the threads wait for each other, and the
training page trained 3.5x slower at H = 64 (``benchmarks/bench_train_page.py``). Pages may
import NumPy (and load OpenBLAS) before ``ui``, so an environment variable set here could
come too late; ``threadpoolctl`` changes the loaded library, which must therefore be
loaded first: hence the NumPy import.

It also keeps freed NumPy buffers in the heap (``ui/memory.py``): measured in CPU time, 2.1-2.8x
the epochs/s of ``benchmarks/bench_engine.py``'s training loop and 1.1-1.4x on the experiments
page (the training page's ``Trainer`` gains nothing). Here rather than in ``app.py``, which runs
only for the home page; not in ``lstm_core``: a library must not change its process.
"""
import numpy  # noqa: F401  (loads OpenBLAS, so that the limit below reaches it)
from threadpoolctl import threadpool_limits

BLAS_THREADS = 1
threadpool_limits(limits=BLAS_THREADS, user_api="blas")

from ui.memory import keep_freed_memory  # noqa: E402
keep_freed_memory()
