"""Altair chart builders shared by the pages.

Pure functions: NumPy in, ``alt.Chart`` out, no Streamlit, so they are tested
without a server. Draw them with ``st.altair_chart(chart, width="stretch")``.

Every chart is readable at projector distance (axis labels >= 14 px, titles
>= 18 px), uses colour-blind-safe colours and has a tooltip with the exact
value on every mark. Non-finite values (NaN, inf) never raise: a heatmap shows
them as grey cells, a line chart leaves a gap. Texts (titles, axis titles) are
passed in already translated.
"""

import altair as alt
import numpy as np
import pandas as pd

AXIS = {"labelFontSize": 14, "titleFontSize": 16}
LEGEND = {"labelFontSize": 14, "titleFontSize": 14}
TITLE_FONT_SIZE = 20

# Okabe & Ito (2008), a categorical palette that stays distinct for colour-blind viewers.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SEQUENTIAL_SCHEME = "viridis"  # gates, 0..1
DIVERGING_SCHEME = "blueorange"  # signed values, centred at 0
MISSING_COLOR = "#bdbdbd"
MARKER_COLOR = "#000000"  # on heatmaps over a white halo, so it shows on every colour of both scales

ROW_HEIGHT = 28  # pixels per unit in a heatmap
HEATMAP_HEIGHT = (60, 480)  # min, max
LINES_HEIGHT = 320
# Heights are those of the plot area: the width still fits the container, but
# axes, titles and legends add to the height instead of squeezing the plot
# (Streamlit's default, autosize "fit", squeezes a short heatmap to a sliver).
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")


