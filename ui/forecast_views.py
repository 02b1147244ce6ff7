"""The forecast past the end of the data and the backtest table: pure functions, no Streamlit.

- ``x_values``: the x of each period (dates, or period numbers 1..N when a series has no
  regular dates) for the data and for k periods after it.
- ``future_frames`` / ``future_chart``: the last periods of the data, then the forecast in
  another colour (the median over the models, dashed) inside the band of their range (the
  spread over random seeds), a rule where the data ends. Texts arrive translated.
- ``backtest_rows``: one row per method for the table beside the one-step test RMSE.

Charts use the app's theme (``ui.charts.finish``) and Okabe & Ito colours.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import EXACT_FORMAT, MARKER_COLOR, OKABE_ITO, finish

FORECAST_COLOR = OKABE_ITO[3]      # reddish purple: neither the train blue nor the test vermillion
ACTUAL_COLOR = "#404040"
HEIGHT = 320
MIN_SHOWN = 48                     # periods of data drawn before the forecast, at least
LINE_LEGEND = {"symbolType": "stroke", "symbolStrokeWidth": 3, "symbolSize": 400}
METHODS = ("lstm", "sarima", "holt_winters", "seasonal_naive", "persistence")


def x_kind(series) -> str:
    """"T" (dates on the x-axis) for a series with regular dates, else "Q" (period numbers)."""
    return "T" if series.dates is not None and series.freq is not None else "Q"


def x_values(series, k: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(x of the N periods, x of the k periods after them): ``datetime64[D]`` for a series
    with regular dates, else the period numbers 1..N and N+1..N+k."""
    if x_kind(series) == "T":
        return series.dates, series.future_dates(k) if k else np.array([], dtype="datetime64[D]")
    n = len(series)
    return np.arange(1, n + 1), np.arange(n + 1, n + k + 1)


def shown_from(n: int, k: int, season: int | None) -> int:
    """Index of the first period of data drawn before a k-step forecast: enough history to
    see the season and the trend (4 seasons, 3k periods, ``MIN_SHOWN``), all of a short series."""
    return max(0, n - max(MIN_SHOWN, 3 * k, 4 * (season or 0)))


def future_frames(x, y, x_future, median, low, high, *, names: dict, start: int = 0) -> dict:
    """Data sets of ``future_chart``.

    x, y : (N,) the data (x dates or numbers); x_future : (k,); median, low, high : (k,)
    the forecast and the band (none when they are equal: one model); start : first period
    of the data drawn; names : legend names {"actual", "forecast", "band"}. The forecast
    line starts at the last data point, so it continues the data without a gap (that point
    is data, not forecast).
    """
    x, y = np.asarray(x)[start:], np.asarray(y, dtype=float)[start:]
    median, low, high = (np.asarray(a, dtype=float) for a in (median, low, high))
    actual = pd.DataFrame({"x": x, "series": names["actual"], "value": y})
    line = pd.DataFrame({"x": np.concatenate([x[-1:], np.asarray(x_future)]),
                         "series": names["forecast"], "value": np.concatenate([y[-1:], median])})
    band = pd.DataFrame({"x": np.asarray(x_future), "spread": names["band"], "low": low, "high": high,
                         "median": median})
    if np.array_equal(low, high):                  # one model: no band to draw
        band = band.iloc[:0]
    return {"lines": pd.concat([actual, line], ignore_index=True), "band": band,
            "end": pd.DataFrame({"x": x[-1:]})}


def time_axis(freq: str | None) -> alt.Axis:
    """A date axis with one label per year for monthly and quarterly data (never the same year
    twice), years for yearly data, and days for daily or weekly data."""
    if freq in ("monthly", "quarterly"):
        return alt.Axis(format="%Y", tickCount="year")
    if freq in ("daily", "weekly"):
        return alt.Axis(format="%Y-%m-%d")
    return alt.Axis(format="%Y")


