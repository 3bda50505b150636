"""Sessions: who may open one and when, the cash count at close, the journal head recorded,
and a closed session being read-only."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from sbpdesk.db.models import Operation, Point
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import chain, journal, posting, sessions
from sbpdesk.services.auth import Approval
from tests.conftest import PW, TODAY, enrol_point


def _refused(code, fn, *args, **kw):
    with pytest.raises(DomainError) as err:
        fn(*args, **kw)
    assert err.value.code == code, err.value.en
    return err.value


def _open(point, day=TODAY, **kw):
    kw.setdefault("controller", "controller")
    sessions.open_session(point, "P01", day, **kw)
    return sessions.current_session(point, "P01")


def test_open_records_teller_controller_and_cash(point):
    s = _open(point, opening_cash=1_500_000)
    assert (s.teller, s.controller, s.opening_cash, s.status) == ("teller", "controller",
                                                                 1_500_000, "open")
    entry = journal.get(point.db, point.db.scalars(
        select(Operation.op_id).where(Operation.kind == "session.open")).one())
    assert entry.session_id == s.id and entry.payload["session_id"] == s.id
    assert entry.origin == point.origin and entry.business_date == TODAY


def test_only_the_lease_holder_opens(point):
    with point.transaction():
        point.db.get(Point, "P01").lease_device_id = "DEV-OTHER"
    err = _refused("not_lease_holder", _open, point)
    assert "DEV-OTHER" in err.vi


def test_one_open_session_per_point(point):
    _open(point)
    _refused("session_already_open", _open, point)


def test_session_date_follows_the_calendar_and_is_not_in_the_future(point):
    _refused("not_session_day", _open, point, TODAY - dt.timedelta(days=1))
    _refused("future_date", _open, point, dt.date(2026, 4, 15))
    assert _open(point, dt.date(2026, 2, 15)).business_date == dt.date(2026, 2, 15)


def test_extra_and_cancelled_days_from_calendar_publish(office, tmp_path, clock):
    office.sign_in("admin", "demo")
    posting.post(office, "calendar.publish",
                 {"point_code": "P01", "session_day": 15, "session_time": "07:30",
                  "cancelled": ["2026-03-15"], "extra": ["2026-03-14"]}, business_date=TODAY)
    laptop = enrol_point(office, tmp_path / "p2", clock)
    laptop.sign_in("teller", "demo")
    _refused("not_session_day", _open, laptop, TODAY)
    assert _open(laptop, dt.date(2026, 3, 14)).status == "open"
    laptop.close()


def test_not_before_the_last_closed_session(point):
    s = _open(point)
    sessions.close_session(point, s.id, {}, approved_by=Approval("controller", PW))
    _refused("before_last_session", _open, point, dt.date(2026, 2, 15))
    # the same day again is allowed, with a reason (issue 14)
    _refused("second_session_reason", _open, point, TODAY)
    assert _open(point, TODAY, reason="Tổ vắng buổi sáng").status == "open"


def test_controller_must_be_another_user_with_the_role(point):
    for who in ("teller", "teller2", "nobody"):
        _refused("bad_controller", _open, point, controller=who)


def test_cash_postings_need_an_open_session(point):
    _refused("no_open_session", posting.post, point, "session.cash_difference",
             {"amount": 1000, "reason": "x"}, business_date=TODAY,
             approved_by=Approval("controller", PW))


def test_posting_date_must_be_the_session_date(point):
    s = _open(point, dt.date(2026, 2, 15))
    _refused("wrong_business_date", posting.post, point, "session.cash_difference",
             {"amount": 1000, "reason": "x"}, business_date=TODAY, session_id=s.id,
             approved_by=Approval("controller", PW))


def test_close_needs_the_count_to_match_then_records_the_head(point):
    s = _open(point, opening_cash=700_000)
    err = _refused("cash_mismatch", sessions.close_session, point, s.id,
                   {"500000": 1, "100000": 1}, approved_by=Approval("controller", PW))
    assert "600.000" in err.vi and "700.000" in err.vi
    sessions.record_cash_difference(point, s.id, -100_000, "thiếu quỹ, GDV bồi hoàn",
                                    approved_by=Approval("controller", PW))
    assert sessions.expected_cash(point, s.id) == 600_000
    before = journal.head(point.db, point.origin)
    head_seq, head_hash = before.seq, before.hash
    posted = sessions.close_session(point, s.id, {"500000": 1, "100000": 1, "200": 0},
                                    approved_by=Approval("controller", PW))
    closed = sessions.get_session(point, s.id)
    assert closed.status == "closed"
    assert closed.counted == {"500000": 1, "100000": 1}
    assert (closed.counted_total, closed.expected_total) == (600_000, 600_000)
    assert (closed.head_seq, closed.head_hash) == (head_seq, head_hash)
    assert posted.seq == head_seq + 1


def test_close_needs_the_sessions_controller(point):
    s = _open(point)
    _refused("approval_required", sessions.close_session, point, s.id, {},
             approved_by=Approval("teller2", PW))


def test_bad_denomination_is_refused(point):
    s = _open(point)
    _refused("bad_count", sessions.close_session, point, s.id, {"300000": 1},
             approved_by=Approval("controller", PW))


def test_a_closed_session_is_read_only(point):
    s = _open(point)
    sessions.close_session(point, s.id, {}, approved_by=Approval("controller", PW))
    _refused("session_closed", sessions.record_cash_difference, point, s.id, 5000, "x",
             approved_by=Approval("controller", PW))
    _refused("session_closed", sessions.close_session, point, s.id, {},
             approved_by=Approval("controller", PW))


def test_expected_cash_leaves_out_reversed_postings(point, monkeypatch):
    s = _open(point, opening_cash=100_000)
    diff = sessions.record_cash_difference(point, s.id, 50_000, "thừa",
                                           approved_by=Approval("controller", PW))
    monkeypatch.setitem(posting.DECIDERS, "op.reverse", lambda book, cmd: cmd)
    monkeypatch.setitem(posting.APPLIERS, "op.reverse", lambda book, e: None)
    posting.post(point, "op.reverse", {"target_op_id": diff.op_id, "reason": "nhầm"},
                 business_date=TODAY, approved_by=Approval("teller2", PW))
    assert sessions.expected_cash(point, s.id) == 100_000


def test_office_imports_session_operations(office, point):
    s = _open(point)
    sessions.close_session(point, s.id, {}, approved_by=Approval("controller", PW))
    rows = [journal.get(point.db, op_id) for op_id in point.db.scalars(
        select(Operation.op_id).where(Operation.origin == point.origin).order_by(Operation.seq))]
    with office.transaction():
        for e in rows:
            assert journal.store_received(office.db, e.envelope(), feed=True).status == "stored"
            posting.apply_entry(office, journal.get(office.db, e.op_id))
    assert sessions.get_session(office, s.id).status == "closed"
    assert chain.verify_chain(office.db) == []
