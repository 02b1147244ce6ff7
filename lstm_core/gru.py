"""A GRU layer with PyTorch's equations (``torch.nn.GRU``), through the same interface as the LSTM.

With ``hx = [h_{t-1}, x_t]`` (h first, then x) and ``W_n = [W_n,h | W_n,x]`` split the same way::

    r_t = σ(W_r·hx + b_r)                                        reset gate
    z_t = σ(W_z·hx + b_z)                                        update gate
    n_t = tanh(W_n,x·x_t + b_n + r_t ⊙ (W_n,h·h_{t-1} + b_hn))   candidate
    h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}                        output, and the state

PyTorch keeps two biases per gate; they add up, except b_hn, which r_t multiplies:
b_r = b_ir + b_hr, b_z = b_iz + b_hz, b_n = b_in (``GRUParams.from_torch`` converts).
Time first: ``(T, D)`` for one sequence, ``(T, B, D)`` for a batch.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import NamedTuple

import numpy as np

from ._timefirst import as_batch, checked_dh, initial_state, previous_states, time_reversed
from .activations import sigmoid, tanh


@dataclass
class GRUParams:
    """``W_r, W_z, W_n`` (H, H + D) acting on [h_{t-1}, x_t] (first H columns on h);
    ``b_r, b_z, b_n, b_hn`` (H,)."""

    W_r: np.ndarray
    W_z: np.ndarray
    W_n: np.ndarray
    b_r: np.ndarray
    b_z: np.ndarray
    b_n: np.ndarray
    b_hn: np.ndarray

    @property
    def hidden_size(self) -> int:
        return self.W_r.shape[0]

    @property
    def input_size(self) -> int:
        return self.W_r.shape[1] - self.W_r.shape[0]

    def named_arrays(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def arrays(self) -> list[np.ndarray]:
        return list(self.named_arrays().values())

    def copy(self) -> "GRUParams":
        return replace(self, **{n: a.copy() for n, a in self.named_arrays().items()})

    @classmethod
    def from_torch(cls, weight_ih, weight_hh, bias_ih, bias_hh) -> "GRUParams":
        """From ``torch.nn.GRU``'s ``weight_ih_l0`` (3H, D), ``weight_hh_l0`` (3H, H),
        ``bias_ih_l0``, ``bias_hh_l0`` (3H,), rows r, z, n, as NumPy arrays."""
        w_i, w_h = np.asarray(weight_ih, float), np.asarray(weight_hh, float)
        b_i, b_h = np.asarray(bias_ih, float), np.asarray(bias_hh, float)
        H = w_h.shape[1]
        if w_h.shape != (3 * H, H) or w_i.shape[0] != 3 * H or not b_i.shape == b_h.shape == (3 * H,):
            raise ValueError(f"expected weight_hh (3H, H), weight_ih (3H, D), biases (3H,), got "
                             f"{w_h.shape}, {w_i.shape}, {b_i.shape}, {b_h.shape}")
        W = [np.concatenate([w_h[k * H:(k + 1) * H], w_i[k * H:(k + 1) * H]], axis=1) for k in range(3)]
        return cls(*W, b_i[:H] + b_h[:H], b_i[H:2 * H] + b_h[H:2 * H], b_i[2 * H:], b_h[2 * H:].copy())


def init_gru_params(input_size: int, hidden_size: int, seed: int = 0,
                    update_bias: float = 0.0) -> GRUParams:
    """Weights from U(-k, k), k = 1/sqrt(H) (as PyTorch draws them), biases 0 but the update
    gate's, ``update_bias``; deterministic for a seed. Returns GRUParams with W_* (H, H + D)
    and b_* (H,).

    ``update_bias`` is the GRU's counterpart of the LSTM's forget-gate bias: h_t keeps
    z ≈ σ(update_bias) of h_{t-1} at the start. PyTorch starts at 0 (keep half per step); on
    the adding problem at T = 50 a start of 3 (keep 95%) turned 0 of 3 solved runs into 2 of 2
    (``benchmarks/bench_long_memory.py``).
    """
    if not isinstance(input_size, (int, np.integer)) or input_size < 1:
        raise ValueError(f"input_size must be a positive integer, got {input_size!r}")
    if not isinstance(hidden_size, (int, np.integer)) or hidden_size < 1:
        raise ValueError(f"hidden_size must be a positive integer, got {hidden_size!r}")
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if not isinstance(update_bias, (int, float, np.number)) or not np.isfinite(update_bias):
        raise ValueError(f"update_bias must be finite, got {update_bias!r}")
    rng = np.random.default_rng(seed)
    H, D = int(hidden_size), int(input_size)
    k = 1.0 / np.sqrt(H)
    W = [rng.uniform(-k, k, size=(H, H + D)) for _ in range(3)]
    b_r, b_z, b_n, b_hn = (np.zeros(H) for _ in range(4))
    b_z[:] = update_bias
    return GRUParams(*W, b_r, b_z, b_n, b_hn)


def gru_step(p: GRUParams, x_t, h_prev):
    """One timestep of the GRU, the equations in their order.

    x_t (B, D) or (D,); h_prev (B, H) or (H,). Returns (r, z, n, h), each like h_prev.
    """
    H = p.hidden_size
    hx = np.concatenate([h_prev, x_t], axis=-1)                   # [h_{t-1}, x_t]  (B, H + D)
    r = sigmoid(hx @ p.W_r.T + p.b_r)                             # reset gate, in (0, 1)
    z = sigmoid(hx @ p.W_z.T + p.b_z)                             # update gate, in (0, 1)
    n = tanh(x_t @ p.W_n[:, H:].T + p.b_n + r * (h_prev @ p.W_n[:, :H].T + p.b_hn))  # candidate
    h = (1.0 - z) * n + z * h_prev                                # mix the new and the old
    return r, z, n, h


def gru_step_backward(p: GRUParams, x_t, h_prev, r, z, n, dh):
    """The derivatives of ``gru_step``, each next to its equation, last equation first.

    x_t (B, D), h_prev and the step's r, z, n (B, H); dh (B, H) the total dL/dh_t.
    Returns (grads, dx, dh_prev): the step's dL/dW_*, dL/db_* (a dict), dL/dx_t (B, D),
    dL/dh_{t-1} (B, H).
    """
    H = p.hidden_size
    W_nh, W_nx = p.W_n[:, :H], p.W_n[:, H:]
    hx = np.concatenate([h_prev, x_t], axis=-1)                   # (B, H + D)
    hn = h_prev @ W_nh.T + p.b_hn                                 # the part r scales (B, H)
    # h = (1 - z) ⊙ n + z ⊙ h_prev
    dn = dh * (1.0 - z)                                           # ∂h/∂n = 1 - z
    dz = dh * (h_prev - n)                                        # ∂h/∂z = h_{t-1} - n
    dh_prev = dh * z                                              # ∂h/∂h_{t-1} = z (direct path)
    # n = tanh(W_n,x·x + b_n + r ⊙ hn),  hn = W_n,h·h_prev + b_hn
    dn_pre = dn * (1.0 - n ** 2)                                  # tanh'(u) = 1 - tanh²(u)
    dr = dn_pre * hn                                              # ∂n_pre/∂r = hn
    dhn = dn_pre * r                                              # ∂n_pre/∂hn = r
    dh_prev = dh_prev + dhn @ W_nh                                # ∂hn/∂h_{t-1} = W_n,h
    dx = dn_pre @ W_nx                                            # ∂n_pre/∂x = W_n,x
    # z = σ(W_z·hx + b_z),  r = σ(W_r·hx + b_r)
    dz_pre = dz * z * (1.0 - z)                                   # σ'(u) = σ(u)(1 - σ(u))
    dr_pre = dr * r * (1.0 - r)
    dhx = dz_pre @ p.W_z + dr_pre @ p.W_r                         # ∂/∂hx = W     (B, H + D)
    grads = {"W_r": dr_pre.T @ hx, "W_z": dz_pre.T @ hx,          # (H, H + D), summed over B
             "W_n": np.concatenate([dhn.T @ h_prev, dn_pre.T @ x_t], axis=1),
             "b_r": dr_pre.sum(axis=0), "b_z": dz_pre.sum(axis=0),
             "b_n": dn_pre.sum(axis=0), "b_hn": dhn.sum(axis=0)}
    return grads, dx + dhx[:, H:], dh_prev + dhx[:, :H]


@dataclass
class GRUTrace:
    """``r, z, n, h`` (T, H) or (T, B, H). Private, with a batch axis: ``_X`` (T, B, D),
    ``_Hs`` (T, B, H), ``_h0`` (B, H). ``reversed``: listed last step first."""

    r: np.ndarray
    z: np.ndarray
    n: np.ndarray
    h: np.ndarray
    batched: bool
    _Hs: np.ndarray
    _X: np.ndarray
    _h0: np.ndarray
    reversed: bool = False

    TIME_FIELDS = ("r", "z", "n", "h", "_Hs", "_X")

    @property
    def h_prev(self) -> np.ndarray:
        """h_{t-1} for every t, same shape as ``h`` (h_0 first)."""
        out = previous_states(self._Hs, self._h0, self.reversed)
        return out if self.batched else out[:, 0]

    def time_reversed(self) -> "GRUTrace":
        """The same run listed last step first (lines a backward-reading layer up with x)."""
        return time_reversed(self)


def gru_forward(params: GRUParams, x, h0=None) -> GRUTrace:
    """x (T, D) or (T, B, D), h0 (H,) or (B, H) (zeros if None) -> GRUTrace with r, z, n, h
    of shape (T, H) or (T, B, H)."""
    H, D = params.hidden_size, params.input_size
    X, batched = as_batch(x, D)                                   # (T, B, D)
    T, B, _ = X.shape
    h = initial_state(h0, B, H, "h0")
    h0_ = np.array(h)
    R, Z, N, Hs = (np.empty((T, B, H)) for _ in range(4))
    with np.errstate(over="ignore"):                              # σ(z < -709) is 0, correctly
        for t in range(T):
            R[t], Z[t], N[t], Hs[t] = gru_step(params, X[t], h)
            h = Hs[t]
    if batched:
        return GRUTrace(R, Z, N, Hs, True, Hs, X, h0_)
    return GRUTrace(R[:, 0], Z[:, 0], N[:, 0], Hs[:, 0], False, Hs, X, h0_)


class GRUBPTT(NamedTuple):
    """grads (GRUParams), dx like x, dh0 (H,) or (B, H), dh: total dL/dh_t like trace.h."""

    grads: GRUParams
    dx: np.ndarray
    dh0: np.ndarray
    dh: np.ndarray


def gru_backward(params: GRUParams, trace: GRUTrace, dh, through_time: bool = True) -> GRUBPTT:
    """Exact BPTT for ``gru_forward``: ``gru_step_backward`` for t = T-1 .. 0.

    dh : dL/dh_t from above, same shape as ``trace.h``. ``through_time=False`` keeps only
    the same-step terms. Returns GRUBPTT(grads, dx, dh0, dh).
    """
    dH_out = checked_dh(dh, trace)                                # (T, B, H)
    X, Hs = trace._X, trace._Hs
    T, B, H = Hs.shape
    H_prev = previous_states(Hs, trace._h0)                       # (T, B, H)
    R, Z, N = (np.asarray(q).reshape(T, B, H) for q in (trace.r, trace.z, trace.n))
    grads = {n: np.zeros_like(w) for n, w in params.named_arrays().items()}
    dX, dH = np.empty_like(X), np.empty((T, B, H))
    dh_next = np.zeros((B, H))                                    # what step t+1 sends back
    for t in reversed(range(T)):
        dH[t] = dH_out[t] + dh_next
        g, dX[t], dh_prev = gru_step_backward(params, X[t], H_prev[t], R[t], Z[t], N[t], dH[t])
        for name in g:
            grads[name] += g[name]
        if through_time:
            dh_next = dh_prev
    res = GRUBPTT(GRUParams(**grads), dX, dh_prev, dH)
    return res if trace.batched else GRUBPTT(res.grads, dX[:, 0], dh_prev[0], dH[:, 0])
