"""Elements that a fragment draws once, then replaces in place run after run (``Canvas``).

``ui.live`` draws its training charts through one: an ``st.empty()`` or a container
rebuilt on every redraw makes the charts blink out in Chromium.
"""
from __future__ import annotations

from typing import Any, Callable

import streamlit as st


class Canvas:
    """Elements that one fragment run draws, then replaces in place cycle after cycle.

    ``at(name, parent)`` returns a slot: any display call on it (``vega_lite_chart``,
    ``metric``, ``progress``, ``markdown``, ``error`` ...) creates the element in
    ``parent`` (default: the fragment's body) the first time and replaces that element
    afterwards; a call with the same plain arguments (str, numbers) as the last one sends
    nothing. ``columns(name, spec)`` and ``block(name, make)`` make layout blocks once.
    Widgets can't go through a slot (they return values and need unique keys).
    """

    def __init__(self):
        self._elements: dict = {}
        self._blocks: dict = {}
        self._last: dict = {}         # the last call per slot, when its arguments are plain values

    def at(self, name: str, parent=None) -> "_Slot":
        return _Slot(self, name, parent)

    def __contains__(self, name: str) -> bool:
        """Whether slot ``name`` has been drawn in this fragment run (skip a redraw only then)."""
        return name in self._elements

    def columns(self, name: str, spec, parent=None, **kwargs) -> list:
        if name not in self._blocks:
            self._blocks[name] = (parent or st).columns(spec, **kwargs)
        return self._blocks[name]

    def block(self, name: str, make: Callable[[], Any]):
        """A container made by ``make()`` once, e.g. ``lambda: st.container(border=True)``."""
        if name not in self._blocks:
            self._blocks[name] = make()
        return self._blocks[name]


_PLAIN = (str, int, float, bool, type(None))


class _Slot:
    def __init__(self, canvas: Canvas, name: str, parent):
        self._canvas, self._name, self._parent = canvas, name, parent

    def __getattr__(self, method: str) -> Callable:
        def call(*args, **kwargs) -> None:
            elements, last = self._canvas._elements, self._canvas._last
            plain = all(isinstance(v, _PLAIN) for v in (*args, *kwargs.values()))
            key = (method, args, tuple(sorted(kwargs.items()))) if plain else None
            if self._name in elements:
                if key is not None and last.get(self._name) == key:
                    return                                              # unchanged: send nothing
                getattr(elements[self._name], method)(*args, **kwargs)   # replace in place
            else:
                elements[self._name] = getattr(self._parent or st, method)(*args, **kwargs)
            last[self._name] = key
        return call
