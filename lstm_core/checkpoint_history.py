"""The training history inside a checkpoint file (``lstm_core.checkpoint``): what the loss
and gradient charts and the replay slider need after a restore, as plain numeric arrays.

Layout (all 1-D, read without pickle)::

    history.epoch        (K,) int64    epochs of the saved reports, increasing, 1 ... <= meta.epoch
    history.train_loss   (K,) float64  finite, >= 0 (an epoch with a non-finite loss diverged)
    history.test_loss    (K,) float64  >= 0, NaN or +inf allowed (overflowing predictions)
    history.train_rmse   (K,) float64  same as test_loss
    history.test_rmse    (K,) float64  same as test_loss
    history.grad_<g>     (K,) float64  g in f, i, a, o, readout, total: finite, >= 0
    history.clipped      (K,) bool
    snapshot.epochs      (S,) int64    increasing, 0 <= e < meta.epoch
    snapshot.params      (S, P) float64  each row: ``params.arrays()`` flattened, in order

K <= ``MAX_HISTORY``: a longer run is thinned evenly (first and last report kept). The
snapshots' weights take at most ``SNAPSHOT_BYTES``; if more were taken, an even selection
(the newest kept) is saved. The final weights are the checkpoint's own weights.
A TrainConfig() run (500 epochs, 8 units): K = 500, S = 50, a file of about 190 kB; the
training page's default (FORECAST_CONFIG, 32 units): 14 of its 50 snapshots fit, 581 kB.
"""
from __future__ import annotations

import numpy as np

from .cell import GATES
from .model import ForecasterParams
from .fit import EpochReport

HISTORY_PREFIX, SNAPSHOT_PREFIX = "history.", "snapshot."
GRAD_KEYS = GATES + ("readout", "total")
REQUIRED_FINITE = ("train_loss",) + tuple(f"grad_{k}" for k in GRAD_KEYS)
MAY_OVERFLOW = ("test_loss", "train_rmse", "test_rmse")
HISTORY_NAMES = ("epoch",) + REQUIRED_FINITE + MAY_OVERFLOW + ("clipped",)
SNAPSHOT_NAMES = ("epochs", "params")
NAMES = {HISTORY_PREFIX + n for n in HISTORY_NAMES} | {SNAPSHOT_PREFIX + n for n in SNAPSHOT_NAMES}
MAX_HISTORY = 5000               # reports saved: 445 kB; the charts draw fewer points anyway
MAX_SNAPSHOTS = 1000
SNAPSHOT_BYTES = 512 * 2**10     # TrainConfig()'s 50 snapshots take 132 kB
NAME_CHARS = 40                  # a name from the file is quoted this far in a message


class CheckpointError(ValueError):
    """A file ``load_checkpoint`` refuses. ``code`` says why and ``values`` hold what a
    translated message needs (``common.checkpoint_error.<code>`` in the app); text values
    come from the file (names, dtypes) and are cut to ``NAME_CHARS`` characters."""

    KEY = "common.checkpoint_error"

    def __init__(self, message: str, code: str, **values):
        super().__init__(message)
        self.code, self.values = code, values


def short(text: object) -> str:
    text = str(text)
    return text if len(text) <= NAME_CHARS else text[:NAME_CHARS - 1] + "…"


def _even(n: int, k: int) -> np.ndarray:
    """Indices of ``k`` of ``n`` items spread evenly, first and last kept (k >= 2)."""
    return np.unique(np.linspace(0, n - 1, k).round().astype(int))


