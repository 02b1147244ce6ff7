"""Helpers of the training page (``pages/2_Train.py``): pure functions, no Streamlit.

Charts (NumPy/pandas in, Altair out; texts arrive translated, as for ``ui.charts``):

- ``loss_chart``: train and test loss per epoch on a log scale.
- ``forecast_chart``: actual passengers against the one-step-ahead predictions, the
  train part and the test part in their own colours, the test months shaded.
- ``grad_chart``: the gradient norm of each gate per epoch, and the clipping threshold.

Each chart reads named data sets (``loss``, ``marker``, ``series``, ``split``, ``grads``,
``clip``), built by the matching ``*_frames`` function. A live page does not rebuild the
Altair chart on every redraw (≈15 ms each: Altair's build and ``to_dict``): ``template`` turns a
chart built on named data into a Vega-Lite dict once, and ``filled`` puts new frames into
a copy of it (≈1 ms). ``chart.to_dict()`` of a chart built on frames gives the same spec.

Files: ``forecast_csv`` (the weights file is ``lstm_core.save_checkpoint``).
"""
from __future__ import annotations

import copy

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import EXACT_FORMAT, MARKER_COLOR, OKABE_ITO, drop_default_view, finish

# Legend entries drawn as short lines, dashed like their series.
LINE_LEGEND = {"symbolType": "stroke", "symbolStrokeWidth": 3, "symbolSize": 400}
MAX_POINTS = 300          # per series: more points than pixels only cost the browser time
LINE_HEIGHT = 280         # plot area of the loss and gradient charts, pixels
FORECAST_HEIGHT = 320
TRAIN_COLOR, TEST_COLOR = OKABE_ITO[0], OKABE_ITO[5]   # blue, vermillion
ACTUAL_COLOR = "#404040"
GATE_COLORS = {"f": OKABE_ITO[0], "i": OKABE_ITO[2], "a": OKABE_ITO[1], "o": OKABE_ITO[3],
               "readout": OKABE_ITO[4], "total": "#000000"}
GRAD_KEYS = ("f", "i", "a", "o", "readout", "total")


# ---------------------------------------------------------------------------------------
# Data sets


