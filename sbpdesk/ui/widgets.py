"""Input widgets for officers' typing: amounts, dates, Vietnamese names, search, field errors.

- `NfcLineEdit`: every text it holds is NFC, whatever the keyboard committed (Unikey/ibus may
  send NFD, or a bare combining mark after the letter); the whole text is re-normalised after
  each edit, key press or input-method commit, keeping the cursor in place.
- `AmountEdit`: reads "1.200.000", "1200000", "1,2tr", "500k" with `parse_vnd`; shows the
  formatted amount when editing finishes (Enter or focus-out); `.amount()` is an int or None.
  A refused text turns the border red and shows the DomainError's message in its
  `error_label` (a `FieldError` the form places under it; `with_error_label` does that).
- `DateEdit`: dd/mm/yyyy (also d/m/yyyy and ISO) with `parse_date`; `.date()` or None.
- `SearchBox`: emits `search(text)` ~150 ms after the last keystroke; Esc clears.
- `FieldError`: a red label under a field showing a DomainError in the current language.
- `cancel_ok_row`: the foot of our dialogs, cancel then the default button, right-aligned.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.dates import format_date, parse_date
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import format_number, parse_vnd
from sbpdesk.domain.text import nfc

from .i18n import Retranslating, current_language

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class FieldError(QLabel):
    """The message under a field; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("FieldError")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error: DomainError | None = None
        self.hide()

    def show_error(self, error: DomainError | str) -> None:
        """Show a DomainError (in the UI language; switching language re-renders it) or text."""
        self.error = error if isinstance(error, DomainError) else None
        self.setText(error.message(current_language()) if isinstance(error, DomainError)
                     else error)
        self.show()

    def clear_error(self) -> None:
        self.error = None
        self.clear()
        self.hide()

    def has_error(self) -> bool:
        return bool(self.text())

    def changeEvent(self, event):
        from PySide6.QtCore import QEvent
        if event.type() == QEvent.Type.LanguageChange and self.error is not None:
            self.setText(self.error.message(current_language()))
        super().changeEvent(event)


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Red border through the `invalid` property (styled in theme.py)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def with_error_label(field: QWidget, error_label: FieldError | None = None,
                     parent: QWidget | None = None) -> QWidget:
    """A container holding `field` and, under it, its error label (`field.error_label` by
    default): one form row, so a hidden error takes no space."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error_label if error_label is not None else field.error_label)
    return box


class NfcLineEdit(QLineEdit):
    """A line edit whose text is always NFC (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._normalising = False
        self.textChanged.connect(self._normalise)

    def setText(self, text: str) -> None:
        super().setText(nfc(text or ""))

    def inputMethodEvent(self, event):
        super().inputMethodEvent(event)
        self._normalise()

    def _normalise(self, *_):
        if self._normalising:
            return
        text = QLineEdit.text(self)
        if unicodedata.is_normalized("NFC", text):
            return
        self._normalising = True
        try:
            cursor = self.cursorPosition()
            new_cursor = len(nfc(text[:cursor]))
            QLineEdit.setText(self, nfc(text))
            self.setCursorPosition(min(new_cursor, len(QLineEdit.text(self))))
        finally:
            self._normalising = False


class _ValidatedEdit(NfcLineEdit):
    """Parses on editingFinished; red border + `error_label` while the text is refused."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.error_label = FieldError()
        self._error: DomainError | None = None
        self.editingFinished.connect(self.validate)
        self.textEdited.connect(self._revalidate_if_showing_error)

    def _parse(self, text: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def _format(self, value) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _value(self):
        """The parsed value, or None when empty or refused; raises nothing."""
        if not self.text().strip():
            return None
        try:
            return self._parse(self.text())
        except DomainError:
            return None

    def error(self) -> DomainError | None:
        return self._error

    def validate(self) -> bool:
        """Parse now; format on success, show the error otherwise. Empty is valid (None)."""
        text = self.text()
        if not text.strip():
            self._set_error(None)
            return True
        try:
            value = self._parse(text)
        except DomainError as error:
            self._set_error(error)
            return False
        formatted = self._format(value)
        if formatted != text:
            self.setText(formatted)
        self._set_error(None)
        return True

    def show_error(self, error: DomainError | None) -> None:
        """Show an error found elsewhere (e.g. returned by the worker for this field)."""
        self._set_error(error)

    def _set_error(self, error: DomainError | None) -> None:
        self._error = error
        set_invalid(self, error is not None)
        if error is None:
            self.error_label.clear_error()
        else:
            self.error_label.show_error(error)
        self.setToolTip(error.message(current_language()) if error else "")

    def _revalidate_if_showing_error(self, text: str) -> None:
        if self._error is None:
            return
        try:
            if text.strip():
                self._parse(text)
        except DomainError:
            return
        self._set_error(None)


class AmountEdit(_ValidatedEdit):
    """An amount in đồng; see the module docstring."""

    amount_changed = Signal(object)   # int or None, after editing finishes

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0")
        self.editingFinished.connect(lambda: self.amount_changed.emit(self.amount()))

    def _parse(self, text: str) -> int:
        return parse_vnd(text)

    def _format(self, value: int) -> str:
        return format_number(value)

    def amount(self) -> int | None:
        return self._value()

    def set_amount(self, amount: int | None) -> None:
        self.setText("" if amount is None else format_number(amount))
        self._set_error(None)


class DateEdit(_ValidatedEdit):
    """A date typed as dd/mm/yyyy; see the module docstring."""

    date_changed = Signal(object)     # datetime.date or None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(10)
        self.editingFinished.connect(lambda: self.date_changed.emit(self.date()))

    def _parse(self, text: str) -> dt.date:
        return parse_date(text)

    def _format(self, value: dt.date) -> str:
        return format_date(value)

    def date(self) -> dt.date | None:
        return self._value()

    def set_date(self, value: dt.date | None) -> None:
        self.setText("" if value is None else format_date(value))
        self._set_error(None)


class SearchBox(Retranslating, NfcLineEdit):
    """Search as you type: `search(text)` after `delay_ms` of quiet; Esc clears."""

    search = Signal(str)
    DELAY_MS = 150

    def __init__(self, parent: QWidget | None = None, delay_ms: int = DELAY_MS):
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.search_now)
        self.textChanged.connect(lambda _: self._timer.start())
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setPlaceholderText(translate(
            "SearchBox", "Tìm theo tên, số CCCD hoặc mã khách hàng…"))

    def search_now(self) -> None:
        self._timer.stop()
        self.search.emit(self.text().strip())

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.search_now()    # Enter searches: it presses no default button of the page
            event.accept()
            return
        super().keyPressEvent(event)


def cancel_ok_row(dialog: QDialog, on_ok) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """Cancel (rejects the dialog) and the default button (calls `on_ok`), right-aligned;
    the dialog's translate_ui sets their texts."""
    row = QHBoxLayout()
    row.addStretch(1)
    cancel, ok = QPushButton(), QPushButton()
    cancel.clicked.connect(dialog.reject)
    ok.setDefault(True)
    ok.clicked.connect(on_ok)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row, cancel, ok
