"""Issue 14, "1.366 × 768 fits" and "no internal code in any text": what the screenshots of
every page at 1366×768 showed a teller (docs/screenshots/): member names cut on the borrower
page, the application list's amount and status out of sight, a programme code on the
borrower's loans tab, "thừa/thiếu -59 đ" on the reports page, the office as its code "BB" on
the sync page, and Alt+L on the sheet reaching the reason box before the filter."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sbpdesk.app import show_examples

from .keys import press
from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    call,
    gui,
    settle,
    show,
    worker,
)


def _programmes(worker):
    def read(book):
        from sbpdesk.services import reference
        return reference.programme_names(book)
    return call(worker, read)


def _borrower(window, worker):
    show_examples(window, worker, "borrower")
    page = show(window, "borrower")
    settle(worker)
    assert page.member_model.rowCount() and page.loan_model.rowCount()
    return page


def test_member_names_are_not_cut_on_the_borrower_page_at_1366(gui):
    window, worker, state = gui
    page = _borrower(window, worker)
    view = page.member_view
    assert view.columnWidth(0) >= view.sizeHintForColumn(0)


def test_the_borrowers_loans_tab_names_the_programme_not_its_code(gui):
    window, worker, state = gui
    page = _borrower(window, worker)
    names = _programmes(worker)
    column = page.loan_model.column_index("programme_code")
    for n, loan in enumerate(page.loan_model.rows()):
        shown = page.loan_model.index(n, column).data()
        assert shown == names[loan.programme_code] and shown != loan.programme_code


def test_the_application_list_shows_the_amount_and_the_status_at_1366(gui):
    window, worker, state = gui
    show_examples(window, worker, "application")
    page = show(window, "application")
    settle(worker)
    view, model = page.app_view, page.app_model
    assert model.rowCount()
    for key in ("amount", "status"):
        column = model.column_index(key)
        right = view.columnViewportPosition(column) + view.columnWidth(column)
        assert view.columnViewportPosition(column) >= 0 and right <= view.viewport().width(), key


def test_the_reports_page_says_thua_or_thieu_not_both_with_a_sign(gui):
    window, worker, state = gui
    page = show(window, "reports")
    text = page.session_info.text()
    assert text.startswith("Phiên ngày")
    assert "thừa/thiếu" not in text and "-" not in text.split("chi ")[1], text


def test_the_sync_page_names_the_office_not_its_code(gui):
    window, worker, state = gui
    page = show(window, "sync")
    text = page.message.text()
    assert "PGD Bắc Bình" in text or "Phòng giao dịch" in text, text
    assert "phòng giao dịch BB" not in text


def test_alt_l_on_the_sheet_reaches_the_filter(gui):
    """F1 says Alt+L is the filter; the reason box's label took the same letter."""
    window, worker, state = gui
    sheet = show(window, "sheet")
    sheet.view.setFocus()
    press(sheet.view, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is sheet.filter_box
