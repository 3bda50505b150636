"""Encryption at rest with SQLCipher (docs/decisions/0200-encryption-at-rest-sqlcipher.md).

A book is encrypted exactly when a key file sits beside it (`book.sqlite.keys`; a backup
`book-….sqlite` has its own copy beside it). The book key is 32 random bytes given to
SQLCipher as a raw key (`PRAGMA key = "x'…'"`, no key derivation per connection). The key
file holds it once per active user, wrapped (AES-256-GCM) under a key derived from that
user's argon2id password hash (HKDF-SHA256 of the raw hash): the file keeps the hash's
parameters and salt, never the hash, so opening a copy costs a guesser one argon2id run per
password, and a copy can be made for any user whose hash the open book holds — new users and
new passwords from the office get theirs when their `user.set` is applied, without their
password. The file also holds the sign-in failures counted before the book can be opened.

Once a user's password has opened a copy, the key is kept for the process under the book's
id (the same id for its backups), so every connection to that book or its copies — the
engine, the checkpoint thread, backups and their checks, restore — gets it from `connect`.
`sqlcipher3` (an optional dependency) is imported only for an encrypted book.
"""
from __future__ import annotations

import base64
import json
import os
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from sbpdesk.domain.errors import DomainError

KEYS_SUFFIX = ".keys"
FORMAT, VERSION = "sbpdesk-book-keys", 1
_INFO = b"sbpdesk-book-key-v1\x00"
# A damaged or hostile key file must not make us run an absurd argon2id.
_MAX_MEMORY_KIB, _MAX_TIME, _MAX_LANES = 2 * 1024 * 1024, 20, 16

_KEYS: dict[str, bytes] = {}   # book id → its key, once a password opened it (this process)


def keys_path(book_file: str | os.PathLike) -> Path:
    return Path(str(book_file) + KEYS_SUFFIX)


def is_encrypted(book_file: str | os.PathLike) -> bool:
    return keys_path(book_file).is_file()


def _error(code: str, vi: str, en: str, **kw: Any) -> DomainError:
    return DomainError(code, vi, en, **kw)


def dbapi():
    """The SQLCipher driver (the optional extra `sbpdesk[encryption]`)."""
    try:
        import sqlcipher3
    except ImportError:
        raise _error("sqlcipher_missing",
                     "Sổ này được mã hóa nhưng máy chưa cài SQLCipher (gói sqlcipher3). Hãy cài "
                     "bản sbpdesk có mã hóa.",
                     "This book is encrypted but SQLCipher (the sqlcipher3 package) is not "
                     "installed. Install sbpdesk with its encryption extra.") from None
    return sqlcipher3


def errors() -> tuple[type[BaseException], ...]:
    """The DB-API error classes a raw connection may raise (sqlite3's and SQLCipher's)."""
    try:
        import sqlcipher3
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, sqlcipher3.Error)


# ---------------------------------------------------------------- the key file

def read_keys(book_file: str | os.PathLike) -> dict[str, Any]:
    path = keys_path(book_file)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if (doc["format"], doc["version"]) != (FORMAT, VERSION) or not isinstance(
                doc["users"], dict) or not isinstance(doc["book"], str):
            raise ValueError("format")
        doc.setdefault("failures", {})
    except (OSError, ValueError, KeyError, TypeError):
        raise _error("book_keys_damaged",
                     f"Tệp khóa của sổ ({path.name}) bị thiếu hoặc hỏng: không mở được sổ mã "
                     "hóa. Hãy khôi phục tệp này từ bản sao lưu (cùng tên, đuôi .keys).",
                     f"The book's key file ({path.name}) is missing or damaged: the encrypted "
                     "book cannot be opened. Restore it from a backup (same name, .keys).") \
            from None
    return doc


def write_keys(book_file: str | os.PathLike, doc: dict[str, Any]) -> None:
    """Replace the key file atomically (temporary file, fsync, rename)."""
    path = keys_path(book_file)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        with open(tmp, "x", encoding="utf-8") as f:
            f.write(json.dumps(doc, sort_keys=True, indent=1))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def slot(book_id: str, username: str) -> str:
    """The name of a user's entry in the key file: not the username, which stays out of
    every clear file."""
    import hashlib
    return hashlib.sha256(f"{FORMAT}\x00{book_id}\x00{username}".encode()).hexdigest()[:32]


def new_keys_doc() -> tuple[dict[str, Any], bytes]:
    """A fresh key file (no users yet) and its book key."""
    return ({"format": FORMAT, "version": VERSION, "book": secrets.token_hex(16),
             "users": {}, "failures": {}}, secrets.token_bytes(32))


# ---------------------------------------------------------------- wrapping

