"""One LSTM layer in NumPy: the step, the forward pass over time and exact BPTT.

The equations, with ``[h_{t-1}, x_t]`` the concatenation (h first, then x)::

    f_t = σ(W_f·[h_{t-1}, x_t] + b_f)        forget gate
    i_t = σ(W_i·[h_{t-1}, x_t] + b_i)        input gate
    ã_t = tanh(W_a·[h_{t-1}, x_t] + b_a)     candidate (colah's C̃, PyTorch's g)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ ã_t          update the cell state
    o_t = σ(W_o·[h_{t-1}, x_t] + b_o)        output gate
    h_t = o_t ⊙ tanh(c_t)                    output

For speed the four weight matrices are stacked into one ``(4H, H + D)`` matrix, in the
order ``f, i, o, a`` (the three sigmoid gates first, so one call squashes all three),
and the input part ``W_x·x_t + b`` is computed for every timestep in one matmul before
the time loop. Time is the first axis everywhere: ``(T, D)`` for one sequence,
``(T, B, D)`` for a batch.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np

from .activations import sigmoid, tanh

GATES = ("f", "i", "a", "o")
STACK_ORDER = ("f", "i", "o", "a")  # row blocks of the stacked (4H, H + D) matrix


@dataclass
class LSTMParams:
    """Weights of one LSTM layer.

    Each ``W_*`` has shape ``(H, H + D)`` and acts on ``[h_{t-1}, x_t]``: its first
    ``H`` columns multiply ``h_{t-1}``, the last ``D`` columns multiply ``x_t``.
    Each ``b_*`` has shape ``(H,)``.
    """

    W_f: np.ndarray
    W_i: np.ndarray
    W_a: np.ndarray
    W_o: np.ndarray
    b_f: np.ndarray
    b_i: np.ndarray
    b_a: np.ndarray
    b_o: np.ndarray

    @property
    def hidden_size(self) -> int:
        return self.W_f.shape[0]

    @property
    def input_size(self) -> int:
        return self.W_f.shape[1] - self.W_f.shape[0]

    def arrays(self) -> list[np.ndarray]:
        """The eight arrays in field order (what optimizers update in place)."""
        return [getattr(self, f.name) for f in fields(self)]

    def named_arrays(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def copy(self) -> "LSTMParams":
        return LSTMParams(*(a.copy() for a in self.arrays()))

    def stacked(self) -> tuple[np.ndarray, np.ndarray]:
        """``W`` of shape ``(4H, H + D)`` and ``b`` of shape ``(4H,)``, rows in STACK_ORDER."""
        W = np.concatenate([getattr(self, "W_" + g) for g in STACK_ORDER])  # (4H, H + D)
        b = np.concatenate([getattr(self, "b_" + g) for g in STACK_ORDER])  # (4H,)
        return W, b

    @classmethod
    def from_stacked(cls, W: np.ndarray, b: np.ndarray) -> "LSTMParams":
        """Split a stacked ``(4H, H + D)`` matrix and ``(4H,)`` bias into named views."""
        H = W.shape[0] // 4
        blocks = {g: k for k, g in enumerate(STACK_ORDER)}
        kw = {}
        for g in GATES:
            k = blocks[g]
            kw["W_" + g] = W[k * H:(k + 1) * H]
            kw["b_" + g] = b[k * H:(k + 1) * H]
        return cls(**kw)


def validate_params(params: LSTMParams) -> None:
    """Raise ValueError unless all eight arrays have consistent shapes."""
    H = params.W_f.shape[0]
    if H < 1:
        raise ValueError(f"hidden size must be at least 1, got {H}")
    for g in GATES:
        W, b = getattr(params, "W_" + g), getattr(params, "b_" + g)
        if W.ndim != 2 or W.shape != params.W_f.shape or W.shape[1] <= H:
            raise ValueError(f"W_{g} must have shape (H, H + D) = {params.W_f.shape}, got {W.shape}")
        if b.shape != (H,):
            raise ValueError(f"b_{g} must have shape ({H},), got {b.shape}")


def init_params(input_size: int, hidden_size: int, seed: int = 0,
                forget_bias: float = 1.0) -> LSTMParams:
    """Random LSTM weights, deterministic for a seed.

    Every weight is drawn from U(-k, k) with ``k = 1/sqrt(H)``, as PyTorch's ``nn.LSTM``
    does: pre-activations start in the range where σ and tanh are not saturated. Biases
    start at 0 except the forget gate's, ``forget_bias`` (1 by default, as Jozefowicz et
    al. 2015 recommend), so a fresh cell starts by mostly remembering (σ(1) ≈ 0.73).
    Seed 000's U(-1e-4, 1e-4) makes every gate start at exactly 0.5 and learns slowly.

    Returns LSTMParams with ``W_*`` of shape ``(H, H + D)`` and ``b_*`` of shape ``(H,)``.
    """
    if not isinstance(input_size, (int, np.integer)) or input_size < 1:
        raise ValueError(f"input_size must be a positive integer, got {input_size!r}")
    if not isinstance(hidden_size, (int, np.integer)) or hidden_size < 1:
        raise ValueError(f"hidden_size must be a positive integer, got {hidden_size!r}")
    if not isinstance(forget_bias, (int, float, np.number)) or not np.isfinite(forget_bias):
        raise ValueError(f"forget_bias must be finite, got {forget_bias!r}")
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    rng = np.random.default_rng(seed)
    H, D = int(hidden_size), int(input_size)
    k = 1.0 / np.sqrt(H)
    W = {g: rng.uniform(-k, k, size=(H, H + D)) for g in GATES}
    b = {g: np.zeros(H) for g in GATES}
    b["f"][:] = forget_bias
    return LSTMParams(**{"W_" + g: W[g] for g in GATES}, **{"b_" + g: b[g] for g in GATES})


def lstm_step(zx_t, h_prev, c_prev, W_hT, out):
    """One timestep of the LSTM: the four steps of the lesson, for a batch of B sequences.

    Parameters
    ----------
    zx_t : (B, 4H) the input part W_x·x_t + b, precomputed for all t by ``forward``
    h_prev, c_prev : (B, H) the previous output h_{t-1} and cell state c_{t-1}
    W_hT : (H, 4H) the transposed columns of the stacked weights that act on h_{t-1}
    out : four buffers ``gates`` (B, 4H), ``c``, ``tanh_c``, ``h`` (B, H), filled in place;
        ``gates`` holds f, i, o, ã side by side (STACK_ORDER)

    The ã columns of ``zx_t`` and ``W_hT`` come doubled (``forward`` does it once), so one
    σ call serves all four blocks: tanh(z) = 2σ(2z) - 1.
    """
    gates, c, tanh_c, h = out
    H = c.shape[-1]
    z = zx_t + h_prev @ W_hT                  # (B, 4H) = W·[h_{t-1}, x_t] + b   (ã part ×2)
    sigmoid(z, out=gates)                     # 1, 2, 4: f_t, i_t, o_t = σ(·) in (0, 1)
    f, i, o, a = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:3 * H], gates[:, 3 * H:]
    a *= 2.0
    a -= 1.0                                  # 2: candidate ã_t = 2σ(2·) - 1 = tanh(·) in (-1, 1)
    np.multiply(f, c_prev, out=c)             # 1: forget part of the old cell:  f_t ⊙ c_{t-1}
    c += i * a                                # 3: add the new:  c_t = f_t ⊙ c_{t-1} + i_t ⊙ ã_t
    tanh(c, out=tanh_c)                       #    squash the cell to (-1, 1)
    np.multiply(o, tanh_c, out=h)             # 4: output a filtered part:  h_t = o_t ⊙ tanh(c_t)


@dataclass
class Trace:
    """Everything the forward pass computed, time first.

    ``f, i, a, o, c, h`` are ``(T, H)`` for one sequence or ``(T, B, H)`` for a batch:
    the values at every timestep. The private fields hold what backward needs, always
    with a batch axis: ``_G`` (T, B, 4H) gates in STACK_ORDER, ``_C``, ``_tanhC`` and
    ``_Hs`` (T, B, H), ``_X`` (T, B, D), ``_h0`` and ``_c0`` (B, H).
    """

    f: np.ndarray
    i: np.ndarray
    a: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray
    batched: bool
    _G: np.ndarray
    _C: np.ndarray
    _tanhC: np.ndarray
    _Hs: np.ndarray
    _X: np.ndarray
    _h0: np.ndarray
    _c0: np.ndarray

    @property
    def c_prev(self) -> np.ndarray:
        """c_{t-1} for every t, same shape as ``c`` (c_0 first)."""
        out = np.concatenate([self._c0[None], self._C[:-1]])
        return out if self.batched else out[:, 0]

    @property
    def h_prev(self) -> np.ndarray:
        """h_{t-1} for every t, same shape as ``h`` (h_0 first)."""
        out = np.concatenate([self._h0[None], self._Hs[:-1]])
        return out if self.batched else out[:, 0]


def _as_batch(x: np.ndarray, D: int) -> tuple[np.ndarray, bool]:
    """Return x as (T, B, D) and whether it came with a batch axis."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        x, batched = x[:, None, :], False
    elif x.ndim == 3:
        batched = True
    else:
        raise ValueError(f"x must have shape (T, D) or (T, B, D), got {x.shape}")
    if x.shape[0] < 1:
        raise ValueError(f"x must have at least one timestep, got T = {x.shape[0]}")
    if x.shape[2] != D:
        raise ValueError(f"x has {x.shape[2]} features per step but the weights expect D = {D}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x contains NaN or infinite values")
    return x, batched


