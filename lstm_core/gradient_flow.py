"""How a gradient travels back through time, in a plain RNN and in an LSTM.

The "why gates?" page feeds one input sequence ``x`` (T, D) to a plain tanh RNN and to an
LSTM with the same hidden size H and seed, puts a loss on the **last output only**::

    L = u · h_T,     u a fixed random unit vector (||u|| = 1, drawn from the seed)

and backpropagates it. Because ``dL/dh_T = u``, both models start the journey back with a
gradient of length exactly 1, so ``||dL/dh_t||`` *is* the factor by which the gradient
shrank (or grew) on its way from step T back to step t. (A loss such as ``½||h_T||²`` would
make the starting length depend on ``h_T`` and differ between the models.)

Steps are numbered t = 1 .. T on the page; arrays here are 0-based, so row ``k`` of every
``(T, ·)`` array belongs to step t = k + 1 and the last row to t = T.

Why the two differ::

    RNN:   dL/dh_{t-1} = W_hᵀ (dL/dh_t ⊙ (1 - h_t²))             a matrix product per step
    LSTM:  dL/dc_{t-1} = f_t ⊙ dL/dc_t + (what comes through h)   an elementwise product

Along the LSTM's cell state (the "conveyor belt") the gradient is only multiplied by the
forget gates, so the running product ``Π_{s=t+1}^{T} f_s`` says how much of it survives.

Also here: the full BPTT gradient against the NumPy tutorial's truncated one (same weights, same
loss), a short training comparison of the two, and a live finite-difference check.
Pure NumPy; every result is a frozen dataclass, every error a ValueError naming the value.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from .cell import GATES, LSTMParams, backward, forward, init_params
from .gradcheck import GradCheckEntry, check_gradients
from .model import init_forecaster, mse_loss_and_grads, predict
from .optim import Adam, clip_by_global_norm
from .rnn import init_rnn_params, rnn_backward, rnn_forward
from .train import TrainConfig, Trainer

LOSS_STREAM = 20_240_607      # mixed into the seed for u, so u is not the weights' first draws
PARAM_NAMES = tuple(f"W_{g}" for g in GATES) + tuple(f"b_{g}" for g in GATES)
ZERO_NORM = 1e-300            # below this a gradient counts as exactly zero (cosine similarity)
EXPLODING = 1e3               # ||dL/dh_1|| above this (or below 1/EXPLODING): exploded (vanished)


# ---------------------------------------------------------------------------------------
# Small helpers


def row_norms(a: np.ndarray) -> np.ndarray:
    """Euclidean norm of every row of ``a`` (T, H) -> (T,), without overflow.

    ``np.linalg.norm`` squares first, so a finite row with entries above ~1e154 would give
    inf. Here each row is divided by its largest absolute entry first. A row holding NaN
    gives NaN, otherwise a row holding inf gives inf.
    """
    a = np.asarray(a, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"a must have shape (T, H), got {a.shape}")
    finite = np.isfinite(a)                                   # (T, H)
    m = np.abs(np.where(finite, a, 0.0)).max(axis=1, initial=0.0)  # (T,) largest finite |a|
    scale = np.where(m > 0, m, 1.0)[:, None]                  # (T, 1)
    with np.errstate(invalid="ignore", over="ignore"):   # a norm above 1.8e308 is inf
        out = m * np.sqrt(np.sum((np.where(finite, a, 0.0) / scale) ** 2, axis=1))
    out[np.isinf(a).any(axis=1)] = np.inf
    out[np.isnan(a).any(axis=1)] = np.nan
    return out


def loss_direction(hidden_size: int, seed: int) -> np.ndarray:
    """The fixed unit vector u (H,) of the loss L = u · h_T, deterministic for a seed."""
    u = np.random.default_rng([int(seed), LOSS_STREAM]).normal(size=int(hidden_size))
    return u / np.linalg.norm(u)


def forget_product(f: np.ndarray) -> np.ndarray:
    """Running product of forget gates from each step to the end, per unit.

    Parameters
    ----------
    f : (T, H) forget gates f_t

    Returns
    -------
    (T, H) array P with ``P[k] = Π_{s=k+1}^{T-1} f[s]`` (0-based), i.e. on the page
    ``Π_{s=t+1}^{T} f_s``: the factor dL/dc_T is multiplied by on the way back to c_t along
    the cell state alone. The last row is 1 (nothing to pass through).
    """
    f = np.asarray(f, dtype=float)
    if f.ndim != 2:
        raise ValueError(f"f must have shape (T, H), got {f.shape}")
    P = np.ones_like(f)                                       # (T, H)
    P[:-1] = np.cumprod(f[:0:-1], axis=0)[::-1]               # f[T-1], f[T-1]·f[T-2], ... reversed
    return P


def _check_x(x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"x must have shape (T, D) with T >= 1 and D >= 1, got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x contains NaN or infinite values")
    return x


def _check_hidden(hidden_size) -> int:
    if not isinstance(hidden_size, (int, np.integer)) or hidden_size < 1:
        raise ValueError(f"hidden_size must be a positive integer, got {hidden_size!r}")
    return int(hidden_size)


# ---------------------------------------------------------------------------------------
# Gradient norms through time


@dataclass(frozen=True)
class GradientFlow:
    """The gradient of L = u · h_T at every step, for both models. Time first, 0-based.

    Attributes
    ----------
    x : (T, D) the input
    u : (H,) the loss direction, ``||u|| = 1``
    rnn_dh, lstm_dh : (T, H) total dL/dh_t of the plain RNN and of the LSTM
    lstm_dc : (T, H) total dL/dc_t of the LSTM
    forget : (T, H) the LSTM's forget gates f_t
    forget_product : (T, H) ``Π_{s=t+1}^{T} f_s`` per unit (see ``forget_product``)
    rnn_dh_norm, lstm_dh_norm, lstm_dc_norm : (T,) their Euclidean norms over units
    belt_norm : (T,) ``||dL/dc_T ⊙ Π_{s=t+1}^{T} f_s||``: the part of dL/dc_t that came
        from c_T along the cell state alone, through nothing but forget gates
    forget_product_mean : (T,) the mean over units of ``forget_product`` (one line to
        draw; a unit whose product stays near 1 carries the gradient even if others don't)
    non_finite : the models whose gradient overflowed to inf or became NaN, a subset of
        ``("rnn", "lstm")`` in that order; empty when every number is finite
    """

    x: np.ndarray
    u: np.ndarray
    rnn_dh: np.ndarray
    lstm_dh: np.ndarray
    lstm_dc: np.ndarray
    forget: np.ndarray
    forget_product: np.ndarray
    rnn_dh_norm: np.ndarray
    lstm_dh_norm: np.ndarray
    lstm_dc_norm: np.ndarray
    belt_norm: np.ndarray
    forget_product_mean: np.ndarray
    non_finite: tuple[str, ...]

    @property
    def steps(self) -> int:
        return self.x.shape[0]

    @property
    def units(self) -> int:
        return self.u.shape[0]

    def ratio(self, model: str) -> float:
        """``||dL/dh_1|| / ||dL/dh_T||`` for ``model`` ("rnn" or "lstm"); = ||dL/dh_1||
        since the last is 1. Below 1 the gradient vanished on the way, above 1 it exploded.
        NaN or inf when the model's gradient is not finite."""
        if model not in ("rnn", "lstm"):
            raise ValueError(f"model must be 'rnn' or 'lstm', got {model!r}")
        n = self.rnn_dh_norm if model == "rnn" else self.lstm_dh_norm
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            return float(n[0] / n[-1])


def gradient_flow(x, hidden_size: int = 16, seed: int = 0, spectral_radius: float = 0.9,
                  forget_bias: float = 1.0) -> GradientFlow:
    """Backpropagate L = u · h_T through a plain RNN and an LSTM fed the same sequence.

    Parameters
    ----------
    x : (T, D) one input sequence, time first
    hidden_size : H, the same for both models
    seed : seeds both models' weights (``init_rnn_params``, ``init_params``) and u
    spectral_radius : the RNN's recurrent matrix W_h is rescaled to this largest
        eigenvalue magnitude (< 1: the gradient shrinks, > 1: it can grow)
    forget_bias : the LSTM's b_f; the forget gates start near σ(b_f)

    Returns
    -------
    GradientFlow; see its docstring for shapes. Overflow never raises: a gradient that
    reaches inf or NaN is returned as such and named in ``non_finite``.
    """
    x = _check_x(x)
    H = _check_hidden(hidden_size)
    T, D = x.shape
    rnn = init_rnn_params(D, H, seed=seed, spectral_radius=spectral_radius)
    lstm = init_params(D, H, seed=seed, forget_bias=forget_bias)
    u = loss_direction(H, seed)
    dh_out = np.zeros((T, H))                       # (T, H): L looks at h_T only
    dh_out[-1] = u
    with np.errstate(over="ignore", invalid="ignore"):
        r = rnn_backward(rnn, rnn_forward(rnn, x), dh_out)
        tr = forward(lstm, x)
        b = backward(lstm, tr, dh_out)
        P = forget_product(tr.f)                    # (T, H)
        belt = b.dc[-1] * P                         # (T, H) dL/dc_T carried by forget gates only
    non_finite = tuple(name for name, arr in (("rnn", r.dh), ("lstm", np.stack([b.dh, b.dc])))
                       if not np.all(np.isfinite(arr)))
    return GradientFlow(
        x=x, u=u, rnn_dh=r.dh, lstm_dh=b.dh, lstm_dc=b.dc, forget=np.array(tr.f),
        forget_product=P, rnn_dh_norm=row_norms(r.dh), lstm_dh_norm=row_norms(b.dh),
        lstm_dc_norm=row_norms(b.dc), belt_norm=row_norms(belt),
        forget_product_mean=P.mean(axis=1), non_finite=non_finite)


def regime(ratio: float, threshold: float = EXPLODING) -> str:
    """Name what happened to a gradient that started with length 1 and arrived with length
    ``ratio``: "non_finite" (NaN or inf), "underflow" (exactly 0: smaller than the smallest
    float64), "vanishing" (below 1/threshold), "exploding" (above threshold) or "kept"."""
    if not np.isfinite(ratio):
        return "non_finite"
    if ratio == 0:
        return "underflow"
    if ratio < 1.0 / threshold:
        return "vanishing"
    if ratio > threshold:
        return "exploding"
    return "kept"


# ---------------------------------------------------------------------------------------
# Full BPTT against the NumPy tutorial's truncated gradient


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """cos(a, b) = a·b / (||a|| ||b||) of two arrays seen as flat vectors.

    1 when both are zero (two zero gradients agree), 0 when exactly one is (no component
    in common), NaN when either holds NaN or inf. Computed on rescaled copies, so it
    neither overflows nor underflows.
    """
    a, b = np.ravel(np.asarray(a, float)), np.ravel(np.asarray(b, float))
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same number of entries, got {a.size} and {b.size}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    ma, mb = np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0)
    if ma < ZERO_NORM and mb < ZERO_NORM:
        return 1.0
    if ma < ZERO_NORM or mb < ZERO_NORM:
        return 0.0
    a, b = a / ma, b / mb
    return float(np.clip(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)), -1.0, 1.0))


