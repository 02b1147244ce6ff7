"""The one training loop: a ``Task`` (data, loss, metrics) stepped by a ``FitTrainer``.

Every trainer in the app is this loop: the passenger forecaster (``train.Trainer``, which
adds the data, snapshots and an evaluation), the tutorials' experiments
(``experiments.py``) and the full-against-truncated comparison (``gradient_flow``).
One epoch = one ``step()``: loss and gradient, clipping, one optimizer update, one
``EpochReport``. A loss, gradient or update that is NaN or infinite stops training with
the weights left as they were; the report says which (``cause``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .optim import (clip_by_global_norm, divergence_message, global_norm, guarded_step,
                    make_optimizer)

CAUSES = ("loss", "gradient", "weights")   # what became NaN or infinite (``EpochReport.cause``)


def update_arrays(params) -> list[np.ndarray]:
    """What the optimizer updates: ``params.arrays()``, or the one flat buffer they are views
    of when ``params`` was packed (``_forecast_fast.pack``: ``params._flat``)."""
    flat = getattr(params, "_flat", None)
    return [flat] if flat is not None else params.arrays()


class SettingError(ValueError):
    """A training setting out of its range. ``code`` says which rule it breaks and
    ``values`` hold what a translated message needs (``common.setting_error.<code>`` in the
    app): ``name`` (the setting), ``value`` and, by code, ``low``/``high`` or ``options``.

    codes: "between" (low <= value <= high), "at_least" (value >= low), "positive"
    (a finite number above 0), "one_of" (value in options); the data's split
    (``data.make_dataset``): "too_few_months" (``n_train``, ``lags``), "no_test_months"
    """

    KEY = "common.setting_error"

    def __init__(self, message: str, code: str, **values):
        super().__init__(message)
        self.code, self.values = code, values


def check_setting(name: str, value, *, low=None, high=None, integer: bool = False,
                  positive: bool = False, options=None) -> None:
    """Raise a SettingError naming ``name`` unless ``value`` keeps the rule given."""
    number = isinstance(value, (int, float, np.number)) and not isinstance(value, bool)
    if integer and not (isinstance(value, (int, np.integer)) and not isinstance(value, bool)):
        number = False
    shown = value if number else repr(value)       # a number as such, anything else as typed
    if options is not None and value not in options:
        raise SettingError(f"{name} must be one of {tuple(options)}, got {value!r}", "one_of",
                           name=name, value=shown, options=", ".join(map(str, options)))
    if positive and not (number and value > 0 and np.isfinite(value)):
        raise SettingError(f"{name} must be positive and finite, got {value!r}", "positive",
                           name=name, value=shown)
    if high is not None and not (number and low <= value <= high):
        raise SettingError(f"{name} must be between {low} and {high}, got {value!r}", "between",
                           name=name, value=shown, low=low, high=high)
    if low is not None and high is None and not (number and value >= low):
        raise SettingError(f"{name} must be at least {low}, got {value!r}", "at_least",
                           name=name, value=shown, low=low)


@dataclass(frozen=True)
class Task:
    """What a trainer trains on.

    loss_and_grads : (params, epoch) -> (loss, grads) or (loss, grads, numbers)
        The training loss of ``params`` and its gradient (anything with ``arrays()`` in
        the order of ``params.arrays()``); ``numbers`` a dict of metrics that come cheaply
        with the same forward pass (e.g. the test loss). ``epoch`` counts from 1 (a task
        that draws fresh batches may use it).
    metrics : params -> dict, optional
        More numbers of the same weights, at epoch 1, every ``metrics_every`` epochs and
        at the last epoch (e.g. an accuracy on a large test set).
    grad_norms : grads -> dict, optional
        Gradient norms per group (e.g. per gate); the report adds ``"total"``.
    """

    loss_and_grads: Callable
    metrics: Callable | None = None
    metrics_every: int = 1
    grad_norms: Callable | None = None


@dataclass(frozen=True)
class EpochReport:
    """What one epoch did; every number describes the weights the epoch started from.

    ``loss`` the training loss; ``grad_norms`` the gradient norms before clipping
    (``"total"`` always, per group when the task gives them); ``clipped`` whether clipping
    scaled the gradient; ``metrics`` the task's numbers (``test_loss``, ``train_rmse``,
    ``accuracy`` ...); ``diverged`` with ``cause`` (one of CAUSES, a code the UI
    translates) when this epoch stopped training, and ``message`` the same in English.
    """

    epoch: int
    loss: float
    grad_norms: dict
    clipped: bool = False
    metrics: dict = field(default_factory=dict)
    diverged: bool = False
    cause: str = ""
    message: str = ""

    @property
    def train_loss(self) -> float:
        return self.loss

    @property
    def grad_norm(self) -> float:
        return self.grad_norms["total"]

    def metric(self, name: str) -> float:
        """``metrics[name]``, NaN when this epoch did not measure it."""
        return float(self.metrics.get(name, np.nan))

    @property
    def test_loss(self) -> float:
        return self.metric("test_loss")

    @property
    def train_rmse(self) -> float:
        return self.metric("train_rmse")

    @property
    def test_rmse(self) -> float:
        return self.metric("test_rmse")

    def as_row(self) -> dict:
        """One flat row (a table or CSV line): ``grad_<group>`` for each norm."""
        row = {"epoch": self.epoch, "train_loss": self.loss, **self.metrics, "clipped": self.clipped,
               "diverged": self.diverged, "cause": self.cause, "message": self.message}
        row.update({f"grad_{k}": v for k, v in self.grad_norms.items()})
        return row


class FitTrainer:
    """Optimise ``params`` on ``task`` one epoch per ``step()``; deterministic for its inputs.

    Parameters
    ----------
    params : the weights (``arrays()``, ``copy()``), updated in place (``update_arrays``);
        ``task``'s gradient comes packed the same way when the weights are
    task : a Task, or just its ``loss_and_grads`` function
    learning_rate, optimizer : "adam" or "sgd"
    epochs : where training stops (``train_to`` moves it)
    clip_norm : clip the global gradient norm (None: off)
    target_loss : stop once the training loss falls below it (the PyTorch sin→cos
        tutorial uses 1e-4)

    Attributes: ``history`` (EpochReports), ``epoch``, ``epochs``, ``done``, ``diverged``,
    ``reached_target``.
    """

    def __init__(self, params, task: Task | Callable, *, learning_rate: float, epochs: int,
                 optimizer: str = "adam", clip_norm: float | None = None,
                 target_loss: float | None = None):
        check_setting("epochs", epochs, low=1, integer=True)
        check_setting("learning_rate", learning_rate, positive=True)
        check_setting("optimizer", optimizer, options=("adam", "sgd"))
        if clip_norm is not None:
            check_setting("clip_norm", clip_norm, positive=True)
        self.params = params
        self.task = task if isinstance(task, Task) else Task(task)
        self.optimizer = make_optimizer(optimizer, learning_rate)
        self.learning_rate = learning_rate
        self._epochs = int(epochs)
        self.clip_norm = clip_norm
        self.target_loss = target_loss
        self.history: list[EpochReport] = []
        self._epoch = 0
        self.diverged = False
        self.reached_target = False

    @property
    def epoch(self) -> int:
        """Epochs trained (a restored trainer starts at its own)."""
        return self._epoch

    @property
    def epochs(self) -> int:
        """The epoch training stops at."""
        return self._epochs

    @property
    def done(self) -> bool:
        return self.diverged or self.reached_target or self.epoch >= self.epochs

    def train_to(self, epochs: int) -> None:
        """Move the finish line to ``epochs`` (not before the current epoch), keeping the
        weights, the optimizer's state and the history: "continue" after a run."""
        if not isinstance(epochs, (int, np.integer)) or epochs < max(self.epoch, 1):
            raise ValueError(f"can't train to epoch {epochs!r}: the model is at epoch {self.epoch}")
        self._epochs = int(epochs)

    def step(self) -> EpochReport:
        """One epoch: loss and gradient, clip, update. Returns its report (also in ``history``)."""
        if self.done:
            raise RuntimeError("training is finished; make a new trainer to train again")
        epoch, task = self.epoch + 1, self.task
        with np.errstate(over="ignore", invalid="ignore"):
            loss, grads, *numbers = task.loss_and_grads(self.params, epoch)
        metrics = dict(numbers[0]) if numbers else {}
        g = update_arrays(grads)
        norms = {**(task.grad_norms(grads) if task.grad_norms else {}), "total": global_norm(g)}
        cause = "loss" if not np.isfinite(loss) else "gradient" if not np.isfinite(norms["total"]) else ""
        clipped = False
        if not cause:
            if task.metrics is not None and (epoch == 1 or epoch % max(1, task.metrics_every) == 0
                                             or epoch >= self.epochs):
                with np.errstate(over="ignore", invalid="ignore"):
                    metrics.update(task.metrics(self.params))   # before the update, as the loss
            if self.clip_norm is not None:
                _, clipped = clip_by_global_norm(g, self.clip_norm)
            if not guarded_step(self.optimizer, update_arrays(self.params), g):
                cause = "weights"
        message = ""
        if cause:
            self.diverged = True
            what = {"loss": "the loss", "gradient": "the gradient", "weights": "the updated weights"}[cause]
            message = divergence_message(what, epoch, self.learning_rate)
        else:
            self.reached_target = self.target_loss is not None and loss < self.target_loss
        report = EpochReport(epoch, float(loss), norms, clipped, metrics, bool(cause), cause, message)
        self.history.append(report)
        self._epoch = epoch
        return report

    def run(self, epochs: int | None = None) -> list[EpochReport]:
        """Step until done (or ``epochs`` more epochs); returns the new reports."""
        out = []
        while not self.done and (epochs is None or len(out) < epochs):
            out.append(self.step())
        return out

