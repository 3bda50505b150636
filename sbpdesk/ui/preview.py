"""Our own print preview, in Vietnamese (issue 14: Qt's preview toolbar is English, and it
rasterises every page before it shows the first — 5 to 12 s for a group's receipts).

The dialog opens at once on the first page; a thread renders the thumbnails meanwhile, one
page after the other, and the dialog says how far it is ("Đang dựng trang 12/46"). The page
shown is rendered on demand at the chosen zoom. A caller still making documents opens it with
the first ones and `expected` the number it will have, then hands it the others as they are
made (`add_documents`): the pages come in behind the first, and printing waits for the last
(issue 14: a group's 61 receipts were all made before the preview opened, 3–6 s).
Print (Ctrl+P) asks for the printer and emits `print_requested`; "Lưu PDF" (Ctrl+S) asks for
a file and emits `save_requested(path)`; `ui.printing.print_pdfs` connects both (the print
register records either). pdfium is not thread-safe: every call into it holds the pages' lock
(`_Pages.image`, `_Pages.add`, `merge_pdfs`).
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

THUMB_DPI = 18
SCREEN_DPI = 96
ZOOMS = (50, 75, 100, 125, 150, 200)


class _Thumbnails(QObject):
    """Renders the thumbnails on a thread; `rendered` reaches the dialog's thread queued."""

    rendered = Signal(int, QImage)

    def __init__(self, pages, complete: bool = True):
        super().__init__()
        self.pages, self.stop = pages, threading.Event()
        self.more = threading.Condition()   # pages added, or the last of them
        self.complete = complete
        self.thread = threading.Thread(target=self._run, name="preview thumbnails",
                                       daemon=True)

    def _run(self) -> None:
        n = 0
        while not self.stop.is_set():
            with self.more:
                while (n >= len(self.pages) and not self.complete
                       and not self.stop.is_set()):
                    self.more.wait()
                if self.stop.is_set() or n >= len(self.pages):
                    return
            self.rendered.emit(n, self.pages.image(n, THUMB_DPI))
            n += 1

    def added(self, complete: bool) -> None:
        with self.more:
            self.complete = complete
            self.more.notify_all()

    def close(self) -> None:
        self.stop.set()
        self.added(self.complete)
        if self.thread.is_alive():
            self.thread.join()


