"""Training page (pages/2_Train.py) in AppTest: a short run shows the trainer's own numbers,
Stop ends a run, a diverging learning rate is explained, the settings-changed choice, the
replay slider, and the hand-off to the cell page.

AppTest never fires the fragment's timer: every ``at.run()`` is one training cycle. Tests
set how much a cycle trains instead of timing it: one epoch (``TICK_SECONDS = 0``) or the
whole run (``TICK_SECONDS = inf``), whatever the machine's speed.
"""
import math
from dataclasses import replace

import numpy as np
import pytest

from lstm_core.forecast import FORECAST_CONFIG

from lstm_core import Trainer
from tests.helpers import chart_data, chart_spec, run_app
from ui import delivery
from ui import live as live_module
from ui import train_settings as ts
from ui.i18n import translate

PAGE = "pages/2_Train.py"
SHORT = replace(ts.read_settings(dict(ts.DEFAULTS)), epochs=20)     # the page's defaults, 20 epochs
FORECAST_TITLE = translate("train.forecast.title", "en", name=translate("forecast.series.passengers", "en"))


@pytest.fixture
def at():
    return run_app(PAGE)


@pytest.fixture
def one_cycle(monkeypatch):
    """A cycle trains the whole run, so one at.run() finishes it."""
    monkeypatch.setattr(live_module, "TICK_SECONDS", math.inf)


@pytest.fixture
def one_epoch_a_cycle(monkeypatch):
    """A cycle trains exactly one epoch (at least one is always trained), so every at.run()
    while running adds one epoch."""
    monkeypatch.setattr(live_module, "TICK_SECONDS", 0.0)


def state(at):
    return at.session_state["train.live"]


def charts_by_title(at) -> dict[str, int]:
    return {chart_spec(at, k)["title"]["text"]: k for k in range(len(at.get("vega_lite_chart")))}


def dataset(at, title: str, name: str):
    """The named data set ``name`` of the chart titled ``title``."""
    k = charts_by_title(at)[title]
    proto = at.get("vega_lite_chart")[k].proto
    index = [d.name for d in proto.datasets].index(name)
    return chart_data(at, k, index)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def short_run(at):
    at.select_slider(key="train.epochs").set_value(20).run()
    at.button(key="train.start").click().run()
    assert not at.exception
    assert state(at).done and state(at).epoch == 20
    return at


def test_before_training_the_page_shows_the_data_and_the_baselines(at):
    assert not at.exception
    assert at.title[0].value.endswith(translate("train.title", "en"))
    reference = Trainer(SHORT)
    m = metrics(at)
    assert m[translate("train.metric.naive", "en")] == f"{reference.baselines['seasonal_naive']:.1f}" == "41.9"
    assert m[translate("train.metric.test", "en")] == "—"
    assert list(charts_by_title(at)) == [FORECAST_TITLE]
    assert at.button(key="train.start").label == translate("live.start", "en")
    assert at.button(key="train.stop").disabled


def test_a_short_run_shows_the_trainers_loss_metrics_and_forecast(at, one_cycle):
    short_run(at)
    reference = Trainer(SHORT)
    reference.run()
    evaluation = reference.evaluate()
    # metrics: RMSE of the final weights, in passengers
    m = metrics(at)
    assert m[translate("train.metric.train", "en")] == f"{evaluation.train_rmse:.1f}"
    assert m[translate("train.metric.test", "en")] == f"{evaluation.test_rmse:.1f}"
    # loss curve: every epoch's train and test loss
    loss = dataset(at, translate("train.loss.title", "en"), "loss")
    train = loss[loss.series == translate("train.part.train", "en")]
    np.testing.assert_allclose(train.value, [r.train_loss for r in reference.history])
    np.testing.assert_array_equal(train.epoch, np.arange(1, 21))
    test = loss[loss.series == translate("train.part.test", "en")]
    np.testing.assert_allclose(test.value, [r.test_loss for r in reference.history])
    # forecast: the one-step-ahead predictions of the test months, in passengers
    series = dataset(at, FORECAST_TITLE, "series")
    predicted = series[series.series == translate("train.forecast.pred_test", "en")]
    np.testing.assert_allclose(predicted.value, evaluation.pred_test)
    assert len(series[series.series == translate("train.forecast.actual", "en")]) == 144
    # gradient norms per gate and the clipping threshold
    grads = dataset(at, translate("train.grad.title", "en"), "grads")
    total = grads[grads.series == translate("train.grad.total", "en")]
    np.testing.assert_allclose(total.value, [r.grad_norms["total"] for r in reference.history])
    assert dataset(at, translate("train.grad.title", "en"), "clip").value.tolist() == [1.0]
    # the progress bar and what follows a finished run
    assert "20 / 20" in at.get("progress")[0].proto.text
    assert at.button(key="train.start").label == translate("train.more", "en", n=20)
    # loss, gradients, one-step predictions, the forecast past the end + six heatmaps
    assert len(at.get("vega_lite_chart")) == 4 + 6


