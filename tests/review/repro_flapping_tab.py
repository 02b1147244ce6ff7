"""Review of f33c3bc, not collected by pytest (run: PYTHONPATH=. python tests/review/repro_flapping_tab.py).

A tab that drops, comes back and drops again between two sweeps (Wi-Fi blips) is counted gone
from its first drop: Streamlit keeps the session resumable until TTL after the *last* drop,
but ``session_memory.sweep`` releases its runs before that, so the tab resumes a session
whose trainer is gone (the student's model is lost; the run's "Start" builds a new one)."""
from ui import session_memory

TTL, PERIOD = 30.0, 10.0                               # config.toml, ui.live.TRIM_EVERY
timeline = [(0.0, False), (3.0, True), (8.0, False)]   # (time, connected from then on)
last_drop = 8.0


def connected_at(now):
    state = True
    for t, c in timeline:
        if now >= t:
            state = c
    return state


class Run:                                             # the LiveState fields release_run uses
    def __init__(self):
        import threading
        self.trainer, self.settings, self.reports, self.running, self.tick = object(), {}, [], True, None
        self.wake, self.lock = threading.Event(), threading.Lock()


run = Run()
session_memory.track_run(run, "wifi")
for now in [1.0 + PERIOD * k for k in range(8)]:
    if session_memory.sweep(now, TTL, lambda sid: connected_at(now)):
        print(f"released at {now:.0f} s; Streamlit lets the tab resume until {last_drop + TTL:.0f} s"
              f" -> {'BUG' if now < last_drop + TTL else 'ok'}")
        break
