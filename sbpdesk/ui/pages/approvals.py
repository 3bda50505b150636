"""Phê duyệt hồ sơ vay (office window, the director): applications arriving from the points
(01/TD, 03/TD data), each checked against its programme's limits and the household's
category (`services.applications.pending`), approved or refused with a reason —
maker-checker: a second user who checked the file confirms with their own password
(`dialogs.approval.ApprovalDialog`, verified again by the service) — through the typed verb
`applications.decide`. The approved loan travels to the point in its next bundle; "In thông
báo 04/TD" previews and prints the notice of the application last decided (recorded when
printed, like every print).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..i18n import current_language
from ..models import Column, RowTableModel
from ..widgets import AmountEdit, FieldError, NfcLineEdit, with_error_label
from . import Page
from .common import AppState, date_text, muted, refresh_headers, selected_row, table_view

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def check_text(p, *, full: bool = False) -> str:
    """The column's check; `full` adds the remedy (shown under the table for the selection:
    the column stays short enough for 1366×768)."""
    if p.problem_vi:
        return p.problem_en if current_language() == "en" else p.problem_vi
    if over_plan(p):
        return (translate("Approvals", "vượt kế hoạch cho vay năm: điều chỉnh kế hoạch trước")
                if full else translate("Approvals", "vượt kế hoạch năm"))
    return translate("Approvals", "trong hạn mức")


def over_plan(p) -> bool:
    return p.plan_left is not None and p.plan_left < 0


LISTING = {"listed": QT_TRANSLATE_NOOP("Approvals", "có tên"),
           "not_listed": QT_TRANSLATE_NOOP("Approvals", "KHÔNG có tên"),
           "no_list": QT_TRANSLATE_NOOP("Approvals", "chưa nhập DS năm"),
           "not_needed": QT_TRANSLATE_NOOP("Approvals", "không cần")}


def listing_text(p) -> str:
    return translate("Approvals", LISTING.get(p.listing, p.listing))


# What decides first (the check, the list, the plan), then the term; short headers (their
# tooltips say it in full) so that every column fits at 1366×768. The programme's maximum is
# not a column: the check names it when the amount is beyond it.
COLUMNS = (
    Column("point", QT_TRANSLATE_NOOP("Columns", "Điểm"), lambda p: p.row.point_code or ""),
    Column("submitted", QT_TRANSLATE_NOOP("Columns", "Ngày nộp"),
           lambda p: date_text(p.row.submitted_on)),
    Column("member", QT_TRANSLATE_NOOP("Columns", "Người vay"), kind="name"),
    Column("programme", QT_TRANSLATE_NOOP("Columns", "Chương trình")),
    Column("amount", QT_TRANSLATE_NOOP("Columns", "Đề nghị vay"),
           lambda p: p.row.amount, kind="money"),
    Column("check", QT_TRANSLATE_NOOP("Columns", "Kiểm tra"), check_text),
    Column("listing", QT_TRANSLATE_NOOP("Columns", "DS của xã"), listing_text,
           tooltip=QT_TRANSLATE_NOOP("Columns", "Danh sách hộ nghèo, cận nghèo năm nay của "
                                     "xã: hộ có tên không?")),
    Column("plan_left", QT_TRANSLATE_NOOP("Columns", "KH còn lại"), kind="money",
           tooltip=QT_TRANSLATE_NOOP("Columns", "Kế hoạch cho vay năm còn lại sau khi duyệt "
                                     "hồ sơ như đề nghị")),
    Column("term", QT_TRANSLATE_NOOP("Columns", "Tháng"),
           lambda p: p.row.term_months, kind="int",
           tooltip=QT_TRANSLATE_NOOP("Columns", "Thời hạn vay (tháng)")),
)


class ApprovalsPage(Page):
    title_source = "Phê duyệt hồ sơ vay"

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.rows: list = []
        self.decided = None          # (application id, Written) of the last decision
        self._approval = self.print_dialog = None
        layout = QVBoxLayout(self)
        self.summary = muted()
        layout.addWidget(self.summary)
        self.model = RowTableModel(COLUMNS)
        self.view = table_view(self.model, stretch="check")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        layout.addWidget(self.view, 1)
        self.check_note = muted()       # the selected application's check in full
        self.check_note.setWordWrap(True)
        layout.addWidget(self.check_note)
        form = QFormLayout()
        self.amount, self.reason = AmountEdit(), NfcLineEdit()
        self.exception = NfcLineEdit()      # why a household off its commune's list
        self.amount.setMaximumWidth(220)
        self.amount_error, self.error = FieldError(), FieldError()
        self.exception_error = FieldError()
        self.amount_label, self.reason_label = muted(), muted()
        self.exception_label = muted()
        form.addRow(self.amount_label, with_error_label(self.amount, self.amount_error))
        form.addRow(self.reason_label, with_error_label(self.reason, self.error))
        form.addRow(self.exception_label,
                    with_error_label(self.exception, self.exception_error))
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.approve_button, self.refuse_button = QPushButton(), QPushButton()
        self.print_button, self.plan_button = QPushButton(), QPushButton()
        self.plan_button.clicked.connect(self.edit_plan)
        self.plan_dialog = None
        self.approve_button.setObjectName("Primary")
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.print_button.clicked.connect(self.print_notice)
        self.message = muted()
        for w in (self.approve_button, self.refuse_button, self.print_button,
                  self.plan_button):
            buttons.addWidget(w)
        buttons.addWidget(self.message, 1)
        layout.addLayout(buttons)
        self.state.changed.connect(self.refresh)
        self.translate_ui()
        self._selected()

    def refresh(self) -> None:
        if self.worker is None:
            return
        from sbpdesk.services import applications
        self.worker.read(applications.pending, on_done=self._loaded, name="applications")

    def _loaded(self, rows) -> None:
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        if self.rows and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._selected()
        self.translate_ui()

    def selected(self):
        return selected_row(self.view)

    def _selected(self) -> None:
        p = self.selected()
        self.amount.set_amount(p.row.amount if p else None)
        self._note()
        self.approve_button.setEnabled(p is not None and not p.problem_vi
                                       and not over_plan(p))
        off_list = p is not None and p.listing == "not_listed"
        self.exception.setEnabled(off_list)
        self.exception_label.setEnabled(off_list)
        if not off_list:
            self.exception.clear()
        self.refuse_button.setEnabled(p is not None)
        self.print_button.setEnabled(self.decided is not None)

    def _note(self) -> None:
        p = self.selected()
        problem = p is not None and (bool(p.problem_vi) or over_plan(p))
        self.check_note.setText(f"{p.member}: {check_text(p, full=True)}" if problem else "")

    def decide(self, approved: bool) -> None:
        p = self.selected()
        self.error.clear_error()
        self.amount_error.clear_error()
        self.exception_error.clear_error()
        if p is None:
            return
        reason, amount = self.reason.text().strip(), self.amount.amount()
        exception = self.exception.text().strip()
        if not reason:
            self.error.show_error(translate("Approvals", "Ghi lý do phê duyệt hoặc từ chối."))
            self.reason.setFocus()
            return
        if approved and p.listing == "not_listed" and not exception:
            self.exception_error.show_error(translate(
                "Approvals", "Hộ không có trong danh sách của xã: ghi lý do duyệt ngoài danh "
                "sách."))
            self.exception.setFocus()
            return
        from ..dialogs.approval import ApprovalDialog
        action = (translate("Approvals", "Phê duyệt hồ sơ của {name}: người kiểm tra hồ sơ "
                            "xác nhận.") if approved else translate(
            "Approvals", "Từ chối hồ sơ của {name}: người kiểm tra hồ sơ xác nhận.")).format(
            name=p.member)
        self._approval = ApprovalDialog(self.worker, signed_in=self.state.username, role=None,
                                        action=action, parent=self)
        self._approval.approved.connect(
            lambda credential: self._write(p.row.id, approved, reason, amount, credential,
                                           exception))
        self._approval.open()

    def _write(self, app_id: str, approved: bool, reason: str, amount, credential,
               exception: str = "") -> None:
        from sbpdesk.services import applications
        day = self.state.today

        def write(book):
            return applications.decide(book, app_id, approved, reason=reason,
                                       business_date=day, checked_by=credential,
                                       amount=amount if approved else None,
                                       list_exception=exception if approved else "")

        def done(written) -> None:
            self.decided = (app_id, written)
            self.reason.clear()
            self.exception.clear()
            self.message.setText(translate("Approvals", "Đã phê duyệt; khoản vay được gửi về "
                                           "điểm trong gói kế tiếp.") if approved else
                                 translate("Approvals", "Đã từ chối hồ sơ."))
            self.state.posted(written)
            self._selected()
        self.worker.write(write, on_done=done, on_error=self._refused, name="decide")

    def _refused(self, error: DomainError) -> None:
        target = {"amount": self.amount_error, "list_exception": self.exception_error}
        target.get(error.field, self.error).show_error(error)

    def print_notice(self) -> None:
        if self.decided is None:
            return
        app_id = self.decided[0]

        def preview(book):
            from sbpdesk.printing import record
            return record.preview(book, "approval", application=app_id)
        from .. import printing
        printing.prepare(self.worker, preview, self._to_printer, self.error.show_error,
                         name="04/TD preview")

    def _to_printer(self, preview) -> None:
        from sbpdesk.printing.record import kept_name

        from .. import printing
        folder = (self.state.data_dir or Path.home()) / "prints" / "approvals"
        self.print_dialog = printing.print_documents(
            self, self.worker, [preview], user=self.state.username,
            out=lambda p: folder / kept_name(f"{p.document}-{p.key}", p.copy_no, p.cancelled),
            on_error=self.error.show_error,
            on_done=lambda recorded: setattr(self, "print_dialog", None),
            preview=True, printer_name=printing.saved_printer(), paper="a4",
            title=translate("Approvals", "Thông báo kết quả phê duyệt (04/TD)"))

    def edit_plan(self) -> None:
        """The year's lending plan per programme and source (plan.set, decision 0190)."""
        from ..dialogs.plan import PlanDialog
        self.plan_dialog = PlanDialog(self.worker, self.state, parent=self)
        self.plan_dialog.recorded.connect(lambda written: self.state.posted(written))
        self.plan_dialog.open()

    def translate_ui(self) -> None:
        self.summary.setText(translate(
            "Approvals", "{n} hồ sơ chờ phê duyệt. Mỗi quyết định cần người kiểm tra hồ sơ "
            "xác nhận bằng mật khẩu của mình (hai người).").format(n=len(self.rows)))
        self.amount_label.setText(translate("Approvals", "Số tiền duyệt"))
        self.reason_label.setText(translate("Approvals", "Lý do"))
        self.approve_button.setText(translate("Approvals", "&Phê duyệt…"))
        self.refuse_button.setText(translate("Approvals", "&Từ chối…"))
        self.print_button.setText(translate("Approvals", "In thông báo 04/&TD"))
        self.exception_label.setText(translate("Approvals", "Lý do duyệt ngoài danh sách"))
        self.plan_button.setText(translate("Approvals", "&Kế hoạch cho vay…"))
        self._note()
        refresh_headers(self)
