"""Why gates? The gradient of a loss on the last output, followed back through time in a
plain RNN and in an LSTM; full BPTT against the NumPy tutorial's truncated gradient; a live check.

Reads widgets, calls ``lstm_core.gradient_flow`` (cached), draws with ``ui.gates_views``.
"""
import numpy as np
import streamlit as st

from lstm_core import gradient_flow as gf
from lstm_core import sequences
from ui import gates_views as gv
from ui import links
from ui.charts import OKABE_ITO, heatmap
from ui.i18n import error_text, option_labels, t
from ui.layout import page_setup

page_setup("gates")
links.restore("gates")                   # a link's settings, before any widget
ss = st.session_state

INPUTS = ("sine", "step", "passengers", "random", "custom")
PASSENGER_MONTHS = 144
MAX_T = sequences.MAX_LENGTH                     # 500
RHOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2, 1.3, 1.5,
        1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0)      # finer around 1, where it tips over
DEFAULTS = {"gates.input": "sine", "gates.length": 100, "gates.step_at": 51,
            "gates.custom": "0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0",
            "gates.hidden": 16, "gates.seed": 0, "gates.rho": 0.9, "gates.fb": 3.0,
            "gates.heat_mode": "magnitude", "gates.loss": "last", "gates.param": "W_f",
            "gates.task": "remember_first", "gates.epochs": 300}
# One click sets up a lesson: (input, length, step at, hidden, rho, forget bias)
PRESETS = {
    "vanishing": dict(input="sine", length=100, hidden=16, rho=0.9, fb=3.0),
    "lstm_forgets": dict(input="sine", length=100, hidden=16, rho=0.9, fb=0.0),
    "exploding": dict(input="step", length=150, step_at=76, hidden=16, rho=2.0, fb=2.0),
    "overflow": dict(input="step", length=500, step_at=451, hidden=16, rho=6.0, fb=2.0),
}
for key, value in DEFAULTS.items():
    ss.setdefault(key, value)


def apply_preset(name: str) -> None:
    """on_click: write a preset into the widgets' keys (runs before the script)."""
    for field, value in PRESETS[name].items():
        ss[f"gates.{field}"] = value
    ss["gates.seed"] = 0


@st.cache_data(max_entries=32, show_spinner=False)    # ≤ 1.6 MB an entry at T = 500, H = 64
def flow(x, hidden, seed, rho, fb):
    return gf.gradient_flow(x, hidden, seed, rho, fb)


@st.cache_data(max_entries=32, show_spinner=False)
def full_vs_trunc(x, hidden, seed, fb, loss):
    return gf.full_vs_truncated(x, hidden, seed, fb, loss)


@st.cache_data(max_entries=32, show_spinner=False)
def gradcheck(x, hidden, seed, rho, fb):
    return gf.live_gradcheck(x, hidden, seed, rho, fb)


@st.cache_data(max_entries=16, show_spinner=False)
def training(task, epochs, seed):
    return gf.training_comparison(task=task, epochs=epochs, seed=seed)


st.title(f"🚪 {t('gates.title')}")
st.markdown(t("gates.intro"))

# --- Presets and settings -------------------------------------------------------------
st.markdown(f"**{t('gates.presets.label')}**")
for column, name in zip(st.columns(len(PRESETS)), PRESETS):
    column.button(t(f"gates.preset.{name}"), key=f"gates.preset.{name}", on_click=apply_preset,
                  args=(name,), width="stretch", help=t(f"gates.preset.{name}.help"))

