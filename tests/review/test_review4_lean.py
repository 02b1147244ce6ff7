"""Review of 7fc9011 (lean ticks): a tick adopted after the session's trainer stepped in
process meanwhile. Before 7fc9011 the worker's whole copy replaced the trainer (the in-process
epoch was lost but the history stayed consistent); with lean ticks ``_with_past`` glues the
base's history *at wait time* in front of the worker's, so the epochs stepped meanwhile appear
twice and a saved weights file of that run no longer loads."""
import math

import pytest

import lstm_core
from lstm_core import Trainer, TrainConfig
from ui import live_pool, train_pool
from ui.live_state import LiveState

WAIT = 120


@pytest.fixture(scope="module")
def pool():
    p = train_pool.TrainPool(1)
    yield p
    p.close()


def test_a_tick_adopted_after_an_in_process_epoch_keeps_a_consistent_history(pool):
    cfg = TrainConfig(hidden_size=8, epochs=40, snapshot_every=2)
    s = LiveState(trainer=Trainer(cfg), running=True)
    s.trainer.run(10)
    # thread B (a rerun at full speed): sends a tick at epoch 10
    with s.lock:
        tick = live_pool.submit(s, pool, 0.05, clock=lambda: 0.0)
    assert tick is not None and getattr(tick, "lean", True)
    # thread A (the old script run, still in its paced in-process loop): one more epoch
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
