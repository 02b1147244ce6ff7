"""The fast path of ``cell.forward`` and ``cell.backward`` for the lesson's LSTM (private).

Same numbers as ``cell.lstm_step`` and ``cell.lstm_step_backward`` (tested to 1e-12), with:
- the four weight matrices stacked into one ``(4H, H + D)`` matrix, rows f, i, a, o as in
  ``GATES``, so each step is one matrix product;
- the input part ``W_x·x_t + b`` of every step computed in one product before the time loop,
  the bias riding in a column of ones;
- one σ call for all four blocks: the ã columns come doubled and tanh(z) = 2σ(2z) - 1;
- buffers written in place, and in backward the local derivatives of every step computed
  at once (they do not depend on the recursion), leaving the loop only what flows back.
"""
from __future__ import annotations

import numpy as np

from .activations import sigmoid, tanh


def forward_fast(params, X: np.ndarray, h: np.ndarray, c: np.ndarray):
    """X (T, B, D), h and c (B, H) the initial states. Returns G (T, B, 4H) the gates
    f, i, a, o side by side, and C, tanh(C), Hs, each (T, B, H)."""
    T, B, D = X.shape
    H = params.hidden_size
    W, b = params.stacked()                            # (4H, H + D), (4H,)
    Wb = np.concatenate([W, b[:, None]], axis=1).T     # (H + D + 1, 4H): [W_h | W_x | b]ᵀ
    Wb[:, 2 * H:3 * H] *= 2.0                          # ã columns doubled: see _step
    W_hT = np.ascontiguousarray(Wb[:H])                # (H, 4H) acts on h_{t-1}
    X1 = np.empty((T * B, D + 1))                      # [x_t, 1]: the bias rides in the matmul
    X1[:, :D], X1[:, D] = X.reshape(T * B, D), 1.0
    ZX = (X1 @ Wb[H:]).reshape(T, B, 4 * H)            # input part W_x·x_t + b, all t at once
    G = np.empty((T, B, 4 * H))
    C = np.empty((T, B, H))
    tanhC = np.empty((T, B, H))
    Hs = np.empty((T, B, H))
    for zx_t, g_t, c_t, tanh_c_t, h_t in zip(ZX, G, C, tanhC, Hs):
        _step(zx_t, h, c, W_hT, g_t, c_t, tanh_c_t, h_t)
        h, c = h_t, c_t                                # (B, H) views: this step's output
    return G, C, tanhC, Hs


def _step(zx_t, h_prev, c_prev, W_hT, gates, c, tanh_c, h):
    """``lstm_step`` on buffers: zx_t (B, 4H) with the ã part doubled, W_hT (H, 4H) likewise;
    fills gates (B, 4H), c, tanh_c, h (B, H) in place."""
    H = c.shape[-1]
    z = zx_t + h_prev @ W_hT                  # (B, 4H) = W·[h_{t-1}, x_t] + b   (ã part ×2)
    sigmoid(z, out=gates)                     # f, i, o = σ(·); the ã block holds σ(2·)
    f, i, a, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:3 * H], gates[:, 3 * H:]
    a *= 2.0
    a -= 1.0                                  # ã = 2σ(2·) - 1 = tanh(·)
    np.multiply(f, c_prev, out=c)
    c += i * a                                # c = f ⊙ c_{t-1} + i ⊙ ã
    tanh(c, out=tanh_c)
    np.multiply(o, tanh_c, out=h)             # h = o ⊙ tanh(c)


def backward_fast(params, trace, dH_out: np.ndarray, through_time: bool = True):
    """dH_out (T, B, H) from above. Returns (dW (4H, H + D), db (4H,), dX (T, B, D),
    dh0, dc0 (B, H), dH, dC (T, B, H) the totals at every step)."""
    H, D = params.hidden_size, params.input_size
    G, C, X = trace._G, trace._C, trace._X
    T, B, _ = G.shape
    W, _ = params.stacked()
    W_h = np.ascontiguousarray(W[:, :H])                       # (4H, H); contiguous for BLAS

    f, i, a, o = (G[..., k * H:(k + 1) * H] for k in range(4))  # each (T, B, H)
    C_prev = np.concatenate([trace._c0[None], C[:-1]])          # (T, B, H) c_{t-1}
    tanh_c = trace._tanhC                                       # (T, B, H)
    # Local derivatives, for all t at once (no recurrence in them):
    K = 1.0 - tanh_c ** 2
    K *= o                                      # dh_t -> dc_t:   ∂h/∂c = o ⊙ (1 - tanh²c)
    P = np.subtract(1.0, G).reshape(T, B, 4, H)  # dc_t (dh_t for o) -> pre-activation z_t
    P *= G.reshape(T, B, 4, H)                  # σ'(z) = σ(1 - σ) for f, i, o (ã's fixed below)
    P[:, :, 0] *= C_prev                        # ∂c/∂z_f = c_{t-1} ⊙ σ'(z_f)
    P[:, :, 1] *= a                             # ∂c/∂z_i = ã ⊙ σ'(z_i)
    np.square(a, out=P[:, :, 2])
    np.subtract(1.0, P[:, :, 2], out=P[:, :, 2])
    P[:, :, 2] *= i                             # ∂c/∂z_a = i ⊙ tanh'(z_a) = i ⊙ (1 - ã²)
    P[:, :, 3] *= tanh_c                        # ∂h/∂z_o = tanh(c) ⊙ σ'(z_o)

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
        np.multiply(dc_t, P[t, :, 2], out=dZ[t, :, 2])    # (B, H) ã part
        np.multiply(dh_t, P[t, :, 3], out=dZ[t, :, 3])    # (B, H) o part: from h_t only
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
    return dW, db, dX, dh0, dc0, dH_tot, dC_tot