@dataclass(frozen=True)
class FullVsTruncated:
    """Two gradients of the same loss for the same LSTM weights.

    Attributes
    ----------
    full : LSTMParams, exact BPTT (``backward(..., through_time=True)``)
    truncated : LSTMParams, the NumPy tutorial's shortcut (``through_time=False``): at each step only
        the terms of that step, nothing that flows back from step t+1
    cosine : dict, one entry per parameter in PARAM_NAMES plus ``"all"`` (all eight as one
        vector): the cosine similarity of the two gradients, 1 = same direction
    full_norm, truncated_norm : dict, the same keys: Euclidean norms
    loss : "last" (L = u · h_T) or "every" (L = Σ_t u · h_t, a loss at every output as in
        the NumPy tutorial)
    """

    full: LSTMParams
    truncated: LSTMParams
    cosine: dict
    full_norm: dict
    truncated_norm: dict
    loss: str


def _as_vector(p: LSTMParams) -> np.ndarray:
    return np.concatenate([np.ravel(getattr(p, n)) for n in PARAM_NAMES])


def full_vs_truncated(x, hidden_size: int = 16, seed: int = 0, forget_bias: float = 1.0,
                      loss: str = "last") -> FullVsTruncated:
    """Exact BPTT and the truncated gradient of one LSTM (``init_params(D, H, seed,
    forget_bias)``) on ``x`` (T, D), for L = u · h_T (``loss="last"``) or L = Σ_t u · h_t
    (``loss="every"``), u from ``loss_direction(H, seed)``.

    For T = 1 there is no earlier step, so the two are identical and every cosine is 1.
    """
    if loss not in ("last", "every"):
        raise ValueError(f"loss must be 'last' or 'every', got {loss!r}")
    x = _check_x(x)
    H = _check_hidden(hidden_size)
    T, D = x.shape
    params = init_params(D, H, seed=seed, forget_bias=forget_bias)
    u = loss_direction(H, seed)
    dh_out = np.zeros((T, H))                       # (T, H)
    if loss == "last":
        dh_out[-1] = u
    else:
        dh_out[:] = u
    tr = forward(params, x)
    with np.errstate(over="ignore", invalid="ignore"):
        full = backward(params, tr, dh_out, through_time=True).grads
        trunc = backward(params, tr, dh_out, through_time=False).grads
    cos, nf, nt = {}, {}, {}
    for name in PARAM_NAMES:
        a, b = getattr(full, name), getattr(trunc, name)
        cos[name] = cosine_similarity(a, b)
        nf[name], nt[name] = float(row_norms(a.reshape(1, -1))[0]), float(row_norms(b.reshape(1, -1))[0])
    va, vb = _as_vector(full), _as_vector(trunc)
    cos["all"] = cosine_similarity(va, vb)
    nf["all"], nt["all"] = float(row_norms(va[None])[0]), float(row_norms(vb[None])[0])
    return FullVsTruncated(full, trunc, cos, nf, nt, loss)


