"""Engine speed: epochs/s of full-batch Adam training and the time of one forward pass.

Run:  python benchmarks/bench_engine.py
If PyTorch is importable (it is not a requirement), the same epoch in ``torch.nn.LSTM`` on one
thread is timed too, in float32 and float64, and the ratio ours / torch printed.
The process is set up as the app's is (``import ui``): BLAS on one thread (small matmuls
are slower with threads, and a classroom laptop shares its cores with the browser) and
freed memory kept in the heap (``ui/memory.py``).
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import ui  # noqa: E402,F401  (the app's process settings)
import lstm_core as lc  # noqa: E402


def best_rate(fn, seconds: float = 1.5, repeats: int = 3) -> float:
    """Calls per second: the best of ``repeats`` runs of about ``seconds`` each."""
    fn()
    best = 0.0
    for _ in range(repeats):
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            fn()
            n += 1
        best = max(best, n / (time.perf_counter() - t0))
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


def compare_with_torch(rates: dict) -> None:
    try:
        import torch
    except ImportError:
        print("PyTorch not importable: no comparison (pip install torch to see it)")
        return
    print(f"the same epoch in torch {torch.__version__} (1 thread); ratio = ours / torch")
    for (hidden, look_back), ours in rates.items():
        line = f"  H={hidden:3d} L={look_back:2d}:"
        for dtype in ("float32", "float64"):
            theirs = best_rate(torch_step_fn(hidden, look_back, dtype))
            line += f"  {dtype} {theirs:7.0f} epochs/s (ratio {ours / theirs:4.2f})"
        print(line)


def main() -> None:
    print(f"numpy {np.__version__}, BLAS threads 1, freed memory kept in the heap (as in the app)")
    print("full-batch Adam training on the passenger windows (forward, exact BPTT, readout, step)")
    rates = {}
    for hidden, look_back in [(8, 12), (32, 12), (64, 24)]:
        step, shape = train_step_fn(hidden, look_back)
        rates[hidden, look_back] = best_rate(step)
        print(f"  H={hidden:3d} L={look_back:2d} windows {shape[1]:3d}: "
              f"{rates[hidden, look_back]:7.0f} epochs/s")
    compare_with_torch(rates)
    for label, cell, options in [("GRU", "gru", {}), ("LSTM variant CIFG", "lstm", {"variant": "cifg"}),
                                 ("LSTM variant PH", "lstm", {"variant": "ph"})]:
        step, shape = train_step_fn(32, 12, cell, **options)
        print(f"  {label:17s} H= 32 L=12: {best_rate(step):7.0f} epochs/s")
    print("Trainer.step() with the default TrainConfig (adds test loss, RMSEs, clipping)")
    trainer = lc.Trainer(lc.TrainConfig(epochs=10 ** 9))
    print(f"  {best_rate(trainer.step):7.0f} epochs/s")
    params = lc.init_params(1, 64, seed=0)
    x = np.sin(np.linspace(0, 12, 144))[:, None]
    rate = best_rate(lambda: lc.forward(params, x))
    print(f"one forward, T=144, H=64, one sequence: {1e3 / rate:.3f} ms")


if __name__ == "__main__":
    main()