def heatmap(
    values,
    title: str,
    kind: str,
    *,
    x_label: str,
    y_label: str,
    t: int | None = None,
    x_values=None,
    height: int | None = None,
) -> alt.LayerChart:
    """Unit x time heatmap of one quantity of the cell.

    Parameters
    ----------
    values : array_like, shape (T, H)
        Time first, as ``lstm_core`` returns it: row ``t`` holds the H units
        at timestep t. Drawn with units as rows (y) and time as columns (x).
    title : str
        Chart title; also names the value in the tooltip.
    kind : {"gate", "signed"}
        ``"gate"``: sequential scale on the fixed domain [0, 1].
        ``"signed"``: diverging scale centred at 0 on [-m, m], m the largest
        finite absolute value (1 when there is none or it is 0).
    x_label, y_label : str
        Axis titles (time, unit).
    t : int, optional
        Index along the time axis (0-based) whose column is outlined.
    x_values : array_like, shape (T,), optional
        Labels of the time axis; default ``0..T-1``.
    height : int, optional
        Pixels of the plot area; default ``ROW_HEIGHT`` per unit within ``HEATMAP_HEIGHT``.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or 0 in values.shape:
        raise ValueError(f"values must be a non-empty (T, H) array, got shape {values.shape}")
    if kind not in ("gate", "signed"):
        raise ValueError(f"kind must be 'gate' or 'signed', got {kind!r}")
    n_steps, n_units = values.shape
    x_values = _time_axis(x_values, n_steps)

    finite = np.isfinite(values)  # (T, H)
    data = pd.DataFrame(
        {
            "time": np.repeat(x_values, n_units),  # (T*H,), time-major like values.ravel()
            "unit": np.tile(np.arange(n_units), n_steps),
            "value": np.where(finite, values, np.nan).ravel(),
            "shown": [_format(v) for v in values.ravel()],
            "missing": ~finite.ravel(),
        }
    )
    if kind == "gate":
        scale = alt.Scale(scheme=SEQUENTIAL_SCHEME, domain=[0.0, 1.0])
    else:
        m = float(np.abs(values[finite]).max()) if finite.any() else 0.0
        m = m if m > 0 else 1.0
        scale = alt.Scale(scheme=DIVERGING_SCHEME, domain=[-m, m], domainMid=0.0)

    x = alt.X("time:O", title=x_label, axis=alt.Axis(labelAngle=0, labelOverlap=True, **AXIS))
    y = alt.Y("unit:O", title=y_label, sort="ascending", axis=alt.Axis(**AXIS))
    tooltip = [
        alt.Tooltip("time:O", title=x_label),
        alt.Tooltip("unit:O", title=y_label),
        alt.Tooltip("shown:N", title=title),
    ]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    cells = base.transform_filter("!datum.missing").mark_rect().encode(
        color=alt.Color("value:Q", title=None, scale=scale, legend=alt.Legend(**LEGEND))
    )
    missing = base.transform_filter("datum.missing").mark_rect(color=MISSING_COLOR)
    layers = [cells, missing]
    if t is not None:
        layers.append(_heatmap_marker(x_values, t, x_label))
    if height is None:
        height = int(np.clip(ROW_HEIGHT * n_units, *HEATMAP_HEIGHT))
    return alt.layer(*layers).properties(title=_title(title), height=height, autosize=AUTOSIZE)


def lines(
    series: dict,
    title: str,
    *,
    x_label: str,
    y_title: str,
    t: int | None = None,
    log_y: bool = False,
    x_values=None,
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
    t : int, optional
        Index along the time axis (0-based) marked with a vertical rule.
    log_y : bool
        Logarithmic y axis; values <= 0 can't be drawn there and leave a gap,
        like NaN and inf.
    x_values : array_like, shape (T,), optional
        Numbers on the x axis; default ``0..T-1``.
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
    x_values = _time_axis(x_values, n_steps)

    frames = []
    for name, a in arrays.items():
        drawable = np.isfinite(a) & (a > 0) if log_y else np.isfinite(a)  # (T,)
        frames.append(
            pd.DataFrame(
                {
                    "time": x_values,
                    "series": name,
                    "value": np.where(drawable, a, np.nan),
                    "shown": [_format(v) for v in a],
                }
            )
        )
    data = pd.concat(frames, ignore_index=True)
    names = list(arrays)
    color = alt.Color(
        "series:N",
        title=None,
        sort=names,
        scale=alt.Scale(domain=names, range=list(OKABE_ITO[: len(names)])),
        legend=alt.Legend(orient="top", **LEGEND),
    )
    y_scale = alt.Scale(type="log") if log_y else alt.Scale(zero=False)
    chart = (
        alt.Chart(data)
        # Invisible but hoverable points carry the tooltip of each value.
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=80, opacity=0))
        .encode(
            x=alt.X("time:Q", title=x_label, axis=alt.Axis(**AXIS)),
            y=alt.Y("value:Q", title=y_title, scale=y_scale, axis=alt.Axis(**AXIS)),
            color=color,
            detail="series:N",
            tooltip=[
                alt.Tooltip("series:N", title=title),
                alt.Tooltip("time:Q", title=x_label),
                alt.Tooltip("shown:N", title=y_title),
            ],
        )
    )
    layers = [chart]
    if t is not None:
        layers.append(_rule_marker(x_values, t, x_label))
    return alt.layer(*layers).properties(title=_title(title), height=height, autosize=AUTOSIZE)


def _time_axis(x_values, n_steps: int) -> np.ndarray:
    """The time-axis labels, shape (T,), checked against T."""
    if x_values is None:
        return np.arange(n_steps)
    x_values = np.asarray(x_values)
    if x_values.shape != (n_steps,):
        raise ValueError(f"x_values must have shape ({n_steps},), got {x_values.shape}")
    return x_values


def _check_t(t: int, n_steps: int) -> None:
    if not 0 <= t < n_steps:
        raise ValueError(f"t must be between 0 and {n_steps - 1}, got {t}")


def _heatmap_marker(x_values: np.ndarray, t: int, x_label: str) -> alt.LayerChart:
    """An outlined column at timestep index ``t``: black over a white halo."""
    _check_t(t, len(x_values))
    marker = alt.Chart(pd.DataFrame({"time": [x_values[t]]})).encode(
        x="time:O", tooltip=[alt.Tooltip("time:O", title=x_label)]
    )
    halo = marker.mark_rect(filled=False, stroke="white", strokeWidth=6)
    return halo + marker.mark_rect(filled=False, stroke=MARKER_COLOR, strokeWidth=2.5)


def _rule_marker(x_values: np.ndarray, t: int, x_label: str) -> alt.Chart:
    """A vertical rule at timestep index ``t``."""
    _check_t(t, len(x_values))
    marker = pd.DataFrame({"time": [x_values[t]]})
    return (
        alt.Chart(marker)
        .mark_rule(color=MARKER_COLOR, strokeWidth=2, strokeDash=[6, 4])
        .encode(x="time:Q", tooltip=[alt.Tooltip("time:Q", title=x_label)])
    )


def _title(text: str) -> alt.TitleParams:
    return alt.TitleParams(text=text, fontSize=TITLE_FONT_SIZE, anchor="start")


def _format(value: float) -> str:
    """Exact value for a tooltip: 6 significant digits, NaN and ±inf spelled out."""
    return f"{value:.6g}" if np.isfinite(value) else str(value)


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
