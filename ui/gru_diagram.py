r"""The cell page's GRU diagram for one unit at one step: a pure function, no Streamlit.

The GRU's counterpart of ``ui.cell_figures.diagram_svg``, drawn in its visual language (its
boxes, wires, pointwise operations, chips and colours) from PyTorch's equations::

    r_t = σ(W_r·[h_{t-1}, x_t] + b_r)                               reset gate
    z_t = σ(W_z·[h_{t-1}, x_t] + b_z)                               update gate
    n_t = tanh(W_n,x·x_t + b_n + r_t ⊙ (W_n,h·h_{t-1} + b_hn))      candidate
    h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}

Drawn as: h_{t-1} runs along the top line to h_t, scaled by z at × and topped up by
(1 − z) ⊙ n at +. Below, h_{t-1} (the bus) and x_t (the line under it) each have their own
wire: r and z read both (a dot where a gate's wire joins a line); n's tanh box reads x_t
straight and h_{t-1} only through the × with r, so r acts inside the tanh, on the h-part.

``v`` is always ``ui.cell_gru.GRURun.at(t, j)``; texts are passed in already translated.
"""
from __future__ import annotations

from html import escape

from ui.cell_figures import (CELL_FILL, FONT, GATE_H, GATE_W, LINE, MINUS, _chip, _line, _op, _sym,
                             _text, _text_width, fmt, gate_color, signed_color, text_color)
from ui.charts import exact

GATES = ("r", "z", "n")        # the three boxes, in the order of the equations
FUNCTION = {"r": "σ", "z": "σ", "n": "tanh"}
COLUMNS = [13, 27]             # the page's diagram and numbers columns: n's row of numbers is wide

# Two columns of boxes, so the diagram is taller than wide: beside the GRU's wide numbers its
# column is narrow, and the page has room below (four rows of numbers, not six).
WIDTH, HEIGHT = 595, 740       # the viewBox
SMALL, VALUE = 26, 32          # font sizes of labels and of a box's value: the column is narrow
MAX_WIDTH = 480                # px: at most 600 px tall on a large screen
TOP_Y = 120                    # h_{t-1} -> h_t
MIX_Y = 215                    # 1 − z and (1 − z) ⊙ n
ROW_Z = 280                    # top of the z and n boxes (GATE_W x GATE_H, as in the LSTM's diagram)
ROW_R = 450                    # top of the r box, under them
R_MID = ROW_R + GATE_H / 2     # r ⊙ (the h-part of n), at the height of r's box
H_BUS_Y, X_Y = 600, 660        # h_{t-1} under the boxes, x_t under it
BRANCH_X = 55                  # where h_{t-1} turns down to the bus
GATE_X = {"z": 150, "r": 280, "n": 420}  # box centres: z under its ×, n under (1 − z) ⊙ n
ONE_MINUS_X = 285              # the 1 − z node
X_UP = 535                     # x_t's own wire up to n
CHIP_Y = 40                    # the h_{t-1} and h_t chips, above the ends of the top line


def parts(v: dict) -> dict[str, float]:
    """The intermediate values the diagram writes beside its wires, from ``v``: the h-part
    of n's pre-activation and r times it, 1 − z and both terms of h_t."""
    h_part = v["zh_n"] + v["b_hn"]
    return {"h_part": h_part, "reset_h": v["r"] * h_part, "one_minus_z": 1.0 - v["z"],
            "kept": v["z"] * v["h_prev"], "new": (1.0 - v["z"]) * v["n"]}


def _small(x, y, value: float, hover: str, anchor="start") -> str:
    """An intermediate value written beside a wire; ``hover`` names it with its exact value."""
    return (f"<g><title>{hover}: {exact(value)}</title>"
            + _text(x, y, fmt(value, minus=MINUS), size=SMALL, anchor=anchor, halo=CELL_FILL) + "</g>")


def _dot(x, y) -> str:
    """Where a wire joins a line."""
    return f'<circle cx="{x}" cy="{y}" r="7" fill="{LINE}"/>'


