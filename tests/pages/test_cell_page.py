"""Cell page (pages/1_Cell.py) in AppTest: every input and weights choice, exact numbers at t,
bad typed input, the trained model from the training page, play, and Chinese."""
import inspect
import json

import numpy as np
import pytest

import lstm_core
from lstm_core import (TrainConfig, Trainer, forward, gru_forward, init_gru_params, init_params, presets,
                       sequences)
from lstm_core.cells import LSTM
from tests.helpers import chart_data, run_app
from ui import cell_views as cv
from ui import state as app_state
from ui.i18n import translate
from ui.plain import literal

PAGE = "pages/1_Cell.py"
DEFAULT_X = sequences.sine(48, 12)               # the page's default input
DEFAULT_PARAMS = init_params(1, 4, seed=0, forget_bias=1.0)
OPEN_T = 22                                      # where the page opens: x = sin(2π·22/12) ≈ -0.87


@pytest.fixture
def at():
    return run_app(PAGE)


def svg(at) -> str:
    """The diagram (an inline SVG drawn with st.markdown)."""
    found = [m.value for m in at.markdown if m.value.startswith("<svg")]
    assert len(found) == 1
    return found[0]


def latex(at) -> str:
    return "\n".join(e.value for e in at.latex)


def chart(at, title: str) -> int:
    """The index of the first chart whose title is ``title``."""
    for k, element in enumerate(at.get("vega_lite_chart")):
        spec = json.loads(element.proto.spec)
        if spec.get("title", {}).get("text") == title:
            return k
    raise AssertionError(f"no chart titled {title!r}")


def sync_scripts(at) -> list[str]:
    """The page's script(s) that hand t to the charts' markers in the browser (after the one
    that makes the input they are bound to)."""
    bodies = [h.proto.body for h in at.get("html") if cv.T_ELEMENT in h.proto.body]
    assert bodies[0] == cv.marker_box_html() and bodies.count(cv.marker_box_html()) == 1
    return bodies[1:]


def charts_sent(at) -> list:
    """Every chart exactly as sent: its spec and its data sets' bytes."""
    return [(e.proto.spec, [(d.name, d.data.data) for d in e.proto.datasets]) for e in at.get("vega_lite_chart")]


def assert_shows(at, trace, t: int, j: int, lang: str = "en") -> None:
    """The diagram and the equations show exactly the trace's values of unit j at t."""
    drawn, maths = svg(at), latex(at)
    for q in LSTM.quantities:
        value = getattr(trace, q)[t, j]
        assert f">{cv.fmt(value, minus=cv.MINUS)}<" in drawn, (q, t, j)
        assert f"= {cv.fmt(value)}" in maths, (q, t, j)
    for g in "fiao":                                          # each gate box, to 6 digits on hover
        assert f"<title>{translate(f'cell.gate.{g}', lang)}: {getattr(trace, g)[t, j]:.6g}</title>" in drawn
    c_prev = trace.c[t - 1, j] if t else 0.0
    assert f">{cv.fmt(c_prev, minus=cv.MINUS)}<" in drawn


def train_tiny(num_layers: int = 1) -> dict:
    """What the training page stores in session_state["trained"], from a real 3-epoch run."""
    trainer = Trainer(TrainConfig(hidden_size=3, num_layers=num_layers, epochs=3, look_back=6))
    trainer.run()
    return {"params": trainer.params, "window": trainer.data.X_test[:, 0, :], "window_label": "→ 1958-03",
            "config": trainer.config, "epoch": trainer.epoch}


