"""The state of one live training run (``LiveState``), kept in ``st.session_state`` by
``ui.live.LiveTrainer``; no Streamlit here, so tests and benchmarks drive it headless."""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from typing import Any

PACED_DRAWS = 10      # at most this many redraws a second in a paced run (≤ 10 chart updates/s)
MAX_REPORTS = 2000    # a forecaster's history beyond this is thinned (its charts draw ≤ 500 points)
RECENT_REPORTS = 500  # the newest reports, always kept whole
MAX_SNAPSHOT_BYTES = 8 << 20   # weights kept for the replay slider: 230 snapshots at H = 32, 4 at H = 256


def cap_history(trainer) -> None:
    """Bound what a forecaster (``lstm_core.Trainer``) keeps per session, in place.

    Its history grows by one report (about 1 kB) an epoch and its snapshots by one copy of
    the weights every ``snapshot_every`` epochs; a class training for a lesson would fill
    the server. Beyond ``MAX_REPORTS`` every other report older than the newest
    ``RECENT_REPORTS`` is dropped (the first kept); beyond ``MAX_SNAPSHOT_BYTES`` every other
    snapshot but the first and the newest. Each thinning halves the older part, so what a
    chart drew stays drawn until it is thinned again. The weights and the optimizer are not
    touched: training is the same, a run in a worker and in process alike (both call this
    after every cycle). Other trainers keep bounded histories of their own and pass through.
    """
    from lstm_core.train import Trainer

    if not isinstance(trainer, Trainer):
        inner = getattr(trainer, "trainer", None)   # an experiment around a forecaster ("stacked"):
        if isinstance(inner, Trainer):              # its charts count reports, so snapshots only
            _cap_snapshots(inner)
        return
    history = trainer.history
    if len(history) > MAX_REPORTS:
        old = history[:-RECENT_REPORTS]
        history[:-RECENT_REPORTS] = old[::2]
    _cap_snapshots(trainer)


def _cap_snapshots(trainer) -> None:
    snaps = trainer.snapshots
    if len(snaps) > 2:
        size = sum(a.nbytes for a in snaps[0][1].arrays())
        if size * len(snaps) > MAX_SNAPSHOT_BYTES:
            trainer.snapshots = snaps[:-1:2] + snaps[-1:] if len(snaps) % 2 == 0 else snaps[::2]


def default_target(trainer) -> int:
    """The epoch a trainer stops at."""
    return int(trainer.epochs)


@dataclass
class LiveState:
    """One live run, kept in ``st.session_state[prefix + ".live"]``.

    ``trainer`` the object being trained (None before Start or after Reset); ``settings``
    what it was built from; ``running`` whether the fragment trains; ``error`` the message
    of a failed build (bad settings) and ``failure`` the ValueError itself (translate it
    with ``ui.i18n.error_text``); ``run_id`` changes with every new trainer (a cache
    key); ``elapsed`` wall seconds of the runs, drawing and Streamlit included;
    ``step_seconds`` seconds inside ``step()``; ``run_epochs`` epochs trained while
    running (not single steps); ``cycles`` (those that trained) and ``fragment_runs``
    counters; ``reports`` the reports of the last cycle. ``pace`` epochs per second
    (0 = full speed), ``credit`` the epochs the pace allows now and ``refilled`` the
    clock when it was last topped up (None: the next paced cycle trains one epoch at
    once); ``wake`` is set by Stop, Step and Reset to end a wait for the pace. ``tick`` the
    tick in a worker process (``ui.train_pool.Tick``) whose result the next cycle adopts;
    ``local`` this trainer trains in the server's process (it can't go to a worker).
    """

    trainer: Any = None
    settings: Any = None
    running: bool = False
    error: str = ""
    failure: Exception | None = None  # the error itself: ui.i18n.error_text translates one with a code
    run_id: int = 0
    elapsed: float = 0.0
    step_seconds: float = 0.0
    run_epochs: int = 0
    cycles: int = 0
    fragment_runs: int = 0
    last_cycle: float | None = None   # clock() at the start of the last cycle
    pending: float = 0.0              # training seconds of the last cycle, not yet in elapsed
    reports: list = field(default_factory=list)
    pace: float = 0.0
    credit: float = 0.0
    refilled: float | None = None
    tick: Any = field(default=None, repr=False, compare=False)
    local: bool = False
    wake: threading.Event = field(default_factory=threading.Event, repr=False, compare=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def allowed(self, now: float, max_gap: float) -> int:
        """Epochs a cycle may train now (call under ``lock``): -1 (no limit) at full speed, else
        the whole tokens of the pace's bucket, at most ``ceil(pace / PACED_DRAWS)``; a pause
        banks at most ``max_gap`` seconds of epochs."""
        if self.pace <= 0:
            self.credit, self.refilled = 0.0, None
            return -1
        if self.refilled is None:
            self.credit = max(self.credit, 1.0)          # the first epoch of a paced run at once
        else:
            self.credit = min(self.credit + (now - self.refilled) * self.pace, max(1.0, self.pace * max_gap))
        self.refilled = now
        return min(int(self.credit + 1e-9), math.ceil(self.pace / PACED_DRAWS))

    @property
    def has_model(self) -> bool:
        return self.trainer is not None

    @property
    def done(self) -> bool:
        return self.trainer is not None and bool(self.trainer.done)

    @property
    def diverged(self) -> bool:
        return self.trainer is not None and bool(self.trainer.diverged)

    @property
    def epoch(self) -> int:
        return 0 if self.trainer is None else int(self.trainer.epoch)

    @property
    def seconds(self) -> float:
        """Wall seconds of the runs so far, the cycle under way included."""
        return self.elapsed + self.pending

    @property
    def rate(self) -> float:
        """Epochs per second of wall time while running, everything included (0 before any)."""
        return self.run_epochs / self.seconds if self.seconds > 0 else 0.0

    @property
    def paced(self) -> bool:
        """Whether a pace slows the run down (not full speed)."""
        return self.pace > 0

    @property
    def every_epoch_drawn(self) -> bool:
        """Whether each cycle trains one epoch, so a page should redraw everything each cycle."""
        return 0 < self.pace <= PACED_DRAWS

    @property
    def step_rate(self) -> float:
        """Epochs per second inside ``step()`` during the same runs (the trainer alone)."""
        return self.run_epochs / self.step_seconds if self.step_seconds > 0 else 0.0
