"""The one training loop (lstm_core.fit): a Task stepped by FitTrainer, one EpochReport type,
divergence detected and named, the same loop under the passenger Trainer and the experiments
(and under the "why gates?" training comparison: tests/core/test_gradient_flow.py)."""
import numpy as np
import pytest

from lstm_core import (EpochReport, FitTrainer, SettingError, Task, TrainConfig, Trainer, init_forecaster,
                       mse_loss_and_grads)
from lstm_core.experiments import make_experiment

X = np.linspace(-1, 1, 4 * 8).reshape(4, 8, 1)   # (T, B, D): 8 sequences of 4 steps
Y = X[-1, :, 0] * 0.5


def quadratic_task(scale: float = 1.0, bad_at: int | None = None, bad=np.nan) -> Task:
    """The forecaster's MSE on X, Y; the loss times ``scale``; at epoch ``bad_at`` the loss
    (or, with ``bad="gradient"``, the gradient) is replaced by NaN/inf."""

    def loss_and_grads(params, epoch):
        loss, grads, _, _ = mse_loss_and_grads(params, X, Y)
        for g in grads.arrays():
            g *= scale
        if epoch == bad_at:
            if bad == "gradient":
                grads.W_y[...] = np.inf
            else:
                loss = bad
        return loss * scale, grads, {"half_loss": loss * scale / 2}

    return Task(loss_and_grads, metrics=lambda p: {"w_y_sum": float(p.W_y.sum())}, metrics_every=3,
                grad_norms=lambda g: {"readout": float(np.linalg.norm(g.W_y))})


def trainer(task: Task, **kwargs) -> FitTrainer:
    options = dict(learning_rate=0.01, epochs=10) | kwargs
    return FitTrainer(init_forecaster(1, 3, seed=0), task, **options)


def test_reports_hold_the_loss_the_task_numbers_and_the_gradient_norms():
    t = trainer(quadratic_task())
    reports = t.run()
    assert [r.epoch for r in reports] == list(range(1, 11)) and t.done and not t.diverged
    assert all(isinstance(r, EpochReport) for r in reports) and t.history == reports
    assert reports[-1].loss < reports[0].loss
    assert all(r.metrics["half_loss"] == pytest.approx(r.loss / 2) for r in reports)
    # the extra metrics at epoch 1, every 3rd epoch and the last
    assert [r.epoch for r in reports if "w_y_sum" in r.metrics] == [1, 3, 6, 9, 10]
    assert np.isnan(reports[1].metric("w_y_sum"))
    r = reports[0]
    assert set(r.grad_norms) == {"readout", "total"} and r.grad_norm == r.grad_norms["total"]
    assert r.grad_norms["readout"] <= r.grad_norms["total"]
    assert r.as_row()["train_loss"] == r.loss and r.as_row()["grad_total"] == r.grad_norm


def test_metrics_describe_the_weights_the_epoch_started_from():
    t = trainer(quadratic_task(), epochs=3)
    before = float(t.params.W_y.sum())
    first = t.step()
    assert first.metrics["w_y_sum"] == before != float(t.params.W_y.sum())


@pytest.mark.parametrize("bad, cause", [(np.nan, "loss"), (np.inf, "loss"), ("gradient", "gradient")])
def test_a_non_finite_loss_or_gradient_stops_training_with_the_weights_kept(bad, cause):
    t = trainer(quadratic_task(bad_at=4, bad=bad))
    t.run()
    assert t.diverged and t.done and t.epoch == 4
    last = t.history[-1]
    assert last.diverged and last.cause == cause
    assert not any(r.diverged for r in t.history[:-1])
    assert "epoch 4" in last.message and "learning rate (0.01)" in last.message
    good = trainer(quadratic_task(), epochs=3)
    good.run()
    for a, b in zip(t.params.arrays(), good.params.arrays()):       # the bad epoch changed nothing
        np.testing.assert_array_equal(a, b)
    with pytest.raises(RuntimeError, match="finished"):
        t.step()


