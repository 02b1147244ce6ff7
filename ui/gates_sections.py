"""The sections of the "why gates?" page (``pages/3_Why_gates.py``) that draw several elements
from the engine's results. Charts come from ``ui.gates_views``; every text is translated.

A computation that can take longer than about half a second (the live gradient check, the
training comparison) shows a progress bar while it runs.
"""
from __future__ import annotations

import threading
from typing import Callable

import numpy as np
import streamlit as st

from lstm_core import gradient_flow as gf
from lstm_core import live_check as lc
from lstm_core import sequences
from lstm_core import truncated as tr
from ui import gates_views as gv
from ui import input_chooser as ic
from ui.charts import OKABE_ITO, heatmap
from ui.i18n import option_labels, t

STATUSES = lc.STATUSES
LENGTH = ic.Slider("length", 1, sequences.MAX_LENGTH, 100)   # every kind's: a switch keeps it
# The input chooser shared with the cell page; its steps count from t = 1, as this page's t does.
INPUT = ic.Inputs(
    page="gates", kinds=("sine", "step", "passengers", "random", "custom"), first=1,
    lengths={"sine": LENGTH, "step": LENGTH, "random": LENGTH, "passengers": ic.Slider("length", 1, 144, 100)},
    texts={"kind": "gates.input", "length": "gates.length", "length_help": "gates.length.help",
           "step_at": "gates.step_at", "custom": "gates.custom", "custom_help": "gates.custom.help",
           "custom_error": "gates.custom.error", "using_last": "gates.custom.using_last"},
    custom_default="0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0", compact=True, custom_height=100)
KEPT = 16                     # results of each kind kept for every session (≤ 50 kB each)


@st.cache_resource(show_spinner=False)
def _shared() -> tuple[dict, threading.Lock]:
    """Results every session may read (never mutate them), and the lock of that dict."""
    return {}, threading.Lock()


def remembered(key: tuple, compute: Callable, label: str):
    """``compute(progress)`` for ``key``, shown with a progress bar (``label``: a translation
    key taking ``percent``) when it runs; a result computed before, by any session, at once.

    ``st.cache_data`` can't show progress from inside a cached function, hence this.
    """
    memo, lock = _shared()
    with lock:
        if key in memo:
            return memo[key]
    bar = st.progress(0.0, text=t(label, percent=0))
    result = compute(lambda v: bar.progress(v, text=t(label, percent=round(100 * v))))
    bar.empty()
    with lock:
        memo[key] = result
        while len(memo) > 2 * KEPT:                # two kinds of result
            memo.pop(next(iter(memo)))
    return result


def name(cell: str) -> str:
    return t(f"gates.model.{cell}")


def keep_cells(res: gf.GradientFlow) -> list[gf.CellFlow]:
    """The flows of the cells with a keep gate, each cell once, in the page's order."""
    seen, out = set(), []
    for flow in res.flows:
        if flow.keep is not None and flow.cell not in seen:
            seen.add(flow.cell)
            out.append(flow)
    return out


def _verdict(flow: gf.CellFlow, T: int) -> None:
    """A coloured box saying what happened to ``flow``'s gradient on the way back."""
    ratio, model = flow.ratio, name(flow.cell)
    kind = gf.regime(ratio)
    if flow.non_finite:                           # NaN/inf anywhere, even if t = 1 is finite
        bad = ~np.isfinite(flow.dh_norm)
        st.warning(t("gates.warn.non_finite", model=model, n=int(bad.sum()), T=T,
                     first=int(np.flatnonzero(bad).max()) + 1 if bad.any() else T), icon="💥")
    elif kind == "exploding":
        st.warning(t("gates.warn.exploding", model=model, ratio=gv.sci(ratio), T=T), icon="📈")
    elif kind in ("vanishing", "underflow"):
        st.info(t(f"gates.warn.{kind}", model=model, ratio=gv.sci(ratio), T=T), icon="📉")
    else:
        st.success(t("gates.warn.kept", model=model, ratio=gv.sci(ratio), T=T), icon="✅")


def flow_section(res: gf.GradientFlow) -> None:
    """1. The gradient's length on its way back, for both cells, and along each keep gate."""
    T = res.steps
    st.header(t("gates.flow.heading"))
    st.markdown(t("gates.flow.body", T=T))
    for column, flow in zip(st.columns(len(res.flows), gap="large"), res.flows):
        with column:
            st.markdown(t(f"gates.flow.{gv.family(flow.cell)}_eq"))
            st.latex(gv.backward_latex(flow.cell))
            if gv.family(flow.cell) == "lstm" and flow.cell != "lstm":
                st.caption(t(f"gates.variant.{flow.cell}"))
    st.latex(gv.LOSS)
    keep = keep_cells(res)
    metrics = st.columns(len(res.flows) + min(len(keep), 1))
    for column, flow in zip(metrics, res.flows):
        column.metric(t("gates.metric.ratio", model=name(flow.cell)), gv.sci(flow.ratio),
                      help=t("gates.metric.help"))
    if keep:                                      # the last cell's keep product: the belt metric
        k = keep[-1]
        metrics[-1].metric(t(f"gates.metric.belt.{k.keep}", model=name(k.cell)),
                           gv.sci(float(k.keep_product_mean[0])), help=t(f"gates.metric.belt.help.{k.keep}"))
    for flow in res.flows:
        _verdict(flow, T)
    colours = [OKABE_ITO[5], OKABE_ITO[0]] if len(res.flows) == 2 else None
    series = {}
    for side, flow in zip(("left", "right"), res.flows):
        label = name(flow.cell) if flow.cell not in series else f"{name(flow.cell)} ({t('gates.' + side)})"
        series[label] = flow.dh_norm
    st.altair_chart(gv.log_lines(
        series, t("gates.chart.norms", T=T), x_label=t("common.axis.time"), y_title=t("gates.chart.norm"),
        inf_label=t("gates.marker.inf"), zero_label=t("gates.marker.zero"), colors=colours),
        width="stretch", key="gates.chart.norms")
    st.caption(t("gates.chart.norms.caption"))
    for flow in keep:
        g = flow.keep
        whole = flow.dc_norm if flow.dc_norm is not None else flow.dh_norm
        st.altair_chart(gv.log_lines(
            {t(f"gates.series.all.{g}"): whole, t(f"gates.series.belt.{g}"): flow.belt_norm,
             t(f"gates.series.product.{g}"): flow.keep_product_mean},
            t(f"gates.chart.keep.{g}", model=name(flow.cell)), x_label=t("common.axis.time"),
            y_title=t("gates.chart.cell.y"), inf_label=t("gates.marker.inf"), zero_label=t("gates.marker.zero"),
            colors=[OKABE_ITO[0], OKABE_ITO[2], "#000000"], dashes=[[1, 0], [7, 4], [2, 3]]),
            width="stretch", key=f"gates.chart.keep_{flow.cell}")
        st.caption(t(f"gates.chart.keep.caption.{g}"))


