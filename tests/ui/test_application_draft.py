"""Issue 14, "drafts that survive" on the loan application form: what was typed vanished on a
page switch, on closing the window or a power cut. It is kept in the book (not the journal)
and shown again; submitting removes it in the same transaction."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    call,
    clock,
    focus_type,
    gui,
    settle,
    show,
    sign_in,
    worker,
)


def _kept(worker, state):
    def read(book):
        from sbpdesk.services import drafts
        return drafts.form_draft(book, f"application:{state.point_code}")
    return call(worker, read)


def _type_application(page, qtbot, worker, state):
    focus_type(page.search, "tran")
    page.search.search_now()
    settle(worker)
    assert page.person is not None
    page.programme.setCurrentIndex(page.programme.findData("job_creation"))
    page.programme.activated.emit(page.programme.currentIndex())
    focus_type(page.amount, "30tr")
    focus_type(page.purpose, "Mua bò giống")
    qtbot.waitUntil(lambda: (_kept(worker, state) or {}).get("purpose") == "Mua bò giống",
                    timeout=5000)
    return page.person


def test_a_typed_application_survives_a_page_switch_and_a_power_cut(gui, qtbot, book_dir):
    window, worker, state = gui
    page = show(window, "application")
    person = _type_application(page, qtbot, worker, state)
    assert _kept(worker, state)["amount"] == 30_000_000
    show(window, "home")
    show(window, "application")
    assert page.purpose.text() == "Mua bò giống" and page.person.id == person.id
    from sbpdesk.app import build_window, make_state
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    other = DbWorker(lambda: open_book(book_dir, clock=clock))   # the program after a cut
    try:
        again = build_window(other, make_state(sign_in(other)))
        qtbot.addWidget(again)
        form = show(again, "application")
        settle(other)
        assert form.person is not None and form.person.id == person.id
        assert form.amount.amount() == 30_000_000 and form.purpose.text() == "Mua bò giống"
        assert form.programme.currentData() == "job_creation"
        assert "bản nháp" in form.message.text()
        again.close()
    finally:
        other.close()


def test_closing_with_a_typed_application_asks_and_submitting_removes_the_draft(
        gui, qtbot, questions):
    window, worker, state = gui
    page = show(window, "application")
    _type_application(page, qtbot, worker, state)
    questions.answers[:] = ["stay"]
    assert window.close() is False
    assert "hồ sơ vay đang nhập" in questions[0][1]
    page.submit_button.click()
    settle(worker)
    assert page.last_posted is not None, page.error.text()
    assert _kept(worker, state) is None
