"""Helpers of the long-memory page (``pages/5_Long_memory.py``): no Streamlit.

- ``MODEL_COLORS``: one colour per model of the race, by kind (a GRU or an LSTM variant
  gets one entry here and one name ``long_memory.model.<kind>`` in the strings).
- ``race_frame``, ``loss_chart``, ``score_chart``: every model's test loss and score at
  each checkpoint, against the chance line and the "solved" line.
- ``quantity_heatmap``: the one call into ``ui.charts.heatmap`` for the page.
- ``verdict``, ``paper_rows``, ``inside_caption``: the texts of the results, given ``tr``
  (the page's translate function, ``ui.i18n.t``).
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import MARKER_COLOR, OKABE_ITO, finish, heatmap

LINE_LEGEND = {"symbolType": "stroke", "symbolStrokeWidth": 3, "symbolSize": 400}
MODEL_COLORS = {"rnn": OKABE_ITO[5], "lstm": OKABE_ITO[0], "gru": OKABE_ITO[2]}  # vermillion, blue, green
CHART_HEIGHT = 260
HEAT_ROW, HEAT_MAX = 18, 300   # pixels per row of a heatmap, and at most


def model_color(kind: str, k: int) -> str:
    """The colour of model ``kind``, the k-th of the race (a colour of its own if it has none)."""
    return MODEL_COLORS.get(kind, OKABE_ITO[(k + 3) % len(OKABE_ITO)])


def num(n) -> str:
    """An integer with thousands separators: 86400 -> "86,400"."""
    return f"{int(n):,}"


def pct(x: float) -> str:
    return f"{x:.1%}" if np.isfinite(x) else "—"


# ---------------------------------------------------------------------------------------
# Charts


def race_frame(trainer, names: dict) -> pd.DataFrame:
    """One row per model and checkpoint: sequences, model (its shown name), test_loss,
    test_score. ``names`` {kind: shown name}."""
    rows = [(c.sequences, names[kind], c.test_loss, c.test_score)
            for kind, lane in trainer.lanes.items() for c in lane.history]
    frame = pd.DataFrame(rows, columns=["sequences", "model", "test_loss", "test_score"])
    return frame.astype({"sequences": int, "test_loss": float, "test_score": float})


def _lines(frame: pd.DataFrame, y: str, labels: dict, names: list, colors: list, scale, fmt: str,
           hover: bool) -> alt.Chart:
    return alt.Chart(frame).mark_line(
        strokeWidth=3, point=alt.OverlayMarkDef(size=60, opacity=0) if hover else False).encode(
        x=alt.X("sequences:Q", title=labels["x"], axis=alt.Axis(format="~s")),
        y=alt.Y(f"{y}:Q", title=labels["y"], scale=scale, axis=alt.Axis(format=fmt)),
        color=alt.Color("model:N", title=None, sort=names, scale=alt.Scale(domain=names, range=colors),
                        legend=alt.Legend(orient="top", **LINE_LEGEND)),
        tooltip=[alt.Tooltip("model:N", title=labels["series"]),
                 alt.Tooltip("sequences:Q", title=labels["x"], format=","),
                 alt.Tooltip(f"{y}:Q", title=labels["y"], format=fmt if fmt == ".1%" else ".4g")])


def _level(value: float, text: str, dash: list, fmt: str) -> list[alt.Chart]:
    """Two layers: a horizontal dashed line at ``value`` and ``text`` written on it."""
    data = pd.DataFrame({"value": [value], "text": [text]})
    rule = alt.Chart(data).mark_rule(color=MARKER_COLOR, strokeWidth=2, strokeDash=dash).encode(
        y="value:Q", tooltip=[alt.Tooltip("text:N", title=" "), alt.Tooltip("value:Q", format=fmt)])
    words = alt.Chart(data).mark_text(align="left", baseline="bottom", dx=4, dy=-3, fontSize=14,
                                      color=MARKER_COLOR).encode(x=alt.value(0), y="value:Q", text="text:N")
    return [rule, words]


def loss_chart(frame: pd.DataFrame, labels: dict, kinds: list, chance_loss: float, *,
               hover: bool = True) -> alt.LayerChart:
    """Test loss per model over the training sequences seen (log y), and the chance line.

    frame : ``race_frame``; labels : title, subtitle, x, y, series, chance, names {kind:
    name}; kinds : the race's models in order; hover : a tooltip on every point (off while
    training: each point is an SVG element the browser redraws).
    """
    names = [labels["names"][k] for k in kinds]
    colors = [model_color(k, n) for n, k in enumerate(kinds)]
    positive = frame[np.isfinite(frame["test_loss"]) & (frame["test_loss"] > 0)]
    lines = _lines(positive, "test_loss", labels, names, colors, alt.Scale(type="log"), ".3~g", hover)
    chance = _level(chance_loss, f"{labels['chance']} ({chance_loss:.3g})", [6, 4], ".4g")
    return finish([lines, *chance], labels["title"], subtitle=labels["subtitle"], height=CHART_HEIGHT)


def score_chart(frame: pd.DataFrame, labels: dict, kinds: list, chance_score: float,
                solved_at: float, *, hover: bool = True) -> alt.LayerChart:
    """Fraction of the test set right per model, the "solved" line and (if above zero) the
    chance score. labels : title, subtitle, x, y, series, solved, chance, names."""
    names = [labels["names"][k] for k in kinds]
    colors = [model_color(k, n) for n, k in enumerate(kinds)]
    lines = _lines(frame, "test_score", labels, names, colors, alt.Scale(domain=[0, 1]), ".0%", hover)
    layers = [lines, *_level(solved_at, f"{labels['solved']} ({solved_at:.0%})", [2, 3], ".1%")]
    if chance_score > 0:
        layers.extend(_level(chance_score, f"{labels['chance']} ({chance_score:.1%})", [6, 4], ".1%"))
    return finish(layers, labels["title"], subtitle=labels["subtitle"], height=CHART_HEIGHT)


def sweep_chart(table: dict, labels: dict, kinds: list, budget: int) -> alt.LayerChart:
    """Training sequences to solve against the lag, one line per model, from a lag sweep's
    ``table`` {lag: {kind: Row}}; a lag a model did not solve is a ✗ on the budget line.
    A vertical rule marks the plain RNN's limit: the largest lag it solved (none if it
    solved none). labels : title, subtitle, x, y, series, names, budget, limit."""
    names = [labels["names"][k] for k in kinds]
    colors = [model_color(k, n) for n, k in enumerate(kinds)]
    rows = [(lag, labels["names"][k], row[k].sequences if row[k].solved else budget, row[k].solved)
            for lag, row in table.items() for k in kinds if k in row]
    frame = pd.DataFrame(rows, columns=["lag", "model", "sequences", "solved"])
    x = alt.X("lag:Q", title=labels["x"], scale=alt.Scale(type="log"), axis=alt.Axis(values=sorted(table)))
    y = alt.Y("sequences:Q", title=labels["y"], scale=alt.Scale(domain=[0, budget]), axis=alt.Axis(format="~s"))
    color = alt.Color("model:N", title=None, sort=names, scale=alt.Scale(domain=names, range=colors),
                      legend=alt.Legend(orient="top", **LINE_LEGEND))
    tooltip = [alt.Tooltip("model:N", title=labels["series"]), alt.Tooltip("lag:Q", title=labels["x"]),
               alt.Tooltip("sequences:Q", title=labels["y"], format=",")]
    solved, unsolved = frame[frame["solved"]], frame[~frame["solved"]]
    layers = _level(budget, f"{labels['budget']} ({budget:,})", [2, 3], ",")
    if len(solved):                # an empty layer makes Vega warn of an infinite extent
        layers.append(alt.Chart(solved).mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=80)).encode(
            x=x, y=y, color=color, tooltip=tooltip))
    if len(unsolved):
        layers.append(alt.Chart(unsolved).mark_text(text="✗", fontSize=20, fontWeight="bold").encode(
            x=x, y=y, color=color, tooltip=tooltip))
    rnn = [lag for lag, row in table.items() if "rnn" in row and row["rnn"].solved]
    if rnn:
        limit = pd.DataFrame({"lag": [max(rnn)], "text": [labels["limit"]]})
        layers += [alt.Chart(limit).mark_rule(color=model_color("rnn", 0), strokeWidth=2, strokeDash=[6, 4]).encode(
                       x="lag:Q", tooltip=[alt.Tooltip("text:N", title=" "), alt.Tooltip("lag:Q", title=labels["x"])]),
                   alt.Chart(limit).mark_text(align="left", dx=4, dy=8, baseline="top", fontSize=14,
                                              color=model_color("rnn", 0)).encode(x="lag:Q", y=alt.value(0),
                                                                                   text="text:N")]
    return finish(layers, labels["title"], subtitle=labels["subtitle"], height=CHART_HEIGHT)


def quantity_heatmap(values, title: str, kind: str, *, x_label: str, y_label: str) -> alt.LayerChart:
    """values (n, H) over time as a heatmap: the page's one call into ``ui.charts.heatmap``.
    Rows of ``HEAT_ROW`` pixels (at most ``HEAT_MAX``), so seven of them stacked stay short."""
    height = int(np.clip(HEAT_ROW * np.shape(values)[1], 60, HEAT_MAX))
    return heatmap(values, title, kind, x_label=x_label, y_label=y_label, height=height)


# ---------------------------------------------------------------------------------------
# Texts


def verdict(trainer, kind: str, running: bool, name: str, tr) -> tuple[str, str]:
    """(level, text) of model ``kind``: level is "success", "info", "warning" or "error"."""
    lane = trainer.lanes[kind]
    status = trainer.status(kind)
    last = lane.history[-1] if lane.history else None
    values = {"model": name, "score": pct(lane.score), "chance": f"{trainer.task.chance.loss:.3g}",
              "loss": f"{last.test_loss:.3g}" if last else "—"}
    if status == "solved":
        return "success", tr("long_memory.verdict.solved", n=num(lane.solved_after),
                             seconds=f"{lane.seconds:.1f}", **values)
    if status == "diverged":
        return "error", tr("long_memory.verdict.diverged", n=num(lane.diverged_after),
                           lr=f"{trainer.config.lr:g}", **values)
    if status in ("stalled", "unsolved"):
        return ("error" if status == "stalled" else "warning"), \
            tr(f"long_memory.verdict.{status}", n=num(trainer.sequences), **values)
    trend = "chance" if trainer.on_chance_line(kind) else "learning"
    if running:                    # changes at each test only: fewer redraws while training
        return "info", tr(f"long_memory.verdict.running.{trend}", n=num(last.sequences if last else 0),
                          **values)
    return "info", tr(f"long_memory.verdict.stopped.{trend}", n=num(trainer.sequences), **values)


def _ours(trainer, kind: str, tr) -> str:
    lane = trainer.lanes[kind]
    if lane.solved_after is not None:
        return tr("long_memory.ours.solved", n=num(lane.solved_after))
    if lane.diverged_after is not None:
        return tr("long_memory.ours.diverged", n=num(lane.diverged_after))
    if trainer.sequences >= trainer.budget:
        return tr("long_memory.ours.not_solved", n=num(trainer.sequences))
    return tr("long_memory.ours.not_yet", n=num(trainer.sequences))


def task_lag(task) -> int | None:
    """The lag a task was made with: T (adding), length (temporal order), p (noise-free);
    None for the embedded Reber grammar."""
    return getattr(task, "T", getattr(task, "length", getattr(task, "p", None)))


def paper_rows(name: str, paper: dict, trainer, tr) -> list[tuple[str, str, str]]:
    """(what, the paper, here) rows for task ``name``: ``paper`` is its entry of
    ``lstm_core.long_memory.PAPER``, ``trainer`` a RaceTrainer (the settings and results)."""
    task, cfg = trainer.task, trainer.config
    lag = task_lag(task)
    min_lag = getattr(task, "min_lag", None)
    paper_lstm = tr("long_memory.paper.lstm.adding") if name == "adding" else \
        tr("long_memory.paper.lstm", n=num(paper["sequences"]))
    paper_rnn = tr(f"long_memory.paper.rnn.{name}") if name in ("noise_free", "reber") else \
        tr("long_memory.paper.rnn.none")
    extra = tr(f"long_memory.ours.criterion.{name}") if name in ("noise_free", "reber") else ""
    paper_lr = tr("long_memory.paper.training.lr", lr=paper["learning_rate"]) \
        if "learning_rate" in paper else ""
    rows = [
        (tr("long_memory.row.lag"), tr(f"long_memory.paper.lag.{name}"),
         tr(f"long_memory.ours.lag.{name}", lag=lag, min_lag=min_lag)),
        (tr("long_memory.row.lstm"), paper_lstm, _ours(trainer, "lstm", tr) if "lstm" in trainer.lanes else "—"),
        (tr("long_memory.row.rnn"), paper_rnn,
         tr("long_memory.ours.rnn", result=_ours(trainer, "rnn", tr)) if "rnn" in trainer.lanes else "—"),
        (tr("long_memory.row.criterion"), tr(f"long_memory.paper.criterion.{name}"),
         tr("long_memory.ours.criterion", solved=f"{cfg.solved_at:.0%}", n=num(cfg.test_size),
            extra=extra, every=num(cfg.eval_every))),
        (tr("long_memory.row.training"), tr("long_memory.paper.training", lr=paper_lr),
         tr("long_memory.ours.training", bias=f"{cfg.forget_bias:g}", lr=f"{cfg.lr:g}", batch=cfg.batch,
            clip=f"{cfg.clip:g}", loss=tr(f"long_memory.loss.{task.loss}"))),
    ]
    sizes = {k: num(lane.model.n_weights) for k, lane in trainer.lanes.items()}
    if "lstm" in sizes and "rnn" in sizes:
        paper_size = tr("long_memory.paper.size.adding") if name == "adding" else "—"
        rows.append((tr("long_memory.row.size"), paper_size,
                     tr("long_memory.ours.size", H=cfg.hidden_size, lstm=sizes["lstm"], rnn=sizes["rnn"])))
    return rows


def inside_caption(look, loss: str, tr) -> str:
    """What a student should know about the sequence shown: the steps the answer needs, where
    it is scored, and the target against the output. ``look`` an ``Inside``; ``loss`` the
    task's kind of loss."""
    scored = np.flatnonzero(look.scored)
    where = tr("long_memory.inside.every_step") if len(scored) == len(look.scored) else \
        tr("long_memory.inside.step_list", steps=", ".join(str(s) for s in scored))
    right = tr("long_memory.inside.right" if look.correct else "long_memory.inside.wrong")
    last = scored[-1]
    if loss == "mse":
        result = tr("long_memory.inside.value", target=f"{look.target[last, 0]:.3f}",
                    output=f"{look.output[last, 0]:.3f}", verdict=right)
    else:                          # the weakest right answer over the scored steps
        right_p = np.where(look.target[scored] > 0.5, look.output[scored], np.inf)   # (S, K)
        result = tr("long_memory.inside.prob", p=f"{float(right_p.min()):.2f}", verdict=right)
    return tr("long_memory.inside.steps", memory=", ".join(str(s) for s in look.memory),
              scored=where, result=result)
