"""Allocation inside declared columns, undivided sums, and decide-time refusals."""
from __future__ import annotations

import datetime as dt

import pytest

from sbpdesk.domain import allocation, loan
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.rules import INTEREST_FIRST, OVERDUE_PRINCIPAL_FIRST, Refs
from sbpdesk.domain.schedule import Instalment

D = dt.date
ON = D(2026, 5, 15)

# A loan on 15/05/2026: instalment of 15/04 overdue (3.000.000 unpaid), 15/05 due today
# (3.000.000), 15/06 and 15/07 in the future; interest owed: overdue 10.000, in term 50.000.
STATE = loan.LoanState(
    loan_id="L", status="active", disbursed=12_000_000, accrued_from=ON,
    instalments=(Instalment(D(2026, 4, 15), 3_000_000, overdue=True),
                 Instalment(D(2026, 5, 15), 3_000_000),
                 Instalment(D(2026, 6, 15), 3_000_000),
                 Instalment(D(2026, 7, 15), 3_000_000)),
    principal_overdue=3_000_000, principal_in_term=9_000_000,
    interest_overdue=10_000, interest_in_term=50_000)


def test_interest_column_overdue_first_then_in_term_excess_refused():
    s = allocation.allocate_interest(STATE, 30_000)
    assert (s.overdue, s.in_term, s.excess) == (10_000, 20_000, 0)
    s = allocation.allocate_interest(STATE, 70_000)
    assert (s.overdue, s.in_term, s.excess) == (10_000, 50_000, 10_000)


def test_principal_overdue_then_due_then_nearest_future():
    # 7.500.000 = 3.000.000 overdue + 3.000.000 due today + 1.500.000 early to 15/06
    s = allocation.allocate_principal(STATE, 7_500_000, "nearest", ON)
    assert (s.overdue, s.due, s.early, s.excess) == (3_000_000, 3_000_000, 1_500_000, 0)
    assert s.by_instalment == ((0, 3_000_000), (1, 3_000_000), (2, 1_500_000))
    s = allocation.allocate_principal(STATE, 7_500_000, "last", ON)
    assert s.by_instalment == ((0, 3_000_000), (1, 3_000_000), (3, 1_500_000))
    s = allocation.allocate_principal(STATE, 13_000_000, "nearest", ON)
    assert s.excess == 1_000_000


def test_undivided_interest_first_preset():
    # 5.000.000: overdue interest 10.000, in-term interest 50.000, overdue principal
    # 3.000.000, then 1.940.000 of the principal due today
    s = allocation.allocate_undivided(STATE, 5_000_000, INTEREST_FIRST, "nearest", ON)
    assert (s.interest.overdue, s.interest.in_term) == (10_000, 50_000)
    assert (s.principal.overdue, s.principal.due, s.principal.early) == (3_000_000,
                                                                         1_940_000, 0)
    assert s.excess == 0


def test_undivided_overdue_principal_first_preset():
    # 3.005.000: overdue principal 3.000.000 first, then 5.000 of overdue interest
    s = allocation.allocate_undivided(STATE, 3_005_000, OVERDUE_PRINCIPAL_FIRST, "nearest", ON)
    assert s.principal.overdue == 3_000_000 and s.principal.due == 0
    assert (s.interest.overdue, s.interest.in_term) == (5_000, 0)
    # the same sum interest-first: 10.000 + 50.000 interest, 2.945.000 overdue principal
    s = allocation.allocate_undivided(STATE, 3_005_000, INTEREST_FIRST, "nearest", ON)
    assert (s.interest.placed, s.principal.overdue) == (60_000, 2_945_000)


def test_check_collection_refusals_and_confirmed_overpayment():
    dues = loan.dues(STATE, ON, Refs())
    assert dues.interest_total == 60_000 and dues.outstanding == 12_000_000
    with pytest.raises(DomainError) as e:
        allocation.check_collection(STATE, dues, 60_001, 0)
    assert e.value.code == "interest_excess"
    assert e.value.vi.startswith("Số tiền lãi vượt quá số lãi phải trả")
    assert e.value.field == "interest"
    with pytest.raises(DomainError) as e:
        allocation.check_collection(STATE, dues, 0, 12_000_001)
    assert e.value.code == "principal_excess"
    with pytest.raises(DomainError):
        allocation.check_collection(STATE, dues, 0, 0, from_savings=10, savings_balance=9)
    with pytest.raises(DomainError):
        allocation.check_collection(STATE, dues, -1, 0)
    split = allocation.check_collection(STATE, dues, 60_000, 12_500_000,
                                        overpay_confirmed=True)
    assert split.to_savings == 500_000 and split.principal.placed == 12_000_000
    closed = loan.LoanState(loan_id="L", status="closed")
    with pytest.raises(DomainError) as e:
        allocation.check_collection(closed, loan.dues(closed, ON, Refs()), 1, 0)
    assert e.value.code == "loan_not_collectable"
