"""The forecaster's training epoch on preallocated buffers, in float32 or float64 (private).

Computes what ``model.mse_loss_and_grads`` and ``model.predict`` compute for a stack of the
lesson's LSTM layers read out at the last step (tested equal: 1e-12 in float64, 1e-4 in
float32), for ``train.Trainer`` when ``TrainConfig.dtype`` is "float32". The readable
equations stay in ``cell.py``; the tricks here, beyond ``_lstm_fast.py``'s:

- the weights live in one flat buffer (``pack``): per layer a ``(4H, H + D)`` block with
  its rows in the order f, i, o, a (``ORDER``), a ``(4H,)`` bias, then the readout; the
  gradient has the same layout, so the optimizer, the clipping and the divergence guard each
  touch one array instead of ten;
- σ(z) = (1 + tanh(z/2)) / 2: the f, i, o rows are halved in a scratch copy of the weights,
  so one tanh covers all four gates and one affine the three σ (a float32 tanh costs less
  than an exp, and nothing overflows);
- arrays are feature-major, ``(T, features, B)``: every gate's block of a step is one
  contiguous ``(H, B)`` slab, so each elementwise operation runs on contiguous memory;
- the test windows run beside the training windows as one batch (one loop over time for
  both); their error is left out of the loss, so their share of the gradient is zero;
- every array is allocated once, when the kernel is built, and written in place each epoch;
  all of them have the weights' dtype (no silent up-cast to float64).

The initial states are zeros, as ``stack_forward`` uses them.
"""
from __future__ import annotations

import numpy as np

from .cell import VANILLA, LSTMParams
from .model import ForecasterParams

ORDER = ("f", "i", "o", "a")   # the gates' row blocks in the flat buffer
DTYPES = ("float64", "float32")


def _blocks(flat: np.ndarray, shapes):
    """Views of ``flat``: per layer (W (4H, H + D), b (4H,)), then W_y (1, H), b_y (1,)."""
    pos, out = 0, []
    for H, D in shapes:
        W = flat[pos:pos + 4 * H * (H + D)].reshape(4 * H, H + D)
        pos += W.size
        out.append((W, flat[pos:pos + 4 * H]))
        pos += 4 * H
    H = shapes[-1][0]
    return out, flat[pos:pos + H].reshape(1, H), flat[pos + H:pos + H + 1]


def _size(shapes) -> int:
    return sum(4 * H * (H + D) + 4 * H for H, D in shapes) + shapes[-1][0] + 1


def _view(flat: np.ndarray, shapes) -> ForecasterParams:
    layers, W_y, b_y = _blocks(flat, shapes)
    views = []
    for (W, b), (H, _) in zip(layers, shapes):
        rows = {g: slice(k * H, (k + 1) * H) for k, g in enumerate(ORDER)}
        views.append(LSTMParams(**{"W_" + g: W[r] for g, r in rows.items()},
                                **{"b_" + g: b[r] for g, r in rows.items()}))
    params = ForecasterParams(views, W_y, b_y)
    params._flat = flat                      # what the optimizer updates (see fit.FitTrainer)
    return params


def shapes_of(params: ForecasterParams) -> list[tuple[int, int]]:
    """(H, D) of every layer; ValueError unless every layer is the lesson's LSTM."""
    for p in params.layers:
        if not isinstance(p, LSTMParams) or p.variant != VANILLA:
            raise ValueError("the fast float32 path trains stacks of the lesson's LSTM only, "
                             f"got a layer of type {type(p).__name__}")
    return [(p.hidden_size, p.input_size) for p in params.layers]


def pack(params: ForecasterParams, dtype: str = "float32") -> ForecasterParams:
    """A copy of ``params`` in ``dtype`` whose arrays are views of one flat buffer
    (``params._flat``), the layout ``ForecastKernel`` reads. ``copy()`` of the result is an
    ordinary (unpacked) ForecasterParams of the same dtype."""
    shapes = shapes_of(params)
    flat = np.empty(_size(shapes), dtype=np.dtype(dtype))
    out = _view(flat, shapes)
    for src, dst in zip(params.layers, out.layers):
        for name, a in src.named_arrays().items():
            getattr(dst, name)[...] = a
    out.W_y[...], out.b_y[...] = params.W_y, params.b_y
    return out


