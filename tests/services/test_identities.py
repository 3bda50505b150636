"""Identities an operation creates must be new (services.identities): each case was accepted
before — "applied" and nothing made, or a second loan under the same contract number."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sbpdesk.db.models import Loan, Operation
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import journal, posting
from tests.services.test_loans_collections import DS, as_user, set_up_loan


def _ops(book):
    n = book.db.scalar(select(func.count()).select_from(Operation))
    book.end_read()
    return n


def _taken(book, field, kind, payload):
    before = _ops(book)
    with pytest.raises(DomainError) as e:
        posting.post(book, kind, payload, business_date=DS)
    assert (e.value.code, e.value.field) == ("id_taken", field)
    assert "đã tồn tại" in e.value.message("vi") and "already exists" in e.value.message("en")
    assert _ops(book) == before


@pytest.fixture
def loan(office):
    with office.transaction():
        group_id, household_id, person_id, loan_id = set_up_loan(office)
    app_id = office.db.get(Loan, loan_id).application_id
    return dict(group=group_id, household=household_id, person=person_id, loan=loan_id,
                application=app_id, contract=office.db.get(Loan, loan_id).contract_no)


def _new_application(office, ids, **extra):
    as_user(office, "accountant", ["accountant"])
    a = posting.post(office, "application.submit", {
        "household_id": ids["household"], "person_id": ids["person"], "programme_code": "poor",
        "amount": 5_000_000, "term_months": 12, "frequency_months": 6,
        "purpose": "Mua lợn giống", **extra}, business_date=DS)
    return journal.get(office.db, a.op_id).payload["application_id"]


def test_an_existing_application_id_is_refused(office, loan):
    as_user(office, "accountant", ["accountant"])
    _taken(office, "application_id", "application.submit", {
        "application_id": loan["application"], "household_id": loan["household"],
        "person_id": loan["person"], "programme_code": "poor", "amount": 5_000_000,
        "term_months": 12, "frequency_months": 6, "purpose": "Mua lợn giống"})


@pytest.mark.parametrize("field", ["loan_id", "contract_no"])
def test_a_decision_cannot_reuse_a_loan_id_or_a_contract_number(office, loan, field):
    app_id = _new_application(office, loan)
    as_user(office, "director", ["director"])
    value = loan["loan"] if field == "loan_id" else loan["contract"]
    _taken(office, field, "application.decide", {"application_id": app_id, "approved": True,
                                                 field: value})
    posting.post(office, "application.decide", {"application_id": app_id, "approved": True},
                 business_date=DS)
    contracts = office.db.scalars(select(Loan.contract_no)).all()
    assert len(contracts) == len(set(contracts)) == 2


def test_existing_household_person_and_group_ids_are_refused(office, loan):
    as_user(office, "accountant", ["accountant"])
    _taken(office, "household_id", "household.register", {
        "household_id": loan["household"], "point_code": "P01", "address": "Thôn 2",
        "village": "Thôn 2", "category": "poor"})
    _taken(office, "person_id", "person.register", {
        "person_id": loan["person"], "household_id": loan["household"],
        "full_name": "Lê Văn Nam", "sex": "M", "birth_date": "1980-01-01"})
    _taken(office, "group_id", "group.form", {
        "group_id": loan["group"], "point_code": "P01", "organisation_code": "HPN-P01",
        "code": "T77", "name": "Tổ 77", "village": "Thôn 7", "leader_name": "Lê Thị Hoa"})
