"""The operation journal: gap-free per-origin sequences chained by SHA-256.

`append` writes the next operation of the local origin under the origin-head lock (the
transaction is BEGIN IMMEDIATE on SQLite; the head row is SELECT … FOR UPDATE on
PostgreSQL); at the office its row gets the next office-wide `feed_no` (on PostgreSQL at the
end of the transaction, `number_feed`, under the feed-head lock held to the commit; on
SQLite, whose writers take turns, as it is stored). `store_received` stores an operation
from another book exactly as received, after checking its hash and where it sits in its
origin's chain (`services/chain.py` walks the chains and names the first bad operation). An
origin has an `origin_head` row when this book holds its complete chain (its own origin;
laptops' origins at the office); rows of an origin seen only through a filtered feed (the
office's, on a laptop) are checked one by one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm.util import identity_key

from sbpdesk.db import bulk
from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import FeedHead, OperationAccount, OriginHead
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.records import record

# the hashing names stay importable from here: chain, exchange, opening and the demo use them
from .envelope import ENVELOPE, HASHED, compute_hash, compute_hash_parsed, normalise  # noqa: F401

OPERATION = OperationRow.__table__
GENESIS = "0" * 64
CHAINED = ("applied", "suspense", "held")  # outcomes of rows that count in replays if applied


@dataclass(frozen=True)
class Entry:
    """One journal row as values: the envelope with its payload decoded, plus local fields."""
    op_id: str
    origin: str
    seq: int
    kind: str
    kind_version: int
    payload: dict[str, Any]
    business_date: dt.date
    session_id: str | None
    actor: str
    approved_by: str | None
    rules_version: str | None
    recorded_at: str
    prev_hash: str
    hash: str
    feed_no: int | None = None
    outcome: str = "applied"
    reason: str | None = None

    def operation(self) -> domain_op.Operation:
        """The domain's Operation for apply/replay (made once: batches sort and fold by it)."""
        op = self.__dict__.get("_operation")
        if op is None:
            op = domain_op.Operation(**{name: getattr(self, name) for name in _OPERATION_FIELDS})
            object.__setattr__(self, "_operation", op)   # a cache, not a field
        return op

    def own_accounts(self) -> list[tuple[str, str]]:
        """`domain_op.accounts` of an operation that is not a reversal (made once: an import
        indexes and folds by it). Raises as `accounts` does on a malformed payload."""
        pairs = self.__dict__.get("_accounts")
        if pairs is None:
            pairs = domain_op.accounts(self.operation())
            object.__setattr__(self, "_accounts", pairs)   # a cache, not a field
        return pairs

    def envelope(self) -> dict[str, Any]:
        """JSON-ready envelope (what a bundle carries and what is hashed, plus `hash`)."""
        env = {name: getattr(self, name) for name in ENVELOPE}
        env["business_date"] = self.business_date.isoformat()
        return env


_OPERATION_FIELDS = tuple(f.name for f in dataclasses.fields(domain_op.Operation))


@dataclass(frozen=True)
class Received:
    """What `store_received` did: stored | duplicate | held | fork | rejected."""
    status: str
    entry: Entry | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Problem:
    origin: str
    seq: int | None
    op_id: str | None
    code: str
    vi: str
    en: str


def to_entry(row: OperationRow) -> Entry:
    return Entry(op_id=row.op_id, origin=row.origin, seq=row.seq, kind=row.kind,
                 kind_version=row.kind_version, payload=from_json(row.payload),
                 business_date=row.business_date, session_id=row.session_id, actor=row.actor,
                 approved_by=row.approved_by, rules_version=row.rules_version,
                 recorded_at=row.recorded_at, prev_hash=row.prev_hash, hash=row.hash,
                 feed_no=row.feed_no, outcome=row.outcome, reason=row.reason)


def utc_stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).isoformat(timespec="microseconds").replace(
        "+00:00", "Z")


