"""The LSTM variants of Greff et al. 2017, "LSTM: A Search Space Odyssey", as a setting.

Each variant changes one line of the lesson's step (``cell.lstm_step``)::

    NIG   no input gate             i_t = 1
    NFG   no forget gate            f_t = 1, so c_t = c_{t-1} + i_t ⊙ ã_t
    NOG   no output gate            o_t = 1
    NIAF  no input activation       ã_t = W_a·[h_{t-1}, x_t] + b_a        (no tanh)
    NOAF  no output activation      h_t = o_t ⊙ c_t                        (no tanh)
    CIFG  coupled input and forget  i_t = 1 - f_t
    PH    peepholes                 f_t, i_t also read p_f ⊙ c_{t-1}, p_i ⊙ c_{t-1};
                                    o_t reads p_o ⊙ c_t  (p_* of shape (H,))

Greff et al. write CIFG as f = 1 - i; i = 1 - f is the same model with W_f = -W_i, and
keeps the forget gate the lesson is about. A variant is an ``LSTMVariant`` in
``LSTMParams.variant`` (``init_params(..., variant="nig")``): the same ``forward`` and
``backward`` run it through ``variant_step`` and ``variant_step_backward`` below, and a gate
a variant removes has no weights. Shapes as in ``cell.lstm_step``: (B, ·) or one (·,).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .activations import sigmoid, tanh


@dataclass(frozen=True)
class LSTMVariant:
    """Which parts of the LSTM are on. The defaults are the lesson's LSTM (Greff's vanilla
    LSTM without peepholes); each field names the variant that changes it."""

    input_gate: bool = True          # NIG: False
    forget_gate: bool = True         # NFG: False
    output_gate: bool = True         # NOG: False
    input_activation: bool = True    # NIAF: False
    output_activation: bool = True   # NOAF: False
    coupled: bool = False            # CIFG: True (i = 1 - f)
    peepholes: bool = False          # PH: True

    def __post_init__(self):
        if self.coupled and not (self.forget_gate and self.input_gate):
            raise ValueError("a coupled input gate (CIFG) needs both gates on, got "
                             f"input_gate={self.input_gate}, forget_gate={self.forget_gate}")

    def has_weights(self, gate: str) -> bool:
        """Whether gate ``gate`` (f, i, a or o) has its own W and b in this variant."""
        return {"f": self.forget_gate, "i": self.input_gate and not self.coupled,
                "a": True, "o": self.output_gate}[gate]

    def peephole_gates(self) -> tuple[str, ...]:
        """The gates with a peephole weight p_g: those of f, i, o that have weights."""
        return tuple(g for g in "fio" if self.peepholes and self.has_weights(g))

    @property
    def name(self) -> str:
        """The key in VARIANTS ("vanilla", "nig", ...), or the keys it combines ("cifg+ph")."""
        for key, v in VARIANTS.items():
            if v == self:
                return key
        changed = {f.name for f in fields(self) if getattr(self, f.name) != f.default}
        return "+".join(key for key, v in VARIANTS.items() if key != "vanilla" and
                        {f.name for f in fields(v) if getattr(v, f.name) != f.default} <= changed)


VARIANTS = {
    "vanilla": LSTMVariant(),
    "nig": LSTMVariant(input_gate=False),
    "nfg": LSTMVariant(forget_gate=False),
    "nog": LSTMVariant(output_gate=False),
    "niaf": LSTMVariant(input_activation=False),
    "noaf": LSTMVariant(output_activation=False),
    "cifg": LSTMVariant(coupled=True),
    "ph": LSTMVariant(peepholes=True),
}
VANILLA = VARIANTS["vanilla"]


def as_variant(variant) -> LSTMVariant:
    """An LSTMVariant from itself or from its key in VARIANTS (any case)."""
    if isinstance(variant, LSTMVariant):
        return variant
    key = variant.lower() if isinstance(variant, str) else variant
    if key not in VARIANTS:
        raise ValueError(f"variant must be one of {tuple(VARIANTS)} or an LSTMVariant, got {variant!r}")
    return VARIANTS[key]


def _peep(p_g, c):
    """The peephole term p_g ⊙ c, or 0 for a gate without one."""
    return 0.0 if p_g is None else p_g * c


def variant_step(p, x_t, h_prev, c_prev):
    """``lstm_step`` with the switches of ``p.variant``; each line names the variant that
    changes it. Returns (f, i, a, o, c, h), each (B, H); a removed gate is all ones."""
    v = p.variant
    one = np.ones_like(c_prev)
    hx = np.concatenate([h_prev, x_t], axis=-1)                             # (B, H + D)
    f = sigmoid(hx @ p.W_f.T + p.b_f + _peep(p.p_f, c_prev)) if v.forget_gate else one  # NFG; PH
    if v.coupled:
        i = 1.0 - f                                                         # CIFG
    else:
        i = sigmoid(hx @ p.W_i.T + p.b_i + _peep(p.p_i, c_prev)) if v.input_gate else one  # NIG; PH
    z_a = hx @ p.W_a.T + p.b_a
    a = tanh(z_a) if v.input_activation else z_a                            # NIAF: linear ã
    c = f * c_prev + i * a
    o = sigmoid(hx @ p.W_o.T + p.b_o + _peep(p.p_o, c)) if v.output_gate else one  # NOG; PH reads c_t
    h = o * (tanh(c) if v.output_activation else c)                         # NOAF: h = o ⊙ c
    return f, i, a, o, c, h


def variant_step_backward(p, hx, c_prev, f, i, a, o, c, dh, dc_next):
    """The derivatives of ``variant_step``, last equation first (see ``lstm_step_backward``).

    hx (B, H + D); c_prev and the step's f, i, a, o, c (B, H); dh (B, H) the total dL/dh_t;
    dc_next (B, H) what c_{t+1} sends back. Returns (grads, dh_prev, dc_prev, dx, dc) with
    ``grads`` a dict of the step's dL/dW_g, dL/db_g, dL/dp_g for the arrays the variant has.
    """
    v = p.variant
    H = c.shape[-1]
    dz = {}                                          # dL/dz_g for each gate with weights
    # h = o ⊙ φ(c), φ = tanh (NOAF: φ(c) = c)
    phi = tanh(c) if v.output_activation else c
    do = dh * phi                                    # ∂h/∂o = φ(c)
    dc = dc_next + dh * o * (1.0 - phi ** 2 if v.output_activation else 1.0)  # ∂h/∂c = o ⊙ φ'(c)
    # o = σ(W_o·hx + b_o + p_o ⊙ c)   (NOG: o = 1)
    if v.output_gate:
        dz["o"] = do * o * (1.0 - o)                 # σ'(z) = σ(z)(1 - σ(z))
        dc = dc + _peep(p.p_o, dz["o"])              # PH: o reads c_t through p_o
    # c = f ⊙ c_prev + i ⊙ ã
    df = dc * c_prev                                 # ∂c/∂f = c_{t-1}
    di = dc * a                                      # ∂c/∂i = ã
    da = dc * i                                      # ∂c/∂ã = i
    dc_prev = dc * f                                 # ∂c/∂c_{t-1} = f
    # ã = tanh(W_a·hx + b_a)   (NIAF: ã = W_a·hx + b_a)
    dz["a"] = da * (1.0 - a ** 2) if v.input_activation else da
    # i = σ(W_i·hx + b_i + p_i ⊙ c_prev)   (NIG: i = 1; CIFG: i = 1 - f)
    if v.coupled:
        df = df - di                                 # ∂i/∂f = -1
    elif v.input_gate:
        dz["i"] = di * i * (1.0 - i)
    # f = σ(W_f·hx + b_f + p_f ⊙ c_prev)   (NFG: f = 1)
    if v.forget_gate:
        dz["f"] = df * f * (1.0 - f)
    # z_g = W_g·hx + b_g (+ p_g ⊙ c_prev, or p_o ⊙ c for o)
    grads, dhx = {}, np.zeros_like(hx)
    for g, d in dz.items():
        grads["W_" + g] = d.T @ hx                   # (H, H + D), summed over the batch
        grads["b_" + g] = d.sum(axis=0)              # (H,)
        dhx += d @ getattr(p, "W_" + g)              # (B, H + D)
    for g in v.peephole_gates():
        grads["p_" + g] = (dz[g] * (c if g == "o" else c_prev)).sum(axis=0)   # (H,)
        if g != "o":
            dc_prev = dc_prev + dz[g] * getattr(p, "p_" + g)                  # PH: f, i read c_{t-1}
    return grads, dhx[:, :H], dc_prev, dhx[:, H:], dc
