"""Cell page: step through one LSTM cell (or a GRU), timestep by timestep.

Widgets that change the model (input, weights) are drawn once per run; what shows the step
t (the time controls, the diagram, the equations, the four steps) lives in one fragment, so
moving t, the unit or the played animation reruns only that part. The heatmaps and the line
charts sit below it, outside: sent once per run, their t marker is a Vega param bound to the
browser's t (``cv.bind_marker``), which the fragment updates with a one-line script.

One projector screen (1280 x 800) holds the time controls, the diagram and the equations
with numbers: the settings sit in one collapsed expander above them (``ui.cell_settings``),
the four steps in words, the heatmaps and the line charts below.
"""
import hashlib
import inspect

import numpy as np
import streamlit as st

import lstm_core
from ui import cell_handoff
from ui import cell_settings as cs
from ui import cell_views as cv
from ui import charts, equations, gru_diagram, links, live_class
from ui import state as app_state
from ui.i18n import t
from ui.layout import PAGE_BY_KEY, grid, page_setup

page_setup("cell")
links.restore("cell")                    # a link's settings, before any widget
# Less of the page's own margin, so the diagram and the equations fit side by side at 1280 x 800.
st.html("<style>[data-testid='stMainBlockContainer']{padding:3rem 2rem 4rem 2rem}"
        ".st-key-cell-sync,.st-key-cell-sync-t{display:none}</style>")   # the t scripts take no room
ss = st.session_state
PLAY_SECONDS = 0.8                       # one step per 0.8 s: time to read the numbers

trained = ss.get("trained")
request = ss.pop("cell_request", None)
# The training page's "look inside the cell" button: trained weights on the trained window.
if request == "trained" and trained is not None:
    ss.update({"cell.weights": "trained", "cell.input": "trained", "cell.layer": 0, "cell.playing": False,
               "cell.kind": "lstm"})
    ss.pop("cell.t", None)                          # open where the window says something
# The long-memory page's button: its trained LSTM on one test sequence (D inputs per step).
cell_handoff.accept(request)


@st.cache_resource(max_entries=24, show_spinner=False)
def simulate(x: np.ndarray, weights: tuple, trained_arrays: dict | None = None) -> cv.CellRun:
    """The forward pass for input ``x`` (T, 1); cached, so moving t never recomputes it, and
    shared read-only (``st.cache_resource``: no copy per rerun; nothing writes into a run)."""
    return cv.run_cell(*cv.cell_and_input(weights, x, trained_arrays))


def run_key(x: np.ndarray, weights: tuple, trained_arrays: dict | None) -> str:
    """A digest naming one run, for the chart cache."""
    digest = hashlib.sha1(x.tobytes() + repr(weights).encode())
    for array in (trained_arrays or {}).values():
        digest.update(array.tobytes())
    return digest.hexdigest()


@st.cache_resource(max_entries=8 * 14, show_spinner=False)   # the charts of the last 8 runs
def chart(key: str, name: str, lang: str, units: tuple, _run: cv.CellRun) -> dict:
    """Chart ``name`` of run ``key`` as a Vega-Lite dict whose t marker follows the page's t.

    Built once per run (an Altair chart costs 50-100 ms) with its data as Arrow bytes, and
    shared read-only by every rerun and session (``st.cache_resource``: no copy per use).
    """
    axes = {"x_label": t("common.axis.time")}
    kind, q = name.split(".")
    if kind == "x":                                       # the input, drawn like the unit charts
        spec = cv.unit_lines(_run.x, [0], t("cell.x_chart"), marked=0, unit_label=t("cell.x_name"),
                             value_label=t("cell.x_name"), height=140, **axes)
    elif kind == "heat":
        values, title = (_run.x, t("cell.q.x_vector")) if q == "x" else (getattr(_run, q), t(f"cell.q.{q}"))
        kind = charts.KIND.get(q, "tanh")                 # x above the first layer: the h below, in (-1, 1)
        spec = cv.chart_spec(charts.heatmap(values, title, kind, y_label=t("common.axis.unit"), marked=0, **axes))
    else:
        x = _run.x[:, 0] if _run.x.shape[1] == 1 else None    # a layer above the first has no single x
        spec = cv.unit_lines(getattr(_run, q), list(units), t(f"cell.q.{q}"), marked=0, x=x,
                             unit_label=t("cell.unit_name", j="{j}"), value_label=t(f"cell.q.{q}"),
                             input_label=t("cell.x_name"), gate=q in _run.cell.gates, **axes)
    return cv.arrow_datasets(cv.bind_marker(spec, last=_run.steps - 1))


