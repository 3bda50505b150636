"""Kế hoạch cho vay: the office's lending plan of a year per programme and funding source
(issue 16, decision 0190), as the branch assigned it.

The table lists the year's plans with what the office approved against them and what is
left; the form below records a plan or its adjustment (`plan.set` through the typed verb
`services.plans.set_plan`, with the number of the branch's document). An approval that would
go beyond the plan is refused by the service. Emits `recorded(Written)`.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..i18n import Retranslating
from ..models import Column, RowTableModel
from ..pages.common import refresh_headers, table_view
from ..widgets import AmountEdit, FieldError, NfcLineEdit, cancel_ok_row, with_error_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

SOURCES = {"central": QT_TRANSLATE_NOOP("Plan", "Trung ương"),
           "local": QT_TRANSLATE_NOOP("Plan", "Địa phương")}


def _left(line) -> int | None:
    return None if line.amount is None else line.amount - line.used


COLUMNS = (
    Column("programme", QT_TRANSLATE_NOOP("Columns", "Chương trình"),
           lambda line: line.programme_code),
    Column("source", QT_TRANSLATE_NOOP("Columns", "Nguồn vốn"),
           lambda line: translate("Plan", SOURCES.get(line.funding_source, ""))
           or line.funding_source),
    Column("plan", QT_TRANSLATE_NOOP("Columns", "Kế hoạch"), lambda line: line.amount,
           kind="money"),
    Column("used", QT_TRANSLATE_NOOP("Columns", "Đã duyệt"), lambda line: line.used,
           kind="money"),
    Column("left", QT_TRANSLATE_NOOP("Columns", "Còn lại"), _left, kind="money"),
    Column("reference", QT_TRANSLATE_NOOP("Columns", "Văn bản giao"),
           lambda line: line.reference),
)


class PlanDialog(Retranslating, QDialog):
    recorded = Signal(object)    # services.changes.Written

    def __init__(self, worker, state, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._worker, self._state = worker, state
        self.lines: list = []
        layout = QVBoxLayout(self)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        self.model = RowTableModel(COLUMNS)
        self.view = table_view(self.model, stretch="reference")
        layout.addWidget(self.view, 1)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(state.today.year)
        self.year.valueChanged.connect(lambda *_: self.refresh())
        self.programme, self.source = QComboBox(), QComboBox()
        for code in SOURCES:
            self.source.addItem("", code)
        self.amount, self.reference = AmountEdit(), NfcLineEdit()
        self.amount_error, self.reference_error, self.error = (FieldError(), FieldError(),
                                                               FieldError())
        self.labels = [QLabel() for _ in range(5)]
        fields = (self.year, self.programme, self.source,
                  with_error_label(self.amount, self.amount_error),
                  with_error_label(self.reference, self.reference_error))
        for label, field in zip(self.labels, fields, strict=True):
            form.addRow(label, field)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons, self.close_button, self.ok_button = cancel_ok_row(self, self.save)
        layout.addLayout(buttons)
        self.setMinimumSize(760, 480)
        self.translate_ui()
        from sbpdesk.services import reference
        self._worker.read(reference.programme_names, on_done=self._programmes,
                          name="programmes")
        self.refresh()

    def _programmes(self, names: dict) -> None:
        for code, name in sorted(names.items()):
            self.programme.addItem(f"{name} ({code})", code)

    def refresh(self) -> None:
        from sbpdesk.services import plans
        year = self.year.value()
        self._worker.read(lambda book: plans.plan_lines(book, year), on_done=self._loaded,
                          name="plan lines")

    def _loaded(self, lines) -> None:
        self.lines = list(lines)
        self.model.set_rows(self.lines)

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("Plan", "Kế hoạch cho vay"))
        self.explain.setText(translate(
            "Plan", "Kế hoạch cho vay năm theo chương trình và nguồn vốn, như chi nhánh giao. "
            "Phê duyệt vượt kế hoạch bị từ chối: ghi kế hoạch điều chỉnh trước."))
        for row, code in enumerate(SOURCES):
            self.source.setItemText(row, translate("Plan", SOURCES[code]))
        texts = (translate("Plan", "&Năm"), translate("Plan", "&Chương trình"),
                 translate("Plan", "&Nguồn vốn"), translate("Plan", "&Số tiền kế hoạch"),
                 translate("Plan", "&Văn bản giao (số, ngày)"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.ok_button.setText(translate("Plan", "Ghi kế hoạch"))
        self.close_button.setText(translate("Plan", "Đóng"))
        refresh_headers(self)

    def save(self) -> None:
        for e in (self.amount_error, self.reference_error, self.error):
            e.clear_error()
        amount, reference = self.amount.amount(), self.reference.text().strip()
        if amount is None:
            self.amount_error.show_error(translate("Plan", "Nhập số tiền kế hoạch."))
            return
        year, code, source = (self.year.value(), self.programme.currentData(),
                              self.source.currentData())
        day = self._state.today
        self.ok_button.setEnabled(False)

        def write(book):
            from sbpdesk.services import plans
            return plans.set_plan(book, year, code or "", source, amount,
                                  reference=reference, business_date=day)
        self._worker.write(write, on_done=self._done, on_error=self._refused,
                           on_finally=lambda: self.ok_button.setEnabled(True),
                           name="plan.set")

    def _refused(self, error: DomainError) -> None:
        target = {"amount": self.amount_error, "reference": self.reference_error}
        target.get(error.field or "", self.error).show_error(error)

    def _done(self, written) -> None:
        self.amount.set_amount(None)
        self.reference.clear()
        self.recorded.emit(written)
        self.refresh()
