"""Office reports on the office book: the portfolio (`reports.portfolio.portfolio`), for the
whole office at the end of the book's history, at the next session date (instalments falling
due in between: loans advanced by the domain), and six months back (a month end: loans
figures kept in `loan_month_end` as operations are posted, decision 0205; the cached books
are written by the demo's bulk writer, which bypasses posting, so they are filled once first,
as a book written before 0205 is by its first month-end report: `month_end.fill`, timed in
the detail). Issue 16's reports: the Decision 05 strategy report of a past
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
    from sbpdesk.reports import month_end
    filled = "already filled"
    if book.setting(month_end.FILLED) is None:
        t_fill, rows = timed(month_end.fill, book)
        filled = f"book filled first ({rows} rows, {t_fill:.1f} s)"
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
                                 f"of {len(samples)} after a first call of {first:.2f} s; "
                                 f"{filled}"))
        if label == ".six_months_back":   # issue 20: the first call itself within 1 s
            out.append(figure("report.portfolio.past_month_first", round(first, 3), "s",
                              TARGET_S, detail=f"as of {day}: the first call, rows kept at "
                                               f"write time (decision 0205); {filled}"))
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
