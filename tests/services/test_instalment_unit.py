"""Instalments rounded as the bank rounds them, the rule kept with the contract (issue 15,
decisions/0175): an approval records the unit in force on its date; a rule set published
later changes the next approvals, never a schedule already agreed."""
from __future__ import annotations

from sbpdesk.services import applications, journal, loans, posting, reference
from sbpdesk.services.auth import ADMIN, Approval
from tests.conftest import PW
from tests.services.test_loans_collections import D0, DS, as_user, set_up_loan


def _disburse(office, loan_id: str, amount: int) -> list[int]:
    as_user(office, "teller", ["teller"])
    posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": amount,
                                           "id_checked": True}, business_date=D0,
                 approved_by=Approval("controller", PW))
    return [i.amount for i in loans.loan_detail(office, loan_id, D0).instalments]


def test_an_approval_keeps_the_unit_in_force_on_its_date(office):
    with office.transaction():
        _, household_id, person_id, first = set_up_loan(office, amount=10_000_000, term=36,
                                                        frequency=6)
    decided = next(e for e in journal.account_entries(office.db, "loan", first)
                   if e.kind == "application.decide")
    assert decided.payload["instalment_unit"] == 100_000       # the default
    # the office rounds to 50.000 đ from the same day: only the next approval follows it
    as_user(office, "admin", [ADMIN])
    reference.publish_rules(office, "office-2", DS, {"instalment_unit": 50_000},
                            business_date=DS)
    as_user(office, "accountant", ["accountant"])
    new = applications.NewApplication(household_id, person_id, None, "clean_water",
                                      10_000_000, 36, 6, "Xây bể chứa nước")
    (_, app_id), = applications.submit(office, new, business_date=DS).accounts
    as_user(office, "director", ["director"])
    second = journal.get(office.db, applications.decide(
        office, app_id, True, reason="đủ điều kiện", business_date=DS,
        checked_by=Approval("accountant", PW)).op_id).payload
    assert second["instalment_unit"] == 50_000
    # 10.000.000 ÷ 6 = 1.666.666: 1.600.000 under the first approval's unit, 1.650.000 under
    # the second's; the remainder on the last
    assert _disburse(office, first, 10_000_000) == [1_600_000] * 5 + [2_000_000]
    assert _disburse(office, second["loan_id"], 10_000_000) == [1_650_000] * 5 + [1_750_000]
