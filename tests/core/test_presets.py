"""The hand-made presets do what their docstrings promise, checked through ``forward``."""
import numpy as np
import pytest

from lstm_core import forward, sequences
from lstm_core.cell import validate_params
from lstm_core.presets import COUNT_STEP, PRESETS, counter, forget_every_step, remember_first

RNG = np.random.default_rng(7)
X_RANDOM = RNG.uniform(-1, 1, size=(200, 1))  # (T, 1)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_has_valid_shapes_for_one_input_feature(name):
    params = PRESETS[name]()
    validate_params(params)
    assert params.input_size == 1


def test_remember_first_keeps_tanh_of_the_first_input_in_its_cell_state():
    trace = forward(remember_first(), X_RANDOM)
    np.testing.assert_allclose(trace.c[:, 0], np.tanh(X_RANDOM[0, 0]), atol=1e-6)
    # its output shows the stored value at every step
    np.testing.assert_allclose(trace.h[:, 0], np.tanh(np.tanh(X_RANDOM[0, 0])), atol=1e-6)


def test_remember_first_ignores_every_later_input():
    changed = X_RANDOM.copy()
    changed[1:] = -changed[1:] + 0.3
    a = forward(remember_first(), X_RANDOM).c[:, 0]
    b = forward(remember_first(), changed).c[:, 0]
    np.testing.assert_allclose(a, b, atol=1e-9)


def test_remember_first_writes_only_at_the_first_step_and_keeps_for_500_steps():
    x = np.ones((sequences.MAX_LENGTH, 1))  # (500, 1), the longest sequence the page accepts
    trace = forward(remember_first(), x)
    assert trace.i[0, 0] > 1 - 1e-8
    assert trace.i[1:, 0].max() < 1e-10
    assert trace.f[:, 0].min() > 1 - 1e-8
    assert abs(trace.c[-1, 0] - np.tanh(1.0)) < 1e-6


def test_a_random_cell_does_not_remember_its_first_input():
    """The contrast that makes the preset worth showing."""
    from lstm_core import init_params

    trace = forward(init_params(1, 2, seed=0), X_RANDOM)
    assert np.abs(trace.c[50:, 0] - np.tanh(X_RANDOM[0, 0])).max() > 0.05


def test_forget_every_step_cell_state_is_tanh_of_the_current_input_only():
    trace = forward(forget_every_step(), X_RANDOM)
    np.testing.assert_allclose(trace.c[:, 0], np.tanh(X_RANDOM[:, 0]), atol=1e-8)
    assert trace.f.max() < 1e-8


def test_forget_every_step_past_inputs_do_not_change_the_present():
    changed = X_RANDOM.copy()
    changed[:100] = 0.9
    a = forward(forget_every_step(), X_RANDOM)
    b = forward(forget_every_step(), changed)
    np.testing.assert_allclose(a.h[100:], b.h[100:], atol=1e-8)


def test_counter_first_unit_counts_steps_in_tenths():
    T = 30
    trace = forward(counter(), np.zeros((T, 1)))
    np.testing.assert_allclose(trace.c[:, 0], COUNT_STEP * np.arange(1, T + 1), atol=1e-6)


def test_counter_second_unit_counts_inputs_above_one_half():
    x = sequences.step(24, at=10)  # ten zeros then fourteen ones
    trace = forward(counter(), x)
    np.testing.assert_allclose(trace.c[:, 1], COUNT_STEP * np.maximum(0, np.arange(24) - 9), atol=1e-6)


def test_counter_counts_random_inputs_away_from_the_threshold():
    x = RNG.choice([0.1, 0.3, 0.7, 0.95], size=(100, 1))
    trace = forward(counter(), x)
    expected = COUNT_STEP * np.cumsum(x[:, 0] > 0.5)
    np.testing.assert_allclose(trace.c[:, 1], expected, atol=1e-3)


def test_presets_are_fresh_arrays_each_call():
    a, b = counter(), counter()
    a.b_f[:] = 0
    assert b.b_f[0] > 0
