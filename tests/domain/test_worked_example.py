"""A twelve-month worked example of one poor-household loan, every figure computed by hand.

Loan: 36.500.000 đ (chosen so that the daily interest is a whole number of đồng), programme
"poor", point P1 whose session day is the 15th, disbursed 15/09/2025, 12 months, principal
every 3 months → four instalments of 36.500.000 ÷ 4 = 9.125.000 đ due 15/12/2025,
15/03/2026, 15/06/2026, 15/09/2026. First disbursed before 01/03/2026 → carry-forward policy.

Daily interest, ACT/365 (days = end − start: first day counted, last not):
  36.500.000 × 6,6 % ÷ 365 = 2.409.000 ÷ 365 = 6.600 đ/day (before 01/12/2025)
  36.500.000 × 6,24 % ÷ 365 = 2.277.600 ÷ 365 = 6.240 đ/day (from 01/12/2025, QĐ 2553)
  27.375.000 × 6,24 % ÷ 365 = 1.708.200 ÷ 365 = 4.680 đ/day
  23.725.000 × 6,24 % ÷ 365 = 1.480.440 ÷ 365 = 4.056 đ/day
  23.725.000 × 6,24 % × 130 % ÷ 365 = 1.924.572 ÷ 365 = 5.272,8 đ/day (overdue)

Story (business dates):
  10/09/2025 office approves; 15/09 disbursed 36.500.000.
  15/10/2025 partial payment 1: interest 100.000 of 198.000 owed.
  15/12/2025 interest in full + instalment 1 (rate change inside the period).
  15/03/2026 instalment 2 missed → carried into instalment 3 (still in term).
  15/04/2026 partial payment 2 on a laptop: interest 300.000 + principal 3.650.000 (early,
             to the nearest instalment); a duplicate posting of it is reversed.
  20/04/2026 office freezes the loan (flood) — the office decided before the laptop's
             15/04 payment reached it: the late payment replays before the freeze.
  20/08/2026 office unfreezes; 15/09/2026 final instalment missed → whole balance overdue.
"""
from __future__ import annotations

import datetime as dt
import itertools

from sbpdesk.domain import loan
from sbpdesk.domain.calendar import SessionCalendar
from sbpdesk.domain.operation import Operation
from sbpdesk.domain.rules import Refs

REFS = Refs(calendars={"P1": SessionCalendar("P1", 15)})
D = dt.date


def _op(op_id, origin, seq, kind, day, **payload):
    return Operation(op_id, origin, seq, kind, 1, payload, D.fromisoformat(day))


def _collect(op_id, origin, seq, day, interest=0, principal=0):
    return _op(op_id, origin, seq, "collection.record", day, loan_id="L1",
               savings_account_id=None, person_id="M1", group_id="G1", interest=interest,
               principal=principal, savings=0, from_savings=0, bl_no=None,
               overpay_confirmed=False)


SUBMIT = _op("a1", "lap", 1, "application.submit", "2025-09-01", application_id="A1",
             household_id="H1", person_id="M1", group_id="G1", programme_code="poor",
             amount=36_500_000, term_months=12, frequency_months=3, purpose="bò",
             funding_source="central", study_end=None, point_code="P1")
DECIDE = _op("o1", "office", 1, "application.decide", "2025-09-10", application_id="A1",
             approved=True, reason="", loan_id="L1", contract_no="HĐ-1", amount=36_500_000,
             term_months=12, frequency_months=3, first_due=None)
DISBURSE = _op("a2", "lap", 2, "loan.disburse", "2025-09-15", loan_id="L1",
               amount=36_500_000, tranche=1, id_checked=True)
PAY_OCT = _collect("a3", "lap", 3, "2025-10-15", interest=100_000)
PAY_DEC = _collect("a4", "lap", 4, "2025-12-15", interest=495_560, principal=9_125_000)
PAY_APR = _collect("a5", "lap", 5, "2026-04-15", interest=300_000, principal=3_650_000)
DUPLICATE = _collect("a6", "lap", 6, "2026-04-15", interest=300_000)
REVERSE_DUP = _op("a7", "lap", 7, "op.reverse", "2026-04-15", target_op_id="a6",
                  reason="nhập trùng")
FREEZE = _op("o2", "office", 2, "loan.freeze", "2026-04-20", loan_id="L1",
             until="2026-08-20", reason="lũ lụt")
UNFREEZE = _op("o3", "office", 3, "loan.unfreeze", "2026-08-20", loan_id="L1")

ALL = [SUBMIT, DECIDE, DISBURSE, PAY_OCT, PAY_DEC, PAY_APR, DUPLICATE, REVERSE_DUP, FREEZE,
       UNFREEZE]


def test_schedule_and_first_partial_payment():
    s = loan.replay([SUBMIT, DECIDE, DISBURSE, PAY_OCT], REFS)
    assert [(i.due_date, i.amount) for i in s.instalments] == [
        (D(2025, 12, 15), 9_125_000), (D(2026, 3, 15), 9_125_000),
        (D(2026, 6, 15), 9_125_000), (D(2026, 9, 15), 9_125_000)]
    # 15/09 → 15/10 = 30 days × 6.600 = 198.000 owed; 100.000 paid → 98.000 left
    assert s.interest_in_term == 98_000
    assert s.interest_paid == 100_000
    assert s.principal_in_term == 36_500_000


