"""Training page: an LSTM learns the airline passengers live, with exact BPTT.

The settings are widgets (``train.*``); ``ui.live.LiveTrainer`` turns them into an
``lstm_core.Trainer`` at Start and trains it in a ticking fragment that redraws the
progress, the metrics and three charts. When the run stops, the same fragment replays
the snapshots (epoch slider), shows the gate heatmaps on a test window, and offers the
files and the hand-off to the cell page.

Hand-off (``ui/state.py`` leaves the content of ``trained`` to this page). Whenever a
model exists and is not training (finished, stopped, one step, restored from a file)::

    st.session_state["trained"] = {
        "params": ForecasterParams,   # a copy of the newest weights (after a divergence:
                                      # the snapshot shown, never non-finite weights)
        "window": np.ndarray (L, 1),  # the scaled inputs of the chosen test window
        "window_label": str,          # the month it predicts, e.g. "→ 1958-03"
        "config": TrainConfig,        # what the weights were trained with
        "epoch": int,                 # epochs the weights were trained for
    }

"Open in the cell page" puts the weights of the epoch shown by the replay slider there,
sets ``st.session_state["cell_request"] = "trained"`` and switches to pages/1_Cell.py,
which pops the request and selects the trained weights and window.
"""
from dataclasses import replace

import numpy as np
import streamlit as st

import lstm_core
from lstm_core import TrainConfig, Trainer
from ui import charts, links
from ui import train_settings as ts
from ui import train_views as tv
from ui.i18n import error_text, t, translate
from ui.plain import literal
from ui.layout import PAGE_BY_KEY, grid, page_setup
from ui.live import LiveTrainer

page_setup("train")
links_box = links.restore("train")       # a link's settings, before any widget
ss = st.session_state
KEEP = "session"                                 # settings survive a visit to another page
QUANTITIES = ("f", "i", "a", "o", "c", "h")
MAX_UPLOAD_MB = 2                                # the largest model of this page: 0.8 MB
DEFAULTS = ts.DEFAULTS


def read_settings() -> TrainConfig:
    """The TrainConfig the widgets show (read from session state: callbacks use it too)."""
    return ts.read_settings(ss)


def next_target(trainer: Trainer, epochs: int) -> int:
    """The epoch Continue trains to: the set epochs if the run has not reached them, else ``epochs`` more."""
    if trainer.epoch < trainer.config.epochs and epochs > trainer.epoch:
        return epochs
    return trainer.epoch + epochs


def resume(trainer: Trainer, cfg: TrainConfig) -> None:
    """Continue with the trainer's own settings; only the finish line moves."""
    trainer.train_to(next_target(trainer, cfg.epochs))


def restore_widgets(cfg: TrainConfig) -> None:
    """Put the model's settings back into the widgets (epochs stay)."""
    epochs = ss.get("train.epochs", DEFAULTS["train.epochs"])
    ss.update(ts.widget_values(cfg))
    ss["train.epochs"] = epochs


def keep_model(cfg: TrainConfig) -> None:
    """Callback of "continue with the old settings": restore them and train on."""
    restore_widgets(cfg)
    if not live.state.running:
        live.start()


live = LiveTrainer("train", build=Trainer, settings=read_settings, resume=resume)


@st.cache_data(show_spinner=False)
def months() -> tuple[np.ndarray, np.ndarray]:
    df = lstm_core.load_passengers()
    return df["month"].to_numpy(), df["passengers"].to_numpy(dtype=float)


@st.cache_data(max_entries=32, show_spinner=False)
def dataset_check(look_back: int, train_fraction: float, log: bool, lags: tuple) -> tuple[str, dict]:
    """("", baselines) if the data settings work, else (the engine's message, {})."""
    try:
        data = lstm_core.make_dataset(look_back=look_back, train_fraction=train_fraction, log=log, lags=lags)
    except ValueError as error:
        return str(error), {}
    return "", lstm_core.baseline_rmses(data.y, data.n_train)


