"""Why LSTMs exist: a plain RNN and an LSTM race, live, on the long-time-lag tasks of
Hochreiter & Schmidhuber 1997, on one stream of sequences; the paper's figure beside ours;
then inside the trained model on one test sequence.

Training is ``lstm_core.long_memory.trainer.RaceTrainer`` driven by ``ui.live.LiveTrainer``,
one per task (prefix ``long_memory.<task>``), so switching tasks keeps each race. The models
of a race are ``lstm_core.long_memory.models.MODELS``: a GRU or an LSTM variant added there
joins the race, the charts, the verdicts and the heatmaps with no change here.
"""

from dataclasses import replace

import streamlit as st

from lstm_core.long_memory import PAPER
from lstm_core.long_memory.models import MODELS, VARIANT_MODELS, inside
from lstm_core.long_memory.trainer import TASK_SETTINGS, RaceConfig, RaceTrainer, race_task
from ui import cell_handoff, charts, links
from ui import long_memory_views as lv
from ui.long_memory_sections import ablation_table, sweep_section
from ui.i18n import option_labels, t, translate
from ui.layout import PAGE_BY_KEY, page_setup
from ui.live import LiveTrainer

page_setup("long_memory")
links.restore("long_memory")             # a link's settings, before any widget
ss = st.session_state
KEEP = "session"                                  # settings survive a visit to another page
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)
BUDGETS = (10_000, 20_000, 30_000, 50_000, 100_000, 200_000, 300_000, 500_000, 1_000_000)
PACES = (0, 20_000, 5_000, 2_000, 500)            # training sequences a second; 0: full speed
DEFAULT = RaceConfig()

st.title(f"{PAGE_BY_KEY['long_memory'].icon} {t('long_memory.title')}")
st.markdown(t("long_memory.intro"))
task_col, desc_col = st.columns([1, 2], gap="large")
task_name = task_col.radio(t("long_memory.task"), tuple(TASK_SETTINGS), key="long_memory.task",
                           format_func=option_labels("long_memory.task"), persist_state=KEEP)
defaults = TASK_SETTINGS[task_name]
mode = task_col.radio(t("long_memory.mode"), ("race", "ablation"), key="long_memory.mode",
                      format_func=option_labels("long_memory.mode"), persist_state=KEEP) \
    if task_name == "adding" else "race"
KINDS = VARIANT_MODELS if mode == "ablation" else MODELS


def widget(name: str) -> str:
    return f"long_memory.{task_name}.{name}"


def read_settings() -> tuple[str, int | None, RaceConfig]:
    """(task, lag, config) from the task's widgets (defaults before they are drawn)."""
    lag = ss.get(widget("lag"), defaults.lag[2]) if defaults.lag else None
    return task_name, lag, RaceConfig(
        hidden_size=int(ss.get(widget("hidden"), DEFAULT.hidden_size)),
        lr=float(ss.get(widget("lr"), defaults.lr)),
        forget_bias=float(ss.get(widget("forget_bias"), DEFAULT.forget_bias)),
        budget=int(ss.get(widget("budget"), defaults.budget)), seed=int(ss.get(widget("seed"), 0)))


def same_race(a, b) -> bool:
    """Whether two settings describe the same race (the budget only moves the finish line)."""
    return a[:2] == b[:2] and replace(a[2], budget=1) == replace(b[2], budget=1)


def build(settings) -> RaceTrainer:
    name, lag, config = settings
    return RaceTrainer(race_task(name, lag), config, KINDS)


def resume(trainer, settings) -> None:
    """Train more: a finished race gets the budget again; a stopped one the budget set now."""
    budget = settings[2].budget
    trainer.train_to(trainer.budget + budget if trainer.done else max(budget, trainer.budget))


live = LiveTrainer(f"long_memory.{task_name}" + (".ablation" if mode == "ablation" else ""), build=build, settings=read_settings, resume=resume,
                   target=lambda trainer: trainer.epochs)
state = live.state
_, lag, config = read_settings()
task = race_task(task_name, lag)
desc_col.info(t(f"long_memory.desc.{task_name}", chance_loss=f"{task.chance.loss:.3g}",
                chance_score=lv.pct(task.chance.score)))
if task_name == "reber":
    desc_col.warning(t("long_memory.note.reber"))

