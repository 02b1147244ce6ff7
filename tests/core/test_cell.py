"""The LSTM cell: shapes, hand-checked values, exact BPTT against finite differences, and
the lesson's step against the fast path."""
import inspect

import numpy as np
import pytest

from lstm_core import (GATES, LSTMParams, backward, check_gradients, forward, init_params,
                       lstm_step, lstm_step_backward, pre_activations, sigmoid)
from lstm_core.activations import tanh
from lstm_core.cell import _backward_steps


def reference_forward(p: LSTMParams, x, h0=None, c0=None):
    """The equations written out literally, one unit vector at a time (slow, obvious)."""
    H = p.hidden_size
    h = np.zeros(H) if h0 is None else h0
    c = np.zeros(H) if c0 is None else c0
    out = {k: [] for k in ("f", "i", "a", "o", "c", "h")}
    for x_t in x:
        hx = np.concatenate([h, x_t])
        f = 1 / (1 + np.exp(-(p.W_f @ hx + p.b_f)))
        i = 1 / (1 + np.exp(-(p.W_i @ hx + p.b_i)))
        a = np.tanh(p.W_a @ hx + p.b_a)
        o = 1 / (1 + np.exp(-(p.W_o @ hx + p.b_o)))
        c = f * c + i * a
        h = o * np.tanh(c)
        for k, v in zip(out, (f, i, a, o, c, h)):
            out[k].append(v)
    return {k: np.array(v) for k, v in out.items()}


def loss_and_dh(p, x, w, h0=None, c0=None):
    """L = sum(w ⊙ h): a loss that looks at every h_t with random weights."""
    return float(np.sum(w * forward(p, x, h0, c0).h))


def test_forward_matches_the_equations_written_out():
    rng = np.random.default_rng(3)
    p = init_params(3, 5, seed=1)
    x = rng.normal(size=(7, 3))
    tr = forward(p, x)
    ref = reference_forward(p, x)
    for k in ("f", "i", "a", "o", "c", "h"):
        np.testing.assert_allclose(getattr(tr, k), ref[k], rtol=0, atol=1e-14)


def test_batch_equals_sequences_run_one_by_one():
    rng = np.random.default_rng(0)
    p = init_params(2, 4, seed=2)
    x = rng.normal(size=(6, 3, 2))
    tr = forward(p, x)
    assert tr.h.shape == tr.c.shape == tr.f.shape == (6, 3, 4)
    for b in range(3):
        single = forward(p, x[:, b])
        assert single.h.shape == (6, 4)
        np.testing.assert_allclose(tr.h[:, b], single.h, atol=1e-15)
        np.testing.assert_allclose(tr.a[:, b], single.a, atol=1e-15)


def test_forget_gate_one_and_input_gate_zero_carry_the_cell_state_unchanged():
    p = init_params(1, 3, seed=0)
    for W in (p.W_f, p.W_i):
        W[:] = 0.0
    p.b_f[:] = 50.0     # σ(50) = 1 - 2e-22: the forget gate is fully open
    p.b_i[:] = -50.0    # σ(-50) = 2e-22: the input gate is shut
    c0 = np.array([0.7, -1.3, 2.0])
    tr = forward(p, np.random.default_rng(1).normal(size=(20, 1)), c0=c0)
    np.testing.assert_allclose(tr.c, np.tile(c0, (20, 1)), atol=1e-15)


def test_h0_and_c0_are_respected():
    p = init_params(1, 2, seed=4)
    x = np.ones((3, 1))
    h0, c0 = np.array([0.5, -0.5]), np.array([1.0, 2.0])
    tr = forward(p, x, h0=h0, c0=c0)
    ref = reference_forward(p, x, h0, c0)
    np.testing.assert_allclose(tr.h, ref["h"], atol=1e-15)
    assert not np.allclose(tr.h, forward(p, x).h)
    np.testing.assert_array_equal(tr.c_prev[0], c0)
    np.testing.assert_array_equal(tr.h_prev[0], h0)


def test_pre_activations_give_the_gates_through_their_squashing():
    p = init_params(2, 3, seed=5)
    tr = forward(p, np.random.default_rng(2).normal(size=(4, 2)))
    z = pre_activations(p, tr)
    np.testing.assert_allclose(sigmoid(z["f"]), tr.f, atol=1e-15)
    np.testing.assert_allclose(np.tanh(z["a"]), tr.a, atol=1e-15)
    np.testing.assert_allclose(sigmoid(z["o"]), tr.o, atol=1e-15)


