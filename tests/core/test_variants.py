"""The LSTM variants of Greff et al. 2017: each one's equation, and exact BPTT for every
parameter against finite differences."""
import numpy as np
import pytest

from lstm_core import (VARIANTS, LSTMParams, LSTMVariant, backward, check_gradients, forward,
                       init_params, lstm_step, sigmoid)
from lstm_core.cell import validate_params
from lstm_core.variants import as_variant, variant_step

CHANGED = [key for key in VARIANTS if key != "vanilla"]


def loss_of(p, x, w, h0, c0):
    """L = sum(w ⊙ h): looks at every h_t."""
    return float(np.sum(w * forward(p, x, h0, c0).h))


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("key", CHANGED)
def test_variant_gradients_match_finite_differences_for_every_parameter(key, batched):
    rng = np.random.default_rng(len(key))
    p = init_params(2, 3, seed=1, forget_bias=0.5, variant=key)
    x = rng.normal(size=(6, 4, 2) if batched else (6, 2))
    h0 = rng.normal(size=(4, 3) if batched else 3)
    c0 = rng.normal(size=(4, 3) if batched else 3)
    tr = forward(p, x, h0, c0)
    w = rng.normal(size=tr.h.shape)
    res = backward(p, tr, w)
    entries = check_gradients(lambda: loss_of(p, x, w, h0, c0), p.named_arrays(),
                              res.grads.named_arrays())
    assert len(entries) == sum(a.size for a in p.arrays())          # every entry checked
    assert all(e.agrees() for e in entries), max(entries, key=lambda e: e.rel_error)
    for name, arr, grad in (("x", x, res.dx), ("h0", h0, res.dh0), ("c0", c0, res.dc0)):
        e = check_gradients(lambda: loss_of(p, x, w, h0, c0), {name: arr}, {name: grad})
        assert all(v.agrees() for v in e), name


@pytest.mark.parametrize("key", CHANGED)
def test_truncated_gradient_of_a_variant_keeps_only_same_step_terms(key):
    rng = np.random.default_rng(0)
    p = init_params(1, 3, seed=0, variant=key)
    x1, x5 = rng.normal(size=(1, 1)), rng.normal(size=(5, 1))
    for x, same in ((x1, True), (x5, False)):
        tr = forward(p, x)
        full, trunc = backward(p, tr, np.ones(tr.h.shape)), backward(p, tr, np.ones(tr.h.shape), False)
        equal = all(np.allclose(a, b, atol=1e-15) for a, b in zip(full.grads.arrays(), trunc.grads.arrays()))
        assert equal == same


def run(key, T=5, seed=0):
    rng = np.random.default_rng(seed)
    p = init_params(2, 3, seed=seed, variant=key)
    tr = forward(p, rng.normal(size=(T, 2)), c0=rng.normal(size=3))
    hx = np.concatenate([tr.h_prev, tr._X[:, 0]], axis=1)          # (T, H + D)
    return p, tr, hx


def test_each_variant_computes_its_own_equation():
    p, tr, hx = run("nig")
    np.testing.assert_array_equal(tr.i, 1.0)
    p, tr, hx = run("nfg")
    np.testing.assert_array_equal(tr.f, 1.0)
    np.testing.assert_allclose(tr.c, tr.c_prev + tr.i * tr.a, atol=1e-15)
    p, tr, hx = run("nog")
    np.testing.assert_array_equal(tr.o, 1.0)
    np.testing.assert_allclose(tr.h, np.tanh(tr.c), atol=1e-15)
    p, tr, hx = run("niaf")
    np.testing.assert_allclose(tr.a, hx @ p.W_a.T + p.b_a, atol=1e-15)
    p, tr, hx = run("noaf")
    np.testing.assert_allclose(tr.h, tr.o * tr.c, atol=1e-15)
    p, tr, hx = run("cifg")
    np.testing.assert_allclose(tr.i, 1.0 - tr.f, atol=1e-15)
    p, tr, hx = run("ph")
    np.testing.assert_allclose(tr.f, sigmoid(hx @ p.W_f.T + p.b_f + p.p_f * tr.c_prev), atol=1e-15)
    np.testing.assert_allclose(tr.i, sigmoid(hx @ p.W_i.T + p.b_i + p.p_i * tr.c_prev), atol=1e-15)
    np.testing.assert_allclose(tr.o, sigmoid(hx @ p.W_o.T + p.b_o + p.p_o * tr.c), atol=1e-15)


def test_a_removed_gate_has_no_weights_and_kept_gates_start_as_the_lstms():
    lstm = init_params(1, 4, seed=3)
    expected = {"nig": {"W_i", "b_i"}, "nfg": {"W_f", "b_f"}, "nog": {"W_o", "b_o"},
                "cifg": {"W_i", "b_i"}, "niaf": set(), "noaf": set(), "ph": set()}
    for key, removed in expected.items():
        p = init_params(1, 4, seed=3, variant=key)
        extra = {"p_f", "p_i", "p_o"} if key == "ph" else set()
        assert set(p.named_arrays()) == set(lstm.named_arrays()) - removed | extra, key
        for name in set(p.named_arrays()) - extra:
            np.testing.assert_array_equal(getattr(p, name), getattr(lstm, name))
        validate_params(p)


def test_vanilla_setting_of_the_variant_step_is_lstm_step():
    rng = np.random.default_rng(5)
    p = init_params(2, 3, seed=2)
    x, h, c = rng.normal(size=(4, 2)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    for u, v in zip(variant_step(p, x, h, c), lstm_step(p, x, h, c)):
        np.testing.assert_allclose(u, v, atol=1e-15)


def test_peepholes_at_zero_are_the_lstm():
    rng = np.random.default_rng(6)
    lstm, ph = init_params(1, 3, seed=4), init_params(1, 3, seed=4, variant="ph")
    for g in "fio":
        getattr(ph, "p_" + g)[:] = 0.0
    x = rng.normal(size=(7, 2, 1))
    np.testing.assert_allclose(forward(ph, x).h, forward(lstm, x).h, atol=1e-14)


def test_variants_combine_and_are_named():
    both = LSTMVariant(coupled=True, peepholes=True)
    assert both.name == "cifg+ph"
    assert as_variant("CIFG") is VARIANTS["cifg"] and VARIANTS["nog"].name == "nog"
    p = init_params(1, 2, seed=0, variant=both)
    assert set(p.named_arrays()) == {"W_f", "W_a", "W_o", "b_f", "b_a", "b_o", "p_f", "p_o"}
    tr = forward(p, np.ones((3, 1)))
    np.testing.assert_allclose(tr.i, 1.0 - tr.f, atol=1e-15)


def test_copy_keeps_the_variant_and_owns_its_arrays():
    p = init_params(1, 2, variant="ph")
    q = p.copy()
    q.p_o[:] = 9.0
    assert q.variant == p.variant and not np.any(p.p_o == 9.0)


@pytest.mark.parametrize("make, match", [
    (lambda: init_params(1, 2, variant="gru"), "variant must be one of"),
    (lambda: LSTMVariant(input_gate=False, coupled=True), "coupled input gate"),
    (lambda: validate_params(LSTMParams(*init_params(1, 2).arrays(), variant=VARIANTS["nig"])),
     "has no weights for gate i"),
    (lambda: validate_params(LSTMParams(*init_params(1, 2).arrays(), variant=VARIANTS["ph"])),
     r"p_f must be shape \(2,\)"),
    (lambda: init_params(1, 2, variant="nig").stacked(), "only the lesson's LSTM stacks"),
])
def test_bad_variant_settings_raise_value_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()
