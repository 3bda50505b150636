"""Printing the documents through Qt (sbpdesk.ui.printing): every page of every PDF in one job,
each page on paper of its own size, the receipt at its true scale and not blank; the preview
dialog; the sheet page's "In biên lai cả tổ" previewing and printing the group in one job."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

import io

import pypdf
import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrinter

from sbpdesk.printing import render_receipt, render_statement
from sbpdesk.ui import printing

from ..printing import samples as S
from .pages_support import (  # noqa: F401 - fixtures
    book_dir,
    call,
    gui,
    open_session,
    settle,
    show,
    worker,
)

MM = 72 / 25.4


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM))
            for p in reader.pages]


def grey(pdf: bytes, page: int = 0, dpi: int = 40):
    """The page as 8-bit grey pixels (bytes) with its width and height."""
    doc = pdfium.PdfDocument(pdf)
    bitmap = doc[page].render(scale=dpi / 72, grayscale=True)
    w, h, stride = bitmap.width, bitmap.height, bitmap.stride
    raw = bytes(bitmap.buffer)
    doc.close()
    return b"".join(raw[y * stride:y * stride + w] for y in range(h)), w, h


def ink_box(pixels: bytes, w: int, h: int) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the dark pixels."""
    rows = [y for y in range(h) if min(pixels[y * w:(y + 1) * w]) < 128]
    cols = [x for x in range(w) if min(pixels[x::w]) < 128]
    return cols[0], rows[0], cols[-1], rows[-1]


def ink(pixels: bytes) -> float:
    """Fraction of pixels darker than light grey."""
    return sum(1 for v in pixels if v < 160) / len(pixels)


def assert_same_picture(printed: bytes, page: int, source: bytes, source_page: int) -> None:
    """Not blank, and the same picture as the source page: about as much ink, and the ink's
    extent in the same place to 2 px at 100 dpi (0.5 mm): true scale, not shifted or shrunk."""
    got, w, h = grey(printed, page, dpi=100)
    want, w2, h2 = grey(source, source_page, dpi=100)
    assert abs(w - w2) <= 1 and abs(h - h2) <= 1  # Qt keeps page sizes in whole points
    assert ink(got) > 0.005
    assert abs(ink(got) - ink(want)) < 0.35 * ink(want), (ink(got), ink(want))
    for a, b in zip(ink_box(got, w, h), ink_box(want, w2, h2), strict=True):
        assert abs(a - b) <= 2, (ink_box(got, w, h), ink_box(want, w2, h2))


@pytest.mark.parametrize("paper,size", [("a5", (148, 210)), ("thermal", (80, None))])
def test_a_receipt_prints_at_its_own_size_and_scale(app, tmp_path, paper, size):
    source = render_receipt(S.COLLECTION, paper)
    out = tmp_path / "out.pdf"
    pages = printing.print_pdfs(None, [source], dialog=False, printer=pdf_printer(out),
                                paper=paper)
    assert pages == 1
    printed = out.read_bytes()
    assert sizes_mm(printed) == sizes_mm(source)
    assert sizes_mm(printed)[0][0] == size[0]
    if size[1]:
        assert sizes_mm(printed)[0][1] == size[1]
    assert_same_picture(printed, 0, source, 0)


def test_a_two_page_statement_and_a_receipt_go_out_as_one_job(app, tmp_path):
    statement = render_statement(S.statement(20))
    assert sizes_mm(statement) == [(297, 210)] * 2
    receipt = render_receipt(S.COLLECTION, "a5")
    out = tmp_path / "job.pdf"
    pages = printing.print_pdfs(None, [statement, receipt], dialog=False,
                                printer=pdf_printer(out), paper="a4")
    assert pages == 3
    printed = out.read_bytes()
    assert sizes_mm(printed) == [(297, 210), (297, 210), (148, 210)]
    for n in range(3):
        assert ink(grey(printed, n)[0]) > 0.005
    assert_same_picture(printed, 1, statement, 1)
    assert_same_picture(printed, 2, receipt, 0)


def test_the_preview_shows_every_page_and_cancelling_prints_nothing(app, qtbot, tmp_path):
    out = tmp_path / "preview.pdf"
    done: list[bool] = []
    box = printing.print_pdfs(None, [render_statement(S.statement(20)),
                                     render_receipt(S.COLLECTION, "a5")],
                              preview=True, printer=pdf_printer(out), on_done=done.append)
    qtbot.waitUntil(box.isVisible, timeout=5000)
    assert box.page_count() == 3
    qtbot.waitUntil(lambda: box.rendered == 3, timeout=5000)
    box.reject()
    qtbot.waitUntil(lambda: done == [False], timeout=5000)
    assert not out.exists()


def test_the_chosen_printer_is_preselected_when_installed(app):
    assert printing.make_printer("no such printer").printerName() != "no such printer"
    from PySide6.QtPrintSupport import QPrinterInfo
    names = QPrinterInfo.availablePrinterNames()
    if names:
        assert printing.make_printer(names[-1]).printerName() == names[-1]


