"""Shared helpers of the page and flow tests: one small demo book built once per test run
and copied per test, the GUI signed in on it through the worker, and small drivers.

The demo is built "as of" 05/03/2026 and the book's clock says 05/03/2026 10:00 (Vietnam):
the demo's first point meets on its as-of day and its history stops the day before, so
today's session can be opened as an officer would.
"""
from __future__ import annotations

import datetime as dt
import gc
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from sbpdesk.app import pin_bool_singletons

from .keys import press, type_text

# PySide6 6.12.0 steals a reference to True on every Python-side signal emit; the GUI tests
# emit enough of them to exhaust it (see sbpdesk.app.pin_bool_singletons).
pin_bool_singletons()

AS_OF = dt.date(2026, 3, 5)
TODAY = dt.date(2026, 3, 5)
NOW = dt.datetime(2026, 3, 5, 3, 0, tzinfo=dt.UTC)
PASSWORD = "demo"

_built: dict[str, Path] = {}
_lock = threading.Lock()


def clock():
    return NOW


def demo_point_book(tmp_path_factory) -> Path:
    """The demo's point book, built once per pytest process."""
    with _lock:
        if "point" not in _built:
            from sbpdesk.demo.point import build_point_demo
            from sbpdesk.sync import enrol
            from sbpdesk.sync.keys import KDF_FAST_FOR_TESTS
            enrol.WRAP_PARAMS = KDF_FAST_FOR_TESTS
            root = tmp_path_factory.mktemp("gui-demo")
            build_point_demo(root, households=120, years=1, as_of=AS_OF)
            _built["point"] = root / "point"
    return _built["point"]


@pytest.fixture
def book_dir(tmp_path_factory, tmp_path) -> Path:
    target = tmp_path / "point"
    shutil.copytree(demo_point_book(tmp_path_factory), target)
    return target


@pytest.fixture
def worker(app, book_dir):
    """The DbWorker on the copied book. Garbage is collected on the GUI thread before and
    after each test: a collection that happened to run on the worker thread would destroy
    Qt wrappers of an earlier test's widgets there (PySide then crashes)."""
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    gc.collect()
    w = DbWorker(lambda: open_book(book_dir, clock=clock))
    yield w
    w.close()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QCoreApplication.sendPostedEvents(None, 0)
    QCoreApplication.processEvents()
    gc.collect()


def call(worker, fn):
    """Run `fn(book)` on the worker and return its result (re-raising a DomainError)."""
    out: dict = {}
    worker.run(fn, on_done=lambda r: out.setdefault("result", r),
               on_error=lambda e: out.setdefault("error", e))
    assert worker.wait_idle(20_000)
    if "error" in out:
        raise out["error"]
    return out.get("result")


def settle(worker) -> None:
    from sbpdesk.app import settle as app_settle
    app_settle(worker)


def sign_in(worker, username: str = "teller"):
    from sbpdesk.app import load_workplace

    def go(book):
        book.sign_in(username, PASSWORD)
        try:
            return load_workplace(book)
        finally:
            book.end_read()      # as the app's worker.read does
    return call(worker, go)


@pytest.fixture
def gui(app, qtbot, worker):
    """(window, worker, state): the main window signed in as the demo's teller."""
    from sbpdesk.app import build_window, make_state
    state = make_state(sign_in(worker))
    window = build_window(worker, state)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    settle(worker)
    return window, worker, state


def show(window, key: str):
    window.show_page(key)
    settle(window.worker)
    return window.page(key)


def focus_type(widget, text: str) -> None:
    widget.setFocus()
    type_text(widget, text)


def type_amount(edit, text: str) -> None:
    edit.clear()
    focus_type(edit, text)
    press(edit, Qt.Key.Key_Return)


def type_in_cell(view, row: int, key: str, text: str) -> None:
    """Type into a table cell as an officer does: select it, type, Enter."""
    model = view.model()
    index = model.index(row, model.column_index(key))
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    QCoreApplication.processEvents()
    editor = QApplication.focusWidget()
    if not isinstance(editor, QLineEdit):
        editor = next(w for w in view.viewport().findChildren(QLineEdit) if w.isVisible())
    editor.selectAll()
    type_text(editor, text)
    press(editor, Qt.Key.Key_Return)
    QCoreApplication.processEvents()


def approve(page, qtbot, password: str = PASSWORD, username: str | None = None) -> None:
    """Fill in the approval dialog a page has opened and press Enter."""
    qtbot.waitUntil(lambda: page._approval is not None and page._approval.isVisible(),
                    timeout=5000)
    dialog = page._approval
    if username is not None:
        dialog.username.clear()
        focus_type(dialog.username, username)
    focus_type(dialog.password, password)
    press(dialog.password, Qt.Key.Key_Return)
    settle(page.worker)


def count_notes(spins, notes: dict[int, int]) -> None:
    """Type the pieces of each denomination into a cash count, as an officer does."""
    for denomination, pieces in notes.items():
        spin = spins[denomination]
        spin.setFocus()
        spin.selectAll()
        type_text(spin, str(pieces))


def open_session(window, qtbot, opening: int = 50_000_000):
    page = show(window, "session")
    assert page.date_edit.text() == "05/03/2026"
    page.controller_box.setCurrentIndex(page.controller_box.findData("controller"))
    count_notes(page.opening_count.spins, {500_000: opening // 500_000})
    page.open_button.click()
    settle(window.worker)
    assert window.state.session is not None, page.open_error.text()
    return page
