"""Forecast quality on every shipped series, random seeds 0-4, beside the baselines and classical methods.

- one-step: test RMSE on the last third, for ``TrainConfig`` defaults and ``FORECAST_CONFIG``
  (both fitted to the series by ``settings_for``), next to persistence, seasonal naive,
  SARIMA and Holt-Winters, each fitted on the first two thirds and predicting one period
  from the actual past. For the passengers also the tutorials' raw min-max setup, as before.
- 12-step backtest: train on all but the last 12 periods, forecast those 12 recursively from
  their start (``FORECAST_CONFIG`` and the ``TrainConfig`` defaults, fitted to the series);
  RMSE and MAPE, next to the same classical methods forecasting 12 periods at once. The
  median of seeds is what the training page's backtest table shows (its seeds: the
  model's and the next four).

Run:  python benchmarks/bench_forecast.py [--dtype float32|float64] [series ...]
(all four: about ten minutes in float64). ``--dtype`` trains every LSTM in that dtype
(``TrainConfig.dtype``); without it each config keeps its own (``FORECAST_CONFIG``'s and
``TrainConfig()``'s).
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lstm_core.baselines import rmse  # noqa: E402
from lstm_core.classical import classical_one_step  # noqa: E402
from lstm_core.forecast import (BACKTEST_HORIZON, FORECAST_CONFIG, backtest,  # noqa: E402
                                make_trainer, settings_for)
from lstm_core.series import SHIPPED_SERIES, load_series  # noqa: E402
from lstm_core.train import TrainConfig  # noqa: E402

SEEDS = range(5)
NAMES = {"persistence": "persistence", "seasonal_naive": "seasonal naive",
         "sarima": "SARIMA(0,1,1)(0,1,1)", "holt_winters": "Holt-Winters mult."}


def describe(cfg: TrainConfig) -> str:
    lags = "+".join(map(str, cfg.lags)) or "none"
    return (f"{'log' if cfg.log else 'raw'}, lags {lags}, look-back {cfg.look_back}, "
            f"H {cfg.hidden_size}, {cfg.epochs} epochs, lr {cfg.learning_rate}, {cfg.dtype}")


def one_step(series, cfg: TrainConfig, label: str) -> None:
    rmses, t0 = [], time.perf_counter()
    for seed in SEEDS:
        tr = make_trainer(series, replace(cfg, seed=seed))
        tr.run()
        rmses.append(tr.evaluate().test_rmse)
    per_run = (time.perf_counter() - t0) / len(SEEDS)
    print(f"  LSTM {label:21s} RMSE seeds 0-4: " + " ".join(f"{r:7.2f}" for r in rmses)
          + f"   ({describe(cfg)}; {per_run:.1f} s per run)")


def main(keys, dtype=None) -> None:
    for key in keys:
        s = load_series(key)
        summary = s.summary()
        print(f"\n== {s.name}: {len(s)} {summary['freq']} values {summary['first']}..{summary['last']}, "
              f"season {s.season_length} ==")
        cfg = settings_for(s, TrainConfig())
        bt_cfg = settings_for(s, FORECAST_CONFIG)
        if dtype:
            cfg, bt_cfg = replace(cfg, dtype=dtype), replace(bt_cfg, dtype=dtype)
        n_train = int(len(s) * cfg.train_fraction)
        y = s.values
        print(f"one-step test RMSE, periods {n_train + 1}-{len(s)} (fitted on the first {n_train}):")
        for name, pred in classical_one_step(y, n_train, s.season_length).items():
            print(f"  {NAMES[name]:27s} {rmse(pred, y[n_train:]):7.2f}")
        one_step(s, cfg, "TrainConfig()")
        one_step(s, bt_cfg, "FORECAST_CONFIG")
        if key == "passengers":
            one_step(s, replace(cfg, log=False, lags=()), "raw min-max (seeds)")
        for k, (label, bcfg) in enumerate((("FORECAST_CONFIG", bt_cfg), ("TrainConfig()", cfg))):
            t0 = time.perf_counter()
            b = backtest(s, bcfg, seeds=SEEDS, horizon=BACKTEST_HORIZON)
            per_run = (time.perf_counter() - t0) / len(SEEDS)
            scores = b.scores()
            if k == 0:
                print(f"{BACKTEST_HORIZON}-step backtest RMSE (MAPE %), last {BACKTEST_HORIZON} periods "
                      f"forecast from the {b.start} before:")
                for name in b.classical:
                    sc = scores[name]
                    print(f"  {NAMES[name]:27s} {sc['rmse']:7.2f} ({sc['mape']:5.2f})")
            lstm = [scores[f"lstm_seed_{k}"] for k in SEEDS]
            print(f"  LSTM {label:21s} RMSE seeds 0-4: " +
                  " ".join(f"{sc['rmse']:7.2f}" for sc in lstm) +
                  f"  median of seeds {scores['lstm_median']['rmse']:.2f} (the training page's row)")
            print("                            MAPE seeds 0-4: " +
                  " ".join(f"{sc['mape']:7.2f}" for sc in lstm) +
                  f"   ({describe(bcfg)}; {per_run:.1f} s per run)")


if __name__ == "__main__":
    args, dtype = sys.argv[1:], None
    if args[:1] == ["--dtype"]:
        if len(args) < 2 or args[1] not in ("float32", "float64"):
            sys.exit("--dtype takes float32 or float64")
        dtype, args = args[1], args[2:]
    args = args or list(SHIPPED_SERIES)
    unknown = set(args) - set(SHIPPED_SERIES)
    if unknown:
        sys.exit(f"unknown series {sorted(unknown)}: choose from {SHIPPED_SERIES}")
    main(args, dtype)
