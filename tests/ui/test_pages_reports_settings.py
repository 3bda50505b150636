"""Reports (session summary, portfolio, due lists, a PDF) and Settings (read-only rates,
language switch, printer and paper kept in QSettings)."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from sbpdesk.ui import i18n

from .pages_support import book_dir, gui, settle, show, worker  # noqa: F401 - fixtures


def test_reports_show_the_point(gui):
    window, worker, state = gui
    page = show(window, "reports")
    assert page.as_of.text() == "05/03/2026"
    assert "Phiên ngày" in page.session_info.text()
    assert page.op_model.rowCount() > 0
    page.tabs.setCurrentIndex(1)        # computed when first shown
    settle(worker)
    total = page.portfolio_model.row_at(page.portfolio_model.rowCount() - 1)
    assert total.name == "Tổng cộng" and total.outstanding > 0
    page.tabs.setCurrentIndex(0)
    page.pdf_button.click()
    settle(worker)
    assert page.saved and Path(page.saved[0]).read_bytes()[:4] == b"%PDF"


def test_settings_rates_language_and_printer(gui, app, qtbot):
    window, worker, state = gui
    page = show(window, "settings")
    assert page.programme_model.rowCount() > 5
    assert any(r.code == "poor" and r.annual_rate for r in page.programme_model.rows())
    assert str(state.data_dir) == page.data_folder.text()
    page.paper.setCurrentIndex(page.paper.findData("thermal"))
    assert QSettings().value("printing/receipt_paper") == "thermal"
    page.paper.setCurrentIndex(page.paper.findData("a5"))
    page.language.setCurrentIndex(page.language.findData("en"))
    qtbot.waitUntil(lambda: window.page_title.text() == "Settings", timeout=2000)
    assert i18n.current_language() == "en"
    assert page.labels["language"].text() == "&Language:"
    i18n.install_translator(app, "vi")
    QSettings().setValue("ui/language", "vi")


def test_every_page_fits_1366x768_and_sync_says_not_synchronised(gui):
    window, worker, state = gui
    for key in window.keys():  # noqa: SIM118 - MainWindow.keys() is a list of pages
        page = show(window, key)
        hint = page.minimumSizeHint()
        area = window.stack.size()
        assert hint.width() <= area.width() and hint.height() <= area.height(), key
    assert "chưa đồng bộ" in window.page("sync").message.text()


def test_the_reports_page_computes_a_report_when_its_tab_is_first_shown(gui):
    """Trial: the reports page took ≈ 5 s to open, every report computed before it showed.
    It shows the session tab's figures; each other tab is computed when it is first chosen,
    saying so meanwhile, and once until the page is loaded again."""
    window, worker, state = gui
    page = show(window, "reports")
    assert page.tabs.currentIndex() == 0 and page.session_totals is not None
    assert page.loaded == {0} and page.overdue_model.rowCount() == 0
    assert page.next_model.rowCount() == 0 and page.portfolio_model.rowCount() == 0
    page.tabs.setCurrentIndex(3)                       # due next month
    assert page.loading_label.text() == "Đang tính báo cáo…"
    settle(worker)
    assert page.loading_label.text() == "" and page.next_model.rowCount() > 0
    assert page.loaded == {0, 3} and page.portfolio_model.rowCount() == 0
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(3)                       # shown again: not computed again
    assert page.loading_label.text() == ""
    page.refresh()                                     # "Xem": the tab shown, afresh
    assert page.loaded == {3} and page.loading_label.text() == "Đang tính báo cáo…"
    settle(worker)


def test_settings_names_this_laptop_as_enrolled(gui):
    """Issue 14 review: the settings page named no device; "demo-1" (the rule set) was the
    only name near "Máy này". It shows the name the office gave at enrolment."""
    window, worker, state = gui
    page = show(window, "settings")
    assert page.labels["device"].text() == "Tên máy:"
    assert page.device.text() == "Máy điểm mẫu"


def test_reports_page_opens_on_one_read_of_the_session(gui):
    """Issue 14 review, "reports page opens ≤ 1 s": its first tab read the session's
    operations three times (totals, expected cash, then the list again), 1,5–2,1 s under
    load. One read now, and the figures are the ones `sessions.expected_cash` gives."""
    from sqlalchemy import event

    from sbpdesk.ui.pages.reports import _session

    from .pages_support import call
    window, worker, state = gui
    code, as_of = state.point_code, state.business_date()

    def load(book):
        from sbpdesk.services import sessions
        reads: list[str] = []

        def seen(conn, cursor, statement, params, context, many):
            if "FROM operation" in statement and "JOIN" not in statement:
                reads.append(statement)
        engine = book.db.get_bind()
        event.listen(engine, "before_cursor_execute", seen)
        try:
            totals, ops = _session(book, code, as_of)
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        return reads, totals, ops, sessions.expected_cash(book, totals.session.id)
    reads, totals, ops, expected = call(worker, load)
    assert len(ops) > 0 and totals.operations == len(ops)
    assert len(reads) == 1, reads
    assert totals.expected_cash == expected
