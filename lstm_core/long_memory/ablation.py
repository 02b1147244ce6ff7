"""Which parts of the LSTM matter, and up to which lag each cell learns: the ablation after
Greff et al. 2017 and the lag sweep, on the long-time-lag tasks.

    rank(trainer) -> [Row]                 a race's models, best first (live page and benchmark)
    ablation(task, config, variants)       race the LSTM variants on one stream, then rank them
    Sweep(task_name, lags, models, config) a trainer over several lags, one race per lag, with
                                           the interface ``ui.live.LiveTrainer`` drives
    GREFF                                  what Greff et al. found for each variant, as data

The ranking: solved models first, fewest training sequences first; then the unsolved ones,
lowest last test loss first; diverged models last. Ties keep the race's order. Everything
is deterministic for a config's seed (one stream of batches, one test set).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .common import check_int
from .models import MODELS, VARIANT_MODELS
from .trainer import RaceConfig, RaceTrainer, race_task

GREFF_CITATION = ("Greff, Srivastava, Koutník, Steunebrink & Schmidhuber, \"LSTM: A Search Space "
                  "Odyssey\", IEEE TNNLS 28(10), 2017")
# Their finding for each variant against their vanilla LSTM (which has peepholes), on speech
# (TIMIT), handwriting (IAM Online) and music (JSB Chorales), section V-A: removing the forget
# gate (NFG) or the output activation (NOAF) was significantly worse on all three ("hurts
# most": "the most critical components"); removing the input gate, the output gate or the
# input activation (NIG, NOG, NIAF) significantly worse on speech and handwriting, not on
# music ("hurts"); coupling the input and forget gates (CIFG) or removing the peepholes (NP)
# did not change performance significantly ("same"; our "ph" adds the peepholes that our
# vanilla LSTM lacks, the same comparison from the other side).
GREFF = {"lstm": "baseline", "nfg": "hurts most", "noaf": "hurts most", "nig": "hurts",
         "nog": "hurts", "niaf": "hurts", "cifg": "same", "ph": "same"}


@dataclass(frozen=True)
class Row:
    """One model of a ranked race. ``sequences``: training sequences when solved (or
    diverged), else all it saw; ``score``/``test_loss``: at its last test (nan before any);
    ``seconds``: its compute time (not compared: rows
    of the same seed are equal)."""

    rank: int
    model: str
    status: str          # "solved", "unsolved", "stalled", "diverged" or "running"
    sequences: int
    score: float
    test_loss: float
    seconds: float = field(compare=False)   # wall time: not part of the result

    @property
    def solved(self) -> bool:
        return self.status == "solved"


def rank(trainer: RaceTrainer) -> list[Row]:
    """The models of ``trainer`` ranked as the module docstring says, each a Row."""
    def key(item):
        order, (kind, lane) = item
        if lane.solved_after is not None:
            return (0, lane.solved_after, order)
        if lane.diverged_after is not None:
            return (2, lane.diverged_after, order)
        loss = lane.history[-1].test_loss if lane.history else np.inf
        return (1, loss, order)

    ranked = sorted(enumerate(trainer.lanes.items()), key=key)
    rows = []
    for place, (_, (kind, lane)) in enumerate(ranked, start=1):
        last = lane.history[-1] if lane.history else None
        seen = lane.solved_after or lane.diverged_after or trainer.sequences
        rows.append(Row(place, kind, trainer.status(kind), seen,
                        last.test_score if last else float("nan"),
                        last.test_loss if last else float("nan"), lane.seconds))
    return rows


def ablation(task, config: RaceConfig = RaceConfig(), variants=VARIANT_MODELS) -> list[Row]:
    """Race ``variants`` (names in ``models.CELLS``, default the LSTM and its seven variants)
    on ``task`` with ``config`` until each is solved or the budget is spent; ``rank`` them."""
    trainer = RaceTrainer(task, config, tuple(variants))
    while not trainer.done:
        trainer.step()
    return rank(trainer)


SWEEP_LAGS = (10, 20, 50, 100)


class Sweep:
    """One race of ``models`` per lag of ``lags`` on task ``task_name`` (its page settings,
    ``race_task``), one after the other, each with ``config`` (same seed, same budget).

    ``step()`` trains the current lag's race one batch; when it is done its ranked rows go
    to ``results`` {lag: [Row]} and the next lag starts. ``done``, ``epoch`` (batches so far,
    all lags), ``epochs`` (batches of all the budgets), ``history`` and ``diverged`` are
    what ``ui.live.LiveTrainer`` reads. ``lag`` is the lag under way (None when done).
    """

    def __init__(self, task_name: str, lags=SWEEP_LAGS, models=MODELS,
                 config: RaceConfig = RaceConfig()):
        lags = tuple(lags)
        if not lags or len(set(lags)) != len(lags):
            raise ValueError(f"lags must name at least one lag, each once, got {lags!r}")
        self.lags = tuple(check_int("lag", lag, 1, 100_000) for lag in lags)
        self.tasks = {lag: race_task(task_name, lag) for lag in self.lags}   # checks each lag
        self.models, self.config = tuple(models), config
        self.results: dict[int, list[Row]] = {}
        self.race: RaceTrainer | None = RaceTrainer(self.tasks[self.lags[0]], config, self.models)
        self.epoch, self.history, self.diverged = 0, [], False

    @property
    def lag(self) -> int | None:
        return None if self.race is None else self.lags[len(self.results)]

    @property
    def done(self) -> bool:
        return self.race is None

    @property
    def epochs(self) -> int:
        """Batches if every race used its whole budget (a solved race ends sooner)."""
        return len(self.lags) * -(-self.config.budget // self.config.batch)

    @property
    def progress(self) -> float:
        """Fraction of the sweep done: finished lags, plus the current one's share."""
        if self.race is None:
            return 1.0
        return (len(self.results) + self.race.sequences / self.race.budget) / len(self.lags)

    def step(self):
        if self.race is None:
            raise ValueError("the sweep is over: every lag has been raced")
        report = self.race.step()
        self.epoch += 1
        self.history = (self.history + [report])[-100:]
        if self.race.done:
            self.results[self.lag] = rank(self.race)
            nxt = len(self.results)
            self.race = RaceTrainer(self.tasks[self.lags[nxt]], self.config, self.models) \
                if nxt < len(self.lags) else None
        return report

    def table(self) -> dict:
        """{lag: {model: Row}} of the lags finished so far."""
        return {lag: {row.model: row for row in rows} for lag, rows in self.results.items()}


def sweep(task_name: str, lags=SWEEP_LAGS, models=MODELS, config: RaceConfig = RaceConfig()) -> dict:
    """Run a whole ``Sweep``; returns its ``table()``."""
    runner = Sweep(task_name, lags, models, config)
    while not runner.done:
        runner.step()
    return runner.table()
