"""Issue 14, "typed amounts vanish without a word" on the session page: the opening cash
counted note by note and the closing count were lost on closing the window or in a power
cut. Each form keeps a draft in the book (not the journal), shown again when the page loads;
opening or closing the session removes it in its own transaction."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from .pages_support import (  # noqa: F401 - fixtures
    approve,
    book_dir,
    call,
    clock,
    count_notes,
    focus_type,
    gui,
    open_session,
    settle,
    show,
    sign_in,
    worker,
)


def _kept(worker, form):
    def read(book):
        from sbpdesk.services import drafts
        return drafts.form_draft(book, form)
    return call(worker, read)


def _again(qtbot, book_dir):
    """The program started again on the same book (after a power cut)."""
    from sbpdesk.app import build_window, make_state
    from sbpdesk.services.books import open_book
    from sbpdesk.ui.worker import DbWorker
    other = DbWorker(lambda: open_book(book_dir, clock=clock))
    window = build_window(other, make_state(sign_in(other)))
    qtbot.addWidget(window)
    return window, other


def _count_opening(page, qtbot, worker, state):
    page.controller_box.setCurrentIndex(page.controller_box.findData("controller"))
    page.controller_box.activated.emit(page.controller_box.currentIndex())
    count_notes(page.opening_count.spins, {500_000: 90, 10_000: 3})
    form = f"session:open:{state.point_code}"
    qtbot.waitUntil(lambda: (_kept(worker, form) or {}).get("n10000") == 3, timeout=5000)
    return form


def test_a_counted_opening_cash_vanishes_no_more_after_a_power_cut(gui, qtbot, book_dir):
    window, worker, state = gui
    page = show(window, "session")
    _count_opening(page, qtbot, worker, state)
    again, other = _again(qtbot, book_dir)
    try:
        form = show(again, "session")
        settle(other)
        assert form.opening_count.pieces() == {500_000: 90, 10_000: 3}
        assert form.opening_total.text() == "45.030.000 đ"
        assert form.controller_box.currentData() == "controller"
        assert "bản nháp" in form.draft_note.text()
        again.close()
    finally:
        other.close()


def test_a_counted_closing_cash_survives_a_page_switch_and_a_power_cut(gui, qtbot, book_dir,
                                                                        questions):
    window, worker, state = gui
    page = open_session(window, qtbot)
    count_notes(page.count.spins, {500_000: 100, 2_000: 4})
    focus_type(page.reason, "Dem lai")
    form = f"session:close:{state.session.id}"
    qtbot.waitUntil(lambda: (_kept(worker, form) or {}).get("reason") == "Dem lai",
                    timeout=5000)
    show(window, "home")
    page = show(window, "session")
    assert page.count.pieces() == {500_000: 100, 2_000: 4}
    again, other = _again(qtbot, book_dir)
    try:
        form_page = show(again, "session")
        settle(other)
        assert form_page.count.pieces() == {500_000: 100, 2_000: 4}
        assert form_page.reason.text() == "Dem lai"
        assert form_page.counted.text() == "50.008.000 đ"
        questions.answers[:] = ["quit"]
        again.close()
    finally:
        other.close()


def test_closing_with_a_counted_opening_asks_and_opening_removes_the_draft(
        gui, qtbot, questions):
    window, worker, state = gui
    page = show(window, "session")
    form = _count_opening(page, qtbot, worker, state)
    show(window, "home")
    questions.answers[:] = ["stay"]
    assert window.close() is False and window.current_key() == "session"
    title, text, choices = questions[0]
    assert "tiền mặt đầu phiên đang kiểm đếm" in text and choices == ["draft", "discard", "stay"]
    page.open_button.click()
    settle(worker)
    assert state.session is not None, page.open_error.text()
    assert _kept(worker, form) is None
    assert page.unsaved() == ""


def test_closing_the_session_removes_the_closing_draft(gui, qtbot):
    window, worker, state = gui
    page = open_session(window, qtbot)
    form = f"session:close:{state.session.id}"
    count_notes(page.count.spins, {500_000: 100})
    qtbot.waitUntil(lambda: (_kept(worker, form) or {}).get("n500000") == 100, timeout=5000)
    page.close_button.click()
    approve(page, qtbot)
    assert state.session is None
    assert _kept(worker, form) is None