# ---------------------------------------------------------------------------------------
# Training with each gradient


@dataclass(frozen=True)
class TrainingComparison:
    """Loss curves of the same model trained with the full and with the truncated gradient.

    ``task`` is "passengers" or "remember_first"; ``full_train``, ``full_test``,
    ``truncated_train``, ``truncated_test`` are (epochs,) arrays of MSE per epoch (measured
    on the weights each epoch started from); ``seconds`` the wall time of both runs;
    ``baseline`` the test MSE of the trivial prediction the page compares against (NaN when
    there is none); ``settings`` the arguments, for the page to quote.
    """

    task: str
    full_train: np.ndarray
    full_test: np.ndarray
    truncated_train: np.ndarray
    truncated_test: np.ndarray
    seconds: float
    baseline: float
    settings: dict = field(default_factory=dict)


def _passenger_run(through_time: bool, epochs: int, seed: int, hidden_size: int,
                   look_back: int) -> tuple[np.ndarray, np.ndarray]:
    trainer = Trainer(TrainConfig(hidden_size=hidden_size, look_back=look_back, epochs=epochs,
                                  seed=seed, through_time=through_time))
    reports = trainer.run()
    train = np.full(epochs, np.nan)
    test = np.full(epochs, np.nan)
    train[:len(reports)] = [r.train_loss for r in reports]
    test[:len(reports)] = [r.test_loss for r in reports]
    return train, test


