"""An office book on PostgreSQL (skipped without SBPDESK_TEST_PG_URL): it enrols a SQLite
laptop through the real files, receives a bundle with a session's collections, applies them
(feed numbers, account snapshots) and its portfolio equals the laptop's; the return bundle
brings the laptop the office's view; `check --replay` holds on PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from sbpdesk.db.models import AccountSnapshot, Operation
from sbpdesk.reports.portfolio import portfolio
from sbpdesk.services import posting, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.books import init_book, open_book
from sbpdesk.services.check import check_book
from tests.conftest import PW, make_office
from tests.services.test_loans_collections import set_up_loan
from tests.sync.make_fixtures import compare, effect, receive
from tests.sync.test_enrol import enrol_laptop, export, fast_kdf, imp, new_laptop  # noqa: F401
from tests.sync.test_exchange import D0, D1, INTEREST, as_user, collect, on
from tests.sync.test_fixtures import FILES, amended, billed, load


def snapshots(book, kinds=("loan", "savings")):
    out = {(s.account_kind, s.account_id): (s.state, s.outstanding, s.suspense, s.status)
           for s in book.db.scalars(select(AccountSnapshot))
           if s.account_kind in kinds}
    book.end_read()
    return out


def test_postgres_office_round_trip(tmp_path, clock, pg_url):
    office = make_office(tmp_path / "office", clock, db_url=pg_url)
    assert office.engine.dialect.name == "postgresql"
    with office.transaction():
        group_id, household_id, person_id, loan_id = set_up_loan(office)
        as_user(office, "teller", ["teller"])
        posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": 12_000_000,
                                               "id_checked": True}, business_date=D0,
                     approved_by=Approval("controller", PW))
    office.end_read()
    ids = dict(group=group_id, household=household_id, person=person_id, loan=loan_id)
    laptop = new_laptop(tmp_path / "laptop", clock)
    enrol_laptop(office, laptop, tmp_path)
    on(laptop, D1)
    on(office, D1)

    # A session at P01: collections (a deposit, the interest paid in two goes, principal), a
    # reversal, a cash difference, then the close.
    laptop.sign_in("teller", PW)
    sessions.open_session(laptop, "P01", D1, controller="controller")
    s = sessions.current_session(laptop, "P01")
    collect(laptop, ids, interest=30_000, savings=50_000)
    wrong = collect(laptop, ids, interest=0, principal=0, savings=500_000)
    posting.post(laptop, "op.reverse", {"target_op_id": wrong.op_id, "reason": "Nhập nhầm"},
                 business_date=D1, approved_by=Approval("controller", PW))
    collect(laptop, ids, interest=INTEREST - 30_000, principal=1_000_000, savings=0)
    change = sessions.expected_cash(laptop, s.id) % 1000
    sessions.record_cash_difference(laptop, s.id, -change, "Thiếu tiền lẻ",
                                    approved_by=Approval("controller", PW))
    expected = sessions.expected_cash(laptop, s.id)
    sessions.close_session(laptop, s.id, {"1000": expected // 1000} if expected else {},
                           approved_by=Approval("controller", PW))
    laptop.sign_in("admin", PW)

    texts = []
    listen = lambda conn, cur, stmt, *rest: texts.append(stmt)
    event.listen(office.engine, "before_cursor_execute", listen)
    report = imp(office, export(laptop, tmp_path, name="up"))
    event.remove(office.engine, "before_cursor_execute", listen)
    assert report["counts"]["applied"] == len(report["ops"]) == 7
    # Ids looked up as one array parameter, not an IN list of one parameter each (0280).
    assert any("= ANY (" in t for t in texts)
    assert not [t for t in texts if "%(ids_" in t]
    rows = office.db.scalars(select(Operation).where(Operation.origin == laptop.origin)
                             .order_by(Operation.seq)).all()
    feed = [r.feed_no for r in rows]
    assert None not in feed and feed == sorted(feed) and len(set(feed)) == len(feed)
    assert {r.outcome for r in rows} == {"applied"}
    office.end_read()
    assert snapshots(office) == snapshots(laptop)
    assert sessions.expected_cash(office, s.id) == expected
    assert portfolio(office, D1, "P01") == portfolio(laptop, D1, "P01")
    assert portfolio(office, D1, "P01")["totals"]["outstanding"] == 11_000_000
    assert check_book(office, replay=True).ok

    # Re-importing changes nothing; the return bundle brings the laptop nothing new to fix.
    again = imp(office, export(laptop, tmp_path, name="up2"))
    assert again["counts"]["applied"] == 0
    imp(laptop, export(office, tmp_path, to="point:P01", name="down"))
    assert snapshots(office) == snapshots(laptop)
    assert check_book(laptop, replay=True).ok

    # Reopened from PostgreSQL, the office still agrees.
    office.close()
    reopened = open_book(tmp_path / "office", db_url=pg_url, clock=lambda: dt.datetime(
        2026, 4, 15, 3, tzinfo=dt.UTC))
    try:
        assert portfolio(reopened, D1, "P01") == portfolio(laptop, D1, "P01")
        assert check_book(reopened, replay=True).ok
    finally:
        reopened.close()
        laptop.close()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_fixtures_apply_on_a_postgres_office(path, tmp_path, pg_url):
    """Every released payload (tests/sync/fixtures) has its recorded effect on PostgreSQL."""
    fixture = load(path)
    book = init_book(tmp_path / "office", "office", "FX00", admin_password=PW, db_url=pg_url,
                     clock=lambda: dt.datetime(2027, 1, 1, 3, tzinfo=dt.UTC))
    book, last = receive(fixture["envelopes"], "office", tmp_path / "office", book)
    try:
        expect = amended(fixture["kind"], fixture["expect"])
        assert compare(expect, billed(effect(book, last))) == []
        assert check_book(book, replay=True).ok
    finally:
        book.close()
