"""A generic trainer: any parameters, any loss, one optimizer step per ``step()``.

``Trainer`` (train.py) is the passenger forecaster's; this one serves the tutorials'
experiments, whose data and losses differ. Both expose ``step()``, ``done`` and
``history``, so the same live-training UI drives either.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .optim import (clip_by_global_norm, divergence_message, global_norm, guarded_step,
                    make_optimizer)


@dataclass(frozen=True)
class FitReport:
    """One step: the training ``loss`` before the update, optional ``metrics``
    (e.g. test loss, accuracy) of the weights after it, the gradient norm."""

    epoch: int
    loss: float
    grad_norm: float
    metrics: dict = field(default_factory=dict)
    diverged: bool = False
    message: str = ""


class FitTrainer:
    """Optimise ``params`` (anything with ``arrays()`` and ``copy()``) one step at a time.

    Parameters
    ----------
    params : the weights, updated in place
    loss_and_grads : (params, epoch) -> (loss, grads with ``arrays()`` in the same order)
    learning_rate, optimizer : "adam" or "sgd"
    epochs : the most steps to take
    clip_norm : clip the global gradient norm (None: off)
    target_loss : stop early once the training loss falls below it (the PyTorch sin→cos tutorial uses 1e-4)
    metrics : params -> dict of floats, computed every ``metrics_every`` steps and at the end
    """

    def __init__(self, params, loss_and_grads: Callable, *, learning_rate: float,
                 epochs: int, optimizer: str = "adam", clip_norm: float | None = None,
                 target_loss: float | None = None, metrics: Callable | None = None,
                 metrics_every: int = 10):
        if not isinstance(epochs, (int, np.integer)) or epochs < 1:
            raise ValueError(f"epochs must be at least 1, got {epochs!r}")
        if clip_norm is not None and not clip_norm > 0:
            raise ValueError(f"clip_norm must be positive or None, got {clip_norm}")
        self.params = params
        self.loss_and_grads = loss_and_grads
        self.optimizer = make_optimizer(optimizer, learning_rate)
        self.learning_rate = learning_rate
        self.epochs = int(epochs)
        self.clip_norm = clip_norm
        self.target_loss = target_loss
        self.metrics = metrics
        self.metrics_every = max(1, int(metrics_every))
        self.history: list[FitReport] = []
        self.diverged = False
        self.reached_target = False

    @property
    def epoch(self) -> int:
        return len(self.history)

    @property
    def done(self) -> bool:
        return self.diverged or self.reached_target or self.epoch >= self.epochs

    def step(self) -> FitReport:
        """One update; NaN/inf in the loss, the gradient or the updated weights stops training
        with the weights left as they were."""
        if self.done:
            raise RuntimeError("training is finished; make a new trainer to train again")
        epoch = self.epoch + 1
        with np.errstate(over="ignore", invalid="ignore"):
            loss, grads = self.loss_and_grads(self.params, epoch)
        g = grads.arrays()
        norm = global_norm(g)
        what = ("the loss" if not np.isfinite(loss) else
                "the gradient" if not np.isfinite(norm) else None)
        if what is None:
            if self.clip_norm is not None:
                clip_by_global_norm(g, self.clip_norm)
            if not guarded_step(self.optimizer, self.params.arrays(), g):
                what = "the updated weights"
        if what is not None:
            self.diverged = True
            report = FitReport(epoch, float(loss), norm, {}, True,
                               divergence_message(what, epoch, self.learning_rate))
            self.history.append(report)
            return report
        self.reached_target = self.target_loss is not None and loss < self.target_loss
        metrics = {}
        last = self.reached_target or epoch >= self.epochs
        if self.metrics is not None and (epoch % self.metrics_every == 0 or last or epoch == 1):
            metrics = self.metrics(self.params)
        report = FitReport(epoch, float(loss), norm, metrics)
        self.history.append(report)
        return report

    def run(self) -> list[FitReport]:
        """Step until done; returns the new reports."""
        out = []
        while not self.done:
            out.append(self.step())
        return out
