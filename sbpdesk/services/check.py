"""`sbpdesk check`: is the book sound? SQLite's own integrity and foreign-key checks, every
operation chain, and — with `replay` — every account snapshot equal to the replay of its
operations. The report names the first bad operation or account so an officer can act on it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session as DbSession

from sbpdesk.db.models import AccountSnapshot, OperationAccount
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.records import date_of
from sbpdesk.services import chain, posting
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Problem


@dataclass(frozen=True)
class SnapshotProblem:
    account_kind: str
    account_id: str
    code: str          # mismatch | missing | cannot_replay
    last_op_id: str | None
    vi: str
    en: str


@dataclass(frozen=True)
class CheckReport:
    integrity: tuple[str, ...]
    chains: tuple[Problem, ...]
    snapshots: tuple[SnapshotProblem, ...] = ()
    replayed: int = 0
    skipped_kinds: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.chains or self.snapshots)

    def first_problem(self, lang: str = "vi") -> str | None:
        for item in (*self.integrity, *self.chains, *self.snapshots):
            if isinstance(item, str):
                return item
            return item.en if lang == "en" else item.vi
        return None

    def lines(self, lang: str = "vi") -> list[str]:
        out = list(self.integrity)
        out += [p.en if lang == "en" else p.vi for p in (*self.chains, *self.snapshots)]
        return out


def check_book(book: Book, replay: bool = False) -> CheckReport:
    # SQLite's own checks, and most of the chain walk (SQLite writes each row's JSON), run in
    # C without the GIL: on connections of their own in threads they take the second core
    # while the replay runs here (decision 0207).
    with ThreadPoolExecutor(2) as pool:
        integrity_apart = pool.submit(_integrity, book, apart=True)
        chains_apart = pool.submit(_chains_apart, book)
        snapshots: list[SnapshotProblem] = []
        replayed, skipped = 0, set()
        if replay:
            replayed, skipped = _replay_all(book, snapshots)
        book.end_read()
        integrity, chains = integrity_apart.result(), chains_apart.result()
    return CheckReport(tuple(integrity), tuple(chains), tuple(snapshots), replayed,
                       tuple(sorted(skipped)))


def _integrity(book: Book, *, apart: bool = False) -> list[str]:
    """SQLite's integrity and foreign-key checks (`apart`: on a connection of their own)."""
    if book.engine.dialect.name != "sqlite":
        return []  # PostgreSQL checks its own pages; the chains below still run
    if not apart:
        return _pragmas(book.db)
    with book.engine.connect() as conn:
        return _pragmas(conn)


def _chains_apart(book: Book) -> list:
    with DbSession(book.engine) as db:
        return chain.verify_chain(db)


def _pragmas(db: Any) -> list[str]:
    result = [r[0] for r in db.execute(text("PRAGMA integrity_check"))]
    problems = [] if result == ["ok"] else [f"SQLite integrity_check: {r}" for r in result[:20]]
    for table, rowid, parent, _ in db.execute(text("PRAGMA foreign_key_check")).all()[:20]:
        problems.append(f"SQLite foreign_key_check: {table} rowid {rowid} → {parent}")
    return problems


def _replay_all(book: Book, problems: list[SnapshotProblem]) -> tuple[int, set[str]]:
    """Compare each snapshot with the replay of its account (every account's operations
    streamed in one ordered query); also find accounts with operations but no snapshot,
    and snapshots with no operations."""
    replayed, skipped = 0, set()
    t = AccountSnapshot.__table__
    snaps = {(k, i): (state, last) for k, i, state, last in book.db.connection().execute(
        select(t.c.account_kind, t.c.account_id, t.c.state, t.c.last_op_id))}
    seen = set()
    for (kind_name, account_id), ops in account_operations(book):
        seen.add((kind_name, account_id))
        kind = posting.account_kind(kind_name)
        if kind is None:
            skipped.add(kind_name)
            continue
        snap = snaps.get((kind_name, account_id))
        try:
            state = kind.replay(ops, book.refs)
        except Exception as exc:   # report and go on: one bad account must not hide others
            problems.append(_problem(kind_name, account_id, "cannot_replay", None,
                                     f"không dựng lại được ({exc})", f"cannot replay ({exc})"))
            continue
        replayed += 1
        if snap is None:
            if state is not None:
                effective = domain_op.effective(ops)
                last = effective[-1].op_id if effective else None
                problems.append(_problem(kind_name, account_id, "missing", last,
                                         "có nghiệp vụ nhưng thiếu ảnh chụp số dư",
                                         "has operations but no snapshot"))
        elif state is None or kind.snapshot(state)[0] != snap[0]:
            problems.append(_problem(kind_name, account_id, "mismatch", snap[1],
                                     "ảnh chụp khác kết quả dựng lại từ sổ nghiệp vụ",
                                     "snapshot differs from the replay of the journal"))
    for key in sorted(set(snaps) - seen):
        problems.append(_problem(key[0], key[1], "orphan", snaps[key][1],
                                 "có ảnh chụp số dư nhưng không có nghiệp vụ nào",
                                 "has a snapshot but no operations"))
    return replayed, skipped


