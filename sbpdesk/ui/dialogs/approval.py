"""A second user approves: the controller (or another user) types their password.

`ApprovalDialog(worker, signed_in=…, role="controller")` is opened non-blocking (`open()`);
OK asks the service to verify the credential early (`users.check_approval`, which does not
change who is signed in: a wrong password, the signed-in user or a user without the role is
said under the password field) and emits `approved(Approval)` before closing. The page passes
that credential to the verb, and the service verifies it again when it records: the dialog
never decides alone (decision 0055).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..i18n import Retranslating
from ..main_window import role_name
from ..widgets import FieldError, NfcLineEdit, cancel_ok_row, with_error_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class ApprovalDialog(Retranslating, QDialog):
    """See the module docstring."""

    approved = Signal(object)   # services.auth.Approval

    def __init__(self, worker, *, signed_in: str, role: str | None = "controller",
                 username: str = "", action: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._worker, self._signed_in, self._role, self._action = worker, signed_in, role, action
        layout = QVBoxLayout(self)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        form = QFormLayout()
        self.username = NfcLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = FieldError()
        self.username_label, self.password_label = QLabel(), QLabel()
        self.username_label.setBuddy(self.username)
        self.password_label.setBuddy(self.password)
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, with_error_label(self.password, self.error))
        layout.addLayout(form)
        buttons, self.cancel_button, self.ok_button = cancel_ok_row(self, self.check)
        layout.addLayout(buttons)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.ok_button)
        self.setTabOrder(self.ok_button, self.cancel_button)
        self.setMinimumWidth(440)
        (self.password if username else self.username).setFocus()
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("ApprovalDialog", "Người duyệt xác nhận"))
        who = role_name(self._role) if self._role else translate(
            "ApprovalDialog", "một người dùng khác")
        self.explain.setText(translate(
            "ApprovalDialog", "{action}\nCần {who} nhập mật khẩu để duyệt "
            "(không phải người đang đăng nhập).").format(action=self._action, who=who))
        self.username_label.setText(translate("ApprovalDialog", "&Người duyệt"))
        self.password_label.setText(translate("ApprovalDialog", "&Mật khẩu"))
        self.ok_button.setText(translate("ApprovalDialog", "Duyệt"))
        self.cancel_button.setText(translate("ApprovalDialog", "Hủy"))

    def check(self) -> None:
        self.error.clear_error()
        username = self.username.text().strip().lower()
        password = self.password.text()
        if not username:
            self.error.show_error(translate("ApprovalDialog", "Chưa nhập tên người duyệt."))
            self.username.setFocus()
            return
        if username == self._signed_in:
            self.error.show_error(translate(
                "ApprovalDialog", "Người duyệt phải khác người đang đăng nhập."))
            self.username.setFocus()
            return
        self.ok_button.setEnabled(False)

        from sbpdesk.services.auth import Approval
        approval, role = Approval(username, password), self._role

        def check(book):
            from sbpdesk.services import users
            users.check_approval(book, approval, role)
            return approval
        self._worker.read(check, on_done=self._checked, on_error=self._refused,
                          on_finally=lambda: self.ok_button.setEnabled(True), name="approve")

    def _refused(self, error: DomainError) -> None:
        if error.code == "approval_required":   # the other causes were checked above
            self.error.show_error(translate(
                "ApprovalDialog", "Người dùng {user} không có vai trò {role}.").format(
                user=self.username.text().strip().lower(), role=role_name(self._role)))
            return
        self.error.show_error(error)
        self.password.selectAll()
        self.password.setFocus()

    def _checked(self, approval) -> None:
        self.accept()
        self.approved.emit(approval)
