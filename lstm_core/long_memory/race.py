"""Train an LSTM or a plain RNN on a long-time-lag task until it is solved, counting the
training sequences it saw: the "sequences until solved" of Hochreiter & Schmidhuber 1997.

The models are in ``models.py`` (the registry ``CELLS``), the training loop in
``trainer.py`` (``RaceTrainer``, which the live page steps with several models at once);
``race`` runs that trainer with one model to the end. Every model trained on a seed sees
the same stream of batches (``np.random.default_rng([seed, 0])``) and is judged on the same
test set (``[seed, 1]``), so ``race("lstm", ...)`` and the LSTM of a ``RaceTrainer`` with
the same config compute the same numbers.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from .models import MODELS, Model, evaluate, init_model, loss_and_grads, model_outputs
from .trainer import Checkpoint, RaceConfig, RaceTrainer


@dataclass(frozen=True)
class RaceResult:
    """How a run ended. ``sequences``: training sequences seen when it was solved, or when
    it stopped. ``seconds``: wall time of the whole run (training and evaluation)."""

    model: str
    solved: bool
    diverged: bool
    sequences: int
    seconds: float
    history: tuple[Checkpoint, ...] = field(repr=False)

    @property
    def final_score(self) -> float:
        return self.history[-1].test_score if self.history else 0.0


def race(kind: str, task, config: RaceConfig = RaceConfig(), on_checkpoint=None) -> RaceResult:
    """Train ``kind`` ("lstm" or "rnn") on ``task`` until solved or out of budget.

    ``on_checkpoint(Checkpoint)``, if given, is called after every test evaluation; it may
    return True to stop the run early.
    """
    start = time.perf_counter()
    trainer = RaceTrainer(task, config, kinds=(kind,))
    while not trainer.done:
        point = trainer.step().checkpoints.get(kind)
        if point is not None and on_checkpoint is not None and on_checkpoint(point):
            break
    lane = trainer.lanes[kind]
    return RaceResult(kind, lane.solved_after is not None, lane.diverged_after is not None,
                      trainer.sequences, time.perf_counter() - start, tuple(lane.history))


__all__ = ["MODELS", "Model", "RaceConfig", "Checkpoint", "RaceResult", "race", "init_model",
           "model_outputs", "loss_and_grads", "evaluate"]
