"""The loan fold: overdue policies, 130 %, freeze, write-off, suspense, tranches, students,
reschedules. Amounts are multiples of 365.000 đ so that daily interest is whole:
  10.950.000 × 6,24 % ÷ 365 = 1.872 đ/day;  7.300.000 → 1.248;  3.650.000 → 624
  3.650.000 × 6,24 % × 130 % ÷ 365 = 811,2 đ/day overdue; 10.950.000 overdue → 2.433,6
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sbpdesk.domain import loan
from sbpdesk.domain.calendar import SessionCalendar
from sbpdesk.domain.operation import Operation
from sbpdesk.domain.rules import DEFAULT_RULES, Refs

D = dt.date
REFS = Refs(calendars={"P1": SessionCalendar("P1", 15)})
_seq = iter(range(1, 10_000))


def op(kind, day, origin="lap", rules_version=None, **payload):
    n = next(_seq)
    return Operation(f"op{n}", origin, n, kind, 1, payload, D.fromisoformat(day),
                     rules_version=rules_version)


def opened(disbursed_on, amount=10_950_000, approved=None, term=3, freq=1,
           programme="poor", first_due=None):
    return [
        op("application.submit", "2025-01-01", application_id="A", household_id="H",
           person_id="M", group_id="G", programme_code=programme, amount=amount,
           term_months=term, frequency_months=freq, purpose="", funding_source="central",
           study_end=None, point_code="P1"),
        op("application.decide", "2025-01-02", origin="office", application_id="A",
           approved=True, reason="", loan_id="L", contract_no="C", amount=approved or amount,
           term_months=term, frequency_months=freq, first_due=first_due),
        op("loan.disburse", disbursed_on, loan_id="L", amount=amount, tranche=1,
           id_checked=True),
    ]


def pay(day, interest=0, principal=0, from_savings=0, **kw):
    return op("collection.record", day, loan_id="L", savings_account_id=None, person_id="M",
              group_id="G", interest=interest, principal=principal, savings=0,
              from_savings=from_savings, bl_no=None, overpay_confirmed=False, **kw)


def test_instalment_to_overdue_from_2026_03_01():
    s = loan.replay(opened("2026-03-15"), REFS)
    d = loan.dues(s, D(2026, 4, 26), REFS)
    # 15/03 → 16/04: 32 days × 1.872 = 59.904 on the whole 10.950.000
    # 16/04 → 26/04: 10 days in term on 7.300.000 × 1.248 = 12.480 → 72.384
    #                10 days overdue on 3.650.000 × 811,2 = 8.112
    assert (d.principal_overdue, d.principal_in_term) == (3_650_000, 7_300_000)
    assert (d.interest_in_term, d.interest_overdue) == (72_384, 8_112)
    assert d.next_due == (D(2026, 5, 15), 3_650_000)


def test_carry_forward_before_2026_03_01():
    s = loan.replay(opened("2026-02-15"), REFS)
    d = loan.dues(s, D(2026, 3, 26), REFS)
    # instalment 15/03 unpaid → rolled into 15/04 (3.650.000 × 2); nothing overdue
    # 15/02 → 26/03: 14 + 25 = 39 days × 1.872 = 73.008
    assert d.principal_overdue == 0 and d.interest_overdue == 0
    assert d.next_due == (D(2026, 4, 15), 7_300_000)
    assert d.interest_in_term == 73_008
    # the final instalment (15/05) missed: the whole balance is overdue from 16/05
    d = loan.dues(s, D(2026, 5, 18), REFS)
    # in term 15/02 → 16/05: 14 + 31 + 30 + 15 = 90 days × 1.872 = 168.480
    # overdue 16/05 → 18/05: 2 days × 2.433,6 = 4.867,2 → 4.867
    assert (d.principal_overdue, d.principal_in_term) == (10_950_000, 0)
    assert (d.interest_in_term, d.interest_overdue) == (168_480, 4_867)


def test_programme_exempt_from_the_new_policy_keeps_carry_forward():
    rules = replace(DEFAULT_RULES, overdue_policy_exempt=("poor",))
    refs = Refs(calendars=REFS.calendars, rule_sets={rules.version: rules})
    d = loan.dues(loan.replay(opened("2026-03-15"), refs), D(2026, 4, 26), refs)
    assert d.principal_overdue == 0 and d.next_due == (D(2026, 5, 15), 7_300_000)


def test_overdue_paid_first_and_interest_overdue_first():
    ops = opened("2026-03-15") + [pay("2026-04-26", interest=10_000, principal=4_000_000)]
    s = loan.replay(ops, REFS)
    # interest: overdue 8.112 first, then 1.888 of the in-term 72.384 → 70.496 left
    assert (s.interest_overdue, s.interest_in_term) == (0, 70_496)
    # principal: overdue 3.650.000 first, then 350.000 early to the nearest (15/05)
    assert s.principal_overdue == 0 and s.principal_in_term == 6_950_000
    assert [i.paid for i in s.instalments] == [3_650_000, 350_000, 0]


def test_freeze_moves_principal_and_unpaid_interest_and_stops_accrual():
    ops = opened("2026-03-15") + [op("loan.freeze", "2026-04-26", origin="office",
                                     loan_id="L", until=None, reason="bão")]
    s = loan.replay(ops, REFS)
    # everything of 26/04 (see the first test): principal 10.950.000,
    # interest 72.384 + 8.112 = 80.496
    assert (s.principal_frozen, s.interest_frozen) == (10_950_000, 80_496)
    assert s.outstanding == 10_950_000 and s.principal_overdue == 0
    d = loan.dues(s, D(2026, 12, 15), REFS)
    assert d.interest_total == 80_496 and d.principal_due_now == 0
    # a payment on a frozen loan reduces the frozen buckets
    s = loan.apply(s, pay("2026-06-15", interest=496, principal=950_000), REFS)
    assert (s.principal_frozen, s.interest_frozen) == (10_000_000, 80_000)


def test_unfreeze_returns_buckets_and_rolls_passed_instalments():
    ops = opened("2026-03-15") + [
        op("loan.freeze", "2026-04-26", origin="office", loan_id="L", until=None, reason=""),
        op("loan.unfreeze", "2026-06-26", origin="office", loan_id="L")]
    s = loan.replay(ops, REFS)
    assert (s.principal_in_term, s.interest_in_term, s.status) == (10_950_000, 80_496,
                                                                    "active")
    # all three instalments passed during the freeze: one at the next session 15/07, flagged
    assert s.instalments[-1].due_date == D(2026, 7, 15)
    assert s.instalments[-1].amount == 10_950_000 and "needs_schedule" in s.flags


def test_write_off_then_collection_goes_to_suspense_then_recovery():
    ops = opened("2026-03-15") + [
        op("loan.write_off", "2026-04-26", origin="office", loan_id="L", reason=""),
        pay("2026-05-15", interest=100_000)]
    s = loan.replay(ops, REFS)
    assert (s.principal_written_off, s.interest_written_off) == (10_950_000, 80_496)
    assert s.status == "written_off" and s.outstanding == 0
    assert s.suspense == 100_000 and s.suspense_entries[-1].reason == "loan_written_off"
    s = loan.apply(s, op("suspense.resolve", "2026-05-20", origin="office", account_id="L",
                         account_kind="loan", amount=100_000, to="recovery",
                         target_id=None), REFS)
    assert s.suspense == 0


def test_interest_above_owed_and_principal_beyond_balance_go_to_suspense():
    ops = opened("2026-03-15") + [pay("2026-03-25", interest=20_000, principal=11_000_000)]
    s = loan.replay(ops, REFS)
    # owed 10 days × 1.872 = 18.720 → 1.280 excess; principal 10.950.000 → 50.000 excess
    assert s.suspense == 1_280 + 50_000
    assert {e.reason for e in s.suspense_entries} == {"interest_excess", "principal_excess"}
    assert s.status == "closed" and s.outstanding == 0 and s.interest_unpaid == 0
    # after closing, more cash is suspense too
    s = loan.apply(s, pay("2026-04-15", interest=1_000), REFS)
    assert s.suspense_entries[-1].reason == "loan_closed"


def test_resolve_suspense_to_the_loan_uses_the_undivided_order():
    ops = opened("2026-03-15") + [pay("2026-03-25", interest=20_000),
                                  op("suspense.resolve", "2026-04-15", origin="office",
                                     account_id="L", account_kind="loan", amount=1_280,
                                     to="loan", target_id="L")]
    s = loan.replay(ops, REFS)
    # 25/03 → 15/04: 21 days × 1.872 = 39.312 owed; the 1.280 goes to in-term interest
    assert s.suspense == 0 and s.interest_in_term == 39_312 - 1_280


def test_disbursement_refused_cases_go_to_suspense():
    ops = opened("2026-03-15", amount=11_000_000, approved=10_950_000)
    s = loan.replay(ops, REFS)
    assert s.status == "approved" and s.disbursed == 0
    assert s.suspense == -11_000_000 and s.suspense_entries[0].reason == "over_approval"
    before = loan.apply(None, pay("2026-03-15", interest=5_000), REFS)
    assert before.suspense == 5_000 and "no_decision" in before.flags
    ops = opened("2026-03-15")[:1] + [
        op("application.decide", "2026-03-01", origin="office", application_id="A",
           approved=False, reason="không đủ điều kiện", loan_id=None, contract_no=None,
           amount=0, term_months=0, frequency_months=0, first_due=None),
        op("loan.disburse", "2026-03-15", loan_id="L", amount=1_000_000, tranche=1,
           id_checked=True)]
    s = loan.replay(ops, REFS)
    assert s.status == "cancelled" and s.suspense == -1_000_000
    assert s.suspense_entries[0].reason == "disburse_cancelled"


def test_collection_before_disbursement_is_suspense():
    s = loan.replay(opened("2026-03-15")[:2] + [pay("2026-02-15", interest=1)], REFS)
    assert s.status == "approved" and s.suspense_entries[0].reason == "not_disbursed"


def test_second_tranche_is_re_split_over_the_future_instalments():
    ops = opened("2026-03-15", approved=20_000_000) + [
        op("loan.disburse", "2026-04-15", loan_id="L", amount=3_000_000, tranche=2,
           id_checked=True)]
    s = loan.replay(ops, REFS)
    # 15/04 is instalment 1's day (not future): 3.650.000 + 3.650.000 + 3.000.000 =
    # 10.300.000 over 15/05 and 15/06 → 5.150.000 each
    assert [i.amount for i in s.instalments] == [3_650_000, 5_150_000, 5_150_000]
    assert s.principal_in_term == 13_950_000 and s.tranches == 2


def test_students_interest_is_grace_until_the_first_due_date():
    ops = opened("2025-09-15", amount=7_300_000, term=48, freq=6, programme="student",
                 first_due="2027-07-15")
    s = loan.replay(ops, REFS)
    d = loan.dues(s, D(2025, 12, 15), REFS)
    # 7.300.000 × 6,6 % ÷ 365 = 1.320 a day; × 6,24 % = 1.248
    # 15/09 → 01/12: 16 + 31 + 30 = 77 days × 1.320 = 101.640
    # 01/12 → 15/12: 14 days × 1.248 = 17.472 → 119.112 grace interest, nothing in term
    assert (d.interest_grace, d.interest_in_term) == (119_112, 0)
    assert s.instalments[0].due_date == D(2027, 7, 15)
    assert s.instalments[-1].due_date == D(2029, 9, 15)
    d = loan.dues(s, D(2027, 7, 25), REFS)
    # after the first due date interest is in term: 15/07 → 25/07 = 10 days × 1.248
    assert d.interest_in_term == 12_480


def test_adjust_and_extend_replace_the_unpaid_in_term_instalments():
    adj = op("loan.adjust", "2026-03-10", origin="office", loan_id="L", request_id=None,
             instalments=[{"due_date": "2026-04-15", "amount": 5_000_000},
                          {"due_date": "2026-05-15", "amount": 5_950_000}])
    s = loan.replay(opened("2026-02-15") + [adj], REFS)
    assert [(i.due_date, i.amount) for i in s.instalments] == [
        (D(2026, 4, 15), 5_000_000), (D(2026, 5, 15), 5_950_000)]
    ext = op("loan.extend", "2026-03-10", origin="office", loan_id="L", request_id=None,
             new_final_date="2026-08-15",
             instalments=[{"due_date": "2026-06-15", "amount": 5_475_000},
                          {"due_date": "2026-08-15", "amount": 5_475_000}])
    late = pay("2026-03-05", principal=1_000_000)     # arrives after the extension
    s = loan.replay(opened("2026-02-15") + [ext, late], REFS)
    # the late 1.000.000 paid instalment 1 early; the extension then covers 9.950.000:
    # the last new instalment absorbs the difference, 5.475.000 − 1.000.000 = 4.475.000
    assert [(i.due_date, i.amount, i.paid) for i in s.instalments] == [
        (D(2026, 3, 15), 1_000_000, 1_000_000), (D(2026, 6, 15), 5_475_000, 0),
        (D(2026, 8, 15), 4_475_000, 0)]
    assert "schedule_refit" in s.flags


def test_30_360_monthly_rule_set():
    rules = replace(DEFAULT_RULES, version="m30", day_basis="30/360-monthly")
    refs = Refs(calendars=REFS.calendars, rule_sets={"m30": rules})
    d = loan.dues(loan.replay(opened("2026-03-15"), refs), D(2026, 4, 15), refs)
    # 10.950.000 × 6,24 % ÷ 360 = 683.280 ÷ 360 = 1.898 a day × 31 days = 58.838
    assert d.interest_in_term == 58_838


def test_the_op_rules_version_chooses_the_early_repayment_target():
    last = replace(DEFAULT_RULES, version="last", early_target="last")
    refs = REFS.with_rules(last)
    ops = opened("2026-03-15") + [pay("2026-03-20", principal=1_000_000,
                                      rules_version="last")]
    s = loan.replay(ops, refs)
    assert [i.paid for i in s.instalments] == [0, 0, 1_000_000]


def test_dues_does_not_change_the_state():
    s = loan.replay(opened("2026-03-15"), REFS)
    before = s.to_dict()
    loan.dues(s, D(2026, 9, 1), REFS)
    assert s.to_dict() == before and s.accrued_from == D(2026, 3, 15)


def test_interest_paid_at_each_session_is_the_billed_amount():
    # Billing and collecting on the same day agree to the đồng: pay exactly dues.
    s = loan.replay(opened("2026-03-15"), REFS)
    d = loan.dues(s, D(2026, 4, 15), REFS)
    s = loan.apply(s, pay("2026-04-15", interest=d.interest_total,
                          principal=d.principal_due_now), REFS)
    # 31 days × 1.872 = 58.032
    assert d.interest_total == 58_032 and s.interest_unpaid == 0 and s.suspense == 0
    assert s.principal_in_term == 7_300_000 and s.principal_overdue == 0


def test_suspense_moved_from_one_loan_to_another():
    ops = opened("2026-03-15") + [pay("2026-03-25", interest=20_000)]
    src = loan.replay(ops, REFS)                    # 1.280 in suspense (see above)
    move = op("suspense.resolve", "2026-04-15", origin="office", account_id="L",
              account_kind="loan", amount=1_280, to="loan", target_id="L2")
    src = loan.apply(src, move, REFS)
    assert src.suspense == 0 and src.interest_in_term == 39_312   # nothing paid here
    target = replace(src, loan_id="L2", suspense=0, suspense_entries=())
    target = loan.apply(target, move, REFS)
    assert target.interest_in_term == 39_312 - 1_280


def test_the_unit_the_approval_recorded_rounds_the_schedule():
    """decisions/0175: the approval records the unit its schedule is rounded to. One that
    recorded none (every approval before the unit existed) keeps its exact split whatever
    the rule sets say now; a later tranche is re-split in the loan's own unit."""
    def loan_with(unit):
        ops = opened("2026-03-15", amount=40_000_000, approved=50_000_000, term=36, freq=6)
        if unit:
            ops[1] = op("application.decide", "2025-01-02", origin="office", **{
                **ops[1].payload, "instalment_unit": unit})
        return loan.replay(ops, REFS)
    old, new = loan_with(None), loan_with(100_000)
    assert [i.amount for i in old.instalments] == [6_666_666] * 5 + [6_666_670]
    assert [i.amount for i in new.instalments] == [6_600_000] * 5 + [7_000_000]
    assert new.instalment_unit == 100_000 and "instalment_unit" not in old.to_dict()
    assert loan.LoanState.from_dict(new.to_dict()) == new
    later = loan.apply(new, op("loan.disburse", "2026-10-15", loan_id="L",
                               amount=10_000_000, tranche=2, id_checked=True), REFS)
    # the 5 future instalments: 6.600.000 × 4 + 7.000.000 + 10.000.000 = 43.400.000;
    # ÷ 5 = 8.680.000 → 8.600.000 × 4 and 9.000.000
    assert [i.amount for i in later.instalments] == [6_600_000] + [8_600_000] * 4 + [9_000_000]
    assert sum(i.amount for i in later.instalments) == 50_000_000
