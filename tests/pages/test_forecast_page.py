"""The training page's series choice, forecast past the end and backtest, in AppTest.

A good CSV upload is summarised and selected, trains, and is forecast past its end with
the numbers of ``lstm_core``; every class of bad file gets one translated message (from
the error's code) and the series selected before stays; what the user named is shown as
typed. Each at.run() of a started run trains it to the end (``TICK_SECONDS = inf``).
"""
import math
import re
import string
from dataclasses import replace

import numpy as np
import pytest

from lstm_core import BACKTEST_HORIZON, load_series, read_series_csv, recursive_forecast
from lstm_core.forecast import backtest, make_trainer, seed_spread
from lstm_core.series_csv import MAX_BYTES, MAX_ROWS
from tests.helpers import chart_data, chart_spec, run_app
from ui import forecast_sections as fs
from ui import live as live_module
from ui import series_picker as sp
from ui import train_settings as ts
from ui.i18n import TABLE, translate

PAGE = "pages/2_Train.py"
MIME = "text/csv"


def quarterly(n: int = 40, sep: str = ",") -> bytes:
    """n quarters from 1990-Q1: a trend and a season of 4, with a header."""
    t = np.arange(n)
    v = 100 + 2 * t + 10 * np.sin(2 * np.pi * t / 4)
    return ("quarter,sales\n" + "".join(f"{1990 + k // 4}-Q{k % 4 + 1},{x:.3f}\n" for k, x in enumerate(v))).encode()


