"""Training in worker processes (ui/train_pool.py, ui/live_pool.py): the same weights as in
process, Stop drops a tick, trainers that can't go train in process, history is capped."""
import math
import pickle
import threading

import numpy as np
import pytest

import lstm_core
from lstm_core import Trainer, TrainConfig
from lstm_core.experiments import make_experiment
from ui import live_pool, train_pool
from ui.live import LiveTrainer
from ui import live_state
from ui.live_state import LiveState, cap_history

WAIT = 120          # seconds; only reached if a worker hangs


@pytest.fixture(scope="module")
def pool():
    p = train_pool.TrainPool(1)
    yield p
    p.close()


def same_arrays(a, b) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a.arrays(), b.arrays()))


# float32: weights packed in one buffer, and a kernel whose layer k reads layer k-1's buffer
@pytest.mark.parametrize("dtype, layers", [("float64", 1), ("float32", 1), ("float32", 2)])
def test_a_run_in_the_pool_gives_the_weights_of_the_same_run_in_process(pool, dtype, layers):
    cfg = TrainConfig(hidden_size=32, epochs=60, dtype=dtype, num_layers=layers)
    live = LiveTrainer("p", build=Trainer, settings=lambda: cfg, store={}, pool=pool)
    live.start()
    mine = live.state.trainer
    for _ in range(1000):
        if not live.state.running:
            break
        live.pull(0.01)
    reference = Trainer(cfg)
    reference.run()
    got = live.state.trainer
    assert got is mine                      # a page holding the trainer sees the epochs trained
    assert got.epoch == 60 and not live.state.local and live.state.cycles >= 1
    assert same_arrays(got.params, reference.params)
    assert [r.loss for r in got.history] == [r.loss for r in reference.history]
    assert [e for e, _ in got.snapshots] == [e for e, _ in reference.snapshots]
    assert live.state.run_epochs == 60 and live.state.step_rate > 0


def test_a_tick_returns_a_copy_and_leaves_the_sent_trainer_alone(pool):
    trainer = Trainer(TrainConfig(epochs=5))
    result = pool.submit(trainer, math.inf).wait(WAIT)
    assert trainer.epoch == 0 and result.trainer.epoch == 5 and len(result.reports) == 5
    assert result.reports[-1] is result.trainer.history[-1]


def test_an_experiment_with_closures_for_its_task_trains_in_a_worker(pool):
    e = make_experiment("trend")
    result = pool.submit(e, math.inf).wait(WAIT)
    e.run()
    assert result.trainer.epoch == e.epoch and same_arrays(result.trainer.trainer.params, e.trainer.params)


def test_cancel_ends_a_running_tick_and_the_worker_takes_the_next():
    pool = train_pool.TrainPool(1)
    try:
        endless = pool.submit(Trainer(TrainConfig(epochs=10_000_000)), math.inf)
        follow = pool.submit(Trainer(TrainConfig(epochs=3)), math.inf)
        endless.cancel()
        assert endless.wait(WAIT) is None
        assert follow.wait(WAIT).trainer.epoch == 3        # only if the worker gave up the first
    finally:
        pool.close()


def test_stop_drops_the_tick_in_flight_and_keeps_the_epoch_drawn(pool):
    cfg = TrainConfig(epochs=10_000_000)
    live = LiveTrainer("p", build=Trainer, settings=lambda: cfg, store={}, pool=pool)
    live.start()
    live.pull(0.0)                          # one epoch adopted, the next tick sent at once
    s = live.state
    tick = s.tick
    assert s.epoch >= 1 and tick is not None
    epoch = s.epoch
    live.stop()
    assert tick.cancelled and s.tick is None and not s.running
    assert tick.wait(WAIT) is None and s.epoch == epoch and live.pull() == []


def test_a_waiting_cycle_returns_nothing_when_stop_lands_during_the_wait(pool):
    live = LiveTrainer("p", build=Trainer, settings=lambda: TrainConfig(epochs=10_000_000), store={},
                       pool=pool)
    live.start()
    out = []
    cycle = threading.Thread(target=lambda: out.append(live.pull(math.inf)))
    cycle.start()
    while live.state.tick is None and cycle.is_alive():
        cycle.join(0.01)
    live.stop()
    cycle.join(WAIT)
    assert out == [[]] and live.state.epoch == 0


class Unpicklable:
    """A trainer holding a lock: it can't go to a worker."""

    def __init__(self):
        self.lock, self.epoch, self.epochs, self.diverged = threading.Lock(), 0, 3, False

    @property
    def done(self):
        return self.epoch >= self.epochs

    def step(self):
        self.epoch += 1
        return self.epoch


