"""A sequence model: stacked (uni- or bidirectional) layers and a readout at every timestep.

    h^(k) = layer_k(h^(k-1)),   z_t = W_y · h^(K)_t + b_y,   ŷ_t = z_t (regression) or σ(z_t)

Losses, averaged over every timestep, sequence and output:
    "mse":  mean((z - y)²)
    "bce":  mean(-y log σ(z) - (1 - y) log(1 - σ(z)))   (binary cross-entropy, from logits)
"""
from __future__ import annotations

import numpy as np

from .activations import sigmoid
from .layers import BiLSTMParams, LayerTrace
from .stack import StackParams, init_stack, stack_backward, stack_forward

LOSSES = ("mse", "bce")

SeqParams = StackParams   # readout="every", its default: an output at every step


def init_seq_model(input_size: int, hidden_size: int, output_size: int = 1,
                   num_layers: int = 1, bidirectional: bool = False, seed: int = 0,
                   forget_bias: float = 1.0) -> StackParams:
    """Random LSTM weights, deterministic for a seed (``stack.init_stack``, readout at every
    step). A bidirectional layer outputs 2·hidden_size."""
    return init_stack(input_size, hidden_size, output_size, num_layers, bidirectional=bidirectional,
                      readout="every", seed=seed, forget_bias=forget_bias)


def seq_forward(params: StackParams, X: np.ndarray) -> tuple[np.ndarray, list[LayerTrace]]:
    """X (T, B, D) -> logits z (T, B, O) and each layer's LayerTrace."""
    if params.readout != "every":
        raise ValueError(f"a sequence model reads out at every step, got readout={params.readout!r}")
    return stack_forward(params, X)


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

    X (T, B, D), Y (T, B, O). Returns (loss, grads as StackParams, outputs (T, B, O), traces).
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
    return value, stack_backward(params, traces, dz), out, traces


__all__ = ["SeqParams", "BiLSTMParams", "init_seq_model", "seq_forward", "seq_predict",
           "seq_loss_and_grads", "LOSSES"]
