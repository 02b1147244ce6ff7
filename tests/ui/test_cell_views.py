"""The cell page's drawing helpers: numbers, colours, the diagram, the equations, charts, CSV."""
import io
import re
import string
import xml.etree.ElementTree as ET

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from lstm_core import forward, init_forecaster, init_params, pre_activations, sequences
from lstm_core.presets import PRESETS
from ui import cell_views as cv
from ui import charts, equations
from ui.strings.cell import STRINGS

X = sequences.sine(20, 7)  # (T=20, 1)
PARAMS = init_params(1, 3, seed=4, forget_bias=0.5)
NAMES = {"f": "forget gate", "i": "input gate", "a": "candidate", "o": "output gate"}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def run():
    return cv.run_cell(PARAMS, X)


def scales(run):
    return {q: run.scale(q) for q in run.signed}


# --- the run -------------------------------------------------------------------------


def test_run_cell_holds_the_forward_trace(run):
    trace = forward(PARAMS, X)
    for q in run.quantities:
        np.testing.assert_array_equal(getattr(run, q), getattr(trace, q))
    np.testing.assert_array_equal(run.c_prev[1:], trace.c[:-1])
    np.testing.assert_array_equal(run.h_prev[0], np.zeros(3))


def test_run_reads_the_quantities_from_the_engine_trace_without_a_copy(run):
    assert run.kind == "lstm" and run.quantities == ("f", "i", "a", "o", "c", "h")
    assert run.signed == ("a", "c", "h")                      # f, i, o are the gates
    for q in run.quantities:
        assert getattr(run, q) is getattr(run.trace, q)
    with pytest.raises(AttributeError, match="no attribute 'r'"):
        run.r                                                 # a GRU's gate, not an LSTM's


def test_pre_activation_parts_add_up_to_lstm_core_pre_activations(run):
    z = pre_activations(PARAMS, forward(PARAMS, X))
    for g in "fiao":
        np.testing.assert_allclose(run.z_h[g] + run.z_x[g] + run.bias[g], z[g], atol=1e-12)
        np.testing.assert_allclose(run.z[g], z[g])
    # the input part really is W_x·x_t, the recurrent part vanishes at t = 0
    np.testing.assert_allclose(run.z_x["f"][:, 1], PARAMS.W_f[1, 3] * X[:, 0])
    assert np.all(run.z_h["o"][0] == 0)


def test_at_gives_the_values_of_one_unit_at_one_step(run):
    v = run.at(7, 2)
    assert v["f"] == run.f[7, 2] and v["h"] == run.h[7, 2]
    assert v["c_prev"] == run.c[6, 2] and v["h_prev"] == run.h[6, 2]
    assert v["x"] == X[7, 0]
    assert v["tanh_c"] == pytest.approx(np.tanh(run.c[7, 2]))
    assert v["c"] == pytest.approx(v["f"] * v["c_prev"] + v["i"] * v["a"])


def test_cell_and_input_builds_random_preset_and_trained_layers():
    params, x = cv.cell_and_input(("random", 3, 4, 0.5), X)
    np.testing.assert_array_equal(params.W_f, PARAMS.W_f)
    np.testing.assert_array_equal(params.b_f, PARAMS.b_f)
    assert x is X
    for name in PRESETS:
        np.testing.assert_array_equal(cv.cell_and_input((name,), X)[0].W_i, PRESETS[name]().W_i)
    model = init_forecaster(1, 5, num_layers=2, seed=1)
    arrays = model.to_npz_dict()
    layer0, x0 = cv.cell_and_input(("trained", 0), X, arrays)
    np.testing.assert_array_equal(layer0.W_a, model.layers[0].W_a)
    assert x0 is X
    layer1, x1 = cv.cell_and_input(("trained", 1), X, arrays)
    np.testing.assert_array_equal(layer1.W_a, model.layers[1].W_a)
    np.testing.assert_allclose(x1, forward(model.layers[0], X).h)       # (T, 5): h of layer 0
    with pytest.raises(ValueError, match="layer must be between 0 and 1"):
        cv.cell_and_input(("trained", 2), X, arrays)
    with pytest.raises(ValueError, match="weights must be"):
        cv.cell_and_input(("nope",), X)


