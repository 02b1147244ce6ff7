"""The adding problem: experiment 4 of Hochreiter & Schmidhuber 1997 (section 5.4).

Each step is a pair (value, marker), value uniform in [-1, 1]. Exactly two pairs are marked
with 1: first one of the first ten pairs (its value is X₁), then one of the first T/2 - 1
pairs still unmarked (X₂). At the end of the sequence, and only there, the target is

    0.5 + (X₁ + X₂) / 4          (the sum scaled into [0, 1])

and a sequence counts as correct when |output - target| < 0.04. Lengths are drawn
uniformly from [T, T + T/10] (integers, both ends included). The last marker sits at most
at step T/2 - 1, so the answer must be carried at least T - T/2 steps (50 for T = 100).

Where we differ from the paper (say so beside any figure):
- Markers. The paper also marks the first and the last pair with -1 and, "in the rare case
  where the first pair got marked", sets X₁ to zero. By default we use 0/1 markers only (as
  the feasibility runs of issue 15 did); ``paper_markers=True`` gives the paper's scheme,
  where we zero the first pair's value whichever of the two draws marked it.
- "One of the first T/2 - 1 still unmarked pairs" is read literally: the second marker is
  drawn uniformly from the first T/2 - 1 pairs *that are not marked*, so it can land at
  step T/2 - 1 when the first marker sits before it.
- For T < 22 the first window shrinks from 10 to T/2 - 1 pairs, so both markers stay in the
  first half and the minimal lag stays T - T/2 (the paper used T ≥ 100 only).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .common import Chance, Scored, TaskBatch, check_int, check_rng, check_scored, check_size, \
    sequence_correct

MAX_T = 2000


@dataclass(frozen=True)
class AddingProblem(Scored):
    """The adding problem with minimal length ``T`` (6 .. 2000; the paper: 100, 500, 1000).

    Inputs (T, B, 2): [value, marker]; one output, loss "mse" at each sequence's last step.
    """

    T: int = 100
    paper_markers: bool = False     # True: the paper's -1 markers on the first and last pair

    name: ClassVar[str] = "adding"
    loss: ClassVar[str] = "mse"
    input_size: ClassVar[int] = 2
    output_size: ClassVar[int] = 1
    tolerance: ClassVar[float] = 0.04   # correct when |error| < 0.04 at the end

    def __post_init__(self):
        check_int("T", self.T, 6, MAX_T)
        if not isinstance(self.paper_markers, (bool, np.bool_)):
            raise ValueError(f"paper_markers must be True or False, got {self.paper_markers!r}")

    @property
    def length_range(self) -> tuple[int, int]:
        """Shortest and longest sequence, both possible: (T, T + T//10)."""
        return self.T, self.T + self.T // 10

    @property
    def first_window(self) -> int:
        """The first marker is one of the first ``first_window`` steps (10 when T ≥ 22)."""
        return min(10, self.second_window)

    @property
    def second_window(self) -> int:
        """The second marker is one of the first T//2 - 1 *unmarked* steps."""
        return self.T // 2 - 1

    @property
    def min_lag(self) -> int:
        """Fewest steps between the last marker and the end: T - T//2."""
        return self.T - self.T // 2

    def sample(self, rng: np.random.Generator, batch: int) -> TaskBatch:
        """``batch`` fresh sequences: X (T, B, 2), Y (T, B, 1), mask (T, B), lengths (B,)."""
        rng = check_rng(rng)
        low, high = self.length_range
        B = check_size(batch, high, self.input_size)
        lengths = rng.integers(low, high + 1, size=B)             # (B,)
        T = int(lengths.max())
        cols = np.arange(B)
        values = rng.uniform(-1.0, 1.0, size=(T, B))               # (T, B)
        values[np.arange(T)[:, None] >= lengths] = 0.0             # padding
        i1 = rng.integers(0, self.first_window, size=B)            # first marker
        k = rng.integers(0, self.second_window, size=B)            # k-th unmarked step
        i2 = k + (k >= i1)                                         # skips i1: never equal
        markers = np.zeros((T, B))
        if self.paper_markers:
            markers[0] = -1.0
            markers[lengths - 1, cols] = -1.0
            values[0, (i1 == 0) | (i2 == 0)] = 0.0                 # "X₁ is set to zero"
        markers[i1, cols] = 1.0
        markers[i2, cols] = 1.0
        X = np.stack([values, markers], axis=-1)                   # (T, B, 2)
        Y = np.zeros((T, B, 1))
        Y[lengths - 1, cols, 0] = 0.5 + (values[i1, cols] + values[i2, cols]) / 4.0
        mask = np.zeros((T, B), dtype=bool)
        mask[lengths - 1, cols] = True
        return TaskBatch(X, Y, mask, lengths)

    def memory_steps(self, x) -> np.ndarray:
        """Steps of one sequence x (n, 2) whose values the answer needs: the two marked."""
        return np.flatnonzero(np.asarray(x)[:, 1] == 1.0)

    def correct(self, outputs, Y, mask) -> np.ndarray:
        """(B,) True where |output - target| < 0.04 at the end. outputs, Y (T, B, 1)."""
        outputs, Y, mask = check_scored(outputs, Y, mask)
        step_ok = np.abs(outputs - Y).max(axis=-1) < self.tolerance   # (T, B); NaN -> False
        return sequence_correct(step_ok, mask)


    @property
    def first_pair_marked(self) -> float:
        """P(the first pair is marked): zero with 0/1 markers, where it has no special role."""
        if not self.paper_markers:
            return 0.0
        n1, n2 = self.first_window, self.second_window
        return 1 / n1 + (1 - 1 / n1) / n2          # the first draw, or else the second

    @property
    def chance(self) -> Chance:
        """Always answering the mean target 0.5.

        MSE = Var((X₁ + X₂)/4) = 2 · (1/3) / 16 = 1/24 ≈ 0.0417 (U(-1, 1) has variance 1/3);
        with the paper's markers X₁ or X₂ is zero with probability q, so (2 - q)/48. The score is
        P(|X₁ + X₂| < 0.16): X₁ + X₂ has the triangular density (2 - |s|)/4 on [-2, 2], so
        P(|s| < a) = a - a²/4 = 0.1536; and P(|X₂| < 0.16) = 0.16 when X₁ is zero.
        """
        q = self.first_pair_marked
        a = 4 * self.tolerance
        return Chance(loss=(2 - q) / 48, score=(1 - q) * (a - a * a / 4) + q * a,
                      predictor="the mean target 0.5")