def test_stop_ends_a_run(at, one_epoch_a_cycle):
    at.select_slider(key="train.epochs").set_value(5000).run()
    at.button(key="train.start").click().run()
    first = state(at).epoch
    assert state(at).running and first == 1
    at.run()                                          # one more cycle: training goes on
    epoch = state(at).epoch
    assert state(at).running and epoch == 2
    at.button(key="train.stop").click().run()
    assert not state(at).running and state(at).epoch == epoch
    at.run()
    assert state(at).epoch == epoch                   # stopped: nothing trains
    assert translate("live.status.stopped", "en") in at.get("progress")[0].proto.text
    assert at.button(key="train.start").label == translate("train.continue_to", "en", epoch=5000)
    assert at.session_state["trained"]["epoch"] == epoch    # the cell page gets the stopped model


def test_the_run_after_stop_holds_once_after_its_progress_bar(at, one_epoch_a_cycle, monkeypatch):
    """The first run that draws a stopped model announces itself at the top of the page and
    holds (ui.delivery) with that key, then draws the whole page; no other run does. (AppTest
    has no server queue: the real ones would return at once.)"""
    calls = []
    monkeypatch.setattr(delivery, "announce", lambda: calls.append("announce") or "key")
    monkeypatch.setattr(delivery, "hold", lambda key: calls.append(("hold", key)) or True)
    at.select_slider(key="train.epochs").set_value(5000).run()
    at.button(key="train.start").click().run()
    at.run()
    assert calls == [] and state(at).running
    at.button(key="train.stop").click().run()
    assert not at.exception
    assert calls == ["announce", ("hold", "key")]
    assert translate("live.status.stopped", "en") in at.get("progress")[0].proto.text
    assert len(at.get("vega_lite_chart")) == 10    # 3 live charts, the forecast, 6 heatmaps: all drawn
    at.run()
    at.button(key="train.step").click().run()            # a step is not a run ending
    assert calls == ["announce", ("hold", "key")]


def test_moving_a_slider_during_a_run_keeps_training_with_the_old_settings(at, one_epoch_a_cycle):
    at.select_slider(key="train.epochs").set_value(5000).run()
    at.button(key="train.start").click().run()
    first = state(at).epoch
    at.slider(key="train.hidden").set_value(16).run()
    assert state(at).running and state(at).epoch == first + 1
    assert state(at).trainer.config.hidden_size == ts.DEFAULTS["train.hidden"] != 16
    assert [w.value for w in at.warning] == [translate("train.changed", "en")]
    at.button(key="train.stop").click().run()


def test_step_one_epoch_trains_exactly_one(at):
    at.button(key="train.step").click().run()
    assert state(at).epoch == 1 and not state(at).running
    at.button(key="train.step").click().run()
    assert state(at).epoch == 2 and not state(at).running


def test_the_page_trains_in_the_dtype_of_its_settings(at):
    """FORECAST_CONFIG.dtype (float32, the fast path): weights, and the snapshots drawn."""
    at.button(key="train.step").click().run()
    trainer = state(at).trainer
    assert trainer.config.dtype == FORECAST_CONFIG.dtype == "float32"
    assert all(a.dtype == np.float32 for a in trainer.params.arrays())
    assert all(a.dtype == np.float32 for _, p in trainer.snapshots for a in p.arrays())


def test_a_diverging_learning_rate_is_explained_without_an_exception(at, one_cycle):
    at.radio(key="train.optimizer").set_value("sgd")
    at.select_slider(key="train.lr").set_value(1.0)
    at.toggle(key="train.clip").set_value(False)
    at.slider(key="train.hidden").set_value(64).run()
    at.button(key="train.start").click().run()
    assert not at.exception
    trainer = state(at).trainer
    assert trainer.diverged and not state(at).running and trainer.epoch < 500
    shown = "\n".join(e.value for e in at.error)
    assert translate("train.diverged", "en", epoch=trainer.epoch, lr="1") in shown
    assert translate("train.diverged.clip", "en") in shown and "0.1" in shown
    assert at.button(key="train.start").disabled and at.button(key="train.step").disabled
    assert translate("live.status.diverged", "en") in at.get("progress")[0].proto.text
    # the replay falls back to the last finite snapshot: numbers, not NaN
    shown_epoch = at.select_slider(key="train.replay").value
    assert shown_epoch < trainer.epoch and shown_epoch in dict(trainer.snapshots)
    assert np.isfinite(float(metrics(at)[translate("train.metric.test", "en")]))


