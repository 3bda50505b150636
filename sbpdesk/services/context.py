"""The open book: one database handle, who is signed in, the book's identity and the clock.

`Book` is what every service takes first. It holds the SQLAlchemy session (`db`), the role
(`office` or `point`), the origin its operations are written under, the office code, the demo
flag, the signed-in user, a cached `Refs` (rebuilt when reference data changes) and `today()`
— the one place a service reads the clock, in Vietnam time. `book.transaction()` is one write
transaction (BEGIN IMMEDIATE on SQLite); services never commit. `open_book` upgrades an
existing book (backing it up first) and `init_book` creates one.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session as DbSession

from sbpdesk import paths
from sbpdesk.db import migrate
from sbpdesk.db.checkpoint import Checkpointer
from sbpdesk.db.engine import WRITE, open_engine, sqlite_file
from sbpdesk.db.models import AppUser, BookSetting, OriginHead
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import backup

ROLES = ("teller", "controller", "accountant", "director", "admin")
BOOK_ROLES = ("office", "point")
GENESIS = "0" * 64
# Vietnam has kept UTC+7 without daylight saving since 1975; a fixed offset avoids needing
# the tz database (Windows has none unless the tzdata wheel is installed).
VIETNAM = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")

_hasher = PasswordHasher()  # argon2id with the library's current defaults


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("sbpdesk")
    except PackageNotFoundError:
        return "0.0.0"


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    roles: frozenset[str]

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class Book:
    """An open book. Construct it with `open_book` or `init_book`."""

    def __init__(self, engine: Engine, data_dir: Path | None, *,
                 clock: Callable[[], dt.datetime] | None = None):
        self.engine = engine
        self.data_dir = Path(data_dir) if data_dir else None
        self.db = DbSession(engine, expire_on_commit=False, autoflush=True)
        self.user: User | None = None
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._settings: dict[str, str] = {}
        self._refs: Any = None
        self._depth = 0
        self._batch: dict | None = None   # posting.batch(): accounts folded at its end
        self._batch_suspense: set[str] = set()   # and the operations its folds put in suspense
        path = sqlite_file(engine)
        self.checkpoints = Checkpointer(path) if path else None
        self.reload_settings()

    # --- identity -------------------------------------------------------------------------
    def reload_settings(self) -> None:
        self._settings = {s.key: s.value for s in self.db.scalars(select(BookSetting))}
        self._end_read()

    def setting(self, key: str, default: str | None = None) -> str | None:
        return self._settings.get(key, default)

    def set_setting(self, key: str, value: str) -> None:
        """Write a book setting (inside a transaction), e.g. the origin at enrolment."""
        row = self.db.get(BookSetting, key)
        if row is None:
            self.db.add(BookSetting(key=key, value=value))
        else:
            row.value = value
        self._settings[key] = value

    @property
    def role(self) -> str:
        return self._settings.get("role", "")

    @property
    def origin(self) -> str:
        """The origin this book writes under; empty on a point laptop not yet enrolled."""
        return self._settings.get("origin", "")

    @property
    def office_code(self) -> str | None:
        return self._settings.get("office_code")

    @property
    def device_id(self) -> str | None:
        return self._settings.get("device_id")

    @property
    def demo(self) -> bool:
        return self._settings.get("demo") == "1"

    @property
    def is_office(self) -> bool:
        return self.role == "office"

    # --- clock ----------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        """UTC now; informational only (recorded_at)."""
        return self._clock().astimezone(dt.UTC)

    def today(self) -> dt.date:
        """Today's date in Vietnam."""
        return self._clock().astimezone(VIETNAM).date()

    # --- reference data -------------------------------------------------------------------
    @property
    def refs(self) -> Any:
        """The domain `Refs` built from the book's reference data, cached."""
        if self._refs is None:
            from sbpdesk.services import reference  # lazily: reference registers kinds
            self._refs = reference.build_refs(self)
        return self._refs

    def invalidate_refs(self) -> None:
        self._refs = None

    # --- transactions ---------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[DbSession]:
        """One write transaction; nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.db
            finally:
                self._depth -= 1
            return
        self._end_read()
        self.db.connection(execution_options=WRITE)  # BEGIN IMMEDIATE on SQLite
        self._depth = 1
        try:
            yield self.db
            self.db.commit()
        except BaseException:
            self.db.rollback()
            self.invalidate_refs()
            self.reload_settings()
            raise
        finally:
            self._depth = 0
        if self.checkpoints is not None:   # committed: nothing after this may undo it
            self.checkpoints.kick()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def _end_read(self) -> None:
        # A read-only transaction left open would pin an old WAL snapshot; writes start fresh.
        if self._depth == 0 and self.db.in_transaction():
            self.db.rollback()

    def end_read(self) -> None:
        """Close a read snapshot (call after a batch of queries)."""
        self._end_read()

    def sign_in(self, username: str, password: str) -> User:
        from sbpdesk.services import users
        self.user = users.authenticate(self, username, password)
        return self.user

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.close()
        self.db.close()
        self.engine.dispose()


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
    engine = _engine_for(data_dir, db_url)
    try:
        migrate.upgrade_book(engine, data_dir)
    except BaseException:
        engine.dispose()
        raise
    book = Book(engine, data_dir, clock=clock)
    if not book.role:
        book.close()
        raise DomainError("book_not_initialised", "Sổ dữ liệu chưa được khởi tạo.",
                          "The book has not been initialised.")
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
        if role == "office":
            book.set_setting("office_code", office_code)
            book.set_setting("origin", office_code)
            book.db.add(OriginHead(origin=office_code, seq=0, hash=GENESIS))
    admin = User("admin", "Quản trị", frozenset({"admin"}))
    with book.transaction():
        if role == "office":
            from sbpdesk.services import users
            book.user = admin
            users.set_user(book, "admin", "Quản trị", ["admin"], admin_password,
                           business_date=book.today())
        else:
            book.db.add(AppUser(username="admin", full_name="Quản trị", roles="admin",
                                password_hash=hash_password(admin_password), active=True))
    book.user = None
    backup.install(book)
    return book
