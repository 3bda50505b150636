"""Encryption at rest: unlocking a book by a sign-in, keeping every user's copy of its key,
and encrypting an existing plain book (docs/decisions/0200-encryption-at-rest-sqlcipher.md).

`unlock` runs before the book can be opened: the user's copy in the key file is opened with
the typed password (one argon2id run), with the sign-in's lock-out counted in the key file
(the book cannot record it yet). `install` keeps the key file in step with the book's users
after every commit that changed one: each active user has one copy, made from their current
password hash (a new user, a new password, a user deactivated — all by `user.set`, typed at
the office or received by sync), so the old password stops opening the book as soon as the
new hash is in it. `services/encryption.py` turns a plain SQLite book into an encrypted one.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from sqlalchemy import event, select

from sbpdesk import paths
from sbpdesk.db import cipher
from sbpdesk.db.engine import sqlite_file
from sbpdesk.db.models import AppUser
from sbpdesk.services import auth

log = logging.getLogger("sbpdesk.atrest")


def book_file(data_dir: str | os.PathLike) -> Path:
    return paths.book_path(Path(data_dir))


def is_encrypted(data_dir: str | os.PathLike) -> bool:
    return cipher.is_encrypted(book_file(data_dir))


def locked(data_dir: str | os.PathLike) -> bool:
    """An encrypted book whose key this process does not hold yet."""
    file = book_file(data_dir)
    return cipher.is_encrypted(file) and cipher.key_for(file) is None


def unlock(file: str | os.PathLike, username: str, password: str,
           now: dt.datetime | None = None) -> None:
    """Open `username`'s copy of the book key of `file` (a book or a backup with its key
    file) with `password`, and keep the key for this process. Wrong password: `login_failed`
    (counted in the key file); too many: `locked_out`, as a sign-in's (auth.FREE_TRIES)."""
    now = now or dt.datetime.now(dt.UTC)
    name = (username or "").strip().lower()
    doc = cipher.read_keys(file)
    where = cipher.slot(doc["book"], name)
    held = doc["failures"].get(where) or {}
    until = held.get("until")
    auth.check_until(name, dt.datetime.fromisoformat(until) if until else None, now)
    entry = doc["users"].get(where)
    key = cipher.unwrap(entry, doc["book"], name, password or "") if entry else None
    if key is None:
        if entry is not None:   # unknown names are not recorded (same message for both)
            n = int(held.get("n", 0)) + 1
            lock = auth.lock_until(n, now)
            doc["failures"][where] = {"n": n, "until": lock.isoformat() if lock else None}
            cipher.write_keys(file, doc)
        raise auth.login_failed()
    if where in doc["failures"]:
        del doc["failures"][where]
        cipher.write_keys(file, doc)
    cipher.remember(doc["book"], key)


def copies_for(doc: dict, key: bytes, users: list[tuple[str, str, bool]]) -> dict:
    """The `users` part of a key file for (username, password hash, active) rows: a copy
    already made for a user's current hash is kept, others are made anew, inactive and
    vanished users have none."""
    copies = {}
    for name, password_hash, active in users:
        if not active or not password_hash.startswith("$argon2id$"):
            continue
        where = cipher.slot(doc["book"], name)
        entry = doc["users"].get(where)
        copies[where] = entry if cipher.current_for(entry, password_hash) else \
            cipher.wrap_for(key, doc["book"], name, password_hash)
    return copies


def users_of(conn) -> list[tuple[str, str, bool]]:
    rows = conn.execute(select(AppUser.username, AppUser.password_hash, AppUser.active))
    return [(r.username, r.password_hash, bool(r.active)) for r in rows]


def refresh_copies(engine, seen: dict | None = None) -> bool:
    """Bring the key file of an open encrypted book in step with its users; True if it
    changed. Cheap: no key derivation (copies are made from the stored hashes), and when
    `seen` holds the users as last found, the key file is not even read."""
    file = sqlite_file(engine)
    if file is None or not cipher.is_encrypted(file):
        return False
    key = cipher.key_for(file)
    if key is None:
        return False
    with engine.connect() as conn:
        users = users_of(conn)
    if seen is not None:
        if seen.get("users") == users:
            return False
        seen["users"] = users
    doc = cipher.read_keys(file)
    copies = copies_for(doc, key, users)
    if copies == doc["users"]:
        return False
    doc["users"] = copies
    doc["failures"] = {n: v for n, v in doc["failures"].items() if n in copies}
    cipher.write_keys(file, doc)
    return True


def install(book) -> None:
    """After every commit, bring the key file in step with the users (an encrypted book
    only): users arrive by `user.set` typed here, by sync and by enrolment, some through
    bulk writes no ORM event sees, so the users are compared, not the writes. Once now,
    too, for changes committed by a program that stopped before doing so."""
    file = sqlite_file(book.engine)
    if file is None or not cipher.is_encrypted(file):
        return
    seen: dict = {}
    refresh_copies(book.engine, seen)

    @event.listens_for(book.db, "after_commit")
    def _refresh(db):
        if db.in_nested_transaction():   # a savepoint released: the commit comes later
            return
        try:
            refresh_copies(book.engine, seen)
        except Exception:   # the commit stands; the next commit or opening tries again
            log.exception("refreshing the users' copies of the book key failed")
