"""A sequence model: stacked (uni- or bidirectional) layers and a readout at every timestep.

    h^(k) = layer_k(h^(k-1)),   z_t = W_y · h^(K)_t + b_y,   ŷ_t = z_t (regression) or σ(z_t)

Losses, averaged over every timestep, sequence and output:
    "mse":  mean((z - y)²)
    "bce":  mean(-y log σ(z) - (1 - y) log(1 - σ(z)))   (binary cross-entropy, from logits)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .cell import init_params
from .layers import BiLSTMParams, LayerTrace, init_bilstm, layer_backward, layer_forward

LOSSES = ("mse", "bce")


@dataclass
class SeqParams:
    """``layers``: LSTMParams or BiLSTMParams, bottom first; ``W_y`` (O, H_last), ``b_y`` (O,)."""

    layers: list
    W_y: np.ndarray
    b_y: np.ndarray

    def arrays(self) -> list[np.ndarray]:
        return [a for layer in self.layers for a in layer.arrays()] + [self.W_y, self.b_y]

    def named_arrays(self) -> dict[str, np.ndarray]:
        out = {}
        for k, layer in enumerate(self.layers):
            out.update({f"layer{k}.{n}": a for n, a in layer.named_arrays().items()})
        out["W_y"], out["b_y"] = self.W_y, self.b_y
        return out

    def copy(self) -> "SeqParams":
        return SeqParams([layer.copy() for layer in self.layers], self.W_y.copy(), self.b_y.copy())


def init_seq_model(input_size: int, hidden_size: int, output_size: int = 1,
                   num_layers: int = 1, bidirectional: bool = False, seed: int = 0,
                   forget_bias: float = 1.0) -> SeqParams:
    """Random weights, deterministic for a seed. A bidirectional layer outputs 2·hidden_size."""
    if not isinstance(num_layers, (int, np.integer)) or num_layers < 1:
        raise ValueError(f"num_layers must be at least 1, got {num_layers!r}")
    layers, d = [], input_size
    for k in range(num_layers):
        if bidirectional:
            layers.append(init_bilstm(d, hidden_size, seed + 1000 * k, forget_bias))
        else:
            layers.append(init_params(d, hidden_size, seed + 1000 * k, forget_bias))
        d = layers[-1].hidden_size
    rng = np.random.default_rng(seed + 999_999)
    k = 1.0 / np.sqrt(d)
    return SeqParams(layers, rng.uniform(-k, k, size=(output_size, d)), np.zeros(output_size))


def seq_forward(params: SeqParams, X: np.ndarray) -> tuple[np.ndarray, list[LayerTrace]]:
    """X (T, B, D) -> logits z (T, B, O) and each layer's LayerTrace."""
    traces, inp = [], X
    for layer in params.layers:
        lt = layer_forward(layer, inp)
        traces.append(lt)
        inp = lt.h                                      # (T, B, H_k)
    return inp @ params.W_y.T + params.b_y, traces      # (T, B, O)


def seq_predict(params: SeqParams, X: np.ndarray, loss: str = "mse") -> np.ndarray:
    """Outputs (T, B, O): the logits for "mse", probabilities σ(z) for "bce"."""
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    z, _ = seq_forward(params, X)
    if loss != "bce":
        return z
    with np.errstate(over="ignore"):           # σ of a huge negative logit is 0, correctly
        return sigmoid(z)


def seq_loss_and_grads(params: SeqParams, X: np.ndarray, Y: np.ndarray, loss: str = "mse"):
    """Loss over every timestep and its exact gradient.

    X (T, B, D), Y (T, B, O). Returns (loss, grads as SeqParams, outputs (T, B, O), traces).
    """
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    z, traces = seq_forward(params, X)
    Y = np.asarray(Y, dtype=float)
    if Y.shape != z.shape:
        raise ValueError(f"targets must have shape {z.shape}, got {Y.shape}")
    n = z.size
    if loss == "mse":
        out = z
        value = float(np.mean((z - Y) ** 2))
        dz = 2.0 * (z - Y) / n                           # (T, B, O)
    else:
        with np.errstate(over="ignore"):
            out = sigmoid(z)
        # -y log σ(z) - (1-y) log(1-σ(z)) = softplus(z) - y z, stable for any z
        value = float(np.mean(np.logaddexp(0.0, z) - Y * z))
        dz = (out - Y) / n                               # (T, B, O)
    h_top = traces[-1].h                                 # (T, B, H_last)
    dW_y = dz.reshape(-1, dz.shape[-1]).T @ h_top.reshape(-1, h_top.shape[-1])  # (O, H_last)
    db_y = dz.sum(axis=(0, 1))                           # (O,)
    dh = dz @ params.W_y                                 # (T, B, H_last)
    grads = [None] * len(params.layers)
    for k in reversed(range(len(params.layers))):
        grads[k], dh = layer_backward(params.layers[k], traces[k], dh)
    return value, SeqParams(grads, dW_y, db_y), out, traces


__all__ = ["SeqParams", "BiLSTMParams", "init_seq_model", "seq_forward", "seq_predict",
           "seq_loss_and_grads", "LOSSES"]