# --- writing --------------------------------------------------------------------------------

def head(db: DbSession, origin: str, *, lock: bool = False) -> OriginHead | None:
    query = select(OriginHead).where(OriginHead.origin == origin)
    if lock:
        query = query.with_for_update()
    return db.scalars(query).one_or_none()


def append(db: DbSession, origin: str, kind: str, payload: dict[str, Any],
           business_date: dt.date, *, actor: str, kind_version: int = 1,
           session_id: str | None = None, approved_by: str | None = None,
           rules_version: str | None = None, recorded_at: str | None = None,
           feed: bool = False) -> Entry:
    """Append the next operation of `origin` (whose head row must exist). The caller holds
    the write transaction; `feed=True` (office books): the row gets its feed_no (on
    PostgreSQL when the transaction ends, `number_feed`)."""
    origin_head = head(db, origin, lock=True)
    if origin_head is None:
        raise DomainError("no_origin", "Sổ chưa có nguồn ghi (thiết bị chưa được đăng ký).",
                          "This book has no origin to write under (device not enrolled).")
    # Payload round-trips through canonical JSON so the stored bytes and the hashed object
    # are the same value (NFC strings, dates as ISO text).
    data = canonical_json(payload)
    env = {"op_id": uuid7(), "origin": origin, "seq": origin_head.seq + 1, "kind": kind,
           "kind_version": kind_version, "payload": from_json(data),
           "business_date": business_date.isoformat(), "session_id": session_id,
           "actor": actor, "approved_by": approved_by, "rules_version": rules_version,
           "recorded_at": recorded_at or utc_stamp(dt.datetime.now(dt.UTC)),
           "prev_hash": origin_head.hash}
    env["hash"] = compute_hash(env)
    row = _insert(db, env, data, outcome="applied", feed=feed)
    origin_head.seq = row.seq
    origin_head.hash = row.hash
    db.flush()
    return to_entry(row)


def store_received(db: DbSession, envelope: Mapping[str, Any] | Any, *, feed: bool = False,
                   partial: bool = False) -> Received:
    """Store an operation from another book exactly as received.

    `partial=True`: the origin reaches this book through a filtered feed (office rows on a
    laptop), so only the row's own hash is checked. Otherwise the row must chain from the
    origin's head: a later seq is stored `held` until the gap is filled (`release_held`); a
    known seq with another hash is a `fork` (not stored). Stored rows have outcome `held`
    until the caller applies them and sets the outcome.
    """
    env, data, problem, digest = normalise(envelope)
    if problem:
        return Received("rejected", reason=problem)
    if digest != env["hash"]:
        return Received("rejected", reason="hash_mismatch")
    known = db.get(OperationRow, env["op_id"])
    if known is not None:
        if known.hash == env["hash"]:
            return Received("duplicate", to_entry(known))
        return Received("rejected", to_entry(known), reason="op_id_reused")
    same_seq = db.scalars(select(OperationRow).where(
        OperationRow.origin == env["origin"], OperationRow.seq == env["seq"])).one_or_none()
    if same_seq is not None:
        return Received("fork", to_entry(same_seq), reason="seq_taken")
    if partial:
        row = _insert(db, env, data, outcome="held", feed=feed)
        return Received("stored", to_entry(row))
    origin_head = head(db, env["origin"], lock=True)
    if origin_head is None:
        origin_head = OriginHead(origin=env["origin"], seq=0, hash=GENESIS)
        db.add(origin_head)
        db.flush()
    if env["seq"] <= origin_head.seq:
        return Received("duplicate", reason="below_head")
    if env["seq"] > origin_head.seq + 1:
        row = _insert(db, env, data, outcome="held", feed=False, reason="gap")
        return Received("held", to_entry(row), reason="gap")
    if env["prev_hash"] != origin_head.hash:
        return Received("fork", reason="prev_hash")
    row = _insert(db, env, data, outcome="held", feed=feed)
    origin_head.seq, origin_head.hash = row.seq, row.hash
    db.flush()
    return Received("stored", to_entry(row))


