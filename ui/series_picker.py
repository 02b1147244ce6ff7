"""The training page's choice of series: the passengers, the other shipped series, or the
user's own CSV file (widget keys ``train.series``, ``train.series_file``, ``train.season``).

An upload is read by ``lstm_core.read_series_csv`` in the uploader's callback. A file that
can't be read leaves everything as it was (the series shown, the model) and says why in
the user's language, from the error's ``code``; a readable one is selected at once and its
summary (rows, dates, period, season) is shown before any training. What the user named
or typed (the file name, the header, a bad cell) is shown through ``ui.plain.literal``.

Kept in session state (not widget keys, so they outlive a visit to another page):
``train.uploaded`` (the last readable upload: its Series and what the reader understood)
and ``train.series_error`` (the message about the last unreadable file, or "").
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from lstm_core import SHIPPED_SERIES, Series, SeriesError, TrainConfig, load_series, read_series_csv
from lstm_core.forecast import settings_for
from lstm_core.series import check_trainable, minimum_length
from lstm_core.series_csv import MAX_BYTES, MAX_ROWS
from ui.i18n import t, translate
from ui.plain import clip, literal
from ui.state import current_lang

UPLOAD = "upload"
KEEP = "session"
MAX_SEASON = 366                 # Series accepts 2..366
MAX_UPLOAD_MB = 2                # above the reader's 1 MB, so a big file gets the reader's message
NAME_LIMIT = 30                  # characters of a file name or header shown


@dataclass(frozen=True, eq=False)
class Job:
    """What a run trains on: the series (``key`` names it: a shipped key, or the upload's
    fingerprint and season) and the settings fitted to it (``fit``)."""

    key: str
    series: Series
    config: TrainConfig


@st.cache_resource(show_spinner=False)
def shipped(key: str) -> Series:
    """A shipped series, read once per server (read-only: never modified)."""
    return load_series(key)


def fingerprint(series: Series) -> str:
    """A short hash of the values, dates and season: the cache key of an uploaded series."""
    h = hashlib.sha1(series.values.tobytes())
    if series.dates is not None:
        h.update(series.dates.astype("int64").tobytes())
    h.update(f"{series.season_length}|{series.freq}".encode())
    return h.hexdigest()[:16]


def display_name(key: str, series: Series, lang: str | None = None) -> str:
    """The series' name as charts and captions show it: translated for a shipped one, the
    header (cut short, plain text: charts don't render markup) for an upload."""
    lang = lang or current_lang()
    if key in SHIPPED_SERIES:
        return translate(f"forecast.series.{key}", lang)
    if series.name == "uploaded series":
        return translate("forecast.series.uploaded_name", lang)
    return clip(series.name, NAME_LIMIT)


def unit(key: str, series: Series) -> str:
    """The y-axis title: the shipped series' translated unit, "value" for an upload."""
    return t(f"forecast.series.unit.{key}") if key in SHIPPED_SERIES else t("forecast.series.unit.upload")


def fit(series: Series, config: TrainConfig) -> TrainConfig:
    """The widgets' settings for ``series``: each seasonal lag (written 12 on the controls)
    becomes the series' season length. The log is kept as chosen (``check`` refuses it for
    values <= 0). Raises SeriesError ``no_season`` when a seasonal difference is asked for
    a series without a season."""
    if any(lag != 1 for lag in config.lags) and series.season_length is None:
        raise SeriesError("this series has no season length: set one, or choose a "
                          "preprocessing without a seasonal difference", "no_season")
    return replace(settings_for(series, config), log=config.log)


def unfit(config: TrainConfig) -> TrainConfig:
    """The inverse for the controls: any seasonal lag is shown as 12."""
    return replace(config, lags=tuple(lag if lag == 1 else 12 for lag in config.lags))


def check(series: Series, config: TrainConfig) -> tuple[TrainConfig | None, SeriesError | None]:
    """(fitted settings, None) if ``config`` can train on ``series``, else (None, the reason)."""
    try:
        fitted = fit(series, config)
        check_trainable(series, fitted.look_back, fitted.lags, fitted.log, fitted.train_fraction)
    except SeriesError as error:
        return None, error
    return fitted, None


def error_text(error: SeriesError) -> str:
    """The translated reason for a SeriesError (``train.series_error.<code>``); text from the
    file (a cell, a date) goes in as a literal, lists are joined."""
    values = {}
    for k, v in error.values.items():
        if isinstance(v, (list, tuple)):
            v = ", ".join(map(str, v[:5])) + (" …" if len(v) > 5 else "")
            values[k] = literal(v, 80) if k in ("where",) else v
        elif isinstance(v, str):
            values[k] = literal(v)
        elif isinstance(v, float):
            values[k] = f"{v:g}"
        else:
            values[k] = f"{v:,}" if isinstance(v, int) and abs(v) >= 10_000 else v
    return t(f"forecast.error.{error.code}", **values)


def _read_upload() -> None:
    """Callback of the uploader: select a readable file, keep everything on a bad one."""
    ss = st.session_state
    ss["train.series_error"] = ""
    file = ss.get("train.series_file")
    if file is None:
        return
    name = literal(file.name, NAME_LIMIT)
    try:
        reading = read_series_csv(file.getvalue())
        shortest = minimum_length(1, (), 0.9)         # no setting at all can train on fewer
        if len(reading.series) < shortest:
            raise SeriesError("too short", "too_short", n=len(reading.series), minimum=shortest,
                              look_back=1, lags=())
    except SeriesError as error:
        ss["train.series_error"] = t("forecast.series.refused", name=name, detail=error_text(error))
        return
    s = reading.series
    ss["train.uploaded"] = {"series": s, "file": file.name, "id": fingerprint(s),
                            "header": reading.header, "delimiter": reading.delimiter,
                            "decimal_comma": reading.decimal_comma}
    ss["train.series"] = UPLOAD
    ss["train.season"] = s.season_length or 0


def active() -> tuple[str, Series]:
    """(key, Series) the page trains on now: the choice, with the user's season for an upload."""
    ss = st.session_state
    choice, up = ss.get("train.series", SHIPPED_SERIES[0]), ss.get("train.uploaded")
    if choice == UPLOAD and up:
        season = ss.get("train.season", up["series"].season_length or 0)
        season = int(season) if isinstance(season, (int, np.integer)) and 2 <= season <= MAX_SEASON else None
        return f"upload:{up['id']}:{season}", up["series"].with_season(season)
    if choice not in SHIPPED_SERIES:
        ss["train.series"] = choice = SHIPPED_SERIES[0]
    return choice, shipped(choice)


def summary_text(up: dict, series: Series) -> str:
    """What the reader understood of an upload, as Markdown (user text as literals)."""
    s = series.summary()
    period = t(f"forecast.series.freq.{s['freq']}") if s["freq"] else (
        t("forecast.series.freq.irregular") if series.dates is not None else t("forecast.series.freq.none"))
    detected = up["series"].season_length
    season = (t("forecast.series.season_none") if series.season_length is None else
              t("forecast.series.season_detected" if series.season_length == detected else "forecast.series.season_set",
                n=series.season_length))
    sep = {",": t("forecast.series.sep.comma"), ";": t("forecast.series.sep.semicolon"),
           "\t": t("forecast.series.sep.tab")}[up["delimiter"]]
    header = (t("forecast.series.header", text=literal(", ".join(up["header"]), NAME_LIMIT))
              if up["header"] else t("forecast.series.no_header"))
    return t("forecast.series.summary", name=literal(up["file"], NAME_LIMIT), rows=s["rows"],
             first=literal(s["first"]), last=literal(s["last"]), period=period, season=season,
             low=f"{s['min']:.6g}", high=f"{s['max']:.6g}", sep=sep, header=header)


def panel(disabled: bool = False) -> tuple[str, Series]:
    """The series row of the page: the choice, the uploader, what was understood. Returns
    ``active()`` after the widgets are drawn."""
    ss = st.session_state
    lang = current_lang()
    up = ss.get("train.uploaded")
    options = SHIPPED_SERIES + ((UPLOAD,) if up else ())
    if ss.get("train.series") not in options:
        ss["train.series"] = SHIPPED_SERIES[0]
    upload_name = literal(up["file"], NAME_LIMIT) if up else ""
    names = {k: translate(f"forecast.series.{k}", lang) for k in SHIPPED_SERIES}
    names[UPLOAD] = translate("forecast.series.upload_option", lang, name=upload_name)   # labels are Markdown
    with st.container(border=True, key="train.series_box"):
        choice_col, file_col = st.columns([3, 2], gap="large")
        with choice_col:
            st.radio(t("forecast.series.choice"), options, key="train.series", horizontal=True,
                     format_func=names.get, persist_state=KEEP, disabled=disabled,
                     help=t("forecast.series.choice_help"))
            key, series = active()
            if key in SHIPPED_SERIES:
                st.caption(t("forecast.series.source", source=series.source, n=len(series),
                             licence=t(f"forecast.series.licence.{key}"),
                             first=series.labels()[0], last=series.labels()[-1]))
            else:
                st.markdown(summary_text(up, series))
                st.number_input(t("forecast.series.season"), 0, MAX_SEASON, key="train.season",
                                help=t("forecast.series.season_help"), persist_state=KEEP, disabled=disabled)
        with file_col:
            st.file_uploader(t("forecast.series.file", mb=MAX_BYTES // 1_000_000, rows=f"{MAX_ROWS:,}"),
                             type=["csv", "txt"], key="train.series_file", on_change=_read_upload,
                             help=t("forecast.series.file_help"), max_upload_size=MAX_UPLOAD_MB,
                             disabled=disabled)
            if ss.get("train.series_error"):
                st.error(ss["train.series_error"])
            elif up and key != UPLOAD and not key.startswith("upload"):
                st.caption(t("forecast.series.kept_upload", name=upload_name))
    return key, series
