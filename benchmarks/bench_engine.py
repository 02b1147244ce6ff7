"""Engine speed: epochs/s of full-batch Adam training and the time of one forward pass.

Run:  python benchmarks/bench_engine.py
Ours in float64 (``mse_loss_and_grads`` through ``cell.forward``/``backward``, as the float64
trainer runs) and in float32 (the kernel ``TrainConfig(dtype="float32")`` trains with:
``lstm_core/_forecast_fast.py``, weights packed in one buffer, Adam on it).
If PyTorch is importable (it is not a requirement), the same epoch in ``torch.nn.LSTM`` on one
thread is timed too, in float32 and float64, and the ratios ours / torch printed.
The process is set up as the app's is (``import ui``): BLAS on one thread (small matmuls
are slower with threads, and a classroom laptop shares its cores with the browser) and
freed memory kept in the heap (``ui/memory.py``).
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import ui  # noqa: E402,F401  (the app's process settings)
import lstm_core as lc  # noqa: E402


def best_rate(fn, seconds: float = 1.5, repeats: int = 3) -> float:
    """Calls per second: the best of ``repeats`` runs of about ``seconds`` each."""
    return best_rates({"": fn}, seconds, repeats)[""]


def best_rates(fns: dict, seconds: float = 1.5, repeats: int = 3) -> dict:
    """``best_rate`` of several functions, their runs interleaved (A B C A B C ...) so that
    a machine whose load changes slows them alike and their ratios stay fair."""
    for fn in fns.values():
        fn()
    best = dict.fromkeys(fns, 0.0)
    for _ in range(repeats):
        for key, fn in fns.items():
            n, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < seconds:
                fn()
                n += 1
            best[key] = max(best[key], n / (time.perf_counter() - t0))
    return best


def train_step_fn(hidden: int, look_back: int, cell: str = "lstm", **options):
    """One epoch of training exactly as benchmarked: forward, exact BPTT, readout, Adam."""
    data = lc.make_dataset(look_back=look_back, log=False, lags=())
    if cell == "lstm" and not options:
        params = lc.init_forecaster(1, hidden, seed=0)
    else:
        params = lc.init_stack(1, hidden, 1, cell=cell, readout="last", seed=0, **options)
    opt = lc.Adam(1e-3)

    def step():
        _, grads, _, _ = lc.mse_loss_and_grads(params, data.X_train, data.y_train)
        opt.step(params.arrays(), grads.arrays())
    return step, data.X_train.shape


def float32_step_fn(hidden: int, look_back: int):
    """The same epoch on the float32 path: the kernel on packed weights, Adam on their buffer."""
    from lstm_core._forecast_fast import ForecastKernel, pack, shapes_of
    data = lc.make_dataset(look_back=look_back, log=False, lags=())
    params = pack(lc.init_forecaster(1, hidden, seed=0), "float32")
    kernel = ForecastKernel(shapes_of(params), data.X_train, data.y_train, dtype="float32")
    opt = lc.Adam(1e-3)

    def step():
        _, grads, _, _ = kernel.run(params)
        opt.step([params._flat], [grads._flat])
    return step


def torch_step_fn(hidden: int, look_back: int, dtype: str):
    """The same epoch in PyTorch (one LSTM layer, a linear readout at the last step, MSE, Adam)."""
    import torch
    torch.set_num_threads(1)
    data = lc.make_dataset(look_back=look_back, log=False, lags=())
    kind = getattr(torch, dtype)
    X = torch.tensor(data.X_train, dtype=kind)                  # (L, B, 1), time first as ours
    y = torch.tensor(data.y_train, dtype=kind).reshape(-1, 1)   # (B, 1)
    torch.manual_seed(0)
    lstm, readout = torch.nn.LSTM(1, hidden).to(kind), torch.nn.Linear(hidden, 1).to(kind)
    opt = torch.optim.Adam([*lstm.parameters(), *readout.parameters()], lr=1e-3)

    def step():
        opt.zero_grad()
        out, _ = lstm(X)
        loss = torch.mean((readout(out[-1]) - y) ** 2)
        loss.backward()
        opt.step()
    return step


def torch_version() -> str | None:
    try:
        import torch
    except ImportError:
        return None
    return torch.__version__


def main() -> None:
    print(f"numpy {np.__version__}, BLAS threads 1, freed memory kept in the heap (as in the app)")
    print("full-batch Adam training on the passenger windows (forward, exact BPTT, readout, step)")
    version = torch_version()
    if version:
        print(f"beside the same epoch in torch {version} (1 thread), runs interleaved; "
              "ratio = ours / torch float32")
    else:
        print("PyTorch not importable: no comparison (pip install torch to see it)")
    for hidden, look_back in [(8, 12), (32, 12), (64, 24)]:
        step, shape = train_step_fn(hidden, look_back)
        fns = {"float64": step, "float32": float32_step_fn(hidden, look_back)}
        if version:
            fns.update({f"torch {dtype}": torch_step_fn(hidden, look_back, dtype)
                        for dtype in ("float32", "float64")})
        r = best_rates(fns)
        line = (f"  H={hidden:3d} L={look_back:2d} windows {shape[1]:3d}: ours float64 {r['float64']:6.0f}, "
                f"float32 {r['float32']:6.0f} epochs/s")
        if version:
            line += (f" | torch float32 {r['torch float32']:6.0f}, float64 {r['torch float64']:6.0f}"
                     f" | ratio float64 {r['float64'] / r['torch float32']:4.2f}, "
                     f"float32 {r['float32'] / r['torch float32']:4.2f}")
        print(line)
    for label, cell, options in [("GRU", "gru", {}), ("LSTM variant CIFG", "lstm", {"variant": "cifg"}),
                                 ("LSTM variant PH", "lstm", {"variant": "ph"})]:
        step, shape = train_step_fn(32, 12, cell, **options)
        print(f"  {label:17s} H= 32 L=12: {best_rate(step):7.0f} epochs/s")
    print("Trainer.step() (adds test loss, RMSEs, gradient norms, clipping, snapshots)")
    for label, cfg in [("TrainConfig()", lc.TrainConfig()), ("FORECAST_CONFIG", lc.FORECAST_CONFIG)]:
        r = best_rates({dtype: lc.Trainer(replace(cfg, epochs=10 ** 9, dtype=dtype)).step
                        for dtype in ("float64", "float32")})
        print(f"  {label:15s} (H={cfg.hidden_size:2d} L={cfg.look_back:2d}, dtype {cfg.dtype}): "
              f"float64 {r['float64']:6.0f}, float32 {r['float32']:6.0f} epochs/s")
    params = lc.init_params(1, 64, seed=0)
    x = np.sin(np.linspace(0, 12, 144))[:, None]
    rate = best_rate(lambda: lc.forward(params, x))
    print(f"one forward, T=144, H=64, one sequence: {1e3 / rate:.3f} ms")


if __name__ == "__main__":
    main()