def heat_section(res: gf.GradientFlow) -> None:
    """2. ∂L/∂hₜ unit by unit for both cells, and each keep gate's product."""
    T = res.steps
    st.header(t("gates.heat.heading"))
    mode = st.radio(t("gates.heat_mode"), ("magnitude", "signed"), key="gates.heat_mode", horizontal=True,
                    format_func=option_labels("gates.heat_mode"))
    axes = dict(x_label=t("common.axis.time"), y_label=t("common.axis.unit"), x_values=np.arange(1, T + 1))
    domain = gv.magnitude_domain(*(f.dh for f in res.flows)) if mode == "magnitude" else None
    for side, flow in zip(("left", "right"), res.flows):
        title = t("gates.heat.dh", model=name(flow.cell))
        chart = (heatmap(flow.dh, title, "magnitude", legend_title="log₁₀|·|", domain=domain, **axes)
                 if mode == "magnitude" else heatmap(flow.dh, title, "signed", **axes))
        st.altair_chart(chart, width="stretch", key=f"gates.chart.heat_{side}")
    st.caption(t(f"gates.heat.caption.{mode}"))
    for flow in keep_cells(res):
        st.altair_chart(heatmap(flow.keep_product, t(f"gates.heat.product.{flow.keep}", model=name(flow.cell)),
                                "gate", **axes), width="stretch", key=f"gates.chart.product_{flow.cell}")
    if keep_cells(res):
        st.caption(t("gates.heat.product.caption"))


def training(task: str, epochs: int, seed: int):
    """``training_comparison`` (a few seconds), remembered for every session."""
    return remembered(("training", task, epochs, seed), lambda progress: tr.training_comparison(
        task=task, epochs=epochs, seed=seed, progress=progress), "gates.train.running")


def training_section(seed: int) -> None:
    """4. Full BPTT against the truncated gradient in training, on a button."""
    ss = st.session_state
    st.header(t("gates.train.heading"))
    st.markdown(t("gates.train.body"))
    c_task, c_epochs, c_button = st.columns([2, 1, 1], gap="medium", vertical_alignment="bottom")
    c_task.radio(t("gates.task"), ("remember_first", "passengers"), key="gates.task",
                 format_func=option_labels("gates.task"))
    c_epochs.select_slider(t("gates.epochs"), (100, 200, 300, 500), key="gates.epochs")
    wanted = (ss["gates.task"], int(ss["gates.epochs"]), seed)
    if c_button.button(t("gates.train.button"), key="gates.train", type="primary", width="stretch"):
        training(*wanted)
        ss["gates.trained"] = wanted
    st.caption(t(f"gates.task.{ss['gates.task']}.help"))
    done = ss.get("gates.trained")
    if done is None:
        st.info(t("gates.train.not_yet"))
        return
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


def live_checks(x: np.ndarray, hidden: int, seed: int, rho: float, fb: float, cells: tuple) -> list:
    """``lc.live_gradcheck`` of both cells (up to a second at T = 500, H = 64), remembered."""
    key = ("check", x.tobytes(), x.shape, hidden, seed, rho, fb, cells)
    return remembered(key, lambda progress: lc.live_gradcheck(x, hidden, seed, rho, fb, cells=cells,
                                                              progress=progress), "gates.check.running")


def check_section(checks: list, cells: tuple) -> None:
    """5. The live gradient check as a table, a summary and what any failure means."""
    table = gv.gradcheck_table(
        checks, {k: t(f"gates.check.col.{k}") for k in ("model", "parameter", "analytic", "numeric",
                                                          "rel_error", "eps", "status")},
        {m: name(m) for m in cells}, {s: t(f"gates.check.status.{s}") for s in STATUSES})
    st.table(table.set_index(table.columns[0]))   # a static table: every cell readable, nothing to scroll
    counts = {s: sum(c.status == s for c in checks) for s in STATUSES}
    st.markdown(t("gates.check.summary", n=len(checks), **counts))
    for s in STATUSES[1:]:
        if counts[s]:
            st.caption(t(f"gates.check.explain.{s}"))

