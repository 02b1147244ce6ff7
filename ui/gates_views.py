"""Charts and tables of the "why gates?" page (``pages/3_Why_gates.py``): pure functions.

NumPy in, Altair charts (or a pandas DataFrame) out; no Streamlit, so they are tested
without a server. Texts are passed in already translated, as for ``ui.charts``.

- ``log_lines``: several positive series on one log-scale chart; values a log axis can't
  show (inf, NaN, exactly 0) become labelled markers at its top or bottom edge.
- ``gradient_pair``: two (rows, columns) matrices side by side on one diverging scale.
- ``cosine_chart``: one bar per parameter, cosine similarity on [-1, 1].
- ``training_chart``: train/test loss of full BPTT and truncated, log scale.
- ``gradcheck_table``: the live gradient check as a DataFrame.
- ``sci``: numbers as ``3.2 × 10⁻¹²``, with ``inf``/``NaN`` spelled out.

The unit x time heatmaps are ``ui.charts.heatmap`` (kinds "signed", "magnitude", "gate").
"""
from __future__ import annotations


import altair as alt
import numpy as np
import pandas as pd

from ui.charts import OKABE_ITO, exact, finish, heatmap, magnitude_domain  # noqa: F401 (page uses it)

# The recursions the page shows next to its charts (maths is the same in both languages).
RNN_BACKWARD = (r"\frac{\partial L}{\partial h_{t-1}} = W_h^\top\!\left("
                r"\frac{\partial L}{\partial h_t} \odot (1 - h_t^2)\right)")
LSTM_BACKWARD = (r"\frac{\partial L}{\partial c_{t-1}} = f_t \odot \frac{\partial L}{\partial c_t}"
                 r" + \cdots")
GRU_BACKWARD = (r"\frac{\partial L}{\partial h_{t-1}} = z_t \odot \frac{\partial L}{\partial h_t}"
                r" + \cdots")
LOSS = r"L = u \cdot h_T,\quad \lVert u \rVert = 1 \;\Rightarrow\; \left\lVert \frac{\partial L}{\partial h_T} \right\rVert = 1"
PRODUCT = r"\prod_{s=t+1}^{T} f_s"


def family(cell: str) -> str:
    """"rnn", "gru" or "lstm" (the LSTM and its variants): which recursion and text a cell gets."""
    return cell if cell in ("rnn", "gru") else "lstm"


def backward_latex(cell: str) -> str:
    """The one-step-back recursion of ``cell``'s gradient, as LaTeX."""
    return {"rnn": RNN_BACKWARD, "gru": GRU_BACKWARD, "lstm": LSTM_BACKWARD}[family(cell)]


MARKER_RED = "#D55E00"        # Okabe-Ito vermillion: overflow (inf, NaN)
MARKER_GREY = "#555555"       # underflow (exactly 0)
STROKE = 3
LOG_HEIGHT = 340
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(value: float, digits: int = 2) -> str:
    """``3.2 × 10⁻¹²`` for a projector; plain ``0.53`` between 0.01 and 1000; ``inf``,
    ``-inf`` and ``NaN`` as such."""
    if value is None or np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    if 1e-2 <= abs(value) < 1e3:
        return f"{value:.{digits + 1}g}"
    exponent = int(np.floor(np.log10(abs(value))))
    mantissa = value / 10.0 ** exponent
    if round(abs(mantissa), digits - 1) >= 10:    # 9.99 rounds to 10.0
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:.{digits - 1}f} × 10{str(exponent).translate(SUPERSCRIPT)}"


LOG_EXPONENTS = (-323, 308)   # 10^k is a float64 above 0 and below inf for k in this range


def decade_domain(*arrays, floor: float = 1e-320, pad_low: bool = False,
                  pad_high: bool = False) -> tuple[float, float]:
    """The smallest ``[10^a, 10^b]`` (a < b integers) holding every finite value above 0.

    (1e-1, 1e1) when there is none. ``pad_low``/``pad_high`` add one decade below/above
    (room for markers). a and b stay within LOG_EXPONENTS, so the ends are finite floats
    above 0 even for values near the float64 limits (1e-320, 1.6e308).
    """
    vals = np.concatenate([np.ravel(np.asarray(a, float)) for a in arrays]) if arrays else np.array([])
    vals = vals[np.isfinite(vals) & (vals > floor)]
    if vals.size == 0:
        lo, hi = -1, 1
    else:
        lo = int(np.floor(np.log10(vals.min())))
        hi = int(np.ceil(np.log10(vals.max())))
    lo, hi = lo - int(pad_low), hi + int(pad_high)
    lo, hi = max(lo, LOG_EXPONENTS[0]), min(hi, LOG_EXPONENTS[1])
    if hi <= lo:
        hi = lo + 1
    return 10.0 ** lo, 10.0 ** hi


