"""Export and import of bundles between a laptop and its office (star topology).

Two one-number acknowledgements (ARCHITECTURE.md, "Bundles"):
- a laptop sends every own operation above the office's acknowledgement (`ack` row of the
  office: the highest laptop seq the office has stored), ordered by seq, with its own
  acknowledgement: its feed cursor, the highest office `feed_no` up to which it holds every
  row the office meant for it;
- the office sends a device every stored row above the device's acknowledgement that touches
  the device's points and is not its own (reference data and users go to every device), with
  its own acknowledgement: the head of the device's chain.

`import_bundle` refuses a whole bundle only for what `bundle.read_bundle` checks (nothing is
changed: SyncError); otherwise it stores every operation exactly as received and gives each
its outcome — `applied`, `suspense`, `duplicate`, `held` (a gap, an unknown kind/version, or
an operation whose subject has not arrived), `fork` (a known seq with another hash: the office
freezes that origin, keeps the forked envelopes for review and takes nothing more from it),
`rejected` (malformed, forged, op_id reused, or an office-only kind from a laptop). Rows held
for a gap are released and applied when the gap is filled. Importing a bundle again changes
nothing. Office rows reach a laptop through a filtered feed: each office bundle covers a span
of feed numbers (its manifest `range`: from the device's acknowledgement + 1 to the feed
head), so a laptop that imports bundles out of order holds the later span until the earlier
one arrives (decision 0021).

The office's verdict on a laptop's own operations travels back sealed in every office bundle
(decision 0022): `office_verdicts` lists each of the device's operations the office did not
plainly apply (suspense, rejected, held, fork) and the bundle's `ack` says every other one up
to it was applied; the laptop records them in `operation.office_outcome`/`office_reason` of
its own rows (`outcome` stays what applying them locally gave).
"""
from __future__ import annotations

import gc
import math
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import literal_column, select, update

from sbpdesk.db.models import (
    AccountSnapshot,
    Ack,
    BookSetting,
    Device,
    OperationAccount,
    Point,
)
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.domain.canonical import canonical_json, from_json, state_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import auth, identities, journal, posting, schema, scope
from sbpdesk.services.context import Book, app_version
from sbpdesk.services.journal import Entry

from . import applying, feed, office_view
from .bundle import (
    VERDICT_OUTCOMES,
    Manifest,
    SenderInfo,
    inspect_bundle,
    read_bundle,
    write_bundle,
)
from .errors import enrol_error
from .keys import BookKeys

OUTCOMES = ("applied", "duplicate", "suspense", "rejected", "held", "fork")
FROZEN_PREFIX = "frozen:"
CURSOR_KEY, SPANS_KEY, SALVAGE_KEY = "sync.feed_cursor", "sync.feed_spans", "sync.salvage"
# On a laptop: [as_of, ack] of the newest office verdict statement recorded (decision 0022).
VERDICTS_KEY = "sync.verdicts_as_of"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
# Written as a literal so that the planner can use the partial index on held rows (0004).
HELD = OperationRow.outcome == literal_column("'held'")

__all__ = ["ExportResult", "apply_office_rows", "export_bundle", "feed_cursor", "frozen_origins",
           "import_bundle", "inspect", "office_verdicts", "set_feed_cursor"]


def _err(code: str, vi: str, en: str) -> DomainError:
    return DomainError(code, vi, en)


# ---------------------------------------------------------------- acknowledgements

def _ack(book: Book, peer: str) -> int:
    row = book.db.get(Ack, peer)
    return row.highest if row is not None else 0


def _record_ack(book: Book, peer: str, value: int) -> None:
    row = book.db.get(Ack, peer)
    if row is None:
        book.db.add(Ack(peer=peer, highest=value))
    elif value > row.highest:
        row.highest = value


def feed_cursor(book: Book) -> int:
    return int(book.setting(CURSOR_KEY, "0") or 0)


def set_feed_cursor(book: Book, value: int) -> None:
    if value > feed_cursor(book):
        book.set_setting(CURSOR_KEY, str(value))


def _spans(book: Book) -> list[list[int]]:
    return from_json(book.setting(SPANS_KEY, "[]") or "[]")