def test_an_update_that_overflows_the_weights_is_not_applied():
    t = trainer(quadratic_task(scale=1e10), optimizer="sgd", learning_rate=1e300)
    start = [a.copy() for a in t.params.arrays()]
    report = t.step()
    assert report.diverged and report.cause == "weights" and np.isfinite(report.loss)
    for a, b in zip(t.params.arrays(), start):
        np.testing.assert_array_equal(a, b)


def test_clipping_target_loss_and_moving_the_finish_line():
    clipped = trainer(quadratic_task(), clip_norm=1e-9, epochs=2).run()
    assert all(r.clipped for r in clipped)
    t = trainer(quadratic_task(), target_loss=1e9)
    assert len(t.run()) == 1 and t.reached_target and t.done
    t = trainer(quadratic_task(), epochs=2)
    t.run()
    t.train_to(5)
    assert not t.done and len(t.run()) == 3 and t.epoch == 5
    with pytest.raises(ValueError, match="can't train to epoch 4: the model is at epoch 5"):
        t.train_to(4)


def test_a_plain_function_is_a_task_and_bad_settings_are_named():
    t = FitTrainer(init_forecaster(1, 2), lambda p, e: mse_loss_and_grads(p, X, Y)[:2],
                   learning_rate=0.01, epochs=2)
    assert t.run()[-1].metrics == {}
    with pytest.raises(ValueError, match="epochs must be at least 1, got 0"):
        trainer(quadratic_task(), epochs=0)
    with pytest.raises(ValueError, match="clip_norm must be positive and finite, got -1"):
        trainer(quadratic_task(), clip_norm=-1)


def test_the_passenger_trainer_and_the_experiments_run_the_same_loop():
    passengers = Trainer(TrainConfig(epochs=2))
    assert isinstance(passengers, FitTrainer) and passengers.epochs == 2
    r = passengers.run()[-1]
    assert set(r.metrics) == {"test_loss", "train_rmse", "test_rmse"}
    assert r.test_rmse == r.metrics["test_rmse"] and r.train_loss == r.loss
    for key in ("trend", "stacked"):
        e = make_experiment(key)
        assert isinstance(e.trainer, FitTrainer) and e.epochs == e.trainer.epochs


def test_a_diverging_passenger_run_reports_its_cause_as_a_code():
    t = Trainer(TrainConfig(optimizer="sgd", learning_rate=1e6, clip_norm=None, log=False, lags=(),
                            epochs=200))
    last = t.run()[-1]
    assert last.diverged and last.cause in ("loss", "gradient", "weights")


@pytest.mark.parametrize("settings, code, values", [
    (dict(epochs=0), "at_least", {"name": "epochs", "low": 1, "value": 0}),
    (dict(learning_rate=float("nan")), "positive", {"name": "learning_rate"}),
    (dict(optimizer="rmsprop"), "one_of", {"name": "optimizer", "value": "'rmsprop'", "options": "adam, sgd"}),
])
def test_bad_settings_carry_a_code_and_the_values_a_translation_needs(settings, code, values):
    with pytest.raises(SettingError) as caught:
        trainer(quadratic_task(), **settings)
    assert caught.value.code == code
    assert values.items() <= caught.value.values.items()
    with pytest.raises(SettingError) as caught:
        Trainer(TrainConfig(hidden_size=300))
    assert (caught.value.code, caught.value.values["high"]) == ("between", 256)


def test_a_split_that_leaves_too_little_data_says_so_with_a_code():
    from lstm_core import make_dataset

    with pytest.raises(SettingError, match="look_back must be between 1 and") as caught:
        make_dataset(look_back=500)
    assert caught.value.code == "between" and caught.value.values["name"] == "look_back"
    with pytest.raises(SettingError) as caught:
        make_dataset(look_back=1, train_fraction=0.1, lags=(1, 12))
    assert caught.value.code == "too_few_months" and caught.value.values["lags"] == "1, 12"
