"""Start-up builds only the page shown first (issue 7): the navigation still lists all nine,
a page is built the first time it is shown or asked for, the status bar gets the sync state
without the sync page, and `sbpdesk gui --screenshot --page X` still renders any page."""
# ruff: noqa: F811 - the fixtures are imported from pages_support and used as arguments
from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from sbpdesk.app import PAGES
from sbpdesk.ui.pages import Page
from sbpdesk.ui.shell import NAV, build_main_window

from .pages_support import book_dir, gui, settle, show, worker  # noqa: F401 - fixtures


class Built(Page):
    def __init__(self, key, log):
        super().__init__()
        self.key = key
        self.refreshed = 0
        log.append(key)
        QLabel(key, self)

    def refresh(self):
        self.refreshed += 1


def test_factories_are_called_when_a_page_is_first_needed(app, qtbot):
    log: list[str] = []
    window = build_main_window(pages={k: (lambda k=k: Built(k, log)) for k, _ in NAV})
    qtbot.addWidget(window)
    created: list[str] = []
    window.page_created.connect(created.append)
    assert window.keys() == [k for k, _ in NAV] and window.nav.count() == 9
    assert log == ["home"] and window.is_built("home") and not window.is_built("sheet")
    window.show_page_number(3)                                          # Ctrl+3
    assert log == ["home", "sheet"] and created == ["sheet"]
    assert window.stack.currentWidget() is window.page("sheet")
    assert window.page("sheet").refreshed == 1 and window.page("sheet").worker is None
    assert window.page("loan").key == "loan" and log[-1] == "loan"   # asked for: built
    window.show_page("loan")
    window.show_page("sheet")
    assert log == ["home", "sheet", "loan"]                             # once each
    window.add_page("loan", lambda: Built("loan2", log), "Khoản vay")    # replaced, lazily
    assert not window.is_built("loan") and window.keys().count("loan") == 1
    assert window.page("loan").key == "loan2"


def test_the_app_window_builds_home_only_then_each_page_on_first_show(gui):
    window, worker, state = gui
    assert window.keys() == list(PAGES)
    assert [k for k in PAGES if window.is_built(k)] == ["home"]
    from sbpdesk.ui.pages.sync_texts import sync_state_text
    sync_text = f"Đồng bộ: {sync_state_text(window.page('home').sync)}"
    assert window.sync_label.text() == sync_text          # without the sync page
    for key in PAGES:
        page = show(window, key)
        assert window.is_built(key) and window.stack.currentWidget() is page
    assert window.sync_label.text() == sync_text          # the sync page says the same
    settle(worker)


def test_screenshot_of_a_page_not_shown_at_start(book_dir, tmp_path):
    out = tmp_path / "sheet.png"
    proc = subprocess.run(
        [sys.executable, "-m", "sbpdesk", "gui", "--data-dir", str(book_dir),
         "--screenshot", str(out), "--page", "sheet"],
        capture_output=True, text=True, timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert QImage(str(out)).width() == 1366
