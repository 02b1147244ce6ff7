"""The "why gates?" page at its largest settings: how long every chart takes to recompute.

Run:  python benchmarks/bench_gates_page.py

Largest settings: T = 500 steps (sequences.MAX_LENGTH), H = 64 units. Times, in ms, the
best of a few repeats, BLAS on one thread (a classroom laptop shares its cores):

1. each computation the page makes after a slider move (``gradient_flow``, ``truncated``,
   ``live_check``), for the plain RNN against the LSTM, and the live check of the slowest
   pair (a GRU against the peephole LSTM);
2. each chart: build the Altair chart and convert it the way ``st.altair_chart`` does
   (Streamlit's own ``_convert_altair_to_vega_lite_spec``: spec plus Arrow datasets); the
   browser's drawing is not included;
3. the whole page in AppTest after a slider move (every computation and chart, nothing
   cached: each run uses a new seed), and the same run again (served from st.cache_data).

The training comparison runs only on a button press; its time is printed last.
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lstm_core import gradient_flow as gf  # noqa: E402
from lstm_core import live_check as lc  # noqa: E402
from lstm_core import truncated as tr  # noqa: E402
from lstm_core import sequences  # noqa: E402
from ui import gates_views as gv  # noqa: E402
from ui.charts import heatmap, magnitude_domain  # noqa: E402
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec as to_spec  # noqa: E402

T_MAX, H_MAX = sequences.MAX_LENGTH, 64
SETTINGS = {  # name -> (x, spectral radius, forget bias)
    "vanishing (sine, rho 0.9, b_f 3)": (sequences.sine(T_MAX), 0.9, 3.0),
    "overflow (step at 451, rho 6)": (sequences.step(T_MAX, at=450), 6.0, 3.0),
}


def best_ms(fn, repeats: int = 3) -> float:
    """Best wall time of ``repeats`` calls, in ms."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return 1e3 * best


def chart_jobs(x, rho, fb):
    """(name, function) pairs, one per computation and per chart the page draws."""
    res = gf.gradient_flow(x, H_MAX, 0, rho, fb)
    rnn, lstm = res["rnn"], res["lstm"]
    cmp = tr.full_vs_truncated(x, H_MAX, 0, fb, "last")
    steps = np.arange(1, T_MAX + 1)
    axes = dict(x_label="t", y_label="unit")
    cols = [f"h{j + 1}" for j in range(H_MAX)] + ["x"]
    return [
        ("compute: gradient_flow", lambda: gf.gradient_flow(x, H_MAX, 0, rho, fb)),
        ("compute: full_vs_truncated", lambda: tr.full_vs_truncated(x, H_MAX, 0, fb, "last")),
        ("compute: live_gradcheck", lambda: lc.live_gradcheck(x, H_MAX, 0, rho, fb)),
        ("chart: norms (log lines)", lambda: to_spec(gv.log_lines(
            {"RNN": rnn.dh_norm, "LSTM": lstm.dh_norm}, "n", x_label="t", y_title="y",
            inf_label="inf", zero_label="0"))),
        ("chart: cell state (log lines)", lambda: to_spec(gv.log_lines(
            {"dc": lstm.dc_norm, "belt": lstm.belt_norm, "prod": lstm.keep_product_mean}, "c",
            x_label="t", y_title="y", inf_label="inf", zero_label="0"))),
        ("chart: 2 magnitude heatmaps", lambda: [to_spec(heatmap(
            v, "h", "magnitude", legend_title="l", domain=magnitude_domain(rnn.dh, lstm.dh),
            x_values=steps, **axes)) for v in (rnn.dh, lstm.dh)]),
        ("chart: 2 signed heatmaps", lambda: [to_spec(heatmap(v, "h", "signed", x_values=steps, **axes))
                                              for v in (rnn.dh, lstm.dh)]),
        ("chart: forget-product heatmap", lambda: to_spec(heatmap(lstm.keep_product, "p", "gate",
                                                                  x_values=steps, **axes))),
        ("chart: gradient pair", lambda: [to_spec(c) for c in gv.gradient_pair(
            cmp.full.W_f, cmp.truncated.W_f, ("a", "b"), x_label="c", y_label="u",
            column_labels=cols, value_label="v")]),
        ("chart: cosine bars", lambda: to_spec(gv.cosine_chart(cmp.cosine, "c", x_label="cos",
                                                               all_label="all", order=gf.PARAM_NAMES))),
    ]


def page_run_ms() -> tuple[float, float]:
    """The whole page in AppTest at T = 500, H = 64: after a slider move (nothing cached),
    and the same settings again (cached)."""
    from tests.helpers import run_app

    at = run_app("pages/3_Why_gates.py", timeout=120)
    at.selectbox(key="gates.input").select("step").run()
    at.slider(key="gates.length").set_value(T_MAX).run()
    at.slider(key="gates.hidden").set_value(H_MAX).run()
    fresh = []
    for seed in (11, 12, 13):
        t0 = time.perf_counter()
        at.number_input(key="gates.seed").set_value(seed).run()
        fresh.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    t0 = time.perf_counter()
    at.number_input(key="gates.seed").set_value(12).run()
    cached = time.perf_counter() - t0
    return 1e3 * min(fresh), 1e3 * cached


def main() -> None:
    print(f"numpy {np.__version__}, BLAS threads 1; T = {T_MAX}, H = {H_MAX}")
    for name, (x, rho, fb) in SETTINGS.items():
        print(f"\n{name}")
        total = charts = 0.0
        for job, fn in chart_jobs(x, rho, fb):
            ms = best_ms(fn)
            if not job.startswith(("(", "chart: 2 signed")):   # the page draws one heatmap mode
                total += ms
                charts += ms if job.startswith("chart") else 0.0
            print(f"  {job:32s} {ms:8.1f} ms")
        print(f"  {'what the page draws, charts':32s} {charts:8.1f} ms")
        print(f"  {'... plus the computations':32s} {total:8.1f} ms")
    x = sequences.step(T_MAX, at=450)
    ms = best_ms(lambda: lc.live_gradcheck(x, H_MAX, 0, 0.9, 3.0, cells=("gru", "ph")), repeats=2)
    print(f"\nlive_gradcheck, GRU against the peephole LSTM: {ms:8.1f} ms")
    fresh, cached = page_run_ms()
    print(f"\nwhole page in AppTest after a slider move (step input, T = {T_MAX}, H = {H_MAX}):")
    print(f"  nothing cached {fresh:8.1f} ms   cached {cached:8.1f} ms")
    print("\ntraining comparison (button), 300 epochs, both runs:")
    for task in ("remember_first", "passengers"):
        run = tr.training_comparison(task=task, epochs=300, seed=0)
        print(f"  {task:16s} {run.seconds:6.2f} s   final test MSE full {run.full_test[-1]:.4f}"
              f"  truncated {run.truncated_test[-1]:.4f}")


if __name__ == "__main__":
    main()
