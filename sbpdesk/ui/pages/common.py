"""What the pages share: the signed-in workplace (`AppState`) and small widget helpers.

`AppState` is a plain QObject created by the app after sign-in: who is signed in, the book's
data folder, the point the laptop works for, today's date, the open session (refreshed
through the worker) and the loan/household the officer last picked. Pages ask for navigation
with `navigate(key)`. After a write the page that wrote shows the verb's result itself and
calls `posted(written, by=self)`; the others listen to `changed` and reload only when
`concerns(self, …)` says the write (`services.changes.Written`) touched what they show.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from sbpdesk.domain.dates import format_date
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import format_vnd

from ..models import RowTableModel

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class AppState(QObject):
    """See the module docstring. Created by `sbpdesk.app` (or a test) after sign-in."""

    changed = Signal()                    # something was written: see `concerns`
    session_changed = Signal()
    navigate = Signal(str)                # ask the main window to show a page

    def __init__(self, *, username: str = "", full_name: str = "",
                 roles: tuple[str, ...] = (), data_dir: Path | None = None, demo: bool = False,
                 today: dt.date | None = None, points: tuple[Any, ...] = (),
                 point_code: str = "", session: Any = None, book_role: str = "point",
                 office_name: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self.book_role, self.office_name = book_role, office_name   # "office": issue 16
        self.sync_keys: Any = None                  # the office's keys, once opened
        self.username, self.full_name, self.roles = username, full_name, tuple(roles)
        self.data_dir = Path(data_dir) if data_dir else None
        self.demo = demo
        self.today = today or dt.date.today()
        self.points = tuple(points)                 # PointRow of the laptop's points
        self.point_code = point_code or (self.points[0].code if self.points else "")
        self.session = session                      # SessionRow of the open session, or None
        self.loan_id: str | None = None             # last loan picked (Borrowers → Loan)
        self.household_id: str | None = None
        self.group_id: str | None = None
        self.last_written: Any = None                # what the last write changed
        self.last_writer: Any = None                 # the page that made it

    @property
    def is_office(self) -> bool:
        return self.book_role == "office"

    @property
    def point(self):
        return next((p for p in self.points if p.code == self.point_code), None)

    def point_name(self) -> str:
        point = self.point
        return point.name if point is not None else self.point_code

    def business_date(self) -> dt.date:
        """The open session's date, else today."""
        return self.session.business_date if self.session is not None else self.today

    def session_id(self) -> str | None:
        return self.session.id if self.session is not None else None

    def set_session(self, session, written: Any = None, *, by: Any = None) -> None:
        """The open session is another one (opened, closed, or found so when loading): the
        pages that show it reload (`session_changed`), then `posted(written, by=by)`."""
        self.session = session
        self.session_changed.emit()
        self.posted(written, by=by)

    def choose_point(self, code: str) -> None:
        """Work for another of the laptop's points: every page reloads."""
        self.point_code, self.group_id = code, None
        self.posted()

    def posted(self, written: Any = None, *, by: Any = None) -> None:
        """A write went through: `written` (services.changes.Written) says what it changed,
        `by` is the page that made it (which shows the result itself). None: not known."""
        self.last_written, self.last_writer = written, by
        self.changed.emit()

    def concerns(self, page: Any, account_kinds: tuple[str, ...] | None = None, *,
                 sessions: bool = False) -> bool:
        """Whether `page` should reload after the last write: never for its own write; else
        when the write changed an account of one of `account_kinds` (None: any write) or,
        with `sessions`, a session. A change that did not say what it touched concerns all."""
        if self.last_writer is not None and self.last_writer is page:
            return False
        written = self.last_written
        if written is None or account_kinds is None:
            return True
        return (any(kind in account_kinds for kind, _ in written.accounts)
                or (sessions and bool(written.sessions)))

    def show_loan(self, loan_id: str) -> None:
        self.loan_id = loan_id
        self.navigate.emit("loan")


def money(amount: int | None) -> str:
    return "" if amount is None else format_vnd(amount)


