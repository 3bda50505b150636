"""Each loan's portfolio figures at a past month end, kept in `loan_month_end` (decision 0042).

A report dated before a loan's last operation needs the loan replayed from the journal up to
that date: 22 s for the office book, every time. Accountants ask for month ends, again and
again, so the first report at a month end keeps each such loan's figures there (the loans'
operations up to that day in one streamed query, each loan replayed and advanced to it), and
later reports read them. Rows are written only for loans whose snapshot has seen an operation
after the month end; an operation dated on or before it then sorts before the snapshot's
latest, so posting rebuilds the loan from the journal, and whenever it does that this module
forgets the loan's rows (`forget`, registered in `services.fold.HISTORY_CHANGED` when this
module is imported; every entry point that can post imports it: `sbpdesk.cli.main`,
`sbpdesk.app`; decision 0055). Reference data changing forgets every row. Rows computed
while such an operation was being posted are not kept (`keep`). A row thus never outlives
the operations it was computed from, and the next report computes it again.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from sbpdesk.db.models import AccountSnapshot, LoanMonthEnd
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain.loan import LoanState
from sbpdesk.services import check, fold, journal
from sbpdesk.services.context import Book

TABLE = LoanMonthEnd.__table__
TEXT = ("status", "household_id", "programme_code", "group_id", "funding_source")
MONEY = ("outstanding", "principal_overdue", "principal_frozen")
STREAM_FROM = 200   # more loans to compute than this: one streamed query, not one per loan
CHUNK = 500         # ids per IN (…)
INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def forget(book: Book, loan_ids: list[str] | None) -> None:
    """Drop the kept figures of loans whose history changed (None: of every loan), in the
    posting's transaction."""
    if loan_ids is None:
        book.db.execute(TABLE.delete())
        return
    for k in range(0, len(loan_ids), CHUNK):
        book.db.execute(TABLE.delete().where(TABLE.c.loan_id.in_(loan_ids[k:k + CHUNK])))


if forget not in fold.HISTORY_CHANGED:
    fold.HISTORY_CHANGED.append(forget)


def is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def figures(book: Book, month_end: dt.date, snapshots: dict[str, bytes]
            ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The figures as of `month_end` of the loans of `snapshots` ({loan_id: its snapshot's
    state as the caller read it}; loans whose last operation is later), {loan_id: row}: the
    kept rows, the others computed from the journal in the caller's read snapshot. Also the
    computed rows, for `keep` once the caller's reads are done."""
    out = {r.loan_id: dict(r._mapping) for r in book.db.execute(
        select(TABLE).where(TABLE.c.month_end == month_end)) if r.loan_id in snapshots}
    missing = snapshots.keys() - out.keys()
    new = [_row(month_end, loan_id, state)
           for loan_id, state in _states(book, month_end, missing).items()] if missing else []
    out.update((r["loan_id"], r) for r in new)
    return out, new


def keep(book: Book, rows: list[dict[str, Any]], snapshots: dict[str, bytes]) -> None:
    """Store the rows of loans whose snapshot has not changed since it was read (an operation
    posted meanwhile may predate the month end). Never inside a caller's transaction: the
    rows are a cache, not part of someone else's write."""
    if not rows or book.in_transaction:
        return
    snap = AccountSnapshot.__table__
    ids = sorted(r["loan_id"] for r in rows)
    try:
        with book.transaction():
            now: dict[str, bytes] = {}
            for k in range(0, len(ids), CHUNK):
                # FOR SHARE: on PostgreSQL, wait for a back-dated post in flight on these
                # loans instead of reading the bytes it is replacing (SQLite ignores it).
                now.update(book.db.execute(select(snap.c.account_id, snap.c.state).where(
                    snap.c.account_kind == "loan",
                    snap.c.account_id.in_(ids[k:k + CHUNK])).order_by(snap.c.account_id)
                    .with_for_update(read=True)).all())
            fresh = [r for r in rows if now.get(r["loan_id"]) == snapshots[r["loan_id"]]]
            if fresh:   # another report may have kept some meanwhile: same figures, skip
                insert = INSERT[book.engine.dialect.name]
                book.db.execute(insert(TABLE).on_conflict_do_nothing(), fresh)
    except OperationalError:
        pass    # a book busy past the timeout, or read-only: the report stands, uncached


def _states(book: Book, month_end: dt.date, ids: set[str]) -> dict[str, LoanState | None]:
    """Each loan replayed from its operations dated up to `month_end`, advanced to it."""
    if len(ids) <= STREAM_FROM:
        return {loan_id: replayed(book, loan_id, month_end) for loan_id in sorted(ids)}
    out: dict[str, LoanState | None] = dict.fromkeys(ids)
    for (_, loan_id), ops in check.account_operations(book, "loan", until=month_end):
        if loan_id in ids:
            out[loan_id] = _advanced(book, domain_loan.replay(ops, book.refs), month_end)
    return out


def replayed(book: Book, loan_id: str, day: dt.date) -> LoanState | None:
    """A loan replayed from its operations dated up to `day`, advanced to it."""
    ops = [e.operation() for e in journal.account_entries(book.db, "loan", loan_id)
           if e.business_date <= day]
    return _advanced(book, domain_loan.replay(ops, book.refs), day)


def _advanced(book: Book, state: LoanState | None, day: dt.date) -> LoanState | None:
    return domain_loan.advance(state, day, book.refs) if state else None


def _row(month_end: dt.date, loan_id: str, state: LoanState | None) -> dict[str, Any]:
    row: dict[str, Any] = {"month_end": month_end, "loan_id": loan_id}
    row.update({n: getattr(state, n) if state is not None else None for n in TEXT})
    row.update({n: getattr(state, n) if state is not None else 0 for n in MONEY})
    return row
