"""The long-memory page (pages/5_Long_memory.py) in AppTest: a short race shows the engine's
own numbers for both models, the paper beside ours and the heatmaps; the settings at their
extremes; Start and Stop; every task; both languages.

AppTest never fires the fragment's timer: every ``at.run()`` is one training cycle. Tests
that need a whole race in one cycle use ``one_cycle``.
"""
import pytest

from lstm_core.long_memory.models import MODELS
from lstm_core.long_memory.trainer import TASK_SETTINGS, RaceConfig, RaceTrainer, race_task
from tests.helpers import chart_data, chart_spec, run_app
from ui import live as live_module
from ui import long_memory_views as lv
from ui.i18n import translate

PAGE = "pages/5_Long_memory.py"
SHORT = 10_000                                   # the smallest budget the page offers


@pytest.fixture
def one_cycle(monkeypatch):
    """A whole (short) race fits in one cycle, so one at.run() finishes it."""
    monkeypatch.setattr(live_module, "TICK_SECONDS", 300.0)


def state(at, task: str = "adding"):
    return at.session_state[f"long_memory.{task}.live"]


def race(lang: str | None = None, task: str = "adding", **settings):
    """Open the page, pick ``task``, set its widgets (``lag``, ``hidden``, ``lr``,
    ``forget_bias``, ``budget``, ``seed``) and press Start."""
    at = run_app(PAGE, lang=lang, timeout=60)
    if task != "adding":
        at.radio(key="long_memory.task").set_value(task).run(timeout=60)
    for name, value in {"budget": SHORT, **settings}.items():
        at.session_state[f"long_memory.{task}.{name}"] = value
    at.button(key=f"long_memory.{task}.start").click().run(timeout=300)
    assert not at.exception, at.exception
    return at


def charts_by_title(at) -> dict[str, int]:
    return {chart_spec(at, k)["title"]["text"]: k for k in range(len(at.get("vega_lite_chart")))}


def texts(at) -> list[str]:
    return [e.value for kind in ("success", "info", "warning", "error") for e in getattr(at, kind)]


def test_before_a_race_the_page_explains_the_task_and_its_chance_line():
    at = run_app(PAGE, timeout=60)
    assert not at.exception
    assert at.title[0].value.endswith(translate("long_memory.title", "en"))
    assert at.radio(key="long_memory.task").options == [
        translate(f"long_memory.task.{k}", "en") for k in TASK_SETTINGS]
    assert "0.0417" in at.info[0].value and "15.4%" in at.info[0].value    # 1/24, P(|X₁+X₂| < 0.16)
    assert at.get("progress")[0].proto.text == translate("live.progress.idle", "en")
    assert not at.get("vega_lite_chart")
    assert not at.button(key="long_memory.adding.start").disabled
    assert at.button(key="long_memory.adding.stop").disabled


def test_a_short_race_shows_the_engines_numbers_for_both_models(one_cycle):
    at = race()
    s = state(at)
    assert s.done and not s.running and s.trainer.sequences >= SHORT
    engine = RaceTrainer(race_task("adding"), RaceConfig(budget=SHORT), MODELS)
    while not engine.done:
        engine.step()
    names = {k: translate(f"long_memory.model.{k}", "en") for k in MODELS}
    charts = charts_by_title(at)
    loss = chart_data(at, charts[translate("long_memory.loss.title", "en")])
    for kind, lane in engine.lanes.items():
        shown = loss[loss["model"] == names[kind]]
        assert list(shown["sequences"]) == [c.sequences for c in lane.history]
        assert list(shown["test_loss"]) == [c.test_loss for c in lane.history]
        metric = next(m for m in at.metric if m.label.startswith(names[kind]))
        assert metric.value == lv.pct(lane.score)
        status = engine.status(kind)
        key = f"long_memory.verdict.{status}"
        expected = translate(key, "en", model=names[kind], n=lv.num(engine.sequences),
                             loss=f"{lane.history[-1].test_loss:.3g}", chance="0.0417",
                             score=lv.pct(lane.score), seconds="", lr="")
        assert any(expected.split("**")[-1][:30] in text for text in texts(at)), (status, texts(at))
    # the paper beside ours, then inside the LSTM: the input and its six quantities
    table = at.table[0].value
    assert "74,000" in " ".join(map(str, table.iloc[:, 0])) and len(table) == 6
    assert len(at.get("vega_lite_chart")) == 2 + 1 + 6
    assert translate("long_memory.q.f", "en") in charts and translate("long_memory.q.x", "en") in charts


