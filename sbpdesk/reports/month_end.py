"""Each loan's portfolio figures at a past month end, kept in `loan_month_end` (decisions 0042,
0205).

A report dated before a loan's last operation needs the loan replayed from the journal up to
that date: 70 s for the office book. So the figures are kept when they are cheapest, at write
time: when a loan's fold takes in an operation dated after a month end its snapshot had not
reached, the state before that operation, advanced to the month end, is the loan's state at
it, and the row is written in the posting's transaction (`_on_fold`, registered in
`services.fold.LOANS_FOLDED`). A loan rebuilt from its journal (a late point bundle, a
back-dated office decision, a reversal, a held operation applied) gets every row rebuilt from
the operations of that replay. Reference data changing forgets every row (and the mark below):
the next report fills them again. Hooks are registered when this module is imported; every
entry point that can post imports it (`sbpdesk.cli.main`, `sbpdesk.app`; decision 0055). A
loan without a row (a book written before 0205, a post from a process without the hook) is
computed as in 0042 and its row kept (`keep`); a book that has never been filled is filled
whole by its first month-end report that misses many rows (`fill`, once: `FILLED`).
"""
from __future__ import annotations

import datetime as dt
import functools
import operator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError

from sbpdesk.db import bulk
from sbpdesk.db.models import AccountSnapshot, BookSetting, LoanMonthEnd, OperationAccount
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.loan import LoanState
from sbpdesk.services import check, fold, journal
from sbpdesk.services.context import Book

TABLE = LoanMonthEnd.__table__
TEXT = ("status", "household_id", "programme_code", "group_id", "funding_source")
MONEY = ("outstanding", "principal_overdue", "principal_frozen")
STREAM_FROM = 200   # more loans to compute than this: one streamed query, not one per loan
STREAM_SHARE = 6    # states_at: and at least 1/STREAM_SHARE of the book's loans
CHUNK = 500         # ids per IN (…)
INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
NAMES = ("month_end", "loan_id", *TEXT, *MONEY)
FILLED = "month_end_filled"   # book setting: `fill` has kept every loan's past month ends


def forget(book: Book, loan_ids: list[str] | None) -> None:
    """Drop the kept figures of loans whose history changed (None: of every loan), in the
    posting's transaction."""
    if loan_ids is None:
        book.db.execute(TABLE.delete())
        book.delete_setting(FILLED)
        return
    for k in range(0, len(loan_ids), CHUNK):
        book.db.execute(TABLE.delete().where(TABLE.c.loan_id.in_(loan_ids[k:k + CHUNK])))


def _on_fold(book: Book, folded: dict[str, fold.Folded], before: dict[str, dict]) -> None:
    """Keep, in the posting's transaction, the figures of the month ends each folded loan's
    new operations cross: folded forward, those from its snapshot's last date to its last
    new operation; rebuilt from the journal, every one before its last operation."""
    rows: list[dict[str, Any]] = []
    for loan_id, f in sorted(folded.items()):
        if not f.ops:
            continue
        if f.replayed:
            last = f.last.business_date if f.last is not None else None
            start = min(op.business_date for op in f.ops)
            state, ops = None, sorted(f.ops, key=domain_op.order_key)
        else:
            snap = before.get(loan_id)
            last = f.ops[-1].business_date
            start = snap["last_date"] if snap and snap["last_date"] else f.ops[0].business_date
            state, ops = f.before, list(f.ops)
        ends = month_ends(start, last) if last is not None else []
        if ends:
            rows += rows_at(loan_id, state, ops, ends, book.refs)
    _insert(book, rows)


if forget not in fold.HISTORY_CHANGED:
    fold.HISTORY_CHANGED.append(forget)
if _on_fold not in fold.LOANS_FOLDED:
    fold.LOANS_FOLDED.append(_on_fold)


