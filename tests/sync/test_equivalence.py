"""Arrival order does not matter: the same bundles imported into a second office book in
another order give the same canonical dump of every account.

Three laptop sessions (partial and paid-from-savings collections, a registration, an 09/TD
and an 08/TD request, a reversal); between them the office records a freeze and a counter
payment; one bundle arrives after month end. Office A imports as they come; office B (a copy
of A taken right after enrolment) receives the late bundle first, the rest reversed, and the
office's own decisions last. The laptop, after the return bundle, matches for its accounts.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable

import pytest
from sqlalchemy import select

from sbpdesk import paths
from sbpdesk.db.models import (
    AccountSnapshot,
    Ack,
    Household,
    Operation,
    Person,
    SavingsMovement,
)
from sbpdesk.services import journal, posting, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.books import open_book
from tests.conftest import PW
from tests.sync.test_enrol import fast_kdf  # noqa: F401
from tests.sync.test_exchange import D1, as_user, collect, export, imp, loan_pair, on

DAYS = (dt.date(2026, 4, 15), dt.date(2026, 5, 15), dt.date(2026, 6, 15))


def canonical_dump(book, account_ids=None):
    snaps = {(s.account_kind, s.account_id): s.state
             for s in book.db.scalars(select(AccountSnapshot))
             if account_ids is None or s.account_id in account_ids}
    moves = sorted((m.op_id, m.account_id, m.business_date, m.amount, m.kind)
                   for m in book.db.scalars(select(SavingsMovement))
                   if account_ids is None or m.account_id in account_ids)
    people = sorted((p.id, p.household_id, p.full_name, p.phone)
                    for p in book.db.scalars(select(Person)))
    households = sorted((h.id, h.point_code, h.address) for h in book.db.scalars(
        select(Household)))
    book.end_read()
    return snaps, moves, people, households


def close(laptop, s):
    expected = sessions.expected_cash(laptop, s.id)
    sessions.close_session(laptop, s.id, {"10000": expected // 10_000} if expected else {},
                           approved_by=Approval("controller", PW))


def session(laptop, day, body):
    on(laptop, day)
    laptop.sign_in("teller", PW)
    sessions.open_session(laptop, "P01", day, controller="controller")
    s = sessions.current_session(laptop, "P01")
    body(day)
    close(laptop, s)


def copy_pg(url: str) -> tuple[str, Callable[[], None]]:
    """A copy of a PostgreSQL database (no one may be connected to it), and its dropping."""
    import psycopg
    from sqlalchemy.engine import make_url
    src = make_url(url)
    name = src.database + "_b"
    dsn = {"host": src.host, "port": src.port, "user": src.username,
           "password": src.password, "dbname": "postgres"}
    with psycopg.connect(**dsn, autocommit=True) as conn:
        for attempt in range(50):    # the closed book's connections may linger a moment
            try:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{src.database}"')
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 49:
                    raise
                time.sleep(0.1)

    def drop() -> None:
        with psycopg.connect(**dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return src.set(database=name).render_as_string(hide_password=False), drop


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_another_arrival_order_gives_the_same_accounts(tmp_path, clock, backend, request):
    """On PostgreSQL too (issue 18): both office books there, the laptop on SQLite."""
    db_url = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    office, laptop, ids = loan_pair(tmp_path, clock, db_url)
    copy_dir = tmp_path / "office-b"
    copy_dir.mkdir()
    copy_url = None
    if db_url:
        office.close()
        copy_url, drop = copy_pg(db_url)
        request.addfinalizer(drop)
        office = open_book(tmp_path / "office", db_url=db_url, clock=clock)
        on(office, D1)
    else:
        with sqlite3.connect(paths.book_path(office.data_dir)) as a, \
                sqlite3.connect(paths.book_path(copy_dir)) as b:
            a.backup(b)

    def first(day):
        collect(laptop, ids, day=day, interest=30_000, savings=50_000)    # partial interest
        h = posting.post(laptop, "household.register", {
            "point_code": "P01", "group_id": ids["group"], "address": "Thôn 3",
            "village": "Thôn 3", "category": "near_poor"}, business_date=day)
        hid = journal.get(laptop.db, h.op_id).payload["household_id"]
        posting.post(laptop, "person.register", {"household_id": hid,
                                                 "full_name": "Trần Văn Bình", "sex": "M",
                                                 "is_representative": True},
                     business_date=day)
        posting.post(laptop, "loan.change_request", {"loan_id": ids["loan"],
                                                     "type": "extension",
                                                     "reason": "Mất mùa"}, business_date=day)

    def second(day):
        paid = collect(laptop, ids, day=day, interest=0, principal=0, savings=20_000)
        posting.post(laptop, "op.reverse", {"target_op_id": paid.op_id, "reason": "Nhầm"},
                     business_date=day, approved_by=Approval("controller", PW))
        collect(laptop, ids, day=day, interest=0, savings=0, principal=40_000)
        posting.post(laptop, "loan.change_request", {"loan_id": ids["loan"],
                                                     "type": "adjustment",
                                                     "reason": "Điều chỉnh kỳ hạn"},
                     business_date=day)

    def third(day):
        posting.post(laptop, "collection.record", {
            "person_id": ids["person"], "loan_id": ids["loan"], "interest": 0,
            "principal": 0, "savings": 0, "from_savings": 30_000},
            business_date=day)

    bundles = []
    for day, body in zip(DAYS, (first, second, third), strict=True):
        session(laptop, day, body)
        bundles.append(export(laptop, tmp_path, name=f"s{day.month}"))
        with laptop.transaction():   # disjoint bundles, as if each had been acknowledged
            laptop.db.merge(Ack(peer="PGD01", highest=journal.head(laptop.db,
                                                                   laptop.origin).seq))
    # Office A: the first bundle, then a counter payment and a freeze, then the others; the
    # third bundle arrives after month end.
    imp(office, bundles[0])
    on(office, dt.date(2026, 5, 20))
    as_user(office, "teller", ["teller"])
    collect(office, ids, day=dt.date(2026, 5, 20), interest=0, principal=100_000, savings=0)
    as_user(office, "director", ["director"])
    posting.post(office, "loan.freeze", {"loan_id": ids["loan"], "until": None,
                                         "reason": "Thiên tai"},
                 business_date=dt.date(2026, 5, 25))
    imp(office, bundles[1])
    on(office, dt.date(2026, 7, 2))
    imp(office, bundles[2])

    # Office B: the late bundle first, the rest reversed, the office's decisions last.
    b = open_book(copy_dir, db_url=copy_url, clock=clock)
    results = [imp(b, path) for path in (bundles[2], bundles[1], bundles[0])]
    assert results[0]["counts"]["held"] == len(results[0]["ops"]) > 0     # a gap
    assert results[1]["counts"]["held"] == len(results[1]["ops"]) > 0
    assert len(results[2]["released"]) == len(results[0]["ops"]) + len(results[1]["ops"])
    office_rows = office.db.scalars(select(Operation).where(
        Operation.origin == "PGD01", Operation.seq > journal.head(b.db, "PGD01").seq)
        .order_by(Operation.seq)).all()
    with b.transaction():
        for row in office_rows:
            received = journal.store_received(b.db, journal.to_entry(row).envelope(),
                                              feed=True)
            assert received.status == "stored"
            posting.apply_entry(b, received.entry)
    office.end_read()
    outcomes = {r.op_id: r.outcome for r in office.db.scalars(select(Operation))}
    assert "held" not in outcomes.values()
    assert canonical_dump(b) == canonical_dump(office)
    loan = b.db.get(AccountSnapshot, ("loan", ids["loan"]))
    # Savings: the deposit and the payment from savings (the reversed deposit is skipped).
    assert loan.status == "frozen" and len(canonical_dump(b)[1]) == 2
    b.end_read()

    # The laptop after the return bundle matches for its accounts.
    imp(laptop, export(office, tmp_path, to="point:P01", name="back"))
    mine = {s.account_id for s in laptop.db.scalars(select(AccountSnapshot))}
    assert canonical_dump(laptop, mine) == canonical_dump(office, mine)
    b.close()
