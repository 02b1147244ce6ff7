"""The classical references: Nelder-Mead, the airline model, Holt-Winters, against known values.

The passengers' references in issue 13 were measured with statsmodels 0.15 (SARIMAX by
maximum likelihood; ExponentialSmoothing with estimated initial states). Ours fit by
conditional sum of squares and start Holt-Winters from the first two seasons, so they land
near, not on, those numbers; the tolerances below are what we measured, with a little room.
"""
import numpy as np
import pytest

from lstm_core.baselines import mape, rmse, seasonal_naive_ahead
from lstm_core.classical import (CLASSICAL, airline_forecast, airline_one_step, airline_residuals,
                                 classical_forecasts, classical_one_step, fit_airline, fit_holt_winters,
                                 holt_winters_forecast, holt_winters_run, nelder_mead)
from lstm_core.data import passengers


def test_nelder_mead_finds_the_minimum_of_rosenbrock_inside_a_box():
    rosen = lambda x: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2  # noqa: E731
    x, fx = nelder_mead(rosen, [-1.0, 1.5], [-2, -2], [2, 2], step=0.5)
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-3)
    x, _ = nelder_mead(lambda x: float(np.sum((x - 3) ** 2)), [0.0, 0.0], [-1, -1], [1, 1])
    np.testing.assert_allclose(x, [1.0, 1.0])                # the minimum on the box's edge


def test_css_recovers_the_moving_average_weights_of_a_simulated_airline_process():
    rng = np.random.default_rng(0)
    theta, Theta, s, n = 0.4, 0.6, 12, 1200
    e = rng.normal(0, 0.02, n + s + 1)
    w = e[s + 1:] - theta * e[s:-1] - Theta * e[1:-s] + theta * Theta * e[:-s - 1]  # (n,)
    np.testing.assert_allclose(airline_residuals(w, theta, Theta, s)[-200:], e[-200:],
                               atol=1e-9)                    # the start-up effect dies out
    level = np.zeros(n + s + 1)                              # integrate w back to a level
    for t in range(s + 1, n + s + 1):
        level[t] = w[t - s - 1] + level[t - 1] + level[t - s] - level[t - s - 1]
    fit = fit_airline(np.exp(5 + level), season=s)
    assert abs(fit.theta - theta) < 0.05 and abs(fit.Theta - Theta) < 0.05


def test_passengers_1960_from_1949_1959_near_the_issues_references():
    y = passengers()
    history, actual = y[:132], y[132:]
    naive = seasonal_naive_ahead(history, 12, 12)
    assert rmse(naive, actual) == pytest.approx(50.7, abs=0.05)       # reference 50.7
    assert mape(naive, actual) == pytest.approx(10.0, abs=0.05)       # reference 10.0 %
    fit = fit_airline(history, 12)
    assert fit.log and 0.25 < fit.theta < 0.45 and 0.5 < fit.Theta < 0.7
    sarima = airline_forecast(history, fit, 12)
    assert rmse(sarima, actual) == pytest.approx(18.6, abs=0.3)       # measured 18.51
    assert mape(sarima, actual) == pytest.approx(2.9, abs=0.1)        # measured 2.89 %
    hw = holt_winters_forecast(history, fit_holt_winters(history, 12), 12)
    assert rmse(hw, actual) == pytest.approx(15.8, abs=0.8)           # measured 16.35
    assert mape(hw, actual) == pytest.approx(2.2, abs=0.8)            # measured 2.82 %


def test_passengers_one_step_sarima_on_the_67_33_split_near_13_7():
    y = passengers()
    t = np.arange(96, 144)
    pred = airline_one_step(y, fit_airline(y[:96], 12), t)
    assert rmse(pred, y[t]) == pytest.approx(13.7, abs=0.4)           # measured 13.93


def test_the_airline_forecast_continues_an_exact_trend_times_season():
    t = np.arange(60)
    y = 50 * 1.01 ** t * (1 + 0.3 * np.sin(2 * np.pi * t / 12))      # log: line + season
    fit = fit_airline(y[:48], 12)
    np.testing.assert_allclose(airline_forecast(y[:48], fit, 12), y[48:], rtol=1e-9)


def test_holt_winters_forecasts_a_noiseless_multiplicative_season_closely():
    t = np.arange(84)
    y = (100 + 2.0 * t) * (1 + 0.25 * np.cos(2 * np.pi * t / 6))
    fit = fit_holt_winters(y[:72], 6)
    assert mape(holt_winters_forecast(y[:72], fit, 12), y[72:]) < 1.0
    pred, _ = holt_winters_run(y, 0.0, 0.0, 0.0, 6)          # the first prediction: start states
    level, trend = y[:6].mean(), (y[6:12].mean() - y[:6].mean()) / 6
    assert pred[0] == pytest.approx((level + trend) * y[0] / level, rel=1e-12)


def test_classical_forecasts_leave_out_what_does_not_apply():
    rng = np.random.default_rng(1)
    y = 10 + rng.normal(0, 1, 60)
    assert list(classical_forecasts(y, 5, 12)) == list(CLASSICAL)
    np.testing.assert_array_equal(classical_forecasts(y, 5, 12)["persistence"], [y[-1]] * 5)
    y[3] = 0.0                                      # not positive: no multiplicative season
    out = classical_forecasts(y, 5, 12)
    assert list(out) == ["persistence", "seasonal_naive", "sarima"] and not fit_airline(y, 12).log
    out = classical_forecasts(y, 5, None)           # no season: ARIMA(0,1,1)
    assert list(out) == ["persistence", "sarima"] and fit_airline(y, None).Theta == 0.0
    assert all(v.shape == (5,) for v in out.values())


def test_one_step_classical_predictions_use_the_actual_past_and_the_training_fit_only():
    y = passengers()
    out = classical_one_step(y, 96, 12)
    assert list(out) == list(CLASSICAL) and all(v.shape == (48,) for v in out.values())
    np.testing.assert_array_equal(out["seasonal_naive"], y[84:132])
    assert rmse(out["seasonal_naive"], y[96:]) == pytest.approx(41.85, abs=0.01)  # as Trainer's
    changed = y.copy()
    changed[100:] *= 2                              # the test part does not change the fit ...
    again = classical_one_step(changed, 96, 12)
    np.testing.assert_array_equal(again["sarima"][:4], out["sarima"][:4])  # ... before month 100
    assert list(classical_one_step(y, 96, None)) == ["persistence", "sarima"]
