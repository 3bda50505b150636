"""Xử lý tiền treo: the accountant settles one account's suspense (issue 16).

`ResolveDialog(worker, line)` for a `sync.office_review.SuspenseLine`: the amount (all of it
by default), where it goes (the loan, the household's savings, a refund, written-off
recovery), the account it goes to when that is another one, and the reason — required: the
review history shows who resolved what and why. OK writes through the typed verb
`services.loans.resolve_suspense` on the worker (the write owns the transaction); a refusal
is shown under its field and the dialog stays open. Emits `resolved(Written)`.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import format_vnd

from ..i18n import Retranslating
from ..widgets import AmountEdit, FieldError, NfcLineEdit, cancel_ok_row, with_error_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

DESTINATIONS = {
    "loan": QT_TRANSLATE_NOOP("Resolve", "Trả nợ khoản vay"),
    "savings": QT_TRANSLATE_NOOP("Resolve", "Gửi vào tiết kiệm của hộ"),
    "refund": QT_TRANSLATE_NOOP("Resolve", "Hoàn trả cho khách hàng"),
    "recovery": QT_TRANSLATE_NOOP("Resolve", "Thu hồi nợ đã xóa"),
}


def destination_name(code: str) -> str:
    source = DESTINATIONS.get(code)
    return translate("Resolve", source) if source else code


class ResolveDialog(Retranslating, QDialog):
    resolved = Signal(object)    # services.changes.Written

    def __init__(self, worker, line, business_date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._worker, self.line, self._date = worker, line, business_date
        layout = QVBoxLayout(self)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        form = QFormLayout()
        self.amount = AmountEdit()
        self.amount.set_amount(abs(line.suspense))
        self.to = QComboBox()
        for code in DESTINATIONS:
            self.to.addItem("", code)
        self.target = NfcLineEdit()
        self.reason = NfcLineEdit()
        self.amount_error, self.reason_error, self.error = FieldError(), FieldError(), FieldError()
        self.labels = [QLabel() for _ in range(4)]
        for label, field in zip(self.labels, (self.amount, self.to, self.target, self.reason),
                                strict=True):
            label.setBuddy(field)
        form.addRow(self.labels[0], with_error_label(self.amount, self.amount_error))
        form.addRow(self.labels[1], self.to)
        form.addRow(self.labels[2], self.target)
        form.addRow(self.labels[3], with_error_label(self.reason, self.reason_error))
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons, self.cancel_button, self.ok_button = cancel_ok_row(self, self.save)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.translate_ui()
        self.reason.setFocus()

    def translate_ui(self) -> None:
        line = self.line
        self.setWindowTitle(translate("Resolve", "Xử lý tiền treo"))
        self.explain.setText(translate(
            "Resolve", "Tài khoản {account} ({member}, điểm {point}) đang treo {amount}. Việc "
            "xử lý được ghi vào sổ và gửi về điểm trong gói kế tiếp.").format(
            account=line.account_id, member=line.member or "—", point=line.point_code or "—",
            amount=format_vnd(abs(line.suspense))))
        for row, code in enumerate(DESTINATIONS):
            self.to.setItemText(row, destination_name(code))
        texts = (translate("Resolve", "&Số tiền"), translate("Resolve", "&Chuyển sang"),
                 translate("Resolve", "&Tài khoản nhận (nếu khác)"),
                 translate("Resolve", "&Lý do"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.ok_button.setText(translate("Resolve", "Ghi xử lý"))
        self.cancel_button.setText(translate("Resolve", "Hủy"))

    def save(self) -> None:
        for e in (self.amount_error, self.reason_error, self.error):
            e.clear_error()
        amount, reason = self.amount.amount(), self.reason.text().strip()
        if not amount:
            self.amount_error.show_error(translate("Resolve", "Nhập số tiền."))
            return
        if not reason:
            self.reason_error.show_error(translate("Resolve", "Nhập lý do xử lý."))
            self.reason.setFocus()
            return
        line, to, day = self.line, self.to.currentData(), self._date
        target = self.target.text().strip() or (line.account_id if to == line.account_kind
                                                else None)
        self.ok_button.setEnabled(False)

        def write(book):
            from sbpdesk.services import loans
            return loans.resolve_suspense(book, line.account_id, amount, to,
                                          account_kind=line.account_kind, target_id=target,
                                          reason=reason, business_date=day)
        self._worker.write(write, on_done=self._done, on_error=self._refused,
                           on_finally=lambda: self.ok_button.setEnabled(True),
                           name="resolve suspense")

    def _refused(self, error: DomainError) -> None:
        target = {"amount": self.amount_error}.get(error.field or "", self.error)
        target.show_error(error)

    def _done(self, written) -> None:
        self.accept()
        self.resolved.emit(written)
