"""Cell page: how long a rerun takes when the user moves t (H = 32, T = 144).

Run:  python benchmarks/bench_cell_page.py [--profile]

AppTest runs the whole page script for every widget change (in the browser only the
timeline fragment reruns, which is cheaper), so this is an upper bound. The forward pass
and the charts are cached: moving t must cost only drawing. Prints the median and best
wall time of 15 moves, and the median CPU time of this process per move (the script runs
in a thread of it), which a busy machine disturbs less than the wall time.
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import run_app  # noqa: E402

H, T, MOVES = 32, 144, 15


def setup():
    """The page with random weights, H = 32, on all 144 months of passengers."""
    at = run_app("pages/1_Cell.py", timeout=60)
    at.radio(key="cell.input").set_value("passengers").run()
    at.slider(key="cell.hidden").set_value(H).run()
    at.select_slider(key="cell.months").set_range("1949-01", "1960-12").run()
    assert not at.exception, at.exception
    assert at.slider(key="cell.t").max == T - 1
    return at


def main(profile: bool = False) -> None:
    at = setup()
    times, cpu = [], []
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    for k in range(MOVES):
        t0, c0 = time.perf_counter(), time.process_time()
        at.slider(key="cell.t").set_value((7 * k + 3) % T).run()
        times.append(1000 * (time.perf_counter() - t0))
        cpu.append(1000 * (time.process_time() - c0))
        assert not at.exception, at.exception
    if profiler:
        profiler.disable()
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    print(f"cell page, move t (H={H}, T={T}): median {statistics.median(times):.0f} ms, "
          f"best {min(times):.0f} ms over {MOVES} moves; CPU {statistics.median(cpu):.0f} ms per move; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main(profile="--profile" in sys.argv)
