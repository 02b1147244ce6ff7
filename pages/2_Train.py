"""Training page: an LSTM learns a series live (the airline passengers, another shipped
series or the user's CSV), with exact BPTT, then forecasts past the end of the data.

The series is chosen in ``ui.series_picker`` (``train.series*``), the settings are widgets
(``train.*``, ``ui.train_sections.settings_panel``); ``ui.live.LiveTrainer`` turns them into
a ``series_picker.Job`` at Start, builds an ``lstm_core.Trainer`` on it and trains it in a
ticking fragment that redraws the progress, the metrics and three charts. When the run
stops, the same fragment replays the snapshots (epoch slider), forecasts past the end
(``ui.forecast_sections``), backtests against the classical methods, shows the gate
heatmaps on a test window, and offers the files and the hand-off to the cell page. The run
that ends training (Stop, the last epoch) waits after its progress bar until "stopped" has
left the server (``ui.delivery``): five Stops at once used to queue it behind the charts.

Hand-off (``ui/state.py`` leaves the content of ``trained`` to this page). Whenever a
model exists and is not training (finished, stopped, one step, restored from a file)::

    st.session_state["trained"] = {
        "params": ForecasterParams,   # a copy of the newest weights (after a divergence:
                                      # the snapshot shown, never non-finite weights)
        "window": np.ndarray (L, 1),  # the scaled inputs of the chosen test window
        "window_label": str,          # the period it predicts, e.g. "→ 1958-03"
        "config": TrainConfig,        # what the weights were trained with
        "epoch": int,                 # epochs the weights were trained for
    }

"Open in the cell page" puts the weights of the epoch shown by the replay slider there,
sets ``st.session_state["cell_request"] = "trained"`` and switches to pages/1_Cell.py,
which pops the request and selects the trained weights and window.
"""
import numpy as np
import streamlit as st

from lstm_core import TrainConfig, Trainer
from lstm_core.forecast import make_trainer
from ui import delivery
from ui import forecast_sections as fs
from ui import links
from ui import series_picker as sp
from ui import train_sections as sec
from ui import train_settings as ts
from ui import train_views as tv
from ui.i18n import t
from ui.layout import PAGE_BY_KEY, page_setup
from ui.live import LiveTrainer
from ui.plain import literal

# A run that just ended (Stop, or the last epoch) shows "stopped" before its heavy sections.
_live = st.session_state.get("train.live")
hold_key = delivery.announce() if st.session_state.get("train.drew_running") and \
    (_live is None or not _live.running) else None
page_setup("train")
links_box = links.restore("train")       # a link's settings, before any widget
ss = st.session_state
DEFAULTS = ts.DEFAULTS


def read_settings() -> TrainConfig:
    """The TrainConfig the widgets show (read from session state: callbacks use it too)."""
    return ts.read_settings(ss)


def read_job() -> sp.Job:
    """What Start trains: the series chosen now and the settings fitted to it (a SeriesError
    when they don't fit: Start is disabled then, so only a race gets here)."""
    key, series = sp.active()
    return sp.Job(key, series, sp.fit(series, read_settings()))


def next_target(trainer: Trainer, epochs: int) -> int:
    """The epoch Continue trains to: the set epochs if the run has not reached them, else ``epochs`` more."""
    if trainer.epoch < trainer.config.epochs and epochs > trainer.epoch:
        return epochs
    return trainer.epoch + epochs


def resume(trainer: Trainer, job: sp.Job) -> None:
    """Continue with the trainer's own settings; only the finish line moves."""
    trainer.train_to(next_target(trainer, job.config.epochs))


def restore_widgets(cfg: TrainConfig) -> None:
    """Put the model's settings back into the widgets (epochs stay)."""
    epochs = ss.get("train.epochs", DEFAULTS["train.epochs"])
    ss.update(ts.widget_values(sp.unfit(cfg)))
    ss["train.epochs"] = epochs


def keep_model(job: sp.Job) -> None:
    """Callback of "continue with the old settings": restore them (and the series) and train on."""
    restore_widgets(job.config)
    if job.key in sp.SHIPPED_SERIES:
        ss["train.series"] = job.key
    elif job.key.startswith(f"upload:{(ss.get('train.uploaded') or {}).get('id')}:"):
        ss["train.series"] = sp.UPLOAD
        ss["train.season"] = job.series.season_length or 0
    if not live.state.running:
        live.start()


def old_series_available(job: sp.Job) -> bool:
    up = ss.get("train.uploaded") or {}
    return job.key in sp.SHIPPED_SERIES or job.key.startswith(f"upload:{up.get('id')}:")


live = LiveTrainer("train", build=lambda job: make_trainer(job.series, job.config), settings=read_job,
                   resume=resume)


@st.cache_data(max_entries=32, show_spinner=False)
def baselines_of(key: str, _series, config: str, _cfg) -> dict:
    """The two baselines' test RMSE for this series and split (before any model)."""
    return make_trainer(_series, _cfg).baselines


# ---------------------------------------------------------------------------------------
# The page

st.title(f"{PAGE_BY_KEY['train'].icon} {t('train.title')}")
st.markdown(t("train.intro"))

for key, value in DEFAULTS.items():
    ss.setdefault(key, value)
ts.repair(ss)              # a value a control can't show would break every rerun of the page
series_key, series = sp.panel()
sec.settings_panel(series.season_length)

settings, problem = sp.check(series, read_settings())
state = live.state
display = {"name": sp.display_name(series_key, series), "y": sp.unit(series_key, series),
           "x": t(f"forecast.series.axis.{series.freq}" if series.freq else
                  ("forecast.series.axis.date" if series.dates is not None else "forecast.series.axis.none")),
           "kind": "T" if series.dates is not None else "Q",
           "monthly": series.freq in ("monthly", "quarterly")}
