"""The app's chart theme and the Altair builders every page shares.

Pure functions: NumPy in, ``alt.Chart`` out, no Streamlit, so they are tested
without a server. Draw them with ``st.altair_chart(chart, width="stretch")``.

- ``THEME``: one Vega-Lite config for every chart of the app, readable from the
  back of a classroom: ticks, axis titles and legends at 16 px in near-black,
  titles at 20 px, y-axis titles written horizontally above the axis (a Chinese
  title turned sideways can't be read). ``finish`` applies it with the title,
  the height and the one autosize setting, ``AUTOSIZE``.
- ``heatmap``: the one unit x time heatmap (gates, tanh outputs, signed values,
  orders of magnitude), fast at 500 x 64 cells.
- ``lines``: several named series over time, predictions dashed over the truth.
- ``exact``: the one formatter of an exact value for a tooltip (``EXACT_FORMAT``
  is the same in the browser).

Colours are colour-blind safe: gates on viridis over the fixed [0, 1], tanh
outputs on a diverging scale over the fixed [-1, 1], other signed values on a
diverging scale centred at 0, categories in Okabe & Ito's palette. Every mark has
a tooltip with the exact value. Non-finite values (NaN, inf) never raise: a
heatmap shows them as grey cells, a line chart leaves a gap. Texts (titles, axis
titles) are passed in already translated.
"""

import altair as alt
import numpy as np
import pandas as pd

from ui.chart_text import wrap_text

# --- The theme ----------------------------------------------------------------------------

INK = "#1a1a1a"            # every text on a chart: near-black, not Streamlit's light grey
RULE_INK = "#555555"       # axis lines and ticks
FONT_SIZE = 16             # ticks, axis titles, legends (px)
TITLE_FONT_SIZE = 20
SUBTITLE_FONT_SIZE = 16
Y_TITLE_OFFSET = 10        # px between a horizontal y-axis title and the top of the plot
SUBTITLE_WRAP = 44         # Latin characters per subtitle line: fits a chart half the page wide

THEME = {
    "axis": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "labelColor": INK, "titleColor": INK,
             "titleFontWeight": "bold", "labelFontWeight": "normal", "ticks": True, "tickColor": RULE_INK,
             "domain": True, "domainColor": RULE_INK, "labelLimit": 260, "labelPadding": 4,
             "titlePadding": 8, "labelOverlap": "greedy",
             # every label centred on its tick (Streamlit's flush end labels push the first and
             # last onto their neighbours, and Vega then hides those)
             "labelFlush": False},
    # y titles read left to right, just above the axis, never turned sideways
    "axisLeft": {"titleAngle": 0, "titleAlign": "left", "titleBaseline": "bottom", "titleX": 0,
                 "titleY": -Y_TITLE_OFFSET},
    "axisRight": {"titleAngle": 0, "titleAlign": "right", "titleBaseline": "bottom", "titleX": 0,
                  "titleY": -Y_TITLE_OFFSET},
    "legend": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "labelColor": INK, "titleColor": INK,
               "labelLimit": 400, "titleLimit": 400},
    "title": {"fontSize": TITLE_FONT_SIZE, "color": INK, "anchor": "start", "subtitleFontSize": SUBTITLE_FONT_SIZE,
              "subtitleColor": INK, "subtitlePadding": 4, "offset": 12},
}
# Heights are those of the plot area: the width still fits the container, but
# axes, titles and legends add to the height instead of squeezing the plot
# (Streamlit's default, autosize "fit", squeezes a short heatmap to a sliver).
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")

# Okabe & Ito (2008), a categorical palette that stays distinct for colour-blind viewers.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SEQUENTIAL_SCHEME = "viridis"    # gates, 0..1
DIVERGING_SCHEME = "blueorange"  # signed values, centred at 0
MAGNITUDE_SCHEME = "plasma"      # log10|v|: sequential, distinct from the gates' viridis
MISSING_COLOR = "#bdbdbd"
MARKER_COLOR = "#000000"  # on heatmaps over a white halo, so it shows on every colour of both scales
DASH = [8, 5]             # a dashed series (a prediction drawn over its target)

