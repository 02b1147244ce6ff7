"""Hostile weights files (lstm_core/checkpoint.py): every broken, hostile or foreign ``.npz``
is refused with a CheckpointError (a ValueError) whose code has a message in both
languages, before anything large is unpacked; never another exception, never a MemoryError.

The files are built by tests/hostile_files.py (also used by the page and browser tests).
"""
import io
import tracemalloc
import zlib

import numpy as np
import pytest

from lstm_core import TrainConfig, Trainer, init_forecaster, load_checkpoint, save_checkpoint
from lstm_core.checkpoint import MAX_ARRAY_BYTES, MAX_FILE_BYTES, CheckpointError
from tests import hostile_files as hf
from tests.hostile_files import good_arrays, npy, npy_header, npz, raw_zip, with_setting
from ui.i18n import translate


def refused(data: bytes, code: str) -> CheckpointError:
    """load_checkpoint refuses ``data`` with ``code``; the message exists in both languages."""
    with pytest.raises(CheckpointError) as caught:
        load_checkpoint(data)
    error = caught.value
    assert isinstance(error, ValueError) and error.code == code, (error.code, str(error))
    for lang in ("en", "zh"):
        assert translate(f"common.checkpoint_error.{code}", lang, **error.values)
    assert len(str(error)) < 300                       # names the problem, doesn't echo the file
    return error


# ---- the failures the issue found -----------------------------------------------------------


def test_a_header_declaring_a_terabyte_array_is_refused_from_the_header():
    members = good_arrays()
    members["W_y.npy"] = npy_header((10**6, 10**6))
    refused(npz(members), "arrays_too_big")


def test_a_two_element_hidden_size_is_refused():
    refused(with_setting("hidden_size", [4, 4]), "setting_shape")


def test_a_complex_learning_rate_is_refused():
    refused(with_setting("learning_rate", 0.01 + 1j), "dtype")


def test_an_encrypted_zip_is_refused():
    data = npy(np.zeros((1, 4)))
    refused(raw_zip([("W_y.npy", data, 0, 0x1, zlib.crc32(data), len(data))]), "encrypted")


def test_an_unknown_compression_method_is_refused():
    data = npy(np.zeros((1, 4)))
    refused(raw_zip([("W_y.npy", data, 99, 0, zlib.crc32(data), len(data))]), "compression")


@pytest.fixture(scope="module")
def deflate_bomb() -> bytes:
    return hf.deflate_bomb()


def test_a_deflate_bomb_is_refused_before_it_is_unpacked(deflate_bomb):
    assert len(deflate_bomb) < MAX_FILE_BYTES
    tracemalloc.start()
    try:
        error = refused(deflate_bomb, "arrays_too_big")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * len(deflate_bomb) + 2**20, f"{peak} bytes allocated to refuse a 1 GiB bomb"
    assert "134217728" not in str(error)


# ---- more hostile files ---------------------------------------------------------------------


@pytest.mark.parametrize("value, code", [
    (np.inf, "setting_not_finite"), (np.nan, "setting_not_finite"), (-np.inf, "setting_not_finite"),
    (1e300, "setting_range"), (-5.0, "setting_range"), ("0.01", "dtype"), (True, "setting_type"),
], ids=["inf", "nan", "-inf", "huge", "negative", "text", "bool"])
def test_a_learning_rate_that_is_not_a_usable_number_is_refused(value, code):
    refused(with_setting("learning_rate", value), code)


@pytest.mark.parametrize("name, value, code", [
    ("hidden_size", 4.0, "setting_type"),              # must be stored as a whole number
    ("hidden_size", 10**6, "setting_range"),
    ("num_layers", -1, "setting_range"),
    ("forget_bias", 1e6, "setting_range"),
    ("epochs", 0, "setting_range"),
    ("seed", -3, "setting_range"),
    ("optimizer", "**rmsprop** $$x$$", "setting_choice"),
    ("optimizer", np.bytes_(b"adam"), "dtype"),
    ("log", 2, "setting_type"),
    ("lags", [[1, 12]], "setting_shape"),
    ("lags", [0], "setting_range"),
    ("snapshot_every", 2.5, "setting_type"),
    ("train_fraction", 7.0, "setting_range"),
], ids=lambda v: str(v)[:20])
def test_a_setting_of_the_wrong_kind_or_out_of_range_is_refused(name, value, code):
    refused(with_setting(name, value), code)


