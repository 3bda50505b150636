"""Issue 14, "papers only the command line prints": the 13/TD statement members sign (before
and after the session), the public notice and the 03/TD list now print from the window,
through our preview, recorded in the print register when printed."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from sbpdesk.ui.preview import PreviewDialog

from ..printing import pdfread
from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    call,
    gui,
    open_session,
    settle,
    show,
    worker,
)


def _print(page, qtbot, out: Path) -> bytes:
    """The page's preview is open: print it to `out` (a PDF "printer"); the kept PDF."""
    settle(page.worker)
    qtbot.waitUntil(lambda: page.print_dialog is not None, timeout=10_000)
    box = page.print_dialog
    assert isinstance(box, PreviewDialog) and box.page_count() >= 1
    box.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    box.printer().setOutputFileName(str(out))
    box.print_now()
    qtbot.waitUntil(lambda: page.print_dialog is None, timeout=10_000)
    assert out.exists()
    kept = sorted(page.state.data_dir.glob("prints/**/*.pdf"), key=lambda p: p.stat().st_mtime)
    return kept[-1].read_bytes()


def _logged(worker, document: str) -> int:
    def count(book):
        from sqlalchemy import func, select

        from sbpdesk.db.models import PrintLog
        return book.db.scalar(select(func.count()).select_from(PrintLog)
                              .where(PrintLog.document == document))
    return call(worker, count)


def test_the_13td_statement_prints_from_the_sheet_before_and_after_the_session(
        gui, qtbot, tmp_path):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    assert sheet.papers_button.text() == "&Giấy tờ của tổ"
    sheet.paper_actions[0].trigger()                        # before: the dues, to be signed
    before = pdfread.flat(_print(sheet, qtbot, tmp_path / "before.pdf"))
    assert "13/TD" in before and sheet.sheet.group_name in before
    sheet.fill_all_button.click()
    sheet.save_button.click()
    settle(worker)
    assert sheet.last_result is not None, sheet.error.text()
    sheet.paper_actions[1].trigger()                        # after: what was collected
    after = pdfread.flat(_print(sheet, qtbot, tmp_path / "after.pdf"))
    assert "13/TD" in after and after != before
    assert _logged(worker, "statement") == 2
    assert "Đã in" in sheet.result_label.text()


def test_the_public_notice_prints_from_the_reports_page(gui, qtbot, tmp_path):
    window, worker, state = gui
    reports = show(window, "reports")
    reports.notice_button.click()
    text = pdfread.flat(_print(reports, qtbot, tmp_path / "notice.pdf"))
    assert "THÔNG BÁO" in text.upper()
    assert _logged(worker, "notice") == 1


def test_the_03td_list_prints_from_the_application_page(gui, qtbot, tmp_path):
    window, worker, state = gui
    page = show(window, "application")
    settle(worker)
    qtbot.waitUntil(lambda: page.app_model.rowCount() > 0, timeout=10_000)
    row = next(n for n, a in enumerate(page.app_model.rows()) if a.group_id)
    page.app_view.setCurrentIndex(page.app_model.index(row, 0))
    page.proposal_button.click()
    text = pdfread.flat(_print(page, qtbot, tmp_path / "proposal.pdf"))
    assert "03/TD" in text
    assert _logged(worker, "proposal") == 1
