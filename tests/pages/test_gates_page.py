"""The "why gates?" page (pages/3_Why_gates.py) in AppTest: it runs at the slider extremes and
in both languages, its charts hold the engine's numbers, and overflow is shown, not raised.

The page is reached through app.py (tests.helpers.run_app): ``AppTest.from_file`` on the
page file alone fails in the sidebar's ``st.page_link`` once other pages exist.
"""
import json

import numpy as np
import pytest

from lstm_core import gradient_flow as gf
from lstm_core import live_check as lc
from lstm_core import sequences
from lstm_core import truncated as tr
from tests.helpers import chart_data, run_app
from ui import gates_views as gv
from ui.i18n import translate
from ui.plain import literal

PAGE = "pages/3_Why_gates.py"


def open_page(lang=None, **settings):
    """The page with ``settings`` ({"length": 500, ...}) written into its widget keys."""
    at = run_app(PAGE, lang=lang)
    if settings:
        for name, value in settings.items():
            at.session_state[f"gates.{name}"] = value
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at) -> dict:
    """Chart index by title."""
    return {json.loads(c.proto.spec)["title"]["text"]: i for i, c in enumerate(at.get("vega_lite_chart"))}


def data(at, title_key, *, lang="en", dataset=0, **fmt):
    return chart_data(at, charts(at)[translate(title_key, lang, **fmt)], dataset)


def texts(at, kind) -> str:
    return "\n".join(e.value for e in getattr(at, kind))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_runs_with_its_defaults_in_both_languages(lang):
    at = open_page(lang)
    assert at.title[0].value.endswith(translate("gates.title", lang))
    heads = [h.value for h in at.header]
    assert heads == [translate(f"gates.{k}.heading", lang) for k in ("flow", "heat", "trunc", "train", "check")]
    assert len(at.get("vega_lite_chart")) == 8                  # no training chart before the button
    assert translate("gates.train.not_yet", lang) in texts(at, "info")
    flow = gf.gradient_flow(sequences.sine(100), 16, 0, 0.9, 3.0)   # the page's defaults
    expected = translate("gates.warn.vanishing", lang, model=translate("gates.model.rnn", lang),
                         ratio=gv.sci(flow.ratio("rnn")), T=100)
    assert expected in texts(at, "info")


@pytest.mark.parametrize("settings", [
    dict(input="sine", length=1, hidden=1, rho=0.1, fb=-3.0, seed=0),
    dict(input="step", length=500, step_at=500, hidden=64, rho=6.0, fb=5.0, seed=9999),
    dict(input="passengers", length=144, hidden=64, rho=1.0, fb=0.0, heat_mode="signed", loss="every", param="W_o"),
], ids=["smallest", "largest", "passengers-signed"])
def test_page_runs_at_the_slider_extremes(settings):
    at = open_page(**settings)
    assert len(at.get("vega_lite_chart")) == 8
    assert len(at.table) == 1
    if settings["length"] == 1:                                      # T = 1: truncated = full
        assert translate("gates.trunc.t1", "en") in texts(at, "info")
        assert at.metric[3].value == "1.0000"
    if settings.get("heat_mode") == "signed":                        # the signed heatmap: the gradient itself
        res = gf.gradient_flow(sequences.passenger_window(0, 144), 64, 0, 1.0, 0.0)
        np.testing.assert_allclose(data(at, "gates.heat.dh", model="plain RNN")["value"], res["rnn"].dh.ravel(), rtol=1e-12)
        spec = json.loads(at.get("vega_lite_chart")[charts(at)[translate("gates.heat.dh", "en", model="plain RNN")]].proto.spec)
        m = float(np.abs(res["rnn"].dh).max())
        assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == pytest.approx([-m, m])
        cmp = tr.full_vs_truncated(sequences.passenger_window(0, 144), 64, 0, 0.0, "every")
        np.testing.assert_allclose(data(at, "gates.trunc.full", param="W_o")["value"], cmp.full.W_o.T.ravel())   # (C, R): columns along x


def test_widgets_drive_the_page():
    at = open_page()
    at.selectbox(key="gates.input").select("step").run()            # the step position slider appears
    at.slider(key="gates.length").set_value(20)
    at.slider(key="gates.step_at").set_value(5)
    at.select_slider(key="gates.rho").set_value(1.5)
    at.slider(key="gates.fb").set_value(-1.0)
    at.slider(key="gates.hidden").set_value(3).run()
    assert not at.exception
    res = gf.gradient_flow(sequences.step(20, at=4), 3, 0, 1.5, -1.0)
    rnn = data(at, "gates.chart.norms", T=20)
    np.testing.assert_allclose(rnn[rnn["series"] == "plain RNN"]["value"], res["rnn"].dh_norm, rtol=1e-12)