# --- numbers and colours ----------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [(0.6312, "0.631"), (-0.0004, "0.000"), (-1.5, "-1.500"),
                                             (12.3456, "12.346")])
def test_fmt_rounds_to_three_decimals_and_never_writes_minus_zero(value, expected):
    assert cv.fmt(value) == expected
    assert cv.fmt(value, minus=cv.MINUS) == expected.replace("-", cv.MINUS)


def test_colours_are_the_heatmap_schemes_end_and_middle_stops():
    assert cv.gate_color(0.0) == "#440154" and cv.gate_color(1.0) == "#fde725"
    assert cv.gate_color(1.7) == "#fde725"                        # clipped like the heatmap's scale
    assert cv.signed_color(-2.0, 2.0) == "#134b85"
    assert cv.signed_color(0.0, 2.0) == "#f2f0eb"                 # the middle stop: zero is near white
    assert cv.signed_color(2.0, 2.0) == "#994a07"
    assert cv.gate_color(0.5) != cv.gate_color(0.55)


def test_heatmaps_use_the_schemes_the_colours_copy():
    assert charts.SEQUENTIAL_SCHEME == "viridis" and charts.DIVERGING_SCHEME == "blueorange"


def test_text_colour_is_white_on_dark_and_black_on_light():
    assert cv.text_color(cv.gate_color(0.0)) == "#ffffff"
    assert cv.text_color(cv.gate_color(1.0)) == "#111111"
    assert cv.text_color(cv.signed_color(0.0, 1.0)) == "#111111"


# --- the diagram ----------------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(SVG + "text")]


def test_diagram_is_valid_svg_showing_every_value_of_the_unit(run):
    v = run.at(5, 1)
    root = parse(cv.diagram_svg(v, NAMES, scales(run), title="cell at t=5"))
    shown = texts(root)
    for key in ("f", "i", "a", "o", "c", "h", "c_prev", "h_prev", "x", "tanh_c"):
        assert cv.fmt(v[key], minus=cv.MINUS) in shown, key
    for name in NAMES.values():
        assert name in shown
    assert root.find(SVG + "title").text == "cell at t=5"


def test_diagram_colours_each_gate_like_its_heatmap_cell(run):
    v = run.at(3, 0)
    root = parse(cv.diagram_svg(v, NAMES, scales(run), title="t"))
    fills = {rect.get("fill") for rect in root.iter(SVG + "rect")}
    for g in "fio":
        assert cv.gate_color(v[g]) in fills
    assert cv.signed_color(v["a"], run.scale("a")) in fills
    assert cv.signed_color(v["c"], run.scale("c")) in fills


def test_diagram_text_is_projector_sized_and_self_contained(run):
    svg = cv.diagram_svg(run.at(0, 0), NAMES, scales(run), title="t")
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert min(sizes) >= 23      # viewBox units: >= 16 px where the diagram is 700 px wide (1280 px screen)
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "<image" not in svg and "@import" not in svg and "<script" not in svg


def test_diagram_escapes_names_and_labels_a_vector_input(run):
    root = parse(cv.diagram_svg(run.at(0, 0), {**NAMES, "f": "<forget & keep>"}, scales(run),
                                title='a "quoted" <title>', x_label="h of layer 1 (8 values)"))
    assert "<forget & keep>" in texts(root)
    assert "h of layer 1 (8 values)" in texts(root)


# --- the equations --------------------------------------------------------------------------


def test_step_latex_puts_the_unit_numbers_after_the_shared_equations(run):
    v = run.at(9, 2)
    forget, = cv.step_latex("forget", v)
    assert forget.startswith(r"\begin{aligned}" + equations.FORGET.replace("=", "&=", 1))
    for part in ("zh_f", "zx_f", "b_f", "z_f", "f"):
        assert cv.fmt(v[part]).lstrip("-") in forget
    assert forget.endswith(f"= {cv.fmt(v['f'])}" + r"\end{aligned}")
    i_block, a_block = cv.step_latex("input", v)
    assert f"= {cv.fmt(v['i'])}" in i_block and f"= {cv.fmt(v['a'])}" in a_block
    update, = cv.step_latex("update", v)
    assert update.endswith(f"= {cv.fmt(v['c'])}" + r"\end{aligned}")
    assert cv.fmt(v["c_prev"]) in update
    o_block, h_block = cv.step_latex("output", v)
    assert f"= {cv.fmt(v['o'])}" in o_block and h_block.endswith(f"= {cv.fmt(v['h'])}" + r"\end{aligned}")
    with pytest.raises(ValueError, match="step must be one of"):
        cv.step_latex("remember", v)


