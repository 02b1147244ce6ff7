"""Training the forecaster on the passenger data, one epoch per ``step()``.

``Trainer`` is the one training loop (``fit.FitTrainer``) on ``forecast_task``: the
passenger windows, the MSE, and the test loss and RMSEs in passengers as metrics. It
adds what the training page needs: the settings (``TrainConfig``), snapshots of the
weights to replay, the baselines and an evaluation. The UI calls ``trainer.step()`` in a
loop and draws each ``EpochReport``; Stop is simply not calling it again. One epoch = one
full-batch update on all training windows.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ._forecast_fast import DTYPES, ForecastKernel, pack, shapes_of
from .baselines import baseline_rmses, rmse
from .cell import GATES
from .data import Dataset, make_dataset
from .fit import EpochReport, FitTrainer, Task, check_setting
from .model import ForecasterParams, init_forecaster, mse_loss_and_grads, predict
from .optim import global_norm


@dataclass(frozen=True)
class TrainConfig:
    """Settings of one run, with the reason for each default.

    The defaults give a one-step-ahead test RMSE of 14.3-14.5 passengers for seeds 0-4
    (seasonal-naive: 41.9; a SARIMA airline model: about 14). Raw min-max windows as in
    the tutorials (``log=False, lags=()``) give 36-89 depending on the seed
    (``python benchmarks/bench_forecast.py``).
    """

    hidden_size: int = 8            # 81 training windows do not need more
    look_back: int = 12             # one season of history
    num_layers: int = 1             # the PyTorch tutorial stacks 2
    learning_rate: float = 0.003    # Adam; 0.01 gets there faster but varies more by seed
    epochs: int = 500               # a few seconds at these sizes
    optimizer: str = "adam"         # "adam" (Keras, PyTorch tutorials) or "sgd" (NumPy)
    clip_norm: float | None = 1.0   # clip the global gradient norm; None = off
    train_fraction: float = 0.67    # 96 of 144 months, as in the NumPy tutorial
    seed: int = 0
    forget_bias: float = 1.0        # start by remembering
    log: bool = True                # log turns the growing seasonal swing into a constant one
    lags: tuple[int, ...] = (1, 12)  # difference away trend and season; () = raw min-max (seeds)
    through_time: bool = True       # False = the NumPy tutorial's truncated gradient
    snapshot_every: int | None = None  # None: about 50 snapshots over ``epochs``
    dtype: str = "float64"          # "float32": weights, activations, gradients and Adam's
    #                                 moments in float32, as frameworks train (about 2x faster)

    def validate(self) -> None:
        """Raise a SettingError (a ValueError with a code) naming the first bad setting."""
        check_setting("hidden_size", self.hidden_size, low=1, high=256, integer=True)
        check_setting("epochs", self.epochs, low=1, integer=True)
        check_setting("seed", self.seed, low=0, integer=True)
        check_setting("learning_rate", self.learning_rate, positive=True)
        if self.clip_norm is not None:
            check_setting("clip_norm", self.clip_norm, positive=True)
        check_setting("dtype", self.dtype, options=DTYPES)


@dataclass(frozen=True)
class Evaluation:
    """Predictions of one set of weights, in passengers, and their errors."""

    t_train: np.ndarray      # (B_train,) month indices
    pred_train: np.ndarray   # (B_train,)
    t_test: np.ndarray       # (B_test,)
    pred_test: np.ndarray    # (B_test,)
    train_rmse: float
    test_rmse: float


def gate_grad_norms(grads: ForecasterParams) -> dict[str, float]:
    """Norm of the gradient of each gate's weights and bias, summed over layers, and of the
    readout's (the trainer adds the total)."""
    out = {}
    for g in GATES:
        sq = sum(float(np.vdot(getattr(p, "W_" + g), getattr(p, "W_" + g)))
                 + float(np.vdot(getattr(p, "b_" + g), getattr(p, "b_" + g))) for p in grads.layers)
        out[g] = float(np.sqrt(sq))
    out["readout"] = global_norm([grads.W_y, grads.b_y])
    return out


def _rmse(data: Dataset, u_hat: np.ndarray, t: np.ndarray) -> float:
    """RMSE in passengers of scaled predictions ``u_hat`` (B,) of months ``t`` (B,); NaN
    when a prediction overflowed."""
    if not np.all(np.isfinite(u_hat)):
        return float("nan")
    with np.errstate(over="ignore", invalid="ignore"):
        return rmse(data.to_passengers(u_hat, t), data.y[t])


def forecast_task(data: Dataset, through_time: bool = True) -> Task:
    """The forecaster's task: MSE on the scaled training windows; metrics ``test_loss``
    (MSE, scaled), ``train_rmse`` and ``test_rmse`` (passengers), from the same weights
    as the loss; gradient norms per gate (``gate_grad_norms``)."""

    def loss_and_grads(params: ForecasterParams, epoch: int):
        loss, grads, y_hat, _ = mse_loss_and_grads(params, data.X_train, data.y_train,
                                                   through_time=through_time)
        u_test = predict(params, data.X_test)                     # (B_test,)
        numbers = {"test_loss": float(np.mean((u_test - data.y_test) ** 2)),
                   "train_rmse": _rmse(data, y_hat, data.t_train),
                   "test_rmse": _rmse(data, u_test, data.t_test)}
        return loss, grads, numbers

    return Task(loss_and_grads, grad_norms=gate_grad_norms)


