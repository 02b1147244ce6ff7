"""The temporal order problem: experiment 6a of Hochreiter & Schmidhuber 1997 (section 5.6).

A sequence starts with E, ends with the "trigger" B, and is otherwise made of random
distractors from {a, b, c, d}, except at two steps t₁ ∈ [10, 20] and t₂ ∈ [50, 60], where it
shows X or Y. Lengths are drawn from [100, 110]. At the trigger the model must name the
order it saw: XX, XY, YX or YY (the paper's classes Q, R, S, U); a sequence counts as
correct when every output's absolute error is below 0.3. Symbols are one-hot (8 inputs).

Scaled by the minimal length L (the paper: L = 100): lengths in [L, L + L//10],
t₁ ∈ [L//10, L//5], t₂ ∈ [L//2, L//2 + L//10]. Steps count from 0 at the start symbol E.
The first relevant symbol must be carried at least L - 1 - L//5 steps (79 for L = 100).

Where we differ from the paper: its 4 output units were sigmoids trained on squared error;
ours are a softmax trained on cross-entropy. The 0.3 criterion is applied unchanged to the
four probabilities. (The paper really starts with E and ends with B, not the other way.)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .common import Chance, Scored, TaskBatch, check_int, check_rng, check_scored, check_size, \
    one_hot, padding_mask, sequence_correct

MAX_LENGTH = 2000
SYMBOLS = ("a", "b", "c", "d", "X", "Y", "B", "E")   # input units, in this order
CLASSES = ("XX", "XY", "YX", "YY")                   # output units: the paper's Q, R, S, U
_X, _B, _E = SYMBOLS.index("X"), SYMBOLS.index("B"), SYMBOLS.index("E")


@dataclass(frozen=True)
class TemporalOrder(Scored):
    """Temporal order with minimal length ``length`` (10 .. 2000; the paper: 100).

    Inputs (T, B, 8) one-hot over SYMBOLS; 4 outputs, loss "ce" at the trigger B.
    """

    length: int = 100

    name: ClassVar[str] = "temporal_order"
    loss: ClassVar[str] = "ce"
    input_size: ClassVar[int] = len(SYMBOLS)
    output_size: ClassVar[int] = len(CLASSES)
    tolerance: ClassVar[float] = 0.3     # correct when every output's |error| < 0.3

    def __post_init__(self):
        check_int("length", self.length, 10, MAX_LENGTH)

    @property
    def length_range(self) -> tuple[int, int]:
        return self.length, self.length + self.length // 10

    @property
    def t1_range(self) -> tuple[int, int]:
        """Where the first X/Y can be, both ends possible ((10, 20) for length 100)."""
        return self.length // 10, self.length // 5

    @property
    def t2_range(self) -> tuple[int, int]:
        """Where the second X/Y can be ((50, 60) for length 100)."""
        return self.length // 2, self.length // 2 + self.length // 10

    @property
    def min_lag(self) -> int:
        """Fewest steps between the first X/Y and the trigger."""
        return self.length - 1 - self.t1_range[1]

    def sample(self, rng: np.random.Generator, batch: int) -> TaskBatch:
        """``batch`` fresh sequences: X (T, B, 8), Y (T, B, 4), mask (T, B), lengths (B,).

        The class is 2·[first is Y] + [second is Y], an index into CLASSES.
        """
        rng = check_rng(rng)
        low, high = self.length_range
        B = check_size(batch, high, self.input_size)
        lengths = rng.integers(low, high + 1, size=B)              # (B,)
        T = int(lengths.max())
        cols = np.arange(B)
        idx = rng.integers(0, 4, size=(T, B))                      # distractors a..d
        idx[0] = _E
        idx[lengths - 1, cols] = _B
        t1 = rng.integers(self.t1_range[0], self.t1_range[1] + 1, size=B)
        t2 = rng.integers(self.t2_range[0], self.t2_range[1] + 1, size=B)
        first, second = rng.integers(0, 2, size=B), rng.integers(0, 2, size=B)  # 0 = X, 1 = Y
        idx[t1, cols] = _X + first
        idx[t2, cols] = _X + second
        X = one_hot(idx, self.input_size, padding_mask(lengths, T))          # (T, B, 8)
        Y = np.zeros((T, B, self.output_size))
        Y[lengths - 1, cols, 2 * first + second] = 1.0
        mask = np.zeros((T, B), dtype=bool)
        mask[lengths - 1, cols] = True
        return TaskBatch(X, Y, mask, lengths)

    def memory_steps(self, x) -> np.ndarray:
        """Steps of one sequence x (n, 8) that the answer needs: where X or Y is shown."""
        return np.flatnonzero(np.asarray(x)[:, _X:_X + 2].sum(axis=-1) > 0)

    def correct(self, outputs, Y, mask) -> np.ndarray:
        """(B,) True where all 4 outputs are within 0.3 of the target at the trigger.

        outputs (T, B, 4) are probabilities (``task_outputs("ce", z)``).
        """
        outputs, Y, mask = check_scored(outputs, Y, mask)
        step_ok = np.abs(outputs - Y).max(axis=-1) < self.tolerance
        return sequence_correct(step_ok, mask)


    @property
    def chance(self) -> Chance:
        """Probability 1/4 for each class: cross-entropy ln 4, and no sequence correct (the
        true class's output is 0.75 short). Guessing one class would score 1/4."""
        return Chance(loss=float(np.log(4.0)), score=0.0, predictor="1/4 for each class")
