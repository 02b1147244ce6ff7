"""What the cell page draws for one unit at one step: pure functions, no Streamlit.

- ``diagram_svg``: the colah-style cell diagram with the values of one unit at one t.
- ``numbers_latex``: the six equations of one step with the numbers filled in, one row each
  (the panel beside the diagram); ``step_latex``: each of the four steps in full.
- ``gate_color``/``signed_color``: the heatmaps' colour scales, so a gate box in the
  diagram has exactly the colour of its heatmap cell.
- ``fmt``/``percent``/``meaning_values``: the numbers as the page writes them.

``v`` is always ``ui.cell_views.CellRun.at(t, j)``. Texts are passed in already translated.
"""
from __future__ import annotations

from html import escape

import numpy as np

from ui.charts import exact
from ui.equations import CELL, HIDDEN, STEPS

FUNCTION = {"f": r"\sigma", "i": r"\sigma", "a": r"\tanh", "o": r"\sigma"}

MINUS = "\u2212"  # the typographic minus, for numbers in text and in the diagram

# Vega's colour schemes as the browser draws them: Vega interpolates linearly in RGB
# between these stops (vega-scale's interpolateColors, "rgb"). Copied from vega-scale.
VIRIDIS = ("440154470e61481a6c482575472f7d443a834144873d4e8a39568c35608d31688e2d708e2a788e"
           "27818e23888e21918d1f988b1fa08822a8842ab07f35b77943bf7154c56866cc5d7ad1518fd744a5"
           "db36bcdf27d2e21be9e51afde725")
BLUE_ORANGE = "134b852f78b35da2cb9dcae1d2e5eff2f0ebfce0bafbbf74e8932fc5690d994a07"


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


def _op(x, y, symbol, size=30) -> str:
    """A pointwise operation (× or +) in a circle, colah's pink."""
    return (f'<circle cx="{x}" cy="{y}" r="21" fill="#fbe3ee" stroke="{LINE}" stroke-width="3"/>'
            + _text(x, y + size / 3, symbol, size=size, weight="bold"))


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



def numbers_latex(v: dict) -> str:
    r"""The six equations of one step, one row each, the numbers of unit j filled in, as one
    ``aligned`` block (the panel beside the diagram; ``step_latex`` gives each step in full).

    Each gate is ``σ(part from h_{t-1} + part from x_t + bias) = value``; the first row names
    the three parts with braces. Then ``c_t`` and ``h_t`` with their products.
    """
    rows = []
    for g, symbol in (("f", "f_t"), ("i", "i_t"), ("a", r"\tilde a_t"), ("o", "o_t")):
        parts = [_paren(fmt(v[f"{key}_{g}"])) for key in ("zh", "zx", "b")]
        if g == "f":
            parts = [rf"\underbrace{{{part}}}_{{{name}}}"
                     for part, name in zip(parts, (r"h_{t-1}", r"x_t", r"b_f"))]
        rows.append(rf"{symbol} &= {FUNCTION[g]}\left({' + '.join(parts)}\right) = {fmt(v[g])}")
    rows.insert(3, rf"c_t &= {fmt(v['f'])} \times {_paren(fmt(v['c_prev']))} + {fmt(v['i'])} \times "
                   rf"{_paren(fmt(v['a']))} = {fmt(v['c'])}")
    rows.append(rf"h_t &= {fmt(v['o'])} \times \tanh({fmt(v['c'])}) = {fmt(v['h'])}")
    return r"\small\begin{aligned}" + r" \\[2pt] ".join(rows) + r"\end{aligned}"


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