def test_default_page_shows_the_random_cell_on_a_sine_wave(at):
    assert not at.exception
    assert at.title[0].value.endswith(translate("cell.title", "en"))
    assert at.slider(key="cell.t").max == len(DEFAULT_X) - 1
    assert at.slider(key="cell.t").value == OPEN_T           # not t = 0, where every number is 0
    trace = forward(DEFAULT_PARAMS, DEFAULT_X)
    assert_shows(at, trace, OPEN_T, 0)
    assert abs(DEFAULT_X[OPEN_T, 0]) > 0.5 and abs(trace.c[OPEN_T - 1, 0]) > 0.01
    assert len(at.get("vega_lite_chart")) == 1 + 6 + 6      # input, six heatmaps, six line charts
    assert at.code[0].value.strip() == inspect.getsource(lstm_core.cell.lstm_step).strip()
    assert at.get("download_button")[0].label == translate("cell.download", "en")
    assert at.info[0].value == translate("cell.weights.no_trained", "en")   # no trained model yet


def test_moving_t_and_the_unit_shows_exactly_the_trace_values(at):
    trace = forward(DEFAULT_PARAMS, DEFAULT_X)
    for t in (5, 17, 47):
        at.slider(key="cell.t").set_value(t).run()
        assert not at.exception
        assert_shows(at, trace, t, 0)
        assert sync_scripts(at) == [cv.marker_sync_html(t)]   # the charts' markers go to t
    at.selectbox(key="cell.unit").set_value(3).run()
    assert_shows(at, trace, 47, 3)
    assert translate("cell.diagram.heading", "en", t=47, j=3, last=47) in [s.value for s in at.subheader]


def test_moving_t_recomputes_neither_the_forward_pass_nor_the_charts(at, monkeypatch):
    calls = []
    for name in ("run_cell", "chart_spec", "unit_lines"):
        original = getattr(cv, name)
        monkeypatch.setattr(cv, name, lambda *a, _f=original, _n=name, **k: calls.append(_n) or _f(*a, **k))
    for t in (3, 4, 30):
        at.slider(key="cell.t").set_value(t).run()
    at.button(key="cell.next").click().run()
    assert not at.exception and at.slider(key="cell.t").value == 31
    assert calls == []
    at.slider(key="cell.hidden").set_value(3).run()          # new weights: computed once
    assert calls.count("run_cell") == 1 and calls.count("chart_spec") == 6   # the six heatmaps


def test_moving_t_sends_every_chart_unchanged_its_marker_bound_to_t_in_the_browser(at):
    """A step changes no chart: each is sent as it was, its marker a Vega param bound to the
    input the page's script sets, so the browser keeps the heatmaps and moves the markers."""
    before = charts_sent(at)
    assert len(before) == 13 and sync_scripts(at) == [cv.marker_sync_html(OPEN_T)]
    for k in range(len(before)):
        spec = json.loads(at.get("vega_lite_chart")[k].proto.spec)
        assert {"name": cv.T_PARAM, "value": 0, "bind": {"element": f"#{cv.T_ELEMENT}"}} in spec["params"]
        assert all(list(chart_data(at, k, d).columns) != ["time"] for d in range(len(before[k][1])))
    at.button(key="cell.next").click().run()
    at.slider(key="cell.t").set_value(5).run()
    at.selectbox(key="cell.unit").set_value(2).run()
    assert charts_sent(at) == before
    assert sync_scripts(at) == [cv.marker_sync_html(5)]
    assert all(h.proto.unsafe_allow_javascript for h in at.get("html") if cv.T_ELEMENT in h.proto.body)


def test_heatmaps_hold_the_whole_trace(at):
    trace = forward(DEFAULT_PARAMS, DEFAULT_X)
    frame = chart_data(at, chart(at, translate("cell.q.c", "en")), 0)
    values = frame.pivot(index="time", columns="unit", values="value").to_numpy()
    np.testing.assert_allclose(values, trace.c)


class FakeClock:
    """``ui.state.now`` for the cell page's Play timer: moves only when the test says."""

    def __init__(self):
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(app_state, "now", fake)
    return fake