def _advance_cursor(book: Book, span: tuple[int, int] | None) -> int:
    """Record a received span and move the cursor over every contiguous one."""
    cursor = feed_cursor(book)
    spans = _spans(book)
    if span is not None and span[1] > cursor and list(span) not in spans:
        spans.append(list(span))
    moved = True
    while moved:
        moved = False
        for s in sorted(spans):
            if s[0] <= cursor + 1:
                cursor = max(cursor, s[1])
                spans.remove(s)
                moved = True
    if canonical_json(sorted(spans)) != canonical_json(_spans(book)):
        book.set_setting(SPANS_KEY, canonical_json(sorted(spans)).decode("utf-8"))
    set_feed_cursor(book, cursor)
    return cursor


# ---------------------------------------------------------------- export

@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: Manifest

    def to_dict(self) -> dict[str, Any]:
        m = self.manifest
        return {"bundle": str(self.path), "from": m.sender, "to": m.recipient,
                "range": None if m.range is None else {"first": m.range[0], "last": m.range[1]},
                "op_count": m.op_count, "ack": m.ack, "totals": m.totals, "demo": m.demo}


def _kinds() -> dict[str, list[int]]:
    posting.load_subjects()
    return {k: list(range(1, posting.VERSIONS.get(k, 1) + 1))
            for k in sorted(posting.KINDS) if k in posting.APPLIERS}


def _device_for(book: Book, to: str) -> Device:
    if to.startswith("point:"):
        point = book.db.get(Point, to[6:])
        if point is None or not point.lease_device_id:
            raise _err("no_lease_holder", f"Điểm {to[6:]} chưa có máy giữ quyền.",
                       f"Point {to[6:]} has no lease holder.")
        to = "device:" + point.lease_device_id
    if not to.startswith("device:"):
        raise _err("bad_recipient", "Nơi nhận phải là point:MÃ hoặc device:MÃ.",
                   "The recipient must be point:CODE or device:ID.")
    device = book.db.get(Device, to[7:])
    if device is None or not device.seal_key:
        raise enrol_error("unknown_device", device=to[7:])
    return device


def export_bundle(book: Book, keys: BookKeys, to: str,
                  out: str | os.PathLike[str]) -> ExportResult:
    """Write the next bundle for `to` ("office" on a laptop; "point:CODE" or "device:ID" at
    the office). `out` is a file ending in `.sbpbundle`, or a folder (made if missing) that
    gets the standard file name."""
    if book.is_office:
        device = _device_for(book, to)
        since = _ack(book, device.id)
        entries, feed_head = feed.select_feed(book, device.id, since)
        origin_head = journal.head(book.db, device.id)
        ack = origin_head.seq if origin_head is not None else 0
        verdicts, lockouts = office_verdicts(book, device.id, as_of=feed_head), None
        envelopes = [feed.envelope(e) for e in entries]
        rng = (since + 1, max(feed_head, since + 1)) if envelopes else None
        recipient, seal_key = device.id, device.seal_key
    else:
        if to != "office":
            raise _err("bad_recipient", "Máy điểm chỉ gửi gói cho phòng giao dịch (--to office).",
                       "A point laptop sends bundles only to its office (--to office).")
        if not book.origin:
            raise enrol_error("keys_missing")
        office = book.db.get(Device, book.office_code or "")
        if office is None:
            raise enrol_error("keys_missing")
        since = _ack(book, office.id)
        rows = book.db.scalars(select(OperationRow).where(
            OperationRow.origin == book.origin, OperationRow.seq > since)
            .order_by(OperationRow.seq))
        envelopes = [journal.to_entry(r).envelope() for r in rows]
        ack = feed_cursor(book)
        verdicts, lockouts = None, auth.lockout_events(book.db)   # decision 0201
        rng = (envelopes[0]["seq"], envelopes[-1]["seq"]) if envelopes else None
        recipient, seal_key = office.id, office.seal_key
    book.end_read()
    manifest = write_bundle(out, sender_keys=keys, sender_id=book.origin,
                            recipient_id=recipient, recipient_seal_pub=seal_key,
                            ops=envelopes, ack=ack, demo=book.demo, app_version=app_version(),
                            kinds=_kinds(), range=rng, verdicts=verdicts, lockouts=lockouts)
    path = Path(out)
    if path.is_dir():
        path = path / manifest.file_name
    return ExportResult(path, manifest)


