"""Loan: balances by bucket, the schedule and the history; and what a point does with a loan:
disburse an approved loan (ID checked, the controller approves), record a repayment, request
an extension (09/TD) or a term adjustment (08/TD), reverse an operation of the open session
(a reason, a second user approves) or ask the office to correct an older one. "Xem trước / In"
previews and prints the receipt of the operation selected in the history (else the newest),
the household's loan book page or the credit contract (`ui.printing.print_documents`): the
preview records nothing; a print is recorded in the print log, and kept as a PDF in
<data>/prints/loans/, when it is sent to the printer."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..dialogs.approval import ApprovalDialog
from ..models import Column, RowTableModel
from ..widgets import AmountEdit, DateEdit, FieldError, NfcLineEdit, with_error_label
from . import Page
from .borrowers import loan_status
from .common import (
    AppState,
    date_text,
    frame,
    heading,
    money,
    muted,
    refresh_headers,
    selected_row,
    summary_text,
    table_view,
    value_label,
)
from .loan_draft import FORM, LoanDraft

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

SCHEDULE_COLUMNS = [
    Column("no", QT_TRANSLATE_NOOP("Columns", "Kỳ"), kind="int"),
    Column("due_date", QT_TRANSLATE_NOOP("Columns", "Ngày đến hạn"), kind="date"),
    Column("amount", QT_TRANSLATE_NOOP("Columns", "Gốc phải trả"), kind="money"),
    Column("paid", QT_TRANSLATE_NOOP("Columns", "Đã trả"), kind="money"),
    Column("overdue", QT_TRANSLATE_NOOP("Columns", "Quá hạn"),
           value=lambda i: translate("LoanPage", "quá hạn") if i.overdue else ""),
]
HISTORY_COLUMNS = [
    Column("business_date", QT_TRANSLATE_NOOP("Columns", "Ngày"), kind="date"),
    Column("summary", QT_TRANSLATE_NOOP("Columns", "Nội dung"), value=summary_text),
    Column("amount", QT_TRANSLATE_NOOP("Columns", "Tiền mặt"), kind="money"),
    Column("actor_name", QT_TRANSLATE_NOOP("Columns", "Người ghi")),
    Column("reversed", QT_TRANSLATE_NOOP("Columns", "Đã hủy"),
           value=lambda h: translate("LoanPage", "đã hủy") if h.reversed else ""),
]
BUCKETS = (
    ("approved_amount", QT_TRANSLATE_NOOP("LoanPage", "Số tiền được duyệt")),
    ("disbursed", QT_TRANSLATE_NOOP("LoanPage", "Đã giải ngân")),
    ("outstanding", QT_TRANSLATE_NOOP("LoanPage", "Dư nợ")),
    ("principal_in_term", QT_TRANSLATE_NOOP("LoanPage", "Gốc trong hạn")),
    ("principal_overdue", QT_TRANSLATE_NOOP("LoanPage", "Gốc quá hạn")),
    ("principal_frozen", QT_TRANSLATE_NOOP("LoanPage", "Gốc khoanh")),
    ("interest_in_term", QT_TRANSLATE_NOOP("LoanPage", "Lãi trong hạn phải trả")),
    ("interest_overdue", QT_TRANSLATE_NOOP("LoanPage", "Lãi quá hạn")),
    ("interest_grace", QT_TRANSLATE_NOOP("LoanPage", "Lãi thời gian ân hạn")),
    ("interest_frozen", QT_TRANSLATE_NOOP("LoanPage", "Lãi khoanh")),
    ("suspense", QT_TRANSLATE_NOOP("LoanPage", "Tiền treo")),
    ("interest_paid", QT_TRANSLATE_NOOP("LoanPage", "Lãi đã trả")),
    ("principal_paid", QT_TRANSLATE_NOOP("LoanPage", "Gốc đã trả")),
)


# Owed now: read from the dues at the business date, not from the last operation's state.
DUES_KEYS = ("principal_overdue", "interest_in_term", "interest_overdue", "interest_grace",
             "interest_frozen")


@dataclass(frozen=True)
class LoanView:
    detail: object
    borrower: str
    household_no: str
    programme: str
    kept: dict | None = None        # what was typed for this loan and not posted (a draft)


class LoanPage(LoanDraft, Page):
    title_source = "Khoản vay"

    def __init__(self, worker=None, state: AppState | None = None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.data: LoanView | None = None
        self._approval: ApprovalDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.find_label = QLabel()
        self.find_edit = NfcLineEdit()
        self.find_edit.setMinimumWidth(220)
        self.find_edit.setMaximumWidth(260)
        self.find_label.setBuddy(self.find_edit)
        self.find_edit.returnPressed.connect(self.find)
        self.find_button = QPushButton()
        self.find_button.clicked.connect(self.find)
        self.find_error = FieldError()
        self.title = heading()
        self.title.setWordWrap(True)   # a long name and programme wrap: 1.366 px (issue 14)
        self.print_button = QPushButton()
        self.print_menu = QMenu(self)
        self.print_actions: dict[str, QAction] = {}
        for key in ("receipt", "loanbook", "contract"):
            action = self.print_menu.addAction("")
            action.triggered.connect(lambda _=False, k=key: self.print_document(k))
            self.print_actions[key] = action
        self.print_button.setMenu(self.print_menu)
        self.print_button.setEnabled(False)
        self.print_dialog = None
        top.addWidget(self.find_label)
        top.addWidget(self.find_edit)
        top.addWidget(self.find_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        layout.addWidget(self.find_error)

        middle = QHBoxLayout()
        buckets = frame()
        grid = QGridLayout(buckets)
        grid.setVerticalSpacing(2)
        self.bucket_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for row, (key, _) in enumerate(BUCKETS):
            name, value = QLabel(), value_label()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.bucket_labels[key] = (name, value)
        middle.addWidget(buckets, 2)
        self.tabs = QTabWidget()
        self.schedule_model = RowTableModel(SCHEDULE_COLUMNS, parent=self)
        self.history_model = RowTableModel(HISTORY_COLUMNS, parent=self)
        self.schedule_view = table_view(self.schedule_model)
        self.history_view = table_view(self.history_model, stretch="summary")
        self.tabs.addTab(self.schedule_view, "")
        self.tabs.addTab(self.history_view, "")
        middle.addWidget(self.tabs, 5)
        layout.addLayout(middle, 1)

        self.actions = QTabWidget()
        self.actions.setMaximumHeight(200)
        # disburse
        self.disburse_tab = QWidget()
        form = QFormLayout(self.disburse_tab)
        self.disburse_amount = AmountEdit()
        self.id_checked = QCheckBox()
        self.id_error = FieldError()
        self.disburse_button = QPushButton()
        self.disburse_button.clicked.connect(self.disburse)
        self.disburse_error = FieldError()
        self.disburse_amount_label = QLabel()
        self.disburse_amount_label.setBuddy(self.disburse_amount)
        form.addRow(self.disburse_amount_label, with_error_label(self.disburse_amount))
        form.addRow(with_error_label(self.id_checked, self.id_error))
        form.addRow(self.disburse_button, self.disburse_error)
        # repayment
        self.repay_tab = QWidget()
        form = QFormLayout(self.repay_tab)
        self.repay_interest, self.repay_principal = AmountEdit(), AmountEdit()
        self.repay_interest_label, self.repay_principal_label = QLabel(), QLabel()
        self.repay_interest_label.setBuddy(self.repay_interest)
        self.repay_principal_label.setBuddy(self.repay_principal)
        self.repay_button = QPushButton()
        self.repay_button.clicked.connect(self.repay)
        self.repay_error = FieldError()
        form.addRow(self.repay_interest_label, with_error_label(self.repay_interest))
        form.addRow(self.repay_principal_label, with_error_label(self.repay_principal))
        form.addRow(self.repay_button, self.repay_error)
        # change request
        self.change_tab = QWidget()
        form = QFormLayout(self.change_tab)
        self.change_type = QComboBox()
        self.change_reason = NfcLineEdit()
        self.change_reason_error = FieldError()
        self.change_reason.show_error = self.change_reason_error.show_error
        self.change_date = DateEdit()
        self.change_button = QPushButton()
        self.change_button.clicked.connect(self.request_change)
        self.change_error = FieldError()
        self.change_type_label, self.change_reason_label, self.change_date_label = (
            QLabel(), QLabel(), QLabel())
        self.change_type_label.setBuddy(self.change_type)
        self.change_reason_label.setBuddy(self.change_reason)
        self.change_date_label.setBuddy(self.change_date)
        row = QHBoxLayout()
        row.addWidget(self.change_type)
        row.addWidget(self.change_date_label)
        row.addWidget(self.change_date)
        form.addRow(self.change_type_label, row)
        form.addRow(self.change_reason_label,
                    with_error_label(self.change_reason, self.change_reason_error))
        form.addRow(self.change_button, self.change_error)
        # reversal
        self.reverse_tab = QWidget()
        form = QFormLayout(self.reverse_tab)
        self.reverse_note = muted()
        self.reverse_reason = NfcLineEdit()
        self.reverse_reason_error = FieldError()
        self.reverse_reason.show_error = self.reverse_reason_error.show_error
        self.reverse_reason_label = QLabel()
        self.reverse_reason_label.setBuddy(self.reverse_reason)
        self.reverse_button, self.request_button = QPushButton(), QPushButton()
        self.reverse_button.clicked.connect(self.reverse)
        self.request_button.clicked.connect(self.request_correction)
        self.reverse_error = FieldError()
        form.addRow(self.reverse_note)
        form.addRow(self.reverse_reason_label,
                    with_error_label(self.reverse_reason, self.reverse_reason_error))
        buttons = QHBoxLayout()
        buttons.addWidget(self.reverse_button)
        buttons.addWidget(self.request_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        form.addRow(self.reverse_error)
        for edit in (self.disburse_amount, self.repay_interest, self.repay_principal,
                     self.change_date):
            edit.setMaximumWidth(240)
        for tab in (self.disburse_tab, self.repay_tab, self.change_tab, self.reverse_tab):
            self.actions.addTab(tab, "")
        layout.addWidget(self.actions)
        self.message = QLabel()
        self.message.setStyleSheet("color: #1b5e20;")
        layout.addWidget(self.message)
        self.setTabOrder(self.find_edit, self.find_button)
        self.setTabOrder(self.find_button, self.print_button)
        self.setTabOrder(self.print_button, self.tabs)
        self.setTabOrder(self.tabs, self.actions)
        self.restored_tab: int | None = None
        self.build_draft()
        self.translate_ui()

    # --- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """The chosen loan; none chosen (a restart): the loan a draft was last kept for."""
        if self.worker is not None:
            self.load(self.state.loan_id)

    def find(self) -> None:
        self.find_error.clear_error()
        text = self.find_edit.text().strip()

        def look(book):
            from sbpdesk.services import ui_queries
            return ui_queries.find_loan(book, text)
        self.worker.run(look, on_done=self._found, name="find loan")

    def _found(self, loan_id) -> None:
        if loan_id is None:
            self.find_error.show_error(translate("LoanPage", "Không tìm thấy khoản vay."))
            return
        self.state.loan_id = loan_id
        self.load(loan_id)

    def load(self, loan_id: str | None) -> None:
        on = self.state.business_date()

        def load(book):
            from sbpdesk.services import customers, loans, reference
            shown, kept = self.read_draft(book, loan_id)
            if shown is None:
                return None
            detail = loans.loan_detail(book, shown, on)
            household = customers.get_household(book, detail.household_id)
            name = next((m.full_name for m in household.members
                         if m.id == detail.person_id), "") if household else ""
            number = (household.customer_code or f"{household.provisional_no} (tạm)") \
                if household else ""
            programme = reference.programme_names(book).get(detail.programme_code)
            return LoanView(detail, name, number, programme or detail.programme_code, kept)
        self.worker.read(load, on_done=self._loaded, name="loan")

    def _loaded(self, data: LoanView | None) -> None:
        if data is None:
            return
        self.data = data
        d = data.detail
        self.state.loan_id = d.loan_id
        self.restored_tab = None
        self.switch_draft(d.loan_id, data.kept)
        self.schedule_model.set_rows(d.instalments)
        self.history_model.set_rows(d.history)
        left = max(0, d.approved_amount - d.disbursed)
        if d.status == "approved" and not self.disburse_amount.text():
            with self.form_draft.quiet():
                self.disburse_amount.set_amount(left)
            self.disburse_prefill = self.disburse_amount.text()
        self.disburse_tab.setEnabled(d.status in ("approved", "active") and left > 0)
        self.repay_tab.setEnabled(d.status in ("active", "frozen"))
        self.print_button.setEnabled(True)
        self.actions.setCurrentIndex(self.restored_tab if self.restored_tab is not None
                                     else 0 if d.status == "approved" else 1)
        self.translate_ui()

    # --- printing -------------------------------------------------------------------------------

    def print_document(self, selector: str) -> None:
        """Preview the loan's receipt, loan book or contract; print (recorded, kept as PDF)."""
        self.find_error.clear_error()
        if self.data is None:
            return
        d = self.data.detail
        if selector == "receipt":
            row = selected_row(self.history_view) or next(iter(d.history), None)
            if row is None:
                self.find_error.show_error(translate("LoanPage", "Khoản vay chưa có nghiệp vụ."))
                return
            keys = {"number": row.op_id}
        elif selector == "loanbook":
            keys = {"household": d.household_id}
        else:
            keys = {"loan": d.loan_id}
        from .. import printing
        paper = printing.saved_paper() if selector == "receipt" else "a5"
        paper = paper if paper in ("a5", "thermal") else "a5"  # the receipt layouts

        def preview(book):
            from sbpdesk.printing import record
            return record.preview(book, selector, paper=paper, **keys)

        printing.prepare(self.worker, preview, self._to_printer, self.find_error.show_error,
                         name="loan print preview")

    def _to_printer(self, preview) -> None:
        from sbpdesk.printing.record import kept_name

        from .. import printing
        folder = (self.state.data_dir or Path.home()) / "prints" / "loans"
        self.print_dialog = printing.print_documents(
            self, self.worker, [preview], user=self.state.username,
            out=lambda p: folder / kept_name(f"{p.document}-{p.key}", p.copy_no, p.cancelled),
            on_error=self.find_error.show_error,
            on_done=lambda recorded: setattr(self, "print_dialog", None),
            preview=True, printer_name=printing.saved_printer(), paper=printing.saved_paper(),
            title=self.title.text())

    # --- posting --------------------------------------------------------------------------------

    def _write(self, verb, *, on_error, done_text: str, name: str,
               posted: tuple[str, ...] = ()) -> None:
        """Run `verb(book, business_date=…, session_id=…)` (a typed service verb) and reload
        the loan if the write touched it. The `posted` fields leave the loan's draft in the
        same transaction, and the form once written."""
        session = self.state.session
        day = self.state.business_date()
        loan_id = self.data.detail.loan_id
        left = self.remaining(*posted)
        self.message.clear()
        self.form_draft.timer.stop()

        def write(book):
            from sbpdesk.services import drafts
            result = verb(book, business_date=day, session_id=session.id if session else None)
            drafts.keep_form(book, FORM + loan_id, left)
            return result

        def done(result):
            self.last_posted = result
            self.clear_fields(posted)
            self.message.setText(done_text)
            self.state.posted(result, by=self)
            if result.touches("loan", loan_id):
                self.load(loan_id)
        self.worker.write(write, on_done=done, on_error=on_error, name=name)

    def _ask(self, role: str | None, action: str, then) -> None:
        default = (self.state.session.controller or "") if (
            role == "controller" and self.state.session) else ""
        self._approval = ApprovalDialog(self.worker, signed_in=self.state.username, role=role,
                                        username=default, action=action, parent=self)
        self._approval.approved.connect(then)
        self._approval.open()

    def disburse(self) -> None:
        self.disburse_error.clear_error()
        self.id_error.clear_error()
        if self.data is None or not self.disburse_amount.validate():
            return
        if not self.id_checked.isChecked():
            self.id_error.show_error(translate(
                "LoanPage", "Cần kiểm tra giấy tờ tùy thân của người nhận tiền."))
            self.id_checked.setFocus()
            return
        amount = self.disburse_amount.amount() or 0
        loan_id = self.data.detail.loan_id

        def disburse(approval):
            from sbpdesk.services import loans
            self._write(lambda book, **when: loans.disburse(
                book, loan_id, amount, id_checked=True, approved_by=approval, **when),
                on_error=self._disburse_refused, name="loan.disburse", posted=("disburse",),
                done_text=translate("LoanPage", "Đã giải ngân {amount}.").format(
                    amount=money(amount)))
        self._ask("controller", translate("LoanPage", "Giải ngân {amount} cho {name}.").format(
            amount=money(amount), name=self.data.borrower), disburse)

    def _disburse_refused(self, error: DomainError) -> None:
        {"amount": self.disburse_amount, "id_checked": self.id_error}.get(
            error.field or "", self.disburse_error).show_error(error)

    def repay(self) -> None:
        self.repay_error.clear_error()
        if self.data is None or not (self.repay_interest.validate()
                                     and self.repay_principal.validate()):
            return
        loan_id = self.data.detail.loan_id
        interest = self.repay_interest.amount() or 0
        principal = self.repay_principal.amount() or 0
        from sbpdesk.services import loans
        self._write(lambda book, **when: loans.repay(
            book, loan_id, interest=interest, principal=principal, **when),
            on_error=self._repay_refused, name="collection.record",
            posted=("interest", "principal"),
            done_text=translate("LoanPage", "Đã ghi thu nợ."))

    def _repay_refused(self, error: DomainError) -> None:
        {"interest": self.repay_interest, "principal": self.repay_principal}.get(
            error.field or "", self.repay_error).show_error(error)

    def request_change(self) -> None:
        self.change_error.clear_error()
        self.change_reason_error.clear_error()
        if self.data is None or not self.change_date.validate():
            return
        new_date = self.change_date.date()
        loan_id, change = self.data.detail.loan_id, self.change_type.currentData()
        reason = self.change_reason.text().strip()
        from sbpdesk.services import loans
        self._write(lambda book, **when: loans.request_change(
            book, loan_id, change, reason, new_final_date=new_date, **when),
            on_error=self._change_refused, name="loan.change_request",
            posted=("change_date", "change_reason"),
            done_text=translate("LoanPage", "Đã gửi đề nghị về phòng giao dịch."))

    def _change_refused(self, error: DomainError) -> None:
        {"reason": self.change_reason_error, "type": self.change_error}.get(
            error.field or "", self.change_error).show_error(error)

    def _target(self):
        row = selected_row(self.history_view)
        if row is None:
            self.reverse_error.show_error(translate(
                "LoanPage", "Chọn nghiệp vụ cần hủy trong tab Lịch sử."))
            self.tabs.setCurrentIndex(1)
            self.history_view.setFocus()
        return row

    def reverse(self) -> None:
        self.reverse_error.clear_error()
        self.reverse_reason_error.clear_error()
        target = self._target()
        if target is None:
            return
        op_id, reason = target.op_id, self.reverse_reason.text().strip()
        if not reason:
            self.reverse_reason_error.show_error(translate("LoanPage", "Cần ghi lý do hủy."))
            return

        def reverse(approval):
            from sbpdesk.services import reversals
            self._write(lambda book, **when: reversals.reverse(
                book, op_id, reason, approved_by=approval, **when),
                on_error=self._reverse_refused, name="op.reverse", posted=("reverse_reason",),
                done_text=translate("LoanPage", "Đã hủy nghiệp vụ."))
        self._ask(None, translate("LoanPage", "Hủy nghiệp vụ: {what}.").format(
            what=target.summary), reverse)

    def request_correction(self) -> None:
        self.reverse_error.clear_error()
        self.reverse_reason_error.clear_error()
        target = self._target()
        if target is None:
            return
        op_id, reason = target.op_id, self.reverse_reason.text().strip()
        from sbpdesk.services import reversals
        self._write(lambda book, **when: reversals.request(book, op_id, reason, **when),
                    on_error=self._reverse_refused, name="reversal.request",
                    posted=("reverse_reason",),
                    done_text=translate("LoanPage", "Đã gửi đề nghị điều chỉnh về văn phòng."))

    def _reverse_refused(self, error: DomainError) -> None:
        {"reason": self.reverse_reason_error}.get(error.field or "",
                                                  self.reverse_error).show_error(error)

    # --- text -----------------------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.find_label.setText(translate("LoanPage", "Số &hợp đồng:"))
        self.find_edit.setPlaceholderText(translate("LoanPage", "VD: BB-2025-00001"))
        self.find_button.setText(translate("LoanPage", "Mở"))
        self.tabs.setTabText(0, translate("LoanPage", "Lịch trả nợ"))
        self.tabs.setTabText(1, translate("LoanPage", "Lịch sử giao dịch"))
        self.actions.setTabText(0, translate("LoanPage", "Giải ngân"))
        self.actions.setTabText(1, translate("LoanPage", "Thu nợ"))
        self.actions.setTabText(2, translate("LoanPage", "Gia hạn / điều chỉnh kỳ hạn"))
        self.actions.setTabText(3, translate("LoanPage", "Hủy / đề nghị điều chỉnh"))
        self.disburse_amount_label.setText(translate("LoanPage", "Số tiền &giải ngân:"))
        self.id_checked.setText(translate(
            "LoanPage", "Đã kiểm tra CCCD của người nhận tiền (đúng người vay hoặc người được "
            "ủy quyền)"))
        self.disburse_button.setText(translate("LoanPage", "Giải ngân…"))
        self.repay_interest_label.setText(translate("LoanPage", "Thu &lãi:"))
        self.repay_principal_label.setText(translate("LoanPage", "Thu &gốc:"))
        self.repay_button.setText(translate("LoanPage", "Ghi thu nợ"))
        current = self.change_type.currentData()
        self.change_type.clear()
        self.change_type.addItem(translate("LoanPage", "Gia hạn nợ (09/TD)"), "extension")
        self.change_type.addItem(translate("LoanPage", "Điều chỉnh kỳ hạn (08/TD)"),
                                 "adjustment")
        if current:
            self.change_type.setCurrentIndex(self.change_type.findData(current))
        self.change_type_label.setText(translate("LoanPage", "&Loại đề nghị:"))
        self.change_date_label.setText(translate("LoanPage", "Đến &ngày:"))
        self.change_reason_label.setText(translate("LoanPage", "Lý &do:"))
        self.change_button.setText(translate("LoanPage", "Gửi đề nghị"))
        self.reverse_note.setText(translate(
            "LoanPage", "Chọn nghiệp vụ trong tab Lịch sử. Nghiệp vụ của phiên đang mở được "
            "hủy ngay (cần người thứ hai duyệt); nghiệp vụ cũ hơn thì gửi đề nghị về văn phòng."))
        self.reverse_reason_label.setText(translate("LoanPage", "Lý do &hủy:"))
        self.reverse_button.setText(translate("LoanPage", "Hủy trong phiên…"))
        self.request_button.setText(translate("LoanPage", "Đề nghị văn phòng điều chỉnh"))
        self.print_button.setText(translate("LoanPage", "Xem trước / In"))
        self.print_actions["receipt"].setText(
            translate("LoanPage", "Biên lai của nghiệp vụ đã chọn (tab Lịch sử)"))
        self.print_actions["loanbook"].setText(translate("LoanPage", "Sổ vay vốn của hộ"))
        self.print_actions["contract"].setText(translate("LoanPage", "Hợp đồng tín dụng"))
        refresh_headers(self)
        data = self.data
        for key, source in BUCKETS:
            name, value = self.bucket_labels[key]
            name.setText(translate("LoanPage", source))
            source_obj = data.detail.dues if data and key in DUES_KEYS else (
                data.detail if data else None)
            value.setText(money(getattr(source_obj, key)) if data else "")
        if data is None:
            self.title.setText(translate("LoanPage", "Chưa chọn khoản vay"))
            return
        d = data.detail
        contract = d.contract_no or translate("LoanPage", "(tạm)")
        self.title.setText(translate(
            "LoanPage", "{contract} — {name} (hộ {household}) — {programme} — {status}").format(
            contract=contract, name=data.borrower, household=data.household_no,
            programme=data.programme, status=loan_status(d.status)))
        self.title.setToolTip(date_text(self.state.business_date()))
