"""Drawing helpers of the cell page (``pages/1_Cell.py``): pure functions, no Streamlit.

- ``run_cell``: the forward pass plus what the page writes into its equations.
- ``diagram_svg``: the colah-style cell diagram with the values of one unit at one t.
- ``step_latex``: each of the four steps' equations with the numbers filled in.
- ``unit_lines``: a quantity over time for a few units, with the input on its own axis.
- ``trace_csv``: the whole trace as CSV.
- ``gate_color``/``signed_color``: the heatmaps' colour scales, so a gate box in the
  diagram has exactly the colour of its heatmap cell.

Texts are passed in already translated, as for ``ui.charts``.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import altair as alt
import numpy as np
import pandas as pd

from lstm_core import (ForecasterParams, LSTMParams, forecaster_forward, forward, init_params,
                       pre_activations)
from lstm_core.cell import GATES, pre_activation_parts
from lstm_core.presets import PRESETS
from ui.charts import AUTOSIZE, MARKER_COLOR, OKABE_ITO, drop_default_view, exact, finish
from ui.equations import CELL, HIDDEN, STEPS

QUANTITIES = ("f", "i", "a", "o", "c", "h")  # what the trace holds, in the order of the steps
SIGNED = ("a", "c", "h")  # drawn on the diverging scale; f, i, o are gates in (0, 1)
BOUNDED = ("a", "h")      # tanh outputs, in (-1, 1): their scale is fixed, not fitted to the data
FUNCTION = {"f": r"\sigma", "i": r"\sigma", "a": r"\tanh", "o": r"\sigma"}
MINUS = "\u2212"  # the typographic minus, for numbers in text and in the diagram

# Vega's colour schemes as the browser draws them: Vega interpolates linearly in RGB
# between these stops (vega-scale's interpolateColors, "rgb"). Copied from vega-scale.
VIRIDIS = ("440154470e61481a6c482575472f7d443a834144873d4e8a39568c35608d31688e2d708e2a788e"
           "27818e23888e21918d1f988b1fa08822a8842ab07f35b77943bf7154c56866cc5d7ad1518fd744a5"
           "db36bcdf27d2e21be9e51afde725")
BLUE_ORANGE = "134b852f78b35da2cb9dcae1d2e5eff2f0ebfce0bafbbf74e8932fc5690d994a07"


# ---------------------------------------------------------------------------------------
# The run: forward pass + what the equations show


@dataclass
class CellRun:
    """One forward pass of one layer over one sequence, time first.

    ``x`` (T, D) the input; ``f, i, a, o, c, h`` (T, H) the trace; ``c_prev, h_prev``
    (T, H) the states each step starts from; ``z`` maps each gate to its pre-activation
    (T, H), split in ``z_h`` (the part from h_{t-1}, (T, H)), ``z_x`` (the part from x_t,
    (T, H)) and ``bias`` (H,), so ``z[g] = z_h[g] + z_x[g] + bias[g]``.
    """

    x: np.ndarray
    f: np.ndarray
    i: np.ndarray
    a: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray
    c_prev: np.ndarray
    h_prev: np.ndarray
    z: dict
    z_h: dict
    z_x: dict
    bias: dict

    @property
    def steps(self) -> int:
        return self.x.shape[0]

    @property
    def units(self) -> int:
        return self.h.shape[1]

    def scale(self, q: str) -> float:
        """The half-width m of the diverging scale [-m, m] the heatmap of ``q`` uses: 1 for
        the tanh outputs ã and h, the largest |c| of the whole sequence for c."""
        if q in BOUNDED:
            return 1.0
        values = getattr(self, q)
        m = float(np.abs(values[np.isfinite(values)]).max()) if np.isfinite(values).any() else 0.0
        return m if m > 0 else 1.0

    def at(self, t: int, j: int) -> dict[str, float]:
        """Every value of unit ``j`` at step ``t``: the trace, the states it starts from,
        the pre-activations and their parts (``z_f``, ``zh_f``, ``zx_f``, ``b_f``, ...),
        ``x`` (the input, when D = 1) and ``tanh_c``."""
        out = {q: float(getattr(self, q)[t, j]) for q in QUANTITIES}
        out["c_prev"] = float(self.c_prev[t, j])
        out["h_prev"] = float(self.h_prev[t, j])
        out["tanh_c"] = float(np.tanh(self.c[t, j]))
        out["x"] = float(self.x[t, 0]) if self.x.shape[1] == 1 else float("nan")
        for g in GATES:
            out[f"z_{g}"] = float(self.z[g][t, j])
            out[f"zh_{g}"] = float(self.z_h[g][t, j])
            out[f"zx_{g}"] = float(self.z_x[g][t, j])
            out[f"b_{g}"] = float(self.bias[g][j])
        return out


def run_cell(params: LSTMParams, x: np.ndarray) -> CellRun:
    """Run ``params`` over ``x`` (T, D) from zero states and split every pre-activation.

    The split uses the same weights as ``lstm_core.forward``: the first H columns of
    ``W_g`` act on h_{t-1}, the last D on x_t.
    """
    x = np.asarray(x, dtype=float)
    trace = forward(params, x)
    z = pre_activations(params, trace)              # each (T, H)
    parts = pre_activation_parts(params, trace)     # g -> (z_h (T, H), z_x (T, H), b (H,))
    h_prev = trace.h_prev                           # (T, H)
    z_h = {g: p[0] for g, p in parts.items()}
    z_x = {g: p[1] for g, p in parts.items()}
    bias = {g: p[2] for g, p in parts.items()}
    return CellRun(x=x, f=trace.f.copy(), i=trace.i.copy(), a=trace.a.copy(), o=trace.o.copy(),
                   c=trace.c.copy(), h=trace.h.copy(), c_prev=trace.c_prev, h_prev=h_prev,
                   z=z, z_h=z_h, z_x=z_x, bias=bias)


def cell_and_input(weights: tuple, x: np.ndarray, trained_arrays: dict | None = None):
    """The layer's weights and its input for a choice of the page's weights.

    ``weights`` is ``("random", H, seed, forget_bias)``, ``(preset_name,)`` (a key of
    ``lstm_core.presets.PRESETS``) or ``("trained", layer)`` with ``trained_arrays`` the
    forecaster's ``to_npz_dict()``. ``x`` is the sequence (T, 1). Layer k > 0 of a trained
    model reads the h of layer k - 1, so its input is (T, H of layer k - 1).

    Returns (LSTMParams, input (T, D)).
    """
    kind = weights[0]
    if kind == "random":
        _, H, seed, forget_bias = weights
        return init_params(1, H, seed=seed, forget_bias=forget_bias), x
    if kind == "trained":
        model = ForecasterParams.from_npz_dict(trained_arrays)
        layer = weights[1]
        if not 0 <= layer < len(model.layers):
            raise ValueError(f"layer must be between 0 and {len(model.layers) - 1}, got {layer}")
        if layer > 0:
            _, traces = forecaster_forward(model, x[:, None, :])    # a batch of one: (T, 1, 1)
            x = traces[layer - 1].h[:, 0, :]                        # (T, H of layer k - 1)
        return model.layers[layer], x
    if kind in PRESETS:
        return PRESETS[kind](), x
    raise ValueError(f"weights must be random, trained or one of {sorted(PRESETS)}, got {kind!r}")


# ---------------------------------------------------------------------------------------
# Numbers and colours


def fmt(value: float, digits: int = 3, minus: str = "-") -> str:
    """``value`` with ``digits`` decimals; never "-0.000"; ``minus`` spells the sign."""
    if not np.isfinite(value):
        return str(value)
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", minus)


def percent(value: float) -> str:
    """A gate value as a whole percentage, "63%"."""
    return f"{100 * value:.0f}%"


def _stops(hex_string: str) -> np.ndarray:
    return np.array([[int(hex_string[k + c:k + c + 2], 16) for c in (0, 2, 4)]
                     for k in range(0, len(hex_string), 6)], dtype=float)


_VIRIDIS, _BLUE_ORANGE = _stops(VIRIDIS), _stops(BLUE_ORANGE)


def _interpolate(stops: np.ndarray, u: float) -> str:
    """The colour at u in [0, 1] of a piecewise-linear RGB scheme, as "#rrggbb"."""
    u = float(np.clip(u, 0.0, 1.0))
    n = len(stops) - 1
    k = min(int(u * n), n - 1)
    rgb = stops[k] + (u * n - k) * (stops[k + 1] - stops[k])
    return "#" + "".join(f"{int(round(c)):02x}" for c in rgb)


def gate_color(value: float) -> str:
    """The gate heatmaps' colour (viridis on [0, 1]) for ``value``."""
    return _interpolate(_VIRIDIS, value)


