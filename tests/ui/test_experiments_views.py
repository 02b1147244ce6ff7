"""Chart builders and words of the tutorial experiments page."""
import re

import numpy as np

from lstm_core.experiments import make_experiment
from ui import experiments_views as ev
from ui.i18n import TABLE, translate

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
    assert "1949-01" < min(times) and max(times) < "1961"                  # months as dates
    x = spec["layer"][0]["encoding"]["x"]
    assert x["type"] == "temporal" and x["axis"]["format"] == "%Y"           # 1950, not 1,950.0


def test_predictions_are_dashed_and_drawn_over_the_truth():
    for key, truth in (("sincos", "cos"), ("xsinx", "actual"), ("classify", "label")):
        spec = ev.result_chart(key, make_experiment(key).curves(), LABELS).to_dict()
        lines = [layer for layer in spec["layer"] if layer["mark"]["type"] == "line"]
        top = lines[-1]["transform"][0]["filter"]["oneOf"]
        assert ("probability" if key == "classify" else "predicted") in top and truth not in top, key


def test_classification_steps_are_whole_numbers():
    spec = ev.result_chart("classify", make_experiment("classify").curves(), LABELS).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["axis"]["format"] == "d"


def test_accuracy_bars_have_one_bar_per_model_and_step_with_tooltips():
    chart = ev.accuracy_bars({"a": np.full(10, 0.9), "b": np.linspace(0.8, 1, 10)}, "t", "x", "y")
    spec = chart.to_dict()
    rows = next(iter(spec["datasets"].values()))
    bars = spec["layer"][0]
    assert len(rows) == 20 and bars["encoding"]["tooltip"]
    # the axis starts below the lowest bar: bars are clipped to the plot, not drawn past it
    assert bars["encoding"]["y"]["scale"]["domain"] == [0.75, 1.0] and bars["mark"]["clip"] is True
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}      # title and labels inside
    assert bars["encoding"]["color"]["legend"]["orient"] == "top"            # not over the axis


def test_seed_only_ever_means_a_random_seed():
    """The source tutorials are "the NumPy tutorial", "the Keras tutorial" ... (教程), never
    "seed 000" or "种子 001": in Chinese that reads as a random seed."""
    for key, texts in TABLE.items():
        assert not re.search(r"(?<!随机)种子", texts["zh"]), key
        assert not re.search(r"(?i)\bseeds? ?0\d\d|seed's|seeds'|the seeds?\b", texts["en"]), key
    assert translate("common.nav.experiments", "en") == "Tutorial experiments"
    assert translate("common.nav.experiments", "zh") == "教程里的实验"
    names = {key: translate(f"experiments.name.{key}", "en") for key in
             ("trend", "xsinx", "classify", "bidir", "sincos", "stacked")}
    assert "Keras tutorial" in names["trend"] and "PyTorch tutorial" in names["stacked"]
    assert all("Keras examples" in names[k] for k in ("xsinx", "classify", "bidir"))
    assert "PyTorch sin→cos tutorial" in names["sincos"]