def inspect(path: str | os.PathLike[str]) -> dict[str, Any]:
    return inspect_bundle(path)


# ---------------------------------------------------------------- the office's verdicts

def office_verdicts(book: Book, device_id: str, *, as_of: int) -> dict[str, Any]:
    """The office's statement on the device's own operations (docs/bundle-format.md §5): every
    stored row of the device not plainly applied, every forked envelope kept for review, and
    the hash of the device's chain head (what the bundle's `ack` acknowledges), so the laptop
    can tell that "everything else up to ack was applied" speaks of its own rows. Complete
    each time: the laptop replaces what an earlier statement said."""
    head = journal.head(book.db, device_id)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.origin == device_id, OperationRow.outcome.in_(sorted(VERDICT_OUTCOMES))))
    rows = rows.all()
    why = _suspense_reasons(book, [r.op_id for r in rows if r.outcome == "suspense"])
    for r in rows:
        found[(r.op_id, r.hash)] = {"op_id": r.op_id, "seq": r.seq, "hash": r.hash,
                                    "outcome": r.outcome,
                                    "reason": why.get(r.op_id) or r.reason}
    for f in (_frozen(book, device_id) or {}).get("forks", []):
        op_id, seq, hash_ = f.get("op_id"), f.get("seq"), f.get("hash")
        if isinstance(op_id, str) and op_id and type(seq) is int and seq >= 0 \
                and isinstance(hash_, str) and _HEX64.match(hash_):
            reason = f.get("reason")
            found.setdefault((op_id, hash_), {
                "op_id": op_id, "seq": seq, "hash": hash_, "outcome": "fork",
                "reason": reason if isinstance(reason, str) else None})
    ops = sorted(found.values(), key=lambda v: (v["seq"], v["op_id"], v["hash"]))
    ack_hash = head.hash if head is not None and head.seq > 0 else None
    return {"as_of": as_of, "ack_hash": ack_hash, "ops": ops}


def _suspense_reasons(book: Book, op_ids: list[str]) -> dict[str, str]:
    """Why each operation's cash went to suspense, from its accounts' suspense entries (the
    row itself records only the outcome): the entries' reasons, in order, joined by commas,
    e.g. "loan_written_off" or "interest_excess,principal_excess"."""
    if not op_ids:
        return {}
    wanted = set(op_ids)
    accounts: set[tuple[str, str]] = set()
    for k in range(0, len(op_ids), 500):
        accounts |= {(a.account_kind, a.account_id) for a in book.db.scalars(
            select(OperationAccount).where(OperationAccount.op_id.in_(op_ids[k:k + 500])))}
    reasons: dict[str, list[str]] = {}
    ordered = sorted(accounts)
    for k in range(0, len(ordered), 500):
        part = ordered[k:k + 500]
        for snap in book.db.scalars(select(AccountSnapshot).where(
                AccountSnapshot.account_id.in_({a for _, a in part}))):
            if (snap.account_kind, snap.account_id) not in accounts:
                continue
            for item in from_json(snap.state).get("suspense_entries") or []:
                op_id, reason = item.get("op_id"), item.get("reason")
                if op_id in wanted and isinstance(reason, str) \
                        and reason not in reasons.setdefault(op_id, []):
                    reasons[op_id].append(reason)
    return {op_id: ",".join(r) for op_id, r in reasons.items() if r}


