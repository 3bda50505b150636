"""Projections rebuilt from the journal when a release changes what the journal folds to
(decision 0105).

The journal is the book; account snapshots are its projection under the program's fold and
shipped reference tables. A release that changes either (issue 13: the 2025-2026 rate table
on existing contracts, rounding when billed, overdue per instalment and per session)
would leave the snapshots of older books stale, and `check --replay` would rightly call them
different. So `open_book` re-folds every account once per `FOLD_VERSION`, in one
transaction, and keeps what changed — each account's fields before and after — in the book
(`changes`), so figures printed before the upgrade can be explained from it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot, BookSetting
from sbpdesk.domain.canonical import from_json
from sbpdesk.services import check, fold, posting
from sbpdesk.services.context import Book

# Bump when the fold or the shipped reference tables change what a journal folds to.
FOLD_VERSION = "2026-1"
KEY = "fold_version"
RECORD = "refold:"          # + version: JSON of the re-fold's changes
_NESTED = ("instalments", "suspense_entries", "movements")


@dataclass(frozen=True)
class Change:
    account_kind: str
    account_id: str
    fields: dict        # field → [before, after]; nested lists only say "changed"


@dataclass(frozen=True)
class Refold:
    version: str
    on: str             # the day it ran (Vietnam)
    replayed: int
    changes: tuple[Change, ...]


def mark_current(book: Book) -> None:
    """A new book folds under this release from its first operation (inside a transaction)."""
    book.set_setting(KEY, FOLD_VERSION)


def refold_if_needed(book: Book) -> Refold | None:
    """Re-fold every account if the book's projections predate FOLD_VERSION."""
    if book.setting(KEY) == FOLD_VERSION:
        return None
    with book.transaction():
        book.reload_settings()      # another desktop of the office may have done it
        if book.setting(KEY) == FOLD_VERSION:
            return None
        result = _refold(book)
        book.set_setting(RECORD + FOLD_VERSION, json.dumps(_plain(result), ensure_ascii=False,
                                                           sort_keys=True))
        book.set_setting(KEY, FOLD_VERSION)
    return result


def _refold(book: Book) -> Refold:
    t = AccountSnapshot.__table__
    stored = {(k, i): s for k, i, s in book.db.connection().execute(
        select(t.c.account_kind, t.c.account_id, t.c.state))}
    stale, replayed = [], 0
    for pair, ops in check.account_operations(book):
        kind = posting.account_kind(pair[0])
        if kind is None:
            continue
        state = kind.replay(ops, book.refs)
        replayed += 1
        now = kind.snapshot(state)[0] if state is not None else None
        if now != stored.get(pair):
            stale.append((pair, now))
    changes = tuple(Change(pair[0], pair[1], _diff(stored.get(pair), now))
                    for pair, now in stale)
    if stale:
        pairs = [pair for pair, _ in stale]
        snaps = posting.load_snapshots(book, pairs, lock=True)
        folded = {pair: fold._replay(book, pair) for pair in pairs}
        fold._write_snapshots(book, folded, snaps)
        fold._project(book, folded)
    return Refold(FOLD_VERSION, book.today().isoformat(), replayed, changes)


def _diff(before: bytes | None, after: bytes | None) -> dict:
    old = from_json(before) if before else {}
    new = from_json(after) if after else {}
    out = {}
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a != b:
            out[name] = "changed" if name in _NESTED else [a, b]
    return out


def _plain(r: Refold) -> dict:
    return {"version": r.version, "on": r.on, "replayed": r.replayed,
            "changes": [[c.account_kind, c.account_id, c.fields] for c in r.changes]}


def history(book: Book) -> list[Refold]:
    """Every re-fold this book went through, oldest first."""
    out = []
    for row in book.db.scalars(select(BookSetting).where(
            BookSetting.key.like(RECORD + "%")).order_by(BookSetting.key)):
        d = json.loads(row.value)
        out.append(Refold(d["version"], d["on"], d["replayed"], tuple(
            Change(k, i, f) for k, i, f in d["changes"])))
    return out