def diagram_svg(v: dict, names: dict, scales: dict, *, title: str, x_label: str | None = None) -> str:
    """The GRU cell as an SVG string with the values of one unit at one step.

    Parameters
    ----------
    v : dict
        ``GRURun.at(t, j)``: r, z, n, h, h_prev, x and the parts ``zh_n``, ``b_hn``.
    names : dict
        Translated names of the three boxes, keys r, z, n, written under them.
    scales : dict
        Half-widths of the diverging scales of the heatmaps, keys n and h, so the diagram's
        colours are the heatmaps' colours (a GRU's are 1: n and h lie in (-1, 1)).
    title : str
        The SVG's accessible title (what a screen reader says).
    x_label : str, optional
        Text of the input chip when x_t is not a single number (a layer above the first).
    """
    num = lambda value: fmt(value, minus=MINUS)  # noqa: E731
    p = parts(v)
    fill = {"r": gate_color(v["r"]), "z": gate_color(v["z"]), "n": signed_color(v["n"], scales["n"])}
    gx, top = GATE_X, {"z": ROW_Z, "n": ROW_Z, "r": ROW_R}
    n_mid, out_x = ROW_Z + GATE_H / 2, WIDTH - 80
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(title)}" style="max-width:{MAX_WIDTH}px;display:block;'
        f'margin:auto;font-family:{FONT}">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="cell-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" '
        f'markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{LINE}"/>'
        "</marker></defs>",
        f'<rect x="30" y="{CHIP_Y + 55}" width="{WIDTH - 60}" height="{X_Y + 12 - CHIP_Y - 55}" rx="28" '
        f'fill="{CELL_FILL}" stroke="#90a4ae" stroke-width="3"/>',
    ]
    # Wires first, so boxes and circles sit on top of them.
    out += [
        _line([(BRANCH_X, TOP_Y), (BRANCH_X, H_BUS_Y), (gx["n"], H_BUS_Y), (gx["n"], R_MID + 21)]),
        _line([(80, X_Y + 24), (80, X_Y), (X_UP, X_Y), (X_UP, n_mid), (gx["n"] + GATE_W / 2, n_mid)]),
        *(_line([(gx[g], X_Y), (gx[g], top[g] + GATE_H)]) for g in ("z", "r")),    # [h, x] into z, r
        _line([(gx["z"], ROW_Z), (gx["z"], TOP_Y + 21)]),                           # z up to ×
        _line([(gx["z"], MIX_Y), (ONE_MINUS_X - 21, MIX_Y)]),                       # z to 1 − z
        _line([(ONE_MINUS_X + 21, MIX_Y), (gx["n"] - 21, MIX_Y)]),                  # 1 − z to ×
        _line([(gx["r"] + GATE_W / 2, R_MID), (gx["n"] - 21, R_MID)]),              # r to its ×
        _line([(gx["n"], R_MID - 21), (gx["n"], ROW_Z + GATE_H)]),                  # r ⊙ h-part into n
        _line([(gx["n"], ROW_Z), (gx["n"], MIX_Y + 21)]),                           # n up to ×
        _line([(gx["n"], MIX_Y - 21), (gx["n"], TOP_Y + 21)]),                      # (1 − z) ⊙ n up to +
        # the state line, from h_{t-1}'s chip to h_t's, last so it crosses over the wires
        _line([(out_x, TOP_Y), (out_x, CHIP_Y + 44)]),
        f'<polyline points="{BRANCH_X},{CHIP_Y + 42} {BRANCH_X},{TOP_Y} {out_x},{TOP_Y}" '
        f'fill="none" stroke="{LINE}" stroke-width="6" stroke-linejoin="round"/>',
    ]
    out += [_dot(gx[g], H_BUS_Y) for g in ("z", "r")] + [_dot(BRANCH_X, TOP_Y), _dot(gx["z"], MIX_Y)]
    # Pointwise operations and the values between them.
    out += [
        _op(gx["z"], TOP_Y, "×"), _op(gx["n"], TOP_Y, "+"), _op(ONE_MINUS_X, MIX_Y, "1−", size=23),
        _op(gx["n"], MIX_Y, "×"), _op(gx["n"], R_MID, "×"),
        _small((gx["z"] + gx["n"]) / 2, TOP_Y + 38, p["kept"], "z ⊙ hₜ₋₁", anchor="middle"),
        _small(gx["n"] + 14, (TOP_Y + MIX_Y) / 2 + 8, p["new"], "(1 − z) ⊙ n"),
        _small((ONE_MINUS_X + gx["n"]) / 2, MIX_Y - 14, p["one_minus_z"], "1 − z", anchor="middle"),
        _small(gx["n"] + 14, (R_MID + H_BUS_Y) / 2 + 18, p["h_part"], "Wₙ,ₕ·hₜ₋₁ + bₕₙ"),
        _small(gx["n"] + 14, R_MID - 30, p["reset_h"], "r ⊙ (Wₙ,ₕ·hₜ₋₁ + bₕₙ)"),
    ]
    # The three boxes: function on top, value below, name under the box, symbol beside its output.
    symbol_at = {"z": (gx["z"] + 10, ROW_Z - 14), "n": (gx["n"] + 10, ROW_Z - 14),
                 "r": (gx["r"] + GATE_W / 2 + 8, R_MID - 12)}
    for g in GATES:
        x0, ink = gx[g] - GATE_W / 2, text_color(fill[g])
        out += [
            f'<g><title>{escape(names[g])}: {exact(v[g])}</title>'      # hover: the exact value
            f'<rect x="{x0}" y="{top[g]}" width="{GATE_W}" height="{GATE_H}" rx="10" '
            f'fill="{fill[g]}" stroke="{LINE}" stroke-width="3"/>',
            _text(gx[g], top[g] + 31, FUNCTION[g], size=SMALL - 2, fill=ink),
            _text(gx[g], top[g] + 76, num(v[g]), size=VALUE, weight="bold", fill=ink) + "</g>",
            _text(gx[g], top[g] + GATE_H + 32, escape(names[g]), size=SMALL, halo=CELL_FILL),
            _text(*symbol_at[g], _sym(g, "t"), size=29, anchor="start", halo=CELL_FILL),
        ]
    # The chips: h_{t-1} and h_t above the ends of the top line, x_t under its line.
    x_text, x_size = (num(v["x"]), 26) if x_label is None else (escape(x_label), 23)
    x_width = max(130, _text_width(x_label if x_label is not None else x_text, x_size) + 30)
    out += [
        _chip(BRANCH_X - 40, CHIP_Y, 130, num(v["h_prev"]), signed_color(v["h_prev"], scales["h"]),
              hover=exact(v["h_prev"])),
        _text(BRANCH_X + 100, CHIP_Y + 30, _sym("h", "t−1"), size=29, anchor="start"),
        _chip(out_x - 65, CHIP_Y, 130, num(v["h"]), signed_color(v["h"], scales["h"]), hover=exact(v["h"])),
        _text(out_x - 75, CHIP_Y + 30, _sym("h", "t"), size=29, anchor="end"),
        _chip(15, X_Y + 24, x_width, x_text, size=x_size, weight="bold" if x_label is None else "normal",
              hover=exact(v["x"]) if x_label is None else ""),
        _text(x_width + 25, X_Y + 54, _sym("x", "t"), size=29, anchor="start"),
        "</svg>",
    ]
    return "".join(out)
