"""The long-time-lag tasks of Hochreiter & Schmidhuber 1997, "Long Short-Term Memory":
pure-NumPy generators and the paper's scorers, for training an LSTM against a plain RNN.

    adding          experiment 4: add two marked numbers, answer at the end (mse)
    temporal_order  experiment 6a: the order of X/Y at two far-apart steps, 4 classes (ce)
    noise_free      experiment 2a: predict the last symbol, which only the first reveals (ce)
    reber           experiment 1: next-symbol sets of the embedded Reber grammar (bce)
    paper           the paper's settings and figures, as data
    common          TaskBatch, the masked losses, the chance line
    models          the cells that race (registry CELLS), their readout, loss and gradients
    trainer         RaceTrainer: several models on one shared stream, batch by batch (the
                    live page steps it); the page's per-task settings
    race            train one model until solved (the benchmark)
    (models, trainer and race are not imported here: they use the cells, the data above
    does not)

Every task is a small frozen dataclass with ``sample(rng, batch) -> TaskBatch``,
``correct/score(outputs, Y, mask)`` by the paper's criterion, ``memory_steps(x)`` (where
the input the answer needs appears), ``loss`` (the kind of loss for
``masked_loss``) and ``chance`` (the line a model sits on before it bridges the lag).
"""
from .adding import AddingProblem
from .common import LOSSES, Chance, TaskBatch, masked_loss, task_outputs
from .noise_free import NoiseFreeLag
from .paper import CITATION, PAPER, PAPER_SETUP
from .reber import EmbeddedReber
from .temporal_order import TemporalOrder

TASKS = {"adding": AddingProblem, "temporal_order": TemporalOrder,
         "noise_free": NoiseFreeLag, "reber": EmbeddedReber}


def make_task(name: str, lag: int | None = None):
    """A task by name, its lag set by ``lag`` (T, length or p; the paper's value if None).
    The embedded Reber grammar has no lag to set: ``lag`` must be None for it."""
    if name not in TASKS:
        raise ValueError(f"task must be one of {tuple(TASKS)}, got {name!r}")
    if name == "reber":
        if lag is not None:
            raise ValueError(f"the embedded Reber grammar has no lag to set, got lag={lag!r}")
        return EmbeddedReber()
    return TASKS[name]() if lag is None else TASKS[name](lag)


__all__ = ["AddingProblem", "TemporalOrder", "NoiseFreeLag", "EmbeddedReber", "TaskBatch",
           "Chance", "LOSSES", "masked_loss", "task_outputs", "PAPER", "PAPER_SETUP",
           "CITATION", "TASKS", "make_task"]
