"""The GUI entry point: `sbpdesk` (no arguments) and `sbpdesk gui …` call `run`.

With no data folder it opens the default one (`paths.data_dir()`, or SBPDESK_DATA_DIR): the
book there if it holds one, else the demo's point book `<data>/demo/point`, building the demo
first (`demo.point.build_point_demo(<data>/demo)`: an office and a laptop enrolled at it
through the real enrolment files) on the worker thread behind a
progress dialog. Then the sign-in dialog — shown at once, before the book is open: the worker
opens the book behind it and the sign-in is queued behind the open (`open_sign_in`; issue 7,
docs/decisions/0044-start-up-first-window.md) — then the main window with every page in its
navigation (each page is built when first shown). All database work runs on the one
`DbWorker` thread.

`run(screenshot=OUT.png, page=…)` renders that page offscreen without a login (signed in as
the book's teller; the sheet, borrower and loan pages show the first group, borrower and
loan; `about` is the About dialog) and exits — for the docs and for reviews.
"""
from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import sys
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
    book_role: str = "point"          # "office": the office window (issue 16)
    office_name: str = ""


def pin_bool_singletons() -> None:
    """Work around PySide6 6.12.0: `SignalInstance.emit()` returns `True` without taking a
    reference, so every signal emitted from Python steals one reference to `True`; after a
    few thousand emits (a morning at a session) the interpreter aborts with "bool_dealloc".
    Python 3.12 makes True/False immortal; on older Pythons give them a reference count that
    can never run out. Harmless where the bug is fixed."""
    if sys.version_info >= (3, 12) or hasattr(sys, "getobjects"):   # immortal / debug build
        return
    import ctypes
    for singleton in (True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


def pause_gc() -> None:
    """Start-up (issue 7): importing PySide6, SQLAlchemy, the models and the services makes a
    few hundred thousand objects that live as long as the program, and the cyclic collector
    walks them again at each of its full runs (about a tenth of the import time). Paused
    until the main window is shown (`resume_gc`)."""
    gc.disable()


def resume_gc() -> None:
    """Move everything start-up made out of the collector's way (`gc.freeze`) and turn the
    collector back on. No collection first (it would cost what the pause saved): the few
    hundred cyclic objects start-up leaves unreachable stay frozen, i.e. are never freed."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


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
    from sbpdesk.services import reference, sessions, ui_queries
    points = ui_queries.laptop_points(book)
    session = None if book.is_office else sessions.current_session(book)
    code = session.point_code if session else (points[0].code if points else "")
    user = book.user
    result = Workplace(user.username, user.full_name, tuple(sorted(user.roles)), book.demo,
                       book.today(), points, code, session, str(book.data_dir or ""),
                       book.role or "point", reference.office_name(book))
    return result


def sign_in_as_teller(book, page: str = "home") -> Workplace:
    """Screenshots: sign in as the book's first active teller, without a password; on an
    office book, as its first active user who sees `page` (ui/office.py)."""
    from sbpdesk.services import users
    from sbpdesk.services.context import User
    rows = [u for u in users.list_users(book) if u.active]
    row = next((u for u in rows if "teller" in u.roles), rows[0])
    if book.is_office:
        from sbpdesk.ui.office import visible_pages
        row = next((u for u in rows if page in visible_pages(u.roles)), row)
    book.user = User(row.username, row.full_name, frozenset(row.roles))
    return load_workplace(book)


def make_state(workplace: Workplace):
    from sbpdesk.ui.pages.common import AppState
    return AppState(username=workplace.username, full_name=workplace.full_name,
                    roles=workplace.roles, data_dir=Path(workplace.data_dir) if
                    workplace.data_dir else None, demo=workplace.demo, today=workplace.today,
                    points=workplace.points, point_code=workplace.point_code,
                    session=workplace.session, book_role=workplace.book_role,
                    office_name=workplace.office_name)


def page_class(key: str) -> type:
    """The page of a navigation key. Each page's module is imported only when the page is
    first built (issue 7: start-up builds only the home page), so the imports stay here."""
    match key:
        case "home":
            from sbpdesk.ui.pages.home import HomePage
            return HomePage
        case "session":
            from sbpdesk.ui.pages.session import SessionPage
            return SessionPage
        case "sheet":
            from sbpdesk.ui.pages.sheet import SheetPage
            return SheetPage
        case "borrower":
            from sbpdesk.ui.pages.borrowers import BorrowersPage
            return BorrowersPage
        case "loan":
            from sbpdesk.ui.pages.loan import LoanPage
            return LoanPage
        case "application":
            from sbpdesk.ui.pages.application import ApplicationPage
            return ApplicationPage
        case "reports":
            from sbpdesk.ui.pages.reports import ReportsPage
            return ReportsPage
        case "sync":
            from sbpdesk.ui.pages.sync import SyncPage
            return SyncPage
        case "settings":
            from sbpdesk.ui.pages.settings import SettingsPage
            return SettingsPage
    raise KeyError(key)


def build_window(worker, state):
    """The main window with every page in the navigation, wired to the shared state. Each
    page (and its module) is built the first time it is shown (issue 7: start-up builds only
    the home page); until the sync page exists the status bar's sync state comes with each
    load of the home page (or is loaded on its own when there is no home page to load)."""
    from sbpdesk.ui.main_window import StatusInfo
    from sbpdesk.ui.shell import build_main_window
    if state.is_office:
        from sbpdesk.ui.office import build_office_window
        return build_office_window(worker, state)

    def factory(key: str):
        def build():
            return page_class(key)(worker, state)
        return build

    sync_text: dict[str, str | None] = {"text": None}
    window = build_main_window(worker, status=StatusInfo(), demo=state.demo,
                               pages={key: factory(key) for key in PAGES})

    def status() -> StatusInfo:
        point = state.point
        sync = window.page("sync").short_status() if window.is_built("sync") else None
        sync = sync if sync is not None else sync_text["text"]
        return StatusInfo(user=state.full_name or state.username, roles=state.roles,
                          point=point.name if point else state.point_code,
                          business_date=state.business_date(), sync=sync,
                          lease_holder=(point.lease_device_name or point.lease_device_id)
                          if point else None)

    def created(key: str) -> None:
        if key == "sync":
            window.page("sync").status_loaded.connect(lambda: window.set_status(status()))

    def sync_loaded(s) -> None:
        from sbpdesk.ui.pages.sync_texts import sync_state_text
        sync_text["text"] = sync_state_text(s)
        window.set_status(status())

    def load_sync(book):
        from sbpdesk.services import sync_status
        return sync_status.sync_status(book)

    window.state = state
    window.set_status(status())
    window.page_created.connect(created)
    state.navigate.connect(window.show_page)
    state.session_changed.connect(lambda: window.set_status(status()))
    state.changed.connect(lambda: window.set_status(status()))
    home = window.page("home") if window.is_built("home") else None
    if home is not None and state.point_code:     # the home page's load brings the sync state
        home.loaded.connect(lambda: sync_loaded(home.sync))
    else:
        worker.read(load_sync, on_done=sync_loaded, name="sync status")
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


def start_worker(folder: Path, first, holder: dict[str, Any] | None = None,
                 db_url: str | None = None):
    """The `DbWorker` on the book in `folder`, with `first(book)` queued at once: the book is
    opened on the worker (SQLAlchemy imported, schema checked) while the GUI thread goes on
    importing and setting up the window (issue 7: start-up). Returns (worker, outcome), where
    `outcome` gets "result" or "error" once the task is delivered. A QApplication is made
    first if none exists (results are delivered through its event loop)."""
    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is None:
        QApplication(sys.argv[:1])
    worker = book_worker(folder, holder, db_url)
    outcome: dict[str, Any] = {}
    worker.read(first, on_done=lambda r: outcome.setdefault("result", r),
               on_error=lambda e: outcome.setdefault("error", e), name="open book")
    return worker, outcome


def book_worker(folder: Path, holder: dict[str, Any] | None = None,
                db_url: str | None = None):
    """A `DbWorker` whose first task opens the book in `folder` (kept in `holder["book"]`),
    or in the database `db_url` (an office on PostgreSQL; `folder` holds its backups and
    logs); nothing runs until a task is queued."""
    from sbpdesk.ui.worker import DbWorker
    holder = {} if holder is None else holder

    def factory():
        from sbpdesk.reports import month_end  # noqa: F401 - its cache hook (decision 0055)
        from sbpdesk.services import atrest, backup
        from sbpdesk.services.books import open_book
        if holder.get("book") is not None:
            return holder["book"]
        if db_url is None and atrest.locked(folder):
            return None   # encrypted: the sign-in unlocks it, then opens it (decision 0200)
        holder["book"] = open_book(folder, db_url=db_url)
        try:   # the day's first opening keeps a verified copy (docs/backup.md)
            backup.daily(holder["book"])
        except Exception:
            logging.getLogger("sbpdesk.backup").exception("daily backup failed")
        return holder["book"]
    holder["unlock"] = lambda username, password: _unlock(folder, username, password)
    holder["open"] = factory
    return DbWorker(factory)


def _unlock(folder: Path, username: str, password: str) -> None:
    from sbpdesk.services import atrest
    atrest.unlock(paths.book_path(folder), username, password)


NO_DISPLAY = (
    "Không có màn hình: sbpdesk cần màn hình để mở cửa sổ (DISPLAY và WAYLAND_DISPLAY đều "
    "trống).\n"
    "  Chạy trong màn hình ảo:   xvfb-run -a sbpdesk\n"
    "  Chụp một trang ra ảnh:    sbpdesk gui --screenshot trang.png --page home\n"
    "No display: sbpdesk needs one to open its window (DISPLAY and WAYLAND_DISPLAY are "
    "unset).\n"
    "  Run it in a virtual display:  xvfb-run -a sbpdesk\n"
    "  Or render a page to a PNG:    sbpdesk gui --screenshot page.png --page home\n")


def display_missing() -> bool:
    """Linux or BSD without X or Wayland, Qt's platform not chosen: Qt would abort with its
    own message about xcb plugins (issue 14, "first start"). Windows and macOS always have
    one."""
    if sys.platform.startswith(("win", "darwin")) or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def looks_like_demo(folder: Path) -> bool:
    """A guess that costs one stat, for the sign-in dialog shown before the book is open:
    the demo's layout (`<root>/point` beside `<root>/office`, as `sbpdesk demo` and the first
    run build it). The dialog is corrected when the book has opened (`book.demo`)."""
    return folder.name == "point" and paths.book_path(folder.parent / "office").exists()


def _is_demo(book) -> bool:
    return book is not None and book.demo   # None: encrypted, opened at the sign-in


def run(data_dir: str | None = None, screenshot: str | None = None, page: str = "home",
        lang: str | None = None, sign_in_shown: Any = None, bundle: str | None = None,
        db_url: str | None = None) -> int:
    """Start the GUI (see the module docstring); returns the exit status.
    `sign_in_shown(dialog)`, when given, is called once the sign-in dialog is shown and the
    book is opening behind it (bench/startup.py times start-up to that point). `bundle`, a
    `.sbpbundle` file opened from Explorer, opens the sync page on its folder."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif display_missing():
        sys.stderr.write(NO_DISPLAY)
        return 2
    pin_bool_singletons()
    holder: dict[str, Any] = {}
    worker = first = lock = None
    pause_gc()
    try:        # from here on, whatever happens, `finally` turns the collector back on
        folder, needs_demo = resolve_folder(data_dir) if not db_url else (
            Path(data_dir) if data_dir else paths.data_dir(os.environ.get("SBPDESK_DATA_DIR")),
            False)
        if screenshot and not needs_demo:   # open the book now, on the worker, while themed
            worker, first = start_worker(folder, lambda b: sign_in_as_teller(b, page),
                                         holder, db_url)
        from PySide6.QtCore import QSettings

        from sbpdesk.ui import errors, i18n
        from sbpdesk.ui.shell import create_application, grab_screenshot

        log_root = folder.parent.parent if needs_demo or folder.name == "point" else folder
        app = create_application(lang=i18n.DEFAULT_LANGUAGE,
                                 log_file=paths.logs_dir(log_root) / "sbpdesk.log")
        chosen = lang or QSettings().value("ui/language", i18n.DEFAULT_LANGUAGE)
        if chosen != i18n.DEFAULT_LANGUAGE:
            i18n.install_translator(app, str(chosen))
        errors.install_excepthook()

        if needs_demo:
            resume_gc()     # the demo build makes far more garbage than start-up saves
            if not _build_demo(folder.parent, screenshot is None):
                return 1
        if screenshot:
            if worker is None:
                worker, first = start_worker(folder, lambda b: sign_in_as_teller(b, page),
                                             holder, db_url)
            return _screenshot(worker, first, page, screenshot, grab_screenshot)
        from sbpdesk.ui.book_lock import claim_book
        lock = claim_book(folder)     # one running program per book (issue 14)
        if lock is None:
            return 1
        worker = book_worker(folder, holder, db_url)
        workplace = _login(worker, holder, demo=needs_demo or looks_like_demo(folder),
                           shown=sign_in_shown)
        if workplace is None:
            return 0
        lock.set_user(workplace.full_name or workplace.username)
        state = make_state(workplace)
        window = build_window(worker, state)
        window.idle_lock = _idle_lock(window, worker, holder, state)
        if bundle:
            window.show_page("sync")
            window.page("sync").use_folder(str(Path(bundle).resolve().parent))
        elif page and page in list(window.keys()):
            window.show_page(page)
        window.show()
        resume_gc()
        return app.exec()
    finally:
        resume_gc()
        if worker is not None:
            worker.close()
        if lock is not None:
            lock.release()


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
        from sbpdesk.demo.point import build_point_demo
        return build_point_demo(demo_root, progress=dialog.report)
    builder.run(build, on_done=lambda r: outcome.setdefault("ok", r),
                on_error=lambda e: errors.show_domain_error(dialog, e),
                on_finally=loop.quit, name="build demo")
    loop.exec()
    builder.close()
    dialog.close()
    return "ok" in outcome


