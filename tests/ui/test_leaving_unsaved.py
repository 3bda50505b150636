"""Issue 14 review, "leaving with unsaved entries must ask": switching page (Ctrl+4, Ctrl+3)
or group with typed sheet entries kept them silently, and the close question had no "save".
Now each asks keep as draft / save / discard / stay; "save" is the sheet's own save
(`collections.record_group`), and a refused save keeps the teller where they were, with the
error and everything typed."""
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
    type_in_cell,
    worker,
)

CHOICES = ["draft", "save", "discard", "stay"]


def _type_two(sheet):
    rows = [n for n, r in enumerate(sheet.model.rows()) if r.line.status == "active"][:2]
    type_in_cell(sheet.view, rows[0], "interest", "12000")
    type_in_cell(sheet.view, rows[1], "savings", "50000")
    settle(sheet.worker)
    typed = {(r.line.person_id, r.line.loan_id): (r.interest, r.savings)
             for r in sheet.model.rows() if r.entered}
    assert len(typed) == 2
    return typed


def _typed(sheet):
    return {(r.line.person_id, r.line.loan_id): (r.interest, r.savings)
            for r in sheet.model.rows() if r.entered}


def _draft_lines(worker, group_id) -> int:
    def read(book):
        from sqlalchemy import text

        from sbpdesk.services import drafts
        session = book.db.scalar(text("select id from session where status='open'"))
        draft = drafts.sheet_draft(book, group_id, session) or drafts.sheet_draft(
            book, group_id, None)
        return len(draft.lines) if draft else 0
    return call(worker, read)


def _collections(worker, group_id) -> int:
    def read(book):
        from sqlalchemy import text
        return book.db.scalar(text(
            "select count(*) from operation where kind='collection.record' "
            "and session_id=(select id from session where status='open')"))
    return call(worker, read)


def _ctrl(window, key):
    QTest.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    settle(window.worker)


def test_switching_page_with_typed_amounts_asks_save_draft_or_discard(gui, qtbot, questions):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    typed = _type_two(sheet)
    questions.answers[:] = ["stay"]
    _ctrl(window, Qt.Key.Key_4)
    title, text, choices = questions[-1]
    assert choices == CHOICES and "2 dòng đã nhập" in text and "13/TD" in text
    assert window.current_key() == "sheet" and window.nav.currentRow() == 2
    assert _typed(sheet) == typed
    questions.answers[:] = ["discard"]
    _ctrl(window, Qt.Key.Key_4)
    assert window.current_key() != "sheet"
    assert _draft_lines(worker, sheet.sheet.group_id) == 0
    _ctrl(window, Qt.Key.Key_3)
    assert window.current_key() == "sheet" and not _typed(sheet)


def test_keep_as_draft_on_leaving_the_page_keeps_the_rows(gui, qtbot, questions):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    typed = _type_two(sheet)
    questions.answers[:] = ["draft"]
    _ctrl(window, Qt.Key.Key_4)
    assert len(questions) == 1 and window.current_key() != "sheet"
    _ctrl(window, Qt.Key.Key_3)
    assert _typed(sheet) == typed and _draft_lines(worker, sheet.sheet.group_id) == 2


def test_save_on_leaving_the_page_goes_through_the_sheets_save(gui, qtbot, questions):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    _type_two(sheet)
    group = sheet.sheet.group_id
    target = window.keys()[3]
    questions.answers[:] = ["save"]
    _ctrl(window, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: window.current_key() == target, timeout=10_000)
    assert sheet.last_result is not None and len(sheet.last_result.posted) == 2
    assert _collections(worker, group) == 2 and _draft_lines(worker, group) == 0
    _ctrl(window, Qt.Key.Key_3)
    assert not _typed(sheet) and len(questions) == 1


def test_a_refused_save_on_leaving_keeps_the_teller_on_the_sheet(gui, qtbot, questions):
    """No session is open: the save button would refuse, so "save" on leaving refuses too."""
    window, worker, state = gui
    sheet = show(window, "sheet")
    typed = _type_two(sheet)
    questions.answers[:] = ["save"]
    _ctrl(window, Qt.Key.Key_4)
    assert window.current_key() == "sheet" and window.nav.currentRow() == 2
    assert "Chưa mở phiên giao dịch" in sheet.error.text()
    assert _typed(sheet) == typed and _draft_lines(worker, sheet.sheet.group_id) == 2
    assert sheet._after_save is None     # a later save by the button goes nowhere else


def test_changing_group_with_typed_amounts_asks(gui, qtbot, questions):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    first = sheet.sheet.group_id
    typed = _type_two(sheet)
    sheet.group_box.setFocus()
    questions.answers[:] = ["stay"]
    press(sheet.group_box, Qt.Key.Key_Down)
    settle(worker)
    assert questions[-1][2] == CHOICES and sheet.sheet.group_name in questions[-1][1]
    assert sheet.sheet.group_id == first and _typed(sheet) == typed
    assert sheet.group_box.currentData() == first
    questions.answers[:] = ["save"]
    press(sheet.group_box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: sheet.sheet.group_id != first, timeout=10_000)
    assert sheet.last_result is not None and _collections(worker, first) == 2
    assert _draft_lines(worker, first) == 0 and not _typed(sheet)


def test_closing_with_typed_amounts_offers_save_and_still_reminds_of_the_session(
        gui, qtbot, questions):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    _type_two(sheet)
    group = sheet.sheet.group_id
    questions.answers[:] = ["save", "quit"]
    assert window.close() is False           # not before the save is in the book
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    (_, text, choices), (_, reminder, _) = questions
    assert choices == CHOICES and "2 dòng đã nhập" in text
    assert "vẫn đang mở" in reminder
    assert _collections(worker, group) == 2 and _draft_lines(worker, group) == 0


def test_the_navigation_shows_the_page_asked_about_while_asking(gui, qtbot, questions,
                                                                 monkeypatch):
    """Seen: while "keep / save / discard / stay" was up, the navigation already highlighted
    the page being opened, as if the sheet had been left."""
    from sbpdesk.ui import errors
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    _type_two(sheet)
    rows_seen = []
    answer = errors.ask

    def ask(*args, **kwargs):
        rows_seen.append(window.nav.currentRow())
        return answer(*args, **kwargs)
    monkeypatch.setattr(errors, "ask", ask)
    questions.answers[:] = ["draft"]
    _ctrl(window, Qt.Key.Key_4)
    assert rows_seen == [2]                       # the sheet's row, not the 4th page's
    assert window.current_key() == window.keys()[3] and window.nav.currentRow() == 3
