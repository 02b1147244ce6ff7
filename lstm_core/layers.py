"""Layers built from the cell: one run backwards in time, and a bidirectional pair.

A *layer* here is either an ``LSTMParams`` (reads the sequence forwards) or a
``BiLSTMParams`` (one LSTM forwards, one backwards, outputs side by side). Both go
through ``layer_forward`` / ``layer_backward`` so stacks can mix them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cell import LSTMParams, Trace, backward, forward, init_params


def forward_reversed(params: LSTMParams, x) -> Trace:
    """Run the LSTM from the last timestep to the first.

    x (T, D) or (T, B, D). The returned Trace is in *processing* order (its step 0 read
    x[T-1]); ``trace.h[::-1]`` lines up with x.
    """
    return forward(params, np.asarray(x, dtype=float)[::-1])


def backward_reversed(params: LSTMParams, trace: Trace, dh):
    """BPTT for ``forward_reversed``; ``dh`` is in the original time order.

    Returns (grads, dx) with dx in the original time order.
    """
    res = backward(params, trace, np.asarray(dh)[::-1])
    return res.grads, res.dx[::-1]


@dataclass
class BiLSTMParams:
    """A bidirectional layer: ``fw`` reads t = 1..T, ``bw`` reads t = T..1; each (H, H + D).

    Its output at t is [h_fw_t, h_bw_t], so the next layer sees 2H features.
    """

    fw: LSTMParams
    bw: LSTMParams

    @property
    def hidden_size(self) -> int:
        return 2 * self.fw.hidden_size

    @property
    def input_size(self) -> int:
        return self.fw.input_size

    def arrays(self) -> list[np.ndarray]:
        return self.fw.arrays() + self.bw.arrays()

    def named_arrays(self) -> dict[str, np.ndarray]:
        return {**{f"fw.{k}": v for k, v in self.fw.named_arrays().items()},
                **{f"bw.{k}": v for k, v in self.bw.named_arrays().items()}}

    def copy(self) -> "BiLSTMParams":
        return BiLSTMParams(self.fw.copy(), self.bw.copy())


def init_bilstm(input_size: int, hidden_size: int, seed: int = 0,
                forget_bias: float = 1.0) -> BiLSTMParams:
    """Two independent LSTMs of ``hidden_size`` units each (output size 2·hidden_size)."""
    return BiLSTMParams(init_params(input_size, hidden_size, seed, forget_bias),
                        init_params(input_size, hidden_size, seed + 500, forget_bias))


@dataclass
class LayerTrace:
    """The trace(s) of one layer and its output ``h`` (T, B, H_out) in time order.

    ``traces`` is (forward,) or (forward, backward); a backward trace is in processing
    order (see ``forward_reversed``).
    """

    traces: tuple[Trace, ...]
    h: np.ndarray


def layer_forward(layer, x: np.ndarray) -> LayerTrace:
    """x (T, B, D) -> LayerTrace with h (T, B, H) or (T, B, 2H) for a bidirectional layer."""
    if isinstance(layer, BiLSTMParams):
        tf, tb = forward(layer.fw, x), forward_reversed(layer.bw, x)
        return LayerTrace((tf, tb), np.concatenate([tf.h, tb.h[::-1]], axis=-1))
    tr = forward(layer, x)
    return LayerTrace((tr,), tr.h)


def layer_backward(layer, lt: LayerTrace, dh: np.ndarray, through_time: bool = True):
    """dh (T, B, H_out) -> (grads of the same type as ``layer``, dx (T, B, D))."""
    if isinstance(layer, BiLSTMParams):
        H = layer.fw.hidden_size
        rf = backward(layer.fw, lt.traces[0], dh[..., :H], through_time=through_time)
        rb = backward(layer.bw, lt.traces[1], dh[..., H:][::-1], through_time=through_time)
        return BiLSTMParams(rf.grads, rb.grads), rf.dx + rb.dx[::-1]
    res = backward(layer, lt.traces[0], dh, through_time=through_time)
    return res.grads, res.dx
