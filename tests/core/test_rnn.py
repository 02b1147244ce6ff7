"""The plain RNN: the equation, exact BPTT, and the spectral-radius knob."""
import numpy as np
import pytest

from lstm_core import check_gradients, init_rnn_params, rnn_backward, rnn_forward, rnn_step


def test_forward_is_tanh_of_the_affine_map():
    p = init_rnn_params(2, 3, seed=0)
    x = np.random.default_rng(0).normal(size=(4, 2))
    h, out = np.zeros(3), []
    for x_t in x:
        h = np.tanh(p.W @ np.concatenate([h, x_t]) + p.b)
        out.append(h)
    np.testing.assert_allclose(rnn_forward(p, x).h, np.array(out), atol=1e-15)


@pytest.mark.parametrize("batched", [False, True])
def test_backward_matches_finite_differences(batched):
    rng = np.random.default_rng(1)
    p = init_rnn_params(2, 4, seed=1, spectral_radius=0.9)
    x = rng.normal(size=(7, 3, 2) if batched else (7, 2))
    tr = rnn_forward(p, x)
    w = rng.normal(size=tr.h.shape)
    res = rnn_backward(p, tr, w)

    def loss():
        return float(np.sum(w * rnn_forward(p, x).h))
    entries = check_gradients(loss, {"W": p.W, "b": p.b}, {"W": res.grads.W, "b": res.grads.b})
    assert max(e.rel_error for e in entries) < 1e-6
    e = check_gradients(loss, {"x": x}, {"x": res.dx})
    assert max(v.rel_error for v in e) < 1e-6


def test_spectral_radius_is_set_exactly():
    p = init_rnn_params(1, 6, seed=3, spectral_radius=0.5)
    assert np.max(np.abs(np.linalg.eigvals(p.W[:, :6]))) == pytest.approx(0.5, rel=1e-12)


def test_bad_hidden_size_raises():
    with pytest.raises(ValueError, match="hidden_size must be a positive integer, got 0"):
        init_rnn_params(1, 0)


def test_rnn_step_is_the_equation_and_forward_runs_it_over_time():
    p = init_rnn_params(2, 3, seed=4)
    x = np.random.default_rng(4).normal(size=(5, 2))
    h = np.zeros(3)
    for t, x_t in enumerate(x):
        h = rnn_step(p, x_t, h)
        np.testing.assert_allclose(rnn_forward(p, x).h[t], h, atol=1e-15)


def test_truncated_rnn_gradient_equals_full_for_one_step_only():
    p = init_rnn_params(1, 3, seed=0)
    rng = np.random.default_rng(5)
    for T, same in ((1, True), (4, False)):
        tr = rnn_forward(p, rng.normal(size=(T, 1)))
        full = rnn_backward(p, tr, np.ones((T, 3))).grads
        trunc = rnn_backward(p, tr, np.ones((T, 3)), through_time=False).grads
        assert np.allclose(full.W, trunc.W, atol=1e-15) == same