# The colour scale of each quantity of the cell: gates in (0, 1), the tanh outputs ã and h
# in (-1, 1), the cell state c unbounded (symmetric around 0 over the whole sequence).
KIND = {"f": "gate", "i": "gate", "o": "gate", "a": "tanh", "h": "tanh", "c": "signed",
        "r": "gate", "z": "gate", "n": "tanh"}          # a GRU: reset and update gates, candidate n

ROW_HEIGHT = 28  # pixels per unit in a heatmap
HEATMAP_HEIGHT = (60, 420)  # min, max
LINES_HEIGHT = 320
EXACT_FORMAT = ".6~g"  # d3 format of an exact value in a tooltip, as ``exact`` writes it


def finish(layers, title: str, *, height: int, subtitle: str | None = None, wrap: int = SUBTITLE_WRAP,
           data=alt.Undefined, independent_y: bool = False) -> alt.LayerChart:
    """The layered chart of ``layers`` (a list of ``alt.Chart``) with its title, plot-area
    height, ``AUTOSIZE`` and the app's ``THEME``; ``data`` shared by the layers that have
    none; ``independent_y`` gives each layer its own y scale (an axis on the right).

    Built in one constructor call: each ``alt.layer``, ``+``, ``.properties`` or
    ``.configure`` deep-copies the whole chart, which took most of a heatmap's build time.
    A subtitle is broken into lines of about ``wrap`` Latin characters (a Chinese character
    counts two): Vega cuts a long one short with "…" instead of wrapping it.
    """
    extra = {"subtitle": wrap_text(subtitle, wrap)} if subtitle else {}
    resolve = alt.Resolve(scale=alt.ScaleResolveMap(y="independent")) if independent_y else alt.Undefined
    return alt.LayerChart(layer=list(layers), data=data, title=alt.TitleParams(text=title, **extra),
                          height=height, autosize=AUTOSIZE, resolve=resolve, config=alt.Config(**THEME))


def exact(value: float) -> str:
    """An exact value for a tooltip: 6 significant digits; ``NaN``, ``inf``, ``-inf`` spelled out."""
    value = float(value)
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.6g}"


# --- Heatmap ------------------------------------------------------------------------------


def magnitude_domain(*arrays) -> tuple[float, float]:
    """[lo, hi] of log10|v| over the finite non-zero entries of all arrays ((-1, 0) if none)."""
    vals = np.concatenate([np.ravel(np.asarray(a, float)) for a in arrays])
    vals = np.abs(vals[np.isfinite(vals) & (vals != 0)])
    if vals.size == 0:
        return -1.0, 0.0
    lo, hi = float(np.log10(vals.min())), float(np.log10(vals.max()))
    return (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)