def future_chart(frames: dict, labels: dict, *, kind: str = "T", freq: str | None = "monthly") -> alt.LayerChart:
    """The data, then the forecast (dashed, its own colour) in the band of its spread.

    labels : title, subtitle, x, y (axis titles), actual, forecast, band (legend names),
    low, high, median (tooltip names), series (tooltip name of a line), end (the words at
    the rule where the data ends). kind : "T" dates, "Q" period numbers; freq : the
    series' frequency, for the date axis (``time_axis``).
    """
    fmt = {"format": "%Y-%m-%d" if freq in ("daily", "weekly") else "%Y-%m"} if kind == "T" else {"format": "d"}
    axis = time_axis(freq) if kind == "T" else alt.Axis(format="d", tickMinStep=1)
    x = alt.X(f"x:{kind}", title=labels["x"], axis=axis)
    names = [labels["actual"], labels["forecast"], labels["band"]]
    colours = [ACTUAL_COLOR, FORECAST_COLOR, FORECAST_COLOR]
    legend = alt.Legend(orient="top", **LINE_LEGEND)
    band = alt.Chart(frames["band"]).mark_area(opacity=0.35, color=FORECAST_COLOR).encode(
        x=x, y=alt.Y("low:Q", title=labels["y"], scale=alt.Scale(zero=False)), y2="high:Q",
        fill=alt.Fill("spread:N", title=None, scale=alt.Scale(domain=names[2:], range=colours[2:]),
                      legend=alt.Legend(orient="top", symbolOpacity=0.35)),
        tooltip=[alt.Tooltip(f"x:{kind}", title=labels["x"], **fmt),
                 alt.Tooltip("low:Q", title=labels["low"], format=EXACT_FORMAT),
                 alt.Tooltip("median:Q", title=labels["median"], format=EXACT_FORMAT),
                 alt.Tooltip("high:Q", title=labels["high"], format=EXACT_FORMAT)])
    points = alt.OverlayMarkDef(size=50, opacity=0)          # a tooltip on every value
    lines = alt.Chart(frames["lines"]).mark_line(strokeWidth=3, point=points).encode(
        x=x, y=alt.Y("value:Q", title=labels["y"], scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, sort=names[:2],
                        scale=alt.Scale(domain=names[:2], range=colours[:2]), legend=legend),
        strokeDash=alt.StrokeDash("series:N", title=None, sort=names[:2], legend=legend,
                                  scale=alt.Scale(domain=names[:2], range=[[1, 0], [8, 4]])),
        tooltip=[alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip(f"x:{kind}", title=labels["x"], **fmt),
                 alt.Tooltip("value:Q", title=labels["y"], format=EXACT_FORMAT)])
    end = alt.Chart(frames["end"])
    rule = end.mark_rule(color=MARKER_COLOR, strokeWidth=2, strokeDash=[6, 4]).encode(
        x=f"x:{kind}", tooltip=[alt.Tooltip(f"x:{kind}", title=labels["end"], **fmt)])
    words = end.mark_text(align="left", baseline="top", dx=8, dy=6, fontSize=16, fontWeight="bold",
                          color=FORECAST_COLOR).encode(x=f"x:{kind}", y=alt.value(0),
                                                       text=alt.value(labels["end"] + " →"))
    layers = ([band] if len(frames["band"]) else []) + [lines, rule, words]
    return finish(layers, labels["title"], height=HEIGHT,
                  subtitle=labels.get("subtitle"), wrap=100)


def backtest_rows(one_step: dict[str, float], ahead: dict[str, dict] | None,
                  lstm_ahead: dict | None) -> list[dict]:
    """Rows of the comparison table, in ``METHODS`` order, for the methods that apply.

    one_step : method -> one-step test RMSE ("lstm" the page's model); ahead : method ->
    {"rmse", "mape"} of the 12-step forecast (the classical ones; None: not computed);
    lstm_ahead : {"rmse", "mape"} of the LSTM's 12-step forecast, or None (not run yet).
    Each row: method, one_step, rmse, mape (NaN where there is no number).
    """
    rows = []
    ahead = ahead or {}
    for m in METHODS:
        scores = lstm_ahead if m == "lstm" else ahead.get(m)
        if m not in one_step and scores is None:
            continue
        scores = scores or {}
        rows.append({"method": m, "one_step": float(one_step.get(m, np.nan)),
                     "rmse": float(scores.get("rmse", np.nan)), "mape": float(scores.get("mape", np.nan))})
    return rows


def number(v: float, digits: int = 2) -> str:
    """A score as the table shows it: ``digits`` decimals, "—" for none."""
    return f"{v:.{digits}f}" if np.isfinite(v) else "—"