def test_fast_tanh_matches_numpy_to_rounding():
    x = np.linspace(-30, 30, 100_001)
    assert np.max(np.abs(tanh(x) - np.tanh(x))) < 4e-16
    assert tanh(np.array([-1000.0, 1000.0])).tolist() == [-1.0, 1.0]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("batched", [False, True])
def test_backward_matches_finite_differences_for_every_parameter(seed, batched):
    rng = np.random.default_rng(seed)
    p = init_params(2, 3, seed=seed, forget_bias=0.5)
    shape = (6, 4, 2) if batched else (6, 2)
    x = rng.normal(size=shape)
    h0 = rng.normal(size=(4, 3) if batched else 3)
    c0 = rng.normal(size=(4, 3) if batched else 3)
    tr = forward(p, x, h0, c0)
    w = rng.normal(size=tr.h.shape)
    res = backward(p, tr, w)
    entries = check_gradients(lambda: loss_and_dh(p, x, w, h0, c0), p.named_arrays(),
                              res.grads.named_arrays())
    assert len(entries) == sum(a.size for a in p.arrays())  # every entry checked
    assert max(e.rel_error for e in entries) < 1e-6
    # and the gradients with respect to the input and the initial state
    for name, arr, grad in (("x", x, res.dx), ("h0", h0, res.dh0), ("c0", c0, res.dc0)):
        e = check_gradients(lambda: loss_and_dh(p, x, w, h0, c0), {name: arr}, {name: grad})
        assert max(v.rel_error for v in e) < 1e-6, name


def test_truncated_gradient_equals_full_for_one_step_and_differs_for_more():
    rng = np.random.default_rng(0)
    p = init_params(1, 3, seed=0)
    x1 = rng.normal(size=(1, 1))
    t1 = forward(p, x1)
    full, trunc = backward(p, t1, np.ones((1, 3))), backward(p, t1, np.ones((1, 3)), through_time=False)
    for a, b in zip(full.grads.arrays(), trunc.grads.arrays()):
        np.testing.assert_allclose(a, b, atol=1e-15)
    x5 = rng.normal(size=(5, 1))
    t5 = forward(p, x5)
    full, trunc = backward(p, t5, np.ones((5, 3))), backward(p, t5, np.ones((5, 3)), through_time=False)
    assert not np.allclose(full.grads.W_f, trunc.grads.W_f)


def test_backward_reports_gradients_at_every_timestep():
    p = init_params(1, 2, seed=0)
    tr = forward(p, np.ones((4, 1)))
    dh = np.zeros((4, 2))
    dh[-1] = 1.0
    res = backward(p, tr, dh)
    assert res.dh.shape == res.dc.shape == (4, 2)
    np.testing.assert_array_equal(res.dh[-1], dh[-1])    # the last step only sees the loss
    assert np.all(np.abs(res.dh[0]) > 0)                 # earlier steps receive gradient


def test_init_is_deterministic_and_sets_the_forget_bias():
    a, b = init_params(1, 4, seed=7, forget_bias=2.0), init_params(1, 4, seed=7, forget_bias=2.0)
    for x, y in zip(a.arrays(), b.arrays()):
        np.testing.assert_array_equal(x, y)
    assert np.all(a.b_f == 2.0) and np.all(a.b_i == 0.0)
    assert a.W_f.shape == (4, 5) and a.b_o.shape == (4,)
    assert np.max(np.abs(a.W_a)) <= 0.5  # U(-1/sqrt(H), 1/sqrt(H))
    assert not np.array_equal(a.W_f, init_params(1, 4, seed=8).W_f)


@pytest.mark.parametrize("kwargs, match", [
    ({"input_size": 1, "hidden_size": 0}, "hidden_size must be a positive integer, got 0"),
    ({"input_size": 0, "hidden_size": 3}, "input_size must be a positive integer, got 0"),
    ({"input_size": 1, "hidden_size": 3, "forget_bias": float("nan")}, "forget_bias"),
])
def test_bad_init_arguments_raise_value_errors_naming_the_value(kwargs, match):
    with pytest.raises(ValueError, match=match):
        init_params(**kwargs)


