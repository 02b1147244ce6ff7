"""Pickling a trainer whose tasks are local functions: those functions go by value.

``lstm_core``'s tasks are closures (a lambda that makes a batch, a loss built per task), which
the standard pickler refuses. ``dumps`` sends a local function as its code (``marshal``), its
module's name, its name and its closure's contents; the receiver rebuilds it against the
module's own globals. A module-level function goes by reference, as usual. A function of a
page's script (``__main__`` in the server) is refused: the receiver's ``__main__`` is not the
page, so its globals would be wrong. Used by ``ui.train_pool`` to ship trainers to workers.
"""
from __future__ import annotations

import importlib
import io
import marshal
import pickle
import sys
import types


class _Unset:
    """An empty closure cell."""


def _make_function(code: bytes, module: str, name: str, cells: int):
    glob = importlib.import_module(module).__dict__
    return types.FunctionType(marshal.loads(code), glob, name, None,
                              tuple(types.CellType() for _ in range(cells)))


def _fill_function(fn, state):
    """Second half of unpickling a function: filled after the function exists, so a closure
    may hold an object that holds the function (a task held by the trainer it closes over)."""
    cells, defaults, kwdefaults, qualname = state
    for cell, value in zip(fn.__closure__ or (), cells):
        if not isinstance(value, _Unset):
            cell.cell_contents = value
    fn.__defaults__, fn.__kwdefaults__, fn.__qualname__ = defaults, kwdefaults, qualname
    return fn


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if type(obj) is not types.FunctionType or "<" not in obj.__qualname__:
            return NotImplemented           # everything else, module-level functions too: as usual
        module = sys.modules.get(obj.__module__)
        if obj.__module__ == "__main__" or module is None or module.__dict__ is not obj.__globals__:
            # a page's script runs as __main__: the worker's globals would not be its globals
            raise pickle.PicklingError(f"{obj.__qualname__} is not defined in an importable module")
        cells = []
        for cell in obj.__closure__ or ():
            try:
                cells.append(cell.cell_contents)
            except ValueError:
                cells.append(_Unset())
        return (_make_function, (marshal.dumps(obj.__code__), obj.__module__, obj.__name__, len(cells)),
                (tuple(cells), obj.__defaults__, obj.__kwdefaults__, obj.__qualname__), None, None,
                _fill_function)


def dumps(obj) -> bytes:
    """Pickle ``obj`` with local functions (lambdas, closures) by value."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()
