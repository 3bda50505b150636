"""About sbpdesk: the version (the same text as `sbpdesk --version`), the book's schema, the
data folder and the book's place, and the licence of every bundled component.

`AboutDialog(info)` shows an `services.about.About` it is given; `open_about(worker, parent)`
fetches one on the database thread and opens the dialog (Settings → "Giới thiệu").
The component list is collected from installed metadata (sbpdesk/licences.py), not typed.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ..i18n import Retranslating
from ..models import Column, RowTableModel
from ..pages.common import muted, refresh_headers, table_view, value_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

KIND_NAMES = {
    "runtime": QT_TRANSLATE_NOOP("AboutDialog", "thời gian chạy"),
    "python": QT_TRANSLATE_NOOP("AboutDialog", "thư viện"),
    "font": QT_TRANSLATE_NOOP("AboutDialog", "phông chữ"),
}
COMPONENT_COLUMNS = [
    Column("name", QT_TRANSLATE_NOOP("Columns", "Thành phần")),
    Column("kind", QT_TRANSLATE_NOOP("Columns", "Loại"),
           value=lambda c: translate("AboutDialog", KIND_NAMES.get(c.kind, c.kind))),
    Column("version", QT_TRANSLATE_NOOP("Columns", "Phiên bản")),
    Column("licence", QT_TRANSLATE_NOOP("Columns", "Giấy phép")),
]
FIELDS = ("version", "schema", "role", "data_dir", "book")


class AboutDialog(Retranslating, QDialog):
    """See the module docstring."""

    def __init__(self, info, parent: QWidget | None = None):
        super().__init__(parent)
        self.info = info
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        layout.addWidget(self.title)
        form = QFormLayout()
        self.labels = {k: QLabel() for k in FIELDS}
        self.values = {k: value_label() for k in FIELDS}
        for key in FIELDS:
            self.values[key].setWordWrap(True)
            form.addRow(self.labels[key], self.values[key])
        layout.addLayout(form)
        self.components_title = QLabel()
        layout.addWidget(self.components_title)
        self.model = RowTableModel(COMPONENT_COLUMNS, parent=self)
        self.model.set_rows(list(info.components))
        self.table = table_view(self.model, stretch="licence")
        layout.addWidget(self.table, 1)
        self.qt_note = muted()
        layout.addWidget(self.qt_note)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.translate_ui()

    def translate_ui(self) -> None:
        info = self.info
        self.setWindowTitle(translate("AboutDialog", "Giới thiệu sbpdesk"))
        self.title.setText(translate("AboutDialog", "sbpdesk — Điểm giao dịch NHCSXH"))
        self.labels["version"].setText(translate("AboutDialog", "Phiên bản:"))
        self.labels["schema"].setText(translate("AboutDialog", "Lược đồ dữ liệu:"))
        self.labels["role"].setText(translate("AboutDialog", "Vai trò của sổ:"))
        self.labels["data_dir"].setText(translate("AboutDialog", "Thư mục dữ liệu:"))
        self.labels["book"].setText(translate("AboutDialog", "Vị trí sổ:"))
        self.values["version"].setText(info.version)
        self.values["schema"].setText(
            translate("AboutDialog", "{book} (chương trình ghi {head})").format(
                book=info.schema or "—", head=info.schema_head))
        self.values["role"].setText(translate("AboutDialog", "Phòng giao dịch")
                                    if info.role == "office"
                                    else translate("AboutDialog", "Điểm giao dịch"))
        self.values["data_dir"].setText(info.data_dir)
        self.values["book"].setText(info.book_location)
        self.components_title.setText(
            translate("AboutDialog", "Thành phần kèm theo và giấy phép ({n}):").format(
                n=len(info.components)))
        self.qt_note.setText(translate(
            "AboutDialog",
            "Qt for Python (PySide6) dùng theo giấy phép LGPL-3.0: các thư viện Qt nằm riêng "
            "trong thư mục chương trình và có thể thay thế. Toàn văn các giấy phép: tệp "
            "LICENCES.txt cạnh chương trình."))
        self.close_button.setText(translate("AboutDialog", "Đóng"))
        refresh_headers(self)


def open_about(worker, parent: QWidget | None = None) -> None:
    """Fetch the book's About on the database thread, then show the dialog."""
    def load(book):
        from sbpdesk.services import about
        return about.about(book)

    def show(info) -> None:
        dialog = AboutDialog(info, parent)
        dialog.show()
        if parent is not None:
            parent._about_dialog = dialog   # keep it alive while shown

    worker.run(load, on_done=show, name="about")
