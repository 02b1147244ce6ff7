"""Charts of the tutorial experiments page: each experiment's result, from its ``curves()``.

Pure functions (dicts of NumPy arrays in, Altair charts out); texts come translated.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import OKABE_ITO, finish, lines

FIRST_MONTH = np.datetime64("1949-01", "M")   # month 0 of the passenger series


def split_index(part: np.ndarray) -> int | None:
    """Index of the first "test" entry of a train/test ``part`` column (None if no test)."""
    hits = np.flatnonzero(np.asarray(part) == "test")
    return int(hits[0]) if len(hits) else None


def result_chart(key: str, curves: dict, labels: dict) -> alt.LayerChart:
    """The experiment's own picture: predictions (dashed, on top) against the truth, the split marked.

    ``labels`` holds translated names: title, x, y and one per series key used below.
    """
    if key == "classify" or key == "bidir":
        series = {labels["running_sum"]: curves["running_sum"],
                  labels["threshold"]: np.full(len(curves["t"]), 2.5),
                  labels["label"]: curves["label"],
                  labels["probability"]: curves["probability"]}
        return lines(series, labels["title"], x_label=labels["x"], y_title=labels["y"],
                     x_values=np.asarray(curves["t"], dtype=int),          # steps 1..10: whole numbers
                     dashed=(labels["threshold"], labels["probability"]))
    x_key = {"trend": "x", "xsinx": "x", "sincos": "t", "stacked": "month"}[key]
    names = {"trend": ("target", "predicted"), "xsinx": ("actual", "predicted"),
             "sincos": ("sin", "cos", "predicted"), "stacked": ("actual", "predicted")}[key]
    series = {labels[n]: np.asarray(curves[n], dtype=float) for n in names}
    if key == "stacked":                         # month index -> the month itself: years on the axis
        x_values = FIRST_MONTH + np.asarray(curves[x_key]).astype(int)
    else:
        x_values = np.round(np.asarray(curves[x_key], dtype=float), 3)
    return lines(series, labels["title"], x_label=labels["x"], y_title=labels["y"],
                 x_values=x_values, marked=split_index(curves["part"]), dashed=(labels["predicted"],))


def accuracy_bars(per_step: dict[str, np.ndarray], title: str, x_label: str,
                  y_label: str) -> alt.LayerChart:
    """Accuracy at each timestep, one bar per model side by side.

    per_step : model name -> (T,) accuracies in [0, 1]. The accuracy axis starts a little
    below the lowest bar (differences of a few percent must show); bars are clipped there.
    """
    names = list(per_step)
    rows = [{"model": name, "step": k + 1, "accuracy": float(v)}
            for name, acc in per_step.items() for k, v in enumerate(acc)]
    data = pd.DataFrame(rows, columns=["model", "step", "accuracy"])
    lo = max(0.0, float(np.floor(data["accuracy"].min() * 20) / 20) - 0.05) if rows else 0.0
    color = alt.Color("model:N", title=None, sort=names,
                      scale=alt.Scale(domain=names, range=list(OKABE_ITO[:max(len(names), 1)])),
                      legend=alt.Legend(orient="top"))
    bars = alt.Chart(data).mark_bar(clip=True).encode(
        x=alt.X("step:O", title=x_label, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("model:N", sort=names),
        y=alt.Y("accuracy:Q", title=y_label, scale=alt.Scale(domain=[lo, 1.0]), axis=alt.Axis(format="%")),
        color=color,
        tooltip=[alt.Tooltip("model:N", title=title), alt.Tooltip("step:O", title=x_label),
                 alt.Tooltip("accuracy:Q", title=y_label, format=".1%")],
    )
    return finish([bars], title, height=300)
