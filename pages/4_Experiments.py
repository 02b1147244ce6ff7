"""The tutorials' experiments, trained live: trend, x·sin x, classification (one and two
directions), sin -> cos, stacked LSTM on passengers.

Every experiment comes from ``lstm_core.experiments``; training runs through the same
``ui.live.LiveTrainer`` as the training page, one per experiment (prefix
``experiments.<key>``), so switching experiments keeps each one's model.
"""

import numpy as np
import streamlit as st

from lstm_core.cells import LSTM
from lstm_core.experiments import DEFAULTS, KEYS, ExperimentConfig, make_experiment
from ui import experiments_views as ev
from ui import links
from ui.charts import KIND, heatmap, lines
from ui.i18n import error_text, option_labels, t
from ui.layout import page_setup
from ui.live import LiveTrainer

page_setup("experiments")
links.restore("experiments")             # a link's settings, before any widget
ss = st.session_state
KEEP = "session"                                    # settings survive a visit to another page
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.005, 0.01, 0.02, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)
PREP = {"diff": {"log": True, "lags": (1, 12)}, "raw": {"log": False, "lags": ()}}

st.title(t("experiments.title"))
st.markdown(t("experiments.intro"))
key = st.radio(t("experiments.choose"), KEYS, key="experiments.which", horizontal=True,
               format_func=option_labels("experiments.name"), persist_state=KEEP)
st.info(t(f"experiments.desc.{key}"))


def widget(name: str) -> str:
    return f"experiments.{key}.{name}"


def read_settings() -> tuple[ExperimentConfig, str]:
    """The experiment's settings from its widgets (defaults before they are drawn)."""
    d = DEFAULTS[key]
    cfg = ExperimentConfig(hidden_size=int(ss.get(widget("hidden"), d.hidden_size)),
                           num_layers=int(ss.get(widget("layers"), d.num_layers)),
                           learning_rate=float(ss.get(widget("lr"), d.learning_rate)),
                           epochs=int(ss.get(widget("epochs"), d.epochs)),
                           seed=int(ss.get(widget("seed"), d.seed)),
                           optimizer=ss.get(widget("optimizer"), d.optimizer))
    return cfg, ss.get(widget("prep"), "diff")


def build(settings):
    cfg, prep = settings
    return make_experiment(key, cfg, **(PREP[prep] if key == "stacked" else {}))


live = LiveTrainer(f"experiments.{key}", build=build, settings=read_settings)
state = live.state

with st.expander(t("experiments.settings"), expanded=not state.has_model):
    d = DEFAULTS[key]
    c1, c2, c3 = st.columns(3)
    c1.slider(t("experiments.hidden"), 1, 64, d.hidden_size, key=widget("hidden"), persist_state=KEEP)
    c1.number_input(t("experiments.layers"), 0, 4, d.num_layers, key=widget("layers"), persist_state=KEEP)
    c2.select_slider(t("experiments.lr"), LEARNING_RATES, d.learning_rate, key=widget("lr"),
                     format_func=lambda v: f"{v:g}", persist_state=KEEP)
    c2.radio(t("experiments.optimizer"), ("adam", "sgd"), key=widget("optimizer"), horizontal=True,
             format_func=option_labels("experiments.optimizer"), persist_state=KEEP)
    c3.number_input(t("experiments.epochs"), 1, 20_000, d.epochs, step=100, key=widget("epochs"),
                    persist_state=KEEP)
    c3.number_input(t("experiments.seed"), 0, 9_999, d.seed, key=widget("seed"), persist_state=KEEP)
    if key == "stacked":
        st.radio(t("experiments.prep"), tuple(PREP), key=widget("prep"), horizontal=True,
                 format_func=option_labels("experiments.prep"), persist_state=KEEP)
        st.caption(t("experiments.stacked.note"))
    st.caption(t("experiments.defaults_note"))

if state.failure is not None:
    st.error(t("experiments.bad_settings", detail=error_text(state.failure)))
if state.has_model and state.settings != read_settings():
    st.warning(t("experiments.settings_changed"))
live.buttons(pace_key="experiments.pace")


def outcome_text(e) -> tuple[bool, str, str, str]:
    """(passed, value, target, detail) of an experiment, formatted for its page."""
    out = e.outcome()
    fmt = {"trend": "{:.3f}", "xsinx": "{:.3f}", "classify": "{:.1%}", "bidir": "{:.1%}",
           "sincos": "{:.2e}", "stacked": "{:.1f}"}[key]
    value = fmt.format(out.value) if np.isfinite(out.value) else "—"
    target = fmt.format(out.target)
    detail = t(f"experiments.detail.{key}", value=value, target=target, epochs=e.epoch)
    return out.passed, value, target, detail


