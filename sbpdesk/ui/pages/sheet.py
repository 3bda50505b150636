"""The group collection sheet (13/TD on screen): the heart of a session.

Pick a group: one row per member loan with what is due at the session date. "Thu đủ" fills a
row (F5) or the whole group (Shift+F5) from the dues; the officer then edits the exceptions
in the amount columns (interest, principal paid in person, savings deposited, principal paid
from savings) and the 01/BL number the leader wrote. Totals update as they type: the
leader's hand-over (interest + savings) against the cash counted, principal separately,
paid-from-savings moving no cash. What the collection decider refuses is refused in the cell
and checked again before saving, by the decider's own rule (`sheet_model`); a partial
payment is marked and listed; principal beyond the balance is confirmed row by row with the
amount read back, and far above what is owed a second time (`confirm_amount`).
Ctrl+S saves the whole group in one transaction (`collections.record_group`), a counted
difference with the controller's approval (inside the office's rounding tolerance it is
rounding, without either); Ctrl+P previews and prints the group's receipts (`sheet_print`).

What is typed is kept as a draft in the book (`services.drafts`, not the journal) at every
change, so it survives a page switch, a group change, opening the session, closing the window
and a power cut; saving the group removes it in the same transaction (issue 14).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from ..dialogs.approval import ApprovalDialog
from ..widgets import AmountEdit, FieldError, NfcLineEdit, with_error_label
from . import Page
from .cash_count import signed_money
from .common import (
    AppState,
    date_text,
    money,
    muted,
    refresh_headers,
    table_view,
    value_label,
)
from .sheet_confirm import AmountChecks
from .sheet_drafts import SheetDrafts, group_with_draft, with_draft
from .sheet_keys import SheetKeys
from .sheet_model import NOT_CONFIRMED, OVERPAY, PARTIAL, SheetModel, SheetRow, columns
from .sheet_print import GroupReceipts
from .sheet_totals import TotalsRow

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

class SheetPage(SheetDrafts, AmountChecks, SheetKeys, GroupReceipts, Page):
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
        self.tolerance = 0  # the office's cash rounding tolerance at the sheet's date
        self.restored = None  # the draft shown when the group was loaded
        self.reloading = False  # saved, the group not yet shown again
        self.paper_printed: bool | None = None  # did the last preview end with a print?
        self._approval: ApprovalDialog | None = None
        self._after_save = None  # what to do once the save asked for on leaving is in the book
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
        self.draft_note = muted()
        self.draft_note.setVisible(False)
        layout.addWidget(self.draft_note)
        self.build_keys(layout)

        self.model = SheetModel(columns(self._programme_name), parent=self)
        self.model.value_edited.connect(self._edited)
        self.model.edit_refused.connect(self._refused_in_cell)
        self.model.confirm = self.confirm_amount
        self.view = table_view(self.model, stretch="programme")
        self.view.setSortingEnabled(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.view.setTabKeyNavigation(False)  # Tab leaves the table (issue 14)
        # sized once per group (sheet_totals): resizing to contents on each edit was slow
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.view, 1)
        self.totals_row = TotalsRow(self.view)
        layout.addWidget(self.totals_row)

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
        self.counted.editingFinished.connect(self.keep_draft)
        self.counted.returnPressed.connect(self.save)  # Enter presses the default button
        self.diff_label, self.difference = QLabel(), value_label()
        self.principal_label, self.principal_total = QLabel(), value_label()
        self.from_savings_label, self.from_savings_total = QLabel(), value_label()
        self.reason_label = QLabel()
        self.reason = NfcLineEdit()
        self.reason_label.setBuddy(self.reason)
        self.reason_error = FieldError()
        self.reason.show_error = self.reason_error.show_error
        self.reason.editingFinished.connect(self.keep_draft)
        self.reason.returnPressed.connect(self.save)
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
        actions.addWidget(self.build_papers_button())
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
        self.setTabOrder(self.reason, self.save_button)
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
        session_id = self.state.session.id if self.state.session else None

        def load(book):
            from sbpdesk.services import groups, reference

            rows = tuple(groups.list_groups(book, code))
            names = {c: n.removeprefix("Cho vay ")
                     for c, n in reference.programme_names(book).items()}
            group_id = (
                wanted if any(g.id == wanted for g in rows) else (rows[0].id if rows else None)
            )
            return rows, names, group_with_draft(book, group_id, on, session_id)

        self.worker.read(load, on_done=self._loaded, name="sheet")

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
        session_id = self.state.session.id if self.state.session else None
        self.worker.read(
            lambda book: group_with_draft(book, group_id, on, session_id),
            on_done=self._show_sheet,
            name="sheet group",
        )

    def _show_sheet(self, loaded) -> None:
        sheet, draft, self.tolerance = loaded if loaded is not None else (None, None, 0)
        self.reloading = False
        self.sheet, self.restored = sheet, draft
        self.error.clear_error()
        self.reason_error.clear_error()
        self.counted.blockSignals(True)
        self.counted.set_amount(draft.counted if draft else None)
        self.counted.blockSignals(False)
        self.reason.setText(draft.reason if draft else "")
        if sheet is not None:
            self.state.group_id = sheet.group_id
            self.group_box.setCurrentIndex(max(0, self.group_box.findData(sheet.group_id)))
            typed = {(x.person_id, x.loan_id): x for x in (draft.lines if draft else ())}
            lines = [x for x in sheet.lines if x.loan_id or x.savings_account_id]
            self.model.set_rows(
                [
                    with_draft(SheetRow(x, no=n), typed.get((x.person_id, x.loan_id)))
                    for n, x in enumerate(lines, 1)
                ]
            )
        else:
            self.model.set_rows([])
        self.totals_row.fit_columns()
        self.reset_undo()
        self.apply_filter()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, self.model.column_index("interest")))
        self.translate_ui()

    # --- editing -------------------------------------------------------------------------------

    def _edited(self, row: int, key: str, value) -> None:
        self.error.clear_error()
        self._update_totals()
        self.record(translate("SheetPage", "Sửa ô"))
        self.keep_draft()

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

    # --- totals --------------------------------------------------------------------------------

    def handover_amount(self) -> int:
        return self.model.total("interest") + self.model.total("savings")

    def counted_amount(self) -> int:
        amount = self.counted.amount()
        return self.handover_amount() if amount is None else amount

    def _update_totals(self) -> None:
        handover = self.handover_amount()
        self.totals_row.update_totals()
        self.totals_row.fit_amounts()
        self.handover.setText(money(handover))
        self.principal_total.setText(money(self.model.total("principal")))
        self.from_savings_total.setText(money(self.model.total("from_savings")))
        diff = self.counted_amount() - handover
        if self.is_rounding(diff):
            self.difference.setText(
                translate("SheetPage", "làm tròn {amount}").format(amount=signed_money(diff))
            )
        elif diff > 0:
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
        partial, overpay = self.model.names(PARTIAL), self.model.names(OVERPAY)
        unpaid = self.model.unpaid_names()
        notes = []
        if partial:
            notes.append(
                translate("SheetPage", "Trả thiếu so với số phải trả: {names}.").format(
                    names=", ".join(partial)
                )
            )
        if unpaid and any(r.entered for r in self.model.rows()):
            notes.append(  # a long list becomes a count (issue 14: 743 characters)
                translate("SheetPage", "Chưa thu: {names}.").format(names=", ".join(unpaid))
                if len(unpaid) <= 5
                else translate("SheetPage", "Chưa thu: {n} người — xem danh sách bằng Lọc "
                               "“Chưa thu” (Alt+L).").format(n=len(unpaid))
            )
        if overpay:
            notes.append(
                translate(
                    "SheetPage",
                    "Thu gốc vượt dư nợ (đã xác nhận từng người), phần thừa chuyển vào tiết "
                    "kiệm: {names}.",
                ).format(names=", ".join(overpay))
            )
        self.warnings.setText(" ".join(notes))
        self.warnings.setVisible(bool(notes))

    def is_rounding(self, diff: int) -> bool:
        return 0 < abs(diff) <= self.tolerance

    # --- saving --------------------------------------------------------------------------------

    def lines(self):
        return self.model.line_inputs()

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
        refusals = self.model.refusals()
        if refusals:  # the decider's own rule on the loaded dues: no second trip to the book
            self.error.show_error(
                "\n".join(
                    translate("SheetPage", "{name}: {message}").format(
                        name=name, message=error.message(_lang())
                    )
                    for name, error in refusals
                )
            )
            return
        for n, r in enumerate(rows):  # e.g. restored from a draft: confirmed one by one
            if r.overpaid and not r.overpay_confirmed:
                if not self.confirm_amount(r, "principal"):
                    self.error.show_error(
                        translate("SheetPage", "{name}: {message}").format(
                            name=r.line.full_name,
                            message=NOT_CONFIRMED.message(_lang()),
                        )
                    )
                    return
                self.model.replace_row(
                    n, dataclasses.replace(r, confirmed=r.principal + r.from_savings)
                )
        diff = self.counted_amount() - self.handover_amount()
        if diff and not self.is_rounding(diff):
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
            self._approval.rejected.connect(self._drop_after_save)
            self._approval.open()
            return
        self._post(None)

    def _post(self, approver: str | None) -> None:
        lines = self.lines()
        sheet, counted = self.sheet, self.counted_amount()
        session = self.state.session
        reason = self.reason.text().strip()
        self.save_button.setEnabled(False)
        self.reloading = True  # being saved: no draft of these rows until the group is back

        def post(book):
            from sbpdesk.services import collections, drafts

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
            drafts.discard_sheet(book, sheet.group_id)  # saved: the draft goes with it
            return result

        self.worker.write(
            post,
            on_done=self._posted,
            on_error=self._save_refused,
            on_finally=lambda: self.save_button.setEnabled(True),
            name="save group",
        )

    def _posted(self, value) -> None:
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
        self.state.posted(value.written, by=self)
        self.load_group(self.sheet.group_id)
        self.view.setFocus()  # the keys go on working on the sheet (Ctrl+P next)
        done, self._after_save = self._after_save, None
        if done is not None:
            done()

    def _save_refused(self, error: DomainError) -> None:
        self.reloading = False
        self._after_save = None
        if error.field == "counted":
            self.counted.show_error(error)
        elif error.field == "reason":
            self.reason_error.show_error(error)
        else:
            self.error.show_error(error)

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
        self.label_draft()
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
        self.reason_label.setText(translate("SheetPage", "Lý do &chênh lệch:"))
        self.save_button.setText(translate("SheetPage", "Lưu cả tổ (Ctrl+S)"))
        self.print_button.setText(translate("SheetPage", "In biên lai cả tổ (Ctrl+P)"))
        self.open_folder_button.setText(translate("SheetPage", "Mở thư mục biên lai"))
        self.translate_keys()
        self.translate_papers()
        refresh_headers(self)
        self._update_totals()


def _lang() -> str:
    from ..i18n import current_language

    return current_language()
