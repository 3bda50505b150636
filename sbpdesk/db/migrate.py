"""The Alembic runner: bring a book's schema to this program's head, safely.

On open, the book's revision is compared with the scripts shipped with this program. A book
with no tables is created at head. A pending migration on SQLite first copies the file with
SQLite's online backup API into `<data_dir>/backups/` (PostgreSQL books rely on the server's
own backups), then migrates with foreign keys off (batch mode recreates tables) and checks
them afterwards. A book whose revision this program does not know was written by a newer
sbpdesk: it is refused, untouched, with a Vietnamese and English message.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from sbpdesk import paths
from sbpdesk.domain.errors import DomainError


def alembic_config() -> Config:
    folder = paths.migrations_dir()
    cfg = Config(str(folder / "alembic.ini"))
    cfg.set_main_option("script_location", str(folder))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def pending(engine: Engine) -> bool:
    """True when the book is older than this program (or empty)."""
    return _check_known(current_revision(engine)) != head_revision()


def upgrade_book(engine: Engine, data_dir: Path | None) -> Path | None:
    """Migrate to head; returns the backup file written first, if any."""
    current = _check_known(current_revision(engine))
    if current == head_revision():
        return None
    backup = None
    if engine.dialect.name == "sqlite" and current is not None and data_dir is not None:
        backup = backup_sqlite(engine, paths.backups_dir(data_dir), label=f"rev{current}")
    cfg = alembic_config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            _raw_pragma(conn, "PRAGMA foreign_keys=OFF")
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
            if sqlite:
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                conn.rollback()
                if bad:
                    raise RuntimeError(f"foreign key check failed after migration: {bad[:5]}")
        finally:
            if sqlite:
                _raw_pragma(conn, "PRAGMA foreign_keys=ON")
    return backup


def backup_sqlite(engine: Engine, folder: Path, label: str = "") -> Path:
    """Copy the live SQLite book with the online backup API (consistent under WAL)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"book-{stamp}{'-' + label if label else ''}.sqlite"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"book-{stamp}{'-' + label if label else ''}-{n}.sqlite"
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(str(target))
        try:
            raw.driver_connection.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()
    return target


def _check_known(revision: str | None) -> str | None:
    if revision is None:
        return None
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if revision not in known:
        raise DomainError(
            "book_newer",
            f"Sổ dữ liệu này được tạo bởi phiên bản sbpdesk mới hơn (lược đồ {revision}). "
            "Hãy cập nhật phần mềm rồi mở lại; sổ chưa bị thay đổi.",
            f"This book was written by a newer sbpdesk (schema {revision}). Update the program"
            " and open it again; the book was not changed.")
    return revision


def _raw_pragma(conn: Connection, sql: str) -> None:
    # Outside any transaction: SQLAlchemy would autobegin and SQLite ignores this pragma there.
    conn.connection.driver_connection.execute(sql)
