"""The main window: navigation on the left, pages in a stack, status bar, demo banner.

Pages register with `add_page(key, page, title)`; the navigation shows them in registration
order, Ctrl+1 … Ctrl+9 jump to the first nine, F1 opens the keyboard help. `page` may also be
a factory (a callable returning the page): the page is then built the first time it is shown
or asked for with `page(key)` (`page_created` fires), so start-up builds only the page shown
first (issue 7); the navigation lists every page either way. Titles are source strings of
the "Nav" context (mark them with `QT_TRANSLATE_NOOP("Nav", …)`), translated whenever they
are shown, so switching language re-labels everything. The status bar shows the
signed-in user and role, the point, the business date, the sync state (“chưa đồng bộ” until
sync exists) and a busy indicator fed by the worker.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sbpdesk.domain.dates import format_date

from . import i18n
from .i18n import Retranslating
from .pages import Page
from .theme import WINDOW_SIZE, DemoBanner

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

ROLE_NAMES = {
    "teller": QT_TRANSLATE_NOOP("Roles", "Giao dịch viên"),
    "controller": QT_TRANSLATE_NOOP("Roles", "Kiểm soát viên"),
    "credit_officer": QT_TRANSLATE_NOOP("Roles", "Cán bộ tín dụng"),
    "manager": QT_TRANSLATE_NOOP("Roles", "Lãnh đạo phòng giao dịch"),
    "admin": QT_TRANSLATE_NOOP("Roles", "Quản trị hệ thống"),
    "accountant": QT_TRANSLATE_NOOP("Roles", "Kế toán"),
    "director": QT_TRANSLATE_NOOP("Roles", "Giám đốc phòng giao dịch"),
}


def role_name(code: str) -> str:
    """The role's Vietnamese name; never the code (issue 14)."""
    source = ROLE_NAMES.get(code) or QT_TRANSLATE_NOOP("Roles", "Người dùng")
    return translate("Roles", source)


@dataclass(frozen=True)
class StatusInfo:
    """What the status bar shows; built by the shell from the signed-in book."""

    user: str = ""                    # display name
    roles: tuple[str, ...] = ()       # role codes
    point: str = ""                   # point name
    business_date: dt.date | None = None
    sync: str | None = None           # None: not synchronised yet
    lease_holder: str | None = None   # which laptop holds the session lease
    office: str = ""                  # the office's name, in the office window (no point)


