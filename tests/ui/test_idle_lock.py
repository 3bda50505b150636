"""The idle screen lock: the window hides after the idle time and only the signed-in user's
password shows it again; input restarts the count. Driven by the timer's own signal (no
waiting on time) and real widgets."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from sbpdesk.domain.errors import DomainError
from sbpdesk.ui.idle import IdleLock


def _check(tried):
    def authenticate(username, password):
        tried.append((username, password))
        if password != "Dung-2026":
            raise DomainError("login_failed", "Sai tên đăng nhập hoặc mật khẩu.",
                              "Wrong username or password.", field="password")
        return username
    return authenticate


def test_idle_time_locks_and_only_the_users_password_unlocks(app, qtbot):
    window, tried = QWidget(), []
    qtbot.addWidget(window)
    window.show()
    idle = IdleLock(window, _check(tried), "teller", minutes=10)
    assert idle.timer.isActive() and idle.timer.interval() == 600_000
    idle.timer.timeout.emit()                       # ten minutes without input
    assert idle.is_locked and not window.isVisible()
    dialog = idle.dialog
    assert dialog.username.text() == "teller" and not dialog.username.isEnabled()
    dialog.username.setText("admin")                # cannot be changed; ignored if it were
    dialog.password.setText("sai")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert idle.is_locked and not window.isVisible()
    assert "Sai" in dialog.password_error.text()
    dialog.password.setText("Dung-2026")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert not idle.is_locked and window.isVisible() and idle.timer.isActive()
    assert tried == [("teller", "sai"), ("teller", "Dung-2026")]


def test_closing_the_lock_dialog_does_not_unlock(app, qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    idle = IdleLock(window, _check([]), "teller", minutes=10)
    idle.lock()
    first = idle.dialog
    first.reject()
    qtbot.waitUntil(lambda: idle.dialog is not None and idle.dialog is not first)
    assert not window.isVisible()


def test_input_restarts_the_count_and_zero_turns_it_off(app, qtbot):
    window = QWidget()
    field = QLineEdit(window)
    qtbot.addWidget(window)
    window.show()
    idle = IdleLock(window, _check([]), "teller", minutes=10)
    idle.timer.stop()
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert idle.timer.isActive()
    off = IdleLock(window, _check([]), "teller", minutes=0)
    assert not off.timer.isActive()
    qtbot.keyClick(field, Qt.Key.Key_B)
    assert not off.is_locked
