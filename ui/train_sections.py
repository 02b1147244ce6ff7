"""Sections of the training page (``pages/2_Train.py``) that draw with Streamlit: the
settings panel, the chart templates, the metrics, the replay controls, the model inside
(heatmaps, hand-off to the cell page, files) and restoring a model from a weights file.

The page passes what they need (the live trainer, the series, its labels); widget keys
are the page's (``train.*``), listed in ``ui.train_settings.CONTROLS`` for the settings.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

import lstm_core
from lstm_core import Trainer, layer_trace
from lstm_core.cells import cell_of
from lstm_core.forecast import make_trainer
from ui import charts
from ui import series_picker as sp
from ui import train_settings as ts
from ui import train_views as tv
from ui.i18n import error_text, t, translate
from ui.layout import PAGE_BY_KEY, grid
from ui.plain import literal

KEEP = "session"                                 # settings survive a visit to another page
MAX_UPLOAD_MB = 2                                # the largest model of this page: 0.8 MB


def named(pattern: str, **fmt):
    """A format_func for options ``k`` showing ``t(pattern.format(k), **fmt)`` in today's
    language, fixed when the widget is drawn (AppTest calls format_func outside the run)."""
    lang = st.session_state.get("lang", "en")
    return lambda k: translate(pattern.format(k), lang, **fmt)


def settings_panel(season: int | None) -> None:
    """The three columns of controls; ``season`` is written into the seasonal choices."""
    ss = st.session_state
    with st.container(border=True, key="train.settings"):
        model_col, train_col, data_col = st.columns(3, gap="large")
        with model_col:
            st.markdown(f"**{t('train.group.model')}**")
            st.slider(t("train.hidden"), 1, ts.MAX_HIDDEN, key="train.hidden", help=t("train.hidden_help"),
                      persist_state=KEEP)
            st.slider(t("train.look_back"), 1, ts.MAX_LOOK_BACK, key="train.look_back",
                      help=t("train.look_back_help"), persist_state=KEEP)
            st.slider(t("train.layers"), 1, ts.MAX_LAYERS, key="train.layers", help=t("train.layers_help"),
                      persist_state=KEEP)
            st.slider(t("train.forget_bias"), *ts.FORGET_BIAS[:2], step=ts.FORGET_BIAS[2],
                      key="train.forget_bias", help=t("train.forget_bias_help"), persist_state=KEEP)
        with train_col:
            st.markdown(f"**{t('train.group.training')}**")
            st.select_slider(t("train.lr"), ts.LEARNING_RATES, key="train.lr", format_func=lambda v: f"{v:g}",
                             help=t("train.lr_help"), persist_state=KEEP)
            st.select_slider(t("train.epochs"), ts.EPOCHS, key="train.epochs", help=t("train.epochs_help"),
                             persist_state=KEEP)
            st.radio(t("train.optimizer"), ("adam", "sgd"), key="train.optimizer", horizontal=True,
                     format_func=named("train.optimizer.{}"), persist_state=KEEP)
            st.toggle(t("train.clip"), key="train.clip", help=t("train.clip_help"), persist_state=KEEP)
            st.select_slider(t("train.clip_norm"), ts.CLIP_NORMS, key="train.clip_norm",
                             disabled=not ss["train.clip"], persist_state=KEEP)
        with data_col:
            st.markdown(f"**{t('train.group.data')}**")
            st.radio(t("train.prep"), tuple(ts.PREPROCESSING), key="train.prep", persist_state=KEEP,
                     format_func=named("train.prep.{}", s=season if season is not None else "—"))
            st.slider(t("train.train_pct"), *ts.TRAIN_PCT, key="train.train_pct", format="%d%%",
                      help=t("train.train_pct_help"), persist_state=KEEP)
            st.number_input(t("train.seed"), 0, ts.MAX_SEED, key="train.seed", persist_state=KEEP)
            st.toggle(t("train.bptt"), key="train.bptt", help=t("train.bptt_help"), persist_state=KEEP)
        st.caption(t("train.prep_why"))


# ---- charts ---------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=32)
def templates(lang: str, hover: bool, kind: str, monthly: bool, title: str, x: str, y: str) -> dict:
    """Vega-Lite templates of the three charts in ``lang``, filled with data at each redraw;
    without per-value tooltips (``hover``) while training, so the browser keeps up."""
    return {"loss": tv.template(tv.loss_chart(None, loss_labels(), hover=hover)),
            "grads": tv.template(tv.grad_chart(None, grad_labels(), hover=hover)),
            "forecast": tv.template(tv.forecast_chart(None, forecast_labels(title, x, y), hover=hover,
                                                      kind=kind, monthly=monthly))}


def loss_labels() -> dict:
    return {"title": t("train.loss.title"), "subtitle": t("train.loss.subtitle"),
            "x": t("common.axis.epoch"), "y": t("train.loss.y"), "train": t("train.part.train"),
            "test": t("train.part.test"), "series": t("train.loss.series")}


def grad_labels() -> dict:
    names = {k: t(f"train.grad.{k}") for k in tv.GRAD_KEYS}
    return {"title": t("train.grad.title"), "subtitle": t("train.grad.subtitle"),
            "x": t("common.axis.epoch"), "y": t("train.grad.y"), "series": t("train.grad.series"),
            "clip": t("train.grad.clip"), **names}


def forecast_labels(title: str, x: str, y: str) -> dict:
    return {"title": title, "subtitle": t("train.forecast.subtitle"), "x": x, "y": y,
            "actual": t("train.forecast.actual"), "train": t("train.forecast.pred_train"),
            "test": t("train.forecast.pred_test"), "series": t("train.forecast.series"),
            "train_part": t("train.part.train"), "test_part": t("train.part.test")}


def forecast_names() -> dict:
    return {"actual": t("train.forecast.actual"), "train": t("train.forecast.pred_train"),
            "test": t("train.forecast.pred_test")}


def chart(ui, name: str, frames: dict, display: dict, hover: bool, parent=None) -> None:
    """One of the live charts: its cached template filled with ``frames``, replaced in place."""
    spec = tv.filled(templates(st.session_state["lang"], hover, display["kind"], display["monthly"],
                               t("train.forecast.title", name=display["name"]), display["x"],
                               display["y"])[name], frames)
    ui.at(f"chart.{name}", parent).vega_lite_chart(spec, width="stretch")


@st.cache_data(max_entries=64, show_spinner=False)
def heatmap_specs(run_id: int, epoch: int, window: int, layer: int, lang: str,
                  _params, _X: np.ndarray, _labels: tuple) -> list[dict]:
    """The six heatmaps of ``layer`` on window ``_X`` (L, 1), as Vega-Lite dicts (cached per run)."""
    trace = layer_trace(_params.layers, _X, layer)               # f, i, a, o, c, h: (L, H)
    quantities = cell_of(_params.layers[layer]).quantities
    n_units = _params.layers[layer].hidden_size
    return [heatmap_spec(heatmap_template(q, lang, _labels, n_units), getattr(trace, q), q, _labels)
            for q in quantities]


@st.cache_resource(max_entries=64, show_spinner=False)
def heatmap_template(q: str, lang: str, labels: tuple, n_units: int) -> dict:
    """The heatmap of quantity ``q`` on a window labelled ``labels`` (L,), built once on zeros:
    ``heatmap_spec`` fills it. Read-only (shared by every session)."""
    return heatmap_dict(np.zeros((len(labels), n_units)), q, labels)


def heatmap_dict(values: np.ndarray, q: str, labels: tuple) -> dict:
    """``ui.charts.heatmap`` of ``values`` (L, H) as a Vega-Lite dict (≈10 ms: Altair)."""
    return tv.template(charts.heatmap(values, t(f"train.q.{q}"), charts.KIND[q], x_label=t("train.heat.x"),
                                      y_label=t("common.axis.unit"), x_values=list(labels)),
                       validate=False)                                     # ui.charts' tests validate


def heatmap_spec(template: dict, values: np.ndarray, q: str, labels: tuple) -> dict:
    """``heatmap_dict(values, q, labels)`` from its ``template``: the template's one data set holds
    the cells of ``values`` (L, H), time-major, and the cell state's colour domain is its own
    (±the largest |c|). Values that are not all finite take the builder (a layer of their own)."""
    values = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(values)):
        return heatmap_dict(values, q, labels)
    times = np.asarray(labels)
    times = [int(v) for v in times] if np.issubdtype(times.dtype, np.integer) else [str(v) for v in times]
    n_units = values.shape[1]
    cells = [{"time": time, "unit": unit, "value": value}
             for time, row in zip(times, values.tolist()) for unit, value in zip(range(n_units), row)]
    spec = {**template, "datasets": {template["data"]["name"]: cells}}
    if charts.KIND[q] == "signed":
        m = float(np.abs(values).max()) or 1.0
        first = template["layer"][0]
        color = first["encoding"]["color"]
        spec["layer"] = [{**first, "encoding": {**first["encoding"], "color": {
            **color, "scale": {**color["scale"], "domain": [-m, m]}}}}, *template["layer"][1:]]
    return spec


# ---- after a run --------------------------------------------------------------------------

def diverged_message(trainer: Trainer) -> str:
    last, cfg = trainer.history[-1], trainer.config
    tips = [t("train.diverged.lower", lr=f"{cfg.learning_rate:g}", suggest=f"{cfg.learning_rate / 10:g}")]
    if cfg.clip_norm is None:
        tips.append(t("train.diverged.clip"))
    if cfg.optimizer == "sgd":
        tips.append(t("train.diverged.adam"))
    return t("train.diverged", epoch=last.epoch, lr=f"{cfg.learning_rate:g}") + "\n\n" + \
        "\n".join(f"- {tip}" for tip in tips)


def replay_controls(trainer: Trainer, labels) -> tuple[int, object, int, int]:
    """Epoch slider (snapshots), test window and layer; returns (epoch, params, window, layer).
    ``labels``: the text of every period of the series."""
    ss = st.session_state
    snaps = {e: p for e, p in trainer.snapshots}
    if trainer.epoch not in snaps and not trainer.diverged:      # stopped between two snapshots
        snaps[trainer.epoch] = trainer.params
    options = sorted(snaps)
    last = ss.get("train.replay_last")
    if ss.get("train.replay") not in options or ss.get("train.replay") == last:
        ss["train.replay"] = options[-1]              # follow the newest epoch unless replaying
    ss["train.replay_last"] = options[-1]
    window_labels = [t("train.window_label", month=labels[k]) for k in trainer.data.t_test]
    if not 0 <= ss.get("train.window", 0) < len(window_labels):
        ss["train.window"] = 0
    replay_col, window_col = st.columns([3, 2], gap="large")
    with replay_col:
        if len(options) > 1:
            epoch = st.select_slider(t("train.replay"), options, key="train.replay",
                                     help=t("train.replay_help"), persist_state=KEEP)
        else:
            epoch = options[0]
            st.markdown(t("train.replay_single", epoch=epoch))
    with window_col:
        window = st.selectbox(t("train.window"), range(len(window_labels)), key="train.window",
                              format_func=lambda k: window_labels[k], help=t("train.window_help"),
                              persist_state=KEEP)
    layer = 0
    if len(trainer.params.layers) > 1:
        if ss.get("train.layer", 0) >= len(trainer.params.layers):
            ss["train.layer"] = 0
        layer = st.radio(t("train.layer"), range(len(trainer.params.layers)), key="train.layer",
                         horizontal=True, persist_state=KEEP,
                         format_func=lambda k, name=t("train.layer_name", k="{}"): name.format(k + 1))
    return epoch, snaps[epoch], window, layer


def metrics(ui, evaluation, baselines: dict) -> None:
    """Train and test RMSE of the shown weights next to the two baselines' test RMSE."""
    naive = baselines["seasonal_naive"]
    cols = ui.columns("metrics", 4)
    fmt = lambda v: f"{v:.1f}" if np.isfinite(v) else "—"   # noqa: E731
    ui.at("m.train", cols[0]).metric(t("train.metric.train"), fmt(evaluation.train_rmse),
                                     help=t("train.metric.help"))
    delta = evaluation.test_rmse - naive
    ui.at("m.test", cols[1]).metric(
        t("train.metric.test"), fmt(evaluation.test_rmse), delta_color="inverse", help=t("train.metric.help"),
        delta=t("train.metric.vs_naive", d=f"{delta:+.1f}") if np.isfinite(delta) else None)
    ui.at("m.naive", cols[2]).metric(t("train.metric.naive"), fmt(naive), help=t("train.metric.naive_help"))
    ui.at("m.persistence", cols[3]).metric(t("train.metric.persistence"), fmt(baselines["persistence"]),
                                           help=t("train.metric.persistence_help"))


