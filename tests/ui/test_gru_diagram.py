"""The cell page's GRU diagram: every value of unit j at t in its box or chip, written with the
page's formatter, coloured like its heatmap cell, translated labels, and nothing unescaped."""
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import numpy as np
import pytest

from lstm_core import init_gru_params, sequences
from ui import cell_views as cv
from ui import gru_diagram as gd
from ui.charts import exact
from ui.i18n import translate

X = sequences.sine(20, 7)                       # (T=20, 1)
SVG = "{http://www.w3.org/2000/svg}"
SCALES = {"n": 1.0, "h": 1.0}


@pytest.fixture(scope="module")
def run():
    p = init_gru_params(1, 3, seed=4)
    rng = np.random.default_rng(1)              # non-zero biases, so b_hn counts in the h-part
    return cv.run_cell(replace(p, b_r=rng.normal(size=3), b_z=rng.normal(size=3), b_n=rng.normal(size=3),
                               b_hn=rng.normal(size=3)), X)


def names(lang: str = "en") -> dict:
    return {g: translate(f"cell.gate.{g}", lang) for g in gd.GATES}


def draw(v, lang="en", **kw) -> ET.Element:
    return ET.fromstring(gd.diagram_svg(v, names(lang), SCALES, title=kw.pop("title", "GRU at t"), **kw))


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(SVG + "text")]


def groups(root: ET.Element) -> dict[str, ET.Element]:
    """Every hoverable group by its hover text."""
    return {g.find(SVG + "title").text: g for g in root.iter(SVG + "g") if g.find(SVG + "title") is not None}


def num(value: float) -> str:
    return cv.fmt(value, minus=cv.MINUS)


def test_every_value_of_the_unit_is_written_in_its_box_or_chip(run):
    v = run.at(7, 2)
    root = draw(v)
    hover = groups(root)
    for g in gd.GATES:                                       # each box: its value, exact on hover
        box = hover[f"{names()[g]}: {exact(v[g])}"]
        assert num(v[g]) in texts(box), g
    for key in ("h_prev", "h", "x"):                         # each chip: its value, exact on hover
        assert num(v[key]) in texts(hover[exact(v[key])]), key
    assert v["h_prev"] == run.h[6, 2] and v["h"] == run.h[7, 2]


def test_the_intermediate_values_are_the_equations_parts(run):
    """What the diagram writes beside its wires adds up to n_t and h_t, PyTorch's way: r
    scales only the h-part inside the tanh, and z keeps h_{t-1}."""
    v = run.at(11, 0)
    p = gd.parts(v)
    assert p["h_part"] == pytest.approx(run.z_h["n"][11, 0] + run.bias["hn"][0])
    assert np.tanh(run.z_x["n"][11, 0] + run.bias["n"][0] + p["reset_h"]) == pytest.approx(v["n"], abs=1e-12)
    assert p["kept"] + p["new"] == pytest.approx(v["h"], abs=1e-12)
    assert p["one_minus_z"] == pytest.approx(1 - v["z"])
    root = draw(v)
    hovers = list(groups(root))
    for key, value in p.items():
        assert num(value) in texts(root), key
        assert any(text.endswith(f": {exact(value)}") for text in hovers), key   # exact on hover


def test_box_and_chip_colours_follow_the_values_like_the_heatmaps(run):
    fills = {}
    for t in (2, 13):
        v = run.at(t, 1)
        hover = groups(draw(v))
        rect = lambda text: hover[text].find(SVG + "rect").get("fill")   # noqa: E731
        fills[t] = {g: rect(f"{names()[g]}: {exact(v[g])}") for g in gd.GATES}
        assert fills[t]["r"] == cv.gate_color(v["r"]) and fills[t]["z"] == cv.gate_color(v["z"])
        assert fills[t]["n"] == cv.signed_color(v["n"], SCALES["n"])
        assert rect(exact(v["h"])) == cv.signed_color(v["h"], SCALES["h"])
        assert rect(exact(v["h_prev"])) == cv.signed_color(v["h_prev"], SCALES["h"])
    assert fills[2] != fills[13]                              # other values, other colours
    box = groups(draw({**run.at(2, 1), "r": 0.0}))[f"{names()['r']}: 0"]
    value = [t for t in box.iter(SVG + "text") if "".join(t.itertext()) == "0.000"]
    assert value and value[0].get("fill") == "#ffffff"        # white on viridis' dark purple


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_labels_are_the_translated_gate_names(run, lang):
    shown = texts(draw(run.at(0, 0), lang))
    for g in gd.GATES:
        assert translate(f"cell.gate.{g}", lang) in shown
    assert translate("cell.gate.z", "zh") != translate("cell.gate.z", "en")
    title = translate("cell.gru.diagram.title", lang, t=4, j=1)
    assert "GRU" in title and "4" in title
    assert draw(run.at(0, 0), lang, title=title).get("aria-label") == title


def test_text_is_projector_sized_and_nothing_is_markup_or_fetched(run):
    svg = gd.diagram_svg(run.at(5, 0), {**names(), "r": "<b>reset</b> & co"}, SCALES,
                         title='a "quoted" <title>', x_label="<h> of layer 1 (8 values)")
    root = ET.fromstring(svg)                                 # still valid XML: everything escaped
    assert "<b>reset</b> & co" in texts(root) and "<h> of layer 1 (8 values)" in texts(root)
    assert root.find(SVG + "title").text == 'a "quoted" <title>'
    assert min(float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)) >= 23
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "<image" not in svg and "<script" not in svg and "<foreignObject" not in svg


def test_every_drawn_thing_stays_inside_the_view_box(run):
    """Chips, boxes and the wide vector-input chip sit inside the viewBox (nothing cut off)."""
    root = draw(run.at(5, 0), x_label=translate("cell.diagram.x_vector", "zh", D=16))
    for rect in root.iter(SVG + "rect"):
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        assert 0 <= x and x + w <= gd.WIDTH and 0 <= y and y + h <= gd.HEIGHT, rect.attrib
