"""Gradients through time (lstm_core.gradient_flow, truncated, live_check): vanishing, exploding,
the forget-gate product, full BPTT against the truncated gradient, the live check and the training runs.

The thresholds were measured first (numbers in each test's comment), then set with margin.
"""
import numpy as np
import pytest

from lstm_core import FitTrainer, cell_of, forward, init_params, init_rnn_params, rnn_forward, sequences
from lstm_core import gradient_flow as gf
from lstm_core import live_check as lc
from lstm_core import truncated as tr

INPUTS = {
    "sine": lambda T: sequences.sine(T),
    "step": lambda T: sequences.step(T),
    "random": lambda T: sequences.random_uniform(T),
    "passengers": lambda T: sequences.passenger_window(0, min(T, 144)),
}


# --- vanishing and its cure ----------------------------------------------------------


def test_gradient_starts_with_length_exactly_one_at_the_last_step():
    res = gf.gradient_flow(sequences.sine(30), hidden_size=7, seed=3, spectral_radius=0.9, forget_bias=1.0)
    assert res["rnn"].dh_norm[-1] == pytest.approx(1.0, abs=1e-14)
    assert res["lstm"].dh_norm[-1] == pytest.approx(1.0, abs=1e-14)
    np.testing.assert_array_equal(res["rnn"].dh[-1], res.u)      # L = u · h_T
    assert res.non_finite == ()


@pytest.mark.parametrize("seed", range(10))
def test_rnn_gradient_vanishes_below_radius_one_while_lstm_with_forget_bias_1_keeps_it(seed):
    # Measured, T = 50, H = 16, sine, seeds 0-9: RNN (ρ = 0.5) 2.5e-17 .. 5.5e-16;
    # LSTM (b_f = 1) 2.8e-6 .. 2.3e-4. Stated: the RNN loses more than 13 orders of magnitude,
    # the LSTM keeps its gradient within a factor 10^7, at least a million times more.
    res = gf.gradient_flow(sequences.sine(50), hidden_size=16, seed=seed, spectral_radius=0.5, forget_bias=1.0)
    assert res.ratio("rnn") < 1e-13
    assert res.ratio("lstm") > 1e-7
    assert res.ratio("lstm") > 1e6 * res.ratio("rnn")
    assert gf.regime(res.ratio("rnn")) == "vanishing"


@pytest.mark.parametrize("kind", INPUTS)
def test_lstm_with_forget_bias_3_keeps_the_gradient_over_150_steps(kind):
    # Measured, T = 150 (144 for passengers), H = 16, seeds 0-9: LSTM 1.3e-3 (random) .. 58 (step);
    # RNN at ρ = 0.5 below 2.4e-44 for every input. Stated: within a factor 10^4 either way.
    x = INPUTS[kind](150)
    for seed in range(10):
        res = gf.gradient_flow(x, hidden_size=16, seed=seed, spectral_radius=0.5, forget_bias=3.0)
        assert 1e-4 < res.ratio("lstm") < 1e4
        assert res.ratio("rnn") < 1e-40


def test_forget_product_is_the_product_of_later_forget_gates():
    res = gf.gradient_flow(sequences.random_uniform(9), hidden_size=4, seed=2, forget_bias=0.5)
    T = res.steps
    for k in range(T):
        np.testing.assert_allclose(res["lstm"].keep_product[k], np.prod(res["lstm"].keep_gate[k + 1:], axis=0), rtol=1e-13)
    np.testing.assert_array_equal(res["lstm"].keep_product[-1], np.ones(4))
    np.testing.assert_allclose(res["lstm"].keep_product_mean, res["lstm"].keep_product.mean(axis=1))
    # the belt part is dL/dc_T carried back by forget gates alone
    np.testing.assert_allclose(res["lstm"].belt_norm, np.linalg.norm(res["lstm"].dc[-1] * res["lstm"].keep_product, axis=1))


def test_forget_gates_near_sigma_of_the_bias_set_the_belt():
    res = gf.gradient_flow(np.zeros((40, 1)), hidden_size=3, seed=0, forget_bias=4.0)
    # zero input, h small: every forget gate is σ(4 + small); the product over 39 steps ≈ σ(4)^39
    assert res["lstm"].keep_product_mean[0] == pytest.approx((1 / (1 + np.exp(-4.0))) ** 39, rel=0.05)


