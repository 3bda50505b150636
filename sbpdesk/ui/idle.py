"""Idle screen lock: after some minutes without keyboard or mouse input the main window hides
and the sign-in dialog asks the signed-in user's password again (decision 0139).

The password goes through the same check as a sign-in (`Book.verify`: wrong passwords count
towards the lock-out). Nothing is lost while locked: every operation was committed when it was
recorded. `IDLE_MINUTES` is the default; the setting `security/idle_minutes` changes it and 0
turns the lock off (a machine that is never left alone).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

IDLE_MINUTES = 10
_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
          QEvent.Type.Wheel, QEvent.Type.TouchBegin}


def idle_minutes() -> int:
    try:
        return max(0, int(QSettings().value("security/idle_minutes", IDLE_MINUTES)))
    except (TypeError, ValueError):
        return IDLE_MINUTES


class IdleLock(QObject):
    """Hides `window` after `minutes` without input; `authenticate(password)` (any thread the
    worker uses) must return when the signed-in user's password is right, raise otherwise."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, authenticate: Callable[[str, str], Any], username: str,
                 *, worker=None, demo: bool = False, minutes: int | None = None):
        super().__init__(window)
        self.window, self._authenticate, self.username = window, authenticate, username
        self._worker, self._demo = worker, demo
        self.dialog = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        minutes = idle_minutes() if minutes is None else minutes
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        if minutes:
            QApplication.instance().installEventFilter(self)
            self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self.dialog is None:
            self.timer.start()      # any input restarts the count
        return False

    def lock(self) -> None:
        from sbpdesk.ui.login import LoginDialog
        if self.dialog is not None:
            return
        self.timer.stop()
        self.window.hide()
        username = self.username
        self.dialog = LoginDialog(lambda _name, password: self._authenticate(username, password),
                                  worker=self._worker, demo=self._demo, username=username)
        self.dialog.username.setEnabled(False)      # only the signed-in user unlocks
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.rejected.connect(self._still_locked)
        self.dialog.setModal(True)
        self.dialog.show()
        self.locked.emit()

    def _unlocked(self) -> None:
        self.dialog.deleteLater()
        self.dialog = None
        self.window.show()
        self.timer.start()
        self.unlocked.emit()

    def _still_locked(self) -> None:
        """Closing the lock dialog does not unlock: it asks again."""
        dialog, self.dialog = self.dialog, None
        dialog.deleteLater()
        QTimer.singleShot(0, self.lock)
