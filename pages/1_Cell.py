"""Cell page: step through one LSTM cell, timestep by timestep.

Widgets that change the model (input, weights) are drawn once per run; everything that
depends on the timestep t lives in one fragment, so moving t, the unit or the played
animation redraws only that part, and the forward pass is cached per input and weights.
"""
import hashlib
import inspect

import numpy as np
import streamlit as st

import lstm_core
from lstm_core import presets, sequences
from ui import cell_views as cv
from ui import charts, equations
from ui import state as app_state
from ui.i18n import error_text, option_labels, t, translate
from ui.layout import PAGE_BY_KEY, grid, page_link, page_setup

page_setup("cell")
ss = st.session_state
PLAY_SECONDS = 0.8                       # one step per 0.8 s: time to read the numbers
KEEP = "session"                         # settings survive a visit to another page
INPUTS = ("passengers", "sine", "step", "ramp", "random", "custom")
WEIGHTS = ("random", *presets.PRESETS)

trained = ss.get("trained")
# The training page's "look inside the cell" button: trained weights on the trained window.
if ss.pop("cell_request", None) == "trained" and trained is not None:
    ss.update({"cell.weights": "trained", "cell.input": "trained", "cell.layer": 0, "cell.t": 0,
               "cell.playing": False})


@st.cache_data(show_spinner=False)
def months() -> list[str]:
    return lstm_core.load_passengers()["month"].dt.strftime("%Y-%m").tolist()


@st.cache_data(max_entries=24, show_spinner=False)
def simulate(x: np.ndarray, weights: tuple, trained_arrays: dict | None = None) -> cv.CellRun:
    """The forward pass for input ``x`` (T, 1); cached, so moving t never recomputes it."""
    return cv.run_cell(*cv.cell_and_input(weights, x, trained_arrays))


def run_key(x: np.ndarray, weights: tuple, trained_arrays: dict | None) -> str:
    """A digest naming one run, for the chart cache."""
    digest = hashlib.sha1(x.tobytes() + repr(weights).encode())
    for array in (trained_arrays or {}).values():
        digest.update(array.tobytes())
    return digest.hexdigest()


@st.cache_data(max_entries=8 * 14, show_spinner=False)       # the charts of the last 8 runs
def chart(key: str, name: str, lang: str, units: tuple, _run: cv.CellRun) -> dict:
    """Chart ``name`` of run ``key`` as a Vega-Lite dict, its t marker at 0.

    Building an Altair chart costs 50-100 ms; cached per run, a move of t only moves the
    marker (``cv.move_marker``).
    """
    axes = {"x_label": t("common.axis.time")}
    kind, q = name.split(".")
    if kind == "x":                                       # the input, drawn like the unit charts
        return cv.unit_lines(_run.x, [0], t("cell.x_chart"), t=0, unit_label=t("cell.x_name"),
                             value_label=t("cell.x_name"), height=140, **axes)
    if kind == "heat":
        values, title = (_run.x, t("cell.q.x_vector")) if q == "x" else (getattr(_run, q), t(f"cell.q.{q}"))
        kind = charts.KIND.get(q, "tanh")                 # x above the first layer: the h below, in (-1, 1)
        return cv.chart_spec(charts.heatmap(values, title, kind, y_label=t("common.axis.unit"), t=0, **axes))
    x = _run.x[:, 0] if _run.x.shape[1] == 1 else None    # a layer above the first has no single x
    return cv.unit_lines(getattr(_run, q), list(units), t(f"cell.q.{q}"), t=0, x=x,
                         unit_label=t("cell.unit_name", j="{j}"), value_label=t(f"cell.q.{q}"),
                         input_label=t("cell.x_name"), gate=q not in cv.SIGNED, **axes)


def draw(container, run: cv.CellRun, key: str, name: str, step: int, units: tuple = ()) -> None:
    """Chart ``name`` with its marker at ``step``; only the marker changes from step to step."""
    spec = chart(key, name, ss["lang"], units, run)
    container.vega_lite_chart(cv.move_marker(spec, step), width="stretch", key=f"cell.chart.{name}")