summary = t("long_memory.settings_summary", lag=t(f"long_memory.lag_short.{task_name}", lag=lag) if lag else "",
            H=config.hidden_size, lr=f"{config.lr:g}", bias=f"{config.forget_bias:g}", seed=config.seed,
            budget=lv.num(config.budget))
with st.expander(summary, key="long_memory.settings_box"):
    c1, c2, c3 = st.columns(3, gap="large")
    if defaults.lag:
        low, high, default_lag = defaults.lag
        c1.slider(t(f"long_memory.lag.{task_name}"), low, high, default_lag, key=widget("lag"),
                  persist_state=KEEP)
    else:
        c1.caption(t("long_memory.no_lag"))
    c1.slider(t("long_memory.hidden"), 1, 64, DEFAULT.hidden_size, key=widget("hidden"), persist_state=KEEP)
    c2.select_slider(t("long_memory.lr"), LEARNING_RATES, defaults.lr, key=widget("lr"),
                     format_func=lambda v: f"{v:g}", help=t("long_memory.lr_help"), persist_state=KEEP)
    c2.slider(t("long_memory.forget_bias"), -2.0, 5.0, DEFAULT.forget_bias, step=0.5, key=widget("forget_bias"),
              help=t("long_memory.forget_bias_help"), persist_state=KEEP)
    c3.select_slider(t("long_memory.budget"), BUDGETS, defaults.budget, key=widget("budget"),
                     format_func=lv.num, help=t("long_memory.budget_help"), persist_state=KEEP)
    c3.number_input(t("long_memory.seed"), 0, 9_999, 0, key=widget("seed"), persist_state=KEEP)
    st.caption(t("long_memory.forget_bias_why"))

lang = ss["lang"]
if state.error:
    st.error(t("long_memory.bad_settings", detail=state.error))
if state.has_model and not same_race(state.settings, read_settings()):
    st.warning(t("long_memory.settings_changed"))
button_col, pace_col = st.columns([3, 1], gap="medium", vertical_alignment="bottom")
with button_col:
    live.buttons(labels={"step": t("long_memory.step", batch=DEFAULT.batch)},
                 disabled=state.has_model and state.trainer.finished)
pace = pace_col.select_slider(
    t("long_memory.pace"), PACES, 0, key="long_memory.pace", help=t("long_memory.pace_help"),
    format_func=lambda v: translate("long_memory.pace.full", lang) if v == 0 else
    translate("long_memory.pace.rate", lang, rate=lv.num(v)), persist_state=KEEP)
live.set_pace(pace / config.batch)   # the shared pace counts steps: one batch each

NAMES = {kind: t(f"long_memory.model.{kind}") for kind in KINDS}


def chart_labels(kind: str, trainer) -> dict:
    common = {"x": t("long_memory.axis.sequences"), "series": t("long_memory.series"), "names": NAMES,
              "chance": t("long_memory.loss.chance")}
    if kind == "loss":
        return {**common, "title": t("long_memory.loss.title"), "subtitle": t("long_memory.loss.subtitle"),
                "y": t("long_memory.loss.y")}
    return {**common, "title": t("long_memory.score.title"), "y": t("long_memory.score.y"),
            "solved": t("long_memory.score.solved"),
            "subtitle": t("long_memory.score.subtitle", n=lv.num(trainer.config.test_size),
                          solved=f"{trainer.config.solved_at:.0%}")}


def changed(ui, slot: str, version) -> bool:
    """Whether element ``slot`` must be (re)drawn: not yet drawn in this fragment run, or
    ``version`` (what it shows) moved since."""
    drawn = ss.setdefault("long_memory.drawn", {})
    if slot in ui and drawn.get(slot) == version:
        return False
    drawn[slot] = version
    return True


