"""The airline passenger data (1949-01 to 1960-12) and the preprocessing a forecaster uses.

Pipeline, for a series y (N,) (the monthly passengers by default, any ``Series`` works):

1. optional log:            s_t = log y_t              (makes the growing seasonal swing constant)
2. optional differencing:   z_t = (1 - B^lag) ... s_t   for each lag in ``lags`` (1: trend,
                            the season length, e.g. 12 for months: season)
3. min-max scaling to [0, 1], fitted on the training months only (no peek at the test months)
4. sliding windows: the L values before month t predict the value at month t

A prediction for month t is undone with the *actual* past values (a one-step-ahead forecast):
unscale, add back the differenced terms, exp. ``forecast.py`` feeds predictions back instead
to forecast past the end.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .fit import SettingError
from .series import Series, SeriesError

DATA_FILE = Path(__file__).with_name("data") / "airline_passengers.csv"
PERIOD = 12  # months in a season


def load_passengers():
    """The 144 monthly totals (thousands of passengers) as a pandas DataFrame.

    Columns: ``month`` (pandas Timestamp, first of the month) and ``passengers`` (int).
    """
    import pandas as pd  # the only pandas use in the engine

    df = pd.read_csv(DATA_FILE)
    df["month"] = pd.to_datetime(df["month"], format="%Y-%m")
    return df


def passengers() -> np.ndarray:
    """The passenger counts as a float array of shape (144,)."""
    return load_passengers()["passengers"].to_numpy(dtype=float)


def difference_polynomial(lags: tuple[int, ...]) -> np.ndarray:
    """Coefficients p of prod_k (1 - B^lag_k): z_t = sum_j p[j] s_{t-j}, p[0] = 1.

    (1,) -> [1, -1]; (12,) -> [1, 0, ..., 0, -1]; (1, 12) -> 14 coefficients.
    """
    p = np.array([1.0])
    for lag in lags:
        factor = np.zeros(lag + 1)
        factor[0], factor[lag] = 1.0, -1.0
        p = np.convolve(p, factor)
    return p


def difference_lags(trend: bool, season: bool, season_length: int | None = PERIOD) -> tuple[int, ...]:
    """The differencing lags for the choices "remove the trend" (lag 1) and "remove the
    season" (lag = the season length): (), (1,), (s,) or (1, s).

    Raises SeriesError ``no_season`` when the season is asked for but the series has none.
    """
    if season and season_length is None:
        raise SeriesError("this series has no season length: set one to difference the season "
                          "away, or difference the trend only", "no_season")
    return ((1,) if trend else ()) + ((int(season_length),) if season else ())


@dataclass(frozen=True)
class Preprocessing:
    """A fitted preprocessing: log?, differencing lags, and the min-max scaler.

    ``lo, hi`` are the min and max of the transformed training targets; scaled = (z - lo) / (hi - lo).
    """

    log: bool
    lags: tuple[int, ...]
    lo: float
    hi: float

    @property
    def order(self) -> int:
        """How many leading months the differencing uses up (sum of lags)."""
        return int(sum(self.lags))

    def level(self, y: np.ndarray) -> np.ndarray:
        """Step 1: (N,) passengers -> (N,) log passengers, or a float copy."""
        return np.log(y) if self.log else np.asarray(y, dtype=float).copy()

    def unlevel(self, s: np.ndarray) -> np.ndarray:
        return np.exp(s) if self.log else s

    def differenced(self, y: np.ndarray) -> np.ndarray:
        """Steps 1-2: (N,) -> (N,) z_t, NaN for the first ``order`` months."""
        s = self.level(y)
        p = difference_polynomial(self.lags)
        z = np.full(len(s), np.nan)
        z[self.order:] = np.convolve(s, p, mode="valid")
        return z

    def scale(self, z):
        return (z - self.lo) / (self.hi - self.lo)

    def unscale(self, u):
        return np.asarray(u) * (self.hi - self.lo) + self.lo

    def transform(self, y: np.ndarray) -> np.ndarray:
        """Steps 1-3: (N,) passengers -> (N,) scaled values, NaN for the first ``order`` months."""
        return self.scale(self.differenced(y))

    def invert(self, u_hat: np.ndarray, t: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Undo the pipeline for predictions ``u_hat`` (K,) of months ``t`` (K,), using the
        actual passengers ``y`` (N,) before each month. Returns passengers (K,)."""
        t = np.asarray(t, dtype=int)
        s = self.level(y)
        p = difference_polynomial(self.lags)
        z_hat = self.unscale(u_hat)
        # s_t = z_t - sum_{j>=1} p[j] s_{t-j}
        past = sum(-p[j] * s[t - j] for j in range(1, len(p))) if len(p) > 1 else 0.0
        return self.unlevel(z_hat + past)


