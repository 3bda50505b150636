"""Home and Session pages on a copy of the demo book."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from PySide6.QtCore import Qt

from .keys import press, type_text
from .pages_support import (  # noqa: F401 - fixtures
    TODAY,
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


def test_home_shows_the_point_what_is_due_and_sync_state(gui):
    window, worker, state = gui
    home = show(window, "home")
    s = home.summary
    assert s is not None and s.point.code == state.point_code
    assert home.sync_state.text() == "chưa đồng bộ"
    device = call(worker, lambda book: book.device_id)   # this laptop holds the lease
    assert device.startswith("D-") and home.lease.text() == "Máy điểm mẫu"   # its enrolment name
    assert home.next_session.text().startswith("05/03/2026")
    assert home.due_labels["interest"][1].text().endswith("đ")
    assert home.demo_note.isVisible()
    other = home.point_box.findData(state.points[1].code)
    home.point_box.setCurrentIndex(other)
    settle(worker)
    assert state.point_code == state.points[1].code == home.summary.point.code
    assert window.point_label.text().endswith(state.points[1].name)


def test_open_refuses_a_future_date_then_opens_and_closes_exactly(gui, qtbot):
    window, worker, state = gui
    page = show(window, "session")
    assert page.open_box.isVisible() and not page.close_box.isVisible()
    page.date_edit.clear()
    focus_type(page.date_edit, "06/03/2026")
    page.open_button.click()
    settle(worker)
    assert page.date_edit.error_label.text() == "Ngày phiên giao dịch không được sau hôm nay."
    page.date_edit.clear()
    focus_type(page.date_edit, "05/03/2026")
    open_session(window, qtbot)
    assert page.close_box.isVisible() and "đang mở" in page.status.text()
    assert page.totals.expected_cash == 50_000_000
    page.count_spins[500_000].setFocus()
    page.count_spins[500_000].selectAll()
    type_text(page.count_spins[500_000], "100")
    assert page.difference.text() == "Khớp"
    page.close_button.click()
    approve(page, qtbot, password="sai")
    assert page._approval.error.text() == "Sai tên đăng nhập hoặc mật khẩu."
    page._approval.password.clear()
    focus_type(page._approval.password, "demo")
    press(page._approval.password, Qt.Key.Key_Return)
    settle(worker)
    assert state.session is None
    assert page.past_model.row_at(0).status == "closed"
    assert page.past_model.row_at(0).counted_total == 50_000_000


def test_the_approver_must_be_a_controller(gui, qtbot):
    window, worker, state = gui
    page = open_session(window, qtbot)
    page.count_spins[500_000].setFocus()
    page.count_spins[500_000].selectAll()
    type_text(page.count_spins[500_000], "100")
    page.close_button.click()
    approve(page, qtbot, username="accountant")
    assert "không có vai trò" in page._approval.error.text()
    assert state.session is not None


def test_session_warns_until_office_data_arrives_after_the_last_session(gui):
    window, worker, state = gui
    page = show(window, "session")
    assert page.office_note.isVisibleTo(page)   # the demo has closed sessions, no import yet

    def imported(book):
        from sbpdesk.services import sync_status
        sync_status.note_import(book, "BB-to-laptop.sbpbundle", 12, {"applied": 12})
    call(worker, imported)
    page.refresh()
    settle(worker)
    assert not page.office_note.isVisibleTo(page)


def _loads(worker, monkeypatch) -> list[str]:
    """The names of the reads pages queue from now on."""
    names: list[str] = []
    real = worker.read

    def read(fn, *args, **kw):
        names.append(kw.get("name", ""))
        return real(fn, *args, **kw)
    monkeypatch.setattr(worker, "read", read)
    return names


def test_a_write_reloads_only_the_pages_it_concerns(gui, monkeypatch):
    """Issue 12: a verb's result says what changed, so only the pages showing it reload."""
    from sbpdesk.services.changes import written
    from sbpdesk.services.posting import Posted
    window, worker, state = gui
    show(window, "session")
    show(window, "home")
    loads = _loads(worker, monkeypatch)
    application = Posted("op-1", 1, "applied", None, (("application", "a-1"),))
    state.posted(written(application))          # an application moves no cash
    settle(worker)
    assert loads == ["home"]
    loads.clear()
    repaid = Posted("op-2", 2, "applied", "P01-x-2", (("loan", "l-1"),))
    state.posted(written(repaid))
    settle(worker)
    assert sorted(loads) == ["home", "session"]


def test_opening_a_session_reloads_each_page_once(gui, qtbot, monkeypatch):
    window, worker, state = gui
    page = show(window, "session")
    loads = _loads(worker, monkeypatch)
    open_session(window, qtbot)
    assert "đang mở" in page.status.text() and state.last_written.sessions == (state.session.id,)
    assert sorted(n for n in loads if n != "sync status") == ["home", "session"]