def _ticks(labels, max_ticks: int) -> list:
    """A few tick values of an ordinal axis: all of them when there are few; else round
    numbers (integer labels) or every k-th label and the last one (texts)."""
    labels = list(labels)
    n = len(labels)
    if n <= max_ticks:
        return labels
    if all(isinstance(v, (int, np.integer)) for v in labels):
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if n / s <= max_ticks)
        return [v for v in labels if v % step == 0 or v == labels[0]]
    step = -(-n // max_ticks)
    picked = [k for k in range(0, n, step) if n - 1 - k > step / 2] + [n - 1]   # always the last one
    return [labels[k] for k in picked]


def _axis_labels(x_values, n: int) -> list:
    """Labels of an ordinal time axis, as plain Python values (ints stay ints)."""
    if x_values is None:
        return list(range(n))
    x_values = np.asarray(x_values)
    if x_values.shape != (n,):
        raise ValueError(f"x_values must have shape ({n},), got {x_values.shape}")
    if np.issubdtype(x_values.dtype, np.integer):
        return [int(v) for v in x_values]
    return [str(v) for v in x_values]


def _same_colour(field: str):
    """A stroke in the cell's own fill colour (the "color" scale applied to ``field``): it
    closes the hairline seams anti-aliasing leaves between adjacent rects. Done as a value
    expression, not a second scale, so Vega merges no legends."""
    return alt.value(alt.expr(f"scale('color', datum['{field}'])"))


def heatmap(
    values,
    title: str,
    kind: str,
    *,
    x_label: str,
    y_label: str,
    marked: int | None = None,
    x_values=None,
    height: int | None = None,
    domain: tuple[float, float] | None = None,
    legend_title: str | None = None,
    value_label: str | None = None,
    max_x_ticks: int | None = None,
) -> alt.LayerChart:
    """Unit x time heatmap of one quantity.

    The tooltip formats each number in the browser (``EXACT_FORMAT``) instead of
    carrying a Python string per cell, and the few cells that can't be coloured go to a
    layer of their own, so 32 000 cells build in a few milliseconds.

    Parameters
    ----------
    values : array_like, shape (T, H)
        Time first, as ``lstm_core`` returns it: row ``t`` holds the H units at
        timestep t. Drawn with units as rows (y) and time as columns (x).
    title : str
        Chart title; also names the value in the tooltip unless ``value_label`` is given.
    kind : {"gate", "tanh", "signed", "magnitude"}
        ``"gate"``: sequential scale on the fixed [0, 1] (f, i, o).
        ``"tanh"``: diverging scale on the fixed [-1, 1] (ã, h).
        ``"signed"``: diverging scale centred at 0 on [-m, m], m the largest finite
        absolute value (1 when there is none or it is 0), or on ``domain``.
        ``"magnitude"``: the order of magnitude log10|v| on a sequential scale, for
        values over many powers of ten; 0 has none and is grey there.
        ``KIND`` gives the kind of each quantity of the cell.
    x_label, y_label : str
        Axis titles (time, unit).
    marked : int, optional
        Index along the time axis (0-based) whose column is outlined.
    x_values : array_like, shape (T,), optional
        Labels of the time axis (integers or texts); default ``0..T-1``.
    height : int, optional
        Pixels of the plot area; default ``ROW_HEIGHT`` per unit within ``HEATMAP_HEIGHT``.
    domain : (lo, hi), optional
        The colour domain of a "signed" (centred at 0) or "magnitude" (log10 units)
        heatmap, so several heatmaps share one scale.
    legend_title, value_label : str, optional
        Title of the colour legend; name of the value in the tooltip (default ``title``).
    max_x_ticks : int, optional
        At most this many labels on the time axis; default 12, 6 for labels longer than 4
        characters (months).
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or 0 in values.shape:
        raise ValueError(f"values must be a non-empty (T, H) array, got shape {values.shape}")
    if kind not in ("gate", "tanh", "signed", "magnitude"):
        raise ValueError(f"kind must be 'gate', 'tanh', 'signed' or 'magnitude', got {kind!r}")
    n_steps, n_units = values.shape
    labels = _axis_labels(x_values, n_steps)
    value_label = value_label or title

    flat = values.ravel()                                      # (T*H,), time-major
    ok = np.isfinite(flat) & ((flat != 0) if kind == "magnitude" else True)
    times = np.repeat(np.asarray(labels), n_units)
    units = np.tile(np.arange(n_units), n_steps)
    cells = pd.DataFrame({"time": times[ok], "unit": units[ok], "value": flat[ok]})
    colour_field = "value"
    if kind == "gate":
        scale = alt.Scale(scheme=SEQUENTIAL_SCHEME, domain=[0.0, 1.0])
    elif kind == "tanh":
        scale = alt.Scale(scheme=DIVERGING_SCHEME, domain=[-1.0, 1.0], domainMid=0.0)
    elif kind == "signed":
        if domain is None:
            m = float(np.abs(flat[ok]).max()) if ok.any() else 0.0
            m = m if m > 0 else 1.0
            domain = (-m, m)
        scale = alt.Scale(scheme=DIVERGING_SCHEME, domain=list(domain), domainMid=0.0)
    else:
        cells["colour"] = np.log10(np.abs(flat[ok]))
        colour_field = "colour"
        lo, hi = domain or magnitude_domain(values)
        scale = alt.Scale(scheme=MAGNITUDE_SCHEME, domain=[lo, hi], clamp=True)

    texts = isinstance(labels[0], str)                          # sorted as given, not alphabetically
    wide = max(len(str(v)) for v in labels) > 4                 # month labels need more room
    x = alt.X("time:O", title=x_label, sort=labels if texts else "ascending",
              axis=alt.Axis(values=_ticks(labels, max_x_ticks or (6 if wide else 12)), labelAngle=0))
    y = alt.Y("unit:O", title=y_label, sort="ascending", axis=alt.Axis(values=_ticks(list(range(n_units)), 16)))
    if height is None:
        height = int(np.clip(ROW_HEIGHT * n_units, *HEATMAP_HEIGHT))
    legend = alt.Legend(type="gradient", gradientLength=int(np.clip(height, 60, 200)),
                        format=".0f" if kind == "magnitude" else ".2~g")
    where = [alt.Tooltip("time:O", title=x_label), alt.Tooltip("unit:O", title=y_label)]
    layers = [alt.Chart(cells).mark_rect(strokeWidth=0.6).encode(
        x=x, y=y,
        color=alt.Color(f"{colour_field}:Q", title=legend_title, scale=scale, legend=legend),
        stroke=_same_colour(colour_field),                      # hides the seams between cells
        tooltip=where + [alt.Tooltip("value:Q", title=value_label, format=EXACT_FORMAT)])]
    if not ok.all():
        missing = pd.DataFrame({"time": times[~ok], "unit": units[~ok], "shown": [exact(v) for v in flat[~ok]]})
        layers.append(alt.Chart(missing).mark_rect(color=MISSING_COLOR).encode(
            x=x, y=y, tooltip=where + [alt.Tooltip("shown:N", title=value_label)]))
    if marked is not None:
        layers += _heatmap_marker(labels, marked, x, x_label)
    return finish(layers, title, height=height)


def _check_t(t: int, n_steps: int) -> None:
    if not 0 <= t < n_steps:
        raise ValueError(f"t must be between 0 and {n_steps - 1}, got {t}")


def _heatmap_marker(labels: list, t: int, x: alt.X, x_label: str) -> list:
    """Two layers outlining the column at timestep index ``t`` on the x axis ``x``: black over
    a white halo, both on one data set (the one ``ui.cell_views.bind_marker`` binds to the page's t)."""
    _check_t(t, len(labels))
    marker = pd.DataFrame({"time": [labels[t]]})
    tooltip = [alt.Tooltip("time:O", title=x_label)]
    return [alt.Chart(marker).mark_rect(filled=False, stroke=stroke, strokeWidth=width).encode(x=x, tooltip=tooltip)
            for stroke, width in (("white", 6), (MARKER_COLOR, 2.5))]


# --- Lines --------------------------------------------------------------------------------


def lines(
    series: dict,
    title: str,
    *,
    x_label: str,
    y_title: str,
    marked: int | None = None,
    log_y: bool = False,
    x_values=None,
    dashed=(),
    height: int = LINES_HEIGHT,
) -> alt.LayerChart:
    """Several named series over time on one chart.

    Parameters
    ----------
    series : dict of str to array_like, each shape (T,)
        Series name (shown in the legend) to values; all of the same length T.
    title : str
        Chart title; also names the series in the tooltip.
    x_label, y_title : str
        Axis titles.
    marked : int, optional
        Index along the time axis (0-based) marked with a vertical rule.
    log_y : bool
        Logarithmic y axis; values <= 0 can't be drawn there and leave a gap,
        like NaN and inf.
    x_values : array_like, shape (T,), optional
        The x coordinates; default ``0..T-1``. Whole numbers get integer ticks only;
        datetime64 values a time axis labelled with years.
    dashed : iterable of str
        Series drawn dashed and on top of the others, e.g. a prediction over its
        target, so neither hides the other.
    height : int
        Pixels of the plot area.
    """
    if not series:
        raise ValueError("series must name at least one series, got an empty dict")
    arrays = {name: np.asarray(v, dtype=float) for name, v in series.items()}
    shapes = {name: a.shape for name, a in arrays.items()}
    first = next(iter(shapes.values()))
    if len(first) != 1 or first[0] == 0 or any(shape != first for shape in shapes.values()):
        raise ValueError(f"every series must be 1-D with the same non-zero length, got shapes {shapes}")
    n_steps = first[0]
    x_values = np.arange(n_steps) if x_values is None else np.asarray(x_values)
    if x_values.shape != (n_steps,):
        raise ValueError(f"x_values must have shape ({n_steps},), got {x_values.shape}")
    dashed = [name for name in dashed if name in arrays]

    frames = []
    for name, a in arrays.items():
        drawable = np.isfinite(a) & (a > 0) if log_y else np.isfinite(a)  # (T,)
        frames.append(pd.DataFrame({"time": x_values, "series": name,
                                    "value": np.where(drawable, a, np.nan),
                                    "shown": [exact(v) for v in a]}))
    data = pd.concat(frames, ignore_index=True)
    names = list(arrays)
    x_type, x_axis, x_tooltip = _x_encoding(x_values)
    # colour and dash share one legend (same field, same definition), so a dashed line looks dashed there
    legend = alt.Legend(orient="top", symbolType="stroke", symbolStrokeWidth=3, symbolSize=400)
    color = alt.Color("series:N", title=None, sort=names,
                      scale=alt.Scale(domain=names, range=list(OKABE_ITO[: len(names)])), legend=legend)
    dash = alt.StrokeDash("series:N", title=None, sort=names, legend=legend,
                          scale=alt.Scale(domain=names, range=[DASH if n in dashed else [1, 0] for n in names]))
    y_scale = alt.Scale(type="log") if log_y else alt.Scale(zero=False)
    encoding = dict(
        x=alt.X(f"time:{x_type}", title=x_label, axis=x_axis),
        y=alt.Y("value:Q", title=y_title, scale=y_scale),
        color=color, strokeDash=dash, detail="series:N",
        tooltip=[alt.Tooltip("series:N", title=title), x_tooltip, alt.Tooltip("shown:N", title=y_title)],
    )
    # Invisible but hoverable points carry the tooltip of each value.
    mark = dict(strokeWidth=3, point=alt.OverlayMarkDef(size=80, opacity=0))
    solid = [n for n in names if n not in dashed]
    if dashed:   # two layers: the dashed ones drawn last, on top
        layers = [alt.Chart().transform_filter(alt.FieldOneOfPredicate("series", group)).mark_line(**mark)
                  .encode(**encoding) for group in (solid, dashed) if group]
    else:
        layers = [alt.Chart().mark_line(**mark).encode(**encoding)]
    if marked is not None:
        _check_t(marked, n_steps)
        marker = pd.DataFrame({"time": [x_values[marked]]})
        layers.append(alt.Chart(marker).mark_rule(color=MARKER_COLOR, strokeWidth=2, strokeDash=[6, 4]).encode(
            x=f"time:{x_type}", tooltip=[alt.Tooltip(f"time:{x_type}", title=x_label, **_x_format(x_type))]))
    return finish(layers, title, height=height, data=data)


def _x_format(x_type: str) -> dict:
    return {"format": "%Y-%m"} if x_type == "T" else {}


def _x_encoding(x_values: np.ndarray):
    """(Vega-Lite type, axis, tooltip) of an x axis: years for dates, integer ticks for whole
    numbers ("1950", not "1,950.0"; steps 1, 2, 3, not 1.0, 1.5), the default otherwise."""
    if np.issubdtype(x_values.dtype, np.datetime64):
        return "T", alt.Axis(format="%Y", tickCount="year"), alt.Tooltip("time:T", format="%Y-%m")
    finite = x_values[np.isfinite(x_values.astype(float))]
    if finite.size and np.all(finite == np.round(finite)):
        return "Q", alt.Axis(format="d", tickMinStep=1), alt.Tooltip("time:Q", format="d")
    return "Q", alt.Axis(), alt.Tooltip("time:Q", format=EXACT_FORMAT)


# --- Specs --------------------------------------------------------------------------------


def drop_default_view(spec: dict) -> dict:
    """Remove Altair's default view size (``config.view.continuousWidth/Height``) from a
    Vega-Lite dict, in place, so a chart fills its column; returns the spec."""
    view = spec.get("config", {}).get("view", {})
    for key in ("continuousWidth", "continuousHeight"):
        view.pop(key, None)
    if "config" in spec and not view:
        spec["config"].pop("view", None)
        if not spec["config"]:
            del spec["config"]
    return spec