def test_next_back_and_play_move_t(at, clock):
    at.slider(key="cell.t").set_value(0).run()
    assert at.button(key="cell.prev").proto.disabled
    at.button(key="cell.next").click().run()
    at.button(key="cell.next").click().run()
    assert at.slider(key="cell.t").value == 2
    at.button(key="cell.prev").click().run()
    assert at.slider(key="cell.t").value == 1
    at.button(key="cell.play").click().run()
    assert at.session_state["cell.playing"]
    assert at.button(key="cell.pause").label == translate("cell.pause", "en")
    at.run()                                                # no time has passed: t stays
    assert at.slider(key="cell.t").value == 1
    clock.seconds += 0.8                                    # one tick of the timer
    at.run()
    assert at.slider(key="cell.t").value == 2
    at.button(key="cell.pause").click().run()
    assert not at.session_state["cell.playing"] and at.button(key="cell.play").label == translate("cell.play", "en")
    clock.seconds += 5
    at.run()
    assert at.slider(key="cell.t").value == 2               # paused: t stays
    at.button(key="cell.play").click().run()                # Play right after Pause plays
    assert at.session_state["cell.playing"]
    at.button(key="cell.pause").click().run()
    at.slider(key="cell.t").set_value(46).run()
    at.button(key="cell.play").click().run()
    clock.seconds += 0.8
    at.run()                                                # the last step: playing stops by itself
    assert at.slider(key="cell.t").value == 47 and not at.session_state["cell.playing"]
    assert at.button(key="cell.next").proto.disabled
    assert not at.exception


def test_a_timer_rerun_with_the_sliders_stale_value_keeps_playing(at, clock):
    """On a busy machine a timer rerun can leave the browser before the previous tick's t
    arrived there: it carries the slider's old value. That is no user moving the slider:
    playing goes on from where the timer was (it stepped back and stopped)."""
    at.slider(key="cell.t").set_value(10).run()
    at.button(key="cell.play").click().run()
    clock.seconds += 0.8
    at.run()
    assert at.slider(key="cell.t").value == 11
    clock.seconds += 0.8
    at.slider(key="cell.t").set_value(10).run()             # the stale value, with the next tick due
    assert at.session_state["cell.playing"] and at.slider(key="cell.t").value == 12
    at.slider(key="cell.t").set_value(30).run()             # a real move stops playing
    assert not at.session_state["cell.playing"] and at.slider(key="cell.t").value == 30
    assert not at.exception


def test_a_click_on_a_pause_the_server_no_longer_draws_does_not_start_playing(at):
    """Quick clicks: the screen still shows Pause while the server already paused. The
    click can only mean "pause"; it must never play again (it did with one flipping button)."""
    at.button(key="cell.play").click().run()
    pause = at.button(key="cell.pause")
    pause.click().run()
    assert not at.session_state["cell.playing"]
    pause.click().run()                                     # the same, stale Pause once more
    assert not at.session_state["cell.playing"] and not at.exception


INPUTS = {  # each kind with its default settings, except where the test changes them
    "passengers": sequences.passenger_window(108, 36),    # months 1958-01 .. 1960-12
    "sine": sequences.sine(48, 12),
    "step": sequences.step(10, 3),
    "ramp": sequences.ramp(6),
    "random": sequences.random_uniform(10, 0),
    "custom": sequences.parse_sequence("0.9, 0, 0, 0, 0.5, 0.5, 1, 1, 0, 0"),
}


def test_every_input_runs_the_cell_on_that_sequence(at):
    for kind, expected in INPUTS.items():
        at.radio(key="cell.input").set_value(kind)
        if kind == "passengers":
            at.run()
            at.select_slider(key="cell.months").set_range("1958-01", "1960-12")
        if kind == "step":
            at.run()
            at.slider(key="cell.step_len").set_value(10)
            at.slider(key="cell.step_at").set_value(3)
        at.run()
        assert not at.exception, kind
        assert at.slider(key="cell.t").max == len(expected) - 1, kind
        t = len(expected) - 1
        at.slider(key="cell.t").set_value(t).run()
        assert_shows(at, forward(DEFAULT_PARAMS, expected), t, 0)


def test_every_preset_runs_and_shows_its_numbers(at):
    for name, make in presets.PRESETS.items():
        at.radio(key="cell.weights").set_value(name).run()
        assert not at.exception, name
        assert translate(f"cell.weights.{name}_units", "en") in [c.value for c in at.caption]
        at.slider(key="cell.t").set_value(20).run()
        assert_shows(at, forward(make(), DEFAULT_X), 20, 0)