def store_received_many(db: DbSession, envelopes: Sequence[Any], *, feed: bool = False,
                        partial: bool = False, feed_nos: Mapping[str, int] | None = None,
                        lines: Sequence[bytes] | None = None,
                        applying: bool = False) -> list[Received]:
    """`store_received` for a whole bundle at once: the same checks and outcomes, one query
    per kind of lookup and bulk inserts instead of a round trip per row (imports must reach
    thousands of operations a second). `lines`: each envelope's canonical JSON line as read
    (`bundle.read_bundle` checks each), whose bytes are stored and hashed as they are.
    `applying`: the caller applies every stored row in this transaction and records only
    the outcomes other than `applied`, which the rows are stored with."""
    prepared = [normalise(env, lines[k] if lines is not None else None)
                for k, env in enumerate(envelopes)]
    ids = [env["op_id"] for env, _, problem, _ in prepared if not problem]
    # The locks come before anything is looked up: an import of the same rows running at
    # once (a laptop that sent its bundle again while the first was still being imported)
    # then waits and finds them stored instead of inserting them a second time. That lock
    # is the origin's own (a laptop's first bundle has no origin head yet to lock), so
    # imports from other laptops go on meanwhile; the feed head is locked only to number
    # the rows, just before the commit (`number_feed`, decision 0265).
    origins = {env["origin"] for env, _, p, _ in prepared if not p}
    if not partial:
        _lock_origins(db, origins)
    heads = {} if partial else _heads(db, origins)
    known = {r.op_id: r for r in _rows_where(db, OperationRow.op_id, ids)}
    taken = _seqs_taken(db, [env for env, _, problem, _ in prepared if not problem])
    now = _feed_head_now(db) if feed and feed_nos is None else None
    rows, results, batch, numbered = [], [], {}, []
    for env, data, problem, digest in prepared:
        result, row = _receive_one(env, data, problem, digest, known, taken, heads, partial,
                                   batch)
        if row is not None and applying and result.status == "stored":
            row["outcome"] = "applied"
        if row is not None:
            if feed_nos is not None:
                row["feed_no"] = feed_nos.get(env["op_id"])   # the office's number, kept
            elif now is not None and row["reason"] is None:
                now.last_feed_no += 1
                row["feed_no"] = now.last_feed_no
            result = replace(result, entry=_entry_of(env, row))
            if feed and row["feed_no"] is None and row["reason"] is None:
                numbered.append(result.entry)
            rows.append(row)
            batch[env["op_id"]] = result.entry
            taken.add((env["origin"], env["seq"]))
        results.append(result)
    if rows:
        bulk.insert_rows(db, OPERATION, rows)   # around the ORM: thousands of rows
        _index_many(db, batch)
    for origin, (seq, hash_) in heads.items():
        _set_head(db, origin, seq, hash_)
    db.flush()
    _number_at_commit(db, numbered)
    return results


def _receive_one(env, data, problem, digest, known, taken, heads, partial, batch_ids):
    if problem:
        return Received("rejected", reason=problem), None
    if digest != env["hash"]:
        return Received("rejected", reason="hash_mismatch"), None
    row = known.get(env["op_id"])
    if row is not None or env["op_id"] in batch_ids:
        same = row is None or row.hash == env["hash"]
        entry = to_entry(row) if row is not None else None
        return (Received("duplicate", entry) if same else
                Received("rejected", entry, reason="op_id_reused")), None
    if (env["origin"], env["seq"]) in taken:
        return Received("fork", reason="seq_taken"), None
    if partial:
        return _stored(env, data, "held", None)
    seq, hash_ = heads.setdefault(env["origin"], (0, GENESIS))
    if env["seq"] <= seq:
        return Received("duplicate", reason="below_head"), None
    if env["seq"] > seq + 1:
        return _stored(env, data, "held", "gap", status="held")
    if env["prev_hash"] != hash_:
        return Received("fork", reason="prev_hash"), None
    heads[env["origin"]] = (env["seq"], env["hash"])
    return _stored(env, data, "held", None)


