"""Helpers of the cell page (``pages/1_Cell.py``): pure functions, no Streamlit.

- ``run_cell``: the forward pass plus what the page writes into its equations (for a GRU's
  parameters, ``ui.cell_gru.run_gru``).
- ``opening_t``: the step the page opens on.
- ``unit_lines``: a quantity over time for a few units, with the input on its own axis.
- ``chart_spec``/``bind_marker``/``marker_sync_html``: charts built once per run, their t
  marker moved in the browser (a Vega param bound to a hidden input), never resent per step.
- ``trace_csv``: the whole trace as CSV.

The diagram and the equations with numbers live in ``ui.cell_figures`` (re-exported here).
Texts are passed in already translated, as for ``ui.charts``.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from lstm_core import (ForecasterParams, GRUParams, LSTMParams, forward, init_gru_params, init_params,
                       layer_input, pre_activations)
from lstm_core.cell import GATES, pre_activation_parts
from lstm_core.cells import GRU, LSTM, cell_of
from lstm_core.presets import PRESETS
from ui.cell_figures import (MINUS, diagram_svg, fmt, gate_color, meaning_values,  # noqa: F401
                             numbers_latex, percent, signed_color, step_latex, text_color)
from ui.cell_gru import GRURun, run_gru
from ui.cell_gru import numbers_latex as gru_numbers_latex  # noqa: F401
from ui.cell_run import TraceRun
from ui.charts import AUTOSIZE, MARKER_COLOR, OKABE_ITO, drop_default_view, exact, finish

BOUNDED = ("a", "h")      # tanh outputs, in (-1, 1): their scale is fixed, not fitted to the data

# ---------------------------------------------------------------------------------------
# The run: forward pass + what the equations show


@dataclass
class CellRun(TraceRun):
    """One LSTM forward pass of one layer over one sequence (``TraceRun``): ``f, i, a, o, c, h``
    (T, H) read from the trace, ``c_prev, h_prev`` (T, H) the states each step starts from;
    ``z`` maps each gate to its pre-activation (T, H), the sum of its parts:
    ``z[g] = z_h[g] + z_x[g] + bias[g]``.
    """

    z: dict

    @property
    def c_prev(self) -> np.ndarray:
        """c_{t-1} for every t (T, H), zeros first."""
        return self.trace.c_prev

    def scale(self, q: str) -> float:
        """The half-width m of the diverging scale [-m, m] the heatmap of ``q`` uses: 1 for
        the tanh outputs ã and h, the largest |c| of the whole sequence for c."""
        if q in BOUNDED:
            return 1.0
        values = getattr(self, q)
        m = float(np.abs(values[np.isfinite(values)]).max()) if np.isfinite(values).any() else 0.0
        return m if m > 0 else 1.0

    def at(self, t: int, j: int) -> dict[str, float]:
        """Every value of unit ``j`` at step ``t``: the trace, the states it starts from,
        the pre-activations and their parts (``z_f``, ``zh_f``, ``zx_f``, ``b_f``, ...),
        ``x`` (the input, when D = 1) and ``tanh_c``."""
        out = {q: float(getattr(self, q)[t, j]) for q in self.quantities}
        out["c_prev"] = float(self.c_prev[t, j])
        out["h_prev"] = float(self.h_prev[t, j])
        out["tanh_c"] = float(np.tanh(self.c[t, j]))
        out["x"] = float(self.x[t, 0]) if self.x.shape[1] == 1 else float("nan")
        for g in GATES:
            out[f"z_{g}"] = float(self.z[g][t, j])
            out[f"zh_{g}"] = float(self.z_h[g][t, j])
            out[f"zx_{g}"] = float(self.z_x[g][t, j])
            out[f"b_{g}"] = float(self.bias[g][j])
        return out


def run_cell(params: LSTMParams | GRUParams, x: np.ndarray) -> CellRun | GRURun:
    """Run ``params`` over ``x`` (T, D) from zero states and split every pre-activation.

    The split uses the same weights as ``lstm_core.forward``: the first H columns of
    ``W_g`` act on h_{t-1}, the last D on x_t. A GRU's parameters give a ``GRURun``.
    """
    if cell_of(params) is GRU:
        return run_gru(params, x)
    x = np.asarray(x, dtype=float)
    trace = forward(params, x)
    parts = pre_activation_parts(params, trace)     # g -> (z_h (T, H), z_x (T, H), b (H,))
    return CellRun(x=x, trace=trace, cell=LSTM, z_h={g: p[0] for g, p in parts.items()},
                   z_x={g: p[1] for g, p in parts.items()}, bias={g: p[2] for g, p in parts.items()},
                   z=pre_activations(params, trace))


def cell_and_input(weights: tuple, x: np.ndarray, trained_arrays: dict | None = None):
    """The layer's weights and its input for a choice of the page's weights.

    ``weights`` is ``("random", H, seed, forget_bias)``, ``("gru", H, seed)`` (a GRU), ``(preset_name,)`` (a key of
    ``lstm_core.presets.PRESETS``) or ``("trained", layer)`` with ``trained_arrays`` the
    forecaster's ``to_npz_dict()``. ``x`` is the sequence (T, 1). Layer k > 0 of a trained
    model reads the h of layer k - 1 (``lstm_core.layer_input``), so its input is
    (T, H of layer k - 1).

    Returns (LSTMParams or GRUParams, input (T, D)).
    """
    kind = weights[0]
    if kind == "random":
        _, H, seed, forget_bias = weights
        return init_params(1, H, seed=seed, forget_bias=forget_bias), x
    if kind == "gru":
        _, H, seed = weights
        return init_gru_params(1, H, seed=seed), x
    if kind == "trained":
        layers = ForecasterParams.from_npz_dict(trained_arrays).layers
        layer = weights[1]
        x = layer_input(layers, x, layer)               # checks the layer
        return layers[layer], x
    if kind in PRESETS:
        return PRESETS[kind](), x
    raise ValueError(f"weights must be random, trained or one of {sorted(PRESETS)}, got {kind!r}")


def opening_t(x: np.ndarray) -> int:
    """The step the page opens on, where the numbers say something: the step nearest the
    middle of ``x`` (T, D) whose first feature is at least 3/4 of its largest size (on the
    default sine that is t = 22, x = -0.87, after 22 steps of history), never t = 0 with
    its zero states unless the sequence has one step."""
    x = np.asarray(x, dtype=float)
    T = x.shape[0]
    if T == 1:
        return 0
    size = np.abs(x[:, 0])
    size = np.where(np.isfinite(size), size, 0.0)
    middle = T // 2
    strong = [k for k in range(1, T) if size[k] >= 0.75 * size.max() and size[k] > 0]
    return min(strong, key=lambda k: (abs(k - middle), k)) if strong else middle


# ---------------------------------------------------------------------------------------
# Line charts


def unit_lines(values: np.ndarray, units: list[int], title: str, *, unit_label: str,
               x_label: str, value_label: str, marked: int, x: np.ndarray | None = None,
               input_label: str = "x", gate: bool = False, height: int = 200) -> dict:
    """One quantity over time for the chosen ``units``, the input on a right-hand axis.

    Returns the Vega-Lite dict (data sets as DataFrames, like ``chart_spec``): the chart
    itself depends only on the labels and is built with Altair once (``_lines_template``);
    the numbers go in as three named data sets, ``units``, ``input`` and the t ``marker``.

    Parameters
    ----------
    values : (T, H) the quantity; ``units`` the columns to draw (at most 7)
    unit_label : template with ``{j}``, the legend entry of unit j ("unit {j}")
    x : (T,) the input, drawn grey and dashed on its own axis; None to leave it out
    gate : fix the value axis to [0, 1]
    marked : index of the step marked with a vertical rule
    """
    values = np.asarray(values, dtype=float)
    T = values.shape[0]
    if not 0 <= marked < T:
        raise ValueError(f"marked must be between 0 and {T - 1}, got {marked}")
    time = np.arange(T)
    names = tuple(unit_label.format(j=j) for j in units)
    units_frame = pd.DataFrame({
        "time": np.tile(time, len(units)),
        "series": np.repeat(names, T),
        "value": values[:, units].T.ravel(),         # (len(units)·T,), unit-major
    })
    units_frame["shown"] = [exact(value) for value in units_frame["value"]]
    datasets = {"units": units_frame, "marker": pd.DataFrame({"time": [marked]})}
    if x is not None:
        x = np.asarray(x, dtype=float)
        datasets["input"] = pd.DataFrame({"time": time, "series": input_label, "value": x,
                                          "shown": [exact(value) for value in x]})
    template = _lines_template(names, title, x_label, value_label,
                               input_label if x is not None else None, gate, height)
    return {**template, "datasets": datasets}


@lru_cache(maxsize=256)
def _lines_template(names: tuple, title: str, x_label: str, value_label: str,
                    input_label: str | None, gate: bool, height: int) -> dict:
    """The Vega-Lite dict of ``unit_lines`` without its data sets (validated once)."""
    domain, colors = list(names), list(OKABE_ITO[:len(names)])
    if input_label is not None:
        domain.append(input_label)
        colors.append("#8c8c8c")
    color = alt.Color("series:N", title=None, sort=domain, scale=alt.Scale(domain=domain, range=colors),
                      legend=alt.Legend(orient="top", columns=4))
    tooltip = [alt.Tooltip("series:N", title=title), alt.Tooltip("time:Q", title=x_label),
               alt.Tooltip("shown:N", title=value_label)]
    x_enc = alt.X("time:Q", title=x_label, scale=alt.Scale(nice=False),
                  axis=alt.Axis(format="d", tickMinStep=1))   # steps are whole numbers
    hover = alt.OverlayMarkDef(size=70, opacity=0)       # invisible points carry the tooltips
    y_scale = alt.Scale(domain=[0, 1]) if gate else alt.Scale(zero=False)
    layers = [alt.Chart(alt.NamedData("units")).mark_line(strokeWidth=3, point=hover).encode(
        x=x_enc, y=alt.Y("value:Q", title=value_label, scale=y_scale),
        color=color, detail="series:N", tooltip=tooltip)]
    if input_label is not None:
        layers.append(alt.Chart(alt.NamedData("input")).mark_line(
            strokeWidth=2, strokeDash=[6, 4], point=hover).encode(
            x=x_enc, y=alt.Y("value:Q", title=input_label, scale=alt.Scale(zero=False),
                             axis=alt.Axis(orient="right")),
            color=color, tooltip=tooltip))
    layers.append(alt.Chart(alt.NamedData("marker")).mark_rule(
        color=MARKER_COLOR, strokeWidth=2, strokeDash=[6, 4]).encode(
        x="time:Q", tooltip=[alt.Tooltip("time:Q", title=x_label)]))
    spec = finish(layers, title, height=height,             # validated: built once per set of labels
                  independent_y=input_label is not None).to_dict()
    return drop_default_view(spec)                  # Altair's default 300 px view, as chart_spec


# ---------------------------------------------------------------------------------------
# CSV and the parser's messages


def trace_csv(run: CellRun | GRURun) -> str:
    """The whole trace, one row per (t, unit): t, unit, the input, f, i, a, o, c, h (a GRU's
    r, z, n, h).

    The input column is ``x`` for one feature, ``x_0 .. x_{D-1}`` for several.
    """
    T, H = run.steps, run.units
    frame = pd.DataFrame({"t": np.repeat(np.arange(T), H), "unit": np.tile(np.arange(H), T)})
    D = run.x.shape[1]
    for d in range(D):
        frame["x" if D == 1 else f"x_{d}"] = np.repeat(run.x[:, d], H)
    for q in run.quantities:
        frame[q] = getattr(run, q).ravel()           # (T·H,), time-major like the rows
    out = io.StringIO()
    frame.to_csv(out, index=False, float_format="%.9g")
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Charts as cached Vega-Lite dicts: build once per run, move the t marker per step


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """An Altair chart as the Vega-Lite dict ``st.vega_lite_chart`` draws, data sets as DataFrames.

    Each DataFrame of the chart (of a layer, at any depth) becomes a named data set, as
    ``st.altair_chart`` does before it sends the data as Arrow; Altair's own ``to_dict``
    would first turn every row into a JSON record and deep-copy them all (about 100 ms for
    a 144 x 32 heatmap). Schema validation is skipped too: the tests validate every chart
    kind. The page caches the result per run; its t marker follows t (``bind_marker``).
    The chart's data are swapped in place: build a new chart for each call.
    """
    datasets: dict[str, pd.DataFrame] = {}
    names: dict[int, str] = {}

    def detach(node) -> None:
        if isinstance(getattr(node, "data", None), pd.DataFrame):
            frame = node.data
            name = names.setdefault(id(frame), f"data-{len(names)}")
            datasets[name] = frame
            node.data = alt.NamedData(name=name)
        for layer in getattr(node, "layer", None) or []:
            detach(layer)

    detach(chart)
    spec = chart.to_dict(validate=False)
    drop_default_view(spec)
    spec["datasets"] = datasets
    # Fit the width to the column and keep the chart's own height. Streamlit 1.67's default
    # for a chart without "autosize" is "fit" in both directions, which squashes a heatmap
    # (ordinal y) to a few pixels when the element's height is "content".
    spec.setdefault("autosize", AUTOSIZE.to_dict())
    return spec


def _is_marker(frame) -> bool:
    """The data of a t marker: one row, one column named "time"."""
    return isinstance(frame, pd.DataFrame) and list(frame.columns) == ["time"] and len(frame) == 1


T_PARAM = "cell_t"         # the Vega param every chart of the cell page draws its t marker from
T_ELEMENT = "cell-t-now"   # id of the hidden input that holds t in the browser (``marker_sync_html``)


def bind_marker(spec: dict, last: int) -> dict:
    """A copy of ``spec`` (from ``chart_spec``) whose t marker follows the browser's t.

    The shared builders (``ui.charts.heatmap``, ``ui.charts.lines``) and ``unit_lines`` draw
    the marker from its own one-row data set ``{"time": [t]}``. Here that data set goes, and
    the marker's layers compute ``time`` from the Vega param ``T_PARAM``, bound to the hidden
    input ``#T_ELEMENT`` that ``marker_sync_html`` fills in. The chart then never changes
    with t: the page sends it once per run, and a step moves the marker in the browser
    without resending or redrawing the cells. ``last`` is the last step, T - 1: the time
    axis is fixed to 0..last, and a t outside it draws no marker.
    """
    names = [name for name, frame in spec["datasets"].items() if _is_marker(frame)]
    if len(names) != 1:
        raise ValueError("the chart must have exactly one t marker to bind")
    marker = {"name": names[0]}
    follow = [{"calculate": f"toNumber({T_PARAM})", "as": "time"},
              {"filter": f"datum.time >= 0 && datum.time <= {int(last)}"}]

    def fixed(x: dict) -> dict:
        """The time axis with its domain written out: computed from the data, it would
        include the marker's data, and a move of the marker would re-encode every cell."""
        domain = list(range(int(last) + 1)) if x.get("type") == "ordinal" else [0, int(last)]
        return {**x, "scale": {**x.get("scale", {}), "domain": domain}}

    def rebind(layer: dict) -> dict:
        if "layer" in layer:
            return {**layer, "layer": [rebind(child) for child in layer["layer"]]}
        x = layer.get("encoding", {}).get("x", {})
        if x.get("field") == "time":
            layer = {**layer, "encoding": {**layer["encoding"], "x": fixed(x)}}
        return {**layer, "data": {"values": [{}]}, "transform": follow} if layer.get("data") == marker else layer

    bound = rebind({k: v for k, v in spec.items() if k != "datasets"})
    bound["params"] = [*spec.get("params", []),
                       {"name": T_PARAM, "value": 0, "bind": {"element": f"#{T_ELEMENT}"}}]
    bound["datasets"] = {name: frame for name, frame in spec["datasets"].items() if name != names[0]}
    return bound


