"""Who may do what: the access table (services.auth.ACCESS) is what every service consults.

Every cell of the table against the gate every posting goes through, refusals through the
services' own verbs (a teller reversing a director's write-off or a loan approval, the wrong
office role deciding, the credit officer's work), and docs/access.md equal to the table.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import access_doc, auth, kinds, loans, posting, reversals, users
from sbpdesk.services.auth import OFFICE, POINT, REVERSE, Approval
from tests.conftest import PW
from tests.services.test_loans_collections import D0, D1, DS, as_user, set_up_loan

ROOT = Path(__file__).resolve().parents[2]


def test_every_registered_kind_is_in_the_table_and_every_role_is_known():
    posting.load_subjects()
    assert set(posting.DECIDERS) <= set(auth.ACCESS)
    for kind, grant in auth.ACCESS.items():
        assert set(grant.point + grant.office) <= set(auth.ROLES), kind
        assert grant.approver in (None, auth.ANY, *auth.ROLES), kind
        assert kinds.KINDS[kind].author == grant.author


def test_may_and_allowed_kinds_answer_from_the_table():
    assert auth.may("teller", "collection.record", POINT)
    assert not auth.may("teller", "application.decide", OFFICE)
    assert auth.may("director", "application.decide", OFFICE)
    assert not auth.may("director", "application.decide", POINT)
    assert auth.may({"teller", "director"}, "loan.write_off", OFFICE)
    assert auth.may("controller", "loan.disburse", POINT, auth.APPROVE)
    assert not auth.may("teller", "loan.disburse", POINT, auth.APPROVE)
    assert auth.may("credit_officer", "group.form", OFFICE)
    assert not auth.may("credit_officer", "loan.disburse", OFFICE)
    assert not auth.may("teller", "loan.write_off", OFFICE, REVERSE)
    assert not auth.may("accountant", "application.decide", OFFICE, REVERSE)
    assert auth.may("director", "loan.write_off", OFFICE, REVERSE)
    assert auth.may("teller", "collection.record", POINT, REVERSE)
    assert not auth.may("teller", "session.close", POINT, REVERSE)
    teller = auth.allowed_kinds("teller", POINT)
    assert {"session.open", "collection.record", "loan.disburse"} <= teller
    assert not teller & {"loan.write_off", "application.decide", "user.set"}
    assert auth.allowed_kinds("admin") == {k for k, g in auth.ACCESS.items()
                                           if "admin" in g.office}
    assert auth.allowed_kinds("controller") == frozenset()   # approves, never records


@pytest.mark.parametrize("role", auth.ROLES)
@pytest.mark.parametrize("scope", [POINT, OFFICE])
def test_the_posting_gate_refuses_exactly_what_the_table_refuses(office, point, role, scope):
    """`_check_allowed` is what post (and the bulk opening) runs before deciding anything."""
    book = point if scope == POINT else office
    as_user(book, f"x-{role}", [role])
    for kind in sorted(auth.ACCESS):
        grant = auth.ACCESS[kind]
        if not getattr(grant, scope):
            continue   # the kind is not recorded in this book at all (office_only/point_only)
        if auth.may(role, kind, scope):
            assert posting._check_allowed(book, kind).author == grant.author
        else:
            with pytest.raises(DomainError) as e:
                posting._check_allowed(book, kind)
            assert e.value.code == "role_refused", (kind, role)


def _refused(code, fn, *args, **kwargs):
    with pytest.raises(DomainError) as e:
        fn(*args, **kwargs)
    assert e.value.code == code, e.value
    return e.value


def _written_off(office):
    with office.transaction():
        *_, loan_id = set_up_loan(office)
    dec = office.db.scalars(posting.select(posting.journal.OperationRow).where(
        posting.journal.OperationRow.kind == "application.decide")).one()
    as_user(office, "teller", ["teller"])
    posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": 12_000_000,
                                           "id_checked": True}, business_date=D0,
                 approved_by=Approval("controller", PW))
    as_user(office, "director", ["director"])
    w = posting.post(office, "loan.write_off", {"loan_id": loan_id, "reason": "thiên tai"},
                     business_date=D1)
    return loan_id, dec.op_id, w.op_id


def test_a_teller_cannot_reverse_a_write_off_nor_a_loan_approval(office):
    loan_id, decide_op, write_off_op = _written_off(office)
    as_user(office, "teller", ["teller"])
    for target in (write_off_op, decide_op):
        err = _refused("role_refused", reversals.reverse, office, target, "nhầm",
                       business_date=D1,
                       approved_by=Approval("controller", PW))
        assert "Giám đốc" in err.vi and "Director" in err.en
    as_user(office, "accountant", ["accountant"])
    _refused("role_refused", reversals.reverse, office, decide_op, "nhầm",
             business_date=D1, approved_by=Approval("controller", PW))
    assert loans.loan_state(office, loan_id).status == "written_off"
    as_user(office, "director", ["director"])
    reversals.reverse(office, write_off_op, "xóa nợ nhầm", business_date=D1,
                      approved_by=Approval("accountant", PW))
    assert loans.loan_state(office, loan_id).status != "written_off"


def test_office_decisions_refuse_the_wrong_office_role(office):
    with office.transaction():
        *_, loan_id = set_up_loan(office)
    for role in ("teller", "accountant", "credit_officer", "controller", "admin"):
        as_user(office, role, [role])
        _refused("role_refused", posting.post, office, "loan.freeze",
                 {"loan_id": loan_id, "reason": "thiên tai"}, business_date=DS)
    as_user(office, "director", ["director"])
    _refused("role_refused", posting.post, office, "loan.disburse",
             {"loan_id": loan_id, "amount": 1_000_000, "id_checked": True}, business_date=DS,
             approved_by=Approval("controller", PW))
    _refused("role_refused", users.set_user, office, "x1", "X", ["teller"], "Mật-khẩu-dài-9")


def test_a_credit_officer_forms_groups_and_registers_but_decides_nothing(office):
    as_user(office, "admin", ["admin"])
    users.set_user(office, "cbtd", "Cán bộ tín dụng", ["credit_officer"], PW,
                   business_date=DS)
    assert users.authenticate(office, "cbtd", PW).roles == {"credit_officer"}
    as_user(office, "cbtd", ["credit_officer"])
    posting.post(office, "group.form", {"point_code": "P01", "organisation_code": "HPN-P01",
                                        "code": "T09", "name": "Tổ 9", "village": "Thôn 9",
                                        "leader_name": "Lê Thị Hoa"}, business_date=DS)
    with office.transaction():
        *_, loan_id = set_up_loan(office)
    as_user(office, "cbtd", ["credit_officer"])
    _refused("role_refused", posting.post, office, "loan.write_off",
             {"loan_id": loan_id, "reason": "x"}, business_date=DS)


def test_docs_access_md_is_the_table():
    committed = (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
    assert committed == access_doc.render(), \
        "run: python -m sbpdesk.services.access_doc > docs/access.md"
