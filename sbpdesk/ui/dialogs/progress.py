"""The first-run dialog shown while the demo book is built (on the worker thread): a bar and
a sentence that say what the build is doing (issue 14: a busy bar said nothing for a minute).
`report(step, done, total)` may be called from any thread (`demo.point.build_point_demo`'s
`progress`): it reaches the dialog queued."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout, QWidget

from ..theme import DemoBanner

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

# (start, end) of each step on the bar, in per cent: their shares of the build's time
# (bench/first_start.py, decision 0256)
SPANS = {"office": (0, 9), "history": (9, 25), "save": (25, 43), "laptop": (43, 100)}


class DemoProgressDialog(QDialog):
    """The bar and the sentence; no buttons; it closes when the build ends."""

    stepped = Signal(str, int, int)

    def __init__(self, folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("DemoProgress", "sbpdesk — lần chạy đầu tiên"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        layout.addWidget(DemoBanner())
        self.label = QLabel(translate(
            "DemoProgress", "Đang tạo sổ dữ liệu mẫu để tập huấn trong\n{folder}\n"
            "Việc này mất từ nửa phút đến một phút; xin chờ.").format(folder=folder))
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        layout.addWidget(self.bar)
        self.step = QLabel()
        layout.addWidget(self.step)
        self.setMinimumWidth(480)
        self.stepped.connect(self._show)

    def report(self, step: str, done: int, total: int) -> None:
        self.stepped.emit(step, done, total)

    def _show(self, step: str, done: int, total: int) -> None:
        start, end = SPANS.get(step, (0, 100))
        self.bar.setValue(start + (end - start) * done // max(1, total))
        self.step.setText({
            "office": translate("DemoProgress", "Tạo văn phòng, điểm giao dịch, tổ và hộ vay…"),
            "history": translate("DemoProgress", "Ghi các phiên giao dịch mẫu: tháng {n}/{total}…"
                                 ).format(n=done + 1, total=total),
            "save": translate("DemoProgress", "Ghi sổ…"),
            "laptop": _laptop(done),
        }.get(step, ""))


def _laptop(done: int) -> str:
    """The enrolment's parts: the laptop's request, the office's pack, the laptop taking it."""
    if done == 1:
        return translate("DemoProgress", "Ghi danh máy xách tay: văn phòng lập gói dữ liệu…")
    if done >= 2:
        return translate("DemoProgress", "Ghi danh máy xách tay: máy nạp dữ liệu văn phòng…")
    return translate("DemoProgress", "Ghi danh máy xách tay với văn phòng…")
