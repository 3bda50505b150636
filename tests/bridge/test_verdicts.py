"""What the office does about a difference: accept the core's figure for a loan (an
adjustment with a reason, approved by the director — never the recorder) or mark it
explained. Both are operations in the journal; the book replays; nothing else moves."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from sbpdesk.bridge import reconcile as rec
from sbpdesk.bridge.seed import seed
from sbpdesk.db.models import Operation
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import check, users
from sbpdesk.services.auth import Approval
from tests.bridge.conftest import new_office
from tests.bridge.test_reader import write
from tests.bridge.test_seed import M31, quirk_rows

D = dt.date(2026, 9, 30)


@pytest.fixture()
def differing(tmp_path):
    """A book seeded from Mẫu 31, a director, and a later file of the same date in which the
    core moved 2.000.000 đ of loan …001 from in-term to overdue and the saver has 2.500.000."""
    book = new_office(tmp_path / "b")
    seed(book, [write(tmp_path / "m31.xlsx", M31, quirk_rows())])
    book.sign_in("admin", "demo")
    with book.transaction():
        users.set_user(book, "giamdoc", "Giám đốc", ["director"], "demo", business_date=D)
    book.sign_in("seeder", "demo")
    rows = quirk_rows()
    for r in rows[:2]:                          # both rows of the loan with two books
        r[15], r[16] = 28_000_000, 2_000_000
    rows[3][19] = 2_500_000
    later = write(tmp_path / "m31b.xlsx", M31, rows)
    try:
        yield book, later
    finally:
        book.close()


def loan_differences(report, key="6600000000000001"):
    return [d for d in report["differences"] if d["key"] == key]


def test_accepting_the_core_figure_needs_a_reason_and_the_director(differing):
    book, later = differing
    found = loan_differences(rec.reconcile(book, D, [later]))
    assert {d["figure"] for d in found} == {"in_term", "overdue"}
    with pytest.raises(DomainError) as no_approval, book.transaction():
        rec.accept(book, D, found, reason="Ngân hàng chuyển quá hạn", approved_by=None)
    assert no_approval.value.code == "approval_required"
    with pytest.raises(DomainError) as self_approved, book.transaction():
        rec.accept(book, D, found, reason="x", approved_by=Approval("seeder", "demo"))
    assert self_approved.value.code == "approval_required"
    with pytest.raises(DomainError) as no_reason, book.transaction():
        rec.accept(book, D, found, reason=" ", approved_by=Approval("giamdoc", "demo"))
    assert no_reason.value.code == "reason_required"
    with book.transaction():
        rec.accept(book, D, found, reason="Ngân hàng chuyển quá hạn kỳ 15/09",
                   approved_by=Approval("giamdoc", "demo"))
    after = rec.reconcile(book, D, [later])
    assert loan_differences(after) == []
    assert [d["key"] for d in after["differences"]] == ["6800000003"]   # savings untouched
    op = book.db.scalar(select(Operation).where(Operation.kind == "loan.core_adjust"))
    p = from_json(op.payload)
    assert (op.approved_by, op.actor, op.business_date) == ("giamdoc", "seeder", D)
    assert p["figures"] == {"principal_in_term": 28_000_000, "principal_overdue": 2_000_000}
    assert p["book"] == {"principal_in_term": 30_000_000, "principal_overdue": 0}
    assert p["reason"] == "Ngân hàng chuyển quá hạn kỳ 15/09"
    assert p["source"] == "m31b.xlsx dòng 6, 7"
    book.end_read()
    assert check.check_book(book, replay=True).ok      # the snapshot is the journal's


def test_a_missing_loan_or_a_savings_figure_cannot_be_accepted(differing):
    book, later = differing
    report = rec.reconcile(book, D, [later])
    savings = [d for d in report["differences"] if d["figure"] == "savings"]
    with pytest.raises(DomainError) as refused, book.transaction():
        rec.accept(book, D, savings, reason="x", approved_by=Approval("giamdoc", "demo"))
    assert refused.value.code == "not_acceptable"
    assert "Only the balances" in refused.value.message("en")


def test_an_explained_difference_is_listed_as_explained_while_it_is_the_same(differing, tmp_path):
    book, later = differing
    savings = [d for d in rec.reconcile(book, D, [later])["differences"]
               if d["figure"] == "savings"]
    with book.transaction():
        rec.explain(book, D, savings, reason="Khách gửi thêm qua ứng dụng ngày 30/09")
    listed = rec.reconcile(book, D, [later])["differences"]
    assert {(d["key"], d["figure"]): d["explained"] for d in listed} == {
        ("6600000000000001", "in_term"): None, ("6600000000000001", "overdue"): None,
        ("6800000003", "savings"): "Khách gửi thêm qua ứng dụng ngày 30/09"}
    rows = quirk_rows()
    rows[3][19] = 2_700_000                  # another figure: the explanation does not cover it
    other = write(tmp_path / "m31c.xlsx", M31, rows)
    [d] = rec.reconcile(book, D, [other])["differences"]
    assert (d["figure"], d["core"], d["explained"]) == ("savings", 2_700_000, None)
