"""Scoped retroactive reduction (Decision 2731/QĐ-TTg), a worked example computed by hand.

Poor-household loan of 36.500.000 đ at point P1 (session on the 15th, province 68 Lâm Đồng),
disbursed 15/09/2025, interest collected every month at the bill of the day:
  6,6 % → 36.500.000 × 6,6 % ÷ 365 = 6.600 đ/day (to 30/11/2025)
  6,24 % → 6.240 đ/day (from 01/12/2025, Decision 2553)
  the reduction −2 %/year, 01/10–31/12/2025 → 36.500.000 × 2 % ÷ 365 = 2.000 đ/day, at
  either rate (across the 01/12 change), 92 days × 2.000 = 184.000 đ in all.
Bills as collected (the reduction was not known yet):
  15/10: 15/09 → 15/10 = 30 days × 6.600 = 198.000            (reduction: 14 days = 28.000)
  15/11: 15/10 → 15/11 = 31 days × 6.600 = 204.600            (31 days = 62.000)
  15/12: 16 days × 6.600 + 14 days × 6.240 = 105.600 + 87.360 = 192.960   (30 days = 60.000)
  collected before the office recorded it on 05/01/2026: 28.000 + 62.000 + 60.000 = 150.000.
Next bill, 15/01/2026: 15/12 → 15/01 = 31 days × 6.240 = 193.440, of which 17 days
(15/12–31/12) are in the window: 17 × 2.000 = 34.000 off → 159.440; the 150.000 collected
in excess is credited (default) → 9.440. Check: the whole period at the reduced rates is
198.000 + 204.600 + 192.960 + 193.440 − 184.000 = 605.000; paid 595.560; 605.000 − 595.560
= 9.440.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from sbpdesk.domain import loan
from sbpdesk.domain.calendar import SessionCalendar
from sbpdesk.domain.relief import Relief
from sbpdesk.domain.rules import Refs
from tests.domain.test_rules_2026 import opened, pay

D = dt.date
RELIEF = Relief("rel-2731", "2731/QĐ-TTg", Decimal(2), D(2025, 10, 1), D(2025, 12, 31),
                recorded_on=D(2026, 1, 5), provinces=frozenset({"68"}))
BASE = Refs(calendars={"P1": SessionCalendar("P1", 15)}, point_provinces={"P1": "68"})
REFS = replace(BASE, reliefs=(RELIEF,))
OPS = opened("poor", "2025-09-10", "2025-09-15", term=24, freq=12) + [
    pay("2025-10-15", interest=198_000), pay("2025-11-15", interest=204_600),
    pay("2025-12-15", interest=192_960)]


def test_bills_before_the_office_records_it_are_unchanged():
    s = loan.replay(OPS[:-1], REFS)
    assert loan.dues(s, D(2025, 12, 15), REFS).interest_in_term == 192_960
    s = loan.replay(OPS, REFS)
    assert (s.interest_in_term, s.suspense, s.interest_credit) == (0, 0, 0)


def test_excess_collected_is_credited_to_the_next_interest():
    s = loan.replay(OPS, REFS)
    assert loan.dues(s, D(2026, 1, 15), REFS).interest_in_term == 9_440
    s = loan.replay(OPS + [pay("2026-01-15", interest=9_440)], REFS)
    assert (s.interest_in_term, s.interest_credit, s.suspense) == (0, 0, 0)
    assert s.interest_relief == 184_000
    # the month after runs at 6,24 % again: 15/01 → 15/02 = 31 days × 6.240 = 193.440
    assert loan.dues(s, D(2026, 2, 15), REFS).interest_in_term == 193_440


def test_excess_paid_back_in_cash_at_the_next_session():
    refs = replace(BASE, reliefs=(replace(RELIEF, method="cash"),))
    s = loan.replay(OPS, refs)
    # the January bill is reduced by its own 17 days only: 193.440 − 34.000
    assert loan.dues(s, D(2026, 1, 15), refs).interest_in_term == 159_440
    s = loan.replay(OPS + [pay("2026-01-15", interest=159_440)], refs)
    assert s.interest_in_term == 0 and s.suspense == 150_000
    assert [(e.op_id, e.amount, e.reason) for e in s.suspense_entries] == [
        ("rel-2731", 150_000, "relief_cash")]


def test_a_loan_outside_the_scope_is_not_reduced():
    other = replace(REFS, point_provinces={"P1": "79"})
    s = loan.replay(OPS, other)
    assert loan.dues(s, D(2026, 1, 15), other).interest_in_term == 193_440
    social = replace(RELIEF, programmes=frozenset({"near_poor"}))
    refs = replace(BASE, reliefs=(social,))
    s = loan.replay(OPS, refs)
    assert loan.dues(s, D(2026, 1, 15), refs).interest_in_term == 193_440


def test_collected_reduction_comes_off_arrears_before_any_refund():
    # November's 204.600 not paid; December's 192.960 paid the oldest interest (one bucket),
    # so at 15/01 the arrears billed before are 204.600. Collected: 198.000 + 192.960 =
    # 390.960. The 150.000 reduction of the billed days comes off the arrears (54.600 left),
    # nothing is refunded; the January bill is 193.440 − 34.000 = 159.440; owed
    # 54.600 + 159.440 = 214.040 = 605.000 − 390.960, whatever the method.
    ops = [o for o in OPS if o.payload.get("interest") != 204_600]
    for method in ("next_interest", "cash"):
        refs = replace(BASE, reliefs=(replace(RELIEF, method=method),))
        s = loan.replay(ops, refs)
        d = loan.dues(s, D(2026, 1, 15), refs)
        assert (d.interest_in_term, s.suspense) == (214_040, 0), method
