"""The models raced on the long-lag tasks: a recurrent cell and a readout at every step.

    h = cell(X)              X (T, B, D) -> h (T, B, H), the existing lstm_core cells
    z = h W_yᵀ + b_y         a readout at every step, (T, B, K)
    L = masked_loss(task.loss, z, Y, mask)

``CELLS`` is the registry of the cells that can race, one entry each, in the order a page
shows them (the plain RNN first, the LSTM last). A new cell (a GRU, an LSTM variant) is one
more entry: how to make its weights, run it forward and backward, and which of its trace's
quantities a heatmap can show. Written against today's public API (``init_params/forward/
backward`` and ``init_rnn_params/rnn_forward/rnn_backward``) and kept in this one place to
be ported to the cell interface.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..cell import backward, forward, init_params
from ..rnn import init_rnn_params, rnn_backward, rnn_forward
from .common import masked_loss, task_outputs


@dataclass(frozen=True)
class CellKind:
    """How to train one kind of cell.

    init(D, H, seed, forget_bias) -> params; forward(params, X (T, B, D)) -> trace with ``h``
    (T, B, H); backward(params, trace, dh (T, B, H)) -> gradients with ``arrays()``.
    quantities: the trace's fields a heatmap can show, each "gate" (in 0..1) or "signed".
    forget_bias: whether the forget-gate bias setting applies to it.
    """

    init: Callable
    forward: Callable
    backward: Callable
    quantities: dict
    forget_bias: bool


CELLS = {
    "rnn": CellKind(lambda D, H, seed, fb: init_rnn_params(D, H, seed), rnn_forward,
                    lambda p, trace, dh: rnn_backward(p, trace, dh).grads,
                    {"h": "signed"}, forget_bias=False),
    "lstm": CellKind(lambda D, H, seed, fb: init_params(D, H, seed, forget_bias=fb), forward,
                     lambda p, trace, dh: backward(p, trace, dh).grads,
                     {"f": "gate", "i": "gate", "a": "signed", "o": "gate", "c": "signed",
                      "h": "signed"}, forget_bias=True),
}
MODELS = tuple(CELLS)


@dataclass
class Model:
    """A cell (LSTMParams or RNNParams) and its readout ``W_y`` (K, H), ``b_y`` (K,)."""

    kind: str
    cell: object
    W_y: np.ndarray
    b_y: np.ndarray

    def arrays(self) -> list[np.ndarray]:
        return self.cell.arrays() + [self.W_y, self.b_y]

    @property
    def n_weights(self) -> int:
        """Trainable numbers, cell and readout together."""
        return int(sum(a.size for a in self.arrays()))


def check_kind(kind: str) -> CellKind:
    if kind not in CELLS:
        raise ValueError(f"model must be one of {MODELS}, got {kind!r}")
    return CELLS[kind]


def init_model(kind: str, task, hidden_size: int, seed: int = 0,
               forget_bias: float = 3.0) -> Model:
    """Random weights for ``task``'s input and output sizes, deterministic for a seed."""
    cell = check_kind(kind).init(task.input_size, hidden_size, seed, forget_bias)
    rng = np.random.default_rng([seed, 2])
    k = 1.0 / np.sqrt(hidden_size)
    return Model(kind, cell, rng.uniform(-k, k, size=(task.output_size, hidden_size)),
                 np.zeros(task.output_size))


def model_outputs(model: Model, X: np.ndarray) -> tuple[np.ndarray, object]:
    """X (T, B, D) -> the readout z (T, B, K) at every step, and the cell's trace.
    X (T, D), one sequence, gives z (T, K) and a trace without the batch axis."""
    trace = CELLS[model.kind].forward(model.cell, X)
    return trace.h @ model.W_y.T + model.b_y, trace          # (T, B, K)


def loss_and_grads(model: Model, task, batch) -> tuple[float, list[np.ndarray], np.ndarray]:
    """The task's masked loss on ``batch``, its gradient (in ``model.arrays()`` order) and
    the readout z (T, B, K)."""
    z, trace = model_outputs(model, batch.X)
    loss, dz = masked_loss(task.loss, z, batch.Y, batch.mask)  # dz (T, B, K)
    dh = dz @ model.W_y                                         # (T, B, H)
    cell_grads = CELLS[model.kind].backward(model.cell, trace, dh)
    dW_y = np.einsum("tbk,tbh->kh", dz, trace.h)                # (K, H)
    return loss, cell_grads.arrays() + [dW_y, dz.sum(axis=(0, 1))], z


def evaluate(model: Model, task, batch) -> tuple[float, float]:
    """(loss, score by the paper's criterion) of ``model`` on ``batch``."""
    z, _ = model_outputs(model, batch.X)
    loss, _ = masked_loss(task.loss, z, batch.Y, batch.mask)
    return loss, task.score(task_outputs(task.loss, z), batch.Y, batch.mask)


@dataclass(frozen=True)
class Inside:
    """A model on one sequence of a batch, cut to its length n.

    x (n, D) inputs; quantities {name: (n, H)} the cell's trace (f, i, a, o, c, h for the
    LSTM; h for the plain RNN); kinds {name: "gate" | "signed"}; output and target (n, K)
    what the task scores; scored (n,) the steps the loss and the score look at; memory
    the steps whose input the answer needs (``task.memory_steps``); correct whether the
    sequence is right by the paper's criterion.
    """

    x: np.ndarray
    quantities: dict
    kinds: dict
    output: np.ndarray
    target: np.ndarray
    scored: np.ndarray
    memory: np.ndarray
    correct: bool


def inside(model: Model, task, batch, index: int) -> Inside:
    """Run ``model`` on sequence ``index`` of ``batch`` alone and keep everything it computed."""
    B = batch.X.shape[1]
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < B:
        raise ValueError(f"index must be an integer between 0 and {B - 1}, got {index!r}")
    n = int(batch.lengths[index])
    x = batch.X[:n, index]                                      # (n, D)
    z, trace = model_outputs(model, x)                          # (n, K), trace of (n, H)
    output = task_outputs(task.loss, z)
    target, scored = batch.Y[:n, index], batch.mask[:n, index]
    correct = bool(task.correct(output[:, None], target[:, None], scored[:, None])[0])
    kinds = CELLS[model.kind].quantities
    return Inside(x, {q: np.asarray(getattr(trace, q)) for q in kinds}, dict(kinds), output,
                  target, scored, task.memory_steps(x), correct)
