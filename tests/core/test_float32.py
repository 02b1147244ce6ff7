"""The float32 training path (``TrainConfig.dtype``): the kernel against the float64 engine,
float32 against float64, dtypes kept, checkpoints."""
import io
from dataclasses import replace

import numpy as np
import pytest

from lstm_core import init_forecaster, make_dataset
from lstm_core._forecast_fast import ForecastKernel, pack, shapes_of
from lstm_core.checkpoint import read_checkpoint, save_checkpoint
from lstm_core.fit import SettingError, update_arrays
from lstm_core.forecast import FORECAST_CONFIG
from lstm_core.model import mse_loss_and_grads, predict
from lstm_core.optim import Adam
from lstm_core.train import TrainConfig, Trainer


@pytest.fixture(scope="module")
def data():
    return make_dataset(look_back=6, log=False, lags=(12,))


def kernel_run(params, data, dtype, through_time=True):
    packed = pack(params, dtype)
    kernel = ForecastKernel(shapes_of(packed), data.X_train, data.y_train, data.X_test, dtype,
                            through_time)
    kernel.run(packed)                      # twice: buffers left from a run must not leak
    return packed, kernel.run(packed)


def max_relative(a, b) -> float:
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("through_time", [True, False])
def test_the_kernel_in_float64_computes_the_engines_numbers(data, layers, through_time):
    params = init_forecaster(1, 5, layers, seed=2)
    loss, grads, y_hat, _ = mse_loss_and_grads(params, data.X_train, data.y_train, through_time)
    _, (k_loss, k_grads, k_y_hat, k_test) = kernel_run(params, data, "float64", through_time)
    assert k_loss == pytest.approx(loss, rel=1e-12)
    for name, g in grads.named_arrays().items():
        np.testing.assert_allclose(k_grads.named_arrays()[name], g, rtol=1e-10, atol=1e-13,
                                   err_msg=name)
    np.testing.assert_allclose(k_y_hat, y_hat, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(k_test, predict(params, data.X_test), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("layers", [1, 2])
def test_float32_gradients_match_the_float64_ones(data, layers):
    params = init_forecaster(1, 4, layers, seed=1)
    _, grads, _, _ = mse_loss_and_grads(params, data.X_train, data.y_train)
    _, (loss32, grads32, y_hat32, _) = kernel_run(params, data, "float32")
    assert isinstance(loss32, float)
    assert grads32.W_y.dtype == y_hat32.dtype == np.float32
    for name, g in grads.named_arrays().items():
        assert max_relative(grads32.named_arrays()[name], g) < 1e-4, name


def test_a_float32_run_tracks_the_float64_run():
    cfg = replace(FORECAST_CONFIG, hidden_size=8, epochs=200, dtype="float64")
    runs = [Trainer(replace(cfg, dtype=dtype)) for dtype in ("float64", "float32")]
    for trainer in runs:
        trainer.run()
    losses = [np.array([r.loss for r in t.history]) for t in runs]
    rmses = [np.array([r.test_rmse for r in t.history]) for t in runs]
    assert losses[1][-1] < losses[1][0] / 4         # it learned ...
    np.testing.assert_allclose(losses[1], losses[0], rtol=1e-3)   # ... as float64 did
    np.testing.assert_allclose(rmses[1], rmses[0], rtol=1e-3)


def test_float32_training_keeps_float32_and_reports_python_floats():
    trainer = Trainer(TrainConfig(epochs=3, num_layers=2, hidden_size=4, dtype="float32"))
    trainer.run()
    assert all(a.dtype == np.float32 for a in trainer.params.arrays())
    assert all(a.dtype == np.float32 for a in trainer.optimizer.m + trainer.optimizer.v)
    assert all(p.W_y.dtype == np.float32 for _, p in trainer.snapshots)
    report = trainer.history[-1]
    assert type(report.loss) is float
    assert all(type(v) is float for v in [*report.metrics.values(), *report.grad_norms.values()])
    assert type(trainer.evaluate().test_rmse) is float


def test_packed_weights_are_views_of_one_buffer_the_optimizer_updates():
    params = init_forecaster(1, 3, 2, seed=0)
    packed = pack(params, "float32")
    (flat,) = update_arrays(packed)
    assert flat.dtype == np.float32 and flat.size == sum(a.size for a in params.arrays())
    for name, a in params.named_arrays().items():
        np.testing.assert_array_equal(packed.named_arrays()[name], a.astype(np.float32))
    assert all(np.shares_memory(a, flat) for a in packed.arrays())
    copy = packed.copy()
    assert update_arrays(copy) is not None and len(update_arrays(copy)) == len(params.arrays())
    Adam(0.1).step([flat], [np.ones_like(flat)])      # moves every weight by -0.1 ...
    np.testing.assert_allclose(packed.layers[1].W_a, copy.layers[1].W_a - 0.1, atol=1e-6)
    assert flat.dtype == np.float32                   # ... in float32


def test_a_bad_dtype_names_the_setting():
    with pytest.raises(SettingError, match="dtype must be one of") as info:
        Trainer(TrainConfig(dtype="float16"))
    assert info.value.code == "one_of"


def test_float32_checkpoints_keep_float32_and_restore_exactly():
    cfg = TrainConfig(epochs=4, hidden_size=3, dtype="float32")
    trainer = Trainer(cfg)
    trainer.run()
    data = save_checkpoint(trainer.params, trainer.config, trainer.epoch, trainer.history,
                           trainer.snapshots[:-1])
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        assert arrays["layer0.W_f"].dtype == np.float32
    saved = read_checkpoint(data)
    assert saved.config.dtype == "float32"
    back = Trainer.restore(saved.config, saved.params, saved.epoch, saved.history, saved.snapshots)
    for name, a in trainer.params.named_arrays().items():
        assert back.params.named_arrays()[name].dtype == np.float32
        np.testing.assert_array_equal(back.params.named_arrays()[name], a)
    back.train_to(6)
    back.run()
    assert back.epoch == 6 and not back.diverged


def test_a_file_from_before_the_dtype_setting_reads_as_float64():
    trainer = Trainer(TrainConfig(epochs=2, hidden_size=3))
    trainer.run()
    old = save_checkpoint(trainer.params, trainer.config, trainer.epoch)
    with np.load(io.BytesIO(old), allow_pickle=False) as arrays:
        members = {k: arrays[k] for k in arrays.files if k != "config.dtype"}
    buffer = io.BytesIO()
    np.savez(buffer, **members)
    saved = read_checkpoint(buffer.getvalue())
    assert saved.config.dtype == "float64" and saved.config == trainer.config


def test_an_unknown_dtype_in_a_file_is_refused():
    trainer = Trainer(TrainConfig(epochs=1, hidden_size=3))
    data = save_checkpoint(trainer.params, replace(trainer.config, dtype="float64"), 1)
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        members = {k: arrays[k] for k in arrays.files}
    members["config.dtype"] = np.asarray("float16")
    buffer = io.BytesIO()
    np.savez(buffer, **members)
    with pytest.raises(ValueError, match="dtype") as info:
        read_checkpoint(buffer.getvalue())
    assert info.value.code == "setting_choice"


def test_float32_divergence_is_reported_with_the_weights_kept():
    trainer = Trainer(TrainConfig(dtype="float32", optimizer="sgd", learning_rate=1e38, epochs=5))
    trainer.run()
    last = trainer.history[-1]
    assert trainer.diverged and last.diverged and last.cause in ("loss", "gradient", "weights")
    assert all(np.all(np.isfinite(a)) for a in trainer.params.arrays())
