"""Opening a book's database: SQLite with the pragmas sbpdesk relies on, or PostgreSQL.

SQLite runs in WAL with `synchronous=FULL` and foreign keys on; checkpoints are the work of
a book's own thread (`db/checkpoint.py`), SQLite's automatic one only a backstop. pysqlite's
own transaction handling is switched off (`isolation_level=None`) and SQLAlchemy's "begin"
event emits our BEGIN instead, so a write transaction can take the write lock up front: a
connection (or a Session's connection) whose execution option `sqlite_begin` is
`"IMMEDIATE"` starts with `BEGIN IMMEDIATE`; reads use a plain deferred BEGIN. Windows
antivirus may hold a freshly written file for a moment, so opening retries briefly and then
fails with a clear message. An encrypted book (a key file beside it, `db/cipher.py`) opens
through SQLCipher with the key its user's sign-in unlocked; without it, `book_locked`.
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import QueuePool

from sbpdesk.db import cipher, space
from sbpdesk.db.checkpoint import BACKSTOP_PAGES
from sbpdesk.domain.errors import DomainError

BUSY_TIMEOUT_S = 15
OPEN_ATTEMPTS = 5

WRITE = {"sqlite_begin": "IMMEDIATE"}  # execution options for a write transaction


def is_url(url_or_path: str | os.PathLike) -> bool:
    return isinstance(url_or_path, str) and "://" in url_or_path


def open_engine(url_or_path: str | os.PathLike) -> Engine:
    """An Engine for a SQLite file path/URL or a PostgreSQL URL, checked by connecting once."""
    if is_url(url_or_path) and not str(url_or_path).startswith("sqlite"):
        engine = create_engine(str(url_or_path), pool_pre_ping=True)
    else:
        engine = _sqlite_engine(url_or_path)
    _connect_with_retry(engine)
    return engine


def _sqlite_engine(url_or_path: str | os.PathLike) -> Engine:
    url = str(url_or_path) if is_url(url_or_path) else "sqlite:///" + str(Path(url_or_path))
    args = {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
    file = None if is_url(url_or_path) else Path(url_or_path)
    if file is not None and cipher.is_encrypted(file):
        key = cipher.key_for(file)
        if key is None:
            raise cipher.locked_error(file)
        # SQLAlchemy's pysqlcipher dialect keys each connection; one pool as for sqlite3
        engine = create_engine(cipher.engine_url(file, key), connect_args=args,
                               poolclass=QueuePool)
    else:
        engine = create_engine(url, connect_args=args)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see "begin" below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")

    return engine


def _connect_with_retry(engine: Engine) -> None:
    delay = 0.2
    keyed = engine.dialect.driver == "pysqlcipher"
    for attempt in range(OPEN_ATTEMPTS):
        try:
            with engine.connect() as conn:
                # SQLCipher checks a key only when a page is read: read the schema
                conn.execute(text("SELECT count(*) FROM sqlite_master" if keyed else "SELECT 1"))
            return
        except (OperationalError, sqlite3.OperationalError) as exc:
            file = sqlite_file(engine)
            if file is not None and space.is_disk_full(exc, Path(file).parent):
                engine.dispose()
                raise space.disk_full_error(Path(file).parent) from exc
            if attempt == OPEN_ATTEMPTS - 1:
                engine.dispose()
                raise DomainError(
                    "book_unavailable",
                    f"Không mở được sổ dữ liệu ({engine.url.render_as_string(hide_password=True)})."
                    " Tệp có thể đang bị chương trình khác (diệt virus, sao lưu) giữ. Hãy thử lại"
                    f" sau ít phút. Chi tiết: {exc.orig if hasattr(exc, 'orig') else exc}",
                    f"Cannot open the book ({engine.url.render_as_string(hide_password=True)}): it"
                    " may be held by another program (antivirus, backup). Try again in a few"
                    f" minutes. Detail: {exc}") from exc
            time.sleep(delay)
            delay *= 2
        except DatabaseError as exc:
            if not keyed:
                raise
            engine.dispose()
            raise DomainError(
                "book_key_mismatch",
                "Tệp khóa bên cạnh sổ (book.sqlite.keys) không phải của sổ này, hoặc sổ bị hỏng:"
                " hãy đặt lại đúng tệp khóa (bản sao lưu có tệp .keys đi kèm).",
                "The key file beside the book (book.sqlite.keys) is not this book's, or the book"
                " is damaged: put the right key file back (each backup has its .keys).") from exc


def is_sqlite(engine_or_conn) -> bool:
    return engine_or_conn.dialect.name == "sqlite"


def sqlite_file(engine: Engine) -> str | None:
    """The database file of a SQLite engine (None: PostgreSQL, or an in-memory database)."""
    name = engine.url.database
    return name if is_sqlite(engine) and name and name != ":memory:" else None