def signed_color(value: float, m: float) -> str:
    """The signed heatmaps' colour (blue-orange on [-m, m], white-ish at 0) for ``value``."""
    return _interpolate(_BLUE_ORANGE, (value + m) / (2 * m))


def text_color(background: str) -> str:
    """Black or white, whichever reads better on ``background`` ("#rrggbb")."""
    r, g, b = (int(background[k:k + 2], 16) / 255 for k in (1, 3, 5))
    lum = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    luminance = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2]
    return "#111111" if luminance > 0.2 else "#ffffff"


# ---------------------------------------------------------------------------------------
# The diagram

FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif"
LINE = "#37474f"
CELL_FILL = "#eef2f7"
BELT_Y, BUS_Y = 110, 460
GATE_TOP, GATE_W, GATE_H = 322, 128, 90
GATE_X = {"f": 252, "i": 406, "a": 560, "o": 714}  # centres of the four boxes
ADD_X = 483                                        # ⊕ on the belt, and i ⊗ ã below it
OUT_X = 804                                        # where c_t branches down to tanh
H_UP_X = 834                                       # h_t goes up and out


def _text(x, y, body, size=22, anchor="middle", weight="normal", fill="#111111",
          halo: str | None = None, style="normal") -> str:
    halo_attrs = (f' stroke="{halo}" stroke-width="7" stroke-linejoin="round" paint-order="stroke"'
                  if halo else "")
    return (f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'font-style="{style}" fill="{fill}"{halo_attrs}>{body}</text>')