def _record_verdicts(book: Book, m: Manifest, verdicts: Mapping[str, Any] | None
                     ) -> list[dict[str, Any]] | None:
    """Record the office's statement on this laptop's own rows. Each statement is complete, so
    it replaces the previous one, unless it is older ((as_of, ack) below the newest recorded:
    a bundle imported out of order), in which case it is ignored and None returned. Returns
    the listed verdicts that matched a row of ours (same op_id, seq and hash)."""
    if verdicts is None:
        return []
    mark = [verdicts["as_of"], m.ack]
    if mark < from_json(book.setting(VERDICTS_KEY, "[0,0]") or "[0,0]"):
        return None
    db, origin = book.db, book.origin
    own = OperationRow.origin == origin
    at_ack = db.scalars(select(OperationRow.hash).where(own, OperationRow.seq == m.ack)
                        ).one_or_none() if m.ack else None
    # The range statement speaks of our rows only if our row at `ack` is the one the office
    # holds (a copied or restored book may hold others under the same numbers).
    if m.ack and at_ack == verdicts["ack_hash"]:
        db.execute(update(OperationRow).where(own, OperationRow.seq <= m.ack).values(
            office_outcome="applied", office_reason=None))
        db.execute(update(OperationRow).where(
            own, OperationRow.seq > m.ack, OperationRow.office_outcome.is_not(None)).values(
            office_outcome=None, office_reason=None))
    matched = []
    for v in verdicts["ops"]:
        done = db.execute(update(OperationRow).where(
            own, OperationRow.op_id == v["op_id"], OperationRow.seq == v["seq"],
            OperationRow.hash == v["hash"]).values(
            office_outcome=v["outcome"], office_reason=v["reason"]))
        if done.rowcount:
            matched.append({"op_id": v["op_id"], "outcome": v["outcome"],
                            "reason": v["reason"]})
    book.set_setting(VERDICTS_KEY, canonical_json(mark).decode("utf-8"))
    return matched


# ---------------------------------------------------------------- import

def _senders(book: Book):
    def lookup(sender: str) -> SenderInfo | None:
        if not book.is_office and sender != book.office_code:
            return None   # star: a laptop hears only from its office
        if book.is_office and sender == book.origin:
            return None
        device = book.db.get(Device, sender)
        if device is None or not device.sign_key:
            return None
        return SenderInfo(device.sign_key, revoked=device.revoked_last_seq is not None)
    return lookup


def _result(env: Mapping[str, Any], outcome: str, reason: str | None) -> dict[str, Any]:
    op_id = env.get("op_id") if isinstance(env, Mapping) else None
    return {"op_id": op_id if isinstance(op_id, str) else None, "outcome": outcome,
            "reason": reason}


_FED = frozenset(journal.ENVELOPE) | {"feed_no"}   # a feed row: the envelope and its number
_apply = applying.apply_one
_APPLY_ERRORS = applying.APPLY_ERRORS