def draw(s, ui) -> None:
    """Progress, the two charts and each model's verdict; after every cycle while training."""
    trainer = s.trainer
    if trainer is None:
        ui.at("progress").progress(0.0, text=t("live.progress.idle"))
        ui.at("hint").info(t("long_memory.press_start"))
        return
    status = ("running" if s.running else "diverged" if s.diverged else "finished" if s.done
              else "stopped")
    ui.at("progress").progress(min(trainer.sequences / trainer.budget, 1.0), text=t(
        "long_memory.progress", seen=lv.num(trainer.sequences), budget=lv.num(trainer.budget),
        rate=lv.num(s.rate * trainer.config.batch), elapsed=f"{s.seconds:.1f}",
        status=t(f"live.status.{status}")))
    points = sum(len(lane.history) for lane in trainer.lanes.values())
    left, right = ui.columns("charts", 2, gap="medium")
    if points and changed(ui, "loss", (s.run_id, points, s.running, lang)):
        frame = lv.race_frame(trainer, NAMES)
        kinds = list(trainer.lanes)
        ui.at("loss", left).altair_chart(lv.loss_chart(
            frame, chart_labels("loss", trainer), kinds, trainer.task.chance.loss, hover=not s.running),
            width="stretch")
        ui.at("score", right).altair_chart(lv.score_chart(
            frame, chart_labels("score", trainer), kinds, trainer.task.chance.score,
            trainer.config.solved_at, hover=not s.running), width="stretch")
    per_row = min(len(trainer.lanes), 4)               # 8 variants: two rows of four
    cols = [c for r in range(-(-len(trainer.lanes) // per_row))
            for c in ui.columns(f"models.{r}", per_row, gap="medium")]
    for col, (kind, lane) in zip(cols, trainer.lanes.items()):
        ui.at(f"metric.{kind}", col).metric(t("long_memory.metric", model=NAMES[kind]),
                                            lv.pct(lane.score) if lane.history else "—",
                                            help=t("long_memory.metric_help", n=lv.num(trainer.config.test_size)))
        level, text = lv.verdict(trainer, kind, s.running, NAMES[kind], t)
        getattr(ui.at(f"verdict.{kind}", col), level)(text)


live.fragment(draw, progress=False)

trainer = state.trainer
if trainer is not None and not state.running:
    if mode == "ablation":
        ablation_table(trainer, NAMES)
    st.subheader(t("long_memory.paper.heading"))
    st.markdown(t("long_memory.paper.intro", section=PAPER[task_name]["section"]))
    rows = lv.paper_rows(task_name, PAPER[task_name], trainer, t)
    st.table({t("long_memory.paper.col.paper"): {what: paper for what, paper, _ in rows},
              t("long_memory.paper.col.ours"): {what: ours for what, _, ours in rows}})

    if task_name != "reber":
        st.caption(t(f"long_memory.note.{task_name}"))

    st.subheader(t("long_memory.inside.heading"))
    kinds = list(trainer.lanes)
    c1, c2 = st.columns(2, gap="large")
    kind = c1.radio(t("long_memory.inside.model"), kinds, index=len(kinds) - 1, key=f"long_memory.inside_model.{mode}",
                    horizontal=True, format_func=option_labels("long_memory.model"))
    n_shown = min(20, trainer.config.test_size)
    sample = c2.number_input(t("long_memory.inside.sample"), 1, n_shown, 1, key="long_memory.sample")
    look = inside(trainer.lanes[kind].model, trainer.task, trainer.test, int(sample) - 1)
    if trainer.sequences == 0:
        st.caption(t("long_memory.inside.not_trained"))
    st.markdown(t("long_memory.inside.intro"))
    st.markdown(lv.inside_caption(look, trainer.task.loss, t))
    if st.button(t("long_memory.open_cell", sample=int(sample)), key="long_memory.open_cell", type="primary",
                 disabled=kind != "lstm" or not PAGE_BY_KEY["cell"].exists(),
                 help=t("long_memory.open_cell_help" if kind == "lstm" else "long_memory.open_cell_lstm_only")):
        cell_handoff.offer(trainer.lanes[kind].model.cell, look.x, task=task_name, lag=lv.task_lag(trainer.task),
                           sample=int(sample), sequences=trainer.sequences, memory=look.memory)
        st.switch_page(PAGE_BY_KEY["cell"].path)
    # One under the other at full width, so a time step is one column through all of them.
    panels = [("x", look.x, "signed", "long_memory.axis.input")] + [
        (q, values, charts.KIND.get(q, look.kinds[q]), "common.axis.unit") for q, values in look.quantities.items()]
    for q, values, scale, y_label in panels:
        st.altair_chart(lv.quantity_heatmap(values, t(f"long_memory.q.{q}"), scale, x_label=t("common.axis.time"),
                                            y_label=t(y_label)), width="stretch")

if defaults.lag:
    sweep_section(task_name, config)
links.publish("long_memory")
