"""Assembles the GUI: the application object, the main window with its nine pages, screenshots.

`create_application()` makes the QApplication with the bundled font, theme and translator
(Vietnamese unless told otherwise). `build_main_window()` registers every entry of `NAV`, in
that order (Ctrl+1 … Ctrl+9): the page given for it — a page, or a factory building it when
first shown (`MainWindow.add_page`) — or a placeholder, so the navigation is always complete.
`grab_screenshot()` renders a window offscreen to PNG for `sbpdesk gui --screenshot` and for
reviews.

`python -m sbpdesk.ui.shell --screenshot OUT.png [--lang en] [--demo]` shows the bare shell.

The main window's modules are imported when a main window is built, not with this module:
`create_application()` comes before the sign-in dialog, the first window (issue 7: start-up).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from . import errors, i18n
from .theme import SCREEN, apply_theme

if TYPE_CHECKING:
    from .main_window import MainWindow, StatusInfo

# Keys match `sbpdesk gui --page …`; titles are "Nav" source strings.
NAV: tuple[tuple[str, str], ...] = (
    ("home", QT_TRANSLATE_NOOP("Nav", "Trang chủ")),
    ("session", QT_TRANSLATE_NOOP("Nav", "Phiên giao dịch")),
    ("sheet", QT_TRANSLATE_NOOP("Nav", "Bảng kê thu tổ (13/TD)")),
    ("borrower", QT_TRANSLATE_NOOP("Nav", "Khách hàng")),
    ("loan", QT_TRANSLATE_NOOP("Nav", "Khoản vay")),
    ("application", QT_TRANSLATE_NOOP("Nav", "Hồ sơ vay mới")),
    ("reports", QT_TRANSLATE_NOOP("Nav", "Báo cáo")),
    ("sync", QT_TRANSLATE_NOOP("Nav", "Đồng bộ")),
    ("settings", QT_TRANSLATE_NOOP("Nav", "Cài đặt")),
)


def create_application(argv: list[str] | None = None, lang: str = i18n.DEFAULT_LANGUAGE,
                       log_file: Path | None = None) -> QApplication:
    """The QApplication (reused if one exists), themed and translated."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName("NHCSXH")
    QCoreApplication.setApplicationName("sbpdesk")
    if log_file is not None:
        errors.configure_logging(log_file)
    apply_theme(app)
    i18n.install_translator(app, lang)
    return app


def build_main_window(worker=None, *, status: StatusInfo | None = None, demo: bool = False,
                      pages: Mapping[str, QWidget | Callable[[], QWidget]] | None = None,
                      nav: tuple[tuple[str, str], ...] = NAV, office: bool = False
                      ) -> MainWindow:
    """A main window with every `nav` entry (the laptop's NAV unless told): the given pages
    (or their factories, built when first shown), placeholders for the others; the first
    entry is shown. `office`: the transaction office's window (ui/office.py)."""
    from .main_window import MainWindow, StatusInfo
    from .pages import PlaceholderPage
    window = MainWindow(worker=worker, demo=demo, office=office)
    pages = dict(pages or {})
    for key, title in nav:
        page = pages.pop(key, None) or PlaceholderPage(title, worker)
        window.add_page(key, page, title)
    for key, page in pages.items():     # extra pages after the standard ones
        window.add_page(key, page)
    window.set_status(status or StatusInfo())
    window.show_page(nav[0][0])
    return window


def grab_screenshot(widget: QWidget, path: Path | str, size: tuple[int, int] = SCREEN) -> Path:
    """Lay `widget` out at `size` (1366×768 by default) and save a PNG of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.resize(*size)
    widget.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def demo_status() -> StatusInfo:
    """A plausible status for screenshots of the bare shell."""
    from .main_window import StatusInfo
    return StatusInfo(user="Nguyễn Thị Hằng", roles=("teller",), point="Xã Tân Phước",
                      business_date=dt.date(2026, 3, 5))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sbpdesk.ui.shell")
    parser.add_argument("--screenshot", type=Path, required=True)
    parser.add_argument("--lang", default="vi", choices=sorted(i18n.LANGUAGES))
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--page", default="home", choices=[k for k, _ in NAV])
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_application(lang=args.lang)
    window = build_main_window(status=demo_status(), demo=args.demo)
    window.show_page(args.page)
    print(grab_screenshot(window, args.screenshot))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
