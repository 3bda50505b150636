"""Issue 14, "typed amounts vanish without a word": what is typed on the 13/TD sheet is kept as
a draft in the book until saved or discarded, through a page switch, a group change, opening
the session, closing the window and a power cut; a rounding difference needs no controller."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .keys import press
from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    call,
    clock,
    gui,
    open_session,
    settle,
    show,
    sign_in,
    type_amount,
    type_in_cell,
    worker,
)


def _typed(sheet):
    return {(r.line.person_id, r.line.loan_id): (r.interest, r.savings)
            for r in sheet.model.rows() if r.entered}


def _type_two(sheet):
    rows = [n for n, r in enumerate(sheet.model.rows()) if r.line.status == "active"][:2]
    type_in_cell(sheet.view, rows[0], "interest", "12000")
    type_in_cell(sheet.view, rows[1], "savings", "50000")
    settle(sheet.worker)
    typed = _typed(sheet)
    assert len(typed) == 2
    return typed


def _draft(worker, group_id):
    def read(book):
        from sbpdesk.services import drafts
        return drafts.sheet_draft(book, group_id, None) or drafts.sheet_draft(
            book, group_id, book.db.scalar(__import__("sqlalchemy").text(
                "select id from session where status='open'")))
    return call(worker, read)


def test_typed_amounts_survive_a_page_switch(gui, qtbot):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    typed = _type_two(sheet)
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)   # Ctrl+4
    settle(worker)
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)   # Ctrl+3
    settle(worker)
    assert window.current_key() == "sheet"
    assert _typed(sheet) == typed
    assert "Bản nháp chưa lưu: 2 dòng" in sheet.draft_note.text()


def test_typed_amounts_survive_an_arrow_key_on_the_group_box(gui, qtbot):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    first = sheet.sheet.group_id
    typed = _type_two(sheet)
    sheet.group_box.setFocus()
    press(sheet.group_box, Qt.Key.Key_Down)
    settle(worker)
    assert sheet.sheet.group_id != first and not _typed(sheet)
    press(sheet.group_box, Qt.Key.Key_Up)
    settle(worker)
    assert sheet.sheet.group_id == first and _typed(sheet) == typed


def test_typed_amounts_survive_opening_the_session(gui, qtbot):
    window, worker, state = gui
    sheet = show(window, "sheet")
    typed = _type_two(sheet)                      # typed before the session was open
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    assert _typed(sheet) == typed


def test_typed_amounts_survive_a_power_cut(gui, qtbot, app, book_dir):
    """Nothing is flushed at exit: a second program on the same book finds the draft."""
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    typed = _type_two(sheet)
    from sbpdesk.app import build_window, make_state
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    other = DbWorker(lambda: open_book(book_dir, clock=clock))
    try:
        again = build_window(other, make_state(sign_in(other)))
        qtbot.addWidget(again)
        again_sheet = show(again, "sheet")
        assert again_sheet.sheet.group_id == sheet.sheet.group_id
        assert _typed(again_sheet) == typed
        again.close()
    finally:
        other.close()


def test_closing_the_window_with_typed_amounts_asks_and_discard_forgets(gui, qtbot,
                                                                         questions):
    window, worker, state = gui
    sheet = show(window, "sheet")
    _type_two(sheet)
    group = sheet.sheet.group_id
    questions.answers[:] = ["draft"]
    show(window, "home")                        # leaving the page asks too (kept as draft)
    questions.answers[:] = ["stay"]
    assert window.close() is False and window.current_key() == "sheet"
    title, text, choices = questions[1]
    assert title == "Thoát chương trình" and "2 dòng đã nhập" in text
    assert choices == ["draft", "save", "discard", "stay"]
    questions.answers[:] = ["discard"]
    assert window.close() is True
    settle(worker)
    assert _draft(worker, group) is None


def test_saving_the_group_removes_its_draft(gui, qtbot):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    _type_two(sheet)
    group = sheet.sheet.group_id
    assert _draft(worker, group) is not None
    sheet.save_button.click()
    settle(worker)
    assert sheet.last_result is not None, sheet.error.text()
    assert _draft(worker, group) is None and not _typed(sheet)


def test_a_hand_over_difference_inside_the_tolerance_asks_no_controller(gui, qtbot):
    """Trial: counting 4.976.000 for 4.975.857 asked the controller's password for 143 đ."""
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    row = next(n for n, r in enumerate(sheet.model.rows()) if r.line.savings_account_id)
    type_in_cell(sheet.view, row, "savings", "5857")
    type_amount(sheet.counted, "6000")
    assert sheet.difference.text() == "làm tròn +143 đ"
    sheet.save_button.click()
    settle(worker)
    assert sheet._approval is None and sheet.reason_error.text() == ""
    assert sheet.last_result is not None and sheet.last_result.difference is not None
