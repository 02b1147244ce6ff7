"""One LSTM layer in NumPy: the step as the lesson writes it, the pass over time, exact BPTT.

The equations, with ``hx = [h_{t-1}, x_t]`` the concatenation (h first, then x)::

    f_t = σ(W_f·hx + b_f)              forget gate
    i_t = σ(W_i·hx + b_i)              input gate
    ã_t = tanh(W_a·hx + b_a)           candidate (colah's C̃, PyTorch's g)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ ã_t    cell state
    o_t = σ(W_o·hx + b_o)              output gate
    h_t = o_t ⊙ tanh(c_t)              output

``lstm_step`` is these lines and ``lstm_step_backward`` their derivatives, one line each.
``forward`` and ``backward`` run the LSTM over time (``(T, D)`` for one sequence,
``(T, B, D)`` for a batch) through a faster path kept private in ``_lstm_fast.py`` that
computes the same numbers (tested to 1e-12 against these steps). A variant of Greff et al.
(``variants.py``) is a setting in ``LSTMParams.variant``; its steps run one by one.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np

from . import _lstm_fast
from ._timefirst import as_batch, checked_dh, initial_state, previous_states, time_reversed
from .activations import sigmoid, tanh
from .variants import VANILLA, LSTMVariant, as_variant, variant_step, variant_step_backward

GATES = ("f", "i", "a", "o")
ARRAY_NAMES = tuple(f"W_{g}" for g in GATES) + tuple(f"b_{g}" for g in GATES) + ("p_f", "p_i", "p_o")


@dataclass
class LSTMParams:
    """Weights of one LSTM layer.

    Each ``W_*`` has shape ``(H, H + D)`` and acts on ``[h_{t-1}, x_t]``: its first
    ``H`` columns multiply ``h_{t-1}``, the last ``D`` columns multiply ``x_t``.
    Each ``b_*`` has shape ``(H,)``. ``variant`` is the lesson's LSTM unless set: a gate the
    variant removes has no weights (None), and peepholes add ``p_f, p_i, p_o`` of shape (H,).
    """

    W_f: np.ndarray | None
    W_i: np.ndarray | None
    W_a: np.ndarray
    W_o: np.ndarray | None
    b_f: np.ndarray | None
    b_i: np.ndarray | None
    b_a: np.ndarray
    b_o: np.ndarray | None
    p_f: np.ndarray | None = None
    p_i: np.ndarray | None = None
    p_o: np.ndarray | None = None
    variant: LSTMVariant = VANILLA

    @property
    def hidden_size(self) -> int:
        return self.W_a.shape[0]

    @property
    def input_size(self) -> int:
        return self.W_a.shape[1] - self.W_a.shape[0]

    def named_arrays(self) -> dict[str, np.ndarray]:
        """The arrays this variant has, in ARRAY_NAMES order (W_*, b_*, then p_*)."""
        return {n: a for n in ARRAY_NAMES if (a := getattr(self, n)) is not None}

    def arrays(self) -> list[np.ndarray]:
        """The arrays of ``named_arrays`` (what optimizers update in place)."""
        return list(self.named_arrays().values())

    def copy(self) -> "LSTMParams":
        return replace(self, **{n: a.copy() for n, a in self.named_arrays().items()})

    def stacked(self) -> tuple[np.ndarray, np.ndarray]:
        """``W`` of shape ``(4H, H + D)`` and ``b`` of shape ``(4H,)``, rows f, i, a, o."""
        if self.variant != VANILLA:
            raise ValueError(f"only the lesson's LSTM stacks its gates, got variant {self.variant.name!r}")
        W = np.concatenate([getattr(self, "W_" + g) for g in GATES])  # (4H, H + D)
        b = np.concatenate([getattr(self, "b_" + g) for g in GATES])  # (4H,)
        return W, b

    @classmethod
    def from_stacked(cls, W: np.ndarray, b: np.ndarray) -> "LSTMParams":
        """Split a stacked ``(4H, H + D)`` matrix and ``(4H,)`` bias (rows f, i, a, o) into views."""
        H = W.shape[0] // 4
        rows = {g: slice(k * H, (k + 1) * H) for k, g in enumerate(GATES)}
        return cls(**{"W_" + g: W[r] for g, r in rows.items()}, **{"b_" + g: b[r] for g, r in rows.items()})


def validate_params(params: LSTMParams) -> None:
    """Raise ValueError unless the arrays have consistent shapes and fit the variant."""
    v = params.variant
    H = params.W_a.shape[0]
    if H < 1:
        raise ValueError(f"hidden size must be at least 1, got {H}")
    for g in GATES:
        W, b = getattr(params, "W_" + g), getattr(params, "b_" + g)
        if not v.has_weights(g):
            if W is not None or b is not None:
                raise ValueError(f"variant {v.name!r} has no weights for gate {g}; W_{g}, b_{g} must be None")
            continue
        if W is None or W.ndim != 2 or W.shape != params.W_a.shape or W.shape[1] <= H:
            shape = None if W is None else W.shape
            raise ValueError(f"W_{g} must have shape (H, H + D) = {params.W_a.shape}, got {shape}")
        if b is None or b.shape != (H,):
            raise ValueError(f"b_{g} must have shape ({H},), got {None if b is None else b.shape}")
    for g in "fio":
        p = getattr(params, "p_" + g)
        if (p is not None) != (g in v.peephole_gates()) or (p is not None and p.shape != (H,)):
            want = f"shape ({H},)" if g in v.peephole_gates() else "None"
            raise ValueError(f"p_{g} must be {want} for variant {v.name!r}, got "
                             f"{None if p is None else p.shape}")


def init_params(input_size: int, hidden_size: int, seed: int = 0, forget_bias: float = 1.0,
                variant="vanilla") -> LSTMParams:
    """Random LSTM weights, deterministic for a seed.

    Every weight is drawn from U(-k, k) with ``k = 1/sqrt(H)``, as PyTorch's ``nn.LSTM``
    does: pre-activations start in the range where σ and tanh are not saturated. Biases
    start at 0 except the forget gate's, ``forget_bias`` (1 by default, as Jozefowicz et
    al. 2015 recommend), so a fresh cell starts by mostly remembering (σ(1) ≈ 0.73).
    The NumPy tutorial's U(-1e-4, 1e-4) makes every gate start at exactly 0.5 and learns slowly.
    ``variant`` is a key of ``variants.VARIANTS`` or an LSTMVariant; all four W are drawn
    whatever the variant, so the gates a variant keeps start as the LSTM's for the seed.

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
    v = as_variant(variant)
    rng = np.random.default_rng(seed)
    H, D = int(hidden_size), int(input_size)
    k = 1.0 / np.sqrt(H)
    W = {g: rng.uniform(-k, k, size=(H, H + D)) for g in GATES}
    b = {g: np.zeros(H) for g in GATES}
    b["f"][:] = forget_bias
    peep = {g: rng.uniform(-k, k, size=H) for g in v.peephole_gates()}
    kw = {}
    for g in GATES:
        kw["W_" + g], kw["b_" + g] = (W[g], b[g]) if v.has_weights(g) else (None, None)
    return LSTMParams(**kw, **{"p_" + g: a for g, a in peep.items()}, variant=v)


