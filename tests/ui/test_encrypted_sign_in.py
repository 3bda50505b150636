"""The window's sign-in opens an encrypted book (decision 0200): the book cannot be opened
before the password is typed, so the dialog settles without it; a wrong password is said
next to the field in Vietnamese, and the right one unlocks, opens and signs in."""
# ruff: noqa: F811 - the fixture is imported from test_login_startup and used as an argument
from __future__ import annotations

from PySide6.QtCore import Qt

from sbpdesk.db import cipher
from sbpdesk.services import encryption
from tests.conftest import PW, make_office, require_sqlcipher

from .keys import press, type_text
from .test_login_startup import opened, sign_in_dialog  # noqa: F401 - fixture

require_sqlcipher()


def test_the_sign_in_unlocks_and_opens_an_encrypted_book(app, qtbot, tmp_path, clock, opened):
    folder = tmp_path / "office"
    make_office(folder, clock).close()
    encryption.encrypt(folder, "admin", PW)
    cipher.forget_all()
    try:
        dialog, worker, holder = sign_in_dialog(qtbot, opened, folder)
        qtbot.waitUntil(lambda: not worker.is_busy(), timeout=20_000)
        assert holder.get("book") is None                    # locked until a sign-in
        assert not dialog.general_error.isVisibleTo(dialog)  # not an error: it waits
        type_text(dialog.username, "admin")
        press(dialog.username, Qt.Key.Key_Tab)
        type_text(dialog.password, "sai")
        press(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.password_error.isVisibleTo(dialog), timeout=20_000)
        assert dialog.password_error.text() == "Sai tên đăng nhập hoặc mật khẩu."
        assert holder.get("book") is None and dialog.user is None
        dialog.password.clear()
        type_text(dialog.password, PW)
        press(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.user is not None, timeout=20_000)
        assert dialog.user.username == "admin" and holder["book"].user.username == "admin"
    finally:
        cipher.forget_all()
