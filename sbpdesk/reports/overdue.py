"""The overdue report (issue 16): in-term, overdue and frozen principal, separately and
together, with their ratios to the outstanding, by point, programme, union and group; the
overdue loans by age; and the ratios' trend over the last month ends.

Every figure is the portfolio report's (`portfolio.loan_figures`), so the two agree to the
đồng. A loan's overdue age runs from the due date of its oldest unpaid instalment that
moved to overdue (its classification date when no instalment says so). Ratios are exact
fractions printed to two decimals (no floats near money).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot, Group, Organisation, Point
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.loan import LoanState
from sbpdesk.reports import month_end
from sbpdesk.reports.portfolio import LoanFigures, loan_figures, month_end_sums
from sbpdesk.services.context import Book

CEILING_PCT = "2.00"      # Decision 05/QĐ-TTg: overdue below 2 % of the outstanding
AGES = (("0-90", 0, 90), ("91-180", 91, 180), ("181-360", 181, 360), ("361+", 361, None))


def pct(part: int, whole: int) -> str | None:
    """`part` as a percentage of `whole`, two decimals, half up (None when whole is 0)."""
    if whole == 0:
        return None
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return format(share, "f")


def split(rows: list[LoanFigures], plus: tuple[int, ...] = (0, 0, 0, 0, 0)) -> dict:
    """In-term, overdue and frozen principal, their sum and ratios, of `rows` and of sums
    added up elsewhere (`plus`: outstanding, overdue, frozen, loans, overdue loans)."""
    outstanding = sum(r.outstanding for r in rows) + plus[0]
    overdue = sum(r.overdue for r in rows) + plus[1]
    frozen = sum(r.frozen for r in rows) + plus[2]
    return {"outstanding": outstanding, "in_term": outstanding - overdue - frozen,
            "overdue": overdue, "frozen": frozen,
            "overdue_ratio_pct": pct(overdue, outstanding),
            "frozen_ratio_pct": pct(frozen, outstanding),
            "overdue_frozen_ratio_pct": pct(overdue + frozen, outstanding),
            "loans": len(rows) + plus[3],
            "overdue_loans": sum(1 for r in rows if r.overdue) + plus[4]}


def by(rows: list[LoanFigures], key: str, names: dict[str, str]) -> list[dict]:
    groups: dict[str, list[LoanFigures]] = defaultdict(list)
    for r in rows:
        groups[getattr(r, key)].append(r)
    return [{"code": code, "name": names.get(code, code), **split(items)}
            for code, items in sorted(groups.items())]


def names(book: Book) -> dict[str, dict[str, str]]:
    """Display names of points, programmes, unions and groups, by code or id."""
    return {"point_code": {p.code: p.name for p in book.db.scalars(select(Point))},
            "programme_code": {c: p.name_vi for c, p in book.refs.programmes.items()},
            "organisation_code": {o.code: o.name for o in book.db.scalars(select(Organisation))},
            "group_id": {g.id: f"{g.code} {g.name}" for g in book.db.scalars(select(Group))}}


def month_ends(as_of: dt.date, months: int) -> list[dt.date]:
    """The last `months` month ends before `as_of`, oldest first."""
    out, day = [], as_of.replace(day=1) - dt.timedelta(days=1)
    for _ in range(months):
        out.append(day)
        day = day.replace(day=1) - dt.timedelta(days=1)
    return out[::-1]


def trend(book: Book, as_of: dt.date, months: int, point: str | None = None,
          now: list[LoanFigures] | None = None,
          known: dict[dt.date, list[LoanFigures]] | None = None,
          snapshots: list[tuple] | None = None) -> list[dict]:
    """The split at each of the last `months` month ends and at `as_of` (month ends come from
    the kept figures after their first computation: reports/month_end.py; `known`: figures
    the caller has already, by date; `snapshots`: `portfolio.snapshot_rows` read already)."""
    known = known or {}
    days = month_ends(as_of, months)
    sums = month_end_sums(book, [d for d in days if d not in known], point, snapshots)
    out = [{"date": day.isoformat(), **(split(known[day]) if day in known
                                        else split(*sums[day]))} for day in days]
    rows = now if now is not None else loan_figures(book, as_of, point)
    return [*out, {"date": as_of.isoformat(), **split(rows)}]


def overdue_since(state: LoanState) -> dt.date | None:
    unpaid = [i.due_date for i in state.instalments if i.overdue and i.unpaid > 0]
    return min(unpaid) if unpaid else state.classified_on


def _states(book: Book, loan_ids: list[str], as_of: dt.date) -> dict[str, LoanState]:
    snap = AccountSnapshot.__table__
    out: dict[str, LoanState] = {}
    for k in range(0, len(loan_ids), 500):
        for row in book.db.execute(select(snap.c.account_id, snap.c.state, snap.c.last_date)
                                   .where(snap.c.account_kind == "loan",
                                          snap.c.account_id.in_(loan_ids[k:k + 500]))):
            if row.last_date is not None and row.last_date <= as_of:
                state = domain_loan.advance(LoanState.from_dict(from_json(row.state)),
                                            as_of, book.refs)
            else:
                state = month_end.replayed(book, row.account_id, as_of)
            if state is not None:
                out[row.account_id] = state
    return out


def by_age(book: Book, rows: list[LoanFigures], as_of: dt.date) -> list[dict]:
    """Overdue principal and loans by how long they have been overdue."""
    late = [r for r in rows if r.overdue]
    states = _states(book, [r.loan_id for r in late], as_of)
    buckets = {code: {"age": code, "overdue": 0, "loans": 0} for code, _, _ in AGES}
    for r in late:
        since = overdue_since(states[r.loan_id]) if r.loan_id in states else None
        days = (as_of - since).days if since else 0
        code = next(c for c, low, high in AGES if days >= low and (high is None or days <= high))
        buckets[code]["overdue"] += r.overdue
        buckets[code]["loans"] += 1
    return list(buckets.values())


def overdue(book: Book, as_of: dt.date, point: str | None = None, *, months: int = 6) -> dict:
    """The report as a JSON-ready dict (đồng; ratios in % to two decimals)."""
    rows = loan_figures(book, as_of, point)
    labels = names(book)
    out = {"as_of": as_of.isoformat(), "point": point, "ceiling_pct": CEILING_PCT,
           "totals": split(rows),
           "by_point": by(rows, "point_code", labels["point_code"]),
           "by_programme": by(rows, "programme_code", labels["programme_code"]),
           "by_organisation": by(rows, "organisation_code", labels["organisation_code"]),
           "by_group": by(rows, "group_id", labels["group_id"]),
           "by_age": by_age(book, rows, as_of),
           "trend": trend(book, as_of, months, point, rows)}
    book.end_read()
    return out
