"""Layers built from any cell (``cells.py``): one run backwards in time, a bidirectional
pair, and the trace of one layer of a stack.

A *layer* is either a cell's parameters (reads the sequence forwards) or a
``BidirectionalParams`` (one cell forwards, one backwards, outputs side by side). Both go
through ``layer_forward`` / ``layer_backward`` so stacks can mix them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cells import cell_of, get_cell


def forward_reversed(params, x):
    """Run a cell from the last timestep to the first.

    x (T, D) or (T, B, D). The returned trace is in *processing* order (its step 0 read
    x[T-1]); ``trace.h[::-1]`` (or ``trace.time_reversed()``) lines up with x.
    """
    return cell_of(params).forward(params, np.asarray(x, dtype=float)[::-1])


def backward_reversed(params, trace, dh, through_time: bool = True):
    """BPTT for ``forward_reversed``; ``dh`` is in the original time order.

    Returns (grads, dx) with dx in the original time order.
    """
    res = cell_of(params).backward(params, trace, np.asarray(dh)[::-1], through_time=through_time)
    return res.grads, res.dx[::-1]


@dataclass
class BidirectionalParams:
    """A bidirectional layer of any cell: ``fw`` reads t = 1..T, ``bw`` reads t = T..1.

    Its output at t is [h_fw_t, h_bw_t], so the next layer sees 2H features.
    """

    fw: object
    bw: object

    @property
    def hidden_size(self) -> int:
        return self.fw.hidden_size + self.bw.hidden_size

    @property
    def input_size(self) -> int:
        return self.fw.input_size

    def arrays(self) -> list[np.ndarray]:
        return self.fw.arrays() + self.bw.arrays()

    def named_arrays(self) -> dict[str, np.ndarray]:
        return {**{f"fw.{k}": v for k, v in self.fw.named_arrays().items()},
                **{f"bw.{k}": v for k, v in self.bw.named_arrays().items()}}

    def copy(self) -> "BidirectionalParams":
        return BidirectionalParams(self.fw.copy(), self.bw.copy())


BiLSTMParams = BidirectionalParams   # the name the LSTM-only version had


def init_bidirectional(input_size: int, hidden_size: int, seed: int = 0, cell: str = "lstm",
                       **options) -> BidirectionalParams:
    """Two independent cells of ``hidden_size`` units each (output size 2·hidden_size):
    ``fw`` from ``seed``, ``bw`` from ``seed + 500``; ``options`` go to the cell's init."""
    init = get_cell(cell).init
    return BidirectionalParams(init(input_size, hidden_size, seed, **options),
                               init(input_size, hidden_size, seed + 500, **options))


def init_bilstm(input_size: int, hidden_size: int, seed: int = 0,
                forget_bias: float = 1.0) -> BidirectionalParams:
    """Two independent LSTMs of ``hidden_size`` units each (output size 2·hidden_size)."""
    return init_bidirectional(input_size, hidden_size, seed, "lstm", forget_bias=forget_bias)


@dataclass
class LayerTrace:
    """The trace(s) of one layer and its output ``h`` (T, B, H_out) in time order.

    ``traces`` is (forward,) or (forward, backward); a backward trace is in processing
    order (see ``forward_reversed``).
    """

    traces: tuple
    h: np.ndarray


def layer_forward(layer, x: np.ndarray) -> LayerTrace:
    """x (T, B, D) or (T, D) -> LayerTrace with h (T, B, H), or (T, B, 2H) for a
    bidirectional layer."""
    if isinstance(layer, BidirectionalParams):
        tf, tb = cell_of(layer.fw).forward(layer.fw, x), forward_reversed(layer.bw, x)
        return LayerTrace((tf, tb), np.concatenate([tf.h, tb.h[::-1]], axis=-1))
    tr = cell_of(layer).forward(layer, x)
    return LayerTrace((tr,), tr.h)


def layer_backward(layer, lt: LayerTrace, dh: np.ndarray, through_time: bool = True):
    """dh (T, B, H_out) -> (grads of the same type as ``layer``, dx (T, B, D))."""
    if isinstance(layer, BidirectionalParams):
        H = layer.fw.hidden_size
        rf = cell_of(layer.fw).backward(layer.fw, lt.traces[0], dh[..., :H], through_time=through_time)
        gb, dxb = backward_reversed(layer.bw, lt.traces[1], dh[..., H:], through_time)
        return BidirectionalParams(rf.grads, gb), rf.dx + dxb
    res = cell_of(layer).backward(layer, lt.traces[0], dh, through_time=through_time)
    return res.grads, res.dx


def _check_layer(layers: list, layer: int) -> None:
    if not 0 <= layer < len(layers):
        raise ValueError(f"layer must be between 0 and {len(layers) - 1}, got {layer}")


def layer_input(layers: list, x: np.ndarray, layer: int = 0) -> np.ndarray:
    """What ``layers[layer]`` reads when the stack reads one sequence x (T, D): x itself for
    the first layer, the h of layer k - 1 for layer k (T, H of layer k - 1), time first."""
    _check_layer(layers, layer)
    x = np.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"x must be one sequence of shape (T, D), got {x.shape}")
    for below in layers[:layer]:
        x = layer_forward(below, x).h                    # (T, H of that layer)
    return x


def layer_trace(layers: list, x: np.ndarray, layer: int = 0, direction: str = "fw"):
    """The trace of ``layers[layer]`` on one sequence x (T, D), time first, in time order.

    The layers below run first (``layer_input``). ``direction`` "bw" is the backward half
    of a bidirectional layer, listed so that it lines up with x.
    Returns the cell's trace, with its quantities (``cell_of(...).quantities``) each (T, H).
    """
    _check_layer(layers, layer)
    if direction not in ("fw", "bw"):
        raise ValueError(f"direction must be 'fw' or 'bw', got {direction!r}")
    if direction == "bw" and not isinstance(layers[layer], BidirectionalParams):
        raise ValueError("this layer has no backward direction")
    x = layer_input(layers, x, layer)
    lt = layer_forward(layers[layer], x)
    return lt.traces[0] if direction == "fw" else lt.traces[1].time_reversed()