def _sym(name: str, sub: str = "") -> str:
    """An italic symbol with a subscript, as SVG text content: c<sub>t−1</sub>."""
    body = f'<tspan font-style="italic">{name}</tspan>'
    if sub:
        body += f'<tspan font-size="0.8em" dy="0.3em">{sub}</tspan><tspan dy="-0.3em"></tspan>'
    return body


def _line(points, arrow=True, width=3.5) -> str:
    d = " ".join(f"{x},{y}" for x, y in points)
    end = ' marker-end="url(#cell-arrow)"' if arrow else ""
    return (f'<polyline points="{d}" fill="none" stroke="{LINE}" stroke-width="{width}" '
            f'stroke-linejoin="round"{end}/>')


def _op(x, y, symbol) -> str:
    """A pointwise operation (× or +) in a circle, colah's pink."""
    return (f'<circle cx="{x}" cy="{y}" r="21" fill="#fbe3ee" stroke="{LINE}" stroke-width="3"/>'
            + _text(x, y + 10, symbol, size=30, weight="bold"))


def _chip(x, y, w, text, fill="#ffffff", h=42, size=26, weight="bold", hover: str = "") -> str:
    """A value in a rounded box; ``x, y`` is the top-left corner; ``hover`` shows on hover."""
    return (f"<g><title>{hover}</title>" if hover else "<g>") + (
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="{fill}" '
        f'stroke="{LINE}" stroke-width="2"/>'
        + _text(x + w / 2, y + h / 2 + size * 0.36, text, size=size, weight=weight,
                fill=text_color(fill)) + "</g>")


def _text_width(text: str, size: float) -> int:
    """About how wide ``text`` is drawn at ``size``: CJK characters are square, Latin ones narrower."""
    return int(sum(1.0 if ord(ch) >= 0x2E80 else 0.56 for ch in text) * size)


