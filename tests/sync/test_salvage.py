"""Salvage mode: a laptop book copied back from an old file learns from the office that the
office holds more of its operations than it does; from then on it is read-only (posting
refuses, in Vietnamese and English), it can still export, and it says so after reopening."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from sbpdesk import paths
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import posting, sessions
from sbpdesk.services.books import open_book
from tests.conftest import PW
from tests.sync.test_enrol import export, fast_kdf, imp  # noqa: F401
from tests.sync.test_exchange import D1, collect, loan_pair, open_session


def test_an_old_copy_is_read_only_after_the_office_says_so(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    with sqlite3.connect(paths.book_path(laptop.data_dir)) as a, \
            sqlite3.connect(paths.book_path(copy_dir)) as b:
        a.backup(b)                                   # taken before the session
    open_session(laptop)
    collect(laptop, ids)
    imp(office, export(laptop, tmp_path, name="up"))
    later = lambda: dt.datetime(2026, 4, 15, 3, tzinfo=dt.UTC)
    copy = open_book(copy_dir, clock=later)
    assert imp(copy, export(office, tmp_path, to=f"device:{laptop.origin}",
                            name="down")).get("salvage") is True
    copy.sign_in("teller", PW)
    with pytest.raises(DomainError) as refused:
        sessions.open_session(copy, "P01", D1, controller="controller")
    err = refused.value
    assert err.code == "salvage_mode"
    assert "chế độ cứu dữ liệu" in err.vi and "salvage mode" in err.en
    with pytest.raises(DomainError, match="cứu dữ liệu"):
        posting.post(copy, "contact.update", {"person_id": ids["person"],
                                               "fields": {"phone": "0912345678"}},
                     business_date=D1)
    copy.close()
    # Reopened, it is still in salvage mode; the real laptop is not.
    copy = open_book(copy_dir, clock=later, user="teller", password=PW)
    with pytest.raises(DomainError) as again:
        sessions.open_session(copy, "P01", D1, controller="controller")
    assert again.value.code == "salvage_mode"
    copy.sign_in("admin", PW)
    assert export(copy, tmp_path, name="salvaged").exists()   # it can still export
    copy.close()
    assert laptop.setting("sync.salvage") is None
    collect(laptop, ids, interest=0, savings=10_000)


def test_a_salvaged_laptop_enrols_again_under_a_new_origin(tmp_path, clock, monkeypatch,
                                                            capsys):

    from sbpdesk.cli.main import main
    from sbpdesk.services import backup
    from sbpdesk.sync import enrol
    office, laptop, ids = loan_pair(tmp_path, clock)
    old_origin = laptop.origin
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    with sqlite3.connect(paths.book_path(laptop.data_dir)) as a, \
            sqlite3.connect(paths.book_path(copy_dir)) as b:
        a.backup(b)
    open_session(laptop)
    collect(laptop, ids)
    imp(office, export(laptop, tmp_path, name="up"))
    copy = open_book(copy_dir, clock=clock)
    assert imp(copy, export(office, tmp_path, to=f"device:{old_origin}", name="down"))[
        "salvage"]
    copy.close()
    monkeypatch.setenv("SBPDESK_PASSWORD", PW)
    assert main(["enrol", "request", "--data-dir", str(copy_dir), "--out",
                 str(tmp_path / "again.req")]) == 0       # was "already enrolled"
    capsys.readouterr()
    office.sign_in("admin", PW)
    accepted = enrol.accept(office, PW, tmp_path / "again.req", ["P02"], tmp_path / "again.resp")
    fresh = open_book(copy_dir, clock=clock)
    done = enrol.complete(fresh, "admin", PW, accepted.path)
    assert done.device_id == fresh.origin and fresh.origin != old_origin
    assert fresh.setting("sync.salvage") is None
    fresh.close()
    kept = list(paths.backups_dir(copy_dir).glob(f"salvaged-{old_origin}-*.sqlite"))
    assert len(kept) == 1 and backup.verify(kept[0]) > 0
