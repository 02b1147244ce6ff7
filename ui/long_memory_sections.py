"""Two sections of the long-memory page (``pages/5_Long_memory.py``) that draw with Streamlit:
the ranking of the LSTM variants beside Greff et al. 2017, and the lag sweep, started by the
user and trained live (a ``ui.live.LiveTrainer`` of its own, prefix ``long_memory.sweep``)."""
from __future__ import annotations

import streamlit as st

from lstm_core.long_memory.ablation import SWEEP_LAGS, Sweep, rank
from lstm_core.long_memory.models import MODELS
from ui.i18n import t
from ui.live import LiveTrainer
from ui.long_memory_views import num, pct, sweep_chart


def _result(row) -> str:
    if row.status == "solved":
        return t("long_memory.ablation.solved", n=num(row.sequences))
    if row.status == "diverged":
        return t("long_memory.ours.diverged", n=num(row.sequences))
    key = "long_memory.ablation.running" if row.status == "running" else "long_memory.ablation.not_solved"
    return t(key, n=num(row.sequences), loss=f"{row.test_loss:.3g}", score=pct(row.score))


def ablation_table(trainer, names: dict) -> None:
    """The race's variants ranked (``ablation.rank``) beside Greff's finding for each."""
    from lstm_core.long_memory.ablation import GREFF, GREFF_CITATION
    st.subheader(t("long_memory.ablation.heading"))
    st.markdown(t("long_memory.ablation.greff", citation=GREFF_CITATION))
    rows = rank(trainer)
    st.table({t("long_memory.ablation.col.rank"): [r.rank for r in rows],
              t("long_memory.ablation.col.model"): [names[r.model] for r in rows],
              t("long_memory.ablation.col.here"): [_result(r) for r in rows],
              t("long_memory.ablation.col.greff"): [t(f"long_memory.greff.{GREFF[r.model].replace(' ', '_')}")
                                                    for r in rows]})
    st.caption(t("long_memory.ablation.honest", seed=trainer.config.seed))


def sweep_section(task_name: str, config) -> None:
    """A button that races every model at each lag of SWEEP_LAGS with ``config``'s settings,
    live, and the table of the lags finished so far."""
    st.subheader(t("long_memory.sweep.heading"))
    lags = tuple(lag for lag in SWEEP_LAGS)
    st.markdown(t("long_memory.sweep.intro", lags=", ".join(map(str, lags)), budget=num(config.budget),
                  n=len(lags) * len(MODELS)))
    live = LiveTrainer(f"long_memory.sweep.{task_name}", build=lambda s: Sweep(s[0], lags, MODELS, s[1]),
                       settings=lambda: (task_name, config),
                       target=lambda sweep: sweep.epochs)
    live.buttons(labels={"start": t("long_memory.sweep.start", budget=num(config.budget))})
    names = {kind: t(f"long_memory.model.{kind}") for kind in MODELS}

    def draw(s, ui) -> None:
        sweep = s.trainer
        if sweep is None:
            ui.at("progress").progress(0.0, text=t("live.progress.idle"))
            return
        where = t("long_memory.sweep.at", lag=sweep.lag) if sweep.lag else t("live.status.finished")
        ui.at("progress").progress(sweep.progress, text=f"{sweep.progress:.0%} · {where} · {s.seconds:.1f} s")
        table = sweep.table()
        if table:
            ui.at("chart").altair_chart(sweep_chart(table, {
                "title": t("long_memory.sweep.chart.title"), "subtitle": t("long_memory.sweep.chart.subtitle"),
                "x": t("long_memory.sweep.chart.x"), "y": t("long_memory.sweep.chart.y"),
                "series": t("long_memory.series"), "names": names, "budget": t("long_memory.sweep.chart.budget"),
                "limit": t("long_memory.sweep.chart.limit")}, list(MODELS), sweep.config.budget), width="stretch")
            ui.at("table").table({t("long_memory.sweep.col.lag"): [f"T = {lag}" for lag in table]} | {
                names[m]: [t("long_memory.ablation.solved", n=num(row[m].sequences)) if row[m].solved else
                           t("long_memory.sweep.no") for row in table.values()] for m in MODELS})

    live.fragment(draw, progress=False)