with st.container(border=True):
    c_input, c_size, c_knobs = st.columns(3, gap="large")
    with c_input:
        st.selectbox(t("gates.input"), INPUTS, key="gates.input",
                     format_func=option_labels("gates.input"))
        kind = ss["gates.input"]
        if kind == "custom":
            st.text_area(t("gates.custom"), key="gates.custom", height=100, help=t("gates.custom.help"))
        else:
            top = PASSENGER_MONTHS if kind == "passengers" else MAX_T
            ss["gates.length"] = min(ss["gates.length"], top)
            st.slider(t("gates.length"), 1, top, key="gates.length", help=t("gates.length.help"))
            if kind == "step":
                ss["gates.step_at"] = min(ss["gates.step_at"], ss["gates.length"])
                st.slider(t("gates.step_at"), 1, max(ss["gates.length"], 2), key="gates.step_at")
        st.caption(t("gates.length.effect"))
    with c_size:
        st.slider(t("gates.hidden"), 1, 64, key="gates.hidden", help=t("gates.hidden.help"))
        st.caption(t("gates.hidden.effect"))
        st.number_input(t("gates.seed"), 0, 9999, step=1, key="gates.seed", help=t("gates.seed.help"))
    with c_knobs:
        st.select_slider(t("gates.rho"), RHOS, key="gates.rho", help=t("gates.rho.help"))
        st.caption(t("gates.rho.effect"))
        st.slider(t("gates.fb"), -3.0, 5.0, step=0.25, key="gates.fb", help=t("gates.fb.help"))
        st.caption(t("gates.fb.effect", sigma=f"{1 / (1 + np.exp(-ss['gates.fb'])):.3f}"))

# --- The input ------------------------------------------------------------------------
if kind == "custom":
    try:
        x = ss["gates.custom_last_good"] = sequences.parse_sequence(ss["gates.custom"])
    except ValueError as err:                    # explain, and keep showing the last good numbers
        st.error(t("gates.custom.err.other", message=error_text(err)))
        x = ss.get("gates.custom_last_good")
        if x is None:
            x = sequences.parse_sequence(DEFAULTS["gates.custom"])
        st.caption(t("gates.custom.using_last", n=len(x)))
elif kind == "sine":
    x = sequences.sine(ss["gates.length"])
elif kind == "step":
    x = sequences.step(ss["gates.length"], at=ss["gates.step_at"] - 1)
elif kind == "passengers":
    x = sequences.passenger_window(0, ss["gates.length"])
else:
    x = sequences.random_uniform(ss["gates.length"], seed=int(ss["gates.seed"]))
H, seed, rho, fb = int(ss["gates.hidden"]), int(ss["gates.seed"]), float(ss["gates.rho"]), float(ss["gates.fb"])
T = x.shape[0]
res = flow(x, H, seed, rho, fb)

# --- 1. The gradient on its way back --------------------------------------------------
st.header(t("gates.flow.heading"))
st.markdown(t("gates.flow.body", T=T))
left, right = st.columns(2, gap="large")
with left:
    st.markdown(t("gates.flow.rnn_eq"))
    st.latex(gv.RNN_BACKWARD)
with right:
    st.markdown(t("gates.flow.lstm_eq"))
    st.latex(gv.LSTM_BACKWARD)
st.latex(gv.LOSS)

m_rnn, m_lstm, m_belt = st.columns(3)
m_rnn.metric(t("gates.metric.rnn"), gv.sci(res.ratio("rnn")), help=t("gates.metric.help"))
m_lstm.metric(t("gates.metric.lstm"), gv.sci(res.ratio("lstm")), help=t("gates.metric.help"))
m_belt.metric(t("gates.metric.belt"), gv.sci(float(res.forget_product_mean[0])), help=t("gates.metric.belt.help"))

for model in ("rnn", "lstm"):
    name = t(f"gates.model.{model}")
    ratio = res.ratio(model)
    norms = res.rnn_dh_norm if model == "rnn" else res.lstm_dh_norm
    kind_of = gf.regime(ratio)
    if model in res.non_finite:                 # NaN/inf anywhere, even if t = 1 is finite
        bad = ~np.isfinite(norms)
        st.warning(t("gates.warn.non_finite", model=name, n=int(bad.sum()), T=T,
                     first=int(np.flatnonzero(bad).max()) + 1 if bad.any() else T), icon="💥")
    elif kind_of == "exploding":
        st.warning(t("gates.warn.exploding", model=name, ratio=gv.sci(ratio), T=T), icon="📈")
    elif kind_of in ("vanishing", "underflow"):
        st.info(t(f"gates.warn.{kind_of}", model=name, ratio=gv.sci(ratio), T=T), icon="📉")
    else:
        st.success(t("gates.warn.kept", model=name, ratio=gv.sci(ratio), T=T), icon="✅")

