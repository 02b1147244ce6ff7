"""The adding problem (experiment 4 of Hochreiter & Schmidhuber 1997) against its definition."""
import numpy as np
import pytest

from lstm_core.long_memory import PAPER, AddingProblem, masked_loss


def _marked(batch):
    """(B, 2) the steps with marker +1 of each sequence, in order."""
    rows, cols = np.nonzero(batch.X[:, :, 1].T == 1.0)
    B = batch.X.shape[1]
    assert np.array_equal(np.bincount(rows, minlength=B), np.full(B, 2))
    return cols.reshape(-1, 2)


def test_exactly_two_distinct_markers_one_in_the_first_ten_both_in_the_first_half():
    task = AddingProblem(100)
    batch = task.sample(np.random.default_rng(0), 4000)
    steps = _marked(batch)                              # two distinct steps per sequence
    assert np.all(steps[:, 0] < steps[:, 1])
    assert np.all(steps.min(axis=1) <= 9)               # one of the first ten pairs
    assert np.all(steps.max(axis=1) <= 49)              # one of the first T/2 - 1 unmarked
    # the whole window is used: step 49 is reachable ("first 49 *unmarked* pairs")
    assert set(np.unique(steps)) == set(range(50))
    # every other marker is 0 with 0/1 markers
    assert set(np.unique(batch.X[:, :, 1])) == {0.0, 1.0}


def test_values_uniform_in_minus_one_one_and_padding_zero():
    task = AddingProblem(20)
    batch = task.sample(np.random.default_rng(1), 3000)
    inside = np.arange(batch.X.shape[0])[:, None] < batch.lengths
    v = batch.X[:, :, 0][inside]
    assert v.min() >= -1 and v.max() <= 1
    assert abs(v.mean()) < 0.01 and abs(v.var() - 1 / 3) < 0.01
    assert np.all(batch.X[~inside] == 0)


def test_lengths_cover_T_to_T_plus_a_tenth_and_the_target_sits_at_the_end():
    task = AddingProblem(50)
    batch = task.sample(np.random.default_rng(2), 2000)
    assert task.length_range == (50, 55)
    assert set(np.unique(batch.lengths)) == set(range(50, 56))
    assert batch.X.shape[0] == batch.lengths.max()
    rows, cols = np.nonzero(batch.mask)
    assert np.array_equal(np.sort(cols), np.arange(2000))          # one scored step each
    assert np.array_equal(rows[np.argsort(cols)], batch.lengths - 1)
    assert np.all(batch.Y[~batch.mask] == 0)


def test_target_is_one_half_plus_a_quarter_of_the_marked_sum():
    task = AddingProblem(10)
    batch = task.sample(np.random.default_rng(3), 500)
    steps = _marked(batch)
    cols = np.arange(500)
    x1, x2 = batch.X[steps[:, 0], cols, 0], batch.X[steps[:, 1], cols, 0]
    target = batch.Y[batch.lengths - 1, cols, 0]
    np.testing.assert_allclose(target, 0.5 + (x1 + x2) / 4.0, rtol=0, atol=1e-15)
    assert target.min() >= 0.0 and target.max() <= 1.0
    assert abs(target.mean() - 0.5) < 0.02


def test_small_T_keeps_both_markers_in_the_first_half():
    task = AddingProblem(10)                            # windows 4 and 4
    assert (task.first_window, task.second_window, task.min_lag) == (4, 4, 5)
    steps = _marked(task.sample(np.random.default_rng(4), 2000))
    assert steps.max() <= 4 and steps.min(axis=1).max() <= 3
    assert AddingProblem(22).first_window == 10 and AddingProblem(21).first_window == 9


def test_paper_markers_minus_one_on_first_and_last_pair_and_zero_first_value_if_marked():
    task = AddingProblem(30, paper_markers=True)
    batch = task.sample(np.random.default_rng(5), 3000)
    cols = np.arange(3000)
    m = batch.X[:, :, 1]
    assert np.all(m[batch.lengths - 1, cols] == -1)
    first_marked = m[0] == 1
    assert 0 < first_marked.mean() < 0.2
    assert np.all(m[0, ~first_marked] == -1)
    assert np.all(batch.X[0, first_marked, 0] == 0.0)
    assert np.all((m == 1).sum(axis=0) == 2) and np.all((m == -1).sum(axis=0) == 2 - first_marked)
    assert abs(first_marked.mean() - task.first_pair_marked) < 0.02
    steps = np.sort(np.argwhere(m.T == 1)[:, 1].reshape(-1, 2), axis=1)
    np.testing.assert_allclose(batch.Y[batch.lengths - 1, cols, 0],
                               0.5 + (batch.X[steps[:, 0], cols, 0]
                                      + batch.X[steps[:, 1], cols, 0]) / 4)