def import_bundle(book: Book, keys: BookKeys, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Verify, store and apply a bundle; the report of ARCHITECTURE.md "Bundles"."""
    with gc_paused():
        return _import(book, keys, path)


@contextmanager
def gc_paused() -> Iterator[None]:
    """An import allocates hundreds of thousands of short-lived objects; the collector's
    passes over the book's long-lived ones cost a fifth of it. Cycles wait until it ends
    (the demo's build pauses it too, decision 0226)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _import(book: Book, keys: BookKeys, path: str | os.PathLike[str]) -> dict[str, Any]:
    opened = read_bundle(path, my_id=book.origin, my_seal_priv=keys.seal_priv,
                         known_senders=_senders(book), accept_demo=book.demo)
    m = opened.manifest
    with book.transaction():
        with posting.batch(book) as in_suspense:   # each account folded once, at the end
            if book.is_office:
                results, released = _import_at_office(book, m.sender, opened.ops,
                                                      opened.lines)
                # after the sender's head lock: two imports of one laptop note in turn
                office_view.note_contact(book, m.sender, Path(path).name)
                if opened.lockouts:   # the laptop's sign-in lock-outs (decision 0201)
                    auth.record_device_lockouts(book.db, m.sender, opened.lockouts)
            else:
                results, released = _import_at_laptop(book, m, opened.ops)
                verdicts = _record_verdicts(book, m, opened.verdicts)
            _record_ack(book, m.sender, m.ack)
            _retry_held(book, released)
        for r in (*results, *released):   # the folds ran when the batch ended
            if r.get("outcome") == "applied" and r.get("op_id") in in_suspense:
                r["outcome"] = "suspense"
    counts = dict.fromkeys(OUTCOMES, 0)
    for r in results:
        counts[r["outcome"]] += 1
    report = {"bundle": Path(path).name, "from": m.sender, "to": m.recipient,
              "counts": counts, "ops": results, "released": released, "ack": m.ack}
    if not book.is_office:
        report["feed_cursor"] = feed_cursor(book)
        if book.setting(SALVAGE_KEY) == "1":
            report["salvage"] = True
        # The office's verdicts on our operations it did not plainly apply (None: an older
        # statement than one already recorded, ignored).
        report["verdicts"] = verdicts
    return report


def _import_at_office(book: Book, sender: str, ops: Sequence[dict[str, Any]],
                      lines: Sequence[bytes]) -> tuple[list[dict], list[dict]]:
    results: list[dict | None] = [None] * len(ops)
    fresh = []
    for i, env in enumerate(ops):
        if env.get("origin") != sender:
            results[i] = _result(env, "rejected", "not_sender_origin")
        elif _frozen(book, sender) is not None:
            known = journal.get(book.db, env.get("op_id")) if isinstance(
                env.get("op_id"), str) else None
            if known is not None and known.hash == env.get("hash"):
                results[i] = _result(env, "duplicate", None)
            else:
                _record_fork(book, sender, env, "origin_frozen")
                results[i] = _result(env, "fork", "origin_frozen")
        else:
            fresh.append(i)
    received = journal.store_received_many(book.db, [ops[i] for i in fresh], feed=True,
                                           lines=[lines[i] for i in fresh], applying=True)
    outcomes: dict[str, tuple[str, str | None]] = {}
    points = scope.device_points(book, sender)
    for i, rec in zip(fresh, received, strict=True):
        env = ops[i]
        if rec.status == "stored":
            results[i] = _result(env, *_apply_or_reject(book, rec.entry, points, outcomes))
        elif rec.status == "fork":
            _record_fork(book, sender, env, rec.reason or "fork")
            results[i] = _result(env, "fork", rec.reason)
        else:
            results[i] = _result(env, rec.status, rec.reason)
    journal.set_outcomes(book.db, {k: v for k, v in outcomes.items() if v[0] != "applied"})
    released = []
    for entry in journal.release_held(book.db, sender, feed=True):
        released.append(_result(entry.envelope(), *_apply_or_reject(book, entry, points, None)))
    return [r for r in results if r is not None], released


def _apply_or_reject(book: Book, entry: Entry, points: set[str] | None,
                     outcomes: dict[str, tuple[str, str | None]] | None
                     ) -> tuple[str, str | None]:
    """A laptop may not author office decisions, reverse them, nor touch another point's
    accounts: such a row is stored but rejected (review lists it, the verdict goes back)."""
    refusal = scope.import_refusal(book, entry, points)   # authority and scope (0136)
    problem = (schema.payload_problem(entry.kind, entry.payload)
               or identities.import_problem(book, entry.kind, entry.payload))
    if refusal is not None:
        result = ("rejected", refusal)
    elif problem is not None:
        result = ("rejected", problem)
    else:
        result = _apply(book, entry, record=outcomes is None)
    if outcomes is not None:
        outcomes[entry.op_id] = result
    elif result[0] == "rejected":
        journal.set_outcome(book.db, entry.op_id, *result)
    return result


def apply_office_rows(book: Book, ops: Sequence[dict[str, Any]],
                      span: tuple[int, int] | None, *, canonical: bool = False
                      ) -> list[dict[str, Any]]:
    """Store rows of the office feed as received and apply them in feed order; rows of a span
    beyond the cursor wait (`held`, "feed_gap") until the spans before it arrive.
    `canonical`: the rows were parsed from one canonical JSON document (an enrolment pack),
    so each row's plain dump is its canonical line, stored and hashed as it is."""
    gap = span is not None and span[0] > feed_cursor(book) + 1
    results: list[dict | None] = [None] * len(ops)
    fresh = []
    for i, env in enumerate(ops):
        feed_no = env.get("feed_no")
        if not isinstance(feed_no, int) or isinstance(feed_no, bool) or feed_no < 1:
            results[i] = _result(env, "rejected", "bad_field:feed_no")
        else:
            fresh.append(i)
    envelopes, lines = [ops[i] for i in fresh], None
    if canonical and all(isinstance(e, dict) and e.keys() == _FED for e in envelopes):
        envelopes = [{k: e[k] for k in journal.ENVELOPE} for e in envelopes]
        lines = [state_json(e) for e in envelopes]
    received = journal.store_received_many(
        book.db, envelopes, partial=True, lines=lines,
        feed_nos={ops[i].get("op_id"): ops[i]["feed_no"] for i in fresh})
    stored = [(i, rec) for i, rec in zip(fresh, received, strict=True)
              if rec.status == "stored"]
    for i, rec in zip(fresh, received, strict=True):
        if rec.status != "stored":
            results[i] = _result(ops[i], rec.status, rec.reason)
    applied = ([("held", "feed_gap")] * len(stored) if gap else
               applying.apply_many(book, [rec.entry for _, rec in stored]))
    outcomes: dict[str, tuple[str, str | None]] = {}
    for (i, rec), result in zip(stored, applied, strict=True):
        outcomes[rec.entry.op_id] = result
        results[i] = _result(ops[i], *result)
    journal.set_outcomes(book.db, outcomes)
    results = [r for r in results if r is not None]
    before = feed_cursor(book)
    cursor = _advance_cursor(book, span)
    if cursor > before:
        waiting = book.db.scalars(select(OperationRow).where(
            HELD, OperationRow.reason == "feed_gap",
            OperationRow.feed_no <= cursor).order_by(OperationRow.feed_no)).all()
        for row in waiting:
            outcome, reason = _apply(book, journal.to_entry(row))
            for r in results:
                if r["op_id"] == row.op_id:
                    r.update(outcome=outcome, reason=reason)
    return results


def _import_at_laptop(book: Book, m: Manifest, ops: Sequence[dict[str, Any]]
                      ) -> tuple[list[dict], list[dict]]:
    results = apply_office_rows(book, ops, m.range)
    own = journal.head(book.db, book.origin)
    if own is not None and m.ack > own.seq:
        # The office holds more of our operations than we do: this book is a restored
        # backup or a copy. It may still export, then must enrol again.
        book.set_setting(SALVAGE_KEY, "1")
    return results, []


def _retry_held(book: Book, released: list[dict]) -> None:
    """Rows held because their subject had not arrived yet, or because this program could
    not apply their kind or version before an upgrade: try again, canonical order."""
    rows = [r for r in book.db.scalars(select(OperationRow).where(
        HELD, OperationRow.reason.like("apply:%") | (OperationRow.reason == "kind_version")))
        if r.reason != "kind_version" or _can_apply(r.kind, r.kind_version)]
    entries = sorted((journal.to_entry(r) for r in rows),
                     key=lambda e: (e.operation().business_date, _feed_order(e), e.origin,
                                    e.seq))
    for entry in entries:
        outcome, reason = _apply(book, entry)
        if outcome != "held":
            released.append({"op_id": entry.op_id, "outcome": outcome, "reason": reason})


def _feed_order(entry: Entry) -> float:
    """This transaction's rows are numbered at its end, after every row numbered (0265)."""
    return entry.feed_no if entry.feed_no is not None else math.inf


def _can_apply(kind: str, version: int) -> bool:
    return kind in posting.APPLIERS and version <= posting.VERSIONS.get(kind, 0)


# ---------------------------------------------------------------- forks

def _frozen(book: Book, origin: str) -> dict[str, Any] | None:
    text = book.setting(FROZEN_PREFIX + origin)
    return from_json(text) if text else None


def _record_fork(book: Book, origin: str, env: Mapping[str, Any], reason: str) -> None:
    record = _frozen(book, origin) or {"origin": origin, "forks": []}
    if any(f.get("op_id") == env.get("op_id") and f.get("hash") == env.get("hash")
           for f in record["forks"]):
        return
    stored = None
    if isinstance(env.get("seq"), int):
        stored = book.db.scalars(select(OperationRow).where(
            OperationRow.origin == origin, OperationRow.seq == env["seq"])).one_or_none()
    record["forks"].append({**{k: env.get(k) for k in journal.ENVELOPE},
                            "reason": reason,
                            "stored_op_id": stored.op_id if stored is not None else None,
                            "stored_hash": stored.hash if stored is not None else None})
    book.set_setting(FROZEN_PREFIX + origin, canonical_json(record).decode("utf-8"))


def frozen_origins(book: Book) -> list[dict[str, Any]]:
    rows = book.db.scalars(select(BookSetting).where(
        BookSetting.key.like(FROZEN_PREFIX + "%")).order_by(BookSetting.key)).all()
    return [from_json(r.value) for r in rows]
