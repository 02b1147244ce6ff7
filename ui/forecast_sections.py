"""Two sections of the training page drawn after a run (``pages/2_Train.py``): the forecast
past the end of the data, and the 12-step backtest beside the one-step test RMSE.

Widget keys: ``train.horizon`` (periods to forecast), ``train.spread`` (train more seeds
for the band), ``train.download_forecast`` (CSV), ``train.backtest`` (run the backtest).

Everything expensive is asked for by a button and cached with ``st.cache_data`` (keyed by
the series' fingerprint and the settings): the extra seeds, the LSTM backtest and the
classical fits, so a rerun (another horizon, the language, a replayed epoch) never refits.
The request lives in session state as ``train.spread_for`` / ``train.backtest_for``: the
(run id, epoch) it was made for, so a new or further-trained model starts without them.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from lstm_core import BACKTEST_HORIZON, MAX_HORIZON, SeriesError, forecast_csv, seed_spread
from lstm_core.baselines import mape, rmse
from lstm_core.classical import classical_forecasts, classical_one_step
from lstm_core.forecast import backtest, train_seeds
from lstm_core.series import check_trainable
from ui import forecast_views as fv
from ui.i18n import t
from ui.series_picker import error_text

KEEP = "session"
SPREAD_EXTRA = 4          # models beside the page's own for the band: 5 in all, about 5x a run
BACKTEST_SEEDS = 5        # the issue asks for seeds 0-4; here the model's seed and the next four
DEFAULT_HORIZON = 12


# ---- cached computations (the leading underscore: not hashed; ``key`` stands for them) ----

@st.cache_data(max_entries=16, show_spinner=False)
def one_step_rmses(key: str, _y: np.ndarray, n_train: int, season: int | None) -> dict[str, float]:
    """Test RMSE of each classical method predicting one period from the actual past."""
    y = np.asarray(_y, dtype=float)
    return {m: rmse(p, y[n_train:]) for m, p in classical_one_step(y, n_train, season).items()}


@st.cache_data(max_entries=16, show_spinner=False)
def ahead_scores(key: str, _y: np.ndarray, horizon: int, season: int | None) -> dict[str, dict]:
    """RMSE and MAPE of each classical method forecasting the last ``horizon`` periods at
    once, fitted on the periods before them; {} when the series is too short for any."""
    y = np.asarray(_y, dtype=float)
    try:
        forecasts = classical_forecasts(y[:-horizon], horizon, season)
    except ValueError:
        return {}
    return {m: {"rmse": rmse(f, y[-horizon:]), "mape": mape(f, y[-horizon:])} for m, f in forecasts.items()}


@st.cache_data(max_entries=8, show_spinner=False)
def extra_models(key: str, settings: str, _series, _config, seeds: tuple[int, ...]) -> list:
    """The weights of models trained with ``seeds`` on the same data and settings."""
    return [tr.params for tr in train_seeds(_series, _config, seeds)]


@st.cache_data(max_entries=8, show_spinner=False)
def lstm_backtest(key: str, settings: str, _series, _config, seeds: tuple[int, ...]) -> dict:
    """Scores of ``lstm_core.forecast.backtest`` (one model per seed, last 12 held out)."""
    return backtest(_series, _config, seeds=seeds, horizon=BACKTEST_HORIZON).scores()


def _request(name: str, value) -> None:
    st.session_state[name] = value


# ---- the forecast past the end ----------------------------------------------------------

def future_section(key: str, series, display: dict, trainer, params, epoch: int, run_id: int) -> None:
    """Horizon slider, the band button, the chart and the CSV of the forecast of ``params``
    (the weights shown, at ``epoch``) from the end of the data."""
    ss = st.session_state
    st.subheader(t("forecast.future.heading"))
    ss.setdefault("train.horizon", DEFAULT_HORIZON)
    request = (run_id, epoch)
    spread_on = ss.get("train.spread_for") == request
    h_col, spread_col, csv_col = st.columns([1.1, 1, 0.75], gap="medium", vertical_alignment="bottom")
    k = h_col.slider(t("forecast.future.horizon"), 1, MAX_HORIZON, key="train.horizon", persist_state=KEEP,
                     help=t("forecast.future.horizon_help"))
    spread_col.button(t("forecast.future.spread", n=SPREAD_EXTRA), key="train.spread", disabled=spread_on,
                      on_click=_request, args=("train.spread_for", request), width="stretch",
                      help=t("forecast.future.spread_help", n=SPREAD_EXTRA))
    cfg = replace(trainer.config, epochs=max(int(epoch), 1))
    models, seeds = [params], (cfg.seed,)
    if spread_on:
        extra = tuple(cfg.seed + 1 + j for j in range(SPREAD_EXTRA))
        with st.spinner(t("forecast.future.training", n=SPREAD_EXTRA, epochs=epoch)):
            models = models + extra_models(key, repr(cfg), series, cfg, extra)
        seeds += extra
    forecast = seed_spread(models, trainer.data, k, seeds=seeds, series=series)
    x, x_future = fv.x_values(series, k)
    names = {"actual": t("train.forecast.actual"),
             "forecast": t("forecast.future.line", n=len(models)) if len(models) > 1 else t("forecast.future.line_one"),
             "band": t("forecast.future.band", n=len(models))}
    frames = fv.future_frames(x, series.values, x_future, forecast.median, forecast.low, forecast.high,
                              names=names, start=fv.shown_from(len(series), k, series.season_length))
    labels = {**names, "title": t("forecast.future.title", name=display["name"], k=k),
              "subtitle": t("forecast.future.subtitle"), "x": display["x"], "y": display["y"],
              "low": t("forecast.future.low"), "high": t("forecast.future.high"), "median": t("forecast.future.median"),
              "series": t("train.forecast.series"), "end": t("forecast.future.end")}
    st.altair_chart(fv.future_chart(frames, labels, kind=fv.x_kind(series), freq=series.freq), width="stretch")
    seed_list = ", ".join(map(str, seeds))
    st.caption(t("forecast.future.spread_source", n=len(models), seeds=seed_list, epoch=epoch)
               if spread_on else t("forecast.future.one_model", seed=cfg.seed, epoch=epoch, n=SPREAD_EXTRA))
    st.caption(t("forecast.future.trained_on", n_train=trainer.data.n_train, n=len(series)))
    slug = key if not key.startswith("upload") else "upload"
    csv_col.download_button(t("forecast.future.download"), forecast_csv(forecast), key="train.download_forecast",
                            file_name=f"lstm_{slug}_forecast_{k}_periods.csv", mime="text/csv",
                            on_click="ignore", width="stretch", help=t("forecast.future.download_help"))


# ---- the backtest -------------------------------------------------------------------------

def backtest_section(key: str, series, trainer, evaluation, epoch: int, run_id: int) -> None:
    """The table: one-step test RMSE (this model, the classical methods on the same test
    part) and the 12-step backtest (RMSE, MAPE) of the classical methods and, on request,
    of the LSTM with these settings and ``BACKTEST_SEEDS`` seeds."""
    ss = st.session_state
    H = BACKTEST_HORIZON
    st.subheader(t("forecast.backtest.heading", h=H))
    st.caption(t("forecast.backtest.explain", h=H, n=len(series) - H))
    fp, y, season = key, series.values, series.season_length
    one_step = {"lstm": float(evaluation.test_rmse), **one_step_rmses(fp, y, trainer.data.n_train, season)}
    ahead = ahead_scores(fp, y, H, season) if len(series) > H + 2 else {}
    request = (run_id, epoch)
    bt_on = ss.get("train.backtest_for") == request
    cfg = replace(trainer.config, epochs=max(int(epoch), 1))
    seeds = tuple(cfg.seed + j for j in range(BACKTEST_SEEDS))
    problem = None
    try:
        check_trainable(series, cfg.look_back, cfg.lags, cfg.log, test_periods=H)
    except SeriesError as error:
        problem = error
    st.button(t("forecast.backtest.run", n=BACKTEST_SEEDS, epochs=epoch), key="train.backtest",
              disabled=bt_on or problem is not None, on_click=_request, args=("train.backtest_for", request),
              help=t("forecast.backtest.run_help", n=BACKTEST_SEEDS))
    lstm = None
    if problem is not None:
        st.warning(t("forecast.backtest.cannot", detail=error_text(problem)))
    elif bt_on:
        with st.spinner(t("forecast.backtest.training", n=BACKTEST_SEEDS, epochs=epoch)):
            scores = lstm_backtest(fp, repr(cfg), series, cfg, seeds)
        lstm = scores["lstm_median"]
    rows = fv.backtest_rows(one_step, ahead, lstm)
    table = pd.DataFrame({
        t("forecast.backtest.col.one_step"): [fv.number(r["one_step"]) for r in rows],
        t("forecast.backtest.col.rmse", h=H): [fv.number(r["rmse"]) for r in rows],
        t("forecast.backtest.col.mape", h=H): [fv.number(r["mape"]) for r in rows]},
        index=pd.Index([t(f"forecast.backtest.method.{r['method']}", seed=cfg.seed) for r in rows],
                       name=t("forecast.backtest.col.method")))
    st.table(table)
    if lstm is not None:
        per_seed = ", ".join(f"{s}: {fv.number(scores[f'lstm_seed_{s}']['rmse'])}" for s in seeds)
        st.caption(t("forecast.backtest.seeds", n=BACKTEST_SEEDS, per_seed=per_seed, epochs=epoch, h=H))
    else:
        st.caption(t("forecast.backtest.not_run"))
