"""Backups of a SQLite book: made while it is open, verified, thinned, restorable.

`make_backup` copies the live book with SQLite's online backup API (a consistent snapshot
under WAL) into `<data>/backups/book-YYYYMMDD-HHMMSS-<reason>.sqlite`: written under a
temporary name, fsynced, checked (`PRAGMA integrity_check`, an sbpdesk schema, the journal
rows counted), then renamed, so a file with the final name is always a verified copy. Made at
each session close (`install`: after the commit that closed it), once a day when the book
opens, before migrations (db/migrate.py) and on demand (`sbpdesk backup`). `thin` keeps the
newest of each day for DAYS days, of each ISO week for WEEKS weeks, of each month for MONTHS
months, and always the KEEP newest. `export_encrypted` writes one file for a USB stick:
AES-256-GCM under a key derived from a passphrase (argon2id), header in clear.
`restore` (docs/backup.md) puts a backup in place of the book; a point laptop's restored book
opens in salvage mode (read-only; it exports what the office lacks, then enrols again).
PostgreSQL books rely on the server's own backups. An encrypted book's backups are encrypted
under the same key, each with a copy of the book's key file beside it (`….sqlite.keys`);
the USB copy carries that key file in its clear header (it holds only wrapped keys).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, inspect

from sbpdesk import paths
from sbpdesk.db import cipher, migrate
from sbpdesk.db.engine import sqlite_file
from sbpdesk.db.models import Session as SessionModel
from sbpdesk.db.space import disk_full_error, is_disk_full
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import atrest

log = logging.getLogger("sbpdesk.backup")

KEEP, DAYS, WEEKS, MONTHS = 3, 7, 8, 12
_NAME = re.compile(r"^book-(\d{8})-(\d{6})(?:-[A-Za-z0-9_.-]+)?\.sqlite$")
SALVAGE_KEY = "sync.salvage"
ENCRYPTED_SUFFIX = ".sbpbackup"
_MAGIC = b"SBPDESK-BACKUP-1\n"


@dataclass(frozen=True)
class Backup:
    path: Path
    operations: int
    removed: tuple[Path, ...] = ()

    def to_dict(self) -> dict:
        return {"path": str(self.path), "operations": self.operations,
                "removed": [str(p) for p in self.removed]}


def _error(code: str, vi: str, en: str) -> DomainError:
    return DomainError(code, vi, en)


def verify(path: Path) -> int:
    """The number of journal rows of a sound sbpdesk book file; DomainError otherwise."""
    try:
        con = cipher.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            ok = ok and {"operation", "alembic_version", "book_setting"} <= tables
            count = con.execute("SELECT count(*) FROM operation").fetchone()[0] if ok else 0
        finally:
            con.close()
    except cipher.errors():
        ok, count = False, 0
    if not ok:
        raise _error("backup_bad", f"Tệp {path.name} không phải bản sao lưu sổ hợp lệ.",
                     f"{path.name} is not a sound backup of a book.")
    return count


def make_backup(book, reason: str, *, now: dt.datetime | None = None,
                folder: Path | None = None) -> Backup | None:
    """Copy, verify and thin; None for a book that is not a SQLite file."""
    source = sqlite_file(book.engine)
    if source is None:
        return None
    folder = folder or paths.backups_dir(book.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now()
    target = _free_name(folder, f"book-{now:%Y%m%d-%H%M%S}-{reason}")
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        migrate.copy_sqlite(book.engine, tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        count = verify(tmp)
        _move_keys(tmp, target)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        cipher.keys_path(tmp).unlink(missing_ok=True)
    return Backup(target, count, tuple(thin(folder, now.date())))


def _move_keys(source: Path, target: Path) -> None:
    """An encrypted copy's key file goes with it (written before the copy's final name, so
    a copy with its final name always has its keys)."""
    if cipher.is_encrypted(source):
        os.replace(cipher.keys_path(source), cipher.keys_path(target))


def _free_name(folder: Path, stem: str) -> Path:
    target, n = folder / f"{stem}.sqlite", 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}.sqlite"
    return target


def backups(folder: Path) -> list[tuple[dt.datetime, Path]]:
    """The book backups in `folder`, newest first."""
    found = []
    if folder.is_dir():
        for p in folder.iterdir():
            if m := _NAME.match(p.name):
                found.append((dt.datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S"), p))
    return sorted(found, reverse=True)


def to_keep(stamps: list[dt.datetime], today: dt.date) -> set[dt.datetime]:
    """Newest per day (DAYS days), per ISO week (WEEKS weeks), per month (MONTHS months),
    and the KEEP newest."""
    newest = sorted(stamps, reverse=True)
    keep = set(newest[:KEEP])
    buckets: dict[tuple, dt.datetime] = {}
    for s in newest:
        age = (today - s.date()).days
        for key, fits in ((("d", s.date()), age < DAYS),
                          (("w", *s.isocalendar()[:2]), age < WEEKS * 7),
                          (("m", s.year, s.month), age < MONTHS * 31)):
            if fits and key not in buckets:
                buckets[key] = s
    return keep | set(buckets.values())


def thin(folder: Path, today: dt.date) -> list[Path]:
    found = backups(folder)
    keep = to_keep([s for s, _ in found], today)
    removed = []
    for stamp, path in found:
        if stamp not in keep:
            path.unlink(missing_ok=True)
            cipher.keys_path(path).unlink(missing_ok=True)
            removed.append(path)
    return removed


def daily(book, *, now: dt.datetime | None = None) -> Backup | None:
    """A backup unless one was made today already (called when a book opens)."""
    now = now or dt.datetime.now()
    folder = paths.backups_dir(book.data_dir)
    if any(s.date() == now.date() for s, _ in backups(folder)):
        return None
    return make_backup(book, "daily", now=now)


def install(book) -> None:
    """Back up after every commit that closed a session (a failure is logged, not raised:
    the close itself is committed)."""
    if sqlite_file(book.engine) is None:
        return

    @event.listens_for(book.db, "after_flush")
    def _note(db, _context):
        for obj in db.dirty:   # still the pre-flush state here
            if isinstance(obj, SessionModel) and "closed" in (
                    inspect(obj).attrs.status.history.added or ()):
                # the (sub)transaction that holds the close: its rollback alone drops it
                db.info.setdefault("backup_due", []).append(
                    db.get_nested_transaction() or db.get_transaction())

    @event.listens_for(book.db, "after_commit")
    def _backup(db):
        if db.in_nested_transaction():
            return   # a savepoint released (an import's chunk): nothing is committed yet
        if db.info.pop("backup_due", None):
            try:
                make_backup(book, "close")
            except Exception:
                log.exception("backup after session close failed")

    @event.listens_for(book.db, "after_soft_rollback")
    def _forget(db, rolled_back):
        # A savepoint rolled back drops the closes made in it (or in savepoints it held),
        # not those of an earlier savepoint already released into the transaction.
        due = [t for t in db.info.get("backup_due", ()) if not _within(t, rolled_back)]
        db.info["backup_due"] = due


def _within(transaction, ancestor) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


# ---------------------------------------------------------------- a copy for the USB stick

def _key(passphrase: str, salt: bytes) -> bytes:
    from argon2.low_level import Type, hash_secret_raw
    return hash_secret_raw(passphrase.encode("utf-8"), salt, time_cost=3,
                           memory_cost=64 * 1024, parallelism=4, hash_len=32, type=Type.ID)


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < 8:
        raise DomainError("passphrase_short", "Mật khẩu bản sao lưu cần ít nhất 8 ký tự.",
                          "The backup passphrase needs at least 8 characters.",
                          field="passphrase")


def export_encrypted(book, folder: Path, passphrase: str, *,
                     now: dt.datetime | None = None) -> Path:
    """A verified backup, encrypted for a USB stick: `<origin>-YYYYMMDD-HHMMSS.sbpbackup`,
    written under a temporary name and renamed (a pulled stick leaves no such file)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    _check_passphrase(passphrase)
    now = now or dt.datetime.now()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    scratch = paths.backups_dir(book.data_dir) / ".scratch"
    made = make_backup(book, "usb", now=now, folder=scratch)
    if made is None:
        raise _error("backup_not_sqlite", "Sổ PostgreSQL được sao lưu bởi máy chủ.",
                     "A PostgreSQL book is backed up by its server.")
    try:
        salt, nonce = os.urandom(16), os.urandom(12)
        clear = {"origin": book.origin, "created": f"{now:%Y-%m-%dT%H:%M:%S}",
                 "kdf": "argon2id-t3-m65536-p4", "salt": salt.hex(), "nonce": nonce.hex()}
        if cipher.is_encrypted(made.path):   # an encrypted book's copy needs its key file
            clear["book_keys"] = cipher.read_keys(made.path)
        header = json.dumps(clear).encode("ascii") + b"\n"
        sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, made.path.read_bytes(),
                                                        _MAGIC + header)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    target = folder / f"{book.origin or 'book'}-{now:%Y%m%d-%H%M%S}{ENCRYPTED_SUFFIX}"
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        with open(tmp, "xb") as f:
            f.write(_MAGIC + header + sealed)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if is_disk_full(exc, folder):   # a full stick: said so, nothing left behind
            raise disk_full_error(folder) from None
        raise
    finally:
        tmp.unlink(missing_ok=True)
    return target


