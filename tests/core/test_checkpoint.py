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


# ---- the training history (issue 11 §7) ----------------------------------------------------

from lstm_core import read_checkpoint  # noqa: E402
from lstm_core.checkpoint import CheckpointError  # noqa: E402
from lstm_core.checkpoint_history import GRAD_KEYS, MAX_HISTORY, SNAPSHOT_BYTES  # noqa: E402


def history_file(run, compressed=False, **changes) -> bytes:
    """``run``'s checkpoint with history, its arrays replaced or removed (value None)."""
    data = save_checkpoint(run.params, run.config, run.epoch, run.history, run.snapshots)
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    for name, value in changes.items():
        name = name.replace("__", ".")
        if value is None:
            del arrays[name]
        else:
            arrays[name] = value
    if compressed:                       # zeros deflate to little: a small file, a huge declared size
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()
    return npz_bytes(**arrays)


def test_the_history_round_trips_bit_identical(run):
    saved = read_checkpoint(save_checkpoint(run.params, run.config, run.epoch, run.history, run.snapshots))
    assert saved.epoch == 12 and saved.history == run.history      # every float exactly
    assert [e for e, _ in saved.snapshots] == [e for e, _ in run.snapshots if e < 12]
    for (_, got), (_, want) in zip(saved.snapshots, run.snapshots):
        for a, b in zip(got.arrays(), want.arrays()):
            np.testing.assert_array_equal(a, b)
    restored = Trainer.restore(saved.config, saved.params, saved.epoch, saved.history, saved.snapshots)
    assert restored.epoch == 12 and restored.history == run.history and restored.done
    assert [e for e, _ in restored.snapshots] == [e for e, _ in run.snapshots]


def test_a_replayed_epoch_saves_the_history_up_to_it(run):
    snapshot = dict(run.snapshots)[6]
    saved = read_checkpoint(save_checkpoint(snapshot, run.config, 6, run.history, run.snapshots))
    assert saved.epoch == 6 and saved.history == run.history[:6]
    assert all(e < 6 for e, _ in saved.snapshots)


def test_a_restored_trainer_trains_on_from_its_epoch(run):
    saved = read_checkpoint(save_checkpoint(run.params, run.config, run.epoch, run.history, run.snapshots))
    trainer = Trainer.restore(saved.config, saved.params, saved.epoch, saved.history, saved.snapshots)
    trainer.train_to(14)
    trainer.run()
    assert trainer.epoch == 14 and [r.epoch for r in trainer.history] == list(range(1, 15))


def test_a_default_run_file_stays_small():
    trainer = Trainer(TrainConfig(epochs=500))
    trainer.run()
    data = save_checkpoint(trainer.params, trainer.config, 500, trainer.history, trainer.snapshots)
    assert len(data) < 300_000
    saved = read_checkpoint(data)
    assert len(saved.history) == 500 and len(saved.snapshots) == 50


def test_a_long_history_and_many_snapshots_are_thinned_to_the_caps():
    trainer = Trainer(TrainConfig(hidden_size=64, epochs=MAX_HISTORY + 10, snapshot_every=1))
    report = Trainer(TrainConfig(hidden_size=1, epochs=1))
    report.run()
    row = report.history[0]
    from dataclasses import replace
    history = [replace(row, epoch=e) for e in range(1, MAX_HISTORY + 11)]
    snapshots = [(e, trainer.params) for e in range(0, 200)]
    saved = read_checkpoint(save_checkpoint(trainer.params, trainer.config, MAX_HISTORY + 10, history, snapshots))
    epochs = [r.epoch for r in saved.history]
    assert len(epochs) <= MAX_HISTORY and epochs[0] == 1 and epochs[-1] == MAX_HISTORY + 10
    size = sum(a.size for a in trainer.params.arrays()) * 8
    assert 0 < len(saved.snapshots) <= SNAPSHOT_BYTES // size and saved.snapshots[-1][0] == 199


def test_old_files_load_with_an_empty_history_at_their_epoch(run):
    saved = read_checkpoint(save_checkpoint(run.params, run.config, run.epoch))
    assert saved.epoch == 12 and saved.history == [] and saved.snapshots == []
    trainer = Trainer.restore(saved.config, saved.params, saved.epoch)
    assert trainer.epoch == 12 and trainer.snapshots[-1][0] == 12


@pytest.mark.parametrize("changes, code", [
    ({"history__test_loss": np.zeros(11)}, "history_shape"),
    ({"history__grad_total": np.zeros((12, 1))}, "history_shape"),
    ({"history__clipped": None}, "history_missing"),
    ({"snapshot__params": None}, "history_missing"),
    ({"meta__epoch": None}, "history_missing"),
    ({"history__train_loss": np.r_[np.zeros(11), np.nan]}, "history_value"),
    ({"history__grad_f": np.r_[np.zeros(11), np.inf]}, "history_value"),
    ({"history__test_rmse": np.r_[-1.0, np.zeros(11)]}, "history_value"),
    ({"history__epoch": np.arange(12, 0, -1)}, "history_order"),
    ({"history__epoch": np.arange(2, 14)}, "history_order"),            # beyond meta.epoch
    ({"history__epoch": np.arange(1, 13).astype(float)}, "dtype"),
    ({"history__clipped": np.zeros(12)}, "dtype"),
    ({"history__epoch": np.arange(1, 300_001)}, "history_shape"),        # 2.4 MB: under the byte cap
    ({"history__epoch": np.zeros(600_000, int), "compressed": True}, "arrays_too_big"),  # 4.8 MB declared
    ({"snapshot__epochs": np.r_[0, 0, 2:12]}, "history_order"),
    ({"snapshot__epochs": np.arange(1, 13)}, "history_order"),          # not before meta.epoch
    ({"snapshot__params": np.zeros((12, 3))}, "history_shape"),
    ({"snapshot__params": np.full((12, 101), np.nan)}, "history_value"),
])
def test_a_hostile_history_is_refused_with_a_message(run, changes, code):
    assert len(run.snapshots) == 13 and sum(a.size for a in run.params.arrays()) == 101
    with pytest.raises(CheckpointError) as error:
        read_checkpoint(history_file(run, **changes))
    assert error.value.code == code, str(error.value)
    assert str(error.value)


def test_every_history_refusal_has_a_translated_message():
    from ui.i18n import translate
    for code in ("history_missing", "history_shape", "history_value", "history_order"):
        for lang in ("en", "zh"):
            assert translate(f"{CheckpointError.KEY}.{code}", lang, name="x", missing="y", shape="(3,)",
                             want="12", value="nan", epoch=3, low="1", high="12")
