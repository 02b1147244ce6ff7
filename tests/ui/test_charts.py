"""The shared chart theme and builders: valid specs, readable at projector distance, the right scales."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lstm_core import TrainConfig, Trainer, load_passengers
from lstm_core.experiments import make_experiment
from tests.helpers import chart_data, chart_spec
from ui import cell_views as cv
from ui import charts
from ui import experiments_views as ev
from ui import gates_views as gv
from ui import train_views as tv
from ui.charts import KIND, OKABE_ITO, exact, heatmap, lines

LABELS = {"x_label": "time step t", "y_label": "hidden unit"}


def layers(spec: dict, data: dict | None = None):
    """Every single-mark view of a (possibly nested) layered spec, with its
    inherited ``data`` copied in when Altair hoisted it to a parent."""
    data = spec.get("data", data)
    for layer in spec.get("layer", [spec]):
        if "layer" in layer:
            yield from layers(layer, data)
        else:
            yield {"data": data, **layer}


def rows(spec: dict, layer: dict) -> list[dict]:
    """The data rows a view draws."""
    return spec["datasets"][layer["data"]["name"]]


def color_scale(spec: dict) -> dict:
    return next(layer["encoding"]["color"]["scale"] for layer in layers(spec) if "color" in layer["encoding"])


@pytest.fixture
def gates():
    """(T=6, H=3) gate values in [0, 1], with a distinct value in every cell."""
    return np.arange(18, dtype=float).reshape(6, 3) / 17


# --- every chart of the app -------------------------------------------------------------


def every_chart() -> dict:
    """One chart of every builder the pages use, as Vega-Lite dicts (validated by Altair)."""
    trainer = Trainer(TrainConfig(epochs=6, hidden_size=3, look_back=6))
    trainer.run()
    h = tv.history_arrays(trainer.history)
    frame = load_passengers()
    months, actual = frame["month"].to_numpy(), frame["passengers"].to_numpy(dtype=float)
    loss = {"title": "Loss", "subtitle": "s", "x": "epoch", "y": "MSE", "train": "train", "test": "test",
            "series": "loss"}
    grads = {"title": "Gradients", "subtitle": "s", "x": "epoch", "y": "norm", "series": "g", "clip": "clip",
             **{k: k for k in tv.GRAD_KEYS}}
    forecast = {"title": "F", "subtitle": "s", "x": "month", "y": "passengers", "actual": "actual",
                "train": "p train", "test": "p test", "series": "line", "train_part": "train", "test_part": "test"}
    values = np.sin(np.arange(40.0)).reshape(20, 2)
    names = {k: k for k in ("target", "predicted", "actual", "sin", "cos", "running_sum", "threshold",
                            "label", "probability", "title", "x", "y")}
    built = {
        "heatmap gate": heatmap(values ** 2, "f", "gate", marked=3, **LABELS),
        "heatmap tanh": heatmap(values, "h", "tanh", **LABELS),
        "heatmap signed": heatmap(values * 3, "c", "signed", **LABELS),
        "heatmap magnitude": heatmap(values, "dL/dh", "magnitude", legend_title="log", **LABELS),
        "lines": lines({"a": values[:, 0], "b": values[:, 1]}, "lines", x_label="t", y_title="v", marked=2,
                       dashed=("b",)),
        "log lines": gv.log_lines({"a": np.array([1.0, 0.0, np.inf])}, "norm", x_label="t", y_title="y",
                                  inf_label="inf", zero_label="0"),
        "gradient pair": gv.gradient_pair(values[:2], values[2:4], ("full", "trunc"), x_label="c", y_label="u",
                                          column_labels=["h1", "h2"], value_label="dW")[0],
        "cosine": gv.cosine_chart({"W_f": 0.5, "all": 0.9}, "cos", x_label="cos", all_label="all"),
        "training": gv.training_chart(*(np.linspace(1, 0.1, 5),) * 4, "loss", x_label="epoch", y_title="MSE",
                                      names={k: k for k in ("full_train", "full_test", "trunc_train",
                                                            "trunc_test")}, baseline=0.3, baseline_label="0"),
        "train loss": tv.loss_chart(tv.loss_frames(h["epoch"], h["train_loss"], h["test_loss"], loss, marker=2),
                                    loss),
        "train grads": tv.grad_chart(tv.grad_frames(h["epoch"], {k: h[f"grad_{k}"] for k in tv.GRAD_KEYS},
                                                    grads, 1.0, marker=2), grads),
        "train forecast": tv.forecast_chart(tv.forecast_frames(months, actual, trainer.evaluate(), n_train=96,
                                                               names={"actual": "actual", "train": "p train",
                                                                      "test": "p test"}), forecast),
        "experiment stacked": ev.result_chart("stacked", make_experiment("stacked").curves(), names),
        "experiment classify": ev.result_chart("classify", make_experiment("classify").curves(), names),
        "accuracy bars": ev.accuracy_bars({"one": np.full(10, 0.9), "two": np.linspace(0.8, 1, 10)}, "acc",
                                          "step", "accuracy"),
    }
    specs = {name: chart.to_dict() for name, chart in built.items()}
    specs["unit lines"] = cv.unit_lines(values, [0, 1], "f", unit_label="unit {j}", x_label="t",
                                        value_label="f", marked=1, x=values[:, 0])
    return specs


@pytest.fixture(scope="module")
def specs():
    return every_chart()


def luminance(colour: str) -> float:
    """Relative luminance of "#rrggbb" (0 black, 1 white)."""
    r, g, b = (int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_every_chart_uses_the_one_theme(specs):
    for name, spec in specs.items():
        config = spec.get("config", {})
        for key, value in charts.THEME.items():
            assert config.get(key) == value, f"{name}: config.{key}"
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}, name


def test_the_theme_is_readable_from_the_back_of_the_room():
    theme = charts.THEME
    for part in ("axis", "legend"):
        assert theme[part]["labelFontSize"] >= 16 and theme[part]["titleFontSize"] >= 16
        assert luminance(theme[part]["labelColor"]) < 0.05 and luminance(theme[part]["titleColor"]) < 0.05
    assert theme["title"]["fontSize"] >= 18 and luminance(theme["title"]["color"]) < 0.05
    # y titles are written horizontally (a Chinese title turned sideways can't be read)
    assert theme["axisLeft"]["titleAngle"] == 0 and theme["axisRight"]["titleAngle"] == 0


def test_no_chart_overrides_the_theme_with_smaller_or_sideways_text(specs):
    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("labelFontSize", "titleFontSize", "fontSize"):
                    assert value >= 16, f"{where}: {key} = {value}"
                if key == "titleAngle":
                    assert value == 0, f"{where}: titleAngle = {value}"
                if key != "config":
                    walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for name, spec in specs.items():
        walk({k: v for k, v in spec.items() if k not in ("config", "datasets")}, name)


def test_every_mark_of_every_chart_has_a_tooltip(specs):
    for name, spec in specs.items():
        for layer in layers(spec):
            assert layer["encoding"].get("tooltip"), f"{name}: a {layer['mark']} without a tooltip"


def test_no_chart_draws_a_layer_on_an_empty_data_set(specs):
    """An empty data set on a shared scale makes Vega log "Infinite extent" in the browser."""
    for name, spec in specs.items():
        for layer in layers(spec):
            if layer.get("data") and "name" in layer["data"]:
                assert len(rows(spec, layer)) > 0, f"{name}: {layer['mark']} has no rows"


# --- the formatter ----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [(0.123456789, "0.123457"), (-2.0, "-2"), (1e-12, "1e-12"),
                                             (np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "-inf")])
def test_exact_gives_six_significant_digits_and_spells_out_non_finite_values(value, text):
    assert exact(value) == text


# --- heatmap ----------------------------------------------------------------------------


def test_heatmap_draws_units_as_rows_and_time_as_columns(gates):
    spec = heatmap(gates, "f", "gate", **LABELS).to_dict()
    cells = next(layers(spec))
    assert cells["encoding"]["x"]["field"] == "time" and cells["encoding"]["y"]["field"] == "unit"
    for row in rows(spec, cells):
        assert row["value"] == pytest.approx(gates[row["time"], row["unit"]])
    assert len(rows(spec, cells)) == gates.size


def test_each_quantity_of_the_cell_has_its_scale():
    assert KIND == {"f": "gate", "i": "gate", "o": "gate", "a": "tanh", "h": "tanh", "c": "signed",
                    "r": "gate", "z": "gate", "n": "tanh"}                  # a GRU's r, z, n


def test_gate_heatmap_uses_a_fixed_zero_to_one_sequential_scale(gates):
    scale = color_scale(heatmap(gates * 0.5, "f", "gate", **LABELS).to_dict())
    assert scale["domain"] == [0.0, 1.0]
    assert scale["scheme"] == "viridis"


def test_tanh_heatmap_keeps_minus_one_to_one_however_small_the_values():
    """ã = 0.1 must not look as strong as ã = 1."""
    scale = color_scale(heatmap(np.full((3, 2), 0.1), "a", "tanh", **LABELS).to_dict())
    assert scale["domain"] == [-1.0, 1.0] and scale["domainMid"] == 0.0
    assert scale["scheme"] == charts.DIVERGING_SCHEME


def test_signed_heatmap_uses_a_symmetric_diverging_scale_centred_at_zero():
    values = np.array([[-0.5, 2.0], [1.0, -3.0]])
    scale = color_scale(heatmap(values, "c", "signed", **LABELS).to_dict())
    assert scale["domain"] == [-3.0, 3.0]
    assert scale["domainMid"] == 0.0
    shared = color_scale(heatmap(values, "c", "signed", domain=(-5.0, 5.0), **LABELS).to_dict())
    assert shared["domain"] == [-5.0, 5.0]


@pytest.mark.parametrize("values", [np.zeros((3, 2)), np.full((3, 2), np.nan)])
def test_signed_heatmap_without_a_nonzero_finite_value_uses_unit_domain(values):
    assert color_scale(heatmap(values, "c", "signed", **LABELS).to_dict())["domain"] == [-1.0, 1.0]


def test_magnitude_heatmap_colours_by_log10_and_shares_a_domain():
    v = np.array([[1e-8, 0.0], [1e-2, 1.0]])
    spec = heatmap(v, "m", "magnitude", legend_title="log", domain=(-10.0, 2.0), **LABELS).to_dict()
    cells, missing = list(layers(spec))[:2]
    np.testing.assert_allclose([r["colour"] for r in rows(spec, cells)], [-8.0, -2.0, 0.0])
    assert [r["value"] for r in rows(spec, cells)] == [1e-8, 1e-2, 1.0]
    assert [r["shown"] for r in rows(spec, missing)] == ["0"]            # 0 has no log10
    assert color_scale(spec)["domain"] == [-10.0, 2.0]
    assert charts.magnitude_domain(v, np.array([[np.inf, 1e3]])) == (-8.0, 3.0)


def test_heatmap_shows_nan_and_inf_as_missing_cells_without_raising():
    values = np.array([[0.1, np.nan], [np.inf, -np.inf], [-2.0, 0.3]])
    spec = heatmap(values, "dL/dh", "signed", **LABELS).to_dict()
    cells, missing = list(layers(spec))[:2]
    assert {(r["time"], r["unit"]): r["shown"] for r in rows(spec, missing)} == {
        (0, 1): "NaN", (1, 0): "inf", (1, 1): "-inf"}
    assert all(np.isfinite(r["value"]) for r in rows(spec, cells))   # never an infinite number in the JSON
    assert color_scale(spec)["domain"] == [-2.0, 2.0]  # inf does not stretch the scale


def test_heatmap_tooltip_gives_the_exact_value_formatted_in_the_browser():
    spec = heatmap(np.array([[0.123456789]]), "f", "gate", **LABELS).to_dict()
    cells = next(layers(spec))
    assert rows(spec, cells)[0]["value"] == 0.123456789
    value_tip = cells["encoding"]["tooltip"][-1]
    assert value_tip == {"field": "value", "type": "quantitative", "title": "f", "format": charts.EXACT_FORMAT}


def test_heatmap_sets_its_height_and_a_legend_no_taller_than_the_plot(gates):
    spec = heatmap(gates, "f", "gate", **LABELS).to_dict()
    assert spec["height"] == 3 * 28  # ROW_HEIGHT per unit, H = 3
    assert next(layers(spec))["encoding"]["color"]["legend"]["gradientLength"] == 3 * 28


def test_heatmap_marks_timestep_t_with_an_outlined_column(gates):
    spec = heatmap(gates, "f", "gate", marked=4, x_values=np.arange(6) + 1, **LABELS).to_dict()
    outlines = [layer for layer in layers(spec) if layer["mark"].get("filled") is False]
    assert outlines and all(rows(spec, layer) == [{"time": 5}] for layer in outlines)


def test_heatmap_keeps_text_labels_in_their_order_and_shows_a_few_of_them():
    labels = [f"h{k + 1}" for k in range(30)] + ["x"]
    spec = heatmap(np.zeros((31, 2)), "g", "signed", x_values=labels, max_x_ticks=8, **LABELS).to_dict()
    x = next(layers(spec))["encoding"]["x"]
    assert x["sort"] == labels                       # not alphabetical: h10 after h9
    ticks = x["axis"]["values"]
    assert ticks[0] == "h1" and ticks[-1] == "x" and len(ticks) <= 9


def test_heatmap_of_a_long_sequence_shows_round_time_ticks():
    spec = cv.chart_spec(heatmap(np.zeros((500, 64)), "g", "gate", x_values=np.arange(1, 501), **LABELS))
    x, y = (next(layers(spec))["encoding"][k]["axis"]["values"] for k in ("x", "y"))
    assert x[:3] == [1, 50, 100] and len(x) <= 12
    assert len(y) <= 16 and all(v % 5 == 0 for v in y)


@pytest.mark.parametrize("t", [-1, 6])
def test_heatmap_rejects_a_timestep_outside_the_sequence(gates, t):
    with pytest.raises(ValueError, match=f"got {t}"):
        heatmap(gates, "f", "gate", marked=t, **LABELS)


@pytest.mark.parametrize(
    ("values", "kind", "message"),
    [(np.ones(5), "gate", r"\(T, H\)"), (np.ones((0, 3)), "gate", r"\(T, H\)"), (np.ones((2, 2)), "hot", "'hot'"),
     (np.ones((2, 2)), "", "kind must be"), (np.ones((2, 2)), "gates", "kind must be")],
)
def test_heatmap_rejects_bad_arguments(values, kind, message):
    with pytest.raises(ValueError, match=message):
        heatmap(values, "f", kind, **LABELS)


# --- lines ------------------------------------------------------------------------------


def test_lines_draws_each_series_in_its_own_colour_blind_safe_colour():
    spec = lines({"train": np.ones(5), "test": np.zeros(5)}, "loss", x_label="epoch", y_title="MSE").to_dict()
    line = next(layers(spec))
    assert line["encoding"]["color"]["scale"] == {"domain": ["train", "test"], "range": list(OKABE_ITO[:2])}
    data = rows(spec, line)
    assert [r["value"] for r in data if r["series"] == "test"] == [0.0] * 5


def test_lines_draws_a_dashed_prediction_on_top_of_its_target():
    spec = lines({"target": np.ones(4), "predicted": np.ones(4)}, "fit", x_label="x", y_title="y",
                 dashed=("predicted",)).to_dict()
    solid, dashed = [layer for layer in layers(spec) if layer["mark"]["type"] == "line"]
    assert solid["transform"][0]["filter"]["oneOf"] == ["target"]
    assert dashed["transform"][0]["filter"]["oneOf"] == ["predicted"]       # drawn last: on top
    dash = dashed["encoding"]["strokeDash"]
    assert dict(zip(dash["scale"]["domain"], dash["scale"]["range"])) == {"target": [1, 0],
                                                                          "predicted": charts.DASH}
    assert dash["legend"] == dashed["encoding"]["color"]["legend"]          # one legend, dashed there too


def test_lines_log_scale_leaves_gaps_for_values_it_cannot_draw():
    values = np.array([1.0, 0.0, -1.0, np.nan, np.inf, 0.01])
    spec = lines({"grad": values}, "norm", x_label="t", y_title="‖g‖", log_y=True).to_dict()
    line = next(layers(spec))
    assert line["encoding"]["y"]["scale"]["type"] == "log"
    assert [r["value"] for r in rows(spec, line)] == [1.0, None, None, None, None, 0.01]
    assert [r["shown"] for r in rows(spec, line)] == ["1", "0", "-1", "NaN", "inf", "0.01"]


def test_lines_marks_timestep_t_with_a_rule():
    spec = lines({"h": np.arange(4.0)}, "h", x_label="t", y_title="h", marked=3).to_dict()
    rule = next(layer for layer in layers(spec) if layer["mark"]["type"] == "rule")
    assert rows(spec, rule) == [{"time": 3}]


def test_lines_writes_whole_numbers_on_a_whole_number_axis():
    """Steps 1..10 read 1, 2, 3, not 1.0, 1.5; fractional x keeps the default format."""
    steps = lines({"p": np.ones(10)}, "p", x_label="step", y_title="p", x_values=np.arange(1, 11)).to_dict()
    x = next(layers(steps))["encoding"]["x"]
    assert x["axis"]["format"] == "d" and x["axis"]["tickMinStep"] == 1
    fractions = lines({"p": np.ones(3)}, "p", x_label="x", y_title="p", x_values=[0.1, 0.2, 0.3]).to_dict()
    assert "format" not in next(layers(fractions))["encoding"]["x"].get("axis", {})


def test_lines_labels_a_time_axis_with_years():
    """Months read 1950 ... 1960, not 1,950.0 ... 1,960.0."""
    months = np.datetime64("1949-01", "M") + np.arange(24)
    spec = lines({"p": np.ones(24)}, "p", x_label="year", y_title="p", x_values=months, marked=12).to_dict()
    line = next(layers(spec))
    assert line["encoding"]["x"]["type"] == "temporal" and line["encoding"]["x"]["axis"]["format"] == "%Y"
    rule = next(layer for layer in layers(spec) if layer["mark"]["type"] == "rule")
    assert rule["encoding"]["x"]["type"] == "temporal"
    assert str(rows(spec, rule)[0]["time"]).startswith("1950-01")


@pytest.mark.parametrize(
    "series", [{}, {"a": np.ones(3), "b": np.ones(4)}, {"a": np.ones((3, 2))}, {"a": np.ones(0)}]
)
def test_lines_rejects_bad_series(series):
    with pytest.raises(ValueError, match="series"):
        lines(series, "x", x_label="t", y_title="y")


# --- in Streamlit -----------------------------------------------------------------------


def draw_heatmap():
    """An AppTest script: one signed heatmap drawn the way the pages draw it.

    AppTest runs this function's *source*, so it imports what it uses itself.
    """
    import numpy as np
    import streamlit as st

    from ui.charts import heatmap

    values = np.array([[0.5, -1.0], [np.nan, 2.0]])  # (T=2, H=2)
    st.altair_chart(heatmap(values, "c", "signed", marked=1, x_label="t", y_label="j"), width="stretch")


def test_chart_survives_streamlit_and_chart_data_reads_it_back():
    at = AppTest.from_function(draw_heatmap).run()
    assert not at.exception
    spec = chart_spec(at)
    assert spec["height"] == 60  # two units: the minimum height
    assert spec["config"]["axis"]["labelFontSize"] == charts.FONT_SIZE       # the theme reaches the browser
    cells = chart_data(at, dataset=0).sort_values(["time", "unit"])
    assert cells["value"].tolist() == [0.5, -1.0, 2.0]
    missing = chart_data(at, dataset=1)
    assert missing["shown"].tolist() == ["NaN"]



def test_long_subtitles_wrap_into_lines_of_about_equal_length_instead_of_being_cut():
    assert charts.wrap_text("mean squared error on the scaled values, log scale", 44) == [
        "mean squared error on the", "scaled values, log scale"]
    zh = charts.wrap_text("训练集和测试集上的均方误差（缩放后的数值），对数刻度", 30)
    assert "".join(zh) == "训练集和测试集上的均方误差（缩放后的数值），对数刻度" and len(zh) == 2
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 30 for line in zh)
    assert charts.wrap_text("short", 44) == ["short"]
    spec = tv.loss_chart(None, {"title": "Loss", "subtitle": "mean squared error on the scaled values, log scale",
                                "x": "e", "y": "y", "train": "a", "test": "b", "series": "s"}).to_dict()
    assert spec["title"]["subtitle"] == ["mean squared error on the", "scaled values, log scale"]
