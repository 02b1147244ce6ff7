"""A plain (Elman) RNN with the same interface as the LSTM, for the comparison page.

    h_t = tanh(W·[h_{t-1}, x_t] + b)

Backpropagated through time, dL/dh_{t-1} = W_hᵀ (dL/dh_t ⊙ (1 - h_t²)): a product of T
such factors, which shrinks (vanishes) or grows (explodes) with the spectral radius of W_h.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._timefirst import as_batch, checked_dh, initial_state, previous_states, time_reversed


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

    def named_arrays(self) -> dict[str, np.ndarray]:
        return {"W": self.W, "b": self.b}

    def arrays(self) -> list[np.ndarray]:
        return [self.W, self.b]

    def copy(self) -> "RNNParams":
        return RNNParams(self.W.copy(), self.b.copy())


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


def rnn_step(p: RNNParams, x_t, h_prev):
    """One timestep: x_t (B, D) or (D,), h_prev (B, H) or (H,). Returns h_t, same shape as h_prev."""
    hx = np.concatenate([h_prev, x_t], axis=-1)   # [h_{t-1}, x_t]   (B, H + D)
    return np.tanh(hx @ p.W.T + p.b)              # h_t in (-1, 1)   (B, H)


@dataclass
class RNNTrace:
    """``h`` (T, H) or (T, B, H); private: ``_Hs`` (T, B, H), ``_X`` (T, B, D), ``_h0`` (B, H).
    ``reversed``: listed last step first (``time_reversed``)."""

    h: np.ndarray
    batched: bool
    _Hs: np.ndarray
    _X: np.ndarray
    _h0: np.ndarray
    reversed: bool = False

    TIME_FIELDS = ("h", "_Hs", "_X")

    def time_reversed(self) -> "RNNTrace":
        """The same run listed last step first (lines a backward-reading layer up with x)."""
        return time_reversed(self)


def rnn_forward(params: RNNParams, x, h0=None) -> RNNTrace:
    """x (T, D) or (T, B, D) -> RNNTrace with h of shape (T, H) or (T, B, H).

    ``rnn_step`` with the input part W_x·x_t + b of every step computed before the loop."""
    H, D = params.hidden_size, params.input_size
    X, batched = as_batch(x, D)
    T, B, _ = X.shape
    h = initial_state(h0, B, H, "h0")
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


def rnn_backward(params: RNNParams, trace: RNNTrace, dh, through_time: bool = True) -> RNNBPTT:
    """Exact BPTT; ``dh`` is dL/dh_t from above, same shape as ``trace.h``.
    ``through_time=False`` keeps only the same-step terms (as for the LSTM)."""
    H, D = params.hidden_size, params.input_size
    Hs, X = trace._Hs, trace._X
    T, B, _ = Hs.shape
    dH_out = checked_dh(dh, trace)                # (T, B, H)
    W_h = params.W[:, :H]
    dZ = np.empty((T, B, H))
    dH_tot = np.empty((T, B, H))
    dh_next = np.zeros((B, H))
    for t in reversed(range(T)):
        dh_t = dH_out[t] + dh_next                # (B, H)
        dZ[t] = dh_t * (1.0 - Hs[t] ** 2)         # through tanh
        dH_tot[t] = dh_t
        dh_prev = dZ[t] @ W_h                     # (B, H) to h_{t-1}
        if through_time:
            dh_next = dh_prev
    HX = np.concatenate([previous_states(Hs, trace._h0), X], axis=2).reshape(T * B, H + D)
    dZ2 = dZ.reshape(T * B, H)
    grads = RNNParams(dZ2.T @ HX, dZ2.sum(axis=0))
    dX = (dZ2 @ params.W[:, H:]).reshape(T, B, D)
    if not trace.batched:
        return RNNBPTT(grads, dX[:, 0], dh_prev[0], dH_tot[:, 0])
    return RNNBPTT(grads, dX, dh_prev, dH_tot)