def _stored(env, data, outcome, reason, status="stored"):
    """The row to insert; its entry is made once the row has its feed number."""
    row = dict(env, payload=data, business_date=dt.date.fromisoformat(env["business_date"]),
               outcome=outcome, reason=reason, feed_no=None)
    return Received(status, None, reason=reason), row


def _entry_of(env: dict, row: dict) -> Entry:
    """The Entry of a row about to be inserted (its payload decoded: the envelope's)."""
    return record(Entry, {**env, "business_date": row["business_date"],
                          "feed_no": row["feed_no"], "outcome": row["outcome"],
                          "reason": row["reason"]})   # `env` holds exactly the ENVELOPE


def _rows_where(db: DbSession, column, values: list) -> list[OperationRow]:
    out = []
    for k in range(0, len(values), 500):
        out += db.scalars(select(OperationRow).where(bulk.in_ids(column)),
                          {"ids": values[k:k + 500]}).all()
    return out


def _seqs_taken(db: DbSession, envs: list[dict]) -> set[tuple[str, int]]:
    by_origin: dict[str, list[int]] = {}
    for env in envs:
        by_origin.setdefault(env["origin"], []).append(env["seq"])
    taken = set()
    for origin, seqs in by_origin.items():
        rows = db.execute(select(OperationRow.seq).where(
            OperationRow.origin == origin, OperationRow.seq >= min(seqs),
            OperationRow.seq <= max(seqs)))
        taken |= {(origin, r.seq) for r in rows}
    return taken


def _heads(db: DbSession, origins: set[str]) -> dict[str, tuple[int, str]]:
    rows = db.scalars(select(OriginHead).where(OriginHead.origin.in_(origins))
                      .order_by(OriginHead.origin).with_for_update()
                      .execution_options(populate_existing=True)).all()
    return {h.origin: (h.seq, h.hash) for h in rows}


def _set_head(db: DbSession, origin: str, seq: int, hash_: str) -> None:
    row = db.get(OriginHead, origin)
    if row is None:
        db.add(OriginHead(origin=origin, seq=seq, hash=hash_))
    else:
        row.seq, row.hash = seq, hash_


def _index_many(db: DbSession, batch: dict[str, Entry]) -> None:
    """The account index of the rows just stored (a reversal: its target's accounts)."""
    pairs = []
    for op_id, entry in batch.items():
        target = None
        if entry.kind == domain_op.REVERSE:
            target_id = entry.payload.get("target_op_id")
            found = batch.get(target_id) if isinstance(target_id, str) else None
            if found is None and isinstance(target_id, str):
                found = get(db, target_id)
            target = found.operation() if found is not None else None
        try:
            accounts = domain_op.accounts(entry.operation(), target) \
                if entry.kind == domain_op.REVERSE else entry.own_accounts()
        except (KeyError, TypeError):
            accounts = []
        pairs += [{"op_id": op_id, "account_kind": kind, "account_id": account_id}
                  for kind, account_id in accounts]
    if pairs:
        bulk.insert_rows(db, OperationAccount.__table__, pairs)


def set_outcomes(db: DbSession, outcomes: dict[str, tuple[str, str | None]]) -> None:
    """Record many outcomes at once: {op_id: (outcome, reason)} (one executemany)."""
    if outcomes:
        bulk.update_rows(db, OPERATION, ("op_id",), ("outcome", "reason"), [
            {"op_id": k, "outcome": o, "reason": r} for k, (o, r) in outcomes.items()])
        _expire_rows(db, outcomes)   # written around the ORM: reload what it holds


def _expire_rows(db: DbSession, op_ids) -> None:
    held = db.identity_map
    for op_id in op_ids if held else ():
        row = held.get(identity_key(OperationRow, (op_id,)))
        if row is not None:
            db.expire(row)


