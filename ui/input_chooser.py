"""One input-sequence chooser, shared by the cell page (through ``ui.cell_settings``) and the
"why gates?" page: which sequence x the cells read, and that sequence's settings.

A page says what it offers in an ``Inputs``; ``choose_kind`` draws the choice of kind and
``sequence`` draws the chosen kind's settings and returns x (T, 1) from
``lstm_core.sequences``. Every widget key is ``<page>.<name>``, and its value lives in the
session state (a link or a lesson may write it before the widget is drawn).

The position of a step counts as the page's own time axis does (``Inputs.first``): from 0 on
the cell page, whose t runs 0 .. T-1, and from 1 on the "why gates?" page, whose t runs
1 .. T (the gradient of the loss at t = T travels back to t = 1). A jump "at t = 5" is then
where the page's charts show t = 5.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import streamlit as st

import lstm_core
from lstm_core import sequences
from ui.i18n import error_text, option_labels, t

KINDS = ("passengers", "sine", "step", "ramp", "random", "custom")


@dataclass(frozen=True)
class Slider:
    """A whole-number setting: its key after the page's prefix, its range and its default."""

    name: str
    lo: int
    hi: int
    default: int


@dataclass(frozen=True)
class Inputs:
    """What a page offers.

    page : the prefix of every widget key, and of the kinds' labels (``<page>.input.<kind>``)
    kinds : the kinds offered, in order (from ``KINDS``)
    lengths : the length slider of each kind that has one; kinds may share one (one key).
        Passengers with a length are the first months; without one, a range of months.
    first : the number of the first step on the page's time axis (0 or 1)
    texts : translation keys by role: kind, length, step_at, custom, custom_help (may use
        {max}), custom_error ({detail}), using_last ({n}); where offered: length_help,
        period, seed, months, ramp_help
    custom_default : the typed numbers a new session starts with
    period : the sine's period slider; None: period 12
    seed : the random sequence's seed widget; None: ``sequence`` is given the seed
    compact : one narrow column: the kind in a select box, the settings one under another
        (else the kind as radio buttons, two settings side by side)
    persist : ``persist_state`` of every widget (None: Streamlit's default, this page only)
    custom_height : the height of the box for typed numbers, pixels (None: Streamlit's)
    """

    page: str
    kinds: tuple[str, ...]
    lengths: dict
    first: int
    texts: dict
    custom_default: str
    period: Slider | None = None
    seed: Slider | None = None
    compact: bool = False
    persist: str | None = None
    custom_height: int | None = None

    def key(self, name: str) -> str:
        return f"{self.page}.{name}"


@st.cache_data(show_spinner=False)
def months() -> list[str]:
    """The passenger data's months, "1949-01" .. "1960-12"."""
    return lstm_core.load_passengers()["month"].dt.strftime("%Y-%m").tolist()


def clamp(key: str, lo: int, hi: int, default: int) -> None:
    """Keep a widget's stored value inside a range that just changed (``default`` if unset)."""
    ss = st.session_state
    ss[key] = int(min(max(ss.get(key, default), lo), hi))


def choose_kind(inputs: Inputs, extra: tuple = (), **callback) -> str:
    """The choice of kind among ``inputs.kinds`` and the page's ``extra`` options (the
    training window, ...); ``callback`` is ``on_change``/``args``. Returns the kind."""
    ss = st.session_state
    options = inputs.kinds + tuple(extra)
    key = inputs.key("input")
    if ss.get(key) not in options:
        ss[key] = "sine"
    widget = st.selectbox if inputs.compact else st.radio
    layout = {} if inputs.compact else {"horizontal": True}
    return widget(t(inputs.texts["kind"]), options, key=key, format_func=option_labels(f"{inputs.page}.input"),
                  persist_state=inputs.persist, **layout, **callback)


def sequence(inputs: Inputs, kind: str, seed: int = 0) -> np.ndarray:
    """The settings of ``kind`` (one of ``inputs.kinds``) and its sequence x (T, 1).

    ``seed`` is the random sequence's seed when the page draws that widget itself
    (``inputs.seed`` None). Typed numbers that can't be read show an error and give the last
    numbers that could.
    """
    texts = inputs.texts
    if kind == "custom":
        return _typed(inputs)
    if kind not in inputs.lengths:                   # passengers without a length: a range of months
        labels = months()
        first, last = st.select_slider(t(texts["months"]), labels, value=(labels[0], labels[23]),
                                       key=inputs.key("months"), persist_state=inputs.persist)
        start = labels.index(first)
        return sequences.passenger_window(start, max(labels.index(last) - start + 1, 1))
    if kind == "ramp" and "ramp_help" in texts:
        st.caption(t(texts["ramp_help"]))
    second = {"sine": inputs.period, "step": "step_at", "random": inputs.seed}.get(kind)
    where = iter(st.columns(2)) if second is not None and not inputs.compact else itertools.repeat(st)
    n = _slider(next(where), inputs, inputs.lengths[kind], texts["length"], texts.get("length_help"))
    if kind == "sine":
        period = _slider(next(where), inputs, inputs.period, texts["period"]) if inputs.period else 12
        return sequences.sine(n, period)
    if kind == "step":
        first = inputs.first                          # the page's number of step 0
        at = _slider(next(where), inputs, Slider("step_at", first, first + n - 1, first + n // 2),
                     texts["step_at"])
        return sequences.step(n, at - first)
    if kind == "ramp":
        return sequences.ramp(n)
    if kind == "random":
        if inputs.seed is not None:
            s = inputs.seed
            clamp(inputs.key(s.name), s.lo, s.hi, s.default)
            seed = next(where).number_input(t(texts["seed"]), s.lo, s.hi, key=inputs.key(s.name),
                                            persist_state=inputs.persist)
        return sequences.random_uniform(n, int(seed))
    return sequences.passenger_window(0, n)          # passengers: the first n months


def _slider(where, inputs: Inputs, s: Slider, label: str, help: str | None = None) -> int:
    """A slider over s.lo .. s.hi (at least two values: Streamlit needs a range)."""
    key = inputs.key(s.name)
    clamp(key, s.lo, s.hi, s.default)
    return int(where.slider(t(label), s.lo, max(s.hi, s.lo + 1), key=key, help=t(help) if help else None,
                            persist_state=inputs.persist))


def _typed(inputs: Inputs) -> np.ndarray:
    """Typed numbers; on bad text an error under the box and the last good numbers."""
    ss, texts = st.session_state, inputs.texts
    key, last_good = inputs.key("custom"), inputs.key("custom_last_good")
    ss.setdefault(key, inputs.custom_default)
    text = st.text_area(t(texts["custom"]), key=key, height=inputs.custom_height,
                        help=t(texts["custom_help"], max=sequences.MAX_LENGTH), persist_state=inputs.persist)
    try:
        x = sequences.parse_sequence(text)
    except ValueError as error:
        st.error(t(texts["custom_error"], detail=error_text(error)))
        x = ss.get(last_good)
        if x is None:
            x = sequences.parse_sequence(inputs.custom_default)
        st.caption(t(texts["using_last"], n=len(x)))
        return x
    ss[last_good] = x
    return x
