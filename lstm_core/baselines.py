"""Forecasts that need no learning, to tell whether the LSTM is any good."""
from __future__ import annotations

import numpy as np


def rmse(pred, actual) -> float:
    """Root mean squared error of two (K,) arrays."""
    pred, actual = np.asarray(pred, dtype=float), np.asarray(actual, dtype=float)
    return float(np.sqrt(np.mean((pred - actual) ** 2)))


def seasonal_naive(y: np.ndarray, t: np.ndarray, period: int = 12) -> np.ndarray:
    """Same month last year: the forecast for month t is y[t - period]. Returns (K,)."""
    t = np.asarray(t, dtype=int)
    if np.any(t < period):
        raise ValueError(f"seasonal-naive needs months t >= {period}, got {t.min()}")
    return np.asarray(y, dtype=float)[t - period]


def persistence(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Last month again: the forecast for month t is y[t - 1]. Returns (K,)."""
    return seasonal_naive(y, t, period=1)


def baseline_rmses(y: np.ndarray, n_train: int) -> dict[str, float]:
    """Test RMSE (passengers) of both baselines on the months from ``n_train`` on."""
    y = np.asarray(y, dtype=float)
    t = np.arange(n_train, len(y))
    return {"seasonal_naive": rmse(seasonal_naive(y, t), y[t]),
            "persistence": rmse(persistence(y, t), y[t])}