norm_label = t("gates.chart.norm")
st.altair_chart(gv.log_lines(
    {t("gates.series.rnn_dh"): res.rnn_dh_norm, t("gates.series.lstm_dh"): res.lstm_dh_norm},
    t("gates.chart.norms", T=T), x_label=t("common.axis.time"), y_title=norm_label,
    inf_label=t("gates.marker.inf"), zero_label=t("gates.marker.zero"),
    colors=[OKABE_ITO[5], OKABE_ITO[0]]), width="stretch", key="gates.chart.norms")
st.caption(t("gates.chart.norms.caption"))
st.altair_chart(gv.log_lines(
    {t("gates.series.dc"): res.lstm_dc_norm, t("gates.series.belt"): res.belt_norm,
     t("gates.series.product"): res.forget_product_mean},
    t("gates.chart.cell"), x_label=t("common.axis.time"), y_title=t("gates.chart.cell.y"),
    inf_label=t("gates.marker.inf"), zero_label=t("gates.marker.zero"),
    colors=[OKABE_ITO[0], OKABE_ITO[2], "#000000"], dashes=[[1, 0], [7, 4], [2, 3]]),
    width="stretch", key="gates.chart.cell")
st.caption(t("gates.chart.cell.caption"))

# --- 2. Unit by unit ------------------------------------------------------------------
st.header(t("gates.heat.heading"))
st.radio(t("gates.heat_mode"), ("magnitude", "signed"), key="gates.heat_mode", horizontal=True,
         format_func=option_labels("gates.heat_mode"))
axes = dict(x_label=t("common.axis.time"), y_label=t("common.axis.unit"), x_values=np.arange(1, T + 1))
if ss["gates.heat_mode"] == "magnitude":
    domain = gv.magnitude_domain(res.rnn_dh, res.lstm_dh)
    for model, values in (("rnn", res.rnn_dh), ("lstm", res.lstm_dh)):
        st.altair_chart(heatmap(values, t(f"gates.heat.{model}"), "magnitude", legend_title="log₁₀|·|",
                                domain=domain, **axes), width="stretch",
                        key=f"gates.chart.heat_{model}")
else:
    for model, values in (("rnn", res.rnn_dh), ("lstm", res.lstm_dh)):
        st.altair_chart(heatmap(values, t(f"gates.heat.{model}"), "signed", **axes),
                        width="stretch", key=f"gates.chart.heat_{model}")
st.caption(t(f"gates.heat.caption.{ss['gates.heat_mode']}"))
st.altair_chart(heatmap(res.forget_product, t("gates.heat.product"), "gate", **axes),
                width="stretch", key="gates.chart.heat_product")
st.caption(t("gates.heat.product.caption"))

# --- 3. Full BPTT against the truncated gradient --------------------------------------
st.header(t("gates.trunc.heading"))
st.markdown(t("gates.trunc.body"))
c_loss, c_param = st.columns(2, gap="large")
c_loss.radio(t("gates.loss"), ("last", "every"), key="gates.loss", horizontal=True,
             format_func=option_labels("gates.loss"))
c_param.selectbox(t("gates.param"), [f"W_{g}" for g in ("f", "i", "a", "o")], key="gates.param",
                  format_func=option_labels("gates.param"))
cmp = full_vs_trunc(x, H, seed, fb, ss["gates.loss"])
param = ss["gates.param"]
cos_all = cmp.cosine["all"]
st.metric(t("gates.trunc.cos_all"), "NaN" if not np.isfinite(cos_all) else f"{cos_all:.4f}",
          help=t("gates.trunc.cos_help"))
if T == 1:
    st.info(t("gates.trunc.t1"))
