"""The class's answers to one question as a histogram, in the app's chart theme (``ui.charts``).

Drawn on the teacher's screen by ``ui.live_class`` before and after the reveal.
"""
import altair as alt
import numpy as np
import pandas as pd

from ui import charts
from ui.i18n import t

MAX_BINS = 12             # bins of a number question's histogram at most


def histogram(values: list[float], kind: str, names: list[str], answer=None) -> alt.LayerChart:
    """The class's answers: one bar per choice (``kind`` "choice", ``names`` their labels),
    or counts in up to ``MAX_BINS`` bins of the numbers; ``answer`` (after the reveal) is
    drawn in the highlight colour (a choice) or as a rule (a number)."""
    count = alt.Y("count:Q", title=t("live_class.axis.count"), axis=alt.Axis(tickMinStep=1))
    if kind == "choice":
        counts = np.bincount(np.asarray(values, int), minlength=len(names))[:len(names)] if values else \
            np.zeros(len(names), int)
        right = [answer is not None and k == int(answer) for k in range(len(names))]
        data = pd.DataFrame({"choice": names, "count": counts, "right": right})
        colour = alt.Color("right:N", scale=alt.Scale(domain=[False, True], range=[charts.OKABE_ITO[0],
                                                                                   charts.OKABE_ITO[2]]), legend=None)
        bars = alt.Chart(data).mark_bar().encode(
            x=alt.X("choice:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)), y=count, color=colour,
            tooltip=[alt.Tooltip("choice:N", title=t("live_class.axis.choice")), alt.Tooltip("count:Q", title=t("live_class.axis.count"))])
        return charts.finish([bars], t("live_class.chart_title"), height=220)
    points = list(values) + ([float(answer)] if answer is not None else [])
    lo, hi = (min(points), max(points)) if points else (0.0, 1.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(values, bins=min(MAX_BINS, max(1, len(values))), range=(lo, hi))
    data = pd.DataFrame({"from": edges[:-1], "to": edges[1:], "count": counts})
    x = alt.X("from:Q", title=t("live_class.axis.value"), scale=alt.Scale(domain=[lo, hi], nice=False))
    layers = [alt.Chart(data).mark_bar(color=charts.OKABE_ITO[0], stroke="white").encode(
        x=x, x2="to:Q", y=count,
        tooltip=[alt.Tooltip("from:Q", format=charts.EXACT_FORMAT, title=t("live_class.axis.from")),
                 alt.Tooltip("to:Q", format=charts.EXACT_FORMAT, title=t("live_class.axis.to")),
                 alt.Tooltip("count:Q", title=t("live_class.axis.count"))])]
    if answer is not None:
        layers.append(alt.Chart(pd.DataFrame({"from": [float(answer)]})).mark_rule(
            color=charts.OKABE_ITO[5], strokeWidth=3).encode(
            x=x, tooltip=[alt.Tooltip("from:Q", format=charts.EXACT_FORMAT, title=t("live_class.axis.answer"))]))
    return charts.finish(layers, t("live_class.chart_title"), height=220)
