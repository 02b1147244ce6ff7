"""Full backpropagation through time against the NumPy tutorial's truncated gradient.

The NumPy tutorial's LSTM computes the gradient at each step from that step alone, dropping
what flows back from step t+1 (``backward(..., through_time=False)``). Here both gradients
of the same loss for the same weights (``full_vs_truncated``), and what the shortcut costs
when training (``training_comparison``: the same model trained with each, through the one
training loop, ``fit.FitTrainer``). Same loss and seeds as ``gradient_flow``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .cell import LSTMParams, backward, forward, init_params
from .fit import FitTrainer, Task
from .gradient_flow import LOSS_STREAM, PARAM_NAMES, check_hidden, check_x, loss_direction, row_norms
from .model import init_forecaster, mse_loss_and_grads, predict
from .train import TrainConfig, Trainer

ZERO_NORM = 1e-300            # below this a gradient counts as exactly zero (cosine similarity)


PROGRESS_EVERY = 10         # epochs between two calls of training_comparison's progress


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """cos(a, b) = a·b / (||a|| ||b||) of two arrays seen as flat vectors.

    1 when both are zero (two zero gradients agree), 0 when exactly one is (no component
    in common), NaN when either holds NaN or inf. Computed on rescaled copies, so it
    neither overflows nor underflows.
    """
    a, b = np.ravel(np.asarray(a, float)), np.ravel(np.asarray(b, float))
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same number of entries, got {a.size} and {b.size}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    ma, mb = np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0)
    if ma < ZERO_NORM and mb < ZERO_NORM:
        return 1.0
    if ma < ZERO_NORM or mb < ZERO_NORM:
        return 0.0
    a, b = a / ma, b / mb
    return float(np.clip(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)), -1.0, 1.0))


@dataclass(frozen=True)
class FullVsTruncated:
    """Two gradients of the same loss for the same LSTM weights.

    Attributes
    ----------
    full : LSTMParams, exact BPTT (``backward(..., through_time=True)``)
    truncated : LSTMParams, the NumPy tutorial's shortcut (``through_time=False``): at each step only
        the terms of that step, nothing that flows back from step t+1
    cosine : dict, one entry per parameter in PARAM_NAMES plus ``"all"`` (all eight as one
        vector): the cosine similarity of the two gradients, 1 = same direction
    full_norm, truncated_norm : dict, the same keys: Euclidean norms
    loss : "last" (L = u · h_T) or "every" (L = Σ_t u · h_t, a loss at every output as in
        the NumPy tutorial)
    """

    full: LSTMParams
    truncated: LSTMParams
    cosine: dict
    full_norm: dict
    truncated_norm: dict
    loss: str


def _as_vector(p: LSTMParams) -> np.ndarray:
    return np.concatenate([np.ravel(getattr(p, n)) for n in PARAM_NAMES])


def full_vs_truncated(x, hidden_size: int = 16, seed: int = 0, forget_bias: float = 1.0,
                      loss: str = "last") -> FullVsTruncated:
    """Exact BPTT and the truncated gradient of one LSTM (``init_params(D, H, seed,
    forget_bias)``) on ``x`` (T, D), for L = u · h_T (``loss="last"``) or L = Σ_t u · h_t
    (``loss="every"``), u from ``loss_direction(H, seed)``.

    For T = 1 there is no earlier step, so the two are identical and every cosine is 1.
    """
    if loss not in ("last", "every"):
        raise ValueError(f"loss must be 'last' or 'every', got {loss!r}")
    x = check_x(x)
    H = check_hidden(hidden_size)
    T, D = x.shape
    params = init_params(D, H, seed=seed, forget_bias=forget_bias)
    u = loss_direction(H, seed)
    dh_out = np.zeros((T, H))                       # (T, H)
    if loss == "last":
        dh_out[-1] = u
    else:
        dh_out[:] = u
    tr = forward(params, x)
    with np.errstate(over="ignore", invalid="ignore"):
        full = backward(params, tr, dh_out, through_time=True).grads
        trunc = backward(params, tr, dh_out, through_time=False).grads
    cos, nf, nt = {}, {}, {}
    for name in PARAM_NAMES:
        a, b = getattr(full, name), getattr(trunc, name)
        cos[name] = cosine_similarity(a, b)
        nf[name], nt[name] = float(row_norms(a.reshape(1, -1))[0]), float(row_norms(b.reshape(1, -1))[0])
    va, vb = _as_vector(full), _as_vector(trunc)
    cos["all"] = cosine_similarity(va, vb)
    nf["all"], nt["all"] = float(row_norms(va[None])[0]), float(row_norms(vb[None])[0])
    return FullVsTruncated(full, trunc, cos, nf, nt, loss)


# ---------------------------------------------------------------------------------------
# Training with each gradient


@dataclass(frozen=True)
class TrainingComparison:
    """Loss curves of the same model trained with the full and with the truncated gradient.

    ``task`` is "passengers" or "remember_first"; ``full_train``, ``full_test``,
    ``truncated_train``, ``truncated_test`` are (epochs,) arrays of MSE per epoch (measured
    on the weights each epoch started from); ``seconds`` the wall time of both runs;
    ``baseline`` the test MSE of the trivial prediction the page compares against (NaN when
    there is none); ``settings`` the arguments, for the page to quote.
    """

    task: str
    full_train: np.ndarray
    full_test: np.ndarray
    truncated_train: np.ndarray
    truncated_test: np.ndarray
    seconds: float
    baseline: float
    settings: dict = field(default_factory=dict)


def _passenger_trainer(through_time: bool, epochs: int, seed: int, hidden_size: int,
                       look_back: int) -> Trainer:
    return Trainer(TrainConfig(hidden_size=hidden_size, look_back=look_back, epochs=epochs,
                               seed=seed, through_time=through_time))


def remember_first_data(length: int, batch: int, seed: int) -> tuple[np.ndarray, ...]:
    """The memory task: sequences of ``length`` numbers drawn from U(-1, 1); the target is
    the *first* number, read after the last. Returns X_train, y_train, X_test, y_test with
    X of shape (length, batch, 1) and y (batch,). Predicting 0 gives an MSE of about 1/3."""
    rng = np.random.default_rng([int(seed), LOSS_STREAM, 1])
    X = rng.uniform(-1.0, 1.0, size=(length, batch, 1))   # (L, B, 1)
    X_test = rng.uniform(-1.0, 1.0, size=(length, batch, 1))
    return X, X[0, :, 0].copy(), X_test, X_test[0, :, 0].copy()


def _remember_first_trainer(through_time: bool, epochs: int, seed: int, hidden_size: int,
                            length: int, batch: int, learning_rate: float) -> FitTrainer:
    X, y, X_test, y_test = remember_first_data(length, batch, seed)

    def loss_and_grads(params, epoch):
        loss, grads, _, _ = mse_loss_and_grads(params, X, y, through_time=through_time)
        return loss, grads, {"test_loss": float(np.mean((predict(params, X_test) - y_test) ** 2))}

    return FitTrainer(init_forecaster(1, hidden_size, 1, seed), Task(loss_and_grads),
                      learning_rate=learning_rate, epochs=epochs, clip_norm=1.0)  # as TrainConfig's


def _curves(trainer: FitTrainer, epochs: int) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) loss per epoch, (epochs,), NaN after a run that stopped early."""
    train, test = np.full(epochs, np.nan), np.full(epochs, np.nan)
    h = trainer.history
    train[:len(h)] = [r.loss for r in h]
    test[:len(h)] = [r.test_loss for r in h]
    return train, test


