"""dates: day-first parsing, formatting, month arithmetic clamped to month end."""
import datetime as dt

import pytest

from sbpdesk.domain.dates import add_months, days_between, format_date, parse_date
from sbpdesk.domain.errors import DomainError

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("05/03/2026", D(2026, 3, 5)),          # day first: 5 March, not May 3
    ("5/3/2026", D(2026, 3, 5)),
    ("05-03-2026", D(2026, 3, 5)),
    ("5-3-2026", D(2026, 3, 5)),
    ("2026-03-05", D(2026, 3, 5)),          # ISO: year first
    ("  05/03/2026 ", D(2026, 3, 5)),
    ("31/12/2026", D(2026, 12, 31)),
    ("29/02/2024", D(2024, 2, 29)),         # 2024 is a leap year
    ("29/02/2000", D(2000, 2, 29)),         # divisible by 400: leap
    ("01/01/1900", D(1900, 1, 1)),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "code"), [
    ("31/02/2026", "date_impossible"),
    ("30/02/2024", "date_impossible"),
    ("29/02/2025", "date_impossible"),      # 2025 is not a leap year
    ("29/02/1900", "date_impossible"),      # divisible by 100, not by 400: not leap
    ("31/04/2026", "date_impossible"),
    ("00/01/2026", "date_impossible"),
    ("01/13/2026", "date_impossible"),      # day first, so month 13
    ("01/00/2026", "date_impossible"),
    ("2026-02-30", "date_impossible"),
    ("01/01/0000", "date_impossible"),
    ("05/03/26", "date_short_year"),
    ("5-3-26", "date_short_year"),
    ("", "date_empty"),
    ("   ", "date_empty"),
    ("05/03-2026", "date_format"),          # mixed separators
    ("2026/03/05", "date_format"),
    ("2026-3-5", "date_format"),            # ISO has two-digit month and day
    ("05.03.2026", "date_format"),
    ("05/03/202", "date_format"),
    ("05/03/20266", "date_format"),
    ("005/03/2026", "date_format"),
    ("5 tháng 3 2026", "date_format"),
    ("٠٥/٠٣/٢٠٢٦", "date_format"),          # Arabic-Indic digits
    ("hôm nay", "date_format"),
])
def test_parse_date_refuses(text, code):
    with pytest.raises(DomainError) as err:
        parse_date(text)
    e = err.value
    assert e.code == code
    assert e.field == "date"
    assert e.vi and e.en and e.vi != e.en


def test_impossible_date_message_names_the_date():
    with pytest.raises(DomainError) as err:
        parse_date("31/02/2026")
    assert "31/02/2026" in err.value.vi and "không tồn tại" in err.value.vi
    assert "31/02/2026" in err.value.en


def test_short_year_message_asks_for_four_digits():
    with pytest.raises(DomainError) as err:
        parse_date("05/03/26")
    assert "4 chữ số" in err.value.vi
    assert "4 digits" in err.value.en


@pytest.mark.parametrize(("d", "expected"), [
    (D(2026, 3, 5), "05/03/2026"),
    (D(2026, 12, 31), "31/12/2026"),
    (D(999, 1, 1), "01/01/0999"),
])
def test_format_date(d, expected):
    assert format_date(d) == expected


def test_format_and_parse_round_trip():
    for d in (D(2026, 1, 1), D(2024, 2, 29), D(1950, 7, 9), D(2099, 12, 31)):
        assert parse_date(format_date(d)) == d


@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2026, 1, 15), 1, D(2026, 2, 15)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),    # no 31/02: clamp to month end
    (D(2024, 1, 31), 1, D(2024, 2, 29)),    # leap year
    (D(2026, 5, 31), 1, D(2026, 6, 30)),
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
    (D(2026, 12, 31), 1, D(2027, 1, 31)),   # over the year end
    (D(2026, 11, 30), 3, D(2027, 2, 28)),   # Dec, Jan, Feb 2027 (not leap)
    (D(2026, 8, 31), 6, D(2027, 2, 28)),
    (D(2026, 6, 15), 12, D(2027, 6, 15)),
    (D(2026, 6, 15), 0, D(2026, 6, 15)),
    (D(2026, 1, 15), -1, D(2025, 12, 15)),  # back over the year start
    (D(2026, 3, 15), -15, D(2024, 12, 15)),  # −12 → 03/2025, −3 more → 12/2024
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2026, 1, 31), 60, D(2031, 1, 31)),   # a 5-year loan term
    (D(1900, 1, 31), 1, D(1900, 2, 28)),    # 1900: divisible by 100, not by 400
    (D(2000, 1, 31), 1, D(2000, 2, 29)),    # 2000: divisible by 400, leap
])
def test_add_months(start, n, expected):
    assert add_months(start, n) == expected


def test_add_months_lands_on_every_month_end_of_2026():
    # From 31/01: each month's last day; 2026 is not a leap year.
    ends = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    for k, last in enumerate(ends):
        assert add_months(D(2026, 1, 31), k) == D(2026, k + 1, last)


def test_add_months_from_the_start_date_not_chained():
    # Clamping loses the day: schedules must count from the start date each time.
    start = D(2026, 1, 31)
    assert add_months(start, 2) == D(2026, 3, 31)
    assert add_months(add_months(start, 1), 1) == D(2026, 3, 28)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2026, 1, 1), D(2026, 1, 1), 0),
    (D(2026, 1, 1), D(2026, 2, 1), 31),     # January has 31 days
    (D(2026, 2, 1), D(2026, 3, 1), 28),
    (D(2024, 2, 1), D(2024, 3, 1), 29),     # leap February
    (D(2026, 2, 1), D(2026, 1, 1), -31),
    (D(2025, 1, 1), D(2026, 1, 1), 365),
    (D(2024, 1, 1), D(2025, 1, 1), 366),
    (D(2025, 12, 31), D(2026, 1, 1), 1),
])
def test_days_between(start, end, expected):
    assert days_between(start, end) == expected