def _initial_state(s, B: int, H: int, name: str) -> np.ndarray:
    if s is None:
        return np.zeros((B, H))
    s = np.asarray(s, dtype=float)
    if s.shape == (H,):
        s = np.broadcast_to(s, (B, H))
    if s.shape != (B, H):
        raise ValueError(f"{name} must have shape ({H},) or ({B}, {H}), got {s.shape}")
    if not np.all(np.isfinite(s)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return s


def forward(params: LSTMParams, x, h0=None, c0=None) -> Trace:
    """Run the LSTM over a sequence.

    Parameters
    ----------
    params : LSTMParams with W_* of shape (H, H + D)
    x : (T, D) one sequence, or (T, B, D) a batch
    h0, c0 : (H,) or (B, H) initial output and cell state; zeros if None

    Returns
    -------
    Trace with f, i, a, o, c, h of shape (T, H) or (T, B, H)
    """
    H, D = params.hidden_size, params.input_size
    X, batched = _as_batch(x, D)                       # (T, B, D)
    T, B, _ = X.shape
    h = _initial_state(h0, B, H, "h0")
    c = _initial_state(c0, B, H, "c0")
    h0_, c0_ = h, c
    W, b = params.stacked()                            # (4H, H + D), (4H,)
    Wb = np.concatenate([W, b[:, None]], axis=1).T     # (H + D + 1, 4H): [W_h | W_x | b]ᵀ
    Wb[:, 3 * H:] *= 2.0                               # ã columns doubled: see lstm_step
    W_hT = np.ascontiguousarray(Wb[:H])                # (H, 4H) acts on h_{t-1}
    X1 = np.empty((T * B, D + 1))                      # [x_t, 1]: the bias rides in the matmul
    X1[:, :D], X1[:, D] = X.reshape(T * B, D), 1.0
    ZX = (X1 @ Wb[H:]).reshape(T, B, 4 * H)            # input part W_x·x_t + b, all t at once
    G = np.empty((T, B, 4 * H))
    C = np.empty((T, B, H))
    tanhC = np.empty((T, B, H))
    Hs = np.empty((T, B, H))
    with np.errstate(over="ignore"):                   # σ(z) for z < -709 is 0, as it should
        for zx_t, g_t, c_t, tanh_c_t, h_t in zip(ZX, G, C, tanhC, Hs):
            lstm_step(zx_t, h, c, W_hT, out=(g_t, c_t, tanh_c_t, h_t))
            h, c = h_t, c_t                            # (B, H) views: this step's output
    views = {g: G[..., k * H:(k + 1) * H] for k, g in enumerate(STACK_ORDER)}
    if not batched:
        views = {g: v[:, 0] for g, v in views.items()}
    cs, hs = (C, Hs) if batched else (C[:, 0], Hs[:, 0])
    return Trace(f=views["f"], i=views["i"], a=views["a"], o=views["o"], c=cs, h=hs,
                 batched=batched, _G=G, _C=C, _tanhC=tanhC, _Hs=Hs, _X=X, _h0=np.array(h0_), _c0=np.array(c0_))


class BPTT(NamedTuple):
    """What backward returns; unpacks like a tuple, ``grads`` first.

    grads : LSTMParams of dL/dW_*, dL/db_* (same shapes as the weights)
    dx : dL/dx, same shape as the input x
    dh0, dc0 : dL/dh_0 and dL/dc_0, (H,) or (B, H)
    dh, dc : the total dL/dh_t and dL/dc_t at every timestep, same shape as ``trace.h``
        (what flows back through time; the "why gates" page plots their norms)
    """

    grads: LSTMParams
    dx: np.ndarray
    dh0: np.ndarray
    dc0: np.ndarray
    dh: np.ndarray
    dc: np.ndarray


def backward(params: LSTMParams, trace: Trace, dh, through_time: bool = True) -> BPTT:
    """Backpropagation through time for one LSTM layer.

    Parameters
    ----------
    params : the weights used for ``trace``
    trace : the forward pass, from ``forward(params, x, ...)``
    dh : dL/dh_t coming from above at every timestep, same shape as ``trace.h``
        ((T, H) or (T, B, H)); zeros where the loss does not look at h_t
    through_time : True (default) for the exact gradient. False reproduces seed 000's
        shortcut: keep only the same-step terms, dropping what flows back from step t+1
        through h_t and c_t. Kept to show what the shortcut costs.

    Returns
    -------
    BPTT(grads, dx, dh0, dc0, dh, dc); see its docstring for shapes.
    """
    H, D = params.hidden_size, params.input_size
    G, C, X = trace._G, trace._C, trace._X
    T, B, _ = G.shape
    dH_out = np.asarray(dh, dtype=float)
    if dH_out.shape != trace.h.shape:
        raise ValueError(f"dh must have the shape of trace.h {trace.h.shape}, got {dH_out.shape}")
    dH_out = dH_out.reshape(T, B, H)
    W, _ = params.stacked()
    W_h = np.ascontiguousarray(W[:, :H])                       # (4H, H); contiguous for BLAS

    f, i, o, a = (G[..., k * H:(k + 1) * H] for k in range(4))  # each (T, B, H)
    C_prev = np.concatenate([trace._c0[None], C[:-1]])          # (T, B, H) c_{t-1}
    tanh_c = trace._tanhC                                       # (T, B, H)
    # Local derivatives, for all t at once (no recurrence in them):
    K = 1.0 - tanh_c ** 2
    K *= o                                      # dh_t -> dc_t:   ∂h/∂c = o ⊙ (1 - tanh²c)
    P = np.subtract(1.0, G).reshape(T, B, 4, H)  # dc_t (dh_t for o) -> pre-activation z_t
    P *= G.reshape(T, B, 4, H)                  # σ'(z) = σ(1 - σ) for f, i, o (ã's fixed below)
    P[:, :, 0] *= C_prev                        # ∂c/∂z_f = c_{t-1} ⊙ σ'(z_f)
    P[:, :, 1] *= a                             # ∂c/∂z_i = ã ⊙ σ'(z_i)
    P[:, :, 2] *= tanh_c                        # ∂h/∂z_o = tanh(c) ⊙ σ'(z_o)
    np.square(a, out=P[:, :, 3])
    np.subtract(1.0, P[:, :, 3], out=P[:, :, 3])
    P[:, :, 3] *= i                             # ∂c/∂z_a = i ⊙ tanh'(z_a) = i ⊙ (1 - ã²)

    dZ = np.empty((T, B, 4, H))                 # dL/dz_t, the pre-activations
    dH_tot = np.empty((T, B, H))
    dC_tot = np.empty((T, B, H))
    dh_next = np.zeros((B, H))                  # dL/dh_t arriving from step t+1
    dc_next = np.zeros((B, H))                  # dL/dc_t arriving from step t+1
    for t in reversed(range(T)):
        dh_t = np.add(dH_out[t], dh_next, out=dH_tot[t])  # (B, H) from above + from t+1
        dc_t = np.multiply(dh_t, K[t], out=dC_tot[t])     # (B, H) through h_t ...
        dc_t += dc_next                                   # ... + from c_{t+1}
        np.multiply(dc_t, P[t, :, 0], out=dZ[t, :, 0])    # (B, H) f part
        np.multiply(dc_t, P[t, :, 1], out=dZ[t, :, 1])    # (B, H) i part
        np.multiply(dh_t, P[t, :, 2], out=dZ[t, :, 2])    # (B, H) o part: from h_t only
        np.multiply(dc_t, P[t, :, 3], out=dZ[t, :, 3])    # (B, H) ã part
        if through_time:
            dh_next = dZ[t].reshape(B, 4 * H) @ W_h       # (B, H) through all four gates
            dc_next = dc_t * f[t]                         # (B, H) along the conveyor belt

    dZ2 = dZ.reshape(T * B, 4 * H)                                  # (T·B, 4H)
    H_prev = np.concatenate([trace._h0[None], trace._Hs[:-1]])      # (T, B, H)
    HX = np.concatenate([H_prev, X], axis=2).reshape(T * B, H + D)  # (T·B, H + D)
    dW = dZ2.T @ HX                                                 # (4H, H + D), one matmul
    db = dZ2.sum(axis=0)                                            # (4H,)
    dX = (dZ2 @ np.ascontiguousarray(W[:, H:])).reshape(T, B, D)    # (T, B, D)
    dh0 = dZ[0].reshape(B, 4 * H) @ W_h                             # (B, H)
    dc0 = dC_tot[0] * f[0]                                          # (B, H)
    grads = LSTMParams.from_stacked(dW, db)
    if not trace.batched:
        return BPTT(grads, dX[:, 0], dh0[0], dc0[0], dH_tot[:, 0], dC_tot[:, 0])
    return BPTT(grads, dX, dh0, dc0, dH_tot, dC_tot)


def pre_activation_parts(params: LSTMParams, trace: Trace) -> dict[str, tuple]:
    """Each gate's input split into what comes from h_{t-1}, from x_t and from the bias.

    Returns {g: (z_h, z_x, b)} for g in f, i, a, o, with z_h = W_g[:, :H]·h_{t-1} and
    z_x = W_g[:, H:]·x_t shaped like ``trace.h`` ((T, H) or (T, B, H)) and b = b_g (H,).
    The cell page writes the three parts into the equations.
    """
    H = params.hidden_size
    H_prev = np.concatenate([trace._h0[None], trace._Hs[:-1]])   # (T, B, H)
    out = {}
    for g in GATES:
        W = getattr(params, "W_" + g)                              # (H, H + D)
        z_h = H_prev @ W[:, :H].T                                  # (T, B, H)
        z_x = trace._X @ W[:, H:].T                                # (T, B, H)
        if not trace.batched:
            z_h, z_x = z_h[:, 0], z_x[:, 0]
        out[g] = (z_h, z_x, np.array(getattr(params, "b_" + g), dtype=float))
    return out


def pre_activations(params: LSTMParams, trace: Trace) -> dict[str, np.ndarray]:
    """The gate inputs before squashing, ``W_g·[h_{t-1}, x_t] + b_g`` for g in f, i, a, o.

    Returns a dict of arrays shaped like ``trace.h``: (T, H) or (T, B, H). The cell page
    writes them into the equations (f_t = σ(0.53) = 0.63).
    """
    return {g: z_h + z_x + b for g, (z_h, z_x, b) in pre_activation_parts(params, trace).items()}
