"""The issue's "Done when", driven through the widgets on a copy of the demo book: log in,
open a session, collect a whole group with two exceptions, print its receipts, register an
application, close the session with a small cash difference — then check the book."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from PySide6.QtCore import Qt

from sbpdesk.ui.login import LoginDialog

from .keys import press, type_text
from .pages_support import (  # noqa: F401 - fixtures
    PASSWORD,
    TODAY,
    approve,
    book_dir,
    call,
    focus_type,
    open_session,
    settle,
    show,
    type_amount,
    type_in_cell,
    worker,
)


def test_a_whole_session(app, qtbot, worker, book_dir, messages):
    from sbpdesk.app import build_window, load_workplace, make_state

    # --- log in to the demo ------------------------------------------------------------------
    holder = {}

    def authenticate(username, password):
        book = holder["book"]
        book.sign_in(username, password)
        return load_workplace(book)
    call(worker, lambda book: holder.setdefault("book", book) and None)
    login = LoginDialog(authenticate, worker=worker, demo=True)
    qtbot.addWidget(login)
    login.show()
    focus_type(login.username, "teller")
    focus_type(login.password, "sai")
    press(login.password, Qt.Key.Key_Return)
    settle(worker)
    assert login.password_error.text() == "Sai tên đăng nhập hoặc mật khẩu."
    login.password.clear()
    focus_type(login.password, PASSWORD)
    with qtbot.waitSignal(login.accepted, timeout=5000):
        press(login.password, Qt.Key.Key_Return)
    state = make_state(login.user)
    assert state.username == "teller" and state.demo and state.today == TODAY
    window = build_window(worker, state)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
    settle(worker)
    assert window.demo_banner.isVisible()

    # --- open a session ---------------------------------------------------------------------
    open_session(window, qtbot)
    session = state.session
    assert session.business_date == TODAY and session.controller == "controller"

    # --- collect a whole group with two exceptions ------------------------------------------
    sheet = show(window, "sheet")
    groups = [i for i in range(sheet.group_box.count())]
    assert groups
    # The first group with at least three loans.
    for i in groups:
        sheet.group_box.setCurrentIndex(i)
        sheet._group_chosen(i)
        settle(worker)
        if sum(1 for r in sheet.model.rows() if r.line.loan_id) >= 3:
            break
    rows = sheet.model.rows()
    loan_rows = [n for n, r in enumerate(rows) if r.line.loan_id and r.line.interest_due]
    assert len(loan_rows) >= 3
    sheet.fill_all_button.click()
    first, second = loan_rows[0], loan_rows[1]
    due = rows[first].line.interest_due
    type_in_cell(sheet.view, first, "interest", str(due - 10_000))     # exception 1: partial
    type_in_cell(sheet.view, second, "savings", "50.000")               # exception 2: savings
    type_in_cell(sheet.view, second, "bl_no", "0012345")
    assert sheet.model.row_at(first).interest == due - 10_000
    assert sheet.model.row_at(second).savings == 50_000
    assert sheet.warnings.isVisible() and rows[first].line.full_name in sheet.warnings.text()
    handover = sheet.handover_amount()
    expected_interest = sum(r.interest for r in sheet.model.rows())
    assert handover == expected_interest + 50_000
    group_id = sheet.sheet.group_id
    sheet.save_button.click()
    settle(worker)
    assert sheet.last_result is not None, sheet.error.text()
    assert sheet.last_result.interest == expected_interest
    assert sheet.last_result.difference is None

    def collected(book):
        from sbpdesk.services import ui_queries
        return ui_queries.session_operations(book, session.id)
    ops = call(worker, collected)
    lines = [o for o in ops if o.kind == "collection.record"]
    assert len(lines) == len(sheet.last_result.posted)
    assert sum(o.cash for o in lines) == handover + sheet.last_result.principal

    # --- print its receipts: previewed, recorded when sent to the "printer" (a PDF file) -----
    sheet.print_button.click()
    settle(worker)
    box = sheet.print_dialog
    assert box is not None, sheet.error.text()
    qtbot.waitUntil(box.isVisible, timeout=5000)
    assert not sheet.printed                                            # nothing recorded yet
    from PySide6.QtPrintSupport import QPrinter
    box.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    box.printer().setOutputFileName(str(book_dir.parent / "paper.pdf"))
    box.print_now()
    qtbot.waitUntil(lambda: sheet.paper_printed is True, timeout=10_000)
    assert len(sheet.printed) == len(sheet.last_result.posted) + 1      # + the hand-over
    for path in sheet.printed:
        assert path.read_bytes().startswith(b"%PDF")

    def logged(book):
        from sbpdesk.services import prints
        return [prints.print_count(book, "receipt", n) for n in sheet.printed_keys]
    assert call(worker, logged) == [1] * len(sheet.printed)

    # --- register an application -------------------------------------------------------------
    page = show(window, "application")
    focus_type(page.search, "nguyen")
    page.search.search_now()
    settle(worker)
    assert page.person_model.rowCount() > 0
    person = page.person
    assert "Nguyễn" in person.full_name
    page.programme.setCurrentIndex(page.programme.findData("poor"))
    type_amount(page.amount, "20.000.000")
    page.term.setValue(36)
    page.frequency.setValue(12)
    focus_type(page.purpose, "Chăn nuôi bò sinh sản")
    page.submit_button.click()
    settle(worker)
    assert page.last_posted is not None, page.error.text()

    def applications(book):
        from sbpdesk.services import applications
        return applications.list_applications(book, state.point_code, "submitted")
    submitted = call(worker, applications)
    mine = [a for a in submitted if a.person_id == person.id and a.submitted_on == TODAY]
    assert mine and mine[0].amount == 20_000_000 and mine[0].purpose == "Chăn nuôi bò sinh sản"

    # --- close the session with a small cash difference --------------------------------------
    page = show(window, "session")
    expected = page.totals.expected_cash
    left = (expected // 1_000 - 1) * 1_000           # the drawer is a little short
    for denomination, spin in page.count_spins.items():
        spin.setFocus()
        spin.selectAll()
        type_text(spin, str(left // denomination))
        left -= denomination * spin.value()
    assert left == 0
    difference = page.difference_amount()
    assert -2_000 < difference <= -1_000
    assert "Thiếu quỹ" in page.difference.text()
    page.close_button.click()
    assert page.reason_error.text()                       # a reason is required first
    focus_type(page.reason, "Thiếu một tờ 1.000 đ khi kiểm đếm")
    page.close_button.click()
    approve(page, qtbot, username="teller")               # the teller cannot approve
    assert "khác người đang đăng nhập" in page._approval.error.text()
    page._approval.username.clear()
    focus_type(page._approval.username, "controller")
    page._approval.password.clear()
    focus_type(page._approval.password, PASSWORD)
    press(page._approval.password, Qt.Key.Key_Return)
    settle(worker)
    assert state.session is None, page.close_error.text()

    def closed(book):
        from sbpdesk.services import sessions, ui_queries
        return sessions.get_session(book, session.id), ui_queries.session_operations(
            book, session.id)
    row, ops = call(worker, closed)
    assert row.status == "closed"
    assert row.counted_total == expected + difference == row.expected_total
    diffs = [o for o in ops if o.kind == "session.cash_difference"]
    assert [d.cash for d in diffs] == [difference]
    assert diffs[0].approved_by == "controller"
    assert not messages, messages
    assert group_id