def test_numbers_latex_has_one_row_per_equation_in_the_order_of_the_steps(run):
    v = run.at(9, 2)
    block = cv.numbers_latex(v)
    assert block.startswith(r"\small\begin{aligned}") and block.endswith(r"\end{aligned}")
    rows = block[len(r"\small\begin{aligned}"):-len(r"\end{aligned}")].split(r" \\[2pt] ")
    symbols = ["f_t", "i_t", r"\tilde a_t", "c_t", "o_t", "h_t"]
    assert [row.split(" &=")[0] for row in rows] == symbols
    for row, q in zip(rows, "fiacoh"):
        assert row.endswith(f"= {cv.fmt(v[q])}"), (q, row)
    for row, g in zip(rows, "fia"):                          # the three parts of each gate
        for part in ("zh", "zx", "b"):
            assert cv.fmt(v[f"{part}_{g}"]).lstrip("-") in row, (g, part)
    assert r"\underbrace" in rows[0] and r"\underbrace" not in rows[1]   # the parts named once
    for q in ("f", "c_prev", "i", "a"):                      # c_t = f × c_{t-1} + i × ã
        assert cv.fmt(v[q]) in rows[3], q
    assert f"{cv.fmt(v['o'])} \\times \\tanh({cv.fmt(v['c'])})" in rows[5]


@pytest.mark.parametrize("x, expected", [
    (sequences.sine(48, 12), 22),          # x(24) = 0: the nearest strong step before it
    (sequences.step(10, 3), 5),            # the middle, already 1
    (np.zeros((6, 1)), 3),                 # nothing strong: the middle
    (np.array([[0.9]]), 0),                # one step
    (np.array([[1.0], [0.0], [0.0], [0.0]]), 2),   # t = 0 is never chosen for its zero states
])
def test_opening_t_is_a_step_where_the_numbers_say_something(x, expected):
    assert cv.opening_t(x) == expected


def test_negative_factors_get_parentheses():
    v = {"f": 0.5, "c_prev": -0.25, "i": 0.5, "a": -0.5, "c": -0.375}
    update, = cv.step_latex("update", v)
    assert r"0.500 \times (-0.250)" in update and r"+ (-0.250) = -0.375" in update


def test_meaning_values_fill_every_sentence_in_both_languages(run):
    values = cv.meaning_values(run.at(4, 1))
    for step in equations.STEPS:
        for lang in ("en", "zh"):
            STRINGS[f"cell.step.{step}.meaning"][lang].format(**values)
    assert values["f_pct"] == f"{100 * run.f[4, 1]:.0f}%"


# --- charts -------------------------------------------------------------------------------


def comparable(spec: dict) -> tuple:
    """A spec without its data set names (they hash the data), and its data sets' contents."""

    def strip(node):
        if isinstance(node, dict):
            return {k: ("<data>" if k == "name" and str(v).startswith("data-") else strip(v))
                    for k, v in node.items() if k != "datasets"}
        if isinstance(node, list):
            return [strip(x) for x in node]
        return node

    return strip(spec), sorted(frame.to_json() for frame in spec["datasets"].values())


BUILDERS = [
    lambda run, t: charts.heatmap(run.f, "f", "gate", x_label="t", y_label="unit", marked=t),
    lambda run, t: charts.heatmap(run.c, "c", "signed", x_label="t", y_label="unit", marked=t),
    lambda run, t: charts.lines({"x": X[:, 0]}, "x", x_label="t", y_title="x", marked=t),
    lambda run, t: cv.unit_lines(run.h, [0, 2], "h", unit_label="unit {j}", x_label="t",
                                 value_label="h", marked=t, x=X[:, 0]),
]
BUILDER_IDS = ["gate heatmap", "signed heatmap", "lines", "unit lines"]


