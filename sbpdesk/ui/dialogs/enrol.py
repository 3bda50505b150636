"""Dialogs of the sync page: opening the sync keys, and the two steps of enrolment.

- `UnlockKeysDialog(worker, username)`: the book's sync keys are wrapped under passwords
  (decision 0021). It asks for the signed-in user's password and opens the keys through the
  worker (`enrol.unlock_keys`); when that password cannot open them (the user had no copy of
  the keys yet), it asks once more, explaining the "mật khẩu đăng ký máy" — the password
  typed when the laptop's enrolment request was made. Emits `unlocked(keys)`.
- `PasswordDialog`: the signed-in user's password before an enrolment request (it becomes
  the enrolment password). Emits `entered(password)` after checking it through the worker.
- `CompleteEnrolDialog`: shows the office's fingerprint from the response file in big digits
  to compare with what the office reads out, asks for the enrolment password and a tick that
  the digits match. Emits `confirmed(password)`.

All open non-blocking (`open()`), like the approval dialog; refusals appear under the field.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from ..i18n import Retranslating
from ..widgets import FieldError, cancel_ok_row, with_error_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def fingerprint_label() -> QLabel:
    """Big digits to read aloud: 30 digits in six groups of five, on two lines."""
    label = QLabel()
    font = QFont(label.font())
    font.setPointSize(20)
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setObjectName("Fingerprint")
    return label


def fingerprint_text(fingerprint: str) -> str:
    groups = fingerprint.split()
    return "   ".join(groups[:3]) + "\n" + "   ".join(groups[3:]) if len(groups) > 3 else \
        fingerprint


class _PasswordBase(Retranslating, QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.layout_ = QVBoxLayout(self)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.layout_.addWidget(self.explain)
        self.form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = FieldError()
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password)
        self.layout_.addLayout(self.form)
        self.buttons, self.cancel_button, self.ok_button = cancel_ok_row(self, self.check)
        self.setMinimumWidth(520)

    def _finish_layout(self) -> None:
        self.form.addRow(self.password_label, with_error_label(self.password, self.error))
        self.layout_.addLayout(self.buttons)
        self.password.setFocus()

    def check(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _refused(self, error: DomainError | str) -> None:
        self.error.show_error(error)
        self.password.selectAll()
        self.password.setFocus()


class UnlockKeysDialog(_PasswordBase):
    """See the module docstring."""

    unlocked = Signal(object)     # BookKeys

    def __init__(self, worker, username: str, action: str = "",
                 parent: QWidget | None = None, *, demo: bool = False):
        super().__init__(parent)
        self._worker, self._username, self._action = worker, username, action
        self._demo = demo
        self.enrol_password = False     # True once the user's own password failed
        self._current: str | None = None   # that password, re-wrapped under at the second try
        self._finish_layout()
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("UnlockKeys", "Mở khóa đồng bộ"))
        if self.enrol_password:
            self.explain.setText(translate(
                "UnlockKeys", "Mật khẩu của {user} chưa mở được khóa đồng bộ của máy này.\n\n"
                "Hãy nhập mật khẩu đăng ký máy: mật khẩu đã nhập khi tạo yêu cầu đăng ký máy.")
                .format(user=self._username) + ("\n" + translate(
                    "UnlockKeys", "Sổ dữ liệu mẫu: mật khẩu là demo.") if self._demo else ""))
            self.password_label.setText(translate("UnlockKeys", "Mật khẩu đăng &ký máy"))
        else:
            self.explain.setText(translate(
                "UnlockKeys", "{action}\nGói đồng bộ được ký và niêm phong bằng khóa của máy "
                "này. Nhập mật khẩu của {user} để mở khóa (chỉ hỏi một lần cho đến khi đóng "
                "chương trình).").format(action=self._action, user=self._username).strip())
            self.password_label.setText(translate("UnlockKeys", "&Mật khẩu"))
        self.ok_button.setText(translate("UnlockKeys", "Mở khóa"))
        self.cancel_button.setText(translate("UnlockKeys", "Hủy"))

    def check(self) -> None:
        self.error.clear_error()
        password = self.password.text()
        if not password:
            self._refused(translate("UnlockKeys", "Chưa nhập mật khẩu."))
            return
        username, current = self._username, self._current
        self.ok_button.setEnabled(False)
        if not self.enrol_password:
            self._current = password

        def unlock(book):
            from sbpdesk.sync import enrol
            if current is not None and self.enrol_password:
                # The user's password does not open the keys yet (changed since, or not the
                # enrolment password): the enrolment/previous one re-wraps them under it.
                try:
                    return enrol.rewrap_keys(book, username, current, password)
                except DomainError as error:
                    if error.code != "login_failed":   # the first answer was not theirs
                        raise
            return enrol.unlock_keys(book, username, password)
        self._worker.run(unlock, on_done=self._unlocked, on_error=self._failed,
                         on_finally=lambda: self.ok_button.setEnabled(True), name="unlock keys")

    def _failed(self, error: DomainError) -> None:
        if error.code == "keys_locked" and not self.enrol_password:
            self.enrol_password = True
            self.translate_ui()
            self.password.clear()
            self.error.show_error(translate(
                "UnlockKeys", "Mật khẩu này không mở được khóa đồng bộ."))
            self.password.setFocus()
            return
        if error.code == "keys_locked":
            self._refused(translate("UnlockKeys", "Mật khẩu đăng ký máy không đúng."))
            return
        self._refused(error)

    def _unlocked(self, keys) -> None:
        self.accept()
        self.unlocked.emit(keys)


class PasswordDialog(_PasswordBase):
    """The signed-in user's password, checked through the worker (`users.authenticate`)."""

    entered = Signal(str)

    def __init__(self, worker, username: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._worker, self._username = worker, username
        self._finish_layout()
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("EnrolDialogs", "Tạo yêu cầu đăng ký máy"))
        self.explain.setText(translate(
            "EnrolDialogs", "Nhập mật khẩu của {user}. Mật khẩu này trở thành mật khẩu đăng ký "
            "máy: nó khóa các khóa đồng bộ của máy và cần nhập lại khi hoàn tất đăng ký. "
            "Hãy ghi nhớ.").format(user=self._username))
        self.password_label.setText(translate("EnrolDialogs", "&Mật khẩu"))
        self.ok_button.setText(translate("EnrolDialogs", "Tạo yêu cầu"))
        self.cancel_button.setText(translate("EnrolDialogs", "Hủy"))

    def check(self) -> None:
        self.error.clear_error()
        password = self.password.text()
        if not password:
            self._refused(translate("EnrolDialogs", "Chưa nhập mật khẩu."))
            return
        username = self._username
        self.ok_button.setEnabled(False)

        def authenticate(book):
            from sbpdesk.services import users
            users.authenticate(book, username, password)
            return True
        self._worker.run(authenticate, on_done=lambda _: self._ok(password),
                         on_error=self._refused,
                         on_finally=lambda: self.ok_button.setEnabled(True), name="password")

    def _ok(self, password: str) -> None:
        self.accept()
        self.entered.emit(password)


