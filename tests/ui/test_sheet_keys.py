"""Issue 14, "keys": 86 keyboard-only keys for a group (51 arrows), Shift+F5 overwrote the
exceptions typed, Ctrl+Z did nothing, Tab could not leave the table, Enter pressed no default
button, focus jumped to the menu after saving, F1 listed none of the sheet keys."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .keys import press
from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    call,
    gui,
    open_session,
    settle,
    show,
    type_in_cell,
    worker,
)

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


class Keyboard:
    """Sends keys to whatever has the focus, as a person at the keyboard, and counts them."""

    def __init__(self, window):
        self.window, self.count = window, 0

    def key(self, key, modifier=Qt.KeyboardModifier.NoModifier):
        QTest.keyClick(QApplication.focusWidget() or self.window, key, modifier)
        self.count += 1
        QCoreApplication.processEvents()
        settle(self.window.worker)

    def type(self, text: str):
        for ch in text:
            QTest.keyClick(QApplication.focusWidget() or self.window, ch)
            self.count += 1
            QCoreApplication.processEvents()


def _sheet(window, qtbot):
    open_session(window, qtbot)
    return show(window, "sheet")


def _due_rows(sheet):
    return [n for n, r in enumerate(sheet.model.rows()) if r.line.loan_id and r.line.interest_due]


def test_shift_f5_fills_only_rows_not_yet_touched(gui, qtbot):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    row = _due_rows(sheet)[1]
    type_in_cell(sheet.view, row, "interest", "0")          # this member did not pay
    sheet.view.setFocus()
    press(sheet.view, Qt.Key.Key_F5, SHIFT)
    assert sheet.model.row_at(row).interest == 0
    assert all(sheet.model.row_at(n).interest for n in _due_rows(sheet) if n != row)


def test_ctrl_z_undoes_and_ctrl_y_redoes_sheet_edits(gui, qtbot):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    row = _due_rows(sheet)[0]
    type_in_cell(sheet.view, row, "interest", "1000")
    sheet.view.setFocus()
    press(sheet.view, Qt.Key.Key_F5, SHIFT)
    filled = sheet.handover_amount()
    press(sheet.view, Qt.Key.Key_Z, CTRL)                   # undo "thu đủ cả tổ"
    assert sheet.handover_amount() == 1000 + sum(
        r.savings for r in sheet.model.rows())
    press(sheet.view, Qt.Key.Key_Z, CTRL)                   # undo the cell
    assert sheet.model.row_at(row).interest == 0
    press(sheet.view, Qt.Key.Key_Y, CTRL)
    press(sheet.view, Qt.Key.Key_Y, CTRL)
    assert sheet.handover_amount() == filled


def test_tab_leaves_the_table(gui, qtbot):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    sheet.view.setFocus()
    press(sheet.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not sheet.view


def test_enter_presses_the_default_button(gui, qtbot):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    sheet.counted.setFocus()
    press(sheet.counted, Qt.Key.Key_Return)                 # nothing typed: Save says so
    assert sheet.error.text() == "Chưa nhập số tiền nào."


def test_focus_stays_on_the_sheet_after_saving_and_ctrl_p_prints(gui, qtbot):
    window, worker, state = gui
    sheet = _sheet(window, qtbot)
    sheet.view.setFocus()
    press(sheet.view, Qt.Key.Key_F5, SHIFT)
    sheet.save_button.setFocus()                            # "Lưu cả tổ" pressed with Space
    press(sheet.save_button, Qt.Key.Key_Space)
    settle(worker)
    assert sheet.last_result is not None, sheet.error.text()
    assert QApplication.focusWidget() is sheet.view
    press(sheet.view, Qt.Key.Key_P, CTRL)
    settle(worker)
    qtbot.waitUntil(lambda: sheet.print_dialog is not None, timeout=20_000)
    sheet.print_dialog.close()


def test_f1_lists_every_key_of_the_page(gui, qtbot):
    window, worker, state = gui
    _sheet(window, qtbot)
    text = window.help_text()
    for key in ("Ctrl+G", "Shift+F5", "Ctrl+Z", "Ctrl+S", "Ctrl+P", "Alt+L"):
        assert key in text, key


def test_a_group_with_five_exceptions_in_40_keys_or_fewer(gui, qtbot):
    """The trial: a group, five exceptions, from the keyboard alone. Each exception is a
    member who did not come: go to his STT, type 0; "thu đủ" fills the rest; save."""
    window, worker, state = gui
    open_session(window, qtbot)
    state.group_id = call(worker, lambda book: _largest_group(book, state))
    show(window, "home")
    keys = Keyboard(window)
    keys.key(Qt.Key.Key_3, CTRL)                             # Ctrl+3: the sheet
    sheet = window.page("sheet")
    rows = sheet.model.rows()
    owing = [r.no for r in rows if r.line.loan_id and (r.line.interest_due
                                                         or r.line.principal_due)]
    # The test demo's groups are small (the largest has a handful of lines): as many
    # exceptions as leave one member to fill, up to the trial's five. The keys per exception
    # do not depend on the group's size (go-to, not arrows), so 3 + 6 x 5 = 33 for the trial.
    # The member left to fill owes something ("thu đủ" has a line to fill).
    absent = (owing[:-1] + [r.no for r in rows if r.no not in owing])[:min(5, len(rows) - 1)]
    assert len(absent) >= 3, len(rows)
    for no in absent:
        keys.key(Qt.Key.Key_G, CTRL)
        keys.type(str(no))
        keys.key(Qt.Key.Key_Return)                          # at his interest cell
        keys.type("0")
        keys.key(Qt.Key.Key_Return)
    keys.key(Qt.Key.Key_F5, SHIFT)                           # thu đủ: the others
    keys.key(Qt.Key.Key_S, CTRL)                             # save the group
    settle(worker)
    assert sheet.last_result is not None, sheet.error.text()
    paid = {p for p in (x.person_id for x in sheet.last_group.lines)}
    assert paid and keys.count <= 3 + 6 * len(absent) <= 40, keys.count
    by_no = {r.no: (r.line.person_id, r.line.loan_id) for r in rows}
    posted = call(worker, lambda book: _collected_people(book, state.session.id))
    assert not posted & {by_no[n] for n in absent}
    due = {(r.line.person_id, r.line.loan_id) for r in rows
           if r.line.loan_id and (r.line.interest_due or r.line.principal_due)}
    assert posted == due - {by_no[n] for n in absent}


def _collected_people(book, session_id):
    from sbpdesk.db.models import Operation
    from sbpdesk.services import journal
    from sbpdesk.services.ui_queries import session_operations
    ids = [o.op_id for o in session_operations(book, session_id) if o.kind == "collection.record"]
    payloads = [journal.to_entry(book.db.get(Operation, i)).payload for i in ids]
    return {(p["person_id"], p.get("loan_id")) for p in payloads}


def _largest_group(book, state):
    """The point's group with the most members owing interest today (the trial's was 50)."""
    from sbpdesk.services import collections, groups
    day = state.session.business_date

    def owing(group_id):
        sheet = collections.group_sheet(book, group_id, day)
        return (sum(1 for x in sheet.lines if x.loan_id and x.interest_due), len(sheet.lines))
    return max((g.id for g in groups.list_groups(book, state.point_code)), key=owing)
