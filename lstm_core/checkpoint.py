"""A trained forecaster in one ``.npz`` file: the weights, the settings they were trained
with and the epoch, readable with ``np.load(..., allow_pickle=False)``.

Layout: the arrays of ``ForecasterParams.to_npz_dict()`` (``layer0.W_f`` ... ``W_y``,
``b_y``), one array per ``TrainConfig`` field named ``config.<field>`` (None is stored as
NaN), and ``meta.epoch``. ``ForecasterParams.from_npz_dict(np.load(path))`` reads the
weights of such a file alone; ``load_checkpoint`` reads all of it and checks it.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import fields, replace

import numpy as np

from .model import ForecasterParams
from .train import TrainConfig

CONFIG_PREFIX, META_EPOCH = "config.", "meta.epoch"


def save_checkpoint(params: ForecasterParams, config: TrainConfig, epoch: int) -> bytes:
    """The weights (``params.to_npz_dict()``) plus the settings they were trained with
    (``config.<field>``) and the epoch (``meta.epoch``), as ``.npz`` bytes.

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
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def load_checkpoint(data: bytes) -> tuple[ForecasterParams, TrainConfig | None, int | None]:
    """Read ``.npz`` bytes with ``allow_pickle=False``: (params, config or None, epoch or None).

    A file with weights only (``ForecasterParams.to_npz_dict``) gives config None. Raises
    ValueError with a reason for anything else (not a zip, pickled objects, wrong arrays).
    """
    if not data.startswith(b"PK"):                    # an .npz is a zip archive
        raise ValueError("not an .npz archive (NumPy's np.savez writes one)")
    try:
        npz = np.load(io.BytesIO(data), allow_pickle=False)
        if not isinstance(npz, np.lib.npyio.NpzFile):
            raise ValueError("not an .npz archive")
        with npz:
            arrays = {k: npz[k] for k in npz.files}
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ValueError(f"not an .npz archive ({error})") from None
    except ValueError as error:
        if "not an .npz" in str(error):
            raise
        raise ValueError(f"the file can't be read without pickle ({error})") from None
    settings = {k[len(CONFIG_PREFIX):]: v for k, v in arrays.items() if k.startswith(CONFIG_PREFIX)}
    epoch = arrays.get(META_EPOCH)
    weights = {k: v for k, v in arrays.items() if not k.startswith(CONFIG_PREFIX) and k != META_EPOCH}
    params = ForecasterParams.from_npz_dict(weights)
    config = _config_from_arrays(settings, params) if settings else None
    return params, config, None if epoch is None else int(epoch)


def _config_from_arrays(settings: dict, params: ForecasterParams) -> TrainConfig:
    kinds = {f.name: f for f in fields(TrainConfig)}
    unknown = set(settings) - set(kinds)
    if unknown:
        raise ValueError(f"unknown settings in the file: {sorted(unknown)}")
    values = {}
    for name, array in settings.items():
        item = np.asarray(array)
        if name == "lags":
            values[name] = tuple(int(v) for v in item.ravel())
        elif name in ("optimizer",):
            values[name] = str(item)
        elif name in ("log", "through_time"):
            values[name] = bool(item)
        elif name in ("learning_rate", "train_fraction", "forget_bias", "clip_norm"):
            value = float(item)
            values[name] = None if name == "clip_norm" and not np.isfinite(value) else value
        elif name == "snapshot_every":
            value = float(item)
            values[name] = None if not np.isfinite(value) else int(value)
        else:
            values[name] = int(item)
    config = replace(TrainConfig(), **values)
    H, layers = params.layers[0].hidden_size, len(params.layers)
    if (config.hidden_size, config.num_layers) != (H, layers) or params.layers[0].input_size != 1:
        raise ValueError(f"the settings say {config.num_layers} layer(s) of {config.hidden_size} units "
                         f"but the weights have {layers} of {H} (input size {params.layers[0].input_size})")
    config.validate()
    return config