def diagram_svg(v: dict, names: dict, scales: dict, *, title: str, x_label: str | None = None) -> str:
    """The cell as an SVG string, colah-style, with the values of one unit at one step.

    Parameters
    ----------
    v : dict
        ``CellRun.at(t, j)``: f, i, a, o, c, h, c_prev, h_prev, tanh_c, x.
    names : dict
        Translated names of the gates for the labels under the boxes: keys f, i, a, o.
    scales : dict
        Half-widths of the diverging scales of the heatmaps, keys a, c, h, so the
        diagram's colours are the heatmaps' colours.
    title : str
        The SVG's accessible title (what a screen reader says).
    x_label : str, optional
        Text of the input chip when x_t is not a single number (a layer above the first).
    """
    num = lambda value: fmt(value, minus=MINUS)  # noqa: E731
    fill = {g: gate_color(v[g]) for g in ("f", "i", "o")}
    fill["a"] = signed_color(v["a"], scales["a"])
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 570" width="100%" '
        f'role="img" aria-label="{escape(title)}" style="max-width:1150px;display:block;'
        f'margin:auto;font-family:{FONT}">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="cell-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" '
        f'markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{LINE}"/>'
        "</marker></defs>",
        f'<rect x="160" y="40" width="690" height="470" rx="28" fill="{CELL_FILL}" '
        'stroke="#90a4ae" stroke-width="3"/>',
    ]
    # Wires, drawn first so boxes and circles sit on top of them.
    gx = GATE_X
    parts += [
        _line([(150, BUS_Y), (gx["o"], BUS_Y)], arrow=False),                  # h_{t-1} bus
        _line([(215, 548), (215, BUS_Y)], arrow=False),                        # x_t joins it
        *(_line([(gx[g], BUS_Y), (gx[g], GATE_TOP + GATE_H)]) for g in gx),    # into each gate
        _line([(gx["f"], GATE_TOP), (gx["f"], BELT_Y + 21)]),                  # f up to ⊗
        _line([(gx["i"], GATE_TOP), (gx["i"], 215), (ADD_X - 21, 215)]),       # i to ⊗
        _line([(gx["a"], GATE_TOP), (gx["a"], 215), (ADD_X + 21, 215)]),       # ã to ⊗
        _line([(ADD_X, 215 - 21), (ADD_X, BELT_Y + 21)]),                      # i·ã up to ⊕
        _line([(OUT_X, BELT_Y), (OUT_X, 178)]),                                # c_t down to tanh
        _line([(OUT_X, 222), (OUT_X, 290 - 21)]),                              # tanh(c) to ⊗
        _line([(gx["o"], GATE_TOP), (gx["o"], 290), (OUT_X - 21, 290)]),       # o to ⊗
        _line([(OUT_X + 21, 290), (H_UP_X, 290), (H_UP_X, BUS_Y), (985, BUS_Y)]),  # h_t out
        _line([(H_UP_X, 290), (H_UP_X, 14)]),                                  # h_t up
        # the conveyor belt, last so it crosses over the h_t wire
        f'<line x1="20" y1="{BELT_Y}" x2="985" y2="{BELT_Y}" stroke="{LINE}" stroke-width="6" '
        'marker-end="url(#cell-arrow)"/>',
    ]
    # Pointwise operations and tanh(c_t).
    parts += [
        _op(gx["f"], BELT_Y, "×"), _op(ADD_X, BELT_Y, "+"), _op(ADD_X, 215, "×"), _op(OUT_X, 290, "×"),
        f'<ellipse cx="{OUT_X}" cy="200" rx="44" ry="22" fill="#fff6d5" stroke="{LINE}" stroke-width="3"/>',
        _text(OUT_X, 208, "tanh", size=23),
        _text(OUT_X - 50, 258, num(v["tanh_c"]), size=23, anchor="end", halo=CELL_FILL),
        # products written beside the operations
        _text((gx["f"] + ADD_X) / 2, BELT_Y - 14, num(v["f"] * v["c_prev"]), size=23, halo="#ffffff"),
        _text(ADD_X + 30, 170, num(v["i"] * v["a"]), size=23, anchor="start", halo=CELL_FILL),
        _text(H_UP_X - 12, 36, _sym("h", "t"), size=27, anchor="end"),
    ]
    # The four gate boxes: function on top, value below, name under the box.
    for g in ("f", "i", "a", "o"):
        x0 = gx[g] - GATE_W / 2
        ink = text_color(fill[g])
        parts += [
            f'<g><title>{escape(names[g])}: {exact(v[g])}</title>'     # hover: the exact value
            f'<rect x="{x0}" y="{GATE_TOP}" width="{GATE_W}" height="{GATE_H}" rx="10" '
            f'fill="{fill[g]}" stroke="{LINE}" stroke-width="3"/>',
            _text(gx[g], GATE_TOP + 31, "tanh" if g == "a" else "σ", size=23, fill=ink),
            _text(gx[g], GATE_TOP + 74, num(v[g]), size=30, weight="bold", fill=ink) + "</g>",
            _text(gx[g], BUS_Y - 13, escape(names[g]), size=23, halo=CELL_FILL),
            _text(gx[g] + 10, GATE_TOP - 14 if g != "f" else 240, _sym("ã" if g == "a" else g, "t"),
                  size=27, anchor="start", halo=CELL_FILL),
        ]
    # Inputs on the left and bottom, outputs on the right.
    parts += [
        _text(80, BELT_Y - 16, _sym("c", "t−1"), size=27),
        _chip(15, BELT_Y + 14, 130, num(v["c_prev"]), signed_color(v["c_prev"], scales["c"]),
              hover=exact(v["c_prev"])),
        _text(80, BUS_Y - 16, _sym("h", "t−1"), size=27),
        _chip(15, BUS_Y + 14, 130, num(v["h_prev"]), signed_color(v["h_prev"], scales["h"]),
              hover=exact(v["h_prev"])),
        _text(238, 548, _sym("x", "t"), size=27, anchor="start"),
        _chip(272, 518, max(150, _text_width(num(v["x"]), 27) + 30), num(v["x"]), hover=exact(v["x"]))
        if x_label is None else
        _chip(272, 518, _text_width(x_label, 23) + 30, escape(x_label), size=23, weight="normal"),
        _text(925, BELT_Y - 16, _sym("c", "t"), size=27),
        _chip(862, BELT_Y + 14, 130, num(v["c"]), signed_color(v["c"], scales["c"]),
              hover=exact(v["c"])),
        _text(925, BUS_Y - 16, _sym("h", "t"), size=27),
        _chip(862, BUS_Y + 14, 130, num(v["h"]), signed_color(v["h"], scales["h"]),
              hover=exact(v["h"])),
        "</svg>",
    ]
    return "".join(parts)