class MainWindow(Retranslating, QMainWindow):
    """See the module docstring."""

    page_changed = Signal(str)
    page_created = Signal(str)        # a page registered as a factory was just built
    language_requested = Signal(str)

    def __init__(self, worker=None, demo: bool = False, parent: QWidget | None = None, *,
                 office: bool = False):
        super().__init__(parent)
        self.worker = worker
        self.office = office              # the transaction office's window (issue 16)
        self._keys: list[str] = []
        self._titles: dict[str, str] = {}
        self._pages: dict[str, QWidget] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._status = StatusInfo()
        self._help: QDialog | None = None

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.demo_banner = DemoBanner()
        outer.addWidget(self.demo_banner)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        outer.addLayout(body, 1)

        self.nav = QListWidget()
        self.nav.setObjectName("Nav")
        self.nav.setFixedWidth(250)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setWordWrap(True)          # a long translation wraps instead of being cut
        self.nav.currentRowChanged.connect(self._nav_row_changed)
        self.nav.itemActivated.connect(lambda _item: self._focus_page())
        body.addWidget(self.nav)

        right = QVBoxLayout()
        right.setContentsMargins(16, 10, 16, 8)
        right.setSpacing(8)
        self.page_title = QLabel()
        self.page_title.setObjectName("PageTitle")
        right.addWidget(self.page_title)
        self.stack = QStackedWidget()
        right.addWidget(self.stack, 1)
        body.addLayout(right, 1)
        self.setCentralWidget(central)

        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.user_label = QLabel()
        self.point_label = QLabel()
        self.date_label = QLabel()
        self.sync_label = QLabel()
        self.busy_label = QLabel()
        self.language_button = QPushButton()
        self.language_button.setFlat(True)
        self.language_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language_button.clicked.connect(self._toggle_language)
        for widget in (self.user_label, self.point_label, self.date_label, self.sync_label):
            bar.addWidget(widget)
        bar.addPermanentWidget(self.busy_label)
        bar.addPermanentWidget(self.language_button)

        self._shortcuts: list[QShortcut] = []
        for n in range(1, 10):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n}"), self)
            shortcut.activated.connect(lambda n=n: self.show_page_number(n))
            self._shortcuts.append(shortcut)
        help_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        help_shortcut.activated.connect(self.show_help)
        self._shortcuts.append(help_shortcut)

        if worker is not None and hasattr(worker, "busy_changed"):
            worker.busy_changed.connect(self._set_busy)
        self.setTabOrder(self.nav, self.stack)
        self.set_demo(demo)
        self.resize(*WINDOW_SIZE)
        self.translate_ui()

    # --- pages --------------------------------------------------------------------------------

    def add_page(self, key: str, page: QWidget | Callable[[], QWidget],
                 title: str | None = None) -> None:
        """Register `page` (or a factory of it, see the module docstring) under `key`;
        `title` is a "Nav" source string (default: `page.title_source`, or the key for a
        factory). A key registered again replaces the old page in place."""
        lazy = callable(page) and not isinstance(page, QWidget)
        if title is None:
            title = key if lazy else (getattr(page, "title_source", "") or key)
        index = -1
        if key in self._titles:
            self._factories.pop(key, None)
            old = self._pages.pop(key, None)
            if old is not None:
                index = self.stack.indexOf(old)
                self.stack.removeWidget(old)
                old.deleteLater()
        else:
            self._keys.append(key)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self._titles[key] = title
        if lazy:
            self._factories[key] = page
        else:
            self._install(key, page, index)
        self._label_nav()
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)
        elif self.current_key() == key:
            self._show(key)

    def _install(self, key: str, page: QWidget, index: int = -1) -> None:
        if isinstance(page, Page) and page.worker is None:
            page.worker = self.worker
        self.stack.insertWidget(index, page)
        self._pages[key] = page

    def page(self, key: str) -> QWidget:
        """The page under `key`, built now if it was registered as a factory."""
        if key not in self._pages and key in self._factories:
            self._install(key, self._factories.pop(key)())
            self.page_created.emit(key)
        return self._pages[key]

    def is_built(self, key: str) -> bool:
        return key in self._pages

    def keys(self) -> list[str]:
        return list(self._keys)

    def current_key(self) -> str | None:
        row = self.nav.currentRow()
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self._keys.index(key))

    def show_page_number(self, n: int) -> None:
        """Ctrl+n: the n-th page of the navigation (1-based)."""
        if 1 <= n <= len(self._keys):
            self.show_page(self._keys[n - 1])
            self._focus_page()

    def _nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._keys):
            key = self._keys[row]
            if not self._may_leave(key):
                self._select_quietly(self._key_of_current())   # back to the page being left
                return
            self._select_quietly(key)
            self._show(key)

    def _select_quietly(self, key: str) -> None:
        """The navigation's highlight on `key` without asking or showing anything."""
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self._keys.index(key))
        self.nav.blockSignals(False)

    def _key_of_current(self) -> str:
        page = self.stack.currentWidget()
        return next(k for k, p in self._pages.items() if p is page)

    def _may_leave(self, key: str) -> bool:
        """Leaving a page with unsaved entries asks (issue 14): keep as draft, save (then go
        on to `key` once the save is in the book), discard, or stay."""
        from .pages import ask_unsaved
        page = self.stack.currentWidget()
        if not isinstance(page, Page) or page is self._pages.get(key):
            return True
        what = page.unsaved()
        if not what:
            return True
        # While the question is up, the navigation still shows the page it is about.
        self._select_quietly(self._key_of_current())
        choice = ask_unsaved(self, page, self._unsaved_text(self._key_of_current(), what))
        if choice == "draft":
            return page.keep_draft()
        if choice == "discard":
            page.discard()
            return True
        if choice == "save":
            page.save_then(lambda: self.show_page(key))
        return False

    def _unsaved_text(self, key: str, what: str) -> str:
        return translate("MainWindow", "Trang “{page}” còn số liệu chưa lưu: {what}.").format(
            page=self._title(key), what=what)

    def _show(self, key: str) -> None:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self.page_title.setText(self._title(key))
        if isinstance(page, Page):
            page.refresh()
        self.page_changed.emit(key)

    def _focus_page(self) -> None:
        page = self.stack.currentWidget()
        if page is not None:
            page.setFocus(Qt.FocusReason.ShortcutFocusReason)
            page.focusNextChild()

    def _title(self, key: str) -> str:
        return translate("Nav", self._titles[key])

    def _label_nav(self) -> None:
        for row, key in enumerate(self._keys):
            item = self.nav.item(row)
            number = f"{row + 1}  " if row < 9 else "    "
            item.setText(number + self._title(key))
            item.setToolTip(f"Ctrl+{row + 1}" if row < 9 else "")

    # --- status -------------------------------------------------------------------------------

    def set_status(self, info: StatusInfo) -> None:
        self._status = info
        self._label_status()

    def status(self) -> StatusInfo:
        return self._status

    def set_demo(self, demo: bool) -> None:
        self.demo_banner.setVisible(demo)

    def _set_busy(self, busy: bool) -> None:
        self.busy_label.setText(translate("MainWindow", "Đang xử lý…")
                                if busy else "")

    def _label_status(self) -> None:
        info = self._status
        roles = ", ".join(role_name(r) for r in info.roles)
        user = info.user or translate("MainWindow", "chưa đăng nhập")
        self.user_label.setText(translate("MainWindow", "Người dùng: {user}").format(user=user)
                                + (f" ({roles})" if roles else ""))
        if self.office:
            self.point_label.setText(translate("MainWindow", "Phòng giao dịch: {office}")
                                     .format(office=info.office or "—"))
        else:
            self.point_label.setText(translate("MainWindow", "Điểm giao dịch: {point}")
                                     .format(point=info.point or "—"))
        self.date_label.setText(translate("MainWindow", "Ngày giao dịch: {date}").format(
            date=format_date(info.business_date) if info.business_date else "—"))
        self.sync_label.setVisible(not self.office)    # the office is the other end of sync
        sync = info.sync or translate("MainWindow", "chưa đồng bộ")
        self.sync_label.setText(translate("MainWindow", "Đồng bộ: {state}").format(state=sync))
        self.sync_label.setToolTip(
            translate("MainWindow", "Máy giữ phiên: {holder}").format(holder=info.lease_holder)
            if info.lease_holder else "")

    # --- closing ------------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        """Nothing typed is lost without a word, and an open session is not forgotten: ask
        about each page's unsaved entries (keep as draft / save / discard / stay), then remind
        of an open session (issue 14)."""
        if self.confirm_close():
            event.accept()
        else:
            event.ignore()

    def confirm_close(self) -> bool:
        from . import errors
        from .pages import ask_unsaved
        title = translate("MainWindow", "Thoát chương trình")
        for key, page in list(self._pages.items()):
            what = page.unsaved() if isinstance(page, Page) else ""
            if not what:
                continue
            choice = ask_unsaved(self, page, self._unsaved_text(key, what), closing=True)
            if choice == "save":            # closes once saved; a refusal stays on the page
                self.show_page(key)
                page.save_then(self.close)
                return False
            if choice == "stay" or (choice == "draft" and not page.keep_draft()):
                self.show_page(key)
                return False
            if choice == "discard":
                page.discard()
        state = getattr(self, "state", None)
        session = getattr(state, "session", None)
        if session is not None:
            choice = errors.ask(self, title, translate(
                "MainWindow", "Phiên giao dịch ngày {date} vẫn đang mở: cuối buổi cần kiểm đếm "
                "tiền mặt và đóng phiên. Phiên vẫn giữ nguyên khi mở lại chương trình.").format(
                date=format_date(session.business_date)),
                [("quit", translate("MainWindow", "Thoát, đóng phiên sau")),
                 ("session", translate("MainWindow", "Đến trang Phiên giao dịch"))], "session")
            if choice != "quit":
                if "session" in self._keys:
                    self.show_page("session")
                return False
        return True

    # --- language and help --------------------------------------------------------------------

    def _toggle_language(self) -> None:
        lang = "en" if i18n.current_language() == "vi" else "vi"
        self.language_requested.emit(lang)
        i18n.install_translator(QApplication.instance(), lang)

    def translate_ui(self) -> None:
        self.setWindowTitle(translate("MainWindow", "sbpdesk — Phòng giao dịch NHCSXH")
                            if self.office else
                            translate("MainWindow", "sbpdesk — Điểm giao dịch NHCSXH"))
        self._label_nav()
        key = self.current_key()
        if key is not None:
            self.page_title.setText(self._title(key))
        self._label_status()
        other = "en" if i18n.current_language() == "vi" else "vi"
        self.language_button.setText(i18n.LANGUAGES[other])
        self.language_button.setToolTip(translate("MainWindow", "Đổi ngôn ngữ giao diện"))
        if self.busy_label.text():
            self._set_busy(True)

    def help_text(self) -> str:
        lines = [translate("MainWindow", "Phím tắt:")]
        for row, key in enumerate(self._keys[:9]):
            lines.append(f"Ctrl+{row + 1}\t{self._title(key)}")
        lines.append("F1\t" + translate("MainWindow", "Trợ giúp (cửa sổ này)"))
        lines.append("Tab / Shift+Tab\t"
                     + translate("MainWindow", "Chuyển sang ô kế tiếp / ô trước"))
        lines.append("Enter\t" + translate(
            "MainWindow", "Xác nhận ô đang nhập; trong một ô nhập: bấm nút chính của trang"))
        page = self.stack.currentWidget()
        keys = page.shortcuts() if isinstance(page, Page) else []
        if keys:
            lines.append("")
            lines.append(translate("MainWindow", "Trên trang “{page}”:").format(
                page=self._title(self.current_key() or "")))
            lines.extend(f"{k}\t{what}" for k, what in keys)
        return "\n".join(lines)

    def show_help(self) -> None:
        """F1: the keyboard help, non-modal so the officer can keep working."""
        if self._help is None:
            self._help = QDialog(self)
            layout = QVBoxLayout(self._help)
            self._help_label = QLabel()
            layout.addWidget(self._help_label)
            buttons = QDialogButtonBox()
            self._help_close = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
            buttons.rejected.connect(self._help.close)
            layout.addWidget(buttons)
        self._help.setWindowTitle(translate("MainWindow", "Trợ giúp"))
        self._help_close.setText(translate("MainWindow", "Đóng"))
        self._help_label.setText(self.help_text())
        self._help.show()
        self._help.raise_()
