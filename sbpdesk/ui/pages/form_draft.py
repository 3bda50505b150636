"""A form's draft kept in the book (issue 14: what was typed on a form vanished on a page
switch, on closing the window or in a power cut).

`FormDraft` keeps what its page's `typed()` returns under a key (`services.drafts.keep_form`:
a book setting, not the journal — nobody's decision yet) a moment after each change; the page
shows it again when it loads with an empty form and removes it in the transaction that posts
the form. The loan page keeps one per loan, the session page one for its opening form and
one for its closing count. (The application page's older mixin does the same by hand.)
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

QUIET_MS = 400   # keep the draft this long after the last keystroke


class FormDraft(QObject):
    def __init__(self, page, typed: Callable[[], dict]):
        super().__init__(page)
        self.page = page
        self.typed = typed
        self.key: str | None = None
        self.restoring = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(QUIET_MS)
        self.timer.timeout.connect(self.keep)

    def watch(self, *signals) -> None:
        for signal in signals:
            signal.connect(lambda *_: self.changed())

    def changed(self) -> None:
        if not self.restoring and self.key:
            self.timer.start()

    def set_key(self, key: str | None) -> None:
        """A form for something else (another loan, session): what is pending is kept under
        the old key first."""
        if key != self.key:
            if self.timer.isActive():
                self.keep()
            self.key = key

    def keep(self) -> bool:
        """Keep what is typed now (nothing typed: the draft goes)."""
        self.timer.stop()
        worker = self.page.worker
        if worker is None or not self.key:
            return False
        if worker.is_closed():          # the program is ending: kept at the last change
            return True
        key, fields = self.key, self.typed()

        def keep(book):
            from sbpdesk.services import drafts
            drafts.keep_form(book, key, fields)
        worker.write(keep, name="keep form draft")
        return True

    def forget(self) -> None:
        self.timer.stop()
        worker, key = self.page.worker, self.key
        if worker is None or worker.is_closed() or not key:
            return

        def forget(book):
            from sbpdesk.services import drafts
            drafts.discard_form(book, key)
        worker.write(forget, name="discard form draft")

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Fill the form from the program (a restore, a reset): no draft is written."""
        self.restoring = True
        try:
            yield
        finally:
            self.restoring = False
