"""Our own print preview, in Vietnamese (issue 14: Qt's preview toolbar is English, and it
rasterises every page before it shows the first — 5 to 12 s for a group's receipts).

The dialog opens at once on the first page; a thread renders the thumbnails meanwhile, one
page after the other, and the dialog says how far it is ("Đang dựng trang 12/46"). The page
shown is rendered on demand at the chosen zoom. Print (Ctrl+P) asks for the printer and
emits `print_requested`; "Lưu PDF" (Ctrl+S) asks for a file and emits `save_requested(path)`;
`ui.printing.print_pdfs` connects both (the print register records either). pdfium is not
thread-safe: every call into it holds the pages' lock (`_Pages.image`, `merge_pdfs`).
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

    def __init__(self, pages):
        super().__init__()
        self.pages, self.stop = pages, threading.Event()
        self.thread = threading.Thread(target=self._run, name="preview thumbnails",
                                       daemon=True)

    def _run(self) -> None:
        for n in range(len(self.pages)):
            if self.stop.is_set():
                return
            self.rendered.emit(n, self.pages.image(n, THUMB_DPI))

    def close(self) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()


class PreviewDialog(QDialog):
    print_requested = Signal()
    save_requested = Signal(str)

    def __init__(self, printer, pages, parent=None):
        super().__init__(parent)
        self._printer, self.pages = printer, pages
        self.current, self.zoom, self.rendered = 0, 100, 0
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
        self.progress.setRange(0, len(pages))
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
        placeholder = QPixmap(96, 136)
        placeholder.fill(QColor("#e8e8e8"))
        for _ in range(len(pages)):
            self.thumbs.addItem(QListWidgetItem(QIcon(placeholder), ""))
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
        self.worker = _Thumbnails(pages)
        self.worker.rendered.connect(self._thumbnail)
        self.finished.connect(lambda _: self.worker.close())
        self.translate_ui()
        self.resize(1000, 700)
        if len(pages):
            self.thumbs.setCurrentRow(0)
        self.worker.thread.start()

    def printer(self):
        return self._printer

    def page_count(self) -> int:
        return len(self.pages)

    # --- pages ----------------------------------------------------------------------------------

    def _thumbnail(self, n: int, image: QImage) -> None:
        if self.worker.stop.is_set():
            return
        if n < self.thumbs.count():
            self.thumbs.item(n).setIcon(QIcon(QPixmap.fromImage(image)))
        self.rendered = max(self.rendered, n + 1)
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
            n=self.current + 1, total=len(self.pages)))

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
        done = self.rendered >= len(self.pages)
        self.progress.setVisible(not done)
        self.progress_label.setText("" if done else translate(
            "Preview", "Đang dựng trang {n}/{total}").format(n=self.rendered,
                                                             total=len(self.pages)))

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
