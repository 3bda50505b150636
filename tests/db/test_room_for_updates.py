"""PostgreSQL books keep room on each page of the tables an import rewrites (decision 0270):
an update of columns no index holds is then a HOT update (no new entry in any index), even
where the rows were loaded by COPY; a book without the room gets it when it is opened."""
from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sbpdesk.db import bulk, migrate
from sbpdesk.db.engine import open_engine
from sbpdesk.db.models import AccountSnapshot

SNAPSHOT = AccountSnapshot.__table__
ROOMY = {"account_snapshot": ["fillfactor=85"], "savings_account": ["fillfactor=85"],
         "loan": ["fillfactor=85"], "instalment": ["fillfactor=85"]}


@pytest.fixture
def engine(pg_url):
    eng = open_engine(pg_url)
    migrate.upgrade_book(eng, None)
    yield eng
    eng.dispose()


def options(engine) -> dict:
    with engine.connect() as conn:
        return dict(conn.execute(text(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN "
            "('account_snapshot', 'savings_account', 'loan', 'instalment')")).all())


def test_a_new_book_keeps_room_on_the_pages_of_the_tables_an_import_rewrites(engine):
    assert options(engine) == ROOMY


def test_a_book_without_the_room_gets_it_when_opened_and_keeps_its_rows(engine):
    row = {"account_kind": "loan", "account_id": "a" * 36, "state": b"{}", "point_code": "P01",
           "outstanding": 7, "principal_overdue": 0, "principal_frozen": 0, "suspense": 0}
    with Session(engine) as db:
        bulk.insert_rows(db, SNAPSHOT, [row])
        for table in ROOMY:            # as a book written before decision 0270
            db.execute(text(f'ALTER TABLE "{table}" RESET (fillfactor)'))
        db.commit()
    assert options(engine) == dict.fromkeys(ROOMY)
    assert migrate.make_room(engine) == list(ROOMY)
    assert options(engine) == ROOMY
    assert migrate.make_room(engine) == []            # once
    with Session(engine) as db:
        assert db.scalar(select(SNAPSHOT.c.outstanding)) == 7


def test_a_snapshot_update_after_a_copy_adds_no_index_entry(engine):
    rows = [{"account_kind": "loan", "account_id": f"{k:036d}", "state": b"x" * 1200,
             "last_op_id": None, "last_date": None, "point_code": "P01", "group_id": "g",
             "household_id": f"h{k}", "programme_code": "HN", "organisation_code": "HPN",
             "status": "current", "outstanding": 0, "principal_overdue": 0,
             "principal_frozen": 0, "suspense": 0, "needs_update": False}
            for k in range(300)]
    with Session(engine) as db:
        bulk.insert_rows(db, SNAPSHOT, rows)     # COPY: pages filled up to the fill factor
        db.commit()
        # one row in five (a page holds five of these rows, and room for one more version;
        # the old versions are pruned before the next transaction's updates need the room)
        bulk.update_rows(db, SNAPSHOT, ("account_kind", "account_id"),
                         ("state", "outstanding"),
                         [dict(r, state=b"y" * 1200, outstanding=5) for r in rows[::5]])
        hot, updated = db.execute(text(
            "SELECT n_tup_hot_upd, n_tup_upd FROM pg_stat_xact_user_tables "
            "WHERE relname = 'account_snapshot'")).one()
        db.commit()
        assert db.scalar(select(SNAPSHOT.c.outstanding).where(
            SNAPSHOT.c.account_id == rows[0]["account_id"])) == 5
    assert (hot, updated) == (60, 60)


def test_processes_opening_a_book_at_once_rewrite_it_once(engine):
    """Ten servers' processes open the book together: one makes the room, the others wait
    for it and find it made (each rewrite holds its tables for seconds at province scale)."""
    import threading
    import time

    import psycopg
    with engine.connect() as conn:
        for table in ROOMY:
            conn.execute(text(f'ALTER TABLE "{table}" RESET (fillfactor)'))
        conn.commit()
    url = engine.url
    blocker = psycopg.connect(host=url.host, port=url.port, user=url.username,
                              password=url.password, dbname=url.database)
    blocker.execute("LOCK TABLE instalment IN SHARE MODE")   # the first stops at its last
    got: dict[str, list] = {}

    def run(name):
        eng = open_engine(engine.url.render_as_string(hide_password=False))
        try:
            got[name] = migrate.make_room(eng)
        finally:
            eng.dispose()

    def waiting(kind: str) -> int:
        with engine.connect() as conn:
            return conn.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND wait_event = :kind"), {"kind": kind})

    first = threading.Thread(target=run, args=("first",))
    first.start()
    for _ in range(300):       # the first holds its rewrites and waits for the instalments
        if waiting("relation"):
            break
        time.sleep(0.05)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    for _ in range(300):       # the second has seen the tables lacking room, and waits
        if waiting("advisory") or waiting("relation") > 1:
            break
        time.sleep(0.05)
    blocker.rollback()
    blocker.close()
    first.join(60)
    second.join(60)
    assert got == {"first": list(ROOMY), "second": []}
    assert options(engine) == ROOMY
