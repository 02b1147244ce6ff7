"""The "why gates?" page's live gradient check: the gradients it plots, against finite differences.

Same cells, input and loss (L = u · h_T) as ``gradient_flow``. For every weight array of
each cell the entry with the largest finite |dL/dθ| is checked (where a relative error
means most; a tiny gradient is all rounding) with ``gradcheck.check_gradients``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from .cells import cell_of
from .gradcheck import GradCheckEntry, check_gradients
from .gradient_flow import check_hidden, check_x, init_flow_cell, loss_direction

STEP_TIMES_GRADIENT = 1e-6   # ε·|dL/dθ| at most this, so L stays locally linear
SMALLEST_STEP = 1e-10        # relative to max(|θ|, 1): below it float64 rounds θ ± ε too coarsely
STATUSES = ("agrees", "disagrees", "unresolved", "too_large", "not_finite")


@dataclass(frozen=True)
class LiveCheck:
    """One checked gradient entry of one cell.

    ``model`` is the cell's name ("rnn", "gru", "lstm", a variant's key); ``entry`` a
    GradCheckEntry (``name`` like "W_f", ``index`` into that array, analytic, numeric,
    rel_error); ``eps`` the step used; ``status`` one of STATUSES:

    - ``"agrees"``: relative error below the tolerance,
    - ``"disagrees"``: it is not, although the finite difference has settled (the same
      at ε and ε/16): a wrong analytic gradient would show up here,
    - ``"unresolved"``: the finite difference has not settled (it changes between ε and
      ε/16 by more than the tolerance): the loss bends too sharply at this point for any
      step float64 allows, e.g. an RNN sitting on a tipping point,
    - ``"too_large"``: not checked, because the gradient is so large that a step small
      enough to keep the loss linear is below what float64 resolves (numeric is NaN),
    - ``"not_finite"``: the analytic gradient is NaN or inf (numeric is NaN).
    """

    model: str
    entry: GradCheckEntry
    eps: float
    status: str

    @property
    def agrees(self) -> bool:
        return self.status == "agrees"


def _check_entry(model: str, name: str, p: np.ndarray, g: np.ndarray, loss_fn: Callable,
                 eps: float, rel: float) -> LiveCheck:
    """Check the largest finite entry of gradient ``g`` of weight array ``p`` (same shape)."""
    finite = np.isfinite(g)
    if not finite.all():                                    # show a non-finite entry
        idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(~finite.ravel())), g.shape))
        nan = float("nan")
        return LiveCheck(model, GradCheckEntry(name, idx, float(g[idx]), nan, nan), nan, "not_finite")
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(np.abs(g))), g.shape))
    analytic, theta = float(g[idx]), float(p[idx])
    step = min(eps, STEP_TIMES_GRADIENT / abs(analytic)) if analytic else eps
    step = float(2.0 ** np.floor(np.log2(step)))            # exact θ ± ε
    smallest = SMALLEST_STEP * max(abs(theta), 1.0)
    if step < smallest:
        return LiveCheck(model, GradCheckEntry(name, idx, analytic, float("nan"), float("nan")),
                         step, "too_large")
    sl = tuple(slice(i, i + 1) for i in idx)                # a view: perturbing it changes p
    (e,) = check_gradients(loss_fn, {name: p[sl]}, {name: g[sl]}, eps=step)
    status = "agrees" if e.agrees(rel=rel) else "disagrees"
    if status == "disagrees" and step / 16 >= smallest:     # settled, or bending too sharply?
        (e2,) = check_gradients(loss_fn, {name: p[sl]}, {name: g[sl]}, eps=step / 16)
        if e2.agrees(rel=rel):
            e, step, status = e2, step / 16, "agrees"
        elif abs(e2.numeric - e.numeric) > rel * (abs(e2.numeric) + abs(e.numeric)):
            e, step, status = e2, step / 16, "unresolved"
    return LiveCheck(model, replace(e, index=idx), step, status)


def live_gradcheck(x, hidden_size: int = 16, seed: int = 0, spectral_radius: float = 0.9,
                   forget_bias: float = 1.0, eps: float = 1e-3, rel: float = 1e-5,
                   cells=("lstm", "rnn"), progress: Callable[[float], None] | None = None
                   ) -> list[LiveCheck]:
    """Check the gradient the page plots against five-point finite differences.

    One entry per weight array of each of ``cells`` (the LSTM: 8, the RNN: 2, the GRU: 7),
    4 forward passes each (4 more for an entry that needs a second step). ``progress`` (if
    given) is called with the fraction of entries done (0..1) after each one.

    The step is ``ε = min(eps, 1e-6 / |dL/dθ|)``, rounded down to a power of two (so θ ± ε
    is exact in float64). A large gradient comes with a loss that bends sharply: with the
    RNN near its exploding regime L can change by O(1) when θ moves by 1e-5, and a fixed
    ε = 1e-3 would difference straight across that and measure nonsense (measured: 8987
    against an exact -68.8). Keeping ε·|dL/dθ| ≤ 1e-6 keeps L locally linear; rounding in
    L then costs about 1e-10 relative. When that ε falls below ``1e-10·max(|θ|, 1)``
    float64 cannot resolve the step and the entry is reported ``"too_large"`` instead.

    Returns a list of LiveCheck, the cells in the order given, each cell's arrays in the
    order of its ``named_arrays()``.
    """
    x = check_x(x)
    H = check_hidden(hidden_size)
    T = x.shape[0]
    u = loss_direction(H, seed)
    dh_out = np.zeros((T, H))
    dh_out[-1] = u
    models = []
    for name in cells:
        params = init_flow_cell(name, x.shape[1], H, seed, spectral_radius, forget_bias)
        kind = cell_of(params)
        with np.errstate(over="ignore", invalid="ignore"):
            grads = kind.backward(params, kind.forward(params, x), dh_out).grads
        models.append((name, params, grads, kind))
    total = sum(len(p.named_arrays()) for _, p, _, _ in models)
    out = []
    with np.errstate(over="ignore", invalid="ignore"):
        for name, params, grads, kind in models:
            def loss_fn(kind=kind, params=params):
                return float(u @ kind.forward(params, x).h[-1])
            for array, p in params.named_arrays().items():
                out.append(_check_entry(name, array, p, grads.named_arrays()[array], loss_fn, eps, rel))
                if progress is not None:
                    progress(len(out) / total)
    return out