def test_random_weights_follow_hidden_size_seed_and_forget_bias(at):
    at.selectbox(key="cell.unit").set_value(3).run()
    at.slider(key="cell.hidden").set_value(2)               # unit 3 no longer exists
    at.number_input(key="cell.seed").set_value(7)
    at.slider(key="cell.forget_bias").set_value(-2.0)
    at.run()
    assert at.selectbox(key="cell.unit").value == 1
    at.slider(key="cell.t").set_value(30).run()
    assert not at.exception
    assert_shows(at, forward(init_params(1, 2, seed=7, forget_bias=-2.0), DEFAULT_X), 30, 1)


def test_bad_typed_numbers_show_the_error_and_keep_the_last_good_input(at):
    at.radio(key="cell.input").set_value("custom").run()
    at.text_area(key="cell.custom").input("0.5 -1 0.25").run()
    assert at.slider(key="cell.t").max == 2 and not at.error
    at.text_area(key="cell.custom").input("0.5, oops, 1").run()
    assert not at.exception
    detail = translate("common.sequence_error.not_number", "en", k=2, token=literal("oops"))
    assert at.error[0].value == translate("cell.custom.error", "en", detail=detail)
    assert at.slider(key="cell.t").max == 2                  # still the last good numbers
    at.slider(key="cell.t").set_value(2).run()
    assert_shows(at, forward(DEFAULT_PARAMS, np.array([[0.5], [-1], [0.25]])), 2, 0)
    at.text_area(key="cell.custom").input("").run()
    assert at.error[0].value == translate("cell.custom.error", "en",
                                          detail=translate("common.sequence_error.empty", "en"))
    at.text_area(key="cell.custom").input("7").run()        # one step: no slider, no play
    assert not at.error and not at.exception
    assert at.button(key="cell.play").proto.disabled


def test_trained_model_appears_after_a_training_run_and_uses_its_window(at):
    assert "trained" not in at.session_state["cell.weights"]
    options = at.radio(key="cell.weights").options
    assert translate("cell.weights.trained", "en") not in options
    trained = train_tiny()
    at.session_state["trained"] = trained
    at.run()
    assert translate("cell.weights.trained", "en") in at.radio(key="cell.weights").options
    assert not at.info
    at.radio(key="cell.weights").set_value("trained").run()
    at.radio(key="cell.input").set_value("trained").run()
    assert not at.exception
    assert at.slider(key="cell.t").max == 5                 # look_back = 6
    at.slider(key="cell.t").set_value(4).run()
    at.selectbox(key="cell.unit").set_value(2).run()
    assert_shows(at, forward(trained["params"].layers[0], trained["window"]), 4, 2)
    assert translate("cell.input.trained_help", "en", label="→ 1958-03") in [c.value for c in at.caption]


def test_training_page_request_preselects_the_trained_weights_and_window():
    at = run_app()
    trained = train_tiny()
    at.session_state["trained"] = trained
    at.session_state["cell_request"] = "trained"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "cell_request" not in at.session_state
    assert at.radio(key="cell.weights").value == "trained"
    assert at.radio(key="cell.input").value == "trained"
    opening = cv.opening_t(trained["window"])               # the window's middle, not t = 0
    assert at.slider(key="cell.t").value == opening > 0
    assert_shows(at, forward(trained["params"].layers[0], trained["window"]), opening, 0)


def test_second_layer_of_a_trained_model_reads_the_first_layers_h(at):
    trained = train_tiny(num_layers=2)
    at.session_state["trained"] = trained
    at.session_state["cell_request"] = "trained"
    at.run()
    at.selectbox(key="cell.layer").set_value(1).run()
    at.slider(key="cell.t").set_value(3).run()
    assert not at.exception
    layers = trained["params"].layers
    below = forward(layers[0], trained["window"])
    assert_shows(at, forward(layers[1], below.h), 3, 0)
    assert translate("cell.q.x_vector", "en") in [json.loads(c.proto.spec)["title"]["text"]
                                                  for c in at.get("vega_lite_chart")]


