"""Session: open it (business date, controller, opening cash), count the cash by denomination
against what the book expects, record a thừa/thiếu quỹ with a reason and the controller's
approval, and close it. Closed sessions are listed read-only.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import format_number

from ..dialogs.approval import ApprovalDialog
from ..models import Column, RowTableModel
from ..widgets import AmountEdit, DateEdit, FieldError, NfcLineEdit, with_error_label
from . import Page
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

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

DENOMINATIONS = (
    500_000,
    200_000,
    100_000,
    50_000,
    20_000,
    10_000,
    5_000,
    2_000,
    1_000,
    500,
    200,
    100,
)
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
    Column("teller", QT_TRANSLATE_NOOP("Columns", "Giao dịch viên")),
    Column("controller", QT_TRANSLATE_NOOP("Columns", "Kiểm soát viên")),
    Column("opening_cash", QT_TRANSLATE_NOOP("Columns", "Tiền đầu phiên"), kind="money"),
    Column("counted_total", QT_TRANSLATE_NOOP("Columns", "Tiền kiểm đếm"), kind="money"),
]


class SessionPage(Page):
    title_source = "Phiên giao dịch"

    def __init__(self, worker=None, state: AppState | None = None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.totals = None
        self.controllers: list = []
        self._approval: ApprovalDialog | None = None
        layout = QVBoxLayout(self)
        self.status = heading()
        layout.addWidget(self.status)

        # --- open -------------------------------------------------------------------------
        self.open_box = frame()
        open_form = QFormLayout(self.open_box)
        self.date_edit = DateEdit()
        self.controller_box = QComboBox()
        self.controller_error = FieldError()
        self.opening_cash = AmountEdit()
        self.date_label, self.controller_label, self.cash_label = QLabel(), QLabel(), QLabel()
        self.date_label.setBuddy(self.date_edit)
        self.controller_label.setBuddy(self.controller_box)
        self.cash_label.setBuddy(self.opening_cash)
        open_form.addRow(self.date_label, with_error_label(self.date_edit))
        open_form.addRow(
            self.controller_label, with_error_label(self.controller_box, self.controller_error)
        )
        open_form.addRow(self.cash_label, with_error_label(self.opening_cash))
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
        grid = QGridLayout()
        self.count_spins: dict[int, QSpinBox] = {}
        self.count_amounts: dict[int, QLabel] = {}
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
            self.count_spins[denomination] = spin
            self.count_amounts[denomination] = amount
        count_side.addLayout(grid)
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

        # --- past sessions --------------------------------------------------------------------
        self.past_title = heading()
        layout.addWidget(self.past_title)
        self.past_model = RowTableModel(SESSION_COLUMNS, parent=self)
        self.past_view = table_view(self.past_model)
        layout.addWidget(self.past_view, 1)

        self.setTabOrder(self.date_edit, self.controller_box)
        self.setTabOrder(self.controller_box, self.opening_cash)
        self.setTabOrder(self.opening_cash, self.open_button)
        spins = list(self.count_spins.values())
        for a, b in itertools.pairwise(spins):
            self.setTabOrder(a, b)
        self.setTabOrder(spins[-1], self.reason)
        self.setTabOrder(self.reason, self.close_button)
        self.state.changed.connect(self._book_changed)
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
            return (
                current,
                totals,
                controllers,
                ui_queries.suggest_session_date(book, code),
                past_sessions,
                stale,
            )

        self.worker.read(load, on_done=self._loaded, name="session")

    def _loaded(self, result) -> None:
        current, totals, controllers, suggested, past, stale = result
        self.office_note.setVisible(stale)
        self.totals = totals
        if (current is None) != (self.state.session is None) or (
            current is not None
            and self.state.session is not None
            and current.id != self.state.session.id
        ):
            self.state.set_session(current, by=self)
        self.controllers = controllers
        self.controller_box.clear()
        for user in controllers:
            self.controller_box.addItem(f"{user.full_name} ({user.username})", user.username)
        if not self.date_edit.text():
            self.date_edit.set_date(suggested)
        self.past_model.set_rows(past)
        self._show_mode()
        self.translate_ui()

    def _show_mode(self) -> None:
        is_open = self.state.session is not None
        self.open_box.setVisible(not is_open)
        self.close_box.setVisible(is_open)

    def counted_total(self) -> int:
        return sum(d * spin.value() for d, spin in self.count_spins.items())

    def counted_pieces(self) -> dict[int, int]:
        return {d: spin.value() for d, spin in self.count_spins.items() if spin.value()}

    def difference_amount(self) -> int:
        if self.totals is None:
            return 0
        return self.counted_total() - self.totals.expected_cash

    def _recount(self, *_):
        for d, spin in self.count_spins.items():
            self.count_amounts[d].setText(format_number(d * spin.value()))
        self._label_totals()

    def _label_totals(self) -> None:
        t = self.totals
        if t is None:
            return
        self.expected.setText(money(t.expected_cash))
        self.cash_in.setText(money(t.cash_in))
        self.cash_out.setText(money(t.cash_out))
        self.counted.setText(money(self.counted_total()))
        diff = self.difference_amount()
        if diff > 0:
            text = translate("SessionPage", "Thừa quỹ {amount}").format(amount=money(diff))
        elif diff < 0:
            text = translate("SessionPage", "Thiếu quỹ {amount}").format(amount=money(-diff))
        else:
            text = translate("SessionPage", "Khớp")
        self.difference.setText(text)
        self.difference.setStyleSheet("" if diff == 0 else "color: #c62828; font-weight: bold;")

    # --- actions ------------------------------------------------------------------------------

    def open_session(self) -> None:
        for label in (self.open_error, self.controller_error):
            label.clear_error()
        if not self.date_edit.validate() or not self.opening_cash.validate():
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
        opening = self.opening_cash.amount() or 0
        code = self.state.point_code
        self.open_button.setEnabled(False)

        def post(book):
            from sbpdesk.services import sessions

            written = sessions.open(book, code, day, controller=controller,
                                    opening_cash=opening)
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
        for spin in self.count_spins.values():
            spin.setValue(0)
        self.reason.clear()
        self.state.set_session(session, written, by=self)
        self.refresh()

    def _open_refused(self, error: DomainError) -> None:
        targets = {
            "business_date": self.date_edit,
            "controller": self.controller_error,
            "opening_cash": self.opening_cash,
        }
        target = targets.get(error.field or "", self.open_error)
        target.show_error(error)

    def close_session(self) -> None:
        for label in (self.close_error, self.count_error, self.reason_error):
            label.clear_error()
        session = self.state.session
        if session is None or self.totals is None:
            return
        diff = self.difference_amount()
        reason = self.reason.text().strip()
        if diff and not reason:
            self.reason_error.show_error(
                translate(
                    "SessionPage", "Tiền kiểm đếm khác tồn quỹ: cần ghi lý do thừa/thiếu quỹ."
                )
            )
            self.reason.setFocus()
            return
        if diff > 0:
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

        def post(book):
            from sbpdesk.services import sessions

            written = sessions.close(
                book, session_id, counted, difference=diff, reason=reason, approved_by=approval
            )
            return written, sessions.get_session(book, session_id)

        self.worker.write(
            post,
            on_done=self._closed,
            on_error=self._close_refused,
            on_finally=lambda: self.close_button.setEnabled(True),
            name="close",
        )

    def _closed(self, result) -> None:
        written, self.closed_session = result
        self.date_edit.clear()
        self.state.set_session(None, written, by=self)
        self.refresh()

    def _close_refused(self, error: DomainError) -> None:
        targets = {"counted": self.count_error, "reason": self.reason_error}
        targets.get(error.field or "", self.close_error).show_error(error)

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
                    teller=session.teller,
                    controller=session.controller or "—",
                )
            )
        self.date_label.setText(translate("SessionPage", "&Ngày giao dịch:"))
        self.controller_label.setText(translate("SessionPage", "&Kiểm soát viên:"))
        self.cash_label.setText(translate("SessionPage", "&Tiền mặt đầu phiên:"))
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
        self.past_title.setText(
            translate("SessionPage", "Các phiên gần đây (phiên đã đóng chỉ xem)")
        )
        refresh_headers(self)
        self._label_totals()