def named(pattern: str):
    """A format_func for options ``k`` showing ``t(pattern.format(k))`` in today's language.

    The language is fixed when the widget is drawn: AppTest calls format_func outside the
    script run, where the session's language can't be read.
    """
    lang = ss.get("lang", "en")
    return lambda k: translate(pattern.format(k), lang)


def explain(message: str) -> str:
    """A translated reason for a bad setting (the engine's English message otherwise)."""
    if message.startswith("look_back must be between"):
        return t("train.err.look_back", detail=message)
    if message.startswith("not enough training months") or message.startswith("no test months"):
        return t("train.err.months", detail=message)
    return message


# ---------------------------------------------------------------------------------------
# Charts


@st.cache_resource(show_spinner=False)
def templates(lang: str, hover: bool) -> dict:
    """Vega-Lite templates of the three charts in ``lang``, filled with data at each redraw;
    without per-value tooltips (``hover``) while training, so the browser keeps up."""
    return {"loss": tv.template(tv.loss_chart(None, loss_labels(), hover=hover)),
            "grads": tv.template(tv.grad_chart(None, grad_labels(), hover=hover)),
            "forecast": tv.template(tv.forecast_chart(None, forecast_labels(), hover=hover))}


def loss_labels() -> dict:
    return {"title": t("train.loss.title"), "subtitle": t("train.loss.subtitle"),
            "x": t("common.axis.epoch"), "y": t("train.loss.y"), "train": t("train.part.train"),
            "test": t("train.part.test"), "series": t("train.loss.series")}


def grad_labels() -> dict:
    names = {k: t(f"train.grad.{k}") for k in tv.GRAD_KEYS}
    return {"title": t("train.grad.title"), "subtitle": t("train.grad.subtitle"),
            "x": t("common.axis.epoch"), "y": t("train.grad.y"), "series": t("train.grad.series"),
            "clip": t("train.grad.clip"), **names}


def forecast_labels() -> dict:
    return {"title": t("train.forecast.title"), "subtitle": t("train.forecast.subtitle"),
            "x": t("train.forecast.x"), "y": t("train.forecast.y"), "actual": t("train.forecast.actual"),
            "train": t("train.forecast.pred_train"), "test": t("train.forecast.pred_test"),
            "series": t("train.forecast.series"), "train_part": t("train.part.train"),
            "test_part": t("train.part.test")}


def forecast_names() -> dict:
    return {"actual": t("train.forecast.actual"), "train": t("train.forecast.pred_train"),
            "test": t("train.forecast.pred_test")}


@st.cache_data(max_entries=64, show_spinner=False)
def heatmap_specs(run_id: int, epoch: int, window: int, layer: int, lang: str,
                  _params, _X: np.ndarray, _labels: tuple) -> list[dict]:
    """The six heatmaps of ``layer`` on window ``_X`` (L, 1), as Vega-Lite dicts (cached per run)."""
    inp, trace = _X, None
    for p in _params.layers[: layer + 1]:
        trace = lstm_core.forward(p, inp)                   # f, i, a, o, c, h: (L, H)
        inp = trace.h
    specs = []
    for q in QUANTITIES:
        specs.append(tv.template(charts.heatmap(
            getattr(trace, q), t(f"train.q.{q}"), charts.KIND[q],
            x_label=t("train.heat.x"), y_label=t("common.axis.unit"), x_values=list(_labels)),
            validate=False))                                # ui.charts' tests validate heatmaps
    return specs


# ---------------------------------------------------------------------------------------
# The page

st.title(f"{PAGE_BY_KEY['train'].icon} {t('train.title')}")
st.markdown(t("train.intro"))

for key, value in DEFAULTS.items():
    ss.setdefault(key, value)
ts.repair(ss)              # a value a control can't show would break every rerun of the page
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
        st.slider(t("train.forget_bias"), *ts.FORGET_BIAS[:2], step=ts.FORGET_BIAS[2], key="train.forget_bias",
                  help=t("train.forget_bias_help"), persist_state=KEEP)
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
        st.radio(t("train.prep"), tuple(ts.PREPROCESSING), key="train.prep",
                 format_func=named("train.prep.{}"), persist_state=KEEP)
        st.slider(t("train.train_pct"), *ts.TRAIN_PCT, key="train.train_pct", format="%d%%",
                  help=t("train.train_pct_help"), persist_state=KEEP)
        st.number_input(t("train.seed"), 0, ts.MAX_SEED, key="train.seed", persist_state=KEEP)
        st.toggle(t("train.bptt"), key="train.bptt", help=t("train.bptt_help"), persist_state=KEEP)
    st.caption(t("train.prep_why"))