@pytest.mark.parametrize("x, match", [
    (np.zeros(5), r"x must have shape \(T, D\) or \(T, B, D\), got \(5,\)"),
    (np.zeros((5, 2)), "x has 2 features per step but the weights expect D = 1"),
    (np.zeros((0, 1)), "at least one timestep"),
    (np.array([[1.0], [np.nan]]), "NaN or infinite"),
])
def test_bad_inputs_raise_value_errors(x, match):
    with pytest.raises(ValueError, match=match):
        forward(init_params(1, 3), x)


def test_bad_dh_shape_raises():
    p = init_params(1, 3)
    tr = forward(p, np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"dh must have the shape of trace.h \(4, 3\)"):
        backward(p, tr, np.zeros((4, 2)))


def test_gate_names_follow_the_equations():
    assert GATES == ("f", "i", "a", "o")
    p = init_params(1, 2)
    assert list(p.named_arrays()) == ["W_f", "W_i", "W_a", "W_o", "b_f", "b_i", "b_a", "b_o"]


def test_pre_activation_parts_add_up_and_match_the_weights():
    p = init_params(2, 3, seed=6)
    x = np.random.default_rng(4).normal(size=(5, 2))
    tr = forward(p, x)
    from lstm_core import pre_activation_parts
    z_h, z_x, b = pre_activation_parts(p, tr)["i"]
    np.testing.assert_allclose(z_x, x @ p.W_i[:, 3:].T)
    np.testing.assert_allclose(z_h[1:], tr.h[:-1] @ p.W_i[:, :3].T)
    np.testing.assert_array_equal(z_h[0], 0.0)          # h_0 = 0
    np.testing.assert_allclose(z_h + z_x + b, pre_activations(p, tr)["i"])


def seed_000_gradient(p: LSTMParams, x, dh):
    """The NumPy tutorial's calc_delta_k / calc_gradient_k, written out: only the same-step terms.

    delta_o = δh·tanh(c)·o(1-o),  delta_f = δh·o·(1-tanh²c)·c_{t-1}·f(1-f),
    delta_i = δh·o·(1-tanh²c)·ã·i(1-i),  delta_a = δh·o·(1-tanh²c)·i·(1-ã²),
    dW_g += delta_g ⊗ [h_{t-1}, x_t],  db_g += delta_g.
    """
    ref = reference_forward(p, x)
    H = p.hidden_size
    g = {n: np.zeros_like(v) for n, v in p.named_arrays().items()}
    for t in range(len(x)):
        f, i, a, o, c = (ref[k][t] for k in ("f", "i", "a", "o", "c"))
        c_prev = ref["c"][t - 1] if t else np.zeros(H)
        h_prev = ref["h"][t - 1] if t else np.zeros(H)
        k = dh[t] * o * (1 - np.tanh(c) ** 2)
        deltas = {"o": dh[t] * np.tanh(c) * o * (1 - o), "f": k * c_prev * f * (1 - f),
                  "i": k * a * i * (1 - i), "a": k * i * (1 - a ** 2)}
        hx = np.concatenate([h_prev, x[t]])
        for n, d in deltas.items():
            g["W_" + n] += np.outer(d, hx)
            g["b_" + n] += d
    return g


@pytest.mark.parametrize("T, H, D", [(1, 1, 1), (5, 3, 2), (8, 4, 1)])
def test_truncated_mode_is_exactly_seed_000s_gradient(T, H, D):
    rng = np.random.default_rng(T)
    p = init_params(D, H, seed=T)
    x, dh = rng.normal(size=(T, D)), rng.normal(size=(T, H))
    ours = backward(p, forward(p, x), dh, through_time=False).grads.named_arrays()
    for name, value in seed_000_gradient(p, x, dh).items():
        np.testing.assert_allclose(ours[name], value, rtol=1e-12, atol=1e-14, err_msg=name)


# --- the step a student reads, and the fast path beside it

def run_lstm_step(p, x, h0, c0):
    """``lstm_step`` called once per timestep: the lesson's loop."""
    h, c, out = h0, c0, []
    for x_t in x:
        f, i, a, o, c, h = lstm_step(p, x_t, h, c)
        out.append((f, i, a, o, c, h))
    return {k: np.array(v) for k, v in zip(("f", "i", "a", "o", "c", "h"), zip(*out))}


