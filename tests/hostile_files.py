"""Hostile and broken weights files, built in memory, for the checkpoint, page and browser tests.

Zips that Python's zipfile can't write (encrypted members, an unknown compression method,
a deflate bomb) are written byte by byte by ``raw_zip``. ``UPLOADS`` names the files a
class might upload to the training page, each with the CheckpointError code it must get
(None: refused by the page because a control can't show one of its settings).
"""
from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib

import numpy as np

from lstm_core import TrainConfig, Trainer, init_forecaster, save_checkpoint


def npy(array) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asanyarray(array), allow_pickle=True)
    return buffer.getvalue()


def npy_header(shape: tuple, descr: str = "<f8") -> bytes:
    """Only the header of a .npy that declares ``shape`` (no data follows)."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def npz(members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    """A zip of ready-made member bytes (names as given, e.g. "layer0.W_f.npy")."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def raw_zip(entries: list[tuple]) -> bytes:
    """A zip written by hand: entries of (name, stored bytes, method, flags, crc, size)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, method, flags, crc, size in entries:
        name_b, offset = name.encode(), out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0, crc, len(data),
                              size, len(name_b), 0) + name_b + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, 0, 0, crc,
                                  len(data), size, len(name_b), 0, 0, 0, 0, 0, offset) + name_b)
    directory = central.getvalue()
    return out.getvalue() + directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries),
                                                    len(entries), len(directory), out.tell(), 0)


@functools.cache
def _good(hidden: int, layers: int, **settings) -> tuple[tuple[str, bytes], ...]:
    trainer = Trainer(TrainConfig(hidden_size=hidden, num_layers=layers, look_back=6, epochs=1, **settings))
    with np.load(io.BytesIO(save_checkpoint(trainer.params, trainer.config, 0))) as f:
        return tuple((f"{k}.npy", npy(f[k])) for k in f.files)


def good_arrays(hidden: int = 4, layers: int = 1, **settings) -> dict[str, bytes]:
    """The members of a real checkpoint of a small untrained model (settings on top)."""
    return dict(_good(hidden, layers, **settings))


def with_setting(name: str, value) -> bytes:
    """A real checkpoint whose setting ``config.<name>`` is replaced by ``value``."""
    members = good_arrays()
    members[f"config.{name}.npy"] = npy(np.asarray(value))
    return npz(members)


def with_member(name: str, data: bytes) -> bytes:
    """A real checkpoint with member ``name`` added or replaced."""
    members = good_arrays()
    members[name] = data
    return npz(members)


@functools.cache
def deflate_bomb() -> bytes:
    """A 1 MB zip whose one member unpacks to 1 GiB of zeros behind a valid .npy header."""
    n = 2**27                                          # float64 zeros: 1 GiB
    header = npy_header((n,))
    zeros = bytes(2**20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(header) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)  # no back-references
    stream = head + block * (n * 8 // len(zeros)) + compressor.flush()
    crc = zlib.crc32(header)
    for _ in range(n * 8 // len(zeros)):
        crc = zlib.crc32(zeros, crc)
    return raw_zip([("W_y.npy", stream, zipfile.ZIP_DEFLATED, 0, crc, len(header) + n * 8)])


def _stored(name: str, data: bytes, method: int = 0, flags: int = 0) -> bytes:
    return raw_zip([(name, data, method, flags, zlib.crc32(data), len(data))])


def weights_only(hidden: int) -> bytes:
    return npz({f"{k}.npy": npy(v) for k, v in init_forecaster(1, hidden, 1).named_arrays().items()})


# name shown to the page -> (file bytes, CheckpointError code or None for "a control can't show it")
UPLOADS = {
    "terabyte_header.npz": (lambda: with_member("W_y.npy", npy_header((10**6, 10**6))), "arrays_too_big"),
    "two_hidden_sizes.npz": (lambda: with_setting("hidden_size", [4, 4]), "setting_shape"),
    "complex_rate.npz": (lambda: with_setting("learning_rate", 0.01 + 1j), "dtype"),
    "encrypted.npz": (lambda: _stored("W_y.npy", npy(np.zeros((1, 4))), flags=0x1), "encrypted"),
    "method99.npz": (lambda: _stored("W_y.npy", npy(np.zeros((1, 4))), method=99), "compression"),
    "bomb.npz": (deflate_bomb, "arrays_too_big"),
    "nan_rate.npz": (lambda: with_setting("learning_rate", np.nan), "setting_not_finite"),
    "inf_bias.npz": (lambda: with_setting("forget_bias", np.inf), "setting_not_finite"),
    "empty.npz": (lambda: b"", "not_npz"),
    "garbage.npz": (lambda: bytes(range(256)) * 40, "not_npz"),
    "zip_garbage.npz": (lambda: b"PK\x03\x04" + bytes(range(256)) * 40, "not_npz"),
    "extra_member.npz": (lambda: with_member("notes.npy", npy(np.zeros(2))), "foreign"),
    "pickled.npz": (lambda: with_member("W_y.npy", npy(np.array([{"a": 1}], dtype=object))), "pickle"),
    "single_array.npz": (lambda: npy(np.zeros(3)), "not_npz"),
    "too_big.npz": (lambda: b"PK" + bytes(5 * 2**20), "file_too_big"),
    "markup_optimizer.npz": (lambda: with_setting("optimizer", "**sgd** $$x$$ <b>"), "setting_choice"),
    # settings the engine accepts but the page's controls can't show
    "forget_bias_99.npz": (lambda: npz(good_arrays(forget_bias=99.0)), None),
    "seed_million.npz": (lambda: npz(good_arrays(seed=10**6)), None),
    "rate_off_the_scale.npz": (lambda: npz(good_arrays(learning_rate=0.0031)), None),
    "weights_only_h100.npz": (lambda: weights_only(100), None),
}
