"""Helpers of the forecast sections (ui/forecast_views.py) and the series choice's pure parts
(ui/series_picker.py): x values, the frames and chart of the forecast past the end, the
backtest rows, settings fitted to a series and the messages of its errors."""
import re

import numpy as np
import pandas as pd
import pytest

from lstm_core import FORECAST_CONFIG, Series, SeriesError, TrainConfig, load_series, read_series_csv
from ui import forecast_views as fv
from ui import series_picker as sp
from ui import train_settings as ts
from ui.i18n import TABLE

NAMES = {"actual": "actual", "forecast": "forecast", "band": "range"}
LABELS = {**NAMES, "title": "t", "subtitle": "s", "x": "month", "y": "value", "low": "lo", "high": "hi",
          "median": "med", "series": "line", "end": "forecast"}


def test_x_values_are_dates_for_regular_dates_and_period_numbers_otherwise():
    s = load_series("passengers")
    x, future = fv.x_values(s, 3)
    assert fv.x_kind(s) == "T" and x[0] == np.datetime64("1949-01-01")
    assert list(future) == list(np.array(["1961-01-01", "1961-02-01", "1961-03-01"], dtype="datetime64[D]"))
    plain = Series(np.arange(10.0))
    x, future = fv.x_values(plain, 2)
    assert fv.x_kind(plain) == "Q" and list(x) == list(range(1, 11)) and list(future) == [11, 12]
    irregular = Series(np.arange(3.0), np.array(["2020-01-01", "2020-01-05", "2020-03-01"], dtype="datetime64[D]"))
    assert fv.x_kind(irregular) == "Q"                      # no future dates: numbered


def test_the_history_shown_covers_seasons_and_three_horizons():
    assert fv.shown_from(144, 12, 12) == 144 - 48
    assert fv.shown_from(144, 36, 12) == 144 - 108
    assert fv.shown_from(3000, 12, 365) == 3000 - 4 * 365 and fv.shown_from(730, 12, 365) == 0
    assert fv.shown_from(20, 12, None) == 0                  # a short series: all of it


def test_future_frames_continue_the_data_and_drop_a_band_of_one_model():
    x, future = np.arange(1, 11), np.arange(11, 14)
    y = np.arange(10.0) * 2
    median, low, high = np.array([20.0, 21, 22]), np.array([19.0, 20, 21]), np.array([21.0, 22, 23])
    frames = fv.future_frames(x, y, future, median, low, high, names=NAMES, start=4)
    lines = frames["lines"]
    actual, line = lines[lines.series == "actual"], lines[lines.series == "forecast"]
    assert list(actual.x) == list(range(5, 11)) and list(actual.value) == list(y[4:])
    assert list(line.x) == [10, 11, 12, 13] and list(line.value) == [18.0, 20, 21, 22]   # from the last value
    assert list(frames["band"].low) == [19, 20, 21] and list(frames["end"].x) == [10]
    one = fv.future_frames(x, y, future, median, median, median, names=NAMES)
    assert len(one["band"]) == 0
    spec = fv.future_chart(one, LABELS, kind="Q").to_dict()       # validates against the schema
    assert len(spec["layer"]) == 3                               # lines, rule, words: no band


def test_the_future_chart_has_a_band_tooltip_and_the_theme():
    s = load_series("passengers")
    x, future = fv.x_values(s, 2)
    frames = fv.future_frames(x, s.values, future, np.array([450.0, 420]), np.array([440.0, 410]),
                              np.array([460.0, 430]), names=NAMES)
    spec = fv.future_chart(frames, LABELS, kind="T").to_dict()
    band = spec["layer"][0]
    assert band["mark"]["type"] == "area"
    assert [t["field"] for t in band["encoding"]["tooltip"]] == ["x", "low", "median", "high"]
    assert spec["config"]["axis"]["labelFontSize"] == 16 and spec["title"]["text"] == "t"
    assert spec["layer"][1]["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [8, 4]]


def test_backtest_rows_keep_the_methods_that_apply_in_order():
    rows = fv.backtest_rows({"lstm": 14.0, "persistence": 48.0, "sarima": 13.9},
                            {"sarima": {"rmse": 18.5, "mape": 2.9}, "seasonal_naive": {"rmse": 50.7, "mape": 10.0}},
                            None)
    assert [r["method"] for r in rows] == ["lstm", "sarima", "seasonal_naive", "persistence"]
    assert np.isnan(rows[0]["rmse"]) and rows[1] == {"method": "sarima", "one_step": 13.9, "rmse": 18.5, "mape": 2.9}
    assert np.isnan(rows[2]["one_step"])
    lstm = fv.backtest_rows({"lstm": 14.0}, {}, {"rmse": 17.1, "mape": 2.8})[0]
    assert (lstm["rmse"], lstm["mape"]) == (17.1, 2.8)
    assert fv.number(17.137) == "17.14" and fv.number(float("nan")) == "—"


# ---- series_picker: the pure parts ---------------------------------------------------------

def test_seasonal_choices_use_the_series_season_and_go_back_to_12_on_the_controls():
    sunspots = load_series("sunspots")
    for prep, (log, lags) in ts.PREPROCESSING.items():
        cfg = TrainConfig(log=log, lags=lags)
        fitted = sp.fit(sunspots, cfg)
        assert fitted.lags == tuple(11 if lag == 12 else lag for lag in lags) and fitted.log == log
        assert sp.unfit(fitted) == cfg
    assert sp.fit(load_series("passengers"), TrainConfig()) == TrainConfig()
    with pytest.raises(SeriesError) as info:
        sp.fit(Series(np.arange(1.0, 50.0)), TrainConfig())
    assert info.value.code == "no_season"
    assert sp.fit(Series(np.arange(1.0, 50.0)), TrainConfig(lags=(1,))).lags == (1,)


def test_check_refuses_the_log_for_values_at_or_below_zero_and_a_series_too_short():
    anomaly = Series(np.sin(np.arange(60) / 3), season_length=12)
    assert sp.check(anomaly, TrainConfig())[1].code == "not_positive"
    fitted, problem = sp.check(anomaly, FORECAST_CONFIG)
    assert problem is None and fitted.lags == (12,)
    assert sp.check(Series(np.arange(1.0, 20.0), season_length=12), TrainConfig())[1].code == "too_short"


def test_every_error_code_of_the_engine_has_a_message_in_both_languages():
    codes = set(re.findall(r"``(\w+)``", SeriesError.__doc__)) - {"code", "values"}
    assert {"too_big", "binary", "gap", "not_positive", "no_season"} <= codes
    for code in codes:
        for lang in ("en", "zh"):
            assert TABLE[f"forecast.error.{code}"][lang]


def test_error_text_quotes_the_files_text_as_typed():
    with pytest.raises(SeriesError) as info:
        read_series_csv(b"month,value\n2020-01,1\n2020-02,**x** $y$\n")
    text = sp.error_text(info.value)
    assert "`'**x** $y$'`" in text and "line 3" in text


def test_the_fingerprint_changes_with_the_values_and_the_season():
    s = read_series_csv(b"2020-01,1\n2020-02,2\n2020-03,3\n").series
    assert sp.fingerprint(s) == sp.fingerprint(Series(s.values.copy(), s.dates, freq=s.freq,
                                                      season_length=s.season_length))
    assert sp.fingerprint(s) != sp.fingerprint(s.with_season(2))
    assert sp.fingerprint(s) != sp.fingerprint(Series(s.values + 1, s.dates, freq=s.freq))
    assert isinstance(pd.Timestamp(fv.x_values(s, 1)[1][0]), pd.Timestamp)
