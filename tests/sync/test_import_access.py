"""The office refuses, at import, what a laptop had no authority to record: an operation on
another point's accounts and a reversal of an office decision. Each arrives in a real signed
bundle from a really enrolled laptop (a tampered program: appended without deciding); the
office stores it as received, rejects it with its reason (review lists it, the verdict goes
back), applies everything else, and no balance changes."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from sbpdesk.db.models import Operation
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import posting
from sbpdesk.sync import review
from tests.conftest import PW
from tests.sync.test_enrol import (  # noqa: F401
    enrol_laptop,
    export,
    fast_kdf,
    imp,
    new_laptop,
)
from tests.sync.test_exchange import (
    D1,
    INTEREST,
    collect,
    loan_of,
    loan_pair,
    office_with_loan,
    on,
    open_session,
)
from tests.sync.test_import_hostile import tampered


def _office_op(office, kind):
    row = office.db.scalars(select(Operation).where(Operation.kind == kind)).one()
    office.end_read()
    return row.op_id


def test_a_laptop_of_another_point_cannot_post_on_this_points_loan(tmp_path, clock):
    office, ids = office_with_loan(tmp_path, clock)
    laptop = new_laptop(tmp_path / "laptop", clock)
    enrol_laptop(office, laptop, tmp_path, points=("P02",))
    on(laptop, D1)
    on(office, D1)
    laptop.sign_in("teller", PW)
    tampered(laptop, "collection.record", {"person_id": ids["person"], "loan_id": ids["loan"],
                                           "interest": 0, "principal": 5_000_000,
                                           "savings": 0})
    before = loan_of(office, ids["loan"])
    result = imp(office, export(laptop, tmp_path))
    assert [(o["outcome"], o["reason"]) for o in result["ops"]] == [
        ("rejected", "other_point")]
    after = loan_of(office, ids["loan"])
    assert after.outstanding == before.outstanding == 12_000_000
    listed = review.review_list(office)["rejected"]
    assert [(r["kind"], r["reason"]) for r in listed] == [("collection.record", "other_point")]
    # Deciding on the laptop refuses it before anything is written.
    with pytest.raises(DomainError) as e:
        register_household(laptop, "P01")
    assert e.value.code == "other_point" and "P01" in e.value.message("en")


def register_household(book, point_code):
    return posting.post(book, "household.register", {
        "point_code": point_code, "address": "Thôn 1", "village": "Thôn 1",
        "category": "poor"}, business_date=D1)


@pytest.mark.parametrize("target_kind", ["application.decide", "loan.disburse"])
def test_a_laptop_reversal_of_an_office_operation_is_rejected(tmp_path, clock, target_kind):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    collect(laptop, ids)
    target = _office_op(office, target_kind)
    tampered(laptop, "op.reverse", {"target_op_id": target, "reason": "hủy"})
    collect(laptop, ids, interest=0, savings=10_000)     # after it: still applied
    result = imp(office, export(laptop, tmp_path))
    outcomes = [(o["outcome"], o["reason"]) for o in result["ops"]]
    assert outcomes[2] == ("rejected", "reverses_office_decision"), outcomes
    assert outcomes[3][0] in ("applied", "suspense")
    loan = loan_of(office, ids["loan"])
    assert loan.status == "active" and loan.disbursed == 12_000_000
    assert loan.interest_paid == INTEREST
    assert loan.outstanding == 12_000_000


def test_an_imported_operation_reusing_an_existing_identity_is_rejected(tmp_path, clock):
    office, laptop, ids = loan_pair(tmp_path, clock)
    open_session(laptop)
    tampered(laptop, "household.register", {
        "household_id": ids["household"], "point_code": "P01", "address": "Thôn 9",
        "village": "Thôn 9", "category": "near_poor", "group_id": None})
    collect(laptop, ids)
    result = imp(office, export(laptop, tmp_path))
    outcomes = [(o["outcome"], o["reason"]) for o in result["ops"]]
    assert outcomes[1] == ("rejected", "id_taken:household_id"), outcomes
    assert outcomes[2][0] == "applied"
