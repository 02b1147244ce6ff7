"""Temporal order (experiment 6a) and noise-free long lags (experiment 2a) against their
definitions in Hochreiter & Schmidhuber 1997."""
import numpy as np
import pytest

from lstm_core.long_memory import PAPER, NoiseFreeLag, TemporalOrder, masked_loss, task_outputs
from lstm_core.long_memory.temporal_order import CLASSES, SYMBOLS


def _symbols(batch):
    """(B,) strings of each sequence's symbols, padding dropped."""
    idx = batch.X.argmax(axis=-1)
    return ["".join(SYMBOLS[k] for k in idx[:n, b]) for b, n in enumerate(batch.lengths)]


# ---- temporal order -------------------------------------------------------------------------

def test_temporal_order_sequences_follow_the_papers_layout():
    task = TemporalOrder(100)
    batch = task.sample(np.random.default_rng(0), 3000)
    assert set(np.unique(batch.lengths)) == set(range(100, 111))
    inside = np.arange(batch.X.shape[0])[:, None] < batch.lengths
    assert np.all(batch.X[inside].sum(axis=-1) == 1) and np.all(batch.X[~inside] == 0)
    t1s, t2s = [], []
    for s in _symbols(batch):
        assert s[0] == "E" and s[-1] == "B"
        assert set(s[1:-1]) <= set("abcdXY")
        where = [t for t, c in enumerate(s) if c in "XY"]
        assert len(where) == 2
        t1s.append(where[0])
        t2s.append(where[1])
    assert set(t1s) == set(range(10, 21)) and set(t2s) == set(range(50, 61))
    assert (task.t1_range, task.t2_range) == (tuple(PAPER["temporal_order"]["t1"]),
                                            tuple(PAPER["temporal_order"]["t2"]))
    assert task.length_range == PAPER["temporal_order"]["length"]


def test_temporal_order_class_is_the_order_of_x_and_y_at_the_trigger():
    batch = TemporalOrder(30).sample(np.random.default_rng(1), 500)
    cols = np.arange(500)
    assert np.array_equal(np.nonzero(batch.mask.T)[1], batch.lengths - 1)
    labels = batch.Y[batch.lengths - 1, cols].argmax(axis=-1)
    assert np.all(batch.Y.sum(axis=(0, 2)) == 1)
    for s, label in zip(_symbols(batch), labels):
        assert CLASSES[label] == "".join(c for c in s if c in "XY")


def test_temporal_order_classes_are_balanced():
    batch = TemporalOrder(20).sample(np.random.default_rng(2), 8000)
    counts = batch.Y.sum(axis=(0, 1)) / 8000
    assert np.all(np.abs(counts - 0.25) < 0.02)      # standard error 0.005


def test_temporal_order_scales_its_windows_with_the_length():
    task = TemporalOrder(30)
    assert (task.length_range, task.t1_range, task.t2_range) == ((30, 33), (3, 6), (15, 18))
    assert task.min_lag == 30 - 1 - 6
    t = TemporalOrder(10)
    assert t.t1_range[0] >= 1 and t.t2_range[1] < t.length_range[0] - 1


def test_temporal_order_scores_by_every_output_within_0_3():
    task = TemporalOrder(12)
    batch = task.sample(np.random.default_rng(3), 200)
    assert task.score(batch.Y, batch.Y, batch.mask) == 1.0
    out = np.where(batch.Y == 1, 0.71, 0.29 / 3)
    assert task.score(out, batch.Y, batch.mask) == 1.0
    out = np.where(batch.Y == 1, 0.69, 0.31 / 3)     # the true class 0.31 short
    assert task.score(out, batch.Y, batch.mask) == 0.0
    uniform = np.full_like(batch.Y, 0.25)
    assert task.score(uniform, batch.Y, batch.mask) == task.chance.score == 0.0
    loss, _ = masked_loss("ce", np.zeros_like(batch.Y), batch.Y, batch.mask)
    assert loss == pytest.approx(task.chance.loss) and task.chance.loss == pytest.approx(np.log(4))


