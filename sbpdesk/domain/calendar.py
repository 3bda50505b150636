"""A commune transaction point's session calendar: one fixed day a month.

The session is held on the point's fixed day (clamped to the month's last day), on weekends
and public holidays too — VBSP does not move it (money-rules §5.5). The office may cancel a
session (flood, storm) and may add extra sessions; a cancelled session's business — and so a
due date on it — moves to the next held session (rule `cancelled_session_shift`). Due dates
of instalments sit on these dates ("ngày đến hạn theo giao dịch xã").

The fixed day has a history (`moves`: a moved day takes effect from a date, as some points
did after the 2025 merger to avoid clashes): a month's session is on the latest move's day
when that date is on or after the move's `from`, else on the day before it. A move may name
a new place too (some points moved to a village's cultural house): `place_on`.
"""
from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field

from .dates import add_months


@dataclass(frozen=True)
class SessionCalendar:
    """`calendar.publish` {point_code, session_day, cancelled, extra} as a value."""

    point_code: str
    session_day: int
    cancelled: frozenset[dt.date] = field(default_factory=frozenset)
    extra: frozenset[dt.date] = field(default_factory=frozenset)
    moves: tuple[tuple[dt.date, int], ...] = ()   # (from, new session day), oldest first
    places: tuple[tuple[dt.date, str], ...] = ()  # (from, where sessions are held), oldest first

    def regular(self, year: int, month: int) -> dt.date:
        """The fixed session date of the month, clamped to the month's last day."""
        last = _cal.monthrange(year, month)[1]
        for since, day in reversed(self.moves):
            on = dt.date(year, month, min(day, last))
            if on >= since:
                return on
        return dt.date(year, month, min(self.session_day, last))

    def place_on(self, day: dt.date) -> str | None:
        """Where the session is held on `day` when a move named a place (else None: the
        point's own place)."""
        live = [p for since, p in self.places if since <= day]
        return live[-1] if live else None

    def day_on(self, day: dt.date) -> int:
        """The fixed day in force on `day` (the point page shows it)."""
        live = [d for since, d in self.moves if since <= day]
        return live[-1] if live else self.session_day

    def session_on(self, year: int, month: int, shift: str = "next_held_session") -> dt.date:
        """The date the month's session business falls on: the fixed day, or, when that
        session is cancelled and the shift rule is "next_held_session", the next held one."""
        day = self.regular(year, month)
        if day in self.cancelled and shift == "next_held_session":
            return self.next_session(day)
        return day

    def is_held(self, day: dt.date) -> bool:
        if day in self.extra:
            return True
        return day == self.regular(day.year, day.month) and day not in self.cancelled

    def next_session(self, after: dt.date) -> dt.date:
        """The first held session strictly after `after` (a regular or an extra one)."""
        extras = sorted(d for d in self.extra if d > after)
        month_start = dt.date(after.year, after.month, 1)
        for k in range(120):
            day = self.regular(*_ym(add_months(month_start, k)))
            if day > after and day not in self.cancelled:
                return min([day, *extras[:1]])
        raise ValueError("no held session within ten years")  # a calendar cancelling all


def _ym(d: dt.date) -> tuple[int, int]:
    return d.year, d.month
