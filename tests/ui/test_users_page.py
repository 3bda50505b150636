"""The lock-out seen in windows (decision 0170): the sign-in dialog says how long to wait, in
Vietnamese and English; the office administrator sees who is locked on the users page and
lifts the lock. A real office book on SQLite, the real worker, real widgets."""
from __future__ import annotations

import datetime as dt
import gc

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from sbpdesk.domain.errors import DomainError
from sbpdesk.ui import i18n
from tests.conftest import NOW, PW, make_office

from .pages_support import call, settle


class Clock:
    def __init__(self):
        self.at = NOW

    def __call__(self):
        return self.at


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def office_worker(app, tmp_path, clock):
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    make_office(tmp_path / "office", clock).close()
    gc.collect()
    w = DbWorker(lambda: open_book(tmp_path / "office", clock=clock))
    yield w
    w.close()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QCoreApplication.sendPostedEvents(None, 0)
    QCoreApplication.processEvents()
    gc.collect()


def _press(qtbot, dialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.sign_in_button.isEnabled, timeout=20_000)


def test_the_sign_in_dialog_says_how_long_to_wait_in_both_languages(qtbot, app, office_worker):
    from sbpdesk.ui.login import LoginDialog
    holder = {}

    def verify(username, password):      # runs on the worker: the app signs in this way
        return holder["book"].verify(username, password).username
    call(office_worker, lambda book: holder.setdefault("book", book))
    dialog = LoginDialog(verify, worker=office_worker)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(3):
        _press(qtbot, dialog, "teller", "sai-mat-khau")
        assert "Sai" in dialog.password_error.text()
    _press(qtbot, dialog, "teller", PW)                 # the right password: still waits
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.user is None
    text = dialog.password_error.text()
    assert "tạm khóa" in text and "30 giây" in text and "quản trị" in text
    i18n.install_translator(app, "en")
    qtbot.waitUntil(lambda: "try again in 30 seconds" in dialog.password_error.text())


def test_the_administrator_sees_the_lock_and_lifts_it(qtbot, office_worker, clock):
    from sbpdesk.app import build_window, make_state
    from sbpdesk.services import users
    from sbpdesk.ui.office import visible_pages
    from sbpdesk.ui.pages.users import locked_text

    def fail(book):
        for _ in range(4):
            with pytest.raises(DomainError):
                book.verify("teller", "sai-mat-khau")
        return users.list_users(book)
    call(office_worker, fail)
    window = build_window(office_worker, make_state(_sign_in(office_worker, "admin")))
    qtbot.addWidget(window)
    window.show()
    settle(office_worker)
    assert "users" in list(window.keys())
    assert not {"users"} & {key for role in ("teller", "controller", "credit_officer",
                                             "accountant", "director")
                            for key in visible_pages((role,))}          # the admin's only
    window.show_page("users")
    page = window.page("users")
    qtbot.waitUntil(lambda: page.loaded, timeout=20_000)
    rows = {r.username: r for r in page.model.rows()}
    teller = rows["teller"]
    assert teller.failed_sign_ins == 3 and teller.locked_until == NOW + dt.timedelta(seconds=30)
    assert locked_text(teller) == "15/03/2026 10:00:30"          # Vietnam time
    assert "Giao dịch viên" in page.model.index(list(rows).index("teller"), 2).data()
    page.view.setCurrentIndex(page.model.index(list(rows).index("admin"), 0))
    assert not page.unlock_button.isEnabled()                    # nothing to lift
    page.view.setCurrentIndex(page.model.index(list(rows).index("teller"), 0))
    assert page.unlock_button.isEnabled()
    page.loaded = False
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loaded, timeout=20_000)
    assert {r.username: r for r in page.model.rows()}["teller"].failed_sign_ins == 0
    assert "teller" in page.message.text()
    assert call(office_worker, lambda book: book.verify("teller", PW).username) == "teller"


def test_the_end_of_a_lock_shows_only_while_it_holds(qtbot, office_worker, clock):
    from sbpdesk.app import build_window, make_state
    from sbpdesk.ui.pages.users import locked_text

    def fail(book):
        for _ in range(3):
            with pytest.raises(DomainError):
                book.verify("teller", "sai-mat-khau")
    call(office_worker, fail)
    window = build_window(office_worker, make_state(_sign_in(office_worker, "admin")))
    qtbot.addWidget(window)
    window.show()
    settle(office_worker)
    window.show_page("users")
    page = window.page("users")
    qtbot.waitUntil(lambda: page.loaded, timeout=20_000)
    teller = {r.username: r for r in page.model.rows()}["teller"]
    assert locked_text(teller) == "15/03/2026 10:00:30"
    clock.at = NOW + dt.timedelta(seconds=31)          # the lock has ended
    page.loaded = False
    page.refresh()
    qtbot.waitUntil(lambda: page.loaded, timeout=20_000)
    teller = {r.username: r for r in page.model.rows()}["teller"]
    assert teller.failed_sign_ins == 3                   # still counted, may still be lifted
    assert teller.locked_until is None and locked_text(teller) == "—"


def test_the_laptops_lock_outs_show_per_device(qtbot, office_worker):
    from sbpdesk.app import build_window, make_state
    from sbpdesk.services import auth

    def reported(book):
        with book.transaction():
            auth.record_device_lockouts(book.db, "L-0001", [{
                "user": "teller", "at": NOW.isoformat(), "n": 4,
                "until": (NOW + dt.timedelta(minutes=1)).isoformat()}])
    call(office_worker, reported)
    window = build_window(office_worker, make_state(_sign_in(office_worker, "admin")))
    qtbot.addWidget(window)
    window.show()
    settle(office_worker)
    window.show_page("users")
    page = window.page("users")
    qtbot.waitUntil(lambda: page.loaded, timeout=20_000)
    [row] = page.device_model.rows()
    assert (row.device_id, row.username, row.failures) == ("L-0001", "teller", 4)
    assert page.device_model.index(0, 5).data() == "15/03/2026 10:01:00"


def _sign_in(worker, username):
    from sbpdesk.app import load_workplace

    def go(book):
        book.sign_in(username, PW)
        try:
            return load_workplace(book)
        finally:
            book.end_read()
    return call(worker, go)
