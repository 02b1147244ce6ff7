"""The trainer: it learns, beats the baseline, is deterministic, and stops on NaN."""
import numpy as np
import pytest

from lstm_core import TrainConfig, Trainer


def test_default_training_beats_seasonal_naive_at_a_fixed_seed():
    trainer = Trainer(TrainConfig(seed=0))
    reports = trainer.run()
    assert len(reports) == trainer.config.epochs and trainer.done
    assert reports[-1].train_loss < reports[0].train_loss / 5
    ev = trainer.evaluate()
    assert ev.test_rmse < trainer.baselines["seasonal_naive"]
    assert ev.test_rmse < 20   # measured 14.3 for seed 0 (14.3-14.5 for seeds 0-4)


def test_same_seed_and_settings_give_the_same_numbers():
    a = Trainer(TrainConfig(seed=3, epochs=30)).run()
    b = Trainer(TrainConfig(seed=3, epochs=30)).run()
    assert [r.as_row() for r in a] == [r.as_row() for r in b]
    c = Trainer(TrainConfig(seed=4, epochs=30)).run()
    assert a[-1].train_loss != c[-1].train_loss


def test_an_absurd_learning_rate_is_detected_and_stops_training():
    trainer = Trainer(TrainConfig(optimizer="sgd", learning_rate=1e6, clip_norm=None,
                                  log=False, lags=(), epochs=200))
    reports = trainer.run()
    assert reports[-1].diverged and trainer.done
    assert len(reports) < 200
    assert "learning rate" in reports[-1].message and "too high" in reports[-1].message
    assert all(np.all(np.isfinite(p)) for p in trainer.params.arrays())  # bad update not applied
    with pytest.raises(RuntimeError, match="finished"):
        trainer.step()


def test_reports_hold_gradient_norms_per_gate_and_snapshots_are_kept():
    trainer = Trainer(TrainConfig(epochs=100, snapshot_every=25))
    trainer.run()
    r = trainer.history[0]
    assert set(r.grad_norms) == {"f", "i", "a", "o", "readout", "total"}
    parts = np.sqrt(sum(v ** 2 for k, v in r.grad_norms.items() if k != "total"))
    assert parts == pytest.approx(r.grad_norms["total"])
    assert [e for e, _ in trainer.snapshots] == [0, 25, 50, 75, 100]
    first, last = trainer.snapshots[0][1], trainer.snapshots[-1][1]
    assert not np.array_equal(first.W_y, last.W_y)
    np.testing.assert_array_equal(last.W_y, trainer.params.W_y)


def test_clipping_is_applied_when_the_norm_is_above_the_threshold():
    trainer = Trainer(TrainConfig(epochs=3, clip_norm=1e-6))
    assert all(r.clipped for r in trainer.run())


def test_evaluation_is_in_passengers_and_matches_the_report_scale():
    trainer = Trainer(TrainConfig(epochs=50))
    trainer.run()
    ev = trainer.evaluate()
    assert ev.pred_test.shape == (48,) and ev.t_test[0] == 96
    assert 80 < ev.pred_test.min() and ev.pred_test.max() < 1000
    rmse = np.sqrt(np.mean((ev.pred_test - trainer.data.y[96:]) ** 2))
    assert ev.test_rmse == pytest.approx(rmse)


@pytest.mark.parametrize("cfg, match", [
    (TrainConfig(hidden_size=0), "hidden_size must be between 1 and 256, got 0"),
    (TrainConfig(epochs=0), "epochs must be at least 1, got 0"),
    (TrainConfig(learning_rate=float("nan")), "learning_rate must be positive and finite"),
    (TrainConfig(look_back=500), "look_back must be between 1 and"),
])
def test_bad_settings_raise_value_errors(cfg, match):
    with pytest.raises(ValueError, match=match):
        Trainer(cfg)


def test_an_update_that_overflows_is_not_applied_and_named_as_the_cause():
    trainer = Trainer(TrainConfig(optimizer="sgd", learning_rate=1e308, clip_norm=None, epochs=5))
    trainer.params.W_y *= 1e3          # a large but finite gradient: the loss is finite,
    trainer.params.b_y[:] = 50.0       # the step lr·g overflows
    before = trainer.params.copy()
    report = trainer.step()
    assert report.diverged and np.isfinite(report.train_loss)
    assert "the updated weights became NaN or infinite" in report.message
    for a, b in zip(before.arrays(), trainer.params.arrays()):
        np.testing.assert_array_equal(a, b)


def test_train_to_continues_the_same_run_as_one_longer_run():
    """Continue after a finished run: the weights and the optimizer's state carry on, so
    60 epochs then 40 more give exactly the weights of one 100-epoch run."""
    continued = Trainer(TrainConfig(seed=2, epochs=60))
    continued.run()
    assert continued.done
    continued.train_to(100)
    assert not continued.done
    continued.run()
    whole = Trainer(TrainConfig(seed=2, epochs=100))
    whole.run()
    assert continued.epoch == 100 and continued.done
    for a, b in zip(continued.params.arrays(), whole.params.arrays()):
        np.testing.assert_array_equal(a, b)
    assert continued.snapshot_every == 2 and continued.snapshots[-1][0] == 100


def test_train_to_refuses_to_go_back():
    trainer = Trainer(TrainConfig(epochs=5))
    trainer.run()
    with pytest.raises(ValueError, match="epoch 5"):
        trainer.train_to(3)
    with pytest.raises(ValueError, match="epoch 0"):
        Trainer(TrainConfig(epochs=5)).train_to(0)      # a run of zero epochs is no run
