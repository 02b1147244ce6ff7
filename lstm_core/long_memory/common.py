"""What the four long-time-lag tasks share: a batch, the masked losses, the chance line, checks.

Every task's ``sample(rng, batch)`` returns a TaskBatch of variable-length sequences,
right-padded with zeros to the longest one in the batch (time first, as everywhere in
lstm_core):

    X        (T, B, D)  inputs; zero after each sequence's end
    Y        (T, B, K)  targets; zero wherever ``mask`` is False
    mask     (T, B)     True at the steps the loss and the score look at
    lengths  (B,)       each sequence's length; steps t >= lengths[b] are padding

Padding comes *after* each sequence's end, so it cannot change anything a recurrent model
computes at a step of the sequence, and the mask keeps it out of the loss and the score.
A model therefore applies its readout at every step, ``z = h @ W_yᵀ + b_y`` (T, B, K), and
hands ``z`` to ``masked_loss``: the gradient is zero except at the masked steps.

Losses are summed over the masked steps of a sequence and averaged over the B sequences
("per sequence"), so each task's chance line is an exact number:

    "mse"  Σ_t Σ_k (z_tk - y_tk)²                 outputs are z itself (regression)
    "ce"   Σ_t -Σ_k y_tk log softmax(z_t)_k       outputs are softmax(z_t) (one symbol or class)
    "bce"  Σ_t Σ_k softplus(z_tk) - y_tk z_tk     outputs are σ(z_t) (a *set* of symbols)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

LOSSES = ("mse", "ce", "bce")


class Scored:
    """What every task's score is: the fraction of sequences its ``correct`` accepts."""

    def score(self, outputs, Y, mask) -> float:
        """Fraction of sequences correct by the paper's criterion."""
        return float(np.mean(self.correct(outputs, Y, mask)))

MAX_ELEMENTS = 20_000_000  # largest X or Y a task builds (160 MB of float64): batch × T × D


class TaskBatch(NamedTuple):
    """A batch of sequences; see the module docstring for the four arrays and their shapes."""

    X: np.ndarray
    Y: np.ndarray
    mask: np.ndarray
    lengths: np.ndarray


@dataclass(frozen=True)
class Chance:
    """The line a model sits on before it bridges the lag.

    ``loss`` is the per-sequence loss (the task's own kind) and ``score`` the fraction of
    sequences correct by the paper's criterion, both exact, of the output that is best
    *without* remembering across the lag; ``predictor`` names that output.
    """

    loss: float
    score: float
    predictor: str


# ---- checks ------------------------------------------------------------------------------

def check_int(name: str, value, low: int, high: int) -> int:
    """``value`` as an int in [low, high], or a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not low <= value <= high:
        raise ValueError(f"{name} must be an integer between {low} and {high}, got {value!r}")
    return int(value)


def check_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy Generator (np.random.default_rng(seed)), "
                         f"got {rng!r}")
    return rng


def check_size(batch, max_length: int, width: int) -> int:
    """The batch size, after checking it and that (max_length, batch, width) fits in memory."""
    batch = check_int("batch", batch, 1, MAX_ELEMENTS)
    if batch * max_length * width > MAX_ELEMENTS:
        raise ValueError(f"batch {batch} of sequences up to {max_length} steps with {width} "
                         f"features is too large: at most {MAX_ELEMENTS:,} numbers, so batch "
                         f"at most {MAX_ELEMENTS // (max_length * width)}")
    return batch


def one_hot(idx: np.ndarray, n: int, valid: np.ndarray | None = None) -> np.ndarray:
    """idx (T, B) of symbol numbers -> (T, B, n) one-hot, all zero where ``valid`` is False."""
    out = np.zeros(idx.shape + (n,))
    np.put_along_axis(out, idx[..., None], 1.0, axis=-1)
    if valid is not None:
        out[~valid] = 0.0
    return out


def padding_mask(lengths: np.ndarray, T: int) -> np.ndarray:
    """(T, B) True at the steps that belong to each sequence (t < lengths[b])."""
    return np.arange(T)[:, None] < lengths[None, :]


# ---- losses ------------------------------------------------------------------------------

def _check_kind(kind: str) -> None:
    if kind not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {kind!r}")


def check_scored(outputs, Y, mask) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """outputs and Y (T, B, K) of equal shape, mask (T, B) bool with a step in every sequence."""
    outputs = np.asarray(outputs, dtype=float)
    Y = np.asarray(Y, dtype=float)
    mask = np.asarray(mask)
    if Y.ndim != 3:
        raise ValueError(f"targets must have shape (T, B, K), got {Y.shape}")
    if outputs.shape != Y.shape:
        raise ValueError(f"outputs must have the targets' shape {Y.shape}, got {outputs.shape}")
    if mask.shape != Y.shape[:2] or mask.dtype != bool:
        raise ValueError(f"mask must be a bool array of shape {Y.shape[:2]}, got "
                         f"{mask.dtype} {mask.shape}")
    if not mask.any(axis=0).all():
        raise ValueError("every sequence needs at least one scored step (mask all False "
                         f"for sequence {int(np.argmin(mask.any(axis=0)))})")
    return outputs, Y, mask


def task_outputs(kind: str, z: np.ndarray) -> np.ndarray:
    """The readout z (T, B, K) -> what the task scores, same shape: z itself ("mse"),
    softmax over the last axis ("ce") or σ(z) ("bce")."""
    _check_kind(kind)
    z = np.asarray(z, dtype=float)
    if kind == "mse":
        return z
    if kind == "ce":
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return 0.5 * (1.0 + np.tanh(0.5 * z))              # σ(z), without overflow warnings


def masked_loss(kind: str, z, Y, mask) -> tuple[float, np.ndarray]:
    """The per-sequence loss at the masked steps and its gradient dL/dz.

    Parameters
    ----------
    kind : "mse", "ce" or "bce" (see the module docstring)
    z : (T, B, K) the readout at every step (pre-activation for "ce" and "bce")
    Y : (T, B, K) targets;  mask : (T, B) bool

    Returns (loss, dz) with dz (T, B, K), zero wherever mask is False.
    """
    _check_kind(kind)
    z, Y, mask = check_scored(z, Y, mask)
    B = z.shape[1]
    m = mask[..., None].astype(float)                  # (T, B, 1)
    if kind == "mse":
        diff = (z - Y) * m                             # (T, B, K)
        return float(np.sum(diff ** 2) / B), 2.0 * diff / B
    if kind == "ce":
        zs = z - z.max(axis=-1, keepdims=True)
        logp = zs - np.log(np.exp(zs).sum(axis=-1, keepdims=True))   # log softmax, (T, B, K)
        loss = -np.sum(m * Y * logp) / B
        dz = m * (np.exp(logp) * Y.sum(axis=-1, keepdims=True) - Y) / B
        return float(loss), dz
    loss = np.sum(m * (np.logaddexp(0.0, z) - Y * z)) / B             # softplus(z) - y z
    return float(loss), m * (task_outputs("bce", z) - Y) / B


def sequence_correct(step_ok: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """step_ok, mask (T, B) -> (B,) True where every scored step of the sequence is right."""
    return np.all(step_ok | ~mask, axis=0)
