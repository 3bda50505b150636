"""The first-run dialog shown while the demo book is built (on the worker thread)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout, QWidget

from ..theme import DemoBanner

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class DemoProgressDialog(QDialog):
    """A busy bar and a sentence; it has no buttons and closes when the build ends."""

    def __init__(self, folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("DemoProgress", "sbpdesk — lần chạy đầu tiên"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        layout.addWidget(DemoBanner())
        self.label = QLabel(translate(
            "DemoProgress", "Đang tạo sổ dữ liệu mẫu để tập huấn trong\n{folder}\n"
            "Việc này mất khoảng một phút; xin chờ.").format(folder=folder))
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        bar = QProgressBar()
        bar.setRange(0, 0)
        layout.addWidget(bar)
        self.setMinimumWidth(480)