def test_the_page_works_in_chinese_and_explains_bad_numbers_in_chinese():
    # AppTest formats a radio's options outside the script (in English) when a test sets it,
    # so the input kind is chosen through session_state before the page first runs.
    at = run_app(lang="zh")
    at.session_state["cell.input"] = "custom"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value.endswith(translate("cell.title", "zh"))
    assert "遗忘门" in svg(at) and "候选值" in svg(at)
    assert at.radio(key="cell.weights").options[0] == translate("cell.weights.random", "zh")
    assert translate("cell.step.forget.title", "zh") in "\n".join(m.value for m in at.markdown)
    at.text_area(key="cell.custom").input("1，2，x").run()
    assert not at.exception
    detail = translate("common.sequence_error.not_number", "zh", k=3, token=literal("x"))
    assert at.error[0].value == translate("cell.custom.error", "zh", detail=detail)


def test_the_gru_steps_through_its_equations_and_its_own_heatmaps(at):
    """Issue 12: a GRU on the same page, its diagram and its four equations with the numbers of
    unit j at t, heatmaps and lines of r, z, n, h; back to the LSTM, its diagram returns."""
    at.radio(key="cell.kind").set_value("gru").run()
    at.slider(key="cell.hidden").set_value(3)
    at.number_input(key="cell.seed").set_value(5)
    at.run()
    at.slider(key="cell.t").set_value(30).run()
    at.selectbox(key="cell.unit").set_value(2).run()
    assert not at.exception
    trace = gru_forward(init_gru_params(1, 3, seed=5), DEFAULT_X)
    maths = latex(at)
    for q in ("r", "z", "n", "h"):
        assert f"= {cv.fmt(getattr(trace, q)[30, 2])}" in maths, q
    drawn = svg(at)                                                     # the GRU's diagram, not the LSTM's
    assert translate("cell.gru.diagram.title", "en", t=30, j=2) in drawn
    assert translate("cell.gate.z", "en") in drawn and translate("cell.gate.f", "en") not in drawn
    for q in ("r", "z", "n", "h"):
        assert f">{cv.fmt(getattr(trace, q)[30, 2], minus=cv.MINUS)}<" in drawn, q
    assert f">{cv.fmt(trace.h[29, 2], minus=cv.MINUS)}<" in drawn          # h_{t-1}
    titles = [json.loads(c.proto.spec)["title"]["text"] for c in at.get("vega_lite_chart")]
    gru_titles = [translate(f"cell.q.{q}", "en") for q in ("r", "z", "n", "h")]
    assert titles[1:] == gru_titles * 2                                 # heatmaps, then lines
    frame = chart_data(at, 2, 0)                                        # the update gate's heatmap
    np.testing.assert_allclose(frame.pivot(index="time", columns="unit", values="value").to_numpy(), trace.z)
    assert "def gru_step" in at.code[0].value
    assert "GRU" in at.expander[0].label
    assert at.title[0].value.endswith(translate("cell.title_gru", "en"))
    at.radio(key="cell.kind").set_value("lstm").run()
    assert not at.exception and translate("cell.gate.f", "en") in svg(at)
    assert at.title[0].value.endswith(translate("cell.title", "en"))


def test_the_gru_diagram_speaks_chinese():
    """The GRU's diagram in Chinese: its title and the names under its boxes translated."""
    at = run_app(lang="zh")
    at.session_state["cell.kind"] = "gru"
    at.switch_page(PAGE).run()
    assert not at.exception
    drawn = svg(at)
    assert translate("cell.gru.diagram.title", "zh", t=OPEN_T, j=0) in drawn
    for g in ("r", "z", "n"):
        assert f">{translate(f'cell.gate.{g}', 'zh')}<" in drawn, g
    assert translate("cell.gate.z", "en") not in drawn
    assert at.title[0].value.endswith(translate("cell.title_gru", "zh"))
