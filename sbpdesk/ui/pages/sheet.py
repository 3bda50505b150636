"""The group collection sheet (13/TD on screen): the heart of a session.

Pick a group: one row per member loan with what is due at the session date. "Thu đủ" fills a
row (F5) or the whole group (Shift+F5) from the dues; the officer then edits the exceptions
in the amount columns (interest, principal paid in person, savings deposited, principal paid
from savings) and the 01/BL number the leader wrote. Totals update as they type: the
leader's hand-over (interest + savings) against the cash counted, principal separately,
paid-from-savings moving no cash. Interest above what is owed is refused in the cell; a
partial payment is marked and listed; principal beyond the balance needs the confirmation
box. Ctrl+S saves the whole group in one transaction (`collections.record_group`), a counted
difference with the controller's approval; Ctrl+P previews the group's receipts, each marked
with the copy number its next print would get, and sends them to the printer chosen in
Settings as one job (`ui.printing.print_documents`). A receipt is recorded in the print log,
and kept as a PDF file under <data>/prints/<date>/<group>/, only when it is sent to the
printer (or to a file from the preview); closing the preview records nothing
(docs/decisions/0045-print-recorded-on-paper.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.text import nfc

from ..dialogs.approval import ApprovalDialog
from ..models import Column, RowTableModel
from ..widgets import AmountEdit, FieldError, NfcLineEdit, with_error_label
from . import Page
from .common import (
    AppState,
    date_text,
    money,
    muted,
    refresh_headers,
    table_view,
    value_label,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

EDITABLE = ("interest", "principal", "savings", "from_savings")
PARTIAL, REFUSED, OVERPAY, PAID = "partial", "refused", "overpay", "paid"
BACKGROUND = {PARTIAL: "#fff4cc", OVERPAY: "#ffe0cc", REFUSED: "#ffd6d6", PAID: "#e3f4e1"}


@dataclass(frozen=True)
class SheetRow:
    """A sheet line and what the officer entered for it."""

    line: object  # collections.SheetLine
    interest: int = 0
    principal: int = 0
    savings: int = 0
    from_savings: int = 0
    bl_no: str = ""

    @property
    def entered(self) -> bool:
        return bool(self.interest or self.principal or self.savings or self.from_savings)

    @property
    def state(self) -> str | None:
        line = self.line
        if self.interest > line.interest_due:
            return REFUSED
        if line.loan_id and self.principal + self.from_savings > line.outstanding:
            return OVERPAY
        if not self.entered:
            return None
        if (
            self.interest < line.interest_due
            or self.principal + self.from_savings < line.principal_due
        ):
            return PARTIAL
        return PAID


def _columns(programme_name) -> list[Column]:
    return [
        Column(
            "name",
            QT_TRANSLATE_NOOP("Columns", "Họ và tên"),
            value=lambda r: r.line.full_name,
            kind="name",
        ),
        Column(
            "household_no",
            QT_TRANSLATE_NOOP("Columns", "Mã hộ"),
            value=lambda r: r.line.household_no,
        ),
        Column(
            "programme",
            QT_TRANSLATE_NOOP("Columns", "Chương trình"),
            value=lambda r: programme_name(r.line.programme_code),
        ),
        Column(
            "outstanding",
            QT_TRANSLATE_NOOP("Columns", "Dư nợ"),
            value=lambda r: r.line.outstanding,
            kind="number",
        ),
        Column(
            "interest_due",
            QT_TRANSLATE_NOOP("Columns", "Lãi phải trả"),
            value=lambda r: r.line.interest_due,
            kind="number",
            tooltip=QT_TRANSLATE_NOOP(
                "Columns", "Lãi trong hạn và quá hạn phải trả đến ngày phiên"
            ),
        ),
        Column(
            "overdue",
            QT_TRANSLATE_NOOP("Columns", "Gốc quá hạn"),
            value=lambda r: r.line.principal_overdue,
            kind="number",
        ),
        Column(
            "principal_due",
            QT_TRANSLATE_NOOP("Columns", "Gốc đến hạn"),
            value=lambda r: r.line.principal_due,
            kind="number",
            tooltip=QT_TRANSLATE_NOOP("Columns", "Gốc quá hạn và các kỳ đến hạn đến ngày phiên"),
        ),
        Column(
            "savings_balance",
            QT_TRANSLATE_NOOP("Columns", "Số dư TK"),
            value=lambda r: r.line.savings_balance,
            kind="number",
            tooltip=QT_TRANSLATE_NOOP("Columns", "Số dư tiền gửi tiết kiệm của tổ viên"),
        ),
        Column("interest", QT_TRANSLATE_NOOP("Columns", "Thu lãi"), kind="number", editable=True),
        Column(
            "principal",
            QT_TRANSLATE_NOOP("Columns", "Thu gốc"),
            kind="number",
            editable=True,
            tooltip=QT_TRANSLATE_NOOP("Columns", "Gốc tổ viên trả trực tiếp"),
        ),
        Column(
            "savings",
            QT_TRANSLATE_NOOP("Columns", "Gửi TK"),
            kind="number",
            editable=True,
            tooltip=QT_TRANSLATE_NOOP("Columns", "Tiền gửi tiết kiệm"),
        ),
        Column(
            "from_savings",
            QT_TRANSLATE_NOOP("Columns", "Gốc từ TK"),
            kind="number",
            editable=True,
            tooltip=QT_TRANSLATE_NOOP(
                "Columns", "Trả gốc bằng tiền gửi tiết kiệm (không thu tiền mặt)"
            ),
        ),
        Column(
            "bl_no",
            QT_TRANSLATE_NOOP("Columns", "Số 01/BL"),
            value="bl_no",
            tooltip=QT_TRANSLATE_NOOP("Columns", "Số biên lai 01/BL tổ trưởng đã viết, nếu có"),
        ),
    ]


class SheetModel(RowTableModel):
    """Amount columns editable (the base model), the 01/BL number too, interest above the
    dues refused in the cell, rows coloured by their state."""

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].key == "bl_no":
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            state = self.row_at(index.row()).state
            return QBrush(QColor(BACKGROUND[state])) if state else None
        if (
            index.isValid()
            and role == Qt.ItemDataRole.DisplayRole
            and self.columns[index.column()].key in EDITABLE
        ):
            value = getattr(self.row_at(index.row()), self.columns[index.column()].key)
            return super().data(index, role) if value else ""
        if (
            index.isValid()
            and role == Qt.ItemDataRole.EditRole
            and self.columns[index.column()].key == "bl_no"
        ):
            return self.row_at(index.row()).bl_no
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        key = self.columns[index.column()].key
        r = index.row()
        if key == "bl_no":
            text = nfc(str(value or "")).strip()[:30]
            self.replace_row(r, dataclasses.replace(self.row_at(r), bl_no=text))
            self.value_edited.emit(r, key, text)
            return True
        if key == "interest":
            from sbpdesk.domain.money import parse_vnd

            try:
                amount = value if isinstance(value, int) else parse_vnd(str(value))
            except DomainError:
                return super().setData(index, value, role)
            due = self.row_at(r).line.interest_due
            if amount > due:
                self.edit_refused.emit(
                    r,
                    key,
                    DomainError(
                        "interest_excess",
                        f"Số tiền lãi vượt quá số lãi phải trả ({money(due)}).",
                        f"The interest exceeds the interest owed ({due}).",
                        field="interest",
                    ),
                )
                return False
        ok = super().setData(index, value, role)
        if ok:  # the row's colour may change
            self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.columns) - 1))
        return ok


class SheetPage(Page):
    title_source = "Bảng kê thu tổ (13/TD)"

    def __init__(self, worker=None, state: AppState | None = None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.sheet = None
        self.groups: list = []
        self.programmes: dict[str, str] = {}
        self.last_result = None
        self.last_group = None
        self.printed: list[Path] = []
        self.printed_keys: list[str] = []
        self.print_dialog = None  # the open print preview, while it is open
        self.paper_printed: bool | None = None  # did the last preview end with a print?
        self._approval: ApprovalDialog | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(4)

        top = QHBoxLayout()
        self.group_label = QLabel()
        self.group_box = QComboBox()
        self.group_box.setMinimumWidth(320)
        self.group_label.setBuddy(self.group_box)
        self.group_box.activated.connect(self._group_chosen)
        self.info = value_label()
        top.addWidget(self.group_label)
        top.addWidget(self.group_box)
        top.addWidget(self.info, 1)
        layout.addLayout(top)
        self.session_note = muted()
        self.session_note.setStyleSheet("color: #8a4b00;")
        layout.addWidget(self.session_note)

        self.model = SheetModel(_columns(self._programme_name), parent=self)
        self.model.value_edited.connect(self._edited)
        self.model.edit_refused.connect(self._refused_in_cell)
        self.view = table_view(self.model, stretch="programme")
        self.view.setSortingEnabled(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.view.setTabKeyNavigation(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.model.column_index("programme"), QHeaderView.ResizeMode.Stretch
        )
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.fill_row_button = QPushButton()
        self.fill_row_button.clicked.connect(self.fill_current_row)
        self.fill_all_button = QPushButton()
        self.fill_all_button.clicked.connect(self.fill_all)
        self.clear_row_button = QPushButton()
        self.clear_row_button.clicked.connect(self.clear_current_row)
        for b in (self.fill_row_button, self.fill_all_button, self.clear_row_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.legend = muted()
        buttons.addWidget(self.legend)
        layout.addLayout(buttons)

        totals = QGridLayout()
        totals.setHorizontalSpacing(14)
        self.handover_label, self.handover = QLabel(), value_label()
        self.counted_label = QLabel()
        self.counted = AmountEdit()
        self.counted.setMinimumWidth(170)
        self.counted.setMaximumWidth(200)
        self.counted_label.setBuddy(self.counted)
        self.counted.textChanged.connect(lambda _: self._update_totals())
        self.diff_label, self.difference = QLabel(), value_label()
        self.principal_label, self.principal_total = QLabel(), value_label()
        self.from_savings_label, self.from_savings_total = QLabel(), value_label()
        self.reason_label = QLabel()
        self.reason = NfcLineEdit()
        self.reason_label.setBuddy(self.reason)
        self.reason_error = FieldError()
        self.reason.show_error = self.reason_error.show_error
        for value in (
            self.handover,
            self.difference,
            self.principal_total,
            self.from_savings_total,
        ):
            value.setStyleSheet("font-weight: bold;")
        totals.addWidget(self.handover_label, 0, 0)
        totals.addWidget(self.handover, 0, 1)
        totals.addWidget(self.counted_label, 0, 2)
        totals.addWidget(with_error_label(self.counted), 0, 3)
        totals.addWidget(self.diff_label, 0, 4)
        totals.addWidget(self.difference, 0, 5)
        totals.addWidget(self.principal_label, 1, 0)
        totals.addWidget(self.principal_total, 1, 1)
        totals.addWidget(self.from_savings_label, 1, 2)
        totals.addWidget(self.from_savings_total, 1, 3)
        totals.addWidget(self.reason_label, 1, 4)
        totals.addWidget(with_error_label(self.reason, self.reason_error), 1, 5)
        totals.setColumnStretch(5, 1)
        layout.addLayout(totals)

        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00;")
        layout.addWidget(self.warnings)
        self.overpay_confirm = QCheckBox()
        self.overpay_confirm.setVisible(False)
        layout.addWidget(self.overpay_confirm)
        self.error = FieldError()
        layout.addWidget(self.error)

        actions = QHBoxLayout()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        actions.addWidget(self.result_label, 1)
        self.open_folder_button = QPushButton()
        self.open_folder_button.setVisible(False)
        self.open_folder_button.clicked.connect(self.open_print_folder)
        self.print_button = QPushButton()
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_receipts)
        self.save_button = QPushButton()
        self.save_button.setObjectName("Primary")
        self.save_button.clicked.connect(self.save)
        actions.addWidget(self.open_folder_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.save_button)
        layout.addLayout(actions)

        for key, slot in (
            ("F5", self.fill_current_row),
            ("Shift+F5", self.fill_all),
            ("Ctrl+S", self.save),
            ("Ctrl+P", self.print_receipts),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setTabOrder(self.group_box, self.view)
        self.setTabOrder(self.view, self.fill_row_button)
        self.setTabOrder(self.fill_row_button, self.fill_all_button)
        self.setTabOrder(self.fill_all_button, self.clear_row_button)
        self.setTabOrder(self.clear_row_button, self.counted)
        self.setTabOrder(self.counted, self.reason)
        self.setTabOrder(self.reason, self.overpay_confirm)
        self.setTabOrder(self.overpay_confirm, self.save_button)
        self.setTabOrder(self.save_button, self.print_button)
        self.state.session_changed.connect(self.refresh)
        self.translate_ui()

    # --- loading -------------------------------------------------------------------------------

    def _programme_name(self, code: str | None) -> str:
        return self.programmes.get(code or "", code or "")

    def on_date(self):
        return self.state.business_date()

    def refresh(self) -> None:
        if self.worker is None or not self.state.point_code:
            return
        code, on, wanted = self.state.point_code, self.on_date(), self.state.group_id

        def load(book):
            from sbpdesk.services import collections, groups

            rows = tuple(groups.list_groups(book, code))
            names = {c: p.name_vi.removeprefix("Cho vay ") for c, p in book.refs.programmes.items()}
            group_id = (
                wanted if any(g.id == wanted for g in rows) else (rows[0].id if rows else None)
            )
            sheet = collections.group_sheet(book, group_id, on) if group_id else None
            book.end_read()
            return rows, names, sheet

        self.worker.run(load, on_done=self._loaded, name="sheet")

    def _loaded(self, result) -> None:
        groups, names, sheet = result
        self.groups, self.programmes = list(groups), names
        self.group_box.blockSignals(True)
        self.group_box.clear()
        for g in groups:
            self.group_box.addItem(
                translate("SheetPage", "{code} — {name} ({n} hộ)").format(
                    code=g.code, name=g.name, n=g.members
                ),
                g.id,
            )
        self.group_box.blockSignals(False)
        self._show_sheet(sheet)

    def load_group(self, group_id: str) -> None:
        self.state.group_id = group_id
        on = self.on_date()

        def load(book):
            from sbpdesk.services import collections

            sheet = collections.group_sheet(book, group_id, on)
            book.end_read()
            return sheet

        self.worker.run(load, on_done=self._show_sheet, name="sheet group")

    def _group_chosen(self, index: int) -> None:
        group_id = self.group_box.itemData(index)
        if group_id and (self.sheet is None or group_id != self.sheet.group_id):
            self.load_group(group_id)

    def _show_sheet(self, sheet) -> None:
        self.sheet = sheet
        self.error.clear_error()
        self.reason_error.clear_error()
        self.counted.set_amount(None)
        self.reason.clear()
        self.overpay_confirm.setChecked(False)
        if sheet is not None:
            self.state.group_id = sheet.group_id
            self.group_box.setCurrentIndex(max(0, self.group_box.findData(sheet.group_id)))
            self.model.set_rows(
                [SheetRow(line) for line in sheet.lines if line.loan_id or line.savings_account_id]
            )
        else:
            self.model.set_rows([])
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, self.model.column_index("interest")))
        self.translate_ui()

    # --- editing -------------------------------------------------------------------------------

    def _edited(self, row: int, key: str, value) -> None:
        self.error.clear_error()
        self._update_totals()

    def _refused_in_cell(self, row: int, key: str, error: DomainError) -> None:
        name = self.model.row_at(row).line.full_name
        self.error.show_error(
            translate("SheetPage", "{name}: {message}").format(
                name=name, message=error.message(_lang())
            )
        )

    def _current_row(self) -> int | None:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else None

    def fill_row(self, row: int) -> None:
        r = self.model.row_at(row)
        line = r.line
        self.model.replace_row(
            row,
            dataclasses.replace(
                r, interest=line.interest_due, principal=line.principal_due, from_savings=0
            ),
        )
        self._update_totals()

    def fill_current_row(self) -> None:
        row = self._current_row()
        if row is not None:
            self.fill_row(row)

    def fill_all(self) -> None:
        for row in range(self.model.rowCount()):
            self.fill_row(row)

    def clear_current_row(self) -> None:
        row = self._current_row()
        if row is not None:
            r = self.model.row_at(row)
            self.model.replace_row(row, SheetRow(r.line))
            self._update_totals()

    # --- totals --------------------------------------------------------------------------------

    def handover_amount(self) -> int:
        return self.model.total("interest") + self.model.total("savings")

    def counted_amount(self) -> int:
        amount = self.counted.amount()
        return self.handover_amount() if amount is None else amount

    def _update_totals(self) -> None:
        handover = self.handover_amount()
        self.handover.setText(money(handover))
        self.principal_total.setText(money(self.model.total("principal")))
        self.from_savings_total.setText(money(self.model.total("from_savings")))
        diff = self.counted_amount() - handover
        if diff > 0:
            self.difference.setText(
                translate("SheetPage", "thừa {amount}").format(amount=money(diff))
            )
        elif diff < 0:
            self.difference.setText(
                translate("SheetPage", "thiếu {amount}").format(amount=money(-diff))
            )
        else:
            self.difference.setText(translate("SheetPage", "khớp"))
        self.difference.setStyleSheet("font-weight: bold;" + (" color: #c62828;" if diff else ""))
        rows = self.model.rows()
        partial = [r.line.full_name for r in rows if r.state == PARTIAL]
        unpaid = [
            r.line.full_name
            for r in rows
            if r.state is None and r.line.loan_id and (r.line.interest_due or r.line.principal_due)
        ]
        overpay = [r.line.full_name for r in rows if r.state == OVERPAY]
        notes = []
        if partial:
            notes.append(
                translate("SheetPage", "Trả thiếu so với số phải trả: {names}.").format(
                    names=", ".join(partial)
                )
            )
        if unpaid and any(r.entered for r in rows):
            notes.append(
                translate("SheetPage", "Chưa thu: {names}.").format(names=", ".join(unpaid))
            )
        self.warnings.setText(" ".join(notes))
        self.warnings.setVisible(bool(notes))
        self.overpay_confirm.setVisible(bool(overpay))
        if overpay:
            self.overpay_confirm.setText(
                translate(
                    "SheetPage",
                    "Xác nhận thu gốc vượt dư nợ, phần thừa chuyển vào tiết kiệm: {names}",
                ).format(names=", ".join(overpay))
            )

    # --- saving --------------------------------------------------------------------------------

    def lines(self):
        from sbpdesk.services.collections import LineInput

        confirmed = self.overpay_confirm.isChecked()
        return [
            LineInput(
                r.line.person_id,
                r.line.loan_id,
                r.interest,
                r.principal,
                r.savings,
                r.from_savings,
                r.bl_no or None,
                overpay_confirmed=confirmed and r.state == OVERPAY,
            )
            for r in self.model.rows()
            if r.entered
        ]

    def save(self) -> None:
        self.error.clear_error()
        self.reason_error.clear_error()
        if self.sheet is None:
            return
        if self.state.session is None:
            self.error.show_error(
                translate("SheetPage", "Chưa mở phiên giao dịch: mở phiên trước khi lưu bảng kê.")
            )
            return
        if not self.counted.validate():
            return
        rows = self.model.rows()
        if not any(r.entered for r in rows):
            self.error.show_error(translate("SheetPage", "Chưa nhập số tiền nào."))
            return
        if any(r.state == OVERPAY for r in rows) and not self.overpay_confirm.isChecked():
            self.error.show_error(
                translate("SheetPage", "Có tổ viên trả gốc vượt dư nợ: hãy đánh dấu ô xác nhận.")
            )
            self.overpay_confirm.setFocus()
            return
        diff = self.counted_amount() - self.handover_amount()
        if diff:
            if not self.reason.text().strip():
                self.reason_error.show_error(
                    translate(
                        "SheetPage", "Tiền đếm được khác số tổ trưởng phải nộp: cần ghi lý do."
                    )
                )
                self.reason.setFocus()
                return
            action = translate("SheetPage", "Ghi {kind} {amount} khi tổ {group} nộp tiền.").format(
                kind=translate("SheetPage", "thừa quỹ")
                if diff > 0
                else translate("SheetPage", "thiếu quỹ"),
                amount=money(abs(diff)),
                group=self.sheet.group_name,
            )
            self._approval = ApprovalDialog(
                self.worker,
                signed_in=self.state.username,
                role="controller",
                username=self.state.session.controller or "",
                action=action,
                parent=self,
            )
            self._approval.approved.connect(self._post)
            self._approval.open()
            return
        self._post(None)

    def _post(self, approver: str | None) -> None:
        lines = self.lines()
        sheet, counted = self.sheet, self.counted_amount()
        session = self.state.session
        reason = self.reason.text().strip()
        self.save_button.setEnabled(False)

        def post(book):
            from sbpdesk.services import collections, ui_queries

            problems = ui_queries.check_lines(book, lines, session.business_date)
            if problems:
                return "problems", problems
            result = collections.record_group(
                book,
                sheet.group_id,
                lines,
                counted=counted,
                business_date=session.business_date,
                session_id=session.id,
                approved_by=approver,
                reason=reason,
            )
            return "saved", result

        self.worker.run(
            post,
            on_done=self._posted,
            on_error=self._save_refused,
            on_finally=lambda: self.save_button.setEnabled(True),
            name="save group",
        )

    def _posted(self, outcome) -> None:
        kind, value = outcome
        if kind == "problems":
            entered = [r for r in self.model.rows() if r.entered]
            texts = [
                translate("SheetPage", "{name}: {message}").format(
                    name=entered[p.index].line.full_name, message=p.error.message(_lang())
                )
                for p in value
            ]
            self.error.show_error("\n".join(texts))
            return
        self.last_result, self.last_group = value, self.sheet
        self.printed = []
        self.print_button.setEnabled(True)
        self.open_folder_button.setVisible(False)
        self.result_label.setText(
            translate(
                "SheetPage",
                "Đã lưu {n} dòng của {group}: lãi {interest}, gốc {principal}, "
                "tiết kiệm {savings}.",
            ).format(
                n=len(value.posted),
                group=self.sheet.group_name,
                interest=money(value.interest),
                principal=money(value.principal),
                savings=money(value.savings),
            )
        )
        self.state.posted()
        self.load_group(self.sheet.group_id)

    def _save_refused(self, error: DomainError) -> None:
        if error.field == "counted":
            self.counted.show_error(error)
        elif error.field == "reason":
            self.reason_error.show_error(error)
        else:
            self.error.show_error(error)

    # --- printing ------------------------------------------------------------------------------

    def receipt_numbers(self) -> list[str]:
        result = self.last_result
        if result is None:
            return []
        numbers = [p.receipt_no or p.op_id for p in result.posted]
        numbers.append(result.handover.receipt_no or result.handover.op_id)  # leader's receipt
        return numbers

    def print_folder(self) -> Path:
        base = self.state.data_dir or Path.home()
        day = self.state.business_date().isoformat()
        group = self.last_group.group_id[-8:] if self.last_group else "group"
        return base / "prints" / day / group

    def print_receipts(self) -> None:
        numbers = self.receipt_numbers()
        if not numbers:
            return
        from .. import printing

        paper = printing.saved_paper()
        paper = paper if paper in ("a5", "thermal") else "a5"  # the receipt layouts
        self.print_button.setEnabled(False)

        def preview(book):
            from sbpdesk.printing import record

            return tuple(
                record.preview(book, "receipt", paper=paper, number=number) for number in numbers
            )

        self.worker.run(
            preview,
            on_done=self._previewed,
            on_error=self.error.show_error,
            on_finally=lambda: self.print_button.setEnabled(True),
            name="print preview",
        )

    def _previewed(self, previews) -> None:
        """Preview the receipts; they are recorded and kept as files only when printed."""
        from sbpdesk.printing.record import kept_name

        from .. import printing

        self.paper_printed = None
        folder = self.print_folder()
        self.result_label.setText(
            translate(
                "SheetPage",
                "Xem trước {n} biên lai. Biên lai chỉ được ghi vào sổ in khi bấm In.",
            ).format(n=len(previews))
        )
        group = self.last_group.group_name if self.last_group else ""
        self.print_dialog = printing.print_documents(
            self,
            self.worker,
            previews,
            user=self.state.username,
            out=lambda p: folder / kept_name(p.key, p.copy_no, p.cancelled),
            on_error=self.error.show_error,
            on_done=self._paper_done,
            preview=True,
            printer_name=printing.saved_printer(),
            paper=printing.saved_paper(),
            title=translate("SheetPage", "Biên lai {group}").format(group=group),
        )

    def _paper_done(self, recorded) -> None:
        from .. import printing

        self.print_dialog = None
        self.paper_printed = bool(recorded)
        if not recorded:
            self.result_label.setText(printing.not_printed_text())
            return
        self.printed_keys = [p.key for p in recorded]
        self.printed = [Path(p.out) for p in recorded if p.out]
        self.open_folder_button.setVisible(True)
        copies = sum(1 for p in recorded if p.copy_no)
        text = translate(
            "SheetPage", "Đã gửi {n} biên lai ra máy in (tệp PDF trong thư mục {folder})"
        ).format(n=len(recorded), folder=self.print_folder())
        if copies:
            text += " " + translate("SheetPage", "— {k} biên lai in là BẢN SAO.").format(
                k=copies
            )
        self.result_label.setText(text)

    def open_print_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.print_folder())))

    # --- text ----------------------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.group_label.setText(translate("SheetPage", "&Tổ TK&&VV:"))
        s = self.sheet
        if s is not None:
            self.info.setText(
                translate("SheetPage", "Ngày {date} — tổ trưởng {leader} — {n} dòng").format(
                    date=date_text(s.on), leader=s.leader_name or "—", n=self.model.rowCount()
                )
            )
        else:
            self.info.setText("")
        self.session_note.setText(
            ""
            if self.state.session is not None
            else translate(
                "SheetPage",
                "Chưa mở phiên giao dịch: bảng kê chỉ để xem, số phải thu tính đến ngày {date}.",
            ).format(date=date_text(self.on_date()))
        )
        self.session_note.setVisible(self.state.session is None)
        self.fill_row_button.setText(translate("SheetPage", "Thu đủ dòng (F5)"))
        self.fill_all_button.setText(translate("SheetPage", "Thu đủ cả tổ (Shift+F5)"))
        self.clear_row_button.setText(translate("SheetPage", "Xóa số dòng"))
        self.legend.setText(
            translate("SheetPage", "Gõ số vào ô, Enter để ghi. Vàng: trả thiếu; xanh: đủ.")
        )
        self.handover_label.setText(translate("SheetPage", "Tổ trưởng nộp (lãi + TK):"))
        self.counted_label.setText(translate("SheetPage", "Tiền đếm &được:"))
        self.counted.setPlaceholderText(translate("SheetPage", "bằng số phải nộp"))
        self.diff_label.setText(translate("SheetPage", "Chênh lệch:"))
        self.principal_label.setText(translate("SheetPage", "Gốc thu trực tiếp:"))
        self.from_savings_label.setText(translate("SheetPage", "Gốc trả từ TK (không thu tiền):"))
        self.reason_label.setText(translate("SheetPage", "&Lý do chênh lệch:"))
        self.save_button.setText(translate("SheetPage", "Lưu cả tổ (Ctrl+S)"))
        self.print_button.setText(translate("SheetPage", "In biên lai cả tổ (Ctrl+P)"))
        self.open_folder_button.setText(translate("SheetPage", "Mở thư mục biên lai"))
        refresh_headers(self)
        self._update_totals()


def _lang() -> str:
    from ..i18n import current_language

    return current_language()
