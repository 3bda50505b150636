"""WAL checkpoints run on the book's own thread after its commits, not inside them
(decision 0046); SQLite's automatic checkpoint stays on as a backstop."""
from __future__ import annotations

import sqlite3

from sbpdesk import paths
from sbpdesk.db.checkpoint import BACKSTOP_PAGES
from sbpdesk.db.models import BookSetting


def _in_the_database_file(data_dir, tmp_path, key):
    """The value of setting `key` as the database file alone holds it (without its WAL):
    what checkpoints have copied back so far."""
    copy = tmp_path / "file-only.sqlite"
    copy.write_bytes(paths.book_path(data_dir).read_bytes())
    con = sqlite3.connect(copy)
    try:
        row = con.execute("SELECT value FROM book_setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def _write_many(book, n=3000):
    """About 1.500 WAL pages: more than SQLite's default automatic checkpoint (1.000)."""
    with book.transaction():
        for k in range(n):
            book.db.add(BookSetting(key=f"test.filler.{k:05d}", value="x" * 2000))


def test_the_connections_keep_sqlites_checkpoint_only_as_a_backstop(office):
    pages = office.db.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    assert pages == BACKSTOP_PAGES


def test_a_commit_wakes_the_thread_that_copies_the_wal_back(office, tmp_path):
    _write_many(office)
    assert office.checkpoints.wait(timeout=30)
    assert _in_the_database_file(office.data_dir, tmp_path, "test.filler.02999") == "x" * 2000


def test_the_commit_itself_leaves_the_wal_to_the_thread(office, tmp_path):
    assert office.checkpoints.wait(timeout=30)   # the set-up's commits copied back
    office.checkpoints.close()                   # then no thread: what a commit alone does
    office.checkpoints = None
    _write_many(office)
    assert _in_the_database_file(office.data_dir, tmp_path, "test.filler.02999") is None
    assert office.db.get(BookSetting, "test.filler.02999").value == "x" * 2000


def test_close_stops_the_thread_and_the_book_reopens_whole(office, clock):
    from sbpdesk.services.books import open_book
    _write_many(office, 200)
    thread = office.checkpoints._thread
    data_dir = office.data_dir
    office.close()
    assert thread is not None and not thread.is_alive()
    again = open_book(data_dir, clock=clock)
    try:
        assert again.setting("test.filler.00199") == "x" * 2000
    finally:
        again.close()


def test_a_thread_that_cannot_open_the_file_leaves_no_waiter_hanging(tmp_path, caplog):
    from sbpdesk.db.checkpoint import Checkpointer
    ck = Checkpointer(tmp_path / "no-such-folder" / "book.sqlite")
    ck.kick()
    assert ck.wait(timeout=10)          # the failed thread released its kicks
    ck.kick()                           # and the next kick tries again, in a new thread
    assert ck.wait(timeout=10)
    ck.close()
    assert "checkpoint thread" in caplog.text


def test_no_thread_to_be_had_does_not_fail_the_commit(office, monkeypatch):
    import threading
    assert office.checkpoints.wait(timeout=30)
    office.checkpoints.close()          # a fresh one, whose first kick must start a thread
    from sbpdesk.db.checkpoint import Checkpointer
    office.checkpoints = Checkpointer(paths.book_path(office.data_dir))

    def refuse(self):
        raise RuntimeError("can't start new thread")
    monkeypatch.setattr(threading.Thread, "start", refuse)
    with office.transaction():
        office.db.add(BookSetting(key="test.after", value="kept"))
    monkeypatch.undo()
    assert office.db.get(BookSetting, "test.after").value == "kept"
    assert office.checkpoints.wait(timeout=5)
