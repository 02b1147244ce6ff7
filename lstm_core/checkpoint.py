"""A trained forecaster in one ``.npz`` file: the weights, the settings they were trained
with and the epoch, readable with ``np.load(..., allow_pickle=False)``.

Layout: the arrays of ``ForecasterParams.to_npz_dict()`` (``layer0.W_f`` ... ``W_y``,
``b_y``), one array per ``TrainConfig`` field named ``config.<field>`` (None is stored as
NaN), ``meta.epoch``, and the training history (``history.*``: losses, gradient norms,
clipping per epoch; ``snapshot.*``: the replay snapshots; layout in
``lstm_core.checkpoint_history``). ``read_checkpoint`` gives all of it as a ``Checkpoint``,
which ``Trainer.restore`` turns back into a trainer at the saved epoch. ``ForecasterParams.from_npz_dict(np.load(path))`` reads the
weights of such a file alone; ``load_checkpoint`` reads all of it and checks it.

Weights are stored in the dtype they were trained in (``config.dtype``): float32 weights as
float32 (half the bytes, no rounding), read back as float64 and cast to the file's dtype by
``Trainer.restore`` (exact both ways). A file without ``config.dtype`` (written before the
setting existed) was trained in float64 and reads as such.

``load_checkpoint`` reads files from strangers (a class uploads anything), so it looks
before it unpacks: the zip directory (names, encryption, compression method, declared
sizes) and every member's ``.npy`` header (dtype, shape) are checked first, and only
arrays whose declared sizes add up to at most ``MAX_ARRAY_BYTES`` are decompressed. Every
refusal is a ``CheckpointError`` (a ValueError) with a ``code`` and ``values`` for a
translated message; nothing else escapes, and no check needs more memory than the limits.
"""
from __future__ import annotations

import io
import math
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field, fields, replace

import numpy as np

from ._forecast_fast import DTYPES
from .cell import LSTMParams
from .model import ForecasterParams, init_forecaster
from .checkpoint_history import (NAME_CHARS, NAMES as HISTORY_NAMES, CheckpointError,
                                 history_arrays, read_history, short as _short)
from .train import EpochReport, TrainConfig

CONFIG_PREFIX, META_EPOCH = "config.", "meta.epoch"
# The page's largest model (3 layers of 64 units) is 0.8 MB; these leave room and no more.
MAX_FILE_BYTES = 4 * 2**20         # the .npz as uploaded
MAX_ARRAY_BYTES = 4 * 2**20        # all arrays together, as their headers declare them
MAX_MEMBERS = 128                  # 8 arrays a layer, 2 readout, 16 settings, 1 epoch, 15 history
MAX_LAYERS = 8
MAX_NDIM = 2
_WEIGHT = re.compile(r"layer(\d{1,2})\.(%s)" % "|".join(f.name for f in fields(LSTMParams)))
_SETTINGS = {f.name: f for f in fields(TrainConfig)}
# Settings a sane file can hold (the page narrows them to its controls): (low, high).
LIMITS = {"hidden_size": (1, 256), "look_back": (1, 143), "num_layers": (1, MAX_LAYERS),
          "epochs": (1, 10**7), "seed": (0, 2**32 - 1), "snapshot_every": (1, 10**7),
          "learning_rate": (1e-12, 100.0), "train_fraction": (0.1, 0.95),
          "forget_bias": (-100.0, 100.0), "clip_norm": (1e-12, 1e6), "lags": (1, 143),
          META_EPOCH: (0, 10**9)}
OPTIMIZERS = ("adam", "sgd")
TEXT_SETTINGS = {"optimizer": OPTIMIZERS, "dtype": DTYPES}   # the settings stored as text


@dataclass(frozen=True)
class Checkpoint:
    """What a file holds. ``config`` is None for a weights-only file, ``epoch`` None when
    the file doesn't say (weights only); ``history`` (EpochReports, epochs increasing) and
    ``snapshots`` ((epoch, ForecasterParams), epochs before ``epoch``) are empty in files
    written before the history was saved."""

    params: ForecasterParams
    config: TrainConfig | None
    epoch: int | None
    history: list[EpochReport] = field(default_factory=list)
    snapshots: list[tuple[int, ForecasterParams]] = field(default_factory=list)


