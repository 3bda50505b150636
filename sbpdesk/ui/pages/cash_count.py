"""The session page's parts: cash counted by denomination (at open and at close) and the
summary shown when a session closes (issue 14).

`CashCount` offers the denominations down to the office's smallest note; it knows whether
anyone has counted yet (`touched`), so the page shows no difference before a count.
`CloseSummaryBox` shows `services.session_summary.CloseSummary` and offers the session report.
"""
from __future__ import annotations

import itertools

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.money import format_number

from .common import date_text, frame, heading, money, value_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

DENOMINATIONS = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000,
                 500, 200, 100)


class CashCount(QWidget):
    """Pieces per denomination, in two columns, with the amount of each line."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.spins: dict[int, QSpinBox] = {}
        self.amounts: dict[int, QLabel] = {}
        self.labels: dict[int, QLabel] = {}
        self.touched = False
        half = (len(DENOMINATIONS) + 1) // 2
        for i, denomination in enumerate(DENOMINATIONS):
            row, col = i % half, (i // half) * 3
            label = QLabel(format_number(denomination))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            spin = QSpinBox()
            spin.setRange(0, 99_999)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setMinimumWidth(80)
            spin.valueChanged.connect(self._recount)
            label.setBuddy(spin)
            amount = QLabel("0")
            amount.setMinimumWidth(110)
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, row, col)
            grid.addWidget(spin, row, col + 1)
            grid.addWidget(amount, row, col + 2)
            self.spins[denomination] = spin
            self.amounts[denomination] = amount
            self.labels[denomination] = label
        for a, b in itertools.pairwise(self.spins.values()):
            QWidget.setTabOrder(a, b)

    def first(self) -> QSpinBox:
        return next(s for s in self.spins.values() if s.isVisibleTo(self))

    def last(self) -> QSpinBox:
        return [s for s in self.spins.values() if s.isVisibleTo(self)][-1]

    def set_smallest(self, note: int) -> None:
        """Offer only the notes the office counts (a hidden one counts nothing)."""
        for d, spin in self.spins.items():
            shown = d >= note or spin.value() > 0
            for widget in (spin, self.amounts[d], self.labels[d]):
                widget.setVisible(shown)

    def total(self) -> int:
        return sum(d * spin.value() for d, spin in self.spins.items())

    def pieces(self) -> dict[int, int]:
        return {d: spin.value() for d, spin in self.spins.items() if spin.value()}

    def set_pieces(self, pieces: dict[int, int]) -> None:
        """Show a count kept as a draft (it counts as counted)."""
        for d, spin in self.spins.items():
            spin.setValue(pieces.get(d, 0))
        self._recount()

    def reset(self) -> None:
        for spin in self.spins.values():
            spin.blockSignals(True)
            spin.setValue(0)
            spin.blockSignals(False)
            self.amounts[next(d for d, s in self.spins.items() if s is spin)].setText("0")
        self.touched = False
        self.changed.emit()

    def _recount(self, *_):
        self.touched = True
        for d, spin in self.spins.items():
            self.amounts[d].setText(format_number(d * spin.value()))
        self.changed.emit()


class CloseSummaryBox(QWidget):
    """What the session just closed did, and the button that prints its report."""

    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        box = frame()
        inner = QVBoxLayout(box)
        self.title = heading()
        self.body = value_label()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.print_button = QPushButton()
        self.print_button.setObjectName("Primary")
        self.print_button.clicked.connect(self.print_requested)
        inner.addWidget(self.title)
        inner.addWidget(self.body)
        inner.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(box)
        self.summary = None

    def show_summary(self, summary) -> None:
        self.summary = summary
        self.translate_ui()

    def translate_ui(self) -> None:
        s = self.summary
        self.print_button.setText(translate("SessionPage", "&In báo cáo phiên…"))
        if s is None:
            return
        self.title.setText(translate("SessionPage", "Đã đóng phiên ngày {date}").format(
            date=date_text(s.business_date)))
        lines = [translate("SessionPage", "Giao dịch viên: {teller} — kiểm soát viên: "
                           "{controller}").format(teller=s.teller, controller=s.controller)]
        for label, amount in s.amounts:
            lines.append(f"{label}: {money(amount)}")
        if not s.amounts:
            lines.append(translate("SessionPage", "Không có khoản thu chi nào."))
        lines.append(translate("SessionPage", "Tổ đã giao nộp ({n}): {names}").format(
            n=len(s.groups_done), names=", ".join(s.groups_done) or "—"))
        lines.append(translate("SessionPage", "Tổ chưa giao nộp: {n}").format(
            n=len(s.groups_not_done)))
        if s.differences > 0:
            lines.append(translate("SessionPage", "Thừa quỹ {amount}").format(
                amount=money(s.differences)))
        elif s.differences < 0:
            lines.append(translate("SessionPage", "Thiếu quỹ {amount}").format(
                amount=money(-s.differences)))
        if s.rounding:
            lines.append(translate("SessionPage", "Làm tròn tiền mặt: {amount}").format(
                amount=signed_money(s.rounding)))
        if s.counted_total is not None:
            lines.append(translate("SessionPage", "Tiền kiểm đếm cuối phiên: {amount}").format(
                amount=money(s.counted_total)))
        self.body.setText("\n".join(lines))


def signed_money(amount: int) -> str:
    return ("+" if amount > 0 else "−") + money(abs(amount))
