"""A forecaster: stacked LSTM layers, then a linear readout of the last hidden state.

    h^(1) = LSTM_1(x),  h^(k) = LSTM_k(h^(k-1)),   ŷ = W_y · h^(K)_T + b_y,   L = mean((ŷ - y)²)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cell import GATES, LSTMParams, Trace, backward, forward, init_params, validate_params


@dataclass
class ForecasterParams:
    """``layers``: one LSTMParams per layer (layer k has input size H of layer k-1);
    ``W_y`` (1, H) and ``b_y`` (1,) the linear readout of the last layer's last h."""

    layers: list[LSTMParams]
    W_y: np.ndarray
    b_y: np.ndarray

    def arrays(self) -> list[np.ndarray]:
        """All arrays, layer by layer, then W_y, b_y (the order optimizers see)."""
        return [a for p in self.layers for a in p.arrays()] + [self.W_y, self.b_y]

    def named_arrays(self) -> dict[str, np.ndarray]:
        out = {}
        for k, p in enumerate(self.layers):
            out.update({f"layer{k}.{name}": a for name, a in p.named_arrays().items()})
        out["W_y"], out["b_y"] = self.W_y, self.b_y
        return out

    def copy(self) -> "ForecasterParams":
        return ForecasterParams([p.copy() for p in self.layers], self.W_y.copy(), self.b_y.copy())

    def to_npz_dict(self) -> dict[str, np.ndarray]:
        """Plain arrays for ``np.savez`` (loadable with ``allow_pickle=False``)."""
        return {k: np.array(v) for k, v in self.named_arrays().items()}

    @classmethod
    def from_npz_dict(cls, arrays) -> "ForecasterParams":
        """Inverse of ``to_npz_dict``; raises ValueError for a file that is not one of ours.

        The ``config.*`` and ``meta.*`` arrays of a checkpoint (``lstm_core.checkpoint``,
        the training page's download) are ignored, so ``from_npz_dict(np.load(path))``
        reads the weights of either kind of file.
        """
        keys = {k for k in arrays.keys() if not k.startswith(("config.", "meta."))}
        n_layers = 0
        while f"layer{n_layers}.W_f" in keys:
            n_layers += 1
        names = [f"W_{g}" for g in GATES] + [f"b_{g}" for g in GATES]
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
    if not isinstance(num_layers, (int, np.integer)) or num_layers < 1:
        raise ValueError(f"num_layers must be at least 1, got {num_layers!r}")
    layers = [init_params(input_size if k == 0 else hidden_size, hidden_size,
                          seed=seed + 1000 * k, forget_bias=forget_bias) for k in range(num_layers)]
    rng = np.random.default_rng(seed + 999_999)
    k = 1.0 / np.sqrt(hidden_size)
    return ForecasterParams(layers, rng.uniform(-k, k, size=(1, hidden_size)), np.zeros(1))


def forecaster_forward(params: ForecasterParams, X: np.ndarray) -> tuple[np.ndarray, list[Trace]]:
    """X (L, B, D) windows -> predictions ŷ (B,) and the trace of each layer."""
    traces, inp = [], X
    for p in params.layers:
        tr = forward(p, inp)
        traces.append(tr)
        inp = tr.h                                    # (L, B, H)
    y_hat = inp[-1] @ params.W_y[0] + params.b_y[0]   # (B,)
    return y_hat, traces


def predict(params: ForecasterParams, X: np.ndarray) -> np.ndarray:
    """Predictions (B,) for windows X (L, B, D)."""
    return forecaster_forward(params, X)[0]


def mse_loss_and_grads(params: ForecasterParams, X: np.ndarray, y: np.ndarray,
                       through_time: bool = True):
    """Mean squared error and its exact gradient.

    X (L, B, D), y (B,). Returns (loss, grads as ForecasterParams, y_hat (B,), traces).
    ``through_time=False`` uses seed 000's truncated gradient in every layer.
    """
    y = np.asarray(y, dtype=float)
    if y.shape != (X.shape[1],):
        raise ValueError(f"y must have shape ({X.shape[1]},), one target per window, got {y.shape}")
    y_hat, traces = forecaster_forward(params, X)
    err = y_hat - y                                    # (B,)
    loss = float(np.mean(err ** 2))
    dy = 2.0 * err / len(y)                            # (B,) dL/dŷ
    h_last = traces[-1].h[-1]                          # (B, H)
    dW_y = (dy @ h_last)[None, :]                      # (1, H)
    db_y = np.array([dy.sum()])                        # (1,)
    dh = np.zeros_like(traces[-1].h)                   # (L, B, H): loss sees only h_T
    dh[-1] = np.outer(dy, params.W_y[0])               # (B, H)
    layer_grads = [None] * len(params.layers)
    for k in reversed(range(len(params.layers))):
        res = backward(params.layers[k], traces[k], dh, through_time=through_time)
        layer_grads[k] = res.grads
        dh = res.dx                                    # (L, B, H_{k-1}) into the layer below
    return loss, ForecasterParams(layer_grads, dW_y, db_y), y_hat, traces