def is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The month ends M with start <= M < end."""
    return list(_month_ends(start, end))


@functools.lru_cache(maxsize=4096)
def _month_ends(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """`month_ends`, remembered: an import's loans share their snapshots' last dates and
    their sessions' dates."""
    out = []
    day = _end_of_month(start)
    while day < end:
        out.append(day)
        day = _end_of_month(day + dt.timedelta(days=1))
    return tuple(out)


def _end_of_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def rows_at(loan_id: str, state: LoanState | None, ops: list[domain_op.Operation],
            ends: list[dt.date], refs: Any) -> list[dict[str, Any]]:
    """The loan's rows at `ends` (ascending): `ops` (canonical order) folded into `state`,
    which holds every operation dated before the first of them. Each row is the replay of the
    operations dated up to that day, advanced to it: with a reversal among them that replay
    is made for each day (a reversal dated after a month end does not undo the month end).
    A row holds status, identity and principal only, so the state is advanced by its
    transfers alone (`advance_principal`), and from one month end to the next while no
    operation falls between them and the rule set stays the one in force (decision 0280)."""
    if any(op.kind == domain_op.REVERSE for op in ops):
        return [_row(day, loan_id, domain_loan.advance_principal(domain_loan.replay(
            [op for op in ops if op.business_date <= day], refs), day, refs)) for day in ends]
    rows, i = [], 0
    moved, rules = state, None      # `state` advanced to the previous month end
    for day in ends:
        start = i
        while i < len(ops) and ops[i].business_date <= day:
            state = domain_loan.apply(state, ops[i], refs)
            i += 1
        now = refs.rules_at(day)
        if i != start or now is not rules:
            moved, rules = state, now
        moved = domain_loan.advance_principal(moved, day, refs)
        rows.append(_row(day, loan_id, moved))
    return rows


def _insert(book: Book, rows: list[dict[str, Any]]) -> None:
    """Write the rows of `_on_fold` in the caller's transaction: plain rows (COPY on
    PostgreSQL), no conflict to resolve. None exists for these loans and days: a loan
    rebuilt from its journal had its rows dropped (`forget`) in this transaction; a loan
    folded forward gets rows at month ends on or after its snapshot's last date, and rows
    are only ever kept before a loan's last date (this hook: before its last operation;
    `keep`: loans whose last date is later than the month end; `fill`: before it). `_store`
    writes only under a share lock on the loans' snapshots, which the fold holds for update
    until its commit (decision 0280). Should one be there all the same, the rows replace
    those kept: a cache row must never fail the post or the import that carries it."""
    if not rows:
        return
    try:
        with book.db.begin_nested():
            bulk.insert_rows(book.db, TABLE, rows)
    except IntegrityError:
        _upsert(book, rows)


def _upsert(book: Book, rows: list[dict[str, Any]]) -> None:
    """Write rows in the caller's transaction, replacing any kept for the same day and loan."""
    insert = INSERT[book.engine.dialect.name](TABLE)
    book.db.execute(insert.on_conflict_do_update(
        index_elements=[TABLE.c.month_end, TABLE.c.loan_id],
        set_={c: insert.excluded[c] for c in (*TEXT, *MONEY)}), rows)


def kept(book: Book, month_end: dt.date, ids: set[str]) -> dict[str, tuple]:
    """{loan_id: (status, *TEXT[1:], *MONEY)} of the figures kept at `month_end` for the
    loans of `ids`: plain tuples (a report reads tens of thousands of them)."""
    c = TABLE.c
    return {loan_id: rest for loan_id, *rest in book.db.execute(select(
        c.loan_id, *(c[n] for n in TEXT), *(c[n] for n in MONEY)).where(
        c.month_end == month_end)).all() if loan_id in ids}


