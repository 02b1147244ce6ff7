"""One interface for every kind of cell: what stacks, bidirectional layers, readouts,
trainers and heatmaps use, so none of them names the LSTM.

A cell is a ``Cell`` record of functions over its own parameter type::

    init(input_size, hidden_size, seed=0, **options) -> params
    forward(params, x, h0=None[, c0=None]) -> trace      x (T, D) or (T, B, D)
    backward(params, trace, dh, through_time=True) -> result
    step(params, x_t, *state) -> the quantities of one timestep (the equations, readable)

``params`` has ``hidden_size``, ``input_size``, ``arrays()``, ``named_arrays()`` and
``copy()`` (``CellParams``). ``trace`` holds every name in ``quantities``, each (T, H) or
(T, B, H), time first, with ``h`` the layer's output, and ``time_reversed()``. ``result``
has ``grads`` (same type as params), ``dx`` (like x), one ``d<s>0`` per state ``s`` in
``states`` (dh0, dc0) and ``dh`` (the total dL/dh_t at every step).

Adding a cell: write its module (params, init, step, forward, backward), add a ``Cell``
to ``CELLS`` below, and gradient-check it (tests/core/test_cell_interface.py runs every
registered cell through the same checks).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol

import numpy as np

from .cell import LSTMParams, backward, forward, init_params, lstm_step
from .variants import VANILLA, variant_step
from .gru import GRUParams, gru_backward, gru_forward, gru_step, init_gru_params
from .rnn import RNNParams, init_rnn_params, rnn_backward, rnn_forward, rnn_step


class CellParams(Protocol):
    """What every cell's parameters offer."""

    hidden_size: int
    input_size: int

    def arrays(self) -> list[np.ndarray]: ...
    def named_arrays(self) -> dict[str, np.ndarray]: ...
    def copy(self) -> "CellParams": ...


@dataclass(frozen=True)
class Cell:
    """A kind of cell: its functions and the names of what its trace holds.

    quantities : the trace's arrays over time, in the order of the equations (heatmap rows)
    gates : those of ``quantities`` in (0, 1) (a sequential colour scale; the rest are signed)
    states : what one step hands the next (``h``, and ``c`` for the LSTM)
    """

    name: str
    params_type: type
    init: Callable
    forward: Callable
    backward: Callable
    step: Callable
    quantities: tuple[str, ...]
    gates: tuple[str, ...]
    states: tuple[str, ...]


def lstm_any_step(p: LSTMParams, x_t, h_prev, c_prev):
    """``lstm_step`` (the lesson's equations), or ``variant_step`` for a variant's params."""
    return (lstm_step if p.variant == VANILLA else variant_step)(p, x_t, h_prev, c_prev)


LSTM = Cell("lstm", LSTMParams, init_params, forward, backward, lstm_any_step,
            quantities=("f", "i", "a", "o", "c", "h"), gates=("f", "i", "o"), states=("h", "c"))
GRU = Cell("gru", GRUParams, init_gru_params, gru_forward, gru_backward, gru_step,
           quantities=("r", "z", "n", "h"), gates=("r", "z"), states=("h",))
RNN = Cell("rnn", RNNParams, init_rnn_params, rnn_forward, rnn_backward, rnn_step,
           quantities=("h",), gates=(), states=("h",))

CELLS = {cell.name: cell for cell in (LSTM, GRU, RNN)}
_BY_TYPE = {cell.params_type: cell for cell in CELLS.values()}


def get_cell(name: str) -> Cell:
    """The Cell called ``name`` ("lstm", "gru", "rnn"); an LSTM variant is an option of
    "lstm" (``init(..., variant="cifg")``)."""
    if name not in CELLS:
        raise ValueError(f"cell must be one of {tuple(CELLS)}, got {name!r}")
    return CELLS[name]


def cell_of(params) -> Cell:
    """The Cell whose parameters ``params`` are."""
    cell = _BY_TYPE.get(type(params))
    if cell is None:
        names = ", ".join(t.__name__ for t in _BY_TYPE)
        raise TypeError(f"no cell takes parameters of type {type(params).__name__}; expected {names}")
    return cell
