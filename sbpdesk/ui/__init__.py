"""The PySide6 desktop GUI a loan officer uses at a commune transaction session.

Layers: the GUI calls services through one background worker (`worker.DbWorker`) and gets
plain frozen dataclasses back; it never imports `sbpdesk.db` or SQLAlchemy (an import-linter
contract in pyproject.toml enforces this). Vietnamese is the default language; English comes
from `resources/i18n/sbpdesk_en.qm` (see `i18n` and docs/decisions/0030-ui-source-language.md).

Modules: `worker` (serialized DB work), `errors` (log file, error dialogs), `i18n`
(translators, live language switch), `theme` (bundled font, palette, demo banner),
`widgets` (amount, date, NFC text, search box, field errors), `models` (table model over
rows), `login`, `main_window` (navigation, pages, status bar), `shell` (assembly),
`pages` (the `Page` base class).
"""
from __future__ import annotations

from pathlib import Path

from sbpdesk import paths


def resources_dir() -> Path:
    """The `resources/` folder holding the GUI's font and translations."""
    return paths.resources_dir("fonts/ui")