class CompleteEnrolDialog(_PasswordBase):
    """Compare the office's fingerprint, then give the enrolment password."""

    confirmed = Signal(str)

    def __init__(self, *, office_fingerprint: str, office_code: str, points: tuple[str, ...],
                 device_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._office, self._points, self._device = office_code, points, device_id
        self.fingerprint = fingerprint_label()
        self.fingerprint.setText(fingerprint_text(office_fingerprint))
        self.layout_.insertWidget(1, self.fingerprint)
        self.match = QCheckBox()
        self.layout_.insertWidget(2, self.match)
        self.match.toggled.connect(lambda _: self.error.clear_error())
        self._finish_layout()
        self.setTabOrder(self.match, self.password)
        self.setTabOrder(self.password, self.ok_button)
        self.match.setFocus()
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("EnrolDialogs", "Hoàn tất đăng ký máy"))
        self.explain.setText(translate(
            "EnrolDialogs", "Phòng giao dịch {office} đã chấp nhận máy này (mã máy {device}, "
            "điểm giao dịch: {points}).\nDấu vân tay của phòng giao dịch trong tệp trả lời là:")
            .format(office=self._office, device=self._device, points=", ".join(self._points)))
        self.match.setText(translate(
            "EnrolDialogs", "Dấu vân tay &trùng với số cán bộ phòng giao dịch đọc"))
        self.password_label.setText(translate("EnrolDialogs", "Mật khẩu đăng &ký máy"))
        self.password.setToolTip(translate(
            "EnrolDialogs", "Mật khẩu đã nhập khi tạo yêu cầu đăng ký máy"))
        self.ok_button.setText(translate("EnrolDialogs", "Hoàn tất đăng ký"))
        self.cancel_button.setText(translate("EnrolDialogs", "Hủy"))

    def check(self) -> None:
        self.error.clear_error()
        if not self.match.isChecked():
            self.error.show_error(translate(
                "EnrolDialogs", "Hãy so sánh dấu vân tay với số phòng giao dịch đọc rồi đánh "
                "dấu ô trên. Nếu khác nhau, đừng hoàn tất: tệp không phải của văn phòng."))
            self.match.setFocus()
            return
        if not self.password.text():
            self._refused(translate("EnrolDialogs", "Chưa nhập mật khẩu."))
            return
        self.accept()
        self.confirmed.emit(self.password.text())
