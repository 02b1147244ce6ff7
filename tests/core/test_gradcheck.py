"""The finite-difference checker itself: exact on a known function, and it catches errors."""
import numpy as np

from lstm_core import check_gradients


def test_checker_confirms_a_known_gradient_and_rejects_a_wrong_one():
    w = np.array([0.3, -1.2, 2.0])

    def loss():
        return float(np.sum(np.sin(w) * w ** 2))
    right = np.cos(w) * w ** 2 + 2 * w * np.sin(w)
    entries = check_gradients(loss, {"w": w}, {"w": right})
    assert max(e.rel_error for e in entries) < 1e-9 and all(e.agrees() for e in entries)
    wrong = right.copy()
    wrong[1] *= 1.001                 # a 0.1% error in one entry
    entries = check_gradients(loss, {"w": w}, {"w": wrong})
    assert [e.agrees() for e in entries] == [True, False, True]
    np.testing.assert_array_equal(w, [0.3, -1.2, 2.0])   # parameters restored


def test_max_per_array_samples_reproducibly():
    w = np.arange(100.0)
    a = check_gradients(lambda: float(w @ w), {"w": w}, {"w": 2 * w}, max_per_array=5, seed=1)
    b = check_gradients(lambda: float(w @ w), {"w": w}, {"w": 2 * w}, max_per_array=5, seed=1)
    assert len(a) == 5 and [e.index for e in a] == [e.index for e in b]
