"""Issue 15 on the demo book, what a previous audit found still missing (decision 0186): the
demo's cash counted to the office's notes and rounded without the controller, its receipts
numbered as posting numbers them, and Decision 2731/QĐ-TTg recorded as the samples record it
(`demo.office.record_relief`) so that the reduction list has rows — billed at each point's
own session."""
from __future__ import annotations

from sqlalchemy import select

from sbpdesk.db.models import Operation as Op
from sbpdesk.db.models import Receipt as ReceiptRow
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.demo.office import record_relief
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.money import format_number, format_vnd
from sbpdesk.printing import record
from sbpdesk.services import journal, sessions
from sbpdesk.services import receipts as receipts_service
from sbpdesk.services import relief as relief_service
from sbpdesk.services.documents import relief as relief_docs

from .test_from_book import AS_OF, flat


def test_demo_closes_round_cash_to_the_office_s_notes_without_the_controller(book):
    """The demo closed every session with a controller-approved "Thiếu quỹ" of the odd đồng
    (16 đ) and counted 100 đ notes its own rules do not use (notes from 1.000 đ). Inside the
    office's tolerance that is rounding (decision 0125): recorded as such, no approver, and
    the session report lists it apart as "Làm tròn tiền mặt"."""
    diffs = book.db.scalars(select(Op).where(Op.kind == "session.cash_difference")).all()
    assert diffs
    rules = book.refs.rules_at(AS_OF)
    for op in diffs:
        p = from_json(op.payload)
        assert p.get("rounding") is True and op.approved_by is None, p
        assert 0 < abs(p["amount"]) <= rules.cash_rounding_tolerance
        assert p["reason"] == sessions.ROUNDING_REASON
    closed = book.db.scalars(select(SessionRow).where(SessionRow.status == "closed")).all()
    for s in closed:
        assert all(int(note) >= rules.cash_smallest_note for note in from_json(s.counted)), s.id
    rounded = {from_json(op.payload)["session_id"] for op in diffs}
    s = max((r for r in closed if r.id in rounded), key=lambda r: r.business_date)
    text = flat(record.produce(book, "session", session=s.id).pdf)
    assert "Làm tròn tiền mặt" in text
    assert "Thiếu quỹ" not in text and "Thừa quỹ" not in text


def test_the_demo_numbers_its_receipts_as_posting_does(book):
    """The session report's receipt range ended on "BB-D-DEMO01-5030": the demo's bulk
    writer numbered a session's cash difference with the office's code where posting (and
    every book receiving it) takes the session's point."""
    rows = book.db.scalars(select(ReceiptRow)).all()
    assert any(r.kind == "session.cash_difference" for r in rows)
    for r in rows:
        assert r.receipt_no == receipts_service.receipt_no_of(book, journal.get(book.db, r.op_id))


def test_demo_receipt_numbers_are_short_and_readable(book):
    """Issue 14 review: the demo's history receipts still read `BB01-D-DEMO01-4854`: the
    laptop the history was recorded on had no enrolment, so no small number. It is enrolled
    as the office enrols one ("Máy xách tay 1 – BB01", number 1): `BB01-1-4854`."""
    import re
    rows = book.db.scalars(select(ReceiptRow)).all()
    assert rows and all(re.fullmatch(r"BB\d\d-1-\d+", r.receipt_no) for r in rows), [
        r.receipt_no for r in rows if not re.fullmatch(r"BB\d\d-1-\d+", r.receipt_no)][:3]
    laptop = receipts_service.laptops(book)["D-DEMO01"]
    assert (laptop.number, laptop.name) == (1, "Máy xách tay 1 – BB01")
    session = book.db.scalars(select(SessionRow).where(SessionRow.status == "closed")
                              .order_by(SessionRow.business_date.desc())).first()
    text = flat(record.produce(book, "session", session=session.id).pdf)
    assert "DEMO01" not in text and re.search(r"BB\d\d-1-\d+", text)


def test_session_report_names_the_session_as_people_read_it(book):
    """Issue 14 review: the session report's "Mã phiên" was the session's UUID. It is the
    point, the date and which session of that day it was."""
    session = book.db.scalars(select(SessionRow).where(SessionRow.status == "closed")
                              .order_by(SessionRow.business_date.desc())).first()
    text = flat(record.produce(book, "session", session=session.id).pdf)
    day = session.business_date.strftime("%d/%m/%Y")
    assert f"Mã phiên: {session.point_code} · {day} · phiên 1" in text
    assert session.id not in text and session.id[:8] not in text


def test_the_demo_records_decision_2731_and_its_reduction_list_has_rows(book):
    """The reduction list had no sample: the demo recorded no `rate.relief`. The office now
    records Decision 2731/QĐ-TTg (−2 %/năm, 01/10–31/12/2025, Lâm Đồng) through posting on
    the demo's last day, after the history: the collections already in the book stay as
    they were, and the interest collected in excess comes off each borrower's next bill."""
    record_relief(book, AS_OF)
    (op,) = book.db.scalars(select(Op).where(Op.kind == "rate.relief")).all()
    assert (op.origin, op.actor, op.business_date) == (book.origin, "admin", AS_OF)
    last = book.db.scalars(select(Op).where(Op.origin == book.origin)
                           .order_by(Op.seq.desc())).first()
    assert last.op_id == op.op_id          # nothing of the history was recorded after it
    data = relief_docs.relief_list(book, "BB01", AS_OF)
    rows = [r for g in data.groups for r in g.rows]
    assert rows and all(r.reduction > 0 and r.to_return == 0 for r in rows)
    assert data.decisions == ("Quyết định 2731/QĐ-TTg ngày 16/12/2025: giảm 2 %/năm lãi suất"
                              " từ 01/10/2025 đến 31/12/2025; số lãi đã thu thừa được trừ vào"
                              " lãi các kỳ tới.",)
    text = flat(record.produce(book, "relief", point="BB01", as_of=AS_OF).pdf)
    assert rows[0].name in text and format_number(rows[0].reduction) in text
    assert f"lãi được giảm {format_vnd(sum(r.reduction for r in rows))}" in text


def test_a_reduction_list_is_billed_at_the_point_s_own_session(book):
    """Printed for BB02 on 20/11/2026 the list said "Tính đến phiên ngày 20/11/2026", a day
    BB02 does not meet (its session is the 23rd), and billed the interest to that day."""
    record_relief(book, AS_OF)
    session = book.refs.calendar("BB02").next_session(AS_OF)
    assert session != AS_OF
    data = relief_docs.relief_list(book, "BB02", AS_OF)
    assert data.session == session
    billed = [(ln.person_name, ln.reduction, ln.credit_left, ln.to_return)
              for ln in relief_service.relief_list(book, session, "BB02")]
    assert sorted((r.name, r.reduction, r.credit_left, r.to_return)
                  for g in data.groups for r in g.rows) == sorted(billed)
    text = flat(record.produce(book, "relief", point="BB02", as_of=AS_OF).pdf)
    assert f"Tính đến phiên ngày {session:%d/%m/%Y}" in text
    assert f"ngày {AS_OF:%d} tháng {AS_OF:%m} năm {AS_OF:%Y}" in text   # drawn up on its day