def no_evaluation() -> lstm_core.Evaluation:
    """An evaluation with no predictions (before any model): metrics show "—"."""
    return lstm_core.Evaluation(np.array([], int), np.array([]), np.array([], int), np.array([]),
                                float("nan"), float("nan"))


def inside(trainer: Trainer, run_id: int, epoch: int, params, window: int, layer: int, evaluation,
           job: sp.Job, labels) -> None:
    """Gate heatmaps on the chosen window, the hand-off to the cell page, the files."""
    ss = st.session_state
    data = trainer.data
    X = data.X_test[:, window, :]                                      # (L, 1) scaled inputs
    target = data.t_test[window]
    label = t("train.window_label", month=labels[target])
    handoff = {"params": params.copy(), "window": X.copy(), "window_label": label,
               "config": trainer.config, "epoch": int(epoch)}
    # What the cell page offers as "trained": the newest weights (after a divergence, the
    # snapshot shown) on the chosen window.
    ss["trained"] = handoff if trainer.diverged else {**handoff, "params": trainer.params.copy(),
                                                      "epoch": trainer.epoch}
    st.subheader(t("train.heat.heading", label=label, epoch=epoch))
    st.caption(t("train.heat.help"))
    specs = heatmap_specs(run_id, epoch, window, layer, ss["lang"], params, X,
                          tuple(labels[target - data.look_back: target]))
    for column, spec in zip(grid(6, per_row=2), specs):
        column.vega_lite_chart(spec, width="stretch")

    open_col, weights_col, csv_col = st.columns([2, 1, 1], vertical_alignment="bottom")
    if open_col.button(t("train.open_cell", epoch=epoch), key="train.open_cell", type="primary",
                       help=t("train.open_cell_help", label=label), width="stretch",
                       disabled=not PAGE_BY_KEY["cell"].exists()):
        ss["trained"] = handoff
        ss["cell_request"] = "trained"
        st.switch_page(PAGE_BY_KEY["cell"].path)
    slug = job.key if job.key in lstm_core.SHIPPED_SERIES else "upload"
    weights_col.download_button(
        t("train.download_weights"), lambda: lstm_core.save_checkpoint(params, trainer.config, epoch,
                                                                    trainer.history, trainer.snapshots),
        file_name=f"lstm_{slug}_epoch{epoch}.npz", mime="application/octet-stream",
        key="train.download_weights", on_click="ignore", width="stretch", help=t("train.download_weights_help"))
    column = "month" if job.series.freq == "monthly" else "period"
    csv_col.download_button(
        t("train.download_csv"), lambda: tv.forecast_csv(np.array(labels, dtype=str), job.series.values,
                                                         evaluation, data.n_train, column),
        file_name=f"lstm_{slug}_one_step_epoch{epoch}.csv", mime="text/csv",
        key="train.download_csv", on_click="ignore", width="stretch")


