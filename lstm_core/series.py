"""A time series to forecast: its values, optional dates, where it comes from, its season.

The passengers and three public-domain NOAA series ship inside the package
(``lstm_core/data/``, sources and licences in its README); ``series_csv`` reads a user's file.
Checks that depend on the settings too (long enough for the look-back and the differencing?
positive for the log?) raise ``SeriesError`` with a ``code`` the UI translates.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).with_name("data")
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "yearly")
SHOW = 5                      # how many bad rows or values an error message lists


class SeriesError(ValueError):
    """A series (or a file) that can't be used. ``code`` says why, ``values`` holds the
    details (line numbers, counts, limits) for a translated message. Codes:

    file: ``too_big``, ``too_many_rows``, ``empty``, ``binary``, ``encoding``, ``bad_csv``,
    ``columns``, ``not_number``, ``missing``, ``bad_date``, ``order``, ``duplicate``, ``gap``,
    ``no_values``;
    settings: ``too_short``, ``not_positive``, ``no_season``.
    """

    def __init__(self, message: str, code: str, **values):
        super().__init__(message)
        self.code, self.values = code, values


@dataclass(frozen=True, eq=False)
class Series:
    """One series, oldest value first.

    values : (N,) float, finite
    dates : (N,) ``datetime64[D]`` strictly increasing, or None (then periods are numbered)
    freq : one of FREQUENCIES when the dates are regular, else None
    season_length : periods per season (12 for monthly data, 4 for quarterly), or None
    name, unit, source, licence : text shown beside the chart
    """

    values: np.ndarray
    dates: np.ndarray | None = None
    name: str = "series"
    unit: str = ""
    source: str = ""
    licence: str = ""
    season_length: int | None = None
    freq: str | None = None

    def __post_init__(self):
        v = np.array(self.values, dtype=float)        # a private copy
        if v.ndim != 1 or len(v) < 1:
            raise ValueError(f"values must be a non-empty 1-D array, got shape {v.shape}")
        if not np.all(np.isfinite(v)):
            raise ValueError(f"values must be finite, got {int(np.sum(~np.isfinite(v)))} NaN or inf")
        v.flags.writeable = False
        object.__setattr__(self, "values", v)
        if self.dates is not None:
            d = np.array(self.dates, dtype="datetime64[D]")
            if d.shape != v.shape:
                raise ValueError(f"dates must have shape {v.shape} like the values, got {d.shape}")
            if len(d) > 1 and not np.all(np.diff(d) > np.timedelta64(0, "D")):
                raise ValueError("dates must be strictly increasing")
            d.flags.writeable = False
            object.__setattr__(self, "dates", d)
        s = self.season_length
        if s is not None and (not isinstance(s, (int, np.integer)) or not 2 <= s <= 366):
            raise ValueError(f"season_length must be a whole number from 2 to 366 or None, got {s!r}")
        if self.freq is not None and self.freq not in FREQUENCIES:
            raise ValueError(f"freq must be one of {FREQUENCIES} or None, got {self.freq!r}")

    def __len__(self) -> int:
        return len(self.values)

    def with_season(self, season_length: int | None) -> "Series":
        """The same series with another season length (the user's choice)."""
        return Series(self.values, self.dates, self.name, self.unit, self.source, self.licence,
                      season_length, self.freq)

    def labels(self, dates: np.ndarray | None = None) -> list[str]:
        """Text for each date (this series' by default): "1960-01" monthly, "1960-Q1" quarterly,
        "1960" yearly, "1960-01-31" otherwise; "1", "2", ... (period numbers) without dates."""
        d = self.dates if dates is None else dates
        if d is None:
            return [str(k + 1) for k in range(len(self))]
        return [_label(x, self.freq) for x in np.asarray(d, dtype="datetime64[D]")]

    def future_dates(self, k: int) -> np.ndarray | None:
        """Dates of the k periods after the last one, (k,) ``datetime64[D]``; None when the
        series has no dates or irregular ones."""
        if self.dates is None or self.freq is None:
            return None
        last = self.dates[-1]
        if self.freq in ("daily", "weekly"):
            step = 1 if self.freq == "daily" else 7
            return last + np.arange(1, k + 1) * np.timedelta64(step, "D")
        months = {"monthly": 1, "quarterly": 3, "yearly": 12}[self.freq]
        month_end = bool(np.all(_is_month_end(self.dates))) and _day(last) != 1
        first = last.astype("datetime64[M]") + np.arange(1, k + 1) * months   # (k,) months
        if month_end:
            return (first + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
        return first.astype("datetime64[D]") + np.timedelta64(_day(last) - 1, "D")

    def summary(self) -> dict:
        """What a page shows before training: rows, first and last date (or period number),
        frequency, season length, smallest and largest value."""
        labels = self.labels()
        return {"rows": len(self), "first": labels[0], "last": labels[-1], "freq": self.freq,
                "season_length": self.season_length, "min": float(self.values.min()),
                "max": float(self.values.max())}


def _day(d) -> int:
    return int((d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(int)) + 1


def _is_month_end(d: np.ndarray) -> np.ndarray:
    return (d + np.timedelta64(1, "D")).astype("datetime64[M]") != d.astype("datetime64[M]")


def _label(d, freq: str | None) -> str:
    text = str(d)                                          # "1960-01-31"
    if freq == "monthly":
        return text[:7]
    if freq == "quarterly":
        return f"{text[:4]}-Q{(int(text[5:7]) - 1) // 3 + 1}"
    if freq == "yearly":
        return text[:4]
    return text


# ---- the shipped series ---------------------------------------------------------------

_SHIPPED = {
    "passengers": dict(
        file="airline_passengers.csv", name="International airline passengers",
        unit="thousands of passengers", season_length=12,
        source="Box & Jenkins (1976), Time Series Analysis: Forecasting and Control, Series G",
        licence="historical figures, redistributed freely (R's AirPassengers); no licence attached"),
    "co2": dict(
        file="co2_mauna_loa.csv", name="CO₂ at Mauna Loa", unit="ppm", season_length=12,
        source="Scripps / NOAA via CDIAC (Keeling & Whorf 2004); monthly means of weekly "
               "averages, 1965-2001",
        licence="public domain"),
    "sunspots": dict(
        file="sunspots.csv", name="Sunspots per year", unit="mean sunspot number",
        season_length=11,
        source="NOAA National Geophysical Data Center, 1700-2008 (season: the ~11-year "
               "solar cycle, which varies from 9 to 14 years)",
        licence="public domain"),
    "elnino": dict(
        file="elnino_sst.csv", name="El Niño: sea surface temperature (Niño 1+2)", unit="°C",
        season_length=12, source="NOAA Climate Prediction Center, ERSST.V3B, 1950-2010",
        licence="public domain"),
}
SHIPPED_SERIES = tuple(_SHIPPED)


def load_series(key: str = "passengers") -> Series:
    """One of the shipped series by key (``SHIPPED_SERIES``), read with the upload parser."""
    from .series_csv import read_series_csv

    if key not in _SHIPPED:
        raise ValueError(f"unknown series {key!r}: expected one of {SHIPPED_SERIES}")
    info = dict(_SHIPPED[key])
    data = (DATA_DIR / info.pop("file")).read_bytes()
    s = read_series_csv(data).series
    return Series(s.values, s.dates, freq=s.freq, **info)


# ---- checks that depend on the settings -----------------------------------------------

def minimum_length(look_back: int, lags: tuple[int, ...] = (), train_fraction: float | None = 0.67,
                   test_periods: int | None = None) -> int:
    """The fewest values ``data.make_dataset`` accepts for these settings.

    Training needs ``look_back + sum(lags) + 2`` periods (a window, the differencing, and
    two targets to scale); the test part needs ``test_periods`` (or at least one period
    after ``int(N * train_fraction)``).
    """
    need_train = int(look_back) + int(sum(lags)) + 2
    if test_periods is not None:
        return need_train + int(test_periods)
    n = need_train + 1
    while int(n * train_fraction) < need_train or n - int(n * train_fraction) < 1:
        n += 1
    return n


def check_trainable(series: Series, look_back: int, lags: tuple[int, ...] = (),
                    log: bool = False, train_fraction: float | None = 0.67,
                    test_periods: int | None = None) -> None:
    """Raise SeriesError ``not_positive`` (log asked for, some value <= 0) or ``too_short``
    (fewer values than ``minimum_length``) before any training starts."""
    if log:
        bad = np.flatnonzero(series.values <= 0)
        if len(bad):
            labels = series.labels()
            where = [labels[k] for k in bad[:SHOW]]
            raise SeriesError(
                f"the log preprocessing needs values above 0, but {len(bad)} value(s) are 0 or "
                f"below (at {', '.join(where)}{' ...' if len(bad) > SHOW else ''}; smallest "
                f"{series.values.min():g}): choose the raw values instead of log",
                "not_positive", count=len(bad), where=where, smallest=float(series.values.min()))
    need = minimum_length(look_back, lags, train_fraction, test_periods)
    if len(series) < need:
        raise SeriesError(
            f"the series has {len(series)} values but look-back {look_back} with differencing "
            f"lags {tuple(lags)} needs at least {need}: shorten the look-back or difference less",
            "too_short", n=len(series), minimum=need, look_back=int(look_back), lags=tuple(lags))