def date_text(day: dt.date | None) -> str:
    return format_date(day) if day else "—"


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("Muted")
    label.setWordWrap(True)
    return label


def heading(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; font-size: 11pt;")
    return label


def value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def frame() -> QFrame:
    box = QFrame()
    box.setFrameShape(QFrame.Shape.StyledPanel)
    return box


def table_view(model: RowTableModel, parent: QWidget | None = None, *,
               stretch: str | None = None) -> QTableView:
    """A read-mostly table: whole-row selection, sortable, alternating rows, compact rows."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setTabKeyNavigation(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setHighlightSections(False)
    if stretch is not None:
        header.setSectionResizeMode(model.column_index(stretch), QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


def selected_row(view: QTableView) -> Any | None:
    index = view.currentIndex()
    model = view.model()
    if not index.isValid() or not isinstance(model, RowTableModel):
        return None
    return model.row_at(index.row())


def show_field_error(error: DomainError, fields: dict[str, Any], fallback) -> None:
    """Put a DomainError under the field it names (an edit with `show_error`, or a
    FieldError), else under `fallback` (a FieldError)."""
    target = fields.get(error.field or "")
    if target is None:
        fallback.show_error(error)
        return
    target.show_error(error)
    widget = getattr(target, "buddy_widget", None) or target
    if hasattr(widget, "setFocus") and widget.isVisible():
        widget.setFocus()


KIND_NAMES = {
    "session.open": QT_TRANSLATE_NOOP("Kinds", "Mở phiên"),
    "session.close": QT_TRANSLATE_NOOP("Kinds", "Đóng phiên"),
    "session.cash_difference": QT_TRANSLATE_NOOP("Kinds", "Thừa/thiếu quỹ"),
    "collection.record": QT_TRANSLATE_NOOP("Kinds", "Thu lãi, gốc, tiết kiệm"),
    "group.handover": QT_TRANSLATE_NOOP("Kinds", "Tổ trưởng nộp tiền"),
    "loan.disburse": QT_TRANSLATE_NOOP("Kinds", "Giải ngân"),
    "loan.change_request": QT_TRANSLATE_NOOP("Kinds", "Đề nghị gia hạn/điều chỉnh"),
    "application.submit": QT_TRANSLATE_NOOP("Kinds", "Nộp hồ sơ vay"),
    "application.decide": QT_TRANSLATE_NOOP("Kinds", "Phê duyệt hồ sơ vay"),
    "household.register": QT_TRANSLATE_NOOP("Kinds", "Đăng ký hộ"),
    "person.register": QT_TRANSLATE_NOOP("Kinds", "Đăng ký thành viên"),
    "op.reverse": QT_TRANSLATE_NOOP("Kinds", "Hủy nghiệp vụ"),
    "reversal.request": QT_TRANSLATE_NOOP("Kinds", "Đề nghị điều chỉnh"),
    "fee.pay": QT_TRANSLATE_NOOP("Kinds", "Chi phí, hoa hồng"),
    "savings.withdraw": QT_TRANSLATE_NOOP("Kinds", "Rút tiết kiệm"),
    "contact.update": QT_TRANSLATE_NOOP("Kinds", "Cập nhật địa chỉ, điện thoại"),
    "household.confirm": QT_TRANSLATE_NOOP("Kinds", "Xác nhận mã khách hàng"),
    "household.alias": QT_TRANSLATE_NOOP("Kinds", "Gộp hộ trùng"),
    "group.form": QT_TRANSLATE_NOOP("Kinds", "Thành lập tổ"),
    "group.update": QT_TRANSLATE_NOOP("Kinds", "Cập nhật tổ"),
    "payable.issue": QT_TRANSLATE_NOOP("Kinds", "Phí, hoa hồng phải trả"),
    "savings.credit_interest": QT_TRANSLATE_NOOP("Kinds", "Nhập lãi tiền gửi"),
    "loan.extend": QT_TRANSLATE_NOOP("Kinds", "Gia hạn nợ"),
    "loan.adjust": QT_TRANSLATE_NOOP("Kinds", "Điều chỉnh kỳ hạn"),
    "loan.freeze": QT_TRANSLATE_NOOP("Kinds", "Khoanh nợ"),
    "loan.unfreeze": QT_TRANSLATE_NOOP("Kinds", "Thôi khoanh nợ"),
    "loan.write_off": QT_TRANSLATE_NOOP("Kinds", "Xóa nợ"),
    "loan.transfer_overdue": QT_TRANSLATE_NOOP("Kinds", "Chuyển nợ quá hạn"),
    "suspense.resolve": QT_TRANSLATE_NOOP("Kinds", "Xử lý tiền chờ xử lý"),
    "loan.open": QT_TRANSLATE_NOOP("Kinds", "Dư nợ chuyển sang"),
    "savings.open": QT_TRANSLATE_NOOP("Kinds", "Số dư tiết kiệm chuyển sang"),
    "loan.core_adjust": QT_TRANSLATE_NOOP("Kinds", "Điều chỉnh theo số liệu ngân hàng"),
    "core.explain": QT_TRANSLATE_NOOP("Kinds", "Giải trình chênh lệch với ngân hàng"),
    "loan.paid_elsewhere": QT_TRANSLATE_NOOP("Kinds", "Trả nợ ngoài phiên (qua ngân hàng)"),
    "savings.paid_elsewhere": QT_TRANSLATE_NOOP("Kinds",
                                                "Gửi tiết kiệm ngoài phiên (qua ngân hàng)"),
    "plan.set": QT_TRANSLATE_NOOP("Kinds", "Kế hoạch cho vay"),
    "eligibility.record": QT_TRANSLATE_NOOP("Kinds", "Danh sách hộ nghèo, cận nghèo"),
    "rules.publish": QT_TRANSLATE_NOOP("Kinds", "Ban hành quy định"),
    "programme.define": QT_TRANSLATE_NOOP("Kinds", "Chương trình tín dụng"),
    "programme.rate": QT_TRANSLATE_NOOP("Kinds", "Lãi suất"),
    "calendar.publish": QT_TRANSLATE_NOOP("Kinds", "Lịch giao dịch"),
    "office.define": QT_TRANSLATE_NOOP("Kinds", "Phòng giao dịch"),
    "point.define": QT_TRANSLATE_NOOP("Kinds", "Điểm giao dịch"),
    "organisation.define": QT_TRANSLATE_NOOP("Kinds", "Hội đoàn thể"),
    "user.set": QT_TRANSLATE_NOOP("Kinds", "Người dùng"),
    "device.enrol": QT_TRANSLATE_NOOP("Kinds", "Đăng ký máy"),
    "device.revoke": QT_TRANSLATE_NOOP("Kinds", "Thu hồi máy"),
    "lease.grant": QT_TRANSLATE_NOOP("Kinds", "Giao quyền mở phiên"),
    "state.pack": QT_TRANSLATE_NOOP("Kinds", "Dữ liệu ban đầu của máy"),
}


def kind_name(kind: str) -> str:
    """The kind's name in the UI language; never the code (issue 14)."""
    source = KIND_NAMES.get(kind) or QT_TRANSLATE_NOOP("Kinds", "Nghiệp vụ khác")
    return translate("Kinds", source)


def summary_text(row) -> str:
    """A history/operation row's summary, the kind's name when the summary is bare."""
    return kind_name(row.kind) if row.summary == row.kind else row.summary


def refresh_headers(widget: QWidget) -> None:
    """Repaint the table headers under `widget` in the current language.

    Not `RowTableModel.retranslate()`: under PySide6 6.12 emitting `headerDataChanged` from
    Python drops a reference to `True` each time, and after a few thousand calls the
    interpreter aborts ("bool_dealloc"). The header asks the model for its titles when it
    paints, so a repaint is enough."""
    for view in widget.findChildren(QTableView):
        view.horizontalHeader().viewport().update()
