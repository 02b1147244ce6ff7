"""Reading a series from the bytes of a CSV file a user uploads (and the shipped ones).

Accepted: one column of values, or two columns (dates, then values); comma, semicolon or
tab between cells; a header row or not; UTF-8 with or without a byte-order mark. With
semicolons or tabs a decimal comma (``3,14``) is read as a decimal point. Dates are
year-first: ``1960-01-31``, ``1960/01/31``, ``1960-01``, ``1960-Q1``, ``1960`` (a time of
day after a space or ``T`` is ignored); below a header, a first column counting 0, 1, 2, ...
(pandas' index) numbers the periods instead. Monthly dates give a season of 12, quarterly 4;
anything else leaves the season for the user to set.

The size and the number of lines are checked before any cell is read. Every problem
raises ``SeriesError`` (series.py) with a ``code`` and details; line numbers are the
file's (1 = the first line, the header if there is one).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import numpy as np

from .series import SHOW, Series, SeriesError

MAX_BYTES = 1_000_000        # 1 MB: 10,000 rows of "1960-01-31,123456.789" is ~220 KB
MAX_ROWS = 10_000            # data rows; training a few thousand windows is already slow
MISSING = {"", "nan", "na", "n/a", "#n/a", "null", "none", "-", "?", "."}
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?|-?[Qq]([1-4]))?"
                   r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$")


@dataclass(frozen=True, eq=False)
class CSVReading:
    """What the parser understood: the series, the separator, whether the first line was
    a header (and its cells), whether decimal commas were read, and the lines skipped
    because they were blank."""

    series: Series
    delimiter: str
    header: tuple[str, ...] | None
    decimal_comma: bool
    blank_lines: int


def _snippet(text: str, width: int = 30) -> str:
    return repr(text if len(text) <= width else text[:width] + "…")


def _lines_list(lines: list[int]) -> str:
    return ", ".join(map(str, lines[:SHOW])) + (" ..." if len(lines) > SHOW else "")


def _decode(data) -> str:
    """Size, emptiness, binary content and encoding, before anything is split."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"read_series_csv expects the file's bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise SeriesError(f"the file has {len(data):,} bytes; at most {MAX_BYTES:,} are accepted",
                          "too_big", size=len(data), max=MAX_BYTES)
    if not data.strip():
        raise SeriesError("the file is empty", "empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SeriesError("the file is UTF-16 text: save it as UTF-8 (CSV UTF-8 in a "
                          "spreadsheet)", "encoding", encoding="UTF-16", line=1)
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise SeriesError(f"the file holds binary data (a NUL byte at byte {at + 1}), not CSV "
                          "text: is it a spreadsheet (.xlsx) or an image?", "binary", byte=at + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise SeriesError(f"line {line} is not UTF-8 text (byte {e.start + 1}): save the file "
                          "as UTF-8 (CSV UTF-8 in a spreadsheet)", "encoding",
                          encoding="not UTF-8", line=line) from None
    if not text.strip():                            # a byte-order mark and nothing else
        raise SeriesError("the file is empty", "empty")
    return text


def _number(cell: str, decimal_comma: bool) -> float | None:
    """The cell as a finite float, or None when it isn't one."""
    text = cell.replace(",", ".") if decimal_comma else cell
    try:
        v = float(text)
    except ValueError:
        return None
    return v if np.isfinite(v) else None


def _date(cell: str):
    """(year, month, day, kind) with kind "Y", "Q", "M" or "D", or None."""
    m = _DATE.match(cell)
    if not m:
        return None
    year, month, day, quarter = m.groups()
    y = int(year)
    if quarter:
        return y, 3 * int(quarter) - 2, 1, "Q"
    if month is None:
        return y, 1, 1, "Y"
    mo = int(month)
    if not 1 <= mo <= 12:
        return None
    if day is None:
        return y, mo, 1, "M"
    try:
        np.datetime64(f"{y:04d}-{mo:02d}-{int(day):02d}", "D")
    except ValueError:
        return None
    return y, mo, int(day), "D"


def read_series_csv(data: bytes, name: str = "uploaded series") -> CSVReading:
    """Parse CSV bytes into a Series (see the module docstring for what is accepted).

    Raises SeriesError with code ``too_big``, ``empty``, ``encoding``, ``binary``,
    ``too_many_rows``, ``bad_csv``, ``columns``, ``not_number``, ``missing``, ``no_values``,
    ``bad_date``, ``order``, ``duplicate`` or ``gap``; ``values`` name the lines.
    """
    text = _decode(data)
    lines = text.splitlines()
    numbered = [(k + 1, line) for k, line in enumerate(lines) if line.strip()]
    blank_lines = len(lines) - len(numbered)
    if len(numbered) > MAX_ROWS + 1:
        raise SeriesError(f"the file has {len(numbered):,} lines; at most {MAX_ROWS:,} rows "
                          "(plus a header) are accepted", "too_many_rows",
                          rows=len(numbered), max=MAX_ROWS)
    first = numbered[0][1]
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    decimal_comma = delimiter != ","
    try:
        rows = [[c.strip() for c in cells]
                for cells in csv.reader([line for _, line in numbered], delimiter=delimiter)]
    except csv.Error as e:                          # e.g. a cell over 131,072 characters
        raise SeriesError(f"the file can't be read as CSV ({e})", "bad_csv") from None
    width = max(len(r) for r in rows)
    while width > 1 and all(len(r) < width or r[width - 1] == "" for r in rows):
        width -= 1                                  # a column empty in every row ("a;b;")
    if width > 2:
        line, r = next((n, r) for (n, _), r in zip(numbered, rows)
                       if len([c for c in r[2:] if c]) > 0)
        raise SeriesError(f"line {line} has {len(r)} columns; expected one (values) or two "
                          "(dates, then values)", "columns", columns=len(r), line=line)
    rows = [(r + [""] * width)[:width] for r in rows]
    head = rows[0]              # a header: its value is no number and its date no date
    header = None
    if _number(head[-1], decimal_comma) is None and head[-1].lower() not in MISSING \
            and (width == 1 or _date(head[0]) is None):
        header = tuple(head)
        numbered, rows = numbered[1:], rows[1:]
    if not rows:
        raise SeriesError("the file has a header but no values", "no_values")
    if len(rows) > MAX_ROWS:                        # MAX_ROWS + 1 lines and no header
        raise SeriesError(f"the file has {len(rows):,} rows; at most {MAX_ROWS:,} are accepted",
                          "too_many_rows", rows=len(rows), max=MAX_ROWS)
    line_numbers = [n for n, _ in numbered]
    values = _values([r[-1] for r in rows], line_numbers, decimal_comma)
    dates = freq = season = None
    if width == 2:
        dates, freq, season = _dates([r[0] for r in rows], line_numbers, header is not None)
    label = header[-1] if header and header[-1] else name
    series = Series(values, dates, name=label, source="uploaded file", season_length=season,
                    freq=freq)
    return CSVReading(series, delimiter, header, decimal_comma, blank_lines)


def _values(cells: list[str], line_numbers: list[int], decimal_comma: bool) -> np.ndarray:
    """The value column as (N,) floats, or SeriesError ``not_number`` / ``missing``."""
    values, text, missing = [], [], []
    for cell, line in zip(cells, line_numbers):
        if cell.lower() in MISSING:
            missing.append(line)
            values.append(np.nan)
            continue
        v = _number(cell, decimal_comma)
        if v is None:
            text.append((line, cell))
        values.append(v)
    if text:
        line, cell = text[0]
        raise SeriesError(f"line {line}: {_snippet(cell)} is not a number"
                          + (f" ({len(text)} such cells)" if len(text) > 1 else ""),
                          "not_number", line=line, text=_snippet(cell), count=len(text),
                          lines=[n for n, _ in text[:SHOW]])
    if missing:
        raise SeriesError(f"{len(missing)} empty or NaN value(s), on line(s) "
                          f"{_lines_list(missing)}: fill them in or delete those rows",
                          "missing", count=len(missing), lines=missing[:SHOW])
    return np.array(values, dtype=float)


def _dates(cells: list[str], line_numbers: list[int], header: bool):
    """The date column -> (dates (N,) datetime64[D], freq, season length) or SeriesError.

    Below a header, whole numbers counting up by one (a row index, as pandas writes it)
    are accepted as period numbers: no dates."""
    parsed = [_date(c) for c in cells]
    bad = [(n, c) for n, c, p in zip(line_numbers, cells, parsed) if p is None]
    if bad and header and all(re.fullmatch(r"-?\d+", c) for c in cells) \
            and np.all(np.diff([int(c) for c in cells]) == 1):
        return None, None, None
    if bad:
        line, cell = bad[0]
        raise SeriesError(f"line {line}: {_snippet(cell)} is not a date like 1960-01-31, "
                          "1960-01, 1960-Q1 or 1960 (year first); leave the column out to use "
                          "the values alone" + (f" ({len(bad)} such cells)" if len(bad) > 1 else ""),
                          "bad_date", line=line, text=_snippet(cell), count=len(bad))
    kinds = {p[3] for p in parsed}
    dates = np.array([f"{y:04d}-{m:02d}-{d:02d}" for y, m, d, _ in parsed], dtype="datetime64[D]")
    months = np.array([12 * y + m - 1 for y, m, _, _ in parsed])          # (N,) month index
    same_day = len({p[2] for p in parsed}) == 1
    month_end = bool(np.all((dates + 1).astype("datetime64[M]") != dates.astype("datetime64[M]")))
    by_month = "D" not in kinds or same_day or month_end
    key = months if by_month else dates.astype(np.int64)                  # (N,) position
    step = np.diff(key)                                                   # (N-1,)
    for k in np.flatnonzero(step < 0)[:1]:
        raise SeriesError(f"line {line_numbers[k + 1]}: {_snippet(cells[k + 1])} comes after "
                          f"{_snippet(cells[k])}: sort the rows by date, oldest first", "order",
                          line=line_numbers[k + 1], date=cells[k + 1], previous=cells[k])
    same = np.flatnonzero(step == 0)
    if len(same):
        k = same[0]
        raise SeriesError(f"line {line_numbers[k + 1]}: {_snippet(cells[k + 1])} repeats the "
                          f"period of line {line_numbers[k]}"
                          + (f" ({len(same)} repeats)" if len(same) > 1 else ""),
                          "duplicate", line=line_numbers[k + 1], date=cells[k + 1],
                          previous_line=line_numbers[k], count=len(same))
    if len(step) == 0:
        return dates, None, None
    unit = int(step.min())
    gaps = np.flatnonzero(step != unit)
    if len(gaps) and unit > 0:
        k = gaps[0]
        where = [f"{cells[j]} -> {cells[j + 1]}" for j in gaps[:SHOW]]
        raise SeriesError(f"{len(gaps)} gap(s) in the dates, the first between line "
                          f"{line_numbers[k]} ({cells[k]}) and line {line_numbers[k + 1]} "
                          f"({cells[k + 1]}): every period needs a value", "gap",
                          count=len(gaps), where=where, line=line_numbers[k + 1])
    if by_month:
        freq = {1: "monthly", 3: "quarterly", 12: "yearly"}.get(unit)
    else:
        freq = {1: "daily", 7: "weekly"}.get(unit)
    season = {"monthly": 12, "quarterly": 4}.get(freq)
    return dates, freq, season