settings = read_settings()
problem, baselines = dataset_check(settings.look_back, settings.train_fraction, settings.log, settings.lags)
state = live.state

if problem and not state.has_model:
    st.error(t("train.bad_settings", detail=explain(problem)))
if state.error:
    st.error(t("train.bad_settings", detail=explain(state.error)))

# A model exists and the widgets no longer describe it: the user chooses, nothing is thrown away.
if state.has_model and not ts.same_model(settings, state.trainer.config):
    with st.container(border=True, key="train.changed"):
        st.warning(t("train.changed"))
        apply_col, keep_col = st.columns(2)
        apply_col.button(t("train.changed.reset"), key="train.changed_reset", on_click=live.reset,
                         disabled=bool(problem), width="stretch")
        keep_col.button(t("train.changed.keep"), key="train.changed_keep", width="stretch",
                        on_click=keep_model, args=(state.trainer.config,),
                        disabled=ts.widget_problem(state.trainer.config) is not None)

labels = {}
if state.has_model and not state.diverged:
    labels["start"] = (t("train.more", n=settings.epochs) if state.done
                       else t("train.continue_to", epoch=next_target(state.trainer, settings.epochs)))
live.buttons(labels=labels, disabled=bool(problem) and not state.has_model, pace_key="train.pace")


def diverged_message(trainer: Trainer) -> str:
    last = trainer.history[-1]
    cfg = trainer.config
    tips = [t("train.diverged.lower", lr=f"{cfg.learning_rate:g}", suggest=f"{cfg.learning_rate / 10:g}")]
    if cfg.clip_norm is None:
        tips.append(t("train.diverged.clip"))
    if cfg.optimizer == "sgd":
        tips.append(t("train.diverged.adam"))
    return t("train.diverged", epoch=last.epoch, lr=f"{cfg.learning_rate:g}") + "\n\n" + \
        "\n".join(f"- {tip}" for tip in tips)


def replay_controls(trainer: Trainer) -> tuple[int, object, int, int]:
    """Epoch slider (snapshots), test window and layer; returns (epoch, params, window, layer)."""
    snaps = {e: p for e, p in trainer.snapshots}
    if trainer.epoch not in snaps and not trainer.diverged:      # stopped between two snapshots
        snaps[trainer.epoch] = trainer.params
    options = sorted(snaps)
    last = ss.get("train.replay_last")
    if ss.get("train.replay") not in options or ss.get("train.replay") == last:
        ss["train.replay"] = options[-1]              # follow the newest epoch unless replaying
    ss["train.replay_last"] = options[-1]
    data = trainer.data
    window_labels = [t("train.window_label", month=m) for m in month_labels[data.t_test]]
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
                         horizontal=True, format_func=lambda k, name=t("train.layer_name", k="{}"): name.format(k + 1),
                         persist_state=KEEP)
    return epoch, snaps[epoch], window, layer


def metrics(ui, evaluation, trainer_baselines: dict) -> None:
    """Train and test RMSE of the shown weights next to the two baselines' test RMSE."""
    naive = trainer_baselines["seasonal_naive"]
    cols = ui.columns("metrics", 4)
    fmt = lambda v: f"{v:.1f}" if np.isfinite(v) else "—"   # noqa: E731
    ui.at("m.train", cols[0]).metric(t("train.metric.train"), fmt(evaluation.train_rmse),
                                     help=t("train.metric.help"))
    delta = evaluation.test_rmse - naive
    ui.at("m.test", cols[1]).metric(
        t("train.metric.test"), fmt(evaluation.test_rmse), delta_color="inverse", help=t("train.metric.help"),
        delta=t("train.metric.vs_naive", d=f"{delta:+.1f}") if np.isfinite(delta) else None)
    ui.at("m.naive", cols[2]).metric(t("train.metric.naive"), fmt(naive), help=t("train.metric.naive_help"))
    ui.at("m.persistence", cols[3]).metric(t("train.metric.persistence"), fmt(trainer_baselines["persistence"]),
                                           help=t("train.metric.persistence_help"))


