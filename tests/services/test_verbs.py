"""The typed write verbs: each posts through decide → append → apply and says what it changed;
a household and its members are registered in one transaction; approvals are credentials."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sbpdesk.db.models import Household, Operation, Person
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import applications, customers, loans, reversals
from sbpdesk.services.auth import Approval
from tests.conftest import PW
from tests.services.test_loans_collections import D0, D1, as_user, set_up_loan

HOUSEHOLD = customers.NewHousehold("P01", "Thôn 3, xã Hải Ninh", "Thôn 3", None, "poor")
HEAD = customers.NewPerson("Trần Văn Bình", "M", None, None, "0912 345 678", "Chủ hộ", True)


def test_register_household_with_its_members_in_one_transaction(office):
    as_user(office, "accountant", ["accountant"])
    done = customers.register_household(office, HOUSEHOLD, [HEAD], business_date=D0)
    assert [m.full_name for m in done.household.members] == ["Trần Văn Bình"]
    assert done.written.households == (done.household.id,)
    assert len(done.written.posted) == 2 and done.household.provisional_no
    count = office.db.scalar(select(func.count()).select_from(Household))
    bad = customers.NewPerson("Lê Thị Mai", "X")   # a member the decider refuses
    with pytest.raises(DomainError) as e:
        customers.register_household(office, HOUSEHOLD, [HEAD, bad], business_date=D0)
    assert e.value.code == "bad_sex"
    # Nothing of the refused registration stayed: not even its household.
    assert office.db.scalar(select(func.count()).select_from(Household)) == count


def test_disburse_repay_and_reverse_say_what_they_changed(office):
    with office.transaction():
        _, household_id, person_id, loan_id = set_up_loan(office)
    as_user(office, "teller", ["teller"])
    paid = loans.disburse(office, loan_id, 12_000_000, id_checked=True, business_date=D0,
                          approved_by=Approval("controller", PW))
    assert paid.touches("loan", loan_id) and paid.receipt_no and paid.outcome == "applied"
    assert office.db.get(Operation, paid.op_id).approved_by == "controller"
    repaid = loans.repay(office, loan_id, interest=63_597, principal=0, business_date=D1)
    assert repaid.touches("loan", loan_id)
    assert loans.loan_detail(office, loan_id, D1).interest_paid == 63_597
    undone = reversals.reverse(office, repaid.op_id, "Ghi nhầm", business_date=D1,
                               approved_by=Approval("teller2", PW))
    assert undone.touches("loan", loan_id)
    assert loans.loan_detail(office, loan_id, D1).interest_paid == 0


def test_an_approval_with_a_wrong_password_or_without_the_role_is_refused(office):
    with office.transaction():
        *_, loan_id = set_up_loan(office)
    as_user(office, "teller", ["teller"])
    for approval, code in ((Approval("controller", "sai"), "login_failed"),
                           (Approval("teller2", PW), "approval_required"),
                           (Approval("teller", PW), "approval_required"),
                           (None, "approval_required")):
        with pytest.raises(DomainError) as e:
            loans.disburse(office, loan_id, 1_000_000, id_checked=True, business_date=D0,
                           approved_by=approval)
        assert e.value.code == code, approval
    assert loans.loan_detail(office, loan_id, D0).disbursed == 0


def test_submit_an_application(office):
    with office.transaction():
        _, household_id, person_id, _ = set_up_loan(office)
    as_user(office, "accountant", ["accountant"])
    new = applications.NewApplication(household_id, person_id, None, "poor", 5_000_000, 12,
                                      None, "Mua giống lúa")
    done = applications.submit(office, new, business_date=D0)
    (kind, app_id), = done.accounts
    assert kind == "application"
    assert applications.get_application(office, app_id).purpose == "Mua giống lúa"


def test_the_offices_reference_group_and_household_verbs(office):
    """The typed verbs the demo, the core bridge and the self-test set a book up with."""
    from sbpdesk.services import groups, reference
    as_user(office, "admin", ["admin"])
    point = reference.define_point(office, "P09", "Xã Hải Lâm", commune="Hải Lâm",
                                   session_day=12, session_time="07:30", business_date=D0)
    assert point.op_id and reference.get_point(office, "P09").office_code == office.office_code
    reference.define_organisation(office, "HND-P09", "farmers", "Hội Nông dân xã Hải Lâm",
                                  point_code="P09", business_date=D0)
    reference.publish_rules(office, "r-2", D0, {"savings_rate": "0.5"}, business_date=D0)
    assert reference.build_refs(office).rules_at(D0).version == "r-2"
    as_user(office, "accountant", ["accountant"])
    formed = groups.form(office, groups.NewGroup("P09", "HND-P09", "T01", "Tổ 1",
                                                 leader_name="Lê Văn Tư"), business_date=D0)
    assert [(g.id, g.leader_name) for g in groups.list_groups(office, "P09")] == [
        (formed.group_id, "Lê Văn Tư")]
    with pytest.raises(DomainError) as e:      # the decider still decides
        groups.form(office, groups.NewGroup("P09", "HND-P09", "T01", "Tổ khác"),
                    business_date=D0)
    assert e.value.code == "group_code_taken"
    made = customers.register_household(
        office, customers.NewHousehold("P09", "Thôn 1", group_id=formed.group_id,
                                       household_id="h-given", category_year=2026),
        [customers.NewPerson("Lê Văn Tư", "M", person_id="p-given", ethnicity="Kinh")],
        business_date=D0, with_row=False)
    assert made.household is None and made.written.households == ("h-given",)
    confirmed = customers.confirm_household(office, "h-given", "P09000001", business_date=D0)
    assert confirmed.households == ("h-given",)
    row = customers.get_household(office, "h-given")
    assert row.customer_code == "P09000001" and row.category_year == 2026
    assert [m.id for m in row.members] == ["p-given"]
    person = office.db.get(Person, "p-given")
    assert person.ethnicity == "Kinh"