def remember_first_data(length: int, batch: int, seed: int) -> tuple[np.ndarray, ...]:
    """The memory task: sequences of ``length`` numbers drawn from U(-1, 1); the target is
    the *first* number, read after the last. Returns X_train, y_train, X_test, y_test with
    X of shape (length, batch, 1) and y (batch,). Predicting 0 gives an MSE of about 1/3."""
    rng = np.random.default_rng([int(seed), LOSS_STREAM, 1])
    X = rng.uniform(-1.0, 1.0, size=(length, batch, 1))   # (L, B, 1)
    X_test = rng.uniform(-1.0, 1.0, size=(length, batch, 1))
    return X, X[0, :, 0].copy(), X_test, X_test[0, :, 0].copy()


def _remember_first_run(through_time: bool, epochs: int, seed: int, hidden_size: int,
                        length: int, batch: int, learning_rate: float
                        ) -> tuple[np.ndarray, np.ndarray]:
    X, y, X_test, y_test = remember_first_data(length, batch, seed)
    params = init_forecaster(1, hidden_size, 1, seed)
    opt = Adam(learning_rate)
    train, test = np.empty(epochs), np.empty(epochs)
    for e in range(epochs):
        loss, grads, _, _ = mse_loss_and_grads(params, X, y, through_time=through_time)
        train[e] = loss
        test[e] = float(np.mean((predict(params, X_test) - y_test) ** 2))
        g = grads.arrays()
        clip_by_global_norm(g, 1.0)                 # as TrainConfig's default
        opt.step(params.arrays(), g)
    return train, test


