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
import sqlite3
import threading
from pathlib import Path

BACKSTOP_PAGES = 16384   # 64 MB of 4 KB pages
BUSY_TIMEOUT_MS = 15000

log = logging.getLogger(__name__)


class Checkpointer:
    """Checkpoints one SQLite file on a daemon thread, started at the first `kick`."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._wanted = threading.Event()
        self._idle = threading.Condition()
        self._busy = False
        self._stop = False
        self._thread: threading.Thread | None = None

    def kick(self) -> None:
        """A commit happened: checkpoint soon (kicks during a checkpoint make one more)."""
        with self._idle:
            if self._stop:
                return
            self._busy = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sbpdesk-checkpoint",
                                                daemon=True)
                self._thread.start()
        self._wanted.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Until every kick so far has been followed by a checkpoint; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._busy, timeout)

    def close(self) -> None:
        """Stop the thread after the checkpoint it may be running."""
        with self._idle:
            self._stop = True
        self._wanted.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        con = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            con.execute("PRAGMA synchronous=FULL")
            while True:
                self._wanted.wait()
                self._wanted.clear()
                if self._stop:
                    return
                self._checkpoint(con)
                with self._idle:
                    if not self._wanted.is_set():
                        self._busy = False
                        self._idle.notify_all()
        finally:
            con.close()
            with self._idle:
                self._busy = False
                self._idle.notify_all()

    def _checkpoint(self, con: sqlite3.Connection) -> None:
        try:
            con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:   # another checkpointer at work, a disk error: next kick
            log.warning("WAL checkpoint of %s failed: %s", self.path, exc)