def lstm_step(p: LSTMParams, x_t, h_prev, c_prev):
    """One timestep of the LSTM, the lesson's equations in their order.

    x_t (B, D) or (D,); h_prev, c_prev (B, H) or (H,): the previous output and cell state.
    Returns (f, i, a, o, c, h), each (B, H) or (H,).
    """
    hx = np.concatenate([h_prev, x_t], axis=-1)   # [h_{t-1}, x_t]           (B, H + D)
    f = sigmoid(hx @ p.W_f.T + p.b_f)             # forget gate, in (0, 1)   (B, H)
    i = sigmoid(hx @ p.W_i.T + p.b_i)             # input gate, in (0, 1)
    a = tanh(hx @ p.W_a.T + p.b_a)                # candidate ã, in (-1, 1)
    c = f * c_prev + i * a                        # keep part of the old cell, add part of the new
    o = sigmoid(hx @ p.W_o.T + p.b_o)             # output gate, in (0, 1)
    h = o * tanh(c)                               # output a filtered part of the cell
    return f, i, a, o, c, h


def lstm_step_backward(p: LSTMParams, hx, c_prev, f, i, a, o, c, dh, dc_next):
    """The derivatives of ``lstm_step``, each next to the equation it comes from, last first.

    hx (B, H + D) = [h_{t-1}, x_t], c_prev and the step's f, i, a, o, c (B, H): what
    ``lstm_step`` read and made. dh (B, H): dL/dh_t, from above and from step t+1.
    dc_next (B, H): dL/dc_t through c_{t+1}. One sequence is B = 1.
    Returns (grads, dh_prev, dc_prev, dx, dc): the step's dL/dW_g and dL/db_g (a dict),
    dL/dh_{t-1} and dL/dc_{t-1} (B, H), dL/dx_t (B, D), and the total dL/dc_t (B, H).
    """
    H = c.shape[-1]
    # h = o ⊙ tanh(c)
    tanh_c = tanh(c)
    do = dh * tanh_c                               # ∂h/∂o = tanh(c)
    dc = dc_next + dh * o * (1.0 - tanh_c ** 2)    # ∂h/∂c = o ⊙ (1 - tanh²c), plus c_{t+1}'s share
    # o = σ(W_o·hx + b_o)
    dz_o = do * o * (1.0 - o)                      # σ'(z) = σ(z)(1 - σ(z))
    # c = f ⊙ c_prev + i ⊙ ã
    df = dc * c_prev                               # ∂c/∂f = c_{t-1}
    di = dc * a                                    # ∂c/∂i = ã
    da = dc * i                                    # ∂c/∂ã = i
    dc_prev = dc * f                               # ∂c/∂c_{t-1} = f: the conveyor belt
    # ã = tanh(W_a·hx + b_a)
    dz_a = da * (1.0 - a ** 2)                     # tanh'(z) = 1 - tanh²(z)
    # i = σ(W_i·hx + b_i)
    dz_i = di * i * (1.0 - i)
    # f = σ(W_f·hx + b_f)
    dz_f = df * f * (1.0 - f)
    # z_g = W_g·hx + b_g for each gate g
    grads = {}
    for g, dz in (("f", dz_f), ("i", dz_i), ("a", dz_a), ("o", dz_o)):
        grads["W_" + g] = dz.T @ hx                # ∂z/∂W = hx, summed over the batch (H, H + D)
        grads["b_" + g] = dz.sum(axis=0)           # ∂z/∂b = 1                          (H,)
    dhx = dz_f @ p.W_f + dz_i @ p.W_i + dz_a @ p.W_a + dz_o @ p.W_o   # ∂z/∂hx = W    (B, H + D)
    return grads, dhx[:, :H], dc_prev, dhx[:, H:], dc


