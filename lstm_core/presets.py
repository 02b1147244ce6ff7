"""Hand-made LSTM weights that each show one behaviour, for the cell page.

Every preset takes one input feature (D = 1) and returns LSTMParams whose weights are
almost all zero: each gate is driven by its bias, and by the input or another unit only
where the behaviour needs it. A gate bias of ``OPEN = 20`` makes the gate a switch that is
on (σ(20) = 1 - 2·10⁻⁹), ``-OPEN`` one that is off; over the longest sequence the page
accepts (500 steps) an "always open" forget gate loses less than 10⁻⁶ of the cell state.

The behaviours (checked numerically in tests/core/test_presets.py):

``remember_first``     c_t = tanh(x_0) for every t: the cell keeps its first input.
``forget_every_step``  c_t = tanh(x_t): nothing of the past survives one step.
``counter``            c_t = 0.1·(t + 1), and 0.1 × the number of inputs above 0.5 so far.

The candidate is ``ã = tanh(x)`` (weight 1, no bias), so the stored value reads best for
inputs in about [-1, 1]; larger inputs saturate at ±1.
"""
from __future__ import annotations

import numpy as np

from .cell import LSTMParams

OPEN = 20.0            # a gate bias that makes σ a switch: σ(20) ≈ 1, σ(-20) ≈ 0
COUNT_STEP = 0.1       # what the counter adds to its cell state per counted step
COUNT_THRESHOLD = 0.5  # the counter's second unit counts inputs above this
COUNT_SHARPNESS = 100.0  # i = σ(100·(x - 0.5)): within 1 % of 0 or 1 once |x - 0.5| > 0.05


def _zeros(hidden_size: int, input_size: int = 1) -> LSTMParams:
    """All-zero weights, W_* (H, H + D) and b_*, (H,), to fill in by hand."""
    H, D = hidden_size, input_size
    return LSTMParams(*(np.zeros((H, H + D)) for _ in range(4)), *(np.zeros(H) for _ in range(4)))


def remember_first() -> LSTMParams:
    """Two units; unit 0 stores tanh(x_0) at the first step and keeps it for ever.

    The columns of ``W_*`` act on ``[h_{t-1}, x_t]`` = ``[h_0, h_1, x]`` (H = 2, D = 1).

    Unit 1 is a switch that says "the sequence has started". Its forget gate is shut
    (b_f = -20) and its input gate and candidate are fully on (b_i = b_a = 20), so its cell
    state is c = 0·c_{t-1} + 1·1 = 1 at every step, and h_1 = σ(20)·tanh(1) ≈ 0.76. Before the
    first step h_{t-1} is the initial state 0, so unit 1's h is 0 only while t = 0 is read.

    Unit 0 is the memory. Its input gate opens on its bias (b_i = 20) but is pushed shut by
    unit 1's output (weight -60 on h_1): at t = 0, h_1 is still 0 and i = σ(20) ≈ 1; from
    t = 1 on, i = σ(20 - 60·0.76) = σ(-25.7) ≈ 7·10⁻¹² . The candidate is ã = tanh(x_t).
    Its forget gate is always open (b_f = 20), so c_t = c_{t-1} = tanh(x_0). The output gate
    is open too (b_o = 20): h_0 = tanh(c_t) shows the stored value at every step.
    """
    p = _zeros(2)
    H = 2
    # unit 0: the memory
    p.b_f[0] = OPEN                 # keep everything
    p.b_i[0] = OPEN                 # write ...
    p.W_i[0, 1] = -3 * OPEN         # ... unless unit 1 says the sequence has started
    p.W_a[0, H] = 1.0               # ã = tanh(x_t)
    p.b_o[0] = OPEN                 # show the cell state
    # unit 1: the "started" switch, c = 1 from the first step on
    p.b_f[1] = -OPEN
    p.b_i[1] = OPEN
    p.b_a[1] = OPEN                 # ã = tanh(20) = 1
    p.b_o[1] = OPEN
    return p


def forget_every_step() -> LSTMParams:
    """One unit whose forget gate is always shut: c_t = tanh(x_t), no memory at all.

    f = σ(-20) ≈ 0 wipes c_{t-1}; i = σ(20) ≈ 1 writes the whole candidate ã = tanh(x_t);
    o = σ(20) ≈ 1 shows it: h_t = tanh(tanh(x_t)). The cell behaves like a feed-forward
    layer: what came before step t has no influence on step t.
    """
    p = _zeros(1)
    p.b_f[0] = -OPEN
    p.b_i[0] = OPEN
    p.W_a[0, 1] = 1.0               # column 1 is x_t (column 0 is h_{t-1})
    p.b_o[0] = OPEN
    return p


def counter() -> LSTMParams:
    """Two units that count: unit 0 counts steps, unit 1 counts inputs above 0.5.

    Both keep everything (f = σ(20) ≈ 1) and add a constant candidate
    ã = tanh(atanh(0.1)) = 0.1, so each counted step adds 0.1 to the cell state:
    c_t = c_{t-1} + i_t·0.1.

    Unit 0's input gate is always open (b_i = 20): c_t = 0.1·(t + 1).
    Unit 1's input gate looks at the input, i = σ(100·(x_t - 0.5)): it opens for x_t
    above 0.5 and stays shut below, so c_t = 0.1 × (how many inputs so far were > 0.5).
    Both output gates are open; h = tanh(c) flattens as the count grows, but c keeps
    counting, which is why the LSTM's memory is the cell state and not h.
    """
    p = _zeros(2)
    H = 2
    a_bias = float(np.arctanh(COUNT_STEP))
    p.b_f[:] = OPEN
    p.b_a[:] = a_bias
    p.b_o[:] = OPEN
    p.b_i[0] = OPEN                                  # unit 0: every step
    p.W_i[1, H] = COUNT_SHARPNESS                    # unit 1: only when x_t > 0.5
    p.b_i[1] = -COUNT_SHARPNESS * COUNT_THRESHOLD
    return p


PRESETS = {
    "remember": remember_first,
    "forget": forget_every_step,
    "counter": counter,
}
