"""Race several cells on one long-lag task, one batch at a time, on one shared stream.

The live page steps a ``RaceTrainer``: each ``step()`` draws one batch of fresh sequences
from the stream of the seed (``np.random.default_rng([seed, 0])``) and updates every model
still in the race on that same batch, with its own Adam and global-norm clipping. Every
``eval_every`` training sequences each model is scored on the same test set (``[seed,
1]``) by the paper's criterion. A model leaves the race when it is solved (its score
reaches ``solved_at``) or diverged (a loss that is not finite); the others go on until the
budget of training sequences is spent. ``race()`` in ``race.py`` is this trainer with one
model.

A trainer has what ``ui.live.LiveTrainer`` drives: ``step() -> StepReport``, ``done``,
``epoch`` (batches so far), ``epochs`` (batches in the budget), ``history`` and
``diverged``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ..optim import Adam, clip_by_global_norm
from . import make_task
from .common import check_int
from .models import MODELS, Model, evaluate, init_model, loss_and_grads
from .noise_free import NoiseFreeLag

CHANCE_MARGIN = 0.9   # a test loss above 0.9 × the chance loss: nothing learned across the lag


@dataclass(frozen=True)
class TaskSettings:
    """How the page offers a task: its lag (smallest, largest, default; None when the task
    has none to set), a budget of training sequences and a learning rate that show the
    contrast within a minute on 2 cores (measured with benchmarks/bench_long_memory.py)."""

    lag: tuple[int, int, int] | None
    budget: int
    lr: float


TASK_SETTINGS = {
    "adding": TaskSettings((10, 200, 50), 200_000, 3e-3),          # LSTM: T = 50 after 72k-116k
    "temporal_order": TaskSettings((10, 200, 100), 100_000, 3e-3),  # LSTM: L = 100 after 26k-45k
    "noise_free": TaskSettings((5, 140, 100), 30_000, 3e-3),        # LSTM: p = 100 after 9.6k
    # (p = 140 is the largest whose test set of 1,000 one-hot sequences, (p + 1) steps of
    # p + 1 symbols, fits common.MAX_ELEMENTS: 140·141·1,000 ≈ 19.7 million numbers)
    "reber": TaskSettings(None, 100_000, 1e-2),                     # both solve: a short lag
}


def race_task(name: str, lag: int | None = None):
    """The task ``name`` as the race uses it, with lag ``lag`` (its default if None).

    The noise-free task is scored on its last prediction only (``targets="last"``), the
    one that needs the memory: scored at every step as in the paper, an H = 8 model spends
    its first 50k sequences learning the 99 predictable steps through a 101-way readout,
    and neither model gets to the lag within a minute (measured).
    """
    if name not in TASK_SETTINGS:
        raise ValueError(f"task must be one of {tuple(TASK_SETTINGS)}, got {name!r}")
    settings = TASK_SETTINGS[name]
    if settings.lag is None:
        return make_task(name, lag)
    lag = settings.lag[2] if lag is None else check_int("lag", lag, *settings.lag[:2])
    return NoiseFreeLag(lag, targets="last") if name == "noise_free" else make_task(name, lag)


@dataclass(frozen=True)
class RaceConfig:
    """Settings of one training run; defaults are the feasibility run of issue 15."""

    hidden_size: int = 8          # H: enough for the adding problem at T = 50 ... 100
    lr: float = 3e-3              # Adam's step size
    batch: int = 64               # fresh sequences per update
    forget_bias: float = 3.0      # LSTM forget gate, GRU update gate: σ(3) ≈ 0.95 kept per step
    clip: float = 1.0             # global gradient norm
    budget: int = 300_000         # training sequences before giving up (whole batches)
    eval_every: int = 3_200       # training sequences between test evaluations
    test_size: int = 1_000        # test sequences, fixed for a seed
    solved_at: float = 0.99       # fraction of the test set right by the paper's criterion
    seed: int = 0                 # weights, training stream and test set

    def __post_init__(self):
        check_int("hidden_size", self.hidden_size, 1, 512)
        check_int("batch", self.batch, 1, 4096)
        check_int("budget", self.budget, 1, 100_000_000)
        check_int("eval_every", self.eval_every, 1, 100_000_000)
        check_int("test_size", self.test_size, 1, 100_000)
        check_int("seed", self.seed, 0, 2 ** 32 - 1)
        for name in ("lr", "clip"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and np.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number, got {value!r}")
        if not (isinstance(self.forget_bias, (int, float)) and np.isfinite(self.forget_bias)):
            raise ValueError(f"forget_bias must be a finite number, got {self.forget_bias!r}")
        if not 0 < self.solved_at <= 1:
            raise ValueError(f"solved_at must be in (0, 1], got {self.solved_at!r}")


@dataclass(frozen=True)
class Checkpoint:
    """One test evaluation: after ``sequences`` training sequences."""

    sequences: int
    train_loss: float         # mean over the batches since the previous checkpoint
    test_loss: float
    test_score: float


@dataclass
class Lane:
    """One model in the race: its weights, optimizer and record.

    ``solved_after`` / ``diverged_after``: training sequences seen when it was solved or
    diverged (None while neither); ``seconds``: compute time spent on it (training and
    test evaluations); ``losses``: training losses since the last checkpoint.
    """

    model: Model
    optimizer: Adam
    history: list = field(default_factory=list)
    losses: list = field(default_factory=list)
    solved_after: int | None = None
    diverged_after: int | None = None
    seconds: float = 0.0

    @property
    def kind(self) -> str:
        return self.model.kind

    @property
    def running(self) -> bool:
        return self.solved_after is None and self.diverged_after is None

    @property
    def score(self) -> float:
        """Test score at the last checkpoint (0 before any)."""
        return self.history[-1].test_score if self.history else 0.0


class StepReport(NamedTuple):
    """What one step did: ``sequences`` seen after it, each running model's training loss
    on the batch and the checkpoints it added (empty between evaluations)."""

    sequences: int
    losses: dict
    checkpoints: dict


class RaceTrainer:
    """Train the models ``kinds`` on ``task`` side by side, batch by batch (see the module
    docstring). ``lanes`` {kind: Lane} in the order of ``kinds``."""

    def __init__(self, task, config: RaceConfig = RaceConfig(), kinds=MODELS):
        kinds = tuple(kinds)
        if not kinds or len(set(kinds)) != len(kinds):
            raise ValueError(f"kinds must name at least one model, each once, got {kinds!r}")
        self.task, self.config = task, config
        self.lanes = {k: Lane(init_model(k, task, config.hidden_size, config.seed,
                                         config.forget_bias), Adam(config.lr)) for k in kinds}
        self.test = task.sample(np.random.default_rng([config.seed, 1]), config.test_size)
        self._stream = np.random.default_rng([config.seed, 0])
        self.budget = config.budget
        self.sequences = 0
        self.epoch = 0                              # batches drawn: the live driver's unit
        self.history: list[StepReport] = []         # the last few reports only
        self._next_eval = config.eval_every

    # ---- what the live driver reads --------------------------------------------------
    @property
    def done(self) -> bool:
        return self.sequences >= self.budget or self.finished

    @property
    def diverged(self) -> bool:
        """Whether every model diverged (then nothing can train further)."""
        return all(lane.diverged_after is not None for lane in self.lanes.values())

    @property
    def epochs(self) -> int:
        """Batches in the budget."""
        return -(-self.budget // self.config.batch)

    @property
    def finished(self) -> bool:
        """Whether no model is left to train, whatever the budget."""
        return not any(lane.running for lane in self.lanes.values())

    def train_to(self, budget: int) -> None:
        """Move the finish line to ``budget`` training sequences (never below those seen)."""
        self.budget = max(check_int("budget", budget, 1, 100_000_000), self.sequences)

    # ---- training --------------------------------------------------------------------
    def step(self) -> StepReport:
        """One batch for every model still running; a test evaluation when one is due."""
        if self.done:
            raise ValueError(f"the race is over after {self.sequences:,} sequences; "
                             f"train_to() a larger budget first")
        batch = self.task.sample(self._stream, self.config.batch)
        seen = self.sequences + self.config.batch
        losses = {}
        for lane in self.lanes.values():
            if not lane.running:
                continue
            start = time.perf_counter()
            with np.errstate(over="ignore", invalid="ignore"):    # divergence is reported
                loss, grads, _ = loss_and_grads(lane.model, self.task, batch)
            if np.isfinite(loss):
                clip_by_global_norm(grads, self.config.clip)
                lane.optimizer.step(lane.model.arrays(), grads)
                lane.losses.append(loss)
            else:
                lane.diverged_after = seen
            losses[lane.kind] = loss
            lane.seconds += time.perf_counter() - start
        self.sequences, self.epoch = seen, self.epoch + 1
        checkpoints = {}
        if seen >= self._next_eval or seen >= self.budget:
            self._next_eval += self.config.eval_every
            checkpoints = {lane.kind: self._checkpoint(lane)
                           for lane in self.lanes.values() if lane.running}
        report = StepReport(seen, losses, checkpoints)
        self.history = (self.history + [report])[-100:]
        return report

    def _checkpoint(self, lane: Lane) -> Checkpoint:
        start = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):
            test_loss, score = evaluate(lane.model, self.task, self.test)
        point = Checkpoint(self.sequences, float(np.mean(lane.losses)), test_loss, score)
        lane.history.append(point)
        lane.losses = []
        if not np.isfinite(test_loss):
            lane.diverged_after = self.sequences
        elif score >= self.config.solved_at:
            lane.solved_after = self.sequences
        lane.seconds += time.perf_counter() - start
        return point

    # ---- verdicts --------------------------------------------------------------------
    def status(self, kind: str) -> str:
        """How model ``kind`` stands: "solved", "diverged", "running" (budget left),
        "stalled" (budget spent, test loss still on the chance line) or "unsolved"
        (budget spent, below the chance line but short of the criterion)."""
        lane = self.lanes[kind]
        if lane.solved_after is not None:
            return "solved"
        if lane.diverged_after is not None:
            return "diverged"
        if self.sequences < self.budget:
            return "running"
        return "stalled" if self.on_chance_line(kind) else "unsolved"

    def on_chance_line(self, kind: str) -> bool:
        """Whether ``kind``'s last test loss is still within CHANCE_MARGIN of the chance
        loss (True before any checkpoint)."""
        history = self.lanes[kind].history
        return not history or history[-1].test_loss > CHANCE_MARGIN * self.task.chance.loss
