"""Money services on real books: application → decision → disbursement → collections,
refusals, overpayment into savings, a whole group's hand-over at a point, reversal.

Figures are worked by hand: the poor-household rate from 01/12/2025 is 6,24 %/năm, ACT/365,
first day counted and last day not.
"""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain.errors import DomainError
from sbpdesk.services import collections, loans, posting, savings, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.context import User
from tests.conftest import PW, TODAY, enrol_point

DS = dt.date(2026, 3, 1)        # set-up and approval
D0 = TODAY                      # 15/03/2026, P01's session day: disbursement
D1 = dt.date(2026, 4, 15)       # next session


def as_user(book, name, roles):
    book.user = User(name, name, frozenset(roles))


def set_up_loan(office, amount=12_000_000, term=12, frequency=6):
    """A poor household in a Women's Union group of P01 with an approved loan."""
    as_user(office, "accountant", ["accountant"])
    g = posting.post(office, "group.form", {"point_code": "P01", "organisation_code": "HPN-P01",
                                            "code": "T01", "name": "Tổ 1 thôn 2",
                                            "village": "Thôn 2", "leader_name": "Lê Thị Hoa"},
                     business_date=DS)
    from sbpdesk.services import journal
    group_id = journal.get(office.db, g.op_id).payload["group_id"]
    h = posting.post(office, "household.register", {"point_code": "P01", "group_id": group_id,
                                                    "address": "Thôn 2, xã Hải Ninh",
                                                    "village": "Thôn 2", "category": "poor"},
                     business_date=DS)
    household_id = journal.get(office.db, h.op_id).payload["household_id"]
    p = posting.post(office, "person.register", {"household_id": household_id,
                                                 "full_name": "Nguyễn Thị Hằng", "sex": "F",
                                                 "birth_date": "1985-04-02",
                                                 "is_representative": True},
                     business_date=DS)
    person_id = journal.get(office.db, p.op_id).payload["person_id"]
    a = posting.post(office, "application.submit", {
        "household_id": household_id, "person_id": person_id, "programme_code": "poor",
        "amount": amount, "term_months": term, "frequency_months": frequency,
        "purpose": "Mua bò sinh sản"}, business_date=DS)
    application_id = journal.get(office.db, a.op_id).payload["application_id"]
    as_user(office, "director", ["director"])
    dec = posting.post(office, "application.decide", {"application_id": application_id,
                                                      "approved": True}, business_date=DS)
    loan_id = journal.get(office.db, dec.op_id).payload["loan_id"]
    return group_id, household_id, person_id, loan_id


def test_decision_creates_a_loan_with_an_office_contract_number(office):
    with office.transaction():
        _, household_id, _, loan_id = set_up_loan(office)
    detail = loans.loan_detail(office, loan_id, DS)
    assert detail.status == "approved"
    assert detail.contract_no == "PGD01-2026-00001"
    assert detail.approved_amount == 12_000_000 and detail.disbursed == 0
    assert [r.id for r in loans.loans_of_household(office, household_id)] == [loan_id]


def test_disbursement_needs_id_check_and_controller_and_stays_within_approval(office):
    with office.transaction():
        *_, loan_id = set_up_loan(office)
    as_user(office, "teller", ["teller"])
    with pytest.raises(DomainError) as e:
        posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": 12_000_000,
                                               "id_checked": True}, business_date=D0)
    assert e.value.code == "approval_required"
    with pytest.raises(DomainError) as e:
        posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": 12_000_001,
                                               "id_checked": True}, business_date=D0,
                     approved_by=Approval("controller", PW))
    assert e.value.code == "over_approval"
    with pytest.raises(DomainError) as e:
        posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": 12_000_000},
                     business_date=D0, approved_by=Approval("controller", PW))
    assert e.value.code == "id_not_checked"
    with pytest.raises(DomainError) as e:   # replay puts same-day facts before decisions
        posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": 12_000_000,
                                               "id_checked": True}, business_date=DS,
                     approved_by=Approval("controller", PW))
    assert e.value.code == "disburse_same_day_as_approval"
    posting.post(office, "loan.disburse", {"loan_id": loan_id, "amount": 12_000_000,
                                           "id_checked": True}, business_date=D0,
                 approved_by=Approval("controller", PW))
    detail = loans.loan_detail(office, loan_id, D0)
    assert detail.status == "active" and detail.outstanding == 12_000_000
    # 12 months every 6 months on P01's session day (the 15th): two halves.
    assert [(i.due_date, i.amount) for i in detail.instalments] == [
        (dt.date(2026, 9, 15), 6_000_000), (dt.date(2027, 3, 15), 6_000_000)]


def _disbursed(office):
    with office.transaction():
        ids = set_up_loan(office)
    as_user(office, "teller", ["teller"])
    posting.post(office, "loan.disburse", {"loan_id": ids[3], "amount": 12_000_000,
                                           "id_checked": True}, business_date=D0,
                 approved_by=Approval("controller", PW))
    return ids


