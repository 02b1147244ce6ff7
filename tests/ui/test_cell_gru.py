"""The cell page's GRU: its run splits every pre-activation exactly, its equations show the numbers."""
from dataclasses import replace

import numpy as np
import pytest

from lstm_core import gru_forward, init_gru_params, sequences
from ui import cell_gru, cell_views as cv

X = sequences.sine(15, 6)                        # (T=15, 1)


@pytest.fixture(scope="module")
def params():
    p = init_gru_params(1, 3, seed=2)
    rng = np.random.default_rng(0)               # non-zero biases, so every part counts
    return replace(p, b_r=rng.normal(size=3), b_z=rng.normal(size=3), b_n=rng.normal(size=3),
                   b_hn=rng.normal(size=3))


def sigmoid(u):
    return 1 / (1 + np.exp(-u))


def test_run_gru_holds_the_trace_and_its_parts_add_up_to_each_equation(params):
    run = cv.run_cell(params, X)                   # the page's entry point picks the GRU
    assert isinstance(run, cell_gru.GRURun) and run.quantities == ("r", "z", "n", "h")
    trace = gru_forward(params, X)
    for q in run.quantities:
        np.testing.assert_array_equal(getattr(run, q), getattr(trace, q))
    np.testing.assert_array_equal(run.h_prev[0], np.zeros(3))
    np.testing.assert_array_equal(run.h_prev[1:], trace.h[:-1])
    zh, zx, b = run.z_h, run.z_x, run.bias
    np.testing.assert_allclose(sigmoid(zh["r"] + zx["r"] + b["r"]), run.r, atol=1e-12)
    np.testing.assert_allclose(sigmoid(zh["z"] + zx["z"] + b["z"]), run.z, atol=1e-12)
    np.testing.assert_allclose(np.tanh(zx["n"] + b["n"] + run.r * (zh["n"] + b["hn"])), run.n, atol=1e-12)
    np.testing.assert_allclose((1 - run.z) * run.n + run.z * run.h_prev, run.h, atol=1e-12)


def test_the_gru_run_reads_its_trace_and_knows_its_kind(params):
    run = cv.run_cell(params, X)
    assert run.kind == "gru" and run.signed == ("n", "h")     # r and z are the gates
    for q in run.quantities:
        assert getattr(run, q) is getattr(run.trace, q)


def test_gru_numbers_latex_fills_in_every_value_of_unit_j_at_t(params):
    run = cv.run_cell(params, X)
    v = run.at(9, 1)
    latex = cell_gru.numbers_latex(v)
    for q in run.quantities:
        assert f"= {cv.fmt(getattr(run, q)[9, 1])}" in latex, q
    assert cv.fmt(run.h[8, 1]) in latex                          # h_{t-1}
    assert cv.fmt(params.b_hn[1]).lstrip("-") in latex            # the bias r multiplies
    assert latex.count(r"\\") == 3 and r"\underbrace" in latex    # four rows, parts named once


def test_cell_and_input_builds_the_pages_gru():
    params, x = cv.cell_and_input(("gru", 4, 7), X)
    assert params.hidden_size == 4 and x is X
    np.testing.assert_array_equal(params.W_r, init_gru_params(1, 4, seed=7).W_r)


def test_the_gru_trace_csv_has_its_own_columns(params):
    header = cv.trace_csv(cv.run_cell(params, X)).splitlines()[0]
    assert header == "t,unit,x,r,z,n,h"
