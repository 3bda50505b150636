"""The sign-in dialog: username, password, language, errors shown inline.

`LoginDialog(authenticate)` calls `authenticate(username, password)` — provided by the
services (through the worker when one is given, since it reads the book) — and keeps what it
returns in `.user`. A DomainError appears under the field it names (`username` or `password`,
otherwise under the button); the dialog never closes on a refusal. The language switch applies
at once, before signing in.

Start-up (issue 7, docs/decisions/0044-start-up-first-window.md): the dialog is shown before
the book is open. `book_opening()` says the worker is opening it (a sign-in pressed meanwhile
is queued behind the open on the same worker, and a note says the book is still opening);
`book_opened(demo)` shows the demo banner and fills in the demo username unless the person
already typed one; `book_failed(error)` shows why the book could not be opened.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.errors import DomainError

from . import errors, i18n
from .i18n import Retranslating
from .theme import DemoBanner
from .widgets import FieldError, NfcLineEdit, with_error_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

DEMO_USERNAME = "teller"     # suggested on a demo book (docs/gui.md: sign in as teller)


class LoginDialog(Retranslating, QDialog):
    """See the module docstring."""

    def __init__(self, authenticate: Callable[[str, str], Any], *, worker=None,
                 demo: bool = False, username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._authenticate = authenticate
        self._worker = worker
        self.user: Any = None

        layout = QVBoxLayout(self)
        self.demo_banner = DemoBanner()
        self.demo_banner.setVisible(demo)
        layout.addWidget(self.demo_banner)
        self.heading = QLabel()
        self.heading.setObjectName("PageTitle")
        layout.addWidget(self.heading)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username = NfcLineEdit(username)
        self.username_error = FieldError()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = FieldError()
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.current_language()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.username_label, self.password_label, self.language_label = \
            QLabel(), QLabel(), QLabel()
        for label, field in ((self.username_label, self.username),
                             (self.password_label, self.password),
                             (self.language_label, self.language)):
            label.setBuddy(field)
        form.addRow(self.username_label, with_error_label(self.username, self.username_error))
        form.addRow(self.password_label, with_error_label(self.password, self.password_error))
        form.addRow(self.language_label, self.language)
        layout.addLayout(form)

        self.general_error = FieldError()
        layout.addWidget(self.general_error)
        self.opening_note = QLabel()
        self.opening_note.setObjectName("Muted")
        self.opening_note.setVisible(False)
        layout.addWidget(self.opening_note)
        self._opening = False
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        self.sign_in_button = QPushButton()
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_in_button)
        layout.addLayout(buttons)

        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.sign_in_button)
        self.setTabOrder(self.sign_in_button, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.language)
        self.setMinimumWidth(420)
        (self.password if username else self.username).setFocus(Qt.FocusReason.OtherFocusReason)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("LoginDialog", "Đăng nhập — sbpdesk"))
        self.heading.setText(translate("LoginDialog", "Đăng nhập"))
        self.username_label.setText(translate("LoginDialog", "&Tên đăng nhập"))
        self.password_label.setText(translate("LoginDialog", "&Mật khẩu"))
        self.language_label.setText(translate("LoginDialog", "&Ngôn ngữ"))
        self.sign_in_button.setText(translate("LoginDialog", "Đăng nhập"))
        self.cancel_button.setText(translate("LoginDialog", "Thoát"))
        self.opening_note.setText(translate("LoginDialog", "Đang mở sổ dữ liệu…"))

    # --- the book opening behind the dialog ----------------------------------------------------

    def book_opening(self) -> None:
        """The worker is opening the book; a sign-in pressed meanwhile waits behind it."""
        self._opening = True

    def book_opened(self, demo: bool) -> None:
        """The book is open: show the demo banner and, on a demo book, suggest its username
        (only when the username field is untouched; focus moves on only if it is still empty)."""
        self.book_settled()
        self.demo_banner.setVisible(demo)
        if self.username.isModified():
            return                      # the person typed a username: leave it alone
        if demo and not self.username.text():
            self.username.setText(DEMO_USERNAME)
            if self.focusWidget() is self.username:
                self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        elif (not demo and self.username.text() == DEMO_USERNAME
              and self.sign_in_button.isEnabled()):   # the guess was wrong, no sign-in queued
            self.username.clear()
            if self.focusWidget() is self.password and not self.password.text():
                self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def book_failed(self, error: DomainError) -> None:
        """The book could not be opened: say why, under the button."""
        self.book_settled()
        self.general_error.show_error(error)

    def book_settled(self) -> None:
        """The open is over, whatever its outcome."""
        self._opening = False
        self.opening_note.setVisible(False)

    def _language_chosen(self, index: int) -> None:
        i18n.install_translator(QApplication.instance(), self.language.itemData(index))

    def _clear_errors(self) -> None:
        for label in (self.username_error, self.password_error, self.general_error):
            label.clear_error()

    def sign_in(self) -> None:
        self._clear_errors()
        username, password = self.username.text().strip(), self.password.text()
        if not username:
            self.username_error.show_error(translate(
                "LoginDialog", "Chưa nhập tên đăng nhập."))
            self.username.setFocus()
            return
        self.sign_in_button.setEnabled(False)
        self.opening_note.setVisible(self._opening)
        if self._worker is None:
            try:
                user = self._authenticate(username, password)
            except DomainError as error:
                self._refused(error)
            except Exception as exc:
                errors.report_unexpected(exc, self)
            else:
                self._accepted(user)
            finally:
                self.sign_in_button.setEnabled(True)
        else:
            self._worker.read(lambda _ctx: self._authenticate(username, password),
                             on_done=self._accepted, on_error=self._refused,
                             on_finally=lambda: self.sign_in_button.setEnabled(True),
                             name="authenticate")

    def _refused(self, error: DomainError) -> None:
        target = {"username": (self.username_error, self.username),
                  "password": (self.password_error, self.password)}.get(error.field or "")
        label, field = target if target else (self.general_error, self.password)
        label.show_error(error)
        if field is self.password:
            self.password.selectAll()
        field.setFocus()

    def _accepted(self, user: Any) -> None:
        self.user = user
        self.accept()