def test_charts_hold_the_engines_numbers():
    at = open_page()                                                 # sine, T = 100, H = 16, ρ 0.9, b_f 3
    x = sequences.sine(100)
    res = gf.gradient_flow(x, 16, 0, 0.9, 3.0)
    norms = data(at, "gates.chart.norms", T=100)
    assert list(norms["time"][:100]) == list(range(1, 101))
    np.testing.assert_allclose(norms[norms["series"] == "plain RNN"]["value"], res["rnn"].dh_norm, rtol=1e-12)
    np.testing.assert_allclose(norms[norms["series"] == "LSTM"]["value"], res["lstm"].dh_norm, rtol=1e-12)
    cell = data(at, "gates.chart.keep.f", model="LSTM")
    for key, values in (("all", res["lstm"].dc_norm), ("belt", res["lstm"].belt_norm), ("product", res["lstm"].keep_product_mean)):
        np.testing.assert_allclose(cell[cell["series"] == translate(f"gates.series.{key}.f", "en")]["value"],
                                   values, rtol=1e-12)
    for model, values in (("plain RNN", res["rnn"].dh), ("LSTM", res["lstm"].dh)):
        heat = data(at, "gates.heat.dh", model=model)
        np.testing.assert_allclose(heat["value"], values.ravel(), rtol=1e-12)     # time-major
        np.testing.assert_allclose(heat["colour"], np.log10(np.abs(values.ravel())), rtol=1e-12)
    product = data(at, "gates.heat.product.f", model="LSTM")
    np.testing.assert_allclose(product["value"], res["lstm"].keep_product.ravel(), rtol=1e-12)
    # the metrics
    assert [m.value for m in at.metric[:3]] == [gv.sci(res.ratio("rnn")), gv.sci(res.ratio("lstm")),
                                                gv.sci(res["lstm"].keep_product_mean[0])]
    # full against truncated
    cmp = tr.full_vs_truncated(x, 16, 0, 3.0, "last")
    full = data(at, "gates.trunc.full", param="W_f")
    trunc = data(at, "gates.trunc.truncated", param="W_f")
    np.testing.assert_allclose(full["value"], cmp.full.W_f.T.ravel(), rtol=1e-12)   # columns along x
    np.testing.assert_allclose(trunc["value"], cmp.truncated.W_f.T.ravel(), rtol=1e-12)
    cos = data(at, "gates.trunc.cos_chart", dataset=1)          # dataset 0: the rules at 0 and 1
    np.testing.assert_allclose(cos["value"], [cmp.cosine[n] for n in (*gf.PARAM_NAMES, "all")], rtol=1e-12)
    assert at.metric[3].value == f"{cmp.cosine['all']:.4f}"
    # the gradient check
    table = at.table[0].value
    checks = lc.live_gradcheck(x, 16, 0, 0.9, 3.0, cells=("rnn", "lstm"))
    assert list(table[translate("gates.check.col.analytic", "en")]) == [f"{c.entry.analytic:.9g}" for c in checks]
    assert list(table[translate("gates.check.col.numeric", "en")]) == [f"{c.entry.numeric:.9g}" for c in checks]
    assert translate("gates.check.summary", "en", n=10, agrees=10, disagrees=0, unresolved=0, too_large=0,
                     not_finite=0) in texts(at, "markdown")


def test_presets_show_exploding_and_overflow_with_an_explanation_not_a_traceback():
    at = open_page()
    at.button(key="gates.preset.exploding").click().run()
    res = gf.gradient_flow(sequences.step(150, at=75), 16, 0, 2.0, 2.0)
    assert translate("gates.warn.exploding", "en", model="plain RNN", ratio=gv.sci(res.ratio("rnn")),
                     T=150) in texts(at, "warning")
    at.button(key="gates.preset.overflow").click().run()
    assert not at.exception
    assert at.session_state["gates.length"] == 500 and at.session_state["gates.rho"] == 6.0
    res = gf.gradient_flow(sequences.step(500, at=450), 16, 0, 6.0, 2.0)
    bad = ~np.isfinite(res["rnn"].dh_norm)
    warning = translate("gates.warn.non_finite", "en", model="plain RNN", n=int(bad.sum()), T=500,
                        first=int(np.flatnonzero(bad).max()) + 1)
    assert warning in texts(at, "warning")
    markers = data(at, "gates.chart.norms", T=500, dataset=1)          # the red triangles
    assert sorted(markers["time"]) == sorted(np.flatnonzero(bad) + 1)
    assert set(markers["shown"]) == {"inf", "NaN"}
    assert at.metric[0].value in ("inf", "NaN")
    status = set(at.table[0].value[translate("gates.check.col.status", "en")])
    assert translate("gates.check.status.agrees", "en") in status
    assert status & {translate(f"gates.check.status.{s}", "en") for s in ("too_large", "not_finite")}