def _idle_lock(window, worker, holder: dict[str, Any], state):
    """The idle screen lock (ui/idle.py): the signed-in user's password, checked on the worker
    with the lock-out of a sign-in."""
    from sbpdesk.ui.idle import IdleLock

    def authenticate(username: str, password: str):
        from sbpdesk.services import users
        return users.authenticate(holder["book"], username, password)
    return IdleLock(window, authenticate, state.username, worker=worker, demo=state.demo)


def open_sign_in(worker, holder: dict[str, Any], *, demo: bool = False):
    """The sign-in dialog, shown at once; then the book is opened on `worker` behind it.

    The person can type while the book opens. A sign-in pressed meanwhile is queued on the
    same worker, behind the open. When the open ends the dialog shows the demo banner and
    suggests the demo username (`demo` is only the guess shown until then), or shows why the
    book could not be opened (a DomainError, translated; a bug goes to the log and its
    dialog). The open is queued only after the dialog is painted, so importing SQLAlchemy on
    the worker does not hold up the first paint (issue 7: start-up)."""
    from PySide6.QtCore import QCoreApplication

    from sbpdesk.ui.login import DEMO_USERNAME, LoginDialog

    def authenticate(username: str, password: str):
        book = holder.get("book")      # runs on the worker thread, behind the open
        if book is None and "unlock" in holder:   # an encrypted book: unlocked by this sign-in
            holder["unlock"](username, password)
            book = holder["open"]()
        book.sign_in(username, password)
        return load_workplace(book)
    dialog = LoginDialog(authenticate, worker=worker, demo=demo,
                         username=DEMO_USERNAME if demo else "")
    dialog.setModal(True)
    dialog.show()
    QCoreApplication.processEvents()
    dialog.book_opening()
    worker.run(_is_demo, on_done=dialog.book_opened, on_error=dialog.book_failed,
               on_finally=dialog.book_settled, name="open book")
    return dialog