def draw(container, run: cv.CellRun, key: str, name: str, units: tuple = ()) -> None:
    """Chart ``name``: the same element at every t, only its marker moves (in the browser)."""
    spec = chart(key, name, ss["lang"], units, run)
    container.vega_lite_chart(spec, width="stretch", key=f"cell.chart.{name}")


st.title(f"{PAGE_BY_KEY['cell'].icon} {t('cell.title_gru' if ss.get('cell.kind') == 'gru' else 'cell.title')}")
# The settings in one collapsed panel, its label saying what is chosen: the time controls,
# the diagram and the equations then fit one projector screen (1280 x 800) below it.
with st.expander(cs.summary(trained), key="cell.settings", icon="⚙️"):
    st.markdown(t("cell.intro"))
    col_input, col_weights = st.columns(2, gap="large")
    with col_input:
        x = cs.input_controls(trained)
    with col_weights:
        weights, trained_arrays, units_note = cs.weights_controls(trained)

run = simulate(x, weights, trained_arrays)
key = run_key(x, weights, trained_arrays)
playing = bool(ss.get("cell.playing", False))


def stop() -> None:
    """The slider moved: stop playing. Unless it moved back to a step the timer has just left:
    a timer rerun sent while the browser still showed that step carries its stale value."""
    if ss.get("cell.playing") and ss.get("cell.t") in ss.get("cell.ticked_from", ()):
        ss["cell.t"] = ss["cell.ticked_to"]
        return
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
    ss["cell.ticked_from"] = ()


@st.fragment(run_every=PLAY_SECONDS if playing else None)
def timeline(run: cv.CellRun, key: str, units_note: str, ticking: bool) -> None:
    """What shows t. On one screen: the time controls, then the diagram and the equations
    side by side; below them the input and the four steps in words. The charts below the
    fragment follow t through the script that ``cv.marker_sync_html`` writes."""
    live_class.follows_here("cell", "t", "unit")    # a class's follower redraws only this part
    T, H = run.steps, run.units
    ss["cell.last_t"] = T - 1
    if bool(ss.get("cell.playing", False)) != ticking:  # play/pause pressed: redefine the timer
        st.rerun()
    cs.clamp("cell.t", 0, T - 1, cv.opening_t(run.x))   # a new page opens where numbers say something
    if ticking and app_state.now() - ss.get("cell.tick", 0) >= 0.7 * PLAY_SECONDS:
        ss["cell.tick"] = app_state.now()
        ss["cell.ticked_from"] = (*ss.get("cell.ticked_from", ())[-2:], ss["cell.t"])   # see stop()
        ss["cell.t"] = ss["cell.ticked_to"] = min(ss["cell.t"] + 1, T - 1)
        if ss["cell.t"] == T - 1:                       # last step shown: stop the timer
            ss["cell.playing"] = False
            st.rerun()
    cs.clamp("cell.unit", 0, H - 1, 0)
    step = ss["cell.t"]
    with st.container(key="cell.sync"):                 # hidden: the input the charts' markers follow
        st.html(cv.marker_box_html(), unsafe_allow_javascript=True)

    with st.container(horizontal=True, vertical_alignment="bottom", key="cell.controls"):
        st.button(t("cell.prev"), key="cell.prev", on_click=move, args=(-1,), disabled=step == 0,
                  shortcut="Left", help=t("cell.prev_help"))
        st.button(t("cell.pause") if ticking else t("cell.play"), key="cell.pause" if ticking else "cell.play",
                  on_click=set_playing, args=(not ticking,), shortcut="P", help=t("cell.play_help"),
                  type="primary", disabled=T == 1)
        st.button(t("cell.next"), key="cell.next", on_click=move, args=(1,), disabled=step == T - 1,
                  shortcut="Right", help=t("cell.next_help"))
        if T > 1:
            st.slider(t("cell.t"), 0, T - 1, key="cell.t", on_change=stop, width="stretch")
        else:
            st.markdown(t("cell.t_single"), width="stretch")
        j = st.selectbox(t("cell.unit"), range(H), key="cell.unit", width=150,
                         format_func=cs.numbered("cell.unit_name", "j"))

    v = run.at(step, j)
    D = run.x.shape[1]
    st.subheader(t("cell.diagram.heading", t=step, j=j, last=T - 1))
    widths = gru_diagram.COLUMNS if run.kind == "gru" else [19, 21]   # a GRU's row of numbers is wider
    left, right = st.container(key="cell.now").columns(widths, gap="small", vertical_alignment="center")
    if run.kind == "gru":                              # a GRU: its diagram, its equations with numbers
        left.markdown(gru_diagram.diagram_svg(
            v, {g: t(f"cell.gate.{g}") for g in gru_diagram.GATES}, {q: run.scale(q) for q in ("n", "h")},
            title=t("cell.gru.diagram.title", t=step, j=j),
            x_label=None if D == 1 else t("cell.diagram.x_vector", D=D)), unsafe_allow_html=True)
        right.latex(cv.gru_numbers_latex(v))
        st.caption(t("cell.gru.legend"))
        st.latex(equations.GRU_BLOCK)
        if D == 1:
            draw(st, run, key, "x.x")
        links.publish("cell", share=False)     # t and the unit change in this fragment only
        move_markers(step)
        return
    names = {g: t(f"cell.gate.{g}") for g in ("f", "i", "a", "o")}
    scales = {q: run.scale(q) for q in run.signed}
    x_label = None if D == 1 else t("cell.diagram.x_vector", D=D)
    left.markdown(cv.diagram_svg(v, names, scales, title=t("cell.diagram.title", t=step, j=j), x_label=x_label),
                  unsafe_allow_html=True)  # st.html draws nothing for an SVG in Streamlit 1.67
    if units_note:
        right.caption(units_note)
    right.latex(cv.numbers_latex(v))
    st.caption(t("cell.diagram.legend"))
    if D == 1:
        draw(st, run, key, "x.x")

    st.subheader(t("cell.steps.heading", t=step, j=j))
    for column, name in zip(grid(4), equations.STEPS):
        with column.container(border=True, key=f"cell.step.{name}"):
            st.markdown(f"**{t(f'cell.step.{name}.title')}**")
            for block in cv.step_latex(name, v):
                st.latex(block)
            st.markdown(t(f"cell.step.{name}.meaning", **cv.meaning_values(v)))
    links.publish("cell", share=False)         # t and the unit change in this fragment only
    move_markers(step)


