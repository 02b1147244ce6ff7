"""The experiments of the source tutorials, in NumPy, each trainable one step at a time.

| key        | seed | task                                                    |
|------------|------|---------------------------------------------------------|
| trend      | 001  | 0, 0.2, ... 0.8 -> next value; predict 1.2 after 1.0     |
| xsinx      | 002  | f(x) = x·sin(x), look-back 5, 3 stacked layers of 32      |
| classify   | 002  | running sum of 10 uniform values > 2.5? at every step     |
| bidir      | 002  | the same with a bidirectional LSTM                        |
| sincos     | 004  | sin(t) -> cos(t), 16 units, stop at loss 1e-4             |
| stacked    | 003  | passengers, window 5, 2 layers of 45, Adam 0.01, 200 ep.  |

Every experiment is a task for the one training loop (``fit.FitTrainer``; the stacked one
uses the training page's ``train.Trainer``, the same loop) and has ``step()``, ``done``,
``history`` (EpochReports), ``outcome()``
(the headline number against the tutorial's claim) and ``trace(layer, direction, sample)``
for the gate heatmaps (a ``Trace``, in time order).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .baselines import rmse
from .fit import FitTrainer, Task, check_setting
from .cell import Trace
from .layers import layer_trace
from .model import init_forecaster, mse_loss_and_grads, predict
from .seq_model import init_seq_model, seq_loss_and_grads, seq_predict
from .train import TrainConfig, Trainer

KEYS = ("trend", "xsinx", "classify", "bidir", "sincos", "stacked")


@dataclass(frozen=True)
class Outcome:
    """The headline result: ``value`` against ``target`` (``passed`` when it meets it),
    and ``extra`` numbers worth showing (names are translation keys' suffixes)."""

    value: float
    target: float
    passed: bool
    extra: dict


@dataclass(frozen=True)
class ExperimentConfig:
    """Settings shared by every experiment (each has its own defaults)."""

    hidden_size: int
    num_layers: int
    learning_rate: float
    epochs: int
    seed: int = 0
    optimizer: str = "adam"     # the tutorials use Adam; "sgd" shows what a too-large step does


DEFAULTS = {
    "trend": ExperimentConfig(hidden_size=5, num_layers=1, learning_rate=0.01, epochs=1000),
    "xsinx": ExperimentConfig(hidden_size=32, num_layers=3, learning_rate=0.005, epochs=400),
    "classify": ExperimentConfig(hidden_size=20, num_layers=1, learning_rate=0.01, epochs=600),
    "bidir": ExperimentConfig(hidden_size=20, num_layers=1, learning_rate=0.01, epochs=600),
    "sincos": ExperimentConfig(hidden_size=16, num_layers=1, learning_rate=0.01, epochs=3000),
    "stacked": ExperimentConfig(hidden_size=45, num_layers=2, learning_rate=0.01, epochs=200),
}


class Experiment:
    """Common shape; subclasses set ``trainer`` and implement ``outcome`` and ``curves``."""

    key: str
    trainer: FitTrainer
    TEST_LOSS = False

    def step(self):
        return self.trainer.step()

    @property
    def done(self) -> bool:
        return self.trainer.done

    @property
    def epoch(self) -> int:
        return self.trainer.epoch

    @property
    def history(self):
        return self.trainer.history

    @property
    def epochs(self) -> int:
        """The most epochs this run takes."""
        return self.trainer.epochs

    @property
    def diverged(self) -> bool:
        return bool(self.trainer.diverged)

    @property
    def learning_rate(self) -> float:
        return float(self.trainer.learning_rate)

    def loss_curves(self) -> dict[str, np.ndarray]:
        """Training loss per epoch (and the test loss, when the task measures it every
        epoch: ``TEST_LOSS``), each (epochs,)."""
        h = self.history
        curves = {"train": np.array([r.loss for r in h])}
        if self.TEST_LOSS:
            curves["test"] = np.array([r.test_loss for r in h])
        return curves

    def trace_inputs(self) -> np.ndarray:
        """The sequences (T, N, D) the gate heatmaps show: test data where there is some."""
        raise NotImplementedError

    def trace_samples(self) -> int:
        """How many sequences ``trace(sample=...)`` can pick from."""
        return self.trace_inputs().shape[1]

    def trace(self, layer: int = 0, direction: str = "fw", sample: int = 0) -> Trace:
        """f, i, a, o, c, h, each (T, H) in time order, of one layer and direction ("fw",
        or "bw" in a bidirectional layer) on sequence ``sample`` of ``trace_inputs()``."""
        X = self.trace_inputs()
        if not 0 <= sample < X.shape[1]:
            raise ValueError(f"sample must be between 0 and {X.shape[1] - 1}, got {sample}")
        return layer_trace(self.params.layers, X[:, sample], layer, direction)

    def stalled(self, min_epochs: int = 50) -> bool:
        """True when, after ``min_epochs``, the training loss is not below 90% of its first
        value: the run is not learning (a step size far too large saturates every gate
        without producing NaN; far too small barely moves)."""
        train = self.loss_curves()["train"]
        return len(train) >= min_epochs and not train[-1] < 0.9 * train[0]

    def run(self):
        return self.trainer.run()


class Trend(Experiment):
    """The Keras tutorial: an LSTM of 5 units + Dense learns x -> x + 0.2 on 0..0.8 (one step each),
    then extrapolates: after 1.0 it should say 1.2."""

    key = "trend"

    def __init__(self, cfg: ExperimentConfig = DEFAULTS["trend"]):
        seq = np.arange(6) / 5.0                        # 0, 0.2, ... 1.0
        self.X = seq[:-1].reshape(1, 5, 1)              # (T=1, B=5, D=1)
        self.y = seq[1:]                                # (5,) 0.2 ... 1.0
        self.X_eval = seq[1:].reshape(1, 5, 1)          # 0.2 ... 1.0 -> 0.4 ... 1.2
        self.params = init_forecaster(1, cfg.hidden_size, cfg.num_layers, cfg.seed)
        task = Task(lambda p, e: mse_loss_and_grads(p, self.X, self.y)[:2],
                    metrics=lambda p: {"next_after_1": float(predict(p, self.X_eval)[-1])})
        self.trainer = FitTrainer(self.params, task, learning_rate=cfg.learning_rate,
                                  epochs=cfg.epochs, optimizer=cfg.optimizer)

    def curves(self) -> dict:
        """x, target and prediction for the training inputs and the extrapolation."""
        x = np.concatenate([self.X[0, :, 0], [1.0]])
        return {"x": x, "target": x + 0.2,
                "predicted": predict(self.params, x.reshape(1, -1, 1)),
                "part": np.array(["train"] * 5 + ["test"])}

    def outcome(self) -> Outcome:
        value = float(predict(self.params, self.X_eval)[-1])
        return Outcome(value, 1.2, abs(value - 1.2) <= 0.05,
                       {"train_mse": self.history[-1].loss if self.history else float("nan")})

    def trace_inputs(self) -> np.ndarray:
        return self.X_eval

    def trace(self, layer: int = 0, direction: str = "fw", sample: int = 4) -> Trace:
        """As ``Experiment.trace``; by default the sequence that ends at 1.0."""
        return super().trace(layer, direction, sample)


class XSinX(Experiment):
    """The Keras examples tutorial: predict f(x) = x·sin(x) on x in [-20, 20) from the 5 previous values, with
    three stacked LSTM layers of 32 units; train on the first 80% of windows, test on the
    last 20% (x in [12, 20): the mirror image of x in [-20, -12], since x·sin x is even,
    but never seen in this order)."""

    key = "xsinx"
    LOOK_BACK = 5

    def __init__(self, cfg: ExperimentConfig = DEFAULTS["xsinx"]):
        self.xs = np.arange(-2000, 2000, 10) * 0.01     # (400,)
        self.ys = self.xs * np.sin(self.xs)
        L = self.LOOK_BACK
        idx = np.arange(len(self.ys) - L)[None, :] + np.arange(L)[:, None]   # (L, N)
        n_train = int((len(self.ys) - L) * 0.8)
        self.scale = float(np.max(np.abs(self.ys[:n_train + L])))  # fitted on training values
        u = self.ys / self.scale
        self.X, self.y = u[idx][..., None], u[L:]       # (L, N, 1), (N,)
        self.t_target = np.arange(L, len(self.ys))      # index of each target
        self.n_train = n_train
        self.params = init_forecaster(1, cfg.hidden_size, cfg.num_layers, cfg.seed)
        Xtr, ytr = self.X[:, :n_train], self.y[:n_train]
        task = Task(lambda p, e: mse_loss_and_grads(p, Xtr, ytr)[:2],
                    metrics=lambda p: {"test_rmse": self._test_rmse(p)}, metrics_every=20)
        self.trainer = FitTrainer(self.params, task, learning_rate=cfg.learning_rate,
                                  epochs=cfg.epochs, optimizer=cfg.optimizer, clip_norm=1.0)

    def _test_rmse(self, p) -> float:
        pred = predict(p, self.X[:, self.n_train:]) * self.scale
        return rmse(pred, self.ys[self.t_target[self.n_train:]])

    def curves(self) -> dict:
        pred = predict(self.params, self.X) * self.scale
        return {"x": self.xs[self.t_target], "actual": self.ys[self.t_target], "predicted": pred,
                "part": np.where(np.arange(len(pred)) < self.n_train, "train", "test")}

    def outcome(self) -> Outcome:
        """Test RMSE against persistence (the last value again) on the same test points."""
        t = self.t_target[self.n_train:]
        persistence = rmse(self.ys[t - 1], self.ys[t])
        value = self._test_rmse(self.params)
        return Outcome(value, persistence, value < persistence, {"persistence_rmse": persistence})

    def trace_inputs(self) -> np.ndarray:
        return self.X[:, self.n_train:]


def cumsum_sequences(n: int, length: int = 10, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """The Keras examples tutorial's classification data: X uniform on [0, 1), label 1 once the running sum
    exceeds length/4. Returns X (length, n, 1), Y (length, n, 1)."""
    rng = np.random.default_rng(rng)
    X = rng.random((length, n, 1))
    Y = (np.cumsum(X, axis=0) > length / 4.0).astype(float)
    return X, Y


class Classify(Experiment):
    """The Keras examples tutorial: at every step, has the running sum passed 2.5? An LSTM of 20 units with a
    sigmoid output at every step, binary cross-entropy. The tutorial trains on one fresh random
    sequence per step; here each step sees a fresh batch of 32 (same seed, same batches for
    the one- and two-directional models), and accuracy is measured on 1,000 new sequences."""

    key = "classify"
    BIDIRECTIONAL = False
    BATCH = 32

    def __init__(self, cfg: ExperimentConfig | None = None):
        cfg = cfg or DEFAULTS[self.key]
        self.params = init_seq_model(1, cfg.hidden_size, 1, cfg.num_layers,
                                     bidirectional=self.BIDIRECTIONAL, seed=cfg.seed)
        self.X_test, self.Y_test = cumsum_sequences(1000, rng=cfg.seed + 12345)
        data_rng = np.random.default_rng(cfg.seed + 777)

        def loss_and_grads(p, epoch):
            X, Y = cumsum_sequences(self.BATCH, rng=data_rng)
            return seq_loss_and_grads(p, X, Y, loss="bce")[:2]
        task = Task(loss_and_grads, metrics=lambda p: {"accuracy": self.accuracy(p)}, metrics_every=25)
        self.trainer = FitTrainer(self.params, task, learning_rate=cfg.learning_rate,
                                  epochs=cfg.epochs, optimizer=cfg.optimizer, clip_norm=5.0)

    def accuracy(self, p=None) -> float:
        prob = seq_predict(self.params if p is None else p, self.X_test, loss="bce")
        return float(np.mean((prob > 0.5) == (self.Y_test > 0.5)))

    def accuracy_per_step(self) -> np.ndarray:
        """(10,) accuracy at each of the 10 timesteps."""
        prob = seq_predict(self.params, self.X_test, loss="bce")
        return np.mean((prob > 0.5) == (self.Y_test > 0.5), axis=(1, 2))

    def curves(self) -> dict:
        """One test sequence: input, running sum, label, predicted probability."""
        x = self.X_test[:, 0, 0]
        return {"t": np.arange(1, 11), "x": x, "running_sum": np.cumsum(x),
                "label": self.Y_test[:, 0, 0],
                "probability": seq_predict(self.params, self.X_test[:, :1], loss="bce")[:, 0, 0]}

    def outcome(self) -> Outcome:
        acc = self.accuracy()
        return Outcome(acc, 0.95, acc > 0.95, {"accuracy_per_step": self.accuracy_per_step()})

    def trace_inputs(self) -> np.ndarray:
        return self.X_test


class Bidirectional(Classify):
    """The Keras examples tutorial: the same task with a bidirectional LSTM (20 units each way)."""

    key = "bidir"
    BIDIRECTIONAL = True


class SinCos(Experiment):
    """The PyTorch sin→cos tutorial: map sin(t) to cos(t) on 200 points of [0, 12π], 16 hidden units, readout at
    every step; train on the first 100 points, test on the last 100; stop when the training
    MSE drops below 1e-4. Like the tutorial, ``reshape(-1, 5, 1)`` in PyTorch's (time, batch,
    feature) layout makes 5 interleaved sequences of 20 steps (every 5th point)."""

    key = "sincos"
    TARGET = 1e-4

    def __init__(self, cfg: ExperimentConfig = DEFAULTS["sincos"]):
        self.t = np.linspace(0, 12 * np.pi, 200)
        s, c = np.sin(self.t), np.cos(self.t)
        self.X_train, self.Y_train = s[:100].reshape(-1, 5, 1), c[:100].reshape(-1, 5, 1)
        self.X_test, self.Y_test = s[100:].reshape(-1, 5, 1), c[100:].reshape(-1, 5, 1)
        self.params = init_seq_model(1, cfg.hidden_size, 1, cfg.num_layers, seed=cfg.seed)
        task = Task(lambda p, e: seq_loss_and_grads(p, self.X_train, self.Y_train)[:2],
                    metrics=lambda p: {"test_mse": self.test_mse(p)}, metrics_every=50)
        self.trainer = FitTrainer(self.params, task, learning_rate=cfg.learning_rate, epochs=cfg.epochs,
                                  optimizer=cfg.optimizer, target_loss=self.TARGET)

    def test_mse(self, p=None) -> float:
        pred = seq_predict(self.params if p is None else p, self.X_test)
        with np.errstate(over="ignore", invalid="ignore"):     # a diverged run: inf, not a warning
            return float(np.mean((pred - self.Y_test) ** 2))

    def curves(self) -> dict:
        """Every point in time order: sin, cos, the prediction, train/test part."""
        pred = np.concatenate([seq_predict(self.params, self.X_train).reshape(-1),
                               seq_predict(self.params, self.X_test).reshape(-1)])
        return {"t": self.t, "sin": np.sin(self.t), "cos": np.cos(self.t), "predicted": pred,
                "part": np.where(np.arange(200) < 100, "train", "test")}

    def first_step_error(self) -> tuple[float, float]:
        """Test MSE at the first step of each sequence, and at all later steps: from sin
        alone the first step is ambiguous (cos = ±sqrt(1 - sin²)), later steps are not."""
        with np.errstate(over="ignore", invalid="ignore"):
            err = (seq_predict(self.params, self.X_test) - self.Y_test) ** 2    # (20, 5, 1)
        return float(err[0].mean()), float(err[1:].mean())

    def outcome(self) -> Outcome:
        loss = self.history[-1].loss if self.history else float("nan")
        first, rest = self.first_step_error()
        return Outcome(loss, self.TARGET, loss < self.TARGET,
                       {"test_mse": self.test_mse(), "epochs": self.epoch,
                        "test_mse_first_step": first, "test_mse_later_steps": rest})

    def trace_inputs(self) -> np.ndarray:
        return self.X_test


class StackedPassengers(Experiment):
    """The PyTorch tutorial: two stacked LSTM layers of 45 units on the passenger data with a window of
    5, Adam 0.01, 200 epochs, 70% training; evaluated like the training page (test RMSE in
    passengers against seasonal-naive). The tutorial scales raw values with min-max over all
    the data; here the scaler sees only the training months, and by default the series is
    logged and differenced (lags 1 and 12) as on the training page: test RMSE 14.8-15.4
    for seeds 0-2, against 42.7-57.8 with the tutorial's raw min-max (``log=False, lags=()``)
    and 42.6 for seasonal-naive. The tutorial also feeds each window as 5 features of one long
    sequence; here each window is a 5-step sequence, as on the training page."""

    key = "stacked"
    TEST_LOSS = True

    def __init__(self, cfg: ExperimentConfig = DEFAULTS["stacked"], log: bool = True,
                 lags: tuple[int, ...] = (1, 12)):
        self.trainer = Trainer(TrainConfig(
            hidden_size=cfg.hidden_size, num_layers=cfg.num_layers, look_back=5,
            learning_rate=cfg.learning_rate, epochs=cfg.epochs, optimizer=cfg.optimizer, seed=cfg.seed,
            train_fraction=0.7, log=log, lags=lags, clip_norm=None))

    @property
    def params(self):
        return self.trainer.params

    def curves(self) -> dict:
        ev = self.trainer.evaluate()
        y = self.trainer.data.y
        t = np.concatenate([ev.t_train, ev.t_test])
        return {"month": t, "actual": y[t],
                "predicted": np.concatenate([ev.pred_train, ev.pred_test]),
                "part": np.array(["train"] * len(ev.t_train) + ["test"] * len(ev.t_test))}

    def outcome(self) -> Outcome:
        ev = self.trainer.evaluate()
        naive = self.trainer.baselines["seasonal_naive"]
        return Outcome(ev.test_rmse, naive, ev.test_rmse < naive,
                       {"train_rmse": ev.train_rmse, "persistence_rmse":
                        self.trainer.baselines["persistence"]})

    def trace_inputs(self) -> np.ndarray:
        return self.trainer.data.X_test


CLASSES = {cls.key: cls for cls in (Trend, XSinX, Classify, Bidirectional, SinCos,
                                    StackedPassengers)}


def make_experiment(key: str, cfg: ExperimentConfig | None = None, **options) -> Experiment:
    """A fresh experiment with its defaults (or ``cfg``); ``options`` go to its class
    (``log`` and ``lags`` for "stacked")."""
    check_setting("experiment", key, options=KEYS)
    cfg = cfg or DEFAULTS[key]
    check_setting("num_layers", cfg.num_layers, low=1, integer=True)
    check_setting("hidden_size", cfg.hidden_size, low=1, integer=True)
    check_setting("seed", cfg.seed, low=0, integer=True)
    check_setting("learning_rate", cfg.learning_rate, positive=True)
    return CLASSES[key](cfg, **options)
