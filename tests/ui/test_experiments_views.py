"""Chart builders of the experiments page."""
import numpy as np

from lstm_core.experiments import make_experiment
from ui import experiments_views as ev

LABELS = {k: k for k in ("target", "predicted", "actual", "sin", "cos", "running_sum", "threshold",
                         "label", "probability", "title", "x", "y")}


def test_split_index_finds_the_first_test_entry():
    assert ev.split_index(np.array(["train", "train", "test", "test"])) == 2
    assert ev.split_index(np.array(["train"])) is None


def test_result_chart_marks_the_split_and_carries_the_predictions():
    e = make_experiment("sincos")
    spec = ev.result_chart("sincos", e.curves(), LABELS).to_dict()
    data = next(iter(spec["datasets"].values()))
    assert {row["series"] for row in data} == {"sin", "cos", "predicted"}
    assert len(data) == 3 * 200
    assert any(layer["mark"]["type"] == "rule" for layer in spec["layer"])     # the split


def test_stacked_result_uses_years_on_the_x_axis():
    e = make_experiment("stacked")
    spec = ev.result_chart("stacked", e.curves(), LABELS).to_dict()
    times = [row["time"] for row in next(iter(spec["datasets"].values()))]
    assert 1949 < min(times) and max(times) < 1961


def test_accuracy_bars_have_one_bar_per_model_and_step_with_tooltips():
    chart = ev.accuracy_bars({"a": np.full(10, 0.9), "b": np.linspace(0.8, 1, 10)}, "t", "x", "y")
    spec = chart.to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 20 and spec["encoding"]["tooltip"]
