"""The long-memory page's hand-off to the cell page: a trained LSTM and one test sequence.

The long-memory page (``pages/5_Long_memory.py``) calls ``offer()`` and switches to the cell
page; the cell page calls ``accept()`` in its hand-off block at the top (beside the
training page's ``cell_request == "trained"``), and its settings (``ui.cell_settings``)
offer one more input and one more weights choice, both called "long_memory", while a
hand-off is in the session.

Session state (no widget keys):

    ``cell_request``       "long_memory": open the hand-off (popped by the cell page)
    ``long_memory_cell``   the hand-off itself, a dict:
        params    LSTMParams (H, H + D): the race's LSTM, copied when the button was pressed
        x         (T, D) the test sequence, cut to its length
        task      task name ("adding", ...); lag: its T, L or p (None for the Reber grammar)
        sample    which test sequence (counted from 1); sequences: training sequences seen
        memory    the steps whose input the answer needs (the page opens on the first)

The input x has D > 1 features (value and marker, or one-hot symbols), so the input and the
weights go together: choosing one of them picks the other (``pair``), and a sequence of
D = 1 is never run through these weights (``settle``).
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from lstm_core.cell import LSTMParams
from lstm_core.model import ForecasterParams
from ui.i18n import t

KEY = "long_memory_cell"
REQUEST = "long_memory"
CHOICE = "long_memory"           # the option of both radios, "cell.input" and "cell.weights"
RADIOS = ("cell.input", "cell.weights")


def offer(params: LSTMParams, x: np.ndarray, *, task: str, lag: int | None, sample: int,
          sequences: int, memory) -> None:
    """Store an LSTM (``params``, input size D) and its sequence ``x`` (T, D) for the cell
    page and ask it to open them. Copies the weights: the race may train on."""
    x = np.array(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != params.input_size:
        raise ValueError(f"x must have shape (T, {params.input_size}), got {x.shape}")
    st.session_state[KEY] = {"params": params.copy(), "x": x, "task": task, "lag": lag,
                             "sample": int(sample), "sequences": int(sequences),
                             "memory": [int(s) for s in memory]}
    st.session_state["cell_request"] = REQUEST


def handed() -> dict | None:
    """The hand-off in this session, or None."""
    return st.session_state.get(KEY)


def accept(request) -> None:
    """At the top of the cell page, before its widgets: on a long-memory request, pick the
    handed input and weights and open at the first step the answer needs."""
    ss = st.session_state
    handoff = handed()
    if request == REQUEST and handoff is not None:
        ss.update({"cell.input": CHOICE, "cell.weights": CHOICE, "cell.playing": False,
                   "cell.unit": 0, "cell.kind": "lstm"})
        T = handoff["x"].shape[0]
        ss["cell.t"] = min(handoff["memory"][0], T - 1) if handoff["memory"] else T // 2
    settle()


def settle() -> None:
    """Keep the input and the weights together (before the radios are drawn): a stored
    choice of one without the other (a hand-off gone, a state from before) becomes the other's."""
    ss = st.session_state
    chosen = [ss.get(key) == CHOICE for key in RADIOS]
    if handed() is None:
        for key, on in zip(RADIOS, chosen):
            if on:
                ss.pop(key)                  # the page's own default applies
    elif chosen[0] != chosen[1]:
        ss["cell.input"] = ss["cell.weights"] = CHOICE


def pair(changed: str) -> None:
    """``on_change`` of the input and the weights radios: choosing the hand-off in one picks
    it in the other; leaving it in one leaves it in the other (to the page's defaults)."""
    ss = st.session_state
    other = RADIOS[1 - RADIOS.index(changed)]
    if ss.get(changed) == CHOICE:
        ss[other] = CHOICE
    elif ss.get(other) == CHOICE:
        ss[other] = "sine" if other == "cell.input" else "random"


def options() -> tuple[str, ...]:
    """The extra option of both radios: ("long_memory",) while a hand-off is in the session."""
    return (CHOICE,) if handed() is not None else ()


def describe() -> dict:
    """Placeholders for the captions: task, lag, sample, sequences, H, D, T."""
    h = handed()
    lag = t(f"long_memory.lag_short.{h['task']}", lag=h["lag"]) if h["lag"] else ""
    return {"task": t(f"long_memory.task.{h['task']}"), "lag": lag, "sample": h["sample"],
            "sequences": f"{h['sequences']:,}", "H": h["params"].hidden_size, "D": h["x"].shape[1],
            "T": h["x"].shape[0]}


def input_x() -> np.ndarray:
    """The handed sequence x (T, D)."""
    st.caption(t("cell_handoff.input_help", **describe()))
    return handed()["x"]


def weights() -> tuple[tuple, dict, str]:
    """(cache key, arrays, note) as ``ui.cell_settings.weights_controls`` returns them.

    The cell page draws one layer of trained weights through its "trained" path
    (``ui.cell_views.cell_and_input(("trained", 0), x, arrays)``): the handed LSTM is
    that layer, wrapped in a one-layer ForecasterParams. Its readout is not drawn (the
    long-memory model reads out K values at every step; the wrapper's (1, H) is zeros).
    """
    params = handed()["params"]
    H = params.hidden_size
    st.caption(t("cell_handoff.weights_help", **describe()))
    arrays = ForecasterParams([params], np.zeros((1, H)), np.zeros(1)).to_npz_dict()
    return ("trained", 0), arrays, ""
