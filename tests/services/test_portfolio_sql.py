"""The portfolio summed in SQL where the stored columns are the figures (decision 0240) gives
the figures the loan-by-loan computation gives, on SQLite and PostgreSQL, at the end of
history, days when some loans must be computed (an instalment fell due, or an operation
follows), a month end and an earlier date."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import and_, event, func, not_, or_, select, text, union

from sbpdesk.db.models import Group, Organisation, Point
from sbpdesk.demo.office import build_demo
from sbpdesk.reports import portfolio, portfolio_sql
from sbpdesk.services import places
from sbpdesk.services.books import open_book

AS_OF = dt.date(2026, 11, 20)
DATES = (AS_OF, dt.date(2026, 11, 11), dt.date(2026, 10, 31), dt.date(2026, 10, 27),
         dt.date(2026, 10, 21), dt.date(2026, 7, 15))


def loan_by_loan(book, as_of, point=None):
    """The report as it was computed before 0240: every loan's figures, grouped in Python."""
    rows = portfolio.loan_figures(book, as_of, point)
    communes, commune_names = places.household_communes(book, as_of)
    names = {"point_code": {p.code: p.name for p in book.db.scalars(select(Point))},
             "programme_code": {c: p.name_vi for c, p in book.refs.programmes.items()},
             "organisation_code": {o.code: o.name for o in book.db.scalars(select(Organisation))},
             "group_id": {g.id: f"{g.code} {g.name}" for g in book.db.scalars(select(Group))},
             "funding_source": {c: vi for c, (vi, _) in portfolio.FUNDING.items()}}

    def bucket(items):
        return {"outstanding": sum(r.outstanding for r in items),
                "overdue": sum(r.overdue for r in items),
                "frozen": sum(r.frozen for r in items),
                "borrowers": len({r.household_id for r in items}), "loans": len(items)}

    def by(key, names_of):
        groups = defaultdict(list)
        for r in rows:
            groups[key(r)].append(r)
        return [{"code": c, "name": names_of.get(c, c), **bucket(items)}
                for c, items in sorted(groups.items())]
    out = {"as_of": as_of.isoformat(), "point": point, "totals": bucket(rows),
           "by_point": by(lambda r: r.point_code, names["point_code"]),
           "by_commune": by(lambda r: communes.get(r.household_id, ""), commune_names)}
    for dimension, attr in (("by_programme", "programme_code"),
                            ("by_organisation", "organisation_code"), ("by_group", "group_id"),
                            ("by_funding_source", "funding_source")):
        out[dimension] = by(lambda r, a=attr: getattr(r, a), names[attr])
    book.end_read()
    return out


# The parts as 0240 wrote them, one condition each (the program now finds both in one read of
# the snapshots, `portfolio_sql.split`): the reference the split is checked against.
SNAP, LOAN = portfolio_sql.SNAP, portfolio_sql.LOAN


def exact(as_of):
    """The snapshot's columns are the loan's figures on `as_of`."""
    return and_(SNAP.c.last_date.is_not(None), SNAP.c.last_date <= as_of,
                or_(LOAN.c.next_due_date.is_(None), LOAN.c.next_due_date >= as_of))


def computed_part(as_of):
    """A snapshot (joined with its loan) of the part computed in Python: no household, or a
    household with a loan not `exact` that can have figures (a loan neither active nor frozen
    at its last operation stays so when advanced)."""
    no_household = func.coalesce(SNAP.c.household_id, "") == ""
    has = [SNAP.c.account_kind == "loan", not_(no_household)]
    later = select(SNAP.c.household_id).where(
        *has, or_(SNAP.c.last_date.is_(None), SNAP.c.last_date > as_of))
    fell_due = select(SNAP.c.household_id).join(LOAN, LOAN.c.id == SNAP.c.account_id).where(
        *has, SNAP.c.status.in_(portfolio_sql.LIVE), LOAN.c.next_due_date < as_of)
    return or_(no_household, SNAP.c.household_id.in_(union(later, fell_due)))


