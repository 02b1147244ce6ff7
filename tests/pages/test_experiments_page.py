"""The tutorial experiments page in AppTest: every experiment trains, shows the engine's numbers,
and bad settings give a message instead of a traceback."""
import math
from dataclasses import replace

import pytest

import ui.live as live
from lstm_core.experiments import DEFAULTS, KEYS, make_experiment
from tests.helpers import chart_data, run_app
from ui.i18n import translate
from ui.plain import literal

PAGE = "pages/4_Experiments.py"
SHORT = {"trend": 40, "xsinx": 3, "classify": 30, "bidir": 30, "sincos": 40, "stacked": 10}


@pytest.fixture(autouse=True)
def one_run_trains_to_the_end(monkeypatch):
    """run_every never fires in AppTest: one cycle trains the whole (short) run, however
    long it takes on this machine."""
    monkeypatch.setattr(live, "TICK_SECONDS", math.inf)


def train(key: str, lang: str | None = None, **settings):
    at = run_app(PAGE, lang=lang)
    if at.radio(key="experiments.which").value != key:
        at.radio(key="experiments.which").set_value(key).run()
    for name, value in settings.items():
        at.session_state[f"experiments.{key}.{name}"] = value
    at.button(key=f"experiments.{key}.start").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("key", KEYS)
def test_each_experiment_trains_and_shows_the_engines_headline_number(key):
    at = train(key, epochs=SHORT[key])
    engine = make_experiment(key, replace(DEFAULTS[key], epochs=SHORT[key]))
    engine.run()
    out = engine.outcome()
    shown = at.metric[0].value
    expected = {"trend": f"{out.value:.3f}", "xsinx": f"{out.value:.3f}", "classify": f"{out.value:.1%}",
                "bidir": f"{out.value:.1%}", "sincos": f"{out.value:.2e}", "stacked": f"{out.value:.1f}"}[key]
    assert shown == expected
    loss = chart_data(at, 0)
    assert len(loss) == SHORT[key] * (2 if key == "stacked" else 1)   # one point per epoch
    assert len(at.get("vega_lite_chart")) >= 8                         # loss, result, six heatmaps


def test_the_trend_reaches_the_seeds_1_2_with_the_defaults():
    at = train("trend")
    assert at.success and "1.1" in at.success[0].value
    assert float(at.metric[0].value) == pytest.approx(1.2, abs=0.05)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_zero_layers_gives_a_clear_message_in_the_pages_language(lang):
    at = train("xsinx", layers=0, lang=lang)
    detail = translate("common.setting_error.at_least", lang, name=literal("num_layers"), low=1, value=0)
    assert at.error[0].value == translate("experiments.bad_settings", lang, detail=detail)
    assert not at.metric


def test_a_diverging_learning_rate_is_explained():
    at = train("sincos", lr=10.0, optimizer="sgd", epochs=300)
    assert "NaN" in at.error[0].value and "10" in at.error[0].value


def test_a_saturating_learning_rate_is_reported_as_not_learning():
    at = train("classify", lr=100.0, epochs=60)
    assert at.warning and "not going down" in at.warning[0].value


def test_bidirectional_and_one_directional_accuracies_appear_side_by_side():
    at = train("classify", epochs=30)
    at.radio(key="experiments.which").set_value("bidir").run()
    at.button(key="experiments.bidir.start").click().run()
    assert not at.exception
    bars = [chart_data(at, i) for i in range(len(at.get("vega_lite_chart")))]
    acc = next(df for df in bars if "model" in df.columns)
    assert set(acc["model"]) == {"LSTM", "bidirectional LSTM"} and len(acc) == 20


def test_the_page_speaks_chinese_while_training():
    at = train("classify", lang="zh", epochs=20)
    assert at.title[0].value == "教程里的实验，实时训练"
    assert "线性趋势（Keras 教程）" in at.radio(key="experiments.which").options
    assert at.metric[0].label == "准确率"                      # short: the detail is in the help
    assert at.info[0].value.startswith("Keras 示例教程")
    assert not any("种子" in option for option in at.radio(key="experiments.which").options)  # a random seed only


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pace_control_sets_the_speed_of_the_run(lang):
    from ui.i18n import translate

    at = run_app(PAGE, lang=lang)
    key = at.radio(key="experiments.which").value
    control = at.button_group(key="experiments.pace")
    assert control.label == translate("live.pace", lang) and control.value == 0    # full speed
    assert list(control.options)[0] == translate("live.pace.option", lang, n=1)
    control.set_value(5).run()
    assert at.session_state[f"experiments.{key}.live"].pace == 5
    at.button(key=f"experiments.{key}.start").click().run()
    assert not at.exception
    s = at.session_state[f"experiments.{key}.live"]
    assert s.running and s.epoch == 1          # one cycle, the one epoch the pace allows
