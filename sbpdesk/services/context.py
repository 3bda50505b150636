"""The open book: one database handle, who is signed in, the book's identity and the clock.

`Book` is what every service takes first. It holds the SQLAlchemy session (`db`), the role
(`office` or `point`), the origin its operations are written under, the office code, the demo
flag, the signed-in user, a cached `Refs` (rebuilt when reference data changes) and `today()`
— the one place a service reads the clock, in Vietnam time. `book.transaction()` is one write
transaction (BEGIN IMMEDIATE on SQLite); services never commit. `services.books` opens and
creates books; this module sits below the subject services and imports only `auth` and `refs`
(decision 0055).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session as DbSession

from sbpdesk.db.checkpoint import Checkpointer
from sbpdesk.db.engine import WRITE, sqlite_file
from sbpdesk.db.models import BookSetting
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import auth, journal, refs

# Re-exported: callers that know them from here keep working.
from sbpdesk.services.auth import User as User
from sbpdesk.services.auth import hash_password as hash_password
from sbpdesk.services.auth import verify_password as verify_password

ROLES = auth.ROLES
BOOK_ROLES = ("office", "point")
GENESIS = "0" * 64
# Vietnam has kept UTC+7 without daylight saving since 1975; a fixed offset avoids needing
# the tz database (Windows has none unless the tzdata wheel is installed).
VIETNAM = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")


def app_version() -> str:
    from sbpdesk.version import version
    return version()


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

    def put_setting(self, key: str, value: str) -> None:
        """Write a setting in one statement (INSERT … ON CONFLICT DO UPDATE, inside a
        transaction): two transactions writing the same new key at once both succeed and the
        later wins, where get-then-insert fails the second on PostgreSQL (a duplicate key)."""
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stmt = insert(BookSetting.__table__).values(key=key, value=value)
        self.db.execute(stmt.on_conflict_do_update(index_elements=["key"],
                                                   set_={"value": stmt.excluded.value}))
        loaded = self.db.identity_map.get(self.db.identity_key(BookSetting, key))
        if loaded is not None:      # a row this session read earlier is stale now
            self.db.expire(loaded)
        self._settings[key] = value

    def delete_setting(self, key: str) -> None:
        """Remove a book setting (inside a transaction)."""
        row = self.db.get(BookSetting, key)
        if row is not None:
            self.db.delete(row)
        self._settings.pop(key, None)

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
            self._refs = refs.build(self.db)
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
            journal.number_feed(self.db)   # last: the feed head is locked up to the commit
            self.db.commit()
        except BaseException:
            journal.forget_feed(self.db)
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
        self.user = self.verify(username, password)
        return self.user

    def verify(self, username: str, password: str) -> User:
        """The user whose password this is, with lock-out (auth.FREE_TRIES, growing delays):
        a failure is recorded in the book, a success clears the count. Inside a caller's
        transaction nothing is recorded (its rollback would undo it)."""
        name, now = (username or "").strip().lower(), self.now()
        try:
            try:
                auth.check_not_locked(self.db, name, now)
                user = auth.authenticate(self.db, name, password)
            finally:
                if not self._depth:
                    self._end_read()
        except DomainError as exc:
            if exc.code == "login_failed":
                self.record_failure(name)
            raise
        if not self._depth and auth.lock_state(self.db, name).failures:
            with self.transaction():
                auth.clear_failures(self.db, name)
        elif not self._depth:
            self._end_read()
        return user

    def record_failure(self, username: str) -> None:
        if not self._depth:
            with self.transaction():
                auth.record_failure(self.db, username, self.now())

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.close()
        self.db.close()
        self.engine.dispose()