def _login(worker, holder: dict[str, Any], *, demo: bool = False, shown: Any = None) -> Any:
    """The workplace of whoever signs in, or None when the dialog is closed."""
    dialog = open_sign_in(worker, holder, demo=demo)
    if shown is not None:
        shown(dialog)
    if dialog.exec() != dialog.DialogCode.Accepted:
        return None
    return dialog.user


def _screenshot(worker, signed: dict[str, Any], page: str, out: str, grab) -> int:
    """`signed` is the outcome of the worker's first task, `sign_in_as_teller`; on an
    office book (issue 16) `page` is one of the office window's (ui/office.py)."""
    from PySide6.QtCore import QCoreApplication
    settle(worker)
    if "result" not in signed:
        if "error" in signed:     # offscreen: no one could close a message box
            print(f"{signed['error'].vi}\n{signed['error'].en}", file=sys.stderr)
        return 2
    state = make_state(signed["result"])
    window = build_window(worker, state)
    shown = list(window.keys())
    page, _, report = page.partition(":")      # "reports:strategy": that office report
    key = "settings" if page == "about" else page if page in shown else shown[0]
    if key in ("sheet", "borrower", "loan", "application"):
        show_examples(window, worker, key)
    if key == "reports" and report and window.office:
        chooser = window.page("reports").kind
        chooser.setCurrentIndex(max(0, chooser.findData(report)))
    window.show_page(key)
    settle(worker)
    for _ in range(3):
        time.sleep(0.05)
        QCoreApplication.processEvents()
        settle(worker)
    if page == "about":     # the About dialog, opened from the settings page
        from sbpdesk.ui.dialogs.about import open_about
        open_about(worker, window)
        settle(worker)
        print(grab(window._about_dialog, out, size=(720, 940)))
        return 0
    print(grab(window, out))
    return 0
