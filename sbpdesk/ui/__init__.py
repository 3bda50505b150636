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

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The top-level `resources/` folder, wherever the program runs from.

    Same search order as `sbpdesk.printing.fonts.resources_dir` (which the GUI does not import,
    to keep ReportLab out of start-up): `$SBPDESK_RESOURCES`, a frozen build
    (`sys._MEIPASS/resources`), `sbpdesk/resources`, `<prefix>/share/sbpdesk/resources`, and
    the source checkout.
    """
    candidates: list[Path] = []
    env = os.environ.get("SBPDESK_RESOURCES")
    if env:
        candidates.append(Path(env))
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        candidates.append(Path(meipass) / "resources")
    package_dir = Path(__file__).resolve().parent.parent      # …/sbpdesk
    candidates.append(package_dir / "resources")
    candidates.append(Path(sys.prefix) / "share" / "sbpdesk" / "resources")
    candidates.append(package_dir.parent / "resources")         # source checkout
    for candidate in candidates:
        if (candidate / "fonts" / "ui").is_dir():
            return candidate
    raise FileNotFoundError(
        "sbpdesk resources not found (looked in: "
        + ", ".join(str(c) for c in candidates) + "); set SBPDESK_RESOURCES")