def history_arrays(history, snapshots, params: ForecasterParams, epoch: int) -> dict[str, np.ndarray]:
    """The arrays above for ``history`` (EpochReports) and ``snapshots`` ((epoch, params)
    pairs), cut to the reports of epochs <= ``epoch`` (not diverged) and the snapshots
    before ``epoch``. Empty dict when there is nothing to save."""
    out = {}
    rows = [r for r in (history or ()) if r.epoch <= epoch and not r.diverged]
    if len(rows) > MAX_HISTORY:
        rows = [rows[i] for i in _even(len(rows), MAX_HISTORY)]
    if rows:
        out[HISTORY_PREFIX + "epoch"] = np.array([r.epoch for r in rows], dtype=np.int64)
        for name in REQUIRED_FINITE + MAY_OVERFLOW:
            key = name[len("grad_"):] if name.startswith("grad_") else None
            out[HISTORY_PREFIX + name] = np.array(
                [r.grad_norms[key] if key else getattr(r, name) for r in rows], dtype=np.float64)
        out[HISTORY_PREFIX + "clipped"] = np.array([r.clipped for r in rows], dtype=bool)
    snaps = [(e, p) for e, p in (snapshots or ()) if e < epoch]
    size = sum(a.size for a in params.arrays())
    keep = min(len(snaps), MAX_SNAPSHOTS, SNAPSHOT_BYTES // (8 * size))
    if keep < len(snaps):
        snaps = snaps[-1:] if keep == 1 else [snaps[i] for i in _even(len(snaps), keep)] if keep else []
    if snaps:
        out[SNAPSHOT_PREFIX + "epochs"] = np.array([e for e, _ in snaps], dtype=np.int64)
        out[SNAPSHOT_PREFIX + "params"] = np.stack(
            [np.concatenate([a.ravel() for a in p.arrays()]).astype(np.float64) for _, p in snaps])
    return out


def _refuse(message: str, code: str, name: str, **values):
    raise CheckpointError(message, code, name=short(name), **values)


def _vector(name: str, array: np.ndarray, length: int | None, limit: int, kinds: str) -> np.ndarray:
    if array.ndim != 1 or array.shape[0] > limit or (length is not None and array.shape[0] != length) \
            or array.shape[0] == 0:
        want = f"{length}" if length is not None else f"1 … {limit}"
        _refuse(f"history array {name!r} has shape {array.shape}; expected one row of {want} values",
                "history_shape", name, shape=short(array.shape), want=want)
    if array.dtype.kind not in kinds:
        _refuse(f"history array {name!r} has dtype {array.dtype}", "dtype", name, dtype=short(array.dtype))
    return array


def _increasing(name: str, values: np.ndarray, low: int, high: int) -> np.ndarray:
    if values[0] < low or values[-1] > high or np.any(np.diff(values) <= 0):
        _refuse(f"the epochs in {name!r} must increase from {low} or more to at most {high}",
                "history_order", name, low=str(low), high=str(high))
    return values


def read_history(arrays: dict[str, np.ndarray], params: ForecasterParams, epoch: int | None):
    """(reports, snapshots) from the ``history.*`` and ``snapshot.*`` arrays of a file
    whose weights are ``params`` and epoch ``epoch`` (``meta.epoch``); ([], []) if absent.
    Raises CheckpointError for a part missing, a wrong length, a value out of range or
    epochs that don't increase."""
    reports, snapshots = [], []
    for prefix, names in ((HISTORY_PREFIX, HISTORY_NAMES), (SNAPSHOT_PREFIX, SNAPSHOT_NAMES)):
        present = [n for n in names if prefix + n in arrays]
        if present and (len(present) != len(names) or epoch is None):
            missing = next((prefix + n for n in names if prefix + n not in arrays), "meta.epoch")
            _refuse(f"the file has {prefix + present[0]!r} but not {missing!r}", "history_missing",
                    prefix + present[0], missing=missing)
    if HISTORY_PREFIX + "epoch" in arrays:
        get = lambda n: arrays[HISTORY_PREFIX + n]          # noqa: E731
        epochs = _vector(HISTORY_PREFIX + "epoch", get("epoch"), None, MAX_HISTORY, "iu")
        _increasing(HISTORY_PREFIX + "epoch", epochs.astype(np.int64), 1, epoch)
        n = len(epochs)
        values = {}
        for name in REQUIRED_FINITE + MAY_OVERFLOW:
            v = _vector(HISTORY_PREFIX + name, get(name), n, MAX_HISTORY, "iuf").astype(np.float64)
            bad = ~np.isfinite(v) | (v < 0) if name in REQUIRED_FINITE else (v < 0) | (v == -np.inf)
            if np.any(bad):
                _refuse(f"history array {name!r} holds {v[bad][0]} at epoch {epochs[bad][0]}; "
                        f"expected {'finite ' if name in REQUIRED_FINITE else ''}values >= 0",
                        "history_value", HISTORY_PREFIX + name, value=short(v[bad][0]),
                        epoch=int(epochs[bad][0]))
            values[name] = v
        clipped = _vector(HISTORY_PREFIX + "clipped", get("clipped"), n, MAX_HISTORY, "b")
        reports = [EpochReport(int(epochs[k]), float(values["train_loss"][k]),
                               {g: float(values[f"grad_{g}"][k]) for g in GRAD_KEYS}, bool(clipped[k]),
                               {m: float(values[m][k]) for m in MAY_OVERFLOW})
                   for k in range(n)]
    if SNAPSHOT_PREFIX + "epochs" in arrays:
        name = SNAPSHOT_PREFIX + "epochs"
        epochs = _vector(name, arrays[name], None, MAX_SNAPSHOTS, "iu").astype(np.int64)
        _increasing(name, epochs, 0, epoch - 1)
        name, flat = SNAPSHOT_PREFIX + "params", arrays[SNAPSHOT_PREFIX + "params"]
        sizes = [a.size for a in params.arrays()]
        if flat.shape != (len(epochs), sum(sizes)):
            want = f"{len(epochs)} × {sum(sizes)}"
            _refuse(f"{name!r} has shape {flat.shape}; expected {want}", "history_shape", name,
                    shape=short(flat.shape), want=want)
        if flat.dtype.kind != "f":
            _refuse(f"{name!r} has dtype {flat.dtype}", "dtype", name, dtype=short(flat.dtype))
        bad = ~np.isfinite(flat)
        if np.any(bad):
            row = int(np.argmax(bad.any(axis=1)))
            _refuse(f"{name!r} holds {flat[bad][0]} in the snapshot of epoch {epochs[row]}", "history_value",
                    name, value=short(flat[bad][0]), epoch=int(epochs[row]))
        for e, row in zip(epochs, flat):
            p = params.copy()
            for target, piece in zip(p.arrays(), np.split(row, np.cumsum(sizes)[:-1])):
                target[...] = piece.reshape(target.shape)
            snapshots.append((int(e), p))
    return reports, snapshots