@pytest.mark.parametrize("paper_markers", [False, True])
def test_predicting_the_mean_scores_the_chance_line(paper_markers):
    task = AddingProblem(6, paper_markers=paper_markers)
    batch = task.sample(np.random.default_rng(6), 400_000)
    constant = np.full_like(batch.Y, 0.5)
    loss, _ = masked_loss("mse", constant, batch.Y, batch.mask)
    # standard error of the MSE ≈ 0.05/sqrt(4e5) ≈ 8e-5, of the score ≈ 6e-4
    assert abs(loss - task.chance.loss) < 5e-4
    assert abs(task.score(constant, batch.Y, batch.mask) - task.chance.score) < 4e-3


def test_chance_line_values():
    assert AddingProblem(100).chance.loss == pytest.approx(1 / 24)      # 2·(1/3)/16
    assert AddingProblem(100).chance.score == pytest.approx(0.16 - 0.16 ** 2 / 4)
    paper = AddingProblem(100, paper_markers=True)
    q = 1 / 10 + 0.9 / 49
    assert paper.first_pair_marked == pytest.approx(q)
    assert paper.chance.loss == pytest.approx((1 / 3) * (2 - q) / 16)


def test_score_counts_errors_below_0_04():
    task = AddingProblem(8)
    batch = task.sample(np.random.default_rng(7), 4)
    assert task.score(batch.Y, batch.Y, batch.mask) == 1.0
    out = batch.Y.copy()
    cols = np.arange(4)
    out[batch.lengths - 1, cols, 0] += [0.039, -0.039, 0.041, -0.05]
    np.testing.assert_array_equal(task.correct(out, batch.Y, batch.mask),
                                  [True, True, False, False])
    assert task.score(out, batch.Y, batch.mask) == 0.5
    out[:] = 123.0                              # what the unscored steps hold doesn't matter
    out[batch.lengths - 1, cols, 0] = batch.Y[batch.lengths - 1, cols, 0]
    assert task.score(out, batch.Y, batch.mask) == 1.0
    out[batch.lengths[0] - 1, 0, 0] = np.nan
    assert task.score(out, batch.Y, batch.mask) == 0.75


def test_same_seed_same_batch():
    a = AddingProblem(40).sample(np.random.default_rng(11), 8)
    b = AddingProblem(40).sample(np.random.default_rng(11), 8)
    c = AddingProblem(40).sample(np.random.default_rng(12), 8)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.Y, c.Y)


def test_min_lags_match_the_papers_table():
    for T, lag in zip(PAPER["adding"]["T"], PAPER["adding"]["min_lag"]):
        assert AddingProblem(T).min_lag == lag


@pytest.mark.parametrize("T", [5, 0, -3, 2001, 12.0, True, "50", None])
def test_bad_T_is_named(T):
    with pytest.raises(ValueError, match="T must be an integer between 6 and 2000"):
        AddingProblem(T)


def test_bad_sample_arguments_are_named():
    task = AddingProblem(50)
    with pytest.raises(ValueError, match="rng must be a numpy Generator"):
        task.sample(42, 4)
    with pytest.raises(ValueError, match="batch must be an integer"):
        task.sample(np.random.default_rng(0), 0)
    with pytest.raises(ValueError, match="too large"):
        AddingProblem(2000).sample(np.random.default_rng(0), 10_000)
    with pytest.raises(ValueError, match="paper_markers"):
        AddingProblem(50, paper_markers="yes")
    batch = task.sample(np.random.default_rng(0), 3)
    with pytest.raises(ValueError, match="outputs must have the targets' shape"):
        task.score(batch.Y[:, :2], batch.Y, batch.mask)
    with pytest.raises(ValueError, match="at least one scored step"):
        task.score(batch.Y, batch.Y, np.zeros_like(batch.mask))
