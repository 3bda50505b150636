"""Preview and print the documents of `sbpdesk.printing` (PDF bytes) through Qt print support.

QtPdf is not part of pyside6-essentials, so each PDF page is rasterised with pypdfium2 at the
printer's resolution (capped at 300 dpi; 150 dpi for the on-screen preview) and painted with
QPainter on a QPrinter. All pages of all the PDFs go out as ONE print job (a group's receipts
are one job), each page on paper of the PDF's own size: A5 receipts, A4 landscape reports,
80 mm thermal receipts with their custom height. A page larger than the printer's paper is
scaled down to fit, never up: a receipt prints at its true size.

`print_pdfs(parent, pdfs, preview=True)` opens QPrintPreviewDialog (or QPrintDialog with
preview=False) window-modally and returns at once — the dialog prints when the officer
confirms and reports through `on_done(printed)`; `dialog=False` prints straight to the
given (or the chosen) printer and returns the number of pages ("in nhanh", and the tests).
The printer chosen in Settings (QSettings "printing/printer", "" = the system default) is
preselected.

`before_print(documents)` runs when pages are about to go to a real printer (not the preview's
own rendering): it gets the indexes of the PDFs the job will print (all, or those the
"from … to …" range touches) and returns the PDFs to print instead — or None to print nothing.
`print_failed()` runs when it returned PDFs but no page could be sent.

`print_documents(parent, worker, previews, …)` is how the pages print what the book holds:
the preview shows `printing.record.preview` documents (marked with the copy number the next
print would get, nothing recorded); `before_print` records them on the worker
(`printing.record.record`, one transaction) while the dialog waits, and paints the recorded
PDFs — re-rendered when someone printed the document meanwhile — so the paper carries the
number the register gave it. Cancelling the preview records nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QMarginsF, QRectF, QSettings, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrinterInfo,
)
from PySide6.QtWidgets import QApplication, QWidget

from sbpdesk.domain.errors import DomainError

from .preview import PreviewDialog

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

MAX_DPI = 300
PREVIEW_DPI = 150
PAPERS = ("a5", "a4", "thermal")
_FALLBACK_SIZES = {  # points, when a PDF page has no readable size
    "a5": QPageSize(QPageSize.PageSizeId.A5),
    "a4": QPageSize(QPageSize.PageSizeId.A4),
    "thermal": QPageSize(QSizeF(80, 200), QPageSize.Unit.Millimeter, "80 mm"),
}


def saved_printer() -> str:
    """The printer chosen in Settings ("" = the system's default printer)."""
    return str(QSettings().value("printing/printer", "") or "")


def saved_paper() -> str:
    """The receipt paper chosen in Settings ("a5" or "thermal")."""
    paper = str(QSettings().value("printing/receipt_paper", "a5") or "a5")
    return paper if paper in PAPERS else "a5"


def make_printer(printer_name: str | None = None) -> QPrinter:
    """A QPrinter on `printer_name` when it is installed, else on the default printer."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name and printer_name in QPrinterInfo.availablePrinterNames():
        printer.setPrinterName(printer_name)
    printer.setFullPage(True)
    printer.setDocName("sbpdesk")
    return printer


class _Pages:
    """The PDFs opened once with pypdfium2, their pages listed as (document, index, size)."""

    def __init__(self, pdfs: Sequence[bytes], paper: str):
        self.sources: list[bytes] = []
        self.paper = paper
        self.lock = threading.Lock()  # pdfium is not thread-safe (the preview's thumbnails)
        self.documents: list = []
        self.fallback = _FALLBACK_SIZES.get(paper, _FALLBACK_SIZES["a5"])
        self.pages: list[tuple[object, int, QPageSize]] = []
        self.owner: list[int] = []  # the index of the PDF each page comes from
        self.add(pdfs)

    def add(self, pdfs: Sequence[bytes]) -> None:
        """More PDFs, their pages after the others (a preview still being filled)."""
        import pypdfium2 as pdfium

        with self.lock:
            for pdf in pdfs:
                data = bytes(pdf)
                doc = pdfium.PdfDocument(data)
                self.sources.append(data)
                self.documents.append(doc)
                for i in range(len(doc)):
                    width, height = doc[i].get_size()  # points
                    if width > 1 and height > 1:
                        size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "",
                                         QPageSize.SizeMatchPolicy.FuzzyMatch)
                    else:
                        size = self.fallback
                    self.owner.append(len(self.documents) - 1)
                    self.pages.append((doc, i, size))

    def __len__(self) -> int:
        return len(self.pages)

    def layout(self, n: int) -> QPageLayout:
        """Portrait layout of the page's own size (landscape pages as a landscape
        orientation of the standard size, so drivers pick the right tray)."""
        size = self.pages[n][2]
        points = size.size(QPageSize.Unit.Point)
        if points.width() > points.height():
            portrait = QPageSize(QSizeF(points.height(), points.width()), QPageSize.Unit.Point,
                                 "", QPageSize.SizeMatchPolicy.FuzzyMatch)
            return QPageLayout(portrait, QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0))
        return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))

    def image(self, n: int, dpi: float) -> QImage:
        with self.lock:
            doc, i, _ = self.pages[n]
            page = doc[i]
            bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True, may_draw_forms=False)
            fmt = {3: QImage.Format.Format_RGB888, 4: QImage.Format.Format_RGBA8888,
                   1: QImage.Format.Format_Grayscale8}[bitmap.n_channels]
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           fmt).copy()
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        return image

    def merged(self, pdfs: Sequence[bytes]) -> bytes:
        """`pdfs` as one PDF, pages as they are ("Lưu PDF" in the preview)."""
        import io

        import pypdfium2 as pdfium
        with self.lock:
            out = pdfium.PdfDocument.new()
            for pdf in pdfs:
                out.import_pages(pdfium.PdfDocument(bytes(pdf)))
            buffer = io.BytesIO()
            out.save(buffer)
            out.close()
        return buffer.getvalue()

    def close(self) -> None:
        with self.lock:
            for doc in self.documents:
                doc.close()
            self.documents, self.pages = [], []


def _in_preview(printer: QPrinter) -> bool:
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def paint_pages(printer: QPrinter, pages: _Pages, *, preview: bool | None = None,
                before_print: Callable[[list[int]], Sequence[bytes] | None] | None = None,
                print_failed: Callable[[], None] | None = None) -> int:
    """Paint the pages on `printer` as one job (all of them, or the "from … to …" range the
    print dialog asked for); return the number of pages painted.

    On a real printer `before_print(documents)` runs first (see the module docstring): when
    it returns other PDFs than those of `pages`, all pages of those PDFs are painted."""
    if preview is None:
        preview = _in_preview(printer)
    wanted = range(len(pages))
    if (not preview and printer.printRange() == QPrinter.PrintRange.PageRange
            and printer.fromPage() > 0):
        wanted = range(printer.fromPage() - 1, min(len(pages), printer.toPage()))
    if not len(wanted):
        return 0
    if preview or before_print is None:
        return _paint(printer, pages, wanted, preview)
    documents = sorted({pages.owner[n] for n in wanted})
    replaced = before_print(documents)
    if replaced is None:
        return 0
    painted = 0
    try:
        if [bytes(pdf) for pdf in replaced] == [pages.sources[d] for d in documents]:
            painted = _paint(printer, pages, wanted, False)
        else:
            fresh = _Pages(replaced, pages.paper)
            try:
                painted = _paint(printer, fresh, range(len(fresh)), False)
            finally:
                fresh.close()
    finally:
        if not painted and print_failed is not None:
            print_failed()
    return painted


def _paint(printer: QPrinter, pages: _Pages, wanted: range, preview: bool) -> int:
    printer.setFullPage(True)
    printer.setPageLayout(pages.layout(wanted[0]))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi_cap = PREVIEW_DPI if preview else MAX_DPI
        for count, n in enumerate(wanted):
            if count:
                # Qt lets a page size change inside a job only on PDF output; a real printer
                # keeps the job's first size (a job is one kind of document anyway) and a
                # larger page is shrunk to fit below.
                layout = pages.layout(n)
                if (not layout.isEquivalentTo(printer.pageLayout())
                        and printer.paintEngine().type() == QPaintEngine.Type.Pdf):
                    printer.setPageLayout(layout)
                if not printer.newPage():
                    return count
            device_dpi = printer.resolution()
            dpi = min(device_dpi, dpi_cap)
            image = pages.image(n, dpi)
            # the PDF page's true size in device pixels, shrunk only to fit the paper
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            width = image.width() * device_dpi / dpi
            height = image.height() * device_dpi / dpi
            scale = min(1.0, paper.width() / width if width else 1.0,
                        paper.height() / height if height else 1.0)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(QRectF(0, 0, width * scale, height * scale), image)
        return len(wanted)
    finally:
        painter.end()


def print_pdfs(
    parent: QWidget | None,
    pdfs: Sequence[bytes],
    *,
    preview: bool = True,
    printer_name: str | None = None,
    paper: str = "a5",
    dialog: bool = True,
    printer: QPrinter | None = None,
    title: str = "",
    on_done: Callable[[bool], None] | None = None,
    before_print: Callable[[list[int]], Sequence[bytes] | None] | None = None,
    print_failed: Callable[[], None] | None = None,
    expected: int | None = None,
):
    """Preview (or ask for the printer) and print all pages of `pdfs` as one job.

    With `dialog=True` the (window-modal) dialog is opened and returned; `on_done(printed)`
    runs when it closes. With `dialog=False` the pages go straight to `printer` (or a printer
    on `printer_name`, else the one chosen in Settings), `on_done(printed)` runs and the page
    count is returned. `before_print` and `print_failed`: see the module docstring.
    `expected`: the preview opens with the first of that many PDFs, the others follow
    (`PreviewDialog.add_documents`).
    """
    hooks = {"before_print": before_print, "print_failed": print_failed}
    pages = _Pages(pdfs, paper)
    if printer is None:
        printer = make_printer(saved_printer() if printer_name is None else printer_name)
    if title:
        printer.setDocName(title)
    if len(pages):
        printer.setPageLayout(pages.layout(0))
    if not dialog:
        try:
            count = paint_pages(printer, pages, preview=False, **hooks)
        finally:
            pages.close()
        if on_done is not None:
            on_done(count > 0)
        return count

    result = {"printed": False}
    if preview:
        box = PreviewDialog(printer, pages, parent, expected=expected)

        def paint() -> None:
            result["printed"] = paint_pages(printer, pages, preview=False, **hooks) > 0

        def save(path: str) -> None:
            result["printed"] = _save_pdf(pages, path, before_print, print_failed)

        box.print_requested.connect(paint)
        box.save_requested.connect(save)
    else:
        box = QPrintDialog(printer, parent)
        box.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)

        def send() -> None:
            result["printed"] = paint_pages(printer, pages, preview=False, **hooks) > 0

        box.accepted.connect(send)
    if title:
        box.setWindowTitle(title)

    def finished(_code: int) -> None:
        pages.close()
        box.deleteLater()
        _job.update(claimed=False, dialog=None)
        if on_done is not None:
            on_done(result["printed"])

    box.finished.connect(finished)
    box._sbpdesk_keep = (printer, pages)  # alive as long as the dialog
    _job.update(claimed=True, dialog=box)
    box.open()
    return box


def _save_pdf(pages: _Pages, path: str, before_print, print_failed) -> bool:
    """"Lưu PDF" in the preview: a print to a file, recorded as one (`before_print` gives
    the recorded PDFs, marked with their copy numbers)."""
    from sbpdesk.printing.record import write_atomic

    documents = list(range(len(pages.sources)))
    pdfs = pages.sources if before_print is None else before_print(documents)
    if pdfs is None:
        return False
    try:
        write_atomic(Path(path), pages.merged(pdfs))
    except OSError:
        if print_failed is not None:
            print_failed()
        raise
    return True


# One print at a time (issue 14: a second Ctrl+P opened a second preview): claimed while the
# documents are prepared on the worker, released when the preview closes.
_job: dict[str, Any] = {"claimed": False, "dialog": None}
BUSY = DomainError(
    "print_busy",
    "Đang chuẩn bị một bản in: chờ bản xem trước hiện ra (hoặc đóng nó) rồi in tiếp.",
    "A print is being prepared: wait for its preview (or close it), then print again.")


def prepare(worker, fn: Callable[[Any], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Any], None], *, name: str = "print preview") -> bool:
    """Run `fn(book)` (making the documents) on the worker, then `on_done(value)` (which
    opens the preview) — unless a print is already being prepared or previewed: then
    `on_error(BUSY)` and False."""
    if _job["claimed"]:
        on_error(BUSY)
        return False
    _job["claimed"] = True

    def released() -> None:
        if _job["dialog"] is None:   # no preview opened: nothing holds the job any more
            _job["claimed"] = False
    worker.run(fn, on_done=on_done, on_error=on_error, on_finally=released, name=name)
    return True


def run_and_wait(worker, fn: Callable[[Any], Any], *,
                 on_error: Callable[[Any], None] | None = None, name: str = "") -> Any:
    """Run `fn(book)` on the database worker and wait for it (None when it failed).

    For the moment between "Print" and the first page: the pages may not go to paper before
    the print is recorded. Events other than user input are processed meanwhile (the result
    arrives through the event loop; the window repaints), so the officer cannot start
    anything else. A DomainError goes to `on_error` (a message box without one); a bug is
    reported by the worker.
    """
    loop = QEventLoop()
    box: dict[str, Any] = {}

    def finish() -> None:
        box["finished"] = True
        loop.quit()

    worker.run(fn, on_done=lambda value: box.setdefault("value", value),
               on_error=lambda error: box.setdefault("error", error),
               on_finally=finish, name=name or "print")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if "finished" not in box:
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        while "finished" not in box:
            # The loop returned before the worker answered: the application was told to quit
            # (e.g. Windows ending the session), which ends every running event loop and keeps
            # new ones from starting. The task still runs to its end — a record commits — so
            # wait for its outcome all the same: returning None here would leave prints in the
            # register that never went to paper.
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            QCoreApplication.sendPostedEvents()
            threading.Event().wait(0.002)
    finally:
        QApplication.restoreOverrideCursor()
    if "error" in box:
        if on_error is not None:
            on_error(box["error"])
        else:
            from . import errors
            errors.show_domain_error(QApplication.activeWindow(), box["error"])
        return None
    return box.get("value")


def print_documents(
    parent: QWidget | None,
    worker,
    previews: Sequence[Any],
    *,
    user: str | None = None,
    out: Callable[[Any], str | Path | None] | None = None,
    on_error: Callable[[Any], None] | None = None,
    on_done: Callable[[tuple], None] | None = None,
    **options: Any,
):
    """Preview `previews` (`printing.record.preview` results, nothing recorded) and print
    them as one job, recording each print only when its pages are sent to a printer.

    The recording runs on `worker` (`record.record`: one transaction; `out(printed)` names the
    file kept for each recorded PDF); the pages painted are the recorded PDFs, re-rendered
    when the copy number recorded differs from the one previewed. If no page can be sent
    after all, the prints are withdrawn (`record.withdraw`). `on_done(recorded)` gets the
    recorded documents — an empty tuple when the preview was cancelled or the print refused.
    `options` go to `print_pdfs` (preview, printer_name, printer, paper, dialog, title,
    expected: the documents still being made follow through `add_previews`).
    """
    previews = list(previews)
    recorded: list[Any] = []

    def before_print(documents: list[int]) -> Sequence[bytes] | None:
        chosen = [previews[d] for d in documents]

        def record_them(book):
            from sbpdesk.printing import record
            return record.record(book, chosen, user=user, out=out)

        done = run_and_wait(worker, record_them, on_error=on_error, name="record print")
        if done is None:
            return None
        recorded[:] = done
        return [p.pdf for p in done]

    def print_failed() -> None:
        taken = tuple(recorded)
        recorded.clear()

        def withdraw(book):
            from sbpdesk.printing import record
            return record.withdraw(book, taken)

        if taken:
            run_and_wait(worker, withdraw, on_error=on_error, name="withdraw print")

    def finished(printed: bool) -> None:
        if on_done is not None:
            on_done(tuple(recorded) if printed else ())

    box = print_pdfs(parent, [p.pdf for p in previews], before_print=before_print,
                     print_failed=print_failed, on_done=finished, **options)
    if isinstance(box, PreviewDialog):
        box.previews = previews   # the documents shown, extended by add_previews
    return box


def add_previews(box: PreviewDialog, more: Sequence[Any]) -> None:
    """Documents made after `print_documents(…, expected=n)` opened the preview: shown and
    printed with the first ones."""
    box.previews.extend(more)
    box.add_documents([p.pdf for p in more])


def prepare_in_parts(worker, parts: Sequence[Callable[[Any], Sequence[Any]]],
                     on_first: Callable[[Any], Any], on_error: Callable[[Any], None], *,
                     name: str = "print preview") -> bool:
    """`prepare` for documents made in parts: `parts[0](book)` on the worker, then
    `on_first(documents)` opens the preview (and returns it) at once; each later part is made
    on the worker after it and added to that preview (`add_previews`) — unless the preview
    was closed meanwhile: the parts still queued then make nothing."""
    state: dict[str, Any] = {"box": None}

    def first_shown(documents) -> None:
        box = on_first(documents)
        if not isinstance(box, PreviewDialog):
            return
        state["box"] = box
        box.finished.connect(lambda _code: state.update(box=None))
        def failed(error, b=box) -> None:   # the preview would wait for it for ever
            if state["box"] is b:
                b.reject()
            on_error(error)
        for part in parts[1:]:
            worker.run(lambda book, part=part: () if state["box"] is None else part(book),
                       on_done=lambda more, b=box: _added(b, state, more),
                       on_error=failed, name=name)

    return prepare(worker, parts[0], first_shown, on_error, name=name)


def _added(box, state: dict, more) -> None:
    if state["box"] is box and more:
        add_previews(box, more)


def not_printed_text() -> str:
    """What a page says when its preview closed without printing."""
    return translate("Printing", "Đã đóng bản xem trước, chưa in: sổ in không thay đổi.")


def pdf_image(pdf: bytes, dpi: float = 96) -> QImage:
    """The first page of `pdf` as an image (the office reports page's charts)."""
    pages = _Pages([pdf], "a4")
    try:
        return pages.image(0, dpi)
    finally:
        pages.close()