def decrypt(path: Path, passphrase: str, out: Path) -> Path:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    data = path.read_bytes()
    try:
        if not data.startswith(_MAGIC):
            raise ValueError("magic")
        end = data.index(b"\n", len(_MAGIC)) + 1
        header = json.loads(data[len(_MAGIC):end])
        key = _key(passphrase, bytes.fromhex(header["salt"]))
        plain = AESGCM(key).decrypt(bytes.fromhex(header["nonce"]), data[end:], data[:end])
    except InvalidTag:
        raise _error("backup_passphrase", "Sai mật khẩu bản sao lưu (hoặc tệp bị hỏng).",
                     "Wrong backup passphrase (or a damaged file).") from None
    except (ValueError, KeyError, TypeError):
        raise _error("backup_bad", f"Tệp {path.name} không phải bản sao lưu sbpdesk.",
                     f"{path.name} is not an sbpdesk backup.") from None
    out.write_bytes(plain)
    if isinstance(header.get("book_keys"), dict):
        cipher.write_keys(out, header["book_keys"])
    return out


# ---------------------------------------------------------------- restore

def restore(data_dir: Path, source: Path, *, passphrase: str | None = None,
            now: dt.datetime | None = None,
            credentials: tuple[str, str] | None = None) -> dict:
    """Put a backup in place of the book of `data_dir` (which no program may have open).
    The current book is first kept as a backup itself ("before-restore"). A point laptop's
    restored book is put in salvage mode. An encrypted backup is opened with a user's
    `credentials` (username, password) unless this process holds its key already."""
    data_dir, source = Path(data_dir), Path(source)
    if not source.is_file():
        raise _error("backup_missing", f"Không tìm thấy tệp sao lưu {source}.",
                     f"Backup file not found: {source}.")
    book_file = paths.book_path(data_dir)
    folder = paths.backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now()
    incoming = data_dir / f".restore-{secrets.token_hex(4)}.partial"
    try:
        if source.suffix == ENCRYPTED_SUFFIX:
            decrypt(source, passphrase or "", incoming)
        else:
            shutil.copyfile(source, incoming)
            if cipher.is_encrypted(source):
                shutil.copyfile(cipher.keys_path(source), cipher.keys_path(incoming))
        if cipher.is_encrypted(incoming) and cipher.key_for(incoming) is None:
            if credentials is None:
                raise cipher.locked_error(source)
            atrest.unlock(incoming, *credentials)
        count = verify(incoming)
        kept = None
        if book_file.exists():
            kept = _set_aside(book_file, _free_name(folder, f"book-{now:%Y%m%d-%H%M%S}"
                                                    "-before-restore"))
        with open(incoming, "rb+") as f:
            os.fsync(f.fileno())
        # the key file first: a plain restore over an encrypted book drops it, so the
        # restored book is never taken for encrypted (nor the reverse)
        if cipher.is_encrypted(incoming):
            os.replace(cipher.keys_path(incoming), cipher.keys_path(book_file))
        else:
            cipher.keys_path(book_file).unlink(missing_ok=True)
        os.replace(incoming, book_file)
    finally:
        incoming.unlink(missing_ok=True)
        cipher.keys_path(incoming).unlink(missing_ok=True)
    salvage = _mark_salvage(book_file)
    return {"restored": str(source), "operations": count,
            "previous_book": str(kept) if kept else None, "salvage": salvage}