class PreviewDialog(QDialog):
    print_requested = Signal()
    save_requested = Signal(str)

    def __init__(self, printer, pages, parent=None, expected: int | None = None):
        super().__init__(parent)
        self._printer, self.pages = printer, pages
        self.current, self.zoom, self.rendered = 0, 100, 0
        self.expected = max(expected or 0, len(pages.sources))   # documents, when all made
        self.previews: list = []   # the book's documents shown (`printing.print_documents`)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button, self.save_button = QPushButton(), QPushButton()
        self.print_button.setObjectName("Primary")
        self.print_button.clicked.connect(self.ask_print)
        self.save_button.clicked.connect(self.ask_save)
        self.zoom_out_button, self.zoom_in_button = QPushButton(), QPushButton()
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(1))
        self.zoom_box = QComboBox()
        for z in ZOOMS:
            self.zoom_box.addItem(f"{z} %", z)
        self.zoom_box.setCurrentIndex(ZOOMS.index(self.zoom))
        self.zoom_box.currentIndexChanged.connect(
            lambda i: self.set_zoom(self.zoom_box.itemData(i)))
        self.page_label = QLabel()
        self.progress_label, self.progress = QLabel(), QProgressBar()
        self.progress.setRange(0, self._total())
        self.progress.setMaximumWidth(160)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        for w in (self.print_button, self.save_button, self.zoom_out_button, self.zoom_box,
                  self.zoom_in_button, self.page_label):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.progress_label, self.progress, self.close_button):
            bar.addWidget(w)
        layout.addLayout(bar)
        body = QHBoxLayout()
        self.thumbs = QListWidget()
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)   # "Trang n" under each page
        self.thumbs.setFlow(QListView.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListView.Movement.Static)
        self.thumbs.setIconSize(QSize(96, 136))
        self.thumbs.setSpacing(4)
        self.thumbs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thumbs.setFixedWidth(150)
        self.thumbs.currentRowChanged.connect(self.show_page)
        self.placeholder = QPixmap(96, 136)
        self.placeholder.fill(QColor("#e8e8e8"))
        for _ in range(len(pages)):
            self.thumbs.addItem(QListWidgetItem(QIcon(self.placeholder), ""))
        self.area = QScrollArea()
        self.area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area.setStyleSheet("QScrollArea { background: #808080; }")
        self.view = QLabel()
        self.area.setWidget(self.view)
        body.addWidget(self.thumbs)
        body.addWidget(self.area, 1)
        layout.addLayout(body, 1)
        for key, slot in (("Ctrl+P", self.ask_print), ("Ctrl+S", self.ask_save),
                          ("Ctrl++", lambda: self.step_zoom(1)),
                          ("Ctrl+=", lambda: self.step_zoom(1)),
                          ("Ctrl+-", lambda: self.step_zoom(-1)),
                          ("PgDown", lambda: self.go(1)), ("PgUp", lambda: self.go(-1))):
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        self.worker = _Thumbnails(pages, self.is_complete())
        self.worker.rendered.connect(self._thumbnail)
        self.finished.connect(lambda _: self.worker.close())
        self.translate_ui()
        self._ready()
        self.resize(1000, 700)
        if len(pages):
            self.thumbs.setCurrentRow(0)
        self.worker.thread.start()

    def printer(self):
        return self._printer

    def page_count(self) -> int:
        return len(self.pages)

    def is_complete(self) -> bool:
        """Every document is here (printing waits for it)."""
        return len(self.pages.sources) >= self.expected

    def _total(self) -> int:
        """Pages to render: those here, one for each document still to come (a receipt)."""
        return len(self.pages) + max(0, self.expected - len(self.pages.sources))

    def add_documents(self, pdfs) -> None:
        """More of the expected documents, made after the dialog opened: their pages go in
        behind the others."""
        first = len(self.pages)
        self.pages.add(pdfs)
        for n in range(first, len(self.pages)):
            item = QListWidgetItem(QIcon(self.placeholder),
                                   translate("Preview", "Trang {n}").format(n=n + 1))
            self.thumbs.addItem(item)
        self.worker.added(self.is_complete())
        self.progress.setRange(0, self._total())
        self._ready()
        self._progress_text()
        self._page_text()

    def _ready(self) -> None:
        for button in (self.print_button, self.save_button):
            button.setEnabled(self.is_complete())

    # --- pages ----------------------------------------------------------------------------------

    def _thumbnail(self, n: int, image: QImage) -> None:
        if self.worker.stop.is_set():
            return
        if n < self.thumbs.count():
            self.thumbs.item(n).setIcon(QIcon(QPixmap.fromImage(image)))
        self.rendered = max(self.rendered, n + 1)
        self._ready()
        self.progress.setValue(self.rendered)
        self._progress_text()

    def show_page(self, n: int) -> None:
        if not 0 <= n < len(self.pages):
            return
        self.current = n
        image = self.pages.image(n, SCREEN_DPI * self.zoom / 100)
        self.view.setPixmap(QPixmap.fromImage(image))
        self.view.resize(image.size())
        self._page_text()

    def _page_text(self) -> None:
        self.page_label.setText(translate("Preview", "Trang {n}/{total}").format(
            n=self.current + 1, total=self._total()))

    def go(self, step: int) -> None:
        self.thumbs.setCurrentRow(max(0, min(len(self.pages) - 1, self.current + step)))

    def set_zoom(self, zoom: int) -> None:
        self.zoom = zoom
        if self.zoom_box.currentData() != zoom:
            self.zoom_box.setCurrentIndex(ZOOMS.index(zoom))
        self.show_page(self.current)

    def step_zoom(self, step: int) -> None:
        i = ZOOMS.index(self.zoom) + step
        self.set_zoom(ZOOMS[max(0, min(len(ZOOMS) - 1, i))])

    # --- print and save -------------------------------------------------------------------------

    def ask_print(self) -> None:
        """The system's printer dialog, then the pages to that printer."""
        if not self.is_complete():   # the last documents are still being made
            return
        box = QPrintDialog(self._printer, self)
        box.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        box.setWindowTitle(translate("Preview", "In"))
        box.accepted.connect(self.print_now)
        box.open()

    def print_now(self) -> None:
        """Print to the dialog's printer as it is set, and close."""
        self.print_requested.emit()
        self.accept()

    def ask_save(self) -> None:
        if not self.is_complete():
            return
        name = self.windowTitle().replace("/", "-") or "sbpdesk"
        path, _ = QFileDialog.getSaveFileName(
            self, translate("Preview", "Lưu PDF"), f"{name}.pdf",
            translate("Preview", "Tệp PDF (*.pdf)"))
        if path:
            self.save_pdf(path)

    def save_pdf(self, path: str) -> None:
        self.save_requested.emit(path)
        self.accept()

    # --- text -----------------------------------------------------------------------------------

    def _progress_text(self) -> None:
        total = self._total()
        done = self.rendered >= total
        self.progress.setVisible(not done)
        self.progress_label.setText("" if done else translate(
            "Preview", "Đang dựng trang {n}/{total}").format(n=self.rendered, total=total))

    def translate_ui(self) -> None:
        self.print_button.setText(translate("Preview", "&In… (Ctrl+P)"))
        self.save_button.setText(translate("Preview", "&Lưu PDF… (Ctrl+S)"))
        self.zoom_out_button.setText(translate("Preview", "Thu nhỏ"))
        self.zoom_in_button.setText(translate("Preview", "Phóng to"))
        self.zoom_box.setToolTip(translate("Preview", "Cỡ xem (Ctrl+- / Ctrl++)"))
        self.close_button.setText(translate("Preview", "Đóng"))
        for n in range(self.thumbs.count()):
            self.thumbs.item(n).setText(translate("Preview", "Trang {n}").format(n=n + 1))
        self._progress_text()
        self._page_text()
