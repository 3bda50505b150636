"""A full disk, for real: a small tmpfs mounted for the test (root only; skipped otherwise)
holds the book or stands for the USB stick. The officer reads "ổ đĩa đầy / disk full", never
"held by antivirus" or a traceback, and nothing recorded before is lost."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sbpdesk.db import space
from sbpdesk.db.models import Operation
from sbpdesk.services import check, posting
from sbpdesk.services.books import open_book
from tests.conftest import PW, TODAY, fill, make_office


def ops_count(data_dir: Path) -> int:
    book = open_book(data_dir)
    try:
        return book.db.scalar(select(func.count()).select_from(Operation))
    finally:
        book.close()


def cli(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SBPDESK_PASSWORD": PW, "SBPDESK_USER": "admin"}
    return subprocess.run([sys.executable, "-m", "sbpdesk", *args, "--data-dir", str(data_dir)],
                          input=stdin, capture_output=True, text=True, env=env, timeout=300)


def test_post_on_a_full_disk_says_so_and_loses_nothing(small_disk, clock):
    book = make_office(small_disk / "book", clock)
    book.close()
    before = ops_count(small_disk / "book")
    filler = fill(small_disk)
    run = cli("post", "organisation.define", "--json", "-", data_dir=small_disk / "book",
              stdin='{"code": "HND-P02", "kind": "farmers", "name": "Hội Nông dân",'
                    ' "point_code": "P02"}')
    assert run.returncode in (2, 3), run.stderr
    assert "Ổ đĩa đầy" in run.stderr and "Disk full" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout and "antivirus" not in run.stderr
    filler.unlink()
    assert ops_count(small_disk / "book") == before
    book = open_book(small_disk / "book")
    try:
        assert check.check_book(book, replay=True).ok
    finally:
        book.close()


def test_a_transaction_that_fills_the_disk_is_recognised_and_rolled_back(small_disk, clock):
    book = make_office(small_disk / "book", clock)
    try:
        before = book.db.scalar(select(func.count()).select_from(Operation))
        book.end_read()
        filler = fill(small_disk)
        failed = None
        for k in range(200):   # the WAL has some room left: post until it has none
            try:
                posting.post(book, "organisation.define", {
                    "code": f"HND-{k}", "kind": "farmers", "name": "Hội Nông dân " + "x" * 150,
                    "point_code": "P02"}, business_date=TODAY)
            except Exception as exc:
                failed = exc
                break
        assert failed is not None and space.is_disk_full(failed, small_disk)
        stored = k
        book.db.rollback()
        filler.unlink()
        assert book.db.scalar(select(func.count()).select_from(Operation)) == before + stored
        assert check.check_book(book, replay=True).ok
    finally:
        book.close()


def test_opening_a_book_on_a_full_disk_is_not_blamed_on_antivirus(small_disk, clock):
    make_office(small_disk / "book", clock).close()
    fill(small_disk)
    from sbpdesk.domain.errors import DomainError
    with pytest.raises(DomainError) as err:
        open_book(small_disk / "book")
    assert err.value.code == "disk_full" and "Ổ đĩa đầy" in err.value.vi


def test_unexpected_errors_are_one_line_and_a_log(tmp_path):
    run = cli("post", "office.define", "--json", str(tmp_path / "nowhere.json"),
              data_dir=tmp_path / "book")
    assert run.returncode != 0 and "Traceback" not in run.stderr