labels = series.labels()

if problem is not None and not state.has_model:
    st.error(t("train.bad_settings", detail=sp.error_text(problem)))
if state.error:
    st.error(t("train.bad_settings", detail=literal(state.error, 200)))

# A model exists and the widgets (or the series) no longer describe it: the user chooses.
if state.has_model and (settings is None or state.settings.key != series_key
                        or not ts.same_model(settings, state.trainer.config)):
    with st.container(border=True, key="train.changed"):
        if problem is not None:
            st.error(t("train.bad_settings", detail=sp.error_text(problem)))
        st.warning(t("train.changed"))
        apply_col, keep_col = st.columns(2)
        apply_col.button(t("train.changed.reset"), key="train.changed_reset", on_click=live.reset,
                         disabled=problem is not None, width="stretch")
        keep_col.button(t("train.changed.keep"), key="train.changed_keep", width="stretch",
                        on_click=keep_model, args=(state.settings,),
                        disabled=ts.widget_problem(sp.unfit(state.trainer.config)) is not None
                        or not old_series_available(state.settings))

start_labels = {}
if state.has_model and not state.diverged:
    start_labels["start"] = (t("train.more", n=read_settings().epochs) if state.done
                             else t("train.continue_to", epoch=next_target(state.trainer, read_settings().epochs)))
live.buttons(labels=start_labels, disabled=problem is not None and not state.has_model, pace_key="train.pace")


def draw(s, ui) -> None:
    """Everything that follows the model: after every training cycle while running (through
    ``ui``, replaced in place), once per rerun when stopped (with the replay widgets)."""
    if not s.running and ss.pop("train.drew_running", False):
        delivery.hold(hold_key)             # the progress bar above reaches the browser first
    trainer = s.trainer
    hover = not s.running
    job = s.settings if trainer is not None else None
    shown = job.series if job is not None else series
    shown_display = display if job is None or job.key == series_key else {
        **display, "name": sp.display_name(job.key, shown), "y": sp.unit(job.key, shown),
        "kind": "T" if shown.dates is not None else "Q", "monthly": shown.freq in ("monthly", "quarterly")}
    x = shown.dates if shown.dates is not None else np.arange(1, len(shown) + 1)
    if trainer is None:
        if problem is not None:
            return
        st.info(t("train.press_start"))
        sec.metrics(ui, sec.no_evaluation(), baselines_of(series_key, series, repr(settings), settings))
        n_train = int(len(series) * settings.train_fraction)
        sec.chart(ui, "forecast", tv.forecast_frames(x, series.values, None, n_train=n_train,
                                                     names=sec.forecast_names()), display, hover)
        return
    if s.running:
        ss["train.drew_running"] = True
        epoch, params, window, layer = trainer.epoch, trainer.params, 0, 0
    else:
        if s.diverged:
            st.error(sec.diverged_message(trainer))
        epoch, params, window, layer = sec.replay_controls(trainer, shown.labels())

    def due(slot: str, every: int, offset: int) -> bool:
        """While training, an element is redrawn every ``every``-th cycle (staggered): each
        chart redraw costs the browser ≈40 ms of CPU (measured), taken from training when
        the browser and the server share the cores. At a slow pace every epoch is drawn."""
        return not s.running or s.every_epoch_drawn or slot not in ui or s.cycles % every == offset

    evaluation = None
    if due("m.train", 2, 1):
        evaluation = trainer.evaluate(params)
        sec.metrics(ui, evaluation, trainer.baselines)
    if not s.running and not s.diverged and trainer.history:
        first, last = trainer.history[0].train_loss, trainer.history[-1].train_loss
        if np.isfinite(last) and last > 10 * first:
            st.warning(t("train.growing", first=f"{first:.3g}", last=f"{last:.3g}"))
    marker = None if s.running or epoch == trainer.epoch else epoch
    if trainer.history:
        left, right = ui.columns("charts", 2, gap="medium")
        h = tv.history_arrays(trainer.history)
        if due("chart.loss", 2, 0):
            sec.chart(ui, "loss", tv.loss_frames(h["epoch"], h["train_loss"], h["test_loss"],
                                                 {"train": t("train.part.train"), "test": t("train.part.test")},
                                                 marker=marker), shown_display, hover, left)
        if due("chart.grads", 3, 1):
            sec.chart(ui, "grads", tv.grad_frames(h["epoch"], {k: h[f"grad_{k}"] for k in tv.GRAD_KEYS},
                                                  {k: t(f"train.grad.{k}") for k in tv.GRAD_KEYS},
                                                  trainer.config.clip_norm, marker=marker),
                      shown_display, hover, right)
        ui.at("grads.note", right).caption(t("train.grad.note"))
    if due("chart.forecast", 4, 2):
        if evaluation is None:
            evaluation = trainer.evaluate(params)
        sec.chart(ui, "forecast", tv.forecast_frames(x, shown.values, evaluation, n_train=trainer.data.n_train,
                                                     names=sec.forecast_names()), shown_display, hover)
    if not s.running:
        st.caption(t("train.forecast.shown", epoch=epoch))
        if epoch > 0 and np.all(np.isfinite(evaluation.pred_test)):
            fs.future_section(job.key, shown, shown_display, trainer, params, epoch, s.run_id)
            fs.backtest_section(job.key, shown, trainer, evaluation, epoch, s.run_id)
        sec.inside(trainer, s.run_id, epoch, params, window, layer, evaluation, job, shown.labels())


live.fragment(draw)
sec.restore_section(live, sp.Job(series_key, series, settings or read_settings()), read_settings,
                    restore_widgets)
links.retrain_offer(links_box, live)     # a link's "trained to epoch N"
links.publish("train")
