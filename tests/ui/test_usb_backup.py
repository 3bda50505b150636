"""An encrypted copy of the book on a USB stick in one click from the settings page (issue 21):
the passphrase twice, a clear refusal when they differ or are short, a full stick said so;
the copy written is the book (decrypted and counted). Real office book, worker and widgets."""
from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from tests.conftest import NOW, fill, make_office

from .pages_support import call

PASSPHRASE = "mat-khau-ban-sao"


@pytest.fixture
def office_worker(app, tmp_path):
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    make_office(tmp_path / "office", lambda: NOW).close()
    gc.collect()
    w = DbWorker(lambda: open_book(tmp_path / "office", clock=lambda: NOW))
    yield w
    w.close()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QCoreApplication.sendPostedEvents(None, 0)
    QCoreApplication.processEvents()
    gc.collect()


def settings_page(qtbot, worker, tmp_path):
    from sbpdesk.ui.pages.common import AppState
    from sbpdesk.ui.pages.settings import SettingsPage
    page = SettingsPage(worker, AppState(data_dir=tmp_path / "office", book_role="office"))
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.usb_backup_button, Qt.MouseButton.LeftButton)
    dialog = page.backup_dialog
    assert dialog is not None and dialog.isVisible()
    return page, dialog


def press(qtbot, dialog, passphrase: str, repeat: str) -> None:
    dialog.password.setText(passphrase)
    dialog.repeat.setText(repeat)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=20_000)


def test_one_click_writes_an_encrypted_copy_of_the_book(qtbot, office_worker, tmp_path):
    from sbpdesk.services import backup
    usb = tmp_path / "usb"
    usb.mkdir()
    page, dialog = settings_page(qtbot, office_worker, tmp_path)
    dialog.choose_folder(str(usb))
    press(qtbot, dialog, PASSPHRASE, "mat-khau-khac")
    assert "không khớp" in dialog.repeat_error.text() and not list(usb.iterdir())
    press(qtbot, dialog, "ngan", "ngan")
    assert "8 ký tự" in dialog.error.text() and not list(usb.iterdir())
    dialog.password.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.path is not None, timeout=30_000)
    written = usb / Path(dialog.path).name
    assert [p.name for p in usb.iterdir()] == [written.name] and written.suffix == ".sbpbackup"
    assert b"SQLite format" not in written.read_bytes()
    assert written.name in page.usb_backup_note.text() and not dialog.isVisible()
    plain = backup.decrypt(written, PASSPHRASE, tmp_path / "plain.sqlite")
    with sqlite3.connect(plain) as con:
        copied = con.execute("SELECT count(*) FROM operation").fetchone()[0]
    assert copied == call(office_worker, lambda book: book.db.execute(
        text("SELECT count(*) FROM operation")).scalar_one())


def test_a_full_stick_is_said_in_the_dialog(qtbot, office_worker, tmp_path, small_disk):
    filler = fill(small_disk)
    _, dialog = settings_page(qtbot, office_worker, tmp_path)
    dialog.choose_folder(str(small_disk))
    press(qtbot, dialog, PASSPHRASE, PASSPHRASE)
    assert "Ổ đĩa đầy" in dialog.drive_error.text() and dialog.isVisible()
    assert [p.name for p in small_disk.iterdir()] == [filler.name]


def test_no_stick_no_folder_says_so(qtbot, office_worker, tmp_path, monkeypatch):
    from sbpdesk.ui import drives
    monkeypatch.setattr(drives, "removable_drives", lambda: [])
    _, dialog = settings_page(qtbot, office_worker, tmp_path)
    assert dialog.drive.count() == 0
    press(qtbot, dialog, PASSPHRASE, PASSPHRASE)
    assert "cắm USB" in dialog.drive_error.text()
