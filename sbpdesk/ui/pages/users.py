"""Người dùng (office window, administrators): who may sign in, with which roles, and who is
locked out after repeated wrong passwords (decision 0138).

The table (`services.users.list_users`): username, full name, roles in words, whether the
user is active, consecutive failed sign-ins and the time the lock ends (Vietnam time).
"Mở khóa đăng nhập" lifts the selected user's lock (`services.users.lift_lock`, recorded in
the journal as the administrator's `user.set`; decision 0170). Below, the lock-outs the
laptops reported in their bundles, per device and user (`services.users.device_lockouts`,
decision 0201).
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from sbpdesk.domain.errors import DomainError

from ..i18n import current_language
from ..main_window import role_name
from ..models import Column, RowTableModel
from . import Page
from .common import AppState, date_text, heading, muted, refresh_headers, selected_row, table_view

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def moment_text(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone(VIETNAM)
    return f"{date_text(local.date())} {local:%H:%M:%S}"


def locked_text(row) -> str:
    return moment_text(row.locked_until)


def active_text(row) -> str:
    return (translate("Users", "hoạt động") if row.active
            else translate("Users", "ngừng hoạt động"))


USER_COLUMNS = (
    Column("username", QT_TRANSLATE_NOOP("Columns", "Tên đăng nhập")),
    Column("full_name", QT_TRANSLATE_NOOP("Columns", "Họ và tên")),
    Column("roles", QT_TRANSLATE_NOOP("Columns", "Vai trò"),
           lambda r: ", ".join(role_name(code) for code in r.roles)),
    Column("active", QT_TRANSLATE_NOOP("Columns", "Trạng thái"), active_text),
    Column("failed_sign_ins", QT_TRANSLATE_NOOP("Columns", "Đăng nhập sai liên tiếp"),
           kind="int"),
    Column("locked_until", QT_TRANSLATE_NOOP("Columns", "Khóa đến"), locked_text),
)
DEVICE_COLUMNS = (
    Column("device_id", QT_TRANSLATE_NOOP("Columns", "Máy")),
    Column("points", QT_TRANSLATE_NOOP("Columns", "Điểm giao dịch")),
    Column("username", QT_TRANSLATE_NOOP("Columns", "Tên đăng nhập")),
    Column("at", QT_TRANSLATE_NOOP("Columns", "Lúc khóa"), lambda r: moment_text(r.at)),
    Column("failures", QT_TRANSLATE_NOOP("Columns", "Đăng nhập sai liên tiếp"), kind="int"),
    Column("locked_until", QT_TRANSLATE_NOOP("Columns", "Khóa đến"), locked_text),
)


class UsersPage(Page):
    title_source = "Người dùng"

    def __init__(self, worker=None, state: AppState | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.state = state or AppState()
        self.loaded = False
        layout = QVBoxLayout(self)
        self.users_title = heading()
        layout.addWidget(self.users_title)
        self.model = RowTableModel(USER_COLUMNS)
        self.view = table_view(self.model, stretch="full_name")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        layout.addWidget(self.view, 1)
        actions = QHBoxLayout()
        self.unlock_button = QPushButton()
        self.unlock_button.clicked.connect(self.lift_lock)
        self.message = muted()
        actions.addWidget(self.unlock_button)
        actions.addWidget(self.message, 1)
        layout.addLayout(actions)
        self.devices_title = heading()
        layout.addWidget(self.devices_title)
        self.device_model = RowTableModel(DEVICE_COLUMNS)
        self.device_view = table_view(self.device_model, stretch="device_id")
        layout.addWidget(self.device_view, 1)
        self.state.changed.connect(self.refresh)
        self.translate_ui()
        self._selected()

    def refresh(self) -> None:
        if self.worker is None:
            return
        from sbpdesk.services.users import device_lockouts, list_users
        self.worker.read(lambda book: (list_users(book), device_lockouts(book)),
                         on_done=self._loaded, name="users")

    def _loaded(self, found) -> None:
        rows, on_devices = found
        chosen = self.selected()
        self.model.set_rows(list(rows))
        self.device_model.set_rows(list(on_devices))
        names = [r.username for r in rows]
        if names:
            at = names.index(chosen.username) if chosen and chosen.username in names else 0
            self.view.setCurrentIndex(self.model.index(at, 0))
        self.loaded = True
        self._selected()

    def selected(self):
        return selected_row(self.view)

    def _selected(self) -> None:
        row = self.selected()
        self.unlock_button.setEnabled(row is not None and row.failed_sign_ins > 0)

    def lift_lock(self) -> None:
        row = self.selected()
        if row is None or self.worker is None:
            return
        from sbpdesk.services import users
        day, name = self.state.today, row.username
        self.unlock_button.setEnabled(False)
        self.worker.write(lambda book: users.lift_lock(book, name, business_date=day),
                          on_done=lambda _posted: self._lifted(name), on_error=self._refused,
                          name="lift lock")

    def _lifted(self, username: str) -> None:
        self.message.setText(translate("Users", "Đã mở khóa đăng nhập cho {user}.")
                             .format(user=username))
        self.state.posted()             # a user changed: every page may reload

    def _refused(self, error: DomainError) -> None:
        self.message.setText(error.message(current_language()))
        self._selected()

    def translate_ui(self) -> None:
        self.users_title.setText(translate("Users", "Người dùng của phòng giao dịch"))
        self.unlock_button.setText(translate("Users", "&Mở khóa đăng nhập"))
        self.devices_title.setText(translate("Users", "Khóa đăng nhập trên máy điểm "
                                             "(theo gói đồng bộ đã nhận)"))
        refresh_headers(self)