def fast_forecast_task(data: Dataset, params: ForecasterParams, through_time: bool = True) -> Task:
    """``forecast_task`` for packed weights (``_forecast_fast.pack``) in their dtype: the
    same loss, gradient and metrics from ``ForecastKernel`` (float32 on the fast path;
    losses and metrics are Python floats either way)."""
    kernel = ForecastKernel(shapes_of(params), data.X_train, data.y_train, data.X_test,
                            params._flat.dtype.name, through_time)

    def loss_and_grads(p: ForecasterParams, epoch: int):
        loss, grads, y_hat, u_test = kernel.run(p)
        err = u_test - data.y_test                                # float64: y_test is
        numbers = {"test_loss": float(np.mean(err * err)),
                   "train_rmse": _rmse(data, y_hat.astype(float), data.t_train),
                   "test_rmse": _rmse(data, u_test.astype(float), data.t_test)}
        return loss, grads, numbers

    return Task(loss_and_grads, grad_norms=gate_grad_norms)


class Trainer(FitTrainer):
    """Full-batch training of the forecaster, one epoch per ``step()``; deterministic for a config.

    Attributes: ``config``, ``params`` (current weights, in ``config.dtype``; float32 ones
    are views of one buffer, see ``_forecast_fast.pack``), ``data`` (Dataset), ``history``
    (list of EpochReport), ``snapshots`` (list of (epoch, ForecasterParams) copies, epoch 0
    first), ``done`` (epochs reached or diverged), ``baselines`` (test RMSE of
    seasonal-naive and persistence on the same months).
    """

    def __init__(self, config: TrainConfig | None = None, data: Dataset | None = None,
                 params: ForecasterParams | None = None):
        cfg = self.config = TrainConfig() if config is None else config
        cfg.validate()
        if data is None:
            data = make_dataset(look_back=cfg.look_back, train_fraction=cfg.train_fraction,
                                log=cfg.log, lags=cfg.lags)
        if params is None:
            params = init_forecaster(1, cfg.hidden_size, cfg.num_layers, cfg.seed, cfg.forget_bias)
        self.data = data
        if cfg.dtype == "float32":          # one flat buffer and the fast kernel
            params = pack(params, cfg.dtype)
            task = fast_forecast_task(data, params, cfg.through_time)
        else:                                # the float64 path through cell.forward/backward
            task = forecast_task(data, cfg.through_time)
        super().__init__(params, task, learning_rate=cfg.learning_rate,
                         epochs=cfg.epochs, optimizer=cfg.optimizer, clip_norm=cfg.clip_norm)
        self.snapshots: list[tuple[int, ForecasterParams]] = [(0, self.params.copy())]
        self.snapshot_every = cfg.snapshot_every or max(1, cfg.epochs // 50)
        self.baselines = baseline_rmses(data.y, data.n_train, data.period)

    @classmethod
    def restore(cls, config: TrainConfig, params: ForecasterParams, epoch: int = 0,
                history=(), snapshots=()) -> "Trainer":
        """A trainer at epoch ``epoch`` with weights ``params``, as saved in a checkpoint
        (``lstm_core.read_checkpoint``): ``history`` (EpochReports, epochs increasing, at
        most ``epoch``; a long run's saved history may skip epochs) and ``snapshots``
        ((epoch, params) before ``epoch``; ``params`` become the snapshot of ``epoch``).
        The optimizer starts afresh (its moments are not saved)."""
        trainer = cls(config, params=params.copy())
        history = list(history)
        epochs = [r.epoch for r in history]
        if epochs and (epochs[-1] > epoch or any(b <= a for a, b in zip(epochs, epochs[1:]))):
            raise ValueError(f"the history's epochs must increase up to epoch {epoch}, got "
                             f"{epochs[0]} … {epochs[-1]}")
        if any(e >= epoch for e, _ in snapshots):
            raise ValueError(f"snapshots must come before epoch {epoch}")
        trainer.history, trainer._epoch = history, int(epoch)
        trainer.snapshots = [(int(e), p.copy()) for e, p in snapshots] + [(int(epoch), trainer.params.copy())]
        trainer.snapshot_every = max(trainer.snapshot_every, int(epoch) // 50)
        return trainer

    def step(self) -> EpochReport:
        """Run one epoch: forward, exact BPTT, clip, update. Returns its report.

        If the loss, the gradient or the updated weights would be NaN/inf, the weights are
        left as they were, the report has ``diverged=True`` and ``cause``/``message`` name
        the cause, and ``done`` becomes True.
        """
        report = super().step()
        if not report.diverged and (report.epoch % self.snapshot_every == 0 or self.done):
            self.snapshots.append((report.epoch, self.params.copy()))
        return report

    def train_to(self, epochs: int) -> None:
        """Move the finish line to epoch ``epochs`` (not before the current epoch), keeping
        the weights, the optimizer's state and the history: "continue" after a run.

        Without an explicit ``snapshot_every`` the snapshot interval grows with the run, so
        a longer run still keeps about 50 snapshots (plus those already taken).
        """
        super().train_to(epochs)
        self.config = replace(self.config, epochs=int(epochs))
        if self.config.snapshot_every is None:
            self.snapshot_every = max(self.snapshot_every, int(epochs) // 50)

    def evaluate(self, params: ForecasterParams | None = None) -> Evaluation:
        """One-step-ahead predictions in passengers for the current (or given) weights."""
        p = self.params if params is None else params
        d = self.data
        with np.errstate(over="ignore", invalid="ignore"):
            u_tr, u_te = predict(p, d.X_train), predict(p, d.X_test)
            pred_tr, pred_te = d.to_passengers(u_tr, d.t_train), d.to_passengers(u_te, d.t_test)
        return Evaluation(d.t_train, pred_tr, d.t_test, pred_te,
                          _rmse(d, u_tr, d.t_train), _rmse(d, u_te, d.t_test))