def save_checkpoint(params: ForecasterParams, config: TrainConfig, epoch: int,
                    history=None, snapshots=None) -> bytes:
    """The weights (``params.to_npz_dict()``) plus the settings they were trained with
    (``config.<field>``), the epoch (``meta.epoch``) and, when given, the training history
    up to ``epoch`` (``history``: EpochReports; ``snapshots``: (epoch, params) pairs; see
    ``checkpoint_history`` for the layout and the size caps), as ``.npz`` bytes.

    Every array is numeric or text, so ``np.load(..., allow_pickle=False)`` reads it.
    """
    arrays = params.to_npz_dict()
    for f in fields(TrainConfig):
        value = getattr(config, f.name)
        if f.name == "lags":
            value = np.asarray(value, dtype=int)
        elif value is None:
            value = np.nan                          # clip_norm / snapshot_every off
        arrays[CONFIG_PREFIX + f.name] = np.asarray(value)
    arrays[META_EPOCH] = np.asarray(int(epoch))
    arrays.update(history_arrays(history, snapshots, params, int(epoch)))
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def load_checkpoint(data: bytes) -> tuple[ForecasterParams, TrainConfig | None, int | None]:
    """Read ``.npz`` bytes: (params, config or None, epoch or None); ``read_checkpoint``
    also gives the history. Checks and errors: ``read_checkpoint``."""
    checkpoint = read_checkpoint(data)
    return checkpoint.params, checkpoint.config, checkpoint.epoch


def read_checkpoint(data: bytes) -> Checkpoint:
    """Read ``.npz`` bytes: the weights, settings, epoch and history (``Checkpoint``).

    A file with weights only (``ForecasterParams.to_npz_dict``) gives config None. Raises
    CheckpointError (a ValueError) with a reason for anything else: not a zip, too large,
    encrypted, compressed other than np.savez does, unknown or repeated names, pickled
    objects, complex or text numbers, wrong shapes, settings out of range or not finite,
    settings that contradict the weights, a history with a part missing, arrays of
    unequal length, values that are negative or not finite, epochs that don't increase.
    """
    if len(data) > MAX_FILE_BYTES:
        raise CheckpointError(f"the file has {len(data)} bytes, more than {MAX_FILE_BYTES}", "file_too_big",
                              mb=MAX_FILE_BYTES // 2**20)
    if not data.startswith(b"PK"):                    # an .npz is a zip archive
        raise CheckpointError("not an .npz archive (NumPy's np.savez writes one)", "not_npz")
    try:
        arrays = _read_arrays(data)
    except CheckpointError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, struct.error, NotImplementedError,
            RuntimeError, OverflowError, UnicodeDecodeError, ValueError) as error:
        raise CheckpointError(f"not an .npz archive that can be read ({type(error).__name__}: "
                              f"{_short(error)})", "not_npz") from None
    settings = {k[len(CONFIG_PREFIX):]: v for k, v in arrays.items() if k.startswith(CONFIG_PREFIX)}
    epoch = arrays.get(META_EPOCH)
    weights = {k: v for k, v in arrays.items()
               if not k.startswith(CONFIG_PREFIX) and k != META_EPOCH and k not in HISTORY_NAMES}
    try:
        params = ForecasterParams.from_npz_dict(weights)
    except ValueError as error:
        raise CheckpointError(str(error), "weights", detail=_short(error)) from None
    if settings:
        config = _config_from_arrays(settings, params)
    else:                                            # weights only: one input, equal layers
        config = None
        check_fits(params, replace(TrainConfig(), hidden_size=params.layers[0].hidden_size,
                                   num_layers=len(params.layers)))
    epoch = None if epoch is None else _integer(META_EPOCH, epoch)
    history, snapshots = read_history(arrays, params, epoch)
    return Checkpoint(params, config, epoch, history, snapshots)


# ---- the archive, looked at before anything is unpacked -----------------------------------