columns = [f"h{j + 1}" for j in range(H)] + (["x"] if x.shape[1] == 1 else [f"x{d + 1}" for d in range(x.shape[1])])
pair = gv.gradient_pair(
    getattr(cmp.full, param), getattr(cmp.truncated, param),
    (t("gates.trunc.full", param=param), t("gates.trunc.truncated", param=param)),
    x_label=t("gates.trunc.columns"), y_label=t("common.axis.unit"), column_labels=columns,
    value_label=f"∂L/∂{param}")
for column, chart, name in zip(st.columns(2, gap="medium"), pair, ("full", "truncated")):
    column.altair_chart(chart, width="stretch", key=f"gates.chart.pair_{name}")
st.altair_chart(gv.cosine_chart(cmp.cosine, t("gates.trunc.cos_chart"), x_label=t("gates.trunc.cos"),
                                all_label=t("gates.trunc.all"), order=gf.PARAM_NAMES),
                width="stretch", key="gates.chart.cosine")
st.caption(t("gates.trunc.caption"))

# --- 4. What the shortcut costs in training -------------------------------------------
st.header(t("gates.train.heading"))
st.markdown(t("gates.train.body"))
c_task, c_epochs, c_button = st.columns([2, 1, 1], gap="medium", vertical_alignment="bottom")
c_task.radio(t("gates.task"), ("remember_first", "passengers"), key="gates.task",
             format_func=option_labels("gates.task"))
c_epochs.select_slider(t("gates.epochs"), (100, 200, 300, 500), key="gates.epochs")
wanted = (ss["gates.task"], int(ss["gates.epochs"]), seed)
if c_button.button(t("gates.train.button"), key="gates.train", type="primary", width="stretch"):
    # measured: 300 epochs of both runs take 2-3 s on one core of the 2-core test machine
    with st.spinner(t("gates.train.running", seconds=max(1, round(wanted[1] / 100)))):
        training(*wanted)
    ss["gates.trained"] = wanted
st.caption(t(f"gates.task.{ss['gates.task']}.help"))
done = ss.get("gates.trained")
if done is None:
    st.info(t("gates.train.not_yet"))
else:
    run = training(*done)
    if done != wanted:
        st.info(t("gates.train.stale"))
    names = {k: t(f"gates.train.{k}") for k in ("full_train", "full_test", "trunc_train", "trunc_test")}
    st.altair_chart(gv.training_chart(
        run.full_train, run.full_test, run.truncated_train, run.truncated_test,
        t(f"gates.train.chart.{run.task}"), x_label=t("common.axis.epoch"), y_title=t("gates.train.mse"),
        names=names, baseline=run.baseline, baseline_label=t("gates.train.baseline")),
        width="stretch", key="gates.chart.training")
    a, b, c = st.columns(3)
    a.metric(t("gates.train.final_full"), f"{run.full_test[-1]:.4g}")
    b.metric(t("gates.train.final_trunc"), f"{run.truncated_test[-1]:.4g}")
    c.metric(t("gates.train.seconds"), f"{run.seconds:.1f} s")
    st.caption(t(f"gates.train.caption.{run.task}", seed=done[2], epochs=done[1]))

# --- 5. Can we trust these numbers? ---------------------------------------------------
st.header(t("gates.check.heading"))
st.markdown(t("gates.check.body"))
checks = gradcheck(x, H, seed, rho, fb)
table = gv.gradcheck_table(
    checks, {k: t(f"gates.check.col.{k}") for k in ("model", "parameter", "analytic", "numeric",
                                                      "rel_error", "eps", "status")},
    {m: t(f"gates.model.{m}") for m in ("rnn", "lstm")},
    {s: t(f"gates.check.status.{s}") for s in ("agrees", "disagrees", "unresolved", "too_large", "not_finite")})
st.table(table.set_index(table.columns[0]))   # a static table: every cell readable, nothing to scroll
counts = {s: sum(c.status == s for c in checks) for s in ("agrees", "disagrees", "unresolved", "too_large", "not_finite")}
st.markdown(t("gates.check.summary", n=len(checks), **counts))
for s in ("disagrees", "unresolved", "too_large", "not_finite"):
    if counts[s]:
        st.caption(t(f"gates.check.explain.{s}"))
links.publish("gates")
