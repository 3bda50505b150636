"""The GUI entry point: `sbpdesk` (no arguments) and `sbpdesk gui …` call `run`.

With no data folder it opens the default one (`paths.data_dir()`, or SBPDESK_DATA_DIR): the
book there if it holds one, else the demo's point book `<data>/demo/point`, building the demo
first (`sync.demo.build_point_demo(<data>/demo)`: an office and a laptop enrolled at it
through the real enrolment files) on the worker thread behind a
progress dialog. Then the login dialog, then the main window with every page. All database
work runs on the one `DbWorker` thread.

`run(screenshot=OUT.png, page=…)` renders that page offscreen without a login (signed in as
the book's teller; the sheet, borrower and loan pages show the first group, borrower and
loan) and exits — for the docs and for reviews.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sbpdesk import paths

PAGES = ("home", "session", "sheet", "borrower", "loan", "application", "reports", "sync",
         "settings")


@dataclass(frozen=True)
class Workplace:
    """What the window needs once someone is signed in (built on the worker thread)."""
    username: str
    full_name: str
    roles: tuple[str, ...]
    demo: bool
    today: dt.date
    points: tuple[Any, ...]
    point_code: str
    session: Any
    data_dir: str


def pin_bool_singletons() -> None:
    """Work around PySide6 6.12.0: `SignalInstance.emit()` returns `True` without taking a
    reference, so every signal emitted from Python steals one reference to `True`; after a
    few thousand emits (a morning at a session) the interpreter aborts with "bool_dealloc".
    Python 3.12 makes True/False immortal; on older Pythons give them a reference count that
    can never run out. Harmless where the bug is fixed."""
    import sys
    if sys.version_info >= (3, 12) or hasattr(sys, "getobjects"):   # immortal / debug build
        return
    import ctypes
    for singleton in (True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


def resolve_folder(data_dir: str | os.PathLike | None) -> tuple[Path, bool]:
    """(the book's folder, whether the demo must be built there first)."""
    if data_dir:
        folder = Path(data_dir)
        if not paths.book_path(folder).exists() and paths.book_path(folder / "point").exists():
            folder = folder / "point"      # a demo root was given
        return folder, False
    base = paths.data_dir(os.environ.get("SBPDESK_DATA_DIR"))
    if paths.book_path(base).exists():
        return base, False
    demo_point = base / "demo" / "point"
    return demo_point, not paths.book_path(demo_point).exists()


def load_workplace(book) -> Workplace:
    """Runs on the worker thread, after sign-in."""
    from sbpdesk.services import sessions, ui_queries
    points = ui_queries.laptop_points(book)
    session = sessions.current_session(book)
    code = session.point_code if session else (points[0].code if points else "")
    user = book.user
    result = Workplace(user.username, user.full_name, tuple(sorted(user.roles)), book.demo,
                       book.today(), points, code, session, str(book.data_dir or ""))
    book.end_read()
    return result


def sign_in_as_teller(book) -> Workplace:
    """Screenshots: sign in as the book's first active teller, without a password."""
    from sbpdesk.services import users
    from sbpdesk.services.context import User
    rows = [u for u in users.list_users(book) if u.active]
    row = next((u for u in rows if "teller" in u.roles), rows[0])
    book.user = User(row.username, row.full_name, frozenset(row.roles))
    return load_workplace(book)


def make_state(workplace: Workplace):
    from sbpdesk.ui.pages.common import AppState
    return AppState(username=workplace.username, full_name=workplace.full_name,
                    roles=workplace.roles, data_dir=Path(workplace.data_dir) if
                    workplace.data_dir else None, demo=workplace.demo, today=workplace.today,
                    points=workplace.points, point_code=workplace.point_code,
                    session=workplace.session)


def build_window(worker, state):
    """The main window with every page, wired to the shared state."""
    from sbpdesk.ui.main_window import StatusInfo
    from sbpdesk.ui.pages.application import ApplicationPage
    from sbpdesk.ui.pages.borrowers import BorrowersPage
    from sbpdesk.ui.pages.home import HomePage
    from sbpdesk.ui.pages.loan import LoanPage
    from sbpdesk.ui.pages.reports import ReportsPage
    from sbpdesk.ui.pages.session import SessionPage
    from sbpdesk.ui.pages.settings import SettingsPage
    from sbpdesk.ui.pages.sheet import SheetPage
    from sbpdesk.ui.pages.sync import SyncPage
    from sbpdesk.ui.shell import build_main_window

    pages = {"home": HomePage(worker, state), "session": SessionPage(worker, state),
             "sheet": SheetPage(worker, state), "borrower": BorrowersPage(worker, state),
             "loan": LoanPage(worker, state), "application": ApplicationPage(worker, state),
             "reports": ReportsPage(worker, state), "sync": SyncPage(worker, state),
             "settings": SettingsPage(worker, state)}

    def status() -> StatusInfo:
        point = state.point
        return StatusInfo(user=state.full_name or state.username, roles=state.roles,
                          point=point.name if point else state.point_code,
                          business_date=state.business_date(),
                          sync=pages["sync"].short_status(),
                          lease_holder=point.lease_device_id if point else None)

    window = build_main_window(worker, status=status(), demo=state.demo, pages=pages)
    window.state = state
    state.navigate.connect(window.show_page)
    state.session_changed.connect(lambda: window.set_status(status()))
    state.changed.connect(lambda: window.set_status(status()))
    pages["sync"].status_loaded.connect(lambda: window.set_status(status()))
    pages["sync"].load_status()
    return window


def settle(worker, rounds: int = 6) -> None:
    """Let chained worker tasks (a page's load starting another) all finish."""
    from PySide6.QtCore import QCoreApplication
    for _ in range(rounds):
        worker.wait_idle(30_000)
        QCoreApplication.processEvents()
        if not worker.is_busy():
            QCoreApplication.processEvents()
            if not worker.is_busy():
                break


def show_examples(window, worker, page: str) -> None:
    """Screenshots: the first group on the sheet, the first borrower, the first loan."""
    state = window.state
    result: dict[str, Any] = {}

    def examples(book):
        from sbpdesk.services import customers, ui_queries
        ex = ui_queries.first_examples(book, state.point_code)
        person = None
        if ex.household_id:
            household = customers.get_household(book, ex.household_id)
            person = next((m for m in household.members if m.id == ex.person_id), None)
        return ex, person.full_name if person else ""
    worker.run(examples, on_done=lambda r: result.setdefault("ex", r))
    settle(worker)
    ex, name = result.get("ex", (None, ""))
    if ex is None:
        return
    state.group_id, state.loan_id, state.household_id = ex.group_id, ex.loan_id, ex.household_id
    if page == "borrower" and name:
        borrowers = window.page("borrower")
        borrowers.search.setText(name)
        borrowers.search.search_now()
    if page == "application" and name:
        app_page = window.page("application")
        app_page.search.setText(name)
        app_page.search.search_now()


def run(data_dir: str | None = None, screenshot: str | None = None, page: str = "home",
        lang: str | None = None) -> int:
    """Start the GUI (see the module docstring); returns the exit status."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    pin_bool_singletons()
    from PySide6.QtCore import QSettings

    from sbpdesk.ui import errors, i18n
    from sbpdesk.ui.shell import create_application, grab_screenshot
    from sbpdesk.ui.worker import DbWorker

    folder, needs_demo = resolve_folder(data_dir)
    log_root = folder.parent.parent if needs_demo or folder.name == "point" else folder
    app = create_application(lang=i18n.DEFAULT_LANGUAGE,
                             log_file=paths.logs_dir(log_root) / "sbpdesk.log")
    chosen = lang or QSettings().value("ui/language", i18n.DEFAULT_LANGUAGE)
    if chosen != i18n.DEFAULT_LANGUAGE:
        i18n.install_translator(app, str(chosen))
    errors.install_excepthook()

    if needs_demo:
        if not _build_demo(folder.parent, screenshot is None):
            return 1

    holder: dict[str, Any] = {}

    def factory():
        from sbpdesk.services.context import open_book
        holder["book"] = open_book(folder)
        return holder["book"]
    worker = DbWorker(factory)
    try:
        if screenshot:
            return _screenshot(worker, page, screenshot, grab_screenshot)
        workplace = _login(worker, holder)
        if workplace is None:
            return 0
        state = make_state(workplace)
        window = build_window(worker, state)
        if page and page in PAGES:
            window.show_page(page)
        window.show()
        return app.exec()
    finally:
        worker.close()


def _build_demo(demo_root: Path, show: bool) -> bool:
    from PySide6.QtCore import QEventLoop

    from sbpdesk.ui import errors
    from sbpdesk.ui.dialogs.progress import DemoProgressDialog
    from sbpdesk.ui.worker import DbWorker

    builder = DbWorker()
    dialog = DemoProgressDialog(str(demo_root))
    if show:
        dialog.show()
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def build(_ctx):
        from sbpdesk.sync.demo import build_point_demo
        return build_point_demo(demo_root)
    builder.run(build, on_done=lambda r: outcome.setdefault("ok", r),
                on_error=lambda e: errors.show_domain_error(dialog, e),
                on_finally=loop.quit, name="build demo")
    loop.exec()
    builder.close()
    dialog.close()
    return "ok" in outcome


def _login(worker, holder) -> Any:
    from sbpdesk.ui.login import LoginDialog

    demo: dict[str, bool] = {}
    worker.run(lambda book: book.demo, on_done=lambda d: demo.setdefault("demo", d),
               on_error=lambda e: demo.setdefault("error", e))
    settle(worker)
    signed: dict[str, Any] = {}

    def authenticate(username: str, password: str):
        book = holder["book"]          # runs on the worker thread: the book is open
        book.sign_in(username, password)
        return load_workplace(book)
    dialog = LoginDialog(authenticate, worker=worker, demo=bool(demo.get("demo")),
                         username="teller" if demo.get("demo") else "")
    if "error" in demo:
        dialog.general_error.show_error(demo["error"])
    if dialog.exec() != LoginDialog.DialogCode.Accepted:
        return None
    signed["workplace"] = dialog.user
    return signed["workplace"]


def _screenshot(worker, page: str, out: str, grab) -> int:
    from PySide6.QtCore import QCoreApplication
    result: dict[str, Any] = {}
    worker.run(sign_in_as_teller, on_done=lambda w: result.setdefault("w", w))
    settle(worker)
    if "w" not in result:
        return 2
    state = make_state(result["w"])
    window = build_window(worker, state)
    key = page if page in PAGES else "home"
    if key in ("sheet", "borrower", "loan", "application"):
        show_examples(window, worker, key)
    window.show_page(key)
    settle(worker)
    for _ in range(3):
        time.sleep(0.05)
        QCoreApplication.processEvents()
        settle(worker)
    print(grab(window, out))
    return 0
