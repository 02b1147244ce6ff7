"""One cell interface: every registered cell (and each LSTM variant) through the same
checks, and stacks, bidirectional layers and readouts built from any of them."""
import numpy as np
import pytest

from lstm_core import (CELLS, VARIANTS, BidirectionalParams, ForecasterParams, StackParams,
                       cell_of, check_gradients, get_cell, init_bidirectional, init_forecaster,
                       init_seq_model, init_stack, layer_input, layer_trace, mse_loss_and_grads,
                       seq_loss_and_grads)
from lstm_core.layers import layer_forward
from lstm_core.stack import stack_backward, stack_forward

# (cell name, init options): every cell, and the LSTM in each of its settings
SETTINGS = [(name, {}) for name in CELLS] + [("lstm", {"variant": k}) for k in VARIANTS if k != "vanilla"]
IDS = [name + ("-" + o["variant"] if o else "") for name, o in SETTINGS]


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("name, options", SETTINGS, ids=IDS)
def test_every_cell_keeps_the_interface(name, options, batched):
    cell = get_cell(name)
    rng = np.random.default_rng(0)
    p = cell.init(2, 3, seed=1, **options)
    assert cell_of(p) is cell and isinstance(p, cell.params_type)
    assert (p.input_size, p.hidden_size) == (2, 3)
    x = rng.normal(size=(5, 4, 2) if batched else (5, 2))
    state0 = {s + "0": rng.normal(size=(4, 3) if batched else 3) for s in cell.states}
    tr = cell.forward(p, x, **state0)
    for q in cell.quantities:
        assert getattr(tr, q).shape == ((5, 4, 3) if batched else (5, 3)), q
    for g in cell.gates:
        assert np.all((getattr(tr, g) >= 0) & (getattr(tr, g) <= 1)), g
    w = rng.normal(size=tr.h.shape)
    res = cell.backward(p, tr, w)
    assert type(res.grads) is type(p) and res.dx.shape == x.shape and res.dh.shape == tr.h.shape

    def loss():
        return float(np.sum(w * cell.forward(p, x, **state0).h))
    checked = {**p.named_arrays(), "x": x, **state0}
    grads = {**res.grads.named_arrays(), "x": res.dx, **{k: getattr(res, "d" + k) for k in state0}}
    entries = check_gradients(loss, checked, grads)
    assert all(e.agrees() for e in entries), max(entries, key=lambda e: e.rel_error)


@pytest.mark.parametrize("name, options", SETTINGS, ids=IDS)
def test_the_step_run_over_time_is_the_forward_pass(name, options):
    cell = get_cell(name)
    rng = np.random.default_rng(1)
    p = cell.init(2, 3, seed=2, **options)
    x = rng.normal(size=(6, 2))
    tr = cell.forward(p, x)
    state = [np.zeros(3) for _ in cell.states]
    for t, x_t in enumerate(x):
        out = cell.step(p, x_t, *state)
        out = out if isinstance(out, tuple) else (out,)
        named = dict(zip(cell.quantities, out))
        state = [named[s] for s in cell.states]
        for q in cell.quantities:
            np.testing.assert_allclose(named[q], getattr(tr, q)[t], rtol=0, atol=1e-12, err_msg=q)


@pytest.mark.parametrize("readout", ["last", "every"])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("name, options", SETTINGS, ids=IDS)
def test_stacks_of_any_cell_have_exact_gradients(name, options, bidirectional, readout):
    rng = np.random.default_rng(2)
    p = init_stack(1, 2, 2, num_layers=2, cell=name, bidirectional=bidirectional, readout=readout,
                   seed=3, **options)
    X = rng.normal(size=(3, 2, 1))
    Y = rng.normal(size=(2, 2) if readout == "last" else (3, 2, 2))

    def loss_and_grads():
        z, traces = stack_forward(p, X)
        return float(np.mean((z - Y) ** 2)), stack_backward(p, traces, 2 * (z - Y) / z.size)
    _, grads = loss_and_grads()
    assert type(grads) is StackParams and grads.readout == readout
    entries = check_gradients(lambda: loss_and_grads()[0], p.named_arrays(), grads.named_arrays())
    assert len(entries) == sum(a.size for a in p.arrays())
    assert all(e.agrees() for e in entries), max(entries, key=lambda e: e.rel_error)


