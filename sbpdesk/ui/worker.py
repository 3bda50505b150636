"""One background thread for all database work, results back on the GUI thread (Anki's taskman).

Every call into the services goes through `DbWorker.run(fn, on_done, on_error)`. The worker
owns a single thread (a `ThreadPoolExecutor(max_workers=1)`), so database work is serialized
and the GUI never freezes: no two tasks touch the book at once, and SQLite sees one thread.

`fn(ctx)` runs on that thread. `ctx` is what the worker's `context_factory` returned (the
services' `Book`), created lazily on the worker thread on first use, because SQLite
connections belong to the thread that opened them. `fn` must return plain values — frozen
dataclasses, tuples of them, ints, strings — never ORM objects or anything bound to the
database session; a result carrying SQLAlchemy instance state is refused as a bug.

NEVER touch widgets inside `fn`: no reading a line edit, no setting a label, no message box.
Read what you need from the widgets before calling `run`, capture it in the closure, and
update widgets in `on_done`, which runs on the GUI thread.

Outcomes, delivered on the GUI thread through one queued Qt signal:
- success → `on_done(result)`;
- `DomainError` → `on_error(error)` (a readable refusal to show next to a field); without an
  `on_error`, a message box shows it;
- any other exception → logged with its traceback to the log file and shown in a dialog that
  names the file (`errors.report_unexpected`); `on_error` is not called for bugs;
- in every case `on_finally()` afterwards, e.g. to enable the Save button again.

Example::

    def save(self):
        rows = self.model.rows()                      # read widgets on the GUI thread
        self.worker.run(lambda book: collections.save_group(book, self.group_id, rows),
                        on_done=self.saved, on_error=self.show_field_error,
                        on_finally=lambda: self.save_button.setEnabled(True))

`read(fn, …)` and `write(fn, …)` are the two ways pages use it: `read` closes the read
snapshot after `fn` (a read left open would pin an old WAL snapshot), and `write` runs `fn`
inside one `book.transaction()` — the write owns the transaction, so a verb and the query
that follows it commit or roll back together. `run` is the bare form (no book handling).

`busy_changed(bool)` fires when the first task starts and when the last one ends; the main
window shows a busy indicator from it.
"""
from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, Qt, Signal

from sbpdesk.domain.errors import DomainError

from . import errors

log = logging.getLogger(__name__)


@dataclass
class _Task:
    fn: Callable[[Any], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[DomainError], None] | None
    on_finally: Callable[[], None] | None
    name: str


def _name(fn: Callable) -> str:
    return getattr(fn, "__name__", "task")


class NotPlainResult(TypeError):
    """A task returned something bound to the database (an ORM object)."""


def check_plain(result: Any) -> None:
    """Refuse results that carry SQLAlchemy instance state (looked at two levels deep)."""
    def bound(value: Any) -> bool:
        return hasattr(value, "_sa_instance_state")
    items: list[Any] = [result]
    if isinstance(result, (list, tuple, set, frozenset)):
        items.extend(itertools.islice(result, 20))
    elif isinstance(result, dict):
        items.extend(itertools.islice(result.values(), 20))
    if any(bound(item) for item in items):
        raise NotPlainResult("a worker task must return plain dataclasses, not ORM objects")


