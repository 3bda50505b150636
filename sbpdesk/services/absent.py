"""Keys known not to exist while a bulk post runs (`opening.post_many`: a seed's tens of
thousands of new households, persons and accounts). A check that a row does not exist yet is
one `Session.get` per row — a query each, since the identity map cannot remember a miss. The
bulk path asks once per kind of key which of its payloads' keys exist and records the others
here; the deciders' and appliers' checks go through `exists` and `add`, which answer from
those sets while they hold and ask the database otherwise, so one decider serves a single
post and a bulk one alike.

A key: a model's primary key (`Household`, "h1"; `AccountSnapshot`, ("loan", "l1")) or a
unique value named by (model, column) (`(Household, "customer_code")`, "6800000001").
"""
from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from sbpdesk.services.context import Book


@contextmanager
def known(book: Book, absent: dict[Any, set]) -> Iterator[None]:
    """While the block runs, the keys in `absent` (by model or (model, column)) are known not
    to exist. Nested blocks see the innermost sets."""
    before = getattr(book, "_absent", None)
    book._absent = absent
    try:
        yield
    finally:
        book._absent = before


@contextmanager
def keep(book: Book) -> Iterator[list[Any]]:
    """While the block runs, the rows `add` adds are held (the session holds a clean row only
    by weak reference): a seed's later stages find the households and persons it made in
    the identity map instead of loading them again."""
    before = getattr(book, "_kept", None)
    book._kept = kept = before if before is not None else []
    try:
        yield kept
    finally:
        book._kept = before


def is_absent(book: Book, what: Any, key: Hashable) -> bool:
    """Whether `key` is known not to exist (False: unknown, ask the database)."""
    absent = getattr(book, "_absent", None)
    return absent is not None and key in absent.get(what, ())


def exists(book: Book, model: type, key: Hashable) -> bool:
    """Whether the row of `model` with primary key `key` exists."""
    if is_absent(book, model, key):
        return False
    return book.db.get(model, key) is not None


def add(book: Book, row: Any, key: Hashable) -> None:
    """Store a new or replayed row: added (no lookup) when its key is known absent — then no
    longer — else merged, as every applier that may run twice for one row does."""
    absent = getattr(book, "_absent", None)
    keys = absent.get(type(row)) if absent is not None else None
    if keys is not None and key in keys:
        keys.discard(key)
        book.db.add(row)
        kept = getattr(book, "_kept", None)
        if kept is not None:
            kept.append(row)
    else:
        book.db.merge(row)