def test_a_trainer_that_does_not_pickle_trains_in_process(pool):
    with pytest.raises(train_pool.CannotShip):
        pool.submit(Unpicklable(), 1.0)
    live = LiveTrainer("p", build=lambda _: Unpicklable(), settings=lambda: None, store={}, pool=pool)
    live.start()
    live.pull(math.inf)
    assert live.state.local and live.state.epoch == 3 and live.state.done


def test_an_error_in_training_is_raised_in_the_session(pool):
    trainer = Trainer(TrainConfig(epochs=5))
    trainer.train_to(5)
    trainer.step = None                     # an instance attribute shadowing the method
    with pytest.raises(TypeError):
        pool.submit(trainer, 1.0).wait(WAIT)


def test_a_dead_worker_is_replaced_and_its_tick_fails_with_cannot_ship():
    pool = train_pool.TrainPool(1)
    try:
        tick = pool.submit(Trainer(TrainConfig(epochs=10_000_000)), math.inf)
        while tick.slot is None:
            tick._done.wait(0.01)
        pool._procs[0].kill()
        with pytest.raises(train_pool.CannotShip):
            tick.wait(WAIT)
        assert pool.submit(Trainer(TrainConfig(epochs=2)), math.inf).wait(WAIT).trainer.epoch == 2
    finally:
        pool.close()
    assert not pool.alive


def test_the_shared_pool_can_be_turned_off(monkeypatch):
    monkeypatch.setenv(train_pool.WORKERS_ENV, "0")
    assert train_pool.worker_count() == 0
    monkeypatch.setenv(train_pool.WORKERS_ENV, "3")
    assert train_pool.worker_count() == 3


def test_ticks_lengthen_when_more_than_two_trainers_run(monkeypatch):
    monkeypatch.setattr(live_pool, "ACTIVE", {})
    assert live_pool.tick_seconds(0.25) == 0.25
    for k in range(5):
        live_pool.ACTIVE[k] = live_pool.time.monotonic()
    assert live_pool.tick_seconds(0.25) == pytest.approx(0.625)


def test_cap_history_thins_old_reports_and_snapshots_and_keeps_the_newest(monkeypatch):
    monkeypatch.setattr(live_state, "MAX_REPORTS", 40)
    monkeypatch.setattr(live_state, "RECENT_REPORTS", 10)
    trainer = Trainer(TrainConfig(epochs=41, snapshot_every=1))
    one = sum(a.nbytes for a in trainer.params.arrays())
    monkeypatch.setattr(live_state, "MAX_SNAPSHOT_BYTES", 30 * one)
    trainer.run()
    weights = [a.copy() for a in trainer.params.arrays()]
    cap_history(trainer)
    epochs = [r.epoch for r in trainer.history]
    assert epochs == list(range(1, 32, 2)) + list(range(32, 42))     # 31 older halved, 10 newest kept
    assert [e for e, _ in trainer.snapshots] == list(range(0, 41, 2)) + [41]
    cap_history(trainer)                                              # under both caps now: unchanged
    assert [r.epoch for r in trainer.history] == epochs and len(trainer.snapshots) == 22
    assert all(np.array_equal(a, b) for a, b in zip(weights, trainer.params.arrays()))


def test_cap_history_leaves_other_trainers_alone():
    e = make_experiment("trend")
    e.trainer.history.extend([None] * 5000)
    cap_history(e)
    assert len(e.history) == 5000


def test_cap_history_bounds_the_snapshots_of_an_experiment_around_a_forecaster(monkeypatch):
    """The "stacked" experiment wraps a Trainer: its snapshots are capped, its reports (which
    the experiments page counts along its x axis) are not."""
    e = make_experiment("stacked")
    size = sum(a.nbytes for a in e.trainer.snapshots[0][1].arrays())
    monkeypatch.setattr(live_state, "MAX_SNAPSHOT_BYTES", 10 * size)
    e.trainer.snapshots.extend((k, e.trainer.params.copy()) for k in range(1, 40))
    e.trainer.history.extend([None] * 5000)
    cap_history(e)
    assert len(e.trainer.snapshots) < 40 and e.trainer.snapshots[0][0] == 0
    assert e.trainer.snapshots[-1][0] == 39 and len(e.history) == 5000


SERVER = """
import sys, time
import lstm_core
from lstm_core import Trainer, TrainConfig
from ui import train_pool
pool = train_pool.TrainPool(2)
tick = pool.submit(Trainer(TrainConfig(epochs=10_000_000)), 1e9)   # one worker busy, one idle
while tick.slot is None:
    time.sleep(0.01)
print(*pool.pids(), flush=True)
time.sleep(600)
"""