class DbWorker(QObject):
    """Runs database work on one background thread; see the module docstring."""

    busy_changed = Signal(bool)
    # (task id, outcome "done"|"domain"|"bug", payload); emitted on the worker thread,
    # received on the GUI thread through a queued connection.
    _finished = Signal(int, str, object)

    def __init__(self, context_factory: Callable[[], Any] | None = None, parent=None):
        super().__init__(parent)
        self._factory = context_factory
        self._context: Any = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sbpdesk-db")
        self._tasks: dict[int, _Task] = {}
        self._ids = itertools.count(1)
        self._thread_id: int | None = None
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # --- GUI thread ---------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """Tasks submitted whose callbacks have not run yet."""
        return len(self._tasks)

    def is_closed(self) -> bool:
        return self._closed

    def is_busy(self) -> bool:
        return bool(self._tasks)

    def set_context_factory(self, factory: Callable[[], Any] | None) -> None:
        """Use another book from the next task on (e.g. after choosing a data folder).

        The old context is closed on the worker thread, after the tasks already queued.
        """
        self._executor.submit(self._swap_context, factory)

    def run(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[DomainError], None] | None = None, *,
            on_finally: Callable[[], None] | None = None, name: str = "") -> int:
        """Queue `fn(ctx)` on the database thread; returns a task id. See the module docstring."""
        if self._closed:
            raise RuntimeError("DbWorker is closed")
        task_id = next(self._ids)
        self._tasks[task_id] = _Task(fn, on_done, on_error, on_finally,
                                     name or getattr(fn, "__name__", "task"))
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)
        self._executor.submit(self._execute, task_id, fn)
        return task_id

    def read(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[DomainError], None] | None = None, **kw: Any) -> int:
        """`run` a query: the book's read snapshot is closed after `fn`, whatever happens."""
        def task(book: Any) -> Any:
            try:
                return fn(book)
            finally:
                end = getattr(book, "end_read", None)
                if callable(end):
                    end()
        return self.run(task, on_done, on_error, name=kw.pop("name", "") or _name(fn), **kw)

    def write(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[DomainError], None] | None = None, **kw: Any) -> int:
        """`run` a write: `fn` runs in one `book.transaction()`, committed when it returns and
        rolled back when it raises."""
        def task(book: Any) -> Any:
            with book.transaction():
                return fn(book)
        return self.run(task, on_done, on_error, name=kw.pop("name", "") or _name(fn), **kw)

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Process events until every task has been delivered (tests, --screenshot)."""
        deadline = QDeadlineTimer(timeout_ms)
        while self._tasks and not deadline.hasExpired():
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents()
            threading.Event().wait(0.002)
        return not self._tasks

    def close(self, wait: bool = True) -> None:
        """Stop taking work, finish what is queued, close the context on its own thread."""
        if self._closed:
            return
        self._closed = True
        self._executor.submit(self._swap_context, None)
        self._executor.shutdown(wait=wait)

    def _deliver(self, task_id: int, outcome: str, payload: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task is None:
            return
        try:
            if outcome == "done":
                if task.on_done is not None:
                    task.on_done(payload)
            elif outcome == "domain":
                if task.on_error is not None:
                    task.on_error(payload)  # type: ignore[arg-type]
                else:
                    errors.show_domain_error(self._dialog_parent(), payload)  # type: ignore
            else:
                errors.report_unexpected(payload, self._dialog_parent())  # type: ignore
        except Exception as exc:
            errors.report_unexpected(exc, self._dialog_parent())
        finally:
            try:
                if task.on_finally is not None:
                    task.on_finally()
            except Exception as exc:
                errors.report_unexpected(exc, self._dialog_parent())
            if not self._tasks:
                self.busy_changed.emit(False)

    def _dialog_parent(self):
        from PySide6.QtWidgets import QApplication
        return QApplication.activeWindow()

    # --- worker thread ------------------------------------------------------------------------

    def _execute(self, task_id: int, fn: Callable[[Any], Any]) -> None:
        self._thread_id = threading.get_ident()
        try:
            if self._context is None and self._factory is not None:
                self._context = self._factory()
            result = fn(self._context)
            check_plain(result)
        except DomainError as exc:
            self._finished.emit(task_id, "domain", exc)
        except BaseException as exc:
            self._finished.emit(task_id, "bug", exc)
        else:
            self._finished.emit(task_id, "done", result)

    def _swap_context(self, factory: Callable[[], Any] | None) -> None:
        old, self._context, self._factory = self._context, None, factory
        close = getattr(old, "close", None)
        if callable(close):
            try:
                close()
            except Exception:
                log.exception("closing the database context failed")
