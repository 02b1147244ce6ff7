"""Input sequences and the parser for typed numbers."""
import numpy as np
import pytest

from lstm_core import sequences as seq


def test_generated_sequences_have_shape_t_by_1_and_the_seed_values():
    np.testing.assert_allclose(seq.ramp()[:, 0], [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert seq.step(10)[:, 0].tolist() == [0] * 5 + [1] * 5
    assert seq.sine(48).shape == (48, 1) and abs(seq.sine(48)[3, 0] - 1.0) < 1e-12
    r = seq.random_uniform(10, seed=1)
    assert r.shape == (10, 1) and np.all((0 <= r) & (r < 1))
    np.testing.assert_array_equal(r, seq.random_uniform(10, seed=1))
    w = seq.passenger_window(0, 144)
    assert w.min() == 0.0 and w.max() == 1.0 and w.shape == (144, 1)


def test_parse_accepts_commas_spaces_and_full_width_commas():
    np.testing.assert_array_equal(seq.parse_sequence("1, 2 3;4\n5，6")[:, 0], [1, 2, 3, 4, 5, 6])
    assert seq.parse_sequence(" -0.5e-1 ").tolist() == [[-0.05]]


@pytest.mark.parametrize("text, match", [
    ("", "no numbers found"),
    ("  , ,", "no numbers found"),
    ("1, 2, abc", "number 3 is not a number: 'abc'"),
    ("1, nan", "number 2 is not finite"),
    ("1, inf", "number 2 is not finite"),
    (" ".join(["1"] * 501), "too many numbers: at most 500, got 501"),
])
def test_parse_rejects_bad_text_with_a_message_naming_the_problem(text, match):
    with pytest.raises(ValueError, match=match):
        seq.parse_sequence(text)


def test_bad_lengths_raise():
    with pytest.raises(ValueError, match="length must be between 1 and 500, got 0"):
        seq.sine(0)
    with pytest.raises(ValueError, match="start must be between 0 and 120 for length 24, got 130"):
        seq.passenger_window(130, 24)


@pytest.mark.parametrize("text, code, values", [
    ("", "empty", {}),
    ("1, 2, abc", "not_number", {"k": 3, "token": "abc"}),
    ("1, inf", "not_finite", {"k": 2, "token": "inf"}),
    (" ".join(["1"] * 501), "too_many", {"max": 500, "n": 501}),
])
def test_parse_errors_carry_a_code_and_values_for_translation(text, code, values):
    with pytest.raises(seq.SequenceError) as err:
        seq.parse_sequence(text)
    assert isinstance(err.value, ValueError)
    assert err.value.code == code and err.value.values == values