def _lock_origins(db: DbSession, origins: set[str]) -> None:
    """PostgreSQL: a transaction-scoped advisory lock per origin, in one order (two imports
    of one laptop's rows take turns; other laptops' imports do not wait). SQLite's writer
    lock (BEGIN IMMEDIATE) already serialises every write."""
    if origins and db.get_bind().dialect.name == "postgresql":
        for origin in sorted(origins):
            db.execute(text("SELECT pg_advisory_xact_lock(:space, hashtext(:origin))"),
                       {"space": _ORIGIN_LOCKS, "origin": origin})


_ORIGIN_LOCKS = 0x5B9D0001   # the advisory locks' first key: "an origin's rows"


_UNNUMBERED = "sbpdesk.feed_unnumbered"   # db.info: this transaction's rows to number


def _feed_head_now(db: DbSession) -> FeedHead | None:
    """SQLite: the feed head, to number rows as they are stored (the writer lock, BEGIN
    IMMEDIATE, already orders every writer; numbering later costs an UPDATE of every row,
    ≈ 3 % of an import). PostgreSQL: None, the rows are numbered at the commit."""
    if db.get_bind().dialect.name != "sqlite":
        return None
    return db.scalars(select(FeedHead).where(FeedHead.id == 1)
                      .execution_options(populate_existing=True)).one()


def _number_at_commit(db: DbSession, entries: Sequence[Entry]) -> None:
    db.info.setdefault(_UNNUMBERED, []).extend(entries)


def number_feed(db: DbSession) -> None:
    """Give the rows stored at the office in this transaction their feed numbers, in the
    order they were stored, under the feed-head lock: the caller commits next, so numbers
    follow commit order (a reader's cursor never passes a row that commits later with a
    smaller number) and the lock is held only from here to the commit, never while a
    transaction folds or waits for an account's lock (decision 0265). One UPDATE per run of
    consecutive seqs of an origin (an import's rows are one run)."""
    entries = db.info.pop(_UNNUMBERED, None)
    if not entries:
        return
    db.flush()
    feed_head = db.scalars(select(FeedHead).where(FeedHead.id == 1).with_for_update()
                           .execution_options(populate_existing=True)).one()
    last = feed_head.last_feed_no
    for origin, first, count in _runs(entries):
        done = db.execute(update(OperationRow).where(
            OperationRow.origin == origin, OperationRow.seq >= first,
            OperationRow.seq < first + count).values(feed_no=OperationRow.seq + (last + 1 - first))
            .execution_options(synchronize_session=False)).rowcount
        if done != count:   # a row stored, then undone by a savepoint: never a feed gap
            raise RuntimeError(f"feed numbering: {done} of {count} rows of {origin} from "
                               f"seq {first}")
        last += count
    feed_head.last_feed_no = last
    db.flush()
    _expire_rows(db, [e.op_id for e in entries])


def forget_feed(db: DbSession) -> None:
    """The transaction rolled back: its rows are gone, nothing to number."""
    db.info.pop(_UNNUMBERED, None)


def _runs(entries: Sequence[Entry]) -> list[tuple[str, int, int]]:
    """(origin, first seq, count) of each run of consecutive seqs, in the entries' order."""
    runs: list[list] = []
    for e in entries:
        if runs and runs[-1][0] == e.origin and runs[-1][1] + runs[-1][2] == e.seq:
            runs[-1][2] += 1
        else:
            runs.append([e.origin, e.seq, 1])
    return [tuple(r) for r in runs]


