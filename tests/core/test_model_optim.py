"""The forecaster (stacked layers + readout), its MSE gradient, the optimizers, the weights file."""
import io

import numpy as np
import pytest

from lstm_core import (SGD, Adam, ForecasterParams, check_gradients, clip_by_global_norm,
                       global_norm, init_forecaster, make_optimizer, mse_loss_and_grads, predict)


@pytest.mark.parametrize("num_layers", [1, 2, 3])
def test_mse_gradient_matches_finite_differences(num_layers):
    rng = np.random.default_rng(num_layers)
    params = init_forecaster(1, 3, num_layers=num_layers, seed=num_layers)
    X, y = rng.normal(size=(5, 4, 1)), rng.normal(size=4)
    _, grads, _, _ = mse_loss_and_grads(params, X, y)
    entries = check_gradients(lambda: mse_loss_and_grads(params, X, y)[0],
                              params.named_arrays(), grads.named_arrays())
    assert len(entries) == sum(a.size for a in params.arrays())
    assert max(e.rel_error for e in entries) < 1e-6


def test_predict_is_the_readout_of_the_last_hidden_state():
    params = init_forecaster(1, 4, seed=0)
    X = np.random.default_rng(0).normal(size=(6, 3, 1))
    from lstm_core import forward
    h_T = forward(params.layers[0], X).h[-1]
    np.testing.assert_allclose(predict(params, X), h_T @ params.W_y[0] + params.b_y[0])


def test_truncated_gradient_is_not_the_full_gradient():
    rng = np.random.default_rng(0)
    params = init_forecaster(1, 4, seed=0)
    X, y = rng.normal(size=(8, 5, 1)), rng.normal(size=5)
    full = mse_loss_and_grads(params, X, y)[1]
    trunc = mse_loss_and_grads(params, X, y, through_time=False)[1]
    np.testing.assert_array_equal(full.W_y, trunc.W_y)      # the readout is not recurrent
    assert not np.allclose(full.layers[0].W_f, trunc.layers[0].W_f)


def test_sgd_step_is_lr_times_gradient():
    p, g = [np.array([1.0, 2.0])], [np.array([0.5, -1.0])]
    SGD(0.1).step(p, g)
    np.testing.assert_allclose(p[0], [0.95, 2.1])


def test_adam_first_step_moves_each_weight_by_lr_against_its_gradient_sign():
    p, g = [np.array([1.0, 2.0, 3.0])], [np.array([0.5, -20.0, 1e-3])]
    Adam(0.01).step(p, g)
    np.testing.assert_allclose(p[0], [0.99, 2.01, 2.99], rtol=1e-6)


def test_adam_minimises_a_quadratic():
    p = [np.array([5.0, -3.0])]
    opt = Adam(0.1)
    for _ in range(500):
        opt.step(p, [2 * p[0]])
    assert np.all(np.abs(p[0]) < 1e-2)


def test_clipping_scales_to_the_max_norm_and_reports_the_original():
    g = [np.array([3.0, 0.0]), np.array([4.0])]
    norm, clipped = clip_by_global_norm(g, 1.0)
    assert norm == pytest.approx(5.0) and clipped
    assert global_norm(g) == pytest.approx(1.0)
    g2 = [np.array([0.3])]
    assert clip_by_global_norm(g2, 1.0) == (pytest.approx(0.3), False)
    assert g2[0][0] == 0.3


def test_bad_optimizer_settings_raise():
    with pytest.raises(ValueError, match="optimizer must be 'sgd' or 'adam', got 'rmsprop'"):
        make_optimizer("rmsprop", 0.1)
    with pytest.raises(ValueError, match="learning rate must be positive and finite, got -1"):
        Adam(-1)
    with pytest.raises(ValueError, match="num_layers must be at least 1, got 0"):
        init_forecaster(1, 4, num_layers=0)


def test_weights_round_trip_through_npz_without_pickle():
    params = init_forecaster(1, 5, num_layers=2, seed=3)
    buf = io.BytesIO()
    np.savez(buf, **params.to_npz_dict())
    buf.seek(0)
    with np.load(buf, allow_pickle=False) as f:
        back = ForecasterParams.from_npz_dict(f)
    for a, b in zip(params.arrays(), back.arrays()):
        np.testing.assert_array_equal(a, b)


def test_a_foreign_npz_is_rejected_with_a_clear_error():
    with pytest.raises(ValueError, match="not an LSTM Explainer weights file"):
        ForecasterParams.from_npz_dict({"weights": np.zeros(3)})
    d = init_forecaster(1, 4, seed=0).to_npz_dict()
    d["W_y"] = np.zeros((1, 3))
    with pytest.raises(ValueError, match=r"readout must have shapes \(1, 4\)"):
        ForecasterParams.from_npz_dict(d)


@pytest.mark.parametrize("call, match", [
    (lambda: mse_loss_and_grads(init_forecaster(1, 2), np.zeros((3, 4, 1)), np.zeros((4, 1))),
     r"y must have shape \(4,\)"),
    (lambda: Adam(0.1, beta1=1.0), "Adam needs 0 <= beta1, beta2 < 1"),
    (lambda: init_forecaster(1, 2, seed=-1), "seed must be a non-negative integer, got -1"),
])
def test_more_bad_arguments_raise_value_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
