"""The models raced on the long-lag tasks: a recurrent cell and a readout at every step.

    h = cell(X)              X (T, B, D) -> h (T, B, H), any cell of ``lstm_core.cells``
    z = h W_yᵀ + b_y         a readout at every step, (T, B, K)
    L = masked_loss(task.loss, z, Y, mask)

``CELLS`` is the registry of the models that can race, by name: which cell of the engine
(``get_cell``) and with which options (``variant`` for an LSTM variant of Greff et al.
2017). Init, forward and backward all go through the engine's cell interface, so nothing
here knows one cell from another. ``MODELS`` is the main race (plain RNN, GRU, LSTM, in the
order a page shows them); ``VARIANT_MODELS`` the ablation of the LSTM (its own name
"lstm" for the vanilla LSTM, then each variant by its key in ``lstm_core.VARIANTS``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..cells import cell_of, get_cell
from ..variants import VARIANTS
from .common import masked_loss, task_outputs


@dataclass(frozen=True)
class Entry:
    """One model of the registry: the engine's cell ``cell`` ("rnn", "gru", "lstm") made
    with ``options`` (e.g. {"variant": "nfg"}). ``forget_bias`` says whether the race's
    forget-gate bias setting applies: a cell with a forget gate, or the GRU, whose update
    gate z decides what of h_{t-1} is kept (it gets the setting as ``update_bias``)."""

    cell: str
    options: dict = field(default_factory=dict)

    @property
    def forget_bias(self) -> bool:
        if self.cell == "gru":
            return True
        return self.cell == "lstm" and VARIANTS[self.options.get("variant", "vanilla")].forget_gate


CELLS = {"rnn": Entry("rnn"), "gru": Entry("gru"), "lstm": Entry("lstm")}
CELLS.update({key: Entry("lstm", {"variant": key}) for key in VARIANTS if key != "vanilla"})
MODELS = ("rnn", "gru", "lstm")
VARIANT_MODELS = ("lstm",) + tuple(key for key in VARIANTS if key != "vanilla")


def quantity_kinds(cell) -> dict:
    """{quantity: "gate" | "signed"} of a Cell's trace, in the order of its equations."""
    return {q: "gate" if q in cell.gates else "signed" for q in cell.quantities}


@dataclass
class Model:
    """A cell's parameters (``kind`` names its entry in CELLS) and its readout ``W_y`` (K, H), ``b_y`` (K,)."""

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


def check_kind(kind: str) -> Entry:
    if kind not in CELLS:
        raise ValueError(f"model must be one of {tuple(CELLS)}, got {kind!r}")
    return CELLS[kind]


def init_model(kind: str, task, hidden_size: int, seed: int = 0,
               forget_bias: float = 3.0) -> Model:
    """Random weights for ``task``'s input and output sizes, deterministic for a seed."""
    entry = check_kind(kind)
    keep = {"lstm": "forget_bias", "gru": "update_bias"}.get(entry.cell)
    options = {**entry.options, **({keep: forget_bias} if keep else {})}
    cell = get_cell(entry.cell).init(task.input_size, hidden_size, seed, **options)
    rng = np.random.default_rng([seed, 2])
    k = 1.0 / np.sqrt(hidden_size)
    return Model(kind, cell, rng.uniform(-k, k, size=(task.output_size, hidden_size)),
                 np.zeros(task.output_size))


def model_outputs(model: Model, X: np.ndarray) -> tuple[np.ndarray, object]:
    """X (T, B, D) -> the readout z (T, B, K) at every step, and the cell's trace.
    X (T, D), one sequence, gives z (T, K) and a trace without the batch axis."""
    trace = cell_of(model.cell).forward(model.cell, X)
    return trace.h @ model.W_y.T + model.b_y, trace          # (T, B, K)


def loss_and_grads(model: Model, task, batch) -> tuple[float, list[np.ndarray], np.ndarray]:
    """The task's masked loss on ``batch``, its gradient (in ``model.arrays()`` order) and
    the readout z (T, B, K)."""
    z, trace = model_outputs(model, batch.X)
    loss, dz = masked_loss(task.loss, z, batch.Y, batch.mask)  # dz (T, B, K)
    dh = dz @ model.W_y                                         # (T, B, H)
    cell_grads = cell_of(model.cell).backward(model.cell, trace, dh).grads
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
    LSTM; r, z, n, h for the GRU; h for the plain RNN); kinds {name: "gate" | "signed"}; output and target (n, K)
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
    kinds = quantity_kinds(cell_of(model.cell))
    return Inside(x, {q: np.asarray(getattr(trace, q)) for q in kinds}, dict(kinds), output,
                  target, scored, task.memory_steps(x), correct)
