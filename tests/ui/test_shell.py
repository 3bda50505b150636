"""The main window and the login dialog: Vietnamese by default, English after switching,
navigation by keyboard, the demo banner, pages plugging in, and layout at 1366×768."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QFontMetrics, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QVBoxLayout

from sbpdesk.domain.errors import DomainError
from sbpdesk.ui import i18n, theme
from sbpdesk.ui.login import LoginDialog
from sbpdesk.ui.main_window import StatusInfo
from sbpdesk.ui.pages import Page, PlaceholderPage
from sbpdesk.ui.shell import NAV, build_main_window, grab_screenshot
from sbpdesk.ui.worker import DbWorker

from .keys import press, type_text

VI_NAV = ["Trang chủ", "Phiên giao dịch", "Bảng kê thu tổ (13/TD)", "Khách hàng", "Khoản vay",
          "Hồ sơ vay mới", "Báo cáo", "Đồng bộ", "Cài đặt"]
EN_NAV = ["Home", "Session", "Group collection sheet (13/TD)", "Borrowers", "Loans",
          "New application", "Reports", "Sync", "Settings"]

STATUS = StatusInfo(user="Nguyễn Thị Hằng", roles=("teller",), point="Xã Tân Phước",
                    business_date=dt.date(2026, 3, 5))


@pytest.fixture
def worker(app):
    w = DbWorker()
    yield w
    w.close()


@pytest.fixture
def window(app, qtbot, worker):
    w = build_main_window(worker, status=STATUS, demo=True)
    qtbot.addWidget(w)
    w.resize(*theme.SCREEN)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def nav_titles(window):
    return [window.nav.item(i).text().split("  ", 1)[1] for i in range(window.nav.count())]


def test_vietnamese_by_default_then_english(window, app, qtbot):
    assert nav_titles(window) == VI_NAV
    assert window.page_title.text() == "Trang chủ"
    assert window.user_label.text() == "Người dùng: Nguyễn Thị Hằng (Giao dịch viên)"
    assert window.date_label.text() == "Ngày giao dịch: 05/03/2026"
    assert window.sync_label.text() == "Đồng bộ: chưa đồng bộ"
    assert window.language_button.text() == "English"

    window.language_button.click()                    # the status-bar switch
    qtbot.waitUntil(lambda: nav_titles(window) == EN_NAV, timeout=1000)
    assert i18n.current_language() == "en"
    assert window.page_title.text() == "Home"
    assert window.user_label.text() == "User: Nguyễn Thị Hằng (Teller)"
    assert window.sync_label.text() == "Sync: not synchronised"
    assert window.language_button.text() == "Tiếng Việt"
    assert "being built" in window.page("home")._message.text()

    i18n.install_translator(app, "vi")
    qtbot.waitUntil(lambda: nav_titles(window) == VI_NAV, timeout=1000)


def test_demo_banner_shows_only_when_flagged(window, app, qtbot):
    assert window.demo_banner.isVisible()
    assert window.demo_banner.text() == "DỮ LIỆU MẪU / demo data"
    plain = build_main_window(status=STATUS, demo=False)
    qtbot.addWidget(plain)
    plain.show()
    assert not plain.demo_banner.isVisible()


def test_keyboard_navigation(window, qtbot):
    assert window.keys() == [k for k, _ in NAV]
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "sheet"
    assert window.page_title.text() == "Bảng kê thu tổ (13/TD)"
    QTest.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "settings"
    window.nav.setFocus()
    press(window.nav, Qt.Key.Key_Up)
    assert window.current_key() == "sync"
    QTest.keyClick(window, Qt.Key.Key_F1)
    assert window._help.isVisible()
    assert "Ctrl+3\tBảng kê thu tổ (13/TD)" in window._help_label.text()


class GroupPage(Page):
    title_source = "Bảng kê thu tổ (13/TD)"

    def __init__(self, worker=None):
        super().__init__(worker)
        self.label = QLabel()
        QVBoxLayout(self).addWidget(self.label)
        self.loaded = []
        self.translate_ui()

    def refresh(self):
        self.worker.run(lambda book: ("Tổ 1", 12), self.loaded.append)


def test_a_page_plugs_in_and_refreshes_through_the_worker(window, worker):
    page = GroupPage()
    window.add_page("sheet", page, "Bảng kê thu tổ (13/TD)")   # replaces the placeholder
    assert window.page("sheet") is page and page.worker is worker
    assert window.keys().count("sheet") == 1 and len(window.keys()) == 9
    window.show_page("sheet")
    assert worker.wait_idle()
    assert page.loaded == [("Tổ 1", 12)]
    window.show_page("home")
    assert isinstance(window.page("home"), PlaceholderPage)
    assert window.page("home").refreshed >= 1


def test_busy_indicator(window, worker):
    import threading
    gate = threading.Event()
    worker.run(lambda ctx: gate.wait(5))
    assert window.busy_label.text() == "Đang xử lý…"
    gate.set()
    assert worker.wait_idle()
    assert window.busy_label.text() == ""


# --- login ------------------------------------------------------------------------------------

def authenticate(username, password):
    if username != "Hằng":
        raise DomainError("user_unknown", "Không có người dùng này.", "No such user.",
                          "username")
    if password != "demo":
        raise DomainError("password_wrong", "Mật khẩu không đúng.", "Wrong password.",
                          "password")
    return {"user": username, "roles": ("teller",)}


@pytest.mark.parametrize("use_worker", [False, True])
def test_login_shows_errors_inline_then_signs_in(app, qtbot, worker, use_worker):
    dialog = LoginDialog(authenticate, worker=worker if use_worker else None, demo=True)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.windowTitle() == "Đăng nhập — sbpdesk"
    assert dialog.demo_banner.isVisible()

    dialog.sign_in_button.click()
    assert dialog.username_error.text() == "Chưa nhập tên đăng nhập."

    dialog.username.setFocus()
    type_text(dialog.username, "Hằng")
    dialog.password.setFocus()
    type_text(dialog.password, "sai")
    press(dialog.password, Qt.Key.Key_Return)         # the default button
    worker.wait_idle()
    assert dialog.password_error.text() == "Mật khẩu không đúng."
    assert dialog.username_error.isHidden() and dialog.isVisible()
    assert dialog.sign_in_button.isEnabled()

    dialog.password.clear()
    type_text(dialog.password, "demo")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        press(dialog.password, Qt.Key.Key_Return)
    assert dialog.user == {"user": "Hằng", "roles": ("teller",)}


def test_login_language_switch(app, qtbot):
    dialog = LoginDialog(authenticate)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    qtbot.waitUntil(lambda: dialog.sign_in_button.text() == "Sign in", timeout=1000)
    assert dialog.username_label.text() == "&Username"
    assert i18n.current_language() == "en"


# --- look: bundled font, fits 1366×768 --------------------------------------------------------

def test_the_bundled_font_is_used_and_covers_the_labels(window, app):
    assert QFontInfo(app.font()).family() == "Noto Sans"
    metrics = QFontMetrics(app.font())
    text = "".join(VI_NAV) + "DỮ LIỆU MẪU Nguyễn Thị Hằng Đặng Hường Ỷ Ỹ ỵ ự ở"
    assert all(metrics.inFontUcs4(ord(ch)) for ch in text if not ch.isspace())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_nothing_is_clipped_at_1366x768(window, app, qtbot, lang, tmp_path):
    i18n.install_translator(app, lang)
    app.processEvents()
    nav = window.nav
    assert nav.sizeHintForColumn(0) <= nav.viewport().width()
    bar_widgets = [window.user_label, window.point_label, window.date_label, window.sync_label]
    needed = sum(w.sizeHint().width() for w in bar_widgets) + \
        window.language_button.sizeHint().width() + 60
    assert needed <= theme.SCREEN[0]
    for label in bar_widgets:
        assert label.width() >= label.sizeHint().width() - 1, label.text()

    out = Path(os.environ.get("SBPDESK_UI_CHECK_DIR", tmp_path)) / f"shell-{lang}.png"
    grab_screenshot(window, out)
    image = QImage(str(out))
    assert (image.width(), image.height()) == theme.SCREEN
