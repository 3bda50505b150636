"""The fold: account snapshots and their projections, shared by the loan and savings kinds.

`apply_accounts` folds the domain's `apply` into the snapshot of every account an operation
touches, or replays the account when the operation arrives dated before the account's latest
one, then refreshes the account's projections (`PROJECTORS`). `batch` does the same once per
account for many stored operations. Both write snapshots and projection rows with Core
statements, changed columns only (0041). Caches kept by higher layers (reports/month_end.py)
learn here which loans' history changed (`HISTORY_CHANGED`): the services never touch their
tables (decision 0055).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.orm.util import identity_key

from sbpdesk.db import bulk
from sbpdesk.db.models import AccountSnapshot
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import from_json, state_json
from sbpdesk.services import journal, receipts
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.kinds import APPLIERS


@dataclass(frozen=True)
class AccountKind:
    """How to fold one kind of account: domain functions plus the state's (de)serialisers.
    `step` (optional): apply that also returns what the operation made for the projections
    (a savings account's movements). `columns` (optional): snapshot columns the state does
    not hold, for many accounts at once ({id: {column: value}})."""
    apply: Callable[[Any, domain_op.Operation, Any], Any]
    replay: Callable[[list[domain_op.Operation], Any], Any]
    from_dict: Callable[[dict], Any]
    to_dict: Callable[[Any], dict]
    step: Callable[[Any, domain_op.Operation, Any], tuple[Any, list]] | None = None
    columns: Callable[[Book, dict[str, Any]], dict[str, dict[str, Any]]] | None = None
    # (optional) `snapshot` below written directly by the domain (decision 0276).
    snapshot_text: Callable[[Any], tuple[bytes, Mapping[str, Any]]] | None = None

    def snapshot(self, state: Any) -> tuple[bytes, Mapping[str, Any]]:
        """The snapshot's `state` bytes, `state_json(to_dict(state))`, and a mapping that
        holds the figures its columns index (SNAPSHOT_COLUMNS, those the state has)."""
        if self.snapshot_text is not None:
            return self.snapshot_text(state)
        d = self.to_dict(state)
        return state_json(d), d

    def fold(self, state: Any, ops: list[domain_op.Operation], refs: Any) -> tuple[Any, list]:
        """Apply `ops` in the order given; the state and everything they made."""
        made: list = []
        for op in ops:
            if self.step is None:
                state = self.apply(state, op, refs)
            else:
                state, moved = self.step(state, op, refs)
                made += moved
        return state, made


@dataclass(frozen=True)
class Folded:
    """One account after a fold, as its snapshot and projections need it."""
    state: Any              # None: every operation of the account was reversed
    last: Entry | None      # the last operation folded (the snapshot's last_op_id)
    made: list              # what the folded operations made (savings movements), in order
    replayed: bool          # rebuilt from the journal: its projections are rewritten whole
    before: Any = None      # folded forward: the snapshot's state (what the rows now show)
    ops: tuple = ()         # folded forward: the operations folded in, in order; replayed:
                            # every stored operation of the account (reversals included)


ACCOUNT_KINDS: dict[str, AccountKind] = {}   # filled by services/loans.py and savings.py
SNAPSHOT_COLUMNS = ("point_code", "group_id", "household_id", "programme_code",
                    "organisation_code", "funding_source", "status", "outstanding",
                    "principal_overdue", "principal_frozen", "suspense")
MONEY_COLUMNS = {"outstanding", "principal_overdue", "principal_frozen", "suspense"}
SNAPSHOT = AccountSnapshot.__table__
SNAPSHOT_KEYS = ("account_kind", "account_id")
CHUNK = 500   # ids per IN (…): well under SQLite's bound-parameter limit

# Projections refreshed after a fold: account kind -> fn(book, {account_id: Folded}).
PROJECTORS: dict[str, Callable[[Book, dict[str, Folded]], None]] = {}
# Appliers that, inside a batch, only note the accounts to fold (no other writes).
DEFERRING: set[Callable] = set()


def account_kind(name: str) -> AccountKind | None:
    return ACCOUNT_KINDS.get(name)


# Called, in the writing transaction, with the loans whose history changed before their
# latest operation (rebuilt from the journal), or None when every loan's may have (reference
# data changed). reports/month_end.py registers the hook that forgets its kept figures.
HISTORY_CHANGED: list[Callable[[Book, list[str] | None], None]] = []


def history_changed(book: Book, loan_ids: list[str] | None) -> None:
    for hook in HISTORY_CHANGED:
        hook(book, loan_ids)


# Called, in the writing transaction once the snapshots are written, with every loan folded
# ({loan_id: Folded}) and the snapshot rows read before the fold ({loan_id: row}):
# reports/month_end.py keeps the figures of the month ends the new operations cross
# (decision 0205).
LOANS_FOLDED: list[Callable[[Book, dict[str, Folded], dict[str, dict]], None]] = []


def apply_accounts(book: Book, entry: Entry) -> str:
    """Fold `entry` into the snapshot of every account it touches (locked in id order) and
    refresh their projections. Returns "suspense" when some of its cash landed in an
    account's suspense bucket. Inside `batch(book)` the fold waits and each account is
    folded once at the end."""
    deferred = getattr(book, "_batch", None)
    folded: dict[tuple[str, str], Folded] = {}
    snaps: dict[tuple[str, str], dict] = {}
    for pair in sorted(accounts_of(book, entry)):
        if account_kind(pair[0]) is None:
            continue  # projected by its own applier (applications, payables)
        if deferred is not None:
            deferred.setdefault(pair, []).append(entry)
            continue
        snaps.update(load_snapshots(book, [pair], lock=True))
        snap = snaps.get(pair)
        last = _last_keys(book, {pair: snap}, {pair: [entry]}).get(pair) if snap else None
        if snap is None or (entry.kind != domain_op.REVERSE and not _is_behind(entry, last)):
            folded[pair] = _fold_forward(book, pair, snap, [entry])
        else:
            folded[pair] = _replay(book, pair, including=entry)
            # A late decision can move earlier cash to suspense: say so on those rows.
            _mark_suspense(book, folded[pair].state, None, skip=entry.op_id)
    if not folded:
        return "applied"
    rows = _write_snapshots(book, folded, snaps)
    _project(book, folded)
    held = {pair: snap["suspense"] for pair, snap in snaps.items()}
    grew = any(rows.get(pair, {}).get("suspense", 0) > held.get(pair, 0) for pair in folded)
    return "suspense" if grew else "applied"


def defers(book: Book, kind: str) -> bool:
    return getattr(book, "_batch", None) is not None and APPLIERS.get(kind) in DEFERRING


@contextmanager
def batch(book: Book) -> Iterator[set[str]]:
    """Apply many stored operations (an import, an enrolment pack) with each account folded
    and projected once at the end instead of once per operation. Same result: each account
    is folded from its snapshot in canonical order, or replayed when an operation sorts
    before what the snapshot has already seen. Yields a set that holds, once the block
    ends, the operations the folds put in suspense (a nested batch: the outer one's)."""
    if getattr(book, "_batch", None) is not None:
        yield book._batch_suspense
        return
    book._batch, book._batch_suspense = {}, set()
    try:
        yield book._batch_suspense
        pending, book._batch = book._batch, None
        _flush_batch(book, pending)
    finally:
        book._batch = None


def _flush_batch(book: Book, pending: dict[tuple[str, str], list[Entry]]) -> None:
    receipts.flush(book, pending.pop(receipts.RECEIPTS, []))
    book.db.flush()   # the reads below bypass the ORM: let them see its pending changes
    # Locked like a single post's (PostgreSQL: a post at another desk waits, nothing is lost).
    snaps = load_snapshots(book, sorted(pending), lock=True)
    lasts = _last_keys(book, snaps, pending)
    folded: dict[tuple[str, str], Folded] = {}
    marked = book._batch_suspense
    for pair, entries in sorted(pending.items()):
        if len(entries) > 1:
            entries = sorted(entries, key=lambda e: domain_op.order_key(e.operation()))
        snap = snaps.get(pair)
        reverses = any(e.kind == domain_op.REVERSE for e in entries)
        if not reverses and (snap is None or not _is_behind(entries[0], lasts.get(pair))):
            folded[pair] = _fold_forward(book, pair, snap, entries)
        else:
            folded[pair] = _replay(book, pair)
            marked |= _mark_suspense(book, folded[pair].state, None)
        marked |= _mark_suspense(book, folded[pair].state, {e.op_id for e in entries})
    _write_snapshots(book, folded, snaps)
    _project(book, folded)


def _fold_forward(book: Book, pair: tuple[str, str], snap: dict | None,
                  entries: list[Entry]) -> Folded:
    """Fold `entries` (in canonical order, all after what the snapshot has seen) into it."""
    kind = account_kind(pair[0])
    before = kind.from_dict(from_json(snap["state"])) if snap is not None else None
    ops = [e.operation() for e in entries]
    state, made = kind.fold(before, ops, book.refs)
    return Folded(state, entries[-1], made, replayed=False, before=before, ops=tuple(ops))


def _replay(book: Book, pair: tuple[str, str], *, including: Entry | None = None) -> Folded:
    """The account rebuilt from its operations in the journal (plus `including`, being
    applied and not yet marked applied)."""
    kind = account_kind(pair[0])
    entries = journal.account_entries(book.db, *pair)
    if including is not None and all(e.op_id != including.op_id for e in entries):
        entries.append(including)
    by_id = {e.op_id: e for e in entries}
    ops = tuple(e.operation() for e in entries)
    effective = domain_op.effective(ops)
    state, made = kind.fold(None, effective, book.refs)
    return Folded(state, by_id[effective[-1].op_id] if effective else None, made,
                  replayed=True, ops=ops)


def load_snapshots(book: Book, pairs: list[tuple[str, str]], *, lock: bool = False
                   ) -> dict[tuple[str, str], dict]:
    """The snapshot rows of `pairs` as dicts, in a few IN queries (`lock`: FOR UPDATE)."""
    out: dict[tuple[str, str], dict] = {}
    by_kind: dict[str, list[str]] = {}
    for kind_name, account_id in pairs:
        by_kind.setdefault(kind_name, []).append(account_id)
    for kind_name, ids in by_kind.items():
        for k in range(0, len(ids), CHUNK):
            query = select(SNAPSHOT).where(SNAPSHOT.c.account_kind == kind_name,
                                           bulk.in_ids(SNAPSHOT.c.account_id))
            if lock:   # rows locked in key order (PostgreSQL locks in scan order otherwise)
                query = query.order_by(SNAPSHOT.c.account_id).with_for_update()
            for row in _dicts(book.db.execute(query, {"ids": ids[k:k + CHUNK]})):
                out[(kind_name, row["account_id"])] = row
    return out


def _last_keys(book: Book, snaps: dict[tuple[str, str], dict],
               pending: dict[tuple[str, str], list[Entry]]) -> dict[tuple[str, str], tuple]:
    """The order key of each snapshot's last operation, where the batch may sort before it
    (an operation dated on or before the snapshot's last date); one IN query per chunk."""
    wanted = {pair: snap["last_op_id"] for pair, snap in snaps.items() if snap["last_op_id"]
              and (snap["last_date"] is None
                   or min(e.business_date for e in pending[pair]) <= snap["last_date"])}
    keys = journal.order_keys(book.db, list(set(wanted.values())))
    return {pair: keys[op_id] for pair, op_id in wanted.items() if op_id in keys}


def _write_snapshots(book: Book, folded: dict[tuple[str, str], Folded],
                     snaps: dict[tuple[str, str], dict]) -> dict[tuple[str, str], dict]:
    """Write the folded states as snapshots (or drop those whose every operation was
    reversed), changed columns only; returns the rows written."""
    rows: dict[tuple[str, str], dict] = {}
    by_kind: dict[str, dict[str, Any]] = {}
    for (kind_name, account_id), f in folded.items():
        if f.state is not None:
            by_kind.setdefault(kind_name, {})[account_id] = f.state
    for kind_name, states in by_kind.items():
        kind = account_kind(kind_name)
        extra = kind.columns(book, states) if kind.columns is not None else {}
        for account_id, state in states.items():
            pair = (kind_name, account_id)
            rows[pair] = _snapshot_row(*kind.snapshot(state), pair, folded[pair].last,
                                       extra.get(account_id, {}))
    gone = [p for p, f in folded.items() if f.state is None and p in snaps]
    book.db.flush()   # ORM changes first: the rows below are written around the ORM
    delete_rows(book, SNAPSHOT, SNAPSHOT_KEYS, gone)
    # Decision 0042: a loan rebuilt from its journal may have changed before a past month
    # end; the caches kept at month ends forget it (reports/month_end.py, decision 0055).
    replayed = [p[1] for p, f in folded.items() if f.replayed and p[0] == "loan"]
    if replayed:
        history_changed(book, replayed)
    write_rows(book, SNAPSHOT, SNAPSHOT_KEYS, list(rows.values()), snaps)
    expire(book, AccountSnapshot, folded)
    loans = {p[1]: f for p, f in folded.items() if p[0] == "loan"}
    if loans and LOANS_FOLDED:
        before = {p[1]: snap for p, snap in snaps.items() if p[0] == "loan"}
        for hook in LOANS_FOLDED:
            hook(book, loans, before)
    return rows


def _snapshot_row(text: bytes, state: Mapping[str, Any], pair: tuple[str, str],
                  last: Entry | None, extra: dict[str, Any]) -> dict[str, Any]:
    row = {"account_kind": pair[0], "account_id": pair[1], "state": text,
           "last_op_id": last.op_id if last else None,
           "last_date": last.business_date if last else None, "needs_update": False}
    for column in SNAPSHOT_COLUMNS:
        value = state.get(column)
        row[column] = value if value is not None else (0 if column in MONEY_COLUMNS else None)
    row.update(extra)
    return row


def _project(book: Book, folded: dict[tuple[str, str], Folded]) -> None:
    by_kind: dict[str, dict[str, Folded]] = {}
    for (kind_name, account_id), f in folded.items():
        by_kind.setdefault(kind_name, {})[account_id] = f
    for kind_name, by_id in sorted(by_kind.items()):
        if kind_name in PROJECTORS:
            PROJECTORS[kind_name](book, by_id)


def _mark_suspense(book: Book, state: Any, op_ids: set[str] | None, skip: str = "") -> set[str]:
    """Operations (of `op_ids`, or any after a replay) whose cash the account put in
    suspense; `skip` is the operation being applied, whose outcome its caller records.
    Returns the operations marked."""
    marked = set()
    for item in getattr(state, "suspense_entries", ()):
        if item.amount and item.op_id != skip and (op_ids is None or item.op_id in op_ids):
            journal.set_outcome(book.db, item.op_id, "suspense")
            marked.add(item.op_id)
    return marked


# --- writing projection rows around the ORM ---------------------------------------------------

def write_rows(book: Book, table: Table, keys: tuple[str, ...], rows: list[dict],
               old: Mapping[Any, Mapping[str, Any]]) -> None:
    """Make `table` hold `rows` (dicts with the same columns): insert those whose key
    (`keys`' values, a tuple; the bare value for a one-column key) `old` lacks, and on the
    others update only the columns that changed, one executemany per set of changed columns
    (unchanged indexes stay untouched)."""
    inserts: list[dict] = []
    changed_by: dict[tuple[str, ...], list[dict]] = {}
    columns = tuple(c for c in rows[0] if c not in keys) if rows else ()
    values = itemgetter(*columns) if len(columns) > 1 else lambda r: tuple(r[c] for c in columns)
    single = keys[0] if len(keys) == 1 else None
    for row in rows:
        before = old.get(row[single] if single is not None else tuple([row[k] for k in keys]))
        if before is None:
            inserts.append(row)
            continue
        now, was = values(row), values(before)
        if now == was:      # one C comparison; the columns are named only for a change
            continue
        changed = tuple([c for c, a, b in zip(columns, was, now, strict=True) if a != b])
        if changed:
            changed_by.setdefault(changed, []).append(row)
    bulk.insert_rows(book.db, table, inserts)
    for changed, group in changed_by.items():
        bulk.update_rows(book.db, table, keys, changed, group)


def delete_rows(book: Book, table: Table, keys: tuple[str, ...], gone: list) -> None:
    """Delete the rows of `gone` keys (tuples, or bare values for a one-column key)."""
    bulk.delete_rows(book.db, table, keys, [
        dict(zip(keys, key if len(keys) > 1 else (key,), strict=True)) for key in gone])


def rows_in(book: Book, table: Table, column: str, values: list,
            columns: tuple[str, ...] | None = None, **equal: Any) -> list[dict]:
    """The rows of `table` (`columns` of them, default all) whose `column` is one of
    `values` and whose `equal` columns hold the values given, in a few IN queries."""
    names = columns or tuple(table.c.keys())
    out: list[dict] = []
    for k in range(0, len(values), CHUNK):
        chunk = values[k:k + CHUNK]
        query = select(*(table.c[c] for c in names)).where(
            bulk.in_ids(table.c[column]), *(table.c[c] == v for c, v in equal.items()))
        out += _dicts(book.db.execute(query, {"ids": chunk}))
    return out


def _dicts(result) -> list[dict]:
    """A result's rows as dicts (fetched at once: thousands of rows per import)."""
    keys = tuple(result.keys())
    return [dict(zip(keys, r, strict=True)) for r in result.all()]


def delete_in(book: Book, table: Table, column: str, values: list) -> None:
    for k in range(0, len(values), CHUNK):
        book.db.execute(delete(table).where(table.c[column].in_(values[k:k + CHUNK])))


def _key(row: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    return tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]


def expire(book: Book, model: type, keys: Any) -> None:
    """Objects of `model` the session holds for `keys` were written around the ORM: reload
    them when next read (the identity map would otherwise serve the old values)."""
    held = book.db.identity_map
    if not held:
        return
    for key in keys:
        obj = held.get(identity_key(model, key if isinstance(key, tuple) else (key,)))
        if obj is not None:
            book.db.expire(obj)


def accounts_of(book: Book, entry: Entry) -> list[tuple[str, str]]:
    """The accounts an entry touches (a reversal: those of its target)."""
    if entry.kind != domain_op.REVERSE:
        return entry.own_accounts()
    target_entry = journal.get(book.db, entry.payload.get("target_op_id"))
    return domain_op.accounts(entry.operation(),
                              target_entry.operation() if target_entry else None)


def _is_behind(entry: Entry, last_key: tuple | None) -> bool:
    """True when `entry` sorts before the account's latest folded operation (`_last_keys`:
    None when a later day, or nothing folded yet)."""
    return last_key is not None and domain_op.order_key(entry.operation()) < last_key


def flag_accounts(book: Book, entry: Entry) -> None:
    try:
        pairs = accounts_of(book, entry)
    except (KeyError, TypeError):
        return
    for kind_name, account_id in pairs:
        snap = book.db.get(AccountSnapshot, (kind_name, account_id))
        if snap is not None:
            snap.needs_update = True  # "cập nhật phần mềm": a newer op waits for an upgrade