def thin(n: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices of at most ``max_points`` evenly spread items of ``n``, the last one always in."""
    if n <= max_points:
        return np.arange(n)
    idx = np.linspace(0, n - 1, max_points).round().astype(int)
    return np.unique(idx)


def _long(x, series: dict[str, np.ndarray], x_name: str, positive: bool) -> pd.DataFrame:
    """Long format (x, series, value) without the points a (log) chart can't draw."""
    x = np.asarray(x)
    parts = []
    for name, values in series.items():
        v = np.asarray(values, dtype=float)
        keep = np.isfinite(v) & (v > 0) if positive else np.isfinite(v)
        parts.append(pd.DataFrame({x_name: x[keep], "series": name, "value": v[keep]}))
    return pd.concat(parts, ignore_index=True)


def history_arrays(history, max_points: int = MAX_POINTS) -> dict[str, np.ndarray]:
    """Epochs, losses and gradient norms of a list of ``EpochReport``, thinned for drawing.

    Returns arrays of shape (K,), K <= max_points: ``epoch``, ``train_loss``,
    ``test_loss`` and ``grad_<name>`` for every gradient norm of the reports.
    """
    idx = thin(len(history), max_points)
    picked = [history[k] for k in idx]
    out = {"epoch": np.array([r.epoch for r in picked], dtype=int),
           "train_loss": np.array([r.train_loss for r in picked], dtype=float),
           "test_loss": np.array([r.test_loss for r in picked], dtype=float)}
    for name in (picked[0].grad_norms if picked else GRAD_KEYS):
        out[f"grad_{name}"] = np.array([r.grad_norms[name] for r in picked], dtype=float)
    return out


def loss_frames(epoch, train_loss, test_loss, names: dict, marker: int | None = None) -> dict:
    """Data sets of ``loss_chart``.

    epoch, train_loss, test_loss : (K,) arrays; names : {"train": ..., "test": ...} legend
    names; marker : an epoch to mark with a vertical rule (the replayed snapshot) or None.
    """
    loss = _long(epoch, {names["train"]: train_loss, names["test"]: test_loss}, "epoch", positive=True)
    return {"loss": loss, "marker": pd.DataFrame({"epoch": [] if marker is None else [int(marker)]},
                                                 dtype=int)}


def grad_frames(epoch, norms: dict[str, np.ndarray], names: dict, clip: float | None,
                marker: int | None = None) -> dict:
    """Data sets of ``grad_chart``: norms {key: (K,)} for keys in ``GRAD_KEYS``, ``names``
    the legend name of each key, ``clip`` the clipping threshold (None: off)."""
    grads = _long(epoch, {names[k]: norms[k] for k in GRAD_KEYS if k in norms}, "epoch", positive=True)
    return {"grads": grads,
            "clip": pd.DataFrame({"value": [] if clip is None else [float(clip)]}, dtype=float),
            "marker": pd.DataFrame({"epoch": [] if marker is None else [int(marker)]}, dtype=int)}


def forecast_frames(months, actual, evaluation=None, *, n_train: int, names: dict) -> dict:
    """Data sets of ``forecast_chart``.

    months : (N,) datetime64 or pandas Timestamps, or period numbers (a series without
    dates; draw with ``forecast_chart(..., kind="Q")``); actual : (N,) values;
    evaluation : an ``lstm_core.Evaluation`` (predictions in passengers for the months
    ``t_train`` and ``t_test``) or None for the data alone; n_train : months in the
    training part; names : legend names {"actual", "train", "test"}.
    """
    months = np.asarray(months)
    if not np.issubdtype(months.dtype, np.number):       # dates; period numbers stay numbers
        months = pd.to_datetime(pd.Series(months)).to_numpy()
    series = [pd.DataFrame({"month": months, "series": names["actual"],
                            "value": np.asarray(actual, dtype=float)})]
    if evaluation is not None:
        for steps, pred, name in ((evaluation.t_train, evaluation.pred_train, names["train"]),
                              (evaluation.t_test, evaluation.pred_test, names["test"])):
            pred = np.asarray(pred, dtype=float)
            keep = np.isfinite(pred)
            series.append(pd.DataFrame({"month": months[np.asarray(steps)[keep]], "series": name,
                                        "value": pred[keep]}))
    split = pd.DataFrame({"start": [months[n_train]], "end": [months[-1]]})
    return {"series": pd.concat(series, ignore_index=True), "split": split}


# ---------------------------------------------------------------------------------------
# Charts


def _data(frames: dict | None, name: str):
    """A frame for a chart drawn directly, or a named reference for a template."""
    return alt.Data(name=name) if frames is None else frames[name]


def _rule(data, x_title: str) -> alt.Chart:
    return alt.Chart(data).mark_rule(color=MARKER_COLOR, strokeWidth=2, strokeDash=[6, 4]).encode(
        x="epoch:Q", tooltip=[alt.Tooltip("epoch:Q", title=x_title)])


def _drawn(frames: dict | None, *names: str) -> bool:
    """Whether the layers on data sets ``names`` have rows to draw (a template always has).

    A layer on an empty data set makes Vega log "Infinite extent" for the scale it shares.
    """
    return frames is None or all(len(frames[name]) for name in names)


EPOCH_AXIS = alt.Axis(format="d", tickMinStep=1)   # epochs are whole numbers


def _points(hover: bool, size: int):
    """Invisible points that carry a tooltip per value, or none (a live chart: each point is
    an SVG element the browser redraws several times a second)."""
    return alt.OverlayMarkDef(size=size, opacity=0) if hover else False


def loss_chart(frames: dict | None, labels: dict, *, hover: bool = True) -> alt.LayerChart:
    """Train and test loss per epoch, log y; a dashed rule at the marked epoch.

    frames : ``loss_frames(...)``, or None for a template on named data.
    hover : invisible points with a tooltip on every value. Off while training: each point
    is an SVG element, and with them the browser fell seconds behind the server (measured).
    labels : title, subtitle, x (epoch axis), y (loss axis), train, test (legend names),
    series (tooltip name of a line).
    """
    names = [labels["train"], labels["test"]]
    lines = alt.Chart(_data(frames, "loss")).mark_line(
        strokeWidth=3, point=_points(hover, 60)).encode(
        x=alt.X("epoch:Q", title=labels["x"], axis=EPOCH_AXIS, scale=alt.Scale(nice=False)),
        y=alt.Y("value:Q", title=labels["y"], scale=alt.Scale(type="log")),
        color=alt.Color("series:N", title=None, sort=names,
                        scale=alt.Scale(domain=names, range=[TRAIN_COLOR, TEST_COLOR]),
                        legend=alt.Legend(orient="top", **LINE_LEGEND)),
        tooltip=[alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("epoch:Q", title=labels["x"]),
                 alt.Tooltip("value:Q", title=labels["y"], format=EXACT_FORMAT)])
    layers = [lines]
    if _drawn(frames, "marker"):
        layers.append(_rule(_data(frames, "marker"), labels["x"]))
    return finish(layers, labels["title"], height=LINE_HEIGHT, subtitle=labels.get("subtitle"))


def grad_chart(frames: dict | None, labels: dict, *, hover: bool = True) -> alt.LayerChart:
    """Gradient norm per gate (and readout, total) per epoch, log y, and the clip threshold.

    frames : ``grad_frames(...)`` or None for a template; labels : title, subtitle, x, y,
    series, clip (the threshold's tooltip name) and one legend name per key of
    ``GRAD_KEYS``; hover : a tooltip on every value (see ``loss_chart``).
    """
    names = [labels[k] for k in GRAD_KEYS]
    # colour and dash share one legend (same field, same definition): the readout is dashed there too
    legend = alt.Legend(orient="top", columns=2, **LINE_LEGEND)
    lines = alt.Chart(_data(frames, "grads")).mark_line(
        strokeWidth=2.5, point=_points(hover, 50)).encode(
        x=alt.X("epoch:Q", title=labels["x"], axis=EPOCH_AXIS, scale=alt.Scale(nice=False)),
        y=alt.Y("value:Q", title=labels["y"], scale=alt.Scale(type="log")),
        color=alt.Color("series:N", title=None, sort=names,
                        scale=alt.Scale(domain=names, range=[GATE_COLORS[k] for k in GRAD_KEYS]),
                        legend=legend),
        strokeDash=alt.StrokeDash("series:N", title=None, sort=names, legend=legend, scale=alt.Scale(
            domain=names, range=[[1, 0]] * 4 + [[4, 3], [1, 0]])),
        tooltip=[alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("epoch:Q", title=labels["x"]),
                 alt.Tooltip("value:Q", title=labels["y"], format=EXACT_FORMAT)])
    layers = [lines]
    if _drawn(frames, "clip"):
        layers.append(alt.Chart(_data(frames, "clip")).mark_rule(
            color=MARKER_COLOR, strokeWidth=2, strokeDash=[2, 3]).encode(
            y="value:Q", tooltip=[alt.Tooltip("value:Q", title=labels["clip"])]))
    if _drawn(frames, "marker"):
        layers.append(_rule(_data(frames, "marker"), labels["x"]))
    return finish(layers, labels["title"], height=LINE_HEIGHT, subtitle=labels.get("subtitle"))


def forecast_chart(frames: dict | None, labels: dict, *, hover: bool = True, kind: str = "T",
                   monthly: bool = True) -> alt.LayerChart:
    """Actual values and the one-step predictions, the test periods shaded.

    frames : ``forecast_frames(...)`` or None for a template; labels : title, subtitle,
    x, y, actual, train, test (legend names), series (tooltip name), train_part and
    test_part (the words written over the two parts); hover : a tooltip on every value;
    kind : "T" dates on the x-axis, "Q" period numbers; monthly : a tick per year (dates).
    """
    names = [labels["actual"], labels["train"], labels["test"]]
    legend = alt.Legend(orient="top", **LINE_LEGEND)     # shared by colour and dash
    fmt = "%Y-%m" if kind == "T" else "d"
    axis = (alt.Axis(format="%Y", **({"tickCount": "year"} if monthly else {})) if kind == "T"
            else alt.Axis(format="d", tickMinStep=1))
    x = alt.X(f"month:{kind}", title=labels["x"], axis=axis)
    start, end = f"start:{kind}", f"end:{kind}"
    part = [alt.Tooltip(start, title=labels["test_part"], format=fmt),
            alt.Tooltip(end, title=" ", format=fmt)]
    shade = alt.Chart(_data(frames, "split")).mark_rect(color="#000000", opacity=0.06).encode(
        x=start, x2=end, tooltip=part)
    split = alt.Chart(_data(frames, "split")).mark_rule(
        color=MARKER_COLOR, strokeWidth=2, strokeDash=[6, 4]).encode(
        x=start, tooltip=[alt.Tooltip(start, title=labels["test_part"], format=fmt)])
    words = alt.Chart(_data(frames, "split"))
    train_word = words.mark_text(align="right", baseline="top", dx=-8, dy=6, fontSize=16,
                                 color=TRAIN_COLOR, fontWeight="bold").encode(
        x=start, y=alt.value(0), text=alt.value(labels["train_part"] + " ←"), tooltip=part)
    test_word = words.mark_text(align="left", baseline="top", dx=8, dy=6, fontSize=16,
                                color=TEST_COLOR, fontWeight="bold").encode(
        x=start, y=alt.value(0), text=alt.value("→ " + labels["test_part"]), tooltip=part)
    lines = alt.Chart(_data(frames, "series")).mark_line(
        strokeWidth=2.5, point=_points(hover, 50)).encode(
        x=x,
        y=alt.Y("value:Q", title=labels["y"], scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, sort=names,
                        scale=alt.Scale(domain=names, range=[ACTUAL_COLOR, TRAIN_COLOR, TEST_COLOR]),
                        legend=legend),
        strokeDash=alt.StrokeDash("series:N", title=None, sort=names, legend=legend, scale=alt.Scale(
            domain=names, range=[[1, 0], [6, 3], [6, 3]])),
        tooltip=[alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip(f"month:{kind}", title=labels["x"], format=fmt),
                 alt.Tooltip("value:Q", title=labels["y"], format=EXACT_FORMAT)])
    return finish([shade, lines, split, train_word, test_word], labels["title"], height=FORECAST_HEIGHT,
                  subtitle=labels.get("subtitle"), wrap=100)    # the whole width of the page


# ---------------------------------------------------------------------------------------
# Live drawing: a Vega-Lite template filled with new data


def template(chart: alt.TopLevelMixin, validate: bool = True) -> dict:
    """The Vega-Lite dict of a chart built on named data (``frames=None``), or of any chart.

    Altair's default view size (``config.view.continuousWidth`` 300 px) is dropped: with
    it a chart on a discrete axis (a heatmap's months) keeps a fixed narrow width instead
    of filling its column. ``validate=False`` skips the schema check (≈15 ms a chart) for
    builders whose output the tests validate.
    """
    spec = chart.to_dict(validate=validate)
    drop_default_view(spec)
    return spec


def filled(spec: dict, frames: dict[str, pd.DataFrame]) -> dict:
    """A copy of ``spec`` whose named data sets are ``frames`` (for ``st.vega_lite_chart``).

    Layers whose data set is empty (no marked epoch, no clipping) are left out of the copy:
    an empty data set on a scale it shares with other layers makes Vega log "Infinite
    extent" on every redraw.
    """
    out = copy.copy(spec)
    out["datasets"] = dict(frames)
    if "layer" in spec:
        out["layer"] = [layer for layer in spec["layer"]
                        if len(frames.get(layer.get("data", {}).get("name"), [None]))]
    return out


# ---------------------------------------------------------------------------------------
# Files

def forecast_csv(months, actual, evaluation, n_train: int, column: str = "month") -> str:
    """CSV of month (or ``column``), actual value, prediction (empty where there is none)
    and part. ``months``: dates (written "1949-01") or texts written as they are."""
    months = pd.Series(months)
    if not pd.api.types.is_string_dtype(months):
        months = pd.to_datetime(months).dt.strftime("%Y-%m")
    pred = np.full(len(months), np.nan)
    pred[evaluation.t_train] = evaluation.pred_train
    pred[evaluation.t_test] = evaluation.pred_test
    frame = pd.DataFrame({column: months, "actual": np.asarray(actual, dtype=float),
                          "predicted": pred,
                          "part": np.where(np.arange(len(months)) < n_train, "train", "test")})
    return frame.to_csv(index=False, float_format="%.4f")