def draw(s, ui) -> None:
    """Loss curve and headline metric, after every training cycle and once when stopped."""
    e = s.trainer
    if e is None:
        ui.at("hint").caption(t("experiments.train_first"))
        return
    if e.epoch == 0:
        return
    curves = e.loss_curves()
    names = {"train": t("experiments.loss.train"), "test": t("experiments.loss.test")}
    chart = lines({names[k]: v for k, v in curves.items()}, t("experiments.loss_title"),
                  x_label=t("common.axis.epoch"), y_title=t("experiments.loss_axis"), log_y=True,
                  x_values=np.arange(1, len(curves["train"]) + 1), height=260)
    left, right = ui.columns("top", [3, 1], gap="large")
    ui.at("loss", left).altair_chart(chart, width="stretch")
    passed, value, target, _ = outcome_text(e)
    ui.at("metric", right).metric(t(f"experiments.metric.{key}"), value,
                                  help=t(f"experiments.target.{key}", target=target))
    ui.at("target", right).caption(t(f"experiments.target.{key}", target=target))


live.fragment(draw)

e = state.trainer
if e is not None and not state.running and e.epoch > 0:
    last = e.history[-1]
    if e.diverged:
        lr = e.learning_rate
        st.error(t("experiments.diverged", epoch=last.epoch, lr=f"{lr:g}", suggest=f"{lr / 10:g}"))
    else:
        if e.stalled():
            train = e.loss_curves()["train"]
            st.warning(t("experiments.stalled", last=f"{train[-1]:.3g}", first=f"{train[0]:.3g}",
                         epochs=e.epoch, lr=f"{e.learning_rate:g}"))
        passed, _, _, detail = outcome_text(e)
        st.subheader(t("experiments.result"))
        (st.success if passed else st.info)(
            t("experiments.passed" if passed else "experiments.not_yet", detail=detail))
        out = e.outcome()
        if key == "sincos":
            st.metric(t("experiments.sincos.test"), f"{out.extra['test_mse']:.2e}")
            st.markdown(t("experiments.sincos.first_step", first=f"{out.extra['test_mse_first_step']:.2e}",
                          rest=f"{out.extra['test_mse_later_steps']:.2e}"))
        series_keys = ("target", "predicted", "actual", "sin", "cos", "running_sum", "threshold",
                       "label", "probability")
        axis = {"trend": ("x", "value"), "xsinx": ("x", "value"), "classify": ("step", "value"),
                "bidir": ("step", "value"), "sincos": ("t", "value"), "stacked": ("year", "passengers")}[key]
        labels = {k: t(f"experiments.series.{k}") for k in series_keys}
        labels.update(title=t(f"experiments.chart.{'classify' if key == 'bidir' else key}"),
                      x=t(f"experiments.axis.{axis[0]}"), y=t(f"experiments.axis.{axis[1]}"))
        st.altair_chart(ev.result_chart(key, e.curves(), labels), width="stretch")

        if key in ("classify", "bidir"):
            st.subheader(t("experiments.compare"))
            per_step = {}
            for k in ("classify", "bidir"):
                other = ss.get(f"experiments.{k}.live")
                if other is not None and other.trainer is not None and other.trainer.epoch > 0:
                    per_step[t(f"experiments.model.{k}")] = other.trainer.outcome().extra["accuracy_per_step"]
            st.altair_chart(ev.accuracy_bars(per_step, t("experiments.acc_title"),
                                             t("experiments.axis.step"), t("experiments.acc_axis")),
                            width="stretch")
            if len(per_step) < 2:
                st.caption(t("experiments.compare_hint"))

        st.subheader(t("experiments.cells"))
        st.caption(t("experiments.cells_intro"))
        layers = e.params.layers
        c1, c2, c3 = st.columns(3)
        layer = c1.selectbox(t("experiments.layer"), range(len(layers)), key=widget("layer"),
                             format_func=lambda k: str(k + 1)) if len(layers) > 1 else 0
        direction = c2.radio(t("experiments.direction"), ("fw", "bw"), key=widget("direction"),
                             format_func=option_labels("experiments.direction"),
                             horizontal=True) if key == "bidir" else "fw"
        n = min(e.trace_samples(), 50)
        sample = int(c3.number_input(t("experiments.sample"), 1, n, 1, key=widget("sample"))) - 1 \
            if key != "trend" else n - 1                 # trend: the sequence that ends at 1.0
        trace = e.trace(layer=layer, direction=direction, sample=sample)
        grid = st.columns(3)
        for k, q in enumerate(LSTM.quantities):
            grid[k % 3].altair_chart(heatmap(getattr(trace, q), t(f"experiments.q.{q}"), KIND[q],
                                             x_label=t("common.axis.time"),
                                             y_label=t("common.axis.unit")), width="stretch")
links.publish("experiments")