def parts(book, as_of):
    """(loans summed in SQL, loans computed, live loans computed only for their household)."""
    s, loan = SNAP, LOAN
    sums, ids = portfolio_sql.split(book, as_of, None, ("total",))
    summed = sums["total"].get((), [0] * 5)[4]
    computed = len(portfolio.loan_figures(book, as_of, where=computed_part(as_of)))
    # the ids `split` gives are `computed_part`'s loans, but for those that cannot have figures
    # (neither active nor frozen at a last operation on or before the date)
    assert set(ids) == set(book.db.scalars(select(s.c.account_id).select_from(
        s.join(loan, loan.c.id == s.c.account_id)).where(
        s.c.account_kind == "loan", computed_part(as_of),
        s.c.status.in_(portfolio.LIVE) | s.c.last_date.is_(None) | (s.c.last_date > as_of))))
    siblings = book.db.scalar(select(func.count()).select_from(
        s.join(loan, loan.c.id == s.c.account_id)).where(
        s.c.account_kind == "loan", computed_part(as_of),
        exact(as_of), s.c.status.in_(portfolio.LIVE), s.c.outstanding > 0))
    book.end_read()
    return summed, computed, siblings


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "book"
    build_demo(path, households=90, years=1, seed=11, as_of=AS_OF, points=3)
    return path


def snapshot_reads(book, report) -> int:
    """How many statements `report()` sends that read the loan snapshots."""
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append("account_snapshot" in statement)
    event.listen(book.engine, "before_cursor_execute", count)
    try:
        report()
    finally:
        event.remove(book.engine, "before_cursor_execute", count)
    return sum(seen)


def check_book(book):
    points = {p.code for p in book.db.scalars(select(Point))}
    book.end_read()
    assert len(points) == 3
    seen = []
    for day in DATES:
        seen.append(parts(book, day))
        # One statement sums the loans and names those to compute, whose rows and states
        # are read by id (one more statement per 500, 5.000 on PostgreSQL).
        assert snapshot_reads(book, lambda d=day: portfolio.portfolio(book, d,
                                                                      by_point=True)) == 2
        report = portfolio.portfolio(book, day, by_point=True)
        assert report == loan_by_loan(book, day), day
        assert report["totals"]["loans"] > 0
        for point in sorted(points)[:2]:
            one = portfolio.portfolio(book, day, point, by_point=True)
            assert one == loan_by_loan(book, day, point), (day, point)
            plain = portfolio.portfolio(book, day, point)
            assert plain == {k: v for k, v in one.items() if k not in ("by_point",
                                                                        "by_commune")}
    # Both ways were taken on one date, and a household's exact loan was computed with its
    # other loan: the borrowers would be counted twice had the loans been split one by one.
    assert any(summed and computed and siblings for summed, computed, siblings in seen), seen


def test_sql_sums_equal_the_loan_by_loan_report_on_sqlite(sqlite_demo, tmp_path):
    book = open_book(sqlite_demo)
    try:
        check_book(book)
    finally:
        book.close()


def test_sql_sums_equal_the_loan_by_loan_report_on_postgresql(tmp_path, pg_url):
    build_demo(tmp_path / "pg", households=90, years=1, seed=11, as_of=AS_OF, points=3,
               db_url=pg_url)
    book = open_book(tmp_path / "pg", db_url=pg_url)
    try:
        check_book(book)
        # the report's own read gets more memory for its sorts and hash tables, that read
        # only (decision 0274)
        default = book.db.scalar(text("SHOW work_mem"))
        book.end_read()
        portfolio_sql.one_snapshot(book)
        assert book.db.scalar(text("SHOW work_mem")) == portfolio_sql.WORK_MEM != default
        book.end_read()
        assert book.db.scalar(text("SHOW work_mem")) == default
        book.end_read()
    finally:
        book.close()