def test_the_forecaster_and_the_sequence_model_are_stacks_with_their_readout():
    f = init_forecaster(1, 4, num_layers=2, seed=5, forget_bias=0.5)
    s = init_stack(1, 4, 1, num_layers=2, readout="last", seed=5, forget_bias=0.5)
    assert isinstance(f, StackParams) and f.readout == "last"
    assert all(np.array_equal(u, v) for u, v in zip(f.arrays(), s.arrays()))
    q = init_seq_model(1, 4, 2, num_layers=2, bidirectional=True, seed=5)
    r = init_stack(1, 4, 2, num_layers=2, bidirectional=True, seed=5)
    assert q.readout == "every" and all(np.array_equal(u, v) for u, v in zip(q.arrays(), r.arrays()))
    assert type(f.copy()) is ForecasterParams and type(mse_loss_and_grads(
        f, np.zeros((3, 2, 1)), np.zeros(2))[1]) is ForecasterParams


def test_a_gru_forecaster_and_a_gru_sequence_model_train_through_the_same_losses():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(5, 3, 1))
    f = init_stack(1, 3, 1, cell="gru", readout="last", seed=0)
    loss, grads, y_hat, traces = mse_loss_and_grads(f, X, rng.normal(size=3))
    assert y_hat.shape == (3,) and traces[0].r.shape == (5, 3, 3) and np.isfinite(loss)
    s = init_stack(1, 3, 1, cell="rnn", bidirectional=True, seed=0)
    value, g, out, _ = seq_loss_and_grads(s, X, (rng.random((5, 3, 1)) > 0.5) * 1.0, loss="bce")
    assert out.shape == (5, 3, 1) and isinstance(g.layers[0], BidirectionalParams)


@pytest.mark.parametrize("name", list(CELLS))
def test_layer_trace_lines_a_backward_half_up_with_the_input(name):
    layer = init_bidirectional(1, 2, seed=0, cell=name)
    x = np.random.default_rng(5).normal(size=(6, 1))
    cell = get_cell(name)
    bw = layer_trace([layer], x, direction="bw")
    np.testing.assert_allclose(bw.h, cell.forward(layer.bw, x[::-1]).h[::-1], atol=1e-15)
    np.testing.assert_allclose(layer_forward(layer, x).h[:, 2:], bw.h, atol=1e-15)
    fw = layer_trace([layer], x, direction="fw")
    for q in cell.quantities:
        assert getattr(fw, q).shape == getattr(bw, q).shape == (6, 2)


def test_layer_input_is_what_the_stack_hands_that_layer():
    stack = init_stack(1, 3, num_layers=3, seed=2)          # three LSTM layers of 3 units
    x = np.random.default_rng(6).normal(size=(7, 1))
    assert layer_input(stack.layers, x, 0) is x
    h0 = layer_trace(stack.layers, x, 0).h                 # (7, 3)
    np.testing.assert_array_equal(layer_input(stack.layers, x, 1), h0)
    np.testing.assert_array_equal(layer_input(stack.layers, x, 2), layer_trace(stack.layers, x, 1).h)
    # the traces layer_trace lists are those the batched stack computes, to the last bit
    _, traces = stack_forward(stack, x[:, None, :])
    np.testing.assert_array_equal(layer_input(stack.layers, x, 2), traces[1].h[:, 0, :])
    with pytest.raises(ValueError, match="layer must be between 0 and 2, got 3"):
        layer_input(stack.layers, x, 3)
    with pytest.raises(ValueError, match="layer must be between 0 and 2, got -1"):
        layer_trace(stack.layers, x, -1)


def test_unknown_cells_are_named_in_the_error():
    with pytest.raises(ValueError, match=r"cell must be one of \('lstm', 'gru', 'rnn'\), got 'tcn'"):
        get_cell("tcn")
    with pytest.raises(TypeError, match="no cell takes parameters of type dict"):
        cell_of({})
    with pytest.raises(ValueError, match="readout must be one of"):
        init_stack(1, 2, readout="first")
    with pytest.raises(ValueError, match="x must be one sequence of shape"):
        layer_trace([init_forecaster(1, 2).layers[0]], np.zeros((3, 2, 1)))