def test_rate_change_inside_the_december_period():
    s = loan.replay([SUBMIT, DECIDE, DISBURSE, PAY_OCT], REFS)
    d = loan.dues(s, D(2025, 12, 15), REFS)
    # 15/10 → 01/12: 17 days of October + 30 of November = 47 × 6.600 = 310.200
    # 01/12 → 15/12: 14 days × 6.240 = 87.360; plus 98.000 left from October
    # 98.000 + 310.200 + 87.360 = 495.560
    assert d.interest_in_term == 495_560
    assert d.principal_due_now == 9_125_000


def test_missed_instalment_carries_forward():
    s = loan.replay([SUBMIT, DECIDE, DISBURSE, PAY_OCT, PAY_DEC], REFS)
    assert s.principal_in_term == 27_375_000 and s.interest_in_term == 0
    d = loan.dues(s, D(2026, 3, 16), REFS)
    # Instalment 2 (15/03) unpaid: carry-forward rolls 9.125.000 into instalment 3; nothing
    # overdue. Interest 15/12 → 16/03 = 17 + 31 + 28 + 15 = 91 days × 4.680 = 425.880.
    assert d.principal_overdue == 0
    assert d.next_due == (D(2026, 6, 15), 18_250_000)
    assert d.interest_in_term == 425_880


def test_late_payment_replays_before_the_office_freeze():
    # What the office saw on 20/04 before the laptop's bundle arrived:
    before = loan.replay([SUBMIT, DECIDE, DISBURSE, PAY_OCT, PAY_DEC, FREEZE], REFS)
    # 15/12 → 20/04 = 126 days × 4.680 = 589.680 interest; principal 27.375.000
    assert before.status == "frozen"
    assert before.principal_frozen == 27_375_000
    assert before.interest_frozen == 589_680
    after = loan.replay(ALL[:-1], REFS)
    # 15/04: 91 days × 4.680 (to 16/03) + 30 days × 4.680 (16/03 → 15/04)
    #        = 425.880 + 140.400 = 566.280 owed; 300.000 paid → 266.280
    #        principal 3.650.000 early to instalment 3 → 27.375.000 − 3.650.000 = 23.725.000
    # 20/04: 5 days × 4.056 = 20.280 → interest 266.280 + 20.280 = 286.560, all frozen
    assert after.status == "frozen"
    assert after.principal_frozen == 23_725_000
    assert after.interest_frozen == 286_560
    assert after.principal_in_term == 0 and after.interest_in_term == 0
    assert after.interest_paid == 100_000 + 495_560 + 300_000   # the duplicate was reversed
    assert after.principal_paid == 9_125_000 + 3_650_000
    inst3 = after.instalments[2]
    assert (inst3.amount, inst3.paid) == (18_250_000, 3_650_000)


def test_nothing_accrues_while_frozen():
    s = loan.replay(ALL[:-1], REFS)
    d = loan.dues(s, D(2026, 8, 15), REFS)
    assert (d.interest_frozen, d.principal_frozen) == (286_560, 23_725_000)
    assert d.interest_in_term == 0 and d.principal_due_now == 0 and d.principal_overdue == 0


def test_unfreeze_then_final_instalment_missed():
    s = loan.replay(ALL, REFS)
    # Unfreeze 20/08: principal back in term, frozen interest back to in-term interest;
    # instalment 3 (15/06, unpaid 18.250.000 − 3.650.000 = 14.600.000) rolls into
    # instalment 4: 9.125.000 + 14.600.000 = 23.725.000
    assert s.status == "active"
    assert s.principal_in_term == 23_725_000 and s.interest_in_term == 286_560
    assert s.instalments[3].amount == 23_725_000
    d = loan.dues(s, D(2026, 9, 15), REFS)
    # 20/08 → 15/09 = 12 + 14 = 26 days × 4.056 = 105.456; 286.560 + 105.456 = 392.016
    assert d.interest_in_term == 392_016
    assert d.principal_due_now == 23_725_000
    d = loan.dues(s, D(2026, 9, 17), REFS)
    # Final instalment missed: from 16/09 the whole 23.725.000 is overdue.
    # In term 20/08 → 16/09 = 27 days × 4.056 = 109.512 → 286.560 + 109.512 = 396.072
    # Overdue 16/09 → 17/09 = 1 day × 5.272,8 = 5.272,8 → 5.273 (half-up)
    assert d.principal_overdue == 23_725_000 and d.principal_in_term == 0
    assert d.interest_in_term == 396_072
    assert d.interest_overdue == 5_273
    assert d.outstanding == 23_725_000


def test_any_arrival_order_gives_the_same_state():
    expected = loan.replay(ALL, REFS)
    rest = ALL[2:]
    for i, perm in enumerate(itertools.permutations(rest)):
        if i % 97:       # a spread of the 8! orders keeps the test fast
            continue
        assert loan.replay([*reversed(ALL[:2]), *perm], REFS) == expected


def test_snapshot_round_trip_then_apply_equals_replay():
    from sbpdesk.domain.canonical import canonical_json, from_json
    snap = loan.replay(ALL[:-1], REFS)
    restored = loan.LoanState.from_dict(from_json(canonical_json(snap.to_dict())))
    assert restored == snap
    assert loan.apply(restored, UNFREEZE, REFS) == loan.replay(ALL, REFS)
