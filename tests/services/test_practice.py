"""Practice sessions (`sbpdesk demo-session`) on a small demo laptop enrolled at its office
through the real files (demo.point.build_point_demo), asserted on the books afterwards."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from sbpdesk.db.models import Loan, Operation, Point
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.demo import point as demo_point
from sbpdesk.demo import practice
from sbpdesk.domain.errors import DomainError
from sbpdesk.reports.portfolio import portfolio
from sbpdesk.services import auth, context, journal, sessions
from sbpdesk.services.books import open_book
from sbpdesk.services.check import check_book
from sbpdesk.sync import enrol, exchange, keys

AS_OF = dt.date(2026, 3, 15)     # BB01 meets on the 15th, BB02 on the 18th
SEED = 2                         # a demo whose BB02 has a loan awaiting disbursement


def at(day: dt.date):
    moment = dt.datetime.combine(day, dt.time(10), context.VIETNAM)
    return lambda: moment


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(enrol, "WRAP_PARAMS", keys.KDF_FAST_FOR_TESTS)
        mp.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                      parallelism=1))
        mp.delenv("SBPDESK_KEY_PASSPHRASE", raising=False)
        root = tmp_path_factory.mktemp("demo")
        demo_point.build_point_demo(root, households=60, years=1, seed=SEED, as_of=AS_OF)
    return root


@pytest.fixture
def demo(demo_template, tmp_path, monkeypatch):
    monkeypatch.setattr(enrol, "WRAP_PARAMS", keys.KDF_FAST_FOR_TESTS)
    monkeypatch.delenv("SBPDESK_KEY_PASSPHRASE", raising=False)
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    return root


def ops_of(book, session_id):
    rows = book.db.scalars(select(Operation).where(Operation.session_id == session_id)
                           .order_by(Operation.seq)).all()
    book.end_read()
    return [journal.to_entry(r) for r in rows]


def strip_ids(summary: dict) -> dict:
    """The summary without the ids minted at posting time (UUIDv7)."""
    out = json.loads(json.dumps(summary))
    out.pop("session_id")
    out.pop("close_op_id")
    for g in out["groups"]:
        g.pop("handover_op_id")
    for key in ("reversal", "disbursement"):
        for k in ("target_op_id", "reversal_op_id", "corrected_op_id", "op_id"):
            (out[key] or {}).pop(k, None)
    return out


def test_practice_session_at_the_first_point_on_its_day(demo):
    book = open_book(demo / "point", clock=at(AS_OF))
    try:
        s = practice.record_practice_session(book, seed=7)
        assert (s.point_code, s.business_date, s.clock_moved) == ("BB01", AS_OF, False)
        row = book.db.get(SessionRow, s.session_id)
        assert row.status == "closed" and row.teller == "teller"
        assert row.controller == "controller"
        assert row.counted_total == row.expected_total == s.expected_cash
        assert sum(int(d) * n for d, n in s.counted.items()) == s.expected_cash
        assert row.expected_total == sessions.expected_cash(book, s.session_id)
        assert s.expected_cash == (s.opening_cash + s.cash_in - s.cash_out + s.differences)
        entries = ops_of(book, s.session_id)
        kinds = [e.kind for e in entries]
        assert kinds[0] == "session.open" and kinds[-1] == "session.close"
        assert 2 <= kinds.count("group.handover") == len(s.groups) <= 3
        # The reversal of the mistyped deposit by a second user, and its re-entry.
        rev = next(e for e in entries if e.kind == "op.reverse")
        assert rev.actor == "teller" and rev.approved_by == "controller"
        wrong = journal.get(book.db, rev.payload["target_op_id"])
        right = journal.get(book.db, s.reversal["corrected_op_id"])
        assert wrong.payload["savings"] == 10 * right.payload["savings"] > 0
        assert wrong.payload["person_id"] == right.payload["person_id"]
        assert s.reversal["target_op_id"] == wrong.op_id
        # The leader's small difference, approved by the controller.
        diff = [e for e in entries if e.kind == "session.cash_difference"]
        assert len(diff) == 1 and diff[0].approved_by == "controller"
        assert 0 < abs(diff[0].payload["amount"]) < 2_000 and diff[0].payload["group_id"]
        # Partial and paid-from-savings collections.
        collections = [e.payload for e in entries if e.kind == "collection.record"]
        assert any(p["from_savings"] > 0 and p["interest"] > 0 for p in collections)
        assert s.from_savings and s.partial and s.partial["paid"] < s.partial["due"]
        assert any(p["savings"] > 0 for p in collections)
        assert book.user is None                       # the caller's sign-in is restored
        assert check_book(book, replay=True).ok
    finally:
        book.close()


def test_same_seed_same_session(demo, tmp_path):
    other = tmp_path / "again"
    shutil.copytree(demo, other)
    runs = []
    for root in (demo, other):
        book = open_book(root / "point", clock=at(AS_OF))
        try:
            runs.append(strip_ids(practice.record_practice_session(book, seed=3).to_dict()))
        finally:
            book.close()
    assert runs[0] == runs[1]


def test_a_future_date_on_a_demo_book_moves_its_clock_and_disburses(demo):
    book = open_book(demo / "point", clock=at(AS_OF))
    try:
        waiting = book.db.scalars(select(Loan).where(Loan.point_code == "BB02",
                                                     Loan.status == "approved")).all()
        assert waiting
        day = dt.date(2026, 3, 18)
        s = practice.record_practice_session(book, "BB02", day, seed=1)
        assert s.clock_moved and s.business_date == day and book.today() == AS_OF
        assert s.disbursement is not None and s.cash_out == s.disbursement["amount"] > 0
        loan = book.db.get(Loan, s.disbursement["loan_id"])
        assert loan.status == "active" and loan.disbursed == s.disbursement["amount"]
        disburse = journal.get(book.db, s.disbursement["op_id"])
        assert disburse.approved_by == "controller"
        assert book.db.get(SessionRow, s.session_id).status == "closed"
        # The next default day of BB01 is still its own.
        assert practice.next_session_day(book, book.db.get(Point, "BB01")) == AS_OF
        with pytest.raises(DomainError) as refused:   # BB02 cannot go back before it
            practice.record_practice_session(book, "BB02", dt.date(2026, 2, 18))
        assert refused.value.code == "before_last_session"
        assert check_book(book, replay=True).ok
    finally:
        book.close()


def test_no_session_due_needs_a_date(demo):
    book = open_book(demo / "point", clock=at(AS_OF - dt.timedelta(days=1)))
    try:
        with pytest.raises(DomainError) as refused:
            practice.record_practice_session(book)
        assert refused.value.code == "no_session_due" and "--date" in refused.value.en
    finally:
        book.close()


def test_refused_on_real_and_office_books(demo, point):
    with pytest.raises(DomainError) as refused:
        practice.record_practice_session(point)
    assert refused.value.code == "not_demo_book"
    assert "sổ thực hành" in refused.value.vi and "demo book" in refused.value.en
    office = open_book(demo / "office", clock=at(AS_OF))
    try:
        with pytest.raises(DomainError) as refused:
            practice.record_practice_session(office)
        assert refused.value.code == "not_enrolled_point"
    finally:
        office.close()


def test_round_trip_gives_the_same_portfolio(demo, tmp_path):
    laptop = open_book(demo / "point", clock=at(AS_OF))
    office = open_book(demo / "office", clock=at(AS_OF))
    try:
        s = practice.record_practice_session(laptop, seed=5)
        laptop.sign_in("admin", "demo")
        up = exchange.export_bundle(laptop, enrol.book_keys(laptop, "admin", "demo"), "office",
                                    tmp_path)
        office.sign_in("admin", "demo")
        report = exchange.import_bundle(office, enrol.book_keys(office, "admin", "demo"),
                                        up.path)
        assert report["counts"]["applied"] == s.operations
        assert sum(report["counts"].values()) == s.operations
        assert portfolio(laptop, AS_OF, "BB01") == portfolio(office, AS_OF, "BB01")
        assert (office.db.get(SessionRow, s.session_id).expected_total
                == laptop.db.get(SessionRow, s.session_id).expected_total)
        assert sessions.expected_cash(office, s.session_id) == s.expected_cash
        assert check_book(office, replay=True).ok
    finally:
        laptop.close()
        office.close()


def test_cli_prints_json(demo):
    import contextlib
    import io

    from sbpdesk.cli import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["demo-session", "--data-dir", str(demo / "point"), "--point", "BB02",
                     "--date", "2026-03-18", "--seed", "4"])
    assert code == 0
    printed = json.loads(out.getvalue())
    assert printed["point_code"] == "BB02" and printed["business_date"] == "2026-03-18"
    assert printed["counted_total"] == printed["expected_cash"]


def test_an_interrupted_practice_session_resumes(demo, monkeypatch):
    """A run killed after its first group (here: made to fail there) leaves the session
    open; the next run carries on in it, records the other groups once, and closes it."""
    book = open_book(demo / "point", clock=at(AS_OF))
    try:
        real = practice._Practice._record
        calls = []

        def record_once(self, plan, sid, *, difference):
            if calls:
                raise KeyboardInterrupt   # the officer's laptop dies mid-session
            calls.append(plan)
            return real(self, plan, sid, difference=difference)
        monkeypatch.setattr(practice._Practice, "_record", record_once)
        with pytest.raises(KeyboardInterrupt):
            practice.record_practice_session(book, seed=7)
        open_row = sessions.current_session(book, "BB01")
        assert open_row is not None
        book.end_read()
        monkeypatch.setattr(practice._Practice, "_record", real)
        s = practice.record_practice_session(book, seed=7)
        assert s.session_id == open_row.id and "resumed" in " ".join(s.notes)
        assert book.db.get(SessionRow, s.session_id).status == "closed"
        handovers = [e.payload["group_id"] for e in ops_of(book, s.session_id)
                     if e.kind == "group.handover"]
        assert len(handovers) == len(set(handovers)) >= 2
        assert check_book(book, replay=True).ok
    finally:
        book.close()