class ForecastKernel:
    """MSE loss and exact gradient of packed weights on fixed windows, plus test predictions.

    X_train (T, B_tr, D), y_train (B_tr,), X_test (T, B_te, D) or None: the windows, cast
    once to ``dtype``. ``shapes``: (H, D) per layer, as ``shapes_of``. ``run(params)``
    returns (loss as a Python float, grads, y_hat (B_tr,), u_test (B_te,)): ``grads`` is a
    packed ForecasterParams; it and both predictions are buffers that the next ``run``
    overwrites. ``through_time=False``: the NumPy tutorial's truncated gradient.
    """

    def __init__(self, shapes, X_train, y_train, X_test=None, dtype: str = "float32",
                 through_time: bool = True):
        dt = self.dtype = np.dtype(dtype)
        self._args = ([tuple(s) for s in shapes], X_train, y_train, X_test, dt.name, through_time)
        T, Btr, _ = X_train.shape
        X = X_train if X_test is None else np.concatenate([X_train, X_test], axis=1)
        B = X.shape[1]
        self.T, self.B, self.Btr, self.through_time = T, B, Btr, through_time
        self.shapes = [tuple(s) for s in shapes]
        self.y = np.asarray(y_train, dtype=dt)
        self.grads = _view(np.zeros(_size(self.shapes), dtype=dt), self.shapes)
        self._grad_views = _blocks(self.grads._flat, self.shapes)
        self._flat = self._views = None
        self.layers = []
        x = np.ascontiguousarray(X.transpose(0, 2, 1), dtype=dt)   # (T, D, B) layer 0's input
        for H, D in self.shapes:
            self.layers.append(_Layer(T, B, H, D, dt, x))
            x = self.layers[-1].HS[1:]                               # (T, H, B) the next one's
        H = self.shapes[-1][0]
        self.z = np.empty((1, B), dt)
        self.dz = np.zeros((1, B), dt)                   # dL/dŷ; test columns stay 0
        self.dh_top = np.empty((H, B), dt)

    def __reduce__(self):
        """Pickled (a trainer sent to a training worker) as its inputs: the buffers are scratch,
        several MB, and views of one another (layer k reads layer k-1's HS), which pickle
        would turn into separate copies."""
        return type(self), self._args

    def run(self, params: ForecasterParams):
        if params._flat is not self._flat:            # the views, made once per weights buffer
            self._flat, self._views = params._flat, _blocks(params._flat, self.shapes)
        layers, W_y, b_y = self._views
        g_layers, gW_y, gb_y = self._grad_views
        for L, (W, b) in zip(self.layers, layers):
            L.forward(W, b)
        T, Btr = self.T, self.Btr
        hT = self.layers[-1].HS[T]                                   # (H, B)
        z = np.matmul(W_y, hT, out=self.z)                           # (1, B)
        z += b_y[:, None]
        err = np.subtract(z[0, :Btr], self.y, out=self.dz[0, :Btr])  # (B_tr,)
        loss = float(np.dot(err, err)) / Btr
        err *= 2.0 / Btr                                             # dz = dL/dŷ
        np.matmul(self.dz, hT.T, out=gW_y)
        gb_y[0] = err.sum()
        dh = np.multiply(W_y.T, self.dz, out=self.dh_top)            # (H, B) into h_T only
        for k in reversed(range(len(self.layers))):
            W, _ = layers[k]
            gW, gb = g_layers[k]
            dh = self.layers[k].backward(W, gW, gb, dh, top=k == len(self.layers) - 1,
                                         need_dx=k > 0, through_time=self.through_time)
        return loss, self.grads, self.z[0, :Btr], self.z[0, Btr:]