_OP_FIELDS = [f.name for f in dataclasses.fields(domain_op.Operation)]
_PAYLOAD, _DATE = _OP_FIELDS.index("payload"), _OP_FIELDS.index("business_date")


def account_operations(book: Book, account_kind: str | None = None,
                       until: dt.date | None = None, only: set[str] | None = None):
    """(account, its applied operations) for every account (of `account_kind`; operations
    dated `until` or before; `only`: of these account ids, the others' payloads are not
    decoded), one streamed query. Plain rows read by position: the ORM row and a getattr per
    field cost more than the fold. Each account's operations come in no particular order
    (every replay sorts them: `operation.effective`)."""
    if book.engine.dialect.name == "sqlite":
        rows = _sqlite_rows(book, account_kind, until)
    else:
        op = OperationRow.__table__
        oa = OperationAccount.__table__
        query = (select(oa.c.account_kind, oa.c.account_id, *(op.c[n] for n in _OP_FIELDS))
                 .join(op, op.c.op_id == oa.c.op_id)
                 .where(op.c.outcome.in_(("applied", "suspense")))
                 .order_by(oa.c.account_kind, oa.c.account_id))
        if account_kind is not None:
            query = query.where(oa.c.account_kind == account_kind)
        if until is not None:
            query = query.where(op.c.business_date <= until)
        rows = book.db.connection().execute(query.execution_options(yield_per=5000))
    make = domain_op.Operation
    for key, group in itertools.groupby(rows, key=lambda r: (r[0], r[1])):
        if only is not None and key[1] not in only:
            continue
        ops = []
        for r in group:
            values = list(r[2:])
            values[_PAYLOAD] = from_json(values[_PAYLOAD])
            if type(values[_DATE]) is str:
                values[_DATE] = date_of(values[_DATE])
            ops.append(make(*values))
        yield key, ops


def _sqlite_rows(book: Book, account_kind: str | None, until: dt.date | None):
    """SQLite: the journal read in its stored order and sorted by account (CROSS JOIN keeps
    that plan), through the driver's cursor. Walking the account index instead looks each
    operation up by id, two B-tree searches per row: twice the CPU on the office book
    (decision 0241)."""
    where, params = ["o.outcome IN ('applied', 'suspense')"], []
    if account_kind is not None:
        where.append("oa.account_kind = ?")
        params.append(account_kind)
    if until is not None:
        where.append("o.business_date <= ?")
        params.append(until.isoformat())
    cursor = book.db.connection().connection.driver_connection.cursor()
    try:
        yield from cursor.execute(
            f"SELECT oa.account_kind, oa.account_id, {', '.join('o.' + n for n in _OP_FIELDS)} "
            "FROM operation o CROSS JOIN operation_account oa ON oa.op_id = o.op_id "
            f"WHERE {' AND '.join(where)} ORDER BY oa.account_kind, oa.account_id", params)
    finally:
        cursor.close()


def _problem(kind: str, account_id: str, code: str, last_op_id: str | None, vi: str,
             en: str) -> SnapshotProblem:
    after = f" (nghiệp vụ cuối {last_op_id})" if last_op_id else ""
    after_en = f" (last operation {last_op_id})" if last_op_id else ""
    return SnapshotProblem(kind, account_id, code, last_op_id,
                           f"Tài khoản {kind} {account_id}: {vi}{after}",
                           f"Account {kind} {account_id}: {en}{after_en}")
