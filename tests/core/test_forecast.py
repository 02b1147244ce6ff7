"""Forecasting past the end: the recursion undoes the preprocessing exactly, a trained model
recovers a known trend and season, the seed spread, the CSV export, the backtest."""
import csv
import io
from dataclasses import replace

import numpy as np
import pytest

from lstm_core.data import make_dataset
from lstm_core.forecast import (FORECAST_CONFIG, MAX_HORIZON, backtest_from, forecast_csv,
                                make_trainer, recursive_forecast, seed_spread)
from lstm_core.model import init_forecaster
from lstm_core.series import Series, SeriesError, load_series
from lstm_core.train import TrainConfig, Trainer


def constant_model(c: float):
    """A forecaster that answers c (scaled) whatever the window: readout weights 0, bias c."""
    params = init_forecaster(1, 3, 1, seed=0)
    params.W_y[:] = 0.0
    params.b_y[:] = c
    return params


def noisy_monthly(n: int = 120, seed: int = 0) -> np.ndarray:
    t = np.arange(n)
    rng = np.random.default_rng(seed)
    return (200 + 2.0 * t) * (1 + 0.15 * np.sin(2 * np.pi * t / 12)) * (1 + 0.01 * rng.normal(size=n))


def test_the_recursion_undoes_log_and_both_differences_exactly():
    """With z = d for every future step, (1-B)(1-B^12) log ŷ = d has a closed form for h <= 12:
    ŷ_{N-1+h} = y_{N-1} · y_{N-1+h-12} / y_{N-13} · exp(h d)."""
    y = noisy_monthly()
    d = make_dataset(y, look_back=12, log=True, lags=(1, 12))
    c = 0.3
    drift = c * (d.prep.hi - d.prep.lo) + d.prep.lo
    h = np.arange(1, 13)
    N = len(y)
    expected = y[N - 1] * y[N - 13 + h] / y[N - 13] * np.exp(h * drift)
    np.testing.assert_allclose(recursive_forecast(constant_model(c), d.prep, 12, y, 12), expected,
                               rtol=1e-12)


def test_the_recursion_with_the_seasonal_difference_only_repeats_last_season_times_growth():
    y = noisy_monthly()
    d = make_dataset(y, look_back=12, log=True, lags=(12,))
    c = 0.7
    growth = np.exp(c * (d.prep.hi - d.prep.lo) + d.prep.lo)          # one year's factor
    out = recursive_forecast(constant_model(c), d.prep, 12, y, 24)
    np.testing.assert_allclose(out[:12], y[-12:] * growth, rtol=1e-12)
    np.testing.assert_allclose(out[12:], y[-12:] * growth ** 2, rtol=1e-12)


def test_one_step_of_the_recursion_is_the_trainers_one_step_prediction():
    tr = Trainer(TrainConfig(epochs=20))
    tr.run()
    ev = tr.evaluate()
    for k in (0, 7, len(ev.t_test) - 1):
        t = ev.t_test[k]
        r = recursive_forecast(tr.params, tr.data.prep, 12, tr.data.y[:t], 1)
        assert r[0] == pytest.approx(ev.pred_test[k], rel=1e-12)


def test_a_trained_model_recovers_a_known_trend_and_season():
    """(200 + 2t)(1 + 0.15 sin(2πt/12)) with 1 % noise, 120 months; forecast the next 24 with
    FORECAST_CONFIG. Measured for seeds 0-4 against the noiseless truth: MAPE 1.27-1.37 %,
    each year's mean within 0.6 %, the within-year pattern (value / year mean) within 0.026
    (last year's noise is carried over by the seasonal difference)."""
    y = noisy_monthly(120)
    t = np.arange(120, 144)
    truth = (200 + 2.0 * t) * (1 + 0.15 * np.sin(2 * np.pi * t / 12))
    tr = make_trainer(Series(y, season_length=12), replace(FORECAST_CONFIG, seed=0))
    tr.run()
    out = recursive_forecast(tr.params, tr.data.prep, tr.data.look_back, y, 24)
    assert np.mean(np.abs(out / truth - 1)) < 0.02                          # MAPE under 2 %
    for year in (slice(0, 12), slice(12, 24)):                              # the trend
        assert out[year].mean() == pytest.approx(truth[year].mean(), rel=0.015)
    pattern, true_pattern = out[:12] / out[:12].mean(), truth[:12] / truth[:12].mean()
    assert np.max(np.abs(pattern - true_pattern)) < 0.035                   # the season
    assert np.ptp(pattern) == pytest.approx(np.ptp(true_pattern), rel=0.1)   # its amplitude


