"""A stack of layers of any cell, then a linear readout at the last step or at every step.

    h^(1) = layer_1(x),   h^(k) = layer_k(h^(k-1)),
    readout "last":   z   = W_y · h^(K)_T + b_y      (B, O)      a forecast from a window
    readout "every":  z_t = W_y · h^(K)_t + b_y      (T, B, O)   an output at every step

A layer is any cell's parameters or a BidirectionalParams (``layers.py``). The losses sit
with their tasks (``model.py``: a forecast's MSE; ``seq_model.py``: MSE or cross-entropy at
every step): each is ``stack_forward``, the loss and its dL/dz, then ``stack_backward``.
A trainer needs only ``arrays()`` and ``copy()`` and a function returning (loss, grads).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cells import get_cell
from .layers import LayerTrace, init_bidirectional, layer_backward, layer_forward

READOUTS = ("last", "every")


@dataclass
class StackParams:
    """``layers`` bottom first; ``W_y`` (O, H_top) and ``b_y`` (O,) the readout of the top
    layer's h, at the last step or at every step (``readout``)."""

    layers: list
    W_y: np.ndarray
    b_y: np.ndarray
    readout: str = "every"
    _flat = None   # not a field: the buffer the arrays are views of, if packed (fit.update_arrays)

    def __post_init__(self):
        if self.readout not in READOUTS:
            raise ValueError(f"readout must be one of {READOUTS}, got {self.readout!r}")

    def arrays(self) -> list[np.ndarray]:
        """All arrays, layer by layer, then W_y, b_y (the order optimizers see)."""
        return [a for layer in self.layers for a in layer.arrays()] + [self.W_y, self.b_y]

    def named_arrays(self) -> dict[str, np.ndarray]:
        """``layer0.W_f`` ... ``W_y``, ``b_y``, in the order of ``arrays()``."""
        out = {}
        for k, layer in enumerate(self.layers):
            out.update({f"layer{k}.{n}": a for n, a in layer.named_arrays().items()})
        out["W_y"], out["b_y"] = self.W_y, self.b_y
        return out

    def copy(self):
        return type(self)([layer.copy() for layer in self.layers], self.W_y.copy(),
                          self.b_y.copy(), self.readout)


def init_stack(input_size: int, hidden_size: int, output_size: int = 1, num_layers: int = 1, *,
               cell: str = "lstm", bidirectional: bool = False, readout: str = "every",
               seed: int = 0, **cell_options) -> StackParams:
    """Random weights, deterministic for a seed: layer k from ``seed + 1000·k`` (a
    bidirectional layer's backward half from ``+ 500``), the readout from U(-k, k) with
    k = 1/sqrt(H_top) and a zero bias. ``cell_options`` go to the cell's init
    (``forget_bias``, ``variant`` for the LSTM). A bidirectional layer outputs 2·hidden_size.
    """
    if not isinstance(num_layers, (int, np.integer)) or num_layers < 1:
        raise ValueError(f"num_layers must be at least 1, got {num_layers!r}")
    init = get_cell(cell).init
    layers, d = [], input_size
    for k in range(num_layers):
        if bidirectional:
            layers.append(init_bidirectional(d, hidden_size, seed + 1000 * k, cell, **cell_options))
        else:
            layers.append(init(d, hidden_size, seed + 1000 * k, **cell_options))
        d = layers[-1].hidden_size
    rng = np.random.default_rng(seed + 999_999)
    k = 1.0 / np.sqrt(d)
    return StackParams(layers, rng.uniform(-k, k, size=(output_size, d)), np.zeros(output_size),
                       readout)


def stack_forward(params: StackParams, X: np.ndarray) -> tuple[np.ndarray, list[LayerTrace]]:
    """X (T, B, D) -> the readout z ((B, O) for "last", (T, B, O) for "every") and each
    layer's LayerTrace."""
    traces, inp = [], X
    for layer in params.layers:
        lt = layer_forward(layer, inp)
        traces.append(lt)
        inp = lt.h                                          # (T, B, H_k)
    if params.readout == "last":
        inp = inp[-1]                                       # (B, H_top)
    return inp @ params.W_y.T + params.b_y, traces


def stack_backward(params: StackParams, traces: list[LayerTrace], dz: np.ndarray,
                   through_time: bool = True) -> StackParams:
    """dL/dz (shaped like ``stack_forward``'s z) -> the gradient of every array, as params
    of the same type. ``through_time=False`` truncates every layer's BPTT to one step."""
    h_top = traces[-1].h                                    # (T, B, H_top)
    if params.readout == "last":
        dW_y = dz.T @ h_top[-1]                             # (O, H_top)
        db_y = dz.sum(axis=0)                               # (O,)
        dh = np.zeros_like(h_top)                           # (T, B, H_top): z sees only h_T
        dh[-1] = dz @ params.W_y                            # (B, H_top)
    else:
        dW_y = dz.reshape(-1, dz.shape[-1]).T @ h_top.reshape(-1, h_top.shape[-1])  # (O, H_top)
        db_y = dz.sum(axis=(0, 1))                          # (O,)
        dh = dz @ params.W_y                                # (T, B, H_top)
    grads = [None] * len(params.layers)
    for k in reversed(range(len(params.layers))):
        grads[k], dh = layer_backward(params.layers[k], traces[k], dh, through_time)
    return type(params)(grads, dW_y, db_y, params.readout)
