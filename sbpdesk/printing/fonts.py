"""The bundled Vietnamese font family and NFC text for ReportLab.

A bare commune laptop has no usable fonts, and ReportLab's own Vera does not cover Vietnamese,
so every document uses the Noto Serif family shipped in `resources/fonts/` (SIL OFL 1.1, licence
in `resources/fonts/OFL.txt`). `register()` loads the four faces once per process and ties them
into one family so `<b>` and `<i>` in paragraphs pick the right face instead of silently
falling back.

`nfc()` is the one gate every string passes through before it reaches ReportLab: ReportLab places
combining marks wrongly on NFD text (what some Vietnamese IMEs commit).
"""
from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from sbpdesk import paths

FAMILY = "NotoSerif"
REGULAR = "NotoSerif"
BOLD = "NotoSerif-Bold"
ITALIC = "NotoSerif-Italic"
BOLD_ITALIC = "NotoSerif-BoldItalic"

_FILES = {
    REGULAR: "NotoSerif-Regular.ttf",
    BOLD: "NotoSerif-Bold.ttf",
    ITALIC: "NotoSerif-Italic.ttf",
    BOLD_ITALIC: "NotoSerif-BoldItalic.ttf",
}
LICENCE_FILE = "OFL.txt"

_lock = threading.Lock()
_registered = False


def resources_dir() -> Path:
    """The `resources/` folder holding the print fonts (see `sbpdesk.paths.resources_dir`)."""
    return paths.resources_dir(f"fonts/{_FILES[REGULAR]}")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register() -> str:
    """Register the family once (thread-safe); return the family name to use in styles."""
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if _registered:
            return FAMILY
        folder = fonts_dir()
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                      boldItalic=BOLD_ITALIC)
        # Paragraph markup resolves <b>/<i> through this mapping table.
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        _registered = True
    return FAMILY


def nfc(value: object) -> str:
    """Any value as NFC text ('' for None). Use on every string before it reaches ReportLab."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).translate(_MISSING_GLYPHS)


# Characters the bundled faces have no glyph for, and what prints instead.
_MISSING_GLYPHS = str.maketrans({"\u2212": "-"})