def built(run, build, t: int) -> dict:
    chart = build(run, t)
    if isinstance(chart, dict):                               # unit_lines: validated in its template
        return chart
    chart.to_dict(validate=True)                              # a valid Vega-Lite spec
    return cv.chart_spec(chart)


def single_views(spec: dict):
    """Every single-mark view of a layered spec."""
    for layer in spec.get("layer", []):
        yield from (single_views(layer) if "layer" in layer else [layer])


@pytest.mark.parametrize("build", BUILDERS, ids=BUILDER_IDS)
def test_a_bound_marker_follows_the_param_and_the_rest_of_the_chart_stays(run, build):
    """The marker's layers read t from the page's param, bound to the hidden input; the
    chart is otherwise the one built at t = 0, and no longer carries t anywhere."""
    spec = built(run, build, 0)
    before = comparable(spec)
    last = X.shape[0] - 1
    bound = cv.bind_marker(spec, last=last)
    assert comparable(spec) == before                         # the cached spec is left as it was
    assert bound["params"] == [{"name": cv.T_PARAM, "value": 0, "bind": {"element": f"#{cv.T_ELEMENT}"}}]
    assert not any(list(frame.columns) == ["time"] for frame in bound["datasets"].values())
    kept = [name for name in spec["datasets"] if name in bound["datasets"]]
    assert len(kept) == len(spec["datasets"]) - 1             # only the marker's data set went
    markers = [view for view in single_views(bound) if view.get("data") == {"values": [{}]}]
    assert markers and all(view["transform"][0] == {"calculate": f"toNumber({cv.T_PARAM})", "as": "time"}
                           for view in markers)
    assert all(view["transform"][1] == {"filter": f"datum.time >= 0 && datum.time <= {last}"} for view in markers)
    for view in single_views(bound):                          # one fixed time axis: moving t re-encodes no cell
        x = view.get("encoding", {}).get("x", {})
        if x.get("field") == "time":
            expected = list(range(last + 1)) if x["type"] == "ordinal" else [0, last]
            assert x["scale"]["domain"] == expected
    records = {**bound, "datasets": {k: v.to_dict("records") for k, v in bound["datasets"].items()}}
    alt.LayerChart.from_dict(records, validate=True)         # still a valid Vega-Lite spec
    assert comparable(cv.bind_marker(built(run, build, 9), last=last))[1] == comparable(bound)[1]


def test_bind_marker_needs_exactly_one_marker(run):
    spec = cv.chart_spec(charts.heatmap(run.f, "f", "gate", x_label="t", y_label="unit"))
    with pytest.raises(ValueError, match="exactly one t marker"):
        cv.bind_marker(spec, last=19)


def test_the_sync_script_writes_only_the_number_t_into_the_bound_input():
    script = cv.marker_sync_html(17)
    assert script.startswith("<script>") and script.endswith("</script>")
    assert f"getElementById('{cv.T_ELEMENT}')" in script and "box.value = '17';" in script
    assert "new Event('input')" in script                    # what a bound Vega param listens to
    with pytest.raises(ValueError):
        cv.marker_sync_html("3'); alert('x")
    box = cv.marker_box_html()                                # the same text at every t: runs once
    assert f"box.id = '{cv.T_ELEMENT}'" in box and "document.body.appendChild(box)" in box
    assert "dispatchEvent" not in box


def test_arrow_datasets_hold_the_same_rows(run):
    spec = cv.bind_marker(cv.chart_spec(charts.heatmap(run.a, "a", "tanh", x_label="t", y_label="unit", marked=0)),
                          last=19)
    sent = cv.arrow_datasets(spec)
    assert {k: v for k, v in sent.items() if k != "datasets"} == {k: v for k, v in spec.items() if k != "datasets"}
    for name, frame in spec["datasets"].items():
        assert isinstance(sent["datasets"][name], bytes)
        pd.testing.assert_frame_equal(pa.ipc.open_stream(sent["datasets"][name]).read_all().to_pandas(), frame)


