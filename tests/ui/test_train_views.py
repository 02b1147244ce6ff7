"""Helpers of the training page (ui/train_views.py): data sets, charts, templates, files."""
import io
import json

import altair as alt
import numpy as np
import pandas as pd
import pytest

from lstm_core import TrainConfig, Trainer, load_passengers
from ui import train_views as tv


@pytest.fixture(scope="module")
def run():
    trainer = Trainer(TrainConfig(epochs=12, hidden_size=4, look_back=6))
    trainer.run()
    return trainer


@pytest.fixture(scope="module")
def passengers():
    frame = load_passengers()
    return frame["month"].to_numpy(), frame["passengers"].to_numpy(dtype=float)


LOSS = {"title": "Loss", "subtitle": "log", "x": "epoch", "y": "MSE", "train": "train", "test": "test",
        "series": "loss"}
GRADS = {"title": "Gradients", "subtitle": "s", "x": "epoch", "y": "norm", "series": "gradient",
         "clip": "clip", **{k: f"name {k}" for k in tv.GRAD_KEYS}}
FORECAST = {"title": "Forecast", "subtitle": "s", "x": "month", "y": "passengers", "actual": "actual",
            "train": "predicted (train)", "test": "predicted (test)", "series": "line",
            "train_part": "train", "test_part": "test"}
NAMES = {"actual": "actual", "train": "predicted (train)", "test": "predicted (test)"}


