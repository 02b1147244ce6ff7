"""The generic live-training driver (ui/live.py): callbacks and the training cycle on a plain
dict store, with real and stand-in trainers; then the fragment and Canvas in AppTest."""
import time

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lstm_core import FitTrainer, TrainConfig, Trainer, init_params
from ui import live as live_module
from ui.live import Canvas, LiveState, LiveTrainer, default_target


class Counter:
    """A stand-in trainer: ``step()`` sleeps ``seconds`` and counts; may diverge at an epoch."""

    def __init__(self, epochs: int, seconds: float = 0.0, diverge_at: int | None = None):
        self.epochs, self.seconds, self.diverge_at = epochs, seconds, diverge_at
        self.history: list[int] = []
        self.diverged = False

    @property
    def epoch(self) -> int:
        return len(self.history)

    @property
    def done(self) -> bool:
        return self.diverged or self.epoch >= self.epochs

    def step(self) -> int:
        assert not self.done, "stepped a finished trainer"
        if self.seconds:
            time.sleep(self.seconds)
        self.history.append(self.epoch + 1)
        self.diverged = self.diverge_at is not None and self.epoch >= self.diverge_at
        return self.epoch


def driver(epochs=5, seconds=0.0, diverge_at=None, **kwargs) -> LiveTrainer:
    return LiveTrainer("t", build=lambda n: Counter(n, seconds, diverge_at), settings=lambda: epochs,
                       store={}, **kwargs)


def run_to_end(live: LiveTrainer, limit: int = 1000) -> None:
    for _ in range(limit):
        if not live.state.running:
            return
        live.pull()
    raise AssertionError("the run did not end")


def test_start_builds_the_trainer_from_the_settings_and_runs():
    live = driver(epochs=7)
    assert not live.state.has_model and not live.state.running
    live.start()
    assert live.state.running and live.state.settings == 7 and live.state.trainer.epochs == 7
    run_to_end(live)
    assert live.state.epoch == 7 and live.state.done and not live.state.running
    assert live.state.run_epochs == 7 and live.state.rate > 0 and live.state.step_rate > 0


def test_pull_trains_for_its_time_budget_then_returns():
    live = driver(epochs=10_000, seconds=0.01)
    live.start()
    t0 = time.perf_counter()
    reports = live.pull(0.05)
    took = time.perf_counter() - t0
    assert 1 <= len(reports) <= 6 and took < 0.05 + 0.03
    assert live.state.running and live.state.epoch == len(reports) and live.state.reports == reports


def test_pull_takes_at_least_one_epoch_even_when_an_epoch_outlasts_the_budget():
    live = driver(epochs=10, seconds=0.02)
    live.start()
    assert len(live.pull(0.0)) == 1


def test_stop_ends_the_run_and_pull_then_trains_nothing():
    live = driver(epochs=10_000)
    live.start()
    live.pull(0.01)
    epoch = live.state.epoch
    live.stop()
    assert not live.state.running
    assert live.pull() == [] and live.state.epoch == epoch
    live.start()                                   # Start again continues the same trainer
    assert live.state.running and live.state.epoch == epoch


def test_stop_during_an_epoch_returns_after_it_so_the_next_draw_shows_the_final_epoch():
    """A click's callback runs in a new script thread while the old one is mid-epoch: Stop
    waits for that epoch, so whatever is drawn after Stop returns stays true (CI once saw
    "stopped" at epoch 635 and then 636)."""
    import threading

    live = driver(epochs=10_000, seconds=0.05)
    live.start()
    trainer = live.state.trainer
    old_cycle = threading.Thread(target=live.pull, args=(10.0,))
    old_cycle.start()
    while trainer.epoch < 2:                       # the old cycle is training epoch after epoch
        time.sleep(0.005)
    time.sleep(0.02)                               # ... and is inside step() now
    live.stop()
    shown = (trainer.epoch, live.state.run_epochs, live.state.seconds, live.state.rate)
    old_cycle.join(timeout=5)
    assert not old_cycle.is_alive()
    assert trainer.epoch == shown[0], "an epoch finished after Stop had returned"
    assert (trainer.epoch, live.state.run_epochs, live.state.seconds, live.state.rate) == shown, \
        "the progress bar's numbers changed after Stop had returned"
    assert not live.state.running


def test_a_run_whose_trainer_is_already_done_ends_at_the_next_cycle():
    live = driver(epochs=2)
    live.start()
    run_to_end(live)
    live.state.running = True                      # e.g. finished by a Step in another thread
    assert live.pull() == [] and not live.state.running


def test_step_once_trains_one_epoch_and_stays_stopped():
    live = driver(epochs=3)
    live.step_once()
    assert live.state.epoch == 1 and not live.state.running
    live.start()
    live.step_once()                               # Step during a run stops it first
    assert live.state.epoch == 2 and not live.state.running
    assert live.state.run_epochs == 0              # single steps are not part of epochs/s


def test_reset_forgets_the_trainer_and_changes_the_run_id():
    live = driver()
    live.start()
    first = live.state.run_id
    live.reset()
    assert not live.state.has_model and not live.state.running and live.state.run_id != first


def test_bad_settings_become_an_error_not_an_exception():
    def build(_):
        raise ValueError("look_back must be between 1 and 57, got 99")

    live = LiveTrainer("t", build=build, settings=lambda: None, store={})
    live.start()
    assert live.state.error.startswith("look_back") and not live.state.has_model and not live.state.running
    live.reset()
    assert live.state.error == ""


