"""Input widgets driven by typed keys, one character at a time (qtbot.keyClicks aborts on
Vietnamese), and by input-method commits as Unikey/ibus send them."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from sbpdesk.domain.errors import DomainError
from sbpdesk.ui import i18n
from sbpdesk.ui.widgets import (
    AmountEdit,
    DateEdit,
    FieldError,
    NfcLineEdit,
    SearchBox,
    with_error_label,
)

from .keys import commit_text, press, type_text


@pytest.fixture
def form(qtbot):
    """A shown window with the widget under test and a second field to move focus to."""
    windows = []                                      # qtbot holds widgets weakly

    def make(widget):
        window = QWidget()
        windows.append(window)
        layout = QVBoxLayout(window)
        layout.addWidget(with_error_label(widget) if hasattr(widget, "error_label") else widget)
        other = QLineEdit()
        layout.addWidget(other)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        widget.setFocus()
        return widget, other
    yield make
    windows.clear()


# --- AmountEdit -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, amount, shown", [
    ("1.200.000", 1_200_000, "1.200.000"),
    ("1200000", 1_200_000, "1.200.000"),
    ("1,2tr", 1_200_000, "1.200.000"),
    ("500k", 500_000, "500.000"),
    ("85000 đ", 85_000, "85.000"),
])
def test_amount_edit_accepts_typed_amounts(form, typed, amount, shown):
    edit, _ = form(AmountEdit())
    type_text(edit, typed)
    assert edit.text() == typed
    press(edit, Qt.Key.Key_Return)
    assert edit.amount() == amount
    assert edit.text() == shown
    assert edit.error() is None and not edit.property("invalid")
    assert edit.error_label.isHidden()


def test_amount_edit_formats_on_focus_out(form, qtbot):
    edit, other = form(AmountEdit())
    with qtbot.waitSignal(edit.amount_changed) as changed:
        type_text(edit, "2500000")
        press(edit, Qt.Key.Key_Tab)
    assert other.hasFocus()
    assert changed.args == [2_500_000]
    assert edit.text() == "2.500.000"


@pytest.mark.parametrize("typed, words", [
    ("12abc", "không hợp lệ"),
    ("-5000", "không được âm"),
    ("1,2", "không rõ nghĩa"),
])
def test_amount_edit_refuses_bad_input(form, typed, words):
    edit, _ = form(AmountEdit())
    type_text(edit, typed)
    press(edit, Qt.Key.Key_Return)
    assert edit.amount() is None
    assert edit.text() == typed                       # left as typed, to be corrected
    assert isinstance(edit.error(), DomainError)
    assert edit.property("invalid") is True           # red border
    assert not edit.error_label.isHidden()
    assert words in edit.error_label.text()


def test_amount_edit_error_clears_once_corrected(form):
    edit, _ = form(AmountEdit())
    type_text(edit, "12x")
    press(edit, Qt.Key.Key_Return)
    assert edit.error() is not None
    press(edit, Qt.Key.Key_Backspace)                 # "12" is a valid amount
    assert edit.error() is None and not edit.property("invalid")
    assert edit.error_label.isHidden()


def test_amount_edit_set_amount_and_empty(app):
    edit = AmountEdit()
    edit.set_amount(1_014)
    assert edit.text() == "1.014" and edit.amount() == 1_014
    edit.set_amount(None)
    assert edit.amount() is None and edit.validate()


def test_amount_error_follows_the_language(form, app):
    edit, _ = form(AmountEdit())
    type_text(edit, "abc")
    press(edit, Qt.Key.Key_Return)
    assert "không hợp lệ" in edit.error_label.text()
    i18n.install_translator(app, "en")
    app.processEvents()
    assert "invalid characters" in edit.error_label.text()


# --- NFC and Vietnamese typing ----------------------------------------------------------------

def test_typing_vietnamese_per_character_arrives_intact(form):
    edit, _ = form(NfcLineEdit())
    type_text(edit, "Nguyễn Văn Ánh")
    assert edit.text() == "Nguyễn Văn Ánh"
    plain, _ = form(QLineEdit())
    type_text(plain, "Đặng Thị Hường")
    assert plain.text() == "Đặng Thị Hường"


def test_nfd_commit_becomes_nfc(form):
    edit, _ = form(NfcLineEdit())
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Ánh")
    assert nfd != "Nguyễn Văn Ánh"
    commit_text(edit, nfd, preedit="Nguyê")
    assert edit.text() == "Nguyễn Văn Ánh"
    assert unicodedata.is_normalized("NFC", edit.text())
    assert edit.cursorPosition() == len("Nguyễn Văn Ánh")


def test_bare_combining_mark_composes_with_the_letter_before(form):
    edit, _ = form(NfcLineEdit())
    type_text(edit, "Hoa")
    commit_text(edit, "\u0300")                       # a tone mark sent after the letter
    assert edit.text() == "Hoà"
    type_text(edit, " Bình")
    assert edit.text() == "Hoà Bình"


def test_set_text_and_paste_are_normalised(app):
    edit = NfcLineEdit()
    edit.setText(unicodedata.normalize("NFD", "Trần Thị Hòa"))
    assert edit.text() == "Trần Thị Hòa"
    edit.clear()
    edit.insert(unicodedata.normalize("NFD", "Lê"))
    assert edit.text() == "Lê"


# --- DateEdit ---------------------------------------------------------------------------------

def test_date_edit(form):
    edit, _ = form(DateEdit())
    type_text(edit, "5/3/2026")
    press(edit, Qt.Key.Key_Return)
    assert edit.date() == dt.date(2026, 3, 5) and edit.text() == "05/03/2026"
    edit.clear()
    type_text(edit, "31/02/2026")
    press(edit, Qt.Key.Key_Return)
    assert edit.date() is None and edit.property("invalid") is True
    assert "không tồn tại" in edit.error_label.text()
    edit.set_date(dt.date(2025, 12, 31))
    assert edit.text() == "31/12/2025" and edit.error() is None


# --- SearchBox and FieldError -----------------------------------------------------------------

def test_search_box_debounces(form, qtbot):
    box, _ = form(SearchBox())
    seen = []
    box.search.connect(seen.append)
    type_text(box, "nguyễn văn")
    assert seen == []                                 # nothing while typing
    qtbot.waitUntil(lambda: seen == ["nguyễn văn"], timeout=1000)
    qtbot.wait(250)
    assert seen == ["nguyễn văn"]                     # once, not once per key
    press(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: seen[-1] == "", timeout=1000)


def test_field_error_shows_vietnamese_then_english(app):
    label = FieldError()
    assert label.isHidden()
    label.show_error(DomainError("x", "Lãi thu vượt quá số phải thu.",
                                 "Interest above what is owed.", "interest"))
    assert not label.isHidden() and label.text() == "Lãi thu vượt quá số phải thu."
    i18n.install_translator(app, "en")
    app.processEvents()
    assert label.text() == "Interest above what is owed."
    label.clear_error()
    assert label.isHidden() and not label.has_error()
