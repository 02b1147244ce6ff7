"""The ablation of the LSTM variants and the lag sweep: every variant trains through the race,
the ranking is deterministic and ordered as documented, the sweep runs one race per lag."""
import numpy as np
import pytest

from lstm_core.long_memory import AddingProblem
from lstm_core.long_memory.ablation import GREFF, Row, Sweep, ablation, rank, sweep
from lstm_core.long_memory.models import CELLS, VARIANT_MODELS
from lstm_core.long_memory.race import race
from lstm_core.long_memory.trainer import RaceConfig, RaceTrainer

SMALL = RaceConfig(hidden_size=4, budget=640, eval_every=320, test_size=50, seed=3)


def test_every_variant_trains_through_the_race_and_greff_has_a_finding_for_each():
    trainer = RaceTrainer(AddingProblem(10), SMALL, VARIANT_MODELS)
    while not trainer.done:
        trainer.step()
    assert set(VARIANT_MODELS) == set(GREFF) and set(VARIANT_MODELS) <= set(CELLS)
    for kind, lane in trainer.lanes.items():
        assert [c.sequences for c in lane.history] == [320, 640]
        assert all(np.isfinite(c.test_loss) for c in lane.history)
        assert tuple(lane.history) == race(kind, AddingProblem(10), SMALL).history


def test_the_ablation_ranking_is_deterministic_for_a_seed_and_differs_with_it():
    a = ablation(AddingProblem(10), SMALL)
    b = ablation(AddingProblem(10), SMALL)
    assert a == b and [r.rank for r in a] == list(range(1, len(VARIANT_MODELS) + 1))
    assert sorted(r.model for r in a) == sorted(VARIANT_MODELS)
    other = ablation(AddingProblem(10), RaceConfig(**{**SMALL.__dict__, "seed": 4}))
    assert [(r.model, r.test_loss) for r in other] != [(r.model, r.test_loss) for r in a]


def test_solved_models_rank_first_by_sequences_then_unsolved_by_loss_then_diverged():
    trainer = RaceTrainer(AddingProblem(10), SMALL, ("rnn", "gru", "lstm", "cifg"))
    while not trainer.done:
        trainer.step()
    lanes = trainer.lanes
    lanes["cifg"].solved_after, lanes["gru"].solved_after = 640, 320     # as if solved
    lanes["rnn"].diverged_after = 320
    rows = rank(trainer)
    assert [r.model for r in rows] == ["gru", "cifg", "lstm", "rnn"]
    assert [r.status for r in rows[:2]] == ["solved", "solved"] and rows[3].status == "diverged"
    assert rows[2].status in ("unsolved", "stalled")
    assert rows[0].sequences == 320 and rows[1].sequences == 640 and rows[3].sequences == 320
    assert isinstance(rows[0], Row) and rows[0].solved and not rows[2].solved


def test_unsolved_models_rank_by_their_last_test_loss():
    rows = ablation(AddingProblem(10), SMALL, ("nfg", "lstm", "ph"))
    losses = [r.test_loss for r in rows]
    assert all(r.status in ("unsolved", "stalled") for r in rows) and losses == sorted(losses)


def test_the_sweep_races_every_lag_in_turn_and_equals_a_race_per_lag():
    config = RaceConfig(hidden_size=4, budget=256, eval_every=128, test_size=40, seed=1)
    runner = Sweep("adding", (10, 20), ("rnn", "lstm"), config)
    assert runner.lag == 10 and runner.epochs == 8 and runner.progress == 0.0
    while runner.lag == 10:
        runner.step()
    assert list(runner.results) == [10] and runner.progress == pytest.approx(0.5)
    while not runner.done:
        runner.step()
    assert runner.epoch == 8 and runner.lag is None and runner.progress == 1.0
    table = runner.table()
    assert table == sweep("adding", (10, 20), ("rnn", "lstm"), config)
    for lag in (10, 20):
        alone = race("lstm", AddingProblem(lag), config)
        assert table[lag]["lstm"].test_loss == alone.history[-1].test_loss
    with pytest.raises(ValueError, match="the sweep is over"):
        runner.step()


@pytest.mark.parametrize("lags, message", [((), "at least one lag"), ((10, 10), "each once"),
                                           ((10, 5), "lag must be an integer between 10 and 200")])
def test_bad_sweep_lags_are_named(lags, message):
    with pytest.raises(ValueError, match=message):
        Sweep("adding", lags)
