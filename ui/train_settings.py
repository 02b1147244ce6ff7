"""The training page's controls (widget keys ``train.*``) and the TrainConfig they show.

``CONTROLS`` lists the values each control can show. Anything that writes a control's
key from elsewhere (a restored file, "continue with the old settings", an old session)
is checked against it first: a value outside a slider's range raises
``StreamlitValueAboveMaxError`` on every rerun and leaves the session stuck until a
reload, which loses the trained model.
"""
from __future__ import annotations

from dataclasses import replace
from typing import MutableMapping

import numpy as np

from lstm_core import TrainConfig
from lstm_core.forecast import FORECAST_CONFIG

LEARNING_RATES = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2, 0.5, 1.0)
EPOCHS = (10, 20, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000)
CLIP_NORMS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)
# Preprocessing choices -> (log, differencing lags). "raw" is the tutorials' min-max on the counts;
# "raw_d12" is FORECAST_CONFIG's (the page's default). A lag of 12 stands for the series' season length
# (``ui.series_picker.fit``), so every choice works for any series with a season.
PREPROCESSING = {"raw": (False, ()), "raw_d12": (False, (12,)), "log": (True, ()),
                 "log_d12": (True, (12,)), "log_d1_12": (True, (1, 12))}
MAX_HIDDEN, MAX_LOOK_BACK, MAX_LAYERS, MAX_SEED = 64, 24, 3, 9999
FORGET_BIAS = (-3.0, 5.0, 0.5)                    # the slider's min, max and step
TRAIN_PCT = (50, 90)

# What each control can show: a range of whole numbers, or a tuple of options.
CONTROLS = {
    "train.hidden": range(1, MAX_HIDDEN + 1),
    "train.look_back": range(1, MAX_LOOK_BACK + 1),
    "train.layers": range(1, MAX_LAYERS + 1),
    "train.forget_bias": tuple(float(v) for v in np.arange(FORGET_BIAS[0], FORGET_BIAS[1] + 0.01, FORGET_BIAS[2])),
    "train.lr": LEARNING_RATES,
    "train.epochs": EPOCHS,
    "train.optimizer": ("adam", "sgd"),
    "train.clip": (False, True),
    "train.clip_norm": CLIP_NORMS,
    "train.prep": tuple(PREPROCESSING),
    "train.train_pct": range(TRAIN_PCT[0], TRAIN_PCT[1] + 1),
    "train.seed": range(0, MAX_SEED + 1),
    "train.bptt": (False, True),
}


def allowed(key: str, value) -> bool:
    """Whether control ``key`` can show ``value`` (type included: True is not 1)."""
    values = CONTROLS[key]
    if isinstance(values, range):
        return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value in values
    kind = type(values[0])
    if kind is float:
        return isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and value in values
    return isinstance(value, kind) and value in values


def as_text(value) -> str:
    """A control's value as a message shows it: numbers with ``:g`` (99.0 -> 99)."""
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return f"{value:g}"
    return str(value)


def shown_range(key: str) -> tuple[str, str]:
    """The first and last value control ``key`` can show, as text."""
    values = CONTROLS[key]
    return as_text(values[0]), as_text(values[-1])


def widget_values(cfg: TrainConfig) -> dict:
    """The control values that show ``cfg`` (``train.prep`` None if no choice matches)."""
    prep = next((k for k, v in PREPROCESSING.items() if v == (cfg.log, tuple(cfg.lags))), None)
    return {"train.lr": cfg.learning_rate, "train.epochs": cfg.epochs, "train.hidden": cfg.hidden_size,
            "train.look_back": cfg.look_back, "train.layers": cfg.num_layers,
            "train.optimizer": cfg.optimizer, "train.clip": cfg.clip_norm is not None,
            "train.clip_norm": cfg.clip_norm if cfg.clip_norm is not None else 1.0,
            "train.train_pct": int(round(cfg.train_fraction * 100)), "train.seed": cfg.seed,
            "train.forget_bias": cfg.forget_bias, "train.prep": prep, "train.bptt": cfg.through_time}


# The page opens with FORECAST_CONFIG: it forecasts one step and 12 steps better than
# TrainConfig()'s log + lags 1, 12 (lstm_core/forecast.py, benchmarks/bench_forecast.py).
DEFAULTS = widget_values(FORECAST_CONFIG)


def widget_problem(cfg: TrainConfig) -> tuple[str, object] | None:
    """(key, value) of the first setting of ``cfg`` (the epochs aside: a restored model
    keeps the page's) that its control can't show, or None when every one fits."""
    for key, value in widget_values(cfg).items():
        if key != "train.epochs" and not allowed(key, value):
            return key, value
    if abs(cfg.train_fraction * 100 - round(cfg.train_fraction * 100)) > 1e-9:
        return "train.train_pct", cfg.train_fraction * 100
    return None


def repair(state: MutableMapping) -> list[str]:
    """Put every control value in ``state`` that its control can't show back to its
    default; returns the keys repaired (none, unless something bypassed the checks)."""
    bad = [key for key in CONTROLS if key in state and not allowed(key, state[key])]
    for key in bad:
        state[key] = DEFAULTS[key]
    return bad


def read_settings(state: MutableMapping) -> TrainConfig:
    """The TrainConfig the controls show (read from ``state``: callbacks use it too)."""
    v = {k: state.get(k, d) for k, d in DEFAULTS.items()}
    log, lags = PREPROCESSING[v["train.prep"]]
    return TrainConfig(hidden_size=int(v["train.hidden"]), look_back=int(v["train.look_back"]),
                       num_layers=int(v["train.layers"]), learning_rate=float(v["train.lr"]),
                       epochs=int(v["train.epochs"]), optimizer=v["train.optimizer"],
                       clip_norm=float(v["train.clip_norm"]) if v["train.clip"] else None,
                       train_fraction=v["train.train_pct"] / 100, seed=int(v["train.seed"]),
                       forget_bias=float(v["train.forget_bias"]), log=log, lags=lags,
                       through_time=bool(v["train.bptt"]), dtype=FORECAST_CONFIG.dtype)


def same_model(a: TrainConfig, b: TrainConfig) -> bool:
    """Equal up to the number of epochs (which only moves the finish line) and the float type
    (a weights file saved in float64 trains on in float64; the page's own runs are float32)."""
    return (replace(a, epochs=1, snapshot_every=None, dtype="float64")
            == replace(b, epochs=1, snapshot_every=None, dtype="float64"))
