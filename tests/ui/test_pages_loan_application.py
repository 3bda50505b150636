"""Loan page (disburse with ID check and approval, repayment, change request, reversal) and
the new-application page (refusals at the field)."""
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
    worker,
)


def _awaiting(worker, point):
    def find(book):
        from sbpdesk.services import loans
        return loans.awaiting_disbursement(book, point)
    return call(worker, find)


def test_disburse_an_approved_loan_then_reverse_it(gui, qtbot):
    window, worker, state = gui
    approved = [p for p in state.points for _ in [0]]
    loans = []
    for point in approved:
        loans = _awaiting(worker, point.code)
        if loans:
            state.point_code = point.code
            break
    if not loans:
        import pytest
        pytest.skip("the demo has no approved loan waiting")
    open_session(window, qtbot)
    state.loan_id = loans[0].id
    page = show(window, "loan")
    assert page.data.detail.status == "approved"
    assert page.disburse_amount.amount() == loans[0].approved_amount
    page.disburse_button.click()
    assert page.id_error.text()                        # the ID check comes first
    page.id_checked.setChecked(True)
    page.disburse_button.click()
    approve(page, qtbot)
    assert page.data.detail.status == "active", page.disburse_error.text()
    assert page.data.detail.disbursed == loans[0].approved_amount
    # Reverse it: reason + a second user.
    page.tabs.setCurrentIndex(1)
    row = next(i for i, h in enumerate(page.history_model.rows()) if h.kind == "loan.disburse")
    page.history_view.setCurrentIndex(page.history_model.index(row, 0))
    page.reverse_button.click()
    assert page.reverse_reason_error.text() == "Cần ghi lý do hủy."
    focus_type(page.reverse_reason, "Giải ngân nhầm người")
    page.reverse_button.click()
    approve(page, qtbot, username="accountant")
    assert any(h.kind == "loan.disburse" and h.reversed for h in page.history_model.rows()), \
        page.reverse_error.text()


def test_repayment_and_change_request(gui, qtbot):
    window, worker, state = gui
    open_session(window, qtbot)
    page = show(window, "loan")
    focus_type(page.find_edit, "không-có")
    page.find_button.click()
    settle(worker)
    assert page.find_error.text() == "Không tìm thấy khoản vay."

    def first(book):
        from sbpdesk.services import ui_queries
        return ui_queries.first_examples(book, state.point_code)
    ex = call(worker, first)
    state.loan_id = ex.loan_id
    page.refresh()
    settle(worker)
    due = page.data.detail.dues.interest_in_term + page.data.detail.dues.interest_overdue
    type_amount(page.repay_interest, str(due + 1_000_000))
    page.repay_button.click()
    settle(worker)
    assert "vượt quá số lãi" in page.repay_interest.error_label.text()
    type_amount(page.repay_interest, "10.000")
    page.repay_button.click()
    settle(worker)
    assert page.message.text() == "Đã ghi thu nợ."
    assert page.data.detail.interest_paid > 0
    page.change_type.setCurrentIndex(page.change_type.findData("extension"))
    page.change_button.click()
    settle(worker)
    assert page.change_reason_error.text() == "Cần ghi lý do."
    focus_type(page.change_reason, "Mất mùa do hạn hán")
    page.change_button.click()
    settle(worker)
    assert page.message.text() == "Đã gửi đề nghị về phòng giao dịch."


def test_application_refusals_appear_at_the_field(gui, qtbot):
    window, worker, state = gui
    page = show(window, "application")
    page.submit_button.click()
    assert "Chưa chọn người vay" in page.borrower_error.text()
    focus_type(page.search, "tran")
    page.search.search_now()
    settle(worker)
    assert page.person is not None
    page.programme.setCurrentIndex(page.programme.findData("job_creation"))
    type_amount(page.amount, "900.000.000")
    focus_type(page.purpose, "Mua bò")
    page.submit_button.click()
    settle(worker)
    assert page.amount.error_label.text(), page.error.text()
    assert page.last_posted is None
    page.amount.clear()
    focus_type(page.amount, "30tr")         # no Enter: it would submit the form (issue 14)
    page.purpose.clear()
    page.submit_button.click()
    settle(worker)
    assert page.purpose_error.text() == "Cần ghi mục đích sử dụng vốn vay.", (
        page.error.text(), page.amount.error_label.text(), page.borrower_error.text(),
        page.programme_error.text(), page.term.error_label.text())
    focus_type(page.purpose, "Mua bò giống")
    page.submit_button.click()
    settle(worker)
    assert page.last_posted is not None
    assert page.app_model.row_at(0).purpose == "Mua bò giống"
