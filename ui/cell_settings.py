"""The cell page's settings widgets (``pages/1_Cell.py``): the input and the weights.

They sit in one collapsed expander at the top of the page, so the time controls, the diagram
and the equations fit one projector screen. No math here: the input comes from the chooser
the "why gates?" page shares (``ui.input_chooser``) and the weights are described by a key
for ``ui.cell_views``.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from lstm_core import presets
from ui import cell_handoff
from ui import input_chooser as ic
from ui.i18n import option_labels, t, translate
from ui.layout import PAGE_BY_KEY, page_link

KEEP = "session"                         # settings survive a visit to another page
WEIGHTS = ("random", *presets.PRESETS)
KINDS = ("lstm", "gru")                  # the cell: an LSTM, or a GRU (random weights only)
CUSTOM_DEFAULT = "0.9, 0, 0, 0, 0.5, 0.5, 1, 1, 0, 0"
# The input chooser shared with the "why gates?" page: each kind its own length, steps from 0.
INPUT = ic.Inputs(
    page="cell", kinds=("passengers", "sine", "step", "ramp", "random", "custom"), first=0,
    lengths={"sine": ic.Slider("sine_len", 4, 200, 48), "step": ic.Slider("step_len", 4, 200, 24),
             "ramp": ic.Slider("ramp_len", 2, 50, 6), "random": ic.Slider("random_len", 2, 200, 10)},
    period=ic.Slider("sine_period", 2, 48, 12), seed=ic.Slider("random_seed", 0, 10**6, 0),
    texts={"kind": "cell.input.label", "length": "cell.input.length", "period": "cell.input.period",
           "step_at": "cell.input.step_at", "ramp_help": "cell.input.ramp_help", "seed": "cell.input.seed",
           "months": "cell.input.months", "custom": "cell.input.custom_label",
           "custom_help": "cell.input.custom_help", "custom_error": "cell.custom.error",
           "using_last": "cell.custom.using_last"},
    custom_default=CUSTOM_DEFAULT, persist=KEEP)
INPUTS = INPUT.kinds
months, clamp = ic.months, ic.clamp      # the link tables' and the page's


def numbered(key: str, name: str, add: int = 0):
    """``format_func`` for numbered options: ``key`` with placeholder ``name`` = option + add,
    in this run's language (captured now, like ``ui.i18n.option_labels``)."""
    lang = st.session_state["lang"]
    return lambda option: translate(key, lang, **{name: option + add})


def summary(trained: dict | None) -> str:
    """The expander's label: what is chosen now, so the class sees it with the panel shut."""
    ss = st.session_state
    inputs = INPUTS + (("trained",) if trained is not None else ()) + cell_handoff.options()
    weights = WEIGHTS + (("trained",) if trained is not None else ()) + cell_handoff.options()
    kind = ss.get("cell.input") if ss.get("cell.input") in inputs else "sine"
    chosen = ss.get("cell.weights") if ss.get("cell.weights") in weights else "random"
    label = t(f"cell.weights.{chosen}")
    if ss.get("cell.kind") == "gru":
        label = f"{t('cell.kind.gru')}, {t('cell.weights.random')}"
    if chosen == "random" or ss.get("cell.kind") == "gru":
        label += f", H = {ss.get('cell.hidden', 4)}"
    return t("cell.settings.label", input=t(f"cell.input.{kind}"), weights=label)


def input_controls(trained: dict | None) -> np.ndarray:
    """The input chooser; returns x (T, 1), or (T, D) for the long-memory hand-off."""
    extra = (("trained",) if trained is not None else ()) + cell_handoff.options()
    kind = ic.choose_kind(INPUT, extra, on_change=cell_handoff.pair, args=("cell.input",))
    if kind == cell_handoff.CHOICE:
        return cell_handoff.input_x()
    if kind == "trained":
        st.caption(t("cell.input.trained_help", label=trained["window_label"]))
        return np.asarray(trained["window"], dtype=float).reshape(-1, 1)
    return ic.sequence(INPUT, kind)


def weights_controls(trained: dict | None) -> tuple[tuple, dict | None, str]:
    """The cell and its weights; returns (cache key, trained arrays or None, a one-line summary)."""
    ss = st.session_state
    if ss.get("cell.kind") not in KINDS:
        ss["cell.kind"] = "lstm"
    cell = st.radio(t("cell.kind.label"), KINDS, key="cell.kind", horizontal=True,
                    format_func=option_labels("cell.kind"), help=t("cell.kind.help"), persist_state=KEEP)
    if cell == "gru":                                   # random weights: presets and training are LSTMs
        left, right = st.columns(2)
        H = left.slider(t("cell.weights.hidden"), 1, 32, 4, key="cell.hidden", persist_state=KEEP)
        seed = right.number_input(t("cell.weights.seed"), 0, 10**6, 0, key="cell.seed", persist_state=KEEP)
        return ("gru", int(H), int(seed)), None, ""
    options = WEIGHTS + (("trained",) if trained is not None else ()) + cell_handoff.options()
    if ss.get("cell.weights") not in options:
        ss["cell.weights"] = "random"
    kind = st.radio(t("cell.weights.label"), options, key="cell.weights", horizontal=True,
                    format_func=option_labels("cell.weights"), persist_state=KEEP,
                    on_change=cell_handoff.pair, args=("cell.weights",))
    if kind == cell_handoff.CHOICE:
        return cell_handoff.weights()
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