def named_data(spec) -> set[str]:
    """Every data-set name a Vega-Lite spec refers to."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("data"), dict) and "name" in node["data"]:
                found.add(node["data"]["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def tooltips(spec) -> list:
    return [layer["encoding"].get("tooltip") for layer in spec["layer"] if "encoding" in layer]


# ---- data sets -------------------------------------------------------------------------------


@pytest.mark.parametrize("n, cap", [(0, 5), (3, 5), (5, 5), (1000, 300), (5001, 300)])
def test_thin_keeps_at_most_cap_points_first_and_last_included(n, cap):
    idx = tv.thin(n, cap)
    assert len(idx) == min(n, cap) and np.all(np.diff(idx) > 0)
    if n:
        assert idx[0] == 0 and idx[-1] == n - 1


def test_history_arrays_are_the_reports_numbers(run):
    h = tv.history_arrays(run.history)
    np.testing.assert_array_equal(h["epoch"], np.arange(1, 13))
    np.testing.assert_array_equal(h["train_loss"], [r.train_loss for r in run.history])
    np.testing.assert_array_equal(h["test_loss"], [r.test_loss for r in run.history])
    for k in tv.GRAD_KEYS:
        np.testing.assert_array_equal(h[f"grad_{k}"], [r.grad_norms[k] for r in run.history])


def test_loss_frames_drop_what_a_log_scale_cannot_draw():
    frames = tv.loss_frames([1, 2, 3, 4], [0.5, np.nan, 0.0, np.inf], [0.4, 0.3, 0.2, 0.1],
                            {"train": "tr", "test": "te"}, marker=2)
    loss = frames["loss"]
    assert loss[loss.series == "tr"].epoch.tolist() == [1]
    assert loss[loss.series == "te"].value.tolist() == [0.4, 0.3, 0.2, 0.1]
    assert frames["marker"].epoch.tolist() == [2]
    assert tv.loss_frames([1], [1.0], [1.0], {"train": "a", "test": "b"})["marker"].empty


def test_grad_frames_carry_the_clip_threshold_or_none(run):
    h = tv.history_arrays(run.history)
    norms = {k: h[f"grad_{k}"] for k in tv.GRAD_KEYS}
    on = tv.grad_frames(h["epoch"], norms, {k: k for k in tv.GRAD_KEYS}, 1.0)
    assert on["clip"].value.tolist() == [1.0] and set(on["grads"].series) == set(tv.GRAD_KEYS)
    assert tv.grad_frames(h["epoch"], norms, {k: k for k in tv.GRAD_KEYS}, None)["clip"].empty


def test_forecast_frames_put_each_prediction_on_its_month(run, passengers):
    months, actual = passengers
    evaluation = run.evaluate()
    frames = tv.forecast_frames(months, actual, evaluation, n_train=run.data.n_train, names=NAMES)
    series = frames["series"]
    assert len(series[series.series == "actual"]) == 144
    test = series[series.series == "predicted (test)"]
    assert list(test.month) == list(pd.to_datetime(months[run.data.t_test]))
    np.testing.assert_allclose(test.value, evaluation.pred_test)
    train = series[series.series == "predicted (train)"]
    np.testing.assert_allclose(train.value, evaluation.pred_train)
    assert frames["split"].start[0] == pd.Timestamp("1957-01-01")       # month 96 of 144
    only_data = tv.forecast_frames(months, actual, None, n_train=96, names=NAMES)["series"]
    assert set(only_data.series) == {"actual"}


# ---- charts ------------------------------------------------------------------------------------


def test_charts_validate_and_carry_tooltips(run, passengers):
    h = tv.history_arrays(run.history)
    months, actual = passengers
    charts = [
        tv.loss_chart(tv.loss_frames(h["epoch"], h["train_loss"], h["test_loss"], LOSS, marker=5), LOSS),
        tv.grad_chart(tv.grad_frames(h["epoch"], {k: h[f"grad_{k}"] for k in tv.GRAD_KEYS},
                                     GRADS, 1.0), GRADS),
        tv.forecast_chart(tv.forecast_frames(months, actual, run.evaluate(), n_train=96, names=NAMES),
                          FORECAST),
    ]
    for chart in charts:
        spec = chart.to_dict()                      # validates against the Vega-Lite schema
        assert spec["config"]["title"]["fontSize"] >= 18                 # the app's theme (tests/ui/test_charts.py)
        lines = [layer for layer in spec["layer"] if layer["mark"]["type"] == "line"]
        assert len(lines) == 1 and lines[0]["encoding"]["tooltip"]
        assert lines[0]["mark"]["point"]["opacity"] == 0     # hoverable points: a tooltip per value


def test_log_scales_on_loss_and_gradients():
    for chart in (tv.loss_chart(None, LOSS), tv.grad_chart(None, GRADS)):
        line = next(layer for layer in chart.to_dict()["layer"] if layer["mark"]["type"] == "line")
        assert line["encoding"]["y"]["scale"]["type"] == "log"


def test_live_charts_have_no_hover_points():
    for chart in (tv.loss_chart(None, LOSS, hover=False), tv.grad_chart(None, GRADS, hover=False),
                  tv.forecast_chart(None, FORECAST, hover=False)):
        line = next(layer for layer in chart.to_dict()["layer"] if layer["mark"]["type"] == "line")
        assert line["mark"].get("point") in (None, False)


def test_forecast_colours_train_and_test_predictions_apart():
    spec = tv.forecast_chart(None, FORECAST).to_dict()
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    scale = line["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"]))
    assert len(set(colours.values())) == 3
    assert colours["predicted (train)"] == tv.TRAIN_COLOR and colours["predicted (test)"] == tv.TEST_COLOR
    assert any(layer["mark"]["type"] == "rule" for layer in spec["layer"])   # the split


def test_template_names_exactly_the_data_sets_its_frames_function_makes(run, passengers):
    h = tv.history_arrays(run.history)
    months, actual = passengers
    cases = [
        (tv.loss_chart(None, LOSS), tv.loss_frames(h["epoch"], h["train_loss"], h["test_loss"], LOSS)),
        (tv.grad_chart(None, GRADS), tv.grad_frames(h["epoch"], {k: h[f"grad_{k}"] for k in tv.GRAD_KEYS},
                                                    GRADS, None)),
        (tv.forecast_chart(None, FORECAST), tv.forecast_frames(months, actual, run.evaluate(),
                                                               n_train=96, names=NAMES)),
    ]
    for chart, frames in cases:
        spec = tv.template(chart)
        assert named_data(spec) == set(frames)
        assert "continuousWidth" not in json.dumps(spec)
        filled = tv.filled(spec, frames)
        assert filled["datasets"] == frames and "datasets" not in spec      # the template is not touched


def test_filled_template_leaves_out_the_layers_with_nothing_to_draw(run):
    """No marked epoch, no clipping: no rule layer on an empty data set (Vega: "Infinite extent")."""
    h = tv.history_arrays(run.history)
    norms = {k: h[f"grad_{k}"] for k in tv.GRAD_KEYS}
    spec = tv.template(tv.grad_chart(None, GRADS))
    assert len(spec["layer"]) == 3                                   # lines, clip, marker
    bare = tv.filled(spec, tv.grad_frames(h["epoch"], norms, GRADS, None))
    assert [layer["data"]["name"] for layer in bare["layer"]] == ["grads"]
    marked = tv.filled(spec, tv.grad_frames(h["epoch"], norms, GRADS, 1.0, marker=4))
    assert [layer["data"]["name"] for layer in marked["layer"]] == ["grads", "clip", "marker"]
    assert len(spec["layer"]) == 3                                   # the template is not touched
    direct = tv.loss_chart(tv.loss_frames(h["epoch"], h["train_loss"], h["test_loss"], LOSS), LOSS).to_dict()
    assert [layer["mark"]["type"] for layer in direct["layer"]] == ["line"]


def test_gradient_colour_and_dash_share_one_legend():
    """Two legends on one field with different settings: Vega warns "Conflicting legend property"."""
    line = tv.grad_chart(None, GRADS).to_dict()["layer"][0]["encoding"]
    assert line["strokeDash"]["legend"] == line["color"]["legend"]
    forecast = tv.forecast_chart(None, FORECAST).to_dict()
    line = next(layer for layer in forecast["layer"] if layer["mark"]["type"] == "line")["encoding"]
    assert line["strokeDash"]["legend"] == line["color"]["legend"]


def test_filled_template_equals_the_chart_built_on_the_frames(run):
    """A template filled with data sets draws what the chart built on those frames draws."""
    h = tv.history_arrays(run.history)
    frames = tv.loss_frames(h["epoch"], h["train_loss"], h["test_loss"], LOSS, marker=3)
    direct = tv.loss_chart(frames, LOSS).to_dict()
    from_template = tv.filled(tv.template(tv.loss_chart(None, LOSS)), frames)
    # same marks and encodings layer by layer; only where the data lives differs
    for a, b in zip(direct["layer"], from_template["layer"]):
        assert a["mark"] == b["mark"] and a["encoding"] == b["encoding"]
    values = next(iter(v for k, v in direct["datasets"].items() if len(v) == len(frames["loss"])))
    assert [row["value"] for row in values] == frames["loss"].value.tolist()


# ---- files (the weights file is lstm_core.checkpoint, tests/core/test_checkpoint.py) ------


def test_forecast_csv_has_every_month_and_the_predictions(run, passengers):
    months, actual = passengers
    evaluation = run.evaluate()
    frame = pd.read_csv(io.StringIO(tv.forecast_csv(months, actual, evaluation, run.data.n_train)))
    assert list(frame.columns) == ["month", "actual", "predicted", "part"] and len(frame) == 144
    assert frame.month[0] == "1949-01" and frame.part[95] == "train" and frame.part[96] == "test"
    np.testing.assert_allclose(frame.predicted[run.data.t_test], evaluation.pred_test, atol=1e-4)
    assert frame.predicted[: run.data.t_train[0]].isna().all()        # no window yet