def test_chart_spec_fits_the_width_and_keeps_the_height(run):
    spec = cv.chart_spec(charts.heatmap(run.f, "f", "gate", x_label="t", y_label="unit", marked=0))
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["height"] == int(np.clip(charts.ROW_HEIGHT * 3, *charts.HEATMAP_HEIGHT))
    assert "continuousWidth" not in str(spec.get("config"))
    assert all(isinstance(frame, pd.DataFrame) for frame in spec["datasets"].values())


def test_chart_spec_keeps_every_layer_and_every_row_of_altairs_own_spec(run):
    def build():
        return charts.heatmap(run.a, "a", "signed", x_label="t", y_label="unit", marked=3)

    ours, altairs = cv.chart_spec(build()), build().to_dict()

    def layers(spec, data=None):
        """Every single-mark view, with the data it inherits from a parent layer."""
        data = spec.get("data", data)
        for layer in spec.get("layer", []):
            yield from (layers(layer, data) if "layer" in layer else [{"data": data, **layer}])

    assert [layer["mark"] for layer in layers(ours)] == [layer["mark"] for layer in layers(altairs)]
    for mine, theirs in zip(layers(ours), layers(altairs)):
        rows = ours["datasets"][mine["data"]["name"]].to_dict("records")
        assert rows == altairs["datasets"][theirs["data"]["name"]]
        without_data = lambda layer: {k: v for k, v in layer.items() if k != "data"}  # noqa: E731
        assert without_data(mine) == without_data(theirs)


def test_unit_lines_draws_the_chosen_units_and_the_input_on_its_own_axis(run):
    spec = cv.unit_lines(run.f, [2, 0], "f", unit_label="unit {j}", x_label="t",
                         value_label="f", marked=4, x=X[:, 0], input_label="input x", gate=True)
    units, x_frame = spec["datasets"]["units"], spec["datasets"]["input"]
    assert set(units["series"]) == {"unit 2", "unit 0"}
    np.testing.assert_allclose(units[units["series"] == "unit 2"]["value"], run.f[:, 2])
    assert units["shown"][0] == f"{run.f[0, 2]:.6g}"
    np.testing.assert_allclose(x_frame["value"], X[:, 0])
    assert spec["resolve"] == {"scale": {"y": "independent"}}
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    layers = {layer["data"]["name"]: layer for layer in spec["layer"]}
    assert layers["units"]["encoding"]["y"]["scale"] == {"domain": [0, 1]}
    assert layers["input"]["encoding"]["y"]["axis"]["orient"] == "right"
    no_x = cv.unit_lines(run.f, [1], "f", unit_label="unit {j}", x_label="t", value_label="f", marked=4)
    assert "resolve" not in no_x and "input" not in no_x["datasets"]
    with pytest.raises(ValueError, match="marked must be between 0 and 19"):
        cv.unit_lines(run.f, [1], "f", unit_label="u{j}", x_label="t", value_label="f", marked=20)


# --- CSV and the parser's messages ------------------------------------------------------------


def test_trace_csv_has_every_quantity_for_every_step_and_unit(run):
    frame = pd.read_csv(io.StringIO(cv.trace_csv(run)))
    assert list(frame.columns) == ["t", "unit", "x", "f", "i", "a", "o", "c", "h"]
    assert len(frame) == 20 * 3
    row = frame[(frame.t == 11) & (frame.unit == 2)].iloc[0]
    for q in run.quantities:
        assert row[q] == pytest.approx(getattr(run, q)[11, 2], rel=1e-8)
    assert row["x"] == pytest.approx(X[11, 0])


def test_trace_csv_of_a_layer_with_several_inputs_has_one_column_each():
    model = init_forecaster(1, 4, num_layers=2, seed=0)
    run = cv.run_cell(*cv.cell_and_input(("trained", 1), X, model.to_npz_dict()))
    frame = pd.read_csv(io.StringIO(cv.trace_csv(run)))
    assert [c for c in frame.columns if c.startswith("x")] == ["x_0", "x_1", "x_2", "x_3"]


def test_every_cell_string_has_both_languages_with_the_same_placeholders():
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key, texts_ in STRINGS.items():
        assert key.startswith("cell.")
        assert set(texts_) == {"en", "zh"}, key
        assert fields(texts_["en"]) == fields(texts_["zh"]), key