def decade_ticks(lo: float, hi: float, max_ticks: int = 8) -> list[float]:
    """Powers of ten between ``lo`` and ``hi`` (both powers of ten) for a log axis: every
    k-th decade (k = 1, 2, 5, 10, 20, 50, ...) so there are at most ``max_ticks``, plus an
    end that is more than half a step from its neighbour (so no two labels collide and
    Vega drops none): an axis over 600 decades stays readable."""
    a, b = int(round(np.log10(lo))), int(round(np.log10(hi)))
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200) if (b - a) / s < max_ticks)
    ks = [k for k in range(a, b + 1) if k % step == 0]
    if not ks or ks[0] - a > step / 2:
        ks.insert(0, a)
    if ks[-1] != b and b - ks[-1] > step / 2:
        ks.append(b)
    return [10.0 ** k for k in ks]


# Vega expression: a tick value 10^k shown as "10⁻¹²" (superscript digits read well on a projector).
POWER_OF_TEN = "'10' + " + "".join("replace(" for _ in range(11)) + \
    "toString(round(log(datum.value) / LN10))" + \
    "".join(f", regexp('{c}', 'g'), '{sup}')" for c, sup in zip(["[-−]", *"0123456789"], "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def log_lines(series: dict, title: str, *, x_label: str, y_title: str, inf_label: str,
              zero_label: str, x_values=None, colors=None, dashes=None,
              height: int = LOG_HEIGHT) -> alt.LayerChart:
    """Several positive series over time on one log-scale chart.

    Parameters
    ----------
    series : dict of str to array_like (T,)
        Legend name to values, all of the same length T.
    title, x_label, y_title : str
        Chart title, axis titles; ``title`` also names the series in the tooltip.
    inf_label, zero_label : str
        Tooltip texts of the markers: a point that is inf or NaN (the number overflowed)
        is drawn as a red triangle on the top edge, a point that is exactly 0 (it
        underflowed) as a grey triangle on the bottom edge; the axis gets one extra
        decade on that side so no marker sits on a real value. The tooltip also shows
        the value itself ("inf", "NaN", "0").
    x_values : array_like (T,), optional
        The x coordinates; default ``1..T`` (the page numbers steps from 1).
    colors, dashes : list, optional
        One colour (default Okabe-Ito) and one dash pattern (default solid) per series.
    """
    if not series:
        raise ValueError("series must name at least one series, got an empty dict")
    arrays = {name: np.asarray(v, dtype=float) for name, v in series.items()}
    shapes = {a.shape for a in arrays.values()}
    if len(shapes) != 1 or len(next(iter(shapes))) != 1 or next(iter(shapes))[0] == 0:
        raise ValueError(f"every series must be 1-D with the same non-zero length, got shapes "
                         f"{ {n: a.shape for n, a in arrays.items()} }")
    T = next(iter(shapes))[0]
    x_values = np.arange(1, T + 1) if x_values is None else np.asarray(x_values)
    if x_values.shape != (T,):
        raise ValueError(f"x_values must have shape ({T},), got {x_values.shape}")
    names = list(arrays)
    colors = list(colors or OKABE_ITO[:len(names)])
    dashes = list(dashes or [[1, 0]] * len(names))
    lo, hi = decade_domain(*arrays.values(),      # a decade of room for markers: above every real value
                           pad_high=any((~np.isfinite(a)).any() for a in arrays.values()),
                           pad_low=any((np.isfinite(a) & (a <= 0)).any() for a in arrays.values()))

    frames, marks = [], []
    for name, a in arrays.items():
        drawable = np.isfinite(a) & (a > 0)
        frames.append(pd.DataFrame({"time": x_values, "series": name,
                                    "value": np.where(drawable, a, np.nan),
                                    "shown": [exact(v) for v in a]}))
        over = ~np.isfinite(a)
        under = np.isfinite(a) & (a <= 0)
        for mask, edge, kind in ((over, hi, "over"), (under, lo, "under")):
            if mask.any():
                marks.append(pd.DataFrame({"time": x_values[mask], "series": name, "value": edge,
                                           "shown": [exact(v) for v in a[mask]],
                                           "kind": kind,
                                           "what": inf_label if kind == "over" else zero_label}))
    data = pd.concat(frames, ignore_index=True)
    legend = alt.Legend(orient="top", symbolType="stroke", symbolStrokeWidth=STROKE, symbolSize=500,
                        labelLimit=600, columns=min(len(names), 3))
    # colour and dash share one legend (same field, same legend), so a dashed line looks dashed there too
    color = alt.Color("series:N", title=None, sort=names, scale=alt.Scale(domain=names, range=colors),
                      legend=legend)
    dash = alt.StrokeDash("series:N", title=None, sort=names, scale=alt.Scale(domain=names, range=dashes),
                          legend=legend)
    x_domain = [float(x_values.min()), float(x_values.max())] if T > 1 else alt.Undefined
    x = alt.X("time:Q", title=x_label, scale=alt.Scale(domain=x_domain, nice=False),
              axis=alt.Axis(tickMinStep=1, format="d"))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log", domain=[lo, hi], clamp=True),
              axis=alt.Axis(values=decade_ticks(lo, hi), labelExpr=POWER_OF_TEN))
    tooltip = [alt.Tooltip("series:N", title=title), alt.Tooltip("time:Q", title=x_label, format="d"),
               alt.Tooltip("shown:N", title=y_title)]
    lines = (alt.Chart(data)
             .mark_line(strokeWidth=STROKE, point=alt.OverlayMarkDef(size=80, opacity=0))
             .encode(x=x, y=y, color=color, strokeDash=dash, detail="series:N", tooltip=tooltip))
    layers = [lines]
    if marks:
        m = pd.concat(marks, ignore_index=True)
        for kind, shape, fill in (("over", "triangle-up", MARKER_RED), ("under", "triangle-down", MARKER_GREY)):
            part = m[m["kind"] == kind]
            if len(part):
                layers.append(alt.Chart(part).mark_point(shape=shape, filled=True, size=140, color=fill,
                                                         opacity=1, stroke="white", strokeWidth=1)
                              .encode(x=x, y=y, tooltip=[alt.Tooltip("what:N", title=title),
                                                         alt.Tooltip("series:N", title=" "),
                                                         alt.Tooltip("time:Q", title=x_label, format="d"),
                                                         alt.Tooltip("shown:N", title=y_title)]))
    return finish(layers, title, height=height)


