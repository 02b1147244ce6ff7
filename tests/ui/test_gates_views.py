"""The "why gates?" page's chart builders and strings (ui/gates_views.py, ui/strings/gates.py)."""
import string

import altair as alt
import numpy as np
import pandas as pd
import pytest

from lstm_core import gradient_flow as gf
from lstm_core import live_check as lc
from lstm_core import sequences
from lstm_core.gradcheck import GradCheckEntry
from ui import gates_views as gv
from ui.charts import heatmap
from ui.i18n import TABLE, translate

AXES = dict(x_label="t", y_label="unit")


def layer_data(chart, i=0) -> pd.DataFrame:
    """The data of layer i (Altair moves data that all layers share up to the layer chart)."""
    data = chart.layer[i].data
    return chart.data if isinstance(data, type(alt.Undefined)) else data


# --- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("value, shown", [
    (4.43e-6, "4.4 × 10⁻⁶"), (0.658, "0.658"), (1.42e23, "1.4 × 10²³"), (9.96e-4, "1.0 × 10⁻³"),
    (0.0, "0"), (np.inf, "inf"), (-np.inf, "-inf"), (np.nan, "NaN"), (1e-320, "1.0 × 10⁻³²⁰"),
])
def test_sci_writes_powers_of_ten_and_spells_out_inf_and_nan(value, shown):
    assert gv.sci(value) == shown


def test_decade_domain_and_ticks():
    assert gv.decade_domain(np.array([3e-5, 0.2, 1.0, np.inf, 0.0, np.nan])) == (1e-5, 1.0)
    assert gv.decade_domain(np.array([np.nan, 0.0])) == (0.1, 10.0)
    assert gv.decade_ticks(1e-3, 1e1) == [1e-3, 1e-2, 1e-1, 1e0, 1e1]
    assert gv.decade_domain(np.array([2e-320, 1.6e308]), pad_low=True, pad_high=True) == (1e-321, 1e308)
    assert gv.decade_domain(np.array([1e-323]), pad_low=True) == (0.01, 10.0)   # below the floor: none
    ticks = gv.decade_ticks(1e-300, 1e300)
    assert len(ticks) <= 10 and ticks[0] == 1e-300 and ticks[-1] == 1e300
    # the overflow preset's axis: no tick crowds another (Vega would drop every second label)
    assert gv.decade_ticks(1e-2, 1e308) == [10.0 ** k for k in (0, 50, 100, 150, 200, 250, 300)]


# --- log_lines ----------------------------------------------------------------------


def test_log_lines_hold_the_values_and_mark_what_a_log_axis_cannot_show():
    a = np.array([1e-3, 1e-2, 0.0, 1.0])
    b = np.array([np.inf, np.nan, 10.0, 1.0])
    chart = gv.log_lines({"rnn": a, "lstm": b}, "norms", x_label="t", y_title="y",
                         inf_label="overflow", zero_label="underflow")
    lines = layer_data(chart, 0)
    assert list(lines["time"][:4]) == [1, 2, 3, 4]                        # steps count from 1
    np.testing.assert_array_equal(lines["value"][:4], [1e-3, 1e-2, np.nan, 1.0])   # 0 can't be drawn
    assert list(lines["shown"]) == ["0.001", "0.01", "0", "1", "inf", "NaN", "10", "1"]
    over, under = layer_data(chart, 1), layer_data(chart, 2)
    # data 1e-3 .. 1e1, plus a decade each side for the markers
    assert list(over["time"]) == [1, 2] and set(over["value"]) == {100.0}
    assert list(over["shown"]) == ["inf", "NaN"] and set(over["what"]) == {"overflow"}
    assert list(under["time"]) == [3] and list(under["value"]) == [1e-4] and list(under["what"]) == ["underflow"]
    spec = chart.to_dict()
    assert spec["layer"][0]["encoding"]["y"]["scale"] == {"type": "log", "domain": [1e-4, 100.0], "clamp": True}


def test_log_lines_without_problem_values_is_a_single_layer():
    chart = gv.log_lines({"a": np.array([1.0, 0.5])}, "t", x_label="t", y_title="y", inf_label="i", zero_label="z")
    assert len(chart.layer) == 1


def test_log_lines_rejects_series_of_different_lengths():
    with pytest.raises(ValueError, match="same non-zero length"):
        gv.log_lines({"a": np.ones(3), "b": np.ones(4)}, "t", x_label="t", y_title="y", inf_label="i", zero_label="z")


# --- heatmaps -------------------------------------------------------------------------


