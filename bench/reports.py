"""Office reports on the office book: the portfolio (`reports.portfolio.portfolio`), for the
whole office at the end of the book's history, at the next session date (instalments falling
due in between: loans advanced by the domain), and six months back (a month end: loans
replayed from the journal by the first call, their figures kept in `loan_month_end` for the
timed ones; decision 0042). Issue 16's reports: the Decision 05 strategy report of a past
month (its month end and the year's start both kept after a first call), and the overdue,
collections and idle reports at the end of the history."""
from __future__ import annotations

import datetime as dt

from bench.common import figure, median, not_built, timed

TARGET_S = 1.0


def figures(book, as_of: dt.date, repeat: int = 3) -> list[dict]:
    try:
        from sbpdesk.reports import portfolio as P
    except ImportError:
        return [not_built("report.portfolio", "s", TARGET_S)]
    if not hasattr(P, "portfolio"):
        return [not_built("report.portfolio", "s", TARGET_S)]
    out = []
    for label, day in (("", as_of), (".next_session", as_of + dt.timedelta(days=8)),
                       (".six_months_back", as_of - dt.timedelta(days=182))):
        first, _ = timed(P.portfolio, book, day)   # at a past month end: keeps the figures
        samples, rep = [], None
        for _ in range(repeat):
            t, rep = timed(P.portfolio, book, day)
            samples.append(t)
        out.append(figure(f"report.portfolio{label}", round(median(samples), 3), "s", TARGET_S,
                          detail=f"as of {day}; {rep['totals']['loans']} live loans; median "
                                 f"of {len(samples)} after a first call of {first:.2f} s"))
    return out


def office_figures(book, as_of: dt.date, repeat: int = 3) -> list[dict]:
    try:
        from sbpdesk.reports import tables
    except ImportError:
        return [not_built("report.strategy.past_month", "s", TARGET_S)]
    past = as_of.replace(day=1) - dt.timedelta(days=1)
    jobs = (("report.strategy.past_month", "strategy", past),
            ("report.overdue", "overdue", as_of), ("report.collections", "collections", as_of),
            ("report.idle", "idle", as_of))
    out = []
    for name, report, day in jobs:
        first, _ = timed(tables.run, book, report, day)   # month ends: keeps their figures
        samples = [timed(tables.run, book, report, day)[0] for _ in range(repeat)]
        out.append(figure(name, round(median(samples), 3), "s", TARGET_S,
                          detail=f"as of {day}; median of {len(samples)} after a first call "
                                 f"of {first:.2f} s"))
    return out
