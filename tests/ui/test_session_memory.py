"""What an ended session leaves in memory is freed (ui/session_memory.py): its runs' trainers
and ticks once it has been disconnected for the TTL, never before, and its download buttons'
data callables (which hold the trainer) through Streamlit's own MediaFileManager."""
import gc
import threading
import weakref

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from lstm_core import Trainer, TrainConfig
from ui import live_pool, session_memory
from ui.live import LiveTrainer
from ui.live_state import LiveState

TTL = 30.0


@pytest.fixture(autouse=True)
def empty_registry():
    session_memory._RUNS.clear()
    session_memory._GONE_SINCE.clear()
    yield
    session_memory._RUNS.clear()
    session_memory._GONE_SINCE.clear()


class FakeTick:
    def __init__(self):
        self.cancelled = False

    def cancel(self):
        self.cancelled = True


class Trained:
    """Stands for a trainer: something the run holds that must be freed."""


def a_run(session_id: str) -> LiveState:
    s = LiveState(trainer=Trained(), settings={"epochs": 5}, running=True, reports=[1, 2])
    s.tick = FakeTick()
    session_memory.track_run(s, session_id)
    return s


def test_a_disconnected_session_is_released_after_the_ttl_and_not_before():
    s = a_run("gone")
    tick = s.tick
    trainer = weakref.ref(s.trainer)
    ended = []
    assert session_memory.sweep(100.0, TTL, lambda sid: False, ended.append) == []   # first seen gone
    assert session_memory.sweep(100.0 + TTL - 0.5, TTL, lambda sid: False, ended.append) == []
    assert s.trainer is not None and s.running and not tick.cancelled and ended == []
    assert session_memory.sweep(100.0 + TTL, TTL, lambda sid: False, ended.append) == ["gone"]
    assert ended == ["gone"]
    assert s.trainer is None and s.settings is None and s.reports == [] and not s.running
    assert tick.cancelled and s.tick is None
    gc.collect()
    assert trainer() is None                       # nothing else kept the trainer
    assert session_memory.tracked() == {}          # and the session is forgotten
    assert session_memory.sweep(500.0, TTL, lambda sid: False, ended.append) == []
    assert ended == ["gone"]                       # released once


def test_a_session_that_comes_back_starts_its_ttl_again():
    s = a_run("blip")
    active = {"blip": False}
    session_memory.sweep(0.0, TTL, active.get)
    active["blip"] = True                          # the tab reconnected
    session_memory.sweep(TTL - 1, TTL, active.get)
    active["blip"] = False
    assert session_memory.sweep(TTL + 1, TTL, active.get) == []     # 0 s gone, not 31
    assert s.trainer is not None
    assert session_memory.sweep(2 * TTL + 1, TTL, active.get) == ["blip"]
    assert s.trainer is None


def test_connected_sessions_are_never_released():
    s = a_run("here")
    for now in (0.0, 1e3, 1e6):
        assert session_memory.sweep(now, TTL, lambda sid: True) == []
    assert s.trainer is not None and s.running


def test_only_the_gone_session_is_released():
    mine, theirs = a_run("gone"), a_run("here")
    session_memory.sweep(0.0, TTL, lambda sid: sid == "here")
    assert session_memory.sweep(TTL, TTL, lambda sid: sid == "here") == ["gone"]
    assert mine.trainer is None and theirs.trainer is not None
    assert session_memory.tracked() == {"here": 1}


def test_tracking_keeps_nothing_alive():
    s = a_run("s")
    ref = weakref.ref(s)
    del s
    gc.collect()
    assert ref() is None
    assert session_memory.tracked() == {"s": 0}
    assert session_memory.sweep(0.0, 0.0, lambda sid: False) == ["s"]   # a session with no runs left


def test_nothing_is_tracked_outside_a_script_run():
    assert session_memory.current_session_id() is None
    session_memory.track_session()
    session_memory.track_run(LiveState())
    assert session_memory.tracked() == {}
    assert session_memory.sweep_server(1e9) == []  # no Streamlit server in this process


def test_a_run_whose_lock_is_held_is_left_for_the_next_sweep(monkeypatch):
    monkeypatch.setattr(session_memory, "LOCK_WAIT", 0.0)
    s = a_run("busy")
    with s.lock:                                   # a script thread still in a cycle
        session_memory.release_run(s)
    assert s.trainer is not None and not s.running  # asked to stop, trainer kept for now
    session_memory.release_run(s)
    assert s.trainer is None


def test_a_live_trainer_run_is_released_with_its_session_and_active_count():
    store = {}
    live = LiveTrainer("t", build=lambda cfg: Trainer(TrainConfig(epochs=3, hidden_size=2)),
                       settings=lambda: None, store=store, pool=None)
    live.start()
    session_memory.track_run(live.state, "student")
    live_pool.ACTIVE[id(live.state)] = 0.0
    session_memory.sweep(0.0, TTL, lambda sid: False)
    session_memory.sweep(TTL, TTL, lambda sid: False)
    assert not live.state.has_model and not live.state.running
    assert id(live.state) not in live_pool.ACTIVE  # no longer counted as training


