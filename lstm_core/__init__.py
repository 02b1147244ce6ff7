"""LSTM Explainer's engine: pure-NumPy recurrent cells with exact backpropagation through time.

One concept per module:
    activations  σ and tanh
    cell         the LSTM: LSTMParams, init_params, lstm_step (the equations), forward -> Trace,
                 lstm_step_backward, backward -> BPTT (fast path private in _lstm_fast)
    variants     the LSTM variants of Greff et al. 2017 (NIG, NFG, NOG, NIAF, NOAF, CIFG, PH)
    gru          the GRU with PyTorch's equations, same interface
    rnn          the plain (Elman) RNN, same interface
    cells        the cell interface: Cell, CELLS, get_cell, cell_of
    layers       a layer run backwards in time, bidirectional layers, the trace of layer k
    stack        StackParams: stacked layers of any cell + a readout at the last or every step
    model        the forecaster (readout at the last step), MSE and its gradient
    seq_model    the sequence model (readout at every step), MSE or cross-entropy
    optim        SGD, Adam, clipping by global norm
    data         the passenger data, log/differencing/min-max, sliding windows (any series)
    series       Series: a shipped classic series or the user's own, with its season length
    series_csv   the reader of an uploaded CSV: limits checked before parsing, an error code each
    baselines    seasonal-naive and persistence forecasts, RMSE and MAPE
    classical    the airline SARIMA and multiplicative Holt-Winters in NumPy (the references)
    forecast     forecasts past the end of the data, the spread over seeds, the 12-step backtest
    fit          the one training loop: Task (data, loss, metrics) -> FitTrainer -> EpochReport,
                 divergence (NaN/inf) detected and named
    train        Trainer: the loop on the passenger forecaster, with snapshots and evaluation
    checkpoint   a trained forecaster, its settings and epoch in one .npz file
    gradcheck    five-point finite differences
    gradient_flow  any cell's gradient of L = u·h_T through time, and its keep gate's product
    truncated    full BPTT against the NumPy tutorial's truncated gradient, and training with each
    live_check   the "why gates?" page's finite-difference check of those gradients
    experiments  the tutorials' experiments: trend, x·sin x, classification, sin->cos, ...
    sequences    input sequences for one cell, and the parser for typed numbers
    long_memory  the long-time-lag tasks of Hochreiter & Schmidhuber 1997 and the race of cells
                 on them (imported on its own: ``from lstm_core.long_memory import ...``)
"""
from .activations import sigmoid, tanh
from .baselines import baseline_rmses, mape, persistence, rmse, seasonal_naive
from .cell import (BPTT, GATES, LSTMParams, Trace, backward, forward, init_params,
                   lstm_step, lstm_step_backward, pre_activation_parts, pre_activations)
from .cells import CELLS, Cell, CellParams, cell_of, get_cell
from .checkpoint import (Checkpoint, CheckpointError, load_checkpoint, read_checkpoint,
                         save_checkpoint)
from .classical import CLASSICAL, classical_forecasts, classical_one_step
from .data import Dataset, Preprocessing, load_passengers, make_dataset, passengers
from .fit import EpochReport, FitTrainer, SettingError, Task
from .forecast import (BACKTEST_HORIZON, FORECAST_CONFIG, MAX_HORIZON, Backtest, Forecast, backtest,
                       forecast_csv, recursive_forecast, seed_spread)
from .gradcheck import GradCheckEntry, check_gradients
from .gru import (GRUBPTT, GRUParams, GRUTrace, gru_backward, gru_forward, gru_step,
                  gru_step_backward, init_gru_params)
from .layers import (BidirectionalParams, BiLSTMParams, init_bidirectional, init_bilstm,
                     layer_input, layer_trace)
from .model import (ForecasterParams, forecaster_forward, init_forecaster, mse_loss_and_grads,
                    predict)
from .optim import SGD, Adam, clip_by_global_norm, global_norm, make_optimizer
from .rnn import RNNBPTT, RNNParams, RNNTrace, init_rnn_params, rnn_backward, rnn_forward, rnn_step
from .series import SHIPPED_SERIES, Series, SeriesError, load_series
from .series_csv import read_series_csv
from .seq_model import SeqParams, init_seq_model, seq_loss_and_grads, seq_predict
from .stack import READOUTS, StackParams, init_stack, stack_backward, stack_forward
from .train import Evaluation, TrainConfig, Trainer, forecast_task
from .variants import VARIANTS, LSTMVariant

__all__ = [name for name in dir() if not name.startswith("_")]
