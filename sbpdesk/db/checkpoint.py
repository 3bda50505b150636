"""WAL checkpoints behind the writer (docs/decisions/0046-checkpoints-behind-the-writer.md).

In WAL mode a commit appends pages to `book.sqlite-wal`; a checkpoint copies them back into
`book.sqlite`. SQLite runs it inside the commit that takes the WAL past
`wal_autocheckpoint` pages, so an office import that writes 5.000 pages paid 0,25–0,3 s of
disk copying before its commit returned. A book's commits now wake a thread of its own,
with its own connection, that runs PASSIVE checkpoints (they never wait for readers or the
writer) while the next import computes. SQLite's automatic checkpoint stays as a backstop
at `BACKSTOP_PAGES`, for connections without a thread and for a thread that falls behind.
Durability is unchanged: a commit still syncs the WAL (`synchronous=FULL`).
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from sbpdesk.db import cipher

BACKSTOP_PAGES = 16384   # 64 MB of 4 KB pages
BUSY_TIMEOUT_MS = 15000

log = logging.getLogger(__name__)


class Checkpointer:
    """Checkpoints one SQLite file on a daemon thread, started at the first `kick` (and again
    if it ever stopped on an error). Never raises into the committing caller."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._cond = threading.Condition()
        self._kicks = 0      # kicks not yet followed by a checkpoint begun after them
        self._stop = False
        self._thread: threading.Thread | None = None

    def kick(self) -> None:
        """A commit happened: checkpoint soon (kicks during a checkpoint make one more)."""
        with self._cond:
            if self._stop:
                return
            self._kicks += 1
            if self._thread is None or not self._thread.is_alive():
                thread = threading.Thread(target=self._run, name="sbpdesk-checkpoint",
                                          daemon=True)
                try:
                    thread.start()
                except RuntimeError:   # no thread to be had: the backstop checkpoints
                    log.exception("cannot start the WAL checkpoint thread of %s", self.path)
                    self._kicks = 0
                    return
                self._thread = thread
            self._cond.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Until every kick so far has been followed by a checkpoint; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._kicks == 0, timeout)

    def close(self) -> None:
        """Stop the thread after the checkpoint it may be running."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        con = None
        try:
            con = cipher.connect(self.path, isolation_level=None, check_same_thread=False)
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            con.execute("PRAGMA synchronous=FULL")
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._kicks or self._stop)
                    if self._stop:
                        return
                    taken = self._kicks
                self._checkpoint(con)
                with self._cond:
                    self._kicks -= taken
                    self._cond.notify_all()
        except Exception:   # the next kick starts a new thread; meanwhile, the backstop
            log.exception("the WAL checkpoint thread of %s stopped", self.path)
        finally:
            if con is not None:
                con.close()
            with self._cond:
                self._kicks = 0
                self._cond.notify_all()

    def _checkpoint(self, con) -> None:
        try:
            con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except cipher.errors():   # another checkpointer at work, a disk error: the next kick
            log.exception("WAL checkpoint of %s failed", self.path)
