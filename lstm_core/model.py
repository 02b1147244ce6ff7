"""A forecaster: a stack of layers with a linear readout of the last hidden state.

    h^(1) = LSTM_1(x),  h^(k) = LSTM_k(h^(k-1)),   ŷ = W_y · h^(K)_T + b_y,   L = mean((ŷ - y)²)

The stack is ``stack.StackParams`` with ``readout="last"``; this module adds the loss and
the weights file's format. Any cell's layers work; the file format holds LSTM layers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cell import GATES, LSTMParams, Trace, validate_params
from .stack import StackParams, init_stack, stack_backward, stack_forward

_LSTM_ARRAYS = [f"W_{g}" for g in GATES] + [f"b_{g}" for g in GATES]


@dataclass
class ForecasterParams(StackParams):
    """``layers``: one LSTMParams per layer (layer k has input size H of layer k-1);
    ``W_y`` (1, H) and ``b_y`` (1,) the linear readout of the last layer's last h."""

    readout: str = "last"

    def __reduce_ex__(self, protocol):
        """Packed weights (``_forecast_fast.pack``) pickle and deep-copy as their one buffer and
        come back as views of it again: pickled one by one they would come back as separate
        arrays, and training (which updates the buffer) would no longer move them."""
        if self._flat is None:
            return super().__reduce_ex__(protocol)
        from ._forecast_fast import _view, shapes_of
        return _view, (self._flat, shapes_of(self))

    def to_npz_dict(self) -> dict[str, np.ndarray]:
        """Plain arrays for ``np.savez`` (loadable with ``allow_pickle=False``)."""
        return {k: np.array(v) for k, v in self.named_arrays().items()}

    @classmethod
    def from_npz_dict(cls, arrays) -> "ForecasterParams":
        """Inverse of ``to_npz_dict``; raises ValueError for a file that is not one of ours.

        The ``config.*``, ``meta.*``, ``history.*`` and ``snapshot.*`` arrays of a checkpoint
        (``lstm_core.checkpoint``, the training page's download) are ignored, so ``from_npz_dict(np.load(path))``
        reads the weights of either kind of file.
        """
        keys = {k for k in arrays.keys() if not k.startswith(("config.", "meta.", "history.", "snapshot."))}
        n_layers = 0
        while f"layer{n_layers}.W_f" in keys:
            n_layers += 1
        names = _LSTM_ARRAYS
        expected = {f"layer{k}.{n}" for k in range(n_layers) for n in names} | {"W_y", "b_y"}
        if n_layers == 0 or keys != expected:
            raise ValueError("not an LSTM Explainer weights file: expected arrays "
                             "layer0.W_f ... W_y, b_y")
        layers = []
        for k in range(n_layers):
            p = LSTMParams(*(np.asarray(arrays[f"layer{k}.{n}"], dtype=float) for n in names))
            validate_params(p)
            layers.append(p)
        params = cls(layers, np.asarray(arrays["W_y"], float), np.asarray(arrays["b_y"], float))
        H = layers[-1].hidden_size
        if params.W_y.shape != (1, H) or params.b_y.shape != (1,):
            raise ValueError(f"readout must have shapes (1, {H}) and (1,), "
                             f"got {params.W_y.shape} and {params.b_y.shape}")
        for k in range(1, n_layers):
            if layers[k].input_size != layers[k - 1].hidden_size:
                raise ValueError(f"layer {k} expects input size {layers[k].input_size} "
                                 f"but layer {k - 1} outputs {layers[k - 1].hidden_size}")
        if not all(np.all(np.isfinite(a)) for a in params.arrays()):
            raise ValueError("the weights contain NaN or infinite values")
        return params


def init_forecaster(input_size: int = 1, hidden_size: int = 16, num_layers: int = 1,
                    seed: int = 0, forget_bias: float = 1.0) -> ForecasterParams:
    """Random forecaster weights, deterministic for a seed (see ``init_params``).

    The readout starts from U(-k, k), k = 1/sqrt(H), and a zero bias.
    """
    s = init_stack(input_size, hidden_size, 1, num_layers, readout="last", seed=seed,
                   forget_bias=forget_bias)
    return ForecasterParams(s.layers, s.W_y, s.b_y)


def forecaster_forward(params: StackParams, X: np.ndarray) -> tuple[np.ndarray, list[Trace]]:
    """X (L, B, D) windows -> predictions ŷ (B,) and the trace of each layer."""
    z, layer_traces = stack_forward(params, X)         # (B, 1)
    return z[:, 0], [lt.traces[0] for lt in layer_traces]


def predict(params: StackParams, X: np.ndarray) -> np.ndarray:
    """Predictions (B,) for windows X (L, B, D)."""
    return stack_forward(params, X)[0][:, 0]


def mse_loss_and_grads(params: StackParams, X: np.ndarray, y: np.ndarray,
                       through_time: bool = True):
    """Mean squared error and its exact gradient.

    X (L, B, D), y (B,). Returns (loss, grads of params' type, y_hat (B,), traces).
    ``through_time=False`` uses the NumPy tutorial's truncated gradient in every layer.
    """
    y = np.asarray(y, dtype=float)
    if y.shape != (X.shape[1],):
        raise ValueError(f"y must have shape ({X.shape[1]},), one target per window, got {y.shape}")
    z, layer_traces = stack_forward(params, X)          # (B, 1)
    y_hat = z[:, 0]                                     # (B,)
    err = y_hat - y                                     # (B,)
    loss = float(np.mean(err ** 2))
    dz = (2.0 * err / len(y))[:, None]                  # (B, 1) dL/dŷ
    grads = stack_backward(params, layer_traces, dz, through_time)
    return loss, grads, y_hat, [lt.traces[0] for lt in layer_traces]
