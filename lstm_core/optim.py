"""Optimizers that update a list of arrays in place, and clipping by global norm."""
from __future__ import annotations

import numpy as np


def global_norm(grads: list[np.ndarray]) -> float:
    """sqrt of the sum of squares of every entry of every array."""
    return float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads)))


def clip_by_global_norm(grads: list[np.ndarray], max_norm: float) -> tuple[float, bool]:
    """Scale all gradients in place so their global norm is at most ``max_norm``.

    Returns (the norm before clipping, whether it clipped). A non-finite norm is left
    alone (the trainer reports it as divergence).
    """
    if not max_norm > 0:
        raise ValueError(f"max_norm must be positive, got {max_norm}")
    norm = global_norm(grads)
    if np.isfinite(norm) and norm > max_norm:
        scale = max_norm / norm
        for g in grads:
            g *= scale
        return norm, True
    return norm, False


class SGD:
    """Plain gradient descent, as in the NumPy tutorial: p ← p - lr · g."""

    def __init__(self, lr: float):
        if not (lr > 0 and np.isfinite(lr)):
            raise ValueError(f"learning rate must be positive and finite, got {lr}")
        self.lr = lr

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        for p, g in zip(params, grads):
            p -= self.lr * g


class Adam:
    """Adam (Kingma & Ba 2015), as Keras and PyTorch use in seeds 002-004.

    m ← β1 m + (1-β1) g,  v ← β2 v + (1-β2) g²,  p ← p - lr · m̂ / (sqrt(v̂) + ε)
    with the bias corrections m̂ = m / (1-β1^t), v̂ = v / (1-β2^t).
    """

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8):
        if not (lr > 0 and np.isfinite(lr)):
            raise ValueError(f"learning rate must be positive and finite, got {lr}")
        if not (0 <= beta1 < 1 and 0 <= beta2 < 1 and eps > 0):
            raise ValueError(f"Adam needs 0 <= beta1, beta2 < 1 and eps > 0, got "
                             f"beta1={beta1}, beta2={beta2}, eps={eps}")
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0
        self.m: list[np.ndarray] | None = None
        self.v: list[np.ndarray] | None = None

    def __getstate__(self) -> dict:
        """Without the scratch arrays (made again at the next step): a trainer sent to a
        training worker (``ui.train_pool``) carries only the moments."""
        state = dict(self.__dict__)
        state.pop("_tmp", None)
        return state

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """One update in place; the moments and the arithmetic keep each weight's dtype
        (float32 weights stay float32: the scalars are Python floats)."""
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        if getattr(self, "_tmp", None) is None:
            self._tmp = [(np.empty_like(p), np.empty_like(p)) for p in params]
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        step = float(self.lr * np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t))  # both corrections
        eps_hat = float(self.eps * np.sqrt(1 - b2 ** self.t))
        for p, g, m, v, (u, w) in zip(params, grads, self.m, self.v, self._tmp):
            m *= b1
            m += np.multiply(g, 1 - b1, out=u)              # m ← β1 m + (1-β1) g
            v *= b2
            np.multiply(g, g, out=u)
            u *= 1 - b2
            v += u                                          # v ← β2 v + (1-β2) g²
            np.sqrt(v, out=w)
            w += eps_hat
            np.multiply(m, step, out=u)
            u /= w
            p -= u                                          # p ← p - step · m / (sqrt(v) + ε̂)


def make_optimizer(name: str, lr: float):
    """"sgd" or "adam" -> a fresh optimizer."""
    if name == "sgd":
        return SGD(lr)
    if name == "adam":
        return Adam(lr)
    raise ValueError(f"optimizer must be 'sgd' or 'adam', got {name!r}")


DIVERGED = ("training stopped at epoch {epoch}: {what} became NaN or infinite. The learning "
            "rate ({lr:g}) is too high for this model; lower it (try {suggest:g}) or turn "
            "gradient clipping on.")


def divergence_message(what: str, epoch: int, lr: float) -> str:
    """The explanation both trainers give; ``what`` is "the loss", "the gradient" or
    "the updated weights"."""
    return DIVERGED.format(what=what, epoch=epoch, lr=lr, suggest=lr / 10)


def guarded_step(optimizer, params: list[np.ndarray], grads: list[np.ndarray]) -> bool:
    """Apply one optimizer step unless it would make a weight NaN or infinite.

    Returns False (and leaves every weight as it was) when the update overflows; the
    optimizer's own state (Adam's moments) has moved, which is fine for a run that stops.
    """
    before = [p.copy() for p in params]
    with np.errstate(over="ignore", invalid="ignore"):
        optimizer.step(params, grads)
    if all(np.all(np.isfinite(p)) for p in params):
        return True
    for p, old in zip(params, before):
        p[...] = old
    return False
