"""UI language: Vietnamese by default, English from a Qt `.qm`, switchable while running.

Source strings are Vietnamese with full diacritics (docs/decisions/0030-ui-source-language.md),
so the Vietnamese UI needs no translation file and `resources/i18n/sbpdesk_en.ts` holds the
English. Mark strings with a module-level `translate = QCoreApplication.translate` called as
`translate("Context", "…")` (or `QT_TRANSLATE_NOOP("Context", "…")` for tables of strings
translated later). Avoid `self.tr()`, whose context in PySide6 is the runtime class (a subclass
loses its translations), and `tr("Context", "…")`, which lupdate reads as (source, comment).

Live switching (Frescobaldi's `translateUI`): a widget sets every visible string in a
`translate_ui()` method, calls it once at the end of `__init__`, and inherits `Retranslating`
so Qt's LanguageChange event (sent to every widget when translators change) calls it again.

Pseudo-translation (Vorta's TRANS_SCALE): `SBPDESK_TRANS_SCALE=150` makes every translated
string about 1.5 times longer, to check that layouts survive longer text.

Maintenance: `python -m sbpdesk.ui.i18n --update` runs pyside6-lupdate over `sbpdesk/ui` into
the `.ts`, then pyside6-lrelease into the `.qm`; `--check` only reports unfinished messages.
Commit the `.ts` only: the `.qm` is built by the packaging step (packaging/setup.sh, and
packaging/sbpdesk.spec for the frozen build; decision 0065).
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from . import resources_dir

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "vi"
# Names of the languages in themselves: shown untranslated in the language switch.
LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}
CATALOG = "sbpdesk"
SOURCE_LANGUAGE = "vi"

_current = DEFAULT_LANGUAGE
_installed: list[QTranslator] = []


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def ts_path(lang: str = "en") -> Path:
    return i18n_dir() / f"{CATALOG}_{lang}.ts"


def qm_path(lang: str = "en") -> Path:
    return i18n_dir() / f"{CATALOG}_{lang}.qm"


def current_language() -> str:
    """"vi" or "en": also the argument for `DomainError.message(lang)`."""
    return _current


class ScaledTranslator(QTranslator):
    """Pseudo-translation: stretches (or shrinks) every string by `scale` percent.

    Installed last, so Qt asks it first; it looks the text up in `inner` (the real catalogue)
    and falls back to the source, then pads it. Placeholders survive: padding goes at the
    end, inside brackets, so "{user}" and "%n" stay intact.
    """

    def __init__(self, scale: int, inner: QTranslator | None = None, parent=None):
        super().__init__(parent)
        self.scale = scale
        self.inner = inner

    def isEmpty(self) -> bool:
        return False

    def translate(self, context, source, disambiguation=None, n=-1):
        text = ""
        if self.inner is not None:
            text = self.inner.translate(context, source, disambiguation, n)
        return scale_text(text or source, self.scale)


def scale_text(text: str, scale: int) -> str:
    """`text` made about `scale`% as long ("Lưu" at 200 → "[Lưu~~~]")."""
    if not text or scale == 100:
        return text
    if scale < 100:
        keep = max(1, len(text) * scale // 100)
        return text[:keep]
    extra = max(1, len(text) * (scale - 100) // 100)
    return f"[{text}{'~' * extra}]"


def trans_scale() -> int:
    """SBPDESK_TRANS_SCALE as a percentage (100 when unset or not a number)."""
    raw = os.environ.get("SBPDESK_TRANS_SCALE", "").strip()
    try:
        value = int(raw)
    except ValueError:
        return 100
    return value if value > 0 else 100


def install_translator(app: QCoreApplication, lang: str = DEFAULT_LANGUAGE) -> str:
    """Make `lang` the UI language; returns the language actually installed.

    Removes the translators installed before (Qt then sends LanguageChange to every widget, so
    `Retranslating` widgets redraw their text), loads `sbpdesk_<lang>.qm` unless `lang` is the
    source language, loads Qt's own `qtbase_<lang>.qm` when one exists (from `resources/i18n`
    first, then Qt's translations folder; Qt ships no Vietnamese one, so our dialogs set
    their button texts themselves), and adds the pseudo-translator when asked for.
    An unknown language, or a missing English catalogue, falls back to Vietnamese.
    """
    global _current
    if lang not in LANGUAGES:
        log.warning("unknown UI language %r, using %s", lang, DEFAULT_LANGUAGE)
        lang = DEFAULT_LANGUAGE
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()

    catalogue: QTranslator | None = None
    if lang != SOURCE_LANGUAGE:
        catalogue = QTranslator(app)
        if not catalogue.load(str(qm_path(lang))):
            log.error("cannot load %s; staying in Vietnamese", qm_path(lang))
            catalogue = None
            lang = DEFAULT_LANGUAGE
    if lang != "en":   # Qt's own strings are English already
        qt_catalogue = QTranslator(app)
        folders = [str(i18n_dir()), QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
        if any(qt_catalogue.load(f"qtbase_{lang}", folder) for folder in folders):
            app.installTranslator(qt_catalogue)
            _installed.append(qt_catalogue)
    if catalogue is not None:
        app.installTranslator(catalogue)
        _installed.append(catalogue)
    scale = trans_scale()
    if scale != 100:
        pseudo = ScaledTranslator(scale, catalogue, app)
        app.installTranslator(pseudo)
        _installed.append(pseudo)

    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
                       if lang == "vi" else
                       QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    _current = lang
    return lang


class Retranslating:
    """Mixin for widgets: calls `self.translate_ui()` on every LanguageChange event.

    Put it first: `class SheetPage(Retranslating, Page)`. The widget still calls
    `translate_ui()` itself at the end of `__init__`.
    """

    def translate_ui(self) -> None:  # pragma: no cover - overridden
        pass

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.translate_ui()
        super().changeEvent(event)


# --- maintenance: python -m sbpdesk.ui.i18n --update -----------------------------------------

def unfinished_messages(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message in `ts` without a finished translation."""
    missing = []
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] \
                if translation is not None else []
            text = (translation.text or "") if translation is not None else ""
            empty = not any(forms) if message.get("numerus") == "yes" else not text.strip()
            if kind == "unfinished" or empty:
                missing.append((name, message.findtext("source", "")))
    return missing