@dataclass
class Trace:
    """Everything the forward pass computed, time first.

    ``f, i, a, o, c, h`` are ``(T, H)`` for one sequence or ``(T, B, H)`` for a batch:
    the values at every timestep. The private fields hold what backward needs, always
    with a batch axis: ``_G`` (T, B, 4H) the gates f, i, a, o side by side, ``_C``,
    ``_tanhC`` (the cell after its output activation) and ``_Hs`` (T, B, H), ``_X``
    (T, B, D), ``_h0`` and ``_c0`` (B, H). ``reversed``: listed last step first (see
    ``time_reversed``).
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
    reversed: bool = False

    TIME_FIELDS = ("f", "i", "a", "o", "c", "h", "_G", "_C", "_tanhC", "_Hs", "_X")

    @property
    def c_prev(self) -> np.ndarray:
        """c_{t-1} for every t, same shape as ``c`` (c_0 first)."""
        out = previous_states(self._C, self._c0, self.reversed)
        return out if self.batched else out[:, 0]

    @property
    def h_prev(self) -> np.ndarray:
        """h_{t-1} for every t, same shape as ``h`` (h_0 first)."""
        out = previous_states(self._Hs, self._h0, self.reversed)
        return out if self.batched else out[:, 0]

    def time_reversed(self) -> "Trace":
        """The same run listed from its last step to its first: for a layer that read the
        sequence backwards, this lines its values up with x. ``backward`` refuses it."""
        return time_reversed(self)


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
    X, batched = as_batch(x, D)                            # (T, B, D)
    h = initial_state(h0, X.shape[1], H, "h0")            # (B, H)
    c = initial_state(c0, X.shape[1], H, "c0")            # (B, H)
    with np.errstate(over="ignore"):                       # σ(z) for z < -709 is 0, as it should
        if params.variant == VANILLA:
            G, C, tanhC, Hs = _lstm_fast.forward_fast(params, X, h, c)
        else:
            G, C, tanhC, Hs = _forward_steps(variant_step, params, X, h, c)
    f, i, a, o = (G[..., k * H:(k + 1) * H] for k in range(4))
    if not batched:
        f, i, a, o = f[:, 0], i[:, 0], a[:, 0], o[:, 0]
    cs, hs = (C, Hs) if batched else (C[:, 0], Hs[:, 0])
    return Trace(f=f, i=i, a=a, o=o, c=cs, h=hs, batched=batched, _G=G, _C=C, _tanhC=tanhC,
                 _Hs=Hs, _X=X, _h0=np.array(h), _c0=np.array(c))


def _forward_steps(step, params: LSTMParams, X, h, c):
    """Call ``step`` (``lstm_step`` or ``variant_step``) at t = 0 .. T-1 on X (T, B, D) from
    h, c (B, H). Returns G (T, B, 4H) the gates f, i, a, o; C, φ(C) and Hs, each (T, B, H)."""
    T, B, _ = X.shape
    H = params.hidden_size
    G, C, Hs = np.empty((T, B, 4 * H)), np.empty((T, B, H)), np.empty((T, B, H))
    for t in range(T):
        f, i, a, o, c, h = step(params, X[t], h, c)
        G[t] = np.concatenate([f, i, a, o], axis=-1)
        C[t], Hs[t] = c, h
    return G, C, (tanh(C) if params.variant.output_activation else C.copy()), Hs


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
    through_time : True (default) for the exact gradient. False reproduces the NumPy
        tutorial's shortcut: keep only the same-step terms, dropping what flows back from
        step t+1 through h_t and c_t. Kept to show what the shortcut costs.

    Returns
    -------
    BPTT(grads, dx, dh0, dc0, dh, dc); see its docstring for shapes.
    """
    dH_out = checked_dh(dh, trace)                            # (T, B, H)
    if params.variant == VANILLA:
        dW, db, *rest = _lstm_fast.backward_fast(params, trace, dH_out, through_time)
        grads, (dX, dh0, dc0, dH_tot, dC_tot) = LSTMParams.from_stacked(dW, db), rest
    else:
        grads, dX, dh0, dc0, dH_tot, dC_tot = _backward_steps(
            variant_step_backward, params, trace, dH_out, through_time)
    if not trace.batched:
        return BPTT(grads, dX[:, 0], dh0[0], dc0[0], dH_tot[:, 0], dC_tot[:, 0])
    return BPTT(grads, dX, dh0, dc0, dH_tot, dC_tot)


