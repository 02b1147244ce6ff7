"""The checkpoint file (lstm_core/checkpoint.py): weights, settings and epoch in one .npz,
read without pickle; wrong files give a ValueError that says what is wrong."""
import io

import numpy as np
import pytest

from lstm_core import ForecasterParams, TrainConfig, Trainer, load_checkpoint, save_checkpoint


@pytest.fixture(scope="module")
def run():
    trainer = Trainer(TrainConfig(hidden_size=4, look_back=6, epochs=12, learning_rate=0.01))
    trainer.run()
    return trainer


def test_weights_file_round_trips_weights_settings_and_epoch(run):
    data = save_checkpoint(run.params, run.config, run.epoch)
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:   # readable without pickle
        assert "layer0.W_f" in npz.files and "config.look_back" in npz.files
    params, config, epoch = load_checkpoint(data)
    assert config == run.config and epoch == 12
    for got, want in zip(params.arrays(), run.params.arrays()):
        np.testing.assert_array_equal(got, want)


def test_weights_file_keeps_none_settings():
    trainer = Trainer(TrainConfig(epochs=1, hidden_size=2, clip_norm=None, lags=(), log=False))
    _, config, _ = load_checkpoint(save_checkpoint(trainer.params, trainer.config, 0))
    assert config.clip_norm is None and config.lags == () and config.log is False


def test_a_plain_weights_file_loads_without_settings(run):
    buffer = io.BytesIO()
    np.savez(buffer, **run.params.to_npz_dict())
    params, config, epoch = load_checkpoint(buffer.getvalue())
    assert config is None and epoch is None and isinstance(params, ForecasterParams)


def npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.mark.parametrize("data, reason", [
    (b"not a zip at all", "not an .npz"),
    (b"", "not an .npz"),
    (npz_bytes(x=np.zeros(3)), "not an LSTM Explainer weights file"),
    (npz_bytes(W_y=np.array([{"a": 1}], dtype=object)), "without pickle"),
], ids=["text", "empty", "foreign arrays", "pickled objects"])
def test_a_wrong_file_raises_a_clear_value_error(data, reason):
    with pytest.raises(ValueError, match=reason):
        load_checkpoint(data)


def test_a_single_npy_array_is_rejected():
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(3))
    with pytest.raises(ValueError, match="not an .npz"):
        load_checkpoint(buffer.getvalue())


def test_settings_that_contradict_the_weights_are_rejected(run):
    data = save_checkpoint(run.params, TrainConfig(hidden_size=16), 3)
    with pytest.raises(ValueError, match="4 units|16 units"):
        load_checkpoint(data)


def test_the_weights_alone_load_from_a_checkpoint_with_from_npz_dict(run, tmp_path):
    """A student's ``np.load`` of the page's download: ``config.*``/``meta.*`` are skipped."""
    path = tmp_path / "model.npz"
    path.write_bytes(save_checkpoint(run.params, run.config, run.epoch))
    with np.load(path, allow_pickle=False) as npz:
        params = ForecasterParams.from_npz_dict(npz)
    for got, want in zip(params.arrays(), run.params.arrays()):
        np.testing.assert_array_equal(got, want)
