"""Finite differences against an analytic gradient.

The five-point central stencil  L'(p) ≈ (-L(p+2ε) + 8L(p+ε) - 8L(p-ε) + L(p-2ε)) / 12ε
has truncation error O(ε⁴), so ε can be 1e-3: rounding (~1e-16·|L|/ε) then stays near
1e-13, small enough to check gradients of 1e-6 (deep layers, long sequences) to 1e-6
relative error. The two-point formula at its best ε (~1e-5) cannot.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class GradCheckEntry:
    """One checked entry: ``name[index]`` with both gradients and their relative error."""

    name: str
    index: tuple[int, ...]
    analytic: float
    numeric: float
    rel_error: float

    @property
    def abs_error(self) -> float:
        return abs(self.analytic - self.numeric)

    def agrees(self, rel: float = 1e-6, tiny: float = 1e-6, abs_tol: float = 1e-11) -> bool:
        """Relative error below ``rel``; for a gradient below ``tiny`` (where rounding in L,
        ~1e-13 absolute, dominates any finite difference) absolute error below ``abs_tol``."""
        if max(abs(self.analytic), abs(self.numeric)) < tiny:
            return self.abs_error < abs_tol
        return self.rel_error < rel


def relative_error(a: float, n: float) -> float:
    """|a - n| / max(|a| + |n|, 1e-12): 0 when equal, 1 when of opposite sign."""
    return abs(a - n) / max(abs(a) + abs(n), 1e-12)


def check_gradients(loss_fn: Callable[[], float], arrays: dict[str, np.ndarray],
                    grads: dict[str, np.ndarray], eps: float = 1e-3,
                    max_per_array: int | None = None, seed: int = 0) -> list[GradCheckEntry]:
    """Compare ``grads`` with the five-point finite difference, entry by entry.

    Parameters
    ----------
    loss_fn : computes the loss from the *current* contents of ``arrays``
    arrays : name -> parameter array; entries are perturbed in place and restored
    grads : name -> analytic gradient, same shape as ``arrays[name]``
    max_per_array : check at most this many entries per array (random, reproducible);
        None checks every entry

    Returns one GradCheckEntry per checked entry.
    """
    rng = np.random.default_rng(seed)
    out = []
    for name, p in arrays.items():
        g = grads[name]
        if g.shape != p.shape:
            raise ValueError(f"gradient of {name} has shape {g.shape}, parameter has {p.shape}")
        flat = np.arange(p.size)
        if max_per_array is not None and p.size > max_per_array:
            flat = rng.choice(p.size, size=max_per_array, replace=False)
        for k in flat:
            idx = np.unravel_index(k, p.shape)
            old = p[idx]
            values = []
            for step in (2, 1, -1, -2):
                p[idx] = old + step * eps
                values.append(loss_fn())
            p[idx] = old
            numeric = (-values[0] + 8 * values[1] - 8 * values[2] + values[3]) / (12 * eps)
            out.append(GradCheckEntry(name, tuple(int(i) for i in idx), float(g[idx]),
                                      float(numeric), relative_error(float(g[idx]), numeric)))
    return out