def gradient_pair(left, right, titles: tuple[str, str], *, x_label: str, y_label: str,
                  column_labels, value_label: str, height: int | None = None
                  ) -> tuple[alt.LayerChart, alt.LayerChart]:
    """Two gradient matrices (rows = units, columns = inputs) on one colour scale.

    ``left`` and ``right`` have the same shape (R, C), e.g. dL/dW_f of shape (H, H + D)
    from full BPTT and from the truncated gradient; ``column_labels`` (C,) names the
    columns (h1 ... hH, x). The diverging scale is centred at 0 on [-m, m], m the largest
    finite |value| of both, so equal colours mean equal numbers. Returns two charts
    (``ui.charts.heatmap`` with the columns along x), to be drawn side by side (in two
    columns, so each gets the column's width).
    """
    left, right = np.asarray(left, float), np.asarray(right, float)
    if left.shape != right.shape or left.ndim != 2:
        raise ValueError(f"left and right must be 2-D of the same shape, got {left.shape} and {right.shape}")
    R, C = left.shape
    column_labels = [str(label) for label in column_labels]
    if len(column_labels) != C:
        raise ValueError(f"column_labels must have {C} entries, got {len(column_labels)}")
    both = np.concatenate([left.ravel(), right.ravel()])
    finite = both[np.isfinite(both)]
    m = float(np.abs(finite).max()) if finite.size else 0.0
    m = m if m > 0 else 1.0
    if height is None:
        height = int(np.clip(22 * R, 160, 420))
    left_chart, right_chart = (
        heatmap(values.T, title, "signed", x_label=x_label, y_label=y_label, x_values=column_labels,
                domain=(-m, m), value_label=value_label, height=height, max_x_ticks=8)  # (C, R)
        for values, title in ((left, titles[0]), (right, titles[1])))
    return left_chart, right_chart