# ---------------------------------------------------------------------------------------
# The equations with numbers


def _paren(text: str) -> str:
    """Wrap a negative number in parentheses for a product: 0.5 × (-0.3)."""
    return f"({text})" if text.startswith("-") else text


def _aligned(symbolic: str, *lines: str) -> str:
    r"""An ``aligned`` block: ``symbolic`` (an equation of ``ui.equations``) on the first line,
    then each of ``lines`` starting with ``&=``, aligned on the first equals sign."""
    first = symbolic.replace("=", "&=", 1)
    return r"\begin{aligned}" + r" \\ ".join([first, *(f"&= {line}" for line in lines)]) + r"\end{aligned}"


def gate_lines(g: str, v: dict) -> tuple[str, str]:
    r"""The two numeric lines of gate ``g`` for unit j: the pre-activation's three parts, with
    braces naming where each comes from, then ``σ(z) = value``."""
    fn = FUNCTION[g]
    parts = [rf"\underbrace{{{_paren(fmt(v['zh_' + g]))}}}_{{h_{{t-1}}}}",
             rf"\underbrace{{{_paren(fmt(v['zx_' + g]))}}}_{{x_t}}",
             rf"\underbrace{{{_paren(fmt(v['b_' + g]))}}}_{{b_{g}}}"]
    return rf"{fn}\left({' + '.join(parts)}\right)", rf"{fn}({fmt(v['z_' + g])}) = {fmt(v[g])}"


def step_latex(step: str, v: dict) -> list[str]:
    """The equations of one of the four steps (keys of ``ui.equations.STEPS``), each as an
    ``aligned`` block: the symbolic equation, then the same with unit j's numbers."""
    if step not in STEPS:
        raise ValueError(f"step must be one of {list(STEPS)}, got {step!r}")
    if step == "update":
        kept, added = v["f"] * v["c_prev"], v["i"] * v["a"]
        return [_aligned(CELL,
                         rf"{fmt(v['f'])} \times {_paren(fmt(v['c_prev']))} + {fmt(v['i'])} \times "
                         rf"{_paren(fmt(v['a']))}",
                         rf"{fmt(kept)} + {_paren(fmt(added))} = {fmt(v['c'])}")]
    blocks = [_aligned(symbolic, *gate_lines(g, v)) for symbolic, g in
              zip(STEPS[step], {"forget": "f", "input": "ia", "output": "o"}[step])]
    if step == "output":
        blocks.append(_aligned(HIDDEN, rf"{fmt(v['o'])} \times \tanh({fmt(v['c'])})",
                               rf"{fmt(v['o'])} \times {_paren(fmt(v['tanh_c']))} = {fmt(v['h'])}"))
    return blocks


