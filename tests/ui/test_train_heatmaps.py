"""The training page's gate heatmaps come from a template built once per window shape and
language (``ui.train_sections.heatmap_spec``): the same Vega-Lite as building each with
``ui.charts.heatmap``, the data set's name aside."""
import copy

import numpy as np
import pytest

from ui import train_sections as sec

QUANTITIES = ("f", "i", "a", "o", "c", "h")


def named_alike(spec: dict) -> dict:
    """``spec`` with its one data set called "cells" (Altair names it by a hash of the data)."""
    spec = copy.deepcopy(spec)
    (name, cells), = spec.pop("datasets").items()
    assert spec.pop("data") == {"name": name}
    return {**spec, "data": {"name": "cells"}, "datasets": {"cells": cells}}


def window_values(q: str, rng, shape=(12, 8)) -> np.ndarray:
    if q in ("f", "i", "o"):
        return rng.uniform(0, 1, shape)
    if q == "c":
        return rng.normal(0, 3, shape)
    return rng.uniform(-1, 1, shape)


@pytest.mark.parametrize("labels", [tuple(f"1958-{m:02d}" for m in range(1, 13)), tuple(range(101, 113))],
                         ids=["months", "periods"])
@pytest.mark.parametrize("q", QUANTITIES)
def test_a_filled_template_is_the_heatmap_built_from_scratch(q, labels):
    rng = np.random.default_rng(QUANTITIES.index(q))
    values = window_values(q, rng).astype(np.float32)          # the page trains in float32
    template = sec.heatmap_dict(np.zeros((12, 8)), q, labels)
    before = copy.deepcopy(template)
    filled = sec.heatmap_spec(template, values, q, labels)
    assert named_alike(filled) == named_alike(sec.heatmap_dict(values, q, labels))
    assert template == before                                   # shared by every session: never changed


def test_the_cell_states_colour_domain_follows_the_window():
    labels = tuple(range(12))
    template = sec.heatmap_dict(np.zeros((12, 8)), "c", labels)
    values = np.full((12, 8), 0.5)
    values[3, 2] = -7.0
    spec = sec.heatmap_spec(template, values, "c", labels)
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == [-7.0, 7.0]
    zero = sec.heatmap_spec(template, np.zeros((12, 8)), "c", labels)
    assert zero["layer"][0]["encoding"]["color"]["scale"]["domain"] == [-1.0, 1.0]


def test_values_that_are_not_finite_are_built_from_scratch():
    """A diverged model's cells: NaN and inf get a grey layer of their own, as ui.charts draws them."""
    labels = tuple(range(12))
    values = np.full((12, 8), 0.25)
    values[0, 0], values[5, 3] = np.nan, np.inf
    template = sec.heatmap_dict(np.zeros((12, 8)), "f", labels)
    spec = sec.heatmap_spec(template, values, "f", labels)
    assert spec == sec.heatmap_dict(values, "f", labels)
    assert len(spec["layer"]) == 2