_MAKE_BOX = (f"let box = document.getElementById('{T_ELEMENT}');"
             "if (box === null) {"
             f"box = document.createElement('input'); box.type = 'hidden'; box.id = '{T_ELEMENT}';"
             "box.value = ''; document.body.appendChild(box); }")


def marker_box_html() -> str:
    """A script (for ``st.html(..., unsafe_allow_javascript=True)``, above every chart) that
    makes the hidden input every ``bind_marker`` chart is bound to, once, on the document's
    body: outside Streamlit's elements, it outlives every rerun, and it exists before any
    chart binds to it. Always the same text, so Streamlit runs it once per page view."""
    return f"<script>(() => {{ {_MAKE_BOX} }})();</script>"


def marker_sync_html(t: int) -> str:
    """A script (for ``st.html(..., unsafe_allow_javascript=True)``, last in the fragment) that
    puts ``t`` into the hidden input and tells the charts. The first value is written at
    once; later moves wait until the frame with the new heading, diagram and equations is
    painted, so those show first and the markers follow. Only a number goes in."""
    t = int(t)
    return ("<script>(() => {" + _MAKE_BOX +
            f"const move = () => {{ if (box.value !== '{t}') {{ box.value = '{t}';"
            " box.dispatchEvent(new Event('input')); } };"
            "if (box.value === '') { move(); } else { requestAnimationFrame(() => setTimeout(move, 0)); }"
            "})();</script>")


def arrow_datasets(spec: dict) -> dict:
    """A copy of ``spec`` with its DataFrames as Arrow IPC bytes, which ``st.vega_lite_chart``
    sends as they are: a chart cached this way is serialised once, not on every run."""
    def arrow(frame):
        if not isinstance(frame, pd.DataFrame):
            return frame
        table = pa.Table.from_pandas(frame)
        sink = pa.BufferOutputStream()
        with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
            writer.write_table(table)
        return sink.getvalue().to_pybytes()

    return {**spec, "datasets": {name: arrow(frame) for name, frame in spec["datasets"].items()}}