def test_workers_exit_when_the_server_dies_even_in_the_middle_of_a_tick():
    import os
    import signal
    import subprocess
    import sys
    import time

    server = subprocess.Popen([sys.executable, "-c", SERVER], cwd=train_pool.ROOT, stdout=subprocess.PIPE,
                              text=True)
    try:
        pids = [int(p) for p in server.stdout.readline().split()]
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(WAIT)
    assert len(pids) == 2
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and any(map(alive, pids)):
        time.sleep(0.05)
    assert not any(map(alive, pids))


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie waiting for its reaper does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_pace_set_mid_run_drops_the_tick_sent_at_full_speed(pool):
    """Full speed, then a pace (epochs in process), then full speed again: the tick sent before
    the paced epochs must not come back and roll the run back to its epoch."""
    live = LiveTrainer("p", build=Trainer, settings=lambda: TrainConfig(epochs=10_000_000), store={},
                       pool=pool)
    live.start()
    live.pull(1e-9)                                # one epoch in the worker; the next tick is sent
    assert live.state.tick is not None and live.state.epoch >= 1
    live.set_pace(50)
    paced_from = live.state.epoch
    while live.state.epoch < paced_from + 3:       # three epochs in process, at the pace
        live.wait_for_pace()
        live.pull()
    assert live.state.tick is None and live.state.local is False
    paced_to = live.state.epoch
    live.set_pace(0)
    live.pull(1e-9)
    assert live.state.epoch > paced_to
    assert [r.epoch for r in live.state.trainer.history] == list(range(1, live.state.epoch + 1))
    live.stop()


def test_a_cancel_that_comes_after_the_tick_ended_cancels_no_other_tick(pool):
    """Ticks reach the queue in any order (two sessions at once); a late cancel of one that has
    ended is not sent, and a worker numbers its ticks in the order it takes them."""
    trainer = Trainer(TrainConfig(epochs=3))
    made_first = train_pool.Tick(pool, trainer, train_pool.dumps(trainer), 0.0)
    made_second = train_pool.Tick(pool, trainer, train_pool.dumps(trainer), 0.0)
    pool._queue.put(made_second)
    assert made_second.wait(WAIT) is not None
    made_second.cancel()                           # Stop after the tick came back
    pool._queue.put(made_first)
    result = made_first.wait(WAIT)
    assert result is not None and result.trainer.epoch == 1
    assert made_first.id > made_second.id


def test_a_closure_of_a_page_script_trains_in_process():
    """A page runs as __main__: a worker's __main__ is not the page, so such a function is
    refused when pickled (CannotShip: the run trains in process) instead of failing there."""
    space = {"__name__": "__main__"}
    exec("def make():\n    k = 3\n    return lambda: k\n", space)
    with pytest.raises(pickle.PicklingError):
        train_pool.dumps({"task": space["make"]()})


def test_a_cycle_waiting_on_a_worker_gives_way_to_a_click_and_keeps_its_tick(pool):
    """While a tick trains in a worker, a click that waits for the script run (Stop) must not
    wait for the tick: the cycle returns at once, the tick stays, the next cycle adopts it."""
    live = LiveTrainer("p", build=Trainer, settings=lambda: TrainConfig(epochs=10_000_000), store={},
                       pool=pool)
    live.start()
    s = live.state
    with s.lock:
        tick = live_pool.submit(s, pool, math.inf, live.clock)   # trains until cancelled
    assert live_pool.adopt(s, pool, tick, math.inf, live.clock, live._halt, lambda: True) == []
    assert s.tick is tick and not tick.ready and s.running
    live.stop()                                                  # what the click does
    assert tick.settled(WAIT) and s.tick is None and s.epoch == 0


def test_a_finished_tick_keeps_neither_its_trainer_nor_its_bytes_in_the_pool(pool):
    """The dispatcher waiting for the next tick held the last one (the trainer sent and its
    pickle, 2-3 MB each on the training page) for the server's life."""
    import gc
    import time
    import weakref

    trainer = Trainer(TrainConfig(epochs=3))
    tick = pool.submit(trainer, 0.0)
    assert tick.wait(WAIT) is not None
    sent = weakref.ref(trainer)
    del trainer, tick
    deadline = time.monotonic() + WAIT            # the dispatcher loops round at its own pace
    while sent() is not None and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.05)
    assert sent() is None