@pytest.mark.parametrize("batched", [False, True])
def test_forward_gives_what_lstm_step_gives_step_by_step(batched):
    rng = np.random.default_rng(11)
    p = init_params(3, 5, seed=4)
    x = rng.normal(size=(9, 4, 3) if batched else (9, 3))
    h0, c0 = rng.normal(size=(4, 5) if batched else 5), rng.normal(size=(4, 5) if batched else 5)
    tr, ref = forward(p, x, h0, c0), run_lstm_step(p, x, h0, c0)
    for k in ("f", "i", "a", "o", "c", "h"):
        assert getattr(tr, k).shape == ref[k].shape
        np.testing.assert_allclose(getattr(tr, k), ref[k], rtol=0, atol=1e-12)


@pytest.mark.parametrize("through_time", [True, False])
@pytest.mark.parametrize("batched", [False, True])
def test_backward_gives_what_lstm_step_backward_gives_step_by_step(batched, through_time):
    rng = np.random.default_rng(12)
    p = init_params(2, 4, seed=5, forget_bias=0.3)
    x = rng.normal(size=(8, 3, 2) if batched else (8, 2))
    tr = forward(p, x, rng.normal(size=4), rng.normal(size=4))
    dh = rng.normal(size=tr.h.shape)
    fast = backward(p, tr, dh, through_time=through_time)
    dH = dh if batched else dh[:, None]
    grads, dX, dh0, dc0, dH_tot, dC_tot = _backward_steps(lstm_step_backward, p, tr, dH, through_time)
    for name, g in fast.grads.named_arrays().items():
        np.testing.assert_allclose(g, getattr(grads, name), rtol=0, atol=1e-12, err_msg=name)
    unbatch = (lambda a: a) if batched else (lambda a: a[:, 0])
    for got, want in ((fast.dx, unbatch(dX)), (fast.dh, unbatch(dH_tot)), (fast.dc, unbatch(dC_tot)),
                      (fast.dh0, dh0 if batched else dh0[0]), (fast.dc0, dc0 if batched else dc0[0])):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_lstm_step_takes_one_sequence_or_a_batch():
    rng = np.random.default_rng(0)
    p = init_params(2, 3, seed=0)
    x, h, c = rng.normal(size=(4, 2)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    batch = lstm_step(p, x, h, c)
    one = lstm_step(p, x[2], h[2], c[2])
    for b, s in zip(batch, one):
        assert s.shape == (3,)
        np.testing.assert_allclose(b[2], s, atol=1e-15)


def test_lstm_step_source_is_the_equations_in_the_lessons_order():
    """The cell page shows this function: one line per equation, in the order of the lesson."""
    src = inspect.getsource(lstm_step)
    lines = ["hx = np.concatenate([h_prev, x_t], axis=-1)", "f = sigmoid(hx @ p.W_f.T + p.b_f)",
             "i = sigmoid(hx @ p.W_i.T + p.b_i)", "a = tanh(hx @ p.W_a.T + p.b_a)",
             "c = f * c_prev + i * a", "o = sigmoid(hx @ p.W_o.T + p.b_o)", "h = o * tanh(c)"]
    positions = [src.index(line) for line in lines]
    assert positions == sorted(positions)


def test_stacked_weights_follow_the_gate_order():
    p = init_params(1, 3, seed=0)
    W, b = p.stacked()
    for k, g in enumerate(GATES):
        np.testing.assert_array_equal(W[3 * k:3 * (k + 1)], getattr(p, "W_" + g))
        np.testing.assert_array_equal(b[3 * k:3 * (k + 1)], getattr(p, "b_" + g))
    back = LSTMParams.from_stacked(W, b)
    assert all(np.array_equal(u, v) for u, v in zip(back.arrays(), p.arrays()))


def test_time_reversed_trace_lines_a_backward_run_up_with_its_input():
    rng = np.random.default_rng(3)
    p = init_params(1, 2, seed=1)
    x, c0 = rng.normal(size=(5, 1)), np.array([0.3, -0.2])
    tr = forward(p, x[::-1], c0=c0)                     # read from the last step to the first
    rev = tr.time_reversed()
    np.testing.assert_array_equal(rev.h, tr.h[::-1])
    np.testing.assert_array_equal(rev.f, tr.f[::-1])
    np.testing.assert_array_equal(rev.c_prev[-1], c0)   # x's last step was read first
    np.testing.assert_array_equal(rev.c_prev[:-1], rev.c[1:])
    np.testing.assert_array_equal(rev.time_reversed().c_prev, tr.c_prev)
    with pytest.raises(ValueError, match="not time_reversed"):
        backward(p, rev, np.zeros((5, 2)))