def training_comparison(task: str = "passengers", epochs: int = 300, seed: int = 0,
                        hidden_size: int = 8, look_back: int = 12, length: int = 10,
                        batch: int = 128, learning_rate: float = 0.005) -> TrainingComparison:
    """Train the same model twice from the same seed: once with exact BPTT, once with
    the NumPy tutorial's truncated gradient. Everything else is identical.

    ``task="passengers"``: the forecaster of the training page (``TrainConfig`` defaults:
    log, differencing at lags 1 and 12, Adam 0.003, clipping 1.0) with ``hidden_size``
    units and windows of ``look_back`` months; baseline NaN. ``task="remember_first"``:
    ``remember_first_data(length, batch, seed)`` with Adam at ``learning_rate`` and
    clipping at 1.0; baseline 1/3, the MSE of always predicting 0. Both runs together, 300
    epochs: about 1.5 s for either task (benchmarks/bench_gates_page.py, 2-core machine).
    """
    if task not in ("passengers", "remember_first"):
        raise ValueError(f"task must be 'passengers' or 'remember_first', got {task!r}")
    if not isinstance(epochs, (int, np.integer)) or not 1 <= epochs <= 5000:
        raise ValueError(f"epochs must be between 1 and 5000, got {epochs!r}")
    t0 = time.perf_counter()
    with np.errstate(over="ignore", invalid="ignore"):
        if task == "passengers":
            full = _passenger_run(True, epochs, seed, hidden_size, look_back)
            trunc = _passenger_run(False, epochs, seed, hidden_size, look_back)
            baseline = float("nan")
            settings = dict(epochs=epochs, seed=seed, hidden_size=hidden_size, look_back=look_back)
        else:
            args = (epochs, seed, hidden_size, length, batch, learning_rate)
            full = _remember_first_run(True, *args)
            trunc = _remember_first_run(False, *args)
            baseline = 1.0 / 3.0
            settings = dict(epochs=epochs, seed=seed, hidden_size=hidden_size, length=length,
                            batch=batch, learning_rate=learning_rate)
    return TrainingComparison(task, full[0], full[1], trunc[0], trunc[1],
                              time.perf_counter() - t0, baseline, settings)


# ---------------------------------------------------------------------------------------
# A live gradient check


STEP_TIMES_GRADIENT = 1e-6   # live check: ε·|dL/dθ| at most this, so L stays locally linear
SMALLEST_STEP = 1e-10        # relative to max(|θ|, 1): below it float64 rounds θ ± ε too coarsely


@dataclass(frozen=True)
class LiveCheck:
    """One checked gradient entry of one model.

    ``model`` is "rnn" or "lstm"; ``entry`` a GradCheckEntry (``name`` like "W_f",
    ``index`` into that array, analytic, numeric, rel_error); ``eps`` the step used;
    ``status`` one of

    - ``"agrees"``: relative error below the tolerance,
    - ``"disagrees"``: it is not, although the finite difference has settled (the same
      at ε and ε/16): a wrong analytic gradient would show up here,
    - ``"unresolved"``: the finite difference has not settled (it changes between ε and
      ε/16 by more than the tolerance): the loss bends too sharply at this point for any
      step float64 allows, e.g. an RNN sitting on a tipping point,
    - ``"too_large"``: not checked, because the gradient is so large that a step small
      enough to keep the loss linear is below what float64 resolves (numeric is NaN),
    - ``"not_finite"``: the analytic gradient is NaN or inf (numeric is NaN).
    """

    model: str
    entry: GradCheckEntry
    eps: float
    status: str

    @property
    def agrees(self) -> bool:
        return self.status == "agrees"