def _read_arrays(data: bytes) -> dict[str, np.ndarray]:
    """The arrays of the archive, after every member's name, header and size passed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise CheckpointError(f"the archive has {len(members)} members, at most {MAX_MEMBERS}",
                                  "too_many", n=len(members), limit=MAX_MEMBERS)
        headers, seen = {}, set()
        for info in members:
            name = _array_name(info.filename)
            if name in seen:
                raise CheckpointError(f"array {name!r} appears twice", "duplicate", name=_short(name))
            seen.add(name)
            if info.flag_bits & 0x1:
                raise CheckpointError("the archive is encrypted", "encrypted")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise CheckpointError(f"array {name!r} uses compression method {info.compress_type}; "
                                      "np.savez stores or deflates", "compression",
                                      name=_short(name), method=int(info.compress_type))
            headers[name] = (info, _header(archive, info, name))
        declared = sum(nbytes for _, (_, _, nbytes) in headers.values())
        if declared > MAX_ARRAY_BYTES:
            raise CheckpointError(f"the arrays declare {declared} bytes together, at most {MAX_ARRAY_BYTES}",
                                  "arrays_too_big", mb=MAX_ARRAY_BYTES // 2**20)
        arrays = {}
        for name, (info, (shape, dtype, _)) in headers.items():
            with archive.open(info) as stream:     # reads at most the member's declared size
                array = np.lib.format.read_array(stream, allow_pickle=False)
            if array.shape != shape or array.dtype != dtype:
                raise CheckpointError(f"array {name!r} is not what its header declares", "bad_header",
                                      name=_short(name))
            arrays[name] = array
    return arrays


def _array_name(filename: str) -> str:
    """``layer0.W_f.npy`` -> ``layer0.W_f``; refuses names np.savez would not write for us."""
    name = filename[:-4] if filename.endswith(".npy") else filename
    match = _WEIGHT.fullmatch(name)
    known = (name in ("W_y", "b_y", META_EPOCH) or name in HISTORY_NAMES
             or (name.startswith(CONFIG_PREFIX) and name[len(CONFIG_PREFIX):] in _SETTINGS)
             or (match is not None and int(match.group(1)) < MAX_LAYERS))
    if not filename.endswith(".npy") or not known:
        raise CheckpointError(f"not an LSTM Explainer weights file: unexpected member {_short(filename)!r}",
                              "foreign", name=_short(filename))
    return name


def _header(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> tuple[tuple, np.dtype, int]:
    """(shape, dtype, bytes) from the member's ``.npy`` header; only the header is unpacked."""
    with archive.open(info) as stream:
        try:
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
            else:
                raise ValueError(f"unsupported .npy version {version}")
        except ValueError as error:
            raise CheckpointError(f"array {name!r} has no readable .npy header ({_short(error)})",
                                  "bad_header", name=_short(name)) from None
    if dtype.hasobject:
        raise CheckpointError(f"array {name!r} holds Python objects: the file can't be read without pickle",
                              "pickle", name=_short(name))
    text = name[len(CONFIG_PREFIX):] in TEXT_SETTINGS and name.startswith(CONFIG_PREFIX)
    if dtype.fields is not None or dtype.subdtype is not None or \
            (dtype.kind not in ("U" if text else "biuf")):
        raise CheckpointError(f"array {name!r} has dtype {dtype}, expected {'text' if text else 'real numbers'}",
                              "dtype", name=_short(name), dtype=_short(dtype))
    if len(shape) > MAX_NDIM or any(n < 0 for n in shape) or dtype.itemsize == 0:
        raise CheckpointError(f"array {name!r} has shape {shape} and dtype {dtype}", "shape",
                              name=_short(name), shape=_short(shape))
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes > MAX_ARRAY_BYTES:
        raise CheckpointError(f"array {name!r} declares {nbytes} bytes, at most {MAX_ARRAY_BYTES}",
                              "arrays_too_big", mb=MAX_ARRAY_BYTES // 2**20)
    return shape, dtype, nbytes


# ---- the settings ---------------------------------------------------------------------------


def _scalar(name: str, array: np.ndarray) -> np.ndarray:
    if array.shape != ():
        raise CheckpointError(f"setting {name} must be one value, got shape {array.shape}",
                              "setting_shape", name=name, shape=str(array.shape))
    return array


def _in_range(name: str, value):
    lo, hi = LIMITS[name]
    if not lo <= value <= hi:
        raise CheckpointError(f"setting {name} = {value!r} is outside {lo} … {hi}", "setting_range",
                              name=name, value=_short(value), low=str(lo), high=str(hi))
    return value


def _integer(name: str, array: np.ndarray) -> int:
    array = _scalar(name, array)
    if array.dtype.kind not in "iu":
        raise CheckpointError(f"setting {name} must be a whole number, got dtype {array.dtype}",
                              "setting_type", name=name, dtype=str(array.dtype))
    return _in_range(name, int(array))


def _real(name: str, array: np.ndarray, none_allowed: bool = False) -> float | None:
    array = _scalar(name, array)
    if array.dtype.kind not in "iuf":
        raise CheckpointError(f"setting {name} must be a number, got dtype {array.dtype}",
                              "setting_type", name=name, dtype=str(array.dtype))
    value = float(array)
    if none_allowed and np.isnan(value):            # how save_checkpoint stores None
        return None
    if not np.isfinite(value):
        raise CheckpointError(f"setting {name} = {value} is not finite", "setting_not_finite",
                              name=name, value=str(value))
    return _in_range(name, value)


def _setting(name: str, array: np.ndarray):
    kind = _SETTINGS[name].type                     # the annotation: "int", "float | None" ...
    kind = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
    if kind == "bool":
        array = _scalar(name, array)
        if array.dtype.kind != "b":
            raise CheckpointError(f"setting {name} must be true or false, got dtype {array.dtype}",
                                  "setting_type", name=name, dtype=str(array.dtype))
        return bool(array)
    if kind == "str":
        value, choices = str(_scalar(name, array)), TEXT_SETTINGS[name]
        if value not in choices:
            raise CheckpointError(f"setting {name} = {_short(value)!r} is not one of {choices}",
                                  "setting_choice", name=name, value=_short(value), choices=", ".join(choices))
        return value
    if kind == "tuple[int, ...]":
        if array.ndim != 1 or len(array) > 4 or array.dtype.kind not in "iu":
            raise CheckpointError(f"setting {name} must be up to 4 whole numbers, got {array.dtype} "
                                  f"{array.shape}", "setting_shape", name=name, shape=str(array.shape))
        return tuple(_in_range(name, int(v)) for v in array)
    if kind in ("int", "int | None"):
        if kind == "int | None" and array.dtype.kind == "f":
            if _real(name, array, none_allowed=True) is None:
                return None
            raise CheckpointError(f"setting {name} must be a whole number or NaN", "setting_type",
                                  name=name, dtype=str(array.dtype))
        return _integer(name, array)
    if kind in ("float", "float | None"):
        return _real(name, array, none_allowed=kind == "float | None")
    raise CheckpointError(f"setting {name} has a type this reader doesn't know ({kind})",
                          "setting_type", name=name, dtype=str(array.dtype))


def _config_from_arrays(settings: dict, params: ForecasterParams) -> TrainConfig:
    # a file from before the dtype setting was trained in float64
    config = replace(TrainConfig(), **{"dtype": "float64", **{
        name: _setting(name, array) for name, array in settings.items()}})
    layers = params.layers
    if (config.hidden_size, config.num_layers) != (layers[0].hidden_size, len(layers)):
        raise CheckpointError(
            f"the settings say {config.num_layers} layer(s) of {config.hidden_size} units "
            f"but the weights have {len(layers)} of {layers[0].hidden_size}", "mismatch",
            layers=config.num_layers, units=config.hidden_size, got_layers=len(layers),
            got_units=layers[0].hidden_size)
    check_fits(params, config)
    try:
        config.validate()
    except ValueError as error:
        raise CheckpointError(str(error), "weights", detail=_short(error)) from None
    return config


def check_fits(params: ForecasterParams, config: TrainConfig) -> None:
    """Raise CheckpointError unless every array of ``params`` has the shape a forecaster
    of ``config`` (one input, ``num_layers`` layers of ``hidden_size`` units) has."""
    if len(params.layers) != config.num_layers:
        raise CheckpointError(f"the weights have {len(params.layers)} layers, the settings "
                              f"{config.num_layers}", "mismatch", layers=config.num_layers,
                              units=config.hidden_size, got_layers=len(params.layers),
                              got_units=params.layers[0].hidden_size)
    want = init_forecaster(1, config.hidden_size, config.num_layers).named_arrays()
    for name, array in params.named_arrays().items():
        if array.shape != want[name].shape:
            raise CheckpointError(f"array {name} has shape {array.shape}; {config.num_layers} layer(s) "
                                  f"of {config.hidden_size} units on one input need {want[name].shape}",
                                  "shape", name=name, shape=str(array.shape))