# ---------------------------------------------------------------------------------------
# Line charts


def unit_lines(values: np.ndarray, units: list[int], title: str, *, unit_label: str,
               x_label: str, value_label: str, t: int, x: np.ndarray | None = None,
               input_label: str = "x", gate: bool = False, height: int = 200) -> dict:
    """One quantity over time for the chosen ``units``, the input on a right-hand axis.

    Returns the Vega-Lite dict (data sets as DataFrames, like ``chart_spec``): the chart
    itself depends only on the labels and is built with Altair once (``_lines_template``);
    the numbers go in as three named data sets, ``units``, ``input`` and the t ``marker``.

    Parameters
    ----------
    values : (T, H) the quantity; ``units`` the columns to draw (at most 7)
    unit_label : template with ``{j}``, the legend entry of unit j ("unit {j}")
    x : (T,) the input, drawn grey and dashed on its own axis; None to leave it out
    gate : fix the value axis to [0, 1]
    t : index of the step marked with a vertical rule
    """
    values = np.asarray(values, dtype=float)
    T = values.shape[0]
    if not 0 <= t < T:
        raise ValueError(f"t must be between 0 and {T - 1}, got {t}")
    time = np.arange(T)
    names = tuple(unit_label.format(j=j) for j in units)
    units_frame = pd.DataFrame({
        "time": np.tile(time, len(units)),
        "series": np.repeat(names, T),
        "value": values[:, units].T.ravel(),         # (len(units)·T,), unit-major
    })
    units_frame["shown"] = [exact(value) for value in units_frame["value"]]
    datasets = {"units": units_frame, "marker": pd.DataFrame({"time": [t]})}
    if x is not None:
        x = np.asarray(x, dtype=float)
        datasets["input"] = pd.DataFrame({"time": time, "series": input_label, "value": x,
                                          "shown": [exact(value) for value in x]})
    template = _lines_template(names, title, x_label, value_label,
                               input_label if x is not None else None, gate, height)
    return {**template, "datasets": datasets}


@lru_cache(maxsize=256)
def _lines_template(names: tuple, title: str, x_label: str, value_label: str,
                    input_label: str | None, gate: bool, height: int) -> dict:
    """The Vega-Lite dict of ``unit_lines`` without its data sets (validated once)."""
    domain, colors = list(names), list(OKABE_ITO[:len(names)])
    if input_label is not None:
        domain.append(input_label)
        colors.append("#8c8c8c")
    color = alt.Color("series:N", title=None, sort=domain, scale=alt.Scale(domain=domain, range=colors),
                      legend=alt.Legend(orient="top", columns=4))
    tooltip = [alt.Tooltip("series:N", title=title), alt.Tooltip("time:Q", title=x_label),
               alt.Tooltip("shown:N", title=value_label)]
    x_enc = alt.X("time:Q", title=x_label, scale=alt.Scale(nice=False),
                  axis=alt.Axis(format="d", tickMinStep=1))   # steps are whole numbers
    hover = alt.OverlayMarkDef(size=70, opacity=0)       # invisible points carry the tooltips
    y_scale = alt.Scale(domain=[0, 1]) if gate else alt.Scale(zero=False)
    layers = [alt.Chart(alt.NamedData("units")).mark_line(strokeWidth=3, point=hover).encode(
        x=x_enc, y=alt.Y("value:Q", title=value_label, scale=y_scale),
        color=color, detail="series:N", tooltip=tooltip)]
    if input_label is not None:
        layers.append(alt.Chart(alt.NamedData("input")).mark_line(
            strokeWidth=2, strokeDash=[6, 4], point=hover).encode(
            x=x_enc, y=alt.Y("value:Q", title=input_label, scale=alt.Scale(zero=False),
                             axis=alt.Axis(orient="right")),
            color=color, tooltip=tooltip))
    layers.append(alt.Chart(alt.NamedData("marker")).mark_rule(
        color=MARKER_COLOR, strokeWidth=2, strokeDash=[6, 4]).encode(
        x="time:Q", tooltip=[alt.Tooltip("time:Q", title=x_label)]))
    spec = finish(layers, title, height=height,             # validated: built once per set of labels
                  independent_y=input_label is not None).to_dict()
    return drop_default_view(spec)                  # Altair's default 300 px view, as chart_spec