def _backward_steps(step_backward, params: LSTMParams, trace: Trace, dH_out, through_time=True):
    """Call ``step_backward`` (``lstm_step_backward`` or ``variant_step_backward``) for
    t = T-1 .. 0. dH_out (T, B, H). Returns (grads, dX, dh0, dc0, dH, dC), all batched."""
    H = params.hidden_size
    X = trace._X                                              # (T, B, D)
    T, B, _ = X.shape
    f, i, a, o = (trace._G[..., k * H:(k + 1) * H] for k in range(4))
    HX = np.concatenate([previous_states(trace._Hs, trace._h0), X], axis=2)  # (T, B, H + D)
    C_prev = previous_states(trace._C, trace._c0)             # (T, B, H)
    grads = {n: np.zeros_like(w) for n, w in params.named_arrays().items()}
    dX, dH, dC = np.empty_like(X), np.empty((T, B, H)), np.empty((T, B, H))
    dh_next, dc_next = np.zeros((B, H)), np.zeros((B, H))     # what step t+1 sends back
    for t in reversed(range(T)):
        dH[t] = dH_out[t] + dh_next
        g, dh_prev, dc_prev, dX[t], dC[t] = step_backward(
            params, HX[t], C_prev[t], f[t], i[t], a[t], o[t], trace._C[t], dH[t], dc_next)
        for n in g:
            grads[n] += g[n]
        if through_time:
            dh_next, dc_next = dh_prev, dc_prev
    return replace(params, **grads), dX, dh_prev, dc_prev, dH, dC


def pre_activation_parts(params: LSTMParams, trace: Trace) -> dict[str, tuple]:
    """Each gate's input split into what comes from h_{t-1}, from x_t and from the bias.

    Returns {g: (z_h, z_x, b)} for each gate g of f, i, a, o that has weights, with
    z_h = W_g[:, :H]·h_{t-1} and z_x = W_g[:, H:]·x_t shaped like ``trace.h`` ((T, H) or
    (T, B, H)) and b = b_g (H,). The cell page writes the three parts into the equations.
    """
    if params.variant.peepholes:
        raise ValueError("pre_activation_parts has no part for the peepholes' p ⊙ c")
    H = params.hidden_size
    H_prev = previous_states(trace._Hs, trace._h0, trace.reversed)   # (T, B, H)
    out = {}
    for g in GATES:
        W = getattr(params, "W_" + g)                              # (H, H + D)
        if W is None:
            continue
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
