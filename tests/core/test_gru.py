"""The GRU: PyTorch's equations (by hand and in torch.nn.GRU's weight layout), shapes, and
exact BPTT against finite differences for every parameter."""
import numpy as np
import pytest

from lstm_core import (GRUParams, check_gradients, gru_backward, gru_forward, gru_step,
                       init_gru_params)


def torch_gru_reference(w_ih, w_hh, b_ih, b_hh, x, h0):
    """torch.nn.GRU's documented equations, one sequence, in its layout (rows r, z, n):
    r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
    n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 - z) ⊙ n + z ⊙ h."""
    H = w_hh.shape[1]
    s = lambda u: 1 / (1 + np.exp(-u))  # noqa: E731
    gi = lambda k, x_t: w_ih[k * H:(k + 1) * H] @ x_t + b_ih[k * H:(k + 1) * H]  # noqa: E731
    gh = lambda k, h: w_hh[k * H:(k + 1) * H] @ h + b_hh[k * H:(k + 1) * H]      # noqa: E731
    h, out = h0, []
    for x_t in x:
        r, z = s(gi(0, x_t) + gh(0, h)), s(gi(1, x_t) + gh(1, h))
        n = np.tanh(gi(2, x_t) + r * gh(2, h))
        h = (1 - z) * n + z * h
        out.append(h)
    return np.array(out)


def test_one_step_computed_by_hand():
    # H = D = 1; r = z = σ(0) = 1/2; W_n = [w_h, w_x] = [2, 1], b_n = 0, b_hn = 1; h_0 = x = 1:
    # n = tanh(1·1 + 0 + 0.5·(2·1 + 1)) = tanh(2.5); h = 0.5·n + 0.5·1
    p = GRUParams(np.zeros((1, 2)), np.zeros((1, 2)), np.array([[2.0, 1.0]]),
                  np.zeros(1), np.zeros(1), np.zeros(1), np.ones(1))
    tr = gru_forward(p, np.ones((1, 1)), h0=np.ones(1))
    assert tr.r[0, 0] == tr.z[0, 0] == 0.5
    assert tr.n[0, 0] == pytest.approx(0.98661429815143, abs=1e-13)
    assert tr.h[0, 0] == pytest.approx(0.99330714907572, abs=1e-13)


def test_forward_matches_torch_gru_equations_in_torchs_layout():
    rng = np.random.default_rng(0)
    H, D = 4, 3
    w_ih, w_hh = rng.uniform(-0.5, 0.5, (3 * H, D)), rng.uniform(-0.5, 0.5, (3 * H, H))
    b_ih, b_hh = rng.uniform(-0.5, 0.5, 3 * H), rng.uniform(-0.5, 0.5, 3 * H)
    x, h0 = rng.normal(size=(6, D)), rng.normal(size=H)
    p = GRUParams.from_torch(w_ih, w_hh, b_ih, b_hh)
    assert p.W_r.shape == (H, H + D) and p.b_hn.shape == (H,)
    np.testing.assert_array_equal(p.W_n[:, :H], w_hh[2 * H:])      # first H columns act on h
    np.testing.assert_allclose(gru_forward(p, x, h0).h, torch_gru_reference(w_ih, w_hh, b_ih, b_hh, x, h0),
                               rtol=0, atol=1e-14)


def test_trace_shapes_and_batch_equals_sequences_one_by_one():
    rng = np.random.default_rng(1)
    p = init_gru_params(2, 5, seed=3)
    x = rng.normal(size=(7, 3, 2))
    tr = gru_forward(p, x)
    for q in (tr.r, tr.z, tr.n, tr.h):
        assert q.shape == (7, 3, 5)
    for b in range(3):
        one = gru_forward(p, x[:, b])
        assert one.h.shape == one.r.shape == (7, 5)
        np.testing.assert_allclose(one.n, tr.n[:, b], atol=1e-15)
        np.testing.assert_allclose(one.h, tr.h[:, b], atol=1e-15)


def test_gru_step_takes_one_sequence_or_a_batch():
    rng = np.random.default_rng(2)
    p = init_gru_params(2, 3, seed=0)
    x, h = rng.normal(size=(4, 2)), rng.normal(size=(4, 3))
    for b, s in zip(gru_step(p, x, h), gru_step(p, x[1], h[1])):
        assert s.shape == (3,)
        np.testing.assert_allclose(b[1], s, atol=1e-15)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("batched", [False, True])
