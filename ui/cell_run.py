"""What every run of the cell page is: the engine's trace of one layer over one sequence, kept
as it is, with the split of each pre-activation that the page's equations show.

The trace is ``lstm_core``'s one record of the quantities (an LSTM's f, i, a, o, c, h, a
GRU's r, z, n, h): a run reads them from it (``run.f`` is ``run.trace.f``), never copies
them. Which quantities there are, and which of them are gates in (0, 1), is the cell's
(``lstm_core.cells.Cell``). Pure, no Streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_core.cells import Cell


@dataclass
class TraceRun:
    """One cell's forward pass over one sequence, time first.

    ``x`` (T, D) the input; ``trace`` the cell's trace of one sequence (each quantity (T, H));
    ``cell`` the kind of cell; ``z_h[g]`` (T, H) the part of gate g's pre-activation from
    h_{t-1}, ``z_x[g]`` (T, H) the part from x_t, ``bias[g]`` (H,) its bias.
    """

    x: np.ndarray
    trace: object
    cell: Cell
    z_h: dict
    z_x: dict
    bias: dict

    @property
    def steps(self) -> int:
        return self.x.shape[0]

    @property
    def units(self) -> int:
        return self.trace.h.shape[1]

    @property
    def kind(self) -> str:
        """The cell's name: "lstm" or "gru"."""
        return self.cell.name

    @property
    def quantities(self) -> tuple[str, ...]:
        """The trace's arrays over time, in the order of the equations (one heatmap each)."""
        return self.cell.quantities

    @property
    def signed(self) -> tuple[str, ...]:
        """The quantities that are not gates: drawn on a diverging scale centred at 0."""
        return tuple(q for q in self.cell.quantities if q not in self.cell.gates)

    @property
    def h_prev(self) -> np.ndarray:
        """h_{t-1} for every t (T, H), zeros first."""
        return self.trace.h_prev

    def __getattr__(self, name: str):
        """A quantity of the cell (``run.f``, ``run.h``): the trace's own array, (T, H)."""
        cell = self.__dict__.get("cell")
        if cell is not None and name in cell.quantities:
            return getattr(self.__dict__["trace"], name)
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")
