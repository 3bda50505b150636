"""Danh sách hộ nghèo, cận nghèo: a commune's list of a year as its People's Committee
approved it, recorded for the point that serves the commune (issue 16, decision 0190).

The point's households are listed with a box each: those on the list already recorded for
that year and category are ticked; with none recorded yet, those registered in the category
are ticked as a proposal to check against the paper list. "Ghi danh sách" records the ticked
households with the committee's document (`eligibility.record` through
`services.plans.record_list`; a credit officer or an accountant — the service refuses the
others). A later list of the same year and category replaces the earlier one. Emits
`recorded(Written)`.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.text import search_key

from ..i18n import Retranslating
from ..widgets import FieldError, NfcLineEdit, cancel_ok_row, with_error_label
from .household import CATEGORIES, category_name

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")
LISTED = ("poor", "near_poor", "escaped")      # the categories a commune's list certifies
_ID = Qt.ItemDataRole.UserRole


class EligibilityDialog(Retranslating, QDialog):
    recorded = Signal(object)    # services.changes.Written

    def __init__(self, worker, state, point_code: str, point_name: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._worker, self._state = worker, state
        self.point_code, self.point_name = point_code, point_name
        self.draft = None
        layout = QVBoxLayout(self)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(state.today.year)
        self.category = QComboBox()
        for code, _ in CATEGORIES:
            if code in LISTED:
                self.category.addItem("", code)
        self.reference, self.search = NfcLineEdit(), NfcLineEdit()
        self.reference_error, self.error = FieldError(), FieldError()
        self.labels = [QLabel() for _ in range(4)]
        fields = (self.year, self.category, with_error_label(self.reference,
                                                             self.reference_error),
                  self.search)
        buddies = (self.year, self.category, self.reference, self.search)
        for label, field, buddy in zip(self.labels, fields, buddies, strict=True):
            label.setBuddy(buddy)
            form.addRow(label, field)
        layout.addLayout(form)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label)
        self.households = QListWidget()
        self.households.itemChanged.connect(lambda *_: self._count())
        layout.addWidget(self.households, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        layout.addWidget(self.error)
        buttons, self.close_button, self.ok_button = cancel_ok_row(self, self.save)
        layout.addLayout(buttons)
        self.setMinimumSize(760, 560)
        self.year.valueChanged.connect(lambda *_: self.refresh())
        self.category.currentIndexChanged.connect(lambda *_: self.refresh())
        self.search.textChanged.connect(lambda *_: self._filter())
        self.translate_ui()
        self.refresh()

    def refresh(self) -> None:
        from sbpdesk.services import plans
        code, year, category = self.point_code, self.year.value(), self.category.currentData()
        self.ok_button.setEnabled(False)
        self._worker.read(lambda book: plans.list_draft(book, code, year, category),
                          on_done=self._loaded, name="eligibility list")

    def _loaded(self, draft) -> None:
        if (draft.year, draft.category) != (self.year.value(), self.category.currentData()):
            return      # an answer to an earlier choice
        self.draft = draft
        self.households.blockSignals(True)
        self.households.clear()
        for h in draft.households:
            item = QListWidgetItem(self._item_text(h))
            item.setData(_ID, h.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if h.on_list else Qt.CheckState.Unchecked)
            self.households.addItem(item)
        self.households.blockSignals(False)
        self.reference.setText(draft.reference)
        self.ok_button.setEnabled(True)
        self._filter()
        self._describe()

    @staticmethod
    def _item_text(h) -> str:
        parts = [h.name or h.id, h.village, category_name(h.category) if h.category else ""]
        return " — ".join(p for p in parts if p)

    def ticked(self) -> list[str]:
        return [self.households.item(i).data(_ID) for i in range(self.households.count())
                if self.households.item(i).checkState() == Qt.CheckState.Checked]

    def _filter(self) -> None:
        """Hide the households whose text does not hold what was typed (accents ignored)."""
        wanted = search_key(self.search.text().strip())
        for i in range(self.households.count()):
            item = self.households.item(i)
            item.setHidden(bool(wanted) and wanted not in search_key(item.text()))
        self._count()

    def _count(self) -> None:
        self.count_label.setText(translate("Eligibility", "{n} / {total} hộ có tên trong "
                                           "danh sách").format(n=len(self.ticked()),
                                                               total=self.households.count()))

    def _describe(self) -> None:
        d = self.draft
        if d is None:
            self.state_label.setText("")
        elif d.recorded:
            self.state_label.setText(translate(
                "Eligibility", "Đã nhập danh sách năm {year} ({reference}): ghi lại để thay "
                "thế.").format(year=d.year, reference=d.reference))
        else:
            self.state_label.setText(translate(
                "Eligibility", "Chưa nhập danh sách năm {year}: đánh dấu sẵn các hộ đăng ký "
                "loại này, đối chiếu với danh sách UBND xã phê duyệt.").format(year=d.year))

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("Eligibility", "Danh sách hộ nghèo, cận nghèo — {point}")
                            .format(point=self.point_name or self.point_code))
        self.explain.setText(translate(
            "Eligibility", "Danh sách của xã do UBND xã phê duyệt hằng năm. Phê duyệt cho vay "
            "hộ không có tên trong danh sách phải ghi lý do."))
        for row in range(self.category.count()):
            self.category.setItemText(row, category_name(self.category.itemData(row)))
        texts = (translate("Eligibility", "&Năm"), translate("Eligibility", "&Loại hộ"),
                 translate("Eligibility", "&Văn bản phê duyệt (số, ngày)"),
                 translate("Eligibility", "&Tìm hộ"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.ok_button.setText(translate("Eligibility", "&Ghi danh sách"))
        self.close_button.setText(translate("Eligibility", "Đóng"))
        self._describe()
        self._count()

    def save(self) -> None:
        self.reference_error.clear_error()
        self.error.clear_error()
        if self.draft is None:
            return
        reference, ids = self.reference.text().strip(), self.ticked()
        if not reference:
            self.reference_error.show_error(translate(
                "Eligibility", "Ghi số, ngày văn bản UBND xã phê duyệt danh sách."))
            self.reference.setFocus()
            return
        code, year, category = self.point_code, self.draft.year, self.draft.category
        day = self._state.today
        self.ok_button.setEnabled(False)

        def write(book):
            from sbpdesk.services import plans
            return plans.record_list(book, code, year, category, ids, reference=reference,
                                     business_date=day)
        self._worker.write(write, on_done=self._done, on_error=self._refused,
                           on_finally=lambda: self.ok_button.setEnabled(True),
                           name="eligibility.record")

    def _refused(self, error: DomainError) -> None:
        target = self.reference_error if error.field == "reference" else self.error
        target.show_error(error)

    def _done(self, written) -> None:
        self.recorded.emit(written)
        self.refresh()