def move_markers(step: int) -> None:
    """Last in the fragment, after what shows t: the charts' markers move to ``step``."""
    with st.container(key="cell.sync.t"):
        st.html(cv.marker_sync_html(step), unsafe_allow_javascript=True)

timeline(run, key, units_note, playing)

st.subheader(t("cell.heatmaps.heading"))
st.caption(t("cell.heatmaps.help"))
with st.container(key="cell.heatmaps"):
    for column, q in zip(grid(len(run.quantities)), run.quantities):
        draw(column, run, key, f"heat.{q}")
    if run.x.shape[1] > 1:
        draw(st, run, key, "heat.x")

st.subheader(t("cell.lines.heading"))
options = list(range(run.units))
ss["cell.units"] = [k for k in ss.get("cell.units", options[:4]) if k < run.units] or [ss.get("cell.unit", 0)]
units = st.multiselect(t("cell.lines.units"), options, key="cell.units", max_selections=7,
                       format_func=cs.numbered("cell.unit_name", "j"))
if run.x.shape[1] > 1:
    st.caption(t("cell.lines.no_x"))
with st.container(key="cell.lines"):
    for column, q in zip(grid(len(run.quantities)), run.quantities):
        draw(column, run, key, f"lines.{q}", tuple(units or [ss.get("cell.unit", 0)]))

st.header(t("cell.code.heading"))
st.markdown(t("cell.code.intro"))
step_code = lstm_core.gru.gru_step if run.kind == "gru" else lstm_core.cell.lstm_step
st.code(inspect.getsource(step_code), language="python", wrap_lines=True)  # no cut-off
st.download_button(t("cell.download"), lambda: cv.trace_csv(run), file_name="lstm_cell_trace.csv",
                   mime="text/csv", key="cell.download", on_click="ignore", help=t("cell.download_help"))
links.publish("cell")
