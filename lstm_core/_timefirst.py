"""Time-first arrays, shared by every cell: checking x and the initial states, the state
each step started from, and a trace listed last step first.

x is ``(T, D)`` for one sequence or ``(T, B, D)`` for a batch; inside the engine always
``(T, B, D)``, with ``batched`` saying which one came in.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np


def previous_states(S: np.ndarray, s0: np.ndarray, reversed_: bool = False) -> np.ndarray:
    """The state each step started from, for states S (T, B, H) and the initial s0 (B, H):
    s0 then S[:-1]; for a time-reversed record S[1:] then s0."""
    if reversed_:
        return np.concatenate([S[1:], s0[None]])
    return np.concatenate([s0[None], S[:-1]])


def time_reversed(trace):
    """Any cell's trace with its ``TIME_FIELDS`` flipped and ``reversed`` toggled."""
    return replace(trace, reversed=not trace.reversed,
                   **{name: getattr(trace, name)[::-1] for name in trace.TIME_FIELDS})


def as_batch(x: np.ndarray, D: int) -> tuple[np.ndarray, bool]:
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


def initial_state(s, B: int, H: int, name: str) -> np.ndarray:
    """s as (B, H): zeros for None, an (H,) vector repeated for every sequence."""
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


def checked_dh(dh, trace) -> np.ndarray:
    """dh as (T, B, H) after checking it has the shape of ``trace.h``."""
    if trace.reversed:
        raise ValueError("backward needs the trace as forward made it, not time_reversed()")
    dH = np.asarray(dh, dtype=float)
    if dH.shape != trace.h.shape:
        raise ValueError(f"dh must have the shape of trace.h {trace.h.shape}, got {dH.shape}")
    return dH if trace.batched else dH[:, None]