def test_a_download_buttons_data_callable_is_dropped_with_its_session():
    """Streamlit keeps a deferred download callable until the session is shut down, which an
    expired session never is; ``unregister_downloads`` does what shutdown would."""
    files = MediaFileManager(MemoryMediaFileStorage("/media"))
    trainer = Trained()
    held = weakref.ref(trainer)
    # Outside a script run MediaFileManager files everything under one session id.
    session_id = "dontcare"
    files.add_deferred(lambda held_here=trainer: repr(held_here).encode(), "application/octet-stream",
                       "coords", "w.npz")
    del trainer
    files.remove_orphaned_files()                  # what another session's run does: not enough
    gc.collect()
    assert held() is not None
    session_memory.unregister_downloads(files, session_id)
    gc.collect()
    assert held() is None


def test_the_sweep_runs_in_its_own_thread_safely_beside_tracking():
    """Tracking (script threads) and sweeping (the trimmer's thread) at once lose no run."""
    states = []

    def track(k):
        for j in range(200):
            s = LiveState(trainer=Trained())
            states.append(s)
            session_memory.track_run(s, f"s{k}")

    threads = [threading.Thread(target=track, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for now in range(50):
        session_memory.sweep(float(now), 1e9, lambda sid: False)
    for th in threads:
        th.join()
    session_memory.sweep(1e10, 1.0, lambda sid: False)
    session_memory.sweep(2e10, 1.0, lambda sid: False)
    assert all(s.trainer is None for s in states)


def test_the_trimmer_collects_after_training_and_after_a_release_not_every_round():
    from ui.memory import Trimmer

    collected, busy, released = [], [False], [[]]
    trimmer = Trimmer(idle=lambda: not busy[0], sweep=lambda now: released[0],
                      collect=lambda: collected.append(1))
    assert trimmer.round(0.0) and len(collected) == 1       # at start: whatever the imports left
    assert not trimmer.round(10.0) and len(collected) == 1  # nothing new: no full collection
    busy[0] = True
    assert not trimmer.round(20.0)                          # training: never
    busy[0] = False
    assert trimmer.round(30.0) and len(collected) == 2      # training ended
    released[0] = ["a session"]
    assert trimmer.round(40.0) and len(collected) == 3      # a session ended
    released[0] = []
    assert not trimmer.round(50.0)


def test_a_failing_sweep_does_not_stop_the_trimmer(caplog):
    from ui.memory import Trimmer

    def broken(now):
        raise RuntimeError("Streamlit changed")

    collected = []
    trimmer = Trimmer(idle=lambda: True, sweep=broken, collect=lambda: collected.append(1))
    assert trimmer.round(0.0) and collected == [1]
    assert "sweeping ended sessions failed" in caplog.text


def test_a_run_whose_lock_was_busy_is_released_by_a_later_sweep(monkeypatch):
    """(The session was forgotten at once, so no later sweep saw that run again.)"""
    monkeypatch.setattr(session_memory, "LOCK_WAIT", 0.0)
    s = a_run("busy")
    session_memory.sweep(0.0, TTL, lambda sid: False)
    with s.lock:                                   # a script thread in a cycle at that moment
        assert session_memory.sweep(TTL, TTL, lambda sid: False) == ["busy"]
    assert s.trainer is not None and not s.running  # stopped, left for the next sweep
    assert session_memory.tracked() == {"busy": 1}
    assert session_memory.sweep(TTL + 10, TTL, lambda sid: False) == ["busy"]   # still gone: at once
    assert s.trainer is None and session_memory.tracked() == {}


def test_an_ended_sessions_uploaded_files_are_dropped_with_it():
    """Streamlit keeps a session's uploads (a weights file, up to 4 MB) until the session is
    shut down, which an expired session never is."""
    from types import SimpleNamespace

    runtime = SimpleNamespace(media_file_mgr=MediaFileManager(MemoryMediaFileStorage("/media")),
                              uploaded_file_mgr=MemoryUploadedFileManager("/upload"))
    for session_id in ("gone", "here"):
        runtime.uploaded_file_mgr.add_file(session_id, UploadedFileRec("f", "w.npz", "application/zip", b"x" * 100))
    session_memory.forget_files(runtime, "gone")
    assert runtime.uploaded_file_mgr.get_files("gone", ["f"]) == []
    assert [f.name for f in runtime.uploaded_file_mgr.get_files("here", ["f"])] == ["w.npz"]


def test_a_tab_that_flaps_between_sweeps_can_only_come_back_to_a_fresh_session():
    """Dropped at 0 s, back at 3 s, dropped again at 8 s: no sweep (every 10 s) saw it
    connected, so its runs go at 30 s while Streamlit would resume it until 38 s. Before
    releasing, the sweep forbids resuming it: a reconnect gets a fresh session, never one
    whose model is gone."""
    s = a_run("wifi")
    forbidden, order = set(), []

    def forbid(sid):
        forbidden.add(sid)
        order.append("forbid")

    def gone(sid):
        order.append("release")

    for now in (0.0, 10.0, 20.0, 30.0):
        session_memory.sweep(now, TTL, lambda sid: False, gone, forbid)
    assert s.trainer is None and forbidden == {"wifi"} and order == ["forbid", "release"]


def test_a_session_that_reconnects_as_it_is_forbidden_keeps_its_runs():
    s = a_run("late")
    connected = {"late": False}

    def forbid(sid):
        connected[sid] = True                    # the tab came back just before the mark

    session_memory.sweep(0.0, TTL, connected.get, forbid=forbid)
    assert session_memory.sweep(TTL, TTL, connected.get, forbid=forbid) == []
    assert s.trainer is not None and s.running
    assert session_memory.tracked() == {"late": 1}