def chart(ui, name: str, frames: dict, parent=None) -> None:
    """One of the live charts: its cached template filled with ``frames``, replaced in place."""
    spec = tv.filled(templates(ss["lang"], not live.state.running)[name], frames)
    ui.at(f"chart.{name}", parent).vega_lite_chart(spec, width="stretch")


def draw(s, ui) -> None:
    """Everything that follows the model: after every training cycle while running (through
    ``ui``, replaced in place), once per rerun when stopped (with the replay widgets)."""
    trainer = s.trainer
    month_values, passengers = months()
    if trainer is None:
        if problem:
            return
        st.info(t("train.press_start"))
        nothing = lstm_core.Evaluation(np.array([], int), np.array([]), np.array([], int), np.array([]),
                                       float("nan"), float("nan"))
        metrics(ui, nothing, baselines)
        chart(ui, "forecast", tv.forecast_frames(month_values, passengers, None,
                                                 n_train=int(len(passengers) * settings.train_fraction),
                                                 names=forecast_names()))
        return
    if s.running:
        epoch, params, window, layer = trainer.epoch, trainer.params, 0, 0
    else:
        if s.diverged:
            st.error(diverged_message(trainer))
        epoch, params, window, layer = replay_controls(trainer)

    def due(slot: str, every: int, offset: int) -> bool:
        """While training, an element is redrawn every ``every``-th cycle (staggered): each
        chart redraw costs the browser ≈40 ms of CPU (measured), taken from training when
        the browser and the server share the cores. At a slow pace every epoch is drawn."""
        return not s.running or s.every_epoch_drawn or slot not in ui or s.cycles % every == offset

    evaluation = None
    if due("m.train", 2, 1):
        evaluation = trainer.evaluate(params)
        metrics(ui, evaluation, trainer.baselines)
    if not s.running and not s.diverged and trainer.history:
        first, last = trainer.history[0].train_loss, trainer.history[-1].train_loss
        if np.isfinite(last) and last > 10 * first:
            st.warning(t("train.growing", first=f"{first:.3g}", last=f"{last:.3g}"))
    marker = None if s.running or epoch == trainer.epoch else epoch
    if trainer.history:
        left, right = ui.columns("charts", 2, gap="medium")
        h = tv.history_arrays(trainer.history)
        if due("chart.loss", 2, 0):
            chart(ui, "loss", tv.loss_frames(h["epoch"], h["train_loss"], h["test_loss"],
                                             {"train": t("train.part.train"), "test": t("train.part.test")},
                                             marker=marker), left)
        if due("chart.grads", 3, 1):
            chart(ui, "grads", tv.grad_frames(h["epoch"], {k: h[f"grad_{k}"] for k in tv.GRAD_KEYS},
                                              {k: t(f"train.grad.{k}") for k in tv.GRAD_KEYS},
                                              trainer.config.clip_norm, marker=marker), right)
    if due("chart.forecast", 4, 2):
        if evaluation is None:
            evaluation = trainer.evaluate(params)
        chart(ui, "forecast", tv.forecast_frames(month_values, passengers, evaluation,
                                                 n_train=trainer.data.n_train, names=forecast_names()))
    if not s.running:
        st.caption(t("train.forecast.shown", epoch=epoch))
        inside(trainer, epoch, params, window, layer, evaluation)


