"""Two imports of one laptop's bundles arriving at once at an office on PostgreSQL both record
its last contact (an upsert): the first contact ever of a laptop written get-then-insert made
the second transaction fail on the duplicate key (skipped without SBPDESK_TEST_PG_URL)."""
from __future__ import annotations

import threading
import time

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from sbpdesk.services.books import open_book
from sbpdesk.sync import office_view
from tests.conftest import make_office


def waiting_on_a_lock(engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.scalar(text(
            "select count(*) from pg_stat_activity where datname = current_database() "
            "and wait_event_type = 'Lock'")))


def test_two_first_contacts_at_once_both_recorded(tmp_path, clock, pg_url):
    make_office(tmp_path / "office", clock, db_url=pg_url).close()
    first = open_book(tmp_path / "office", db_url=pg_url, clock=clock)
    second = open_book(tmp_path / "office", db_url=pg_url, clock=clock)
    watcher = create_engine(pg_url, poolclass=NullPool)
    errors: list[BaseException] = []

    def second_import() -> None:
        try:
            with second.transaction():
                office_view.note_contact(second, "L-RACE", "second.sbpbundle")
        except BaseException as exc:      # reported to the test's thread
            errors.append(exc)

    try:
        tx = first.transaction()
        tx.__enter__()
        office_view.note_contact(first, "L-RACE", "first.sbpbundle")
        first.db.flush()                  # the first import's row is written, not committed
        racing = threading.Thread(target=second_import)
        racing.start()
        deadline = time.monotonic() + 60
        while not waiting_on_a_lock(watcher) and racing.is_alive():
            assert time.monotonic() < deadline, "the second import never met the first"
            time.sleep(0.05)
        tx.__exit__(None, None, None)     # the first import commits
        racing.join(60)
        assert not racing.is_alive()
        assert errors == []
        first.reload_settings()
        contact = office_view._contact(first, "L-RACE")
        assert contact["bundle"] == "second.sbpbundle"    # the later one wins
    finally:
        first.close()
        second.close()
        watcher.dispose()