def test_interest_due_at_the_next_session_and_refusal_above_it(office):
    _, _, person_id, loan_id = _disbursed(office)
    # 15/03 → 15/04 is 31 days: 12.000.000 × 6,24 % × 31 / 365 = 63.596,71… → 63.597 đ.
    assert loans.loan_detail(office, loan_id, D1).dues.interest_in_term == 63_597
    with pytest.raises(DomainError) as e:
        posting.post(office, "collection.record", {"person_id": person_id, "loan_id": loan_id,
                                                   "interest": 63_598}, business_date=D1)
    assert e.value.code == "interest_excess" and e.value.field == "interest"
    posting.post(office, "collection.record", {"person_id": person_id, "loan_id": loan_id,
                                               "interest": 63_597, "bl_no": "0012"},
                 business_date=D1)
    detail = loans.loan_detail(office, loan_id, D1)
    assert detail.interest_in_term == 0 and detail.interest_paid == 63_597
    assert detail.history[0].kind == "collection.record"


def test_overpayment_needs_confirmation_and_goes_to_savings(office):
    _, household_id, person_id, loan_id = _disbursed(office)
    line = {"person_id": person_id, "loan_id": loan_id, "interest": 63_597,
            "principal": 12_500_000}
    with pytest.raises(DomainError) as e:
        posting.post(office, "collection.record", line, business_date=D1)
    assert e.value.code == "principal_excess"
    posting.post(office, "collection.record", {**line, "overpay_confirmed": True},
                 business_date=D1)
    detail = loans.loan_detail(office, loan_id, D1)
    assert detail.outstanding == 0 and detail.status == "closed"
    (acc,) = savings.savings_of_household(office, household_id)
    assert acc.balance == 500_000   # 12.500.000 − 12.000.000


def test_a_group_at_a_point_with_a_counted_difference_and_a_reversal(office, tmp_path, clock):
    group_id, _, person_id, loan_id = _disbursed(office)
    point = enrol_point(office, tmp_path / "pt", clock)
    point._clock = lambda: dt.datetime(2026, 4, 15, 3, tzinfo=dt.UTC)
    point.sign_in("teller", PW)
    try:
        sessions.open_session(point, "P01", D1, controller="controller",
                              opening_cash=1_000_000)
        s = sessions.current_session(point, "P01")
        sheet = collections.group_sheet(point, group_id, D1)
        (line,) = sheet.lines
        assert (line.full_name, line.interest_due, line.principal_due) == \
            ("Nguyễn Thị Hằng", 63_597, 0)
        inputs = [collections.LineInput(person_id, loan_id, interest=63_597, savings=50_000)]
        with pytest.raises(DomainError) as e:   # 113.597 due, 110.000 counted: needs approval
            collections.record_group(point, group_id, inputs, counted=110_000,
                                     business_date=D1)
        assert e.value.code == "difference_needs_controller"
        assert loans.loan_detail(point, loan_id, D1).interest_paid == 0   # nothing kept
        result = collections.record_group(point, group_id, inputs, counted=110_000,
                                          business_date=D1, approved_by=Approval("controller", PW),
                                          reason="Thiếu tiền lẻ")
        assert result.difference is not None
        # opening 1.000.000 + 113.597 collected − 3.597 short = 1.110.000
        assert sessions.expected_cash(point, s.id) == 1_110_000
        posting.post(point, "op.reverse", {"target_op_id": result.posted[0].op_id,
                                           "reason": "Nhập nhầm tổ viên"}, business_date=D1,
                     approved_by=Approval("controller", PW))
        detail = loans.loan_detail(point, loan_id, D1)
        assert detail.interest_paid == 0 and detail.dues.interest_in_term == 63_597
        assert detail.history[-1].reversed is False
        assert any(h.reversed for h in detail.history if h.kind == "collection.record")
        # the reversed collection's cash leaves the expected total: 1.110.000 − 113.597
        assert sessions.expected_cash(point, s.id) == 996_403
    finally:
        point.close()


def test_the_leader_hands_over_interest_and_savings_never_principal(office, tmp_path, clock):
    """Leaders do not collect principal (changes-2025-2026.md §4): a member's principal paid
    at the session is the member's own line; the hand-over counts interest and savings."""
    group_id, _, person_id, loan_id = _disbursed(office)
    point = enrol_point(office, tmp_path / "pt", clock)
    point._clock = lambda: dt.datetime(2026, 4, 15, 3, tzinfo=dt.UTC)
    point.sign_in("teller", PW)
    try:
        sessions.open_session(point, "P01", D1, controller="controller",
                              opening_cash=1_000_000)
        s = sessions.current_session(point, "P01")
        inputs = [collections.LineInput(person_id, loan_id, interest=63_597,
                                        principal=2_000_000, savings=50_000)]
        result = collections.record_group(point, group_id, inputs, counted=113_597,
                                          business_date=D1, session_id=s.id)
        assert result.difference is None and result.principal == 2_000_000
        from sbpdesk.services import journal
        handed = journal.get(point.db, result.handover.op_id).payload
        assert (handed["interest"], handed["savings"], handed["counted"]) == \
            (63_597, 50_000, 113_597)
        assert "principal" not in handed
        # the box: opening 1.000.000 + 113.597 from the leader + 2.000.000 paid in person
        assert sessions.expected_cash(point, s.id) == 3_113_597
        assert loans.loan_detail(point, loan_id, D1).outstanding == 10_000_000
    finally:
        point.close()