# ---- restoring a model from a weights file ------------------------------------------------

def restore_section(live, job: sp.Job, read_settings, restore_widgets) -> None:
    """The expander with the weights-file uploader (``train.upload``); a good file becomes the
    current model, trained on the series selected now; anything wrong changes nothing."""
    ss = st.session_state

    def upload() -> None:
        ss["train.upload_error"] = ""
        file = ss.get("train.upload")
        if file is None:
            return
        name = literal(file.name)
        try:
            saved = lstm_core.read_checkpoint(file.getvalue())
            params, cfg = saved.params, saved.config
            if cfg is None:   # weights only: the current data settings, the file's sizes
                cfg = replace(read_settings(), hidden_size=params.layers[0].hidden_size,
                              num_layers=len(params.layers))
            cfg = sp.unfit(cfg)                          # a seasonal lag shows as 12
            problem = ts.widget_problem(cfg)
            if problem is None:   # at the saved epoch, with its history and snapshots, on this series
                cfg = replace(cfg, epochs=int(ss.get("train.epochs", ts.DEFAULTS["train.epochs"])))
                fitted = sp.fit(job.series, cfg)
                fresh = make_trainer(job.series, fitted)
                trainer = Trainer.restore(fitted, params, saved.epoch or 0, saved.history, saved.snapshots)
                trainer.data, trainer.baselines = fresh.data, fresh.baselines
        except lstm_core.SeriesError as error:
            ss["train.upload_error"] = t("train.upload.error", name=name, detail=sp.error_text(error))
            return
        except ValueError as error:
            ss["train.upload_error"] = t("train.upload.error", name=name, detail=error_text(error))
            return
        if problem is not None:
            key, value = problem
            low, high = ts.shown_range(key)
            ss["train.upload_error"] = t("train.upload.control_range", name=name, control=t(key),
                                         value=literal(ts.as_text(value)), low=literal(low), high=literal(high))
            return
        live.adopt(trainer, sp.Job(job.key, job.series, trainer.config))
        restore_widgets(trainer.config)
        done = (t("train.upload.done", name=name, epoch=saved.epoch) if saved.epoch is not None
                else t("train.upload.done_unknown", name=name))
        ss["train.upload_note"] = (live.state.run_id, trainer.epoch, done)

    state = live.state
    note_run, note_epoch, note = ss.get("train.upload_note", (None, None, ""))
    shown_note = note_run == state.run_id and state.epoch == note_epoch   # until the restored model trains
    with st.expander(t("train.upload.heading"), expanded=bool(ss.get("train.upload_error")) or shown_note):
        st.file_uploader(t("train.upload"), type=["npz"], key="train.upload", on_change=upload,
                         help=t("train.upload_help"), max_upload_size=MAX_UPLOAD_MB)
        if ss.get("train.upload_error"):
            st.error(ss["train.upload_error"])
        elif shown_note:
            st.success(note)
