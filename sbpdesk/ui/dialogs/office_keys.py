"""Opening the office's sync keys in the office window (issue 16).

The office's keys are wrapped under the passwords of the users who hold a copy (decision
0021). `OfficeKeysDialog` asks for the signed-in user's password (`enrol.book_keys`: the
keys are made at the office's first use). When that password opens no copy, it asks for an
administrator's name and password, typed in front of the user: the administrator opens the
keys and the user gets a copy under their own password (`enrol.share_office_keys`), so next
time their password alone suffices. Emits `unlocked(keys)`; opens non-blocking (`open()`).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from sbpdesk.domain.errors import DomainError

from ..widgets import FieldError, NfcLineEdit, with_error_label
from .enrol import _PasswordBase

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class OfficeKeysDialog(_PasswordBase):
    unlocked = Signal(object)     # BookKeys

    def __init__(self, worker, username: str, action: str = "",
                 parent: QWidget | None = None, *, demo: bool = False):
        super().__init__(parent)
        self._worker, self._username, self._action, self._demo = worker, username, action, demo
        self.need_admin = False
        self._finish_layout()
        self.admin = NfcLineEdit()
        self.admin_password = QLineEdit()
        self.admin_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_error = FieldError()
        self.admin_label, self.admin_password_label = QLabel(), QLabel()
        self.admin_label.setBuddy(self.admin)
        self.admin_password_label.setBuddy(self.admin_password)
        self.form.addRow(self.admin_label, self.admin)
        self.form.addRow(self.admin_password_label,
                         with_error_label(self.admin_password, self.admin_error))
        self._show_admin(False)
        self.translate_ui()

    def _show_admin(self, on: bool) -> None:
        self.need_admin = on
        for w in (self.admin, self.admin_password, self.admin_label, self.admin_password_label):
            w.setVisible(on)

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("OfficeKeys", "Mở khóa đồng bộ của phòng giao dịch"))
        text = translate(
            "OfficeKeys", "{action}\nGói đồng bộ được ký và niêm phong bằng khóa của phòng "
            "giao dịch. Nhập mật khẩu của {user} để mở khóa (chỉ hỏi một lần cho đến khi đóng "
            "chương trình).").format(action=self._action, user=self._username).strip()
        if self.need_admin:
            text += "\n\n" + translate(
                "OfficeKeys", "Người dùng này chưa giữ bản khóa. Một quản trị viên nhập tên và "
                "mật khẩu của mình để mở khóa; từ lần sau mật khẩu của {user} là đủ.").format(
                user=self._username)
        if self._demo:
            text += "\n" + translate("OfficeKeys", "Sổ dữ liệu mẫu: mật khẩu là demo.")
        self.explain.setText(text)
        self.password_label.setText(translate("OfficeKeys", "&Mật khẩu"))
        self.admin_label.setText(translate("OfficeKeys", "&Quản trị viên"))
        self.admin_password_label.setText(translate("OfficeKeys", "Mật khẩu quản &trị viên"))
        self.ok_button.setText(translate("OfficeKeys", "Mở khóa"))
        self.cancel_button.setText(translate("OfficeKeys", "Hủy"))

    def check(self) -> None:
        self.error.clear_error()
        self.admin_error.clear_error()
        password = self.password.text()
        if not password:
            self._refused(translate("OfficeKeys", "Chưa nhập mật khẩu."))
            return
        username, admin = self._username, self.admin.text().strip()
        admin_password = self.admin_password.text()
        if self.need_admin and not (admin and admin_password):
            self.admin_error.show_error(translate(
                "OfficeKeys", "Nhập tên và mật khẩu của quản trị viên."))
            return
        self.ok_button.setEnabled(False)

        def unlock(book):
            from sbpdesk.sync import enrol
            if admin and admin_password:
                return enrol.share_office_keys(book, username, password, admin, admin_password)
            return enrol.book_keys(book, username, password)
        self._worker.run(unlock, on_done=self._unlocked, on_error=self._failed,
                         on_finally=lambda: self.ok_button.setEnabled(True), name="office keys")

    def _failed(self, error: DomainError) -> None:
        if error.code == "keys_locked" and not self.need_admin:
            self._show_admin(True)
            self.translate_ui()
            self.admin.setFocus()
            return
        if error.field == "admin":
            self.admin_error.show_error(error)
            return
        self._refused(error)

    def _unlocked(self, keys) -> None:
        self.accept()
        self.unlocked.emit(keys)
