"""Look: the bundled UI font, a calm palette, sizes for a 1366×768 laptop, the demo banner.

A bare Windows or Linux install may lack any font with Vietnamese marks, so the GUI never
relies on system fonts: `load_fonts()` registers Noto Sans Regular and Bold from
`resources/fonts/ui/` (SIL OFL 1.1, `OFL.txt` beside them) and `apply_theme(app)` makes it the
application font. Body text is 10 pt (≈13 px at 96 dpi), large enough for a dim room and small
enough that a 60-member sheet shows ~20 rows on 768 pixels.

`DemoBanner` is the orange "DỮ LIỆU MẪU / demo data" strip shown on every window of a demo
book; the text is deliberately bilingual and never translated.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QWidget

from . import resources_dir
from .i18n import Retranslating

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

log = logging.getLogger(__name__)

FONT_FAMILY = "Noto Sans"
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
BASE_POINT_SIZE = 10
SCREEN = (1366, 768)           # the laptops the officers carry
WINDOW_SIZE = (1366, 728)      # what is left under the Windows taskbar

DEMO_TEXT = "DỮ LIỆU MẪU / demo data"

# Calm, high-contrast colours (WCAG AA on white for text colours).
COLOURS = {
    "window": "#f5f6f8",
    "base": "#ffffff",
    "alternate": "#f0f4f8",
    "text": "#1f2933",
    "muted": "#52606d",
    "accent": "#0b5394",       # NHCSXH-ish blue for selection and primary buttons
    "accent_text": "#ffffff",
    "border": "#c3cad3",
    "error": "#c62828",
    "demo": "#f57c00",         # orange
    "nav": "#e8edf3",
}

_loaded_family: str | None = None


def load_fonts() -> str:
    """Register the bundled UI font once; returns its family name."""
    global _loaded_family
    if _loaded_family:
        return _loaded_family
    folder = resources_dir() / "fonts" / "ui"
    family = None
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(folder / name))
        if font_id < 0:
            raise RuntimeError(f"cannot load the UI font {folder / name}")
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    _loaded_family = family or FONT_FAMILY
    return _loaded_family


def ui_font(point_size: int = BASE_POINT_SIZE, bold: bool = False) -> QFont:
    font = QFont(load_fonts(), point_size)
    font.setBold(bold)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def palette() -> QPalette:
    c = {k: QColor(v) for k, v in COLOURS.items()}
    p = QPalette()
    role = QPalette.ColorRole
    p.setColor(role.Window, c["window"])
    p.setColor(role.WindowText, c["text"])
    p.setColor(role.Base, c["base"])
    p.setColor(role.AlternateBase, c["alternate"])
    p.setColor(role.Text, c["text"])
    p.setColor(role.Button, c["base"])
    p.setColor(role.ButtonText, c["text"])
    p.setColor(role.Highlight, c["accent"])
    p.setColor(role.HighlightedText, c["accent_text"])
    p.setColor(role.ToolTipBase, c["base"])
    p.setColor(role.ToolTipText, c["text"])
    p.setColor(role.PlaceholderText, c["muted"])
    return p


def stylesheet() -> str:
    c = COLOURS
    return f"""
QLineEdit, QComboBox, QPlainTextEdit {{
    border: 1px solid {c['border']}; border-radius: 3px; padding: 3px 5px;
    background: {c['base']};
}}
QLineEdit:focus, QComboBox:focus {{ border: 1px solid {c['accent']}; }}
QLineEdit[invalid="true"] {{ border: 2px solid {c['error']}; }}
QLabel#FieldError {{ color: {c['error']}; }}
QLabel#PageTitle {{ font-size: 14pt; font-weight: bold; color: {c['text']}; }}
QLabel#Muted {{ color: {c['muted']}; }}
QLabel#DemoBanner {{
    background: {c['demo']}; color: #ffffff; font-weight: bold; padding: 3px;
}}
QListWidget#Nav {{
    background: {c['nav']}; border: none; outline: none;
}}
QListWidget#Nav::item {{ padding: 7px 10px; color: {c['text']}; }}
QListWidget#Nav::item:selected {{ background: {c['accent']}; color: {c['accent_text']}; }}
QPushButton {{
    border: 1px solid {c['border']}; border-radius: 3px; padding: 4px 14px;
    background: {c['base']};
}}
QPushButton:default, QPushButton#Primary {{
    background: {c['accent']}; color: {c['accent_text']}; border-color: {c['accent']};
}}
QPushButton:focus {{ border: 2px solid {c['accent']}; }}
QPushButton:disabled {{ color: {c['muted']}; background: {c['window']}; }}
QTableView {{ gridline-color: {c['border']}; selection-background-color: {c['accent']}; }}
QHeaderView::section {{
    background: {c['nav']}; padding: 4px; border: none;
    border-right: 1px solid {c['border']}; border-bottom: 1px solid {c['border']};
    font-weight: bold;
}}
QStatusBar {{ background: {c['nav']}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def apply_theme(app: QApplication) -> str:
    """Bundled font, Fusion style (same look on Windows and Linux), palette, stylesheet."""
    family = load_fonts()
    app.setStyle("Fusion")
    app.setFont(ui_font())
    app.setPalette(palette())
    app.setStyleSheet(stylesheet())
    return family


class DemoBanner(Retranslating, QLabel):
    """The orange strip telling everyone this book holds demo data."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("DemoBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setText(DEMO_TEXT)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setToolTip(translate(
            "DemoBanner", "Sổ này chứa dữ liệu mẫu để tập huấn; không dùng cho giao dịch thật."))
