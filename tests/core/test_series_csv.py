"""Reading a user's CSV: what is accepted, and a specific error code for every bad file."""
import numpy as np
import pytest

from lstm_core.data import make_dataset
from lstm_core.series import SeriesError, check_trainable, load_series, minimum_length
from lstm_core.series_csv import MAX_BYTES, MAX_ROWS, read_series_csv


def error_of(data: bytes) -> SeriesError:
    with pytest.raises(SeriesError) as info:
        read_series_csv(data)
    return info.value


# ---- what is understood -------------------------------------------------------------

def test_one_column_without_header_is_values_without_dates():
    r = read_series_csv(b"1.5\n2\n-3e2\n")
    np.testing.assert_array_equal(r.series.values, [1.5, 2.0, -300.0])
    assert r.series.dates is None and r.series.season_length is None and r.header is None
    assert r.series.summary()["first"] == "1" and r.series.summary()["last"] == "3"


def test_bom_semicolons_decimal_commas_and_a_header():
    data = "\ufeffDatum;Wert\n2020-01;1,5\n2020-02;2,25\n\n2020-03;3\n".encode("utf-8")
    r = read_series_csv(data)
    np.testing.assert_array_equal(r.series.values, [1.5, 2.25, 3.0])
    assert r.delimiter == ";" and r.decimal_comma and r.header == ("Datum", "Wert")
    assert r.blank_lines == 1 and r.series.name == "Wert"
    s = r.series.summary()
    assert (s["rows"], s["first"], s["last"], s["freq"], s["season_length"]) == \
        (3, "2020-01", "2020-03", "monthly", 12)


@pytest.mark.parametrize("dates, freq, season, last", [
    (["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4", "2021-Q1"], "quarterly", 4, "2021-Q1"),
    (["2020-01-01", "2020-04-01", "2020-07-01", "2020-10-01", "2021-01-01"], "quarterly", 4,
     "2021-Q1"),
    (["2020-01-31", "2020-02-29", "2020-03-31", "2020-04-30", "2020-05-31"], "monthly", 12,
     "2020-05"),
    (["2020/01/01 00:00:00", "2020/02/01 00:00:00", "2020/03/01 00:00:00", "2020/04/01 00:00:00",
      "2020/05/01 00:00:00"], "monthly", 12, "2020-05"),
    (["1700", "1701", "1702", "1703", "1704"], "yearly", None, "1704"),
    (["2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10"], "daily", None,
     "2020-01-10"),
    (["2020-01-06", "2020-01-13", "2020-01-20", "2020-01-27", "2020-02-03"], "weekly", None,
     "2020-02-03"),
])
def test_the_period_is_detected_from_the_dates(dates, freq, season, last):
    data = ("date,value\n" + "".join(f"{d},{k}\n" for k, d in enumerate(dates))).encode()
    s = read_series_csv(data).series
    assert (s.freq, s.season_length, s.labels()[-1]) == (freq, season, last)


def test_future_dates_continue_the_period():
    s = read_series_csv(b"2020-11-30,1\n2020-12-31,2\n").series
    assert [str(d) for d in s.future_dates(3)] == ["2021-01-31", "2021-02-28", "2021-03-31"]
    s = read_series_csv(b"2020-Q3,1\n2020-Q4,2\n").series
    assert s.labels(s.future_dates(2)) == ["2021-Q1", "2021-Q2"]


def test_a_pandas_index_column_numbers_the_periods():
    s = read_series_csv(b",value\n0,10\n1,11\n2,12\n").series
    np.testing.assert_array_equal(s.values, [10, 11, 12])
    assert s.dates is None and s.future_dates(2) is None


def test_the_shipped_series_are_read_by_the_same_parser():
    rows = {"passengers": (144, "1949-01", "1960-12"), "co2": (444, "1965-01", "2001-12"),
            "sunspots": (309, "1700", "2008"), "elnino": (732, "1950-01", "2010-12")}
    for key, (n, first, last) in rows.items():
        s = load_series(key)
        summary = s.summary()
        assert (summary["rows"], summary["first"], summary["last"]) == (n, first, last), key
        assert s.source and s.licence
    assert load_series("passengers").values.sum() == 40363
    assert load_series("sunspots").season_length == 11


# ---- every bad file gets its own code -----------------------------------------------

def test_a_huge_file_is_refused_by_its_size_before_parsing():
    e = error_of(b"\x00" * (MAX_BYTES + 1))          # binary too, but the size is checked first
    assert e.code == "too_big" and e.values == {"size": MAX_BYTES + 1, "max": MAX_BYTES}


def test_too_many_rows_are_refused_before_any_cell_is_read():
    e = error_of(b"x\n" * (MAX_ROWS + 2))           # every cell is text, but rows come first
    assert e.code == "too_many_rows" and e.values["max"] == MAX_ROWS
    assert read_series_csv(b"v\n" + b"1\n" * MAX_ROWS).series.values.shape == (MAX_ROWS,)
    assert error_of(b"1\n" * (MAX_ROWS + 1)).code == "too_many_rows"     # no header: one too many


