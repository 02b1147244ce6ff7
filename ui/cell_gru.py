r"""The cell page's GRU (issue 12): its run over one sequence and its equations with numbers.

Pure functions, no Streamlit; the LSTM's counterparts are ``ui.cell_views.CellRun`` and
``ui.cell_figures.numbers_latex``. The equations are ``lstm_core.gru``'s (PyTorch's)::

    r_t = σ(W_r·[h_{t-1}, x_t] + b_r)                               reset gate
    z_t = σ(W_z·[h_{t-1}, x_t] + b_z)                               update gate
    n_t = tanh(W_n,x·x_t + b_n + r_t ⊙ (W_n,h·h_{t-1} + b_hn))      candidate
    h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_core import GRUParams, gru_forward
from lstm_core.cells import GRU
from ui.cell_figures import _paren, fmt
from ui.cell_run import TraceRun

PARTS = ("r", "z", "n")             # the three pre-activations, each split in its parts


@dataclass
class GRURun(TraceRun):
    """One GRU forward pass over one sequence (``TraceRun``): ``r, z, n, h`` (T, H) read from
    the trace; ``bias`` holds b_r, b_z, b_n, b_hn (H,) by name r, z, n, hn."""

    def scale(self, q: str) -> float:
        """Every GRU quantity is bounded: gates in (0, 1), n and h in (-1, 1)."""
        return 1.0

    def at(self, t: int, j: int) -> dict[str, float]:
        """Every value of unit ``j`` at step ``t``: r, z, n, h, h_prev, x (the input, when
        D = 1), and the parts ``zh_g``, ``zx_g``, ``b_g`` of each gate, ``b_hn``."""
        out = {q: float(getattr(self, q)[t, j]) for q in self.quantities}
        out["h_prev"] = float(self.h_prev[t, j])
        out["x"] = float(self.x[t, 0]) if self.x.shape[1] == 1 else float("nan")
        for g in PARTS:
            out[f"zh_{g}"] = float(self.z_h[g][t, j])
            out[f"zx_{g}"] = float(self.z_x[g][t, j])
            out[f"b_{g}"] = float(self.bias[g][j])
        out["b_hn"] = float(self.bias["hn"][j])
        return out


def run_gru(params: GRUParams, x: np.ndarray) -> GRURun:
    """Run ``params`` over ``x`` (T, D) from a zero state and split every pre-activation
    into its part from h_{t-1} and its part from x_t (the first H columns of W_g act on h)."""
    x = np.asarray(x, dtype=float)
    trace = gru_forward(params, x)
    H = params.hidden_size
    h_prev = trace.h_prev                                            # (T, H)
    weights = {"r": params.W_r, "z": params.W_z, "n": params.W_n}    # each (H, H + D)
    z_h = {g: h_prev @ W[:, :H].T for g, W in weights.items()}       # (T, H)
    z_x = {g: x @ W[:, H:].T for g, W in weights.items()}            # (T, H)
    bias = {"r": params.b_r, "z": params.b_z, "n": params.b_n, "hn": params.b_hn}
    return GRURun(x=x, trace=trace, cell=GRU, z_h=z_h, z_x=z_x, bias=bias)


def numbers_latex(v: dict) -> str:
    r"""The four equations of one GRU step, the numbers of unit j filled in, one ``aligned``
    block; the first row names the three parts of a pre-activation with braces."""
    def parts(g: str, named: bool = False) -> str:
        values = [_paren(fmt(v[f"{key}_{g}"])) for key in ("zh", "zx", "b")]
        if named:
            values = [rf"\underbrace{{{value}}}_{{{name}}}"
                      for value, name in zip(values, (r"h_{t-1}", "x_t", f"b_{g}"))]
        return " + ".join(values)

    rows = [rf"r_t &= \sigma\left({parts('r', named=True)}\right) = {fmt(v['r'])}",
            rf"z_t &= \sigma\left({parts('z')}\right) = {fmt(v['z'])}",
            rf"n_t &= \tanh\left({_paren(fmt(v['zx_n']))} + {_paren(fmt(v['b_n']))} + {fmt(v['r'])} \times "
            rf"({fmt(v['zh_n'])} + {_paren(fmt(v['b_hn']))})\right) = {fmt(v['n'])}",
            rf"h_t &= (1 - {fmt(v['z'])}) \times {_paren(fmt(v['n']))} + {fmt(v['z'])} \times "
            rf"{_paren(fmt(v['h_prev']))} = {fmt(v['h'])}"]
    return r"\small\begin{aligned}" + r" \\[2pt] ".join(rows) + r"\end{aligned}"
