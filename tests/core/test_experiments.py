"""Each seed experiment reaches what its seed reports, at a fixed seed, with its defaults."""
from dataclasses import replace

import numpy as np
import pytest

from lstm_core import forward
from lstm_core.experiments import DEFAULTS, KEYS, FitTrainer, cumsum_sequences, make_experiment


def test_trend_predicts_1_2_after_1_0():
    e = make_experiment("trend")
    e.run()
    out = e.outcome()
    assert out.passed and abs(out.value - 1.2) <= 0.05      # measured 1.166 (seed 0)


def test_classification_and_bidirectional_beat_95_percent_on_the_same_data():
    uni, bi = make_experiment("classify"), make_experiment("bidir")
    uni.run()
    bi.run()
    assert uni.outcome().value > 0.95 and bi.outcome().value > 0.95   # measured 0.990, 0.987
    np.testing.assert_array_equal(uni.X_test, bi.X_test)              # same test sequences
    assert uni.outcome().extra["accuracy_per_step"].shape == (10,)


def test_classification_labels_follow_the_running_sum():
    X, Y = cumsum_sequences(50, rng=0)
    np.testing.assert_array_equal(Y[..., 0], np.cumsum(X[..., 0], axis=0) > 2.5)


def test_sin_to_cos_reaches_the_seed_loss_and_the_first_step_is_the_hard_one():
    e = make_experiment("sincos")
    e.run()
    out = e.outcome()
    assert out.passed and e.epoch < DEFAULTS["sincos"].epochs     # stopped early at 1e-4
    assert out.extra["test_mse"] < 1e-3                           # measured 2e-4
    assert out.extra["test_mse_first_step"] > 3 * out.extra["test_mse_later_steps"]


def test_x_sin_x_beats_persistence_on_the_test_part():
    e = make_experiment("xsinx", replace(DEFAULTS["xsinx"], epochs=200))
    e.run()
    out = e.outcome()
    assert out.passed and out.value < 0.5 * out.target   # measured 0.29 vs 1.21 at 200 epochs


def test_stacked_passengers_beats_seasonal_naive():
    e = make_experiment("stacked")
    e.run()
    out = e.outcome()
    assert out.passed and out.value < 20                  # measured 15.0 vs 42.6


@pytest.mark.parametrize("key", KEYS)
def test_every_experiment_exposes_curves_and_a_gate_trace(key):
    e = make_experiment(key, replace(DEFAULTS[key], epochs=2))
    e.run()
    tr = e.trace(layer=0)
    assert tr.f.ndim == 2 and tr.h.shape == tr.c.shape
    curves = e.curves()
    assert len({len(v) for v in curves.values()}) == 1      # columns of equal length


def test_traces_are_the_layers_own_values_in_time_order():
    bi = make_experiment("bidir")
    x = bi.X_test[:, 3]                                      # (10, 1) test sequence 3
    fw = bi.trace(layer=0, direction="fw", sample=3)
    bw = bi.trace(layer=0, direction="bw", sample=3)
    np.testing.assert_allclose(fw.c, forward(bi.params.layers[0].fw, x).c)
    np.testing.assert_allclose(bw.h, forward(bi.params.layers[0].bw, x[::-1]).h[::-1])
    stacked = make_experiment("xsinx", replace(DEFAULTS["xsinx"], epochs=1))
    X = stacked.X[:, stacked.n_train:][:, :1]
    h1 = forward(stacked.params.layers[0], X).h
    np.testing.assert_allclose(stacked.trace(layer=1).f, forward(stacked.params.layers[1], h1).f[:, 0])


def test_bidirectional_trace_has_a_backward_direction_and_unidirectional_does_not():
    bi, uni = make_experiment("bidir"), make_experiment("classify")
    assert bi.trace(direction="bw").h.shape == (10, 20)
    with pytest.raises(ValueError, match="direction must be 'fw' or 'bw'"):
        bi.trace(direction="backwards")
    with pytest.raises(ValueError, match="no backward direction"):
        uni.trace(direction="bw")


def test_bad_settings_are_rejected_and_divergence_is_reported():
    with pytest.raises(ValueError, match="num_layers must be at least 1, got 0"):
        make_experiment("xsinx", replace(DEFAULTS["xsinx"], num_layers=0))
    with pytest.raises(ValueError, match="experiment must be one of"):
        make_experiment("nope")
    with pytest.raises(ValueError, match="learning_rate must be positive and finite"):
        make_experiment("trend", replace(DEFAULTS["trend"], learning_rate=0.0))
    e = make_experiment("sincos", replace(DEFAULTS["sincos"], learning_rate=10.0, optimizer="sgd"))
    e.run()
    assert e.diverged and "too high" in e.history[-1].message and e.epoch < 200
    assert isinstance(e.trainer, FitTrainer)


def test_a_huge_adam_step_saturates_without_nan_and_is_reported_as_stalled():
    e = make_experiment("classify", replace(DEFAULTS["classify"], learning_rate=100.0, epochs=100))
    e.run()
    assert not e.diverged and e.stalled()
    ok = make_experiment("trend", replace(DEFAULTS["trend"], epochs=100))
    ok.run()
    assert not ok.stalled()
    assert set(make_experiment("stacked").loss_curves()) == {"train", "test"}
