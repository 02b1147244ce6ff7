"""The numbers the shipped lessons quote are the numbers the app computes for the steps'
settings: a lesson that says "f = 0.66" must not drift from the engine."""
from dataclasses import replace

import numpy as np
import pytest

from lstm_core import TrainConfig, Trainer, sequences
from lstm_core import gradient_flow as gf
from lstm_core import truncated
from ui import cell_views as cv
from ui import lessons

SHIPPED = lessons.shipped_lessons()


def cell_run(settings: dict) -> cv.CellRun:
    """The cell page's run for a step's settings (the inputs and weights the lessons use)."""
    s = settings
    if s["input"] == "sine":
        x = sequences.sine(int(s["sine_len"]), int(s["period"]))
    elif s["input"] == "step":
        x = sequences.step(int(s["step_len"]), int(s["step_at"]))
    else:
        x = sequences.random_uniform(int(s["random_len"]), int(s["input_seed"]))
    weights = ("random", int(s["hidden"]), int(s["seed"]), float(s["forget_bias"])) if s["weights"] == "random" \
        else (s["weights"],)
    return cv.run_cell(*cv.cell_and_input(weights, x))


def answer(step: lessons.Step) -> float:
    q = step.question
    return q.answer if q.kind == "number" else q.choices[q.answer]["en"]


def test_the_four_steps_lesson_quotes_the_cell_pages_numbers():
    steps = SHIPPED["four_steps"].steps
    run = cell_run(steps[1].settings)                       # f at t = 22, unit 0: above 0.5
    assert run.f[22, 0] > 0.5 and answer(steps[1]).startswith("Yes") and f"{run.f[22, 0]:.2f}" == "0.66"
    run = cell_run(steps[2].settings)                       # unit 3 at t = 22: c and h
    assert [round(v, 3) for v in (run.c_prev[22, 3], run.f[22, 3], run.i[22, 3], run.a[22, 3])] == \
        [0.329, 0.727, 0.552, 0.338]
    assert steps[2].question.is_right(run.c[22, 3]) and steps[3].question.is_right(run.h[22, 3])
    run = cell_run(steps[4].settings)                       # forgets: c = tanh(x)
    assert run.c[22, 0] == pytest.approx(np.tanh(run.x[22, 0])) and round(run.c[22, 0], 2) == -0.70
    run = cell_run(steps[5].settings)                       # remembers x(0) = 0.637
    assert round(run.x[0, 0], 3) == 0.637 and steps[5].question.is_right(run.c[9, 0])
    run = cell_run(steps[7].settings)                       # counter, unit 1 at t = 20
    assert steps[7].question.is_right(run.c[20, 1]) and round(run.c[23, 0], 1) == 2.4
    assert round(run.h[23, 0], 2) == 0.98
    run = cell_run(steps[9].settings)                       # b_f = 3: mean f
    assert steps[9].question.is_right(run.f.mean())


def test_the_why_gates_lesson_quotes_the_gates_pages_numbers():
    steps = SHIPPED["why_gates"].steps

    def flow(settings):
        x = sequences.sine(int(settings["length"])) if settings["input"] == "sine" else \
            sequences.step(int(settings["length"]), at=int(settings["step_at"]) - 1)
        return gf.gradient_flow(x, int(settings["hidden"]), int(settings["seed"]), float(settings["rho"]),
                                float(settings["forget_bias"]))

    res = flow(steps[0].settings)
    assert 1e-6 < res.ratio("rnn") < 1e-5 and "10⁻⁶" in answer(steps[0])
    assert 0.1 < res.ratio("lstm") < 1 and round(res.ratio("lstm"), 2) == 0.66
    assert steps[2].question.is_right(float(res["lstm"].keep_product_mean[0]))
    assert flow(steps[3].settings).ratio("lstm") < 1e-19
    assert round(flow(steps[4].settings).ratio("lstm"), 1) == 5.2
    res = flow(steps[5].settings)
    assert res.ratio("rnn") > 1e23 and round(res.ratio("lstm"), 2) == 0.35
    cosine = truncated.full_vs_truncated(sequences.sine(100), 16, 0, 3.0, "last").cosine["all"]
    assert round(cosine, 3) == 0.075


@pytest.mark.parametrize("prep, test_rmse", [("log_d1_12", 14.3), ("raw", 89.0)])
def test_the_training_lesson_quotes_the_training_pages_numbers(prep, test_rmse):
    from ui.train_settings import PREPROCESSING
    log, lags = PREPROCESSING[prep]
    trainer = Trainer(replace(TrainConfig(), log=log, lags=lags))
    trainer.run()
    assert round(trainer.evaluate().test_rmse, 1) == test_rmse
    assert {k: round(v, 1) for k, v in trainer.baselines.items()} == {"seasonal_naive": 41.9, "persistence": 48.0}