def inside(trainer: Trainer, epoch: int, params, window: int, layer: int, evaluation) -> None:
    """Gate heatmaps on the chosen window, the hand-off to the cell page, the files."""
    data = trainer.data
    X = data.X_test[:, window, :]                                      # (L, 1) scaled inputs
    target_month = month_labels[data.t_test[window]]
    label = t("train.window_label", month=target_month)
    window_months = month_labels[data.t_test[window] - data.look_back: data.t_test[window]]
    handoff = {"params": params.copy(), "window": X.copy(), "window_label": label,
               "config": trainer.config, "epoch": int(epoch)}
    # What the cell page offers as "trained": the newest weights (after a divergence, the
    # snapshot shown) on the chosen window.
    ss["trained"] = handoff if trainer.diverged else {**handoff, "params": trainer.params.copy(),
                                                      "epoch": trainer.epoch}

    st.subheader(t("train.heat.heading", label=label, epoch=epoch))
    st.caption(t("train.heat.help"))
    specs = heatmap_specs(live.state.run_id, epoch, window, layer, ss["lang"], params, X, tuple(window_months))
    for column, spec in zip(grid(6, per_row=2), specs):
        column.vega_lite_chart(spec, width="stretch")

    open_col, weights_col, csv_col = st.columns([2, 1, 1], vertical_alignment="bottom")
    if open_col.button(t("train.open_cell", epoch=epoch), key="train.open_cell", type="primary",
                       help=t("train.open_cell_help", label=label), width="stretch",
                       disabled=not PAGE_BY_KEY["cell"].exists()):
        ss["trained"] = handoff
        ss["cell_request"] = "trained"
        st.switch_page(PAGE_BY_KEY["cell"].path)
    weights_col.download_button(
        t("train.download_weights"), lambda: lstm_core.save_checkpoint(params, trainer.config, epoch, trainer.history,
                                                                    trainer.snapshots),
        file_name=f"lstm_passengers_epoch{epoch}.npz", mime="application/octet-stream",
        key="train.download_weights", on_click="ignore", width="stretch", help=t("train.download_weights_help"))
    month_values, passengers = months()
    csv_col.download_button(
        t("train.download_csv"), lambda: tv.forecast_csv(month_values, passengers, evaluation, data.n_train),
        file_name=f"lstm_passengers_forecast_epoch{epoch}.csv", mime="text/csv",
        key="train.download_csv", on_click="ignore", width="stretch")


month_labels = np.array([str(m)[:7] for m in months()[0]])
live.fragment(draw)


def upload() -> None:
    """Callback: restore a model from an uploaded ``.npz`` (weights, settings, epoch, history).

    Anything wrong leaves the current model and the controls as they were and says why;
    the file's name and anything read from it are shown as typed (``literal``)."""
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
        problem = ts.widget_problem(cfg)
        if problem is None:   # at the saved epoch, with its history and snapshots
            trainer = Trainer.restore(replace(cfg, epochs=int(ss.get("train.epochs", DEFAULTS["train.epochs"]))),
                                      params, saved.epoch or 0, saved.history, saved.snapshots)
    except ValueError as error:
        ss["train.upload_error"] = t("train.upload.error", name=name, detail=error_text(error))
        return
    if problem is not None:
        key, value = problem
        low, high = ts.shown_range(key)
        ss["train.upload_error"] = t("train.upload.control_range", name=name, control=t(key),
                                     value=literal(ts.as_text(value)), low=literal(low), high=literal(high))
        return
    live.adopt(trainer, trainer.config)
    restore_widgets(trainer.config)
    done = (t("train.upload.done", name=name, epoch=saved.epoch) if saved.epoch is not None
            else t("train.upload.done_unknown", name=name))
    ss["train.upload_note"] = (live.state.run_id, trainer.epoch, done)


note_run, note_epoch, note = ss.get("train.upload_note", (None, None, ""))
shown_note = note_run == state.run_id and state.epoch == note_epoch   # until the restored model trains
with st.expander(t("train.upload.heading"), expanded=bool(ss.get("train.upload_error")) or shown_note):
    st.file_uploader(t("train.upload"), type=["npz"], key="train.upload", on_change=upload,
                     help=t("train.upload_help"), max_upload_size=MAX_UPLOAD_MB)
    if ss.get("train.upload_error"):
        st.error(ss["train.upload_error"])
    elif shown_note:
        st.success(note)
links.retrain_offer(links_box, live)     # a link's "trained to epoch N"
links.publish("train")