@pytest.mark.parametrize("data", [b"", b"  \n\n \r\n", "\ufeff\n".encode()])
def test_an_empty_file(data):
    assert error_of(data).code == "empty"


def test_a_binary_file():
    e = error_of(b"PK\x03\x04\x14\x00\x06\x00")       # the start of an .xlsx
    assert e.code == "binary" and e.values["byte"] == 6


@pytest.mark.parametrize("data, line", [
    ("value\n1\ncafé 2\n".encode("latin-1"), 3),
    ("value\n1\n2\n".encode("utf-16"), 1),
])
def test_a_file_that_is_not_utf8(data, line):
    e = error_of(data)
    assert e.code == "encoding" and e.values["line"] == line


def test_a_cell_too_long_for_the_csv_module():
    assert error_of(b"1" * 200_000 + b"\n2\n").code == "bad_csv"


def test_too_many_columns():
    e = error_of(b"2020-01,1\n2020-02,2,7\n")
    assert e.code == "columns" and e.values == {"columns": 3, "line": 2}


def test_text_in_the_value_column_names_the_line():
    e = error_of(b"month,value\n2020-01,1\n2020-02,about 5\n2020-03,3\n2020-04,n.a.\n")
    assert e.code == "not_number"
    assert e.values["line"] == 3 and e.values["count"] == 2 and e.values["lines"] == [3, 5]
    assert "about 5" in str(e)


def test_infinite_values_count_as_not_a_number():
    assert error_of(b"1\ninf\n2\n").values["line"] == 2


def test_empty_and_nan_cells_say_how_many_and_where():
    rows = [f"2020-{m:02d},{'' if m in (2, 4, 5, 7, 8, 9, 11) else 'NaN' if m == 3 else m}"
            for m in range(1, 13)]
    e = error_of(("month,value\n" + "\n".join(rows)).encode())
    assert e.code == "missing" and e.values["count"] == 8
    assert e.values["lines"] == [3, 4, 5, 6, 8]          # the first five, as file lines
    assert "8 empty or NaN" in str(e)


def test_a_date_that_cannot_be_read():
    e = error_of(b"month,value\n2020-01,1\n01/02/2020,2\n")
    assert e.code == "bad_date" and e.values["line"] == 3


def test_dates_out_of_order_name_the_line():
    e = error_of(b"2020-01,1\n2020-03,2\n2020-02,3\n2020-04,4\n")
    assert e.code == "order" and e.values["line"] == 3 and e.values["previous"] == "2020-03"


def test_duplicated_dates_name_both_lines():
    e = error_of(b"d,v\n2020-01,1\n2020-02,2\n2020-02,3\n2020-03,4\n")
    assert e.code == "duplicate" and e.values["line"] == 4 and e.values["previous_line"] == 3


def test_gaps_in_monthly_dates_say_which():
    e = error_of(b"2020-01,1\n2020-02,2\n2020-04,3\n2020-05,4\n2020-08,5\n2020-09,6\n")
    assert e.code == "gap" and e.values["count"] == 2
    assert e.values["where"] == ["2020-02 -> 2020-04", "2020-05 -> 2020-08"]


def test_a_header_without_values():
    assert error_of(b"month,passengers\n").code == "no_values"


# ---- checks that depend on the settings ---------------------------------------------

def test_too_short_for_the_look_back_and_the_seasonal_difference_says_the_minimum():
    s = read_series_csv(("v\n" + "".join(f"{10 + k % 12}\n" for k in range(40))).encode()).series
    need = minimum_length(12, (1, 12), 0.67)
    with pytest.raises(SeriesError) as info:
        check_trainable(s, look_back=12, lags=(1, 12))
    assert info.value.code == "too_short" and info.value.values["minimum"] == need
    assert need == 41                                    # int(41 * 0.67) = 27 = 12 + 13 + 2
    check_trainable(s, look_back=12, lags=(12,))         # 40 values are enough without lag 1
    assert minimum_length(12, (1, 12), test_periods=12) == 12 + 13 + 2 + 12


@pytest.mark.parametrize("lags, test_periods", [((1, 12), None), ((4,), None), ((1, 12), 12),
                                                ((), 5)])
def test_the_minimum_length_is_exactly_what_make_dataset_accepts(lags, test_periods):
    need = minimum_length(6, lags, 0.67, test_periods)
    y = 10 + np.arange(need + 1) % 7.0
    make_dataset(y[:need], look_back=6, lags=lags, log=False, test_periods=test_periods)
    with pytest.raises(ValueError):
        make_dataset(y[:need - 1], look_back=6, lags=lags, log=False, test_periods=test_periods)


def test_log_is_refused_for_zero_or_negative_values_and_raw_is_suggested():
    s = load_series("sunspots")
    with pytest.raises(SeriesError) as info:
        check_trainable(s, look_back=12, lags=(1,), log=True)
    e = info.value
    assert e.code == "not_positive" and e.values["count"] == 3 and e.values["smallest"] == 0.0
    assert e.values["where"] == ["1711", "1712", "1810"] and "raw" in str(e)
    check_trainable(s, look_back=12, lags=(1,), log=False)
