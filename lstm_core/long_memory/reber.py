"""The embedded Reber grammar: experiment 1 of Hochreiter & Schmidhuber 1997 (section 5.1).

The Reber grammar (Reber 1967; Cleeremans, Servan-Schreiber & McClelland 1989) is a small
automaton over 7 symbols; from each state it moves along one of its (at most two) arcs with
equal probability and emits the arc's symbol:

    0 -B-> 1    1 -T-> 2   1 -P-> 3    2 -S-> 2   2 -X-> 4    3 -T-> 3   3 -V-> 5
    4 -X-> 3    4 -S-> 6   5 -P-> 4    5 -V-> 6   6 -E-> end

e.g. BTXSE, BPVVE, BTSSXXTVVE. The *embedded* grammar wraps a Reber string: B, then T or P,
the Reber string, the same T or P again, E, e.g. BTBPVVETE. Only the second symbol tells
the penultimate one, across the whole inner string.

The task is next-symbol prediction. The model reads every symbol but the final E; its
target at each step is the *set* of symbols the grammar allows next (multi-hot over 7
outputs, loss "bce"). Because every state's arcs carry different symbols, that set is a
function of the string read so far. The paper's criterion: a string is right when at every
step the output units of the legal next symbols are the most active ones (here: the
smallest legal output above the largest illegal one), and a run succeeds when every string
of the 256 test strings is right.

Where we differ from the paper: it trained on a fixed set of 256 strings (and required
the training strings right too); we draw fresh strings for every batch and test on 256
fresh ones. Its outputs were sigmoids trained on squared error; ours are sigmoids trained
on binary cross-entropy.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .common import Chance, Scored, TaskBatch, check_int, check_rng, check_scored, check_size, one_hot, \
    padding_mask, sequence_correct

SYMBOLS = ("B", "T", "P", "S", "X", "V", "E")
END = "end"
MAX_STRINGS = 100_000      # strings per batch: each is generated symbol by symbol in Python

# state -> {symbol: next state}; arcs in a fixed order so generation is reproducible
REBER: dict = {0: {"B": 1}, 1: {"T": 2, "P": 3}, 2: {"S": 2, "X": 4}, 3: {"T": 3, "V": 5},
               4: {"X": 3, "S": 6}, 5: {"P": 4, "V": 6}, 6: {"E": END}, END: {}}


def _embedded_automaton() -> dict:
    """States: "start", "branch", (letter, s) inside the Reber string, (letter, "done"),
    "last", END. The letter (T or P) chosen at the branch is part of the state."""
    arcs: dict = {"start": {"B": "branch"}, "branch": {"T": ("T", 0), "P": ("P", 0)},
                  "last": {"E": END}, END: {}}
    for letter in ("T", "P"):
        for s, out in REBER.items():
            if s != END:
                arcs[(letter, s)] = {sym: (letter, "done" if nxt == END else nxt)
                                     for sym, nxt in out.items()}
        arcs[(letter, "done")] = {letter: "last"}
    return arcs


EMBEDDED_REBER = _embedded_automaton()


def _automaton(embedded: bool) -> tuple[dict, object]:
    return (EMBEDDED_REBER, "start") if embedded else (REBER, 0)


def legal_next(string: str, embedded: bool = True) -> list[frozenset]:
    """The set of symbols the grammar allows after each prefix: entry t is the set allowed
    after ``string[:t+1]``. Raises ValueError naming the first symbol the grammar forbids."""
    arcs, state = _automaton(embedded)
    sets = []
    for t, sym in enumerate(string):
        if sym not in arcs[state]:
            allowed = "/".join(arcs[state]) or "nothing (the string is complete)"
            raise ValueError(f"{string!r} leaves the grammar at position {t}: {sym!r} where "
                             f"{allowed} may come")
        state = arcs[state][sym]
        sets.append(frozenset(arcs[state]))
    return sets


def accepts(string: str, embedded: bool = True) -> bool:
    """Whether the (embedded) Reber grammar generates ``string``, complete."""
    if not isinstance(string, str) or not string:
        return False
    try:
        sets = legal_next(string, embedded)
    except ValueError:
        return False
    return not sets[-1]                       # nothing may follow: the automaton ended


def generate(rng: np.random.Generator, embedded: bool = True) -> str:
    """One string, each arc out of a state taken with equal probability."""
    rng = check_rng(rng)
    arcs, state = _automaton(embedded)
    out = []
    while arcs[state]:
        options = list(arcs[state])
        sym = options[int(rng.integers(len(options)))] if len(options) > 1 else options[0]
        out.append(sym)
        state = arcs[state][sym]
    return "".join(out)


def encode(strings: list[str], embedded: bool = True) -> TaskBatch:
    """Strings of the grammar -> a TaskBatch: X (T, B, 7) one-hot of every symbol but the
    last, Y (T, B, 7) the legal next set at each step, mask (T, B), lengths (B,) = len - 1."""
    if not strings:
        raise ValueError("encode needs at least one string, got none")
    lengths = np.array([len(s) - 1 for s in strings])
    T, B = int(lengths.max()), len(strings)
    idx = np.zeros((T, B), dtype=np.int64)
    Y = np.zeros((T, B, len(SYMBOLS)))
    for b, s in enumerate(strings):
        sets = legal_next(s, embedded)
        if sets[-1]:
            raise ValueError(f"{s!r} is not a complete string of the grammar")
        idx[:len(s) - 1, b] = [SYMBOLS.index(c) for c in s[:-1]]
        for t, allowed in enumerate(sets[:-1]):
            Y[t, b, [SYMBOLS.index(c) for c in allowed]] = 1.0
    mask = padding_mask(lengths, T)
    return TaskBatch(one_hot(idx, len(SYMBOLS), mask), Y, mask, lengths)


def decode(X: np.ndarray, lengths: np.ndarray) -> list[str]:
    """Inverse of the inputs of ``encode``: X (T, B, 7) -> the strings without their final E."""
    return ["".join(SYMBOLS[k] for k in X[:n, b].argmax(axis=-1)) for b, n in enumerate(lengths)]


@dataclass(frozen=True)
class EmbeddedReber(Scored):
    """Next-symbol prediction on the embedded Reber grammar. There is no lag to set: it is
    the inner string's length, at least 5 and 8 on average (99% of strings: at most 20).
    7 inputs, 7 outputs, loss "bce" at every step."""

    name: ClassVar[str] = "reber"
    loss: ClassVar[str] = "bce"
    input_size: ClassVar[int] = len(SYMBOLS)
    output_size: ClassVar[int] = len(SYMBOLS)
    test_size: ClassVar[int] = 256       # the paper's test set

    def sample(self, rng: np.random.Generator, batch: int) -> TaskBatch:
        """``batch`` fresh strings, encoded; see ``encode``."""
        rng = check_rng(rng)
        check_int("batch", batch, 1, MAX_STRINGS)
        strings = [generate(rng) for _ in range(int(batch))]
        check_size(batch, max(len(s) for s in strings), self.input_size)
        return encode(strings)

    def memory_steps(self, x) -> np.ndarray:
        """Steps of one string x (n, 7) that the penultimate prediction needs: the T or P
        after the first B."""
        return np.array([1])

    def correct(self, outputs, Y, mask) -> np.ndarray:
        """(B,) True where at every step the legal next symbols' outputs are all above every
        other output (ties count as wrong). outputs (T, B, 7), e.g. σ(z)."""
        outputs, Y, mask = check_scored(outputs, Y, mask)
        legal = Y > 0.5
        with np.errstate(invalid="ignore"):
            low_legal = np.where(legal, outputs, np.inf).min(axis=-1)      # (T, B)
            high_other = np.where(legal, -np.inf, outputs).max(axis=-1)
        return sequence_correct(low_legal > high_other, mask)


    @property
    def chance(self) -> Chance:
        """Every step right except after the inner E, where T and P both get 1/2: binary
        cross-entropy 2 ln 2 per string, and no string right (a tie). Guessing scores 1/2."""
        return Chance(loss=float(2 * np.log(2.0)), score=0.0,
                      predictor="every step right but 1/2 for T and P before the last E")
