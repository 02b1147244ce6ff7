"""Charts of the seed experiments page: each experiment's result, from its ``curves()``.

Pure functions (dicts of NumPy arrays in, Altair charts out); texts come translated.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import AXIS, LEGEND, OKABE_ITO, _title, lines


def split_index(part: np.ndarray) -> int | None:
    """Index of the first "test" entry of a train/test ``part`` column (None if no test)."""
    hits = np.flatnonzero(np.asarray(part) == "test")
    return int(hits[0]) if len(hits) else None


def result_chart(key: str, curves: dict, labels: dict) -> alt.Chart:
    """The experiment's own picture: predictions against the truth, the split marked.

    ``labels`` holds translated names: title, x, y and one per series key used below.
    """
    if key == "classify" or key == "bidir":
        series = {labels["running_sum"]: curves["running_sum"],
                  labels["threshold"]: np.full(len(curves["t"]), 2.5),
                  labels["label"]: curves["label"],
                  labels["probability"]: curves["probability"]}
        return lines(series, labels["title"], x_label=labels["x"], y_title=labels["y"],
                     x_values=curves["t"])
    x_key = {"trend": "x", "xsinx": "x", "sincos": "t", "stacked": "month"}[key]
    names = {"trend": ("target", "predicted"), "xsinx": ("actual", "predicted"),
             "sincos": ("sin", "cos", "predicted"), "stacked": ("actual", "predicted")}[key]
    series = {labels[n]: np.asarray(curves[n], dtype=float) for n in names}
    x_values = np.asarray(curves[x_key], dtype=float)
    if key == "stacked":
        x_values = 1949 + x_values / 12          # month index -> fractional year
    x_values = np.round(x_values, 3)
    return lines(series, labels["title"], x_label=labels["x"], y_title=labels["y"],
                 x_values=x_values, t=split_index(curves["part"]))


def accuracy_bars(per_step: dict[str, np.ndarray], title: str, x_label: str,
                  y_label: str) -> alt.Chart:
    """Accuracy at each timestep, one bar per model side by side.

    per_step : model name -> (T,) accuracies in [0, 1]
    """
    rows = [{"model": name, "step": k + 1, "accuracy": float(v)}
            for name, acc in per_step.items() for k, v in enumerate(acc)]
    data = pd.DataFrame(rows)
    lo = max(0.0, float(np.floor(data["accuracy"].min() * 20) / 20) - 0.05) if rows else 0.0
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("step:O", title=x_label, axis=alt.Axis(labelAngle=0, **AXIS)),
        xOffset="model:N",
        y=alt.Y("accuracy:Q", title=y_label, scale=alt.Scale(domain=[lo, 1.0]),
                axis=alt.Axis(format="%", **AXIS)),
        color=alt.Color("model:N", title=None, scale=alt.Scale(range=list(OKABE_ITO)),
                        legend=alt.Legend(orient="bottom", **LEGEND)),
        tooltip=[alt.Tooltip("model:N"), alt.Tooltip("step:O", title=x_label),
                 alt.Tooltip("accuracy:Q", title=y_label, format=".1%")],
    ).properties(title=_title(title), height=300)
