"""Noise-free sequences with long time lags: experiment 2a of Hochreiter & Schmidhuber 1997.

There are p + 1 symbols a₁, …, a_{p-1}, x, y, each one-hot, and only two sequences, each
drawn with probability 1/2:

    (y, a₁, a₂, …, a_{p-1}, y)   and   (x, a₁, a₂, …, a_{p-1}, x)

The model reads one symbol per step and predicts the next one. Every prediction is
determined by the symbol just read except the last: after a_{p-1} only the *first* symbol
says whether x or y comes, p steps back. The paper's success criterion: the absolute error
of every output unit below 0.25.

Layout: the model reads the first p symbols (inputs (p, B, p+1)) and its target at step t
is symbol t + 1 (targets (p, B, p+1)). ``targets="all"`` (the paper: "error signals occur at
every time step") puts the loss and the score on all p steps; ``targets="last"`` only on the
final prediction, the one that needs the memory. Symbol numbers: a_k is k - 1, x is p - 1,
y is p. All sequences have the same length, so there is no padding.

Where we differ from the paper: its output units were sigmoids trained on squared error;
ours are a softmax trained on cross-entropy, and the 0.25 criterion is applied to the
probabilities at every scored step.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .common import Chance, Scored, TaskBatch, check_int, check_rng, check_scored, check_size, \
    one_hot, sequence_correct

MAX_P = 1000
TARGETS = ("all", "last")


@dataclass(frozen=True)
class NoiseFreeLag(Scored):
    """Experiment 2a with lag ``p`` (2 .. 1000; the paper: p = 4, 10, 100).

    Inputs (p, B, p+1) one-hot; p+1 outputs, loss "ce" at every step or only the last.
    """

    p: int = 100
    targets: str = "all"

    name: ClassVar[str] = "noise_free"
    loss: ClassVar[str] = "ce"
    tolerance: ClassVar[float] = 0.25    # correct when every output's |error| < 0.25

    def __post_init__(self):
        check_int("p", self.p, 2, MAX_P)
        if self.targets not in TARGETS:
            raise ValueError(f"targets must be one of {TARGETS}, got {self.targets!r}")

    @property
    def input_size(self) -> int:
        return self.p + 1

    @property
    def output_size(self) -> int:
        return self.p + 1

    @property
    def length_range(self) -> tuple[int, int]:
        return self.p, self.p

    @property
    def min_lag(self) -> int:
        """The first symbol is needed p steps later."""
        return self.p

    def symbol_names(self) -> tuple[str, ...]:
        """Names of the p + 1 symbols in unit order: a1 … a{p-1}, x, y."""
        return tuple(f"a{k}" for k in range(1, self.p)) + ("x", "y")

    def sample(self, rng: np.random.Generator, batch: int) -> TaskBatch:
        """``batch`` sequences: X, Y (p, B, p+1), mask (p, B), lengths (B,) all p."""
        rng = check_rng(rng)
        p = self.p
        B = check_size(batch, p, p + 1)
        ends = p - 1 + rng.integers(0, 2, size=B)                  # x (p-1) or y (p)
        idx = np.empty((p + 1, B), dtype=np.int64)                 # the whole sequence
        idx[0] = idx[p] = ends
        idx[1:p] = np.arange(p - 1)[:, None]                       # a₁ … a_{p-1}
        X = one_hot(idx[:-1], p + 1)                                # (p, B, p+1)
        Y = one_hot(idx[1:], p + 1)                                 # next symbol
        mask = np.zeros((p, B), dtype=bool)
        if self.targets == "all":
            mask[:] = True
        else:
            mask[-1] = True
        return TaskBatch(X, Y, mask, np.full(B, p))

    def memory_steps(self, x) -> np.ndarray:
        """Steps of one sequence x (p, p+1) that the last prediction needs: the first."""
        return np.array([0])

    def correct(self, outputs, Y, mask) -> np.ndarray:
        """(B,) True where every output is within 0.25 of its target at every scored step.

        outputs (p, B, p+1) are probabilities (``task_outputs("ce", z)``).
        """
        outputs, Y, mask = check_scored(outputs, Y, mask)
        step_ok = np.abs(outputs - Y).max(axis=-1) < self.tolerance
        return sequence_correct(step_ok, mask)


    @property
    def chance(self) -> Chance:
        """Every step right except the last, where it says 1/2 for x and 1/2 for y: loss ln 2
        per sequence, and no sequence correct (both errors are 0.5). Guessing scores 1/2."""
        return Chance(loss=float(np.log(2.0)), score=0.0,
                      predictor="every step right but 1/2 for x and y at the last")