def test_the_seed_spread_orders_min_median_max_and_knows_the_dates():
    s = load_series("passengers")
    d = make_dataset(s, look_back=12, log=True, lags=(12,))
    models = [constant_model(c) for c in (0.2, 0.5, 0.3)]
    f = seed_spread(models, d, 14, seeds=(4, 5, 6), series=s)
    assert f.members.shape == (3, 14) and f.start == 144 and f.seeds == (4, 5, 6)
    np.testing.assert_array_equal(f.median, f.members[2])            # c = 0.3 is the middle
    np.testing.assert_array_equal(f.low, f.members[0])
    np.testing.assert_array_equal(f.high, f.members[1])
    assert f.labels[0] == "1961-01" and f.labels[-1] == "1962-02"
    same = seed_spread([constant_model(0.4)] * 2, d, 3)
    np.testing.assert_array_equal(same.low, same.high)                # no spread: one model twice
    assert same.labels == ("+1", "+2", "+3") and same.dates is None


@pytest.mark.parametrize("k", [0, MAX_HORIZON + 1, 2.5])
def test_the_horizon_is_one_to_36_periods(k):
    d = make_dataset(look_back=12, lags=(12,))
    with pytest.raises(ValueError, match="between 1 and 36"):
        recursive_forecast(constant_model(0.1), d.prep, 12, d.y, k)


def test_the_forecast_csv_has_dates_values_and_the_spread():
    s = load_series("co2")
    d = make_dataset(s, look_back=12, log=False, lags=(12,))
    f = seed_spread([constant_model(0.1), constant_model(0.9)], d, 3, seeds=(0, 1), series=s)
    rows = list(csv.reader(io.StringIO(forecast_csv(f))))
    assert rows[0] == ["step", "date", "median_of_seeds", "min_of_seeds", "max_of_seeds",
                       "seed_0", "seed_1"]
    assert [r[1] for r in rows[1:]] == ["2002-01", "2002-02", "2002-03"]
    values = np.array([[float(v) for v in r[2:]] for r in rows[1:]])   # (3, 5)
    np.testing.assert_allclose(values[:, 0], f.median, rtol=1e-9)
    np.testing.assert_allclose(values[:, 3:], f.members.T, rtol=1e-9)
    assert np.all(values[:, 1] <= values[:, 0]) and np.all(values[:, 0] <= values[:, 2])
    undated = seed_spread([constant_model(0.1)], make_dataset(s.values, 12, log=False, lags=(12,)), 2)
    assert forecast_csv(undated).splitlines()[0] == "step,median_of_seeds,min_of_seeds,max_of_seeds,seed_0"


def test_make_trainer_refuses_a_short_series_or_a_log_of_zeros_with_codes():
    with pytest.raises(SeriesError) as info:
        make_trainer(Series(np.arange(1.0, 30.0), season_length=12), TrainConfig())
    assert info.value.code == "too_short"
    with pytest.raises(SeriesError) as info:
        make_trainer(load_series("sunspots"), TrainConfig(lags=(1,)))
    assert info.value.code == "not_positive"


def test_the_backtest_holds_out_the_last_12_and_scores_everything():
    s = load_series("passengers")
    trainers = [make_trainer(s, replace(FORECAST_CONFIG, seed=k, epochs=30), test_periods=12)
                for k in (0, 1)]
    for tr in trainers:
        tr.run()
    b = backtest_from(trainers, 12)
    assert b.start == 132 and b.lstm.shape == (2, 12) and b.seeds == (0, 1)
    np.testing.assert_array_equal(b.actual, s.values[132:])
    scores = b.scores()
    assert list(scores) == ["lstm_seed_0", "lstm_seed_1", "lstm_median", "persistence",
                            "seasonal_naive", "sarima", "holt_winters"]
    assert scores["seasonal_naive"]["rmse"] == pytest.approx(50.71, abs=0.01)
    with pytest.raises(ValueError, match="exactly the last 12"):
        backtest_from([make_trainer(s, TrainConfig(epochs=1))], 12)
