"""Reversed and bidirectional layers, the sequence model with MSE and BCE: exact gradients."""
import numpy as np
import pytest

from lstm_core import check_gradients, forward, init_params
from lstm_core.layers import backward_reversed, forward_reversed, init_bilstm, layer_forward
from lstm_core.seq_model import init_seq_model, seq_loss_and_grads, seq_predict


def test_reversed_layer_reads_the_sequence_backwards():
    p = init_params(1, 3, seed=0)
    x = np.random.default_rng(0).normal(size=(5, 1))
    np.testing.assert_allclose(forward_reversed(p, x).h, forward(p, x[::-1]).h)
    w = np.random.default_rng(1).normal(size=(5, 3))
    grads, dx = backward_reversed(p, forward_reversed(p, x), w)

    def loss():
        return float(np.sum(w * forward_reversed(p, x).h[::-1]))
    e = check_gradients(loss, {**p.named_arrays(), "x": x}, {**grads.named_arrays(), "x": dx})
    assert max(v.rel_error for v in e) < 1e-6


def test_bidirectional_output_is_forward_then_backward_features():
    layer = init_bilstm(1, 2, seed=0)
    x = np.random.default_rng(0).normal(size=(4, 3, 1))
    lt = layer_forward(layer, x)
    assert lt.h.shape == (4, 3, 4)
    np.testing.assert_allclose(lt.h[..., :2], forward(layer.fw, x).h)
    np.testing.assert_allclose(lt.h[..., 2:], forward(layer.bw, x[::-1]).h[::-1])


@pytest.mark.parametrize("loss", ["mse", "bce"])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("num_layers", [1, 2])
def test_sequence_model_gradients_match_finite_differences(loss, bidirectional, num_layers):
    rng = np.random.default_rng(num_layers)
    p = init_seq_model(1, 3, 1, num_layers, bidirectional=bidirectional, seed=2)
    X = rng.normal(size=(5, 3, 1))
    Y = (rng.random((5, 3, 1)) > 0.5).astype(float) if loss == "bce" else rng.normal(size=(5, 3, 1))
    _, grads, _, _ = seq_loss_and_grads(p, X, Y, loss=loss)
    e = check_gradients(lambda: seq_loss_and_grads(p, X, Y, loss=loss)[0],
                        p.named_arrays(), grads.named_arrays())
    assert len(e) == sum(a.size for a in p.arrays())
    # deep entries can be ~1e-8: those are compared absolutely (see GradCheckEntry.agrees)
    assert all(v.agrees() for v in e), max(e, key=lambda v: v.rel_error)
    assert max(v.rel_error for v in e if abs(v.analytic) > 1e-6) < 1e-6


def test_bce_equals_the_textbook_formula_and_stays_finite_for_big_logits():
    p = init_seq_model(1, 2, seed=0)
    X = np.random.default_rng(0).normal(size=(3, 2, 1))
    Y = np.array([[[1.0], [0.0]]] * 3)
    value, _, prob, _ = seq_loss_and_grads(p, X, Y, loss="bce")
    textbook = np.mean(-Y * np.log(prob) - (1 - Y) * np.log(1 - prob))
    assert value == pytest.approx(textbook, rel=1e-12)
    p.b_y[:] = 800.0      # σ(z) rounds to 1: the textbook formula gives log(0), ours does not
    value, grads, _, _ = seq_loss_and_grads(p, X, Y, loss="bce")
    assert np.isfinite(value) and all(np.all(np.isfinite(a)) for a in grads.arrays())
    assert np.all(seq_predict(p, X, loss="bce") <= 1.0)


def test_bad_loss_name_and_target_shape_raise():
    p = init_seq_model(1, 2)
    X = np.zeros((3, 2, 1))
    with pytest.raises(ValueError, match="loss must be one of"):
        seq_loss_and_grads(p, X, np.zeros((3, 2, 1)), loss="hinge")
    with pytest.raises(ValueError, match=r"targets must have shape \(3, 2, 1\)"):
        seq_loss_and_grads(p, X, np.zeros((3, 2)))
    with pytest.raises(ValueError, match="num_layers must be at least 1, got 0"):
        init_seq_model(1, 2, num_layers=0)