def _tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it comes with PySide6-Essentials)")
    return found


def source_dir() -> Path:
    return Path(__file__).resolve().parent


def run_lupdate(ts: Path, sources: Path | None = None) -> None:
    """Refresh `ts` from the tr() strings in `sources` (default: sbpdesk/ui); keeps translations."""
    sources = sources or source_dir()
    lang = ts.stem.rsplit("_", 1)[-1]
    subprocess.run([_tool("pyside6-lupdate"), "-extensions", "py", "-no-obsolete",
                    "-locations", "none", "-source-language", SOURCE_LANGUAGE,
                    "-target-language", lang, str(sources), "-ts", str(ts)],
                   check=True, capture_output=True)


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                   check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sbpdesk.ui.i18n",
                                     description="Update the UI translation files.")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--update", action="store_true",
                       help="lupdate sbpdesk/ui into the .ts, then lrelease the .qm")
    group.add_argument("--release", action="store_true", help="only lrelease the .qm")
    group.add_argument("--check", action="store_true", help="list unfinished messages")
    args = parser.parse_args(argv)
    ts, qm = ts_path("en"), qm_path("en")
    if args.update:
        run_lupdate(ts)
    if args.update or args.release:
        run_lrelease(ts, qm)
    missing = unfinished_messages(ts)
    for context, source in missing:
        print(f"unfinished: [{context}] {source}")
    print(f"{ts.name}: {len(missing)} unfinished"
          + ("" if args.check else f"; wrote {qm.name}"))
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
