"""Pages: the screens shown in the main window's stacked area.

A page is a `Page` (a QWidget) registered with `MainWindow.add_page(key, page, title)`. It
gets the shared `DbWorker` in `self.worker`, loads its data in `refresh()` (called each time it
is shown, through the worker — never directly), sets its strings in `translate_ui()`, and
returns plain rows from the services to its table models. Pages never import `sbpdesk.db`.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SIGNAL, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import Retranslating

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class Page(Retranslating, QWidget):
    """Base class of every page; see the package docstring.

    Subclasses build their widgets in `__init__` and call `self.translate_ui()` at its end.
    `title_source` is the page title as a source string in the "Nav" context (shown above the
    page and in the navigation).
    """

    title_source: str = ""

    def __init__(self, worker=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker

    def refresh(self) -> None:
        """Reload what the page shows (via `self.worker.run`). Called when the page is shown."""

    def translate_ui(self) -> None:
        """Set every user-visible string; called at start and on each language change."""

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do) of this page, for F1."""
        return []

    def unsaved(self) -> str:
        """What was typed here and not saved, in a few words ("" when nothing): the window
        asks before it closes (issue 14)."""
        return ""

    def keep_draft(self) -> bool:
        """Keep what is unsaved as a draft in the book; False when the page cannot."""
        return False

    def discard(self) -> None:
        """Forget what is unsaved."""

    def save_then(self, done: Callable[[], None]) -> bool:
        """Save what is unsaved the way the page's own save button does (one write path) and
        call `done` once it is in the book; a refused save shows its error on the page, keeps
        what is typed and never calls `done`. False when the page has no such save."""
        return False

    def title(self) -> str:
        return translate("Nav", self.title_source) if self.title_source else ""

    def keyPressEvent(self, event) -> None:
        """Enter in a field presses the page's default button (issue 14), as in a dialog."""
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            button = default_button(self, QApplication.focusWidget())
            if button is not None:
                button.click()
                return
        super().keyPressEvent(event)


def ask_unsaved(parent: QWidget, page: Page, text: str, *, closing: bool = False) -> str:
    """Ask what becomes of `page`'s unsaved entries before leaving it (issue 14): "draft"
    (kept in the book), "save" (the page's own save), "discard" or "stay" (Esc). Only the
    choices the page can honour are offered."""
    from .. import errors
    if closing:
        title = translate("MainWindow", "Thoát chương trình")
        labels = {"draft": translate("MainWindow", "Giữ làm nháp và thoát"),
                  "save": translate("MainWindow", "Lưu và thoát"),
                  "discard": translate("MainWindow", "Bỏ số liệu và thoát")}
    else:
        title = translate("MainWindow", "Số liệu chưa lưu")
        labels = {"draft": translate("MainWindow", "Giữ làm nháp"),
                  "save": translate("MainWindow", "Lưu"),
                  "discard": translate("MainWindow", "Bỏ số liệu")}
    offered = {"draft": _overrides(page, "keep_draft"), "save": _overrides(page, "save_then"),
               "discard": True}
    choices = [(key, label) for key, label in labels.items() if offered[key]]
    choices.append(("stay", translate("MainWindow", "Quay lại")))
    return errors.ask(parent, title, text, choices, "stay")


def _overrides(page: Page, name: str) -> bool:
    return getattr(type(page), name) is not getattr(Page, name)


def default_button(page: QWidget, focus: QWidget | None) -> QPushButton | None:
    """The "Primary" button nearest to `focus` (the one in the smallest part of the page
    holding both), when `focus` is a field: a line, number, date or choice box whose Enter
    does nothing else. None for buttons, tables and fields with their own Enter."""
    if not isinstance(focus, QLineEdit | QAbstractSpinBox | QComboBox):
        return None
    if isinstance(focus, QLineEdit) and focus.receivers(SIGNAL("returnPressed()")):
        return None
    area = focus.parentWidget()
    while area is not None:
        found = [b for b in area.findChildren(QPushButton, "Primary")
                 if b.isVisibleTo(page) and b.isEnabled()]
        if len(found) == 1:
            return found[0]
        if found or area is page:
            return None
        area = area.parentWidget()
    return None


class PlaceholderPage(Page):
    """Stands in for a page that a later step of the GUI provides."""

    def __init__(self, title_source: str, worker=None, parent: QWidget | None = None):
        super().__init__(worker, parent)
        self.title_source = title_source
        self.refreshed = 0
        self._message = QLabel()
        self._message.setObjectName("Muted")
        self._message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._message)
        layout.addStretch(1)
        self.translate_ui()

    def refresh(self) -> None:
        self.refreshed += 1

    def translate_ui(self) -> None:
        self._message.setText(translate(
            "PlaceholderPage", "Trang “{title}” đang được xây dựng.").format(title=self.title()))