def test_heatmap_of_the_largest_page_settings_builds():
    res = gf.gradient_flow(sequences.step(500, at=450), 64, 0, 6.0, 3.0)    # 32 000 cells, some inf/NaN
    chart = heatmap(res["rnn"].dh, "rnn", "magnitude", legend_title="l", x_values=np.arange(1, 501), **AXES)
    assert len(layer_data(chart)) + len(layer_data(chart, 1)) == 500 * 64


# --- full vs truncated ----------------------------------------------------------------


def test_gradient_pair_shares_one_symmetric_colour_scale():
    left, right = np.array([[1.0, -4.0]]), np.array([[0.5, np.nan]])
    a, b = gv.gradient_pair(left, right, ("full", "trunc"), x_label="c", y_label="u",
                            column_labels=["h1", "x"], value_label="dW")
    for chart in (a, b):
        assert chart.to_dict()["layer"][0]["encoding"]["color"]["scale"]["domain"] == [-4.0, 4.0]
    assert list(layer_data(a)["time"]) == ["h1", "x"]                       # the columns along x
    np.testing.assert_array_equal(layer_data(a)["value"], [1.0, -4.0])
    assert list(layer_data(b)["time"]) == ["h1"] and list(layer_data(b, 1)["shown"]) == ["NaN"]
    with pytest.raises(ValueError, match="column_labels must have 2 entries"):
        gv.gradient_pair(left, right, ("a", "b"), x_label="c", y_label="u", column_labels=["h1"], value_label="v")


def test_cosine_chart_has_one_bar_per_parameter_and_the_overall_value_last():
    cos = {"W_f": 0.5, "b_f": np.nan, "W_i": -0.25, "all": 0.9}
    chart = gv.cosine_chart(cos, "cos", x_label="cos", all_label="all together", order=["W_f", "W_i", "b_f"])
    data = layer_data(chart, 1)
    assert list(data["parameter"]) == ["W_f", "W_i", "b_f", "all together"]
    np.testing.assert_array_equal(data["value"], [0.5, -0.25, np.nan, 0.9])
    assert list(data["shown"]) == ["0.500", "-0.250", "NaN", "0.900"]


def test_training_chart_draws_four_curves_and_the_baseline():
    e = np.linspace(1, 0.1, 5)
    names = {"full_train": "ft", "full_test": "fv", "trunc_train": "tt", "trunc_test": "tv"}
    chart = gv.training_chart(e, e, 2 * e, 2 * e, "loss", x_label="epoch", y_title="MSE", names=names,
                              baseline=1 / 3, baseline_label="zero")
    data = layer_data(chart)
    assert list(dict.fromkeys(data["series"])) == ["ft", "fv", "tt", "tv", "zero"]
    np.testing.assert_allclose(data[data["series"] == "tt"]["value"], 2 * e)
    no_base = gv.training_chart(e, e, e, e, "loss", x_label="e", y_title="m", names=names, baseline=float("nan"))
    assert "zero" not in set(layer_data(no_base)["series"])


def test_gradcheck_table_has_one_row_per_check_in_the_given_words():
    checks = [lc.LiveCheck("lstm", GradCheckEntry("W_f", (1, 2), 0.25, 0.25, 3e-12), 1e-3, "agrees"),
              lc.LiveCheck("rnn", GradCheckEntry("b", (5,), 1.5e23, np.nan, np.nan), 6e-30, "too_large")]
    cols = {k: k.upper() for k in ("model", "parameter", "analytic", "numeric", "rel_error", "eps", "status")}
    table = gv.gradcheck_table(checks, cols, {"lstm": "LSTM", "rnn": "RNN"}, {"agrees": "ok", "too_large": "big"})
    assert list(table.columns) == list(cols.values())
    assert table.iloc[0].tolist() == ["LSTM", "W_f[1,2]", "0.25", "0.25", "3.0e-12", "1.0e-03", "ok"]
    assert table.iloc[1].tolist() == ["RNN", "b[5]", "1.5e+23", "—", "—", "6.0e-30", "big"]


# --- strings --------------------------------------------------------------------------

GATES_KEYS = [k for k in TABLE if k.startswith("gates.")]


def test_every_gates_string_exists_in_both_languages_with_the_same_placeholders():
    assert len(GATES_KEYS) > 100
    for key in GATES_KEYS:
        fields = {lang: {f[1] for f in string.Formatter().parse(TABLE[key][lang]) if f[1]} for lang in ("en", "zh")}
        assert TABLE[key]["en"].strip() and TABLE[key]["zh"].strip(), key
        assert fields["en"] == fields["zh"], key


@pytest.mark.parametrize("term", ["梯度消失", "梯度爆炸", "谱半径", "遗忘门偏置", "截断的梯度", "完整的BPTT",
                                  "余弦相似度", "数值梯度检验"])
def test_chinese_uses_the_standard_terms(term):
    assert any(term in TABLE[k]["zh"] for k in GATES_KEYS)
