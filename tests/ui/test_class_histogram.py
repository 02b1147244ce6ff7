"""The answers' histogram of a live class (ui/class_histogram.py)."""
import pandas as pd

from ui import charts
from ui.class_histogram import MAX_BINS, histogram


def data(spec: dict, layer: int = 0) -> pd.DataFrame:
    name = (spec["layer"][layer].get("data") or spec["data"])["name"]   # one layer: Altair lifts its data
    return pd.DataFrame(spec["datasets"][name])


def test_choice_counts_every_choice_and_marks_answer_only_after_reveal():
    before = histogram([1, 1, 0, 1], "choice", ["near 0", "near 1", "half"]).to_dict()
    d = data(before)
    assert d["choice"].tolist() == ["near 0", "near 1", "half"]
    assert d["count"].tolist() == [1, 3, 0]
    assert not d["right"].any()
    after = data(histogram([1, 1, 0, 1], "choice", ["near 0", "near 1", "half"], answer=1).to_dict())
    assert after["right"].tolist() == [False, True, False]
    assert before["config"]["axis"]["labelFontSize"] == charts.FONT_SIZE      # the app's theme


def test_number_bins_hold_every_answer_and_rule_marks_answer():
    values = [0.1, 0.2, 0.25, 0.7, 0.71, 0.9]
    spec = histogram(values, "number", [], answer=0.73).to_dict()
    bins = data(spec)
    assert bins["count"].sum() == len(values) and len(bins) <= MAX_BINS
    assert bins["from"].min() <= min(values) and bins["to"].max() >= max(values)
    assert len(spec["layer"]) == 2 and data(spec, 1)["from"].tolist() == [0.73]


def test_no_answers_and_identical_answers_draw():
    assert data(histogram([], "number", []).to_dict())["count"].sum() == 0
    same = data(histogram([0.5] * 4, "number", []).to_dict())
    assert same["count"].sum() == 4
    assert data(histogram([], "choice", ["a", "b"]).to_dict())["count"].tolist() == [0, 0]