def training_comparison(task: str = "passengers", epochs: int = 300, seed: int = 0,
                        hidden_size: int = 8, look_back: int = 12, length: int = 10,
                        batch: int = 128, learning_rate: float = 0.005,
                        progress: Callable[[float], None] | None = None) -> TrainingComparison:
    """Train the same model twice from the same seed: once with exact BPTT, once with
    the NumPy tutorial's truncated gradient. Everything else is identical.

    ``task="passengers"``: the forecaster of the training page (``TrainConfig`` defaults:
    log, differencing at lags 1 and 12, Adam 0.003, clipping 1.0) with ``hidden_size``
    units and windows of ``look_back`` months; baseline NaN. ``task="remember_first"``:
    ``remember_first_data(length, batch, seed)`` with Adam at ``learning_rate`` and
    clipping at 1.0; baseline 1/3, the MSE of always predicting 0. Both runs together, 300
    epochs: about 1.5 s for either task (benchmarks/bench_gates_page.py, 2-core machine), so
    ``progress`` (if given) is called with the fraction done (0..1) every PROGRESS_EVERY epochs.
    """
    if task not in ("passengers", "remember_first"):
        raise ValueError(f"task must be 'passengers' or 'remember_first', got {task!r}")
    if not isinstance(epochs, (int, np.integer)) or not 1 <= epochs <= 5000:
        raise ValueError(f"epochs must be between 1 and 5000, got {epochs!r}")
    if task == "passengers":
        make = lambda through: _passenger_trainer(through, epochs, seed, hidden_size, look_back)  # noqa: E731
        baseline = float("nan")
        settings = dict(epochs=epochs, seed=seed, hidden_size=hidden_size, look_back=look_back)
    else:
        args = (epochs, seed, hidden_size, length, batch, learning_rate)
        make = lambda through: _remember_first_trainer(through, *args)  # noqa: E731
        baseline = 1.0 / 3.0
        settings = dict(epochs=epochs, seed=seed, hidden_size=hidden_size, length=length,
                        batch=batch, learning_rate=learning_rate)
    t0 = time.perf_counter()
    runs = []
    for k, through in enumerate((True, False)):
        trainer = make(through)
        while not trainer.done:
            trainer.run(PROGRESS_EVERY)
            if progress is not None:
                progress((k * epochs + trainer.epoch) / (2 * epochs))
        runs.append(_curves(trainer, epochs))
    full, trunc = runs
    return TrainingComparison(task, full[0], full[1], trunc[0], trunc[1],
                              time.perf_counter() - t0, baseline, settings)