def test_a_typing_mistake_in_custom_numbers_is_explained_and_the_last_good_numbers_stay():
    at = open_page("zh", input="custom", custom="1, 2, 3")
    assert not at.error
    at.text_area(key="gates.custom").input("1, 2, abc").run()
    assert not at.exception
    detail = translate("common.sequence_error.not_number", "zh", k=3, token=literal("abc"))
    assert at.error[0].value == translate("gates.custom.error", "zh", detail=detail)
    assert translate("gates.custom.using_last", "zh", n=3) in texts(at, "caption")
    assert len(at.get("vega_lite_chart")) == 8                       # every chart, of 1, 2, 3
    res = gf.gradient_flow(np.array([[1.0], [2.0], [3.0]]), 16, 0, 0.9, 3.0)
    norms = data(at, "gates.chart.norms", lang="zh", T=3)
    rnn = norms[norms["series"] == translate("gates.model.rnn", "zh")]["value"]
    np.testing.assert_allclose(rnn, res["rnn"].dh_norm, rtol=1e-12)


def test_bad_numbers_on_a_fresh_page_show_the_default_numbers():
    at = open_page(input="custom", custom="**x**")
    assert not at.exception and at.error
    assert len(at.get("vega_lite_chart")) == 8
    n = len(sequences.parse_sequence(translate_default_custom()))
    assert translate("gates.custom.using_last", "en", n=n) in texts(at, "caption")


def translate_default_custom() -> str:
    """The numbers the page's text box starts with."""
    at = open_page(input="custom")
    return at.text_area(key="gates.custom").value


def test_training_comparison_runs_on_the_button_and_stays_when_sliders_move():
    at = open_page(epochs=100, task="remember_first", length=10, hidden=2)
    at.button(key="gates.train").click().run()
    assert not at.exception
    run = tr.training_comparison("remember_first", epochs=100, seed=0)
    curves = data(at, "gates.train.chart.remember_first")
    names = {k: translate(f"gates.train.{k}", "en") for k in ("full_train", "trunc_test")}
    np.testing.assert_allclose(curves[curves["series"] == names["full_train"]]["value"], run.full_train, rtol=1e-12)
    np.testing.assert_allclose(curves[curves["series"] == names["trunc_test"]]["value"], run.truncated_test, rtol=1e-12)
    assert at.metric[-3].value == f"{run.full_test[-1]:.4g}"
    at.slider(key="gates.hidden").set_value(3)                        # a slider above and the epochs:
    at.select_slider(key="gates.epochs").set_value(200).run()         # the curves stay, marked as stale
    assert translate("gates.train.chart.remember_first", "en") in charts(at)
    assert translate("gates.train.stale", "en") in texts(at, "info")


# --- any two cells side by side ---------------------------------------------------------


def test_any_two_cells_side_by_side_with_the_engines_numbers():
    at = open_page(left="gru", right="cifg", length=30, hidden=5)
    gru, cifg = translate("gates.model.gru", "en"), translate("gates.model.cifg", "en")
    res = gf.gradient_flow(sequences.sine(30), 5, 0, 0.9, 3.0, cells=("gru", "cifg"))
    norms = data(at, "gates.chart.norms", T=30)
    np.testing.assert_allclose(norms[norms["series"] == gru]["value"], res["gru"].dh_norm, rtol=1e-12)
    np.testing.assert_allclose(norms[norms["series"] == cifg]["value"], res["cifg"].dh_norm, rtol=1e-12)
    keep = data(at, "gates.chart.keep.z", model=gru)                 # the GRU's update-gate belt
    product = keep[keep["series"] == translate("gates.series.product.z", "en")]["value"]
    np.testing.assert_allclose(product, res["gru"].keep_product_mean, rtol=1e-12)
    assert translate("gates.chart.keep.f", "en", model=cifg) in charts(at)
    np.testing.assert_allclose(data(at, "gates.heat.dh", model=cifg)["value"], res["cifg"].dh.ravel(), rtol=1e-12)
    assert [m.value for m in at.metric[:3]] == [gv.sci(res.ratio("gru")), gv.sci(res.ratio("cifg")),
                                                gv.sci(res["cifg"].keep_product_mean[0])]
    assert translate("gates.variant.cifg", "en") in texts(at, "caption")
    table = at.table[0].value
    assert list(table.index) == [gru] * 7 + [cifg] * 6               # CIFG has no W_i, b_i
    assert set(table[translate("gates.check.col.status", "en")]) == {translate("gates.check.status.agrees", "en")}
    assert len(at.get("vega_lite_chart")) == 10                       # two belts, two product heatmaps


@pytest.mark.parametrize("left, right, n_charts", [("rnn", "rnn", 6), ("lstm", "lstm", 8), ("ph", "nfg", 10)])
def test_any_pair_of_cells_runs_in_chinese(left, right, n_charts):
    at = open_page("zh", left=left, right=right, length=12, hidden=3)
    assert len(at.get("vega_lite_chart")) == n_charts
    assert len(at.metric) == (2 if left == right == "rnn" else 3) + 1     # + the cosine of section 3
    if right == "nfg":              # the right cell's belt metric; no forget gate: nothing is lost on the belt
        assert at.metric[2].value == "1"


def test_a_preset_puts_the_plain_rnn_against_the_lstm_again():
    at = open_page(left="gru", right="ph")
    at.button(key="gates.preset.vanishing").click().run()
    assert (at.session_state["gates.left"], at.session_state["gates.right"]) == ("rnn", "lstm")
    assert at.selectbox(key="gates.right").value == "lstm"
