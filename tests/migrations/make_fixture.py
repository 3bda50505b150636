"""Build tests/migrations/fixtures/NNNN.sqlite: a small office book at the current head.

Run once per new schema revision (`python -m tests.migrations.make_fixture`) and commit the
file; never regenerate an old one — the point is to upgrade books written by old programs.
"""
from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from sbpdesk.db import migrate
from sbpdesk.paths import book_path
from sbpdesk.services import customers, posting, prints  # noqa: F401  (registers kinds)
from tests.conftest import NOW, TODAY, make_office

FIXTURES = Path(__file__).parent / "fixtures"


def build(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = make_office(Path(tmp), lambda: NOW)
        book.sign_in("teller", "demo")
        p = posting.post(book, "household.register", {"point_code": "P01",
                                                      "address": "Thôn 1, xã Hải Ninh"},
                         business_date=TODAY)
        hid = posting.journal.get(book.db, p.op_id).payload["household_id"]
        posting.post(book, "person.register", {"household_id": hid, "full_name": "Đặng Thị Hoa",
                                               "id_number": "068185000456", "sex": "F",
                                               "birth_date": "1985-01-01",
                                               "id_issued_on": "2021-04-15"},
                     business_date=TODAY)
        prints.record_print(book, "authorisation", hid, paper="a4")    # 0007: with its paper
        book.close()
        conn = sqlite3.connect(book_path(Path(tmp)))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        conn.close()
        shutil.copyfile(book_path(Path(tmp)), target)


if __name__ == "__main__":
    from sbpdesk.services import auth
    # the tests' password "demo", allowed as tests/conftest.py allows it
    auth.password_problem = lambda password, username="": None
    rev = migrate.head_revision()
    out = FIXTURES / f"{rev}.sqlite"
    if out.exists() and "--force" not in sys.argv:
        sys.exit(f"{out} exists: fixtures of released schemas are never rebuilt")
    build(out)
    print(out)
