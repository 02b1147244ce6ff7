"""A plain (Elman) RNN with the same interface as the LSTM, for the comparison page.

    h_t = tanh(W·[h_{t-1}, x_t] + b)

Backpropagated through time, dL/dh_{t-1} = W_hᵀ (dL/dh_t ⊙ (1 - h_t²)): a product of T
such factors, which shrinks (vanishes) or grows (explodes) with the spectral radius of W_h.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .cell import _as_batch, _initial_state


@dataclass
class RNNParams:
    """``W`` (H, H + D) acting on [h_{t-1}, x_t]; ``b`` (H,)."""

    W: np.ndarray
    b: np.ndarray

    @property
    def hidden_size(self) -> int:
        return self.W.shape[0]

    @property
    def input_size(self) -> int:
        return self.W.shape[1] - self.W.shape[0]

    def arrays(self) -> list[np.ndarray]:
        return [self.W, self.b]


def init_rnn_params(input_size: int, hidden_size: int, seed: int = 0,
                    spectral_radius: float | None = None) -> RNNParams:
    """U(-k, k) weights with k = 1/sqrt(H), zero bias, deterministic for a seed.

    If ``spectral_radius`` is given, the recurrent block W[:, :H] is rescaled so its largest
    eigenvalue magnitude equals it: below 1 gradients vanish, above 1 they can explode.
    """
    if not isinstance(hidden_size, (int, np.integer)) or hidden_size < 1:
        raise ValueError(f"hidden_size must be a positive integer, got {hidden_size!r}")
    if not isinstance(input_size, (int, np.integer)) or input_size < 1:
        raise ValueError(f"input_size must be a positive integer, got {input_size!r}")
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    rng = np.random.default_rng(seed)
    H = int(hidden_size)
    k = 1.0 / np.sqrt(H)
    W = rng.uniform(-k, k, size=(H, H + int(input_size)))
    if spectral_radius is not None:
        if not (spectral_radius >= 0 and np.isfinite(spectral_radius)):
            raise ValueError(f"spectral_radius must be >= 0 and finite, got {spectral_radius}")
        rho = np.max(np.abs(np.linalg.eigvals(W[:, :H])))
        W[:, :H] *= spectral_radius / rho
    return RNNParams(W, np.zeros(H))


@dataclass
class RNNTrace:
    """``h`` (T, H) or (T, B, H); private: ``_Hs`` (T, B, H), ``_X`` (T, B, D), ``_h0`` (B, H)."""

    h: np.ndarray
    batched: bool
    _Hs: np.ndarray
    _X: np.ndarray
    _h0: np.ndarray


def rnn_forward(params: RNNParams, x, h0=None) -> RNNTrace:
    """x (T, D) or (T, B, D) -> RNNTrace with h of shape (T, H) or (T, B, H)."""
    H, D = params.hidden_size, params.input_size
    X, batched = _as_batch(x, D)
    T, B, _ = X.shape
    h = _initial_state(h0, B, H, "h0")
    h0_ = np.array(h)
    W_h, W_x = params.W[:, :H], params.W[:, H:]
    ZX = (X.reshape(T * B, D) @ W_x.T + params.b).reshape(T, B, H)  # input part, all t
    Hs = np.empty((T, B, H))
    for t in range(T):
        h = np.tanh(ZX[t] + h @ W_h.T)            # (B, H)
        Hs[t] = h
    return RNNTrace(Hs if batched else Hs[:, 0], batched, Hs, X, h0_)


class RNNBPTT(NamedTuple):
    """grads (RNNParams), dx like x, dh0 (H,) or (B, H), dh: total dL/dh_t like trace.h."""

    grads: RNNParams
    dx: np.ndarray
    dh0: np.ndarray
    dh: np.ndarray


def rnn_backward(params: RNNParams, trace: RNNTrace, dh) -> RNNBPTT:
    """Exact BPTT; ``dh`` is dL/dh_t from above, same shape as ``trace.h``."""
    H, D = params.hidden_size, params.input_size
    Hs, X = trace._Hs, trace._X
    T, B, _ = Hs.shape
    dH_out = np.asarray(dh, dtype=float)
    if dH_out.shape != trace.h.shape:
        raise ValueError(f"dh must have the shape of trace.h {trace.h.shape}, got {dH_out.shape}")
    dH_out = dH_out.reshape(T, B, H)
    W_h = params.W[:, :H]
    dZ = np.empty((T, B, H))
    dH_tot = np.empty((T, B, H))
    dh_next = np.zeros((B, H))
    for t in reversed(range(T)):
        dh_t = dH_out[t] + dh_next                # (B, H)
        dZ[t] = dh_t * (1.0 - Hs[t] ** 2)         # through tanh
        dH_tot[t] = dh_t
        dh_next = dZ[t] @ W_h                     # (B, H) to h_{t-1}
    H_prev = np.concatenate([trace._h0[None], Hs[:-1]])
    HX = np.concatenate([H_prev, X], axis=2).reshape(T * B, H + D)
    dZ2 = dZ.reshape(T * B, H)
    grads = RNNParams(dZ2.T @ HX, dZ2.sum(axis=0))
    dX = (dZ2 @ params.W[:, H:]).reshape(T, B, D)
    if not trace.batched:
        return RNNBPTT(grads, dX[:, 0], dh_next[0], dH_tot[:, 0])
    return RNNBPTT(grads, dX, dh_next, dH_tot)