def test_backward_matches_finite_differences_for_every_parameter(seed, batched):
    rng = np.random.default_rng(seed)
    p = init_gru_params(2, 3, seed=seed)
    for b in (p.b_r, p.b_z, p.b_n, p.b_hn):                   # nonzero biases: all paths live
        b[:] = rng.normal(scale=0.5, size=b.shape)
    x = rng.normal(size=(6, 4, 2) if batched else (6, 2))
    h0 = rng.normal(size=(4, 3) if batched else 3)
    tr = gru_forward(p, x, h0)
    w = rng.normal(size=tr.h.shape)
    res = gru_backward(p, tr, w)
    assert isinstance(res.grads, GRUParams)

    def loss():
        return float(np.sum(w * gru_forward(p, x, h0).h))
    entries = check_gradients(loss, p.named_arrays(), res.grads.named_arrays())
    assert len(entries) == sum(a.size for a in p.arrays())
    assert all(e.agrees() for e in entries), max(entries, key=lambda e: e.rel_error)
    for name, arr, grad in (("x", x, res.dx), ("h0", h0, res.dh0)):
        e = check_gradients(loss, {name: arr}, {name: grad})
        assert all(v.agrees() for v in e), name


def test_truncated_gradient_equals_full_for_one_step_only():
    rng = np.random.default_rng(3)
    p = init_gru_params(1, 3, seed=0)
    for T, same in ((1, True), (5, False)):
        tr = gru_forward(p, rng.normal(size=(T, 1)))
        full = gru_backward(p, tr, np.ones((T, 3))).grads
        trunc = gru_backward(p, tr, np.ones((T, 3)), through_time=False).grads
        assert all(np.allclose(a, b, atol=1e-15) for a, b in zip(full.arrays(), trunc.arrays())) == same


def test_init_is_deterministic_with_pytorch_range_and_zero_biases():
    a, b = init_gru_params(1, 4, seed=7), init_gru_params(1, 4, seed=7)
    assert all(np.array_equal(u, v) for u, v in zip(a.arrays(), b.arrays()))
    assert list(a.named_arrays()) == ["W_r", "W_z", "W_n", "b_r", "b_z", "b_n", "b_hn"]
    assert a.W_n.shape == (4, 5) and np.max(np.abs(a.W_z)) <= 0.5 and not np.any(a.b_hn)
    assert not np.array_equal(a.W_r, init_gru_params(1, 4, seed=8).W_r)


def test_update_bias_starts_the_update_gate_at_sigma_of_it_and_keeps_the_weights():
    p, q = init_gru_params(2, 3, seed=4), init_gru_params(2, 3, seed=4, update_bias=3.0)
    assert np.all(q.b_z == 3.0) and not np.any(p.b_z)
    assert all(np.array_equal(a, b) for a, b in zip(p.arrays()[:3], q.arrays()[:3]))
    tr = gru_forward(q, np.zeros((1, 2)))      # h0 = 0, x = 0: z = σ(b_z) exactly
    np.testing.assert_allclose(tr.z[0], 1 / (1 + np.exp(-3.0)), rtol=1e-15)


@pytest.mark.parametrize("make, match", [
    (lambda: init_gru_params(1, 2, update_bias=float("nan")), "update_bias must be finite, got nan"),
    (lambda: init_gru_params(1, 0), "hidden_size must be a positive integer, got 0"),
    (lambda: init_gru_params(0, 2), "input_size must be a positive integer, got 0"),
    (lambda: init_gru_params(1, 2, seed=-1), "seed must be a non-negative integer, got -1"),
    (lambda: gru_forward(init_gru_params(1, 2), np.zeros((3, 2))), "x has 2 features per step"),
    (lambda: gru_forward(init_gru_params(1, 2), np.zeros((3, 1)), h0=np.zeros(3)), "h0 must have shape"),
    (lambda: gru_backward(init_gru_params(1, 2), gru_forward(init_gru_params(1, 2), np.zeros((3, 1))),
                          np.zeros((3, 1))), r"dh must have the shape of trace.h \(3, 2\)"),
    (lambda: GRUParams.from_torch(np.zeros((6, 1)), np.zeros((6, 2)), np.zeros(6), np.zeros(5)),
     "expected weight_hh"),
])
def test_bad_arguments_raise_value_errors_naming_the_value(make, match):
    with pytest.raises(ValueError, match=match):
        make()