class AcceptingPreview(QObject):
    """Stands in for the preview dialog: the officer presses Print at once. The "printer"
    is a PDF file, so the test can read what went to paper."""

    print_requested = Signal()
    save_requested = Signal(str)
    finished = Signal(int)
    opened: list[AcceptingPreview] = []
    out = None

    def __init__(self, printer, pages, parent=None, expected=None):
        super().__init__(parent)
        self.printer, self.pages = printer, pages
        self.expected = expected or len(pages.sources)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(AcceptingPreview.out))
        AcceptingPreview.opened.append(self)

    def setWindowTitle(self, title):
        self.title = title

    def resize(self, *_):
        pass

    def open(self):
        if len(self.pages.sources) >= self.expected:   # as the real one: all there first
            self.print_now()

    def add_documents(self, pdfs):
        self.pages.add(pdfs)
        if len(self.pages.sources) >= self.expected:
            self.print_now()

    def print_now(self):
        self.print_requested.emit()
        self.finished.emit(1)


def test_the_sheet_prints_the_whole_group_in_one_job(gui, qtbot, monkeypatch, tmp_path):
    window, worker, state = gui
    open_session(window, qtbot)
    sheet = show(window, "sheet")
    sheet.fill_all_button.click()
    sheet.save_button.click()
    settle(worker)
    assert sheet.last_result is not None, sheet.error.text()

    calls = []
    real = printing.print_pdfs

    def spy(parent, pdfs, **kw):
        calls.append((list(pdfs), kw))
        return real(parent, pdfs, **kw)

    AcceptingPreview.opened, AcceptingPreview.out = [], tmp_path / "group.pdf"
    monkeypatch.setattr(printing, "print_pdfs", spy)
    monkeypatch.setattr(printing, "PreviewDialog", AcceptingPreview)
    sheet.print_button.click()
    settle(worker)
    qtbot.waitUntil(lambda: sheet.paper_printed is not None, timeout=10_000)

    n = len(sheet.last_result.posted) + 1  # the members' receipts and the leader's hand-over
    assert len(calls) == 1 and calls[0][1]["preview"] is True
    pdfs = AcceptingPreview.opened[0].pages.sources    # the first, then the others added
    assert len(pdfs) == n
    assert len(AcceptingPreview.opened) == 1 and sheet.paper_printed is True
    # One job: every receipt a page, each at the receipt's size, none blank.
    printed = AcceptingPreview.out.read_bytes()
    assert sizes_mm(printed) == [s for pdf in pdfs for s in sizes_mm(pdf)]
    assert len(sizes_mm(printed)) == n
    assert ink(grey(printed, 0)[0]) > 0.01
    # The PDFs are kept in <data>/prints and each print recorded once.
    assert [p.read_bytes() for p in sheet.printed] == pdfs
    assert all(p.is_relative_to(state.data_dir / "prints") for p in sheet.printed)

    def logged(book):
        from sbpdesk.services import prints
        return [prints.print_count(book, "receipt", k) for k in sheet.printed_keys]
    assert call(worker, logged) == [1] * n
    assert "máy in" in sheet.result_label.text()


def test_reports_and_loan_pages_preview_their_documents(gui, qtbot, monkeypatch, tmp_path):
    window, worker, state = gui
    AcceptingPreview.opened, AcceptingPreview.out = [], tmp_path / "report.pdf"
    monkeypatch.setattr(printing, "PreviewDialog", AcceptingPreview)
    reports = show(window, "reports")
    reports.tabs.setCurrentIndex(2)  # the overdue list
    reports.print_button.click()
    settle(worker)
    assert len(AcceptingPreview.opened) == 1, reports.error.text()
    assert reports.saved
    assert sizes_mm(AcceptingPreview.out.read_bytes())[0] == (297, 210)

    sheet = show(window, "sheet")
    state.loan_id = next(r.line.loan_id for r in sheet.model.rows()     # one with receipts
                         if r.line.loan_id and r.line.status == "active")
    loan = show(window, "loan")
    assert loan.data is not None and loan.print_button.isEnabled()
    AcceptingPreview.out = tmp_path / "loanbook.pdf"
    loan.print_actions["loanbook"].trigger()
    settle(worker)
    assert len(AcceptingPreview.opened) == 2, loan.find_error.text()
    assert ink(grey(AcceptingPreview.out.read_bytes())[0]) > 0.005

    # The receipt of the operation selected in the history.
    row = next(i for i, h in enumerate(loan.history_model.rows())
               if h.kind in ("collection.record", "loan.disburse"))
    loan.tabs.setCurrentIndex(1)
    loan.history_view.setCurrentIndex(loan.history_model.index(row, 0))
    AcceptingPreview.out = tmp_path / "receipt.pdf"
    loan.print_actions["receipt"].trigger()
    settle(worker)
    assert len(AcceptingPreview.opened) == 3, loan.find_error.text()
    assert sizes_mm(AcceptingPreview.out.read_bytes())[0][0] in (148, 80)
    kept = list((state.data_dir / "prints" / "loans").glob("*.pdf"))
    assert len(kept) == 2