def test_a_negative_epoch_is_refused():
    members = good_arrays()
    members["meta.epoch.npy"] = npy(np.asarray(-4))
    refused(npz(members), "setting_range")


@pytest.mark.parametrize("data", [b"", b"PK", b"PK\x03\x04" + bytes(range(256)) * 4, b"\x00" * 1000,
                                  "**bold** $$x$$ <b>x</b>".encode()],
                         ids=["empty", "magic only", "binary garbage", "zeros", "markup text"])
def test_garbage_is_not_an_npz(data):
    refused(data, "not_npz")


def test_a_single_npy_is_not_an_npz():
    refused(npy(np.zeros(3)), "not_npz")


def test_a_file_larger_than_any_model_is_refused_unread():
    refused(b"PK" + bytes(MAX_FILE_BYTES), "file_too_big")


def test_an_extra_member_is_refused_and_its_long_name_cut_short():
    members = good_arrays()
    members["x" * 5000 + ".npy"] = npy(np.zeros(2))
    error = refused(npz(members), "foreign")
    assert len(error.values["name"]) <= 40


def test_a_member_that_is_not_npy_is_refused():
    members = good_arrays()
    members["readme.txt"] = b"hello"
    refused(npz(members), "foreign")


def test_a_pickled_object_array_is_refused_without_unpickling():
    members = good_arrays()
    members["W_y.npy"] = npy(np.array([object()], dtype=object))
    refused(npz(members), "pickle")


def test_a_structured_dtype_is_refused():
    members = good_arrays()
    members["b_y.npy"] = npy(np.zeros(1, dtype=[("a", "<f8")]))
    refused(npz(members), "dtype")


def test_a_repeated_member_is_refused():
    data = npy(np.zeros((1, 4)))
    entries = [("W_y.npy", data, 0, 0, zlib.crc32(data), len(data))] * 2
    refused(raw_zip(entries), "duplicate")


def test_too_many_members_are_refused_before_any_is_read():
    refused(raw_zip([("config.seed.npy", b"", 0, 0, 0, 0)] * 200), "too_many")


def test_a_header_that_is_not_npy_is_refused():
    members = good_arrays()
    members["W_y.npy"] = b"\x93NUMPY\x09\x00garbage"
    refused(npz(members), "bad_header")


def test_an_array_shorter_than_its_header_says_is_refused():
    members = good_arrays()
    members["W_y.npy"] = npy_header((1, 4)) + bytes(8)              # 1 of 4 numbers
    refused(npz(members), "not_npz")


def test_weights_with_nan_are_refused():
    members = good_arrays()
    members["b_y.npy"] = npy(np.array([np.nan]))
    refused(npz(members), "weights")


def test_layers_of_different_sizes_do_not_fit_one_hidden_size():
    two = init_forecaster(1, 4, 2).named_arrays()
    wide = init_forecaster(4, 6, 1).layers[0]                       # layer 1: 4 in, 6 units
    two.update({f"layer1.{k}": v for k, v in wide.named_arrays().items()})
    two["W_y"] = np.zeros((1, 6))
    refused(npz({f"{k}.npy": npy(v) for k, v in two.items()}), "shape")


def test_settings_that_contradict_the_weights_are_refused():
    members = good_arrays(hidden=4)
    members["config.hidden_size.npy"] = npy(np.asarray(5))
    refused(npz(members), "mismatch")


def test_the_largest_model_of_the_page_still_loads():
    trainer = Trainer(TrainConfig(hidden_size=64, num_layers=3, look_back=24, epochs=1))
    params, config, epoch = load_checkpoint(save_checkpoint(trainer.params, trainer.config, 7))
    assert config == trainer.config and epoch == 7
    total = sum(a.nbytes for a in params.arrays())
    assert total < MAX_ARRAY_BYTES / 4                             # the limits leave room


def test_a_compressed_file_loads_like_a_stored_one():
    buffer = io.BytesIO()
    trainer = Trainer(TrainConfig(hidden_size=3, epochs=1))
    with np.load(io.BytesIO(save_checkpoint(trainer.params, trainer.config, 2))) as f:
        np.savez_compressed(buffer, **{k: f[k] for k in f.files})
    params, config, epoch = load_checkpoint(buffer.getvalue())
    assert config == trainer.config and epoch == 2
