"""Issue 14, "keys": Enter did not press a page's default button (only the sheet's counted
cash and reason did, by hand). Enter in a field presses the page's "Primary" button nearest
to it; not in a table, on a button, or in a field whose Enter does something else."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from PySide6.QtCore import Qt

from .keys import press
from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    count_notes,
    gui,
    settle,
    show,
    worker,
)


def test_enter_in_a_field_opens_the_session(gui, qtbot):
    window, worker, state = gui
    page = show(window, "session")
    page.controller_box.setCurrentIndex(page.controller_box.findData("controller"))
    count_notes(page.opening_count.spins, {500_000: 100})
    spin = page.opening_count.spins[500_000]
    press(spin, Qt.Key.Key_Return)
    settle(worker)
    assert state.session is not None, page.open_error.text()


def test_enter_in_a_field_submits_the_application_form(gui, qtbot):
    window, worker, state = gui
    page = show(window, "application")
    page.purpose.setFocus()
    press(page.purpose, Qt.Key.Key_Return)            # nobody chosen: the submit says so
    assert page.borrower_error.text().startswith("Chưa chọn người vay")


def test_enter_in_a_table_or_the_search_box_does_not_submit(gui, qtbot):
    window, worker, state = gui
    page = show(window, "application")
    page.person_view.setFocus()
    press(page.person_view, Qt.Key.Key_Return)
    page.search.setFocus()
    press(page.search, Qt.Key.Key_Return)
    assert page.borrower_error.text() == ""