def release_held(db: DbSession, origin: str, *, feed: bool = False) -> list[Entry]:
    """Rows held for a gap that now chain from the head: join the chain (outcome still
    `held` until applied). Returns them in seq order."""
    origin_head = head(db, origin, lock=True)
    released = []
    now = _feed_head_now(db) if feed else None
    while origin_head is not None:
        row = db.scalars(select(OperationRow).where(
            OperationRow.origin == origin, OperationRow.seq == origin_head.seq + 1)).one_or_none()
        if row is None or row.prev_hash != origin_head.hash:
            break
        row.reason = None
        if now is not None and row.feed_no is None:
            now.last_feed_no += 1
            row.feed_no = now.last_feed_no
        origin_head.seq, origin_head.hash = row.seq, row.hash
        released.append(row)
    db.flush()
    entries = [to_entry(r) for r in released]
    if feed:
        _number_at_commit(db, [e for e in entries if e.feed_no is None])
    return entries


def set_outcome(db: DbSession, op_id: str, outcome: str, reason: str | None = None) -> None:
    db.execute(update(OperationRow).where(OperationRow.op_id == op_id)
               .values(outcome=outcome, reason=reason))


def _insert(db: DbSession, env: dict[str, Any], data: bytes, *, outcome: str, feed: bool,
            reason: str | None = None) -> OperationRow:
    row = OperationRow(op_id=env["op_id"], origin=env["origin"], seq=env["seq"],
                       kind=env["kind"], kind_version=env["kind_version"], payload=data,
                       business_date=dt.date.fromisoformat(env["business_date"]),
                       session_id=env["session_id"], actor=env["actor"],
                       approved_by=env["approved_by"], rules_version=env["rules_version"],
                       recorded_at=env["recorded_at"], prev_hash=env["prev_hash"],
                       hash=env["hash"], outcome=outcome, reason=reason, feed_no=None)
    now = _feed_head_now(db) if feed else None
    if now is not None:
        now.last_feed_no += 1
        row.feed_no = now.last_feed_no
    db.add(row)
    db.flush()
    entry = to_entry(row)
    _index_accounts(db, entry)
    if feed and now is None:
        _number_at_commit(db, [entry])
    return row


def _index_accounts(db: DbSession, entry: Entry) -> None:
    target = None
    if entry.kind == domain_op.REVERSE:
        target_row = db.get(OperationRow, entry.payload.get("target_op_id"))
        target = to_entry(target_row).operation() if target_row is not None else None
    try:
        pairs = domain_op.accounts(entry.operation(), target)
    except (KeyError, TypeError):
        pairs = []  # a malformed payload touches no account; apply will say why
    for account_kind, account_id in pairs:
        db.add(OperationAccount(op_id=entry.op_id, account_kind=account_kind,
                                account_id=account_id))


# --- reading and checking -------------------------------------------------------------------

def get(db: DbSession, op_id: str) -> Entry | None:
    row = db.get(OperationRow, op_id)
    return to_entry(row) if row is not None else None


def order_keys(db: DbSession, op_ids: list[str]) -> dict[str, tuple]:
    """`operation.order_key` of stored operations by id, without loading their payloads."""
    cols = (OperationRow.op_id, OperationRow.origin, OperationRow.seq, OperationRow.kind,
            OperationRow.kind_version, OperationRow.business_date)
    out = {}
    for k in range(0, len(op_ids), 500):
        for r in db.execute(select(*cols).where(bulk.in_ids(OperationRow.op_id)),
                            {"ids": op_ids[k:k + 500]}):
            out[r.op_id] = domain_op.order_key(domain_op.Operation(
                r.op_id, r.origin, r.seq, r.kind, r.kind_version, {}, r.business_date))
    return out


def account_entries(db: DbSession, account_kind: str, account_id: str) -> list[Entry]:
    """Every applied (or suspense) operation touching an account, in no particular order."""
    rows = db.scalars(select(OperationRow).join(
        OperationAccount, OperationAccount.op_id == OperationRow.op_id).where(
        OperationAccount.account_kind == account_kind,
        OperationAccount.account_id == account_id,
        OperationRow.outcome.in_(("applied", "suspense"))))
    return [to_entry(r) for r in rows]