@pytest.mark.parametrize("length", [9, 2001, 50.5, None])
def test_temporal_order_bad_length_is_named(length):
    with pytest.raises(ValueError, match="length must be an integer between 10 and 2000"):
        TemporalOrder(length)


# ---- noise-free long time lag ---------------------------------------------------------------

def test_noise_free_by_hand_for_p_5():
    task = NoiseFreeLag(5)                  # symbols a1 a2 a3 a4 x y = units 0 1 2 3 4 5
    batch = task.sample(np.random.default_rng(4), 64)
    assert batch.X.shape == batch.Y.shape == (5, 64, 6)
    first = batch.X[0].argmax(axis=-1)
    assert set(first) == {4, 5}             # x or y, both appear
    for b in range(64):
        s = first[b]
        assert list(batch.X[:, b].argmax(axis=-1)) == [s, 0, 1, 2, 3]     # s a1 a2 a3 a4
        assert list(batch.Y[:, b].argmax(axis=-1)) == [0, 1, 2, 3, s]     # a1 a2 a3 a4 s
    assert np.all(batch.X.sum(axis=-1) == 1) and np.all(batch.Y.sum(axis=-1) == 1)
    assert batch.mask.all() and np.all(batch.lengths == 5)
    assert task.symbol_names() == ("a1", "a2", "a3", "a4", "x", "y")


def test_noise_free_picks_each_sequence_half_the_time():
    batch = NoiseFreeLag(3).sample(np.random.default_rng(5), 10_000)
    assert abs((batch.X[0].argmax(axis=-1) == 3).mean() - 0.5) < 0.02


def test_noise_free_last_only_scores_the_final_prediction():
    task = NoiseFreeLag(6, targets="last")
    batch = task.sample(np.random.default_rng(6), 8)
    assert not batch.mask[:-1].any() and batch.mask[-1].all()
    out = np.zeros_like(batch.Y)            # wrong everywhere ...
    out[-1] = batch.Y[-1]                   # ... but the last step
    assert task.score(out, batch.Y, batch.mask) == 1.0
    assert NoiseFreeLag(6).score(out, batch.Y, np.ones_like(batch.mask)) == 0.0


def test_noise_free_memoryless_prediction_sits_on_the_chance_line():
    task = NoiseFreeLag(10)
    batch = task.sample(np.random.default_rng(7), 50)
    z = 60.0 * batch.Y                      # sure of every next symbol ...
    z[-1, :, 9:] = 60.0                     # ... but x (9) and y (10) alike at the end
    out = task_outputs("ce", z)
    np.testing.assert_allclose(out[-1, :, 9:], 0.5)
    assert task.score(out, batch.Y, batch.mask) == task.chance.score == 0.0
    loss, _ = masked_loss("ce", z, batch.Y, batch.mask)
    assert loss == pytest.approx(np.log(2), abs=1e-12) == task.chance.loss
    out[-1] = np.where(batch.Y[-1] == 1, 0.76, 0.24 / 10)
    assert task.score(out, batch.Y, batch.mask) == 1.0
    out[-1] = np.where(batch.Y[-1] == 1, 0.74, 0.26 / 10)
    assert task.score(out, batch.Y, batch.mask) == 0.0


def test_noise_free_matches_the_papers_setting():
    assert NoiseFreeLag().p == PAPER["noise_free"]["p"] == NoiseFreeLag().min_lag
    assert NoiseFreeLag.tolerance == PAPER["noise_free"]["tolerance"]


@pytest.mark.parametrize("kwargs, message", [
    ({"p": 1}, "p must be an integer between 2 and 1000"),
    ({"p": 1001}, "p must be an integer between 2 and 1000"),
    ({"p": 10, "targets": "first"}, "targets must be one of"),
])
def test_noise_free_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        NoiseFreeLag(**kwargs)


def test_noise_free_refuses_a_batch_that_would_not_fit():
    with pytest.raises(ValueError, match="too large"):
        NoiseFreeLag(1000).sample(np.random.default_rng(0), 64)
