"""The shared Altair builders produce valid, readable specs with the right scales."""

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.helpers import chart_data, chart_spec
from ui.charts import OKABE_ITO, heatmap, lines

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


def test_heatmap_draws_units_as_rows_and_time_as_columns(gates):
    spec = heatmap(gates, "f", "gate", **LABELS).to_dict()
    cells = next(layers(spec))
    assert cells["encoding"]["x"]["field"] == "time" and cells["encoding"]["y"]["field"] == "unit"
    for row in rows(spec, cells):
        assert row["value"] == pytest.approx(gates[row["time"], row["unit"]])
    assert len(rows(spec, cells)) == gates.size


def test_gate_heatmap_uses_a_fixed_zero_to_one_sequential_scale(gates):
    scale = color_scale(heatmap(gates * 0.5, "f", "gate", **LABELS).to_dict())
    assert scale["domain"] == [0.0, 1.0]
    assert scale["scheme"] == "viridis"


def test_signed_heatmap_uses_a_symmetric_diverging_scale_centred_at_zero():
    values = np.array([[-0.5, 2.0], [1.0, -3.0]])
    scale = color_scale(heatmap(values, "c", "signed", **LABELS).to_dict())
    assert scale["domain"] == [-3.0, 3.0]
    assert scale["domainMid"] == 0.0


@pytest.mark.parametrize("values", [np.zeros((3, 2)), np.full((3, 2), np.nan)])
def test_signed_heatmap_without_a_nonzero_finite_value_uses_unit_domain(values):
    assert color_scale(heatmap(values, "c", "signed", **LABELS).to_dict())["domain"] == [-1.0, 1.0]


def test_heatmap_shows_nan_and_inf_as_missing_cells_without_raising():
    values = np.array([[0.1, np.nan], [np.inf, -np.inf], [-2.0, 0.3]])
    spec = heatmap(values, "dL/dh", "signed", **LABELS).to_dict()
    data = rows(spec, next(layers(spec)))
    missing = {(r["time"], r["unit"]): r["shown"] for r in data if r["missing"]}
    assert missing == {(0, 1): "nan", (1, 0): "inf", (1, 1): "-inf"}
    assert all(r["value"] is None for r in data if r["missing"])  # never an infinite number in the JSON
    assert color_scale(spec)["domain"] == [-2.0, 2.0]  # inf does not stretch the scale


def test_every_mark_has_a_tooltip(gates):
    charts = [
        heatmap(gates, "f", "gate", t=2, **LABELS),
        lines({"train": np.ones(4), "test": np.arange(4.0)}, "loss", x_label="epoch", y_title="MSE", t=1),
    ]
    for chart in charts:
        for layer in layers(chart.to_dict()):
            assert layer["encoding"].get("tooltip"), f"{layer['mark']} has no tooltip"


def test_heatmap_tooltip_shows_the_exact_value():
    spec = heatmap(np.array([[0.123456789]]), "f", "gate", **LABELS).to_dict()
    assert rows(spec, next(layers(spec)))[0]["shown"] == "0.123457"


def test_heatmap_sets_its_height_and_projector_sized_fonts(gates):
    spec = heatmap(gates, "f", "gate", **LABELS).to_dict()
    assert spec["height"] == 3 * 28  # ROW_HEIGHT per unit, H = 3
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["title"]["fontSize"] >= 18
    axis = next(layers(spec))["encoding"]["x"]["axis"]
    assert axis["labelFontSize"] >= 14 and axis["titleFontSize"] >= 14


def test_heatmap_marks_timestep_t_with_an_outlined_column(gates):
    spec = heatmap(gates, "f", "gate", t=4, x_values=np.arange(6) + 1, **LABELS).to_dict()
    outlines = [layer for layer in layers(spec) if layer["mark"].get("filled") is False]
    assert outlines and all(rows(spec, layer) == [{"time": 5}] for layer in outlines)


@pytest.mark.parametrize("t", [-1, 6])
def test_heatmap_rejects_a_timestep_outside_the_sequence(gates, t):
    with pytest.raises(ValueError, match=f"got {t}"):
        heatmap(gates, "f", "gate", t=t, **LABELS)


@pytest.mark.parametrize(
    ("values", "kind", "message"),
    [(np.ones(5), "gate", r"\(T, H\)"), (np.ones((0, 3)), "gate", r"\(T, H\)"), (np.ones((2, 2)), "hot", "'hot'")],
)
def test_heatmap_rejects_bad_arguments(values, kind, message):
    with pytest.raises(ValueError, match=message):
        heatmap(values, "f", kind, **LABELS)


def test_lines_draws_each_series_in_its_own_colour_blind_safe_colour():
    spec = lines({"train": np.ones(5), "test": np.zeros(5)}, "loss", x_label="epoch", y_title="MSE").to_dict()
    line = next(layers(spec))
    assert line["encoding"]["color"]["scale"] == {"domain": ["train", "test"], "range": list(OKABE_ITO[:2])}
    data = rows(spec, line)
    assert [r["value"] for r in data if r["series"] == "test"] == [0.0] * 5


def test_lines_log_scale_leaves_gaps_for_values_it_cannot_draw():
    values = np.array([1.0, 0.0, -1.0, np.nan, np.inf, 0.01])
    spec = lines({"grad": values}, "norm", x_label="t", y_title="‖g‖", log_y=True).to_dict()
    line = next(layers(spec))
    assert line["encoding"]["y"]["scale"]["type"] == "log"
    assert [r["value"] for r in rows(spec, line)] == [1.0, None, None, None, None, 0.01]
    assert [r["shown"] for r in rows(spec, line)] == ["1", "0", "-1", "nan", "inf", "0.01"]


def test_lines_marks_timestep_t_with_a_rule():
    spec = lines({"h": np.arange(4.0)}, "h", x_label="t", y_title="h", t=3).to_dict()
    rule = next(layer for layer in layers(spec) if layer["mark"]["type"] == "rule")
    assert rows(spec, rule) == [{"time": 3}]


@pytest.mark.parametrize(
    "series", [{}, {"a": np.ones(3), "b": np.ones(4)}, {"a": np.ones((3, 2))}, {"a": np.ones(0)}]
)
def test_lines_rejects_bad_series(series):
    with pytest.raises(ValueError, match="series"):
        lines(series, "x", x_label="t", y_title="y")


def draw_heatmap():
    """An AppTest script: one signed heatmap drawn the way the pages draw it.

    AppTest runs this function's *source*, so it imports what it uses itself.
    """
    import numpy as np
    import streamlit as st  # noqa: F811 (the module-level st is not in the script)

    from ui.charts import heatmap

    values = np.array([[0.5, -1.0], [np.nan, 2.0]])  # (T=2, H=2)
    st.altair_chart(heatmap(values, "c", "signed", t=1, x_label="t", y_label="j"), width="stretch")


def test_chart_survives_streamlit_and_chart_data_reads_it_back():
    at = AppTest.from_function(draw_heatmap).run()
    assert not at.exception
    assert chart_spec(at)["height"] == 60  # two units: the minimum height
    data = chart_data(at).sort_values(["time", "unit"])
    assert data["shown"].tolist() == ["0.5", "-1", "nan", "2"]
    assert data["missing"].tolist() == [False, False, True, False]
