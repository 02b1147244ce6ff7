"""Input sequences to feed one cell, and the parser for numbers a user types in.

Every function returns ``x`` of shape (T, 1): one feature per timestep, time first.
"""
from __future__ import annotations

import re

import numpy as np

from .data import passengers

MAX_LENGTH = 500   # longest sequence a page accepts (typed or generated)
KINDS = ("passengers", "sine", "step", "ramp", "random", "custom")


def _check_length(n: int) -> int:
    if not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_LENGTH:
        raise ValueError(f"length must be between 1 and {MAX_LENGTH}, got {n!r}")
    return int(n)


def passenger_window(start: int = 0, length: int = 24) -> np.ndarray:
    """Months ``start .. start+length-1`` of the passenger data, min-max scaled to [0, 1]
    over all 144 months (for looking at a cell, not for forecasting). (T, 1)."""
    y = passengers()
    length = _check_length(length)
    if not 0 <= start <= len(y) - length:
        raise ValueError(f"start must be between 0 and {len(y) - length} for length {length}, "
                         f"got {start}")
    u = (y - y.min()) / (y.max() - y.min())
    return u[start:start + length, None]


def sine(length: int = 48, period: float = 12.0) -> np.ndarray:
    """sin(2π t / period), t = 0 .. length-1. (T, 1)."""
    t = np.arange(_check_length(length))
    return np.sin(2 * np.pi * t / period)[:, None]


def step(length: int = 24, at: int | None = None) -> np.ndarray:
    """Zeros, then ones from timestep ``at`` (default: half way). (T, 1)."""
    length = _check_length(length)
    at = length // 2 if at is None else at
    return (np.arange(length) >= at).astype(float)[:, None]


def ramp(length: int = 6) -> np.ndarray:
    """The Keras tutorial's linear trend 0, 0.2, 0.4, ... (6 values reach 1.0). (T, 1)."""
    return (np.arange(_check_length(length)) / 5.0)[:, None]


def random_uniform(length: int = 10, seed: int = 0) -> np.ndarray:
    """The Keras examples tutorial's sequence-classification input: uniform on [0, 1). (T, 1)."""
    return np.random.default_rng(seed).random(_check_length(length))[:, None]


class SequenceError(ValueError):
    """A typed sequence that can't be read. ``code`` says why ("empty", "too_many",
    "not_number", "not_finite") and ``values`` holds what a translated message needs
    (``common.sequence_error.<code>`` in the app): ``k`` the position, ``token`` the
    bad text as typed, cut to ``TOKEN_CHARS`` characters."""

    KEY = "common.sequence_error"

    def __init__(self, message: str, code: str, **values):
        super().__init__(message)
        self.code, self.values = code, values


TOKEN_CHARS = 40   # a bad token is quoted this far: a pasted 5 MB word is not echoed whole


def _short(token: str) -> str:
    return token if len(token) <= TOKEN_CHARS else token[:TOKEN_CHARS - 1] + "…"


def parse_sequence(text: str) -> np.ndarray:
    """Numbers separated by commas, spaces, semicolons or new lines -> (T, 1).

    Raises SequenceError (a ValueError) naming the first bad token (cut to TOKEN_CHARS
    characters), for empty text, more than MAX_LENGTH numbers, or NaN/inf (also a number
    too large for a float, "1e400"). Full-width commas (，) are accepted, and so is any
    text Python's ``float`` reads, e.g. digits of other scripts ("１２", "٣").
    """
    tokens = [tok for tok in re.split(r"[\s,;，；、]+", text.strip()) if tok]
    if not tokens:
        raise SequenceError("no numbers found: type numbers separated by commas or spaces", "empty")
    if len(tokens) > MAX_LENGTH:
        raise SequenceError(f"too many numbers: at most {MAX_LENGTH}, got {len(tokens)}",
                            "too_many", max=MAX_LENGTH, n=len(tokens))
    values = []
    for k, tok in enumerate(tokens, start=1):
        try:
            v = float(tok)
        except ValueError:
            raise SequenceError(f"number {k} is not a number: {_short(tok)!r}", "not_number",
                                k=k, token=_short(tok)) from None
        if not np.isfinite(v):
            raise SequenceError(f"number {k} is not finite: {_short(tok)!r}", "not_finite",
                                k=k, token=_short(tok))
        values.append(v)
    return np.array(values)[:, None]
