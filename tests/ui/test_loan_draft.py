"""Issue 14, "typed amounts vanish without a word" on the loan page: amounts typed for a
repayment and a reason typed for an extension were lost on closing the window or in a power
cut, and went along to the next loan opened. They are kept per loan in the book (not the
journal), put back when the loan is shown again — after a restart too — and an action's
fields leave the draft in its own transaction."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    call,
    clock,
    focus_type,
    gui,
    open_session,
    settle,
    show,
    sign_in,
    worker,
)


def _two_loans(worker, point):
    def read(book):
        from sbpdesk.services import collections, groups
        found = []
        for group in groups.list_groups(book, point):
            for line in collections.group_sheet(book, group.id, book.today()).lines:
                if line.loan_id and line.status == "active" and line.loan_id not in found:
                    found.append(line.loan_id)
                if len(found) == 2:
                    return found
        return found
    loans = call(worker, read)
    assert len(loans) == 2
    return loans


def _kept(worker, loan_id):
    def read(book):
        from sbpdesk.services import drafts
        return drafts.form_draft(book, f"loan:{loan_id}")
    return call(worker, read)


def _open(page, state, loan_id):
    state.loan_id = loan_id
    page.refresh()
    settle(page.worker)
    assert page.data.detail.loan_id == loan_id


def _type_repayment(page, qtbot, worker, loan_id):
    focus_type(page.repay_interest, "15000")
    focus_type(page.repay_principal, "200000")
    page.change_type.setCurrentIndex(page.change_type.findData("extension"))
    focus_type(page.change_reason, "Mat mua")
    qtbot.waitUntil(lambda: (_kept(worker, loan_id) or {}).get("change_reason") == "Mat mua",
                    timeout=5000)


def test_typed_repayment_amounts_vanish_no_more_after_a_power_cut(gui, qtbot, book_dir):
    window, worker, state = gui
    loan, _ = _two_loans(worker, state.point_code)
    page = show(window, "loan")
    _open(page, state, loan)
    _type_repayment(page, qtbot, worker, loan)
    from sbpdesk.app import build_window, make_state
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    other = DbWorker(lambda: open_book(book_dir, clock=clock))   # the program after a cut
    try:
        again = build_window(other, make_state(sign_in(other)))
        qtbot.addWidget(again)
        form = show(again, "loan")
        settle(other)
        assert form.data is not None and form.data.detail.loan_id == loan
        assert form.repay_interest.amount() == 15_000
        assert form.repay_principal.amount() == 200_000
        assert form.change_reason.text() == "Mat mua"
        assert form.change_type.currentData() == "extension"
        assert "bản nháp" in form.message.text()
        again.close()
    finally:
        other.close()


def test_typed_repayment_amounts_do_not_follow_to_another_loan_and_come_back(gui, qtbot):
    window, worker, state = gui
    first, second = _two_loans(worker, state.point_code)
    page = show(window, "loan")
    _open(page, state, first)
    _type_repayment(page, qtbot, worker, first)
    _open(page, state, second)
    assert page.repay_interest.text() == "" and page.change_reason.text() == ""
    show(window, "home")
    page = show(window, "loan")
    assert page.data.detail.loan_id == second and page.repay_principal.text() == ""
    _open(page, state, first)
    assert page.repay_interest.amount() == 15_000 and page.change_reason.text() == "Mat mua"


def test_closing_with_a_typed_repayment_asks_and_recording_it_keeps_only_the_rest(
        gui, qtbot, questions):
    window, worker, state = gui
    open_session(window, qtbot)
    loan, _ = _two_loans(worker, state.point_code)
    page = show(window, "loan")
    _open(page, state, loan)
    _type_repayment(page, qtbot, worker, loan)
    questions.answers[:] = ["stay"]
    assert window.close() is False and window.current_key() == "loan"
    title, text, choices = questions[0]
    assert "số liệu khoản vay đang nhập" in text and choices == ["draft", "discard", "stay"]
    page.repay_button.click()
    settle(worker)
    assert page.message.text() == "Đã ghi thu nợ.", page.repay_error.text()
    assert page.repay_interest.text() == "" and page.repay_principal.text() == ""
    kept = _kept(worker, loan)
    assert "interest" not in kept and "principal" not in kept
    assert kept["change_reason"] == "Mat mua"
    questions.answers[:] = ["discard", "quit"]
    assert window.close() is True
    settle(worker)
    assert _kept(worker, loan) is None
