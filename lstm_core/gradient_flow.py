"""How a gradient travels back through time, in any two cells side by side.

The "why gates?" page feeds one input sequence ``x`` (T, D) to two cells (a plain tanh RNN,
a GRU, the LSTM or one of its variants) with the same hidden size H and seed, puts a loss
on the **last output only**::

    L = u · h_T,     u a fixed random unit vector (||u|| = 1, drawn from the seed)

and backpropagates it. Because ``dL/dh_T = u``, every cell starts the journey back with a
gradient of length exactly 1, so ``||dL/dh_t||`` *is* the factor by which the gradient
shrank (or grew) on its way from step T back to step t. (A loss such as ``½||h_T||²`` would
make the starting length depend on ``h_T`` and differ between the cells.)

Steps are numbered t = 1 .. T on the page; arrays here are 0-based, so row ``k`` of every
``(T, ·)`` array belongs to step t = k + 1 and the last row to t = T.

Why they differ::

    RNN:   dL/dh_{t-1} = W_hᵀ (dL/dh_t ⊙ (1 - h_t²))             a matrix product per step
    LSTM:  dL/dc_{t-1} = f_t ⊙ dL/dc_t + (what comes through h)   an elementwise product
    GRU:   dL/dh_{t-1} = z_t ⊙ dL/dh_t + (what comes through r, z, n)

Along the LSTM's cell state (the "conveyor belt"), and along the GRU's direct path from
h_{t-1} to h_t, the gradient is only multiplied by a gate, the *keep gate* (f, or z), so
the running product ``Π_{s=t+1}^{T} f_s`` says how much of it survives.

The full gradient against the NumPy tutorial's truncated one is in ``truncated.py``, the
page's live finite-difference check in ``live_check.py``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .cell import GATES, init_params
from .cells import cell_of
from .gru import init_gru_params
from .rnn import init_rnn_params
from .variants import VARIANTS

LOSS_STREAM = 20_240_607      # mixed into the seed for u, so u is not the weights' first draws
PARAM_NAMES = tuple(f"W_{g}" for g in GATES) + tuple(f"b_{g}" for g in GATES)
EXPLODING = 1e3               # ||dL/dh_1|| above this (or below 1/EXPLODING): exploded (vanished)
# The cells the page can compare: the plain RNN, the GRU, the LSTM and its variants by key.
FLOW_CELLS = ("rnn", "gru", "lstm") + tuple(k for k in VARIANTS if k != "vanilla")


# ---------------------------------------------------------------------------------------
# Small helpers


def row_norms(a: np.ndarray) -> np.ndarray:
    """Euclidean norm of every row of ``a`` (T, H) -> (T,), without overflow.

    ``np.linalg.norm`` squares first, so a finite row with entries above ~1e154 would give
    inf. Here each row is divided by its largest absolute entry first. A row holding NaN
    gives NaN, otherwise a row holding inf gives inf.
    """
    a = np.asarray(a, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"a must have shape (T, H), got {a.shape}")
    finite = np.isfinite(a)                                   # (T, H)
    m = np.abs(np.where(finite, a, 0.0)).max(axis=1, initial=0.0)  # (T,) largest finite |a|
    scale = np.where(m > 0, m, 1.0)[:, None]                  # (T, 1)
    with np.errstate(invalid="ignore", over="ignore"):   # a norm above 1.8e308 is inf
        out = m * np.sqrt(np.sum((np.where(finite, a, 0.0) / scale) ** 2, axis=1))
    out[np.isinf(a).any(axis=1)] = np.inf
    out[np.isnan(a).any(axis=1)] = np.nan
    return out


def loss_direction(hidden_size: int, seed: int) -> np.ndarray:
    """The fixed unit vector u (H,) of the loss L = u · h_T, deterministic for a seed."""
    u = np.random.default_rng([int(seed), LOSS_STREAM]).normal(size=int(hidden_size))
    return u / np.linalg.norm(u)


def forget_product(f: np.ndarray) -> np.ndarray:
    """Running product of keep gates (forget gates) from each step to the end, per unit.

    Parameters
    ----------
    f : (T, H) forget gates f_t (or a GRU's update gates z_t)

    Returns
    -------
    (T, H) array P with ``P[k] = Π_{s=k+1}^{T-1} f[s]`` (0-based), i.e. on the page
    ``Π_{s=t+1}^{T} f_s``: the factor dL/dc_T is multiplied by on the way back to c_t along
    the cell state alone. The last row is 1 (nothing to pass through).
    """
    f = np.asarray(f, dtype=float)
    if f.ndim != 2:
        raise ValueError(f"f must have shape (T, H), got {f.shape}")
    P = np.ones_like(f)                                       # (T, H)
    P[:-1] = np.cumprod(f[:0:-1], axis=0)[::-1]               # f[T-1], f[T-1]·f[T-2], ... reversed
    return P


def check_x(x) -> np.ndarray:
    """``x`` as a finite float array (T, D) with T, D >= 1, or a ValueError saying why not."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"x must have shape (T, D) with T >= 1 and D >= 1, got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x contains NaN or infinite values")
    return x


def check_hidden(hidden_size) -> int:
    if not isinstance(hidden_size, (int, np.integer)) or hidden_size < 1:
        raise ValueError(f"hidden_size must be a positive integer, got {hidden_size!r}")
    return int(hidden_size)


def init_flow_cell(name: str, input_size: int, hidden_size: int, seed: int = 0,
                   spectral_radius: float = 0.9, forget_bias: float = 1.0):
    """The weights of cell ``name`` (one of FLOW_CELLS) as the page builds them.

    The RNN's recurrent matrix is rescaled to ``spectral_radius``; ``forget_bias`` is the
    keep gate's bias: the LSTM's (and its variants') b_f, the GRU's update bias b_z.
    """
    if name not in FLOW_CELLS:
        raise ValueError(f"cell must be one of {FLOW_CELLS}, got {name!r}")
    if name == "rnn":
        return init_rnn_params(input_size, hidden_size, seed=seed, spectral_radius=spectral_radius)
    if name == "gru":
        return init_gru_params(input_size, hidden_size, seed=seed, update_bias=forget_bias)
    return init_params(input_size, hidden_size, seed=seed, forget_bias=forget_bias,
                       variant="vanilla" if name == "lstm" else name)


def keep_fraction(forget_bias: float) -> float:
    """σ(forget_bias): where a keep gate with this bias starts (the share of the state it keeps)."""
    return float(sigmoid(np.array([float(forget_bias)]))[0])


def keep_gate(name: str) -> str | None:
    """The gate that alone multiplies the gradient along a cell's state: "f" for the LSTM
    and its variants (all ones without a forget gate, NFG), "z" for the GRU, None for the RNN."""
    return {"rnn": None, "gru": "z"}.get(name, "f")


# ---------------------------------------------------------------------------------------
# Gradient norms through time


@dataclass(frozen=True)
class CellFlow:
    """The gradient of L = u · h_T at every step in one cell. Time first, 0-based.

    Attributes
    ----------
    cell : the cell's name (one of FLOW_CELLS)
    dh : (T, H) total dL/dh_t;  dh_norm : (T,) its Euclidean norm over units
    dc, dc_norm : (T, H), (T,) total dL/dc_t of an LSTM (None for other cells)
    keep : the keep gate's name ("f", "z"; None for the RNN, and then so are the next four)
    keep_gate : (T, H) its values;  keep_product : (T, H) ``Π_{s=t+1}^{T}`` of them per unit
    keep_product_mean : (T,) the mean over units of ``keep_product`` (one line to draw; a
        unit whose product stays near 1 carries the gradient even if others don't)
    belt_norm : (T,) the part of the gradient on the state (dL/dc_T, or dL/dh_T for the
        GRU) that came back to step t through nothing but keep gates
    non_finite : whether the gradient overflowed to inf or became NaN anywhere
    """

    cell: str
    dh: np.ndarray
    dh_norm: np.ndarray
    dc: np.ndarray | None
    dc_norm: np.ndarray | None
    keep: str | None
    keep_gate: np.ndarray | None
    keep_product: np.ndarray | None
    keep_product_mean: np.ndarray | None
    belt_norm: np.ndarray | None
    non_finite: bool

    @property
    def ratio(self) -> float:
        """``||dL/dh_1|| / ||dL/dh_T||`` (= ||dL/dh_1||, the last is 1). Below 1 the
        gradient vanished on the way, above 1 it exploded; NaN or inf when not finite."""
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            return float(self.dh_norm[0] / self.dh_norm[-1])


def cell_flow(x, cell: str = "lstm", hidden_size: int = 16, seed: int = 0,
              spectral_radius: float = 0.9, forget_bias: float = 1.0) -> CellFlow:
    """Backpropagate L = u · h_T through cell ``cell`` (``init_flow_cell``) fed ``x`` (T, D);
    u from ``loss_direction(hidden_size, seed)``. Overflow never raises: a gradient that
    reaches inf or NaN is returned as such and flagged in ``non_finite``."""
    x = check_x(x)
    H = check_hidden(hidden_size)
    params = init_flow_cell(cell, x.shape[1], H, seed, spectral_radius, forget_bias)
    kind = cell_of(params)
    dh_out = np.zeros((x.shape[0], H))                # (T, H): L looks at h_T only
    dh_out[-1] = loss_direction(H, seed)
    with np.errstate(over="ignore", invalid="ignore"):
        trace = kind.forward(params, x)
        b = kind.backward(params, trace, dh_out)
        dc = getattr(b, "dc", None)                   # (T, H), the LSTM's cell state
        keep = keep_gate(cell)
        gate = P = belt = None
        if keep is not None:
            gate = np.array(getattr(trace, keep))     # (T, H)
            P = forget_product(gate)                  # (T, H)
            belt = row_norms((dc if dc is not None else b.dh)[-1] * P)   # state gradient at T, kept
    state = [b.dh] if dc is None else [b.dh, dc]
    return CellFlow(cell, b.dh, row_norms(b.dh), dc, None if dc is None else row_norms(dc), keep,
                    gate, P, None if P is None else P.mean(axis=1), belt,
                    not all(np.all(np.isfinite(a)) for a in state))


@dataclass(frozen=True)
class GradientFlow:
    """Several cells' gradients for the same input and loss.

    ``x`` (T, D) the input, ``u`` (H,) the loss direction, ``flows`` one CellFlow per cell
    in the order asked for; ``flow["lstm"]`` picks one by name.
    """

    x: np.ndarray
    u: np.ndarray
    flows: tuple[CellFlow, ...]

    def __getitem__(self, cell: str) -> CellFlow:
        for flow in self.flows:
            if flow.cell == cell:
                return flow
        raise KeyError(f"no cell {cell!r} here; have {tuple(f.cell for f in self.flows)}")

    @property
    def steps(self) -> int:
        return self.x.shape[0]

    @property
    def units(self) -> int:
        return self.u.shape[0]

    @property
    def non_finite(self) -> tuple[str, ...]:
        """The cells whose gradient overflowed to inf or became NaN, in order."""
        return tuple(f.cell for f in self.flows if f.non_finite)

    def ratio(self, cell: str) -> float:
        """``self[cell].ratio``: the gradient's length at step 1 (it started at 1)."""
        return self[cell].ratio


def gradient_flow(x, hidden_size: int = 16, seed: int = 0, spectral_radius: float = 0.9,
                  forget_bias: float = 1.0, cells=("rnn", "lstm")) -> GradientFlow:
    """Backpropagate L = u · h_T through each of ``cells`` (FLOW_CELLS) fed the same ``x``.

    Parameters
    ----------
    x : (T, D) one input sequence, time first
    hidden_size : H, the same for every cell
    seed : seeds every cell's weights (``init_flow_cell``) and u
    spectral_radius : the RNN's recurrent matrix W_h is rescaled to this largest
        eigenvalue magnitude (< 1: the gradient shrinks, > 1: it can grow)
    forget_bias : the keep gate's bias (b_f; b_z for the GRU): it starts near σ(forget_bias)

    Returns
    -------
    GradientFlow; see CellFlow for shapes.
    """
    x = check_x(x)
    H = check_hidden(hidden_size)
    flows = tuple(cell_flow(x, c, H, seed, spectral_radius, forget_bias) for c in cells)
    return GradientFlow(x, loss_direction(H, seed), flows)


def regime(ratio: float, threshold: float = EXPLODING) -> str:
    """Name what happened to a gradient that started with length 1 and arrived with length
    ``ratio``: "non_finite" (NaN or inf), "underflow" (exactly 0: smaller than the smallest
    float64), "vanishing" (below 1/threshold), "exploding" (above threshold) or "kept"."""
    if not np.isfinite(ratio):
        return "non_finite"
    if ratio == 0:
        return "underflow"
    if ratio < 1.0 / threshold:
        return "vanishing"
    if ratio > threshold:
        return "exploding"
    return "kept"
