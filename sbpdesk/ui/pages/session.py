"""Session: open it (business date, controller, the opening cash counted by denomination; a
second session on a day already closed needs a reason), count the cash by denomination
against what the book expects — no difference is shown before anyone counts — record a
thừa/thiếu quỹ with a reason and the controller's approval (a difference inside the office's
rounding tolerance is recorded as rounding, without either), and close it: the page then
shows what the session did and offers its report. Closed sessions are listed read-only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..dialogs.approval import ApprovalDialog
from ..models import Column, RowTableModel
from ..widgets import DateEdit, FieldError, NfcLineEdit, with_error_label
from . import Page
from .cash_count import DENOMINATIONS as DENOMINATIONS
from .cash_count import CashCount, CloseSummaryBox, signed_money
from .common import (
    AppState,
    date_text,
    frame,
    heading,
    money,
    muted,
    refresh_headers,
    table_view,
    value_label,
)
from .session_draft import SessionDrafts

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

STATUS = {
    "open": QT_TRANSLATE_NOOP("SessionPage", "đang mở"),
    "closed": QT_TRANSLATE_NOOP("SessionPage", "đã đóng"),
}

SESSION_COLUMNS = [
    Column("business_date", QT_TRANSLATE_NOOP("Columns", "Ngày phiên"), kind="date"),
    Column("point_code", QT_TRANSLATE_NOOP("Columns", "Điểm"), kind="text"),
    Column(
        "status",
        QT_TRANSLATE_NOOP("Columns", "Trạng thái"),
        value=lambda s: translate("SessionPage", STATUS.get(s.status, s.status)),
    ),
    Column("teller_name", QT_TRANSLATE_NOOP("Columns", "Giao dịch viên")),
    Column("controller_name", QT_TRANSLATE_NOOP("Columns", "Kiểm soát viên")),
    Column("opening_cash", QT_TRANSLATE_NOOP("Columns", "Tiền đầu phiên"), kind="money"),
    Column("counted_total", QT_TRANSLATE_NOOP("Columns", "Tiền kiểm đếm"), kind="money"),
]


class SessionPage(SessionDrafts, Page):
    title_source = "Phiên giao dịch"

    def __init__(self, worker=None, state: AppState | None = None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.totals = None
        self.controllers: list = []
        self.tolerance = 0  # the office's cash rounding tolerance
        self.closed_today = 0  # sessions already closed on the suggested date
        self.closed_session = None
        self._approval: ApprovalDialog | None = None
        layout = QVBoxLayout(self)
        self.status = heading()
        layout.addWidget(self.status)
        self.draft_note = muted()
        layout.addWidget(self.draft_note)

        # --- open -------------------------------------------------------------------------
        self.open_box = frame()
        open_form = QFormLayout(self.open_box)
        self.date_edit = DateEdit()
        self.controller_box = QComboBox()
        self.controller_error = FieldError()
        self.opening_count = CashCount()
        self.opening_count.changed.connect(self._label_opening)
        self.opening_total = value_label()
        self.opening_error = FieldError()
        self.date_label, self.controller_label, self.cash_label = QLabel(), QLabel(), QLabel()
        self.date_label.setBuddy(self.date_edit)
        self.controller_label.setBuddy(self.controller_box)
        self.cash_label.setBuddy(self.opening_count.first())
        open_form.addRow(self.date_label, with_error_label(self.date_edit))
        open_form.addRow(
            self.controller_label, with_error_label(self.controller_box, self.controller_error)
        )
        open_form.addRow(self.cash_label, self.opening_count)
        self.opening_total_label = QLabel()
        open_form.addRow(
            self.opening_total_label, with_error_label(self.opening_total, self.opening_error)
        )
        # A second session on a day already closed: why (kept in the journal).
        self.second_reason = NfcLineEdit()
        self.second_error = FieldError()
        self.second_reason.show_error = self.second_error.show_error
        self.second_label = QLabel()
        self.second_label.setBuddy(self.second_reason)
        self.second_note = muted()
        self.second_note.setStyleSheet("color: #8a4b00;")
        self.second_note.setWordWrap(True)
        open_form.addRow(self.second_note)
        open_form.addRow(self.second_label, with_error_label(self.second_reason, self.second_error))
        self.office_note = muted()
        self.office_note.setStyleSheet("color: #8a4b00;")
        open_form.addRow(self.office_note)
        self.open_error = FieldError()
        open_form.addRow(self.open_error)
        self.open_button = QPushButton()
        self.open_button.setObjectName("Primary")
        self.open_button.clicked.connect(self.open_session)
        open_form.addRow(self.open_button)
        layout.addWidget(self.open_box)

        # --- count and close ----------------------------------------------------------------
        self.close_box = frame()
        close_layout = QHBoxLayout(self.close_box)
        count_side = QVBoxLayout()
        self.count_title = heading()
        count_side.addWidget(self.count_title)
        self.count = CashCount()
        self.count.changed.connect(self._label_totals)
        self.count_spins = self.count.spins
        count_side.addWidget(self.count)
        self.count_error = FieldError()
        count_side.addWidget(self.count_error)
        count_side.addStretch(1)
        close_layout.addLayout(count_side, 3)

        right = QFormLayout()
        self.expected_label, self.expected = QLabel(), value_label()
        self.in_label, self.cash_in = QLabel(), value_label()
        self.out_label, self.cash_out = QLabel(), value_label()
        self.counted_label, self.counted = QLabel(), value_label()
        self.diff_label, self.difference = QLabel(), value_label()
        for label, value in (
            (self.in_label, self.cash_in),
            (self.out_label, self.cash_out),
            (self.expected_label, self.expected),
            (self.counted_label, self.counted),
            (self.diff_label, self.difference),
        ):
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            right.addRow(label, value)
        self.reason = NfcLineEdit()
        self.reason_error = FieldError()
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        self.reason.show_error = self.reason_error.show_error  # field-error target
        right.addRow(self.reason_label, with_error_label(self.reason, self.reason_error))
        self.close_error = FieldError()
        right.addRow(self.close_error)
        self.close_button = QPushButton()
        self.close_button.setObjectName("Primary")
        self.close_button.clicked.connect(self.close_session)
        right.addRow(self.close_button)
        close_layout.addLayout(right, 2)
        layout.addWidget(self.close_box)

        # --- what the session just closed did ----------------------------------------------
        self.summary_box = CloseSummaryBox()
        self.summary_box.print_requested.connect(self.print_report)
        self.summary_box.setVisible(False)
        layout.addWidget(self.summary_box)

        # --- past sessions --------------------------------------------------------------------
        self.past_title = heading()
        layout.addWidget(self.past_title)
        self.past_model = RowTableModel(SESSION_COLUMNS, parent=self)
        self.past_view = table_view(self.past_model)
        layout.addWidget(self.past_view, 1)

        self.setTabOrder(self.date_edit, self.controller_box)
        self.setTabOrder(self.controller_box, self.opening_count.spins[DENOMINATIONS[0]])
        self.setTabOrder(self.opening_count.spins[DENOMINATIONS[-1]], self.second_reason)
        self.setTabOrder(self.second_reason, self.open_button)
        self.setTabOrder(self.count.spins[DENOMINATIONS[-1]], self.reason)
        self.setTabOrder(self.reason, self.close_button)
        self.state.changed.connect(self._book_changed)
        self.build_drafts()
        self._show_mode()
        self.translate_ui()

    # --- data ---------------------------------------------------------------------------------

    def _book_changed(self) -> None:
        # The session's cash moves with loans, savings and payables (and sessions).
        if self.state.concerns(self, ("loan", "savings", "payable"), sessions=True):
            self.refresh()

    def refresh(self) -> None:
        if self.worker is None or not self.state.point_code:
            return
        code = self.state.point_code

        def load(book):
            from sbpdesk.services import sessions, sync_status, ui_queries, users

            current = sessions.current_session(book, code)
            past_sessions = tuple(sessions.list_sessions(book, code, 24))
            closed = [s.business_date for s in past_sessions if s.status == "closed"]
            imported = sync_status.sync_status(book).last_import
            # Warn when nothing came from the office since the last closed session.
            stale = bool(closed) and (imported is None or imported.on < max(closed))
            totals = ui_queries.session_totals(book, current.id) if current else None
            controllers = [
                u for u in users.list_users(book) if "controller" in u.roles and u.active
            ]
            suggested = ui_queries.suggest_session_date(book, code)
            day = current.business_date if current else suggested
            cash_rules = (
                sessions.rounding_tolerance(book, day),
                sessions.smallest_note(book, day),
                sessions.closed_on(book, code, suggested),
            )
            keys = self.draft_keys(code, current)
            return (current, totals, controllers, suggested, past_sessions, stale, cash_rules,
                    (keys, self.read_drafts(book, keys)))

        self.worker.read(load, on_done=self._loaded, name="session")

    def _loaded(self, result) -> None:
        current, totals, controllers, suggested, past, stale, cash_rules, drafts = result
        self.tolerance, smallest, self.closed_today = cash_rules
        self.office_note.setVisible(stale)
        self.totals = totals
        if (current is None) != (self.state.session is None) or (
            current is not None
            and self.state.session is not None
            and current.id != self.state.session.id
        ):
            self.state.set_session(current, by=self)
        self.controllers = controllers
        chosen = self.controller_box.currentData()      # a page switch keeps the choice
        self.controller_box.clear()
        for user in controllers:
            self.controller_box.addItem(user.full_name, user.username)
        self.controller_box.setCurrentIndex(max(0, self.controller_box.findData(chosen)))
        if not self.date_edit.text():
            self.date_edit.set_date(suggested)
        self.opening_count.set_smallest(smallest)
        self.count.set_smallest(smallest)
        self.past_model.set_rows(past)
        self.restore_drafts(*drafts)
        self._show_mode()
        self.translate_ui()

    def _show_mode(self) -> None:
        is_open = self.state.session is not None
        self.open_box.setVisible(not is_open)
        self.close_box.setVisible(is_open)
        self.summary_box.setVisible(not is_open and self.closed_session is not None)
        second = not is_open and self.closed_today > 0
        for widget in (self.second_note, self.second_label, self.second_reason, self.second_error):
            widget.setVisible(second or bool(self.second_error.text()))

    def counted_total(self) -> int:
        return self.count.total()

    def counted_pieces(self) -> dict[int, int]:
        return self.count.pieces()

    def difference_amount(self) -> int:
        if self.totals is None:
            return 0
        return self.counted_total() - self.totals.expected_cash

    def is_rounding(self, diff: int) -> bool:
        return 0 < abs(diff) <= self.tolerance

    def _label_opening(self) -> None:
        self.opening_total.setText(money(self.opening_count.total()))

    def _label_totals(self) -> None:
        t = self.totals
        if t is None:
            return
        self.expected.setText(money(t.expected_cash))
        self.cash_in.setText(money(t.cash_in))
        self.cash_out.setText(money(t.cash_out))
        self.counted.setText(money(self.counted_total()))
        diff = self.difference_amount()
        if not self.count.touched:  # nothing counted yet: no difference to show
            text, style = translate("SessionPage", "Chưa kiểm đếm"), "color: #555;"
        elif diff == 0:
            text, style = translate("SessionPage", "Khớp"), ""
        elif self.is_rounding(diff):
            text = translate("SessionPage", "Làm tròn {amount} (trong mức {tolerance})").format(
                amount=signed_money(diff), tolerance=money(self.tolerance)
            )
            style = "color: #8a4b00; font-weight: bold;"
        elif diff > 0:
            text = translate("SessionPage", "Thừa quỹ {amount}").format(amount=money(diff))
            style = "color: #c62828; font-weight: bold;"
        else:
            text = translate("SessionPage", "Thiếu quỹ {amount}").format(amount=money(-diff))
            style = "color: #c62828; font-weight: bold;"
        self.difference.setText(text)
        self.difference.setStyleSheet(style)

    # --- actions ------------------------------------------------------------------------------

    def open_session(self) -> None:
        for label in (
            self.open_error,
            self.controller_error,
            self.opening_error,
            self.second_error,
        ):
            label.clear_error()
        if not self.date_edit.validate():
            return
        day = self.date_edit.date()
        if day is None:
            self.date_edit.show_error(
                DomainError(
                    "missing_field",
                    "Cần nhập ngày giao dịch.",
                    "Enter the business date.",
                    field="business_date",
                )
            )
            return
        controller = self.controller_box.currentData() or ""
        counted = self.opening_count.pieces()
        reason = self.second_reason.text().strip()
        code = self.state.point_code
        self.open_button.setEnabled(False)
        self.open_draft.timer.stop()
        key = self.open_draft.key

        def post(book):
            from sbpdesk.services import drafts, sessions

            written = sessions.open(
                book, code, day, controller=controller, counted=counted, reason=reason
            )
            if key:
                drafts.discard_form(book, key)  # opened: the draft goes with it
            return written, sessions.current_session(book, code)

        self.worker.write(
            post,
            on_done=self._opened,
            on_error=self._open_refused,
            on_finally=lambda: self.open_button.setEnabled(True),
            name="open",
        )

    def _opened(self, result) -> None:
        written, session = result
        self.reset_forms()
        self.closed_session = None
        self.state.set_session(session, written, by=self)
        self.refresh()

    def _open_refused(self, error: DomainError) -> None:
        targets = {
            "business_date": self.date_edit,
            "controller": self.controller_error,
            "opening_cash": self.opening_error,
            "reason": self.second_reason,
        }
        target = targets.get(error.field or "", self.open_error)
        target.show_error(error)
        if error.field == "reason":
            self._show_mode()
            self.second_reason.setFocus()

    def close_session(self) -> None:
        for label in (self.close_error, self.count_error, self.reason_error):
            label.clear_error()
        session = self.state.session
        if session is None or self.totals is None:
            return
        if not self.count.touched:
            self.count_error.show_error(
                translate(
                    "SessionPage", "Hãy kiểm đếm tiền mặt theo mệnh giá trước khi đóng phiên."
                )
            )
            self.count.first().setFocus()
            return
        diff = self.difference_amount()
        reason = self.reason.text().strip()
        if diff and not self.is_rounding(diff) and not reason:
            self.reason_error.show_error(
                translate(
                    "SessionPage", "Tiền kiểm đếm khác tồn quỹ: cần ghi lý do thừa/thiếu quỹ."
                )
            )
            self.reason.setFocus()
            return
        if self.is_rounding(diff):
            action = translate("SessionPage", "Đóng phiên, ghi làm tròn tiền mặt {amount}.").format(
                amount=signed_money(diff)
            )
        elif diff > 0:
            action = translate("SessionPage", "Đóng phiên, ghi thừa quỹ {amount}.").format(
                amount=money(diff)
            )
        elif diff < 0:
            action = translate("SessionPage", "Đóng phiên, ghi thiếu quỹ {amount}.").format(
                amount=money(-diff)
            )
        else:
            action = translate("SessionPage", "Đóng phiên ngày {date}.").format(
                date=date_text(session.business_date)
            )
        self._approval = ApprovalDialog(
            self.worker,
            signed_in=self.state.username,
            role="controller",
            username=session.controller or "",
            action=action,
            parent=self,
        )
        self._approval.approved.connect(self._close_approved)
        self._approval.open()

    def _close_approved(self, approval) -> None:
        session_id = self.state.session.id
        counted = self.counted_pieces()
        diff = self.difference_amount()
        reason = self.reason.text().strip()
        self.close_button.setEnabled(False)
        self.close_draft.timer.stop()
        key = self.close_draft.key

        def post(book):
            from sbpdesk.services import drafts, session_summary, sessions

            written = sessions.close(
                book, session_id, counted, difference=diff, reason=reason, approved_by=approval
            )
            if key:
                drafts.discard_form(book, key)  # closed: the draft goes with it
            return written, session_summary.close_summary(book, session_id)

        self.worker.write(
            post,
            on_done=self._closed,
            on_error=self._close_refused,
            on_finally=lambda: self.close_button.setEnabled(True),
            name="close",
        )

    def _closed(self, result) -> None:
        written, summary = result
        self.closed_session = summary
        self.summary_box.show_summary(summary)
        self.date_edit.clear()
        self.state.set_session(None, written, by=self)
        self.refresh()
        self._show_mode()
        self.summary_box.print_button.setFocus()

    def _close_refused(self, error: DomainError) -> None:
        targets = {"counted": self.count_error, "reason": self.reason_error}
        targets.get(error.field or "", self.close_error).show_error(error)

    def print_report(self) -> None:
        """The closed session's report, previewed; recorded and kept when printed."""
        summary = self.closed_session
        if summary is None:
            return
        from pathlib import Path

        from sbpdesk.printing.record import kept_name

        from .. import printing

        stem = f"phien-{summary.point_code}-{summary.business_date.isoformat()}"
        base = (self.state.data_dir or Path.home()) / "prints" / "reports"

        def preview(book):
            from sbpdesk.printing import record

            return record.preview(book, "session", session=summary.session_id)

        def shown(p):
            self.print_dialog = printing.print_documents(
                self,
                self.worker,
                [p],
                user=self.state.username,
                out=lambda r: base / kept_name(stem, r.copy_no, r.cancelled),
                on_error=self.close_error.show_error,
                preview=True,
                printer_name=printing.saved_printer(),
                paper="a4",
                title=translate("SessionPage", "Báo cáo phiên"),
            )

        printing.prepare(
            self.worker, preview, shown, self.close_error.show_error, name="session report"
        )

    # --- text ---------------------------------------------------------------------------------

    def translate_ui(self) -> None:
        session = self.state.session
        if session is None:
            self.status.setText(
                translate("SessionPage", "Chưa mở phiên tại {point}").format(
                    point=self.state.point_name()
                )
            )
        else:
            self.status.setText(
                translate(
                    "SessionPage",
                    "Phiên ngày {date} đang mở — giao dịch viên {teller}, "
                    "kiểm soát viên {controller}",
                ).format(
                    date=date_text(session.business_date),
                    teller=session.teller_name or session.teller,
                    controller=session.controller_name or session.controller or "—",
                )
            )
        self.date_label.setText(translate("SessionPage", "&Ngày giao dịch:"))
        self.controller_label.setText(translate("SessionPage", "&Kiểm soát viên:"))
        self.cash_label.setText(translate("SessionPage", "&Tiền mặt đầu phiên (theo mệnh giá):"))
        self.opening_total_label.setText(translate("SessionPage", "Tổng tiền đầu phiên:"))
        self._label_opening()
        self.second_label.setText(translate("SessionPage", "Lý do &mở thêm phiên:"))
        self.second_note.setText(
            translate(
                "SessionPage",
                "Phiên ngày {date} tại điểm này đã đóng: mở thêm một phiên trong cùng ngày "
                "cần ghi lý do.",
            ).format(date=self.date_edit.text())
        )
        self.office_note.setText(
            translate(
                "SessionPage",
                "Lưu ý: chưa nhận dữ liệu văn phòng nào kể từ phiên trước "
                "(chưa đồng bộ). Số liệu phải thu tính theo dữ liệu đang có trên máy.",
            )
        )
        self.open_button.setText(translate("SessionPage", "Mở phiên"))
        self.count_title.setText(translate("SessionPage", "Kiểm đếm tiền mặt theo mệnh giá"))
        self.in_label.setText(translate("SessionPage", "Tiền thu trong phiên:"))
        self.out_label.setText(translate("SessionPage", "Tiền chi trong phiên:"))
        self.expected_label.setText(translate("SessionPage", "Tồn quỹ theo sổ:"))
        self.counted_label.setText(translate("SessionPage", "Tiền kiểm đếm:"))
        self.diff_label.setText(translate("SessionPage", "Chênh lệch:"))
        self.reason_label.setText(translate("SessionPage", "&Lý do thừa/thiếu:"))
        self.reason.setPlaceholderText(translate("SessionPage", "Bắt buộc khi có chênh lệch"))
        self.close_button.setText(translate("SessionPage", "Đóng phiên…"))
        self.summary_box.translate_ui()
        self.past_title.setText(
            translate("SessionPage", "Các phiên gần đây (phiên đã đóng chỉ xem)")
        )
        refresh_headers(self)
        self._label_totals()
