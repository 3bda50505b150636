"""Open and create books. Every `Book` a program uses comes from here.

`open_book` upgrades an existing book (backing it up first) and signs in when asked;
`init_book` creates one (an office book records its admin as a `user.set` operation). This
module sits above the subject services and imports every one of them, so the kinds they
register (deciders, appliers, account kinds) are all there once a book is open — no
`importlib` dispatch (decision 0055).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from sbpdesk import paths
from sbpdesk.db import migrate
from sbpdesk.db.engine import open_engine
from sbpdesk.db.models import AppUser, OriginHead
from sbpdesk.domain.errors import DomainError

# The subject modules: importing them registers their kinds (kinds.DECIDERS, APPLIERS).
from sbpdesk.services import (  # noqa: F401
    applications,
    atrest,
    auth,
    backup,
    collections,
    customers,
    devices,
    groups,
    loans,
    opening,
    payables,
    places,
    plans,
    reconciliation,
    reference,
    refold,
    relief,
    reversals,
    savings,
    sessions,
    users,
)
from sbpdesk.services.context import (
    BOOK_ROLES,
    GENESIS,
    Book,
    User,
    app_version,
    hash_password,
)


def _engine_for(data_dir: Path, db_url: str | None) -> Engine:
    data_dir.mkdir(parents=True, exist_ok=True)
    return open_engine(db_url or paths.book_path(data_dir))


def open_book(data_dir: str | Path, *, db_url: str | None = None, user: str | None = None,
              password: str | None = None,
              clock: Callable[[], dt.datetime] | None = None) -> Book:
    """Open (and if needed upgrade) an initialised book; sign in when `user` is given."""
    data_dir = Path(data_dir)
    if db_url is None and not paths.book_path(data_dir).exists():
        raise DomainError("book_missing",
                          f"Chưa có sổ dữ liệu trong {data_dir}. Hãy khởi tạo (sbpdesk init).",
                          f"No book in {data_dir}. Create one first (sbpdesk init).")
    if db_url is None and user is not None and atrest.locked(data_dir):
        # an encrypted book: the sign-in unlocks it first (decision 0200)
        atrest.unlock(paths.book_path(data_dir), user, password or "",
                      clock() if clock else None)
    engine = _engine_for(data_dir, db_url)
    try:
        migrate.upgrade_book(engine, data_dir)
    except BaseException:
        engine.dispose()
        raise
    book = Book(engine, data_dir, clock=clock)
    atrest.install(book)   # each user's copy of the key follows their password
    if not book.role:
        book.close()
        raise DomainError("book_not_initialised", "Sổ dữ liệu chưa được khởi tạo.",
                          "The book has not been initialised.")
    # projections of an older release's fold rebuilt from the journal (decision 0105)
    refold.refold_if_needed(book)
    backup.install(book)   # a verified copy after each session close
    if user is not None:
        book.sign_in(user, password or "")
    return book


def init_book(data_dir: str | Path, role: str, office_code: str | None = None, *,
              admin_password: str, demo: bool = False, db_url: str | None = None,
              clock: Callable[[], dt.datetime] | None = None) -> Book:
    """Create a new book. An office book writes under its office code and records its admin
    as a `user.set` operation; a point laptop gets only a local admin until enrolment."""
    if role not in BOOK_ROLES:
        raise DomainError("bad_role", f"Vai trò sổ không hợp lệ: {role}",
                          f"Unknown book role: {role}")
    if role == "office" and not office_code:
        raise DomainError("office_code_missing", "Sổ phòng giao dịch cần mã phòng.",
                          "An office book needs its office code.", field="office_code")
    data_dir = Path(data_dir)
    engine = _engine_for(data_dir, db_url)
    try:
        migrate.upgrade_book(engine, data_dir)
    except BaseException:
        engine.dispose()
        raise
    book = Book(engine, data_dir, clock=clock)
    if book.role:
        book.close()
        raise DomainError("book_exists", f"Đã có sổ dữ liệu trong {data_dir}.",
                          f"A book already exists in {data_dir}.")
    with book.transaction():
        book.set_setting("role", role)
        book.set_setting("demo", "1" if demo else "0")
        book.set_setting("app_version", app_version())
        book.set_setting("schema", migrate.head_revision())
        refold.mark_current(book)
        if role == "office":
            book.set_setting("office_code", office_code)
            book.set_setting("origin", office_code)
            book.db.add(OriginHead(origin=office_code, seq=0, hash=GENESIS))
    admin = User("admin", "Quản trị", frozenset({"admin"}))
    with book.transaction():
        if role == "office":
            book.user = admin
            users.set_user(book, "admin", "Quản trị", ["admin"], admin_password,
                           business_date=book.today())
        else:
            auth.check_password_strength(admin_password, "admin", demo=demo)
            book.db.add(AppUser(username="admin", full_name="Quản trị", roles="admin",
                                password_hash=hash_password(admin_password), active=True))
    book.user = None
    backup.install(book)
    return book