def test_a_finished_run_continues_only_through_resume():
    live = driver(epochs=2)
    live.start()
    run_to_end(live)
    live.start()
    assert not live.state.running                  # no resume: finished stays finished

    def more(trainer, settings):
        trainer.epochs += settings

    live = driver(epochs=2, resume=more)
    live.start()
    run_to_end(live)
    live.start()
    assert live.state.running
    run_to_end(live)
    assert live.state.epoch == 4


def test_a_diverged_trainer_stops_the_run_and_cannot_be_continued():
    live = driver(epochs=100, diverge_at=3, resume=lambda trainer, settings: None)
    live.start()
    run_to_end(live)
    assert live.state.diverged and live.state.epoch == 3 and not live.state.running
    live.start()
    live.step_once()
    assert not live.state.running and live.state.epoch == 3


def test_two_prefixes_in_one_store_do_not_share_state():
    store = {}
    a = LiveTrainer("a", build=lambda n: Counter(n), settings=lambda: 5, store=store)
    b = LiveTrainer("b", build=lambda n: Counter(n), settings=lambda: 9, store=store)
    a.start()
    assert a.state.running and not b.state.has_model
    assert set(store) == {"a.live", "b.live"}


def test_drives_the_passenger_trainer_to_the_same_weights_as_trainer_run():
    cfg = TrainConfig(epochs=15, hidden_size=4, look_back=6)
    live = LiveTrainer("t", build=Trainer, settings=lambda: cfg, store={})
    live.start()
    run_to_end(live)
    alone = Trainer(cfg)
    alone.run()
    assert live.state.epoch == 15 and default_target(live.state.trainer) == 15
    for got, want in zip(live.state.trainer.params.arrays(), alone.params.arrays()):
        np.testing.assert_array_equal(got, want)


def test_drives_the_generic_fit_trainer_of_the_seed_experiments():
    params = init_params(1, 2, seed=0)

    def loss_and_grads(p, epoch):
        grads = p.copy()
        for g in grads.arrays():
            g[...] = 0.0
        return 1.0 / epoch, grads

    trainer = FitTrainer(params, loss_and_grads, learning_rate=0.01, epochs=4)
    live = LiveTrainer("exp", build=lambda _: trainer, settings=lambda: None, store={})
    live.start()
    run_to_end(live)
    assert default_target(trainer) == 4 and live.state.epoch == 4 and live.state.done


def test_live_state_defaults_describe_no_model():
    s = LiveState()
    assert (s.has_model, s.done, s.diverged, s.epoch, s.rate, s.step_rate) == (False, False, False, 0, 0.0, 0.0)


# ---- in Streamlit ---------------------------------------------------------------------------


def _demo_page():
    import streamlit as st

    from ui.live import LiveTrainer
    from tests.ui.test_live import Counter

    live = LiveTrainer("demo", build=lambda n: Counter(n), settings=lambda: st.session_state.get("n", 50))
    live.buttons()

    def draw(state, ui):
        ui.at("epoch").markdown(f"epoch {state.epoch}")
        left, right = ui.columns("cols", 2)
        ui.at("m", left).metric("epochs", state.epoch)
        if not state.running:
            st.caption("stopped view")

    live.fragment(draw)


def test_fragment_in_apptest_trains_draws_and_stops(monkeypatch):
    """Start trains in the fragment and draws once per cycle; Stop ends the run; Reset clears it."""
    monkeypatch.setattr(live_module, "TICK_SECONDS", 0.0)      # one epoch per cycle: countable
    at = AppTest.from_function(_demo_page, default_timeout=20).run()
    assert not at.exception
    assert at.get("progress")[0].proto.text and at.button(key="demo.stop").disabled
    at.button(key="demo.start").click().run()
    state = at.session_state["demo.live"]
    assert state.running and state.epoch == 1                  # a page run draws one cycle
    assert [m.value for m in at.markdown] == ["epoch 1"] and at.button(key="demo.start").disabled
    at.button(key="demo.stop").click().run()
    assert not at.session_state["demo.live"].running and at.session_state["demo.live"].epoch == 1
    assert [c.value for c in at.caption] == ["stopped view"]
    at.run()
    assert at.session_state["demo.live"].epoch == 1            # stopped: no more epochs
    at.button(key="demo.reset").click().run()
    assert not at.session_state["demo.live"].has_model


def _canvas_page():
    import streamlit as st

    from ui.live import Canvas

    ui = Canvas()
    for k in range(3):
        ui.at("text").markdown(f"cycle {k}")
        cols = ui.columns("cols", 2)
        ui.at("left", cols[0]).metric("k", k)
        ui.at("bar").progress(k / 2, text=f"bar {k}")
    st.caption("after")


def test_canvas_replaces_elements_in_place_across_cycles():
    at = AppTest.from_function(_canvas_page, default_timeout=20).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["cycle 2"]
    assert [m.value for m in at.metric] == ["2"] and len(at.columns) == 2
    assert [p.proto.text for p in at.get("progress")] == ["bar 2"]
    assert [c.value for c in at.caption] == ["after"]


def test_canvas_blocks_are_made_once():
    made = []
    ui = Canvas()
    for _ in range(3):
        ui.block("b", lambda: made.append(1) or "block")
    assert made == [1]