def live_gradcheck(x, hidden_size: int = 16, seed: int = 0, spectral_radius: float = 0.9,
                   forget_bias: float = 1.0, eps: float = 1e-3, rel: float = 1e-5
                   ) -> list[LiveCheck]:
    """Check the gradient the page plots against five-point finite differences.

    Same models, input and loss (L = u · h_T) as ``gradient_flow``. For each of the LSTM's
    eight arrays and the RNN's ``W`` and ``b``, the entry with the largest finite |dL/dθ|
    is checked (where a relative error means most; a tiny gradient is all rounding):
    10 entries, 40 forward passes (4 more for an entry that needs a second step).

    The step is ``ε = min(eps, 1e-6 / |dL/dθ|)``, rounded down to a power of two (so θ ± ε
    is exact in float64). A large gradient comes with a loss that bends sharply: with the
    RNN near its exploding regime L can change by O(1) when θ moves by 1e-5, and a fixed
    ε = 1e-3 would difference straight across that and measure nonsense (measured: 8987
    against an exact -68.8). Keeping ε·|dL/dθ| ≤ 1e-6 keeps L locally linear; rounding in
    L then costs about 1e-10 relative. When that ε falls below ``1e-10·max(|θ|, 1)``
    float64 cannot resolve the step and the entry is reported ``"too_large"`` instead.

    Returns a list of LiveCheck, LSTM entries first.
    """
    x = _check_x(x)
    H = _check_hidden(hidden_size)
    T, D = x.shape
    u = loss_direction(H, seed)
    dh_out = np.zeros((T, H))
    dh_out[-1] = u
    rnn = init_rnn_params(D, H, seed=seed, spectral_radius=spectral_radius)
    lstm = init_params(D, H, seed=seed, forget_bias=forget_bias)
    out = []
    with np.errstate(over="ignore", invalid="ignore"):
        lg = backward(lstm, forward(lstm, x), dh_out).grads
        rg = rnn_backward(rnn, rnn_forward(rnn, x), dh_out).grads
        models = (
            ("lstm", lstm, lg, PARAM_NAMES, lambda: float(u @ forward(lstm, x).h[-1])),
            ("rnn", rnn, rg, ("W", "b"), lambda: float(u @ rnn_forward(rnn, x).h[-1])),
        )
        for model, params, grads, names, loss_fn in models:
            for name in names:
                p, g = getattr(params, name), getattr(grads, name)
                finite = np.isfinite(g)
                if finite.any():
                    k = int(np.argmax(np.where(finite, np.abs(g), -1.0)))
                else:
                    k = 0
                idx = tuple(int(i) for i in np.unravel_index(k, g.shape))
                analytic, theta = float(g[idx]), float(p[idx])
                if not finite.all():
                    k = int(np.argmax(~finite.ravel()))   # show a non-finite entry
                    idx = tuple(int(i) for i in np.unravel_index(k, g.shape))
                    out.append(LiveCheck(model, GradCheckEntry(name, idx, float(g[idx]), float("nan"),
                                                               float("nan")), float("nan"), "not_finite"))
                    continue
                step = min(eps, STEP_TIMES_GRADIENT / abs(analytic)) if analytic else eps
                step = float(2.0 ** np.floor(np.log2(step)))    # exact θ ± ε
                if step < SMALLEST_STEP * max(abs(theta), 1.0):
                    out.append(LiveCheck(model, GradCheckEntry(name, idx, analytic, float("nan"),
                                                               float("nan")), step, "too_large"))
                    continue
                sl = tuple(slice(i, i + 1) for i in idx)   # a view: perturbing it changes p
                (e,) = check_gradients(loss_fn, {name: p[sl]}, {name: g[sl]}, eps=step)
                status = "agrees" if e.agrees(rel=rel) else "disagrees"
                if status == "disagrees" and step / 16 >= SMALLEST_STEP * max(abs(theta), 1.0):
                    (e2,) = check_gradients(loss_fn, {name: p[sl]}, {name: g[sl]}, eps=step / 16)
                    if e2.agrees(rel=rel):
                        e, step, status = e2, step / 16, "agrees"
                    elif abs(e2.numeric - e.numeric) > rel * (abs(e2.numeric) + abs(e.numeric)):
                        e, step, status = e2, step / 16, "unresolved"
                out.append(LiveCheck(model, replace(e, index=idx), step, status))
    return out
