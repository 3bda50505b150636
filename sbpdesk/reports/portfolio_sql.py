"""The portfolio's sums, in SQL where the stored columns are the figures (decisions 0240, 0274).

A loan whose last operation is on or before the date and whose next instalment is not due
before it has, in its snapshot's columns, exactly the figures the report would compute
(`portfolio._figures`'s first case). Those loans are summed by the database, one GROUP BY per
breakdown, without reading their states. Every other loan — one a month end kept or a
replay must give, one with an instalment fallen due since — is computed as before, and so
is every loan of its household: the two parts then hold disjoint households, and each
bucket's borrowers (distinct households) are the sum of the two parts' counts. One statement
reads the snapshots once for both parts (`split`); the computed loans' rows are then read by
id (decision 0274).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    and_,
    cast,
    func,
    literal_column,
    not_,
    or_,
    select,
    union_all,
)

from sbpdesk.db.models import AccountSnapshot, Household
from sbpdesk.db.models import Loan as LoanModel

SNAP, LOAN, HOUSEHOLD = AccountSnapshot.__table__, LoanModel.__table__, Household.__table__
LIVE = ("active", "frozen")
CHUNK = 500     # ids per IN (…)
WORK_MEM = "32MB"   # PostgreSQL: the report's own read (one_snapshot)
# Breakdown → the snapshot columns it groups by ("commune": the household's commune key).
COLUMNS = {"point": ("point_code",), "programme": ("programme_code",),
           "organisation": ("organisation_code",), "group": ("group_id",),
           "funding": ("funding_source",), "total": ()}
COMMUNE_KEY = ("h_point_code", "h_commune_code", "h_village")
KEYS = ("point_code", "programme_code", "organisation_code", "group_id", "funding_source",
        *COMMUNE_KEY)


def one_snapshot(book) -> None:
    """Both parts must see the same loans: PostgreSQL reads each statement at its own moment
    (READ COMMITTED), so a read of its own at REPEATABLE READ; SQLite's read transaction is
    one snapshot already. That read also gets `WORK_MEM` (its CTEs, the window's sort and
    hash tables fit at province scale instead of spilling to temporary files: −15 % of the
    statement's CPU; decision 0274)."""
    book.end_read()
    if book.db.get_bind().dialect.name == "postgresql" and not book.db.in_transaction():
        conn = book.db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        conn.exec_driver_sql(f"SET LOCAL work_mem = '{WORK_MEM}'")


def _base(point: str | None) -> list:
    return [SNAP.c.account_kind == "loan", *([SNAP.c.point_code == point] if point else [])]


def _loans(as_of: dt.date, point: str | None):
    """The one read of the snapshots (a CTE): the columns of every loan that can have
    figures on `as_of` — live at its last operation, or with none on or before the date (a
    loan neither active nor frozen at a last operation on or before it stays so: decision
    0240) — with its next due date and its household's commune key. On PostgreSQL a
    snapshot's row holds its state (most of the table's bytes): every scan of the table
    reads all of them, so it is scanned once. Every join is here, between tables: on the
    CTE the planner has no statistics (it took a few thousand rows for one and joined them
    in nested loops)."""
    return select(SNAP.c.account_id, SNAP.c.last_date, SNAP.c.status,
                  func.coalesce(SNAP.c.household_id, "").label("household_id"),
                  *(func.coalesce(SNAP.c[c], "").label(c) for c in KEYS[:5]),
                  *(func.coalesce(HOUSEHOLD.c[c[2:]], "").label(c) for c in COMMUNE_KEY),
                  SNAP.c.outstanding, SNAP.c.principal_overdue, SNAP.c.principal_frozen,
                  LOAN.c.next_due_date).select_from(
        SNAP.join(LOAN, LOAN.c.id == SNAP.c.account_id).outerjoin(
            HOUSEHOLD, HOUSEHOLD.c.id == SNAP.c.household_id)).where(
        *_base(point), or_(SNAP.c.status.in_(LIVE), SNAP.c.last_date.is_(None),
                           SNAP.c.last_date > as_of)).cte("loans")


def _split(as_of: dt.date, point: str | None):
    """(summed, computed): the loans summed in SQL with their breakdowns' keys and their
    household's number of summed loans (a CTE), and the ids of those to compute (every
    loan of a household with a loan not summed, among those that can have figures;
    `split`'s part "+computed"), both from one read of the snapshots."""
    loans = _loans(as_of, point)
    has = loans.c.household_id != ""
    households = select(loans.c.household_id).where(has, or_(
        loans.c.last_date.is_(None), loans.c.last_date > as_of,
        and_(loans.c.status.in_(LIVE), loans.c.next_due_date < as_of))).cte("households")
    exact = and_(loans.c.last_date.is_not(None), loans.c.last_date <= as_of,
                 or_(loans.c.next_due_date.is_(None), loans.c.next_due_date >= as_of))
    summed = select(*(loans.c[c] for c in KEYS), loans.c.household_id, loans.c.outstanding,
                    loans.c.principal_overdue, loans.c.principal_frozen,
                    func.count().over(partition_by=loans.c.household_id).label("loans")
                    ).where(
        exact, loans.c.status.in_(LIVE), loans.c.outstanding > 0, has,
        loans.c.household_id.not_in(select(households.c.household_id))).cte("summed")
    ids = select(literal_column("'+computed'"), loans.c.account_id, loans.c.household_id,
                 *(loans.c[c] for c in COMMUNE_KEY), *[literal_column("0")] * 4).where(or_(
        not_(has), loans.c.household_id.in_(select(households.c.household_id))))
    return summed, ids


def _columns(name: str) -> tuple[str, ...]:
    return COMMUNE_KEY if name == "commune" else COLUMNS[name]


def split(book, as_of: dt.date, point: str | None, breakdowns: tuple[str, ...]
          ) -> tuple[dict[str, dict[tuple, list[int]]], dict[str, tuple]]:
    """Breakdown → key → [outstanding, overdue, frozen, borrowers, loans] over the loans summed
    in SQL (keys: the grouped columns, '' for none; "commune" by the household's point,
    written commune and village), and the loans to compute — those of every household with
    a loan not summed, among those that can have figures — as {loan id: its
    household's commune key}. One statement, one read of the snapshots (`_loans`), no
    DISTINCT (PostgreSQL sorts for each, which cost more than all the rest): per breakdown,
    the sums counting one borrower per loan, then, among the households with more than one
    summed loan, the loans that are a borrower's second or later in their bucket, which are
    taken off the borrowers."""
    s, ids = _split(as_of, point)
    several = select(s).where(s.c.loans > 1).cte("several")
    blank, zero = literal_column("''"), literal_column("0")
    money = [cast(func.sum(s.c[c]), BigInteger) for c in
             ("outstanding", "principal_overdue", "principal_frozen")]
    parts = []
    for name in breakdowns:
        keys = [s.c[c] for c in _columns(name)]
        parts.append(select(literal_column(f"'{name}'"), *keys, *[blank] * (5 - len(keys)),
                            *money, func.count()).group_by(*keys))
        keys = [several.c[c] for c in _columns(name)]
        per = select(*keys, func.count().label("n")).select_from(several).group_by(
            *keys, several.c.household_id).subquery()
        cols = [per.c[c] for c in _columns(name)]
        parts.append(select(literal_column(f"'-{name}'"), *cols, *[blank] * (5 - len(cols)),
                            zero, zero, zero, cast(func.sum(per.c.n - 1), BigInteger)
                            ).group_by(*cols))
    parts.append(ids)
    out: dict[str, dict[tuple, list[int]]] = {name: {} for name in breakdowns}
    seconds: list[tuple] = []
    todo: dict[str, tuple] = {}
    for kind, *row in book.db.execute(union_all(*parts)):
        if kind == "+computed":
            todo[row[0]] = tuple(row[2:5])
        elif kind[0] == "-":
            seconds.append((kind[1:], row))
        elif row[8]:   # (no GROUP BY gives a row of NULL sums when no loan is summed)
            n = len(_columns(kind))
            out[kind][tuple(row[:n])] = [row[5], row[6], row[7], row[8], row[8]]
    for name, row in seconds:
        if row[8]:
            out[name][tuple(row[:len(_columns(name))])][3] -= row[8]
    return out, todo