def test_the_plain_rnn_can_be_looked_inside_too(one_cycle):
    at = race()
    at.radio(key="long_memory.inside_model.race").set_value("rnn").run(timeout=60)
    assert not at.exception
    charts = charts_by_title(at)
    assert translate("long_memory.q.h", "en") in charts and translate("long_memory.q.f", "en") not in charts
    at.number_input(key="long_memory.sample").set_value(20).run(timeout=60)
    assert not at.exception and len(at.get("vega_lite_chart")) == 2 + 1 + 1


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("extreme", ["low", "high"])
def test_the_settings_at_their_extremes_race_then_stop_and_show_everything(extreme, lang):
    """One training cycle at each end of every slider (a whole race at T = 200, H = 64 takes
    minutes on 2 cores), then Stop: the verdicts, the paper and the heatmaps are drawn."""
    settings = {"low": {"lag": 10, "hidden": 1, "lr": 1e-4, "forget_bias": -2.0, "seed": 0},
                "high": {"lag": 200, "hidden": 64, "lr": 1.0, "forget_bias": 5.0, "seed": 9_999,
                         "budget": 1_000_000}}[extreme]
    at = run_app(PAGE, lang=lang, timeout=60)
    for name, value in settings.items():
        at.session_state[f"long_memory.adding.{name}"] = value
    at.button(key="long_memory.adding.start").click().run(timeout=120)
    at.button(key="long_memory.adding.stop").click().run(timeout=120)
    assert not at.exception, at.exception
    trainer = state(at).trainer
    assert trainer.task == race_task("adding", settings["lag"]) and trainer.sequences > 0
    assert trainer.config.hidden_size == settings["hidden"] and trainer.config.lr == settings["lr"]
    assert trainer.config.forget_bias == settings["forget_bias"] and trainer.config.seed == settings["seed"]
    assert trainer.budget == settings.get("budget", TASK_SETTINGS["adding"].budget)
    assert not state(at).running and len(at.metric) == len(MODELS)
    assert len(texts(at)) >= 1 + len(MODELS)           # the task, then one verdict per model
    assert len(at.get("vega_lite_chart")) >= 1 + 6     # the input and the LSTM's six quantities
    assert translate("live.status.stopped", lang) in at.get("progress")[0].proto.text
    assert at.subheader[0].value == translate("long_memory.paper.heading", lang)


def test_train_more_gives_a_finished_race_its_budget_again(one_cycle):
    at = race()
    assert at.button(key="long_memory.adding.start").label == translate("live.more", "en")
    solved = {k for k in MODELS if state(at).trainer.status(k) == "solved"}
    at.button(key="long_memory.adding.start").click().run(timeout=300)
    trainer = state(at).trainer
    assert trainer.budget == 2 * SHORT and trainer.sequences >= 2 * SHORT and state(at).done
    assert {k for k in MODELS if trainer.status(k) == "solved"} >= solved


def test_stop_ends_a_race_and_start_continues_it():
    at = run_app(PAGE, timeout=60)
    at.button(key="long_memory.adding.start").click().run(timeout=60)
    first = state(at).trainer.sequences
    assert state(at).running and 0 < first < TASK_SETTINGS["adding"].budget
    at.run(timeout=60)                                # one more cycle: training goes on
    seen = state(at).trainer.sequences
    assert state(at).running and seen > first
    at.button(key="long_memory.adding.stop").click().run(timeout=60)
    assert not state(at).running and state(at).trainer.sequences == seen
    at.run(timeout=60)
    assert state(at).trainer.sequences == seen        # stopped: nothing trains
    assert translate("live.status.stopped", "en") in at.get("progress")[0].proto.text
    assert at.button(key="long_memory.adding.start").label == translate("live.continue", "en")
    ours = " ".join(map(str, at.table[0].value.iloc[:, 1]))
    assert translate("long_memory.ours.not_yet", "en", n=lv.num(seen)) in ours
    at.button(key="long_memory.adding.start").click().run(timeout=60)
    assert state(at).running and state(at).trainer.sequences > seen
    at.button(key="long_memory.adding.stop").click().run(timeout=60)


