"""The masked losses the long-lag tasks train with, the task registry and the paper's data."""
import numpy as np
import pytest

from lstm_core.gradcheck import check_gradients
from lstm_core.long_memory import (PAPER, TASKS, AddingProblem, EmbeddedReber, NoiseFreeLag,
                                   TemporalOrder, make_task, masked_loss, task_outputs)


def _problem(kind, seed=0, T=5, B=3, K=4):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(T, B, K)) * 2
    if kind == "mse":
        Y = rng.uniform(size=(T, B, K))
    elif kind == "ce":
        Y = np.eye(K)[rng.integers(K, size=(T, B))]
    else:
        Y = (rng.uniform(size=(T, B, K)) < 0.4).astype(float)
    mask = rng.uniform(size=(T, B)) < 0.6
    mask[-1] = True                              # a scored step in every sequence
    return z, Y, mask


@pytest.mark.parametrize("kind", ["mse", "ce", "bce"])
def test_gradient_matches_finite_differences(kind):
    z, Y, mask = _problem(kind)
    _, dz = masked_loss(kind, z, Y, mask)
    entries = check_gradients(lambda: masked_loss(kind, z, Y, mask)[0], {"z": z}, {"z": dz})
    assert all(e.agrees() for e in entries), max(e.rel_error for e in entries)


@pytest.mark.parametrize("kind", ["mse", "ce", "bce"])
def test_unscored_steps_neither_count_nor_get_a_gradient(kind):
    z, Y, mask = _problem(kind, seed=1)
    loss, dz = masked_loss(kind, z, Y, mask)
    assert np.all(dz[~mask] == 0) and np.any(dz[mask] != 0)
    z2 = z.copy()
    z2[~mask] += 100.0
    assert masked_loss(kind, z2, Y, mask)[0] == loss


def test_losses_by_hand():
    z = np.array([[[0.3]], [[0.9]]])             # (T=2, B=1, K=1)
    Y = np.array([[[0.0]], [[0.5]]])
    mask = np.array([[False], [True]])
    assert masked_loss("mse", z, Y, mask)[0] == pytest.approx(0.16)
    z = np.log(np.array([[[1.0, 3.0]]]))          # softmax (1/4, 3/4)
    assert masked_loss("ce", z, np.array([[[0.0, 1.0]]]), np.ones((1, 1), bool))[0] \
        == pytest.approx(-np.log(0.75))
    assert masked_loss("bce", np.zeros((1, 2, 3)), np.ones((1, 2, 3)),
                       np.ones((1, 2), bool))[0] == pytest.approx(3 * np.log(2))  # per sequence


def test_outputs_are_probabilities_without_overflow():
    z = np.array([[[-1000.0, 0.0, 1000.0]]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = task_outputs("ce", z)
        s = task_outputs("bce", z)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(s, [[[0.0, 0.5, 1.0]]])
    assert np.array_equal(task_outputs("mse", z), z)
    zz = np.random.default_rng(0).normal(size=(2, 3, 4))
    np.testing.assert_allclose(task_outputs("bce", zz), 1 / (1 + np.exp(-zz)))


def test_bad_loss_arguments_are_named():
    z, Y, mask = _problem("mse")
    with pytest.raises(ValueError, match="loss must be one of"):
        masked_loss("mae", z, Y, mask)
    with pytest.raises(ValueError, match="mask must be a bool array"):
        masked_loss("mse", z, Y, mask.astype(float))
    with pytest.raises(ValueError, match="targets must have shape"):
        masked_loss("mse", z[0], Y[0], mask)


def test_make_task_sets_each_lag():
    assert make_task("adding", 50) == AddingProblem(50)
    assert make_task("temporal_order", 30) == TemporalOrder(30)
    assert make_task("noise_free", 20) == NoiseFreeLag(20)
    assert make_task("reber") == EmbeddedReber()
    assert make_task("adding") == AddingProblem(100)
    assert set(TASKS) == set(PAPER)
    for name in TASKS:
        task = make_task(name)
        batch = task.sample(np.random.default_rng(0), 2)
        assert batch.X.shape[2] == task.input_size and batch.Y.shape[2] == task.output_size
        assert task.loss in ("mse", "ce", "bce") and 0 <= task.chance.score < 0.2
    with pytest.raises(ValueError, match="task must be one of"):
        make_task("copy", 10)
    with pytest.raises(ValueError, match="no lag to set"):
        make_task("reber", 10)


def test_tolerances_are_the_papers():
    assert AddingProblem.tolerance == PAPER["adding"]["tolerance"]
    assert TemporalOrder.tolerance == PAPER["temporal_order"]["tolerance"]
    assert EmbeddedReber.test_size == PAPER["reber"]["test_strings"]