# --- the gradient is the true one: an independent finite-difference computation --------


def _rnn_loss_from(params, x, u, t, h_t):
    """L = u · h_T when the RNN restarts at step t (0-based) with state h_t."""
    if t == x.shape[0] - 1:
        return float(u @ h_t)
    return float(u @ rnn_forward(params, x[t + 1:], h0=h_t).h[-1])


def _lstm_loss_from(params, x, u, t, h_t, c_t):
    if t == x.shape[0] - 1:
        return float(u @ h_t)
    return float(u @ forward(params, x[t + 1:], h0=h_t, c0=c_t).h[-1])


def _central(f, v, eps=1e-6):
    g = np.empty_like(v)
    for j in range(v.size):
        e = np.zeros_like(v)
        e[j] = eps
        g[j] = (f(v + e) - f(v - e)) / (2 * eps)
    return g


def test_gradient_norms_match_a_direct_finite_difference_computation():
    x = sequences.random_uniform(6, seed=4)
    H, seed, rho, fb = 3, 5, 1.3, 0.7
    res = gf.gradient_flow(x, H, seed, rho, fb)
    rnn = init_rnn_params(1, H, seed=seed, spectral_radius=rho)
    lstm = init_params(1, H, seed=seed, forget_bias=fb)
    u = gf.loss_direction(H, seed)
    hs = rnn_forward(rnn, x).h
    tr = forward(lstm, x)
    for t in range(x.shape[0]):
        d_rnn = _central(lambda h: _rnn_loss_from(rnn, x, u, t, h), hs[t])
        np.testing.assert_allclose(res["rnn"].dh[t], d_rnn, rtol=1e-7, atol=1e-10)
        d_h = _central(lambda h: _lstm_loss_from(lstm, x, u, t, h, tr.c[t]), tr.h[t])
        np.testing.assert_allclose(res["lstm"].dh[t], d_h, rtol=1e-7, atol=1e-10)
        # dL/dc_t is total: moving c_t also moves h_t = o_t ⊙ tanh(c_t)
        d_c = _central(lambda c: _lstm_loss_from(lstm, x, u, t, tr.o[t] * np.tanh(c), c), tr.c[t])
        np.testing.assert_allclose(res["lstm"].dc[t], d_c, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(res["rnn"].dh_norm, np.linalg.norm(res["rnn"].dh, axis=1), rtol=1e-14)
    np.testing.assert_allclose(res["lstm"].dc_norm, np.linalg.norm(res["lstm"].dc, axis=1), rtol=1e-14)


# --- exploding, overflow, underflow: flagged, never raised ---------------------------


def test_rnn_gradient_explodes_above_radius_one():
    # Measured: the "exploding" preset (step at 76 of 150, ρ = 2, H = 16, seed 0) gives 1.4e23.
    res = gf.gradient_flow(sequences.step(150, at=75), 16, 0, 2.0, 3.0)
    assert res.ratio("rnn") > 1e15
    assert gf.regime(res.ratio("rnn")) == "exploding"
    assert res.non_finite == ()


def test_overflow_is_reported_as_inf_and_nan_not_raised():
    # The "overflow" preset: 450 zeros keep the RNN linear, so the gradient grows ≈ 6× per step.
    with np.errstate(all="raise"):          # no floating-point warning escapes either
        res = gf.gradient_flow(sequences.step(500, at=450), 16, 0, 6.0, 3.0)
    assert res.non_finite == ("rnn",)
    bad = ~np.isfinite(res["rnn"].dh_norm)
    assert bad.sum() > 10 and bad[0]
    assert np.isnan(res["rnn"].dh_norm).any() and np.isinf(res["rnn"].dh_norm).any()
    assert np.all(np.isfinite(res["lstm"].dh_norm))
    assert gf.regime(res.ratio("rnn")) == "non_finite"


def test_underflow_gives_exactly_zero():
    res = gf.gradient_flow(sequences.sine(500), 8, 0, 0.1, 1.0)
    assert res.ratio("rnn") == 0.0
    assert gf.regime(0.0) == "underflow"


def test_row_norms_neither_overflow_nor_hide_inf_and_nan():
    a = np.array([[1e200, 1e200], [3.0, 4.0], [0.0, 0.0], [np.inf, 1.0], [np.nan, np.inf], [1e-320, 0.0]])
    n = gf.row_norms(a)
    assert n[0] == pytest.approx(np.sqrt(2) * 1e200, rel=1e-15)
    assert n[1] == 5.0 and n[2] == 0.0 and n[3] == np.inf and np.isnan(n[4])
    assert n[5] == pytest.approx(1e-320, rel=1e-3)


@pytest.mark.parametrize("ratio, name", [(np.nan, "non_finite"), (np.inf, "non_finite"), (0.0, "underflow"),
                                         (1e-4, "vanishing"), (0.5, "kept"), (999.0, "kept"), (1e4, "exploding")])
def test_regime_names_what_happened(ratio, name):
    assert gf.regime(ratio) == name


# --- full BPTT against the truncated gradient -----------------------------------------


@pytest.mark.parametrize("loss", ["last", "every"])
def test_truncated_equals_full_when_T_is_1(loss):
    cmp = tr.full_vs_truncated(sequences.sine(1), hidden_size=5, seed=1, forget_bias=1.0, loss=loss)
    for name in gf.PARAM_NAMES:
        np.testing.assert_array_equal(getattr(cmp.full, name), getattr(cmp.truncated, name))
    for value in cmp.cosine.values():
        assert value == pytest.approx(1.0, abs=1e-12)


# Measured cosine similarity, sine input, H = 8, seeds 0-4:
#   loss on the last output:  0.977-0.981 (T = 2), 0.77-0.89 (T = 10), 0.58-0.76 (T = 50)
#   loss on every output:     0.996-0.997 (T = 2), 0.89-0.96 (T = 10), 0.75-0.94 (T = 50)
# (with a loss at every step the same-step terms carry more of the gradient).
@pytest.mark.parametrize("T, loss, below", [(2, "last", 0.99), (10, "last", 0.95), (50, "last", 0.9),
                                            (2, "every", 0.999), (10, "every", 0.98), (50, "every", 0.97)])
def test_truncated_differs_from_full_when_T_is_more_than_1(T, loss, below):
    cmp = tr.full_vs_truncated(sequences.sine(T), hidden_size=8, seed=0, forget_bias=1.0, loss=loss)
    assert cmp.cosine["all"] < below
    assert not np.allclose(tr._as_vector(cmp.full), tr._as_vector(cmp.truncated))
    assert cmp.full_norm["all"] > 0 and cmp.truncated_norm["all"] > 0


def test_truncated_gradient_is_backward_without_through_time():
    from lstm_core import backward

    x = sequences.sine(12)
    cmp = tr.full_vs_truncated(x, 4, 3, 1.0, "every")
    p = init_params(1, 4, seed=3, forget_bias=1.0)
    dh = np.tile(gf.loss_direction(4, 3), (12, 1))
    np.testing.assert_allclose(cmp.truncated.W_a, backward(p, forward(p, x), dh, through_time=False).grads.W_a)


def test_cosine_similarity_edge_cases():
    a = np.array([1.0, 2.0, -3.0])
    assert tr.cosine_similarity(a, 2 * a) == pytest.approx(1.0)
    assert tr.cosine_similarity(a, -a) == pytest.approx(-1.0)
    assert tr.cosine_similarity(np.zeros(3), np.zeros(3)) == 1.0
    assert tr.cosine_similarity(a, np.zeros(3)) == 0.0
    assert np.isnan(tr.cosine_similarity(a, np.array([np.inf, 0, 0])))
    assert tr.cosine_similarity(1e300 * a, 1e-300 * a) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same number of entries"):
        tr.cosine_similarity(a, np.ones(2))


# --- the live gradient check ----------------------------------------------------------


def test_live_gradcheck_agrees_for_ordinary_settings():
    checks = lc.live_gradcheck(sequences.sine(40), 8, 0, 0.9, 1.0)
    assert [c.model for c in checks] == ["lstm"] * 8 + ["rnn"] * 2
    assert [c.entry.name for c in checks] == list(gf.PARAM_NAMES) + ["W", "b"]
    assert all(c.status == "agrees" and c.entry.rel_error < 1e-8 for c in checks)


def test_live_gradcheck_checks_the_largest_entry_of_each_array():
    x = sequences.sine(10)
    checks = lc.live_gradcheck(x, 4, 1, 0.9, 1.0)
    cmp = tr.full_vs_truncated(x, 4, 1, 1.0)   # same LSTM, same loss
    for c in checks[:8]:
        g = getattr(cmp.full, c.entry.name)
        assert c.entry.index == np.unravel_index(np.argmax(np.abs(g)), g.shape)
        assert c.entry.analytic == g[c.entry.index]


def test_live_gradcheck_says_when_an_exploding_gradient_cannot_be_checked():
    # The "exploding" preset: the RNN's db is 1.5e23, so the step would have to be ~1e-29.
    checks = lc.live_gradcheck(sequences.step(150, at=75), 16, 0, 2.0, 3.0)
    rnn_b = checks[-1]
    assert rnn_b.status == "too_large" and np.isnan(rnn_b.entry.numeric)
    assert all(c.status == "agrees" for c in checks[:8])


def test_live_gradcheck_recognises_a_tipping_point():
    # One unit, W_h = ±4, zero input for 5 steps: h = 0 is an unstable fixed point, so any
    # step in b sends h to ±1; the finite difference changes with ε (measured -1193 vs -0.0005).
    checks = lc.live_gradcheck(sequences.step(10), 1, 0, 4.0, 1.0)
    assert checks[-1].status == "unresolved"
    assert not any(c.status == "disagrees" for c in checks)


def test_live_gradcheck_reports_inf_without_raising():
    checks = lc.live_gradcheck(sequences.step(500, at=450), 4, 0, 6.0, 1.0)
    assert {c.status for c in checks[8:]} <= {"not_finite", "too_large"}


# --- the training comparison ----------------------------------------------------------


def test_truncated_gradient_cannot_learn_to_remember_the_first_number():
    # Measured, seed 0, 100 epochs: test MSE 0.034 (full) against 0.284 (truncated);
    # predicting 0 gives 1/3. (300 epochs: 0.015 against 0.265; seeds 1, 2: 0.020/0.26, 0.007/0.48.)
    run = tr.training_comparison("remember_first", epochs=100, seed=0)
    assert run.full_train[0] == run.truncated_train[0]          # same seed, same start
    assert run.full_test[-1] < 0.1
    assert run.truncated_test[-1] > 0.12
    assert run.truncated_test[-1] > 3 * run.full_test[-1]
    assert run.baseline == pytest.approx(1 / 3)
    assert run.full_test.shape == (100,) and run.seconds > 0


def test_passenger_comparison_starts_from_the_same_weights():
    run = tr.training_comparison("passengers", epochs=3, seed=1)
    assert run.full_train[0] == run.truncated_train[0]
    assert run.full_train[1] != run.truncated_train[1]
    assert np.isnan(run.baseline)
    assert run.settings == {"epochs": 3, "seed": 1, "hidden_size": 8, "look_back": 12}


def test_comparison_trains_through_the_one_loop_and_reports_progress():
    done = []
    run = tr.training_comparison("remember_first", epochs=20, seed=0, progress=done.append)
    assert done == sorted(done) and done[-1] == 1.0 and len(done) == 4      # every 10 epochs, both runs
    assert run.full_test.shape == (20,) and np.all(np.isfinite(run.truncated_test))
    full = tr._remember_first_trainer(True, 20, 0, 8, 10, 128, 0.005)
    assert isinstance(full, FitTrainer)
    np.testing.assert_array_equal([r.loss for r in full.run()], run.full_train)


def test_remember_first_data_targets_the_first_input():
    X, y, X_test, y_test = tr.remember_first_data(10, 32, 0)
    assert X.shape == (10, 32, 1) and y.shape == (32,)
    np.testing.assert_array_equal(y, X[0, :, 0])
    np.testing.assert_array_equal(y_test, X_test[0, :, 0])
    assert np.mean(y ** 2) == pytest.approx(1 / 3, abs=0.1)


# --- bad arguments --------------------------------------------------------------------


@pytest.mark.parametrize("call, message", [
    (lambda: gf.gradient_flow(np.ones(5), 4), r"x must have shape \(T, D\)"),
    (lambda: gf.gradient_flow(np.full((3, 1), np.nan), 4), "x contains NaN"),
    (lambda: gf.gradient_flow(np.ones((3, 1)), 0), "hidden_size must be a positive integer, got 0"),
    (lambda: tr.full_vs_truncated(np.ones((3, 1)), 4, loss="first"), "loss must be 'last' or 'every'"),
    (lambda: tr.training_comparison("stocks"), "task must be 'passengers' or 'remember_first'"),
    (lambda: tr.training_comparison(epochs=0), "epochs must be between 1 and 5000, got 0"),
    (lambda: gf.forget_product(np.ones(3)), r"f must have shape \(T, H\)"),
])
def test_bad_arguments_raise_a_value_error_naming_the_value(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- any cell: the GRU, the LSTM variants ----------------------------------------------


def test_gru_keep_product_is_the_product_of_later_update_gates_and_carries_the_belt():
    from lstm_core import gru_forward

    x = sequences.random_uniform(9, seed=1)
    flow = gf.cell_flow(x, "gru", hidden_size=4, seed=2, forget_bias=1.5)
    p = gf.init_flow_cell("gru", 1, 4, seed=2, forget_bias=1.5)
    z = gru_forward(p, x).z
    np.testing.assert_allclose(p.b_z, 1.5)                            # the keep bias starts b_z
    np.testing.assert_array_equal(flow.keep_gate, z)
    for k in range(9):
        np.testing.assert_allclose(flow.keep_product[k], np.prod(z[k + 1:], axis=0), rtol=1e-13)
    np.testing.assert_allclose(flow.belt_norm, np.linalg.norm(flow.dh[-1] * flow.keep_product, axis=1))
    assert flow.keep == "z" and flow.dc is None and flow.dh_norm[-1] == pytest.approx(1.0)


def test_an_lstm_without_forget_gate_keeps_the_whole_belt_and_the_rnn_has_none():
    res = gf.gradient_flow(sequences.sine(60), 8, 0, 0.9, 1.0, cells=("nfg", "rnn"))
    np.testing.assert_array_equal(res["nfg"].keep_product, 1.0)      # f = 1: nothing lost along c
    assert res["rnn"].keep is None and res["rnn"].belt_norm is None
    assert res.non_finite == () and [f.cell for f in res.flows] == ["nfg", "rnn"]
    with pytest.raises(KeyError, match="no cell 'gru' here"):
        res["gru"]


@pytest.mark.parametrize("cell", gf.FLOW_CELLS)
def test_every_cell_carries_the_last_step_loss_back_to_the_first_input_exactly(cell):
    x = sequences.random_uniform(5, seed=4)
    flow = gf.cell_flow(x, cell, hidden_size=3, seed=5, spectral_radius=1.3, forget_bias=0.7)
    p = gf.init_flow_cell(cell, 1, 3, seed=5, spectral_radius=1.3, forget_bias=0.7)
    u = gf.loss_direction(3, 5)
    kind = cell_of(p)
    base = x.copy()                             # dL/dx_1: perturb the first input only

    def loss(v):
        x1 = base.copy()
        x1[0] = v
        return float(u @ kind.forward(p, x1).h[-1])
    dx0 = kind.backward(p, kind.forward(p, x), np.vstack([np.zeros((4, 3)), u])).dx[0]
    np.testing.assert_allclose(dx0, _central(loss, x[0]), rtol=1e-6, atol=1e-10)
    assert flow.dh_norm[-1] == pytest.approx(1.0, abs=1e-14)


def test_live_check_agrees_for_a_gru_and_a_peephole_lstm_and_reports_progress():
    seen = []
    checks = lc.live_gradcheck(sequences.sine(20), 4, 0, 0.9, 1.0, cells=("gru", "ph"), progress=seen.append)
    assert [c.model for c in checks] == ["gru"] * 7 + ["ph"] * 11
    assert [c.entry.name for c in checks[:7]] == ["W_r", "W_z", "W_n", "b_r", "b_z", "b_n", "b_hn"]
    assert all(c.agrees for c in checks), [(c.model, c.entry.name, c.status) for c in checks if not c.agrees]
    assert seen == [k / 18 for k in range(1, 19)]


def test_keep_fraction_is_sigma_of_the_bias_and_unknown_cells_are_named():
    assert gf.keep_fraction(0.0) == 0.5 and gf.keep_fraction(3.0) == pytest.approx(1 / (1 + np.exp(-3.0)))
    with pytest.raises(ValueError, match="cell must be one of"):
        gf.cell_flow(np.ones((3, 1)), "transformer")
