"""`sbpdesk encrypt`: an administrator turns a plain SQLite book into an encrypted one
(docs/decisions/0200-encryption-at-rest-sqlcipher.md, docs/backup.md), with the care of a
restore: set aside whole, exported with SQLCipher, verified, swapped in, opened through the
sign-in, and only then is the plain original removed.
"""
from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from sbpdesk import paths
from sbpdesk.db import cipher
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import atrest, auth, backup
from sbpdesk.services.books import open_book


def encrypt(data_dir: str | os.PathLike, username: str, password: str, *,
            now: dt.datetime | None = None) -> dict:
    """Encrypt the plain SQLite book of `data_dir` (no program may have it open), asked by
    an administrator with their password. The encrypted copy is written beside the book,
    verified (integrity, every table's row count, the administrator's password opens it),
    then swapped in as a restore is; the plain original is removed only after that."""
    data_dir, now = Path(data_dir), now or dt.datetime.now(dt.UTC)
    file = atrest.book_file(data_dir)
    if cipher.is_encrypted(file):
        raise DomainError("already_encrypted", "Sổ này đã được mã hóa.",
                          "This book is already encrypted.")
    cipher.dbapi()
    book = open_book(data_dir, user=username, password=password)
    try:
        if not book.user.has(auth.ADMIN):
            raise auth.refused(book.user.username, "user.set", auth.OFFICE if book.is_office
                               else auth.POINT)
        with book.engine.connect() as conn:
            users = atrest.users_of(conn)
            counts = _counts(conn.connection.driver_connection)
    finally:
        book.close()
    doc, key = cipher.new_keys_doc()
    doc["users"] = atrest.copies_for(doc, key, users)
    folder = paths.backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    plain = folder / f"book-{now:%Y%m%d-%H%M%S}-before-encrypt.sqlite"
    new = data_dir / f".encrypt-{secrets.token_hex(4)}.partial"
    swapped = False
    try:
        backup._set_aside(file, plain)       # refused while another program has it open
        cipher.export_to(plain, new, key)
        cipher.write_keys(new, doc)
        cipher.remember(doc["book"], key)
        if _new_counts(new) != counts or backup.verify(new) != counts["operation"]:
            raise DomainError("encrypt_failed", "Bản mã hóa không khớp sổ gốc; sổ gốc giữ "
                              "nguyên.", "The encrypted copy does not match the book; the "
                              "book is unchanged.")
        with open(new, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(new, file)
        swapped = True      # from here the key is never deleted: the book needs it
        os.replace(cipher.keys_path(new), cipher.keys_path(file))
    finally:
        if not swapped:     # the plain book is untouched; its copy stays in backups/
            new.unlink(missing_ok=True)
            cipher.keys_path(new).unlink(missing_ok=True)
    _check_opens(data_dir, username, password, counts["operation"])
    plain.unlink()
    left = [str(p) for _, p in backup.backups(folder) if not cipher.is_encrypted(p)]
    return {"encrypted": str(file), "keys": str(cipher.keys_path(file)),
            "users": sorted(n for n, _, active in users if active),
            "operations": counts["operation"],
            "plain_backups_left": left}


def _counts(con) -> dict[str, int]:
    """Every table's row count (a DB-API connection)."""
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _new_counts(file: Path) -> dict[str, int]:
    con = cipher.connect(file)
    try:
        return _counts(con)
    finally:
        con.close()


def _check_opens(data_dir: Path, username: str, password: str, operations: int) -> None:
    """The swapped-in book opens with the administrator's password through the ordinary
    path; if not, the plain original stays in backups/ (never removed then)."""
    cipher.forget_all()
    book = open_book(data_dir, user=username, password=password)
    try:
        with book.engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT count(*) FROM operation").scalar_one()
    finally:
        book.close()
    if found != operations:
        raise DomainError("encrypt_failed", "Sổ mã hóa không mở được như mong đợi; bản gốc "
                          "không mã hóa vẫn ở thư mục backups.", "The encrypted book did not "
                          "open as expected; the plain original is still in backups.")

