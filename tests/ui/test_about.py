"""The About dialog: the same version as `sbpdesk --version`, the book's schema and place,
and a licence for every runtime distribution, Qt and the fonts (collected, not typed)."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

import contextlib
import io

import pytest

from sbpdesk import cli, licences
from sbpdesk.db import migrate

from .pages_support import book_dir, gui, settle, show, worker  # noqa: F401 - fixtures


def version_line() -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    return out.getvalue().strip()


def test_about_shows_the_cli_version_schema_folders_and_licences(gui):
    window, worker, state = gui
    page = show(window, "settings")
    page.about_button.click()
    settle(worker)
    dialog = page._about_dialog
    assert dialog.isVisible()
    shown = dialog.values["version"].text()
    assert version_line() == f"sbpdesk {shown} (schema {migrate.head_revision()})"
    assert shown and shown != "0+unknown"
    head = migrate.head_revision()
    assert dialog.values["schema"].text() == f"{head} (chương trình ghi {head})"
    assert dialog.values["data_dir"].text() == str(state.data_dir)
    assert dialog.values["book"].text().endswith("book.sqlite")
    rows = {c.name: c for c in dialog.model.rows()}
    for dist in licences.distributions():
        assert rows[dist.metadata["Name"]].licence not in ("", "?"), dist.metadata["Name"]
    assert "LGPL-3.0-only" in rows["PySide6_Essentials"].licence
    fonts = {c.name: c.licence for c in rows.values() if c.kind == "font"}
    assert fonts == {"Noto Serif": "OFL-1.1", "Noto Sans": "OFL-1.1"}
    dialog.close()


def test_the_licence_list_follows_the_installed_requirements():
    """Every runtime requirement of the installed sbpdesk is listed (and nothing of dev)."""
    from importlib.metadata import distribution
    names = {d.metadata["Name"].lower().replace("_", "-") for d in licences.distributions()}
    direct = [r.split(";")[0].split("[")[0].split(">")[0].split("!")[0].strip().lower()
              for r in distribution("sbpdesk").requires or [] if "extra ==" not in r]
    assert direct and set(direct) <= names
    assert "pytest" not in names and "ruff" not in names and "psycopg" in names