class _Layer:
    """One layer's buffers, feature-major (T, ·, B), and its two passes."""

    def __init__(self, T, B, H, D, dt, X):
        self.T, self.B, self.H, self.D = T, B, H, D
        self.X = X                                     # (T, D, B), contiguous
        self.HS = np.zeros((T + 1, H, B), dt)          # h_{t-1} at t: HS[0] = h_0 = 0
        self.C = np.zeros((T + 1, H, B), dt)           # c_{t-1} at t: C[0] = c_0 = 0
        self.G = np.empty((T, 4 * H, B), dt)           # the gates f, i, o, a (ORDER)
        self.TC = np.empty((T, H, B), dt)              # tanh(c_t)
        self.scale = np.ones((4 * H, 1), dt)
        self.scale[:3 * H] = 0.5                       # σ rows halved: see the module docstring
        self.Wh = np.empty((4 * H, H), dt)             # scaled, contiguous
        self.Wx = np.empty((4 * H, D), dt)
        self.bs = np.empty((4 * H, 1), dt)
        self.WhT = np.empty((H, 4 * H), dt)            # unscaled, contiguous (backward)
        self.WxT = np.empty((D, 4 * H), dt)
        self.tmp = np.empty((4 * H, B), dt)
        self.tmpH = np.empty((H, B), dt)
        self.P = np.empty((T, 4 * H, B), dt)           # dc_t (dh_t for o) -> dz_t, local
        self.K = np.empty((T, H, B), dt)               # dh_t -> dc_t, local
        self.dZ = np.empty((T, 4 * H, B), dt)
        self.dWh = np.empty((T, 4 * H, H), dt)         # per step, summed after
        self.dWx = np.empty((T, 4 * H, D), dt)
        self.db = np.empty((T, 4 * H), dt)
        self.ones = np.ones(B, dt)
        self.dX = np.empty((T, D, B), dt)              # dL/dx, for the layer below
        self.zero = np.zeros((H, B), dt)
        self.dh, self.dhn = np.empty((H, B), dt), np.zeros((H, B), dt)
        self.dc, self.dcn = np.empty((H, B), dt), np.zeros((H, B), dt)

    def forward(self, W, b):
        T, H = self.T, self.H
        np.multiply(W[:, :H], self.scale, out=self.Wh)
        np.multiply(W[:, H:], self.scale, out=self.Wx)
        np.multiply(b[:, None], self.scale, out=self.bs)
        G, C, HS, TC, tmp, tmpH, Wh = self.G, self.C, self.HS, self.TC, self.tmp, self.tmpH, self.Wh
        if self.D == 1:                                # input part of every step, at once
            np.multiply(self.Wx, self.X, out=G)        # (4H, 1) ⊙ (T, 1, B): BLAS is slow at K = 1
        else:
            np.matmul(self.Wx, self.X, out=G)
        G += self.bs
        for t in range(T):
            g = G[t]                                   # (4H, B)
            if t:                                      # h_0 = 0
                g += np.matmul(Wh, HS[t], out=tmp)
            np.tanh(g, out=g)
            s = g[:3 * H]
            s *= 0.5
            s += 0.5                                   # f, i, o = σ(z) = (1 + tanh(z/2)) / 2
            c = np.multiply(g[:H], C[t], out=C[t + 1])          # c = f ⊙ c_{t-1} ...
            c += np.multiply(g[H:2 * H], g[3 * H:], out=tmpH)   # ... + i ⊙ ã
            np.tanh(c, out=TC[t])
            np.multiply(g[2 * H:3 * H], TC[t], out=HS[t + 1])   # h = o ⊙ tanh(c)

    def backward(self, W, gW, gb, dh_in, top, need_dx, through_time):
        """dh_in: dL/dh_T (H, B) for the top layer, else dL/dh (T, H, B) from above.
        Writes gW (4H, H + D), gb (4H,); returns dL/dx (T, D, B) or None."""
        T, B, H = self.T, self.B, self.H
        G, P, K, TC = self.G, self.P, self.K, self.TC
        a = G[:, 3 * H:]
        np.subtract(1.0, G[:, :3 * H], out=P[:, :3 * H])
        P[:, :3 * H] *= G[:, :3 * H]                   # σ' = σ(1 - σ) for f, i, o
        P[:, :H] *= self.C[:T]                         # ∂c/∂z_f = c_{t-1} σ'
        P[:, H:2 * H] *= a                             # ∂c/∂z_i = ã σ'
        P[:, 2 * H:3 * H] *= TC                        # ∂h/∂z_o = tanh(c) σ'
        Pa = np.multiply(a, a, out=P[:, 3 * H:])
        np.subtract(1.0, Pa, out=Pa)
        Pa *= G[:, H:2 * H]                            # ∂c/∂z_a = i (1 - ã²)
        np.multiply(TC, TC, out=K)
        np.subtract(1.0, K, out=K)
        K *= G[:, 2 * H:3 * H]                         # ∂h/∂c = o (1 - tanh²c)
        np.copyto(self.WhT, W[:, :H].T)
        dZ, dh, dhn, dc, dcn = self.dZ, self.dh, self.dhn, self.dc, self.dcn
        for t in reversed(range(T)):
            last = t == T - 1
            if top:
                d = dh_in if last else dhn if through_time else self.zero   # only h_T is read
            elif last or not through_time:
                d = dh_in[t]
            else:
                d = np.add(dh_in[t], dhn, out=dh)
            np.multiply(d, K[t], out=dc)
            if not last and through_time:
                dc += dcn                              # + from c_{t+1}
            z = dZ[t]                                  # (4H, B)
            np.multiply(P[t].reshape(4, H, B), dc, out=z.reshape(4, H, B))
            np.multiply(d, P[t, 2 * H:3 * H], out=z[2 * H:3 * H])   # o: from h_t only
            if through_time and t:
                np.matmul(self.WhT, z, out=dhn)        # to h_{t-1}, through all four gates
                np.multiply(dc, G[t, :H], out=dcn)     # to c_{t-1}, along the conveyor belt
        np.matmul(dZ, self.HS[:T].transpose(0, 2, 1), out=self.dWh)   # (T, 4H, H)
        np.sum(self.dWh, axis=0, out=gW[:, :H])
        np.matmul(dZ, self.X.transpose(0, 2, 1), out=self.dWx)         # (T, 4H, D)
        np.sum(self.dWx, axis=0, out=gW[:, H:])
        np.matmul(dZ, self.ones, out=self.db)
        np.sum(self.db, axis=0, out=gb)
        if not need_dx:
            return None
        np.copyto(self.WxT, W[:, H:].T)
        return np.matmul(self.WxT, dZ, out=self.dX)
