"""A `.sbpbundle` double-clicked in Windows Explorer (the installer's file association runs
`sbpdesk.exe FILE`): the GUI opens on the sync page with the bundle's folder listed."""
# ruff: noqa: F811 - the fixtures are imported and used as arguments
from __future__ import annotations

from sbpdesk import app, cli

from .pages_support import book_dir, gui, settle, show, worker  # noqa: F401 - fixtures
from .test_pages_sync import _office_answer, office_dir, usb  # noqa: F401 - fixtures


def test_the_command_opens_the_gui_on_the_bundle(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(app, "run", lambda **kw: calls.append(kw) or 0)
    path = str(tmp_path / "BB-to-D-1.sbpbundle")
    assert cli.main([path]) == 0
    assert calls == [{"bundle": path}]


def test_the_sync_page_lists_the_folder_of_the_opened_bundle(gui, usb, office_dir):
    window, worker, state = gui
    path = _office_answer(office_dir, worker, usb, state.point_code)
    page = show(window, "sync")
    page.use_folder(str(path.parent))
    settle(worker)
    assert page.folder() == str(usb)
    assert page.bundle_list.count() == 1 and page.import_button.isEnabled()