def _b64d(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _split_hash(password_hash: str) -> tuple[str, bytes]:
    """(the hash string without its last field, the raw hash) of an argon2id hash."""
    head, _, raw = password_hash.rpartition("$")
    if not head.startswith("$argon2id$v=19$"):
        raise ValueError("not an argon2id v19 hash")
    return head, _b64d(raw)


def _raw_hash(head: str, password: str) -> bytes | None:
    from argon2.low_level import Type, hash_secret_raw
    try:
        _, _, _, cost, salt = head.split("$")
        params = dict(p.split("=") for p in cost.split(","))
        m, t, p = int(params["m"]), int(params["t"]), int(params["p"])
    except (ValueError, KeyError):
        return None
    if not (0 < m <= _MAX_MEMORY_KIB and 0 < t <= _MAX_TIME and 0 < p <= _MAX_LANES):
        return None
    return hash_secret_raw(password.encode("utf-8"), _b64d(salt), time_cost=t, memory_cost=m,
                           parallelism=p, hash_len=32, type=Type.ID, version=19)


def _wrap_key(raw_hash: bytes, book_id: str, username: str) -> bytes:
    from cryptography.hazmat.primitives.hashes import SHA256
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    info = _INFO + book_id.encode() + b"\x00" + username.encode("utf-8")
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=info).derive(raw_hash)


def _aad(book_id: str, username: str, head: str) -> bytes:
    return json.dumps([FORMAT, book_id, username, head]).encode("utf-8")


def wrap_for(key: bytes, book_id: str, username: str, password_hash: str) -> dict[str, str]:
    """The book key wrapped for one user, from their stored password hash (no password)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    head, raw = _split_hash(password_hash)
    nonce = os.urandom(12)
    sealed = AESGCM(_wrap_key(raw, book_id, username)).encrypt(
        nonce, key, _aad(book_id, username, head))
    return {"kdf": head, "nonce": _b64(nonce), "wrapped": _b64(sealed)}


def current_for(entry: dict[str, str] | None, password_hash: str) -> bool:
    """Is `entry` the copy made for this very hash (same parameters and salt)?"""
    return entry is not None and entry.get("kdf") == _split_hash(password_hash)[0]


def unwrap(entry: dict[str, str], book_id: str, username: str, password: str) -> bytes | None:
    """The book key from a user's copy and their password; None if the password is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    raw = _raw_hash(entry.get("kdf", ""), password)
    if raw is None:
        return None
    try:
        key = AESGCM(_wrap_key(raw, book_id, username)).decrypt(
            _b64d(entry["nonce"]), _b64d(entry["wrapped"]), _aad(book_id, username,
                                                                  entry["kdf"]))
    except (InvalidTag, KeyError, ValueError):
        return None
    return key if len(key) == 32 else None


# ---------------------------------------------------------------- keys of this process

def remember(book_id: str, key: bytes) -> None:
    _KEYS[book_id] = key


def forget_all() -> None:
    """Drop every key this process holds (tests; a program that signs everybody out)."""
    _KEYS.clear()


def key_for(book_file: str | os.PathLike) -> bytes | None:
    """The key of an encrypted book (or of a copy with its key file), if this process has it."""
    return _KEYS.get(read_keys(book_file)["book"])


def locked_error(book_file: str | os.PathLike) -> DomainError:
    return _error("book_locked",
                  f"Sổ {Path(book_file).name} được mã hóa: hãy đăng nhập (tên và mật khẩu của "
                  "người dùng sổ; dòng lệnh: --user hoặc SBPDESK_USER, và SBPDESK_PASSWORD) "
                  "để mở.",
                  f"The book {Path(book_file).name} is encrypted: sign in to open it (a user's "
                  "name and password; on the command line --user or SBPDESK_USER, and "
                  "SBPDESK_PASSWORD).")


def pragma_key(key: bytes) -> str:
    return f"\"x'{key.hex()}'\""


def connect(path: str | os.PathLike, *, key: bytes | None = None, uri: bool = False,
            **kw: Any):
    """A DB-API connection to a SQLite file: keyed through SQLCipher when the file is
    encrypted (key file beside it, or `key` given for a new encrypted file), else sqlite3.
    `path` may be a `file:` URI (`uri=True`); the key file is looked up beside the file."""
    file = str(path)[5:].split("?")[0] if uri else str(path)
    if key is None and is_encrypted(file):
        key = key_for(file)
        if key is None:
            raise locked_error(file)
    if key is None:
        return sqlite3.connect(str(path), uri=uri, **kw)
    con = dbapi().connect(str(path), uri=uri, **kw)
    con.execute(f"PRAGMA key = {pragma_key(key)}")
    return con


def engine_url(path: str | os.PathLike, key: bytes):
    """The SQLAlchemy URL of an encrypted book (SQLAlchemy's pysqlcipher dialect)."""
    from sqlalchemy.engine import URL
    dbapi()   # a clear message before SQLAlchemy's own ImportError
    return URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))


def export_to(plain_file: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of a plain SQLite book (`sqlcipher_export`); `target` must not
    exist. The plain file is only read."""
    con = dbapi().connect(str(plain_file), isolation_level=None)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.execute(f"ATTACH DATABASE ? AS encrypted KEY {pragma_key(key)}", (str(target),))
        con.execute("SELECT sqlcipher_export('encrypted')")
        con.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        con.execute("DETACH DATABASE encrypted")
    finally:
        con.close()
