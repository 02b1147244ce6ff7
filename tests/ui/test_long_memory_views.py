"""Helpers of the long-memory page: chart data from the trainer's checkpoints, the chance and
"solved" lines, the verdict of every status, the paper's rows, the pace."""

import numpy as np
import pytest

from lstm_core.long_memory import PAPER, AddingProblem, TemporalOrder
from lstm_core.long_memory.models import MODELS, inside
from lstm_core.long_memory.trainer import Checkpoint, RaceConfig, RaceTrainer
from ui import long_memory_views as lv
from ui.i18n import translate

SMALL = RaceConfig(hidden_size=4, budget=640, eval_every=320, test_size=50, seed=3)
NAMES = {"rnn": "plain RNN", "gru": "GRU", "lstm": "LSTM"}


def tr(key, **fmt):
    return translate(key, "en", **fmt)


@pytest.fixture
def raced():
    trainer = RaceTrainer(AddingProblem(10), SMALL)
    while not trainer.done:
        trainer.step()
    return trainer


def labels():
    return {"x": "sequences", "y": "loss", "series": "model", "names": NAMES, "chance": "learned nothing",
            "title": "Test loss", "subtitle": "log", "solved": "solved"}


def layer_data(spec: dict) -> list[list[dict]]:
    """The inline data of every layer of a chart's dict (Altair puts it in ``datasets``)."""
    return [spec["datasets"][layer["data"]["name"]] for layer in spec["layer"]]


def test_race_frame_has_every_checkpoint_of_every_model(raced):
    frame = lv.race_frame(raced, NAMES)
    assert len(frame) == 2 * len(MODELS)
    for kind, lane in raced.lanes.items():
        rows = frame[frame["model"] == NAMES[kind]]
        assert list(rows["sequences"]) == [320, 640]
        assert list(rows["test_score"]) == [c.test_score for c in lane.history]


def test_loss_chart_draws_the_chance_line_at_the_tasks_chance_loss(raced):
    spec = lv.loss_chart(lv.race_frame(raced, NAMES), labels(), list(MODELS), 1 / 24).to_dict()
    data = layer_data(spec)
    assert len(data[0]) == 2 * len(MODELS) and data[1] == [{"value": 1 / 24, "text": "learned nothing (0.0417)"}]
    assert spec["layer"][0]["encoding"]["y"]["scale"]["type"] == "log"
    colors = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colors["domain"] == [NAMES[k] for k in MODELS]
    assert colors["range"] == [lv.MODEL_COLORS[k] for k in MODELS]


def test_a_non_finite_loss_leaves_a_gap_instead_of_breaking_the_log_scale(raced):
    raced.lanes["rnn"].history[-1] = Checkpoint(640, np.nan, np.nan, 0.0)
    spec = lv.loss_chart(lv.race_frame(raced, NAMES), labels(), list(MODELS), 1 / 24).to_dict()
    assert len(layer_data(spec)[0]) == 2 * len(MODELS) - 1


def test_score_chart_has_the_solved_line_and_the_chance_score_only_when_above_zero(raced):
    frame = lv.race_frame(raced, NAMES)
    adding = lv.score_chart(frame, labels(), list(MODELS), 0.1536, 0.99).to_dict()
    # after the lines: a rule and its label for each level
    assert [d[0]["value"] for d in layer_data(adding)[1:]] == [0.99, 0.99, 0.1536, 0.1536]
    order = lv.score_chart(frame, labels(), list(MODELS), 0.0, 0.99).to_dict()
    assert len(order["layer"]) == 3


def test_a_model_without_a_colour_gets_one_not_used_by_the_others():
    assert lv.model_color("lstm", 0) == lv.MODEL_COLORS["lstm"]
    assert lv.model_color("cifg", 3) not in (lv.MODEL_COLORS["rnn"], lv.MODEL_COLORS["lstm"])


@pytest.mark.parametrize("status, level", [("solved", "success"), ("diverged", "error"),
                                           ("stalled", "error"), ("unsolved", "warning")])
def test_every_status_has_its_own_verdict(raced, status, level):
    lane = raced.lanes["lstm"]
    if status == "solved":
        lane.solved_after = 320
    elif status == "diverged":
        lane.diverged_after = 384
    else:
        loss = (0.95 if status == "stalled" else 0.5) * raced.task.chance.loss
        lane.history[-1] = Checkpoint(640, 0.1, loss, 0.2)
    assert raced.status("lstm") == status
    got_level, text = lv.verdict(raced, "lstm", False, "LSTM", tr)
    assert got_level == level and "**LSTM**" in text
    expected = {"solved": "solved after **320**", "diverged": "diverged after 384",
                "stalled": "stayed on the chance line", "unsolved": "more sequences may solve it"}[status]
    assert expected in text