# ---------------------------------------------------------------------------------------
# CSV and the parser's messages


def trace_csv(run: CellRun) -> str:
    """The whole trace, one row per (t, unit): t, unit, the input, f, i, a, o, c, h.

    The input column is ``x`` for one feature, ``x_0 .. x_{D-1}`` for several.
    """
    T, H = run.steps, run.units
    frame = pd.DataFrame({"t": np.repeat(np.arange(T), H), "unit": np.tile(np.arange(H), T)})
    D = run.x.shape[1]
    for d in range(D):
        frame["x" if D == 1 else f"x_{d}"] = np.repeat(run.x[:, d], H)
    for q in QUANTITIES:
        frame[q] = getattr(run, q).ravel()           # (T·H,), time-major like the rows
    out = io.StringIO()
    frame.to_csv(out, index=False, float_format="%.9g")
    return out.getvalue()


def meaning_values(v: dict) -> dict:
    """Placeholders of the four steps' plain-language sentences: live numbers, formatted,
    and the inline LaTeX symbols they mention."""
    num = lambda value: fmt(value, minus=MINUS)  # noqa: E731
    return {
        "f_pct": percent(v["f"]), "i_pct": percent(v["i"]), "o_pct": percent(v["o"]),
        "a": num(v["a"]), "h": num(v["h"]), "c": num(v["c"]),
        "kept": num(v["f"] * v["c_prev"]), "added": num(v["i"] * v["a"]),
        "c_prev": r"$c_{t-1}$", "h_prev": r"$h_{t-1}$", "x": r"$x_t$",
        "a_sym": r"$\tilde a_t$", "tanh_c_sym": r"$\tanh(c_t)$", "h_sym": r"$h_t$",
    }


# ---------------------------------------------------------------------------------------
# Charts as cached Vega-Lite dicts: build once per run, move the t marker per step


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """An Altair chart as the Vega-Lite dict ``st.vega_lite_chart`` draws, data sets as DataFrames.

    Each DataFrame of the chart (of a layer, at any depth) becomes a named data set, as
    ``st.altair_chart`` does before it sends the data as Arrow; Altair's own ``to_dict``
    would first turn every row into a JSON record and deep-copy them all (about 100 ms for
    a 144 x 32 heatmap). Schema validation is skipped too: the tests validate every chart
    kind. The page caches the result per run and only moves the t marker (``move_marker``).
    The chart's data are swapped in place: build a new chart for each call.
    """
    datasets: dict[str, pd.DataFrame] = {}
    names: dict[int, str] = {}

    def detach(node) -> None:
        if isinstance(getattr(node, "data", None), pd.DataFrame):
            frame = node.data
            name = names.setdefault(id(frame), f"data-{len(names)}")
            datasets[name] = frame
            node.data = alt.NamedData(name=name)
        for layer in getattr(node, "layer", None) or []:
            detach(layer)

    detach(chart)
    spec = chart.to_dict(validate=False)
    drop_default_view(spec)
    spec["datasets"] = datasets
    # Fit the width to the column and keep the chart's own height. Streamlit 1.67's default
    # for a chart without "autosize" is "fit" in both directions, which squashes a heatmap
    # (ordinal y) to a few pixels when the element's height is "content".
    spec.setdefault("autosize", AUTOSIZE.to_dict())
    return spec


def _is_marker(frame: pd.DataFrame) -> bool:
    """The data of a t marker: one row, one column named "time"."""
    return list(frame.columns) == ["time"] and len(frame) == 1


def move_marker(spec: dict, time_value) -> dict:
    """A copy of ``spec`` (from ``chart_spec``) with every t marker moved to ``time_value``.

    The shared builders (``ui.charts.heatmap``, ``ui.charts.lines``) and ``unit_lines`` draw
    the marker from its own one-row data set ``{"time": [t]}``; only that data set changes
    from one t to the next, so a spec built once per run is reused for every t. The copy
    shares the other data sets with ``spec``.
    """
    datasets = {name: pd.DataFrame({"time": [time_value]}) if _is_marker(frame) else frame
                for name, frame in spec["datasets"].items()}
    if sum(_is_marker(frame) for frame in spec["datasets"].values()) != 1:
        raise ValueError("the chart must have exactly one t marker to move")
    return {**spec, "datasets": datasets}