def _set_aside(book_file: Path, target: Path) -> Path:
    """Copy the current book (with its WAL folded in) to `target` and remove its WAL files;
    refused while another program holds the book open."""
    con = cipher.connect(book_file, timeout=0.5, isolation_level=None)
    key = cipher.key_for(book_file) if cipher.is_encrypted(book_file) else None
    try:
        try:
            con.execute("BEGIN EXCLUSIVE")
            con.execute("ROLLBACK")
        except cipher.errors():
            raise _error("book_in_use", "Sổ đang được mở trong chương trình khác: hãy đóng "
                         "sbpdesk rồi khôi phục.", "The book is open in another program: "
                         "close sbpdesk, then restore.") from None
        dest = cipher.connect(target, key=key)
        try:
            con.backup(dest)
        finally:
            dest.close()
        if key is not None:
            cipher.write_keys(target, cipher.read_keys(book_file))
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    verify(target)
    for suffix in ("-wal", "-shm"):
        Path(str(book_file) + suffix).unlink(missing_ok=True)
    return target


def _mark_salvage(book_file: Path) -> bool:
    con = cipher.connect(book_file, isolation_level=None)
    try:
        roles = dict(con.execute("SELECT key, value FROM book_setting WHERE key IN "
                                 "('role', 'origin')").fetchall())
        if roles.get("role") != "point" or not roles.get("origin"):
            return False
        con.execute("INSERT INTO book_setting (key, value) VALUES (?, '1') ON CONFLICT(key) "
                    "DO UPDATE SET value = '1'", (SALVAGE_KEY,))
        return True
    finally:
        con.close()


def start_over(data_dir: Path, origin: str, *, now: dt.datetime | None = None) -> Path:
    """Set a salvaged laptop's book aside (`backups/salvaged-<origin>-<stamp>.sqlite`, never
    thinned: it can still export) and leave `data_dir` without a book, so the laptop can be
    enrolled again under a new origin (a new book, new keys). The book must be closed."""
    data_dir = Path(data_dir)
    now = now or dt.datetime.now()
    folder = paths.backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    book_file = paths.book_path(data_dir)
    kept = _set_aside(book_file, folder / f"salvaged-{origin}-{now:%Y%m%d-%H%M%S}.sqlite")
    book_file.unlink()
    cipher.keys_path(book_file).unlink(missing_ok=True)
    return kept
