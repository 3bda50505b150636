"""What the About dialog shows: the program's version, the book's schema and place, and the
licences of the bundled components (collected from installed metadata: sbpdesk/licences.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sbpdesk import licences, paths
from sbpdesk.db import migrate
from sbpdesk.services.context import Book
from sbpdesk.version import version


@dataclass(frozen=True)
class About:
    version: str
    schema: str | None          # the book's Alembic revision
    schema_head: str            # the revision this program writes
    role: str
    data_dir: str
    book_location: str          # the SQLite file, or the database URL without its password
    components: tuple[licences.Component, ...]


def book_location(book: Book) -> str:
    url = book.engine.url
    if url.get_backend_name() == "sqlite":
        return str(Path(url.database).resolve()) if url.database else ":memory:"
    return url.render_as_string(hide_password=True)


def about(book: Book) -> About:
    try:
        fonts = paths.resources_dir() / "fonts"
    except FileNotFoundError:
        fonts = None
    return About(version=version(), schema=migrate.current_revision(book.engine),
                 schema_head=migrate.head_revision(), role=book.role,
                 data_dir=str(book.data_dir) if book.data_dir else "—",
                 book_location=book_location(book),
                 components=tuple(licences.components(fonts)))
