"""Train an LSTM or a plain RNN on a long-time-lag task until it is solved, counting the
training sequences it saw: the "sequences until solved" of Hochreiter & Schmidhuber 1997.

    h = cell(X)              X (T, B, D) -> h (T, B, H), the existing lstm_core cells
    z = h W_yᵀ + b_y         a readout at every step, (T, B, K)
    L = masked_loss(task.loss, z, Y, mask)

Both models see the same stream of fresh batches for a seed (``np.random.default_rng([seed,
0])``) and are judged on the same test set (``[seed, 1]``); weights are updated by Adam
after every batch, gradients clipped by global norm. A run is solved when its score on the
test set by the paper's criterion reaches ``solved_at``.

Written against today's public API (``init_params/forward/backward`` and ``init_rnn_params/
rnn_forward/rnn_backward``) and kept in one place (``_CELLS``) to be ported to the cell
interface.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ..cell import backward, forward, init_params
from ..optim import Adam, clip_by_global_norm
from ..rnn import init_rnn_params, rnn_backward, rnn_forward
from .common import check_int, masked_loss, task_outputs

_CELLS = {
    "lstm": (lambda D, H, seed, fb: init_params(D, H, seed, forget_bias=fb), forward,
             lambda p, trace, dh: backward(p, trace, dh).grads),
    "rnn": (lambda D, H, seed, fb: init_rnn_params(D, H, seed), rnn_forward,
            lambda p, trace, dh: rnn_backward(p, trace, dh).grads),
}
MODELS = tuple(_CELLS)


@dataclass(frozen=True)
class RaceConfig:
    """Settings of one training run; defaults are the feasibility run of issue 15."""

    hidden_size: int = 8          # H: enough for the adding problem at T = 50 ... 100
    lr: float = 3e-3              # Adam's step size
    batch: int = 64               # fresh sequences per update
    forget_bias: float = 3.0      # LSTM only: σ(3) ≈ 0.95, the cell starts by remembering
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


@dataclass
class Model:
    """A cell (LSTMParams or RNNParams) and its readout ``W_y`` (K, H), ``b_y`` (K,)."""

    kind: str
    cell: object
    W_y: np.ndarray
    b_y: np.ndarray

    def arrays(self) -> list[np.ndarray]:
        return self.cell.arrays() + [self.W_y, self.b_y]


def init_model(kind: str, task, hidden_size: int, seed: int = 0,
               forget_bias: float = 3.0) -> Model:
    """Random weights for ``task``'s input and output sizes, deterministic for a seed."""
    if kind not in _CELLS:
        raise ValueError(f"model must be one of {MODELS}, got {kind!r}")
    cell = _CELLS[kind][0](task.input_size, hidden_size, seed, forget_bias)
    rng = np.random.default_rng([seed, 2])
    k = 1.0 / np.sqrt(hidden_size)
    return Model(kind, cell, rng.uniform(-k, k, size=(task.output_size, hidden_size)),
                 np.zeros(task.output_size))


def model_outputs(model: Model, X: np.ndarray) -> tuple[np.ndarray, object]:
    """X (T, B, D) -> the readout z (T, B, K) at every step, and the cell's trace."""
    trace = _CELLS[model.kind][1](model.cell, X)
    return trace.h @ model.W_y.T + model.b_y, trace          # (T, B, K)


def loss_and_grads(model: Model, task, batch) -> tuple[float, list[np.ndarray], np.ndarray]:
    """The task's masked loss on ``batch``, its gradient (in ``model.arrays()`` order) and
    the readout z (T, B, K)."""
    z, trace = model_outputs(model, batch.X)
    loss, dz = masked_loss(task.loss, z, batch.Y, batch.mask)  # dz (T, B, K)
    dh = dz @ model.W_y                                         # (T, B, H)
    cell_grads = _CELLS[model.kind][2](model.cell, trace, dh)
    dW_y = np.einsum("tbk,tbh->kh", dz, trace.h)                # (K, H)
    return loss, cell_grads.arrays() + [dW_y, dz.sum(axis=(0, 1))], z


def evaluate(model: Model, task, batch) -> tuple[float, float]:
    """(loss, score by the paper's criterion) of ``model`` on ``batch``."""
    z, _ = model_outputs(model, batch.X)
    loss, _ = masked_loss(task.loss, z, batch.Y, batch.mask)
    return loss, task.score(task_outputs(task.loss, z), batch.Y, batch.mask)


@dataclass(frozen=True)
class Checkpoint:
    """One test evaluation: after ``sequences`` training sequences."""

    sequences: int
    train_loss: float         # mean over the batches since the previous checkpoint
    test_loss: float
    test_score: float


@dataclass(frozen=True)
class RaceResult:
    """How a run ended. ``sequences``: training sequences seen when it was solved, or when
    it stopped. ``seconds``: wall time of the whole run (training and evaluation)."""

    model: str
    solved: bool
    diverged: bool
    sequences: int
    seconds: float
    history: tuple[Checkpoint, ...] = field(repr=False)

    @property
    def final_score(self) -> float:
        return self.history[-1].test_score if self.history else 0.0


def race(kind: str, task, config: RaceConfig = RaceConfig(), on_checkpoint=None) -> RaceResult:
    """Train ``kind`` ("lstm" or "rnn") on ``task`` until solved or out of budget.

    ``on_checkpoint(Checkpoint)``, if given, is called after every test evaluation; it may
    return True to stop the run early.
    """
    start = time.perf_counter()
    model = init_model(kind, task, config.hidden_size, config.seed, config.forget_bias)
    stream = np.random.default_rng([config.seed, 0])
    test = task.sample(np.random.default_rng([config.seed, 1]), config.test_size)
    optimizer = Adam(config.lr)
    seen, losses, history = 0, [], []
    solved = diverged = False
    next_eval = config.eval_every
    while seen < config.budget:
        batch = task.sample(stream, config.batch)
        loss, grads, _ = loss_and_grads(model, task, batch)
        if not np.isfinite(loss):
            diverged = True
            break
        clip_by_global_norm(grads, config.clip)
        optimizer.step(model.arrays(), grads)
        seen += config.batch
        losses.append(loss)
        if seen >= next_eval or seen >= config.budget:
            next_eval += config.eval_every
            test_loss, score = evaluate(model, task, test)
            point = Checkpoint(seen, float(np.mean(losses)), test_loss, score)
            history.append(point)
            losses = []
            stop = on_checkpoint is not None and on_checkpoint(point)
            if not np.isfinite(test_loss):
                diverged = True
                break
            if score >= config.solved_at:
                solved = True
                break
            if stop:
                break
    return RaceResult(kind, solved, diverged, seen, time.perf_counter() - start, tuple(history))