def test_a_race_under_way_says_whether_a_model_is_still_on_the_chance_line():
    trainer = RaceTrainer(AddingProblem(10), SMALL)
    trainer.step()
    level, text = lv.verdict(trainer, "rnn", True, "plain RNN", tr)
    assert level == "info" and "still on the chance line" in text and "(0 sequences)" in text
    trainer.lanes["rnn"].history.append(Checkpoint(64, 0.01, 0.001, 0.5))
    assert "(64 sequences) — below the chance line: it is learning" in lv.verdict(trainer, "rnn", True, "plain RNN", tr)[1]
    assert lv.verdict(trainer, "rnn", False, "plain RNN", tr)[1].startswith("⏸")


@pytest.mark.parametrize("name", ["adding", "temporal_order"])
def test_paper_rows_put_the_papers_setting_beside_ours(raced, name):
    trainer = raced if name == "adding" else RaceTrainer(TemporalOrder(20), SMALL)
    rows = lv.paper_rows(name, PAPER[name], trainer, tr)
    what = [r[0] for r in rows]
    assert what == [tr(f"long_memory.row.{k}") for k in ("lag", "lstm", "rnn", "criterion", "training", "size")]
    lag, lstm = rows[0], rows[1]
    if name == "adding":
        assert lag[2] == "T = 10 (carried ≥ 5 steps)" and "74,000" in lstm[1]
        assert "learning rate 0.5" in rows[4][1] and "93 weights" in rows[5][1]
    else:
        assert lag[2] == "L = 20 (carried ≥ 15 steps)" and "31,390" in lstm[1]
    assert "Adam (learning rate 0.003)" in rows[4][2]
    n = {k: lane.model.n_weights for k, lane in trainer.lanes.items()}
    assert rows[5][2] == f"H = 4: LSTM {n['lstm']} weights, plain RNN {n['rnn']}"


def test_inside_caption_names_the_marked_steps_and_the_answer(raced):
    look = inside(raced.lanes["lstm"].model, raced.task, raced.test, 0)
    text = lv.inside_caption(look, "mse", tr)
    steps = ", ".join(str(s) for s in look.memory)
    assert text.startswith(f"The answer needs the input at step {steps}; scored at step {len(look.x) - 1}.")
    assert f"Target {look.target[-1, 0]:.3f}, output {look.output[-1, 0]:.3f}" in text


def sweep_labels():
    return {"title": "t", "subtitle": "s", "x": "lag", "y": "seq", "series": "model", "budget": "budget",
            "limit": "RNN limit", "names": {k: k.upper() for k in MODELS}}


def test_the_sweep_chart_puts_solved_lags_on_lines_unsolved_on_the_budget_and_the_rnn_limit_as_a_rule():
    from lstm_core.long_memory.ablation import Row

    def row(kind, solved, n):
        return Row(1, kind, "solved" if solved else "stalled", n, 1.0 if solved else 0.1, 0.01, 0.0)

    table = {10: {"rnn": row("rnn", True, 6_400), "gru": row("gru", True, 3_200), "lstm": row("lstm", True, 3_200)},
             20: {"rnn": row("rnn", True, 25_600), "gru": row("gru", True, 9_600), "lstm": row("lstm", True, 6_400)},
             50: {"rnn": row("rnn", False, 30_016), "gru": row("gru", False, 30_016), "lstm": row("lstm", True, 28_800)}}
    spec = lv.sweep_chart(table, sweep_labels(), list(MODELS), 30_000).to_dict()
    datasets = list(spec["datasets"].values())
    points = {(d["lag"], d["model"]): (d["sequences"], d["solved"]) for data in datasets for d in data
              if "model" in d}
    assert points[(50, "RNN")] == (30_000, False) and points[(50, "LSTM")] == (28_800, True)
    assert points[(20, "RNN")] == (25_600, True)
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks.count("rule") == 2                            # the budget line and the RNN's limit
    limit = [d for data in datasets for d in data if d.get("text") == "RNN limit"]
    assert limit == [{"lag": 20, "text": "RNN limit"}]         # the longest lag the RNN solved
    table[10]["rnn"] = table[20]["rnn"] = row("rnn", False, 30_016)   # the RNN solved nothing: no limit
    spec = lv.sweep_chart(table, sweep_labels(), list(MODELS), 30_000).to_dict()
    assert [d for data in spec["datasets"].values() for d in data if d.get("text") == "RNN limit"] == []