def cosine_chart(cosine: dict, title: str, *, x_label: str, all_label: str,
                 order=None) -> alt.LayerChart:
    """One horizontal bar per parameter: cosine similarity on [-1, 1], value printed.

    ``cosine`` maps parameter names (and ``"all"``) to a float (NaN allowed: no bar, the
    text says NaN); ``"all"`` is drawn last, as ``all_label``, in black.
    """
    names = list(order or [k for k in cosine if k != "all"])
    if "all" in cosine:
        names.append("all")
    labels = [all_label if n == "all" else n for n in names]
    vals = np.array([cosine[n] for n in names], dtype=float)
    ok = np.isfinite(vals)
    data = pd.DataFrame({"parameter": labels, "value": np.where(ok, vals, np.nan),
                         "shown": [f"{v:.3f}" if np.isfinite(v) else "NaN" for v in vals],
                         "exact": [exact(v) for v in vals],
                         "overall": [n == "all" for n in names],
                         "pos": np.where(ok, np.maximum(vals, 0.0), 0.0)})
    y = alt.Y("parameter:N", sort=labels, title=None, axis=alt.Axis(labelLimit=300))
    x_scale = alt.Scale(domain=[-1, 1])
    x = alt.X("value:Q", title=x_label, scale=x_scale, axis=alt.Axis(values=[-1, -0.5, 0, 0.5, 1]))
    tooltip = [alt.Tooltip("parameter:N", title=" "), alt.Tooltip("exact:N", title=x_label)]
    bars = alt.Chart(data).mark_bar().encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.condition("datum.overall", alt.value("#000000"), alt.value(OKABE_ITO[0])))
    text = alt.Chart(data).mark_text(align="left", baseline="middle", dx=5, fontSize=16).encode(
        x=alt.X("pos:Q", scale=x_scale), y=y, text="shown:N", tooltip=tooltip)   # right of the bar or of 0
    rules = alt.Chart(pd.DataFrame({"x": [0.0, 1.0]})).mark_rule(color="#666666", strokeDash=[4, 4]).encode(
        x="x:Q", tooltip=[alt.Tooltip("x:Q", title=x_label)])
    return finish([rules, bars, text], title, height=36 * len(names))


def training_chart(full_train, full_test, trunc_train, trunc_test, title: str, *, x_label: str,
                   y_title: str, names: dict, baseline: float | None = None,
                   baseline_label: str = "") -> alt.LayerChart:
    """Loss per epoch, log scale: full BPTT in blue, truncated in orange; train solid, test
    dashed. ``names`` maps "full_train", "full_test", "trunc_train", "trunc_test" to legend
    texts. A finite ``baseline`` is a grey dotted line (e.g. the MSE of predicting 0)."""
    series = {names["full_train"]: full_train, names["full_test"]: full_test,
              names["trunc_train"]: trunc_train, names["trunc_test"]: trunc_test}
    colors = [OKABE_ITO[0], OKABE_ITO[0], OKABE_ITO[5], OKABE_ITO[5]]
    dashes = [[1, 0], [7, 4], [1, 0], [7, 4]]
    if baseline is not None and np.isfinite(baseline):
        n = len(np.asarray(full_train))
        series[baseline_label] = np.full(n, baseline)
        colors.append("#777777")
        dashes.append([2, 3])
    return log_lines(series, title, x_label=x_label, y_title=y_title, inf_label="NaN/inf",
                     zero_label="0", colors=colors, dashes=dashes, height=360)


def gradcheck_table(checks, columns: dict, models: dict, statuses: dict) -> pd.DataFrame:
    """The live gradient check as a table, one row per checked entry.

    ``checks``: LiveCheck list (``lstm_core.gradient_flow.live_gradcheck``). ``columns``
    maps "model", "parameter", "analytic", "numeric", "rel_error", "eps", "status" to
    headers; ``models`` maps "rnn"/"lstm" and ``statuses`` each status to a display text.
    Numbers are formatted strings (9 significant digits, NaN/inf spelled out)
    so a tiny relative error reads as 3e-13, not 0.000.
    """
    rows = []
    for c in checks:
        e = c.entry
        index = ",".join(str(i) for i in e.index)
        rows.append({columns["model"]: models[c.model],
                     columns["parameter"]: f"{e.name}[{index}]",
                     columns["analytic"]: f"{e.analytic:.9g}" if np.isfinite(e.analytic) else exact(e.analytic),
                     columns["numeric"]: f"{e.numeric:.9g}" if np.isfinite(e.numeric) else "—",
                     columns["rel_error"]: f"{e.rel_error:.1e}" if np.isfinite(e.rel_error) else "—",
                     columns["eps"]: f"{c.eps:.1e}" if np.isfinite(c.eps) else "—",
                     columns["status"]: statuses[c.status]})
    return pd.DataFrame(rows)
