"""Classical forecasts to hold the LSTM against, in pure NumPy.

- **seasonal naive**: the same period of the last season again (``baselines.py``).
- **the airline model**, SARIMA(0,1,1)(0,1,1)_s on logs (Box & Jenkins' model of the
  passengers). With w_t = (1 - B)(1 - B^s) log y_t and white noise e_t:

      w_t = e_t - θ e_{t-1} - Θ e_{t-s} + θΘ e_{t-s-1}

  θ and Θ minimise the conditional sum of squares Σ e_t² (e = 0 before the first w).
- **Holt-Winters**, additive trend and multiplicative season of length m (Hyndman &
  Athanasopoulos, *Forecasting: Principles and Practice*, 7.3):

      ℓ_t = α y_t / s_{t-m} + (1 - α)(ℓ_{t-1} + b_{t-1})
      b_t = β (ℓ_t - ℓ_{t-1}) + (1 - β) b_{t-1}
      s_t = γ y_t / (ℓ_{t-1} + b_{t-1}) + (1 - γ) s_{t-m}
      ŷ_{t+h|t} = (ℓ_t + h b_t) s_{t+h-m⌈h/m⌉}

  started from the first two seasons (ℓ_0 their first season's mean, b_0 the mean change
  per period between them, s = y / ℓ_0 over the first season); α, β, γ in [0, 1] minimise
  the sum of squared one-step errors.

Both are fitted by a coarse grid and then ``nelder_mead`` (below) from the best grid point.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .baselines import persistence, seasonal_naive, seasonal_naive_ahead


def nelder_mead(f, x0, lo, hi, step: float = 0.1, tol: float = 1e-10,
                max_evals: int = 2000) -> tuple[np.ndarray, float]:
    """Minimise f over the box [lo, hi] (each (P,)) with the Nelder-Mead simplex, points
    clipped into the box. Returns (x (P,), f(x)). Standard coefficients: reflection 1,
    expansion 2, contraction 1/2, shrink 1/2."""
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    clip = lambda x: np.clip(x, lo, hi)                         # noqa: E731
    x0 = clip(np.asarray(x0, float))
    P = len(x0)
    simplex = [x0] + [clip(x0 + step * np.eye(P)[k] * (1 if x0[k] + step <= hi[k] else -1))
                      for k in range(P)]
    values = [f(x) for x in simplex]
    evals = P + 1
    while evals < max_evals:
        order = np.argsort(values)
        simplex, values = [simplex[k] for k in order], [values[k] for k in order]
        if abs(values[-1] - values[0]) <= tol * (abs(values[0]) + tol):
            break
        centre = np.mean(simplex[:-1], axis=0)
        xr = clip(centre + (centre - simplex[-1]))
        fr = f(xr)
        evals += 1
        if fr < values[0]:
            xe = clip(centre + 2 * (centre - simplex[-1]))
            fe = f(xe)
            evals += 1
            simplex[-1], values[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = xr, fr
        else:
            xc = clip(centre + 0.5 * (simplex[-1] - centre))
            fc = f(xc)
            evals += 1
            if fc < values[-1]:
                simplex[-1], values[-1] = xc, fc
            else:                                               # shrink towards the best
                simplex = [simplex[0]] + [simplex[0] + 0.5 * (x - simplex[0]) for x in simplex[1:]]
                values = [values[0]] + [f(x) for x in simplex[1:]]
                evals += P
    best = int(np.argmin(values))
    return simplex[best], float(values[best])


def _grid_then_simplex(f, axes: list[np.ndarray], lo, hi) -> tuple[np.ndarray, float]:
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(axes))
    start = grid[int(np.argmin([f(x) for x in grid]))]
    return nelder_mead(f, start, lo, hi, step=float(axes[0][1] - axes[0][0]) / 2)


# ---- SARIMA(0,1,1)(0,1,1)_s, the airline model ----------------------------------------

@dataclass(frozen=True)
class AirlineFit:
    """θ, Θ of the airline model, its season s (None: ARIMA(0,1,1) without season), whether
    it works on logs, and the conditional sum of squares it reached."""

    theta: float
    Theta: float
    season: int | None
    log: bool
    css: float


def _airline_w(level: np.ndarray, season: int | None) -> np.ndarray:
    """(N,) levels -> (N - 1 - s,) w_t = (1 - B)(1 - B^s) level_t, from t = 1 + s on."""
    d = np.diff(level)
    return d if season is None else d[season:] - d[:-season]


def airline_residuals(w: np.ndarray, theta: float, Theta: float, season: int | None) -> np.ndarray:
    """e_t = w_t + θ e_{t-1} + Θ e_{t-s} - θΘ e_{t-s-1}, with e = 0 before the start. (n,)"""
    s = 0 if season is None else season
    e = np.zeros(len(w) + s + 1)                 # s + 1 zeros of "before the start", then e
    for t in range(s + 1, len(e)):
        e[t] = (w[t - s - 1] + theta * e[t - 1]
                + (Theta * e[t - s] - theta * Theta * e[t - s - 1] if s else 0.0))
    return e[s + 1:]


def fit_airline(y: np.ndarray, season: int | None = 12, log: bool | None = None) -> AirlineFit:
    """Fit θ, Θ in [-0.99, 0.99] by conditional sum of squares on y (N,).

    ``log=None``: on logs when every value is positive, else on the raw values.
    """
    y = np.asarray(y, dtype=float)
    log = bool(np.all(y > 0)) if log is None else log
    s = 0 if season is None else season
    if len(y) < 2 * s + 4:
        raise ValueError(f"the airline model needs at least {2 * s + 4} values, got {len(y)}")
    w = _airline_w(np.log(y) if log else y, season)
    if season is None:
        css = lambda x: float(np.sum(airline_residuals(w, x[0], 0.0, None) ** 2))  # noqa: E731
        x, value = _grid_then_simplex(css, [np.linspace(-0.9, 0.9, 19)], [-0.99], [0.99])
        return AirlineFit(float(x[0]), 0.0, None, log, value)
    css = lambda x: float(np.sum(airline_residuals(w, x[0], x[1], season) ** 2))  # noqa: E731
    axis = np.linspace(-0.9, 0.9, 10)
    x, value = _grid_then_simplex(css, [axis, axis], [-0.99, -0.99], [0.99, 0.99])
    return AirlineFit(float(x[0]), float(x[1]), season, log, value)


def _airline_predict(y: np.ndarray, fit: AirlineFit, k: int) -> tuple[np.ndarray, np.ndarray]:
    """One-step predictions of y[1+s:] (in y's units) and the k-step forecast after y."""
    s = 0 if fit.season is None else fit.season
    level = np.log(y) if fit.log else np.asarray(y, dtype=float)
    w = _airline_w(level, fit.season)
    e = airline_residuals(w, fit.theta, fit.Theta, fit.season)
    # level_t = w_t + level_{t-1} + level_{t-s} - level_{t-s-1}  (just level_{t-1} without season)
    carry = lambda lv, t: lv[t - 1] + (lv[t - s] - lv[t - s - 1] if s else 0.0)  # noqa: E731
    t = np.arange(1 + s, len(y))
    one_step = (w - e) + np.array([carry(level, u) for u in t])
    ext_level, ext_e = list(level), list(e) + [0.0] * k            # future shocks: 0
    n = len(e)
    for h in range(k):
        i = n + h                                                  # index of w_{N+h} in e
        w_hat = -fit.theta * ext_e[i - 1] - (fit.Theta * ext_e[i - s]
                                             - fit.theta * fit.Theta * ext_e[i - s - 1] if s else 0.0)
        ext_level.append(w_hat + carry(ext_level, len(ext_level)))
    ahead = np.array(ext_level[len(y):])
    undo = np.exp if fit.log else (lambda v: v)
    return undo(one_step), undo(ahead)


def airline_forecast(y: np.ndarray, fit: AirlineFit, k: int) -> np.ndarray:
    """The k periods after y (N,), recursively with future shocks 0, in y's units. (k,)"""
    return _airline_predict(np.asarray(y, dtype=float), fit, k)[1]


def airline_one_step(y: np.ndarray, fit: AirlineFit, t: np.ndarray) -> np.ndarray:
    """One-step-ahead predictions for periods t (K,), each from the actual y before it. (K,)"""
    s = 0 if fit.season is None else fit.season
    one = _airline_predict(np.asarray(y, dtype=float), fit, 0)[0]
    return one[np.asarray(t, dtype=int) - 1 - s]


# ---- Holt-Winters, additive trend, multiplicative season ------------------------------

@dataclass(frozen=True)
class HoltWintersFit:
    """Smoothing weights α (level), β (trend), γ (season) in [0, 1], the season length m
    and the sum of squared one-step errors they reached."""

    alpha: float
    beta: float
    gamma: float
    season: int
    sse: float


def holt_winters_run(y: np.ndarray, alpha: float, beta: float, gamma: float, m: int,
                     k: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Filter y (N,): the one-step predictions ŷ_{t|t-1} (N,) and the k-step forecast after
    y (k,). States start from the first two seasons (see the module docstring)."""
    y = np.asarray(y, dtype=float)
    level = y[:m].mean()
    trend = (y[m:2 * m].mean() - y[:m].mean()) / m
    season = list(y[:m] / level)                     # s_{t-m} is season[t] (grows by one per t)
    pred = np.empty(len(y))
    for t in range(len(y)):
        base = level + trend
        pred[t] = base * season[t]
        new_level = alpha * y[t] / season[t] + (1 - alpha) * base
        trend = beta * (new_level - level) + (1 - beta) * trend
        season.append(gamma * y[t] / base + (1 - gamma) * season[t])
        level = new_level
    h = np.arange(1, k + 1)
    ahead = (level + h * trend) * np.array(season[len(y):])[(h - 1) % m]
    return pred, ahead


def fit_holt_winters(y: np.ndarray, m: int = 12) -> HoltWintersFit:
    """Fit α, β, γ in [0, 1] by the sum of squared one-step errors on y (N,) (positive)."""
    y = np.asarray(y, dtype=float)
    if np.any(y <= 0):
        raise ValueError("a multiplicative season needs positive values")
    if len(y) < 2 * m + 2:
        raise ValueError(f"Holt-Winters with season {m} needs at least {2 * m + 2} values, "
                         f"got {len(y)}")

    def sse(x):
        with np.errstate(all="ignore"):
            e = holt_winters_run(y, x[0], x[1], x[2], m)[0] - y
        value = float(np.sum(e ** 2))
        return value if np.isfinite(value) else np.inf

    axis = np.linspace(0.0, 1.0, 5)
    x, value = _grid_then_simplex(sse, [axis] * 3, [0.0] * 3, [1.0] * 3)
    return HoltWintersFit(float(x[0]), float(x[1]), float(x[2]), m, value)


def holt_winters_forecast(y: np.ndarray, fit: HoltWintersFit, k: int) -> np.ndarray:
    """The k periods after y (N,). (k,)"""
    return holt_winters_run(y, fit.alpha, fit.beta, fit.gamma, fit.season, k)[1]


def holt_winters_one_step(y: np.ndarray, fit: HoltWintersFit, t: np.ndarray) -> np.ndarray:
    """One-step-ahead predictions for periods t (K,), each from the actual y before it. (K,)"""
    return holt_winters_run(y, fit.alpha, fit.beta, fit.gamma, fit.season)[0][np.asarray(t, int)]


# ---- all of them ----------------------------------------------------------------------

CLASSICAL = ("persistence", "seasonal_naive", "sarima", "holt_winters")


def classical_forecasts(history: np.ndarray, k: int, season: int | None) -> dict[str, np.ndarray]:
    """Each method fitted on ``history`` (N,), forecasting the k periods after it: a dict
    name -> (k,), in the order of CLASSICAL. A method that can't apply is left out:
    seasonal naive and Holt-Winters need a season, Holt-Winters positive values too;
    without a season "sarima" is ARIMA(0,1,1); with values <= 0 it works on the raw values
    instead of logs."""
    y = np.asarray(history, dtype=float)
    out = {"persistence": seasonal_naive_ahead(y, k, 1)}
    if season is not None:
        out["seasonal_naive"] = seasonal_naive_ahead(y, k, season)
    try:
        out["sarima"] = airline_forecast(y, fit_airline(y, season), k)
    except ValueError:
        pass
    if season is not None and np.all(y > 0) and len(y) >= 2 * season + 2:
        out["holt_winters"] = holt_winters_forecast(y, fit_holt_winters(y, season), k)
    return out


def classical_one_step(y: np.ndarray, n_train: int, season: int | None) -> dict[str, np.ndarray]:
    """One-step-ahead predictions of the periods from ``n_train`` on, each from the actual
    values before it, with every method fitted on the first ``n_train`` values only: a dict
    name -> (N - n_train,). Same methods and rules as ``classical_forecasts``."""
    y = np.asarray(y, dtype=float)
    t = np.arange(n_train, len(y))
    out = {"persistence": persistence(y, t)}
    if season is not None:
        out["seasonal_naive"] = seasonal_naive(y, t, season)
    try:
        out["sarima"] = airline_one_step(y, fit_airline(y[:n_train], season), t)
    except ValueError:
        pass
    if season is not None and np.all(y > 0) and n_train >= 2 * season + 2:
        out["holt_winters"] = holt_winters_one_step(y, fit_holt_winters(y[:n_train], season), t)
    return out
