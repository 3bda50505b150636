"""The group collection sheet: dues, "thu đủ", refusals in the cell, warnings, one-transaction
save, a counted difference approved by the controller."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from .pages_support import (  # noqa: F401 - fixtures
    approve,
    book_dir,
    call,
    focus_type,
    gui,
    open_session,
    settle,
    show,
    type_amount,
    type_in_cell,
    worker,
)


def _loan_rows(sheet):
    return [n for n, r in enumerate(sheet.model.rows()) if r.line.loan_id and r.line.interest_due]


def test_sheet_without_a_session_is_read_only(gui):
    window, worker, state = gui
    sheet = show(window, "sheet")
    assert sheet.model.rowCount() > 0 and sheet.session_note.isVisible()
    sheet.fill_all_button.click()
    sheet.save_button.click()
    assert "Chưa mở phiên" in sheet.error.text()


def test_interest_above_what_may_be_paid_is_refused_and_partial_warns(gui, qtbot):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    row = _loan_rows(sheet)[0]
    line = sheet.model.row_at(row).line
    due, payable = line.interest_due, line.interest_payable
    type_in_cell(sheet.view, row, "interest", str(payable + 1))
    assert sheet.model.row_at(row).interest == 0
    assert "vượt quá số lãi phải trả" in sheet.error.text()
    type_in_cell(sheet.view, row, "interest", str(due - 1))
    assert sheet.model.row_at(row).state == "partial"
    assert "Trả thiếu" in sheet.warnings.text()
    sheet.fill_row(row)
    assert sheet.model.row_at(row).state == "paid"


def test_save_the_group_with_a_counted_difference(gui, qtbot):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    sheet.fill_all_button.click()
    handover = sheet.handover_amount()
    assert handover > 0
    type_amount(sheet.counted, str(handover - 5_000))
    assert "thiếu 5.000 đ" in sheet.difference.text()
    sheet.save_button.click()
    assert sheet.reason_error.text()
    focus_type(sheet.reason, "Tổ trưởng nộp thiếu")
    sheet.save_button.click()
    approve(sheet, qtbot)
    assert sheet.last_result is not None, sheet.error.text()
    assert sheet.last_result.difference is not None
    assert sheet.last_result.counted == handover - 5_000
    # Saved: the sheet reloads with the interest paid.
    assert all(r.interest == 0 for r in sheet.model.rows())
    assert sheet.print_button.isEnabled()

    def ops(book):
        from sbpdesk.services import ui_queries
        return ui_queries.session_operations(book, state.session.id)
    kinds = [o.kind for o in call(worker, ops)]
    assert kinds.count("group.handover") == 1 and kinds.count("session.cash_difference") == 1


def test_a_member_whose_card_expired_is_flagged_on_the_sheet(gui, qtbot):
    """Decisions 0079, 0155: the card recorded for a member (issued at 22, valid to the 25th
    birthday) has expired by the sheet's date: ⚠ by the name, the reason in its tooltip."""
    import datetime as dt

    from PySide6.QtCore import Qt
    window, worker, state = gui
    sheet = show(window, "sheet")
    line = sheet.model.row_at(0).line

    def renew(book):
        from sbpdesk.db.models import Person
        from sbpdesk.services import customers
        birth = book.db.get(Person, line.person_id).birth_date
        issued = birth.replace(year=birth.year + 22)
        customers.record_card(book, line.person_id, issued, business_date=book.today())
        return birth.replace(year=birth.year + 25)
    expiry = call(worker, renew)
    assert expiry < dt.date(2026, 3, 5)
    sheet.refresh()
    settle(worker)
    row = next(n for n, r in enumerate(sheet.model.rows()) if r.line.person_id == line.person_id)
    name = sheet.model.index(row, sheet.model.column_index("name"))
    assert name.data() == f"{line.full_name} ⚠"
    assert name.data(Qt.ItemDataRole.ToolTipRole) == \
        f"Thẻ CCCD hết hạn ngày {expiry:%d/%m/%Y}."
    others = [sheet.model.index(n, name.column()) for n in range(sheet.model.rowCount())
              if sheet.model.row_at(n).line.person_id != line.person_id]
    assert others and not any("⚠" in i.data() for i in others)