# file name -> (bytes, SeriesError code): one of each class the issue lists
BAD = {
    "text.csv": (b"month,value\n2020-01,1\n2020-02,about 5\n2020-03,3\n", "not_number"),
    "order.csv": (b"2020-01,1\n2020-03,2\n2020-02,3\n2020-04,4\n", "order"),
    "duplicate.csv": (b"d,v\n2020-01,1\n2020-02,2\n2020-02,3\n2020-03,4\n", "duplicate"),
    "gap.csv": (b"2020-01,1\n2020-02,2\n2020-04,3\n2020-05,4\n2020-06,5\n", "gap"),
    "missing.csv": (b"month,value\n2020-01,1\n2020-02,\n2020-03,NaN\n2020-04,4\n", "missing"),
    "bad_date.csv": (b"month,value\n2020-01,1\n01/02/2020,2\n", "bad_date"),
    "columns.csv": (b"2020-01,1\n2020-02,2,7\n", "columns"),
    "header_only.csv": (b"month,passengers\n", "no_values"),
    "empty.csv": (b"", "empty"),
    "huge.csv": (b"1\n" * (MAX_BYTES // 2 + 1), "too_big"),
    "rows.csv": (b"1\n" * (MAX_ROWS + 2), "too_many_rows"),
    "sheet.xlsx.csv": (b"PK\x03\x04\x14\x00\x06\x00", "binary"),
    "latin1.csv": ("value\n1\ncafé 2\n".encode("latin-1"), "encoding"),
    "short.csv": (b"1\n2\n3\n", "too_short"),
}


@pytest.fixture
def one_cycle(monkeypatch):
    monkeypatch.setattr(live_module, "TICK_SECONDS", math.inf)


def upload(at, name: str, data: bytes):
    at.file_uploader(key="train.series_file").set_value((name, data, MIME)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def fragment(template: str) -> str:
    """The longest piece of a translation without placeholders: what every message from it shows."""
    return max((text for text, *_ in string.Formatter().parse(template)), key=len).strip()


def state(at):
    return at.session_state["train.live"]


def charts_by_title(at) -> dict[str, int]:
    return {chart_spec(at, k)["title"]["text"]: k for k in range(len(at.get("vega_lite_chart")))}


def chart_rows(at, title: str, field: str) -> list[dict]:
    """Rows of the data set of the chart titled ``title`` that has column ``field``."""
    k = charts_by_title(at)[title]
    for i in range(len(at.get("vega_lite_chart")[k].proto.datasets)):
        frame = chart_data(at, k, i)
        if field in frame.columns:
            return frame.to_dict("records")
    raise AssertionError(f"no data set with {field!r} in {title!r}")


def train(at, epochs: int = 20):
    at.select_slider(key="train.epochs").set_value(epochs).run()
    at.button(key="train.start").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert state(at).done
    return state(at).trainer


def test_a_good_upload_is_summarised_selected_trained_and_forecast_past_its_end(one_cycle):
    at = run_app(PAGE)
    upload(at, "sales.csv", quarterly())
    assert at.session_state["train.series"] == sp.UPLOAD and not at.error
    summary = "\n".join(m.value for m in at.markdown)
    for shown in ("40 rows", "`1990-Q1`", "`1999-Q4`", translate("forecast.series.freq.quarterly", "en"),
                  translate("forecast.series.season_detected", "en", n=4)):
        assert shown in summary
    assert at.number_input(key="train.season").value == 4
    trainer = train(at)
    # the page's seasonal lag (12 on the controls) becomes the detected season; a lag of 1 stays 1
    seasonal = tuple(4 if lag == 12 else lag for lag in ts.PREPROCESSING[ts.DEFAULTS["train.prep"]][1])
    assert 4 in seasonal
    assert trainer.data.period == 4 and len(trainer.data.y) == 40 and trainer.config.lags == seasonal
    # the forecast past the end: the trainer's own recursion, dated after 1999-Q4
    title = translate("forecast.future.title", "en", name="sales", k=fs.DEFAULT_HORIZON)
    line = [r for r in chart_rows(at, title, "value") if r["series"] == translate("forecast.future.line_one", "en")]
    expected = recursive_forecast(trainer.params, trainer.data.prep, trainer.data.look_back, trainer.data.y,
                                  fs.DEFAULT_HORIZON)
    np.testing.assert_allclose([r["value"] for r in line[1:]], expected)
    assert line[0]["value"] == pytest.approx(trainer.data.y[-1])        # the line starts at the last value
    assert str(line[1]["x"])[:10] == "2000-01-01"
    # another horizon redraws without training anything
    at.slider(key="train.horizon").set_value(20).run()
    assert translate("forecast.future.title", "en", name="sales", k=20) in charts_by_title(at)
    assert state(at).trainer is trainer


def test_the_spread_button_trains_more_seeds_and_draws_their_range(one_cycle):
    at = run_app(PAGE)
    trainer = train(at)
    at.button(key="train.spread").click().run()
    assert not at.exception
    series = load_series("passengers")
    others = [make_trainer(series, replace(trainer.config, seed=s)) for s in range(1, 1 + fs.SPREAD_EXTRA)]
    for tr in others:
        tr.run()
    want = seed_spread([trainer.params] + [tr.params for tr in others], trainer.data, fs.DEFAULT_HORIZON)
    title = translate("forecast.future.title", "en", name=translate("forecast.series.passengers", "en"),
                      k=fs.DEFAULT_HORIZON)
    band = chart_rows(at, title, "low")
    np.testing.assert_allclose([r["low"] for r in band], want.low)
    np.testing.assert_allclose([r["high"] for r in band], want.high)
    np.testing.assert_allclose([r["median"] for r in band], want.median)
    assert translate("forecast.future.spread_source", "en", n=5, seeds="0, 1, 2, 3, 4", epoch=20) in \
        [c.value for c in at.caption]
    assert at.button(key="train.spread").disabled


def test_the_backtest_table_puts_the_lstm_beside_the_classical_methods(one_cycle):
    at = run_app(PAGE)
    trainer = train(at)
    table = at.table[0].value
    sarima = translate("forecast.backtest.method.sarima", "en")
    rmse_col = translate("forecast.backtest.col.rmse", "en", h=BACKTEST_HORIZON)
    assert table.loc[sarima, rmse_col] == "18.51"                 # measured in classical.py's tests
    assert table.loc[translate("forecast.backtest.method.holt_winters", "en"), rmse_col] == "16.35"
    assert table.loc[translate("forecast.backtest.method.seasonal_naive", "en"), rmse_col] == "50.71"
    lstm = translate("forecast.backtest.method.lstm", "en")
    assert table.loc[lstm, rmse_col] == "—"                       # not run yet
    one_step = translate("forecast.backtest.col.one_step", "en")
    assert table.loc[lstm, one_step] == f"{trainer.evaluate().test_rmse:.2f}"
    at.button(key="train.backtest").click().run()
    assert not at.exception
    scores = backtest(load_series("passengers"), trainer.config, seeds=range(fs.BACKTEST_SEEDS)).scores()
    assert at.table[0].value.loc[lstm, rmse_col] == f"{scores['lstm_median']['rmse']:.2f}"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_file_gets_a_translated_message_and_the_previous_series_stays(name, lang):
    data, code = BAD[name]
    if code != "too_short":                                     # the reader's own code for the file
        with pytest.raises(Exception) as info:
            read_series_csv(data)
        assert info.value.code == code
    at = run_app(PAGE, lang=lang)
    upload(at, "good.csv", quarterly())
    good = at.session_state["train.uploaded"]
    at.radio(key="train.series").set_value("co2").run()          # the series selected before
    upload(at, name, data)
    assert [e.value for e in at.error] and len(at.error) == 1
    message = at.error[0].value
    assert message.startswith(translate("forecast.series.refused", lang, name=f"`{name}`", detail="")[:8])
    assert fragment(TABLE[f"forecast.error.{code}"][lang]) in message
    assert at.session_state["train.series"] == "co2" and at.session_state["train.uploaded"] is good
    at.radio(key="train.series").set_value(sp.UPLOAD).run()      # the good upload is still there
    assert not at.exception and at.session_state["train.uploaded"] is good


def test_log_is_refused_for_values_at_or_below_zero_and_raw_works(one_cycle):
    at = run_app(PAGE)
    values = "".join(f"2000-{m:02d},{v:.2f}\n" for m, v in zip(range(1, 13), np.linspace(-1, 1, 12)))
    rows = "month,anomaly\n" + values + values.replace("2000-", "2001-") + values.replace("2000-", "2002-") \
        + values.replace("2000-", "2003-")
    at.radio(key="train.prep").set_value("log_d1_12").run()        # a preprocessing that logs
    upload(at, "anomaly.csv", rows.encode())
    assert at.session_state["train.series"] == sp.UPLOAD
    message = at.error[0].value
    assert fragment(TABLE["forecast.error.not_positive"]["en"]) in message
    assert at.button(key="train.start").disabled
    at.radio(key="train.prep").set_value("raw_d12").run()
    assert not at.error and not at.button(key="train.start").disabled
    trainer = train(at)
    assert not trainer.config.log and trainer.config.lags == (12,)


def test_a_series_without_a_season_refuses_seasonal_differencing_until_one_is_set():
    at = run_app(PAGE)
    upload(at, "plain.csv", "".join(f"{10 + np.sin(k / 3):.3f}\n" for k in range(60)).encode())
    assert at.number_input(key="train.season").value == 0
    assert fragment(TABLE["forecast.error.no_season"]["en"]) in at.error[0].value
    at.number_input(key="train.season").set_value(6).run()
    assert not at.error


@pytest.mark.parametrize("name", ["**bold** [link](http://example.com) $$x^2$$ :red[x].csv",
                                  "`tick`` <b>x</b>.csv", "x" * 5000 + ".csv"])
def test_file_names_and_headers_are_shown_as_typed_and_cut_short(name):
    at = run_app(PAGE)
    upload(at, name, b"not,a,csv,file\n")
    message = at.error[0].value
    rendered = re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", "", message, flags=re.S)
    for markup in ("**", "[link]", "$$", ":red[", "<b>", "`tick"):
        assert markup not in rendered, (markup, message)
    assert len(message) < 400
    upload(at, name, b"month,**v** $x$ <b>\n" + quarterly().split(b"\n", 1)[1])
    summary = next(m.value for m in at.markdown if "40" in m.value and "1990-Q1" in m.value)
    rendered = re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", "", summary, flags=re.S)
    for markup in ("**v**", "$x$", "<b>", "[link]", ":red["):
        assert markup not in rendered, (markup, summary)
    option = at.radio(key="train.series").options[-1]                # the radio's labels are Markdown
    rendered = re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", "", option, flags=re.S)
    for markup in ("**", "[link]", "$$", ":red[", "<b>", "`tick"):
        assert markup not in rendered, (markup, option)


def test_another_series_asks_before_discarding_the_model_and_keep_goes_back_to_its_series(one_cycle):
    at = run_app(PAGE)
    at.radio(key="train.prep").set_value("log_d1_12").run()        # a preprocessing that logs
    trainer = train(at)
    at.radio(key="train.series").set_value("co2").run()
    assert [w.value for w in at.warning] == [translate("train.changed", "en")]
    assert state(at).trainer is trainer                          # nothing thrown away
    title = translate("forecast.future.title", "en", name=translate("forecast.series.passengers", "en"),
                      k=fs.DEFAULT_HORIZON)
    assert title in charts_by_title(at)                          # the model's own series is drawn
    at.button(key="train.changed_keep").click().run()
    assert at.session_state["train.series"] == "passengers" and not at.warning
    assert state(at).trainer is trainer and trainer.epoch == 40
    at.radio(key="train.series").set_value("sunspots").run()         # years without a sunspot: 0
    assert fragment(TABLE["forecast.error.not_positive"]["en"]) in at.error[0].value
    assert at.button(key="train.changed_reset").disabled
    at.radio(key="train.prep").set_value("raw_d12").run()
    at.button(key="train.changed_reset").click().run()
    trainer = train(at)
    assert len(trainer.data.y) == len(load_series("sunspots")) and trainer.config.lags == (11,)