def figures(book: Book, month_end: dt.date, snapshots: dict[str, bytes]
            ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The figures as of `month_end` of the loans of `snapshots` ({loan_id: its snapshot's
    state as the caller read it}; loans whose last operation is later), {loan_id: row}: the
    kept rows, the others computed from the journal in the caller's read snapshot. Also the
    computed rows, for `keep` once the caller's reads are done."""
    out: dict[str, dict[str, Any]] = {}
    ordered = sorted(snapshots)     # only these loans' rows: not the whole month end's
    for k in range(0, len(ordered), CHUNK):
        out.update((r.loan_id, dict(r._mapping)) for r in book.db.execute(select(TABLE).where(
            TABLE.c.month_end == month_end, TABLE.c.loan_id.in_(ordered[k:k + CHUNK]))))
    missing = snapshots.keys() - out.keys()
    new = [_row(month_end, loan_id, state)
           for loan_id, state in _states(book, month_end, missing).items()] if missing else []
    out.update((r["loan_id"], r) for r in new)
    return out, new


def keep(book: Book, rows: list[dict[str, Any]], snapshots: dict[str, bytes]) -> None:
    """Store the rows of loans whose snapshot has not changed since it was read (an operation
    posted meanwhile may predate the month end). Never inside a caller's transaction: the
    rows are a cache, not part of someone else's write."""
    _store(book, [tuple(r[n] for n in NAMES) for r in rows], snapshots)


def _store(book: Book, rows: list[tuple], snapshots: dict[str, bytes], *,
           mark: bool = False) -> None:
    """`keep` for rows as tuples in NAMES order; `mark`: the book is filled (`fill`)."""
    if (not rows and not mark) or book.in_transaction:
        return
    snap = AccountSnapshot.__table__
    ids = sorted({r[1] for r in rows})
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
            fresh = [r for r in rows if now.get(r[1]) == snapshots[r[1]]]
            # Another report may have kept some meanwhile: same figures, skip them.
            insert = INSERT[book.engine.dialect.name](TABLE).on_conflict_do_nothing()
            for k in range(0, len(fresh), 20 * CHUNK):
                book.db.execute(insert, [dict(zip(NAMES, r, strict=True))
                                         for r in fresh[k:k + 20 * CHUNK]])
            if mark:
                book.set_setting(FILLED, "1")
    except OperationalError:
        pass    # a book busy past the timeout, or read-only: the report stands, uncached


def _states(book: Book, month_end: dt.date, ids: set[str]) -> dict[str, LoanState | None]:
    """Each loan replayed from its operations dated up to `month_end`, advanced to it; None
    for a loan with no operation by then (kept as such: later reports do not ask again)."""
    out: dict[str, LoanState | None] = dict.fromkeys(ids)
    out.update(states_at(book, month_end, _existing(book, month_end, ids)))
    return out


def states_at(book: Book, day: dt.date, ids: set[str]) -> dict[str, LoanState | None]:
    """Each loan of `ids` replayed from its operations dated up to `day` (any day), advanced
    to it; None for a loan with none by then: `replayed` one by one for a few loans, one
    streamed read of the journal for more (only their operations decoded; decision 0275).
    The streamed read walks every loan's operations: it pays from about a sixth of the
    book's loans (office book: 1.900 of 17.058 loans one by one 3,2 s of CPU, streamed 4,2)."""
    out: dict[str, LoanState | None] = dict.fromkeys(ids)
    if len(ids) <= STREAM_FROM or len(ids) * STREAM_SHARE < book.db.scalar(
            select(func.count()).select_from(AccountSnapshot).where(
                AccountSnapshot.account_kind == "loan")):
        out.update((loan_id, replayed(book, loan_id, day)) for loan_id in sorted(ids))
        return out
    for (_, loan_id), ops in check.account_operations(book, "loan", until=day, only=ids):
        out[loan_id] = _advanced(book.refs, domain_loan.replay(ops, book.refs), day)
    return out


def _existing(book: Book, day: dt.date, ids: set[str]) -> set[str]:
    """The loans of `ids` with an applied operation dated on or before `day`."""
    return ids - begun_after(book, day, ids)


def begun_after(book: Book, day: dt.date, ids: set[str],
                first: dict[str, dt.date] | None = None) -> set[str]:
    """The loans of `ids` with no applied operation dated on or before `day`: no figures
    there, told apart without computing them (decision 0251). Read at report time, in the
    report's read: a back-dated operation posted later moves its loan out of this set (and
    `forget` drops its rows), so it is computed. `first`: `first_dates` of these loans, read
    once for several days."""
    first = first_dates(book, ids) if first is None else first
    return {i for i in ids if i not in first or first[i] > day}


def first_dates(book: Book, ids: set[str]) -> dict[str, dt.date]:
    """The date of each loan's first applied operation (none: not in the answer). Their
    first dates, not a date condition: with one, SQLite walks the date index over the
    journal."""
    op, oa = OperationRow.__table__, OperationAccount.__table__
    ordered, out = sorted(ids), {}
    for k in range(0, len(ordered), CHUNK):
        out.update((loan_id, first) for loan_id, first in book.db.execute(
            select(oa.c.account_id, func.min(op.c.business_date))
            .join(op, op.c.op_id == oa.c.op_id)
            .where(oa.c.account_kind == "loan", oa.c.account_id.in_(ordered[k:k + CHUNK]),
                   op.c.outcome.in_(("applied", "suspense")))
            .group_by(oa.c.account_id)) if first is not None)
    return out


def needs_fill(book: Book, month_end: dt.date, changed: set[str]) -> bool:
    """True when the book was never filled and many of `changed` have no row at `month_end`:
    filling every month end once costs about what computing this one does."""
    if len(changed) <= STREAM_FROM or book.in_transaction:
        return False
    if book.db.get(BookSetting, FILLED) is not None:
        return False
    kept = book.db.scalar(select(func.count()).select_from(TABLE).where(
        TABLE.c.month_end == month_end))
    return len(changed) - (kept or 0) > STREAM_FROM


def fill(book: Book) -> int:
    """Keep the figures of every loan at every month end before its last operation (one
    streamed replay of the loans), then mark the book filled. Rows already kept stay (they
    are right by construction). Returns the number of rows computed."""
    snap = AccountSnapshot.__table__
    snaps = dict(book.db.execute(select(snap.c.account_id, snap.c.last_date).where(
        snap.c.account_kind == "loan")).all())
    states = dict(book.db.execute(select(snap.c.account_id, snap.c.state).where(
        snap.c.account_kind == "loan")).all())
    rows: list[tuple] = []
    for (_, loan_id), ops in check.account_operations(book, "loan"):
        last = snaps.get(loan_id)
        if last is None:
            continue
        ops.sort(key=domain_op.order_key)
        ends = month_ends(ops[0].business_date, last)
        rows += [tuple(r[n] for n in NAMES)
                 for r in rows_at(loan_id, None, ops, ends, book.refs)]
    _store(book, rows, states, mark=True)
    return len(rows)


def replayed(book: Book, loan_id: str, day: dt.date) -> LoanState | None:
    """A loan replayed from its operations dated up to `day`, advanced to it."""
    ops = [e.operation() for e in journal.account_entries(book.db, "loan", loan_id)
           if e.business_date <= day]
    return _advanced(book.refs, domain_loan.replay(ops, book.refs), day)


def _advanced(refs: Any, state: LoanState | None, day: dt.date) -> LoanState | None:
    return domain_loan.advance(state, day, refs) if state else None


_FIGURES = operator.attrgetter(*TEXT, *MONEY)
_NONE = (None,) * len(TEXT) + (0,) * len(MONEY)


def _row(month_end: dt.date, loan_id: str, state: LoanState | None) -> dict[str, Any]:
    return dict(zip(NAMES, (month_end, loan_id, *(_FIGURES(state) if state is not None
                                                  else _NONE)), strict=True))
