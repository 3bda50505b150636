"""Backups that exist: made at session close and daily, verified, thinned; `sbpdesk backup`,
an encrypted copy for the stick, and `sbpdesk restore` (a laptop's restored book in salvage
mode)."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sbpdesk import paths
from sbpdesk.cli.main import main
from sbpdesk.db.models import Operation
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import backup, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.books import open_book
from tests.conftest import PW, TODAY


def ops(book) -> int:
    n = book.db.scalar(select(func.count()).select_from(Operation))
    book.end_read()
    return n


def test_a_backup_is_a_verified_copy(office):
    made = backup.make_backup(office, "manual", now=dt.datetime(2026, 3, 15, 10, 0))
    assert made.path.name == "book-20260315-100000-manual.sqlite"
    assert made.path.parent == paths.backups_dir(office.data_dir)
    assert made.operations == ops(office) == backup.verify(made.path)
    assert not [p for p in made.path.parent.iterdir() if p.name.endswith(".partial")]


def test_a_damaged_backup_is_not_called_sound(tmp_path, office):
    made = backup.make_backup(office, "manual")
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(bytes(data))
    with pytest.raises(DomainError) as err:
        backup.verify(bad)
    assert err.value.code == "backup_bad"


def test_closing_a_session_makes_a_backup(point):
    folder = paths.backups_dir(point.data_dir)
    sessions.open_session(point, "P01", TODAY, controller="controller")
    assert backup.backups(folder) == []
    session = sessions.current_session(point, "P01")
    sessions.close_session(point, session.id, {}, approved_by=Approval("controller", PW))
    found = backup.backups(folder)
    assert len(found) == 1 and found[0][1].name.endswith("-close.sqlite")
    con = sqlite3.connect(found[0][1])
    assert con.execute("SELECT status FROM session").fetchone()[0] == "closed"
    con.close()


def _open_counting_backups(point, monkeypatch, *, write: bool = True):
    """An open session at P01 and the list of backups made from here on (written, or only
    counted when `write` is False)."""
    sessions.open_session(point, "P01", TODAY, controller="controller")
    made, real = [], backup.make_backup
    monkeypatch.setattr(backup, "make_backup", lambda book, reason, **kw: made.append(reason)
                        or (real(book, reason, **kw) if write else None))
    return sessions.current_session(point, "P01"), made


def test_a_close_applied_in_a_savepoint_is_backed_up_once_its_transaction_commits(
        point, monkeypatch):
    """An enrolment pack or an office bundle applies other laptops' closes in savepoints: a
    backup came at each savepoint, a copy of the book as it was before the transaction (the
    demo's enrolment made 72, decision 0256), and none after the commit."""
    folder = paths.backups_dir(point.data_dir)
    session, made = _open_counting_backups(point, monkeypatch)
    with point.transaction():
        with point.db.begin_nested():
            sessions.close_session(point, session.id, {}, approved_by=Approval("controller", PW))
        assert made == []
    assert made == ["close"]
    con = sqlite3.connect(backup.backups(folder)[-1][1])
    assert con.execute("SELECT status FROM session").fetchone()[0] == "closed"
    con.close()


def test_daily_backup_once_a_day(office):
    day = dt.datetime(2026, 3, 15, 8, 0)
    assert backup.daily(office, now=day) is not None
    assert backup.daily(office, now=day.replace(hour=17)) is None
    assert backup.daily(office, now=day + dt.timedelta(days=1)) is not None


def test_thinning_keeps_days_weeks_and_months():
    today = dt.date(2026, 12, 31)
    stamps = [dt.datetime(2026, 1, 1, 18) + dt.timedelta(days=d, hours=h)
              for d in range(365) for h in (0, 2)]
    kept = backup.to_keep(stamps, today)
    recent = {s.date() for s in kept if (today - s.date()).days < backup.DAYS}
    assert len(recent) == backup.DAYS            # one a day this week
    assert len({s.isocalendar()[:2] for s in kept}) >= backup.WEEKS
    assert len({(s.year, s.month) for s in kept}) == 12
    assert len(kept) < 7 + 8 + 12 + 3
    assert max(stamps) in kept


def test_the_backup_command_and_restore_in_salvage_mode(point, tmp_path, monkeypatch, capsys):
    data = point.data_dir
    before = ops(point)
    point.close()
    assert main(["backup", "--data-dir", str(data)]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["operations"] == before
    # Later work on the laptop, then the laptop's disk is lost: the backup is restored.
    book = open_book(data)
    book.sign_in("teller", PW)
    sessions.open_session(book, "P01", TODAY, controller="controller")
    book.close()
    assert main(["restore", made["path"], "--data-dir", str(data)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["salvage"] and result["operations"] == before
    assert backup.verify(Path(result["previous_book"])) == before + 1
    book = open_book(data)
    try:
        assert ops(book) == before and book.setting(backup.SALVAGE_KEY) == "1"
    finally:
        book.close()


def test_an_encrypted_copy_for_the_stick(office, tmp_path, monkeypatch, capsys):
    usb = tmp_path / "usb"
    monkeypatch.setenv("SBPDESK_BACKUP_PASSPHRASE", "mật khẩu dài")
    data = office.data_dir
    before = ops(office)
    assert main(["backup", "--data-dir", str(data), "--to", str(usb)]) == 0
    path = Path(json.loads(capsys.readouterr().out)["path"])
    assert path.parent == usb and path.suffix == ".sbpbackup"
    assert b"SQLite format" not in path.read_bytes()
    monkeypatch.setenv("SBPDESK_BACKUP_PASSPHRASE", "wrong passphrase")
    assert main(["restore", str(path), "--data-dir", str(tmp_path / "other")]) == 2
    assert "Wrong backup passphrase" in capsys.readouterr().err
    monkeypatch.setenv("SBPDESK_BACKUP_PASSPHRASE", "mật khẩu dài")
    assert main(["restore", str(path), "--data-dir", str(tmp_path / "other")]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["operations"] == before and not result["salvage"]   # an office book


def test_a_full_stick_says_so_and_leaves_nothing(office, small_disk):
    """Before: the ENOSPC of a full stick came out of `sbpdesk backup --to` as a traceback."""
    from tests.conftest import fill
    filler = fill(small_disk)
    before = ops(office)
    with pytest.raises(DomainError) as e:
        backup.export_encrypted(office, small_disk, "mật khẩu dài")
    assert e.value.code == "disk_full" and "Ổ đĩa đầy" in e.value.message("vi")
    assert "Disk full" in e.value.message("en")
    assert [p.name for p in small_disk.iterdir()] == [filler.name]   # no partial file left
    assert ops(office) == before
    filler.unlink()
    assert backup.export_encrypted(office, small_disk, "mật khẩu dài").exists()


def test_a_later_savepoint_rolled_back_keeps_the_backup_of_an_earlier_close(
        point, monkeypatch):
    """Seen (h14): a rolled-back savepoint after the one that applied a close (a later chunk
    of the same bundle refused) cleared the pending backup: the commit made none."""
    session, made = _open_counting_backups(point, monkeypatch)
    with point.transaction():
        with point.db.begin_nested():
            sessions.close_session(point, session.id, {}, approved_by=Approval("controller", PW))
        nested = point.db.begin_nested()
        nested.rollback()
    assert made == ["close"]


def test_a_close_in_a_savepoint_rolled_back_makes_no_backup(point, monkeypatch):
    session, made = _open_counting_backups(point, monkeypatch, write=False)
    with point.transaction():
        nested = point.db.begin_nested()
        sessions.close_session(point, session.id, {}, approved_by=Approval("controller", PW))
        point.db.flush()
        nested.rollback()
    assert made == []
