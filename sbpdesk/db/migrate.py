"""The Alembic runner: bring a book's schema to this program's head, safely.

On open, the book's revision is compared with the scripts shipped with this program. A book
with no tables is created at head. A pending migration on SQLite first copies the file with
SQLite's online backup API into `<data_dir>/backups/` (PostgreSQL books rely on the server's
own backups), then migrates with foreign keys off (batch mode recreates tables) and checks
them afterwards. A book whose revision this program does not know was written by a newer
sbpdesk: it is refused, untouched, with a Vietnamese and English message.

Opening a book that is already at head must be quick (issue 7: start-up): the book's
revision is read with plain SQL and compared with the revisions read from the script files'
`revision = …` / `down_revision = …` lines, without importing Alembic or compiling the
scripts. Alembic is imported only when there is something to do (or when the scripts cannot
be read that way, e.g. a bundle shipping only compiled files), and then decides as before.
"""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from sbpdesk import paths
from sbpdesk.db import cipher
from sbpdesk.domain.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"   # Alembic's default; migrations/env.py keeps it
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$",
                         re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config
    folder = paths.migrations_dir()
    cfg = Config(str(folder / "alembic.ini"))
    cfg.set_main_option("script_location", str(folder))
    return cfg


def script_revisions() -> dict[str, tuple[str, ...]] | None:
    """{revision: its down revisions} read from the scripts' text (no import, no compile);
    None when a script cannot be read that way (then ask Alembic)."""
    versions = paths.migrations_dir() / "versions"
    found: dict[str, tuple[str, ...]] = {}
    files = sorted(versions.glob("*.py")) if versions.is_dir() else []
    if not files:
        return None
    for file in files:
        values = {}
        for name, value in _ASSIGNMENT.findall(file.read_text(encoding="utf-8")):
            if name in values:
                return None
            try:
                values[name] = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                return None
        revision, down = values.get("revision"), values.get("down_revision", ())
        if not isinstance(revision, str) or revision in found:
            return None
        down = () if down is None else (down,) if isinstance(down, str) else down
        if not isinstance(down, tuple) or not all(isinstance(d, str) for d in down):
            return None
        found[revision] = down
    return found


def _head_and_known() -> tuple[str, frozenset[str]]:
    revisions = script_revisions()
    if revisions is not None:
        downs = {d for ds in revisions.values() for d in ds}
        heads = [r for r in revisions if r not in downs]
        if len(heads) == 1 and downs <= revisions.keys():
            return heads[0], frozenset(revisions)
    from alembic.script import ScriptDirectory  # unusual scripts: Alembic decides
    script = ScriptDirectory.from_config(alembic_config())
    return (script.get_current_head(),
            frozenset(rev.revision for rev in script.walk_revisions()))


def head_revision() -> str:
    return _head_and_known()[0]


def current_revision(engine: Engine) -> str | None:
    """The book's revision (plain SQL; None for a book without Alembic's table)."""
    with engine.connect() as conn:
        if not conn.dialect.has_table(conn, VERSION_TABLE):
            return None
        rows = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
    if len(rows) > 1:
        raise RuntimeError(f"{VERSION_TABLE} holds several revisions: {rows}")
    return rows[0][0] if rows else None


def pending(engine: Engine) -> bool:
    """True when the book is older than this program (or empty)."""
    head, known = _head_and_known()
    return _check_known(current_revision(engine), known) != head


def upgrade_book(engine: Engine, data_dir: Path | None) -> Path | None:
    """Migrate to head (on PostgreSQL, then make `ROOM` on the tables' pages); returns the
    backup file written first, if any."""
    head, known = _head_and_known()
    current = _check_known(current_revision(engine), known)
    if current == head:
        make_room(engine)
        return None
    from alembic import command
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
    make_room(engine)
    return backup


# PostgreSQL: free room kept on each page of the tables an import rewrites row by row, so an
# update of columns no index holds writes the new row version on the same page (a HOT
# update) and adds no index entry (decision 0270). {table: (fill factor %, primary key)}; a
# snapshot row is ≈ 1,3 KB: 85 % leaves room for one new version on a page of five (70 %,
# two, made the table 58 % bigger for every scan of it instead of 28 %, for no measured gain).
# A storage setting, not a schema change: books of every revision get it, SQLite has none.
ROOM = {"account_snapshot": (85, "pk_account_snapshot"),
        "savings_account": (85, "pk_savings_account"),
        "loan": (85, "pk_loan"),
        "instalment": (85, "pk_instalment")}


_ROOM_LOCK = 0x5B9D0270   # an advisory lock's key: "making room"


def make_room(engine: Engine) -> list[str]:
    """PostgreSQL: give the `ROOM` tables that lack it their fill factor, and rewrite them
    once (CLUSTER by the primary key) so that every page has the room from the next write
    on (a book loaded by COPY has full pages). One catalogue query when nothing is to do.
    Returns the tables changed."""
    if engine.dialect.name != "postgresql":
        return []
    from sqlalchemy import text

    def lacking(conn) -> list[str]:
        have = dict(conn.execute(text(
            "SELECT relname, reloptions FROM pg_class WHERE relkind = 'r' "
            "AND pg_table_is_visible(oid) AND relname = ANY(:names)"),
            {"names": list(ROOM)}).all())
        return [t for t, (fill, _) in ROOM.items()
                if t in have and f"fillfactor={fill}" not in (have[t] or [])]

    with engine.connect() as conn:
        todo = lacking(conn)
        if todo:   # processes opening the book at once: one rewrites, the others find it done
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ROOM_LOCK})
            todo = lacking(conn)
        for table in todo:
            fill, pk = ROOM[table]
            conn.exec_driver_sql(f'ALTER TABLE "{table}" SET (fillfactor = {fill})')
            conn.exec_driver_sql(f'CLUSTER "{table}" USING "{pk}"')
            conn.exec_driver_sql(f'ANALYZE "{table}"')
        conn.commit()
    return todo


def backup_sqlite(engine: Engine, folder: Path, label: str = "") -> Path:
    """Copy the live SQLite book with the online backup API (consistent under WAL)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"book-{stamp}{'-' + label if label else ''}.sqlite"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"book-{stamp}{'-' + label if label else ''}-{n}.sqlite"
    copy_sqlite(engine, target)
    return target


def copy_sqlite(engine: Engine, target: Path) -> None:
    """Write the live SQLite book to `target` with the online backup API. An encrypted
    book's copy is encrypted under the same key, with the book's key file beside it."""
    source = engine.url.database
    key = cipher.key_for(source) if source and cipher.is_encrypted(source) else None
    raw = engine.raw_connection()
    try:
        dest = cipher.connect(target, key=key)
        try:
            raw.driver_connection.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()
    if key is not None:
        cipher.write_keys(target, cipher.read_keys(source))


def _check_known(revision: str | None, known: frozenset[str]) -> str | None:
    if revision is None:
        return None
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
