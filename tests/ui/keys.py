"""Typing Vietnamese into widgets in tests, one character at a time.

`qtbot.keyClicks` with Vietnamese text aborts the whole pytest process (QTest maps Latin-1
only), so `type_text` sends one key event per character with the character as the event's text, the
way a keyboard layout delivers it; `commit_text` sends what an IME (Unikey, ibus) sends: a
QInputMethodEvent with a commit string, possibly NFD.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` into `widget` as key presses, one per character (any script)."""
    for ch in text:
        key = Qt.Key.Key_Space if ch == " " else Qt.Key.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, key, ch,
                           Qt.KeyboardModifier.NoModifier)


def commit_text(widget: QWidget, text: str, preedit: str = "") -> None:
    """An input-method commit of `text` (what Unikey/ibus send), after an optional preedit."""
    if preedit:
        QCoreApplication.sendEvent(widget, QInputMethodEvent(preedit, []))
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def press(widget: QWidget, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, modifier)
