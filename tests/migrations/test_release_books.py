"""Upgrades keep the book: books written by earlier releases' own programs
(fixtures/releases/<rev>/, made by make_release_books.py: an office and an enrolled laptop per
schema revision) open in this version, are backed up first, migrate to the head, pass
`check --replay`, and give the portfolio figures the old program printed for them."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from sbpdesk import paths
from sbpdesk.db import migrate
from sbpdesk.reports import portfolio
from sbpdesk.services import check
from sbpdesk.services.books import open_book
from tests.migrations.old_release import RELEASES

RELEASE_DIR = Path(__file__).parent / "fixtures" / "releases"
REVISIONS = sorted(p.name for p in RELEASE_DIR.iterdir() if (p / "release.json").exists())
BOOKS = [(rev, role) for rev in REVISIONS for role in ("office", "point")]


def release(rev: str) -> dict:
    return json.loads((RELEASE_DIR / rev / "release.json").read_text("utf-8"))


def unpack(rev: str, role: str, data_dir: Path) -> Path:
    """The stored book as `data_dir/book.sqlite` (as the old program left it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    target = paths.book_path(data_dir)
    with gzip.open(RELEASE_DIR / rev / f"{role}.sqlite.gz", "rb") as src, \
            open(target, "wb") as out:
        shutil.copyfileobj(src, out)
    return target


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def jsonable(obj):
    return json.loads(json.dumps(obj, ensure_ascii=False, default=str))


def test_every_schema_revision_has_books_from_its_release():
    assert sorted(migrate.script_revisions() or {}) == REVISIONS == sorted(RELEASES), \
        "a new migration needs RELEASES[rev] and: python -m tests.migrations.make_release_books"


@pytest.mark.parametrize(("rev", "role"), BOOKS)
def test_a_release_book_is_backed_up_migrated_checked_and_keeps_its_figures(rev, role,
                                                                          tmp_path):
    made = release(rev)
    path = unpack(rev, role, tmp_path / role)
    ops_before = rows(path, "SELECT op_id, hash FROM operation ORDER BY op_id")
    assert rows(path, "SELECT version_num FROM alembic_version") == [(rev,)]

    book = open_book(tmp_path / role)
    try:
        head = migrate.head_revision()
        assert migrate.current_revision(book.engine) == head
        backups = sorted(paths.backups_dir(tmp_path / role).glob("*"))
        if rev == head:
            assert backups == []
        else:       # the old book, whole, before any migration touched it
            (backup,) = backups
            assert f"rev{rev}" in backup.name
            assert rows(backup, "SELECT version_num FROM alembic_version") == [(rev,)]
            assert rows(backup, "SELECT op_id, hash FROM operation ORDER BY op_id") == ops_before
        report = check.check_book(book, replay=True)
        assert report.ok, report.lines("en")
        assert report.replayed > 0
        figures = portfolio.portfolio(book, as_of=dt.date.fromisoformat(made["as_of"]),
                                      point=None)
        assert jsonable(figures) == made["portfolio"][role]
    finally:
        book.close()
    assert rows(path, "SELECT op_id, hash FROM operation ORDER BY op_id") == ops_before
