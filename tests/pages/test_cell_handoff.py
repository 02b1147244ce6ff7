"""The long-memory page's "open in the cell page" button (ui/cell_handoff.py) in AppTest: the
cell page opens with the race's LSTM (H units), the chosen test sequence (T steps of D
inputs) and exactly the numbers those weights compute; the input and the weights go together."""
import numpy as np
import pytest

from lstm_core import forward
from lstm_core.long_memory.trainer import TASK_SETTINGS
from tests.helpers import chart_data, chart_spec, run_app
from ui import cell_handoff
from ui import live as live_module
from ui.i18n import translate

LONG = "pages/5_Long_memory.py"
CELL = "pages/1_Cell.py"
SHORT = 10_000


@pytest.fixture
def one_cycle(monkeypatch):
    """A whole (short) race fits in one cycle, so one at.run() finishes it."""
    monkeypatch.setattr(live_module, "TICK_SECONDS", 300.0)


def trained_race(task: str = "adding", lang: str | None = None, **settings):
    at = run_app(LONG, lang=lang, timeout=60)
    if task != "adding":
        at.radio(key="long_memory.task").set_value(task).run(timeout=60)
    for name, value in {"budget": SHORT, **settings}.items():
        at.session_state[f"long_memory.{task}.{name}"] = value
    at.button(key=f"long_memory.{task}.start").click().run(timeout=300)
    assert not at.exception, at.exception
    return at, at.session_state[f"long_memory.{task}.live"].trainer


def chart_titled(at, title: str) -> int:
    for k in range(len(at.get("vega_lite_chart"))):
        if chart_spec(at, k).get("title", {}).get("text") == title:
            return k
    raise AssertionError(f"no chart titled {title!r}")


def heat(at, q: str, lang: str = "en") -> np.ndarray:
    """The values of the cell page's heatmap of ``q`` as (T, rows)."""
    frame = chart_data(at, chart_titled(at, translate(f"cell.q.{q}", lang)), 0)
    return frame.pivot(index="time", columns="unit", values="value").to_numpy()


@pytest.mark.parametrize("task, hidden, sample", [("adding", 5, 3), ("temporal_order", 6, 2)])
def test_the_button_opens_the_trained_lstm_on_that_test_sequence_in_the_cell_page(one_cycle, task, hidden,
                                                                                 sample):
    lag = TASK_SETTINGS[task].lag[0]
    at, trainer = trained_race(task, hidden=hidden, lag=lag)
    at.number_input(key="long_memory.sample").set_value(sample).run(timeout=60)
    lstm = trainer.lanes["lstm"].model.cell
    n = int(trainer.test.lengths[sample - 1])
    x = trainer.test.X[:n, sample - 1]                          # (T, D)
    at.button(key="long_memory.open_cell").click().run(timeout=60)
    assert not at.exception, at.exception
    assert at.title[0].value.endswith(translate("cell.title", "en"))
    assert "cell_request" not in at.session_state
    assert at.radio(key="cell.input").value == "long_memory"
    assert at.radio(key="cell.weights").value == "long_memory"
    T, D, H = x.shape[0], x.shape[1], hidden
    assert D == trainer.task.input_size > 1
    assert at.slider(key="cell.t").max == T - 1                 # T steps
    assert list(at.selectbox(key="cell.unit").options) == [
        translate("cell.unit_name", "en", j=j) for j in range(H)]   # H units
    np.testing.assert_array_equal(heat(at, "x_vector"), x)      # D inputs, the sequence itself
    trace = forward(lstm, x)                                    # the race's weights, nothing else
    for q in ("f", "i", "a", "o", "c", "h"):
        np.testing.assert_allclose(heat(at, q), getattr(trace, q), rtol=1e-12, atol=1e-12)
    first_needed = int(trainer.task.memory_steps(x)[0])
    assert at.slider(key="cell.t").value == first_needed         # opens where the answer is read in


def test_the_handoff_is_a_copy_that_further_training_does_not_change(one_cycle):
    at, trainer = trained_race()
    at.button(key="long_memory.open_cell").click().run(timeout=60)
    handed = at.session_state[cell_handoff.KEY]["params"]
    lane = trainer.lanes["lstm"].model.cell
    np.testing.assert_array_equal(handed.W_f, lane.W_f)
    lane.W_f += 1.0                                             # the race trains on
    assert not np.allclose(handed.W_f, lane.W_f)


def test_choosing_another_input_also_leaves_the_handed_weights_and_back(one_cycle):
    at, _ = trained_race()
    at.button(key="long_memory.open_cell").click().run(timeout=60)
    at.switch_page(CELL).run()          # AppTest reruns the page it was told, not where the app went
    assert at.radio(key="cell.input").value == at.radio(key="cell.weights").value == "long_memory"
    at.radio(key="cell.input").set_value("sine").run()
    assert not at.exception, at.exception                      # x of D = 1 never meets D = 2 weights
    assert at.radio(key="cell.weights").value == "random"
    at.radio(key="cell.weights").set_value("long_memory").run()
    assert not at.exception, at.exception
    assert at.radio(key="cell.input").value == "long_memory"
    at.radio(key="cell.weights").set_value("random").run()
    assert not at.exception and at.radio(key="cell.input").value == "sine"


def test_only_the_lstm_opens_in_the_cell_page(one_cycle):
    at, _ = trained_race()
    assert not at.button(key="long_memory.open_cell").disabled
    at.radio(key="long_memory.inside_model.race").set_value("gru").run(timeout=60)
    button = at.button(key="long_memory.open_cell")
    assert button.disabled and button.help == translate("long_memory.open_cell_lstm_only", "en")


def test_the_handoff_speaks_chinese(one_cycle):
    at, trainer = trained_race(lang="zh")
    assert at.button(key="long_memory.open_cell").label == translate("long_memory.open_cell", "zh", sample=1)
    at.button(key="long_memory.open_cell").click().run(timeout=60)
    assert not at.exception, at.exception
    assert at.radio(key="cell.weights").options[-1] == translate("cell.weights.long_memory", "zh")
    captions = " ".join(c.value for c in at.caption)
    assert f"H = {trainer.config.hidden_size}" in captions and "长时记忆比赛中的 LSTM" in captions
