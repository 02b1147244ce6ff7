"""Why gates? The gradient of a loss on the last output, followed back through time in any two
cells side by side (plain RNN, GRU, LSTM, LSTM variants); full BPTT against the NumPy
tutorial's truncated gradient; a live check.

Reads widgets, calls ``lstm_core.gradient_flow``, ``truncated`` and ``live_check``, draws
with ``ui.gates_sections`` and ``ui.gates_views``.
"""
import numpy as np
import streamlit as st

from lstm_core import gradient_flow as gf
from lstm_core import truncated as tr
from ui import gates_sections as gs
from ui import gates_views as gv
from ui import input_chooser as ic
from ui import links
from ui.i18n import option_labels, t
from ui.layout import page_setup

page_setup("gates")
links.restore("gates")                   # a link's settings, before any widget
ss = st.session_state

RHOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2, 1.3, 1.5,
        1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0)      # finer around 1, where it tips over
DEFAULTS = {"gates.left": "rnn", "gates.right": "lstm", "gates.input": "sine", "gates.length": 100, "gates.step_at": 51,
            "gates.custom": gs.INPUT.custom_default,
            "gates.hidden": 16, "gates.seed": 0, "gates.rho": 0.9, "gates.fb": 3.0,
            "gates.heat_mode": "magnitude", "gates.loss": "last", "gates.param": "W_f",
            "gates.task": "remember_first", "gates.epochs": 300}
# One click sets up a lesson (the plain RNN against the LSTM): input, length, step at, hidden, rho, forget bias
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
    ss["gates.seed"], ss["gates.left"], ss["gates.right"] = 0, "rnn", "lstm"


@st.cache_data(max_entries=32, show_spinner=False)    # ≤ 1.6 MB an entry at T = 500, H = 64
def flow(x, hidden, seed, rho, fb, cells):
    return gf.gradient_flow(x, hidden, seed, rho, fb, cells)


@st.cache_data(max_entries=32, show_spinner=False)
def full_vs_trunc(x, hidden, seed, fb, loss):
    return tr.full_vs_truncated(x, hidden, seed, fb, loss)




st.title(f"🚪 {t('gates.title')}")
st.markdown(t("gates.intro"))

# --- Presets and settings -------------------------------------------------------------
st.markdown(f"**{t('gates.presets.label')}**")
for column, name in zip(st.columns(len(PRESETS)), PRESETS):
    column.button(t(f"gates.preset.{name}"), key=f"gates.preset.{name}", on_click=apply_preset,
                  args=(name,), width="stretch", help=t(f"gates.preset.{name}.help"))

with st.container(border=True):
    c_left, c_right = st.columns(2, gap="large")
    c_left.selectbox(t("gates.left"), gf.FLOW_CELLS, key="gates.left", format_func=option_labels("gates.model"),
                     help=t("gates.cells.help"))
    c_right.selectbox(t("gates.right"), gf.FLOW_CELLS, key="gates.right", format_func=option_labels("gates.model"),
                      help=t("gates.cells.help"))
    c_input, c_size, c_knobs = st.columns(3, gap="large")
    with c_input:
        x = ic.sequence(gs.INPUT, ic.choose_kind(gs.INPUT), seed=int(ss["gates.seed"]))   # the cells' seed
        st.caption(t("gates.length.effect"))
    with c_size:
        st.slider(t("gates.hidden"), 1, 64, key="gates.hidden", help=t("gates.hidden.help"))
        st.caption(t("gates.hidden.effect"))
        st.number_input(t("gates.seed"), 0, 9999, step=1, key="gates.seed", help=t("gates.seed.help"))
    with c_knobs:
        st.select_slider(t("gates.rho"), RHOS, key="gates.rho", help=t("gates.rho.help"))
        st.caption(t("gates.rho.effect"))
        st.slider(t("gates.fb"), -3.0, 5.0, step=0.25, key="gates.fb", help=t("gates.fb.help"))
        st.caption(t("gates.fb.effect", sigma=f"{gf.keep_fraction(ss['gates.fb']):.3f}"))

H, seed, rho, fb = int(ss["gates.hidden"]), int(ss["gates.seed"]), float(ss["gates.rho"]), float(ss["gates.fb"])
cells = (ss["gates.left"], ss["gates.right"])
T = x.shape[0]
res = flow(x, H, seed, rho, fb, cells)

gs.flow_section(res)                            # 1. the gradient on its way back
gs.heat_section(res)                            # 2. unit by unit

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

# --- 4. What the shortcut costs in training (on a button) -------------------------------
gs.training_section(seed)

# --- 5. Can we trust these numbers? ---------------------------------------------------
st.header(t("gates.check.heading"))
st.markdown(t("gates.check.body"))
gs.check_section(gs.live_checks(x, H, seed, rho, fb, cells), cells)
links.publish("gates")
