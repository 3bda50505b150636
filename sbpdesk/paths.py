"""Where sbpdesk keeps its files: the book, its backups and logs, and the Alembic scripts.

Data lives in the user data folder (platformdirs: `%LOCALAPPDATA%\\NHCSXH\\sbpdesk` on
Windows), never next to the program. `--data-dir` overrides it; with PostgreSQL it still holds
backups and logs. The migration scripts are found in a PyInstaller bundle (`sys._MEIPASS`),
beside an installed or editable checkout, or where `SBPDESK_MIGRATIONS` points.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

BOOK_FILE = "book.sqlite"


def default_data_dir() -> Path:
    import platformdirs
    return Path(platformdirs.user_data_dir("sbpdesk", "NHCSXH"))


def data_dir(given: str | os.PathLike | None = None) -> Path:
    return Path(given) if given else default_data_dir()


def book_path(data_dir: Path) -> Path:
    return Path(data_dir) / BOOK_FILE


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "backups"


def logs_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "logs"


def migrations_dir() -> Path:
    """The folder holding `alembic.ini`, `env.py` and `versions/`."""
    candidates = []
    if os.environ.get("SBPDESK_MIGRATIONS"):
        candidates.append(Path(os.environ["SBPDESK_MIGRATIONS"]))
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        candidates.append(Path(sys._MEIPASS) / "migrations")
    candidates.append(Path(__file__).resolve().parent.parent / "migrations")
    candidates.append(Path(sys.prefix) / "share" / "sbpdesk" / "migrations")
    for folder in candidates:
        if (folder / "env.py").is_file():
            return folder
    raise FileNotFoundError("migrations/ not found; looked in: " + ", ".join(map(str, candidates)))


def resources_dir(needed: str = "fonts") -> Path:
    """The top-level `resources/` folder (fonts, translations) holding `needed`.

    Looked for, in order: `$SBPDESK_RESOURCES`; a frozen build (`sys._MEIPASS/resources`);
    `sbpdesk/resources` (a wheel that maps it into the package);
    `<prefix>/share/sbpdesk/resources` (data-files); the source checkout.
    """
    candidates: list[Path] = []
    if os.environ.get("SBPDESK_RESOURCES"):
        candidates.append(Path(os.environ["SBPDESK_RESOURCES"]))
    if getattr(sys, "_MEIPASS", None):
        candidates.append(Path(sys._MEIPASS) / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates += [package_dir / "resources", Path(sys.prefix) / "share" / "sbpdesk" /
                   "resources", package_dir.parent / "resources"]
    for folder in candidates:
        if (folder / needed).exists():
            return folder
    raise FileNotFoundError(f"resources/{needed} not found; looked in: "
                            + ", ".join(map(str, candidates)) + " (set SBPDESK_RESOURCES)")
