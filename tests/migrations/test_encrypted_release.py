"""An encrypted book written by an earlier release (decision 0200): unlocked by a user's
password, backed up encrypted (with its key file) before the migration, migrated through
SQLCipher, checked, and its figures kept."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from sbpdesk import paths
from sbpdesk.db import cipher, migrate
from sbpdesk.reports import portfolio
from sbpdesk.services import atrest, backup, check
from sbpdesk.services.books import open_book
from tests.conftest import require_sqlcipher
from tests.migrations.test_release_books import REVISIONS, jsonable, release, unpack

require_sqlcipher()


@pytest.fixture(autouse=True)
def _no_keys_held():
    cipher.forget_all()
    yield
    cipher.forget_all()


def _encrypt_as_is(plain, target):
    """The old book encrypted without opening it in this program (no migration yet)."""
    con = sqlite3.connect(plain)
    users = [(u, h, bool(a)) for u, h, a in
             con.execute("SELECT username, password_hash, active FROM app_user")]
    con.close()
    doc, key = cipher.new_keys_doc()
    doc["users"] = atrest.copies_for(doc, key, users)
    cipher.export_to(plain, target, key)
    cipher.write_keys(target, doc)


def test_an_encrypted_old_book_is_backed_up_encrypted_and_migrated(tmp_path):
    rev = REVISIONS[0]
    plain = unpack(rev, "office", tmp_path / "plain")
    folder = tmp_path / "office"
    folder.mkdir()
    _encrypt_as_is(plain, paths.book_path(folder))
    book = open_book(folder, user="admin", password="demo")
    try:
        assert migrate.current_revision(book.engine) == migrate.head_revision()
        (copy,) = [p for p in paths.backups_dir(folder).glob("*.sqlite")]
        assert f"rev{rev}" in copy.name and cipher.is_encrypted(copy)
        assert not copy.read_bytes().startswith(b"SQLite format 3")
        assert backup.verify(copy) > 0                    # opens with the same key
        report = check.check_book(book, replay=True)
        assert report.ok, report.lines("en")
        figures = portfolio.portfolio(book, as_of=dt.date.fromisoformat(
            release(rev)["as_of"]), point=None)
        assert jsonable(figures) == release(rev)["portfolio"]["office"]
    finally:
        book.close()
