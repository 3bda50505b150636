"""Issue 14, "papers": Qt's print preview had an English toolbar, showed nothing until every
page was rasterised (receipts 5-12 s with only "Đang xử lý…"), and a second Ctrl+P while the
first was being prepared opened a second preview. Our own preview is Vietnamese, shows the
first page at once while a thread renders the thumbnails ("Đang dựng trang 12/46"), zooms,
prints and saves a PDF (recorded as a print); a second print request is refused."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

import threading

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from sbpdesk.printing import render_receipt, render_statement
from sbpdesk.ui import preview as P
from sbpdesk.ui import printing

from ..printing import samples as S
from .keys import press
from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    call,
    gui,
    open_session,
    settle,
    show,
    worker,
)
from .test_print_register import counts
from .test_printing import pdf_printer


def _receipts(n: int) -> list[bytes]:
    return [render_receipt(S.COLLECTION, "a5") for _ in range(n)]


def test_the_print_preview_is_ours_and_speaks_vietnamese(app, qtbot, tmp_path):
    done: list[bool] = []
    box = printing.print_pdfs(None, [render_statement(S.statement(20)),
                                     render_receipt(S.COLLECTION, "a5")],
                              preview=True, printer=pdf_printer(tmp_path / "x.pdf"),
                              title="Biên lai Tổ 14", on_done=done.append)
    qtbot.waitUntil(box.isVisible, timeout=5000)
    assert isinstance(box, P.PreviewDialog) and box.windowTitle() == "Biên lai Tổ 14"
    texts = {b.text() for b in box.findChildren(QAbstractButton)}
    assert {"&In… (Ctrl+P)", "&Lưu PDF… (Ctrl+S)", "Thu nhỏ", "Phóng to", "Đóng"} <= texts
    english = ("Print", "Zoom", "Page setup", "Close", "Export")
    assert not [t for t in texts for word in english if word in t]
    assert box.thumbs.count() == box.page_count() == 3
    qtbot.waitUntil(lambda: box.rendered == 3, timeout=5000)
    assert not box.thumbs.item(2).icon().isNull()
    box.reject()
    qtbot.waitUntil(lambda: done == [False], timeout=5000)


def test_pages_render_in_the_background_with_progress(app, qtbot, tmp_path, monkeypatch):
    gate, real = threading.Event(), printing._Pages.image

    def image(self, n, dpi):          # the thumbnails stop at page 12 until the gate opens
        if dpi == P.THUMB_DPI and n >= 12:
            gate.wait(10)
        return real(self, n, dpi)
    monkeypatch.setattr(printing._Pages, "image", image)
    box = printing.print_pdfs(None, _receipts(46), preview=True,
                              printer=pdf_printer(tmp_path / "x.pdf"))
    try:
        qtbot.waitUntil(lambda: box.progress_label.text() == "Đang dựng trang 12/46",
                        timeout=10_000)
        assert box.isVisible() and box.progress.isVisible()
        width = box.view.pixmap().width()            # the dialog answers meanwhile
        box.step_zoom(1)
        assert box.view.pixmap().width() > width
        box.go(1)
        assert box.page_label.text() == "Trang 2/46"
    finally:
        gate.set()
    qtbot.waitUntil(lambda: box.rendered == 46, timeout=20_000)
    assert box.progress_label.text() == "" and not box.progress.isVisible()
    box.reject()


def _saved_group(gui, qtbot):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    sheet.fill_all_button.click()
    sheet.save_button.click()
    settle(worker)
    assert sheet.last_result is not None, sheet.error.text()
    return window, worker, state, sheet


def test_save_pdf_from_the_preview_is_a_recorded_print(gui, qtbot, monkeypatch, tmp_path):
    window, worker, state, sheet = _saved_group(gui, qtbot)
    sheet.print_button.click()
    settle(worker)
    box = sheet.print_dialog
    assert isinstance(box, P.PreviewDialog), sheet.error.text()
    seen = list(box.previews)
    out = tmp_path / "bien-lai.pdf"
    box.save_pdf(str(out))
    qtbot.waitUntil(lambda: sheet.paper_printed is True, timeout=10_000)
    keys = [p.key for p in seen]
    assert counts(worker, keys) == [1] * len(keys)
    assert len(pdfium.PdfDocument(out.read_bytes())) == len(keys)


def test_a_second_print_request_while_one_runs_is_refused(gui, qtbot, monkeypatch):
    window, worker, state, sheet = _saved_group(gui, qtbot)
    opened: list = []
    real = printing.print_documents

    def spy(*args, **kw):
        opened.append(1)
        return real(*args, **kw)
    monkeypatch.setattr(printing, "print_documents", spy)
    sheet.view.setFocus()
    press(sheet.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    press(sheet.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)   # again, at once
    assert sheet.error.text().startswith("Đang chuẩn bị một bản in")
    settle(worker)
    qtbot.waitUntil(lambda: sheet.print_dialog is not None, timeout=10_000)
    settle(worker)
    assert opened == [1]
    sheet.print_dialog.reject()
    qtbot.waitUntil(lambda: sheet.print_dialog is None, timeout=5000)
    sheet.print_button.click()                # the first preview closed: printing works again
    settle(worker)
    qtbot.waitUntil(lambda: sheet.print_dialog is not None, timeout=10_000)
    assert opened == [1, 1], sheet.error.text()
    sheet.print_dialog.reject()


def test_the_group_s_receipts_preview_opens_on_the_first_while_the_others_are_made(
        gui, qtbot, monkeypatch):
    """Trial: every receipt of the group was made before the preview opened (5-12 s). The
    first receipt opens it; the others are made on the worker behind it and come in, with
    the progress counting all of them; printing waits for the last."""
    window, worker, state, sheet = _saved_group(gui, qtbot)
    from sbpdesk.printing import record
    gate, real, first = threading.Event(), record.preview, sheet.receipt_numbers()[0]

    def preview(book, selector, **keys):     # the receipts after the first wait for the gate
        if keys.get("number") != first:
            gate.wait(20)
        return real(book, selector, **keys)
    monkeypatch.setattr(record, "preview", preview)
    n = len(sheet.receipt_numbers())
    sheet.print_button.click()
    try:
        qtbot.waitUntil(lambda: isinstance(sheet.print_dialog, P.PreviewDialog)
                        and sheet.print_dialog.rendered == 1, timeout=10_000)
        box = sheet.print_dialog
        assert box.page_count() == 1 and box.view.pixmap() is not None
        assert box.progress_label.text() == f"Đang dựng trang 1/{n}"
        assert box.page_label.text() == f"Trang 1/{n}"
        assert f"Xem trước {n} biên lai" in sheet.result_label.text()
        assert not box.print_button.isEnabled() and not box.save_button.isEnabled()
    finally:
        gate.set()
    settle(worker)
    qtbot.waitUntil(lambda: box.rendered == n, timeout=20_000)
    assert box.page_count() == n and len(box.previews) == n and box.is_complete()
    assert box.print_button.isEnabled() and box.progress_label.text() == ""
    box.reject()
    qtbot.waitUntil(lambda: sheet.print_dialog is None, timeout=5000)


def test_receipts_still_being_made_when_the_preview_closes_are_not_added(
        gui, qtbot, monkeypatch):
    window, worker, state, sheet = _saved_group(gui, qtbot)
    from sbpdesk.printing import record
    from sbpdesk.ui.pages import sheet_print
    monkeypatch.setattr(sheet_print, "PART", 1)      # one receipt a part
    gate, real, first = threading.Event(), record.preview, sheet.receipt_numbers()[0]
    made: list[str] = []

    def preview(book, selector, **keys):
        if keys.get("number") != first:
            gate.wait(20)
        made.append(keys.get("number"))
        return real(book, selector, **keys)
    monkeypatch.setattr(record, "preview", preview)
    sheet.print_button.click()
    try:
        qtbot.waitUntil(lambda: isinstance(sheet.print_dialog, P.PreviewDialog),
                        timeout=10_000)
        box = sheet.print_dialog
        box.reject()
        qtbot.waitUntil(lambda: sheet.print_dialog is None, timeout=5000)
    finally:
        gate.set()
    settle(worker)
    # the part being made when it closed ends; the parts queued behind it make nothing
    numbers = sheet.receipt_numbers()
    assert len(numbers) > 2 and made == numbers[:2]
    monkeypatch.setattr(record, "preview", real)
    sheet.print_button.click()                # printing works again
    settle(worker)
    assert isinstance(sheet.print_dialog, P.PreviewDialog), sheet.error.text()
    sheet.print_dialog.reject()
