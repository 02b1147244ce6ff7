"""Forecast quality: one-step-ahead test RMSE (passengers) of the default TrainConfig for
seeds 0-4, next to the seeds' raw min-max setup and the no-learning baselines.

Run:  python benchmarks/bench_forecast.py      (about a minute)
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import lstm_core as lc  # noqa: E402


def main() -> None:
    default = lc.TrainConfig()
    setups = {"default (log, lags 1+12)": default,
              "raw min-max (seeds 000/003)": replace(default, log=False, lags=())}
    trainer = lc.Trainer(default)
    for name, rmse in trainer.baselines.items():
        print(f"{name:28s} test RMSE {rmse:6.2f}")
    for name, cfg in setups.items():
        rmses, t0 = [], time.perf_counter()
        for seed in range(5):
            tr = lc.Trainer(replace(cfg, seed=seed))
            tr.run()
            rmses.append(tr.evaluate().test_rmse)
        per_run = (time.perf_counter() - t0) / 5
        print(f"{name:28s} test RMSE seeds 0-4: " + " ".join(f"{r:6.2f}" for r in rmses)
              + f"   ({cfg.epochs} epochs in {per_run:.2f} s per run)")


if __name__ == "__main__":
    main()