def test_changing_a_setting_after_a_race_says_reset_applies_it(one_cycle):
    changed = translate("long_memory.settings_changed", "en")
    at = race()
    assert changed not in [w.value for w in at.warning]
    at.session_state["long_memory.adding.budget"] = 20_000   # only moves the finish line
    at.run(timeout=60)
    assert changed not in [w.value for w in at.warning]
    at.slider(key="long_memory.adding.hidden").set_value(16).run(timeout=60)
    assert translate("long_memory.settings_changed", "en") in [w.value for w in at.warning]
    assert state(at).trainer.config.hidden_size == 8


@pytest.mark.parametrize("task", ["temporal_order", "noise_free", "reber"])
def test_every_task_races_and_shows_its_paper_row_and_heatmaps(one_cycle, task):
    lag = TASK_SETTINGS[task].lag
    at = race(task=task, **({"lag": lag[0]} if lag else {}))
    assert state(at, task).done and len(at.metric) == len(MODELS)
    summary = at.expander[0].label                    # the settings, written out
    assert summary.startswith("⚙ Settings: " + (f"{'L' if task == 'temporal_order' else 'p'} = {lag[0]} · H = 8"
                                                  if lag else "H = 8"))
    assert len(at.get("vega_lite_chart")) == 2 + 1 + 6
    assert len(at.table[0].value) == 6
    if task == "reber":
        assert translate("long_memory.note.reber", "en").split("**")[-1][:40] in " ".join(texts(at))


def test_the_page_speaks_chinese(one_cycle):
    at = race(lang="zh")
    assert at.title[0].value.endswith("LSTM 为何而生")
    assert at.radio(key="long_memory.task").options[0] == "加法问题（实验 4）"
    labels = [m.label for m in at.metric]
    assert labels == [translate("long_memory.metric", "zh", model=translate(f"long_memory.model.{k}", "zh"))
                      for k in MODELS]
    assert list(at.table[0].value.columns) == ["论文（1997）", "这里"]
    assert translate("long_memory.loss.title", "zh") in charts_by_title(at)
    assert "条序列" in " ".join(texts(at))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_ablation_races_the_lstm_variants_and_ranks_them_beside_greff(lang, one_cycle):
    from lstm_core.long_memory.ablation import GREFF, rank
    from lstm_core.long_memory.models import VARIANT_MODELS
    at = run_app(PAGE, lang=lang, timeout=60)
    at.radio(key="long_memory.mode").set_value("ablation").run(timeout=60)
    at.session_state["long_memory.adding.budget"] = SHORT
    at.button(key="long_memory.adding.ablation.start").click().run(timeout=300)
    assert not at.exception, at.exception
    trainer = at.session_state["long_memory.adding.ablation.live"].trainer
    assert tuple(trainer.lanes) == VARIANT_MODELS and trainer.done
    assert translate("long_memory.ablation.heading", lang) in [h.value for h in at.subheader]
    table = at.table[0].value
    rows = rank(trainer)
    assert list(table.iloc[:, 1]) == [translate(f"long_memory.model.{r.model}", lang) for r in rows]
    greff = [translate(f"long_memory.greff.{GREFF[r.model].replace(' ', '_')}", lang) for r in rows]
    assert list(table.iloc[:, 3]) == greff


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_lag_sweep_is_a_button_labelled_with_its_budget_and_fills_a_table(lang, one_cycle):
    at = run_app(PAGE, lang=lang, timeout=60)
    at.session_state["long_memory.adding.budget"] = SHORT
    at.run(timeout=60)
    start = at.button(key="long_memory.sweep.adding.start")
    assert "10,000" in start.label
    start.click().run(timeout=600)
    assert not at.exception, at.exception
    sweep = at.session_state["long_memory.sweep.adding.live"].trainer
    assert sweep.done and list(sweep.results) == [10, 20, 50, 100]
    table = at.table[-1].value
    assert list(table.iloc[:, 0]) == ["T = 10", "T = 20", "T = 50", "T = 100"]
    sweep_chart = charts_by_title(at)[translate("long_memory.sweep.chart.title", lang)]
    frames = [chart_data(at, sweep_chart, d) for d in range(len(at.get("vega_lite_chart")[sweep_chart].proto.datasets))]
    points = [f for f in frames if "model" in f.columns]         # the solved lines and the ✗ marks
    assert sorted({lag for f in points for lag in f["lag"]}) == [10, 20, 50, 100]
    assert sum(len(f) for f in points) == 4 * len(MODELS)       # every model at every lag, once
    assert translate("long_memory.sweep.heading", lang) in [h.value for h in at.subheader]


