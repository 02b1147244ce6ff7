"""Forecasts that need no learning, to tell whether the LSTM is any good, and the scores."""
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


def mape(pred, actual) -> float:
    """Mean absolute percentage error, in percent, of two (K,) arrays: 100 · mean |e / y|.

    Undefined (NaN) when some actual value is 0."""
    pred, actual = np.asarray(pred, dtype=float), np.asarray(actual, dtype=float)
    if np.any(actual == 0):
        return float("nan")
    return float(100.0 * np.mean(np.abs((pred - actual) / actual)))


def seasonal_naive_ahead(history: np.ndarray, k: int, period: int | None = 12) -> np.ndarray:
    """Forecast the k periods after ``history`` (N,): each is the value at the same position
    in the last season, ŷ_{N-1+h} = y_{N-1+h-s·ceil(h/s)} for h = 1..k. (k,)

    ``period=1`` (or None, no season) is persistence: the last value repeated.
    """
    y = np.asarray(history, dtype=float)
    s = 1 if period is None else int(period)
    if len(y) < s:
        raise ValueError(f"seasonal-naive needs at least one season ({s} values), got {len(y)}")
    h = np.arange(1, k + 1)
    return y[len(y) - s + (h - 1) % s]


def baseline_rmses(y: np.ndarray, n_train: int, period: int | None = 12) -> dict[str, float]:
    """Test RMSE (in the series' units) of both baselines, one step ahead, on the periods
    from ``n_train`` on. Seasonal-naive is NaN for a series without a season (period None)."""
    y = np.asarray(y, dtype=float)
    t = np.arange(n_train, len(y))
    naive = rmse(seasonal_naive(y, t, period), y[t]) if period is not None else float("nan")
    return {"seasonal_naive": naive, "persistence": rmse(persistence(y, t), y[t])}