def fit_preprocessing(y: np.ndarray, n_train: int, log: bool = True,
                      lags: tuple[int, ...] = (12,)) -> Preprocessing:
    """Fit the scaler on the transformed values of the first ``n_train`` months only."""
    y = np.asarray(y, dtype=float)
    if lags is None or any(not isinstance(l, (int, np.integer)) for l in lags):
        raise ValueError(f"differencing lags must be a tuple of whole numbers, got {lags!r}")
    lags = tuple(int(l) for l in lags)
    if any(l < 1 for l in lags):
        raise ValueError(f"differencing lags must be positive, got {lags}")
    if log and np.any(y <= 0):
        raise ValueError("the log transform needs positive values")
    probe = Preprocessing(log, lags, 0.0, 1.0)
    z = probe.differenced(y)[probe.order:n_train]
    if len(z) < 2:
        raise SettingError(f"not enough training months ({n_train}) for differencing lags {lags}",
                           "too_few_months", n_train=n_train, lags=", ".join(map(str, lags)))
    lo, hi = float(z.min()), float(z.max())
    if hi == lo:
        hi = lo + 1.0
    return Preprocessing(log, lags, lo, hi)


def windows(u: np.ndarray, look_back: int, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sliding windows over a scaled series.

    Parameters
    ----------
    u : (N,) scaled series
    look_back : L, months of history per window
    targets : (B,) month indices t to predict; each uses u[t-L:t]

    Returns
    -------
    X : (L, B, 1) time-first inputs, y : (B,) targets u[t]
    """
    idx = np.asarray(targets)[None, :] + np.arange(-look_back, 0)[:, None]  # (L, B)
    return u[idx][..., None], u[targets]


@dataclass(frozen=True)
class Dataset:
    """Train and test windows of one preprocessing, plus what is needed to undo it.

    X_train (L, B_train, 1), y_train (B_train,), t_train (B_train,) target month indices;
    same for test. ``y`` (N,) raw values; ``n_train`` months in the training part;
    ``period`` the season length the seasonal-naive baseline uses (None: no season).
    """

    y: np.ndarray
    n_train: int
    look_back: int
    prep: Preprocessing
    X_train: np.ndarray
    y_train: np.ndarray
    t_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    t_test: np.ndarray
    period: int | None = PERIOD

    def to_passengers(self, u_hat: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Scaled predictions (K,) for months t (K,) -> passengers (K,)."""
        return self.prep.invert(u_hat, t, self.y)

    def to_values(self, u_hat: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Scaled predictions (K,) for periods t (K,) -> the series' units (K,)."""
        return self.prep.invert(u_hat, t, self.y)


def make_dataset(y=None, look_back: int = 12, train_fraction: float = 0.67,
                 log: bool = True, lags: tuple[int, ...] = (12,), *,
                 test_periods: int | None = None, period: int | None = PERIOD) -> Dataset:
    """Chronological split, preprocessing fitted on the training months, sliding windows.

    ``y``: (N,) values or a ``Series`` (then ``period`` is its season length); None = the
    passengers. The first ``int(N · train_fraction)`` months are the training part (96 of
    144 at the default 0.67, as in the NumPy tutorial), or all but the last ``test_periods`` when that
    is given (the 12-step backtest). A window belongs to the part its target month is in.
    """
    if isinstance(y, Series):
        y, period = y.values, y.season_length
    y = passengers() if y is None else np.asarray(y, dtype=float)
    if y.ndim != 1:
        raise ValueError(f"the series must be one-dimensional, got shape {y.shape}")
    if not np.all(np.isfinite(y)):
        raise ValueError("the series contains NaN or infinite values")
    if not 0.1 <= train_fraction <= 0.95:
        raise ValueError(f"train_fraction must be between 0.1 and 0.95, got {train_fraction}")
    if lags is None or any(not isinstance(l, (int, np.integer)) or l < 1 for l in lags):
        raise ValueError(f"differencing lags must be a tuple of positive whole numbers, got {lags!r}")
    N = len(y)
    n_train = int(N * train_fraction)
    if test_periods is not None:
        if not isinstance(test_periods, (int, np.integer)) or not 1 <= test_periods < N:
            raise ValueError(f"test_periods must be between 1 and {N - 1}, got {test_periods!r}")
        n_train = N - int(test_periods)
    order = int(sum(lags))
    max_look_back = n_train - order - 2
    if max_look_back < 1:
        what, fix = ((f"train_fraction {train_fraction}", "raise train_fraction")
                     if test_periods is None else
                     (f"{N} months with {test_periods} for testing", "use a longer series"))
        raise SettingError(f"{what} leaves {n_train} training months, too few "
                           f"for differencing lags {tuple(lags)}: {fix}", "too_few_months",
                           n_train=n_train, lags=", ".join(map(str, lags)))
    if not isinstance(look_back, (int, np.integer)) or not 1 <= look_back <= max_look_back:
        split = (f"{train_fraction:.0%} training" if test_periods is None
                 else f"the last {test_periods} for testing")
        raise SettingError(f"look_back must be between 1 and {max_look_back} for {N} months "
                           f"with {split} and lags {tuple(lags)}, got {look_back}", "between",
                           name="look_back", low=1, high=max_look_back, value=look_back)
    prep = fit_preprocessing(y, n_train, log=log, lags=lags)
    u = prep.transform(y)
    first = order + look_back                       # first month with a full window
    t_train = np.arange(first, n_train)
    t_test = np.arange(n_train, N)
    if len(t_test) < 1:
        raise SettingError("no test months left: lower train_fraction", "no_test_months")
    X_train, y_train = windows(u, look_back, t_train)
    X_test, y_test = windows(u, look_back, t_test)
    return Dataset(y, n_train, look_back, prep, X_train, y_train, t_train, X_test, y_test, t_test,
                   period)