def test_changing_a_setting_asks_before_discarding_the_model(at, one_cycle):
    short_run(at)
    at.select_slider(key="train.lr").set_value(0.01).run()
    assert [w.value for w in at.warning] == [translate("train.changed", "en")]
    assert state(at).trainer.config.learning_rate == 0.003          # nothing thrown away
    at.button(key="train.changed_keep").click().run()               # continue with the old settings
    assert at.session_state["train.lr"] == 0.003 and not at.warning
    assert state(at).epoch == 40                                    # trained 20 more epochs
    at.select_slider(key="train.lr").set_value(0.01).run()
    at.button(key="train.changed_reset").click().run()              # reset to apply
    assert not state(at).has_model and not at.warning
    at.button(key="train.start").click().run()
    assert state(at).trainer.config.learning_rate == 0.01


def test_the_epoch_slider_replays_a_snapshot(at, one_cycle):
    short_run(at)
    trainer = state(at).trainer
    at.select_slider(key="train.replay").set_value(10).run()
    snapshot = dict(trainer.snapshots)[10]
    evaluation = trainer.evaluate(snapshot)
    assert metrics(at)[translate("train.metric.test", "en")] == f"{evaluation.test_rmse:.1f}"
    marker = dataset(at, translate("train.loss.title", "en"), "marker")
    assert marker.epoch.tolist() == [10]
    assert translate("train.heat.heading", "en", label="→ 1957-01", epoch=10) in [s.value for s in at.subheader]


def test_open_in_the_cell_page_hands_over_the_weights_and_window(at, one_cycle):
    short_run(at)
    at.selectbox(key="train.window").select(14).run()               # → 1958-03
    trainer = state(at).trainer
    at.button(key="train.open_cell").click().run()
    assert not at.exception
    handed = at.session_state["trained"]
    assert handed["window_label"] == "→ 1958-03" and handed["epoch"] == 20
    assert handed["config"] == trainer.config
    np.testing.assert_array_equal(handed["window"], trainer.data.X_test[:, 14, :])
    assert handed["window"].shape == (ts.DEFAULTS["train.look_back"], 1)
    for got, want in zip(handed["params"].arrays(), trainer.params.arrays()):
        np.testing.assert_array_equal(got, want)
    # the cell page took the request and shows the trained weights on that window
    assert at.title[0].value.endswith(translate("cell.title", "en"))
    assert "cell_request" not in at.session_state
    assert at.session_state["cell.weights"] == "trained" and at.session_state["cell.input"] == "trained"


def test_the_page_in_chinese(one_cycle):
    at = run_app(PAGE, lang="zh")
    short_run(at)
    assert at.title[0].value.endswith(translate("train.title", "zh"))
    assert translate("train.metric.test", "zh") in metrics(at)
    assert translate("train.loss.title", "zh") in charts_by_title(at)
    assert translate("live.status.finished", "zh") in at.get("progress")[0].proto.text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pace_control_sets_the_speed_of_the_run(lang, one_cycle):
    at = run_app(PAGE, lang=lang)
    control = at.button_group(key="train.pace")
    assert control.label == translate("live.pace", lang) and control.value == 0    # full speed
    assert list(control.options)[-1] == translate("live.pace.full", lang)
    assert state(at).pace == 0
    control.set_value(1).run()
    assert state(at).pace == 1
    at.button(key="train.start").click().run()
    assert not at.exception
    # A page run is one cycle; at 1 epoch/s a cycle trains the one epoch the pace allows,
    # however long the run took (one_cycle would otherwise train all of it).
    assert state(at).running and state(at).epoch == 1
    at.button_group(key="train.pace").set_value(0).run()       # full speed again, mid-run
    assert state(at).pace == 0 and state(at).done


def test_the_gradient_chart_explains_a_late_jump_of_the_total(at, one_cycle):
    """Adam's late rise of the gradient norm (the loss still falling) is explained beside the chart."""
    short_run(at)
    assert translate("train.grad.note", "en") in [caption.value for caption in at.caption]