def test_a_forecaster_goes_without_its_past_and_comes_back_with_all_of_it(pool, monkeypatch):
    """Ticks send a forecaster without its history and snapshots (most of its pickle); the
    result has them all back, bounded as a run in process is: after every tick, by the server."""
    monkeypatch.setattr(live_state, "MAX_REPORTS", 30)
    monkeypatch.setattr(live_state, "RECENT_REPORTS", 10)
    cfg = TrainConfig(hidden_size=8, epochs=20, snapshot_every=3)
    shipped, local = Trainer(cfg), Trainer(cfg)
    for target in (20, 45, 70, 90):
        shipped.train_to(target)
        local.train_to(target)
        result = pool.submit(shipped, math.inf).wait(WAIT)
        live_pool._take(shipped, result.trainer)
        local.run()
        cap_history(local)
        assert [r.epoch for r in result.reports] == list(range(target - len(result.reports) + 1, target + 1))
    assert shipped.epoch == local.epoch == 90
    assert same_arrays(shipped.params, local.params)
    assert [(r.epoch, r.loss) for r in shipped.history] == [(r.epoch, r.loss) for r in local.history]
    assert len(shipped.history) < 90                       # it was thinned, the same way
    assert [e for e, _ in shipped.snapshots] == [e for e, _ in local.snapshots]
    assert all(same_arrays(a, b) for (_, a), (_, b) in zip(shipped.snapshots, local.snapshots))
    sent, lean = train_pool._without_past(shipped)
    assert lean and sent.history == [] and sent.snapshots == [] and shipped.history and shipped.snapshots
    assert len(train_pool.dumps(sent)) < len(train_pool.dumps(shipped)) / 2


def test_other_trainers_go_whole():
    experiment = make_experiment("trend")
    assert train_pool._without_past(experiment) == (experiment, False)


def test_a_tick_adopted_after_an_in_process_epoch_keeps_a_consistent_history(pool):
    """The past goes back as it was sent: an epoch stepped in process meanwhile (its report
    and snapshot) must not appear twice."""
    cfg = TrainConfig(hidden_size=8, epochs=40, snapshot_every=2)
    s = LiveState(trainer=Trainer(cfg), running=True)
    s.trainer.run(10)
    # thread B (a rerun at full speed) sends a tick at epoch 10; thread A (the old script
    # run, still in its paced loop in process) steps once more before B adopts the tick.
    with s.lock:
        tick = live_pool.submit(s, pool, 0.05, clock=lambda: 0.0)
    assert tick is not None and tick.past is not None
    with s.lock:
        assert s.running
        s.trainer.step()                       # as ``LiveTrainer.pull``'s loop does
    # thread B adopts the tick (its only checks: ``s.tick is tick`` and ``s.running``)
    reports = live_pool.adopt(s, pool, tick, 0.05, clock=lambda: 1.0, halt=lambda s: None)
    with s.lock:
        live_pool.drop_tick(s)
    assert reports                            # the stale tick was adopted
    epochs = [r.epoch for r in s.trainer.history]
    assert epochs == sorted(set(epochs)), f"epochs repeat in the history: {epochs[:16]}"
    snaps = [e for e, _ in s.trainer.snapshots]
    assert snaps == sorted(set(snaps)), f"snapshot epochs repeat: {snaps}"


def test_a_saved_file_of_such_a_run_loads(pool):
    """(Its repeated epochs made the training page's "Load weights" refuse the saved file.)"""
    cfg = TrainConfig(hidden_size=8, epochs=40, snapshot_every=2)
    s = LiveState(trainer=Trainer(cfg), running=True)
    s.trainer.run(10)
    with s.lock:
        tick = live_pool.submit(s, pool, math.inf, clock=lambda: 0.0)
    with s.lock:
        s.trainer.step()
    live_pool.adopt(s, pool, tick, math.inf, clock=lambda: 1.0, halt=lambda s: None)
    t = s.trainer
    data = lstm_core.save_checkpoint(t.params, t.config, t.epoch, history=t.history, snapshots=t.snapshots)
    lstm_core.read_checkpoint(data)           # the training page's "Load weights"


def test_a_code_reload_replaces_the_shared_pool_instead_of_adding_one(monkeypatch):
    """While developing, every save re-imports the app's modules: the pool of the earlier
    import is closed (its workers end) and the new import starts one; there is never a third."""
    import importlib.util
    import sys

    monkeypatch.setenv(train_pool.WORKERS_ENV, "1")
    monkeypatch.delitem(sys.modules, train_pool._HOLDER, raising=False)
    first = train_pool.shared()
    assert first is not None and train_pool.shared() is first
    spec = importlib.util.spec_from_file_location("ui.train_pool_reloaded", train_pool.__file__)
    reloaded = importlib.util.module_from_spec(spec)        # what a reload makes: a new module
    monkeypatch.setitem(sys.modules, spec.name, reloaded)
    spec.loader.exec_module(reloaded)
    try:
        second = reloaded.shared()
        assert second is not first and type(second) is reloaded.TrainPool
        assert first._closed and all(p.wait(WAIT) is not None for p in first._procs)
        assert reloaded.shared() is second and second.alive
    finally:
        for pool in (first, sys.modules[train_pool._HOLDER].pool):
            if pool is not None:
                pool.close()
        del sys.modules[train_pool._HOLDER]