def numbered(key: str, name: str, add: int = 0):
    """``format_func`` for numbered options: ``key`` with placeholder ``name`` = option + add,
    in this run's language (captured now, like ``ui.i18n.option_labels``)."""
    lang = ss["lang"]
    return lambda option: translate(key, lang, **{name: option + add})


def clamp(key: str, lo: int, hi: int, default: int) -> None:
    """Keep a widget's stored value inside a range that just changed."""
    ss[key] = int(min(max(ss.get(key, default), lo), hi))


def input_controls() -> np.ndarray:
    """The input chooser; returns x (T, 1)."""
    options = INPUTS + (("trained",) if trained is not None else ())
    if ss.get("cell.input") not in options:
        ss["cell.input"] = "sine"
    kind = st.radio(t("cell.input.label"), options, key="cell.input", horizontal=True,
                    format_func=option_labels("cell.input"), persist_state=KEEP)
    if kind == "passengers":
        labels = months()
        first, last = st.select_slider(t("cell.input.months"), labels, value=(labels[0], labels[23]),
                                       key="cell.months", persist_state=KEEP)
        start = labels.index(first)
        return sequences.passenger_window(start, max(labels.index(last) - start + 1, 1))
    if kind == "sine":
        left, right = st.columns(2)
        n = left.slider(t("cell.input.length"), 4, 200, 48, key="cell.sine_len", persist_state=KEEP)
        period = right.slider(t("cell.input.period"), 2, 48, 12, key="cell.sine_period", persist_state=KEEP)
        return sequences.sine(n, period)
    if kind == "step":
        left, right = st.columns(2)
        n = left.slider(t("cell.input.length"), 4, 200, 24, key="cell.step_len", persist_state=KEEP)
        clamp("cell.step_at", 0, n - 1, n // 2)
        at = right.slider(t("cell.input.step_at"), 0, n - 1, key="cell.step_at", persist_state=KEEP)
        return sequences.step(n, at)
    if kind == "ramp":
        st.caption(t("cell.input.ramp_help"))
        return sequences.ramp(st.slider(t("cell.input.length"), 2, 50, 6, key="cell.ramp_len",
                                        persist_state=KEEP))
    if kind == "random":
        left, right = st.columns(2)
        n = left.slider(t("cell.input.length"), 2, 200, 10, key="cell.random_len", persist_state=KEEP)
        seed = right.number_input(t("cell.input.seed"), 0, 10**6, 0, key="cell.random_seed",
                                  persist_state=KEEP)
        return sequences.random_uniform(n, int(seed))
    if kind == "trained":
        st.caption(t("cell.input.trained_help", label=trained["window_label"]))
        return np.asarray(trained["window"], dtype=float).reshape(-1, 1)
    return custom_input()


def custom_input() -> np.ndarray:
    """Typed numbers; on bad text an error under the box and the last good numbers."""
    text = st.text_area(t("cell.input.custom_label"), "0.9, 0, 0, 0, 0.5, 0.5, 1, 1, 0, 0",
                        key="cell.custom", help=t("cell.input.custom_help", max=sequences.MAX_LENGTH),
                        persist_state=KEEP)
    try:
        x = sequences.parse_sequence(text)
    except ValueError as error:
        st.error(t("cell.custom.error", detail=error_text(error)))
        x = ss.get("cell.custom_last_good", sequences.parse_sequence("0.9, 0, 0, 0, 0.5, 0.5, 1, 1, 0, 0"))
        st.caption(t("cell.custom.using_last", n=len(x)))
        return x
    ss["cell.custom_last_good"] = x
    return x


def weights_controls() -> tuple[tuple, dict | None, str]:
    """The weights chooser; returns (cache key, trained arrays or None, a one-line summary)."""
    options = WEIGHTS + (("trained",) if trained is not None else ())
    if ss.get("cell.weights") not in options:
        ss["cell.weights"] = "random"
    kind = st.radio(t("cell.weights.label"), options, key="cell.weights", horizontal=True,
                    format_func=option_labels("cell.weights"), persist_state=KEEP)
    if trained is None:
        st.info(t("cell.weights.no_trained"))
        if PAGE_BY_KEY["train"].exists():
            page_link(PAGE_BY_KEY["train"])
    if kind == "random":
        left, mid, right = st.columns(3)
        H = left.slider(t("cell.weights.hidden"), 1, 32, 4, key="cell.hidden", persist_state=KEEP)
        seed = mid.number_input(t("cell.weights.seed"), 0, 10**6, 0, key="cell.seed", persist_state=KEEP)
        bias = right.slider(t("cell.weights.forget_bias"), -5.0, 5.0, 1.0, 0.5, key="cell.forget_bias",
                            help=t("cell.weights.forget_bias_help"), persist_state=KEEP)
        return ("random", int(H), int(seed), float(bias)), None, ""
    if kind == "trained":
        model = trained["params"]
        layer = 0
        layers = range(len(model.layers))
        if ss.get("cell.layer", 0) not in layers:          # a new model with fewer layers
            ss["cell.layer"] = 0
        if len(layers) > 1:
            layer = st.selectbox(t("cell.weights.layer"), layers, key="cell.layer", persist_state=KEEP,
                                 format_func=numbered("cell.weights.layer_name", "k", 1))
        st.caption(t("cell.weights.trained_help", epoch=trained["epoch"], H=model.layers[0].hidden_size,
                     layers=len(model.layers)))
        return ("trained", int(layer)), model.to_npz_dict(), ""
    st.caption(t(f"cell.weights.{kind}_help"))
    return (kind,), None, t(f"cell.weights.{kind}_units")


st.title(f"{PAGE_BY_KEY['cell'].icon} {t('cell.title')}")
st.markdown(t("cell.intro"))
with st.container(border=True, key="cell.settings"):
    col_input, col_weights = st.columns(2, gap="large")
    with col_input:
        x = input_controls()
    with col_weights:
        weights, trained_arrays, units_note = weights_controls()

run = simulate(x, weights, trained_arrays)
key = run_key(x, weights, trained_arrays)
playing = bool(ss.get("cell.playing", False))


def stop() -> None:
    ss["cell.playing"] = False


def move(delta: int) -> None:
    ss["cell.playing"] = False
    ss["cell.t"] = ss.get("cell.t", 0) + delta


def set_playing(on: bool) -> None:
    """Callback of Play (on) and Pause: two buttons with their own keys, only one of them
    drawn. A click means what the clicked button said, whatever the server drew since:
    under quick clicks a button's callback runs with the arguments of the server's *latest*
    run, so one button whose label and argument flip with the state could pause a run the
    screen showed as paused (it played again). A click on a button the latest run no
    longer has (Pause, after playing stopped) is dropped by Streamlit: nothing to do."""
    if on and ss.get("cell.t", 0) >= ss.get("cell.last_t", 0):
        ss["cell.t"] = 0                                # play from the start when at the end
    ss["cell.playing"] = on
    ss["cell.tick"] = app_state.now()


@st.fragment(run_every=PLAY_SECONDS if playing else None)
def timeline(run: cv.CellRun, key: str, units_note: str, ticking: bool) -> None:
    """Everything that depends on t: controls, diagram, equations, heatmaps, lines."""
    T, H = run.steps, run.units
    ss["cell.last_t"] = T - 1
    if bool(ss.get("cell.playing", False)) != ticking:  # play/pause pressed: redefine the timer
        st.rerun()
    clamp("cell.t", 0, T - 1, 0)
    if ticking and app_state.now() - ss.get("cell.tick", 0) >= 0.7 * PLAY_SECONDS:
        ss["cell.tick"] = app_state.now()
        ss["cell.t"] = min(ss["cell.t"] + 1, T - 1)
        if ss["cell.t"] == T - 1:                       # last step shown: stop the timer
            ss["cell.playing"] = False
            st.rerun()
    clamp("cell.unit", 0, H - 1, 0)
    step = ss["cell.t"]

    with st.container(horizontal=True, vertical_alignment="bottom", key="cell.controls"):
        st.button(t("cell.prev"), key="cell.prev", on_click=move, args=(-1,), disabled=step == 0,
                  shortcut="Left", help=t("cell.prev_help"))
        st.button(t("cell.pause") if ticking else t("cell.play"), key="cell.pause" if ticking else "cell.play",
                  on_click=set_playing, args=(not ticking,), shortcut="P", help=t("cell.play_help"),
                  type="primary", disabled=T == 1)
        st.button(t("cell.next"), key="cell.next", on_click=move, args=(1,), disabled=step == T - 1,
                  shortcut="Right", help=t("cell.next_help"))
        j = st.selectbox(t("cell.unit"), range(H), key="cell.unit", width=180,
                         format_func=numbered("cell.unit_name", "j"))
    if T > 1:
        st.slider(t("cell.t"), 0, T - 1, key="cell.t", on_change=stop)
    else:
        st.markdown(t("cell.t_single"))

    v = run.at(step, j)
    D = run.x.shape[1]
    st.subheader(t("cell.diagram.heading", t=step, j=j, last=T - 1))
    if units_note:
        st.caption(units_note)
    names = {g: t(f"cell.gate.{g}") for g in ("f", "i", "a", "o")}
    scales = {q: run.scale(q) for q in cv.SIGNED}
    x_label = None if D == 1 else t("cell.diagram.x_vector", D=D)
    st.markdown(cv.diagram_svg(v, names, scales, title=t("cell.diagram.title", t=step, j=j), x_label=x_label),
                unsafe_allow_html=True)  # st.html draws nothing for an SVG in Streamlit 1.67
    st.caption(t("cell.diagram.legend"))
    if D == 1:
        draw(st, run, key, "x.x", step)

    st.subheader(t("cell.steps.heading", t=step, j=j))
    for name in equations.STEPS:
        with st.container(border=True, key=f"cell.step.{name}"):
            st.markdown(f"**{t(f'cell.step.{name}.title')}**")
            maths, words = st.columns([3, 2], gap="large", vertical_alignment="center")
            for block in cv.step_latex(name, v):
                maths.latex(block)
            words.markdown(t(f"cell.step.{name}.meaning", **cv.meaning_values(v)))

    st.subheader(t("cell.heatmaps.heading"))
    st.caption(t("cell.heatmaps.help"))
    with st.container(key="cell.heatmaps"):
        for column, q in zip(grid(6), cv.QUANTITIES):
            draw(column, run, key, f"heat.{q}", step)
        if D > 1:
            draw(st, run, key, "heat.x", step)

    st.subheader(t("cell.lines.heading"))
    options = list(range(H))
    ss["cell.units"] = [k for k in ss.get("cell.units", options[:4]) if k < H] or [j]
    units = st.multiselect(t("cell.lines.units"), options, key="cell.units", max_selections=7,
                           format_func=numbered("cell.unit_name", "j"))
    if D > 1:
        st.caption(t("cell.lines.no_x"))
    with st.container(key="cell.lines"):
        for column, q in zip(grid(6), cv.QUANTITIES):
            draw(column, run, key, f"lines.{q}", step, tuple(units or [j]))


timeline(run, key, units_note, playing)

st.header(t("cell.code.heading"))
st.markdown(t("cell.code.intro"))
st.code(inspect.getsource(lstm_core.cell.lstm_step), language="python")
st.download_button(t("cell.download"), lambda: cv.trace_csv(run), file_name="lstm_cell_trace.csv",
                   mime="text/csv", key="cell.download", on_click="ignore", help=t("cell.download_help"))
