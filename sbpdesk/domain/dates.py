"""Dates as Vietnamese officers write them (dd/mm/yyyy) and the calendar arithmetic loans need.

The domain never reads the clock: every date is passed in. `parse_date` accepts day-first
dates with "/" or "-" and ISO dates, and refuses two-digit years outright — "01/02/26" on a
loan file could be 1926 or 2026, and guessing wrong moves a maturity by a century. Month
arithmetic clamps to the end of the month (31/01 + 1 month = 28 or 29/02), as schedules do.
"""
from __future__ import annotations

import datetime as dt
import re

from .errors import DomainError

_FIELD = "date"
# [0-9] with re.ASCII: "\d" alone would accept Arabic-Indic and other Unicode digits.
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})", re.ASCII)
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_SHORT_YEAR = re.compile(r"[0-9]{1,2}([/-])[0-9]{1,2}\1[0-9]{2}", re.ASCII)


def parse_date(text: str) -> dt.date:
    """"05/03/2026", "5/3/2026", "05-03-2026" or "2026-03-05" → date(2026, 3, 5)."""
    s = text.strip()
    if not s:
        raise _error("date_empty", "Chưa nhập ngày.", "The date is empty.")
    if match := _DAY_FIRST.fullmatch(s):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _ISO.fullmatch(s):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif _SHORT_YEAR.fullmatch(s):
        raise _error("date_short_year",
                     f"Năm phải có đủ 4 chữ số (ví dụ 05/03/2026), không nhập “{s}”.",
                     f"Write the year with 4 digits (e.g. 05/03/2026), not “{s}”.")
    else:
        raise _error("date_format",
                     f"Ngày “{s}” không đúng định dạng ngày/tháng/năm (ví dụ 05/03/2026).",
                     f"“{s}” is not a date in day/month/year form (e.g. 05/03/2026).")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _error("date_impossible",
                     f"Ngày {day:02d}/{month:02d}/{year:04d} không tồn tại.",
                     f"{day:02d}/{month:02d}/{year:04d} is not a real date.") from None


def format_date(d: dt.date) -> str:
    """date(2026, 3, 5) → "05/03/2026"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def add_months(d: dt.date, n: int) -> dt.date:
    """d plus n months (n may be negative), clamped to the last day of the target month."""
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    month = month0 + 1
    return dt.date(year, month, min(d.day, _days_in_month(year, month)))


def days_between(start: dt.date, end: dt.date) -> int:
    """Days from start to end: positive when end is later, 0 on the same day."""
    return (end - start).days


def _days_in_month(year: int, month: int) -> int:
    # Computed here rather than with the stdlib `calendar` module, which a sibling
    # sbpdesk.domain.calendar would shadow for anyone running code from this folder.
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _error(code: str, vi: str, en: str) -> DomainError:
    return DomainError(code, vi, en, field=_FIELD)
