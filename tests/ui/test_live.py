"""The generic live-training driver (ui/live.py): callbacks and the training cycle on a plain
dict store, with real and stand-in trainers; then the fragment and Canvas in AppTest."""
import math
import threading
import time

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lstm_core import FitTrainer, TrainConfig, Trainer, init_params
from tests.helpers import TIMEOUT
from ui import live as live_module
from ui.live import Canvas, LiveState, LiveTrainer, default_target


class Clock:
    """A fake clock: time moves only when a stand-in trainer's step says so."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Counter:
    """A stand-in trainer: ``step()`` counts, moves ``clock`` on by ``seconds`` and may
    diverge at an epoch. With ``gate`` (a Gate) every step waits to be let through."""

    def __init__(self, epochs: int, seconds: float = 0.0, diverge_at: int | None = None,
                 clock: Clock | None = None, gate: "Gate | None" = None):
        self.epochs, self.seconds, self.diverge_at = epochs, seconds, diverge_at
        self.clock, self.gate = clock, gate
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
        if self.gate is not None:
            self.gate.wait_to_pass()
        if self.clock is not None:
            self.clock.now += self.seconds
        self.history.append(self.epoch + 1)
        self.diverged = self.diverge_at is not None and self.epoch >= self.diverge_at
        return self.epoch


class Gate:
    """Holds a step inside ``step()`` until the test lets it through: ``entered`` is set
    when a step is waiting, ``release()`` lets exactly one step finish."""

    WAIT = 60          # seconds: only reached if the code under test hangs

    def __init__(self):
        self.entered, self._go = threading.Event(), threading.Event()

    def wait_to_pass(self) -> None:
        self.entered.set()
        assert self._go.wait(self.WAIT), "the test never released the step"
        self._go.clear()

    def release(self) -> None:
        self.entered.clear()
        self._go.set()


def driver(epochs=5, seconds=0.0, diverge_at=None, gate=None, **kwargs) -> LiveTrainer:
    clock = Clock()
    return LiveTrainer("t", build=lambda n: Counter(n, seconds, diverge_at, clock, gate), settings=lambda: epochs,
                       store={}, clock=clock, **kwargs)


def run_to_end(live: LiveTrainer, limit: int = 1000) -> None:
    for _ in range(limit):
        if not live.state.running:
            return
        live.pull()
    raise AssertionError("the run did not end")


def test_start_builds_the_trainer_from_the_settings_and_runs():
    live = driver(epochs=7, seconds=0.5)
    assert not live.state.has_model and not live.state.running
    live.start()
    assert live.state.running and live.state.settings == 7 and live.state.trainer.epochs == 7
    run_to_end(live)
    assert live.state.epoch == 7 and live.state.done and not live.state.running
    assert live.state.run_epochs == 7 and live.state.step_rate == pytest.approx(2.0)   # 0.5 s an epoch
    assert live.state.rate == pytest.approx(2.0)


def test_pull_trains_for_its_time_budget_then_returns():
    live = driver(epochs=10_000, seconds=0.25)
    live.start()
    reports = live.pull(1.0)                       # 0.25 s an epoch: four fill the budget
    assert len(reports) == 4 and live.state.epoch == 4
    assert live.state.running and live.state.reports == reports
    assert len(live.pull(1.1)) == 5                # the epoch that crosses the budget is the last


def test_pull_takes_at_least_one_epoch_even_when_an_epoch_outlasts_the_budget():
    live = driver(epochs=10, seconds=2.0)
    live.start()
    assert len(live.pull(0.0)) == 1
    assert len(live.pull(1.0)) == 1


def test_stop_ends_the_run_and_pull_then_trains_nothing():
    live = driver(epochs=10_000)
    live.start()
    live.pull(0.0)                                 # one epoch, however fast the machine
    epoch = live.state.epoch
    assert epoch == 1
    live.stop()
    assert not live.state.running
    assert live.pull() == [] and live.state.epoch == epoch
    live.start()                                   # Start again continues the same trainer
    assert live.state.running and live.state.epoch == epoch


def test_stop_during_an_epoch_returns_after_it_so_the_next_draw_shows_the_final_epoch():
    """A click's callback runs in a new script thread while the old one is mid-epoch: Stop
    waits for that epoch, so whatever is drawn after Stop returns stays true (CI once saw
    "stopped" at epoch 635 and then 636). The epoch is held inside step() by a Gate, so
    the test knows where each thread is without sleeping."""
    gate = Gate()
    live = driver(epochs=10_000, seconds=0.1, gate=gate)
    live.start()
    trainer = live.state.trainer
    old_cycle = threading.Thread(target=live.pull, args=(float("inf"),))
    old_cycle.start()
    assert gate.entered.wait(Gate.WAIT)            # the old cycle is inside epoch 1
    gate.release()
    assert gate.entered.wait(Gate.WAIT)            # ... finished it, and is inside epoch 2
    shown = []
    stopper = threading.Thread(target=lambda: (live.stop(), shown.append(
        (trainer.epoch, live.state.run_epochs, live.state.seconds, live.state.rate))))
    stopper.start()
    deadline = time.monotonic() + Gate.WAIT
    while live.state.running:                      # Stop has begun: it waits for the epoch
        assert time.monotonic() < deadline, "Stop never began"
        time.sleep(0.001)
    assert not shown                               # ... and has not returned mid-epoch
    gate.release()                                 # epoch 2 ends
    stopper.join(Gate.WAIT)
    old_cycle.join(Gate.WAIT)
    assert not stopper.is_alive() and not old_cycle.is_alive()
    assert shown == [(2, 2, pytest.approx(0.2), pytest.approx(10.0))], "Stop returned before epoch 2 ended"
    assert trainer.epoch == 2, "an epoch started after Stop"
    assert (trainer.epoch, live.state.run_epochs, live.state.seconds, live.state.rate) == shown[0], \
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
    at = AppTest.from_function(_demo_page, default_timeout=TIMEOUT).run()
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
    at = AppTest.from_function(_canvas_page, default_timeout=TIMEOUT).run()
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


# ---- pace: epochs per second, on the driver's (fake) clock ----------------------------------

class SpyEvent(threading.Event):
    """A ``LiveState.wake`` that tells the test when someone waits on it."""

    def __init__(self):
        super().__init__()
        self.waiting = threading.Event()

    def wait(self, timeout=None):
        self.waiting.set()
        return super().wait(timeout)


def drain(live: LiveTrainer, limit: int = 1000) -> list:
    """Pull until a cycle trains nothing; the reports of each cycle."""
    cycles = []
    for _ in range(limit):
        reports = live.pull(math.inf)
        if not reports:
            return cycles
        cycles.append(reports)
    raise AssertionError("the pace never held the run back")


def test_a_pace_of_5_trains_5_epochs_per_second_of_the_clock_and_draws_each():
    live = driver(epochs=10_000)
    live.set_pace(5)
    live.start()
    assert drain(live) == [[1]]                    # the first epoch at once, then nothing ...
    assert live.next_epoch_in() == pytest.approx(0.2)
    assert drain(live) == []                       # ... until the clock moves
    live.clock.now += 1.0
    cycles = drain(live)
    assert [len(c) for c in cycles] == [1] * 5     # one epoch a cycle: every epoch drawn
    assert live.state.epoch == 6 and live.state.running and live.state.every_epoch_drawn
    live.clock.now += 0.1
    assert drain(live) == []                       # half an epoch's worth
    live.clock.now += 0.1
    assert [len(c) for c in drain(live)] == [1]


def test_a_long_pause_does_not_bank_more_than_a_second_of_epochs():
    live = driver(epochs=10_000)
    live.set_pace(5)
    live.start()
    drain(live)
    live.clock.now += 60.0                         # e.g. the page was left for a minute
    assert sum(len(c) for c in drain(live)) == 5


def test_pace_0_trains_at_full_speed():
    live = driver(epochs=10_000, seconds=0.01)
    live.set_pace(0)
    live.start()
    assert len(live.pull(1.0)) == 100              # the time budget alone limits a cycle
    assert live.next_epoch_in() == 0.0 and not live.state.paced


def test_a_pace_change_during_a_run_takes_effect_at_the_next_cycle():
    live = driver(epochs=10_000)
    live.set_pace(1)
    live.start()
    drain(live)
    live.clock.now += 0.5
    assert drain(live) == []                       # half an epoch at 1 epoch/s
    live.set_pace(20)                              # faster: 20 epochs/s from now on
    live.clock.now += 0.5
    cycles = drain(live)
    assert sum(len(c) for c in cycles) == 10 and max(len(c) for c in cycles) == 2
    assert not live.state.every_epoch_drawn       # 20 epochs/s: two epochs a redraw
    live.set_pace(0)                               # full speed: no token needed
    assert len(live.pull(0.0)) == 1 and len(live.pull(0.0)) == 1
    live.set_pace(5)                               # slow again: one epoch at once, then wait
    assert drain(live) == [[live.state.epoch]] and live.state.running


def test_stop_during_a_wait_for_the_pace_returns_at_once():
    live = driver(epochs=10_000)
    live.set_pace(1 / 3600)                        # one epoch an hour
    live.start()
    drain(live)
    spy = live.state.wake = SpyEvent()
    waiter = threading.Thread(target=live.wait_for_pace)
    waiter.start()
    assert spy.waiting.wait(Gate.WAIT)             # it waits (for an hour) ...
    live.stop()                                    # ... Stop does not wait for it
    waiter.join(Gate.WAIT)
    assert not waiter.is_alive() and not live.state.running
    assert live.pull(math.inf) == [] and live.state.epoch == 1


def test_a_new_pace_ends_a_wait_under_the_old_one():
    live = driver(epochs=10_000)
    live.set_pace(1 / 3600)
    live.start()
    drain(live)
    spy = live.state.wake = SpyEvent()
    waiter = threading.Thread(target=live.wait_for_pace)
    waiter.start()
    assert spy.waiting.wait(Gate.WAIT)
    live.set_pace(0)
    waiter.join(Gate.WAIT)
    assert not waiter.is_alive() and live.state.running
    assert not spy.is_set()                        # cleared: the next wait waits again


def test_the_pace_wait_holds_no_lock():
    live = driver(epochs=10_000)
    live.set_pace(1 / 3600)
    live.start()
    drain(live)
    spy = live.state.wake = SpyEvent()
    waiter = threading.Thread(target=live.wait_for_pace)
    waiter.start()
    assert spy.waiting.wait(Gate.WAIT)
    assert live.state.lock.acquire(timeout=Gate.WAIT)   # Step/Stop could take it now
    live.state.lock.release()
    live.stop()
    waiter.join(Gate.WAIT)
    assert not waiter.is_alive()


def test_a_bad_pace_is_refused_with_its_value():
    live = driver()
    for bad in (-1, math.nan, math.inf):
        with pytest.raises(ValueError, match="pace"):
            live.set_pace(bad)
    assert live.state.pace == 0


def _paced_page():
    import streamlit as st

    from tests.ui.test_live import Counter
    from ui.live import LiveTrainer

    live = LiveTrainer("demo", build=lambda n: Counter(n), settings=lambda: 50)
    live.buttons(pace_key="demo.pace")
    live.fragment(lambda state, ui: ui.at("epoch").markdown(f"epoch {state.epoch}"))


def test_the_pace_control_sets_the_live_state_and_defaults_to_full_speed():
    at = AppTest.from_function(_paced_page, default_timeout=TIMEOUT).run()
    assert not at.exception
    control = at.button_group(key="demo.pace")
    assert control.value == 0 and at.session_state["demo.live"].pace == 0
    control.set_value(5).run()
    assert at.session_state["demo.live"].pace == 5
    at.button(key="demo.start").click().run()
    assert at.session_state["demo.live"].running and at.session_state["demo.live"].epoch == 1
