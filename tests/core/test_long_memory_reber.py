"""The (embedded) Reber grammar: the automaton, the generator, the targets, the score."""
import re

import numpy as np
import pytest

from lstm_core.long_memory import EmbeddedReber, masked_loss
from lstm_core.long_memory.reber import SYMBOLS, accepts, decode, encode, generate, legal_next

# An independent description of the same grammar, read off the automaton by hand:
# from state 4 the string reaches the end by S, or X T* V V, after any number of X T* V P.
_R4 = "(?:XT*VP)*(?:S|XT*VV)"
_INNER = f"B(?:TS*X{_R4}|PT*V(?:V|P{_R4}))E"
REBER_RE = re.compile(f"^{_INNER}$")
EMBEDDED_RE = re.compile(f"^B(?:T{_INNER}T|P{_INNER}P)E$")


@pytest.mark.parametrize("s", ["BTXSE", "BPVVE", "BTSSXXTVVE", "BPTVPXVVE", "BTXXVPSE"])
def test_known_reber_strings_are_accepted(s):
    assert accepts(s, embedded=False) and REBER_RE.match(s)


@pytest.mark.parametrize("s", ["", "BTXXE", "BTSSXXTVV", "BPVVEE", "TPVVE", "BTXSEX", "BXSE"])
def test_non_reber_strings_are_rejected(s):
    assert not accepts(s, embedded=False) and not REBER_RE.match(s)


@pytest.mark.parametrize("s, ok", [("BTBPVVETE", True), ("BPBTXSEPE", True),
                                   ("BTBPVVEPE", False), ("BTBPVVET", False),
                                   ("BPVVE", False), ("BTBTXSETEE", False)])
def test_embedded_strings_need_matching_outer_letters(s, ok):
    assert accepts(s) == ok == bool(EMBEDDED_RE.match(s))


def test_automaton_agrees_with_the_regular_expression_on_edited_strings():
    rng = np.random.default_rng(0)
    letters = list("BTPSXVE")
    verdicts = []
    for _ in range(5000):
        s = list(generate(rng, embedded=False))
        for _ in range(int(rng.integers(0, 3))):     # 0 to 2 random edits
            j = int(rng.integers(len(s)))
            op = int(rng.integers(3))
            if op == 0:
                s[j] = letters[int(rng.integers(7))]
            elif op == 1:
                s.insert(j, letters[int(rng.integers(7))])
            elif len(s) > 1:
                del s[j]
        s = "".join(s)
        verdicts.append(accepts(s, embedded=False))
        assert verdicts[-1] == bool(REBER_RE.match(s)), s
    assert 0.3 < np.mean(verdicts) < 0.7             # both kinds well represented


def test_generated_strings_are_accepted_and_corrupted_ones_rejected():
    rng = np.random.default_rng(1)
    for _ in range(1000):
        s = generate(rng)
        assert accepts(s) and EMBEDDED_RE.match(s)
        assert s[1] == s[-2] and s[1] in "TP"    # the second symbol is the penultimate
        swapped = s[:-2] + {"T": "P", "P": "T"}[s[-2]] + s[-1]
        assert not accepts(swapped) and not EMBEDDED_RE.match(swapped)
        assert not accepts(s[:-1])               # incomplete
        j = int(rng.integers(len(s) - 1))        # any symbol but the last turned into E
        if s[j] != "E":
            bad = s[:j] + "E" + s[j + 1:]
            assert not accepts(bad) and not EMBEDDED_RE.match(bad)
        plain = generate(rng, embedded=False)
        assert accepts(plain, embedded=False) and REBER_RE.match(plain)


def test_each_branch_is_taken_half_the_time():
    rng = np.random.default_rng(2)
    strings = [generate(rng) for _ in range(4000)]
    assert abs(np.mean([s[1] == "T" for s in strings]) - 0.5) < 0.03
    assert abs(np.mean([s[3] == "T" for s in strings]) - 0.5) < 0.03   # inner: T or P
    lengths = [len(s) - 4 for s in strings]      # the inner string: 8 on average
    assert min(lengths) == 5 and abs(np.mean(lengths) - 8.0) < 0.15


def test_targets_are_the_legal_next_symbols_by_hand():
    batch = encode(["BTBPVVETE"])
    expected = ["TP", "B", "TP", "TV", "PV", "E", "T", "E"]   # after B, BT, BTB, BTBP, ...
    assert [set(s) for s in expected] == [set(x) for x in legal_next("BTBPVVETE")[:-1]]
    assert batch.X.shape == batch.Y.shape == (8, 1, 7) and batch.lengths[0] == 8
    for t, allowed in enumerate(expected):
        assert {SYMBOLS[k] for k in np.flatnonzero(batch.Y[t, 0])} == set(allowed)
    assert decode(batch.X, batch.lengths) == ["BTBPVVET"]


def test_sample_pads_and_masks_variable_lengths():
    task = EmbeddedReber()
    batch = task.sample(np.random.default_rng(3), 64)
    strings = decode(batch.X, batch.lengths)
    assert all(accepts(s + "E") for s in strings)
    assert len(set(batch.lengths)) > 3
    assert np.array_equal(batch.mask, np.arange(batch.X.shape[0])[:, None] < batch.lengths)
    assert np.all(batch.X[~batch.mask] == 0) and np.all(batch.Y[~batch.mask] == 0)
    same = task.sample(np.random.default_rng(3), 64)
    np.testing.assert_array_equal(batch.Y, same.Y)


def test_score_needs_the_legal_symbols_most_active_at_every_step():
    task = EmbeddedReber()
    batch = task.sample(np.random.default_rng(4), 256)
    assert task.score(batch.Y, batch.Y, batch.mask) == 1.0
    out = np.where(batch.Y == 1, 0.4, 0.3)           # below 0.5, but the most active
    assert task.score(out, batch.Y, batch.mask) == 1.0
    out[batch.lengths[0] - 1, 0, SYMBOLS.index("B")] = 0.45   # one illegal symbol on top
    assert task.score(out, batch.Y, batch.mask) == 255 / 256
    out[:] = np.nan
    assert task.score(out, batch.Y, batch.mask) == 0.0


def test_forgetting_the_outer_letter_sits_on_the_chance_line():
    task = EmbeddedReber()
    batch = task.sample(np.random.default_rng(5), 100)
    z = np.where(batch.Y == 1, 60.0, -60.0)          # sure of every legal set ...
    cols = np.arange(100)
    last = batch.lengths - 2                         # the step reading the inner E
    assert np.all(batch.X[last, cols, SYMBOLS.index("E")] == 1)
    z[last, cols, SYMBOLS.index("T")] = 0.0          # ... but T and P alike there
    z[last, cols, SYMBOLS.index("P")] = 0.0
    loss, _ = masked_loss("bce", z, batch.Y, batch.mask)
    assert loss == pytest.approx(task.chance.loss, abs=1e-12)
    assert task.chance.loss == pytest.approx(2 * np.log(2))
    assert task.score(1 / (1 + np.exp(-z)), batch.Y, batch.mask) == task.chance.score == 0.0


def test_bad_strings_and_arguments_are_named():
    with pytest.raises(ValueError, match="leaves the grammar at position 2"):
        legal_next("BTE")
    with pytest.raises(ValueError, match="not a complete string"):
        encode(["BTBPVVET"])
    with pytest.raises(ValueError, match="at least one string"):
        encode([])
    with pytest.raises(ValueError, match="rng must be a numpy Generator"):
        generate(0)
    with pytest.raises(ValueError, match="batch must be an integer"):
        EmbeddedReber().sample(np.random.default_rng(0), -1)
