"""Any series through the preprocessing and the baselines, not just the passengers."""
import numpy as np
import pytest

from lstm_core.baselines import baseline_rmses, mape, rmse, seasonal_naive, seasonal_naive_ahead
from lstm_core.data import difference_lags, fit_preprocessing, make_dataset
from lstm_core.series import SHIPPED_SERIES, Series, SeriesError, load_series
from lstm_core.train import TrainConfig, Trainer


def quarterly(n: int = 40) -> Series:
    """Quarterly values with a trend and a season of 4: 100 + 2t + (5, -3, 8, -10)."""
    t = np.arange(n)
    y = 100 + 2.0 * t + np.array([5.0, -3.0, 8.0, -10.0])[t % 4]
    dates = np.array([f"{2000 + k // 4}-{3 * (k % 4) + 1:02d}-01" for k in t], "datetime64[D]")
    return Series(y, dates, name="quarterly", season_length=4, freq="quarterly")


@pytest.mark.parametrize("key", SHIPPED_SERIES)
@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("trend, season", [(False, False), (True, False), (False, True),
                                           (True, True)])
def test_preprocessing_round_trips_for_every_shipped_series(key, log, trend, season):
    s = load_series(key)
    if log and np.any(s.values <= 0):
        pytest.raises(ValueError, fit_preprocessing, s.values, 100, log=True)
        return
    lags = difference_lags(trend, season, s.season_length)
    n_train = int(len(s) * 0.67)
    prep = fit_preprocessing(s.values, n_train, log=log, lags=lags)
    u = prep.transform(s.values)                           # to model space ...
    t = np.arange(prep.order, len(s))
    assert np.nanmin(u[:n_train]) == 0.0 and np.nanmax(u[:n_train]) == 1.0
    np.testing.assert_allclose(prep.invert(u[t], t, s.values), s.values[t], rtol=1e-12,
                               atol=1e-12 * s.values.max())                     # ... and back


def test_difference_lags_follow_the_season_length():
    assert difference_lags(True, True, 12) == (1, 12)
    assert difference_lags(False, True, 4) == (4,)
    assert difference_lags(True, False, None) == (1,)
    with pytest.raises(SeriesError) as info:
        difference_lags(True, True, None)
    assert info.value.code == "no_season"


def test_a_series_gives_its_season_to_the_dataset_and_the_trainer_baseline():
    s = quarterly()
    d = make_dataset(s, look_back=4, log=False, lags=(1, 4))
    assert d.period == 4 and d.n_train == 26
    tr = Trainer(TrainConfig(look_back=4, lags=(1, 4), log=False, epochs=1), data=d)
    t = np.arange(26, 40)
    assert tr.baselines["seasonal_naive"] == rmse(s.values[t - 4], s.values[t]) == 8.0
    assert tr.baselines["persistence"] == rmse(s.values[t - 1], s.values[t])


def test_a_series_without_season_has_no_seasonal_naive_baseline():
    y = np.linspace(1, 2, 30)
    r = baseline_rmses(y, 20, period=None)
    assert np.isnan(r["seasonal_naive"]) and r["persistence"] == pytest.approx(1 / 29)


def test_seasonal_naive_ahead_repeats_the_last_season_of_any_length():
    y = np.arange(10.0)                                    # season 4: last season is 6, 7, 8, 9
    np.testing.assert_array_equal(seasonal_naive_ahead(y, 6, 4), [6, 7, 8, 9, 6, 7])
    np.testing.assert_array_equal(seasonal_naive_ahead(y, 3, None), [9, 9, 9])
    np.testing.assert_array_equal(seasonal_naive(y, np.array([5, 9]), 4), [1, 5])
    with pytest.raises(ValueError, match="at least one season"):
        seasonal_naive_ahead(y[:3], 2, 4)


def test_the_backtest_split_holds_out_exactly_the_last_periods():
    d = make_dataset(load_series("passengers"), look_back=12, lags=(12,), test_periods=12)
    assert d.n_train == 132 and list(d.t_test) == list(range(132, 144)) and d.period == 12
    assert d.prep.lo == np.nanmin(d.prep.differenced(d.y)[12:132])   # scaler: training part only
    with pytest.raises(ValueError, match="test_periods must be between 1 and 143"):
        make_dataset(test_periods=144)


def test_mape_in_percent():
    assert mape([110, 90], [100, 100]) == pytest.approx(10.0)
    assert np.isnan(mape([1, 2], [0, 2]))


def test_a_series_checks_its_values_and_dates():
    with pytest.raises(ValueError, match="finite"):
        Series([1.0, np.nan])
    with pytest.raises(ValueError, match="strictly increasing"):
        Series([1.0, 2.0], np.array(["2020-02-01", "2020-01-01"], "datetime64[D]"))
    with pytest.raises(ValueError, match="season_length"):
        Series([1.0, 2.0], season_length=1)
    s = Series([1.0, 2.0])
    with pytest.raises(ValueError):
        s.values[0] = 5.0                                  # read-only: a Series doesn't change
    assert s.with_season(7).season_length == 7