def test_the_pace_in_sequences_a_second_reaches_the_shared_pace_in_steps_a_second():
    """2,000 sequences a second in batches of 64 is 31.25 steps a second for ui.live."""
    at = run_app(PAGE, timeout=60)
    at.select_slider(key="long_memory.pace").set_value(2_000).run()
    assert at.session_state["long_memory.adding.live"].pace == 2_000 / 64
    at.select_slider(key="long_memory.pace").set_value(0).run()
    assert at.session_state["long_memory.adding.live"].pace == 0


def test_a_model_that_stalls_on_the_chance_line_says_so(one_cycle):
    """At 10,000 sequences the plain RNN is still on the chance line: an error says it
    learned nothing that bridges the lag, with its loss against the chance loss."""
    at = race()
    trainer = state(at).trainer
    assert trainer.status("rnn") == "stalled"
    loss = trainer.lanes["rnn"].history[-1].test_loss
    name = translate("long_memory.model.rnn", "en")
    expected = translate("long_memory.verdict.stalled", "en", model=name, n=lv.num(trainer.sequences),
                         loss=f"{loss:.3g}", chance="0.0417", score="")
    assert expected.split("**")[-1] in [e.value.split("**")[-1] for e in at.error]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_that_diverges_says_so_and_cannot_train_on(one_cycle, lang):
    """NaN weights (what a too-large step leaves behind) make the loss NaN at the next
    batch: that model leaves the race with an error naming the learning rate; when every
    model has diverged, the progress bar says so and Start is disabled."""
    import numpy as np
    at = race(lang=lang)
    trainer = state(at).trainer
    first_bad = trainer.sequences + trainer.config.batch        # the next batch
    trainer.lanes["rnn"].model.W_y[:] = np.nan
    at.button(key="long_memory.adding.start").click().run(timeout=300)      # ▶ Train more
    assert not at.exception, at.exception
    assert trainer.status("rnn") == "diverged" and trainer.lanes["rnn"].diverged_after == first_bad
    name = translate("long_memory.model.rnn", lang)
    expected = translate("long_memory.verdict.diverged", lang, model=name, n=lv.num(first_bad),
                         lr="0.003", score="", chance="", loss="")
    assert expected.split("**", 1)[1] in [e.value.split("**", 1)[1] for e in at.error]   # the emoji is the icon
    assert translate("long_memory.ours.diverged", lang, n=lv.num(first_bad)) in " ".join(
        map(str, at.table[0].value.iloc[:, 1]))
    for lane in trainer.lanes.values():
        lane.model.W_y[:] = np.nan
    at.button(key="long_memory.adding.start").click().run(timeout=300)
    assert trainer.diverged
    assert translate("live.status.diverged", lang) in at.get("progress")[0].proto.text
    assert at.button(key="long_memory.adding.start").disabled


@pytest.mark.parametrize("extreme", ["low", "high"])
@pytest.mark.parametrize("task", ["temporal_order", "noise_free", "reber"])
def test_every_task_at_its_slider_extremes_trains_then_stops(task, extreme):
    """Each other task at both ends of its lag and hidden-size sliders: one training cycle,
    Stop, no error, the verdicts and the LSTM's heatmaps drawn."""
    lag = TASK_SETTINGS[task].lag
    settings = {"hidden": 1 if extreme == "low" else 64, "budget": 10_000 if extreme == "low" else 1_000_000}
    if lag:
        settings["lag"] = lag[0] if extreme == "low" else lag[1]
    at = run_app(PAGE, timeout=60)
    at.radio(key="long_memory.task").set_value(task).run(timeout=60)
    for name, value in settings.items():
        at.session_state[f"long_memory.{task}.{name}"] = value
    at.button(key=f"long_memory.{task}.start").click().run(timeout=300)
    if state(at, task).running:          # a 10,000-sequence race at the smallest lag may end in one cycle
        at.button(key=f"long_memory.{task}.stop").click().run(timeout=300)
    assert not at.exception, at.exception
    assert not state(at, task).running
    assert not at.error or all("**" in e.value for e in at.error)      # verdicts only, no bad settings
    trainer = state(at, task).trainer
    assert trainer is not None and trainer.sequences > 0
    assert trainer.config.hidden_size == settings["hidden"] and trainer.budget == settings["budget"]
    assert trainer.task == race_task(task, settings.get("lag"))
    assert len(at.get("vega_lite_chart")) >= 1 + 6
