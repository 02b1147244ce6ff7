"""The passenger data, the preprocessing (and its exact inverse), windows, baselines."""
import numpy as np
import pytest

from lstm_core import baseline_rmses, load_passengers, make_dataset, passengers, seasonal_naive
from lstm_core.data import difference_polynomial, fit_preprocessing


def test_the_shipped_data_is_the_144_months_of_seed_000():
    df = load_passengers()
    assert len(df) == 144 and df["passengers"].sum() == 40363
    assert str(df["month"].iloc[0].date()) == "1949-01-01"
    assert str(df["month"].iloc[-1].date()) == "1960-12-01"
    assert df["passengers"].iloc[:3].tolist() == [112, 118, 132]


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("lags", [(), (1,), (12,), (1, 12)])
def test_preprocessing_round_trips_exactly(log, lags):
    y = passengers()
    prep = fit_preprocessing(y, 96, log=log, lags=lags)
    u = prep.transform(y)
    t = np.arange(prep.order, 144)
    np.testing.assert_allclose(prep.invert(u[t], t, y), y[t], rtol=1e-12)


def test_scaler_is_fitted_on_training_months_only():
    y = passengers()
    d = make_dataset(y, look_back=12, log=False, lags=())
    assert d.prep.lo == y[:96].min() and d.prep.hi == y[:96].max()
    assert d.y_train.max() == pytest.approx(1.0)        # the train maximum maps to 1
    assert d.y_test.max() > 1.0                          # later months exceed it: no leakage


def test_windows_hold_the_previous_look_back_months():
    d = make_dataset(look_back=3, log=False, lags=())
    u = d.prep.transform(d.y)
    t = d.t_train[0]
    np.testing.assert_allclose(d.X_train[:, 0, 0], u[t - 3:t])
    assert d.y_train[0] == u[t]
    assert d.X_train.shape == (3, 93, 1) and d.X_test.shape == (3, 48, 1)
    assert d.t_test[0] == 96 and d.t_test[-1] == 143


def test_difference_polynomial():
    np.testing.assert_array_equal(difference_polynomial((1,)), [1, -1])
    p = difference_polynomial((1, 12))
    assert len(p) == 14 and p[0] == 1 and p[1] == -1 and p[12] == -1 and p[13] == 1


def test_baselines_on_the_67_33_split():
    r = baseline_rmses(passengers(), 96)
    assert r["seasonal_naive"] == pytest.approx(41.85, abs=0.01)
    assert r["persistence"] == pytest.approx(48.04, abs=0.01)
    np.testing.assert_array_equal(seasonal_naive(passengers(), np.array([12])), [112.0])


@pytest.mark.parametrize("kwargs, match", [
    ({"look_back": 0}, "look_back must be between 1 and 82 .* got 0"),
    ({"look_back": 200}, "look_back must be between 1 and 82 .* got 200"),
    ({"train_fraction": 1.5}, "train_fraction must be between 0.1 and 0.95, got 1.5"),
])
def test_bad_dataset_arguments_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_dataset(**kwargs)


def test_non_finite_or_non_positive_data_raise():
    y = passengers().copy()
    y[5] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        make_dataset(y)
    y = passengers().copy()
    y[5] = 0.0
    with pytest.raises(ValueError, match="log transform needs positive values"):
        make_dataset(y, log=True)


@pytest.mark.parametrize("kwargs, match", [
    ({"train_fraction": 0.1}, "train_fraction 0.1 leaves 14 training months, too few"),
    ({"lags": (1.5,)}, "lags must be a tuple of positive whole numbers"),
    ({"lags": None}, "lags must be a tuple of positive whole numbers"),
])
def test_bad_preprocessing_arguments_name_the_problem(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_dataset(**kwargs)
