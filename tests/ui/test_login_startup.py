"""Start-up (issue 7, docs/decisions/0044-start-up-first-window.md): the sign-in dialog is
shown before the book is open, typing works at once, a sign-in pressed meanwhile waits behind
the open on the same worker, and the dialog learns from the open whether the book is a demo
— or why it could not be opened."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from sbpdesk import app as A
from sbpdesk import paths
from sbpdesk.services import books
from sbpdesk.ui import i18n

from .keys import press, type_text
from .pages_support import PASSWORD, book_dir  # noqa: F401 - fixture


@pytest.fixture
def gate(monkeypatch):
    """Opening a book waits until `gate.set()`: the open is still running meanwhile."""
    event = threading.Event()
    real = books.open_book

    def slow_open(*args, **kwargs):
        assert event.wait(20), "the test never let the book open"
        return real(*args, **kwargs)
    monkeypatch.setattr(books, "open_book", slow_open)
    yield event
    event.set()


@pytest.fixture
def opened(app):
    """Workers to close at the end, on the GUI thread's terms (see pages_support.worker)."""
    workers = []
    gc.collect()
    yield workers
    for w in workers:
        w.close()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QCoreApplication.sendPostedEvents(None, 0)
    QCoreApplication.processEvents()
    gc.collect()


def sign_in_dialog(qtbot, opened, folder, demo=False):
    holder: dict = {}
    worker = A.book_worker(folder, holder)
    opened.append(worker)
    dialog = A.open_sign_in(worker, holder, demo=demo)
    qtbot.addWidget(dialog)
    return dialog, worker, holder


def test_sign_in_is_shown_before_the_book_opens(app, qtbot, book_dir, gate, opened):
    dialog, worker, holder = sign_in_dialog(qtbot, opened, book_dir)
    assert dialog.isVisible() and dialog.windowHandle().isExposed()
    assert "book" not in holder and worker.is_busy()          # still opening
    assert dialog.focusWidget() is dialog.username
    type_text(dialog.username, "teller")                       # typing works at once
    press(dialog.username, Qt.Key.Key_Tab)
    type_text(dialog.password, PASSWORD)
    press(dialog.password, Qt.Key.Key_Return)                  # queued behind the open
    assert dialog.opening_note.isVisible()
    assert dialog.opening_note.text() == "Đang mở sổ dữ liệu…"
    assert not dialog.sign_in_button.isEnabled() and dialog.user is None
    assert worker.pending == 2 and "book" not in holder

    gate.set()
    qtbot.waitUntil(lambda: dialog.user is not None, timeout=20_000)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.user.username == "teller" and dialog.user.demo
    assert dialog.username.text() == "teller"                  # what was typed stays
    assert dialog.demo_banner.isVisibleTo(dialog)              # learnt from the open
    assert not dialog.opening_note.isVisible()


def test_the_demo_username_is_filled_in_when_the_book_has_opened(app, qtbot, book_dir, gate,
                                                                  opened):
    dialog, worker, _ = sign_in_dialog(qtbot, opened, book_dir)
    assert dialog.username.text() == "" and not dialog.demo_banner.isVisibleTo(dialog)
    gate.set()
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=20_000)
    assert dialog.username.text() == "teller" and dialog.demo_banner.isVisibleTo(dialog)
    assert dialog.focusWidget() is dialog.password
    type_text(dialog.password, "sai")
    press(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.password_error.isVisibleTo(dialog), timeout=20_000)
    assert dialog.password_error.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert dialog.user is None and dialog.isVisible()


def test_a_guessed_demo_is_corrected_and_a_typed_username_kept(app, qtbot, book_dir, gate,
                                                                opened, monkeypatch):
    monkeypatch.setattr(A, "_is_demo", lambda book: False)     # as if it were a real book
    dialog, worker, _ = sign_in_dialog(qtbot, opened, book_dir, demo=True)
    assert dialog.username.text() == "teller" and dialog.demo_banner.isVisibleTo(dialog)
    assert dialog.focusWidget() is dialog.password
    gate.set()
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=20_000)
    assert dialog.username.text() == "" and not dialog.demo_banner.isVisibleTo(dialog)
    assert dialog.focusWidget() is dialog.username

    monkeypatch.setattr(A, "_is_demo", lambda book: True)
    other, worker2, _ = sign_in_dialog(qtbot, opened, book_dir)
    type_text(other.username, "controller")                    # typed before the open ends
    qtbot.waitUntil(lambda: not worker2.is_busy(), timeout=20_000)
    assert other.username.text() == "controller" and other.demo_banner.isVisibleTo(other)


def test_an_open_error_shows_in_the_dialog_translated(app, qtbot, tmp_path, opened):
    dialog, worker, _ = sign_in_dialog(qtbot, opened, tmp_path / "no-book")
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=20_000)
    assert dialog.general_error.isVisibleTo(dialog)
    assert dialog.general_error.text().startswith("Chưa có sổ dữ liệu trong")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    qtbot.waitUntil(lambda: dialog.general_error.text().startswith("No book in"), timeout=2000)
    assert dialog.opening_note.text() == "Opening the data book…"
    type_text(dialog.username, "teller")
    type_text(dialog.password, PASSWORD)
    press(dialog.password, Qt.Key.Key_Return)                  # tries to open again
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=20_000)
    assert dialog.general_error.text().startswith("No book in")
    assert dialog.user is None and dialog.isVisible()
    i18n.install_translator(app, "vi")


def test_the_demo_layout_is_guessed_without_opening_anything(tmp_path):
    root = tmp_path / "demo"
    for name in ("office", "point"):
        (root / name).mkdir(parents=True)
    assert not A.looks_like_demo(root / "point")
    paths.book_path(root / "office").write_bytes(b"")
    assert A.looks_like_demo(root / "point")
    assert not A.looks_like_demo(root / "office")


def test_the_collector_is_turned_back_on_when_start_up_fails_early(monkeypatch, tmp_path):
    """`run` pauses the cyclic collector for start-up; a failure before the window (here: the
    data folder cannot be resolved) must not leave it off for the rest of the process."""
    def unreadable(_data_dir):
        raise PermissionError("the data folder cannot be read")
    monkeypatch.setattr(A, "resolve_folder", unreadable)
    assert gc.isenabled()
    try:
        with pytest.raises(PermissionError):
            A.run(data_dir=str(tmp_path))
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
